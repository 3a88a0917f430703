"""Where a new node goes on a map that is already arranged: in free space, next to what it links to.

Re-running the layout for one new claim would move every node the user has looked at; putting
it at a fixed offset can land it on another node (and hide that node's edges). `place_nodes`
searches outward from the node's neighbours for the nearest spot where its box, with a gap,
touches no other box.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import networkx as nx
import numpy as np

from argmap.model.geometry import node_box

GAP = 24.0  # free space kept around a placed box, in world units
RINGS = 14  # how far the search goes before falling back to the edge of the map


def free_spot(anchor: tuple[float, float], size: tuple[float, float], boxes: np.ndarray, *,
              anchor_size: tuple[float, float] = (0.0, 0.0), gap: float = GAP) -> tuple[float, float]:
    """The centre nearest `anchor` (preferring its right, then left, below, above) for a box of
    `size` that overlaps none of `boxes` (rows of cx, cy, w, h) with `gap` around it."""
    w, h = size
    ax, ay = anchor
    step_x, step_y = (w + gap) / 2, (h + gap) / 2
    first_dx = (anchor_size[0] + w) / 2 + gap  # beside the anchor, not on it
    candidates = []
    for i in range(-RINGS, RINGS + 1):
        for j in range(-RINGS, RINGS + 1):
            dx, dy = i * step_x, j * step_y
            if i > 0:
                dx += first_dx - step_x
            elif i < 0:
                dx -= first_dx - step_x
            distance = math.hypot(dx, dy * 1.5)  # a spot beside reads better than one above or below
            candidates.append((distance, 0 if i > 0 else 1 if i < 0 else 2, abs(j), dx, dy))
    candidates.sort()
    if len(boxes):
        cx, cy, bw, bh = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
        for *_, dx, dy in candidates:
            x, y = ax + dx, ay + dy
            if not np.any((np.abs(cx - x) < (bw + w) / 2 + gap) & (np.abs(cy - y) < (bh + h) / 2 + gap)):
                return (x, y)
        right = float(np.max(cx + bw / 2))  # crowded all round: beyond the right edge of the map
        return (right + gap + w / 2, ay)
    return anchor  # an empty map: any spot is free


Point = tuple[float, float]


def place_nodes(graph: nx.MultiDiGraph, positions: Mapping[str, Point], new: Iterable[str],
                fallback: Point | None = None, near: Mapping[str, str] | None = None,
                boxes: np.ndarray | None = None) -> dict[str, Point]:
    """Positions for the `new` nodes of `graph`, each in free space beside its placed neighbours.

    `near` names a preferred anchor for some nodes (e.g. the actor a new claim is said by);
    nodes without a placed neighbour go near `fallback` (the middle of the view), else the map's centre.
    `boxes` (rows of centre x, centre y, width, height) are the placed nodes' boxes when the caller
    has them already (the window's painter): measuring every box again costs ~40 ms at 10,000 claims.
    """
    placed = {k: v for k, v in positions.items() if k in graph} if boxes is None else _Placed(graph, positions)
    if boxes is None:
        rows = [(x, y, *node_box(graph, k)) for k, (x, y) in placed.items()]
        boxes = np.array(rows, dtype=float).reshape(len(rows), 4)
    if fallback is None:
        fallback = (float(boxes[:, 0].mean()), float(boxes[:, 1].mean())) if len(boxes) else (0.0, 0.0)
    result: dict[str, tuple[float, float]] = {}
    for node in new:
        if node not in graph or node in placed:
            continue
        anchors = [near[node]] if near and near.get(node) in placed else [
            n for n in nx.all_neighbors(graph, node) if n in placed]
        if anchors:
            ax = sum(placed[a][0] for a in anchors) / len(anchors)
            ay = sum(placed[a][1] for a in anchors) / len(anchors)
            anchor_size = node_box(graph, anchors[0]) if len(anchors) == 1 else (0.0, 0.0)
        else:
            (ax, ay), anchor_size = fallback, (0.0, 0.0)
        size = node_box(graph, node)
        spot = free_spot((ax, ay), size, boxes, anchor_size=anchor_size)
        result[node] = placed[node] = spot
        boxes = np.vstack([boxes, [[spot[0], spot[1], size[0], size[1]]]])
    return result


class _Placed(dict[str, Point]):
    """The placed nodes as place_nodes asks about them (a few anchors), without copying every position."""

    def __init__(self, graph: nx.MultiDiGraph, positions: Mapping[str, Point]) -> None:
        super().__init__()
        self._graph, self._positions = graph, positions

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or (key in self._graph and key in self._positions)

    def __getitem__(self, key: str) -> Point:
        return dict.__getitem__(self, key) if dict.__contains__(self, key) else self._positions[key]
