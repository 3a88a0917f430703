"""Text the map draws outside the boxes: overview labels when box text is unreadable, and the
titles of document lanes. The labels are placed once per zoom step for the whole map
(argmap.model.overview_labels), so panning never reshuffles them.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from argmap.model.overview_labels import LABEL_PX, LABEL_SHARE, Label, lane_limits, place_labels
from argmap.render import style as S
from argmap.render.map_arrays import COLUMN_HEADER, ROLE_NAMES, MapArrays

TITLE_PX = 13.0  # lane titles' type size on screen, at every zoom
TITLE_LINES = 2  # a long title takes a second line before it is cut


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

    def lane_title_at(self, x: float, y: float, ppu: float | None = None) -> str | None:
        """The full title of the document lane whose title is at world (x, y) (`ppu`: the zoom it is
        drawn at): a zoomed-out title is cut to its lane's width, and hovering it tells the whole."""
        if not self.columns or not len(self.ids):
            return None
        for (_, title, _left, _right), (box, _lines, _font) in zip(self.columns, self._lane_titles(ppu or 1.0), strict=True):
            if box.left() - 14 <= x <= box.right() + 14 and box.top() <= y <= box.bottom():
                return title
        return None

    def lane_title_room(self, ppu: float) -> float:
        """How far (world units) the lane titles reach above the band kept for them at `ppu`."""
        if not self.columns or not len(self.ids):
            return 0.0
        band_top = float((self.cy - self.h / 2).min()) - COLUMN_HEADER
        return max(0.0, band_top - min(box.top() for box, _, _ in self._lane_titles(ppu)))

    def _lane_titles(self, ppu: float) -> list[tuple[QRectF, list[str], QFont]]:
        """Each lane's title: its box (world units), its lines and its font at `ppu`.

        The type stays 13 screen pixels however far out the map is zoomed (a fitted by-document
        map had 7-pixel titles cut to "Gunme…"); a title too long for its lane takes a second
        line, growing up from the band above the lanes, and only then is cut with "…".
        """
        band_top = float((self.cy - self.h / 2).min()) - COLUMN_HEADER
        size = max(18.0, TITLE_PX / max(ppu, 1e-9))
        f = S.font(round(size), bold=True)
        fm = QFontMetricsF(f)
        out = []
        lefts = sorted(left for _, _, left, _ in self.columns)
        for _, title, left, right in self.columns:
            # a title may run on over the gap up to the next lane (lanes at fit zoom are a few words wide)
            nxt = next((x for x in lefts if x > left), None)
            room = max(right - left + 28 - 24, (nxt - 14 - 10) - (left - 2) if nxt is not None else 0.0)
            lines = _wrap(title, fm, room, TITLE_LINES)
            h = fm.height() * len(lines)
            top = band_top + (COLUMN_HEADER - h) / 2 if h <= COLUMN_HEADER else band_top + COLUMN_HEADER - h - 6
            out.append((QRectF(left - 14 + 12, top, room, h), lines, f))
        return out

    def _paint_columns(self, p: QPainter, ppu: float) -> None:
        top = float((self.cy - self.h / 2).min()) - COLUMN_HEADER
        bottom = float((self.cy + self.h / 2).max()) + 20
        for k, ((_, _title, left, right), (box, lines, f)) in enumerate(
                zip(self.columns, self._lane_titles(ppu), strict=True)):
            lane = QRectF(left - 14, top, right - left + 28, bottom - top)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#EEF2F6") if k % 2 == 0 else QColor("#F3F1EA"))
            p.drawRoundedRect(lane, 10, 10)
            p.setFont(f)
            p.setPen(QColor("#3A4550"))
            fm = QFontMetricsF(f)
            for n, line in enumerate(lines):
                p.drawText(QPointF(box.left(), box.top() + n * fm.height() + fm.ascent()), line)


def _wrap(text: str, fm: QFontMetricsF, width: float, most: int) -> list[str]:
    """`text` in at most `most` lines of `width`, broken between words; the last cut with "…"."""
    words, lines = text.split(), list[str]()
    line = ""
    for i, word in enumerate(words):
        trial = f"{line} {word}".strip()
        if fm.horizontalAdvance(trial) <= width or not line:
            line = trial
            continue
        if len(lines) == most - 1:
            line = " ".join([line, *words[i:]])
            break
        lines.append(line)
        line = word
    lines.append(line)
    return [*lines[:-1], fm.elidedText(lines[-1], Qt.TextElideMode.ElideRight, width)]
