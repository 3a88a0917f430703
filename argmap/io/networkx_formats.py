"""node-link JSON (networkx's own) and GraphML with flattened attributes (yEd, Gephi)."""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from argmap.io.registry import exporter
from argmap.model.annotations import Corpus
from argmap.model.graph import build_graph


@exporter("node-link", "json", 'networkx node-link JSON (edges under "edges")')
def export_node_link(corpus: Corpus) -> str:
    data = nx.node_link_data(build_graph(corpus), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def flat_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """A copy whose attributes are all scalars: lists and dicts become JSON strings."""
    g = build_graph(corpus)

    def flat(attrs: dict[str, Any]) -> dict[str, Any]:
        return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in attrs.items()}

    out = nx.MultiDiGraph()
    out.graph.update(flat(g.graph))
    for n, data in g.nodes(data=True):
        out.add_node(n, **flat(data))
    for u, v, key, data in g.edges(keys=True, data=True):
        out.add_edge(u, v, key=key, **flat(data))
    return out


@exporter("graphml", "graphml", "GraphML with flat attributes (yEd, Gephi, Cytoscape)")
def export_graphml(corpus: Corpus) -> str:
    buf = io.BytesIO()
    nx.write_graphml(flat_graph(corpus), buf, encoding="utf-8")  # key ids d0, d1...: node and edge "kind" must not share an id
    return buf.getvalue().decode("utf-8")
