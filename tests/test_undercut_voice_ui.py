"""Undercuts and voice on the map and in the window, driven like a user: drags, clicks, keys.

The painter's geometry is tested on its own (an undercut's tip is the middle of the link it
attacks, computed here from the two boxes), the gestures in the real window on tests/data/tiny.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QHelpEvent
from PySide6.QtWidgets import QApplication, QMenu, QToolTip

from argmap.model.graph import build_graph
from argmap.model.loading import load_corpus
from argmap.render.painter import MapPainter
from argmap.ui.edit_dialogs import ClaimDialog, NodePicker
from tests.test_editing_ui import (  # noqa: F401 (fixtures)
    CTRL,
    LEFT,
    SHIFT,
    drag_points,
    hover,
    opened,
    press,
    press_ok,
    private_settings,
    saved,
    select_text,
    tiny,
    when_shown,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def window(request):
    """The real window and its editing controller on a copy of tiny (test_editing_ui's `tiny`)."""
    return request.getfixturevalue("tiny")


POSITIONS = {"wall-high-enough": (0.0, 0.0), "wall-stops-floods": (400.0, 300.0), "floods-from-river": (-300.0, 350.0),
             "wall-wont-stop": (300.0, 700.0), "wall-cost": (800.0, 600.0), "river-flooded": (-400.0, 700.0),
             "council": (700.0, 0.0), "engineers": (-200.0, -200.0), "residents": (-700.0, 350.0),
             "fisherman": (500.0, 900.0), "mayor": (1000.0, 800.0)}


# -- geometry ----------------------------------------------------------------------------------


def _painter() -> MapPainter:
    return MapPainter(build_graph(load_corpus(ROOT / "tests" / "data" / "tiny-v2").corpus), POSITIONS)


def _border_to_border_middle(mp: MapPainter, a: str, b: str) -> QPointF:
    """The middle of the visible part of the a -> b link, from the two boxes alone."""
    (ax, ay), (bx, by) = mp.position(a), mp.position(b)
    start = mp.border_point(mp.index[a], bx, by)
    end = mp.border_point(mp.index[b], ax, ay)
    return QPointF((start.x() + end.x()) / 2, (start.y() + end.y()) / 2)


def test_an_undercut_arrow_ends_on_the_middle_of_the_link_it_attacks() -> None:
    mp = _painter()
    # r12: floods-from-river undercuts r3 (wall-high-enough supports wall-stops-floods)
    middle = _border_to_border_middle(mp, "wall-high-enough", "wall-stops-floods")
    tip = mp.edge_line("r12").p2()
    assert (tip.x(), tip.y()) == pytest.approx((middle.x(), middle.y()), abs=1e-6)
    assert mp.edge_midpoint("r3") == tip
    # it starts on the border of the undercutting claim, aimed at that point
    start = mp.edge_line("r12").p1()
    expected = mp.border_point(mp.index["floods-from-river"], middle.x(), middle.y())
    assert (start.x(), start.y()) == pytest.approx((expected.x(), expected.y()), abs=1e-6)
    # r13 undercuts the rebuttal r8: its own middle
    rebut = _border_to_border_middle(mp, "wall-wont-stop", "wall-stops-floods")
    assert (mp.edge_line("r13").p2().x(), mp.edge_line("r13").p2().y()) == pytest.approx((rebut.x(), rebut.y()))


def test_the_tip_follows_the_attacked_link_when_a_node_moves() -> None:
    mp = _painter()
    before = mp.edge_line("r12").p2()
    mp.update_positions({"wall-high-enough": (-200.0, -100.0)})
    after = mp.edge_line("r12").p2()
    assert after != before
    middle = _border_to_border_middle(mp, "wall-high-enough", "wall-stops-floods")
    assert (after.x(), after.y()) == pytest.approx((middle.x(), middle.y()))


def test_an_undercut_is_found_under_the_pointer_and_hidden_with_its_link() -> None:
    mp = _painter()
    line = mp.edge_line("r12")
    on = line.pointAt(0.8)
    assert mp.edge_at(on.x(), on.y(), 3.0) == "r12"
    assert mp.edge_at(on.x() + 40, on.y() + 40, 3.0) != "r12"
    assert mp.edge_at(on.x(), on.y(), 3.0, kinds={"rebuts", "undercuts"}) is None  # its link (supports) is hidden
    shown = mp._visible_edges(mp.bounds(margin=50), mp._mask(None), {"rebuts", "undercuts"})
    assert {mp.ekeys[i] for i in shown} >= {"r13", "r8"} and "r12" not in {mp.ekeys[i] for i in shown}


# -- gestures in the window ------------------------------------------------------------------


def _free_point_on(win, rel_id: str) -> QPoint:
    """A viewport point on the drawn link `rel_id`, off every box (where a user would drop)."""
    canvas = win.canvas
    line = canvas.map_painter.edge_line(rel_id)
    for t in (0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7):
        p = canvas.view_pos_of_point(line.pointAt(t))
        if canvas.node_at(p) is None and canvas.edge_at(p) == rel_id:
            return p
    raise AssertionError(f"no free point on {rel_id}")


def _drag_to_point(qtbot, win, node: str, target: QPoint) -> None:
    start = win.canvas.view_pos_of(node)
    assert win.canvas.node_at(start) == node
    drag_points(qtbot, win, start, target)


def _undercuts(corpus) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in corpus.relations.values() if r.kind == "undercuts"}


def test_dragging_a_claim_onto_a_link_undercuts_it_and_undo_takes_it_back(qtbot, window, tiny_corpus: Path) -> None:
    win, _ = window
    corpus = win.session.corpus
    _drag_to_point(qtbot, win, "river-flooded", _free_point_on(win, "r3"))
    assert _undercuts(corpus) == {("river-flooded", "r3")}
    assert "Undercut" in win.statusBar().currentMessage()
    qtbot.waitUntil(lambda: any(k == "undercuts" for k in win.canvas.map_painter.ekind))
    (undercut,) = corpus.undercuts_of("r3")
    assert win.canvas.map_painter.edge_line(undercut.id).p2() == win.canvas.map_painter.edge_midpoint("r3")
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    written = [r for r in saved(tiny_corpus)["relations"] if r["kind"] == "undercuts"]
    assert written == [{"id": undercut.id, "kind": "undercuts", "source": "river-flooded", "target": "r3",
                        "origin": "manual", "created": undercut.created, "author": "tester"}]
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert _undercuts(corpus) == set()
    press(qtbot, win, Qt.Key.Key_Z, CTRL | SHIFT)
    assert _undercuts(corpus) == {("river-flooded", "r3")}


def test_an_actor_dropped_on_a_link_undercuts_nothing(qtbot, window) -> None:
    win, _ = window
    _drag_to_point(qtbot, win, "mayor", _free_point_on(win, "r3"))
    assert _undercuts(win.session.corpus) == set()
    assert "only a claim can undercut a link" in win.statusBar().currentMessage()
    assert not win.session.undo_stack.count()


def test_a_claim_cannot_undercut_its_own_link(qtbot, window) -> None:
    win, _ = window
    _drag_to_point(qtbot, win, "wall-high-enough", _free_point_on(win, "r3"))
    assert _undercuts(win.session.corpus) == set()
    assert "one end of that relation" in win.statusBar().currentMessage()


def test_undercut_from_the_keyboard_with_link_to(qtbot, window) -> None:
    win, _ = window
    win.select_node("river-flooded")
    seen: list[list[str]] = []

    def pick(dialog: NodePicker) -> None:
        qtbot.keyClicks(dialog.search, "high enough supports")
        seen.append([dialog.list.item(i).text() for i in range(dialog.list.count()) if not dialog.list.item(i).isHidden()])
        when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_U))
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    when_shown(NodePicker, pick)
    press(qtbot, win, Qt.Key.Key_L, CTRL)
    assert seen and len(seen[0]) == 1 and seen[0][0].startswith("Link  ·  “The harbour wall is high enough.” supports")
    assert _undercuts(win.session.corpus) == {("river-flooded", "r3")}


def test_clicking_a_link_shows_both_its_ends_in_the_inspector(qtbot, window) -> None:
    win, _ = window
    qtbot.mouseClick(win.canvas.viewport(), LEFT, pos=_free_point_on(win, "r3"))
    inspector = win.inspector
    assert inspector.relation_id == "r3"
    targets = set(inspector.links().values())
    assert {("node", "wall-high-enough"), ("node", "wall-stops-floods")} <= targets
    assert "no quote and no note" in inspector.toPlainText().casefold()
    assert win.canvas.state.highlighted == {"wall-high-enough", "wall-stops-floods"}


def test_delete_removes_the_clicked_link_with_its_undercuts_and_undo_brings_both_back(qtbot, window) -> None:
    win, editing = window
    corpus = win.session.corpus
    editing.request_undercut("river-flooded", "r3")
    qtbot.waitUntil(lambda: any(k == "undercuts" for k in win.canvas.map_painter.ekind))
    qtbot.mouseClick(win.canvas.viewport(), LEFT, pos=_free_point_on(win, "r3"))
    assert win.inspector.relation_id == "r3"
    assert win.canvas.state.highlighted == {"wall-high-enough", "wall-stops-floods", "river-flooded"}  # and who contests it
    press(qtbot, win, Qt.Key.Key_Delete, target=win.canvas)
    assert "r3" not in corpus.relations and _undercuts(corpus) == set()
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert "r3" in corpus.relations and _undercuts(corpus) == {("river-flooded", "r3")}


def test_hovering_an_undercut_names_both_ends_of_the_link_it_attacks(qtbot, window) -> None:
    win, editing = window
    editing.request_undercut("river-flooded", "r3")
    qtbot.waitUntil(lambda: any(k == "undercuts" for k in win.canvas.map_painter.ekind))
    (undercut,) = win.session.corpus.undercuts_of("r3")
    viewport = win.canvas.viewport()
    line = win.canvas.map_painter.edge_line(undercut.id)
    pos = next(p for p in (win.canvas.view_pos_of_point(line.pointAt(t)) for t in (0.5, 0.4, 0.6, 0.7, 0.3))
               if win.canvas.edge_at(p) == undercut.id)
    hover(qtbot, viewport, pos)
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos)))
    text = QToolTip.text()
    assert "undercuts the link" in text
    assert "The river has flooded" in text and "The harbour wall is high enough." in text and "winter floods" in text


# -- voice, via and evidence from the link menu ------------------------------------------------


def _right_click_link(win, rel_id: str) -> None:
    inspector = win.inspector
    rect = inspector.anchor_rect(inspector.href_for("relation", rel_id))
    assert rect.isValid(), f"{rel_id} is not listed"
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, rect.center(), inspector.viewport().mapToGlobal(rect.center()))
    QApplication.sendEvent(inspector.viewport(), event)


def _in_submenu(qtbot, name: str, key: Qt.Key) -> None:
    """Once the submenu `name` has opened (as the active popup), press `key` in it."""

    def poll() -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None and popup.objectName() == name:
            qtbot.keyClick(popup, key)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def test_marking_an_attribution_as_hinted_shows_in_the_inspector_and_undoes(qtbot, window, tiny_corpus: Path) -> None:
    win, _ = window
    corpus = win.session.corpus
    win.select_node("wall-high-enough")
    assert "hinted" not in win.inspector.toPlainText()

    def open_voice(menu: QMenu) -> None:
        _in_submenu(qtbot, "voiceMenu", Qt.Key.Key_H)
        qtbot.keyClick(menu, Qt.Key.Key_O)

    when_shown(QMenu, open_voice)
    _right_click_link(win, "r2")
    qtbot.waitUntil(lambda: corpus.relations["r2"].voice == "suggests")
    qtbot.waitUntil(lambda: "hinted" in win.inspector.toPlainText())
    painter = win.canvas.map_painter
    assert painter.evoice[painter.edge_index["r2"]] == "suggests"
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    assert next(r for r in saved(tiny_corpus)["relations"] if r["id"] == "r2")["voice"] == "suggests"
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert corpus.relations["r2"].voice == "states"
    qtbot.waitUntil(lambda: "hinted" not in win.inspector.toPlainText())


def test_right_clicking_an_attribution_on_the_map_sets_its_voice(qtbot, window) -> None:
    win, _ = window
    corpus = win.session.corpus
    pos = _free_point_on(win, "r10")  # the fisherman asserts the wall's cost

    names: list[str] = []

    def open_voice(menu: QMenu) -> None:
        names.append(menu.objectName())  # read now: the menu deletes itself once closed
        _in_submenu(qtbot, "voiceMenu", Qt.Key.Key_R)
        qtbot.keyClick(menu, Qt.Key.Key_O)

    when_shown(QMenu, open_voice)
    viewport = win.canvas.viewport()
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos)))
    qtbot.waitUntil(lambda: corpus.relations["r10"].voice == "reports")
    assert names == ["relationMenu"]
    qtbot.waitUntil(lambda: win.canvas.map_painter.evoice[win.canvas.map_painter.edge_index["r10"]] == "reports")


def test_choosing_through_whom_an_attribution_comes(qtbot, window) -> None:
    win, _ = window
    corpus = win.session.corpus
    win.select_node("wall-high-enough")

    def pick(dialog: NodePicker) -> None:
        qtbot.keyClicks(dialog.search, "council")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    when_shown(QMenu, lambda m: (when_shown(NodePicker, pick), qtbot.keyClick(m, Qt.Key.Key_W)))
    _right_click_link(win, "r2")
    qtbot.waitUntil(lambda: corpus.relations["r2"].via == "council")
    qtbot.waitUntil(lambda: "according to Town council" in win.inspector.toPlainText())
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert corpus.relations["r2"].via is None


def test_selected_text_becomes_a_links_evidence(qtbot, window, tiny_corpus: Path) -> None:
    win, _ = window
    corpus = win.session.corpus
    win.select_node("wall-high-enough")
    start, end = select_text(qtbot, win, "alpha", "agree that the wall is high enough")
    when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_X))
    _right_click_link(win, "r3")
    qtbot.waitUntil(lambda: bool(corpus.relations["r3"].evidence))
    assert [(m.start, m.end) for m in corpus.relations["r3"].evidence] == [(start, end)]
    qtbot.waitUntil(lambda: "“agree that the wall is high enough”" in win.inspector.toPlainText())
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert corpus.relations["r3"].evidence == []


def test_a_new_claim_can_be_attributed_as_hinted_from_the_claim_dialog(qtbot, window) -> None:
    win, _ = window
    select_text(qtbot, win, "beta", "the wall will cost 40 million euros")

    def fill(dialog: ClaimDialog) -> None:
        dialog.actor.setFocus()
        qtbot.keyClicks(dialog.actor, "A fisherman")
        dialog.voice.setFocus()
        qtbot.keyClicks(dialog.voice, "hinted")
        press_ok(qtbot, dialog)

    when_shown(ClaimDialog, fill)
    press(qtbot, win, Qt.Key.Key_N, CTRL | SHIFT)
    corpus = win.session.corpus
    claim = next(c for c in corpus.claims.values() if c.origin == "manual")
    (rel,) = [r for r in corpus.relations_of(claim.id) if r.kind == "asserts"]
    assert (rel.source, rel.voice) == ("fisherman", "suggests")
    qtbot.waitUntil(lambda: win.selected() == claim.id)
    assert "A fisherman\nhinted" in win.inspector.toPlainText()


# -- the words for what a claim does ----------------------------------------------------------


def test_the_inspector_says_what_a_claim_does_instead_of_calling_it_a_rebuttal(qtbot, window) -> None:
    win, _ = window
    win.select_node("floods-from-river")
    text = win.inspector.toPlainText()
    assert "REBUTTAL" not in text and text.startswith("CLAIM")
    assert "supports 1 · supported by 1 · rebuts 1" in text
    win.select_node("wall-stops-floods")
    assert "supported by 1 · rebutted by 2" in win.inspector.toPlainText()
    win.editing.request_undercut("wall-cost", "r8")  # the fisherman's rebuttal is contested
    new = next(r for r in win.session.corpus.relations.values() if r.kind == "undercuts" and r.target == "r8")
    assert win.selected() is None and win.inspector.relation_id == new.id  # the new link is what is shown
    win.select_node("wall-stops-floods")
    qtbot.waitUntil(lambda: "undercut by The wall will cost 40 million euros." in win.inspector.toPlainText())
    win.select_node("wall-wont-stop")
    assert "supported by 1 · rebuts 1 · undercut by 1" in win.inspector.toPlainText()


def test_the_link_picker_uses_the_same_words(qtbot, window) -> None:
    win, _ = window
    win.select_node("wall-cost")
    rows: list[str] = []

    def look(dialog: NodePicker) -> None:
        rows.extend(dialog.list.item(i).text() for i in range(dialog.list.count()))
        dialog.reject()

    when_shown(NodePicker, look)
    press(qtbot, win, Qt.Key.Key_L, CTRL)
    assert "Claim (supports 1 · supported by 1 · rebuts 1)  ·  The floods come from the river, not the sea." in rows
    assert "Claim  ·  The river has flooded the old town three times since 2010." not in rows
    assert any(r.startswith("Claim (supports 1)  ·  The river has flooded") for r in rows)
