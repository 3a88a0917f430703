"""The map's key: node shapes, line styles and marks, drawn with the map's own strokes
(argmap.render.strokes) so a key cannot drift from what it explains. Exports draw it under the
map; the window's legend panel draws one key per row.
"""

from __future__ import annotations

import math
from collections.abc import Collection

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPolygonF

from argmap.render import style as S
from argmap.render.strokes import paint_dots, paint_heads, paint_voice_marks

LEGEND_NODES = (("claim", "Claim"), ("rebuttal", "Claim that rebuts another"),
                ("actor", "Actor: P person, O organisation, G group, S state, M media"),
                ("group", "Group of claims (View ▸ Overview): a document or a community"))
# View ▸ Overview's links between groups: each stands for the links between their claims
GROUP_LINK_TEXT = {"supports": "its claims support the other group's", "rebuts": "its claims attack the other group's",
                   "both": "its claims both support and attack the other group's"}
EDGE_TEXT = {"supports": "supports (reason → claim)", "rebuts": "rebuts (objection → claim)",
             "undercuts": "undercuts (objection → link)",
             "asserts": "asserts (actor → claim)", "denies": "denies (actor → claim)"}
VOICE_TEXT = {"suggests": "hinted (actor suggests it)", "reports": "relayed (actor reports it)"}
LEGEND_COLUMN = 292.0
LEGEND_ROW = 26.0


def legend_size(kinds: Collection[str] | None = None, horizontal: bool = True) -> tuple[float, float]:
    """Natural size (in the painter's units) of the legend."""
    kinds = [k for k in S.EDGE_STYLES if kinds is None or k in kinds]
    items = len(legend_items(kinds))
    if horizontal:
        return 24 + 4 * LEGEND_COLUMN + 130, 16 + LEGEND_ROW * math.ceil(items / 4)
    return LEGEND_COLUMN + 150, 24.0 * items + 24


def paint_legend(painter: QPainter, rect: QRectF, kinds: Collection[str] | None = None) -> None:
    """A key to the shapes, colours and line styles, fitted into `rect` (rows if wide, a column if tall)."""
    kinds = [k for k in S.EDGE_STYLES if kinds is None or k in kinds]
    horizontal = rect.width() >= rect.height() * 3
    nat_w, nat_h = legend_size(kinds, horizontal)
    scale = min(rect.width() / nat_w, rect.height() / nat_h)
    p = painter
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.translate(rect.left() + (rect.width() - nat_w * scale) / 2, rect.top() + (rect.height() - nat_h * scale) / 2)
    p.scale(scale, scale)
    p.setPen(QPen(QColor("#C9CDD2"), 1))
    p.setBrush(QColor(255, 255, 255, 235))
    p.drawRoundedRect(QRectF(0.5, 0.5, nat_w - 1, nat_h - 1), 6, 6)
    f = S.font(12)
    p.setFont(f)
    fm = QFontMetricsF(f)
    items = legend_items(kinds)
    if horizontal:
        slots = [(12.0 + (k % 4) * LEGEND_COLUMN, 8.0 + (k // 4) * LEGEND_ROW) for k in range(len(items))]
    else:
        slots = [(12.0, 12.0 + k * 24.0) for k in range(len(items))]
    for (what, name), (x, y) in zip(items, slots, strict=True):
        cy = y + 11
        paint_legend_key(p, what, name, x, cy)
        p.setFont(f)
        p.setPen(QColor("#1B1F23"))
        p.drawText(QPointF(x + 44, cy - fm.height() / 2 + fm.ascent()), legend_text(what, name))
    p.restore()


LEGEND_KEY_SIZE = (40.0, 22.0)  # the room one key takes, in the painter's units: 40 wide, centred on `cy`


def legend_text(what: str, name: str) -> str:
    """The words beside one legend key."""
    if what == "node":
        return dict(LEGEND_NODES)[name]
    if what == "edge":
        return EDGE_TEXT.get(name, name)
    if what == "group_link":
        return GROUP_LINK_TEXT[name]
    if what == "voice":
        return VOICE_TEXT[name]
    if what == "badge":
        return f"{name[:1].upper()}: {name}"
    return "added by hand"


def paint_legend_key(p: QPainter, what: str, name: str, x: float, cy: float) -> None:
    """One legend key (a node shape, a line with its head, a voice mark, an actor badge, the
    hand-made corner) drawn as the map draws it, left edge at `x`, centred on height `cy`."""
    if what == "node":
        st = S.NODE_STYLES[name]
        r = QRectF(x, cy - 8, 34, 16)
        p.setPen(QPen(QColor(st.border), 1.5))
        p.setBrush(QColor(st.fill))
        if name == "group":  # a stack of cards, as the overview draws a group
            for k in (2, 1, 0):
                p.drawRoundedRect(r.adjusted(0, 2, -6, 0).translated(3 * k, -2 * k), 3, 3)
        elif name == "actor":
            p.drawRoundedRect(r, 8, 8)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(st.accent))
            p.drawEllipse(QRectF(x + 2, cy - 6, 12, 12))
        else:
            p.drawRoundedRect(r, 3, 3)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(st.accent))
            p.drawRect(QRectF(x + 3, cy - 5, 3, 10))
            if name == "rebuttal":
                p.drawPolygon(QPolygonF([QPointF(x + 27, cy - 8), QPointF(x + 34, cy - 8), QPointF(x + 34, cy - 1)]))
    elif what == "badge":  # an actor pill with its type letter, as on the map
        st = S.NODE_STYLES["actor"]
        p.setPen(QPen(QColor(st.border), 1.5))
        p.setBrush(QColor(st.fill))
        p.drawRoundedRect(QRectF(x, cy - 9, 34, 18), 9, 9)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(st.accent))
        disc = QRectF(x + 2, cy - 7, 14, 14)
        p.drawEllipse(disc)
        p.setFont(S.font(9, bold=True))
        p.setPen(QColor("#FFFFFF"))
        p.drawText(disc, Qt.AlignmentFlag.AlignCenter, S.ACTOR_GLYPHS.get(name, name[:1].upper()))
    elif what == "group_link":  # "both": the two lines on one path, as the overview draws them
        for kind in (("supports", "rebuts") if name == "both" else (name,)):
            paint_legend_key(p, "edge", kind, x, cy)
    elif what == "edge":
        est = S.edge_style(name)
        pen = QPen(S.qcolor(est.color), est.width)
        pen.setStyle(est.dash)
        p.setPen(pen)
        p.drawLine(QPointF(x, cy), QPointF(x + 24, cy))
        paint_heads(p, est, np.array([x + 36.0]), np.array([cy]), np.array([1.0]), np.array([0.0]), est.width)
        if name == "undercuts":
            paint_dots(p, est, np.array([x + 36.0]), np.array([cy]), S.UNDERCUT_DOT)
    elif what == "voice":
        est = S.edge_style("asserts")
        pen = QPen(S.qcolor(est.color), est.width)
        pen.setStyle(est.dash)
        p.setPen(pen)
        p.drawLine(QPointF(x, cy), QPointF(x + 34, cy))
        paint_voice_marks(p, est, np.array([x + 17.0]), np.array([cy]), np.array([1.0]), np.array([0.0]),
                          [name], est.width)
    else:
        r = QRectF(x, cy - 8, 34, 16)
        p.setPen(QPen(QColor("#4A5560"), 1.2))
        p.setBrush(QColor("#FFFFFF"))
        p.drawRoundedRect(r, 3, 3)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(S.MANUAL_MARK))
        p.drawPolygon(QPolygonF([QPointF(x + 26, cy + 8), QPointF(x + 34, cy), QPointF(x + 34, cy + 8)]))


def legend_items(kinds: list[str]) -> list[tuple[str, str]]:
    """What the legend lists; the actor entry comes last: its key is the longest text and has room to run on."""
    voices = [("voice", v) for v in VOICE_TEXT] if {"asserts", "denies"} & set(kinds) else []
    return [("node", "claim"), ("node", "rebuttal"), *[("edge", k) for k in kinds], *voices, ("manual", ""), ("node", "actor")]
