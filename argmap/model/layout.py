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

This module is the entry: it lays out each connected component with its engine
(layered_layout.py, force_layout.py; document_layout.py lays out the whole graph), packs the
components side by side, and removes what overlap remains (overlaps.py). What the engines
share is in layout_tools.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from argmap.model.document_layout import by_document
from argmap.model.force_layout import force
from argmap.model.geometry import node_box
from argmap.model.layered_layout import layered
from argmap.model.layout_names import LAYOUTS
from argmap.model.layout_tools import COMPONENT_GAP, H_GAP, load_igraph_core
from argmap.model.overlaps import remove_overlaps

if TYPE_CHECKING:
    import networkx as nx  # annotations only: `argmap render` draws a LightGraph and never imports networkx

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
        xy = by_document(graph, ids, index, edges, size)
    else:
        xy = _by_components(ids, edges, size, name, seed, progress)
    _report(progress, 0.9)
    xy = remove_overlaps(xy, size)
    lo = (xy - size / 2).min(axis=0)
    xy -= lo  # the map's top-left corner at (0, 0)
    _report(progress, 1.0)
    return dict(zip(ids, map(tuple, np.round(xy, 2).tolist()), strict=True))


def _report(progress: Progress, fraction: float) -> None:
    if progress is not None:
        progress(fraction)


# --- components --------------------------------------------------------------------------------


def _by_components(ids: list[str], edges: list[tuple[int, int, str]], size: np.ndarray, name: str, seed: int,
                   progress: Progress) -> np.ndarray:
    n = len(ids)
    g = load_igraph_core().GraphBase(n, [(u, v) for u, v, _ in edges], True)
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
        return layered(len(comp), sub, size[comp])
    return force(len(comp), sub, size[comp], seed)


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
