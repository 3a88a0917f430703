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

from collections.abc import Callable
from pathlib import Path

import networkx as nx
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from argmap.model.annotations import Corpus, ModelEvent, position_problem
from argmap.model.corpus_format import LoadResult, Problem
from argmap.model.graph import build_graph


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
        if event.kind == "layout-changed":
            self.positionsChanged.emit(list(event.ids))
        else:
            self._graph = None
        self.modelChanged.emit(event)

    def close(self) -> None:
        self.corpus.unsubscribe(self._on_model_event)
