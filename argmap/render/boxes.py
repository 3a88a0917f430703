"""Node boxes: their shapes, the text wrapped into them, and the level of detail as they shrink.

Boxes are drawn one call each, only those in view (a batched path of rounded boxes rasterises
far slower). Text is wrapped to the box sizes of argmap.model.geometry; when boxes are a few
pixels tall text gives way to grey bars, and when they are tinier still boxes become plain
filled rectangles.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from argmap.model.geometry import CLAIM_PAD_X, CLAIM_PAD_Y, LINE_HEIGHT, MAX_LINES
from argmap.render import style as S
from argmap.render.map_arrays import BOX_ROLES, ROLE_ACTOR, ROLE_CLAIM, ROLE_GROUP, ROLE_NAMES, ROLE_REBUTTAL, MapArrays

GROUP_CARD = 4.0  # how far each card behind a group box peeks out (world units)


class BoxDrawing(MapArrays):
    """Boxes, their text and badges over the shared arrays."""

    def _paint_nodes(self, p: QPainter, idx: np.ndarray, ppu: float) -> None:
        """Boxes `idx` with their text; the level of detail follows the typical box's size on screen."""
        if not len(idx):
            return
        screen_h = self._typical_h * ppu
        if screen_h < 7:
            self._paint_compact(p, idx)
            return
        # boxes that overlap are drawn one at a time, box then text, from the bottom of the stack
        # up: batched, every box came before every text and the lower box's words ran over the upper
        stacked = self._stacked(idx)
        self._paint_detail(p, idx[~stacked], ppu)
        for i in self._stack_order(idx[stacked]).tolist():
            self._paint_detail(p, np.array([i]), ppu)

    def _paint_detail(self, p: QPainter, idx: np.ndarray, ppu: float) -> None:
        if not len(idx):
            return
        self._paint_boxes(p, idx, ppu)
        if S.TEXT_SIZE * ppu >= 5.5:
            self._paint_text(p, idx)
        else:
            self._paint_greeked(p, idx, ppu)
        if self._badges and self._typical_h * ppu >= 10:
            self._paint_badges(p, idx, ppu)

    def _paint_badges(self, p: QPainter, idx: np.ndarray, ppu: float) -> None:
        """A status disc on the top-left corner of each claim: ✓ accepted, ✗ rejected, ? undecided."""
        badges = self._badges or {}
        ids = self.ids
        r = max(S.BADGE_RADIUS, 7.0 / ppu)  # readable on screen when zoomed out, never below its map size
        r = min(r, self._typical_h / 2)
        p.setFont(S.font(max(1, int(r * 1.5)), bold=True))
        for i in idx.tolist():
            status = badges.get(ids[i])
            st = S.BADGE_STYLES.get(status or "")
            if st is None:
                continue
            x, y = self.cx[i] - self.w[i] / 2 + 2, self.cy[i] - self.h[i] / 2 + 1
            disc = QRectF(x - r, y - r, 2 * r, 2 * r)
            p.setPen(QPen(QColor(S.BACKGROUND), max(1.5, 1.0 / ppu)))
            p.setBrush(QColor(st[0]))
            p.drawEllipse(disc)
            p.setPen(QColor("#FFFFFF"))
            p.drawText(disc, Qt.AlignmentFlag.AlignCenter, st[1])

    def _paint_compact(self, p: QPainter, idx: np.ndarray) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        for role in BOX_ROLES:
            sel = idx[self.role[idx] == role]
            if not len(sel):
                continue
            st = S.NODE_STYLES[ROLE_NAMES[role]]
            p.setBrush(S.qcolor(st.border if role != ROLE_CLAIM else "#8A96A3", 0.6))
            p.drawRects(self._rects(sel))

    def _paint_boxes(self, p: QPainter, idx: np.ndarray, ppu: float) -> None:
        hair = 1.0 / ppu
        screen_h = self._typical_h * ppu
        if screen_h < 10 or (screen_h < 24 and len(idx) > 2000):  # small on screen: plain rectangles, batched
            for role in BOX_ROLES:
                sel = idx[self.role[idx] == role]
                if len(sel):
                    st = S.NODE_STYLES[ROLE_NAMES[role]]
                    p.setPen(QPen(QColor(st.border), max(1.3, hair)))
                    p.setBrush(QColor(st.fill))
                    p.drawRects(self._rects(sel))
            return
        # One call per shape, not one path of them all: Qt fills a path of many closed shapes
        # through one huge raster pass (0.8 s for 700 boxes on a 6000-pixel image, 0.03 s one by one).
        for role in BOX_ROLES:
            sel = idx[self.role[idx] == role]
            if not len(sel):
                continue
            st = S.NODE_STYLES[ROLE_NAMES[role]]
            rects = self._rects(sel)
            p.setPen(QPen(QColor(st.border), max(1.3 if role in (ROLE_CLAIM, ROLE_ACTOR) else 1.8, hair)))
            p.setBrush(QColor(st.fill))
            if role == ROLE_GROUP:  # a stack of cards, not one claim: two cards peek out behind it
                for r in rects:
                    for card in (r.translated(2 * GROUP_CARD, -2 * GROUP_CARD), r.translated(GROUP_CARD, -GROUP_CARD), r):
                        p.drawRoundedRect(card, S.CORNER_RADIUS, S.CORNER_RADIUS)
                continue
            for r in rects:
                rad = r.height() / 2 if role == ROLE_ACTOR else S.CORNER_RADIUS
                p.drawRoundedRect(r, rad, rad)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(st.accent))
            for r in rects:
                if role == ROLE_ACTOR:
                    d = r.height() - 8
                    p.drawEllipse(QRectF(r.left() + 4, r.top() + 4, d, d))
                else:
                    p.drawRoundedRect(QRectF(r.left() + 3.5, r.top() + 4, S.STRIPE, r.height() - 8), 2, 2)
            if role == ROLE_REBUTTAL:  # a corner flag, so rebuttals stand out without colour
                rad = S.CORNER_RADIUS
                for r in rects:
                    p.drawPolygon(QPolygonF([QPointF(r.right() - 14, r.top()), QPointF(r.right() - rad, r.top()),
                                             QPointF(r.right(), r.top() + rad), QPointF(r.right(), r.top() + 14)]))
        manual = idx[self.manual[idx]].tolist()
        if manual:  # added by hand: a small grey folded corner at the bottom right
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(S.MANUAL_MARK))
            for i in manual:
                r = self._rect(i)
                p.drawPolygon(QPolygonF([QPointF(r.right() - 12, r.bottom()), QPointF(r.right(), r.bottom() - 12),
                                         QPointF(r.right(), r.bottom() - 3), QPointF(r.right() - 3, r.bottom())]))

    def text_lines(self, i: int) -> tuple[int, list[str]]:
        """(font pixel size, lines) that fit node i's box; cached."""
        got = self._text_cache.get(i)
        if got is not None:
            return got
        label = self.labels[i]
        if self.role[i] == ROLE_ACTOR:
            avail = self.w[i] - self.h[i] - 12
            best = (S.ACTOR_TEXT_SIZE, [label])
            for size in (S.ACTOR_TEXT_SIZE, S.ACTOR_TEXT_SIZE - 1, S.ACTOR_TEXT_SIZE - 2):
                fm = QFontMetricsF(S.font(size, bold=True))
                if fm.horizontalAdvance(label) <= avail:
                    best = (size, [label])
                    break
                lines = wrap(label, fm, avail)
                if len(lines) <= 2:
                    best = (size, lines)
                    break
            else:
                fm = QFontMetricsF(S.font(best[0] - 2, bold=True))
                lines = wrap(label, fm, avail)
                best = (best[0] - 2, elide(lines, 2, fm, avail))
        else:
            avail = self.w[i] - 2 * CLAIM_PAD_X - S.STRIPE
            max_lines = int(max(1, min(MAX_LINES, (self.h[i] - 2 * CLAIM_PAD_Y + 0.5) // LINE_HEIGHT)))
            best = None
            for size in (S.TEXT_SIZE, S.TEXT_SIZE - 1, S.TEXT_SIZE - 2):
                fm = QFontMetricsF(S.font(size))
                lines = wrap(label, fm, avail)
                fits = int((self.h[i] - 2 * CLAIM_PAD_Y + 0.5) // (LINE_HEIGHT * size / S.TEXT_SIZE))
                if len(lines) <= min(fits, MAX_LINES + 1):
                    best = (size, lines)
                    break
            if best is None:
                size = S.TEXT_SIZE - 1
                fm = QFontMetricsF(S.font(size))
                best = (size, elide(wrap(label, fm, avail), max_lines, fm, avail))
        self._text_cache[i] = best
        return best

    def _paint_text(self, p: QPainter, idx: np.ndarray) -> None:
        fonts: dict[tuple[int, bool], QFont] = {}
        for i in idx.tolist():
            size, lines = self.text_lines(i)
            actor = bool(self.role[i] == ROLE_ACTOR)
            key = (size, actor)
            f: QFont | None = fonts.get(key)
            if f is None:
                f = fonts[key] = S.font(size, bold=actor)
            p.setFont(f)
            r = self._rect(i)
            st = S.NODE_STYLES[ROLE_NAMES[self.role[i]]]
            p.setPen(QColor(st.text))
            fm = QFontMetricsF(f)
            lh = LINE_HEIGHT * size / S.TEXT_SIZE if not actor else fm.lineSpacing()
            if actor:
                d = r.height() - 8
                glyph_font = S.font(int(d * 0.55), bold=True)
                p.setFont(glyph_font)
                p.setPen(QColor("#FFFFFF"))
                p.drawText(QRectF(r.left() + 4, r.top() + 4, d, d), Qt.AlignmentFlag.AlignCenter, self.glyphs[i])
                p.setFont(f)
                p.setPen(QColor(st.text))
                x = r.left() + r.height() + 4
            else:
                x = r.left() + CLAIM_PAD_X + S.STRIPE
            total = lh * len(lines)
            y = r.center().y() - total / 2 + (lh - fm.height()) / 2 + fm.ascent()
            for line in lines:
                p.drawText(QPointF(x, y), line)
                y += lh

    def _paint_greeked(self, p: QPainter, idx: np.ndarray, ppu: float) -> None:
        """Text too small to read: grey bars where the lines are, as a layout preview (built in numpy)."""
        left = self.cx[idx] - self.w[idx] / 2
        actor = self.role[idx] == ROLE_ACTOR
        n = np.where(actor, 1, np.clip((self.h[idx] - 2 * CLAIM_PAD_Y + 0.5) // LINE_HEIGHT, 1, MAX_LINES)).astype(np.int64)
        line = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)  # 0, 1, .. within each box
        rep = lambda a: np.repeat(a, n)  # noqa: E731
        a, h, w, cy = rep(actor), rep(self.h[idx]), rep(self.w[idx]), rep(self.cy[idx])
        last = (line == rep(n) - 1) & (rep(n) > 1)
        x = np.where(a, rep(left) + h + 4, rep(left) + CLAIM_PAD_X + S.STRIPE)
        y = np.where(a, cy - 2.5, cy - rep(n) * LINE_HEIGHT / 2 + line * LINE_HEIGHT + LINE_HEIGHT * 0.3)
        bw = np.where(a, w - h - 18, (w - 2 * CLAIM_PAD_X - S.STRIPE) * np.where(last, 0.55, 0.9))
        bh = np.where(a, 5.0, LINE_HEIGHT * 0.4)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#B8BEC4"))
        # a list of rectangles, not one path: Qt fills 30,000 separate rectangles far faster than one such path
        p.drawRects([QRectF(*r) for r in zip(x.tolist(), y.tolist(), bw.tolist(), bh.tolist(), strict=True)])


def wrap(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if fm.horizontalAdvance(trial) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        while fm.horizontalAdvance(word) > width and len(word) > 1:  # break a word that cannot fit
            cut = len(word)
            while cut > 1 and fm.horizontalAdvance(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line or not lines:
        lines.append(line)
    return lines


def elide(lines: list[str], max_lines: int, fm: QFontMetricsF, width: float) -> list[str]:
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = fm.elidedText(kept[-1] + " " + lines[max_lines], Qt.TextElideMode.ElideRight, width)
    if not kept[-1].endswith("…"):
        kept[-1] = fm.elidedText(kept[-1] + "……", Qt.TextElideMode.ElideRight, width)
    return kept
