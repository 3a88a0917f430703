"""Which nodes keep a readable label on a zoomed-out map (Qt-free).

At "fit whole map" box text is far too small to read, so the map would be grey bars. The nodes
that matter most (most links, most mentions) keep a short label in screen-sized type; going
down the ranking, a label is kept only where it overlaps no label already kept. The choice is
made once per zoom level, for the whole map, so every tile of the view agrees on it.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

LABEL_PX = 12.0  # label type size on screen, in pixels
LABEL_CHARS = 34  # labels are cut to about this many characters
CHAR_EM = 0.56  # average advance of a character, in ems (a sans font)
MAX_LABELS = 45  # a few dozen labels say more than hundreds
CANDIDATES = 3000  # only the top of the ranking is tried


def importance(graph: nx.MultiDiGraph, ids: list[str]) -> np.ndarray:
    """A node's weight on the overview: its links, plus half its mentions (actors: their claims)."""
    return np.array([graph.degree(n) + 0.5 * len(graph.nodes[n].get("mentions", ())) for n in ids], dtype=float)


def short_label(text: str, chars: int = LABEL_CHARS) -> str:
    text = " ".join(str(text).split())
    if len(text) <= chars:
        return text
    cut = text[: chars - 1].rsplit(" ", 1)[0] or text[: chars - 1]
    return cut + "…"


def label_size(text: str, ppu: float) -> tuple[float, float]:
    """World-unit width and height of a label of `text` drawn LABEL_PX pixels tall at `ppu`."""
    return (len(text) * CHAR_EM * LABEL_PX + 10) / ppu, (LABEL_PX * 1.5) / ppu


def pick_labels(cx: np.ndarray, cy: np.ndarray, labels: list[str], weight: np.ndarray, ppu: float,
                visible: np.ndarray | None = None, most: int = MAX_LABELS) -> list[int]:
    """Indices of the nodes that get a label at `ppu`, heaviest first, no two labels overlapping.

    A label is centred on its node; a small grid of cells (one label wide) finds the labels
    already kept near a candidate, so the cost grows with the labels kept, not the map.
    """
    order = np.argsort(-weight, kind="stable")
    if visible is not None:
        order = order[visible[order]]
    order = order[weight[order] > 0][:CANDIDATES]
    kept: list[int] = []
    boxes: list[tuple[float, float, float, float]] = []
    cell = (LABEL_CHARS * CHAR_EM * LABEL_PX + 10) / ppu
    grid: dict[tuple[int, int], list[int]] = {}
    for i in order.tolist():
        w, h = label_size(labels[i], ppu)
        x0, y0, x1, y1 = cx[i] - w / 2, cy[i] - h / 2, cx[i] + w / 2, cy[i] + h / 2
        gx0, gx1 = math.floor(x0 / cell), math.floor(x1 / cell)
        gy0, gy1 = math.floor(y0 / cell), math.floor(y1 / cell)
        near = {k for gx in range(gx0 - 1, gx1 + 2) for gy in range(gy0 - 1, gy1 + 2) for k in grid.get((gx, gy), ())}
        if any(x0 < boxes[k][2] and boxes[k][0] < x1 and y0 < boxes[k][3] and boxes[k][1] < y1 for k in near):
            continue
        boxes.append((x0, y0, x1, y1))
        for gx in range(gx0, gx1 + 1):
            for gy in range(gy0, gy1 + 1):
                grid.setdefault((gx, gy), []).append(len(boxes) - 1)
        kept.append(i)
        if len(kept) >= most:
            break
    return kept
