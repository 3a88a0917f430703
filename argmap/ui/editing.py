"""Hand annotation in the map window: gestures and dialogs in, commands out.

The window builds one EditingController, which adds the Edit-menu actions, toolbar buttons,
shortcuts and context menus, and connects the canvas, inspector and source panel gestures. Every gesture ends in
one command pushed on the session's undo stack (or a status-bar message saying why not);
nothing here changes the model directly.

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

Over 500 lines: one controller for every editing gesture (its dialogs are in edit_dialogs.py);
the next split would put the context menus in a module of their own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoGroup
from PySide6.QtWidgets import QDialog, QDockWidget, QMenu, QUndoView

from argmap import commands as cmd
from argmap.model.annotations import ACTOR_RELATIONS, CLAIM_RELATIONS, STATES, UNDERCUT, VOICES, Corpus, ModelError
from argmap.model.placement import place_nodes
from argmap.model.text import shorten
from argmap.ui.actions import make_action
from argmap.ui.confirm import confirm_delete, focus_is_in
from argmap.ui.edit_dialogs import ActorDialog, ClaimDialog, MergeDialog, NodePicker, TextDialog, node_label
from argmap.ui.link_menu import on_screen, refused_kinds
from argmap.ui.roles import link_phrase
from argmap.ui.saving import SaveController
from argmap.ui.session import MapSession, ReadOnlyError

if TYPE_CHECKING:
    from argmap.ui.window_api import MapWindowBase

KIND_TITLES = {
    "supports": "&Supports",
    "rebuts": "&Rebuts",
    "undercuts": "&Undercuts this link",
    "asserts": "&Asserts",
    "denies": "&Denies",
}
VOICE_TITLES = {"states": "&Stated outright", "suggests": "&Hinted, implied, hedged (suggests)",
                "reports": "&Relayed from another account (reports)"}
STATUS_MS = 6000


def link_choices(corpus: Corpus, source: str, target: str) -> list[tuple[str, str, str, str]]:
    """The links that make sense from a drag between two nodes: (label, kind, source, target).

    A drag from a claim to an actor means "said by": the link goes from the actor to the claim.
    """
    choices = []
    if source in corpus.claims and target in corpus.relations:  # onto a link: attack the inference
        choices = [(KIND_TITLES[UNDERCUT], UNDERCUT, source, target)]
    elif source in corpus.claims and target in corpus.claims:
        choices = [(KIND_TITLES[k], k, source, target) for k in CLAIM_RELATIONS]
    elif source in corpus.actors and target in corpus.claims:
        choices = [(KIND_TITLES[k], k, source, target) for k in ACTOR_RELATIONS]
    elif source in corpus.claims and target in corpus.actors:
        choices = [("&Asserted by this actor", "asserts", target, source), ("&Denied by this actor", "denies", target, source)]
    return [c for c in choices if corpus.relation_problem(c[1], c[2], c[3]) is None]


class EditingController(QObject):
    """Everything the user does to change the map, for one main window."""

    def __init__(self, window: MapWindowBase) -> None:
        super().__init__(window)
        self.window = window
        self.group = QUndoGroup(self)
        self.saver = SaveController(window, None, status=self.say)
        self.actions: dict[str, QAction] = {}
        self.menu: QMenu | None = None  # the popup menu shown last (tests drive it)
        self._build_actions()
        self._build_menus()
        self._build_undo_view()
        self._connect()
        if window.session is not None:
            self._on_corpus_opened(window.session)

    # ================================================================== setup

    def _action(self, key: str, text: str, slot: Callable[[], object] | None, shortcut=None, tip: str = "",
                checkable: bool = False) -> QAction:
        # checkable edit actions (link mode) are driven by their own toggled signal, so the slot takes no state
        action = make_action(self.window, text, (lambda _checked=False: slot()) if slot is not None and checkable else slot,
                             shortcut, tip=tip, checkable=checkable)
        action.setObjectName(f"edit_{key}")
        self.actions[key] = action
        return action

    def _build_actions(self) -> None:
        ks = QKeySequence.StandardKey
        w = self.window
        undo = self.group.createUndoAction(w, "&Undo")
        undo.setShortcuts(QKeySequence.keyBindings(ks.Undo))
        redo = self.group.createRedoAction(w, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for key, act in (("undo", undo), ("redo", redo)):
            act.setObjectName(f"edit_{key}")
            w.addAction(act)
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
        for key in ("delete", "edit"):  # keys that text fields need for themselves
            self.actions[key].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            w.removeAction(self.actions[key])
            for target in w.reading_views():
                target.addAction(self.actions[key])

    def _build_menus(self) -> None:
        w, act = self.window, self.actions
        edit = w.menus["edit"]
        first = edit.actions()[0] if edit.actions() else None
        for key in ("undo", "redo", None, "new_claim", "add_mention", "attribute", "link_to", "link_mode", None,
                    "edit", "delete", None):
            if key is None:
                edit.insertSeparator(first) if first is not None else edit.addSeparator()
            else:
                edit.insertAction(first, act[key]) if first is not None else edit.addAction(act[key])
        actors = QMenu("Ac&tors", edit)
        actors.setObjectName("actorsMenu")
        actors.addAction(act["add_actor"])
        actors.addAction(act["merge_actors"])
        edit.insertMenu(first, actors) if first is not None else edit.addMenu(actors)
        if first is not None:
            edit.insertSeparator(first)
        file_menu = w.menus["file"]
        anchor = w.actions.get("export")
        if anchor is not None:
            file_menu.insertAction(anchor, act["save"])
            file_menu.insertSeparator(anchor)
        else:
            file_menu.addAction(act["save"])
        tb = w.toolbar
        tb.addSeparator()
        for key, label in (("save", "Save"), ("undo", "Undo"), ("redo", "Redo"), ("link_mode", "Link")):
            act[key].setIconText(label)
            tb.addAction(act[key])
            button = tb.widgetForAction(act[key])
            if button is not None:
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

    def _build_undo_view(self) -> None:
        w = self.window
        self.undo_view = QUndoView(self.group)
        self.undo_view.setObjectName("undoView")
        self.undo_view.setEmptyLabel("Opened")
        dock = self.undo_dock = QDockWidget("Undo History", w)
        dock.setObjectName("undoDock")
        dock.setWidget(self.undo_view)
        w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        dock.hide()
        toggle = dock.toggleViewAction()
        toggle.setText("&Undo History")
        toggle.setShortcut(QKeySequence("Ctrl+4"))
        w.menus["view"].addSeparator()
        w.menus["view"].addAction(toggle)
        self.actions["undo_history"] = toggle

    def _connect(self) -> None:
        w = self.window
        w.corpusOpened.connect(self._on_corpus_opened)
        w.canvas.linkRequested.connect(self.request_link)
        w.canvas.undercutRequested.connect(self.request_undercut)
        w.canvas.link_check = lambda source, target: self.corpus is not None and bool(link_choices(self.corpus, source, target))
        w.canvas.nodesMoved.connect(self.move_nodes)
        w.inspector.relationContextMenuRequested.connect(self.relation_menu)
        w.inspector.linkShown.connect(lambda _rel: self._update_actions())
        w.inspector.nodeContextMenuRequested.connect(self.node_menu)
        self._inspector_viewport = w.inspector.viewport()
        self._inspector_viewport.installEventFilter(self)
        text = w.source_panel.text
        text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        text.customContextMenuRequested.connect(self.source_menu)
        self._canvas_viewport = w.canvas.viewport()
        self._canvas_viewport.installEventFilter(self)
        if hasattr(w, "selectionChanged"):
            w.selectionChanged.connect(lambda _n: self._update_actions())
        w.source_panel.text.selectionChanged.connect(self._update_actions)

    # ================================================================== session and state

    @property
    def session(self) -> MapSession | None:
        return self.window.session

    @property
    def corpus(self) -> Corpus | None:
        return self.session.corpus if self.session is not None else None

    def _on_corpus_opened(self, session: MapSession) -> None:
        if session.undo_stack not in self.group.stacks():
            self.group.addStack(session.undo_stack)
        self.group.setActiveStack(session.undo_stack)
        self.saver.attach(session)
        session.undo_stack.cleanChanged.connect(lambda _c: self._update_actions())
        self._update_actions()
        if session.read_only:
            self.say("This corpus opened with errors: it is read-only and will not be overwritten")
        else:
            QTimer.singleShot(0, self.saver.offer_recovery)

    def say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, STATUS_MS)

    def selected(self) -> str | None:
        return self.window.selected()

    def _update_actions(self) -> None:
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

    # ================================================================== saving

    def save(self) -> bool:
        return self.saver.save()

    # ================================================================== links

    def _set_link_mode(self, on: bool) -> None:
        self.window.canvas.set_link_mode(on)
        if on:
            self.say("Link mode: drag from one node to another to link them, or from a claim onto a link to undercut it "
                     "(L or Esc to stop)")

    def request_link(self, source: str, target: str) -> None:
        """A drag from `source` to `target`: offer the kinds of link that make sense there."""
        corpus = self.corpus
        if corpus is None or not self._editable():
            return
        choices = link_choices(corpus, source, target)
        if not choices:
            problems = [corpus.relation_problem(k, source, target) for k in (*CLAIM_RELATIONS, *ACTOR_RELATIONS)]
            why = "an actor can only assert or deny a claim" if source in corpus.actors and target in corpus.actors else (
                next((p for p in problems if p and "already" in p), None) or "these two cannot be linked")
            self.say(f"No link added: {why}")
            return
        pos = self.window.canvas.viewport().mapToGlobal(self.window.canvas.view_pos_of(target))
        self.choose_link(choices, pos, (source, target))

    def request_undercut(self, source: str, rel_id: str) -> None:
        """A link drag from `source` dropped on the link `rel_id`: the source undercuts it."""
        corpus = self.corpus
        if corpus is None or not self._editable():
            return
        if source not in corpus.claims:
            self.say("No link added: only a claim can undercut a link (an actor asserts or denies claims)")
            return
        problem = corpus.relation_problem(UNDERCUT, source, rel_id)
        if problem:
            self.say(f"No undercut added: {problem}")
            return
        if self.push(lambda: cmd.AddRelation(corpus, UNDERCUT, source, rel_id)) is not None:
            attacked = corpus.relations[rel_id]
            self.say(f"Undercut: “{shorten(node_label(corpus, source), 40)}” attacks the step "
                     f"“{shorten(node_label(corpus, attacked.source), 30)}” {attacked.kind} "
                     f"“{shorten(node_label(corpus, attacked.target), 30)}”")

    def choose_link(self, choices: list[tuple[str, str, str, str]], global_pos: QPoint,
                    ends: tuple[str, str] | None = None) -> None:
        """The small menu after a drag (or Ctrl+L): which kind of link from the first node to the second."""
        menu = self.menu = QMenu(self.window)
        menu.setObjectName("linkKindMenu")
        corpus = self.corpus
        assert corpus is not None
        first, second = ends or choices[0][2:]
        relation = corpus.relations.get(second)
        second_name = link_phrase(corpus, relation, 30) if relation else node_label(corpus, second)
        for text in (f"From “{shorten(node_label(corpus, first), 40)}”", f"to “{shorten(second_name, 80)}”:"):
            menu.addAction(text).setEnabled(False)
        quote = self._selected_mention(quiet=True)
        if quote is not None and any(kind in ACTOR_RELATIONS for _, kind, _, _ in choices):
            menu.addAction(f"quoting “{shorten(quote.quote, 50)}”").setEnabled(False)
        for label, kind, source, target in choices:
            act = menu.addAction(label)
            act.setData((kind, source, target))
            act.setObjectName(f"link_{kind}")
        refused = refused_kinds(corpus, first, second)
        for kind, _why in refused:  # a duplicate is refused in so many words, not left out silently
            menu.addAction(f"{kind.capitalize()}: already linked").setEnabled(False)
        if refused:
            self.say("Already linked: " + "; ".join(why for _, why in refused))
        menu.addSeparator()
        menu.addAction("Cancel")
        screen = self.window.screen().availableGeometry() if self.window.screen() else None
        picked = menu.exec(on_screen(global_pos, menu.sizeHint(), screen) if screen is not None else global_pos)
        if picked is not None and picked.data():
            kind, source, target = picked.data()
            self.add_link(kind, source, target)

    def add_link(self, kind: str, source: str, target: str) -> None:
        """Add the link; an attribution takes the text selected in the source panel as its quote."""
        corpus = self.corpus
        if corpus is None:
            return
        if kind == UNDERCUT:
            self.request_undercut(source, target)
            return
        quote = self._selected_mention(quiet=True) if kind in ACTOR_RELATIONS else None
        evidence = [quote] if quote is not None else []
        done = self.push(lambda: cmd.AddRelation(corpus, kind, source, target, evidence=evidence))
        if done is not None:
            if isinstance(done, cmd.AddRelation) and done.relation.id in corpus.relations:
                self.window.refresh_now()
                self.window.select_relation(done.relation.id)  # the new link stands out: its ends emphasised
            said = f" (quote: “{shorten(quote.quote, 40)}”)" if quote is not None else ""
            self.say(f"Linked: {shorten(node_label(corpus, source), 40)} {kind} {shorten(node_label(corpus, target), 40)}{said}")

    def link_selected_to(self) -> None:
        corpus, sel = self.corpus, self.selected()
        if corpus is None or not self._editable():
            return
        if sel is None:
            self.say("Select a claim or an actor first, then link it (Ctrl+L)")
            return
        claim = sel in corpus.claims
        prompt = f"Link “{shorten(node_label(corpus, sel), 70)}” to" + (" (a claim, an actor, or a link to undercut):"
                                                                     if claim else ":")
        picker = NodePicker(corpus, "Link To", prompt, self.window, exclude={sel}, actors=claim, links=claim)
        if picker.exec() != QDialog.DialogCode.Accepted or picker.chosen() is None:
            return
        target = picker.chosen()
        choices = link_choices(corpus, sel, target)
        if not choices:
            self.request_link(sel, target)  # explains why not
            return
        canvas = self.window.canvas
        pos = canvas.viewport().mapToGlobal(canvas.view_pos_of(target)) if target in self.session.positions() else \
            self.window.mapToGlobal(self.window.rect().center())
        if target in corpus.relations and canvas.map_painter is not None:
            middle = canvas.map_painter.edge_midpoint(target)
            if middle is not None:
                pos = canvas.viewport().mapToGlobal(canvas.view_pos_of_point(middle))
        self.choose_link(choices, pos, (sel, target))

    def move_nodes(self, _old: dict, new: dict) -> None:
        if self.push(lambda: cmd.MoveNodes(self.corpus, new)) is None and self.session is not None:
            self.window.canvas.update_positions(self.session.positions())  # put it back

    # ================================================================== claims

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

    def new_claim_from_selection(self) -> None:
        if not self._editable():
            return
        mention = self._selected_mention()
        if mention is None:
            return
        corpus = self.corpus
        sel = self.selected()
        dialog = ClaimDialog(corpus, mention, self.window, actor=sel if sel in corpus.actors else None)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        text, actor, stance = dialog.values()
        voice = dialog.chosen_voice()
        command = self.push(lambda: cmd.AddClaim(corpus, text, mention, actor=actor, stance=stance, voice=voice))
        if command is not None:
            self._place_near(command.claim.id, actor)
            self.say(f"New claim: {shorten(text, 40)}")
            QTimer.singleShot(0, lambda: self.window.select_node(command.claim.id, center=True))

    def add_selection_as_mention(self) -> None:
        corpus, sel = self.corpus, self.selected()
        if not self._editable():
            return
        if sel is None or sel not in corpus.claims:
            self.say("Select the claim in the map first, then the passage in the text")
            return
        mention = self._selected_mention()
        if mention is not None and self.push(lambda: cmd.AddMention(corpus, sel, mention)) is not None:
            self.say(f"Added a mention to “{shorten(corpus.claims[sel].text, 40)}”")

    def attribute_selected(self) -> None:
        corpus, sel = self.corpus, self.selected()
        if not self._editable():
            return
        if sel is None or sel not in corpus.claims:
            self.say("Select a claim first, then attribute it to an actor")
            return
        if not corpus.actors:
            self.say("There are no actors yet: add one with Edit ▸ Actors ▸ Add Actor…")
            return
        prompt = f"Who asserts or denies “{shorten(corpus.claims[sel].text, 70)}”?"
        picker = NodePicker(corpus, "Attribute to Actor", prompt, self.window, claims=False)
        if picker.exec() != QDialog.DialogCode.Accepted or picker.chosen() is None:
            return
        self.request_link(picker.chosen(), sel)

    def edit_selected(self) -> None:
        corpus, sel = self.corpus, self.selected()
        if not self._editable() or sel is None:
            return
        if sel in corpus.claims:
            self.edit_claim_text(sel)
        elif sel in corpus.actors:
            self.edit_actor(sel)

    def edit_claim_text(self, claim_id: str) -> None:
        corpus = self.corpus
        dialog = TextDialog("Edit Claim", "Claim text:", corpus.claims[claim_id].text, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.value() != corpus.claims[claim_id].text:
            self.push(lambda: cmd.EditClaimText(corpus, claim_id, dialog.value()))

    def _shown_link(self) -> str | None:
        """The link the Inspector shows when no node is selected (after a click on a link)."""
        rel_id = self.window.inspector.relation_id
        return rel_id if self.selected() is None and self.corpus is not None and rel_id in self.corpus.relations else None

    def _delete_ok(self, what: str, links: int) -> bool:
        """On the map Delete acts at once; elsewhere the selection may be out of sight, so it asks (argmap.ui.confirm)."""
        return focus_is_in(self.window.canvas) or confirm_delete(self.window, what, links)

    def delete_selected(self) -> None:
        corpus, sel = self.corpus, self.selected()
        if not self._editable():
            return
        link = self._shown_link() if sel is None else None
        if link is not None:
            if not self._delete_ok(f"the link {link_phrase(corpus, corpus.relations[link], 40)}", 0):
                return
            done = self.push(lambda: cmd.DeleteRelation(corpus, link))
            if done is not None:
                self.say(f"{done.text()} — Ctrl+Z brings it back")
            return
        if sel is None:
            return
        graph = self.window.session.graph
        kind = "claim" if sel in corpus.claims else "actor"
        if sel in graph and not self._delete_ok(f"the {kind} “{node_label(corpus, sel)[:80]}”", graph.degree(sel)):
            return
        if sel in corpus.claims:
            done = self.push(lambda: cmd.DeleteClaim(corpus, sel))
        elif sel in corpus.actors:
            done = self.push(lambda: cmd.DeleteActor(corpus, sel))
        else:
            return
        if done is not None:
            self.say(f"{done.text()} — Ctrl+Z brings it back")

    # ================================================================== actors

    def add_actor(self) -> None:
        if not self._editable():
            return
        dialog = ActorDialog(self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, kind, aliases = dialog.values()
        command = self.push(lambda: cmd.AddActor(self.corpus, name, kind, aliases))
        if command is not None:
            self._place_near(command.actor.id, self.selected())
            QTimer.singleShot(0, lambda: self.window.select_node(command.actor.id, center=True))

    def edit_actor(self, actor_id: str) -> None:
        corpus = self.corpus
        dialog = ActorDialog(self.window, corpus.actors[actor_id])
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, kind, aliases = dialog.values()
        old = corpus.actors[actor_id]
        if (name, kind, aliases) != (old.name, old.type, old.aliases):
            self.push(lambda: cmd.RenameActor(corpus, actor_id, name, aliases, kind))

    def merge_actors(self, keep: str | None = None) -> None:
        corpus = self.corpus
        if not self._editable():
            return
        sel = self.selected()
        dialog = MergeDialog(corpus, keep or (sel if sel in corpus.actors else None), self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        keep, others = dialog.values()
        if self.push(lambda: cmd.MergeActors(corpus, keep, others)) is not None:
            self.say(f"Merged {len(others)} actor(s) into {corpus.actors[keep].name}")

    # ================================================================== context menus

    def relation_menu(self, rel_id: str, global_pos: QPoint) -> None:
        corpus = self.corpus
        if corpus is None or rel_id not in corpus.relations:
            return
        rel = corpus.relations[rel_id]
        editable = self.session is not None and not self.session.read_only
        menu = self.menu = QMenu(self.window)
        menu.setObjectName("relationMenu")
        kinds = next(group for group in (CLAIM_RELATIONS, ACTOR_RELATIONS, (UNDERCUT,)) if rel.kind in group)
        for kind in kinds:
            act = menu.addAction(KIND_TITLES[kind], functools.partial(self._change_kind, corpus, rel_id, kind))
            act.setObjectName(f"kind_{kind}")
            act.setCheckable(True)
            act.setChecked(kind == rel.kind)
            possible = corpus.relation_problem(kind, rel.source, rel.target, rel_id) is None
            act.setEnabled(editable and kind != rel.kind and possible)
        menu.addSeparator()
        if rel.kind in ACTOR_RELATIONS:
            self._voice_menu(menu, rel_id, editable)
        rev = menu.addAction("Re&verse Direction", lambda: self.push(lambda: cmd.ReverseRelation(corpus, rel_id)))
        rev.setEnabled(editable and corpus.change_problem(rel_id, source=rel.target, target=rel.source) is None)
        has_text = self.window.source_panel.text.textCursor().hasSelection()
        ev = menu.addAction("Add Selected Te&xt as Evidence", lambda: self.add_evidence(rel_id))
        ev.setObjectName("add_evidence")
        ev.setEnabled(editable and has_text)
        ev.setToolTip("Select the passage that states this link in the source text first")
        clear = menu.addAction("Remove E&vidence", lambda: self.push(lambda: cmd.SetEvidence(corpus, rel_id, [])))
        clear.setObjectName("remove_evidence")
        clear.setEnabled(editable and bool(rel.evidence))
        note = menu.addAction("Edit &Note…" if rel.note else "Add &Note…", lambda: self.edit_note(rel_id))
        note.setEnabled(editable)
        menu.addSeparator()
        delete = menu.addAction("De&lete Link", lambda: self.push(lambda: cmd.DeleteRelation(corpus, rel_id)))
        delete.setEnabled(editable)
        self._popup(menu, global_pos)

    def _voice_menu(self, menu: QMenu, rel_id: str, editable: bool) -> None:
        """How the actor voiced the claim (states / suggests / reports) and through whom, in the relation menu."""
        corpus = self.corpus
        rel = corpus.relations[rel_id]
        voice = menu.addMenu("V&oice")
        voice.setObjectName("voiceMenu")
        for v in VOICES:
            act = voice.addAction(VOICE_TITLES[v], functools.partial(self._set_voice_keeping_via, corpus, rel_id, v))
            act.setObjectName(f"voice_{v}")
            act.setCheckable(True)
            act.setChecked(v == rel.voice)
            act.setEnabled(editable and v != rel.voice)
        via = menu.addAction("Through &Whom (via)…", lambda: self.choose_via(rel_id))
        via.setObjectName("choose_via")
        via.setEnabled(editable and len(corpus.actors) > 1)
        if rel.via:
            none = menu.addAction(f"&Not Through {shorten(node_label(corpus, rel.via), 30)}",
                                  lambda: self.set_voice(rel_id, corpus.relations[rel_id].voice, None))
            none.setObjectName("clear_via")
            none.setEnabled(editable)
        menu.addSeparator()

    def _change_kind(self, corpus: Corpus, rel_id: str, kind: str) -> None:
        self.push(lambda: cmd.ChangeRelationKind(corpus, rel_id, kind))

    def _set_voice_keeping_via(self, corpus: Corpus, rel_id: str, voice: str) -> None:
        self.set_voice(rel_id, voice, corpus.relations[rel_id].via)

    def set_voice(self, rel_id: str, voice: str, via: str | None) -> None:
        corpus = self.corpus
        if self.push(lambda: cmd.SetVoice(corpus, rel_id, voice, via)) is not None:
            rel = corpus.relations[rel_id]
            self.say(f"{link_phrase(corpus, rel, 40)}" + ("" if voice != STATES or via else " (stated outright)"))

    def choose_via(self, rel_id: str) -> None:
        """Pick the actor through whom an attribution comes (the author who says the speaker implied it)."""
        corpus = self.corpus
        if corpus is None or not self._editable():
            return
        rel = corpus.relations[rel_id]
        prompt = (f"Through whom do we learn that “{shorten(node_label(corpus, rel.source), 40)}” {rel.kind} "
                  f"“{shorten(node_label(corpus, rel.target), 50)}”?")
        picker = NodePicker(corpus, "Attribution via", prompt, self.window, claims=False, exclude={rel.source})
        if picker.exec() == QDialog.DialogCode.Accepted and picker.chosen() is not None:
            self.set_voice(rel_id, rel.voice, picker.chosen())

    def add_evidence(self, rel_id: str) -> None:
        """The passage selected in the source text becomes (more) evidence of a link."""
        corpus = self.corpus
        if corpus is None or not self._editable() or rel_id not in corpus.relations:
            return
        mention = self._selected_mention()
        if mention is None:
            return
        old = corpus.relations[rel_id].evidence
        if mention in old:
            self.say("The link already has that passage as evidence")
            return
        if self.push(lambda: cmd.SetEvidence(corpus, rel_id, [*old, mention])) is not None:
            self.say(f"Evidence added: “{shorten(mention.quote, 60)}”")

    def _popup(self, menu: QMenu, global_pos: QPoint) -> None:
        """Show a context menu without blocking: its actions run when chosen, and it deletes itself."""
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(global_pos)

    def edit_note(self, rel_id: str) -> None:
        corpus = self.corpus
        rel = corpus.relations[rel_id]
        dialog = TextDialog("Link Note", f"Note on “{shorten(node_label(corpus, rel.source), 40)}” {rel.kind} "
                            f"“{shorten(node_label(corpus, rel.target), 40)}”:", rel.note or "", self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted and (dialog.value() or None) != rel.note:
            self.push(lambda: cmd.SetRelationNote(corpus, rel_id, dialog.value()))

    def node_menu(self, node_id: str, global_pos: QPoint) -> None:
        corpus = self.corpus
        if corpus is None or corpus.node(node_id) is None:
            return
        if node_id != self.selected():
            self.window.select_node(node_id)
        menu = self.menu = QMenu(self.window)
        menu.setObjectName("nodeMenu")
        act = self.actions
        if node_id in corpus.claims:
            for key in ("edit", "attribute", "link_to", "add_mention", None, "delete"):
                menu.addSeparator() if key is None else menu.addAction(act[key])
        else:
            for key in ("edit", "link_to", None, "merge_actors", None, "delete"):
                menu.addSeparator() if key is None else menu.addAction(act[key])
        self._popup(menu, global_pos)

    def source_menu(self, pos: QPoint) -> None:
        text = self.window.source_panel.text
        menu = self.menu = text.createStandardContextMenu(pos)
        menu.setObjectName("sourceMenu")
        first = menu.actions()[0] if menu.actions() else None
        self._update_actions()
        for key in ("new_claim", "add_mention"):
            menu.insertAction(first, self.actions[key])
        menu.insertSeparator(first)
        self._popup(menu, text.viewport().mapToGlobal(pos))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        etype = event.type()
        if etype not in (QEvent.Type.MouseButtonDblClick, QEvent.Type.ContextMenu) or not shiboken6.isValid(self.window):
            return False
        w = self.window
        if obj is self._inspector_viewport and etype == QEvent.Type.MouseButtonDblClick:
            node = w.inspector.node_id
            href = w.inspector.anchorAt(event.position().toPoint())
            if node is not None and node == self.selected() and not href and self.session is not None:
                self.edit_selected()
                return True
        if obj is self._canvas_viewport and etype == QEvent.Type.ContextMenu and self.session is not None:
            node = w.canvas.node_at(event.pos())
            if node is not None:
                self.node_menu(node, event.globalPos())
                return True
            edge = w.canvas.edge_at(event.pos())
            if edge is not None:
                self.relation_menu(edge, event.globalPos())
                return True
        return super().eventFilter(obj, event)

