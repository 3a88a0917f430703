"""The panel arrangement: View ▸ Panels ▸ Reset Layout, and panels that give way to the map.

A newcomer twice grabbed a panel's title bar while aiming for a splitter and had no way back;
an arrangement saved on a large screen, restored on a small one, left the map a third of the
width; and the Analysis panels opened as hidden tabs, then took 60 % of the height. So: the
arrangement the window is built with is kept and Reset Layout restores it; after a restore, and
whenever a panel is shown, the side and bottom panels are shrunk until the map has at least half
the window's width and height; a panel chosen from a menu is raised to the front of its tabs.

On a small window (a first run, a Reset Layout, or an arrangement restored from a larger screen)
panels share places as tabs: below COMPACT_HEIGHT the Legend becomes a tab beside Browse (split
under it, it showed two or three entries at 1024x700), and where two dock columns at their
narrowest would leave the map less than FOLD_SHARE of the width (700x450, a 1400x900 screen at
QT_SCALE_FACTOR=2, left it a 160-pixel strip) the left column's panels become tabs of the right one.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu, QTabBar

from argmap.ui.window_api import MapWindowBase
from argmap.ui.window_fit import LEFT_MIN, MAP_SHARE, RIGHT_MIN, side_widths

BOTTOM_SHARE = 0.35  # a bottom panel (stance matrix, disputes) gets about this share of the height
COMPACT_HEIGHT = 760  # a window lower than this stacks the Legend and Browse as tabs, and gives the Inspector more
SELECTION_SHARE = (0.42, 0.55)  # of the right column's height, for the Inspector's tabs: tall window, low window
FOLDED_SHARE = 0.4  # the one column of a folded arrangement takes this share of the width
SEPARATOR = 6  # a dock separator and the frame around a column, per column
FOLD_SHARE = 0.45  # fold the columns when, at their narrowest, they would leave the map less than this share:
# at 1024x700 (a 942-pixel window) both columns stay and the map gets 48 %; at 700x450 it would get 25 %


class PanelLayout:
    """Keeps the built arrangement for Reset Layout, fits it to small windows, keeps the map at least half."""

    def __init__(self, window: MapWindowBase, default_state: QByteArray) -> None:
        self.window = window
        self.default_state = default_state
        self.reset_action = QAction("&Reset Layout", window)
        self.reset_action.setObjectName("resetLayout")
        self.reset_action.setStatusTip("Put every panel back where it was when argmap was first opened")
        self.reset_action.triggered.connect(self.reset)
        panels = window.findChild(QMenu, "panelsMenu")
        if panels is not None:
            panels.addSeparator()
            panels.addAction(self.reset_action)
        for dock in window.findChildren(QDockWidget):
            dock.visibilityChanged.connect(lambda shown, d=dock: QTimer.singleShot(0, self.give_way) if shown else None)
            toggle = dock.toggleViewAction()
            toggle.triggered.connect(lambda checked, d=dock: d.raise_() if checked else None)  # chosen: in front

    def reset(self) -> None:
        w = self.window
        w.restoreState(self.default_state)
        self.arrange()
        w.statusBar().showMessage("Panels back in their first places", 4000)

    # -- which panels are where ---------------------------------------------------------------

    def docked(self, area: Qt.DockWidgetArea) -> list[QDockWidget]:
        """The open (not closed, not floating) docks of an area, in or behind their tabs."""
        w = self.window
        return [d for d in w.findChildren(QDockWidget)
                if d.toggleViewAction().isChecked() and not d.isFloating() and w.dockWidgetArea(d) == area]

    def _together(self, a: QDockWidget, b: QDockWidget) -> bool:
        return b in self.window.tabifiedDockWidgets(a)

    # -- fitting -------------------------------------------------------------------------------

    def arrange(self) -> None:
        """First run and Reset Layout: fold for a small window, then share the width and height out."""
        self.fold_for_small()
        self.size_docks()

    def fold_for_small(self) -> None:
        """Stack panels as tabs where the window is too small for them side by side (see the module)."""
        w = self.window
        left_side, right_side = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        browse, legend = w.browse_dock, w.legend_dock
        if (w.height() < COMPACT_HEIGHT and browse in self.docked(left_side) and legend in self.docked(left_side)
                and not self._together(browse, legend)):
            w.tabifyDockWidget(browse, legend)
            browse.raise_()
        left, right = self.docked(left_side), self.docked(right_side)
        if not left or not right or self._min_width(left, LEFT_MIN) + self._min_width(right, RIGHT_MIN) + 2 * SEPARATOR \
                <= w.width() * (1 - FOLD_SHARE):
            return
        target = w.inspector_dock if w.inspector_dock in right else min(right, key=lambda d: d.geometry().top())
        for dock in left:
            w.tabifyDockWidget(target, dock)
        target.raise_()

    @staticmethod
    def _min_width(docks: list[QDockWidget], floor: int) -> int:
        return max(floor, *(d.minimumSizeHint().width() for d in docks))

    def size_docks(self) -> None:
        """The columns' widths (side_widths, or one column of FOLDED_SHARE) and the columns' splits."""
        w = self.window
        width, height = w.width(), w.height()
        left = self.docked(Qt.DockWidgetArea.LeftDockWidgetArea)
        right = self.docked(Qt.DockWidgetArea.RightDockWidgetArea)
        if left and right:
            widths = side_widths(width, self._min_width(left, LEFT_MIN), self._min_width(right, RIGHT_MIN))
            w.resizeDocks([left[0], right[0]], list(widths), Qt.Orientation.Horizontal)
        elif left or right:
            column = left or right
            room = int(width * MAP_SHARE) - 2 * SEPARATOR
            w.resizeDocks([column[0]], [min(room, max(self._min_width(column, 0), int(width * FOLDED_SHARE)))],
                          Qt.Orientation.Horizontal)
        top = SELECTION_SHARE[height < COMPACT_HEIGHT]
        for upper, lower, share in ((w.inspector_dock, w.source_dock, top), (w.browse_dock, w.legend_dock, 0.6)):
            if (upper.toggleViewAction().isChecked() and lower.toggleViewAction().isChecked()
                    and w.dockWidgetArea(upper) == w.dockWidgetArea(lower) and not self._together(upper, lower)
                    and not upper.isFloating() and not lower.isFloating()):
                w.resizeDocks([upper, lower], [int(height * share), int(height * (1 - share))], Qt.Orientation.Vertical)

    def give_way(self) -> None:
        """Shrink the side and bottom panels until the map has at least half the width and the height."""
        w = self.window
        canvas = w.canvas
        self.whole_tab_titles()
        if not w.isVisible():
            return
        if canvas.width() < w.width() * MAP_SHARE:
            self.size_docks()
        bottom = self.docked(Qt.DockWidgetArea.BottomDockWidgetArea)
        if bottom and canvas.height() < w.height() * MAP_SHARE:
            w.resizeDocks(bottom, [int(w.height() * BOTTOM_SHARE)] * len(bottom), Qt.Orientation.Vertical)

    def restored(self) -> None:
        """An arrangement saved on another screen: fold it for this window if need be, then give way."""
        if self.window.isVisible():
            self.fold_for_small()
        self.give_way()

    def whole_tab_titles(self) -> None:
        """The tabs of docks sharing a place show their titles whole, scrolling if they must ("Inspec…",
        "Outli…" and "What Sta…" in a 240-pixel column were cut); the bars are made as docks are tabified."""
        for bar in self.window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if bar.elideMode() != Qt.TextElideMode.ElideNone:
                bar.setElideMode(Qt.TextElideMode.ElideNone)
                bar.setUsesScrollButtons(True)
