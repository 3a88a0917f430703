"""The panel arrangement: View ▸ Panels ▸ Reset Layout, and panels that give way to the map.

A newcomer twice grabbed a panel's title bar while aiming for a splitter and had no way back;
an arrangement saved on a large screen, restored on a small one, left the map a third of the
width; and the Analysis panels opened as hidden tabs, then took 60 % of the height. So: the
arrangement the window is built with is kept and Reset Layout restores it; after a restore, and
whenever a panel is shown, the side and bottom panels are shrunk until the map has at least half
the window's width and height; a panel chosen from a menu is raised to the front of its tabs.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu

from argmap.ui.window_api import MapWindowBase
from argmap.ui.window_fit import MAP_SHARE

BOTTOM_SHARE = 0.35  # a bottom panel (stance matrix, disputes) gets about this share of the height


class PanelLayout:
    """Keeps the built arrangement for Reset Layout and keeps the map at least half of the window."""

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
        w._size_docks()
        w.statusBar().showMessage("Panels back in their first places", 4000)

    def give_way(self) -> None:
        """Shrink the side and bottom panels until the map has at least half the width and the height."""
        w = self.window
        canvas = w.canvas
        if not w.isVisible():
            return
        if canvas.width() < w.width() * MAP_SHARE:
            w._size_docks()
        bottom = [d for d in w.findChildren(QDockWidget)
                  if d.isVisible() and not d.isFloating() and w.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
        if bottom and canvas.height() < w.height() * MAP_SHARE:
            w.resizeDocks(bottom, [int(w.height() * BOTTOM_SHARE)] * len(bottom), Qt.Orientation.Vertical)
