"""Which nodes keep a readable label on a zoomed-out map, and where (Qt-free).

At "fit whole map" box text is far too small to read, so the map would be grey bars. The nodes
that matter most keep a short label in screen-sized type, up to two lines so that a claim can be
read, not guessed; going down the ranking, a label is kept only where it overlaps no label already
kept (centred on its node, else just above or below it). The choice is made once per zoom level,
for the whole map, so every tile of the view agrees on it. Emphasised nodes (the selection and
its neighbours) go first, so the part of the map the user is reading is the readable part.
Labels stay inside the map's bounds and inside their document lane, so none runs off the view or
over a neighbouring lane.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from argmap.model.light_graph import LightGraph

if TYPE_CHECKING:
    import networkx as nx  # annotations only: `argmap render` draws a LightGraph and never imports networkx

LABEL_PX = 12.0  # label type size on screen, in pixels
LABEL_CHARS = 56  # labels are cut to about this many characters (two lines)
LINE_CHARS = 30  # characters on one label line
MAX_LINES = 3  # a label in a narrow lane may take a third line
MIN_LINE_CHARS = 9  # narrower than this a label says nothing: none is drawn
CHAR_EM = 0.6  # average advance of a bold sans character, in ems
MAX_LABELS = 45  # a few dozen labels say more than hundreds
CANDIDATES = 3000  # only the top of the ranking is tried
PAD_PX = 10.0  # horizontal padding of a label, in pixels
GAP_PX = 8.0  # at least this many pixels between two labels
LABEL_SHARE = 0.25  # labels cover at most this share of the map: the links between them stay in sight


@dataclass(frozen=True)
class Label:
    """A placed overview label: node index, box (world units) and its lines of text."""

    i: int
    x0: float
    y0: float
    x1: float
    y1: float
    lines: tuple[str, ...]


def importance(graph: nx.MultiDiGraph, ids: list[str]) -> np.ndarray:
    """A node's weight on the overview: what makes it part of the story.

    A claim weighs its links, half its mentions and two for every further document that carries
    it (the claims the articles argue over); an actor half its links, since its pill already
    names it and an author who asserts much is not what the story is about.
    """
    out = []
    # networkx: one pass over the adjacency (a degree-view lookup per node took 1 s at 50,000 claims);
    # a LightGraph answers each node from its own dicts
    # a few nodes (an edit re-weighs the ends of its links) are looked up one by one: the pass over
    # the whole adjacency cost 50 ms per edit at 10,000 claims
    few = isinstance(graph, LightGraph) or len(ids) * 8 < len(graph)
    degrees = {n: graph.degree(n) for n in ids} if few else dict(graph.degree())
    nodes = graph.nodes
    for n in ids:
        d = nodes[n]
        deg = degrees[n]
        if d.get("kind") == "actor":
            out.append(0.5 * deg)
        else:
            out.append(deg + 0.5 * len(d.get("mentions", ())) + 2.0 * max(0, len(d.get("docs", ())) - 1))
    return np.array(out, dtype=float)


def short_label(text: str, chars: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    if len(text) <= chars:
        return text
    cut = text[: chars - 1].rsplit(" ", 1)[0] or text[: chars - 1]
    return cut.rstrip(",;:") + "…"


@functools.lru_cache(maxsize=1 << 16)  # the same claims are wrapped again on every zoom step and click
def wrap_label(text: str, line_chars: int = LINE_CHARS, max_lines: int = 2) -> tuple[str, ...]:
    """`text` in at most `max_lines` lines of about `line_chars` characters, cut at a word with …"""
    text = short_label(text, line_chars * max_lines)
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if len(word) > line_chars:
            word = word[: line_chars - 1] + "…"
        if line and len(line) + 1 + len(word) > line_chars:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1].rstrip("…")
        lines[-1] = (last if len(last) < line_chars else last[: line_chars - 1]) + "…"
    return tuple(lines)


def label_size(text: str | Sequence[str], ppu: float) -> tuple[float, float]:
    """World-unit width and height of a label (one string, or its lines) drawn LABEL_PX tall at `ppu`."""
    lines = [text] if isinstance(text, str) else list(text)
    chars = max((len(t) for t in lines), default=0)
    return (chars * CHAR_EM * LABEL_PX + PAD_PX) / ppu, (LABEL_PX * (0.3 + 1.2 * len(lines))) / ppu


def lane_limits(cx: np.ndarray, columns: Sequence[tuple[float, float]], lo: float, hi: float) -> np.ndarray:
    """(left, right) that each node's label must keep within: its lane, or the gap between two lanes.

    `columns` are the lanes' (left, right); a node outside every lane (a claim several documents
    share) gets the space between its neighbouring lanes; `lo`, `hi` bound the map.
    """
    out = np.empty((len(cx), 2))
    out[:, 0], out[:, 1] = lo, hi
    lanes = sorted(columns)
    for i, x in enumerate(cx.tolist()):
        for left, right in lanes:
            if left <= x <= right:
                out[i] = (left, right)
                break
            if right < x:
                out[i, 0] = right
            elif left > x:
                out[i, 1] = left
                break
    return out


def place_labels(cx: np.ndarray, cy: np.ndarray, labels: list[str], weight: np.ndarray, ppu: float,
                 visible: np.ndarray | None = None, most: int = MAX_LABELS, *, first: np.ndarray | None = None,
                 top: int | None = None, bounds: tuple[float, float, float, float] | None = None,
                 limits: np.ndarray | None = None, heights: np.ndarray | None = None,
                 max_share: float | None = None) -> list[Label]:
    """The labels drawn at `ppu`: emphasised (`first`) nodes before the rest, heaviest first, `top` first of all.

    No two labels overlap. A label is centred on its node, or just above or below the node's box
    (`heights`) when the centre is taken; it is shifted inside `bounds` (x0, y0, x1, y1) and cut
    to the width of its node's `limits` (see lane_limits). A small grid of cells finds the labels
    already kept near a candidate, so the cost grows with the labels kept, not the map.
    `max_share` caps the share of the map's area (`bounds`) the labels cover, so that there is map
    between them: the links that say who supports and who attacks whom (emphasised nodes and `top`
    are not held back by it).
    """
    key = -weight if first is None else -(weight + np.where(first, 1e9, 0.0))
    if top is not None and 0 <= top < len(key):
        key = key.copy()
        key[top] = -np.inf
    order = np.argsort(key, kind="stable")
    if visible is not None:
        order = order[visible[order]]
    order = order[(weight[order] > 0) | (first[order] if first is not None else False) | (order == top)][:CANDIDATES]
    kept: list[Label] = []
    cell = (LINE_CHARS * CHAR_EM * LABEL_PX + PAD_PX) / ppu
    grid: dict[tuple[int, int], list[int]] = {}
    boxes: list[tuple[float, float, float, float]] = []  # kept labels' corners, as plain tuples
    em = CHAR_EM * LABEL_PX / ppu
    gap = GAP_PX / ppu  # kept between labels, so that the links between them show
    # the candidates' values as Python floats, read once: numpy scalar arithmetic was most of the loop
    xs, ys = cx[order].tolist(), cy[order].tolist()
    lims = limits[order].tolist() if limits is not None else None
    hs = heights[order].tolist() if heights is not None else None
    room_left = math.inf
    if max_share is not None and bounds is not None:
        room_left = max_share * max(bounds[2] - bounds[0], 0.0) * max(bounds[3] - bounds[1], 0.0)
    firsts = first[order].tolist() if first is not None else None
    for n, i in enumerate(order.tolist()):
        chars, max_lines = LINE_CHARS, 2
        if lims is not None:
            room = int(((lims[n][1] - lims[n][0]) * ppu - PAD_PX) / (CHAR_EM * LABEL_PX))
            if room < MIN_LINE_CHARS:
                continue
            if room < chars:
                chars, max_lines = room, MAX_LINES
        lines = wrap_label(labels[i], chars, max_lines)
        if not lines:
            continue
        w, h = label_size(lines, ppu)
        x0 = xs[n] - w / 2
        if lims is not None:
            x0 = min(max(x0, lims[n][0]), lims[n][1] - w)
        if bounds is not None:
            x0 = min(max(x0, bounds[0]), bounds[2] - w)
        half = (hs[n] / 2 if hs is not None else 0.0) + h / 2 + 0.2 * em
        for dy in (0.0, -half, half):
            y0 = ys[n] + dy - h / 2
            if bounds is not None:
                y0 = min(max(y0, bounds[1]), bounds[3] - h)
            x1, y1 = x0 + w, y0 + h
            a0, b0, a1, b1 = x0 - gap, y0 - gap, x1 + gap, y1 + gap  # the label with the gap it keeps
            if not _overlaps(grid, boxes, a0, b0, a1, b1, math.floor(a0 / cell), math.floor(a1 / cell),
                             math.floor(b0 / cell), math.floor(b1 / cell)):
                gx0, gx1 = math.floor(x0 / cell), math.floor(x1 / cell)
                gy0, gy1 = math.floor(y0 / cell), math.floor(y1 / cell)
                break
        else:
            continue
        area = (x1 - x0) * (y1 - y0)
        if area > room_left and i != top and not (firsts is not None and firsts[n]):
            continue
        room_left -= area
        for gx in range(gx0, gx1 + 1):
            for gy in range(gy0, gy1 + 1):
                grid.setdefault((gx, gy), []).append(len(kept))
        kept.append(Label(i, x0, y0, x1, y1, lines))
        boxes.append((x0, y0, x1, y1))
        if len(kept) >= most:
            break
    return kept


def _overlaps(grid: dict[tuple[int, int], list[int]], boxes: list[tuple[float, float, float, float]],
              x0: float, y0: float, x1: float, y1: float, gx0: int, gx1: int, gy0: int, gy1: int) -> bool:
    """Whether the box overlaps a kept one: every kept box is filed under each cell it covers, so any
    overlapping one shares a cell with cells gx0..gx1 x gy0..gy1. Stops at the first hit (a click at
    whole-map zoom tries up to CANDIDATES boxes: this test was most of its 100 ms at 50,000 claims)."""
    for gx in range(gx0, gx1 + 1):
        for gy in range(gy0, gy1 + 1):
            for k in grid.get((gx, gy), ()):
                a0, b0, a1, b1 = boxes[k]
                if x0 < a1 and a0 < x1 and y0 < b1 and b0 < y1:
                    return True
    return False


def pick_labels(cx: np.ndarray, cy: np.ndarray, labels: list[str], weight: np.ndarray, ppu: float,
                visible: np.ndarray | None = None, most: int = MAX_LABELS, **kw: Any) -> list[int]:
    """Indices of the nodes that get a label at `ppu` (see place_labels)."""
    return [lab.i for lab in place_labels(cx, cy, labels, weight, ppu, visible, most, **kw)]
