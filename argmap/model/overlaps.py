"""Boxes that must not overlap: finding overlapping pairs (banded, so it stays near-linear) and
separating them, by a few rounds of pushes and, for a jammed core, row legalisation. Every
layout ends here; the painter uses the pair finder to draw stacked boxes in order.
"""

from __future__ import annotations

import math

import numpy as np

from argmap.model.layout_tools import median


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
