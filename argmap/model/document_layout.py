"""The by-document engine: one column per document, in the graph's document order; claims
mentioned in several documents stand between their documents' columns, actors beside their
claims. Also the columns' extents, which the painter draws as titled lanes.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from argmap.model.geometry import node_box
from argmap.model.layered_layout import layers
from argmap.model.layout_tools import H_GAP

if TYPE_CHECKING:
    import networkx as nx  # annotations only: `argmap render` draws a LightGraph and never imports networkx


def by_document(graph: nx.MultiDiGraph, ids: list[str], index: dict[str, int], edges: list[tuple[int, int, str]],
                 size: np.ndarray) -> np.ndarray:
    docs = [d["id"] for d in graph.graph.get("documents", [])]
    col = {d: i for i, d in enumerate(docs)}
    n = len(ids)
    lane = np.full(n, np.nan)
    kinds = [graph.nodes[n_]["kind"] for n_ in ids]
    for i, n_ in enumerate(ids):
        if kinds[i] != "claim":
            continue
        cols = sorted({col[d] for d in graph.nodes[n_].get("docs", ()) if d in col})
        if cols:
            # a document's own column is lane 2*i; claims shared by several sit between them
            mean = sum(cols) / len(cols)
            lane[i] = 2 * mean if len(cols) == 1 else 2 * math.floor(mean) + 1
        else:
            lane[i] = 2 * len(docs)  # claims with no mention: a last column
    # actors: the lane of most of their claims (first such lane on ties)
    targets: dict[int, list[int]] = {}
    for u, v, k in edges:
        if k in ("asserts", "denies"):
            targets.setdefault(u, []).append(v)
    for i in range(n):
        if kinds[i] == "actor":
            lanes = [lane[t] for t in targets.get(i, []) if not np.isnan(lane[t])]
            lane[i] = max(set(lanes), key=lambda x: (lanes.count(x), -x)) if lanes else 2 * len(docs) + 1
    # inside a lane claims stack in argument order (layered rank); actors stand in a narrow
    # column on the lane's left, level with the first claim they assert or deny
    rank = _ranks(n, edges)
    xy = np.zeros((n, 2))
    x = 0.0
    for ln in np.unique(lane):
        idx = np.flatnonzero(lane == ln)
        shared = int(ln) % 2 == 1  # between two documents: edges leave sideways, so actors go on top
        claims = idx if shared else idx[[kinds[i] == "claim" for i in idx]]
        actors = idx[:0] if shared else idx[[kinds[i] == "actor" for i in idx]]
        claims = claims[np.lexsort((claims, rank[claims]))]
        actor_w = float(size[actors, 0].max()) + H_GAP if len(actors) else 0.0
        x0 = x
        x += actor_w
        n_cols = max(1, math.ceil(len(claims) / 40))  # very long lanes wrap into sub-columns
        per = math.ceil(len(claims) / n_cols) if len(claims) else 0
        cw = float(size[claims, 0].max()) if len(claims) else 0.0
        for c in range(n_cols if len(claims) else 0):
            part = claims[c * per:(c + 1) * per]
            h = size[part, 1]
            xy[part, 0] = x + cw / 2
            xy[part, 1] = np.cumsum(h + H_GAP) - (h + H_GAP) / 2
            x += cw + H_GAP
        if len(actors):
            placed = {int(i) for i in claims}
            # level with the middle of what they said (a one-claim actor sits right beside its claim)
            want = np.array([float(np.mean([xy[t, 1] for t in targets.get(a, []) if t in placed] or [0.0])) for a in actors])
            order = actors[np.lexsort((actors, want))]
            want_of = dict(zip(actors.tolist(), want.tolist(), strict=True))
            bottom = -math.inf
            for a in order.tolist():
                y = max(want_of[a], bottom + size[a, 1] / 2 + H_GAP / 2)
                xy[a] = (x0 + (actor_w - H_GAP) / 2, y)
                bottom = y + size[a, 1] / 2
        x += 2.5 * H_GAP  # a wider gutter between lanes
    return xy


def _ranks(n: int, edges: list[tuple[int, int, str]]) -> np.ndarray:
    """Layer of each node in the layered orientation (conclusions 0, actors just above their claims)."""
    return layers(n, edges).astype(float)


def document_columns(graph: nx.MultiDiGraph, positions: dict[str, tuple[float, float]],
                     sizes: dict[str, tuple[float, float]] | None = None) -> list[tuple[str, str, float, float]]:
    """(document id, title, left, right) of each document's column in a by-document layout.

    The column spans the boxes of the claims mentioned only in that document; documents with
    no such claim are left out. The painter draws these as titled lanes.
    """
    out = []
    for d in graph.graph.get("documents", []):
        own = {n for n, data in graph.nodes(data=True)
               if n in positions and data.get("kind") == "claim" and list(data.get("docs", ())) == [d["id"]]}
        for n, data in graph.nodes(data=True):  # actors whose claims are all in this document stand in its lane
            if data.get("kind") == "actor" and n in positions:
                said = [v for _, v, k in graph.out_edges(n, data="kind") if k in ("asserts", "denies")]
                if said and all(v in own for v in said):
                    own.add(n)
        xs = [(positions[n][0], ((sizes or {}).get(n) or node_box(graph, n))[0]) for n in own]
        if xs:
            left = min(x - w / 2 for x, w in xs)
            right = max(x + w / 2 for x, w in xs)
            out.append((d["id"], str(d.get("title") or d["id"]), left, right))
    return out
