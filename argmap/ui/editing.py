"""Hand annotation in the map window: gestures and dialogs in, commands out.

The window builds one EditingController and merges its actions into the window's menus and
toolbar itself (window_chrome.WindowChrome.merge_editing); the controller only makes the actions,
listens to the canvas, inspector and source panel gestures and pops up its context menus. It
never touches the window's menus, toolbar, docks or viewports. Every gesture ends in one
command pushed on the session's undo stack (or a status-bar message saying why not); nothing
here changes the model directly.

Rooms: link gestures in link_edits.py, claims and actors in node_edits.py, context menus in
edit_menus.py, what they share in edit_base.py, dialogs in edit_dialogs.py.

Gestures (also in the README's editing section):
- Link two nodes: Shift-drag from one to the other on the map (or switch on Link mode, L,
  and drag), then choose the kind in the little menu. Keyboard: Ctrl+L on the selection.
- Undercut a link: Shift-drag from a claim onto the middle of a supports or rebuts link (or
  Ctrl+L on the claim and choose the link in the list).
- Voice, via and evidence: right-click an attribution (in the Inspector, or on the map) to say
  it was hinted or relayed, and through whom; select a passage in the source text and
  right-click any link to make the passage its evidence.
- New claim: select text in the source panel, then Ctrl+Shift+N (or right-click the text).
- More mentions: select text, Ctrl+Shift+M adds it to the selected claim.
- Attribute: Ctrl+Shift+A on a claim, choose the actor and asserts/denies.
- Edit: F2 (or double-click in the inspector); Delete removes the selection with its links.
- Links: right-click a link in the inspector to change its kind, reverse it, note it, delete it.
- Undo / Redo: Ctrl+Z / Ctrl+Shift+Z; View ▸ Undo History lists every step. Save: Ctrl+S.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QUndoView

from argmap import commands as cmd
from argmap.ui.actions import make_action
from argmap.ui.edit_menus import EditMenus
from argmap.ui.link_menu import link_choices
from argmap.ui.node_edits import NodeEdits
from argmap.ui.saving import SaveController
from argmap.ui.session import MapSession

if TYPE_CHECKING:
    from argmap.ui.window_api import MapWindowBase

# Where the window puts the actions (window_chrome.merge_editing): None is a separator.
EDIT_MENU = ("undo", "redo", None, "new_claim", "add_mention", "attribute", "link_to", "link_mode", None,
             "edit", "delete", None)
ACTORS_MENU = ("add_actor", "merge_actors")
TOOLBAR = (("save", "Save"), ("undo", "Undo"), ("redo", "Redo"), ("link_mode", "Link"))
# keys that text fields need for themselves: these act only in the reading views, not window-wide
LOCAL_KEYS = ("delete", "edit")


class EditingController(NodeEdits, EditMenus):
    """Everything the user does to change the map, for one main window."""

    def __init__(self, window: MapWindowBase) -> None:
        super().__init__(window)
        self.window = window
        self.group = QUndoGroup(self)
        self.saver = SaveController(window, None, status=self.say)
        self.actions: dict[str, QAction] = {}
        self.menu = None
        self._build_actions()
        self.undo_view = QUndoView(self.group)  # the window docks it (View ▸ Undo History)
        self.undo_view.setObjectName("undoView")
        self.undo_view.setEmptyLabel("Opened")
        self._connect()
        if window.session is not None:
            self._on_corpus_opened(window.session)
        else:
            self.update_actions()  # nothing open: nothing to edit

    # ================================================================== setup

    def _action(self, key: str, text: str, slot: Callable[[], object] | None, shortcut=None, tip: str = "",
                checkable: bool = False) -> QAction:
        # checkable edit actions (link mode) are driven by their own toggled signal, so the slot takes no state
        action = make_action(self, text, (lambda _checked=False: slot()) if slot is not None and checkable else slot,
                             shortcut, tip=tip, checkable=checkable)
        action.setObjectName(f"edit_{key}")
        self.actions[key] = action
        return action

    def _build_actions(self) -> None:
        ks = QKeySequence.StandardKey
        undo = self.group.createUndoAction(self, "&Undo")
        undo.setShortcuts(QKeySequence.keyBindings(ks.Undo))
        redo = self.group.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for key, act in (("undo", undo), ("redo", redo)):
            act.setObjectName(f"edit_{key}")
            self.actions[key] = act
        a = self._action
        a("save", "&Save", self.save, ks.Save, "Save the annotations (annotations.json)")
        a("link_mode", "&Link Mode", None, "L", "Drag from one node to another to link them", checkable=True)
        self.actions["link_mode"].toggled.connect(self._set_link_mode)
        a("link_to", "Link Selected &To…", self.link_selected_to, "Ctrl+L",
          "Link the selected node to another one (or a claim to a link it undercuts)")
        a("new_claim", "&New Claim from Selection…", self.new_claim_from_selection, "Ctrl+Shift+N",
          "Make a claim of the text selected in the source panel")
        a("add_mention", "Add Selection as &Mention", self.add_selection_as_mention, "Ctrl+Shift+M",
          "Tie the selected text to the selected claim")
        a("attribute", "A&ttribute Claim to Actor…", self.attribute_selected, "Ctrl+Shift+A",
          "Say which actor asserts or denies the selected claim")
        a("edit", "&Edit Selected…", self.edit_selected, "F2", "Edit the selected claim's text or actor's name")
        a("delete", "&Delete Selected", self.delete_selected, [QKeySequence(ks.Delete), QKeySequence("Backspace")],
          "Delete the selected claim or actor with its links")
        a("add_actor", "Add &Actor…", self.add_actor, None, "Add a person, organisation, state, medium or group")
        a("merge_actors", "&Merge Actors…", self.merge_actors, None, "Fold duplicate actors into one")
        for key in LOCAL_KEYS:
            self.actions[key].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _connect(self) -> None:
        """Listen to the views' gesture signals (the views only forward what the user did)."""
        w = self.window
        w.corpusOpened.connect(self._on_corpus_opened)
        w.selectionChanged.connect(lambda _n: self.update_actions())
        w.canvas.linkRequested.connect(self.request_link)
        w.canvas.undercutRequested.connect(self.request_undercut)
        w.canvas.nodesMoved.connect(self.move_nodes)
        w.canvas.nodeContextMenuRequested.connect(self._map_node_menu)
        w.canvas.edgeContextMenuRequested.connect(self._map_edge_menu)
        w.inspector.relationContextMenuRequested.connect(self.relation_menu)
        w.inspector.linkShown.connect(lambda _rel: self.update_actions())
        w.inspector.nodeContextMenuRequested.connect(self.node_menu)
        w.inspector.nodeEditRequested.connect(self._edit_from_inspector)
        w.source_panel.text.selectionChanged.connect(self.update_actions)

    def can_link(self, source: str, target: str) -> bool:
        """Whether a link drag from `source` may end on `target` (the canvas outlines only those)."""
        return self.corpus is not None and bool(link_choices(self.corpus, source, target))

    # ================================================================== session and state

    def _on_corpus_opened(self, session: MapSession) -> None:
        if session.undo_stack not in self.group.stacks():
            self.group.addStack(session.undo_stack)
        self.group.setActiveStack(session.undo_stack)
        self.saver.attach(session)
        session.undo_stack.cleanChanged.connect(lambda _c: self.update_actions())
        self.update_actions()
        if session.read_only:
            self.say("This corpus opened with errors: it is read-only and will not be overwritten")
        else:
            QTimer.singleShot(0, self.saver.offer_recovery)

    def update_actions(self) -> None:
        """Enable what makes sense for the session, the selection and the selected text."""
        session = self.session
        editable = session is not None and not session.read_only
        sel = self.selected() if session is not None else None
        corpus = self.corpus
        is_claim = bool(corpus and sel in corpus.claims)
        has_text = self.window.source_panel.text.textCursor().hasSelection()
        act = self.actions
        act["save"].setEnabled(self.saver.can_save())
        for key in ("link_mode", "add_actor", "merge_actors"):
            act[key].setEnabled(editable)
        act["merge_actors"].setEnabled(editable and bool(corpus and len(corpus.actors) > 1))
        act["link_to"].setEnabled(editable and sel is not None)
        act["new_claim"].setEnabled(editable and has_text)
        act["add_mention"].setEnabled(editable and has_text and is_claim)
        act["attribute"].setEnabled(editable and is_claim)
        act["edit"].setEnabled(editable and sel is not None)
        act["delete"].setEnabled(editable and (sel is not None or self._shown_link() is not None))

    def save(self) -> bool:
        return self.saver.save()

    def _set_link_mode(self, on: bool) -> None:
        self.window.canvas.set_link_mode(on)
        if on:
            self.say("Link mode: drag from one node to another to link them, or from a claim onto a link to undercut it "
                     "(L or Esc to stop)")

    def move_nodes(self, _old: dict, new: dict) -> None:
        if self.push(lambda: cmd.MoveNodes(self.corpus, new)) is None and self.session is not None:
            self.window.canvas.update_positions(self.session.positions())  # put it back

    # ================================================================== gestures forwarded by the views

    def _edit_from_inspector(self, node_id: str) -> None:
        """A double-click on the Inspector's node (not on a link in it): edit the selection."""
        if node_id == self.selected() and self.session is not None:
            self.edit_selected()

    def _map_node_menu(self, node_id: str, global_pos: QPoint) -> None:
        if self.session is not None:
            self.node_menu(node_id, global_pos)

    def _map_edge_menu(self, rel_id: str, global_pos: QPoint) -> None:
        if self.session is not None:
            self.relation_menu(rel_id, global_pos)
