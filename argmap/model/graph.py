"""The corpus as a networkx MultiDiGraph, and the queries the map window needs.

Node ids are claim and actor ids. Claim nodes: kind="claim", role ("rebuttal" when the claim
rebuts another, else "claim"), label, text, mentions, docs (document ids in mention order),
origin. Actor nodes: kind="actor", label, actor_type, aliases. Edges are keyed by relation id
and carry kind, id, origin, evidence (and note when set). Attribution edges (asserts/denies) also
carry voice, and via when set. An undercut, which attacks a relation rather than a claim, is an
edge from the undercutting claim to the target claim of the relation it attacks, with
undercuts=<that relation's id>: the painter ends it on the middle of that relation's edge.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from argmap.model.annotations import ACTOR_RELATIONS, CLAIM_RELATIONS, UNDERCUT, Actor, Claim, Corpus, Relation
from argmap.model.json_text import gc_paused

if TYPE_CHECKING:
    import networkx as nx

    from argmap.model.light_graph import LightGraph

G = TypeVar("G", "nx.MultiDiGraph", "LightGraph")


def build_graph(corpus: Corpus) -> nx.MultiDiGraph:
    import networkx as nx  # imported here: `argmap render` builds a LightGraph and never loads networkx

    with gc_paused():  # ~100,000 small objects, all kept: collector passes would only re-scan them
        return _build_graph(corpus, nx.MultiDiGraph())


def build_light_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """The same graph as build_graph's, in a LightGraph (argmap.model.light_graph): for `argmap render`,
    which draws it and never edits it, without networkx's 0.13 s import. Typed as the MultiDiGraph
    whose read API it answers."""
    from argmap.model.light_graph import LightGraph

    with gc_paused():
        return cast("nx.MultiDiGraph", _build_graph(corpus, LightGraph()))


def _build_graph(corpus: Corpus, g: G) -> G:
    """Fill a new, empty graph: its node and adjacency dicts directly, as add_node and add_edge would.

    Both kinds of graph store nodes and keyed edges alike (networkx's `_node`, `_succ`, `_pred`:
    one dict of edge keys shared by both ends); filling them in one pass skips the two calls per
    item and their checks, about half of the build at 10,000 claims. tests/test_graph.py holds the
    result to a graph built with add_node and add_edge (the same nodes, edges, data and orders).
    """
    g.graph["documents"] = documents_attr(corpus)
    node: dict[str, dict[str, Any]] = g._node
    succ: dict[str, dict[str, dict[str, dict[str, Any]]]] = g._succ
    pred: dict[str, dict[str, dict[str, dict[str, Any]]]] = g._pred
    rebutting = {r.source for r in corpus.relations.values() if r.kind == "rebuts"}

    def add_node(n: str, attrs: dict[str, Any]) -> None:
        if n in node:  # (ids are unique across kinds in a loaded corpus) a second one adds to the first
            node[n].update(attrs)
        else:
            node[n], succ[n], pred[n] = attrs, {}, {}

    for c in corpus.claims.values():
        add_node(c.id, claim_attrs(c, c.id in rebutting))
    for a in corpus.actors.values():
        add_node(a.id, actor_attrs(a))
    relations = corpus.relations
    for r in relations.values():
        u, v, attrs = edge_of(r, relations)
        if u not in node:
            add_node(u, {})
        if v not in node:
            add_node(v, {})
        out = succ[u]
        keys = out.get(v)
        if keys is None:
            keys = out[v] = pred[v][u] = {}
        data = keys.get(r.id)
        if data is None:
            keys[r.id] = attrs
        else:
            data.update(attrs)
    getattr(g, "__networkx_cache__", {}).clear()  # what add_edge does after each edge (networkx's cached views)
    return g


def documents_attr(corpus: Corpus) -> list[dict[str, str]]:
    return [{"id": d.id, "path": d.path, "title": d.title} for d in corpus.documents.values()]


def claim_attrs(c: Claim, rebuts: bool) -> dict[str, Any]:
    """A claim node's attributes; `rebuts`: the claim is the source of a rebuts link (its role)."""
    return {"kind": "claim", "role": "rebuttal" if rebuts else "claim", "label": c.text, "text": c.text,
            "mentions": [m.to_json() for m in c.mentions], "docs": list(dict.fromkeys(m.doc for m in c.mentions)),
            "origin": c.origin}


def actor_attrs(a: Actor) -> dict[str, Any]:
    return {"kind": "actor", "label": a.name, "actor_type": a.type, "aliases": list(a.aliases)}


def rebuts_another(corpus: Corpus, claim_id: str) -> bool:
    """Whether the claim rebuts another (role "rebuttal"): a look at its own links only."""
    return any(r.kind == "rebuts" and r.source == claim_id for r in corpus.relations_of(claim_id))


def edge_of(r: Relation, relations: Mapping[str, Relation]) -> tuple[str, str, dict[str, Any]]:
    """(source node, target node, attributes) of a relation's edge: an undercut ends at the attacked link's target."""
    attrs: dict[str, Any] = {"kind": r.kind, "id": r.id, "origin": r.origin, "evidence": [m.to_json() for m in r.evidence]}
    if r.note:
        attrs["note"] = r.note
    target = r.target
    if r.kind in ACTOR_RELATIONS:
        attrs["voice"] = r.voice
        if r.via is not None:
            attrs["via"] = r.via
    elif r.kind == UNDERCUT:
        attrs["undercuts"] = target
        target = relations[target].target
    return r.source, target, attrs


def attacked_edge(g: nx.MultiDiGraph, v: str, rel_id: str) -> tuple[str, str] | None:
    """The (source, target) of the edge `rel_id` ending at `v`: what an undercut edge into `v` attacks."""
    for u, _, key in g.in_edges(v, keys=True):
        if key == rel_id:
            return u, v
    return None


def _undercut_neighbours(g: nx.MultiDiGraph, node: str, kinds: Collection[str] | None) -> Iterable[str]:
    """The nodes an undercut ties to `node` besides its own two ends.

    An undercut touches a link, so it is as near to the link's source as to its target: the
    undercutting claim and the source of the attacked link are neighbours both ways.
    """
    if kinds is not None and UNDERCUT not in kinds:
        return
    for _, v, key, data in g.out_edges(node, keys=True, data=True):
        if data["kind"] == UNDERCUT:
            ends = attacked_edge(g, v, data["undercuts"])
            if ends is not None:
                yield ends[0]
        elif data["kind"] in CLAIM_RELATIONS:
            for u, _, undercut in g.in_edges(v, data="undercuts"):
                if undercut == key:
                    yield u


def neighbours(g: nx.MultiDiGraph, node: str, kinds: Collection[str] | None = None, direction: str = "both") -> list[str]:
    """Nodes joined to `node` by an edge of one of `kinds` (all kinds when None).

    direction: "out" (node is the source), "in" (node is the target) or "both".
    """
    found: dict[str, None] = {}
    if direction in ("out", "both"):
        for _, v, kind in g.out_edges(node, data="kind"):
            if kinds is None or kind in kinds:
                found[v] = None
    if direction in ("in", "both"):
        for u, _, kind in g.in_edges(node, data="kind"):
            if kinds is None or kind in kinds:
                found[u] = None
    if direction == "both":
        for n in _undercut_neighbours(g, node, kinds):
            found[n] = None
    found.pop(node, None)
    return list(found)


def k_hop(g: nx.MultiDiGraph, nodes: str | Iterable[str], k: int, kinds: Collection[str] | None = None) -> set[str]:
    """Nodes within k edges of any of `nodes`, ignoring edge direction."""
    frontier = {nodes} if isinstance(nodes, str) else set(nodes)
    frontier &= set(g.nodes)
    seen = set(frontier)
    for _ in range(max(k, 0)):
        nxt: set[str] = set()
        for n in frontier:
            nxt.update(neighbours(g, n, kinds))
        frontier = nxt - seen
        if not frontier:
            break
        seen |= frontier
    return seen


def filter_nodes(
    g: nx.MultiDiGraph,
    documents: Collection[str] | None = None,
    actors: Collection[str] | None = None,
    kinds: Collection[str] | None = None,
) -> set[str]:
    """Nodes that pass the filters; None means "do not filter on this".

    documents: claims mentioned in at least one of them. actors: claims that one of them
    asserts or denies, and those actors. kinds: relation kinds shown; actors with no shown
    relation left are hidden. Actors follow the claims they are linked to.
    """
    keep = {n for n, kind in g.nodes(data="kind") if kind == "claim"}
    if documents is not None:
        docs = set(documents)
        keep = {n for n in keep if docs.intersection(g.nodes[n]["docs"])}
    if actors is not None:
        chosen = set(actors)
        keep = {n for n in keep if any(u in chosen for u, _, kind in g.in_edges(n, data="kind") if kind in ("asserts", "denies"))}
    for n, kind in g.nodes(data="kind"):
        if kind != "actor" or (actors is not None and n not in actors):
            continue
        linked = [v for _, v, k in g.out_edges(n, data="kind") if kinds is None or k in kinds]
        if any(v in keep for v in linked):
            keep.add(n)
    return keep


def edges_between(
    g: nx.MultiDiGraph, nodes: Collection[str], kinds: Collection[str] | None = None
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Edges (u, v, key, data) with both ends in `nodes` and a kind in `kinds`.

    An undercut is left out when the link it attacks is: it would point at nothing.
    """
    shown = [
        (u, v, key, data)
        for u, v, key, data in g.edges(keys=True, data=True)
        if u in nodes and v in nodes and (kinds is None or data["kind"] in kinds)
    ]
    if not any(data["kind"] == UNDERCUT for *_, data in shown):
        return shown
    keys = {key for _, _, key, _ in shown}
    return [e for e in shown if e[3]["kind"] != UNDERCUT or e[3]["undercuts"] in keys]


def search(g: nx.MultiDiGraph, query: str) -> list[str]:
    """Nodes whose text, quotes, actor name or aliases contain `query` (case-insensitive).

    Results are ranked: label matches first, then quote and alias matches, each in graph order;
    last come both ends of every link whose evidence quote or note matches (the link itself has
    no row of its own, so its ends are where the reader finds it).
    """
    q = query.casefold().strip()
    if not q:
        return []
    first, second = [], []
    for n, data in g.nodes(data=True):
        if q in data["label"].casefold():
            first.append(n)
        elif any(q in m["quote"].casefold() for m in data.get("mentions", ())) or any(
            q in a.casefold() for a in data.get("aliases", ())
        ):
            second.append(n)
    found = set(first) | set(second)
    third: list[str] = []
    for u, v, data in g.edges(data=True):
        if q in data.get("note", "").casefold() or any(q in m["quote"].casefold() for m in data["evidence"]):
            for n in (u, v):
                if n not in found:
                    found.add(n)
                    third.append(n)
    return first + second + third
