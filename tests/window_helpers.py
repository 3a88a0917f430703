"""Opening the real main window on a corpus and clicking its nodes, shared by the UI tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from argmap.ui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton


def open_window(qtbot, corpus: Path) -> MainWindow:
    """A shown, active 1400x900 window with the corpus open, laid out and fitted."""
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    assert win.open_corpus(corpus)
    qtbot.waitUntil(win.layout_ready, timeout=10000)
    win.canvas.fit_all()
    return win


def click_node(qtbot, win: MainWindow, node: str) -> None:
    """Click a node where the user sees it (centred first, so it is on screen)."""
    win.canvas.center_on(node)
    qtbot.mouseClick(win.canvas.viewport(), LEFT, pos=win.canvas.view_pos_of(node))
