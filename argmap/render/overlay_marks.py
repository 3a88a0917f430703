"""What the overlay rings and strokes for the user's gestures: search matches, hover, the
selection halo and the link rubber band. Drawn over the cached base layer, so they cost a
repaint of the overlay only.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from argmap.render import style as S
from argmap.render.map_arrays import MapArrays
from argmap.render.paint_state import PaintState
from argmap.render.strokes import paint_heads


class MarkDrawing(MapArrays):
    """Search rings, hover ring, selection halo and rubber band over the shared arrays."""

    def _paint_marks(self, p: QPainter, ppu: float, state: PaintState) -> None:
        """Search rings, hover ring and selection halo."""
        if state.marked:
            self._paint_search_marks(p, ppu, state)
        for k, color, width in ((state.hovered, S.HOVER, 3.0), (state.selected, None, 0.0)):
            if k is None or k not in self.index:
                continue
            i = self.index[k]
            if state.visible is not None and k not in state.visible:
                continue
            r = self._rect(i)
            if color is None:  # selection: a warm halo and a dark outline
                p.setBrush(Qt.BrushStyle.NoBrush)
                halo = max(3.0, 3.0 / ppu)
                p.setPen(QPen(S.qcolor(S.SELECTION_HALO, 0.85), halo * 2))
                self._shape(p, i, r.adjusted(-halo, -halo, halo, halo))
                p.setPen(QPen(QColor(S.SELECTION), max(2.0, 1.5 / ppu)))
                self._shape(p, i, r)
            else:
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(QPen(S.qcolor(color, 0.9), max(width, 2 / ppu)))
                self._shape(p, i, r.adjusted(-2, -2, 2, 2))

    def _paint_search_marks(self, p: QPainter, ppu: float, state: PaintState) -> None:
        """A highlighter-yellow ring round each search match, at least 4 pixels wide, so matches
        show on an overview too; a dark hairline keeps it visible on a yellow actor pill."""
        idx = [self.index[k] for k in state.marked if k in self.index and (state.visible is None or k in state.visible)]
        if not idx:
            return
        ring = max(2.0, 2.5 / ppu)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for pen, out in ((QPen(S.qcolor(S.SEARCH_MARK, 0.95), ring), ring * 0.9),
                         (QPen(QColor("#5C5200"), max(0.8, 0.8 / ppu)), ring * 1.5)):
            p.setPen(pen)
            for i in idx:
                self._shape(p, i, self._rect(i).adjusted(-out, -out, out, out))

    def _paint_rubber_band(self, p: QPainter, ppu: float, a: QPointF, b: QPointF) -> None:
        pen = QPen(QColor(S.BLUE), max(2.0, 1.5 / ppu), Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(a, b)
        dx, dy = b.x() - a.x(), b.y() - a.y()
        n = math.hypot(dx, dy)
        if n > 1:
            ux, uy = dx / n, dy / n
            paint_heads(p, S.EdgeStyle("link", "", S.BLUE, 2, Qt.PenStyle.SolidLine, "arrow"),
                              np.array([b.x()]), np.array([b.y()]), np.array([ux]), np.array([uy]), 2.0)
