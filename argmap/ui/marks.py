"""The small colour marks that stand for a node role or link kind in lists and menus, in the map's colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from argmap.render import style


def role_colour(role: str) -> str:
    """Colour of a node role ("claim", "rebuttal", "actor") or relation kind, as the map draws it."""
    if role in style.EDGE_STYLES:
        return style.EDGE_STYLES[role].color
    if role == "evidence":
        return style.SELECTION_HALO
    node = style.NODE_STYLES.get(role, style.NODE_STYLES["claim"])
    return node.accent


def dot_icon(colour: str, size: int = 12, square: bool = False) -> QIcon:
    pm = QPixmap(size * 2, size * 2)
    pm.setDevicePixelRatio(2)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(colour))
    if square:
        p.drawRoundedRect(2, 2, size - 4, size - 4, 2, 2)
    else:
        p.drawEllipse(2, 2, size - 4, size - 4)
    p.end()
    return QIcon(pm)
