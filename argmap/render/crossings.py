"""Links that pass under a box they do not touch: drawn again, faintly, over that box.

Boxes are drawn over edges, so a link running beneath an unrelated box looked as if it started
or ended there ("With rescue operations... supports Whoever..."). The rule: where a link crosses
a box that is neither of its ends, the crossing part is stroked once more on top of the box, at
CROSSING_ALPHA, so it reads as passing over, and the box's text stays legible beneath it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath

from argmap.render.edges import EdgeDrawing

CROSSING_ALPHA = 0.35  # the link over a box it crosses: visible, the box text still readable
MAX_PAIRS = 400_000  # edges x boxes tested at once (a few MB of temporaries); past it nothing is redrawn


def crossing_pairs(ax: np.ndarray, ay: np.ndarray, bx: np.ndarray, by: np.ndarray,
                   x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(edge, box) index pairs where segment a->b passes through the box's interior (Liang-Barsky).

    Segments are the drawn ones (border to border), so a box a link starts or ends at is not
    crossed by it unless the two boxes overlap; callers drop those pairs by id anyway.
    """
    e, n = len(ax), len(x0)
    if not e or not n or e * n > MAX_PAIRS:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    dx, dy = (bx - ax)[:, None], (by - ay)[:, None]
    t_in = np.zeros((e, n))
    t_out = np.ones((e, n))
    with np.errstate(divide="ignore", invalid="ignore"):
        for d, p, lo, hi in ((dx, ax[:, None], x0[None, :], x1[None, :]), (dy, ay[:, None], y0[None, :], y1[None, :])):
            ta, tb = (lo - p) / d, (hi - p) / d
            near, far = np.minimum(ta, tb), np.maximum(ta, tb)
            flat = d == 0  # parallel to this axis: inside its slab or never
            inside = (p > lo) & (p < hi)
            near = np.where(flat, np.where(inside, -np.inf, np.inf), near)
            far = np.where(flat, np.where(inside, np.inf, -np.inf), far)
            t_in = np.maximum(t_in, near)
            t_out = np.minimum(t_out, far)
    hit = t_out - t_in > 1e-6
    ei, bi = np.nonzero(hit)
    return ei.astype(np.int64), bi.astype(np.int64)


def distinct(a: np.ndarray) -> np.ndarray:
    """np.unique of a 1-D integer array, without np.unique: that imports numpy.ma on first use, and
    after PySide6 every import is read by its import hook (about 15 ms of a small map's render)."""
    if len(a) < 2:
        return a.copy()
    s = np.sort(a)
    return s[np.concatenate(([True], s[1:] != s[:-1]))]


class CrossingDrawing(EdgeDrawing):
    """The crossing pass: after the boxes, the links that run under boxes they do not touch."""

    def _paint_crossings(self, p: QPainter, edges: np.ndarray, boxes: np.ndarray, view: QRectF, ppu: float,
                         solid: bool = False, thick: bool = False) -> None:
        """Edges `edges` stroked again, at CROSSING_ALPHA, only inside the boxes of `boxes` they cross."""
        if not len(edges) or not len(boxes):
            return
        ax, ay, bx, by = self._segments(edges)
        hw, hh = self.w[boxes] / 2, self.h[boxes] / 2
        ei, bi = crossing_pairs(ax, ay, bx, by, self.cx[boxes] - hw, self.cy[boxes] - hh,
                                self.cx[boxes] + hw, self.cy[boxes] + hh)
        if not len(ei):
            return
        e, node = edges[ei], boxes[bi]
        own = (self.esrc[e] == node) | (self.edst[e] == node)
        att = self.eattack[e]
        und = att >= 0  # an undercut ends on its link's middle: that link's ends are its own too
        if und.any():
            a = att[und]
            own[und] |= (self.esrc[a] == node[und]) | (self.edst[a] == node[und])
        crossed = distinct(node[~own])
        if not len(crossed):
            return
        clip = QPainterPath()
        for i in crossed.tolist():
            clip.addRect(QRectF(self.cx[i] - self.w[i] / 2, self.cy[i] - self.h[i] / 2, self.w[i], self.h[i]))
        p.save()
        p.setClipPath(clip)
        p.setOpacity(CROSSING_ALPHA)
        self._paint_edges(p, distinct(e[~own]), view, ppu, thick=thick, solid=solid)
        p.restore()
