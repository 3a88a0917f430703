"""Layout engines: {node_id: (x, y)} box centres in world units, y pointing down.

All engines are deterministic for the same graph, sizes and seed, give finite coordinates and
boxes that do not overlap (sizes from argmap.model.geometry.node_box), and pack disconnected
components side by side in rows. The heavy lifting is igraph's compiled code; networkx layouts
are far too slow past a few hundred nodes (shared/STYLE.md).

- layered: the argument reads top-down. A claim sits above the claims that support or rebut it
  (edges point up from reason to target); an actor sits above what it asserts or denies.
- force: igraph Fruchterman-Reingold (grid variant on large components), scaled to the boxes.
- by-document: one column per document, in the graph's document order; claims mentioned in
  several documents stand between their documents' columns, actors beside their claims.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import igraph as ig
import networkx as nx
import numpy as np

from argmap.model.geometry import node_box

LAYOUTS = ("layered", "force", "by-document")
H_GAP = 28.0  # horizontal space between boxes
V_GAP = 56.0  # vertical space between layers (room for arrows)
COMPONENT_GAP = 90.0
Progress = Callable[[float], None] | None


def compute_layout(
    graph: nx.MultiDiGraph,
    name: str,
    *,
    sizes: dict[str, tuple[float, float]] | None = None,
    seed: int = 0,
    progress: Progress = None,
) -> dict[str, tuple[float, float]]:
    """Box centres for every node of `graph` with layout `name` (one of LAYOUTS).

    `sizes` overrides node_box; `progress`, when given, is called with a fraction in [0, 1].
    """
    if name not in LAYOUTS:
        raise ValueError(f"unknown layout '{name}' (known: {', '.join(LAYOUTS)})")
    ids = list(graph.nodes)
    if not ids:
        return {}
    size = np.array([(sizes or {}).get(n) or node_box(graph, n) for n in ids], dtype=float)
    index = {n: i for i, n in enumerate(ids)}
    edges = [(index[u], index[v], k) for u, v, k in graph.edges(data="kind")]
    _report(progress, 0.05)
    if name == "by-document":
        xy = _by_document(graph, ids, index, edges, size)
    else:
        xy = _by_components(ids, edges, size, name, seed, progress)
    _report(progress, 0.9)
    xy = remove_overlaps(xy, size)
    lo = (xy - size / 2).min(axis=0)
    xy -= lo  # the map's top-left corner at (0, 0)
    _report(progress, 1.0)
    return {n: (float(round(x, 2)), float(round(y, 2))) for n, (x, y) in zip(ids, xy, strict=True)}


def _report(progress: Progress, fraction: float) -> None:
    if progress is not None:
        progress(fraction)


# --- components --------------------------------------------------------------------------------


def _by_components(ids: list[str], edges: list[tuple[int, int, str]], size: np.ndarray, name: str, seed: int,
                   progress: Progress) -> np.ndarray:
    n = len(ids)
    g = ig.Graph(n=n, edges=[(u, v) for u, v, _ in edges], directed=True)
    members = g.connected_components(mode="weak")
    comps = sorted((list(m) for m in members), key=lambda m: (-len(m), m[0]))
    xy = np.zeros((n, 2))
    rects = []
    singles: list[int] = []
    for k, comp in enumerate(comps):
        if len(comp) == 1:
            singles.append(comp[0])
            continue
        local = _component_layout(comp, edges, size, name, seed)
        xy[comp] = local
        rects.append(comp)
        if progress is not None and k % 50 == 0:
            _report(progress, 0.05 + 0.8 * k / len(comps))
    if singles:  # isolated nodes: one tidy grid block, in graph order
        singles.sort()
        local = _grid(size[singles])
        xy[singles] = local
        rects.append(singles)
    return _pack(rects, xy, size)


def _component_layout(comp: list[int], edges: list[tuple[int, int, str]], size: np.ndarray, name: str, seed: int) -> np.ndarray:
    local = {v: i for i, v in enumerate(comp)}
    sub = [(local[u], local[v], k) for u, v, k in edges if u in local and v in local]
    if name == "layered":
        return _layered(len(comp), sub, size[comp])
    return _force(len(comp), sub, size[comp], seed)


def _grid(size: np.ndarray) -> np.ndarray:
    n = len(size)
    cols = max(1, math.ceil(math.sqrt(n * 1.6 * size[:, 1].mean() / size[:, 0].mean())))
    cw = size[:, 0].max() + H_GAP
    xy = np.zeros((n, 2))
    rows = math.ceil(n / cols)
    y = 0.0
    for r in range(rows):
        chunk = slice(r * cols, min(n, (r + 1) * cols))
        h = size[chunk, 1].max()
        xy[chunk, 0] = np.arange(chunk.stop - chunk.start) * cw
        xy[chunk, 1] = y + h / 2
        y += h + H_GAP
    return xy


def _pack(groups: list[list[int]], xy: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Shelf-pack the groups' bounding boxes into rows about as wide as the whole is tall."""
    boxes = []
    for grp in groups:
        lo = (xy[grp] - size[grp] / 2).min(axis=0)
        hi = (xy[grp] + size[grp] / 2).max(axis=0)
        boxes.append((lo, hi - lo))
    area = sum(float(d[0] + COMPONENT_GAP) * float(d[1] + COMPONENT_GAP) for _, d in boxes)
    widest = max(float(d[0]) for _, d in boxes)
    row_width = max(widest, math.sqrt(area) * 1.4)
    order = sorted(range(len(groups)), key=lambda k: (-boxes[k][1][1], groups[k][0]))
    x = y = row_h = 0.0
    out = xy.copy()
    for k in order:
        lo, dim = boxes[k]
        if x > 0 and x + dim[0] > row_width:
            x, y, row_h = 0.0, y + row_h + COMPONENT_GAP, 0.0
        out[groups[k]] = xy[groups[k]] - lo + (x, y)
        x += dim[0] + COMPONENT_GAP
        row_h = max(row_h, dim[1])
    return out


# --- layered -----------------------------------------------------------------------------------


def _layered_edges(sub: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Edges as the layering should see them: from the upper node to the lower one."""
    out = []
    for u, v, kind in sub:
        if u == v:
            continue
        out.append((u, v) if kind in ("asserts", "denies") else (v, u))
    return list(dict.fromkeys(out))


def _layered(n: int, sub: list[tuple[int, int, str]], size: np.ndarray) -> np.ndarray:
    g = ig.Graph(n=n, edges=_layered_edges(sub), directed=True)
    lay = np.array(g.layout_sugiyama(maxiter=40).coords, dtype=float)[:n]
    layer = np.rint(lay[:, 1]).astype(int)
    return _place_layers(layer, lay[:, 0], size)


def _place_layers(layer: np.ndarray, order_x: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Turn (layer, position-in-layer) into box centres: layers stacked, boxes side by side."""
    n = len(layer)
    xy = np.zeros((n, 2))
    unit = float(np.median(size[:, 0])) + H_GAP
    y = 0.0
    for lv in np.unique(layer):
        idx = np.flatnonzero(layer == lv)
        idx = idx[np.lexsort((idx, order_x[idx]))]
        want = order_x[idx] * unit
        w = size[idx, 0]
        x = want.copy()
        for j in range(1, len(idx)):
            x[j] = max(want[j], x[j - 1] + (w[j - 1] + w[j]) / 2 + H_GAP)
        x -= (x - want).mean()  # stay centred on where Sugiyama wanted the layer
        h = size[idx, 1].max()
        xy[idx, 0] = x
        xy[idx, 1] = y + h / 2
        y += h + V_GAP
    return xy


# --- force -------------------------------------------------------------------------------------


def _force(n: int, sub: list[tuple[int, int, str]], size: np.ndarray, seed: int) -> np.ndarray:
    pairs = list(dict.fromkeys((min(u, v), max(u, v)) for u, v, _ in sub if u != v))
    g = ig.Graph(n=n, edges=pairs, directed=False)
    random.seed(seed)
    ang = np.arange(n) * 2.399963  # golden-angle spiral: a deterministic start
    rad = np.sqrt(np.arange(n) + 0.5)
    start = np.column_stack((rad * np.cos(ang), rad * np.sin(ang))).tolist()
    grid = "grid" if n > 1500 else "nogrid"
    lay = np.array(g.layout_fruchterman_reingold(seed=start, niter=300 if n < 3000 else 150, grid=grid).coords, dtype=float)
    if not np.isfinite(lay).all():
        lay = np.nan_to_num(lay)
    # scale so that a typical edge is a bit longer than a typical box
    target = float(np.hypot(size[:, 0], size[:, 1]).mean()) * 1.25
    if pairs:
        e = np.array(pairs)
        lengths = np.hypot(*(lay[e[:, 0]] - lay[e[:, 1]]).T)
        typical = float(np.median(lengths[lengths > 0])) if (lengths > 0).any() else 1.0
    else:
        typical = 1.0
    return lay * (target / max(typical, 1e-9))


# --- by document -------------------------------------------------------------------------------


def _by_document(graph: nx.MultiDiGraph, ids: list[str], index: dict[str, int], edges: list[tuple[int, int, str]],
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
    # vertical order inside a lane follows the argument: layered rank, actors just above their claim
    rank = _ranks(n, edges)
    first_target = {i: min((rank[t], t) for t in ts) for i, ts in targets.items()}
    key = np.array([(first_target[i][0] - 0.5) if kinds[i] == "actor" and i in first_target else rank[i] for i in range(n)])
    xy = np.zeros((n, 2))
    x = 0.0
    for ln in np.unique(lane):
        idx = np.flatnonzero(lane == ln)
        idx = idx[np.lexsort((idx, key[idx]))]
        cols = max(1, math.ceil(len(idx) / 40))  # very long lanes wrap into sub-columns
        per = math.ceil(len(idx) / cols)
        cw = size[idx, 0].max()
        for c in range(cols):
            part = idx[c * per:(c + 1) * per]
            h = size[part, 1]
            ys = np.cumsum(h + H_GAP) - (h + H_GAP) / 2
            xy[part, 0] = x + cw / 2
            xy[part, 1] = ys
            x += cw + H_GAP
        x += 2.5 * H_GAP  # a wider gutter between lanes
    return xy


def _ranks(n: int, edges: list[tuple[int, int, str]]) -> np.ndarray:
    """Longest-path depth of each node in the layered orientation (cycles broken by igraph)."""
    g = ig.Graph(n=n, edges=_layered_edges(edges), directed=True)
    fas = g.feedback_arc_set(algo="eades") if not g.is_dag() else []
    if fas:
        g.delete_edges(fas)
    rank = np.zeros(n)
    for v in g.topological_sorting():
        for w in g.successors(v):
            rank[w] = max(rank[w], rank[v] + 1)
    return rank


# --- overlap removal ---------------------------------------------------------------------------


def overlapping_pairs(xy: np.ndarray, size: np.ndarray, gap: float = 0.0) -> np.ndarray:
    """(k, 2) index pairs of boxes closer than `gap` on both axes; sweep over sorted x."""
    n = len(xy)
    if n < 2:
        return np.zeros((0, 2), dtype=int)
    order = np.argsort(xy[:, 0], kind="stable")
    x = xy[order, 0]
    reach = size[:, 0].max() + gap
    hi = np.searchsorted(x, x + reach, side="left")
    counts = hi - np.arange(n) - 1
    counts = np.maximum(counts, 0)
    a = np.repeat(np.arange(n), counts)
    if not len(a):
        return np.zeros((0, 2), dtype=int)
    starts = np.cumsum(counts) - counts
    b = np.arange(len(a)) - np.repeat(starts, counts) + a + 1
    i, j = order[a], order[b]
    dx = np.abs(xy[i, 0] - xy[j, 0]) - (size[i, 0] + size[j, 0]) / 2
    dy = np.abs(xy[i, 1] - xy[j, 1]) - (size[i, 1] + size[j, 1]) / 2
    hit = (dx < gap - 1e-6) & (dy < gap - 1e-6)
    return np.column_stack((i[hit], j[hit]))


def remove_overlaps(xy: np.ndarray, size: np.ndarray, gap: float = 12.0, rounds: int = 60) -> np.ndarray:
    """Push overlapping boxes apart along their shallower axis until none overlap.

    Deterministic; a last greedy pass places any box still in conflict at the nearest free
    spot, so the result never overlaps.
    """
    xy = np.array(xy, dtype=float)
    for _ in range(rounds):
        pairs = overlapping_pairs(xy, size, gap)
        if not len(pairs):
            return xy
        i, j = pairs[:, 0], pairs[:, 1]
        d = xy[j] - xy[i]
        need = (size[i] + size[j]) / 2 + gap
        pen = need - np.abs(d)
        sign = np.where(d >= 0, 1.0, -1.0)
        same = (d == 0).all(axis=1)
        sign[same, 0] = np.where(i[same] < j[same], 1.0, -1.0)
        along_x = pen[:, 0] / need[:, 0] <= pen[:, 1] / need[:, 1]
        move = np.zeros_like(d)
        move[along_x, 0] = pen[along_x, 0] * sign[along_x, 0] * 0.55
        move[~along_x, 1] = pen[~along_x, 1] * sign[~along_x, 1] * 0.55
        delta = np.zeros_like(xy)
        np.add.at(delta, j, move)
        np.add.at(delta, i, -move)
        counts = np.bincount(pairs.ravel(), minlength=len(xy)).reshape(-1, 1)
        xy += delta / np.maximum(counts, 1) ** 0.5
    return _greedy_settle(xy, size, gap)


def _greedy_settle(xy: np.ndarray, size: np.ndarray, gap: float) -> np.ndarray:
    """Place boxes one by one (in index order); a box that hits a placed one moves to the nearest free spot."""
    cell = float(size.max()) + gap
    grid: dict[tuple[int, int], list[int]] = {}

    def hits(k: int, p: np.ndarray) -> bool:
        cx, cy = int(p[0] // cell), int(p[1] // cell)
        for gx in (cx - 1, cx, cx + 1):
            for gy in (cy - 1, cy, cy + 1):
                for m in grid.get((gx, gy), ()):
                    if (abs(p[0] - xy[m, 0]) < (size[k, 0] + size[m, 0]) / 2 + gap
                            and abs(p[1] - xy[m, 1]) < (size[k, 1] + size[m, 1]) / 2 + gap):
                        return True
        return False

    step = gap + float(size[:, 1].min())
    for k in range(len(xy)):
        p = xy[k].copy()
        if hits(k, p):
            found = False
            for ring in range(1, 10_000):
                for t in range(8 * ring):
                    a = 2 * math.pi * t / (8 * ring)
                    q = p + ring * step * np.array([math.cos(a), math.sin(a)])
                    if not hits(k, q):
                        p, found = q, True
                        break
                if found:
                    break
        xy[k] = p
        grid.setdefault((int(p[0] // cell), int(p[1] // cell)), []).append(k)
    return xy
