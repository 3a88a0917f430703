"""Claims and actors: a new claim from the selected text, more mentions, attribution, editing,
deleting (with its links), and adding, renaming and merging actors.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from argmap import commands as cmd
from argmap.model.text import shorten
from argmap.ui.confirm import confirm_delete, focus_is_in
from argmap.ui.edit_dialogs import ActorDialog, ClaimDialog, MergeDialog, NodePicker, TextDialog, node_label
from argmap.ui.link_edits import LinkEdits
from argmap.ui.roles import link_phrase


class NodeEdits(LinkEdits):
    """Edits of claims and actors (attributing a claim is a link to an actor, hence LinkEdits)."""

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
            QTimer.singleShot(0, lambda: self.window.reveal(command.claim.id))

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
            QTimer.singleShot(0, lambda: self.window.reveal(command.actor.id))

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
