"""The open corpus as the window sees it: model, undo stack, graph and positions.

`MapSession` bridges the Qt-free model to Qt: model events become the `modelChanged`
signal, every edit is a QUndoCommand pushed with `push()`, and the networkx graph and the
node positions shown are derived state, rebuilt lazily after a change.

Positions shown = the layout computed for this session (`computed_positions`, not saved)
overridden by the positions saved in the corpus (`corpus.positions`: dragged nodes and
applied layouts, which are edits and go through commands). Saving keeps the whole picture
(`keep_shown_layout`), so a reopened corpus looks exactly as it was left.

A `protected` session (the bundled seeds, or a folder argmap may not write) is never saved in
place: before its first edit `guard` is asked, which offers a working copy elsewhere and
re-points the session there (see argmap.ui.corpus_actions).
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Mapping
from pathlib import Path

import networkx as nx
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from argmap.model.annotations import Corpus, ModelEvent, position_problem
from argmap.model.changes import NOTHING, Change
from argmap.model.corpus_format import LoadResult, Problem
from argmap.model.graph_sync import GraphDelta, LiveGraph


class ReadOnlyError(RuntimeError):
    """An edit was attempted on a corpus that opened with errors."""


class MapSession(QObject):
    modelChanged = Signal(object)  # ModelEvent
    positionsChanged = Signal(list)  # node ids whose shown position changed ([] = all)

    def __init__(self, corpus: Corpus, *, problems: list[Problem] | None = None, file_sha256: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.corpus = corpus
        self.problems = list(problems or [])
        self.read_only = any(p.severity == "error" for p in self.problems)
        self.file_sha256 = file_sha256
        self.undo_stack = QUndoStack(self)
        self.computed_positions: dict[str, tuple[float, float]] = {}
        self.computed_layout: str | None = None  # the layout computed_positions came from
        self.protected = False
        self.guard: Callable[[], bool] | None = None  # asked before the first edit of a protected session
        self._live: LiveGraph | None = None  # built on first use
        self._pending: tuple[Change, GraphDelta] = (NOTHING, GraphDelta())  # since the window last looked
        corpus.subscribe(self._on_model_event)

    @classmethod
    def from_load(cls, result: LoadResult, parent: QObject | None = None) -> MapSession:
        assert result.corpus is not None
        return cls(result.corpus, problems=result.problems, file_sha256=result.file_sha256, parent=parent)

    @property
    def folder(self) -> Path | None:
        return Path(self.corpus.folder) if self.corpus.folder else None

    @property
    def graph(self) -> nx.MultiDiGraph:
        if self._live is None:
            self._live = LiveGraph(self.corpus)
        return self._live.graph

    def take_changes(self) -> tuple[Change, GraphDelta]:
        """What changed in the corpus and the graph since the last call (the window's refresh asks)."""
        pending, self._pending = self._pending, (NOTHING, GraphDelta())
        return pending

    def positions(self) -> dict[str, tuple[float, float]]:
        """Where each node is drawn: saved positions win over the computed layout."""
        shown = dict(self.computed_positions)
        shown.update(self.corpus.positions)
        return shown

    def position_lookup(self) -> Mapping[str, tuple[float, float]]:
        """`positions()` without the copy: for the few look-ups an edit makes (O(1), not O(nodes))."""
        return ChainMap(self.corpus.positions, self.computed_positions)

    def edge_ends(self, rel_id: str) -> tuple[str, str] | None:
        """The (u, v) of a relation's edge in `graph`, or None when it has none."""
        return self._live.edge_ends(rel_id) if self._live is not None else None

    def set_computed_positions(self, positions: dict[str, tuple[float, float]], name: str | None = None) -> None:
        self.computed_positions = dict(positions)
        if name is not None:
            self.computed_layout = name
        self.positionsChanged.emit([])

    def keep_shown_layout(self) -> None:
        """Make every shown position a saved one (before saving), so reopening shows the same map.

        This changes no node on screen, so it is not an edit of its own; the layout keeps its name.
        """
        missing = {k: v for k, v in self.computed_positions.items()
                   if k not in self.corpus.positions and self.corpus.node(k) is not None
                   and position_problem({k: v}) is None}  # a NaN from a layout engine is laid out again next time
        if missing:
            name = self.corpus.layout_name or (self.computed_layout if not self.corpus.positions else None)
            self.corpus.set_positions(missing, name)

    def push(self, command: QUndoCommand) -> None:
        if self.read_only:
            raise ReadOnlyError("this corpus opened with errors and is read-only")
        if self.protected and (self.guard is None or not self.guard()):
            raise ReadOnlyError("this corpus is not changed where it is (bundled or read-only): "
                                "save a working copy to edit it (File ▸ Save As…)")
        self.undo_stack.push(command)

    def _on_model_event(self, event: ModelEvent) -> None:
        change = Change.of(event)
        delta = self._live.apply(change) if self._live is not None else GraphDelta(everything=True)
        self._pending = (self._pending[0].merge(change), self._pending[1].merge(delta))
        if event.kind == "layout-changed":
            self.positionsChanged.emit(list(event.ids))
        self.modelChanged.emit(event)

    def close(self) -> None:
        self.corpus.unsubscribe(self._on_model_event)
