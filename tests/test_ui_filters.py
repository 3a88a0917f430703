"""Filters by document, actor and relation kind, and focus mode: what the map shows and lets you click."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from window_helpers import open_window

from argmap.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated_settings")

ALL = {"wall-stops-floods", "wall-high-enough", "floods-from-river", "river-flooded", "wall-wont-stop", "wall-cost",
       "council", "engineers", "residents", "fisherman", "mayor"}


@pytest.fixture
def win(qtbot, tiny_corpus: Path) -> MainWindow:
    return open_window(qtbot, tiny_corpus)


def toggle(qtbot, lst: QListWidget, row_id: str) -> None:
    """Toggle a row's check box the way a keyboard user does: make it current, press Space."""
    item = next(lst.item(i) for i in range(lst.count()) if lst.item(i).data(Qt.ItemDataRole.UserRole) == row_id)
    lst.setFocus()
    lst.setCurrentItem(item)
    qtbot.keyClick(lst, Qt.Key.Key_Space)


def shown(win: MainWindow) -> set[str]:
    """Nodes a user can click on the map right now."""
    visible = win.canvas.state.visible
    return set(win.session.graph.nodes) if visible is None else set(visible)


def clickable(win: MainWindow, node: str) -> bool:
    win.canvas.center_on(node)
    return win.canvas.node_at(win.canvas.view_pos_of(node)) == node


def test_everything_is_shown_at_first(win: MainWindow) -> None:
    assert win.canvas.state.visible is None
    assert shown(win) == ALL


def test_document_filter_hides_claims_only_in_that_document(qtbot, win: MainWindow) -> None:
    toggle(qtbot, win.corpus_panel.documents, "beta")
    assert shown(win) == ALL - {"wall-wont-stop", "wall-cost", "fisherman", "mayor"}
    assert not clickable(win, "wall-cost")
    assert clickable(win, "floods-from-river")  # also in alpha
    assert "showing 7 of 11" in win.count_label.text()
    toggle(qtbot, win.corpus_panel.documents, "beta")
    assert shown(win) == ALL


def test_actor_filter_keeps_that_actors_claims(qtbot, win: MainWindow) -> None:
    win.corpus_panel._set_all(win.corpus_panel.actors, False)
    toggle(qtbot, win.corpus_panel.actors, "fisherman")
    assert shown(win) == {"fisherman", "wall-wont-stop", "wall-cost"}


def test_relation_kind_filter_hides_links_and_lonely_actors(qtbot, win: MainWindow) -> None:
    toggle(qtbot, win.corpus_panel.kinds, "asserts")
    toggle(qtbot, win.corpus_panel.kinds, "denies")
    assert win.canvas.state.kinds == {"supports", "rebuts", "undercuts"}
    assert shown(win) == ALL - {"council", "engineers", "residents", "fisherman", "mayor"}
    win.corpus_panel.reset.click()
    assert shown(win) == ALL


def test_selection_stays_visible_when_filtered_out(qtbot, win: MainWindow) -> None:
    toggle(qtbot, win.corpus_panel.documents, "beta")
    win.select_node("wall-cost", center=True)
    assert "wall-cost" in shown(win)


def test_focus_mode_shows_the_k_hop_neighbourhood(qtbot, win: MainWindow) -> None:
    win.select_node("wall-cost")
    focus_button = win.toolbar.widgetForAction(win.actions["focus"])
    qtbot.mouseClick(focus_button, Qt.MouseButton.LeftButton)
    assert win.actions["focus"].isChecked() and win.corpus_panel.focus.isChecked()
    assert shown(win) == {"wall-cost", "fisherman", "mayor"}
    win.corpus_panel.depth.setValue(2)
    assert shown(win) == {"wall-cost", "fisherman", "mayor", "wall-wont-stop"}
    win.select_node("mayor")  # focus follows the selection
    win.corpus_panel.depth.setValue(1)
    assert shown(win) == {"mayor", "wall-cost"}
    qtbot.mouseClick(win.corpus_panel.focus, Qt.MouseButton.LeftButton)
    assert not win.actions["focus"].isChecked()
    assert shown(win) == ALL


def test_focus_combines_with_filters(qtbot, win: MainWindow) -> None:
    win.select_node("wall-stops-floods")
    win.actions["focus"].trigger()
    toggle(qtbot, win.corpus_panel.kinds, "asserts")
    assert shown(win) == {"wall-stops-floods", "wall-high-enough", "floods-from-river", "wall-wont-stop"}


def test_the_kept_filters_follow_every_change_of_a_row(qtbot, win: MainWindow) -> None:
    """The panel keeps its answer between edits (issue 14): a toggle, All/None and a caller's change all count."""
    panel = win.corpus_panel
    assert panel.filters() == (None, None, None)  # asked (and kept) before the toggle
    toggle(qtbot, panel.documents, "beta")
    docs, _, _ = panel.filters()
    assert docs is not None and "beta" not in docs
    docs.add("beta")  # the caller's copy, not the panel's
    assert "beta" not in panel.filters()[0]
    panel._set_all(panel.documents, True)
    assert panel.filters()[0] is None
    panel._set_all(panel.actors, False)
    assert panel.filters()[1] == set()
    assert shown(win) <= {"wall-stops-floods", "wall-high-enough", "floods-from-river", "river-flooded",
                          "wall-wont-stop", "wall-cost"}
