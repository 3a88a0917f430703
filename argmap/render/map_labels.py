"""Text the map draws outside the boxes: overview labels when box text is unreadable, and the
titles of document lanes. The labels are placed once per zoom step for the whole map
(argmap.model.overview_labels), so panning never reshuffles them.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from argmap.model.overview_labels import LABEL_PX, LABEL_SHARE, Label, lane_limits, place_labels
from argmap.render import style as S
from argmap.render.map_arrays import COLUMN_HEADER, ROLE_NAMES, MapArrays


class LabelDrawing(MapArrays):
    """Overview labels and lane titles over the shared arrays."""

    def overview_labels(self, ppu: float, vis: np.ndarray | None = None) -> list[int]:
        """The nodes labelled at this zoom (decided once per zoom step, for the whole map)."""
        return [lab.i for lab in self.label_places(ppu, vis)]

    def label_places(self, ppu: float, vis: np.ndarray | None = None, first: np.ndarray | None = None,
                     top: int | None = None, only_first: bool = False) -> list[Label]:
        """The overview labels at this zoom step; `first` (emphasised nodes) and `top` are labelled first.

        `only_first`: just the labels of `first`, placed where they are among all labels. They are
        placed before any other, so the others need not be tried (a click at whole-map zoom tried
        3,000 candidates for a handful of drawn labels: 100 ms at 50,000 claims).
        """
        vis = np.ones(len(self.ids), dtype=bool) if vis is None else vis
        key = (round(math.log2(max(ppu, 1e-9)) * 8), hash(vis.tobytes()),
               None if first is None else hash(first.tobytes()), top, only_first)
        got = self._overview.get(key)
        if got is None:
            if len(self._overview) > 64:
                self._overview.clear()
            step = 2 ** (key[0] / 8)  # every ppu of one step gets the same labels
            b = self._box_bounds(vis) if vis.any() else QRectF()
            limits = None
            if self.columns:
                limits = lane_limits(self.cx, [(lf - 14, rt + 14) for _, _, lf, rt in self.columns], b.left(), b.right())
            candidates = vis & first if only_first and first is not None else vis
            got = self._overview[key] = place_labels(
                self.cx, self.cy, self.labels, self._weight, step, candidates, first=first, top=top,
                bounds=(b.left(), b.top(), b.right(), b.bottom()), limits=limits, heights=self.h,
                max_share=LABEL_SHARE)
        return got

    def _paint_labels(self, p: QPainter, ppu: float, places: list[Label], view: QRectF, selected: int | None = None) -> None:
        if not places:
            return
        f = S.font(max(1, round(LABEL_PX / ppu)), bold=True)
        p.setFont(f)
        fm = QFontMetricsF(f)
        line_h = LABEL_PX * 1.2 / ppu
        for lab in places:
            r = QRectF(lab.x0, lab.y0, lab.x1 - lab.x0, lab.y1 - lab.y0)
            if not view.intersects(r):
                continue
            st = S.NODE_STYLES[ROLE_NAMES[self.role[lab.i]]]
            if lab.i == selected:  # the label covers the box's halo: it carries the halo instead
                p.setPen(QPen(QColor(S.SELECTION_HALO), 4 / ppu))
                p.drawRoundedRect(r, 3 / ppu, 3 / ppu)
            p.setPen(QPen(QColor(st.border), 1.2 / ppu))
            p.setBrush(QColor(st.fill))
            p.drawRoundedRect(r, 3 / ppu, 3 / ppu)
            p.setPen(QColor(st.text))
            y = r.top() + (r.height() - line_h * len(lab.lines)) / 2
            for line in lab.lines:
                text = fm.elidedText(line, Qt.TextElideMode.ElideRight, r.width() - 6 / ppu)
                p.drawText(QRectF(r.left(), y, r.width(), line_h), Qt.AlignmentFlag.AlignCenter, text)
                y += line_h

    @staticmethod
    def overview_zoom(ppu: float) -> bool:
        """Box text is unreadable at `ppu`: overview labels stand in for it."""
        return S.TEXT_SIZE * ppu < 5.5

    def lane_title_at(self, x: float, y: float) -> str | None:
        """The full title of the document lane whose title band is at world (x, y): a zoomed-out
        title is elided to its lane's width, and hovering it tells the whole."""
        if not self.columns or not len(self.ids):
            return None
        top = float((self.cy - self.h / 2).min()) - COLUMN_HEADER
        if not top <= y <= top + COLUMN_HEADER:
            return None
        return next((title for _, title, left, right in self.columns if left - 14 <= x <= right + 14), None)

    def _paint_columns(self, p: QPainter, ppu: float) -> None:
        top = float((self.cy - self.h / 2).min()) - COLUMN_HEADER
        bottom = float((self.cy + self.h / 2).max()) + 20
        # titles stay legible (13 screen pixels) on an overview, as far as the header above the lanes has room
        size = min(max(18.0, 13.0 / ppu), COLUMN_HEADER * 0.8)
        f = S.font(round(size), bold=True)
        fm = QFontMetricsF(f)
        for k, (_, title, left, right) in enumerate(self.columns):
            lane = QRectF(left - 14, top, right - left + 28, bottom - top)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#EEF2F6") if k % 2 == 0 else QColor("#F3F1EA"))
            p.drawRoundedRect(lane, 10, 10)
            if size * ppu >= 6:
                p.setFont(f)
                p.setPen(QColor("#3A4550"))
                text = fm.elidedText(title, Qt.TextElideMode.ElideRight, lane.width() - 24)
                p.drawText(QPointF(lane.left() + 12, top + (COLUMN_HEADER - fm.height()) / 2 + fm.ascent()), text)
