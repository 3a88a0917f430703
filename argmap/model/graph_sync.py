"""The corpus's networkx graph kept in step with its edits, instead of rebuilt after each one.

`LiveGraph.apply(change)` makes the graph match the corpus for the ids a `Change` names and
returns a `GraphDelta`: the nodes and edges (relation ids) whose drawing may differ now, which
the painter, the tile cache and the panels use to update only those. The cost of an edit is
that of the items it touched (plus their links), not of the corpus. `build_graph` stays the one
definition of what the graph holds (its attribute helpers are shared), and a full rebuild is
"everything changed".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from argmap.model.annotations import Corpus
from argmap.model.changes import Change
from argmap.model.graph import actor_attrs, build_graph, claim_attrs, documents_attr, edge_of, rebuts_another


@dataclass
class GraphDelta:
    """Graph items an edit added, removed or changed; `everything`: the graph was rebuilt."""

    nodes: set[str] = field(default_factory=set)
    edges: set[str] = field(default_factory=set)
    everything: bool = False

    def merge(self, other: GraphDelta) -> GraphDelta:
        if self.everything or other.everything:
            return GraphDelta(everything=True)
        return GraphDelta(self.nodes | other.nodes, self.edges | other.edges)

    def __bool__(self) -> bool:
        return self.everything or bool(self.nodes or self.edges)


class LiveGraph:
    """`graph` is `build_graph(corpus)` at every moment, up to the order of its nodes and edges."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.graph = nx.MultiDiGraph()
        self._ends: dict[str, tuple[str, str]] = {}  # relation id -> its edge's (u, v): networkx has no lookup by key
        self.rebuild()

    def rebuild(self) -> None:
        self.graph = build_graph(self.corpus)
        self._ends = {key: (u, v) for u, v, key in self.graph.edges(keys=True)}

    def apply(self, change: Change) -> GraphDelta:
        if change.everything:
            self.rebuild()
            return GraphDelta(everything=True)
        corpus, g = self.corpus, self.graph
        if change.documents:
            g.graph["documents"] = documents_attr(corpus)
        rels = set(change.relations)
        for rel_id in change.relations:  # an undercut's edge ends where the link it attacks ends: it moves with it
            if rel_id in corpus.relations:
                rels.update(u.id for u in corpus.undercuts_of(rel_id))
        delta = GraphDelta(edges=rels)
        roles = set(change.ends)  # a claim's role follows its rebuts links
        for rel_id in rels:
            ends = self._ends.pop(rel_id, None)
            if ends is not None:
                g.remove_edge(*ends, key=rel_id)
                roles.update(ends)
        for node in change.nodes:
            delta.nodes.add(node)
            if node in corpus.claims:
                self._set_node(node, claim_attrs(corpus.claims[node], rebuts_another(corpus, node)))
            elif node in corpus.actors:
                self._set_node(node, actor_attrs(corpus.actors[node]))
            elif node in g:
                for _, _, key in list(g.in_edges(node, keys=True)) + list(g.out_edges(node, keys=True)):
                    self._ends.pop(key, None)  # the model removes links first; this only keeps the lookup honest
                g.remove_node(node)
        for rel_id in rels:
            rel = corpus.relations.get(rel_id)
            if rel is not None:
                u, v, attrs = edge_of(rel, corpus.relations)
                g.add_edge(u, v, key=rel_id, **attrs)
                self._ends[rel_id] = (u, v)
                roles.update((u, v))
        for node in roles - delta.nodes:
            if node in corpus.claims and node in g:
                role = "rebuttal" if rebuts_another(corpus, node) else "claim"
                if g.nodes[node]["role"] != role:
                    g.nodes[node]["role"] = role
                    delta.nodes.add(node)
        return delta

    def edge_ends(self, rel_id: str) -> tuple[str, str] | None:
        return self._ends.get(rel_id)

    def _set_node(self, node: str, attrs: dict[str, Any]) -> None:
        if node in self.graph:
            data = self.graph.nodes[node]
            data.clear()
            data.update(attrs)
        else:
            self.graph.add_node(node, **attrs)
