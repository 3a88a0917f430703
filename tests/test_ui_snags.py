"""The snags a new user hit in the window (issue 17), each driven the way the user met it."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QImage, QPainter
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from saving_helpers import DialogAnswerer
from window_helpers import LEFT, open_window

from argmap.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated_settings")
RIGHT = Qt.MouseButton.RightButton


@pytest.fixture(autouse=True)
def every_mouse_move():
    """pyqtgraph drops moves closer than 10 ms apart; qtbot's come faster than a hand's."""
    old = pg.getConfigOption("mouseRateLimit")
    pg.setConfigOption("mouseRateLimit", 0)
    yield
    pg.setConfigOption("mouseRateLimit", old)


@pytest.fixture
def win(qtbot, tiny_corpus: Path) -> MainWindow:
    w = open_window(qtbot, tiny_corpus)
    qtbot.wait(50)  # the window's own first view (a zoom) comes just after the layout
    w.canvas.fit_all()
    return w


def _drag(qtbot, widget, a: QPoint, b: QPoint, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mousePress(widget, LEFT, modifier, a)
    for k in range(1, 11):
        qtbot.mouseMove(widget, a + (b - a) * (k / 10))
    qtbot.mouseRelease(widget, LEFT, modifier, b)


def _open_menu_then_escape(qtbot, win: MainWindow, node: str) -> None:
    vp = win.canvas.viewport()
    pos = win.canvas.view_pos_of(node)
    qtbot.mousePress(vp, RIGHT, pos=pos)
    # X11 sends the context-menu event on the press, as QTest does not
    QApplication.sendEvent(vp, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, vp.mapToGlobal(pos)))
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    menu = QApplication.activePopupWidget()
    qtbot.mouseRelease(menu, RIGHT, pos=menu.mapFromGlobal(vp.mapToGlobal(pos)))  # the release lands on the menu
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=3000)


def test_drag_after_dismissing_a_node_menu_pans_and_keeps_the_zoom(qtbot, win: MainWindow) -> None:
    _open_menu_then_escape(qtbot, win, "wall-cost")
    before = win.canvas.visible_world_rect()
    vp = win.canvas.viewport()
    _drag(qtbot, vp, QPoint(6, 6), QPoint(126, 66))
    after = win.canvas.visible_world_rect()
    assert after.width() == pytest.approx(before.width(), rel=1e-6)  # not zoomed
    assert after.center().x() < before.center().x()  # the map followed the hand: panned right


def test_shift_drag_after_dismissing_a_node_menu_still_links(qtbot, win: MainWindow) -> None:
    _open_menu_then_escape(qtbot, win, "wall-cost")
    win.canvas.fit_all()
    before = win.canvas.visible_world_rect()
    win.canvas.linkRequested.disconnect(win.editing.request_link)  # no kind menu: the signal is what counts here
    with qtbot.waitSignal(win.canvas.linkRequested) as got:
        _drag(qtbot, win.canvas.viewport(), win.canvas.view_pos_of("wall-cost"), win.canvas.view_pos_of("mayor"),
              Qt.KeyboardModifier.ShiftModifier)
    assert got.args == ["wall-cost", "mayor"]
    assert win.canvas.visible_world_rect().width() == pytest.approx(before.width(), rel=1e-6)


# -- 2: the highlighted row of a drop-down list is readable --------------------------------------


@pytest.fixture
def styled(qtbot):
    """The app's own style sheet, as `argmap` runs with it (tests otherwise run without one)."""
    from argmap.ui.app import apply_style

    app = QApplication.instance()
    old = app.styleSheet()
    apply_style(app)
    yield
    app.setStyleSheet(old)


def _text_pixels(img: QImage, rect) -> int:
    """Pixels inside `rect` that stand out from its commonest colour (letters on the row)."""
    counts: dict[int, int] = {}
    inner = rect.adjusted(3, 3, -3, -3).intersected(img.rect())
    px = [img.pixel(x, y) for x in range(inner.left(), inner.right() + 1) for y in range(inner.top(), inner.bottom() + 1)]
    for p in px:
        counts[p] = counts.get(p, 0) + 1
    bg = QColor(max(counts, key=counts.get)).lightness()
    return sum(1 for p in px if abs(QColor(p).lightness() - bg) > 90)


@pytest.mark.parametrize("combo", ["layout_combo", "document_switcher"])
def test_highlighted_row_of_drop_down_lists_shows_its_text(qtbot, styled, win: MainWindow, combo: str) -> None:
    box = win.layout_combo if combo == "layout_combo" else win.source_panel.switcher
    box.setCurrentIndex(1)
    box.showPopup()
    view = box.view()
    qtbot.waitUntil(view.isVisible, timeout=3000)
    row = view.visualRect(view.model().index(1, 0))
    qtbot.mouseMove(view.viewport(), row.center())  # the pointer is on it: the highlighted row
    assert view.currentIndex().row() == 1
    shown = _text_pixels(view.viewport().grab().toImage(), row)
    other = _text_pixels(view.viewport().grab().toImage(), view.visualRect(view.model().index(0, 0)))
    box.hidePopup()
    assert other > 40  # the measure sees the letters of a plain row
    assert shown > other / 2, "the highlighted row is blank"


# -- 3: Enter, F2 and Delete wherever the focus is in the window ----------------------------------


def _cycle_to_neighbour(qtbot, win: MainWindow) -> None:
    win.select_node("wall-cost", center=True)
    win.canvas.setFocus()
    qtbot.keyClick(win.canvas, Qt.Key.Key_BracketRight)
    assert win.actions["follow"].isEnabled()
    assert "Enter to follow" in win.statusBar().currentMessage()


@pytest.mark.parametrize("where", ["inspector", "source"])
def test_enter_follows_from_the_inspector_and_the_source_text(qtbot, win: MainWindow, where: str) -> None:
    _cycle_to_neighbour(qtbot, win)
    target = win.inspector if where == "inspector" else win.source_panel.text
    target.setFocus()
    qtbot.waitUntil(target.hasFocus, timeout=3000)
    qtbot.keyClick(target, Qt.Key.Key_Return)
    assert not win.actions["follow"].isEnabled()  # followed: the neighbour is the new anchor
    assert "Enter to follow" not in win.statusBar().currentMessage()


def test_the_follow_hint_goes_once_the_selection_moves_on(qtbot, win: MainWindow) -> None:
    _cycle_to_neighbour(qtbot, win)
    from window_helpers import click_node

    click_node(qtbot, win, "mayor")
    assert "Enter to follow" not in win.statusBar().currentMessage()


@pytest.mark.parametrize("where", ["inspector", "source"])
def test_delete_and_f2_work_from_the_inspector_and_the_source_text(qtbot, win: MainWindow, where: str,
                                                                   monkeypatch) -> None:
    corpus = win.session.corpus
    win.select_node("wall-cost")
    target = win.inspector if where == "inspector" else win.source_panel.text
    target.setFocus()
    qtbot.waitUntil(target.hasFocus, timeout=3000)
    edited: list[str] = []
    monkeypatch.setattr(win.editing, "edit_claim_text", edited.append)  # the dialog itself is tested elsewhere
    qtbot.keyClick(target, Qt.Key.Key_F2)
    assert edited == ["wall-cost"]
    answers = DialogAnswerer().queue(QMessageBox.StandardButton.Cancel)  # away from the map Delete asks first
    qtbot.keyClick(target, Qt.Key.Key_Delete)
    assert "wall-cost" in corpus.claims and "Delete the claim" in answers.seen[0]
    win.activateWindow()
    target.setFocus()
    qtbot.waitUntil(target.hasFocus, timeout=3000)
    answers = DialogAnswerer().queue("Delete")
    qtbot.keyClick(target, Qt.Key.Key_Delete)
    assert "wall-cost" not in corpus.claims
    win.session.undo_stack.setClean()


# -- 4: a small screen: panels fit, the map keeps a usable share ---------------------------------


def test_at_1024_by_700_the_panels_fit_and_the_map_keeps_its_share(qtbot, seed_copy: Path) -> None:
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1024, 700)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_corpus(seed_copy)
    qtbot.waitUntil(win.layout_ready, timeout=20000)
    win.search_panel.field.setText("Ukraine")  # a results list on top of the filters
    win.search_panel.run()
    qtbot.wait(50)
    assert win.height() <= 700
    # the window can go smaller still: no panel holds it taller than a netbook's screen
    assert win.minimumSizeHint().height() <= 480 and win.minimumSizeHint().width() <= 800
    status_top = win.statusBar().geometry().top()
    for dock in (win.browse_dock, win.inspector_dock, win.source_dock):
        assert dock.geometry().bottom() < status_top, f"{dock.windowTitle()} runs under the status bar"
    map_rect = win.canvas.geometry()
    assert map_rect.width() >= 0.45 * win.width()
    assert map_rect.height() >= 0.6 * win.height()
    win.session.undo_stack.setClean()


# -- 5: the window opens on the screen, whatever the scale factor or the saved geometry -----------


def _fits(win: MainWindow) -> bool:
    area = win.screen().availableGeometry()
    return area.contains(win.geometry())


def test_first_window_fits_a_screen_smaller_than_its_default_size(qtbot) -> None:
    win = MainWindow()  # the offscreen screen is 800x800, as a 1600x1600 screen at QT_SCALE_FACTOR=2
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert _fits(win), f"{win.geometry()} is not inside {win.screen().availableGeometry()}"
    assert win.width() >= 0.8 * win.screen().availableGeometry().width()  # and still uses the screen


def test_the_window_can_shrink_to_a_1400_pixel_screen_at_scale_factor_2(qtbot) -> None:
    """At QT_SCALE_FACTOR=2 a 1400x900 screen is 700x450: the window's minimum, frame included, must fit it."""
    from argmap.ui.window_fit import FRAME, TITLE_ROOM

    win = open_window(qtbot, Path(__file__).resolve().parents[1] / "seeds")  # the docks as on a first run, filled
    least = win.minimumSizeHint().expandedTo(win.minimumSize())
    assert least.width() + 2 * FRAME <= 700, f"the window cannot be narrower than {least.width()} px"
    assert least.height() + TITLE_ROOM + FRAME <= 450, f"the window cannot be lower than {least.height()} px"


def test_geometry_saved_on_a_bigger_screen_is_brought_back_onto_this_one(qtbot) -> None:
    from PySide6.QtCore import QRect

    first = MainWindow()
    qtbot.addWidget(first)
    first.setGeometry(QRect(900, 600, 2400, 1500))  # as saved from a large monitor, off to the right
    first.save_settings()
    first.close()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert _fits(win), f"{win.geometry()} is not inside {win.screen().availableGeometry()}"


# -- 6: panning a dense map without grabbing nodes ----------------------------------------------


def _hover_then_drag(qtbot, win: MainWindow, a: QPoint, b: QPoint, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    vp = win.canvas.viewport()
    qtbot.mouseMove(vp, a + QPoint(2, 2))  # a hand arrives over the node first (pyqtgraph gives drags to the hovered item)
    qtbot.mouseMove(vp, a)
    _drag(qtbot, vp, a, b, modifier)


def test_space_drag_on_a_node_pans_and_leaves_the_node_and_the_corpus_alone(qtbot, win: MainWindow) -> None:
    win.canvas.center_on("wall-cost")
    before = win.canvas.visible_world_rect()
    where = dict(win.canvas.positions())
    win.canvas.setFocus()
    qtbot.waitUntil(win.canvas.hasFocus, timeout=3000)
    qtbot.keyPress(win.canvas, Qt.Key.Key_Space)
    a = win.canvas.view_pos_of("wall-cost")
    _hover_then_drag(qtbot, win, a, a + QPoint(150, 60))
    qtbot.keyRelease(win.canvas, Qt.Key.Key_Space)
    assert win.canvas.positions() == where
    assert win.session.undo_stack.isClean() and not win.isWindowModified()
    after = win.canvas.visible_world_rect()
    assert after.center().x() < before.center().x() - 50 and after.width() == pytest.approx(before.width())
    # without Space the same gesture moves the node again
    a = win.canvas.view_pos_of("wall-cost")
    _hover_then_drag(qtbot, win, a, a + QPoint(150, 60))
    assert win.canvas.positions()["wall-cost"] != where["wall-cost"]
    win.session.undo_stack.setClean()


def test_lock_positions_makes_a_drag_on_a_node_pan_and_shift_drag_still_links(qtbot, win: MainWindow) -> None:
    assert win.actions["lock"] in win.menus["view"].actions()  # the user finds it in the View menu
    win.actions["lock"].trigger()
    assert win.canvas.positions_locked()
    before = win.canvas.visible_world_rect()
    where = dict(win.canvas.positions())
    a = win.canvas.view_pos_of("wall-cost")
    _hover_then_drag(qtbot, win, a, a + QPoint(150, 60))
    assert win.canvas.positions() == where and win.session.undo_stack.isClean()
    assert win.canvas.visible_world_rect().center().x() < before.center().x() - 50
    win.canvas.fit_all()
    win.canvas.linkRequested.disconnect(win.editing.request_link)  # no kind menu: the signal is what counts here
    with qtbot.waitSignal(win.canvas.linkRequested) as got:
        _hover_then_drag(qtbot, win, win.canvas.view_pos_of("wall-cost"), win.canvas.view_pos_of("mayor"),
                         Qt.KeyboardModifier.ShiftModifier)
    assert got.args == ["wall-cost", "mayor"]


# -- 7: overlapping boxes: the upper box hides the lower one, words and all ----------------------


def test_the_upper_of_two_overlapping_boxes_hides_the_lower_boxs_text(qtbot) -> None:
    import networkx as nx

    from argmap.render import style as S
    from argmap.render.painter import MapPainter

    words = "the lower box has a long text that wraps over several lines and would run across the upper box"
    g = nx.MultiDiGraph()
    g.add_node("lower", kind="claim", role="claim", label=words, text=words)
    g.add_node("upper", kind="claim", role="rebuttal", label="upper box", text="upper box")
    where = {"lower": (0.0, 0.0), "upper": (60.0, 12.0)}

    def picture(graph: nx.MultiDiGraph) -> QImage:
        mp = MapPainter(graph, where)
        world = QRectF(-140, -80, 340, 180)
        img = QImage(680, 360, QImage.Format.Format_RGB32)
        img.fill(QColor(S.BACKGROUND))
        p = QPainter(img)
        p.scale(2, 2)
        p.translate(140, 80)
        mp.paint(p, world, 2.0)
        p.end()
        return img

    both = picture(g)
    alone = picture(g.subgraph(["upper"]).copy())
    mp = MapPainter(g, where)
    box = mp.box("upper").adjusted(3, 3, -3, -3)  # inside the upper box, clear of its anti-aliased border
    x0, y0 = int((box.left() + 140) * 2), int((box.top() + 80) * 2)
    x1, y1 = int((box.right() + 140) * 2), int((box.bottom() + 80) * 2)
    differ = sum(both.pixel(x, y) != alone.pixel(x, y) for x in range(x0, x1) for y in range(y0, y1))
    assert differ == 0, f"{differ} pixels of the lower box show through the upper one"
    assert mp.node_at(70, 12) == "upper"  # and a click there picks the box on top


def test_layout_list_drops_down_below_the_box_whatever_is_chosen(qtbot, styled, win: MainWindow) -> None:
    """The popup never moves its items to put the current one under the pointer (issue 17 follow-up, 13)."""
    box = win.layout_combo
    places = []
    for i in range(box.count()):
        box.setCurrentIndex(i)
        box.showPopup()
        view = box.view()
        qtbot.waitUntil(view.isVisible, timeout=3000)
        first = view.viewport().mapToGlobal(view.visualRect(view.model().index(0, 0)).topLeft())
        places.append(first.y())
        assert first.y() >= box.mapToGlobal(box.rect().bottomLeft()).y() - 2  # below the box, not over it
        box.hidePopup()
    assert len(set(places)) == 1  # every item at the same place each time


def test_the_neighbour_cycled_to_is_named_in_the_status_bar(qtbot, win: MainWindow) -> None:
    _cycle_to_neighbour(qtbot, win)
    here = win.session.corpus.node(win.selected())
    name = here.text if hasattr(here, "text") else here.name
    message = win.statusBar().currentMessage()
    assert message.startswith(f"“{name[:30]}") and "neighbour 1 of" in message, message
