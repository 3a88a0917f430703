"""Sides: named groups of actors ("Kremlin and Russian officials", "Ukraine", "US").

An analyst's reading of who stands with whom, saved with the corpus (the `sides` list of
annotations.json) so colleagues opening the corpus see the same grouping. Each actor is on
at most one side, so a stance matrix grouped by side has one place for every column.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from argmap.model.rules import text_fault


@dataclass(slots=True)
class Side:
    name: str
    actors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "actors": list(self.actors)}


def sides_problem(sides: Iterable[Side], actors: Collection[str]) -> str | None:
    """Why this list of sides is not usable with these actor ids, or None if it is."""
    names: set[str] = set()
    owner: dict[str, str] = {}
    for side in sides:
        name = side.name.strip()
        if not name:
            return "a side needs a name"
        fault = text_fault("side name", name)
        if fault is not None:
            return f"the {fault[0]} {fault[1]}"
        if name.casefold() in names:
            return f"two sides are called {name!r}"
        names.add(name.casefold())
        for actor in side.actors:
            if actor not in actors:
                return f"side {name!r}: there is no actor {actor!r}"
            if actor in owner:
                return f"actor {actor!r} is on two sides ({owner[actor]!r} and {name!r})"
            owner[actor] = name
    return None


def side_of(sides: Iterable[Side]) -> dict[str, str]:
    """Actor id -> the name of its side."""
    return {actor: side.name for side in sides for actor in side.actors}


def without_actor(sides: Iterable[Side], actor_id: str, replacement: str | None = None) -> list[Side]:
    """The sides with an actor taken out (or replaced by `replacement` when that one is on no side yet)."""
    placed = {a for s in sides for a in s.actors}
    out = []
    for s in sides:
        members = []
        for a in s.actors:
            if a != actor_id:
                members.append(a)
            elif replacement is not None and replacement not in placed:
                members.append(replacement)
                placed.add(replacement)
        out.append(Side(s.name, members))
    return out
