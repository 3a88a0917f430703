"""The problems a newcomer met on a first trial of the window (issue 17 follow-up), each as a user sees it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMenu, QMessageBox
from saving_helpers import DialogAnswerer
from window_helpers import open_window

from argmap.render import style as S
from argmap.render.map_arrays import ROLE_NAMES

pytestmark = pytest.mark.usefixtures("isolated_settings")


@pytest.fixture
def seed_win(qtbot, seed_copy: Path):
    """The seed map's window; whatever a test edits is dropped at the end, so closing never asks."""
    return open_window(qtbot, seed_copy, discard_on_close=True)


def _label_fill_seen(win, lab) -> bool:
    """Does the user see this overview label's own fill (not the dimming veil) at its left padding?"""
    c = win.canvas
    mp = c.map_painter
    img = c.viewport().grab().toImage()
    p = c.view_pos_of_point(QPointF(lab.x0, (lab.y0 + lab.y1) / 2))
    p.setX(p.x() + 3)
    seen = QColor(img.pixel(p))
    want = QColor(S.NODE_STYLES[ROLE_NAMES[mp.role[lab.i]]].fill)
    return max(abs(seen.red() - want.red()), abs(seen.green() - want.green()), abs(seen.blue() - want.blue())) <= 12


def _overview_places(win):
    c = win.canvas
    ppu = c.viewport().width() / c.visible_world_rect().width()
    mp = c.map_painter
    assert mp.overview_zoom(ppu)
    return mp, ppu


def test_at_overview_zoom_the_selection_and_its_neighbours_are_the_labelled_ones(qtbot, seed_copy: Path) -> None:
    win = open_window(qtbot, seed_copy)
    qtbot.wait(50)  # the first view has been set
    win.select_node("c-ukraine-behind")
    win.canvas.fit_all()
    mp, ppu = _overview_places(win)
    emph = mp._mask(win.canvas.state.highlighted | {"c-ukraine-behind"})
    places = mp.label_places(ppu, first=emph, top=mp.index["c-ukraine-behind"])
    drawn = [lab for lab in places if emph[lab.i]]
    assert drawn and mp.ids[drawn[0].i] == "c-ukraine-behind"
    assert len(drawn) >= 5  # the neighbours are named too
    in_view = [lab for lab in drawn if win.canvas.visible_world_rect().contains(QPointF(lab.x0 + 1, lab.y0 + 1))]
    assert in_view
    assert [mp.ids[lab.i] for lab in in_view if not _label_fill_seen(win, lab)] == []



# -- 3: Delete away from the map asks, naming the item; undo leaves no stale highlight ----------


def test_delete_in_the_source_text_asks_first_naming_the_claim_and_undo_leaves_no_stale_highlight(
        qtbot, seed_win) -> None:
    win = seed_win
    corpus = win.session.corpus
    win.select_node("c-west-involved", center=True)
    assert win.source_panel.highlighted_span() is not None
    win.canvas.zoom_by(0.05)  # the selection is a dot far away: the user cannot see it
    text = win.source_panel.text
    text.setFocus()
    qtbot.waitUntil(text.hasFocus, timeout=3000)
    answers = DialogAnswerer().queue(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(text, Qt.Key.Key_Delete)
    assert "c-west-involved" in corpus.claims
    assert "The West was involved" in answers.seen[0] and "links" in answers.seen[0]
    win.activateWindow()  # the dialog gives the window back its focus
    text.setFocus()
    qtbot.waitUntil(text.hasFocus, timeout=3000)
    answers.queue("Delete")
    qtbot.keyClick(text, Qt.Key.Key_Delete)
    assert "c-west-involved" not in corpus.claims
    qtbot.waitUntil(lambda: win.selected() is None, timeout=3000)  # the views refresh once the edit is done
    assert win.source_panel.highlighted_span() is None
    win.session.undo_stack.undo()
    qtbot.wait(50)
    assert "c-west-involved" in corpus.claims and win.selected() is None
    assert "Nothing selected" in win.inspector.toPlainText()
    assert win.source_panel.highlighted_span() is None  # nothing selected, nothing strongly shaded


def test_delete_on_the_map_acts_at_once(qtbot, seed_win) -> None:
    win = seed_win
    win.select_node("c-west-involved", center=True)
    win.canvas.setFocus()
    qtbot.waitUntil(win.canvas.hasFocus, timeout=3000)
    qtbot.keyClick(win.canvas, Qt.Key.Key_Delete)
    assert "c-west-involved" not in win.session.corpus.claims
    assert "Ctrl+Z" in win.statusBar().currentMessage()


# -- 10 and 4: a duplicate link is refused in words, the menu stays on screen, a new link stands out --


def test_a_duplicate_link_is_named_in_the_menu_and_the_menu_is_on_screen(qtbot, tiny_corpus: Path) -> None:
    from test_editing_ui import drag, when_shown  # the drag a hand makes

    win = open_window(qtbot, tiny_corpus, discard_on_close=True)
    qtbot.wait(50)
    win.canvas.fit_all()
    seen: list[tuple[list[str], bool]] = []

    def look(menu) -> None:
        texts = [a.text() for a in menu.actions()]
        screen = menu.screen().availableGeometry()
        seen.append((texts, screen.contains(menu.geometry())))
        menu.close()

    when_shown(QMenu, look)
    drag(qtbot, win, "wall-high-enough", "wall-stops-floods")  # r3 supports this pair already
    texts, inside = seen[0]
    assert "Supports: already linked" in texts and "&Rebuts" in texts
    assert inside
    assert "Already linked" in win.statusBar().currentMessage()


def test_a_new_link_is_selected_so_the_user_sees_which_line_it_is(qtbot, tiny_corpus: Path) -> None:
    from test_editing_ui import drag, when_shown

    win = open_window(qtbot, tiny_corpus, discard_on_close=True)
    qtbot.wait(50)
    win.canvas.fit_all()
    when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_S))
    drag(qtbot, win, "wall-cost", "wall-wont-stop")
    corpus = win.session.corpus
    new = next(r for r in corpus.relations.values() if (r.source, r.target) == ("wall-cost", "wall-wont-stop"))
    qtbot.waitUntil(lambda: win.inspector.relation_id == new.id, timeout=3000)
    assert win.canvas.state.highlighted >= {"wall-cost", "wall-wont-stop"}


# -- 5 and 6: panels raised when chosen, never squeezing the map; Reset Layout; a restore gives way --


def _small_window(qtbot, corpus: Path, settings=None):
    from argmap.ui.main_window import MainWindow

    win = MainWindow(settings) if settings is not None else MainWindow()
    qtbot.addWidget(win, before_close_func=lambda w: w.session and w.session.undo_stack.setClean())
    win.resize(1024, 700)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_corpus(corpus)
    qtbot.waitUntil(win.layout_ready, timeout=20000)
    qtbot.wait(50)
    return win


def _in_front(dock) -> bool:
    return dock.isVisible() and not dock.widget().visibleRegion().isEmpty()


def test_an_analysis_panel_chosen_from_the_menu_comes_to_the_front_and_the_map_keeps_half(qtbot, seed_copy: Path) -> None:
    win = _small_window(qtbot, seed_copy)
    a = win.analysis
    for dock in (a.stance_dock, a.disputes_dock, a.status_dock):
        dock.toggleViewAction().trigger()  # as Analysis ▸ … does
        qtbot.waitUntil(lambda d=dock: _in_front(d), timeout=3000)
        qtbot.wait(50)
        assert win.canvas.height() >= 0.45 * win.height(), dock.windowTitle()
        assert win.canvas.width() >= 0.45 * win.width(), dock.windowTitle()
    assert _in_front(a.status_dock) and not _in_front(win.inspector_dock)  # the last one chosen is the one shown


def test_reset_layout_puts_the_panels_back(qtbot, seed_copy: Path) -> None:
    win = _small_window(qtbot, seed_copy)
    win.tabifyDockWidget(win.inspector_dock, win.source_dock)  # a title bar grabbed by accident
    win.source_dock.raise_()
    qtbot.waitUntil(lambda: not _in_front(win.inspector_dock), timeout=3000)
    reset = next(a for a in win.findChild(QMenu, "panelsMenu").actions() if a.text() == "&Reset Layout")
    reset.trigger()
    qtbot.waitUntil(lambda: _in_front(win.inspector_dock) and _in_front(win.source_dock), timeout=3000)
    assert win.inspector_dock.geometry().bottom() < win.source_dock.geometry().top()  # one above the other again


def test_an_arrangement_saved_on_a_big_screen_gives_way_on_a_small_one(qtbot, seed_copy: Path) -> None:
    from argmap.ui.main_window import MainWindow, app_settings

    big = MainWindow()
    qtbot.addWidget(big, before_close_func=lambda w: w.session and w.session.undo_stack.setClean())
    big.resize(1400, 900)
    big.show()
    qtbot.waitExposed(big)
    qtbot.wait(50)
    big.resizeDocks([big.browse_dock, big.source_dock], [420, 560], Qt.Orientation.Horizontal)  # wide panels
    qtbot.wait(20)
    big.save_settings()
    big.close()
    win = _small_window(qtbot, seed_copy, app_settings())
    win.resize(1024, 700)
    qtbot.wait(100)
    qtbot.wait(50)
    assert win.canvas.width() >= 0.45 * win.width()


def test_the_stance_matrix_is_readable_at_1024x700(qtbot, seed_copy: Path) -> None:
    """Claims keep a readable column and several rows show; the actor columns scroll sideways, titles elided."""
    from argmap.ui.stance_view import CLAIM_MIN

    win = _small_window(qtbot, seed_copy)
    dock = win.analysis.stance_dock
    dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: _in_front(dock), timeout=3000)
    qtbot.wait(50)
    panel = win.analysis.stances
    table = panel.table
    qtbot.waitUntil(lambda: panel.model.columnCount() > 3, timeout=5000)  # computed once the panel is shown
    qtbot.wait(50)
    assert table.columnWidth(0) >= CLAIM_MIN, table.columnWidth(0)
    assert panel.header.height() <= table.height() // 3 + 1, (panel.header.height(), table.height())
    rows_seen = (table.viewport().height()) // table.verticalHeader().defaultSectionSize()
    assert rows_seen >= 3, rows_seen
    assert table.horizontalScrollBar().maximum() > 0  # the columns that do not fit scroll
    assert panel.model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)  # elided titles tell all
