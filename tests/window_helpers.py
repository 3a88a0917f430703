"""Opening the real main window on a corpus and clicking its nodes, shared by the UI tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from argmap.ui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton


def open_window(qtbot, corpus: Path, *, discard_on_close: bool = False) -> MainWindow:
    """A shown, active 1400x900 window with the corpus open, laid out and fitted.

    `discard_on_close`: the test's edits are dropped when the test ends (pass or fail), so
    closing never waits on the Save / Discard question.
    """
    win = MainWindow()
    qtbot.addWidget(win, before_close_func=(lambda w: w.session and w.session.undo_stack.setClean())
                    if discard_on_close else None)
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
