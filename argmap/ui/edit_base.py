"""What every editing gesture needs: the open session, the selection, the text selected in the
source panel, and one way to push a command that turns a refused edit into a status message.

The editing controller (editing.py) is made of one class per kind of gesture (link_edits.py,
node_edits.py, edit_menus.py) over this base, so each file reads as one room.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import QMenu

from argmap.model.annotations import Corpus, ModelError
from argmap.model.placement import place_nodes
from argmap.ui.saving import SaveController
from argmap.ui.session import MapSession, ReadOnlyError

if TYPE_CHECKING:
    from argmap.ui.window_api import MapWindowBase

STATUS_MS = 6000


class EditingBase(QObject):
    """The state and helpers the gesture classes share (EditingController fills them)."""

    window: MapWindowBase
    saver: SaveController
    actions: dict[str, QAction]
    menu: QMenu | None  # the popup menu shown last (tests drive it)

    def update_actions(self) -> None:
        """Enable the actions that make sense now (EditingController does it)."""
        raise NotImplementedError

    @property
    def session(self) -> MapSession | None:
        return self.window.session

    @property
    def corpus(self) -> Corpus | None:
        return self.session.corpus if self.session is not None else None

    def say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, STATUS_MS)

    def selected(self) -> str | None:
        return self.window.selected()

    def _editable(self) -> bool:
        if self.session is None:
            self.say("Open a corpus first")
            return False
        if self.session.read_only:
            self.say("This corpus opened with errors and is read-only: fix annotations.json (File ▸ Show Problems…) "
                     "and open it again")
            return False
        return True

    def push(self, make: Callable[[], QUndoCommand]) -> QUndoCommand | None:
        """Build a command and push it; a senseless edit becomes a status-bar message instead."""
        if not self._editable():
            return None
        try:
            command = make()
            self.session.push(command)
        except (ModelError, ReadOnlyError) as exc:
            self.say(str(exc))
            return None
        return command

    def _place_near(self, node_id: str, anchor: str | None) -> None:
        """Give a new node a free spot beside `anchor` (or its links, or mid-view): nothing else moves."""
        session = self.session
        assert session is not None
        centre = self.window.canvas.visible_world_rect().center()
        graph = session.graph
        spot = place_nodes(graph, session.position_lookup(), [node_id], (centre.x(), centre.y()),
                           near={node_id: anchor} if anchor else None, boxes=self.window.canvas.box_rows())
        session.computed_positions.update(spot)

    def _selected_mention(self, quiet: bool = False):
        """The text selected in the source panel as a mention (spaces trimmed); None if there is none."""
        span = self.window.source_panel.selected_span()
        corpus = self.corpus
        if span is None or corpus is None:
            if not quiet:
                self.say("Select some text in the source panel first")
            return None
        doc_id, start, end = span
        doc = corpus.documents[doc_id]
        # trim surrounding spaces: a double-click or drag often takes one
        while start < end and doc.text[start].isspace():
            start += 1
        while end > start and doc.text[end - 1].isspace():
            end -= 1
        if end <= start:
            if not quiet:
                self.say("The selection is only blank space")
            return None
        return doc.mention(start, end)

    def _shown_link(self) -> str | None:
        """The link the Inspector shows when no node is selected (after a click on a link)."""
        rel_id = self.window.inspector.relation_id
        return rel_id if self.selected() is None and self.corpus is not None and rel_id in self.corpus.relations else None
