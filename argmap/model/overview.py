"""An aggregated overview of a large map: one box per document or per graph community (Qt-free).

A 5,000-claim corpus cannot be read box by box. Grouped, it becomes a few dozen boxes (each
named by its title or its most linked claim, with how many claims it holds), linked where
their claims support or attack each other, which the window lets the reader open one by one.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from argmap.model.overview_labels import short_label

GROUPINGS = ("document", "community")
GROUP_PREFIX = "group:"
TIES = 3  # links drawn from each group: its strongest


def groups(graph: nx.MultiDiGraph, by: str) -> dict[str, list[str]]:
    """Group id -> member nodes. Actors join the group holding most of the claims they speak to."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping '{by}' (known: {', '.join(GROUPINGS)})")
    claims = [n for n, k in graph.nodes(data="kind") if k == "claim"]
    of: dict[str, str] = {}
    if by == "document":
        for n in claims:
            docs = list(graph.nodes[n].get("docs", ()))
            of[n] = f"{GROUP_PREFIX}{docs[0] if docs else '?'}"
    else:
        from argmap.model.layout_tools import load_igraph

        ig = load_igraph()
        index = {n: i for i, n in enumerate(claims)}
        edges = {(min(index[u], index[v]), max(index[u], index[v])) for u, v in graph.edges()
                 if u in index and v in index and u != v}
        g = ig.Graph(n=len(claims), edges=sorted(edges))
        parts = g.community_multilevel() if len(claims) > 1 else [[0]] if claims else []
        for k, members in enumerate(sorted((sorted(m) for m in parts), key=lambda m: (-len(m), m[0]))):
            for i in members:
                of[claims[i]] = f"{GROUP_PREFIX}c{k + 1}"
    for n, kind in graph.nodes(data="kind"):
        if kind == "actor":
            said = Counter(of[v] for _, v in graph.out_edges(n) if v in of)
            of[n] = said.most_common(1)[0][0] if said else f"{GROUP_PREFIX}actors"
    out: dict[str, list[str]] = {}
    for n in graph.nodes:
        if n in of:
            out.setdefault(of[n], []).append(n)
    return out


def overview_graph(graph: nx.MultiDiGraph, by: str) -> tuple[nx.MultiDiGraph, dict[str, list[str]]]:
    """(graph of groups, members of each group). Group boxes are claims of role "group" (drawn as a stack of
    cards); an edge is "supports" or "rebuts" (every attack: rebuts and undercuts), weighted by its count."""
    members = groups(graph, by)
    titles = {d["id"]: d.get("title") or d["id"] for d in graph.graph.get("documents", [])}
    of = {n: g for g, ns in members.items() for n in ns}
    out = nx.MultiDiGraph()
    for g, ns in list(members.items()):
        claims = [n for n in ns if graph.nodes[n].get("kind") == "claim"]
        if not claims:  # actors who speak to no claim: nothing to read in a group of their own
            del members[g]
            continue
        if by == "document":
            name = titles.get(g[len(GROUP_PREFIX):], g[len(GROUP_PREFIX):])
        else:
            hub = max(claims or ns, key=lambda n: (graph.degree(n), str(n)))
            name = "About: " + short_label(graph.nodes[hub].get("label", hub), 60)
        label = f"{name} — {len(claims)} claim{'s' if len(claims) != 1 else ''}"
        out.add_node(g, kind="claim", role="group", label=label, text=label, docs=[], mentions=[])
    seen: Counter[tuple[str, str, str]] = Counter()
    for u, v, kind in graph.edges(data="kind"):
        gu, gv = of.get(u), of.get(v)
        if gu and gv and gu != gv and kind in ("supports", "rebuts", "undercuts"):
            seen[(gu, gv, "supports" if kind == "supports" else "rebuts")] += 1  # an undercut is an attack too
    strongest: dict[str, list[tuple[int, str, str]]] = {}
    for (gu, gv, kind), n in seen.items():
        if gu in members and gv in members:
            strongest.setdefault(gu, []).append((n, gv, kind))
    for gu, links in sorted(strongest.items()):  # each group's strongest ties: a readable overview, not a hairball
        for n, gv, kind in sorted(links, key=lambda t: (-t[0], t[1], t[2]))[:TIES]:
            out.add_edge(gu, gv, key=f"{gu}>{gv}:{kind}", kind=kind, weight=n)
    return out, members
