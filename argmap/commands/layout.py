"""Commands on where the nodes are: move some (one drag), or apply a whole layout."""

from __future__ import annotations

from argmap.commands.base import (
    CorpusCommand,
)
from argmap.model.annotations import (
    Corpus,
    ModelError,
    position_problem,
)
from argmap.model.text import named


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
