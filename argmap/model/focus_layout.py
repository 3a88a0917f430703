"""Focus mode's own layout: the neighbourhood of one claim laid out around it (Qt-free).

With global positions a focused claim's dozen links pile onto one box. Here the focused node
sits in the middle; what supports it stands in columns to its left, what rebuts or undercuts
it to its right, what it supports or attacks above, and the actors who assert or deny it in a
row below. Nodes further out go one column further out on the side of the neighbour they were
reached through. Deterministic: the same neighbourhood always looks the same.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from argmap.model.geometry import node_box

if TYPE_CHECKING:
    import networkx as nx  # annotations only: `argmap render` draws a LightGraph and never imports networkx

GAP_X = 70.0  # between columns (room for arrows)
GAP_Y = 22.0  # between boxes in a column
ROW_GAP = 90.0  # between the centre (or the columns) and the rows above and below
ROW_LENGTH = 4  # boxes per row above and below; more wrap onto further rows

Side = str  # "left", "right", "top", "bottom"


def _side(graph: nx.MultiDiGraph, centre: str, node: str) -> Side:
    """Where a direct neighbour goes, from the links between it and the centre."""
    if graph.nodes[node].get("kind") == "actor":
        return "bottom"
    into = {d.get("kind") for _, v, d in graph.out_edges(node, data=True) if v == centre}
    if "supports" in into:
        return "left"
    if into & {"rebuts", "undercuts"}:
        return "right"
    return "top"  # the centre supports, rebuts or undercuts it


def focus_layout(graph: nx.MultiDiGraph, centre: str, shown: Collection[str],
                 size: Callable[[str], tuple[float, float]] | None = None) -> dict[str, tuple[float, float]]:
    """Positions (box centres) for the `shown` nodes, the focused node `centre` at (0, 0)."""
    size = size or (lambda n: node_box(graph, n))
    shown = set(shown) & set(graph.nodes)
    if centre not in shown:
        return {}
    # breadth first from the centre: each node's side and ring (links away)
    side: dict[str, Side] = {centre: "centre"}
    ring: dict[str, int] = {centre: 0}
    order = [centre]
    for node in order:
        nbrs = sorted(set(graph.predecessors(node)) | set(graph.successors(node)), key=str)
        for other in nbrs:
            if other in shown and other not in ring:
                ring[other] = ring[node] + 1
                side[other] = _side(graph, centre, other) if node == centre else side[node]
                order.append(other)
    rest = sorted((n for n in shown if n not in ring), key=str)  # shown but not linked (the filters let them in)
    for n in rest:
        ring[n], side[n] = 1, "top"
        order.append(n)
    groups: dict[tuple[Side, int], list[str]] = {}
    for n in order[1:]:
        groups.setdefault((side[n], ring[n]), []).append(n)
    cw, ch = size(centre)
    pos: dict[str, tuple[float, float]] = {centre: (0.0, 0.0)}
    # left and right: columns going outwards, each centred on the middle row
    reach = ch / 2  # how far the columns reach up and down: the rows above and below clear them
    for s, sign in (("left", -1.0), ("right", 1.0)):
        edge = cw / 2
        for k in sorted(r for (gs, r) in groups if gs == s):
            col = groups[(s, k)]
            width = max(size(n)[0] for n in col)
            x = sign * (edge + GAP_X + width / 2)
            reach = max(reach, _stack(col, x, size, pos))
            edge += GAP_X + width
    # top and bottom: rows of a few boxes going outwards, centred on the middle column
    for s, sign in (("top", -1.0), ("bottom", 1.0)):
        edge = reach
        for k in sorted(r for (gs, r) in groups if gs == s):
            nodes = groups[(s, k)]
            for start in range(0, len(nodes), ROW_LENGTH):
                row = nodes[start:start + ROW_LENGTH]
                height = max(size(n)[1] for n in row)
                y = sign * (edge + (ROW_GAP if start == 0 else GAP_Y) + height / 2)
                _row(row, y, size, pos)
                edge += (ROW_GAP if start == 0 else GAP_Y) + height
    return pos


def _stack(col: list[str], x: float, size: Callable[[str], tuple[float, float]], pos: dict[str, Any]) -> float:
    """A column centred on y = 0; returns how far it reaches up (and down)."""
    total = sum(size(n)[1] for n in col) + GAP_Y * (len(col) - 1)
    y = -total / 2
    for n in col:
        h = size(n)[1]
        pos[n] = (x, y + h / 2)
        y += h + GAP_Y
    return total / 2


def _row(row: list[str], y: float, size: Callable[[str], tuple[float, float]], pos: dict[str, Any]) -> None:
    total = sum(size(n)[0] for n in row) + 28.0 * (len(row) - 1)
    x = -total / 2
    for n in row:
        w = size(n)[0]
        pos[n] = (x + w / 2, y)
        x += w + 28.0
