"""Commands on actors: add, rename, delete and merge them, and set which side each is on."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import replace

from argmap.commands.base import (
    ACTOR_PREFIX,
    CorpusCommand,
    JournalCommand,
    slug_id,
)
from argmap.model.annotations import (
    Actor,
    Corpus,
    ModelError,
)
from argmap.model.rules import actor_fault, item_text_fault, require
from argmap.model.sides import Side, sides_problem


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
        require(actor_fault(name, type))
        twin = next((a for a in corpus.actors.values() if a.name.casefold() == name.casefold()), None)
        if twin is not None:
            raise ModelError(f"There is already an actor called {twin.name!r}.")
        self.actor = Actor(actor_id or slug_id(corpus, name, ACTOR_PREFIX, 4), name, type, _clean_aliases(aliases, name))
        require(item_text_fault(self.actor))
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
        require(actor_fault(name, type))
        after = replace(old, name=name, type=type, aliases=_clean_aliases(old.aliases if aliases is None else aliases, name))
        require(item_text_fault(after))
        self.changes = {"name": after.name, "type": after.type, "aliases": after.aliases}
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
