"""What is selected, and how the user moves: the selection, Back/Forward and the neighbour ring.

One object owns this state; the views listen to it. `shown` tells every view what to show now
(the canvas its selection, halo and centring, the Inspector the node, the source text the
claim's passage); `selectionChanged` follows once they have it. The Navigator never draws and
never edits: it reads the map through the callables it is given.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from argmap.model.graph import neighbours
from argmap.model.text import shorten
from argmap.ui.history import SelectionHistory


@dataclass(frozen=True)
class Shown:
    """One change of selection, as every view should show it."""

    node: str | None
    is_claim: bool = False
    center: bool = False  # bring the node to the middle of the map
    mention: int | None = None  # which of a claim's mentions to open in the text (None: the first)
    highlight: frozenset[str] = field(default_factory=frozenset)  # the nodes that stand out with it


class Navigator(QObject):
    shown = Signal(object)  # Shown: views update
    selectionChanged = Signal(object)  # node id or None, after `shown`
    relationShown = Signal(str)  # a link was selected (its ends are highlighted, no node selected)
    navigationChanged = Signal()  # what Back, Forward, cycling and Follow can do changed
    message = Signal(str, int)  # a status-bar message and how long it stays (ms); "" clears the last one

    def __init__(self, graph: Callable[[], Any], positions: Callable[[], dict[str, tuple[float, float]]],
                 visible: Callable[[], set[str] | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._graph = graph  # the shown map's graph, or None before a corpus is open
        self._positions = positions
        self._visible = visible  # the nodes filters and focus let through (None: all)
        self.history = SelectionHistory()
        self.selected: str | None = None
        self._nav: tuple[str, list[str], int] | None = None  # (anchor, neighbours in ring order, index)

    # -- state -------------------------------------------------------------------------

    @property
    def cycling(self) -> bool:
        """True while the selection is a neighbour cycled to (Enter follows, Esc goes back)."""
        return self._nav is not None

    def can_back(self) -> bool:
        cycled = self.history.current is not None and self.history.current != self.selected
        return self.history.can_back() or cycled

    def can_forward(self) -> bool:
        return self.history.can_forward()

    def reset(self) -> None:
        """A new corpus: nothing selected, no history."""
        self.history.clear()
        self.selected = None
        self._nav = None
        self.navigationChanged.emit()

    def forget(self, valid: set[str]) -> None:
        """After an edit: drop what no longer exists from the selection and the history."""
        if self.selected not in valid:
            self.selected = None
        self._nav = None
        self.history.forget(valid)
        self.navigationChanged.emit()

    def highlight(self) -> frozenset[str]:
        """The selection's neighbours, which stand out on the map."""
        graph = self._graph()
        if graph is None or self.selected is None or self.selected not in graph:
            return frozenset()
        return frozenset(neighbours(graph, self.selected))

    # -- selecting ---------------------------------------------------------------------

    def select(self, node_id: str | None, *, center: bool = False, mention: int | None = None, record: bool = True) -> None:
        """Select a node in every view; None clears the selection; an unknown id is ignored."""
        graph = self._graph()
        if graph is None or (node_id is not None and node_id not in graph):
            return
        if self._nav is not None:
            self.message.emit("", 0)  # "Enter to follow" no longer holds
        self._nav = None
        self._show(node_id, center=center, mention=mention)
        if record and node_id is not None:
            self.history.visit(node_id)
        self.navigationChanged.emit()

    def select_relation(self, corpus: Any, rel_id: str) -> None:
        """Show a link: no node selected, its ends emphasised (an undercut's: its claim and the link it attacks)."""
        graph = self._graph()
        if graph is None or rel_id not in corpus.relations:
            return
        rel = corpus.relations[rel_id]
        attacked = corpus.relations.get(rel.target)
        ends = {rel.source, *((attacked.source, attacked.target) if attacked else (rel.target,))}
        ends |= {u.source for u in corpus.undercuts_of(rel_id)}  # and the claims that contest it
        self._nav = None
        self._show(None, highlight=frozenset(ends & set(graph)))
        self.relationShown.emit(rel_id)
        self.navigationChanged.emit()

    def _show(self, node_id: str | None, *, center: bool = False, mention: int | None = None,
              highlight: frozenset[str] | None = None) -> None:
        self.selected = node_id
        graph = self._graph()
        is_claim = node_id is not None and graph is not None and graph.nodes[node_id].get("kind") == "claim"
        self.shown.emit(Shown(node_id, is_claim, center, mention, self.highlight() if highlight is None else highlight))
        self.selectionChanged.emit(node_id)

    # -- history -----------------------------------------------------------------------

    def back(self) -> None:
        """Back in the history; after cycling through neighbours, first back to where cycling began."""
        current = self.history.current
        node = current if current is not None and current != self.selected else self.history.back()
        if node is not None:
            self._nav = None
            self._show(node, center=True)
        self.navigationChanged.emit()

    def forward(self) -> None:
        node = self.history.forward()
        if node is not None:
            self._nav = None
            self._show(node, center=True)
        self.navigationChanged.emit()

    # -- the neighbour ring --------------------------------------------------------------

    def ring(self, anchor: str) -> list[str]:
        """The anchor's shown neighbours, clockwise from twelve o'clock around it on the map."""
        graph, visible = self._graph(), self._visible()
        found = [n for n in neighbours(graph, anchor) if visible is None or n in visible]
        pos = self._positions()
        if anchor not in pos:
            return found
        ax, ay = pos[anchor]

        def angle(n: str) -> float:
            x, y = pos.get(n, (ax, ay))
            return math.atan2(x - ax, -(y - ay)) % (2 * math.pi)  # y points down

        return sorted(found, key=angle)

    def cycle(self, step: int) -> None:
        """Select the next/previous node linked to the anchor (the node cycling started from)."""
        graph = self._graph()
        if graph is None or self.selected is None:
            return
        if self._nav is None or self._nav[1][self._nav[2]] != self.selected:
            anchor = self.selected
            ring = self.ring(anchor)
            if not ring:
                self.message.emit("This node has no links shown", 3000)
                return
            index = 0 if step > 0 else len(ring) - 1
        else:
            anchor, ring, index = self._nav
            index = (index + step) % len(ring)
        self._nav = (anchor, ring, index)
        self._show(ring[index], center=True, highlight=frozenset(ring) | {anchor})
        label = shorten(graph.nodes[anchor]["label"], 40)
        here = shorten(graph.nodes[ring[index]]["label"], 50)
        self.message.emit(f"“{here}”: neighbour {index + 1} of {len(ring)} of “{label}” — Enter to follow, "
                          "Esc to go back", 6000)
        self.navigationChanged.emit()

    def follow(self) -> None:
        """Make the neighbour cycled to the new anchor, and remember it in the history."""
        if self.selected is not None:
            self.select(self.selected, center=True)

    def escape(self) -> None:
        """Back to the node cycling started from, or clear the selection."""
        if self._nav is not None:
            self.select(self._nav[0], center=True, record=False)
        else:
            self.select(None)
