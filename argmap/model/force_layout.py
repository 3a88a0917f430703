"""The force engine: igraph's Fruchterman-Reingold (grid variant on large components) from a
deterministic spiral start, scaled so boxes fit (networkx's spring_layout is 186 times slower at
10,000 nodes; benchmarks/RESULTS.md).
"""

from __future__ import annotations

import math
import random

import numpy as np

from argmap.model.layout_tools import H_GAP, load_igraph_core, median


def force(n: int, sub: list[tuple[int, int, str]], size: np.ndarray, seed: int) -> np.ndarray:
    pairs = list(dict.fromkeys((min(u, v), max(u, v)) for u, v, _ in sub if u != v))
    g = load_igraph_core().GraphBase(n, pairs, False)
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
