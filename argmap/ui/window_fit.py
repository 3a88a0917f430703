"""Fitting the window to the screen it opens on: small screens, high scale factors, old settings.

A window restored from a bigger screen, or opened at its default size under QT_SCALE_FACTOR=2,
must not reach past the screen; side panels must not squeeze the map to a strip on a laptop.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

DEFAULT_SIZE = QSize(1500, 920)
SCREEN_SHARE = 0.92  # of a screen smaller than the default size, the window takes this much
TITLE_ROOM = 40  # the window manager's title bar, which is not part of the geometry
FRAME = 4  # and its frame on the other sides
MAP_MIN_WIDTH = 160  # the map's floor: with both dock columns at their minimum the window still fits 700 px,
# a 1400-pixel-wide screen at QT_SCALE_FACTOR=2 (at 240 the minimum was 698 px plus the frame: 6 px past it)
LEFT_MIN, RIGHT_MIN = 230, 240  # the left (Browse) and right (Inspector, Source Text) columns' narrowest
MAP_SHARE = 0.5  # the side panels together take at most this share of the width (past their minimum)


def available_area(widget: QWidget) -> QRect | None:
    """Where the widget's screen lets windows go (the desktop without panels and docks)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def default_size(area: QRect | None) -> QSize:
    """The first-run size: the default, or most of a screen smaller than it."""
    if area is None:
        return QSize(DEFAULT_SIZE)
    return QSize(min(DEFAULT_SIZE.width(), int(area.width() * SCREEN_SHARE)),
                 min(DEFAULT_SIZE.height(), int((area.height() - TITLE_ROOM) * SCREEN_SHARE)))


def keep_on_screen(window: QWidget) -> None:
    """Shrink and move a (not maximised) window so all of it, title bar and frame too, lies on its screen."""
    area = available_area(window)
    if area is None or window.isMaximized() or window.isFullScreen():
        return
    inside = area.adjusted(FRAME, TITLE_ROOM, -FRAME, -FRAME)  # the frame is not part of the geometry
    g = window.geometry()
    w, h = max(1, min(g.width(), inside.width())), max(1, min(g.height(), inside.height()))
    x = min(max(g.x(), inside.left()), inside.right() + 1 - w)
    y = min(max(g.y(), inside.top()), inside.bottom() + 1 - h)
    if QRect(x, y, w, h) != g:
        window.setGeometry(x, y, w, h)


def side_widths(total: int, left_min: int, right_min: int) -> tuple[int, int]:
    """Widths of the left and right dock columns for a window `total` pixels wide.

    About 17 % and 30 % on a wide window; on a narrow one they give way (down to their
    minimum) so the map in the middle keeps at least MAP_SHARE of the width.
    """
    left = max(left_min, total * 17 // 100)
    right = max(right_min, total * 30 // 100)
    room = int(total * MAP_SHARE)
    if left + right > room:
        right = max(right_min, room - left)
    if left + right > room:
        left = max(left_min, room - right)
    return left, right


def scrolling(widget: QWidget, name: str) -> QScrollArea:
    """`widget` in a frameless scroll area: a tall panel scrolls instead of making the window taller."""
    area = QScrollArea()
    area.setObjectName(name)
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setMinimumWidth(widget.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width())
    return area
