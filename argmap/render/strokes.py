"""The marks an edge is drawn with: batched line paths, arrowheads, undercut dots, voice marks.

Free functions, not painter methods, because the legend draws its keys with them too, so a key
always looks like the map's line.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

from argmap.render import style as S

ARROW = 11.0  # arrowhead length in world units

# dash pattern length in pen widths (Qt's built-in patterns, flat caps); 0 = solid, no phase to keep
DASH_PERIOD = {Qt.PenStyle.DashLine: 6.0, Qt.PenStyle.DotLine: 3.0, Qt.PenStyle.DashDotLine: 9.0,
                Qt.PenStyle.DashDotDotLine: 12.0}


def subpaths(x: np.ndarray, y: np.ndarray, k: int) -> QPainterPath:
    """A path of open polylines of k points each from flat coordinate arrays, without a Python loop.

    Built through QPainterPath's stream format (count, then type/x/y per element, then fill rule),
    the way pyqtgraph's arrayToQPath does, which is far faster than one moveTo/lineTo call per point.
    """
    n = len(x)
    path = QPainterPath()
    if not n:
        return path
    rec = np.empty(n, dtype=[("c", ">i4"), ("x", ">f8"), ("y", ">f8")])
    rec["c"] = 1  # LineToElement
    rec["c"][::k] = 0  # MoveToElement starts each polyline
    rec["x"], rec["y"] = x, y
    buf = np.array([n], dtype=">i4").tobytes() + rec.tobytes() + np.array([0, 0], dtype=">i4").tobytes()
    QDataStream(QByteArray(buf)) >> path
    return path


def paint_heads(p: QPainter, st: S.EdgeStyle, bx: np.ndarray, by: np.ndarray, ux: np.ndarray, uy: np.ndarray,
                 width: float) -> None:
    a, half = ARROW, ARROW * 0.42
    bxp, byp = bx - ux * a, by - uy * a
    # each head is a triangle tip, left base, right base; drawn one by one (a path of them all fills slowly)
    corners = np.stack([bx, by, bxp - uy * half, byp + ux * half, bxp + uy * half, byp - ux * half], axis=1)
    tris = [QPolygonF([QPointF(x0, y0), QPointF(x1, y1), QPointF(x2, y2)]) for x0, y0, x1, y1, x2, y2 in corners.tolist()]
    bars = QPainterPath()
    if st.head == "tee":  # a bar across the shaft: this edge attacks its target
        cx, cy, hb = bx - ux * (a + 3.5), by - uy * (a + 3.5), half * 1.15
        bars = subpaths(np.stack([cx - uy * hb, cx + uy * hb], axis=1).ravel(),
                         np.stack([cy + ux * hb, cy - ux * hb], axis=1).ravel(), 2)
    color = S.qcolor(st.color)
    if st.head == "open":
        p.setPen(QPen(color, max(width, 1.2)))
        p.setBrush(QBrush(QColor(S.BACKGROUND)))
    else:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(color))
    for tri in tris:
        p.drawPolygon(tri)
    if not bars.isEmpty():
        p.setPen(QPen(color, max(width, 1.6), Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(bars)

def paint_dots(p: QPainter, st: S.EdgeStyle, x: np.ndarray, y: np.ndarray, radius: float) -> None:
    p.setPen(QPen(QColor(S.BACKGROUND), radius * 0.45))
    p.setBrush(QBrush(S.qcolor(st.color)))
    for cx, cy in zip(x.tolist(), y.tolist(), strict=True):
        p.drawEllipse(QPointF(cx, cy), radius, radius)

def paint_voice_marks(p: QPainter, st: S.EdgeStyle, x: np.ndarray, y: np.ndarray, ux: np.ndarray, uy: np.ndarray,
                       voices: list[str], width: float) -> None:
    """A hollow diamond (hinted) or ring (relayed) on an attribution: it was not stated outright."""
    r = S.VOICE_MARK
    p.setPen(QPen(S.qcolor(st.color), max(width, 1.3)))
    p.setBrush(QBrush(QColor(S.BACKGROUND)))
    for cx, cy, dx, dy, voice in zip(x.tolist(), y.tolist(), ux.tolist(), uy.tolist(), voices, strict=True):
        if S.VOICE_MARKS[voice] == "ring":
            p.drawEllipse(QPointF(cx, cy), r, r)
        else:  # a diamond along the edge
            p.drawPolygon(QPolygonF([QPointF(cx + dx * r * 1.4, cy + dy * r * 1.4), QPointF(cx - dy * r, cy + dx * r),
                                     QPointF(cx - dx * r * 1.4, cy - dy * r * 1.4), QPointF(cx + dy * r, cy - dx * r)]))
