"""node-link JSON and GraphML (yEd, Gephi, Cytoscape), built on one exchange graph.

The exchange graph is the map graph with what another tool cannot work out for itself made
explicit. An undercut attacks a *relation*, and a plain graph has no edge-to-edge links, so
every relation that is undercut becomes a small junction node: its id is the relation's id
(ids are unique across claims, actors and relations, so it cannot clash), kind="inference",
relation_kind="supports" or "rebuts", and the relation's own attributes. The relation is then
drawn in two halves, source -> junction (part="source", key "<id>:source") and junction ->
target (part="target", key "<id>:target"), and its evidence and note sit on the junction; the
undercut is an edge from the undercutting claim to the junction. This is how AIF draws it too
(a CA node pointing at an RA node). Relations nobody undercuts stay single edges keyed by their id. Every edge names its relation
in "relation" (igraph 1.0 fills its own edge "id" from the node list, so do not trust that). Attributions carry voice (and
via when set), every relation its evidence and note, every claim its note (docs/FORMAT.md,
"Exchange formats").
"""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from argmap.io.registry import exporter
from argmap.model.annotations import UNDERCUT, Corpus
from argmap.model.graph import build_graph

INFERENCE = "inference"  # kind of a junction node standing for an undercut relation


def exchange_graph(corpus: Corpus, g: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """The map graph with claim notes and a junction node for every relation an undercut attacks."""
    g = build_graph(corpus) if g is None else g
    attacked = dict.fromkeys(r.target for r in corpus.relations.values() if r.kind == UNDERCUT)
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    for n, data in g.nodes(data=True):
        attrs = dict(data)
        if data["kind"] == "claim" and corpus.claims[n].note:
            attrs["note"] = corpus.claims[n].note
        out.add_node(n, **attrs)
    for rel_id in attacked:  # added before the edges so that node order follows the claims
        rel = corpus.relations[rel_id]
        out.add_node(rel_id, kind=INFERENCE, label=f"{rel.kind} {rel.source} -> {rel.target}", relation=rel_id,
                     relation_kind=rel.kind, relation_source=rel.source, relation_target=rel.target)
    for u, v, key, data in g.edges(keys=True, data=True):
        attrs = dict(data)
        if key in attacked:
            # the relation's evidence and note go on its junction; the halves say which part they are
            out.nodes[key].update(origin=attrs["origin"], **{k: attrs.pop(k) for k in ("evidence", "note") if k in attrs})
            for part, a, b in (("source", u, key), ("target", key, v)):
                out.add_edge(a, b, key=f"{key}:{part}", **{**attrs, "id": f"{key}:{part}", "relation": key, "part": part})
        else:  # an undercut ends on the junction of the link it attacks
            out.add_edge(u, attrs.pop("undercuts") if data["kind"] == UNDERCUT else v, key=key, relation=key, **attrs)
    return out


@exporter("node-link", "json", 'networkx node-link JSON with d3\'s "links" key (undercuts at junction nodes)')
def export_node_link(corpus: Corpus) -> str:
    # "links", not networkx 3.4's new "edges": d3 and networkx before 3.4 read it as it is,
    # networkx 3.4 and later with node_link_graph(data, edges="links")
    data = nx.node_link_data(exchange_graph(corpus), edges="links")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def flat_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """The exchange graph with scalar attributes only: lists and dicts become JSON strings.

    Edges lose their "id" attribute: GraphML writes the key as the edge's own id (networkx reads
    it back as the key), and igraph warns ("there is already an 'id' edge attribute") when both
    are present. igraph users read the relation id from "relation".
    """
    g = exchange_graph(corpus)

    def flat(attrs: dict[str, Any]) -> dict[str, Any]:
        return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in attrs.items()}

    out = nx.MultiDiGraph()
    out.graph.update(flat(g.graph))
    for n, data in g.nodes(data=True):
        out.add_node(n, **flat(data))
    for u, v, key, data in g.edges(keys=True, data=True):
        out.add_edge(u, v, key=key, **flat({k: val for k, val in data.items() if k != "id"}))
    return out


@exporter("graphml", "graphml", "GraphML with flat attributes (yEd, Gephi, Cytoscape; undercuts at junction nodes)")
def export_graphml(corpus: Corpus) -> str:
    buf = io.BytesIO()
    nx.write_graphml(flat_graph(corpus), buf, encoding="utf-8")  # key ids d0, d1...: node and edge "kind" must not share an id
    return buf.getvalue().decode("utf-8")
