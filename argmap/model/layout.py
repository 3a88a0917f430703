"""Layout engines: {node_id: (x, y)} box centres in world units, y pointing down.

All engines are deterministic for the same graph, sizes and seed, give finite coordinates and
boxes that do not overlap (sizes from argmap.model.geometry.node_box), and pack disconnected
components side by side in rows. The heavy lifting is igraph's compiled code; networkx layouts
are far too slow past a few hundred nodes (spring_layout: 186 s for 10,000 nodes, igraph's
Fruchterman-Reingold 1 s; benchmarks/RESULTS.md).

- layered: the argument reads top-down. A claim sits above the claims that support or rebut it
  (edges point up from reason to target); an actor sits above what it asserts or denies.
- force: igraph Fruchterman-Reingold (grid variant on large components), scaled to the boxes.
- by-document: one column per document, in the graph's document order; claims mentioned in
  several documents stand between their documents' columns, actors beside their claims.

Over 500 lines: three layout engines and the packing helpers they share (components, overlaps).
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np

from argmap.model.geometry import node_box
from argmap.model.layout_names import LAYOUTS

if TYPE_CHECKING:
    import networkx as nx  # annotations only: `argmap render` draws a LightGraph and never imports networkx

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
    return dict(zip(ids, map(tuple, np.round(xy, 2).tolist()), strict=True))


def _igraph() -> ModuleType:
    """igraph, imported on first use and without matplotlib.

    At import igraph loads matplotlib.pyplot for its plotting functions when matplotlib is
    installed: about a second of start-up for drawing code argmap never calls. While igraph
    imports, `import matplotlib` is made to fail (a None entry in sys.modules), which igraph
    handles; matplotlib itself stays importable for everything else.

    igraph's random number generator is per thread and, depending on which thread imported igraph first,
    need not be Python's `random` that the layouts seed; pointing it there on every use keeps layouts
    deterministic on any thread (the window lays out in a worker) and in any import order.
    """
    if "igraph" not in sys.modules and "matplotlib" not in sys.modules:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]
        try:
            import igraph
        finally:
            del sys.modules["matplotlib"]
    import igraph

    igraph.set_random_number_generator(random)
    module: ModuleType = igraph
    return module


def _igraph_core() -> ModuleType:
    """igraph's compiled core (`igraph._igraph`, whose GraphBase has every layout argmap calls), loaded
    without running the igraph package's __init__.

    That __init__ imports igraph's Python side (clustering, drawing, io, gzip, configparser...):
    about 25 ms of `argmap render`'s start-up for wrappers the layouts do not use. When the package
    is already imported (the window's overview uses its community detection) its core is the same
    module; when it is imported later it finds the core loaded and uses it. The random number
    generator is pointed at Python's `random` on every use, as by _igraph().
    """
    core = sys.modules.get("igraph._igraph")
    if core is None:
        import importlib.machinery
        import importlib.util

        spec = importlib.util.find_spec("igraph")
        folders = list(spec.submodule_search_locations or []) if spec is not None else []
        found = importlib.machinery.PathFinder.find_spec("igraph._igraph", folders)
        if found is None or found.loader is None:  # an unusual install: the ordinary import
            _igraph()
            core = sys.modules["igraph._igraph"]
        else:
            core = importlib.util.module_from_spec(found)
            sys.modules["igraph._igraph"] = core
            try:
                found.loader.exec_module(core)
            except BaseException:
                del sys.modules["igraph._igraph"]
                raise
    core.set_random_number_generator(random)
    return core


def median(values: np.ndarray) -> float:
    """np.median of a non-empty 1-D array, the same float, without its first-call cost.

    np.median imports numpy.ma on first use (about 15 ms of `argmap render`'s start-up, more when
    PySide6's import hook inspects each of its modules); a partition gives the same middle values.
    """
    a = np.asarray(values, dtype=float).ravel()
    k = len(a) // 2
    if len(a) % 2:
        return float(np.partition(a, k)[k])
    part = np.partition(a, (k - 1, k))
    return float(np.mean(part[k - 1 : k + 1]))


def _report(progress: Progress, fraction: float) -> None:
    if progress is not None:
        progress(fraction)


# --- components --------------------------------------------------------------------------------


def _by_components(ids: list[str], edges: list[tuple[int, int, str]], size: np.ndarray, name: str, seed: int,
                   progress: Progress) -> np.ndarray:
    n = len(ids)
    g = _igraph_core().GraphBase(n, [(u, v) for u, v, _ in edges], True)
    membership = g.connected_components("weak")  # component of each node, numbered by its lowest node
    members: list[list[int]] = [[] for _ in range(max(membership, default=-1) + 1)]
    for v, c in enumerate(membership):
        members[c].append(v)
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
    """Sugiyama-style: longest-path layers, barycentre ordering, then x by isotonic regression."""
    layer = _layers(n, sub)
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


def _layers(n: int, sub: list[tuple[int, int, str]]) -> np.ndarray:
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
    g = _igraph_core().GraphBase(n, list(dict.fromkeys(edges)), True)
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


# --- force -------------------------------------------------------------------------------------


def _force(n: int, sub: list[tuple[int, int, str]], size: np.ndarray, seed: int) -> np.ndarray:
    pairs = list(dict.fromkeys((min(u, v), max(u, v)) for u, v, _ in sub if u != v))
    g = _igraph_core().GraphBase(n, pairs, False)
    random.seed(seed)
    grid = "grid" if n > 400 else "nogrid"
    # a golden-angle spiral: a deterministic start. igraph's grid variant files vertices into a
    # grid over [-sqrt(n)/2, sqrt(n)/2]^2 and piles those outside into its border cells, so
    # there the spiral is drawn inside that square (radius sqrt(n)/2), not twice as wide:
    # FR then runs twice as fast (0.3 s instead of 0.6 s at 10,000 nodes)
    ang = np.arange(n) * 2.399963
    rad = np.sqrt(np.arange(n) + 0.5) * (0.5 if grid == "grid" else 1.0)
    start = np.column_stack((rad * np.cos(ang), rad * np.sin(ang))).tolist()
    lay = np.array(g.layout_fruchterman_reingold(seed=start, niter=300 if n < 3000 else 150, grid=grid), dtype=float)
    if not np.isfinite(lay).all():
        lay = np.nan_to_num(lay)
    # scale so that a typical edge is a bit longer than a typical box
    target = float(np.hypot(size[:, 0], size[:, 1]).mean()) * 1.25
    if pairs:
        e = np.array(pairs)
        lengths = np.hypot(*(lay[e[:, 0]] - lay[e[:, 1]]).T)
        typical = median(lengths[lengths > 0]) if (lengths > 0).any() else 1.0
    else:
        typical = 1.0
    lay = lay * (target / max(typical, 1e-9))
    # FR packs the middle of large graphs tighter than the rim: spread by the area the boxes need
    need = float((size[:, 0] + H_GAP).dot(size[:, 1] + H_GAP)) * 2.2
    span = np.ptp(lay, axis=0) + size.mean(axis=0)
    have = float(span[0] * span[1])
    if have < need:
        lay *= math.sqrt(need / have)
    centred: np.ndarray = lay - lay.mean(axis=0)
    return centred


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
    return _layers(n, edges).astype(float)


# --- overlap removal ---------------------------------------------------------------------------


def overlapping_pairs(xy: np.ndarray, size: np.ndarray, gap: float = 0.0) -> np.ndarray:
    """(k, 2) index pairs of boxes closer than `gap` on both axes.

    Boxes go into horizontal bands as tall as the tallest box (plus gap), so two boxes can only
    meet within a band or in neighbouring bands; each band is swept in x order. Candidates are
    then a few per box, not every box within a box's width across the whole map.
    """
    n = len(xy)
    if n < 2:
        return np.zeros((0, 2), dtype=int)
    reach_x = float(size[:, 0].max()) + gap
    band_h = float(size[:, 1].max()) + gap
    band = np.floor((xy[:, 1] - xy[:, 1].min()) / band_h).astype(np.int64)
    x = xy[:, 0] - xy[:, 0].min()
    stride = float(x.max()) + 2 * reach_x + 1.0  # keys of different bands never come within reach
    key = band * stride + x
    order = np.argsort(key, kind="stable")
    sk = key[order]
    pos = np.arange(n)
    found = []
    # same band: the boxes after each one, up to reach; next band: the boxes within reach either side
    for lo, hi in ((pos + 1, np.searchsorted(sk, sk + reach_x, side="left")),
                   (np.searchsorted(sk, sk + stride - reach_x, side="left"),
                    np.searchsorted(sk, sk + stride + reach_x, side="left"))):
        counts = np.maximum(hi - lo, 0)
        if not counts.any():
            continue
        a = np.repeat(pos, counts)
        b = np.arange(len(a)) - np.repeat(np.cumsum(counts) - counts, counts) + np.repeat(lo, counts)
        found.append((order[a], order[b]))
    if not found:
        return np.zeros((0, 2), dtype=int)
    i = np.concatenate([f[0] for f in found])
    j = np.concatenate([f[1] for f in found])
    dx = np.abs(xy[i, 0] - xy[j, 0]) - (size[i, 0] + size[j, 0]) / 2
    dy = np.abs(xy[i, 1] - xy[j, 1]) - (size[i, 1] + size[j, 1]) / 2
    hit = (dx < gap - 1e-6) & (dy < gap - 1e-6)
    pairs = np.column_stack((np.minimum(i[hit], j[hit]), np.maximum(i[hit], j[hit])))
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))] if len(pairs) else pairs


def remove_overlaps(xy: np.ndarray, size: np.ndarray, gap: float = 12.0, rounds: int = 12) -> np.ndarray:
    """Separate overlapping boxes, deterministically; the result never overlaps.

    A few rounds push overlapping pairs apart along their shallower axis (enough for scattered
    conflicts); if any remain (a jammed core), rows legalisation places every box.
    """
    xy = np.array(xy, dtype=float)
    first = None
    for k in range(rounds):
        pairs = overlapping_pairs(xy, size, gap)
        if not len(pairs):
            return xy
        first = len(pairs) if first is None else first
        if k == 3 and len(pairs) > first / 4:  # jammed: pushing will not untangle it
            break
        i, j = pairs[:, 0], pairs[:, 1]
        d = xy[j] - xy[i]
        need = (size[i] + size[j]) / 2 + gap
        pen = need - np.abs(d)
        sign = np.where(d >= 0, 1.0, -1.0)
        same = (d == 0).all(axis=1)
        sign[same, 0] = np.where(i[same] < j[same], 1.0, -1.0)
        along_x = pen[:, 0] / need[:, 0] <= pen[:, 1] / need[:, 1]
        move = np.zeros_like(d)
        move[along_x, 0] = pen[along_x, 0] * sign[along_x, 0] * 0.5
        move[~along_x, 1] = pen[~along_x, 1] * sign[~along_x, 1] * 0.5
        delta = np.zeros_like(xy)
        np.add.at(delta, j, move)
        np.add.at(delta, i, -move)
        counts = np.bincount(pairs.ravel(), minlength=len(xy)).reshape(-1, 1)
        xy += delta / np.maximum(counts, 1)
    if not len(overlapping_pairs(xy, size, gap)):
        return xy
    return legalize_rows(xy, size, gap)


def legalize_rows(xy: np.ndarray, size: np.ndarray, gap: float) -> np.ndarray:
    """Tetris legalisation from the middle outwards: each box goes into the nearby row band that moves it least.

    Rows have a fixed pitch; a tall box spans several. The right half is placed left to right
    (each row remembers its right edge), the left half right to left against the right half
    (mirrored), so crowded middles spread both ways instead of piling up on one side.
    """
    pitch = median(size[:, 1]) / 2 + gap / 2
    span = np.ceil((size[:, 1] + gap) / pitch).astype(int)
    out = xy.copy()
    order = np.lexsort((np.arange(len(xy)), xy[:, 0]))
    half = len(order) // 2
    right_half, left_half = order[half:], order[:half][::-1]
    edge: dict[int, float] = {}
    first_left: dict[int, float] = {}
    _tetris(right_half, xy[:, 0] - size[:, 0] / 2, xy, size, span, pitch, gap, edge, out, 1.0)
    for k in right_half.tolist():  # where the right half begins in each row, mirrored for the left half
        r0 = int(round((out[k, 1] - size[k, 1] / 2) / pitch))
        for r in range(r0, r0 + int(span[k])):
            left = out[k, 0] - size[k, 0] / 2
            first_left[r] = min(first_left.get(r, math.inf), left)
    mirrored = {r: -left + gap for r, left in first_left.items()}
    _tetris(left_half, -(xy[:, 0] + size[:, 0] / 2), xy, size, span, pitch, gap, mirrored, out, -1.0)
    return out


def _tetris(nodes: np.ndarray, lefts: np.ndarray, xy: np.ndarray, size: np.ndarray, span: np.ndarray, pitch: float,
            gap: float, edge: dict[int, float], out: np.ndarray, sign: float) -> None:
    """Place `nodes` in order; `lefts` are their wanted leading edges (negated x when sign is -1).

    A plain Python loop over plain lists (every node, a dozen candidate rows each): numpy
    scalars would cost several times more here.
    """
    get = edge.get
    want_l, w_l, h_l, span_l, y_l = lefts.tolist(), size[:, 0].tolist(), size[:, 1].tolist(), span.tolist(), xy[:, 1].tolist()
    for k in nodes.tolist():
        w, h, nk, want = w_l[k], h_l[k], span_l[k], want_l[k]
        want_row = round((y_l[k] - h / 2) / pitch)
        best_cost, best_r0, best_lead = math.inf, want_row, want
        for dr in _ROW_TRIES:
            shift = (dr * pitch) ** 2
            if shift >= best_cost:  # tries go outwards: no later row can cost less (ties keep the first)
                break
            r0 = want_row + dr
            lead = want
            for r in range(r0, r0 + nk):
                e = get(r)
                if e is not None and e > lead:
                    lead = e
            cost = (lead - want) ** 2 + shift
            if cost < best_cost:
                best_cost, best_r0, best_lead = cost, r0, lead
        for r in range(best_r0, best_r0 + nk):
            edge[r] = best_lead + w + gap
        out[k] = (sign * (best_lead + w / 2), best_r0 * pitch + h / 2)


_ROW_TRIES = (0, -1, 1, -2, 2, -3, 3, -4, 4, -6, 6, -8, 8)  # rows a box may move to, nearest first


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
