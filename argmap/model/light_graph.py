"""A read-mostly stand-in for networkx's MultiDiGraph, for `argmap render` only.

Importing networkx costs about 0.13 s (it loads inspect, logging, importlib.metadata and
hundreds of its own modules): a quarter of `argmap render seeds -o map.png`, which uses the graph
only as a store of nodes and keyed edges. `LightGraph` keeps the same dict-of-dicts that
MultiDiGraph keeps (successors and predecessors, node -> node -> key -> data), so every walk
over it yields the same items in the same order, and answers the part of MultiDiGraph's API
that the map's code (model.graph, model.view, model.layout, model.geometry, model.focus_layout,
model.overview_labels and render/) calls. The window, the importers and the exporters keep
networkx. tests/test_light_graph.py checks both give the same answers and the same images.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

Data = dict[str, Any]


class _Nodes:
    """`g.nodes`: iterate, `n in`, `g.nodes[n]` (the data dict), `g.nodes(data=...)`."""

    def __init__(self, nodes: dict[str, Data]) -> None:
        self._nodes = nodes

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, n: object) -> bool:
        return n in self._nodes

    def __getitem__(self, n: str) -> Data:
        return self._nodes[n]

    def __call__(self, data: bool | str = False, default: Any = None) -> Iterator[Any]:
        if data is False:
            return iter(self._nodes)
        if data is True:
            return iter(self._nodes.items())
        return ((n, d.get(data, default)) for n, d in self._nodes.items())


def _items(adj: dict[str, dict[str, dict[str, Data]]], nodes: Iterable[str], out: bool, data: bool | str,
           keys: bool, default: Any) -> Iterator[tuple[Any, ...]]:
    """Edges of `nodes` as networkx yields them: (u, v[, key][, data or data[attr]]), in storage order."""
    for n in nodes:
        for m, kd in adj[n].items():
            u, v = (n, m) if out else (m, n)
            for k, d in kd.items():
                end = () if data is False else (d,) if data is True else (d.get(data, default),)
                yield (u, v, k, *end) if keys else (u, v, *end)


class _Edges:
    """`g.edges`: iterate (u, v, key) triples, or call it as MultiDiGraph.edges(data=..., keys=...)."""

    def __init__(self, graph: LightGraph) -> None:
        self._g = graph

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return self(keys=True)  # as networkx's multi-edge view: the view itself yields keys, edges() does not

    def __len__(self) -> int:
        return self._g.number_of_edges()

    def __call__(self, nbunch: Iterable[str] | str | None = None, data: bool | str = False, keys: bool = False,
                 default: Any = None) -> Iterator[tuple[Any, ...]]:
        return _items(self._g._succ, self._g._bunch(nbunch), True, data, keys, default)


class LightGraph:
    """The nodes and keyed, directed multi-edges of a map, stored and walked as MultiDiGraph does."""

    def __init__(self) -> None:
        self.graph: Data = {}
        self._node: dict[str, Data] = {}
        self._succ: dict[str, dict[str, dict[str, Data]]] = {}
        self._pred: dict[str, dict[str, dict[str, Data]]] = {}
        self.nodes = _Nodes(self._node)
        self.edges = _Edges(self)

    # --- building ---------------------------------------------------------------------------------

    def add_node(self, n: str, **attr: Any) -> None:
        if n not in self._node:
            self._node[n] = {}
            self._succ[n] = {}
            self._pred[n] = {}
        self._node[n].update(attr)

    def add_edge(self, u: str, v: str, key: str, **attr: Any) -> str:
        for n in (u, v):
            if n not in self._node:
                self.add_node(n)
        kd = self._succ[u].setdefault(v, {})
        d = kd.get(key)
        if d is None:
            d = kd[key] = {}
            self._pred[v].setdefault(u, {})[key] = d  # one dict, seen from both ends, as in networkx
        d.update(attr)
        return key

    # --- reading ----------------------------------------------------------------------------------

    def _bunch(self, nbunch: Iterable[str] | str | None) -> Iterable[str]:
        if nbunch is None:
            return self._node
        if isinstance(nbunch, str):
            return [nbunch] if nbunch in self._node else []
        return [n for n in nbunch if n in self._node]

    def __iter__(self) -> Iterator[str]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __contains__(self, n: object) -> bool:
        return n in self._node

    def has_node(self, n: str) -> bool:
        return n in self._node

    def is_directed(self) -> bool:
        return True

    def is_multigraph(self) -> bool:
        return True

    def number_of_nodes(self) -> int:
        return len(self._node)

    def number_of_edges(self) -> int:
        return sum(len(kd) for nbrs in self._succ.values() for kd in nbrs.values())

    def out_edges(self, nbunch: Iterable[str] | str | None = None, data: bool | str = False, keys: bool = False,
                  default: Any = None) -> Iterator[tuple[Any, ...]]:
        return _items(self._succ, self._bunch(nbunch), True, data, keys, default)

    def in_edges(self, nbunch: Iterable[str] | str | None = None, data: bool | str = False, keys: bool = False,
                 default: Any = None) -> Iterator[tuple[Any, ...]]:
        return _items(self._pred, self._bunch(nbunch), False, data, keys, default)

    def successors(self, n: str) -> Iterator[str]:
        return iter(self._succ[n])

    def predecessors(self, n: str) -> Iterator[str]:
        return iter(self._pred[n])

    def degree(self, n: str) -> int:
        """In plus out edges, each parallel edge counted (a self-loop twice), as MultiDiGraph.degree."""
        return sum(len(kd) for kd in self._succ[n].values()) + sum(len(kd) for kd in self._pred[n].values())
