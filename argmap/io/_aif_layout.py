"""Where an AIF map's pieces go: the dialogue order of its locutions, and OVA's x/y fitted to argmap's boxes.

The dialogue order is a heap over the TA edges (n log n; a cycle is broken at the earliest
locution not yet placed, found by a pointer that only moves forward). The overlap check compares each claim
only with those in the neighbouring cells of a grid as large as the largest box, and stops once
the scale reaches its cap, so it is linear in the claims OVA placed for any real or stacked map.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict

import numpy as np

from argmap.io._aif_read import AifMap
from argmap.model.annotations import Corpus
from argmap.model.geometry import CLAIM_WIDTH, actor_box, claim_box


def chronological(m: AifMap, ids: list[str]) -> tuple[list[str], str]:
    """Locutions in the order they were said, and how that order was found.

    By start time when the locutions have one (one without a time stays right after the one
    before it in the file); else by the dialogue's transitions (TA: earlier L -> TA -> later L),
    ties and cycles broken by file order.
    """
    if any(m.starts.get(n) for n in ids):
        key, keys = "", {}
        for nid in ids:
            key = m.starts.get(nid) or key
            keys[nid] = key
        return sorted(ids, key=lambda n: keys[n]), "start time"
    rank = {nid: i for i, nid in enumerate(ids)}
    after: dict[str, set[str]] = defaultdict(set)
    before: Counter[str] = Counter()
    for ta in (n for n in m.order if m.nodes[n]["type"] == "TA"):
        for a in m.typed(m.ins[ta], "L"):
            for b in m.typed(m.outs[ta], "L"):
                if a in rank and b in rank and a != b and b not in after[a]:
                    after[a].add(b)
                    before[b] += 1
    if not after:
        return list(ids), "file order"
    heap = [(rank[n], n) for n in ids if not before[n]]
    heapq.heapify(heap)
    order: list[str] = []
    done: set[str] = set()
    earliest = 0  # every locution before ids[earliest] is done: a cycle is broken without a scan from the start
    while len(order) < len(ids):
        if not heap:  # a cycle: take the earliest remaining locution in the file
            while ids[earliest] in done:
                earliest += 1
            first = ids[earliest]
            before[first] = 0
            heap.append((rank[first], first))
        _, n = heapq.heappop(heap)
        if n in done:
            continue
        done.add(n)
        order.append(n)
        for b in after[n]:
            before[b] -= 1
            if before[b] <= 0 and b not in done:
                heapq.heappush(heap, (rank[b], b))
    return order, "the order of the dialogue's transitions (TA)"


def ova_positions(m: AifMap, corpus: Corpus, claim_of: dict[str, str]) -> str | None:
    """OVA's x/y of the I-nodes, spread just enough that argmap's boxes do not overlap;
    claims OVA did not place in a row below, actors in a row above."""
    xy_raw = {claim_of[i]: m.ova_xy[i] for i in reversed(m.order) if i in claim_of and i in m.ova_xy}
    if not xy_raw or len(xy_raw) < len(corpus.claims) / 2:
        return None
    ids = list(xy_raw)
    sizes = np.array([claim_box(corpus.claims[c].text) for c in ids], dtype=float)
    scale = _fit_scale(np.array([xy_raw[c] for c in ids], dtype=float), sizes)
    positions = {cid: (x * scale, y * scale) for cid, (x, y) in xy_raw.items()}
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    left, top, bottom = min(xs), min(ys), max(ys)
    for i, cid in enumerate(c for c in corpus.claims if c not in positions):
        positions[cid] = (left + i * (CLAIM_WIDTH + 30.0), bottom + 200.0)

    def mean_x(aid: str) -> float:
        linked = [positions[r.target][0] for r in corpus.relations_of(aid) if r.target in positions]
        return sum(linked) / len(linked) if linked else left

    prev_x, prev_w = -math.inf, 0.0
    for aid in sorted(corpus.actors, key=mean_x):
        w = actor_box(corpus.actors[aid].name)[0]
        x = max(mean_x(aid), prev_x + (prev_w + w) / 2 + 24.0)
        positions[aid] = (x, top - 160.0)
        prev_x, prev_w = x, w
    corpus.set_positions(positions, "ova")
    return (f"positions: OVA's x/y of {len(xy_raw)} claims (scaled x{scale:.2f} so boxes do not overlap); "
            "actors in a row above")


def _fit_scale(xy: np.ndarray, sizes: np.ndarray, gap: float = 24.0, most: float = 6.0) -> float:
    """The smallest scale (>= 1) at which no two boxes centred at xy overlap (capped: OVA may stack nodes).

    Only boxes that overlap at scale 1 need a larger scale, and those lie in neighbouring cells of
    a grid as large as the largest box: each box is compared with its 3 x 3 cells, not with all."""
    if len(xy) < 2:
        return 1.0
    # boxes on the very same spot cannot be parted by scaling: keep each spot once, with its largest box
    xy, where = np.unique(xy, axis=0, return_inverse=True)
    where = where.reshape(-1)
    biggest = np.zeros((len(xy), 2))
    np.maximum.at(biggest, where, sizes)
    sizes = biggest
    cell = sizes.max(axis=0) + gap
    keys = np.floor(xy / cell).astype(np.int64)
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (cx, cy) in enumerate(keys.tolist()):
        cells[(cx, cy)].append(i)
    best = 1.0
    for (cx, cy), members in cells.items():
        near = [j for ox in (-1, 0, 1) for oy in (-1, 0, 1) for j in cells.get((cx + ox, cy + oy), ())]
        b, sb = xy[near], sizes[near]
        for lo in range(0, len(members), 256):  # in row blocks: a crowded cell needs little memory
            here = members[lo:lo + 256]
            a, sa = xy[here], sizes[here]
            dx = np.abs(a[:, None, 0] - b[None, :, 0])
            dy = np.abs(a[:, None, 1] - b[None, :, 1])
            need_x = (sa[:, None, 0] + sb[None, :, 0]) / 2 + gap
            need_y = (sa[:, None, 1] + sb[None, :, 1]) / 2 + gap
            sx = np.where(dx > 0, need_x / np.maximum(dx, 1e-9), np.inf)
            sy = np.where(dy > 0, need_y / np.maximum(dy, 1e-9), np.inf)
            need = np.minimum(sx, sy)
            need = need[np.isfinite(need)]
            if need.size:
                best = max(best, float(need.max()))
            if best >= most:  # crowded: the cap is reached, no need to look further
                return most
    return min(most, best)
