"""Run `compute_layout` off the GUI thread, so the window stays responsive on large corpora.

Each run gets a generation number; a result that arrives after a newer run was started (or
after the corpus changed) is dropped. Results and progress come back as queued signals.
"""

from __future__ import annotations

import traceback

import networkx as nx
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from argmap.model.json_text import gc_paused


class _Relay(QObject):
    done = Signal(int, str, object)  # generation, layout name, positions
    failed = Signal(int, str, str)  # generation, layout name, message
    progress = Signal(int, float)  # generation, fraction done


class _Job(QRunnable):
    def __init__(self, relay: _Relay, generation: int, graph: nx.MultiDiGraph, name: str, seed: int, sizes) -> None:
        super().__init__()
        self.relay, self.generation, self.name, self.seed, self.sizes = relay, generation, name, seed, sizes
        self.graph: nx.MultiDiGraph | None = graph

    def run(self) -> None:
        try:
            from argmap.model.layout import compute_layout

            def progress(*args: object) -> None:
                value = args[0] if args else 0.0
                if isinstance(value, int | float):
                    self.relay.progress.emit(self.generation, float(value))

            assert self.graph is not None  # a job runs once
            positions = compute_layout(self.graph, self.name, sizes=self.sizes, seed=self.seed, progress=progress)
            self.relay.done.emit(self.generation, self.name, dict(positions))
        except Exception as exc:  # a layout failure must not kill the window; it is shown in the status bar
            traceback.print_exc()
            self.relay.failed.emit(self.generation, self.name, f"{type(exc).__name__}: {exc}")
        finally:
            self.graph = None  # the copy goes now, not when the pool drops this job (a second graph of the map)


class LayoutRunner(QObject):
    """Start layouts with `run()`; listen to `finished`, `failed`, `progress`, `busyChanged`."""

    finished = Signal(str, object)  # layout name, {id: (x, y)}
    failed = Signal(str, str)
    progress = Signal(float)
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._generation = 0
        self._relay.progress.connect(lambda g, f: self.progress.emit(f) if g == self._generation else None)
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def run(self, graph: nx.MultiDiGraph, name: str, *, seed: int = 0, sizes=None) -> None:
        """Lay out a copy of `graph` (the GUI may change the original meanwhile)."""
        self._generation += 1
        self._set_busy(True)
        with gc_paused():  # the copy's dicts are all kept: collector passes over them tripled its cost
            copy = graph.copy()
        self._pool.start(_Job(self._relay, self._generation, copy, name, seed, sizes))

    def cancel(self) -> None:
        """Forget the running layout (its result will be dropped)."""
        self._generation += 1
        self._set_busy(False)

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)

    def _on_done(self, generation: int, name: str, positions: dict) -> None:
        if generation != self._generation:
            return
        self._set_busy(False)
        self.finished.emit(name, positions)

    def _on_failed(self, generation: int, name: str, message: str) -> None:
        if generation != self._generation:
            return
        self._set_busy(False)
        self.failed.emit(name, message)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)
