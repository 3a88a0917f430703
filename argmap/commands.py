"""Undoable edits: one QUndoCommand per user gesture, calling model mutators only.

Every command checks its edit in the constructor and raises `ModelError` with a message for
the user when the edit makes no sense, so nothing invalid is ever pushed on the stack (a
failing `redo()` inside `QUndoStack.push` could not be taken back). Commands never touch
views: the model's events reach them through the session.

Compound edits (deleting a claim with its relations, merging actors) record an undo journal
while they run, so undo walks the same steps backwards and every item returns to its
original position: undo of any command gives back byte-identical saved files.

Over 500 lines on purpose: every edit is a command, each a small class, and keeping them in one
module keeps "every edit is a command in commands.py" checkable at a glance.
"""

from __future__ import annotations

import functools
import getpass
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoCommand

from argmap.model.annotations import (
    ACTOR_RELATIONS,
    STATES,
    UNDERCUT,
    VOICE_WORDS,
    Actor,
    Claim,
    Corpus,
    ModelError,
    Relation,
    position_problem,
)
from argmap.model.corpus import Document, Mention
from argmap.model.ids import InUse, free_id, slug
from argmap.model.order_keys import position
from argmap.model.rules import Fault, actor_fault, passage_problem, sentence
from argmap.model.sides import Side, sides_problem, without_actor
from argmap.model.text import named, shorten

AUTHOR_SETTING = "editing/author"


# --------------------------------------------------------------------------------------
# provenance and ids
# --------------------------------------------------------------------------------------


def current_author() -> str:
    """Who is editing: the "editing/author" setting, else the login name."""
    value = QSettings().value(AUTHOR_SETTING, "")
    if isinstance(value, str) and value.strip():
        return value.strip()
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def now_iso() -> str:
    """Creation time of a manual item: ISO 8601, UTC, whole seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


Provenance = tuple[str, str]  # (created, author)


def provenance() -> Provenance:
    return now_iso(), current_author()


CLAIM_PREFIX = "c-"  # the seeds' scheme: claims c-..., actors a-..., relations r<n>
ACTOR_PREFIX = "a-"


def slug_id(corpus: Corpus, text: str, prefix: str, max_words: int = 6) -> str:
    """A readable, unused id from a text, in the seeds' scheme ("The wall is high" -> "c-the-wall-is-high")."""
    fallback = {CLAIM_PREFIX: "claim", ACTOR_PREFIX: "actor"}.get(prefix, "item")
    return free_id(prefix + slug(text, words=max_words, limit=48, fallback=fallback), InUse(corpus.has_id))[0]



def _undercuts_first(corpus: Corpus, rel_ids: Iterable[str]) -> list[str]:
    """These relations with the undercuts aimed at them, undercuts first, later file positions first.

    Removed in that order, every recorded index is the original one and no relation is removed
    while an undercut still points at it.
    """
    chosen = dict.fromkeys(rel_ids)
    for rel_id in list(chosen):
        chosen.update(dict.fromkeys(u.id for u in corpus.undercuts_of(rel_id)))
    return sorted(chosen, key=lambda r: (corpus.relations[r].kind != UNDERCUT, -position(corpus.relations, r)))


# --------------------------------------------------------------------------------------
# base classes
# --------------------------------------------------------------------------------------


class CorpusCommand(QUndoCommand):
    """A command on one corpus; `text()` is what Edit > Undo and the history view show."""

    def __init__(self, corpus: Corpus, text: str) -> None:
        super().__init__(text)
        self.corpus = corpus


class JournalCommand(CorpusCommand):
    """A compound edit: `apply()` runs mutators and logs how to take each one back."""

    def __init__(self, corpus: Corpus, text: str) -> None:
        super().__init__(corpus, text)
        self._journal: list[Callable[[], object]] = []

    def apply(self) -> None:
        raise NotImplementedError

    def log(self, undo: Callable[[], object]) -> None:
        self._journal.append(undo)

    def redo(self) -> None:
        self._journal = []
        self.apply()

    def undo(self) -> None:
        while self._journal:
            self._journal.pop()()

    # shared steps -------------------------------------------------------------------

    def remove_relation(self, rel_id: str) -> None:
        rel, index = self.corpus.remove_relation(rel_id)
        self.log(lambda: self.corpus.add_relation(rel, index))

    def update_relation(self, rel_id: str, **changes: object) -> None:
        old = self.corpus.update_relation(rel_id, **changes)
        self.log(lambda: self.corpus.update_relation(rel_id, **{k: getattr(old, k) for k in changes}))

    def drop_from_sides(self, actor_id: str, replacement: str | None = None) -> None:
        """Take an actor off its side (a merged actor hands its place to the one kept)."""
        if any(actor_id in s.actors for s in self.corpus.sides):
            old = self.corpus.set_sides(without_actor(self.corpus.sides, actor_id, replacement))
            self.log(lambda: self.corpus.set_sides(old))

    def drop_position(self, node_id: str) -> None:
        if node_id in self.corpus.positions:
            previous = {node_id: self.corpus.positions[node_id]}
            name = self.corpus.layout_name
            self.corpus.restore_positions([node_id], {}, name)
            self.log(lambda: self.corpus.restore_positions([node_id], previous, name))


# --------------------------------------------------------------------------------------
# relations
# --------------------------------------------------------------------------------------


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
            _check_mention(corpus, m)
        created, author = prov or provenance()
        self.relation = Relation(rel_id or corpus.new_id("r"), kind, source, target, evidence, "manual",
                                 created, author, note or None, voice, via)
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
        for rel_id in _undercuts_first(self.corpus, [self.rel_id]):
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
            _check_mention(corpus, m)
        if rel_id in corpus.relations and corpus.relations[rel_id].evidence == evidence:
            raise ModelError("The link already has that evidence.")
        text = f"{'Set' if evidence else 'Remove'} evidence of link {named(corpus, rel_id, 24)}"
        super().__init__(corpus, rel_id, text, evidence=evidence)


# --------------------------------------------------------------------------------------
# claims
# --------------------------------------------------------------------------------------


def _check_mention(corpus: Corpus, mention: Mention) -> None:
    problem = passage_problem(corpus.documents, mention)
    if problem is not None:
        raise ModelError(sentence(("", problem)))
    if not mention.quote.strip():  # loads, but a blank passage is no place to anchor a new claim
        raise ModelError("Select some text first (the selection is blank).")


class AddClaim(CorpusCommand):
    """A new claim from a mention (selected text), optionally asserted or denied by an actor."""

    def __init__(self, corpus: Corpus, text: str, mention: Mention, *, actor: str | None = None, stance: str = "asserts",
                 voice: str = STATES, claim_id: str | None = None, prov: Provenance | None = None) -> None:
        text = text.strip()
        if not text:
            raise ModelError("A claim needs a text.")
        _check_mention(corpus, mention)
        created, author = prov or provenance()
        self.claim = Claim(claim_id or slug_id(corpus, text, CLAIM_PREFIX), text, [mention], "manual", created, author)
        self.attribution: Relation | None = None
        if actor is not None:
            if actor not in corpus.actors:
                raise ModelError(f"There is no actor {actor!r}.")
            if stance not in ACTOR_RELATIONS:
                raise ModelError(f"{stance!r} is not one of {', '.join(ACTOR_RELATIONS)}.")
            problem = corpus.attribution_problem(voice, None, actor)
            if problem:
                raise ModelError(f"Cannot attribute: {problem}.")
            rel_id = corpus.new_id("r")
            if rel_id == self.claim.id:  # ids share one namespace
                rel_id = f"{rel_id}-1"
            self.attribution = Relation(rel_id, stance, actor, self.claim.id, [], "manual", created, author, voice=voice)
        super().__init__(corpus, f"New claim “{text if len(text) <= 30 else text[:29] + '…'}”")

    def redo(self) -> None:
        self.corpus.add_claim(self.claim)
        if self.attribution is not None:
            self.corpus.add_relation(self.attribution)

    def undo(self) -> None:
        if self.attribution is not None:
            self.corpus.remove_relation(self.attribution.id)
        self.corpus.remove_claim(self.claim.id)


class _ClaimEdit(CorpusCommand):
    """A change to an existing claim, which records on the claim when and by whom it was made
    (`modified`, `modified_by`; a seed claim keeps `origin: seed`). Undo restores the old record."""

    def __init__(self, corpus: Corpus, claim_id: str, text: str, prov: Provenance | None = None) -> None:
        super().__init__(corpus, text)
        self.claim_id = claim_id
        self.stamp = prov or provenance()
        self._stamp_before: tuple[str | None, str | None] = (None, None)

    def stamp_claim(self) -> None:
        self._stamp_before = self.corpus.set_claim_modified(self.claim_id, *self.stamp)

    def unstamp_claim(self) -> None:
        self.corpus.set_claim_modified(self.claim_id, *self._stamp_before)


class AddMention(_ClaimEdit):
    """Tie another passage of a source text to an existing claim."""

    def __init__(self, corpus: Corpus, claim_id: str, mention: Mention, *, prov: Provenance | None = None) -> None:
        claim = corpus.claims.get(claim_id)
        if claim is None:
            raise ModelError(f"There is no claim {claim_id!r}.")
        _check_mention(corpus, mention)
        if mention in claim.mentions:
            raise ModelError("The claim already has that mention.")
        super().__init__(corpus, claim_id, f"Add mention to {named(corpus, claim_id)}", prov)
        self.mention = mention
        self._index: int | None = None

    def redo(self) -> None:
        self._index = self.corpus.add_mention(self.claim_id, self.mention)
        self.stamp_claim()

    def undo(self) -> None:
        assert self._index is not None
        self.unstamp_claim()
        self.corpus.remove_mention(self.claim_id, self._index)


class RemoveMention(_ClaimEdit):
    def __init__(self, corpus: Corpus, claim_id: str, index: int, *, prov: Provenance | None = None) -> None:
        claim = corpus.claims.get(claim_id)
        if claim is None or not 0 <= index < len(claim.mentions):
            raise ModelError(f"There is no mention {index} of {claim_id!r}.")
        if len(claim.mentions) == 1:
            raise ModelError("A claim needs at least one mention: delete the claim instead.")
        super().__init__(corpus, claim_id, f"Remove mention from {named(corpus, claim_id)}", prov)
        self.index = index
        self._mention: Mention | None = None

    def redo(self) -> None:
        self._mention = self.corpus.remove_mention(self.claim_id, self.index)
        self.stamp_claim()

    def undo(self) -> None:
        assert self._mention is not None
        self.unstamp_claim()
        self.corpus.add_mention(self.claim_id, self._mention, self.index)


class EditClaimText(_ClaimEdit):
    def __init__(self, corpus: Corpus, claim_id: str, text: str, *, prov: Provenance | None = None) -> None:
        if claim_id not in corpus.claims:
            raise ModelError(f"There is no claim {claim_id!r}.")
        text = text.strip()
        if not text:
            raise ModelError("A claim needs a text.")
        super().__init__(corpus, claim_id, f"Edit claim text of {named(corpus, claim_id)}", prov)
        self.text_after = text
        self._before: str | None = None

    def redo(self) -> None:
        self._before = self.corpus.set_claim_text(self.claim_id, self.text_after)
        self.stamp_claim()

    def undo(self) -> None:
        assert self._before is not None
        self.unstamp_claim()
        self.corpus.set_claim_text(self.claim_id, self._before)


class DeleteClaim(JournalCommand):
    """Delete a claim with every relation touching it and its saved position."""

    def __init__(self, corpus: Corpus, claim_id: str) -> None:
        if claim_id not in corpus.claims:
            raise ModelError(f"There is no claim {claim_id!r}.")
        n = len(corpus.relations_of(claim_id))
        links = f" and {n} link{'s' if n != 1 else ''}" if n else ""
        super().__init__(corpus, f"Delete claim {named(corpus, claim_id)}{links}")
        self.claim_id = claim_id

    def apply(self) -> None:
        for rel_id in _undercuts_first(self.corpus, [r.id for r in self.corpus.relations_of(self.claim_id)]):
            self.remove_relation(rel_id)
        self.drop_position(self.claim_id)
        claim, index = self.corpus.remove_claim(self.claim_id)
        self.log(lambda: self.corpus.add_claim(claim, index))


# --------------------------------------------------------------------------------------
# actors
# --------------------------------------------------------------------------------------


def _require(fault: Fault | None) -> None:
    """Refuse an edit that breaks one of the corpus's rules (argmap.model.rules), before it is pushed."""
    if fault is not None:
        raise ModelError(sentence(fault))


def _clean_aliases(aliases: Iterable[str], name: str) -> list[str]:
    seen: set[str] = {name.strip().casefold()}
    result = []
    for a in aliases:
        a = a.strip()
        if a and a.casefold() not in seen:
            seen.add(a.casefold())
            result.append(a)
    return result


class AddActor(CorpusCommand):
    def __init__(self, corpus: Corpus, name: str, type: str = "person", aliases: Iterable[str] = (),  # noqa: A002
                 actor_id: str | None = None) -> None:
        name = name.strip()
        _require(actor_fault(name, type))
        twin = next((a for a in corpus.actors.values() if a.name.casefold() == name.casefold()), None)
        if twin is not None:
            raise ModelError(f"There is already an actor called {twin.name!r}.")
        self.actor = Actor(actor_id or slug_id(corpus, name, ACTOR_PREFIX, 4), name, type, _clean_aliases(aliases, name))
        super().__init__(corpus, f"Add actor {name}")

    def redo(self) -> None:
        self.corpus.add_actor(self.actor)

    def undo(self) -> None:
        self.corpus.remove_actor(self.actor.id)


class RenameActor(CorpusCommand):
    """Change an actor's name, aliases and type."""

    def __init__(self, corpus: Corpus, actor_id: str, name: str, aliases: Iterable[str] | None = None,
                 type: str | None = None) -> None:  # noqa: A002
        old = corpus.actors.get(actor_id)
        if old is None:
            raise ModelError(f"There is no actor {actor_id!r}.")
        name = name.strip()
        type = type or old.type  # noqa: A001
        _require(actor_fault(name, type))
        self.changes = {"name": name, "type": type, "aliases": _clean_aliases(old.aliases if aliases is None else aliases, name)}
        super().__init__(corpus, f"Edit actor {name}")
        self.actor_id = actor_id
        self._old: Actor | None = None

    def redo(self) -> None:
        self._old = self.corpus.update_actor(self.actor_id, **self.changes)

    def undo(self) -> None:
        assert self._old is not None
        old = self._old
        self.corpus.update_actor(self.actor_id, name=old.name, type=old.type, aliases=old.aliases)


class DeleteActor(JournalCommand):
    """Delete an actor with what it asserts and denies (the claims stay)."""

    def __init__(self, corpus: Corpus, actor_id: str) -> None:
        if actor_id not in corpus.actors:
            raise ModelError(f"There is no actor {actor_id!r}.")
        n = len(corpus.relations_of(actor_id))
        links = f" and {n} link{'s' if n != 1 else ''}" if n else ""
        super().__init__(corpus, f"Delete actor {corpus.actors[actor_id].name}{links}")
        self.actor_id = actor_id

    def apply(self) -> None:
        for rel in self.corpus.relations_via(self.actor_id):  # the attributions stay, without the go-between
            self.update_relation(rel.id, via=None)
        for rel in reversed(self.corpus.relations_of(self.actor_id)):
            self.remove_relation(rel.id)
        self.drop_position(self.actor_id)
        self.drop_from_sides(self.actor_id)
        actor, index = self.corpus.remove_actor(self.actor_id)
        self.log(lambda: self.corpus.add_actor(actor, index))


class MergeActors(JournalCommand):
    """Fold duplicate actors into one: their links move over, twins are dropped, names become aliases."""

    def __init__(self, corpus: Corpus, keep: str, others: Iterable[str]) -> None:
        others = [o for o in dict.fromkeys(others) if o != keep]
        for a in [keep, *others]:
            if a not in corpus.actors:
                raise ModelError(f"There is no actor {a!r}.")
        if not others:
            raise ModelError("Choose at least one other actor to merge.")
        super().__init__(corpus, f"Merge {len(others)} actor{'s' if len(others) > 1 else ''} into {corpus.actors[keep].name}")
        self.keep, self.others = keep, others

    def apply(self) -> None:
        c = self.corpus
        kept = c.actors[self.keep]
        aliases = list(kept.aliases)
        for other_id in self.others:
            other = c.actors[other_id]
            aliases += [other.name, *other.aliases]
            for rel in list(c.relations_of(other_id)):
                source = self.keep if rel.source == other_id else rel.source
                target = self.keep if rel.target == other_id else rel.target
                twin = c.find_relation(rel.kind, source, target)
                if twin is not None or source == target:
                    if twin is not None and rel.evidence:
                        extra = [m for m in rel.evidence if m not in twin.evidence]
                        if extra:
                            self.update_relation(twin.id, evidence=[*twin.evidence, *extra])
                    self.remove_relation(rel.id)
                else:
                    via = None if rel.via == source else rel.via  # the kept actor cannot come through itself
                    self.update_relation(rel.id, source=source, target=target, via=via)
            for rel in c.relations_via(other_id):
                self.update_relation(rel.id, via=None if rel.source == self.keep else self.keep)
            self.drop_position(other_id)
            self.drop_from_sides(other_id, replacement=self.keep)
            actor, index = c.remove_actor(other_id)
            self.log(functools.partial(c.add_actor, actor, index))
        old = c.update_actor(self.keep, aliases=_clean_aliases(aliases, kept.name))
        self.log(lambda: c.update_actor(self.keep, aliases=old.aliases))


class SetSides(CorpusCommand):
    """Define, rename, regroup or remove sides (named groups of actors) in one undoable step."""

    def __init__(self, corpus: Corpus, sides: Iterable[Side], text: str = "Edit sides") -> None:
        self.sides = [Side(s.name.strip(), list(dict.fromkeys(s.actors))) for s in sides]
        problem = sides_problem(self.sides, corpus.actors)
        if problem:
            raise ModelError(problem[0].upper() + problem[1:] + ".")
        super().__init__(corpus, text)
        self._old: list[Side] = []

    def redo(self) -> None:
        self._old = self.corpus.set_sides(self.sides)

    def undo(self) -> None:
        self.corpus.set_sides(self._old)


# --------------------------------------------------------------------------------------
# layout
# --------------------------------------------------------------------------------------


def _check_positions(positions: dict[str, tuple[float, float]]) -> None:
    problem = position_problem(positions)
    if problem:
        raise ModelError(f"Cannot move there: {problem}.")


class MoveNodes(CorpusCommand):
    """One drag of one or more nodes: a single undo step."""

    def __init__(self, corpus: Corpus, new: dict[str, tuple[float, float]]) -> None:
        known = {*corpus.claims, *corpus.actors}
        self.new = {k: v for k, v in new.items() if k in known}
        if not self.new:
            raise ModelError("Nothing to move.")
        _check_positions(self.new)
        n = len(self.new)
        super().__init__(corpus, f"Move {named(corpus, next(iter(self.new)))}" if n == 1 else f"Move {n} nodes")
        self._previous: dict[str, tuple[float, float]] = {}
        self._name = corpus.layout_name

    def redo(self) -> None:
        self._name = self.corpus.layout_name
        self._previous = self.corpus.set_positions(self.new)

    def undo(self) -> None:
        self.corpus.restore_positions(self.new, self._previous, self._name)


class ApplyLayout(CorpusCommand):
    """Save a computed layout as the map's positions (all nodes) under a layout name."""

    def __init__(self, corpus: Corpus, positions: dict[str, tuple[float, float]], name: str) -> None:
        known = {*corpus.claims, *corpus.actors}
        self.positions = {k: v for k, v in positions.items() if k in known}
        _check_positions(self.positions)
        super().__init__(corpus, f"Apply layout '{name}'")
        self.name = name
        self._previous: dict[str, tuple[float, float]] = {}
        self._old_name = corpus.layout_name

    def redo(self) -> None:
        self._old_name = self.corpus.layout_name
        self._previous = self.corpus.set_positions(self.positions, self.name)

    def undo(self) -> None:
        self.corpus.restore_positions(self.positions, self._previous, self._old_name)


# --------------------------------------------------------------------------------------
# documents
# --------------------------------------------------------------------------------------


class AddDocuments(CorpusCommand):
    """Add source documents to the corpus (their files are written when the corpus is saved)."""

    def __init__(self, corpus: Corpus, documents: Iterable[Document]) -> None:
        self.documents = list(documents)
        if not self.documents:
            raise ModelError("No documents to add.")
        paths = [d.path for d in corpus.documents.values()]
        for doc in self.documents:
            if corpus.has_id(doc.id) or doc.path in paths:
                raise ModelError(f"The corpus already has a document {doc.id!r} ({doc.path}).")
            paths.append(doc.path)
        n = len(self.documents)
        super().__init__(corpus, f"Add document {shorten(self.documents[0].title, 30)}" if n == 1 else f"Add {n} documents")

    def redo(self) -> None:
        for doc in self.documents:
            self.corpus.add_document(doc)

    def undo(self) -> None:
        for doc in reversed(self.documents):
            self.corpus.remove_document(doc.id)


# --------------------------------------------------------------------------------------
# recovery
# --------------------------------------------------------------------------------------


class RestoreAnnotations(CorpusCommand):
    """Bring back recovered unsaved edits as one undoable step (the file on disk is untouched)."""

    def __init__(self, corpus: Corpus, recovered: Corpus) -> None:
        super().__init__(corpus, "Restore recovered edits")
        self.other = recovered

    def redo(self) -> None:
        self.corpus.swap_annotations(self.other)

    def undo(self) -> None:
        self.corpus.swap_annotations(self.other)
