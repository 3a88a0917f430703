"""The open corpus as the window sees it: model, undo stack, graph and positions.

`MapSession` bridges the Qt-free model to Qt: model events become the `modelChanged`
signal, every edit is a QUndoCommand pushed with `push()`, and the networkx graph and the
node positions shown are derived state, rebuilt lazily after a change.

Positions shown = the layout computed for this session (`computed_positions`, not saved)
overridden by the positions saved in the corpus (`corpus.positions`: dragged nodes and
applied layouts, which are edits and go through commands).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from argmap.model.annotations import Corpus, ModelEvent
from argmap.model.graph import build_graph
from argmap.model.storage import LoadResult, Problem


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
        self._graph: nx.MultiDiGraph | None = None
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
        if self._graph is None:
            self._graph = build_graph(self.corpus)
        return self._graph

    def positions(self) -> dict[str, tuple[float, float]]:
        """Where each node is drawn: saved positions win over the computed layout."""
        shown = dict(self.computed_positions)
        shown.update(self.corpus.positions)
        return shown

    def set_computed_positions(self, positions: dict[str, tuple[float, float]]) -> None:
        self.computed_positions = dict(positions)
        self.positionsChanged.emit([])

    def push(self, command: QUndoCommand) -> None:
        if self.read_only:
            raise ReadOnlyError("this corpus opened with errors and is read-only")
        self.undo_stack.push(command)

    def _on_model_event(self, event: ModelEvent) -> None:
        if event.kind == "layout-changed":
            self.positionsChanged.emit(list(event.ids))
        else:
            self._graph = None
        self.modelChanged.emit(event)

    def close(self) -> None:
        self.corpus.unsubscribe(self._on_model_event)
