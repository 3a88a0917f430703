"""What one edit changed, by kind of item: the views update only that (issue 14).

A `ModelEvent` names its kind and the ids it touched; `Change.of(event)` sorts those ids into
claims, actors, relations, documents and positions, and `Change.merge` adds up the events of
one command (a macro emits several). A listener looks each id up in the corpus afterwards:
present means added or changed, absent means removed, so undo and redo need no inverse event
of their own (the inverse mutator emits the same ids). `everything` is the one other case
(load, a swap of the whole corpus): a full rebuild is just "everything changed".
"""

from __future__ import annotations

from dataclasses import dataclass

from argmap.model.annotations import ModelEvent


@dataclass(frozen=True, slots=True)
class Change:
    """Ids whose item was added, removed or changed (see the module docstring)."""

    claims: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    relations: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    positions: frozenset[str] = frozenset()  # node ids whose saved position changed
    ends: frozenset[str] = frozenset()  # old and new ends of changed relations (nodes, or the link an undercut hits)
    sides: bool = False
    everything: bool = False

    @classmethod
    def of(cls, event: ModelEvent) -> Change:
        """The change one model event reports. Relation events also name their ends: those nodes' roles may change."""
        what, _, _ = event.kind.partition("-")
        if event.kind == "reset":
            return EVERYTHING
        if event.kind == "layout-changed":
            return cls(positions=frozenset(event.ids))
        if event.kind == "sides-changed":
            return cls(sides=True)
        if what == "relation":
            return cls(relations=frozenset(event.ids[:1]), ends=frozenset(event.ids[1:]))
        ids = frozenset(event.ids)
        if what == "claim":
            return cls(claims=ids)
        if what == "actor":
            return cls(actors=ids)
        if what == "document":
            return cls(documents=ids)
        return EVERYTHING

    def merge(self, other: Change) -> Change:
        if self.everything or other.everything:
            return EVERYTHING
        return Change(self.claims | other.claims, self.actors | other.actors, self.relations | other.relations,
                      self.documents | other.documents, self.positions | other.positions, self.ends | other.ends,
                      self.sides or other.sides)

    @property
    def nodes(self) -> frozenset[str]:
        """Claim and actor ids that were added, removed or changed themselves."""
        return self.claims | self.actors

    @property
    def annotations(self) -> bool:
        """Whether anything but positions changed."""
        return bool(self.everything or self.claims or self.actors or self.relations or self.documents or self.sides)


EVERYTHING = Change(everything=True)
NOTHING = Change()
