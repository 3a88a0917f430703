"""The layered engine: the argument reads top-down. A claim sits above the claims that support or
rebut it (edges point up from reason to target); an actor sits above what it asserts or denies.
Sugiyama-style: longest-path layers, barycentre ordering, then x by isotonic regression.
"""

from __future__ import annotations

import math

import numpy as np

from argmap.model.layout_tools import H_GAP, V_GAP, load_igraph_core


def _layered_edges(sub: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Edges as the layering should see them: from the upper node to the lower one."""
    out = []
    for u, v, kind in sub:
        if u == v:
            continue
        out.append((u, v) if kind in ("asserts", "denies") else (v, u))
    return list(dict.fromkeys(out))


def layered(n: int, sub: list[tuple[int, int, str]], size: np.ndarray) -> np.ndarray:
    """Sugiyama-style: longest-path layers, barycentre ordering, then x by isotonic regression."""
    layer = layers(n, sub)
    down = np.array(_layered_edges(sub), dtype=np.int64).reshape(-1, 2)
    down = down[layer[down[:, 0]] < layer[down[:, 1]]] if len(down) else down
    levels = np.unique(layer)
    members = {lv: list(np.flatnonzero(layer == lv)) for lv in levels}
    # edges grouped by the layer of their lower end (neighbours above) and of their upper end (below)
    ups = _group_edges(down[:, 1], down[:, 0], layer)
    lows = _group_edges(down[:, 0], down[:, 1], layer)
    slot = np.zeros(n, dtype=np.int64)
    order = np.zeros(n)
    for lv in levels:
        order[members[lv]] = np.arange(len(members[lv]))
    for sweep in range(4):  # barycentre ordering: down, up, down, up
        seq = levels if sweep % 2 == 0 else levels[::-1]
        groups = ups if sweep % 2 == 0 else lows
        for lv in seq:
            m = np.array(members[lv], dtype=np.int64)
            bary = _means(m, groups.get(lv), order, slot)
            m = m[np.lexsort((m, order[m], bary))]
            members[lv] = m.tolist()
            order[m] = np.arange(len(m))
    # a layer much wider than the map is tall (many conclusions side by side) wraps onto several rows
    max_w = max(2400.0, math.sqrt(float((size[:, 0] + H_GAP).dot(size[:, 1] + V_GAP))) * 1.8)
    rows: list[list[int]] = []
    gaps: list[float] = []
    for lv in levels:
        chunk: list[int] = []
        width = 0.0
        for v in members[lv]:
            if chunk and width + size[v, 0] > max_w:
                rows.append(chunk)
                gaps.append(V_GAP * 0.45)
                chunk, width = [], 0.0
            chunk.append(int(v))
            width += size[v, 0] + H_GAP
        rows.append(chunk)
        gaps.append(V_GAP if lv % 2 == 0 else V_GAP * 0.6)
    x = np.zeros(n)
    for row in rows:  # start compact and centred
        x[row] = _pack_row(size[row, 0], np.zeros(len(row)))
    row_of = np.zeros(n, dtype=np.int64)
    for r, row in enumerate(rows):
        row_of[row] = r
    row_ups = _group_edges(down[:, 1], down[:, 0], row_of)
    row_lows = _group_edges(down[:, 0], down[:, 1], row_of)
    for sweep in range(4):  # pull each node towards its neighbours above (then below), keeping the order
        row_seq = range(len(rows)) if sweep % 2 == 0 else range(len(rows) - 1, -1, -1)
        groups = row_ups if sweep % 2 == 0 else row_lows
        for r in row_seq:
            m = np.array(rows[r], dtype=np.int64)
            x[m] = _pack_row(size[m, 0], _means(m, groups.get(r), x, slot))
    xy = np.zeros((n, 2))
    xy[:, 0] = x
    y = 0.0
    for row, gap in zip(rows, gaps, strict=True):
        h = size[row, 1].max()
        xy[row, 1] = y + h / 2
        y += h + gap
    return xy


def _group_edges(at: np.ndarray, other: np.ndarray, group: np.ndarray) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Edge ends (at, other) bucketed by group[at], edge order kept: the neighbours each bucket averages over."""
    if not len(at):
        return {}
    g = group[at]
    by = np.argsort(g, kind="stable")
    keys, starts = np.unique(g[by], return_index=True)
    bounds = [*starts.tolist(), len(by)]
    return {int(k): (at[by[a:b]], other[by[a:b]]) for k, a, b in zip(keys.tolist(), bounds, bounds[1:], strict=False)}


def _means(m: np.ndarray, edges: tuple[np.ndarray, np.ndarray] | None, value: np.ndarray, slot: np.ndarray) -> np.ndarray:
    """For each vertex of m, the mean of `value` over its neighbours in `edges`; its own value if it has none."""
    own: np.ndarray = value[m].astype(float)
    if edges is None:
        return own
    at, other = edges
    slot[m] = np.arange(len(m))
    sums = np.bincount(slot[at], weights=value[other], minlength=len(m))
    counts = np.bincount(slot[at], minlength=len(m))
    return np.where(counts > 0, sums / np.maximum(counts, 1), own)


def layers(n: int, sub: list[tuple[int, int, str]]) -> np.ndarray:
    """Claims on even layers by argument depth (conclusions on top), actors on the odd layer above
    the highest claim they assert or deny."""
    claim_edges = [(v, u) for u, v, k in sub if k not in ("asserts", "denies") and u != v]
    rank = _longest_path(n, claim_edges)
    layer = 2 * rank
    actor_targets: dict[int, list[int]] = {}
    for u, v, k in sub:
        if k in ("asserts", "denies"):
            actor_targets.setdefault(u, []).append(v)
    for a, ts in actor_targets.items():
        layer[a] = 2 * min(rank[t] for t in ts) - 1
    shifted: np.ndarray = layer - layer.min()
    return shifted


def _longest_path(n: int, edges: list[tuple[int, int]]) -> np.ndarray:
    g = load_igraph_core().GraphBase(n, list(dict.fromkeys(edges)), True)
    if not g.is_dag():
        g.delete_edges(g.feedback_arc_set(method="eades"))
    rank = np.zeros(n, dtype=np.int64)
    for v in g.topological_sorting():
        r = rank[v] + 1
        for w in g.neighbors(v, "out"):
            if rank[w] < r:
                rank[w] = r
    return rank


def _pack_row(widths: np.ndarray, want: np.ndarray) -> np.ndarray:
    """Centres as close as possible (least squares) to `want`, in the given order, boxes apart.

    With offsets o_j (the tightest packing), x_j = o_j + z_j for a non-decreasing z: isotonic
    regression of want - o, solved exactly by pool-adjacent-violators.
    """
    k = len(widths)
    if k == 0:
        return want
    o = np.concatenate(([0.0], np.cumsum((widths[:-1] + widths[1:]) / 2 + H_GAP)))
    target = want - o
    blocks: list[list[float]] = []  # [mean, count]
    for t in target.tolist():
        blocks.append([t, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, c2 = blocks.pop()
            m1, c1 = blocks[-1]
            blocks[-1] = [(m1 * c1 + m2 * c2) / (c1 + c2), c1 + c2]
    z = np.repeat([b[0] for b in blocks], [int(b[1]) for b in blocks])
    packed: np.ndarray = o + z
    return packed
