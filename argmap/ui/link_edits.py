"""Link gestures: a drag (or Ctrl+L) between two nodes offers the kinds of link that make sense
there, a drag onto the middle of a link undercuts it; refusals are said in the status bar.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QDialog, QMenu

from argmap import commands as cmd
from argmap.model.annotations import ACTOR_RELATIONS, CLAIM_RELATIONS, UNDERCUT
from argmap.model.text import named, shorten
from argmap.ui.edit_base import EditingBase
from argmap.ui.edit_dialogs import NodePicker, node_label
from argmap.ui.link_menu import link_choices, on_screen, refused_kinds
from argmap.ui.roles import link_phrase


class LinkEdits(EditingBase):
    """Adding links and undercuts from drags, Ctrl+L and the link-kind menu."""

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
        done = self.push(lambda: cmd.AddRelation(corpus, UNDERCUT, source, rel_id))
        if isinstance(done, cmd.AddRelation):
            self.window.reveal(done.relation.id)
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
                self.window.reveal(done.relation.id)  # the new link stands out: its ends emphasised
            said = f" (quote: “{shorten(quote.quote, 40)}”)" if quote is not None else ""
            self.say(f"Linked: {named(corpus, source, 40)} {kind} {named(corpus, target, 40)}{said}")

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
