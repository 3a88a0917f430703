"""What the main window offers the controllers it builds (editing, analysis, corpus actions, help,
overview): declared here, so that they depend on this small base and never import main_window,
which imports them. `lint-imports` keeps argmap.ui free of import cycles.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QToolBar, QWidget

from argmap.ui.canvas import MapCanvas
from argmap.ui.inspector import Inspector
from argmap.ui.saving import SaveController
from argmap.ui.session import MapSession
from argmap.ui.source_panel import SourcePanel


class Edits(Protocol):
    """The window's editing controller, as the other controllers use it: to push their commands."""

    saver: SaveController

    def push(self, make: Callable[[], QUndoCommand]) -> QUndoCommand | None: ...


class MapWindowBase(QMainWindow):
    """The main window's signals, widgets and hooks that its controllers use (MainWindow fills them)."""

    corpusOpened = Signal(object)  # MapSession
    selectionChanged = Signal(object)  # node id or None
    layoutChosen = Signal(str, object)  # a layout the user asked for is ready: name, {id: (x, y)}

    settings: QSettings
    session: MapSession | None
    canvas: MapCanvas
    source_panel: SourcePanel
    source_dock: QDockWidget
    inspector: Inspector
    toolbar: QToolBar
    read_only_label: QLabel
    menus: dict[str, QMenu]
    actions: dict[str, QAction]  # the window's named actions (this hides QWidget.actions())
    editing: Edits
    layout_name: str
    node_filters: list[Callable[[], set[str] | None]]
    tooltip_notes: list[Callable[[str], str]]

    def selected(self) -> str | None:
        raise NotImplementedError

    def select_node(self, node_id: str | None, *, center: bool = False, mention: int | None = None,
                    record: bool = True) -> None:
        raise NotImplementedError

    def open_corpus(self, path: str | Path) -> bool:
        raise NotImplementedError

    def can_close_corpus(self) -> bool:
        raise NotImplementedError

    def corpus_name(self) -> str:
        raise NotImplementedError

    def apply_filters(self) -> None:
        raise NotImplementedError

    def show_layout_source(self, name: str | None, title: str) -> None:
        raise NotImplementedError

    def show_map(self) -> None:
        raise NotImplementedError

    def show_mention(self, claim_id: str, index: int) -> None:
        raise NotImplementedError

    def show_evidence(self, rel_id: str, index: int) -> None:
        raise NotImplementedError

    def reveal(self, item_id: str) -> None:
        """Show a claim, actor or link an edit just made: selected, in view, the Inspector in front."""
        raise NotImplementedError

    def reading_views(self) -> tuple[QWidget, ...]:
        raise NotImplementedError
