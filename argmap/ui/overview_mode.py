"""View ▸ Overview: the map grouped by document or by community, opened into detail on click.

While the overview is shown the canvas holds the graph of groups (argmap.model.overview);
clicking a group goes back to the full map, zoomed onto that group's claims with the rest
dimmed. Nothing here touches the corpus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup

from argmap.model.layout import compute_layout
from argmap.model.overview import overview_graph
from argmap.ui.menu_entries import MenuEntry

if TYPE_CHECKING:
    from argmap.ui.window_api import MapWindowBase

TITLES = {"document": "Overview by &Document", "community": "Overview by &Community"}


CORE = 0.8  # the share of a group's nodes the view zooms onto: its outliers would stretch it to the whole map


def core(members: list[str], positions: dict[str, tuple[float, float]]) -> list[str]:
    """The members inside the middle CORE of the group's spread on both axes (all of them when few).

    A document's claims lie all over a force-directed map: fitting every one of them zoomed onto the
    whole map, so the click seemed to do nothing. Its core is where most of it is.
    """
    placed = [n for n in members if n in positions]
    if len(placed) < 5:
        return placed or members
    xy = np.array([positions[n] for n in placed])
    lo, hi = np.quantile(xy, (1 - CORE) / 2, axis=0), np.quantile(xy, (1 + CORE) / 2, axis=0)
    inside = np.all((xy >= lo) & (xy <= hi), axis=1)
    return [n for n, ok in zip(placed, inside.tolist(), strict=True) if ok] or placed


class OverviewMode(QObject):
    def __init__(self, window: MapWindowBase) -> None:
        super().__init__(window)
        self.window = window
        self.by: str | None = None  # the grouping shown, None = the full map
        self.members: dict[str, list[str]] = {}
        self.graph = None
        self.actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for by, title in TITLES.items():
            act = QAction(title, window, checkable=True)
            act.setObjectName(f"overview_{by}")
            act.setStatusTip(f"One box per {by}, linked where their claims support or attack each other; "
                             "click one to open it")
            act.toggled.connect(lambda on, by=by: self.show(by) if on else self._maybe_leave(by))
            group.addAction(act)
            self.actions[by] = act
        self.menu_entries = [MenuEntry("view", None, [None, *self.actions.values()])]  # merged by the window
        window.canvas.nodeClicked.connect(self._clicked)
        window.canvas.nodeActivated.connect(self._clicked)
        window.corpusOpened.connect(lambda _s: self.leave())

    def show(self, by: str) -> None:
        """Replace the map by its groups (laid out force-directed: they are few)."""
        session = self.window.session
        if session is None:
            self.actions[by].setChecked(False)
            return
        self.graph, self.members = overview_graph(session.graph, by)
        self.by = by
        canvas = self.window.canvas
        canvas.set_graph(self.graph, compute_layout(self.graph, "force"))
        canvas.set_columns(None)
        canvas.set_visible_nodes(None)
        canvas.fit_all()
        n = sum(1 for ns in self.members.values() for x in ns if x in session.corpus.claims)
        self.window.statusBar().showMessage(f"Overview: {len(self.members)} groups of {n} claims — click one to open it",
                                            10000)

    def _maybe_leave(self, by: str) -> None:
        if self.by == by:
            self.leave()

    def leave(self, open_group: str | None = None) -> None:
        """Back to the full map; with `open_group`, zoomed onto that group's nodes, the rest dimmed."""
        if self.by is None:
            return
        self.by = None
        for act in self.actions.values():
            act.blockSignals(True)
            act.setChecked(False)
            act.blockSignals(False)
        window = self.window
        if window.session is None:
            return
        window.show_map()
        members = [n for n in self.members.get(open_group or "", []) if n in window.session.graph]
        if members:
            window.canvas.set_highlight(set(members))
            window.canvas.fit_nodes(core(members, window.canvas.positions()))
            window.statusBar().showMessage(f"{len(members)} nodes of the group shown bright — click the background to "
                                           "clear", 8000)

    def _clicked(self, node: str) -> None:
        if self.by is not None and node in self.members:
            self.leave(open_group=node)
