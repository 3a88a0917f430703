"""The editing context menus: on a link (kind, voice and via, evidence, note, reverse, delete),
on a node (the Edit actions that apply to it) and on the source text (new claim, mention).

Menus pop up without blocking and delete themselves; their actions push commands.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QMenu

from argmap import commands as cmd
from argmap.model.annotations import ACTOR_RELATIONS, CLAIM_RELATIONS, STATES, UNDERCUT, VOICES, Corpus
from argmap.model.text import shorten
from argmap.ui.edit_base import EditingBase
from argmap.ui.edit_dialogs import NodePicker, TextDialog, node_label
from argmap.ui.link_menu import KIND_TITLES, VOICE_TITLES
from argmap.ui.roles import link_phrase


class EditMenus(EditingBase):
    """Context menus for links, nodes and source text."""

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
        self.update_actions()
        for key in ("new_claim", "add_mention"):
            menu.insertAction(first, self.actions[key])
        menu.insertSeparator(first)
        self._popup(menu, text.viewport().mapToGlobal(pos))
