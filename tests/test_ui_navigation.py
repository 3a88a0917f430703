"""Moving around the map: Back/Forward, neighbour keys, search, zoom and fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QToolButton
from window_helpers import LEFT, click_node, open_window

from argmap.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated_settings")


@pytest.fixture
def win(qtbot, tiny_corpus: Path) -> MainWindow:
    return open_window(qtbot, tiny_corpus)


def press(qtbot, win: MainWindow, seq: QKeySequence | QKeySequence.StandardKey, target=None) -> None:
    """Type a key sequence (its first binding on this platform) into the window."""
    combo = QKeySequence(seq)[0]
    qtbot.keyClick(target or win.canvas, combo.key(), combo.keyboardModifiers())


def toolbar_button(win: MainWindow, key: str) -> QToolButton:
    button = win.toolbar.widgetForAction(win.actions[key])
    assert isinstance(button, QToolButton)
    return button


def focus_canvas(qtbot, win: MainWindow) -> None:
    win.activateWindow()
    win.canvas.setFocus()
    qtbot.waitUntil(win.canvas.hasFocus, timeout=3000)


# -- history ----------------------------------------------------------------------------


def test_back_and_forward_with_keys_and_buttons(qtbot, win: MainWindow) -> None:
    for node in ("wall-cost", "mayor", "wall-stops-floods"):
        click_node(qtbot, win, node)
    assert not win.actions["forward"].isEnabled()
    focus_canvas(qtbot, win)
    press(qtbot, win, QKeySequence.StandardKey.Back)
    assert win.selected() == "mayor" and win.canvas.selected() == "mayor"
    assert "The mayor" in win.inspector.toPlainText()
    qtbot.mouseClick(toolbar_button(win, "back"), LEFT)
    assert win.selected() == "wall-cost"
    assert not toolbar_button(win, "back").isEnabled()
    press(qtbot, win, QKeySequence.StandardKey.Forward)
    assert win.selected() == "mayor"
    qtbot.mouseClick(toolbar_button(win, "forward"), LEFT)
    assert win.selected() == "wall-stops-floods"
    assert not toolbar_button(win, "forward").isEnabled()


def test_a_new_selection_after_going_back_drops_the_forward_part(qtbot, win: MainWindow) -> None:
    for node in ("wall-cost", "mayor", "fisherman"):
        click_node(qtbot, win, node)
    win.actions["back"].trigger()
    win.actions["back"].trigger()
    click_node(qtbot, win, "river-flooded")
    assert not win.actions["forward"].isEnabled()
    win.actions["back"].trigger()
    assert win.selected() == "wall-cost"


# -- neighbours -------------------------------------------------------------------------


def test_brackets_cycle_through_neighbours_and_enter_follows(qtbot, win: MainWindow) -> None:
    click_node(qtbot, win, "wall-cost")
    focus_canvas(qtbot, win)
    qtbot.keyClick(win.canvas, Qt.Key.Key_BracketRight)
    first = win.selected()
    assert first in {"fisherman", "mayor"}
    qtbot.keyClick(win.canvas, Qt.Key.Key_BracketRight)
    second = win.selected()
    assert {first, second} == {"fisherman", "mayor"}
    qtbot.keyClick(win.canvas, Qt.Key.Key_BracketRight)
    assert win.selected() == first  # round the ring
    qtbot.keyClick(win.canvas, Qt.Key.Key_BracketLeft)
    assert win.selected() == second
    assert win.canvas.state.highlighted == {"fisherman", "mayor", "wall-cost"}  # the anchor's neighbourhood
    qtbot.keyClick(win.canvas, Qt.Key.Key_Return)  # follow: the neighbour becomes the anchor
    qtbot.keyClick(win.canvas, Qt.Key.Key_BracketRight)
    assert win.selected() in set(win.session.graph.successors(second)) | set(win.session.graph.predecessors(second))
    win.actions["back"].trigger()
    assert win.selected() == second


def test_escape_returns_to_the_anchor_then_clears(qtbot, win: MainWindow) -> None:
    click_node(qtbot, win, "wall-stops-floods")
    focus_canvas(qtbot, win)
    qtbot.keyClick(win.canvas, Qt.Key.Key_BracketRight)
    assert win.selected() != "wall-stops-floods"
    qtbot.keyClick(win.canvas, Qt.Key.Key_Escape)
    assert win.selected() == "wall-stops-floods"
    qtbot.keyClick(win.canvas, Qt.Key.Key_Escape)
    assert win.selected() is None


# -- search -----------------------------------------------------------------------------


def test_ctrl_f_search_enter_selects_and_centres(qtbot, win: MainWindow) -> None:
    press(qtbot, win, QKeySequence.StandardKey.Find, target=win)
    field = win.search_panel.field
    qtbot.waitUntil(field.hasFocus, timeout=3000)
    qtbot.keyClicks(field, "river")
    qtbot.waitUntil(lambda: win.search_panel.results.count() > 0, timeout=3000)
    assert win.search_panel.result_ids()[:2] == ["floods-from-river", "river-flooded"]
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert win.selected() == "river-flooded"
    centre = win.canvas.viewport().rect().center()
    pos = win.canvas.view_pos_of("river-flooded")
    assert abs(pos.x() - centre.x()) <= 2 and abs(pos.y() - centre.y()) <= 2
    assert win.source_panel.highlighted_span()[0] == "alpha"


def test_search_finds_quotes_and_actor_aliases_and_clicks_jump(qtbot, win: MainWindow) -> None:
    field = win.search_panel.field
    qtbot.keyClicks(field, "the river is the cause")  # only a quote of floods-from-river says this
    win.search_panel.run()
    assert win.search_panel.result_ids() == ["floods-from-river"]
    field.clear()
    qtbot.keyClicks(field, "port authority")
    win.search_panel.run()
    ids = win.search_panel.result_ids()
    assert ids[0] == "engineers"
    item = win.search_panel.results.item(0)
    qtbot.mouseClick(win.search_panel.results.viewport(), LEFT, pos=win.search_panel.results.visualItemRect(item).center())
    assert win.selected() == "engineers"


def test_search_without_match_says_so(qtbot, win: MainWindow) -> None:
    qtbot.keyClicks(win.search_panel.field, "zebra crossing")
    win.search_panel.run()
    assert win.search_panel.result_ids() == []
    assert win.search_panel.summary.text() == "No match"
    qtbot.keyClick(win.search_panel.field, Qt.Key.Key_Return)
    assert win.selected() is None


# -- view -------------------------------------------------------------------------------


def test_zoom_keys_and_fit(qtbot, win: MainWindow) -> None:
    focus_canvas(qtbot, win)
    before = win.canvas.visible_world_rect().width()
    press(qtbot, win, QKeySequence.StandardKey.ZoomIn)
    assert win.canvas.visible_world_rect().width() == pytest.approx(before / 1.25, rel=0.02)
    press(qtbot, win, QKeySequence.StandardKey.ZoomOut)
    press(qtbot, win, QKeySequence.StandardKey.ZoomOut)
    assert win.canvas.visible_world_rect().width() > before
    qtbot.mouseClick(toolbar_button(win, "fit"), LEFT)
    rect = win.canvas.visible_world_rect()
    for node in win.session.graph.nodes:
        x, y = win.session.positions()[node]
        assert rect.contains(x, y)


def test_hover_tooltip_names_the_claim_and_its_documents(qtbot, win: MainWindow) -> None:
    tip = win._tooltip("floods-from-river")
    assert "The floods come from the river" in tip and "Harbour report" in tip and "Letters to the editor" in tip
