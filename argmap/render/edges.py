"""Edges of the map: which are shown and in view, where they run, which one is under a point, and
their strokes, batched per kind (one path per style, never one item per edge, so 10,000+ edges
stay fluid); dense drafts go through argmap.render.splat.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from argmap.render import style as S
from argmap.render.map_arrays import MapArrays, exit_t
from argmap.render.paint_state import PaintState
from argmap.render.splat import LineLayer, can_splat, clip_segments, splat_lines
from argmap.render.strokes import ARROW, DASH_PERIOD, paint_dots, paint_heads, paint_voice_marks, subpaths

FADE_FROM = 0.04  # edge_coverage above which edges fade (down to MIN_EDGE_ALPHA)
MIN_EDGE_ALPHA = 0.3
ATTACKS = ("rebuts", "undercuts")  # fade half as far (on a log scale): "who attacks what" reads from the fitted map


def edge_alpha(kind: str, coverage: float) -> float:
    """How opaque an unemphasised edge of `kind` is drawn when strokes cover `coverage` of the map:
    the denser the map, the fainter, so boxes stay readable; attacks keep the square root of it."""
    fade = float(np.clip(FADE_FROM / max(coverage, 1e-9), MIN_EDGE_ALPHA, 1.0))
    return fade ** 0.5 if kind in ATTACKS else fade


class EdgeDrawing(MapArrays):
    """Edge queries and strokes over the shared arrays."""

    def edge_coverage(self, ppu: float) -> float:
        """About what share of the map's area edge strokes cover at `ppu` (1-pixel lines)."""
        if not len(self.esrc):
            return 0.0
        if self._edge_density is None:  # total edge length per unit of area; positions reset it
            length = float(np.hypot(self.cx[self.edst] - self.cx[self.esrc], self.cy[self.edst] - self.cy[self.esrc]).sum())
            b = self._box_bounds(np.ones(len(self.ids), dtype=bool))
            self._edge_density = length / max(b.width() * b.height(), 1e-9)
        return self._edge_density / max(ppu, 1e-9)

    def edge_alphas(self, ppu: float) -> tuple[tuple[str, int], ...]:
        """Each kind's plain-edge opacity at `ppu`, in 8-bit steps: it depends on every link's length,
        so an edit that moves it changes the look of tiles far from the edit (issue 14)."""
        coverage = self.edge_coverage(ppu)
        return tuple((k, round(edge_alpha(k, coverage) * 255)) for k in self.edge_kinds)

    def _visible_edges(self, view: QRectF, vis: np.ndarray, kinds: set[str] | None,
                       touching: np.ndarray | None = None) -> np.ndarray:
        """Edges between `vis` nodes, of `kinds`, whose bounding box meets `view`.

        With `touching`, only edges with at least one end in that mask.
        """
        if not len(self.esrc):
            return np.zeros(0, dtype=np.int64)
        ok = vis[self.esrc] & vis[self.edst]
        if kinds is not None:
            allowed = np.array([k in kinds for k in self.edge_kinds])
            ok &= allowed[self.ekind_idx]
        und = self.undercuts
        att = self.eattack[und]
        if len(und):  # an undercut is shown only with the edge it attacks
            ok[und] &= (att >= 0) & ok[np.maximum(att, 0)]
        if touching is not None:
            touch = touching[self.esrc] | touching[self.edst]
            if len(und):  # moving either end of the attacked edge moves the undercut's tip
                a = np.maximum(att, 0)
                touch[und] |= touching[self.esrc[a]] | touching[self.edst[a]]
            ok &= touch
        cand = np.flatnonzero(ok)
        s, t = self.esrc[cand], self.edst[cand]
        # the box spanned by the edge's ends; an undercut's tip lies between the attacked edge's ends
        other = np.where(self.eattack[cand] >= 0, self.esrc[np.maximum(self.eattack[cand], 0)], t)
        xs, ys = (self.cx[s], self.cx[t], self.cx[other]), (self.cy[s], self.cy[t], self.cy[other])
        x0, x1 = np.minimum.reduce(xs), np.maximum.reduce(xs)
        y0, y1 = np.minimum.reduce(ys), np.maximum.reduce(ys)
        return cand[(x1 >= view.left()) & (x0 <= view.right()) & (y1 >= view.top()) & (y0 <= view.bottom())]

    def _segments(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Where edges `idx` are drawn: from the source box's border to the target box's border,
        or, for an undercut, to the middle of the edge it attacks."""
        s, t = self.esrc[idx], self.edst[idx]
        aim_x, aim_y = self.cx[t].copy(), self.cy[t].copy()
        att = self.eattack[idx]
        und = att >= 0
        if und.any():
            mx, my = self._midpoints(att[und])
            aim_x[und], aim_y[und] = mx, my
        dx, dy = aim_x - self.cx[s], aim_y - self.cy[s]
        ts = exit_t(dx, dy, self.w[s] / 2, self.h[s] / 2)
        tt = np.where(und, 0.0, exit_t(-dx, -dy, self.w[t] / 2, self.h[t] / 2))
        return self.cx[s] + dx * ts, self.cy[s] + dy * ts, aim_x - dx * tt, aim_y - dy * tt

    def _midpoints(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The middle of the drawn part of edges `idx` (never undercuts: those cannot be undercut)."""
        s, t = self.esrc[idx], self.edst[idx]
        dx, dy = self.cx[t] - self.cx[s], self.cy[t] - self.cy[s]
        ts = exit_t(dx, dy, self.w[s] / 2, self.h[s] / 2)
        tt = exit_t(-dx, -dy, self.w[t] / 2, self.h[t] / 2)
        return self.cx[s] + dx * (ts + 1 - tt) / 2, self.cy[s] + dy * (ts + 1 - tt) / 2

    def edge_line(self, rel_id: str) -> QLineF | None:
        """The segment edge `rel_id` is drawn along (an undercut's ends on its link's midpoint), in world units."""
        i = self.edge_index.get(rel_id)
        if i is None or (self.eattack[i] < 0 and self.ekind[i] == "undercuts"):
            return None
        ax, ay, bx, by = (float(v[0]) for v in self._segments(np.array([i])))
        return QLineF(ax, ay, bx, by)

    def edge_midpoint(self, rel_id: str) -> QPointF | None:
        """The middle of edge `rel_id` as drawn: where undercuts of it end."""
        line = self.edge_line(rel_id)
        return None if line is None else line.center()

    def edge_at(self, x: float, y: float, tolerance: float, visible: Collection[str] | None = None,
                kinds: Collection[str] | None = None) -> str | None:
        """The id of the shown edge passing nearest (x, y), within `tolerance` world units, or None."""
        if not len(self.esrc):
            return None
        near = QRectF(x - tolerance, y - tolerance, 2 * tolerance, 2 * tolerance)
        idx = self._visible_edges(near, self._mask(visible), None if kinds is None else set(kinds))
        if not len(idx):
            return None
        ax, ay, bx, by = self._segments(idx)
        vx, vy = bx - ax, by - ay
        t = np.clip(((x - ax) * vx + (y - ay) * vy) / np.maximum(vx * vx + vy * vy, 1e-9), 0.0, 1.0)
        dist = np.hypot(ax + t * vx - x, ay + t * vy - y)
        best = int(np.argmin(dist))
        return self.ekeys[int(idx[best])] if dist[best] <= tolerance else None

    def _paint_edges(self, p: QPainter, idx: np.ndarray, view: QRectF, ppu: float, thick: bool,
                     solid: bool = False) -> None:
        """Edges `idx` (from _visible_edges), batched per kind; `thick` for emphasised ones; `solid`: no dashes."""
        if not len(idx):
            return
        ax, ay, bx, by = self._segments(idx)
        length = np.hypot(bx - ax, by - ay)
        ux, uy = (bx - ax) / np.maximum(length, 1e-9), (by - ay) / np.maximum(length, 1e-9)
        heads = ARROW * ppu >= 4
        kind_of = self.ekind_idx[idx]
        # the denser the strokes on screen, the fainter each edge, so the boxes (and labels) stay readable
        coverage = self.edge_coverage(ppu)
        pending: list[LineLayer] = []  # hairlines of a dense draft, rasterised together (argmap.render.splat)
        for k, kind in enumerate(self.edge_kinds):
            m = np.flatnonzero((kind_of == k) & (length > 1))
            if not len(m):
                continue
            st = S.edge_style(kind)
            width = max(st.width * (1.5 if thick else 1.0), 0.9 / ppu)
            colour = S.qcolor(st.color, 1.0 if thick else edge_alpha(kind, coverage))
            # stop the line at the arrowhead's base so its end does not poke through the tip
            back = ARROW * 0.8 if heads else 0.0
            ex, ey = bx[m] - ux[m] * back, by[m] - uy[m] * back
            pen = QPen(colour, width)
            # dashes under a few pixels read as a grey smear (and are slow): solid when far out
            pen.setStyle(st.dash if width * ppu >= 0.8 and not solid else Qt.PenStyle.SolidLine)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            if solid and not heads and can_splat(p, width):
                pending.append(LineLayer(ax[m], ay[m], ex, ey, colour))
                if kind == "undercuts":
                    splat_lines(p, pending, view)
                    pending = []
                    paint_dots(p, st, bx[m], by[m], max(S.UNDERCUT_DOT, 2.5 / ppu))
                continue
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            # only the on-screen part is stroked, so dashing costs what is seen, not the full length
            period = DASH_PERIOD.get(pen.style(), 0.0) * width
            x0, y0, x1, y1 = clip_segments(ax[m], ay[m], ex, ey, view, period)
            if len(x0) and period:
                p.drawLines([QLineF(a, b, c, d) for a, b, c, d in
                             zip(x0.tolist(), y0.tolist(), x1.tolist(), y1.tolist(), strict=True)])
            elif len(x0):  # solid: one path from numpy, no QLineF per edge (the same strokes)
                p.drawPath(subpaths(np.stack([x0, x1], axis=1).ravel(), np.stack([y0, y1], axis=1).ravel(), 2))
            if heads:
                # a head reaches back at most ARROW + 3.5 (tee bar) plus half its width from its tip
                reach = ARROW * 1.5 + 4
                near = m[(bx[m] >= view.left() - reach) & (bx[m] <= view.right() + reach)
                         & (by[m] >= view.top() - reach) & (by[m] <= view.bottom() + reach)]
                if len(near):
                    paint_heads(p, st, bx[near], by[near], ux[near], uy[near], width)
            if kind == "undercuts":  # a dot on the attacked link, kept a few pixels wide at every zoom
                paint_dots(p, st, bx[m], by[m], max(S.UNDERCUT_DOT, 2.5 / ppu))
            elif heads and kind in ("asserts", "denies"):
                marked = np.flatnonzero(self.voiced[idx[m]])  # positions within m
                if len(marked):
                    v = m[marked]
                    paint_voice_marks(p, st, (ax[v] + ex[marked]) / 2, (ay[v] + ey[marked]) / 2, ux[v], uy[v],
                                            [self.evoice[i] for i in idx[v].tolist()], width)
        if pending:
            splat_lines(p, pending, view)

    def _paint_edge_mark(self, p: QPainter, ppu: float, state: PaintState) -> None:
        """A halo along the hovered link, and a ring at its middle where an undercut would land."""
        line = self.edge_line(state.hovered_edge) if state.hovered_edge else None
        if line is None:
            return
        p.setPen(QPen(S.qcolor(S.HOVER, 0.55), max(7.0, 7.0 / ppu), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(line)
        r = max(6.0, 6.0 / ppu)
        p.setPen(QPen(QColor(S.BLUE), max(2.0, 2.0 / ppu)))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(line.center(), r, r)
