"""Commands on links: add one (or an attribution), delete one with the undercuts aimed at it,
and change its kind, direction, note, voice or evidence."""

from __future__ import annotations

from collections.abc import Iterable

from argmap.commands.base import (
    CorpusCommand,
    JournalCommand,
    Provenance,
    check_mention,
    provenance,
    undercuts_first,
)
from argmap.model.annotations import (
    ACTOR_RELATIONS,
    STATES,
    VOICE_WORDS,
    Corpus,
    ModelError,
    Relation,
)
from argmap.model.corpus import Mention
from argmap.model.rules import item_text_fault, require
from argmap.model.text import named


class AddRelation(CorpusCommand):
    """Link two nodes: supports/rebuts between claims, undercuts from a claim to a supports or
    rebuts relation (target = its id), asserts/denies from an actor (with a voice and via)."""

    def __init__(self, corpus: Corpus, kind: str, source: str, target: str, *, evidence: Iterable[Mention] = (),
                 note: str | None = None, rel_id: str | None = None, prov: Provenance | None = None,
                 voice: str = STATES, via: str | None = None) -> None:
        problem = corpus.relation_problem(kind, source, target, voice=voice, via=via)
        if problem:
            raise ModelError(f"Cannot link: {problem}.")
        evidence = list(evidence)
        for m in evidence:
            check_mention(corpus, m)
        created, author = prov or provenance()
        self.relation = Relation(rel_id or corpus.new_id("r"), kind, source, target, evidence, "manual",
                                 created, author, note or None, voice, via)
        require(item_text_fault(self.relation))
        link = "the link " if target in corpus.relations else ""  # an undercut attacks a link, not a claim
        super().__init__(corpus, f"Link: {named(corpus, source)} {kind} {link}{named(corpus, target)}")

    def redo(self) -> None:
        self.corpus.add_relation(self.relation)

    def undo(self) -> None:
        self.corpus.remove_relation(self.relation.id)


def Attribute(corpus: Corpus, actor_id: str, claim_id: str, kind: str = "asserts", *,  # noqa: N802 - reads as a command
              prov: Provenance | None = None) -> AddRelation:
    """Attribute a claim to an actor: an `asserts` or `denies` link from the actor."""
    if kind not in ACTOR_RELATIONS:
        raise ModelError(f"Cannot attribute: {kind!r} is not one of {', '.join(ACTOR_RELATIONS)}.")
    command = AddRelation(corpus, kind, actor_id, claim_id, prov=prov)
    command.setText(f"Attribute: {named(corpus, actor_id)} {kind} {named(corpus, claim_id)}")
    return command


class DeleteRelation(JournalCommand):
    """Delete a link, and first the undercuts aimed at it (they would point at nothing)."""

    def __init__(self, corpus: Corpus, rel_id: str) -> None:
        if rel_id not in corpus.relations:
            raise ModelError(f"There is no relation {rel_id!r}.")
        rel = corpus.relations[rel_id]
        n = len(corpus.undercuts_of(rel_id))
        undercuts = f" and {n} undercut{'s' if n != 1 else ''}" if n else ""
        link = "the link " if rel.target in corpus.relations else ""
        ends = f"{named(corpus, rel.source)} {rel.kind} {link}{named(corpus, rel.target)}"
        super().__init__(corpus, f"Delete link: {ends}{undercuts}")
        self.rel_id = rel_id

    def apply(self) -> None:
        for rel_id in undercuts_first(self.corpus, [self.rel_id]):
            self.remove_relation(rel_id)


class _UpdateRelation(CorpusCommand):
    """Replace some fields of a relation; undo puts the old values back."""

    def __init__(self, corpus: Corpus, rel_id: str, text: str, **changes: object) -> None:
        if rel_id not in corpus.relations:
            raise ModelError(f"There is no relation {rel_id!r}.")
        old = corpus.relations[rel_id]
        problem = corpus.change_problem(rel_id, **changes)
        if problem:
            raise ModelError(f"Cannot change the link: {problem}.")
        super().__init__(corpus, text)
        self.rel_id = rel_id
        modified, modified_by = provenance()  # the link records that it was changed by hand, by whom, when
        self.changes = {**changes, "modified": modified, "modified_by": modified_by}
        self.previous = {k: getattr(old, k) for k in self.changes}

    def redo(self) -> None:
        self.corpus.update_relation(self.rel_id, **self.changes)

    def undo(self) -> None:
        self.corpus.update_relation(self.rel_id, **self.previous)


class ChangeRelationKind(_UpdateRelation):
    def __init__(self, corpus: Corpus, rel_id: str, kind: str) -> None:
        super().__init__(corpus, rel_id, f"Change link {named(corpus, rel_id, 24)} to {kind}", kind=kind)


class ReverseRelation(_UpdateRelation):
    def __init__(self, corpus: Corpus, rel_id: str) -> None:
        rel = corpus.relations.get(rel_id)
        if rel is None:
            raise ModelError(f"There is no relation {rel_id!r}.")
        super().__init__(corpus, rel_id, f"Reverse link {named(corpus, rel_id, 24)}", source=rel.target, target=rel.source)


class SetRelationNote(_UpdateRelation):
    def __init__(self, corpus: Corpus, rel_id: str, note: str | None) -> None:
        note = (note or "").strip() or None
        super().__init__(corpus, rel_id, f"{'Edit' if note else 'Remove'} note of link {named(corpus, rel_id, 24)}", note=note)


class SetVoice(_UpdateRelation):
    """How the actor voiced an attributed claim, and through whom the attribution comes: one step."""

    def __init__(self, corpus: Corpus, rel_id: str, voice: str, via: str | None = None) -> None:
        rel = corpus.relations.get(rel_id)
        if rel is None:
            raise ModelError(f"There is no relation {rel_id!r}.")
        if rel.kind not in ACTOR_RELATIONS:
            raise ModelError(f"Only an attribution (asserts or denies) has a voice, not a '{rel.kind}' link.")
        problem = corpus.attribution_problem(voice, via, rel.source)
        if problem:
            raise ModelError(f"Cannot set the voice: {problem}.")
        if (voice, via) == (rel.voice, rel.via):
            raise ModelError("The attribution already has that voice.")
        words = VOICE_WORDS.get(voice, voice) + (f" via {named(corpus, via, 20)}" if via else "")
        text = f"Voice of {named(corpus, rel_id, 24)}: {words}"
        super().__init__(corpus, rel_id, text, voice=voice, via=via)


class SetEvidence(_UpdateRelation):
    """Replace the evidence quotes of a link (the passages that state it)."""

    def __init__(self, corpus: Corpus, rel_id: str, evidence: Iterable[Mention]) -> None:
        evidence = list(dict.fromkeys(evidence))
        for m in evidence:
            check_mention(corpus, m)
        if rel_id in corpus.relations and corpus.relations[rel_id].evidence == evidence:
            raise ModelError("The link already has that evidence.")
        text = f"{'Set' if evidence else 'Remove'} evidence of link {named(corpus, rel_id, 24)}"
        super().__init__(corpus, rel_id, text, evidence=evidence)
