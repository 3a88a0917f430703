"""The map window: clicking through map, text and inspector; problems; layouts; settings."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from window_helpers import LEFT, click_node, open_window

from argmap.model.geometry import node_box
from argmap.model.layout_names import LAYOUTS
from argmap.ui.main_window import MainWindow
from argmap.ui.marks import role_colour
from argmap.ui.problems_dialog import ProblemsDialog
from argmap.ui.source_panel import LEVEL
from argmap.ui.text_offsets import OffsetMap

pytestmark = pytest.mark.usefixtures("isolated_settings")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def win(qtbot, tiny_corpus: Path) -> MainWindow:
    return open_window(qtbot, tiny_corpus)


def mention(win: MainWindow, claim: str, i: int = 0) -> tuple[str, int, int]:
    m = win.session.corpus.claims[claim].mentions[i]
    return (m.doc, m.start, m.end)


# -- clicking a node --------------------------------------------------------------------


@pytest.mark.parametrize("claim", ["wall-stops-floods", "river-flooded", "wall-wont-stop"])
def test_clicking_a_node_highlights_its_mention_in_the_source(qtbot, win: MainWindow, claim: str) -> None:
    """river-flooded comes after a 🌊 in alpha; every beta mention comes after a 📮 in the title."""
    click_node(qtbot, win, claim)
    assert win.selected() == claim
    assert win.canvas.selected() == claim
    doc, start, end = mention(win, claim)
    assert win.source_panel.doc_id == doc
    assert win.source_panel.switcher.currentData() == doc
    # read the strong ExtraSelection back and convert its UTF-16 range to code points
    strong = [s for s in win.source_panel.text.extraSelections() if s.format.property(LEVEL) == "current"]
    assert len(strong) == 1
    text = win.session.corpus.documents[doc].text
    offsets = OffsetMap(text)
    got = offsets.span_to_py(strong[0].cursor.selectionStart(), strong[0].cursor.selectionEnd())
    assert got == (start, end)
    assert strong[0].cursor.selectedText() == text[start:end]
    assert win.source_panel.highlighted_span() == (doc, start, end)


def test_every_mention_of_the_document_is_shaded_by_role(qtbot, win: MainWindow) -> None:
    click_node(qtbot, win, "wall-stops-floods")
    sels = win.source_panel.text.extraSelections()
    claims_in_alpha = {c.id for c, _i, _m in win.session.corpus.mentions_in("alpha")}
    shaded = {s.format.property(LEVEL + 1) for s in sels}
    assert shaded == claims_in_alpha
    roles = {n: d["role"] for n, d in win.session.graph.nodes(data=True) if d["kind"] == "claim"}
    for s in sels:
        claim = s.format.property(LEVEL + 1)
        colour = s.format.background().color()
        expected = QColor(role_colour(roles[claim]))
        assert (colour.red(), colour.green(), colour.blue()) == (expected.red(), expected.green(), expected.blue())
    levels = {s.format.property(LEVEL + 1): s.format.property(LEVEL) for s in sels if s.format.property(LEVEL) != "current"}
    assert levels["wall-stops-floods"] == "selected"
    assert levels["wall-high-enough"] == "mention"
    assert roles["floods-from-river"] == "rebuttal"


def test_neighbours_of_the_clicked_node_are_highlighted(qtbot, win: MainWindow) -> None:
    click_node(qtbot, win, "wall-cost")
    assert win.canvas.state.highlighted == {"fisherman", "mayor"}


def test_clicking_the_background_clears_the_selection(qtbot, win: MainWindow) -> None:
    click_node(qtbot, win, "wall-cost")
    corner = win.canvas.viewport().rect().bottomRight() - win.canvas.viewport().rect().center() / 8
    assert win.canvas.node_at(corner) is None
    qtbot.mouseClick(win.canvas.viewport(), LEFT, pos=corner)
    assert win.selected() is None
    assert "Nothing selected" in win.inspector.toPlainText()


# -- clicking the text and the inspector -------------------------------------------------


@pytest.mark.parametrize("claim", ["river-flooded", "wall-high-enough"])
def test_clicking_a_passage_selects_its_claim_and_centres_it(qtbot, win: MainWindow, claim: str) -> None:
    doc, start, end = mention(win, claim)
    win.source_panel.show_document(doc)
    pos = win.source_panel.viewport_pos_of(start + 3)
    qtbot.mouseClick(win.source_panel.text.viewport(), LEFT, pos=pos)
    assert win.selected() == claim
    assert win.canvas.selected() == claim
    centre = win.canvas.viewport().rect().center()
    node = win.canvas.view_pos_of(claim)
    assert abs(node.x() - centre.x()) <= 2 and abs(node.y() - centre.y()) <= 2


def test_clicking_plain_text_selects_nothing(qtbot, win: MainWindow) -> None:
    win.source_panel.show_document("alpha")
    qtbot.mouseClick(win.source_panel.text.viewport(), LEFT, pos=win.source_panel.viewport_pos_of(2))  # the title
    assert win.selected() is None


def test_inspector_relation_link_goes_to_the_other_end(qtbot, win: MainWindow) -> None:
    click_node(qtbot, win, "wall-stops-floods")
    text = win.inspector.toPlainText()
    assert "Supported by" in text and "Rebutted by" in text and "Town council" in text
    href = win.inspector.href_for("relation", "r3")
    rect = win.inspector.anchor_rect(href)
    assert rect.isValid()
    qtbot.mouseClick(win.inspector.viewport(), LEFT, pos=rect.center())
    assert win.selected() == "wall-high-enough"
    assert win.canvas.selected() == "wall-high-enough"


def test_inspector_lists_every_mention_and_each_opens_its_document(qtbot, win: MainWindow) -> None:
    click_node(qtbot, win, "floods-from-river")
    links = win.inspector.links()
    assert ("mention", "floods-from-river", "0") in links.values()
    href = win.inspector.href_for("mention", "floods-from-river", "1")
    qtbot.mouseClick(win.inspector.viewport(), LEFT, pos=win.inspector.anchor_rect(href).center())
    assert win.source_panel.doc_id == "beta"
    assert win.source_panel.highlighted_span() == mention(win, "floods-from-river", 1)
    assert win.selected() == "floods-from-river"


def test_evidence_link_shows_the_quote(qtbot, win: MainWindow) -> None:
    click_node(qtbot, win, "wall-cost")
    href = win.inspector.href_for("evidence", "r11", "0")
    qtbot.mouseClick(win.inspector.viewport(), LEFT, pos=win.inspector.anchor_rect(href).center())
    ev = win.session.corpus.relations["r11"].evidence[0]
    assert win.source_panel.highlighted_span() == (ev.doc, ev.start, ev.end)


def test_selecting_an_actor_shows_what_it_asserts_and_denies(qtbot, win: MainWindow) -> None:
    click_node(qtbot, win, "fisherman")
    text = win.inspector.toPlainText()
    assert "ACTOR" in text and "Asserts" in text
    assert "The wall will cost 40 million euros." in text and "The harbour wall will not stop the floods." in text
    click_node(qtbot, win, "mayor")
    assert "Denies" in win.inspector.toPlainText()


def test_inspector_context_menu_signals(qtbot, win: MainWindow, monkeypatch) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QMenu

    monkeypatch.setattr(QMenu, "exec", lambda *a, **k: None)  # menus hooked to these signals must not block

    click_node(qtbot, win, "wall-stops-floods")
    rect = win.inspector.anchor_rect(win.inspector.href_for("relation", "r5"))
    with qtbot.waitSignal(win.inspector.relationContextMenuRequested) as blocker:
        where = win.inspector.viewport().mapToGlobal(rect.center())
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, rect.center(), where)
        win.inspector.contextMenuEvent(event)
    assert blocker.args[0] == "r5"
    with qtbot.waitSignal(win.inspector.nodeContextMenuRequested) as blocker:
        win.inspector.contextMenuEvent(QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(2, 2), QPoint(2, 2)))
    assert blocker.args[0] == "wall-stops-floods"


def test_selected_span_is_in_code_points(qtbot, win: MainWindow) -> None:
    from PySide6.QtGui import QTextCursor

    win.source_panel.show_document("beta")
    doc, start, end = mention(win, "wall-cost")
    offsets = OffsetMap(win.session.corpus.documents["beta"].text)
    cursor = win.source_panel.text.textCursor()
    cursor.setPosition(offsets.to_qt(start))
    cursor.setPosition(offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    win.source_panel.text.setTextCursor(cursor)
    assert win.source_panel.selected_span() == ("beta", start, end)


# -- problems ---------------------------------------------------------------------------


def test_corpus_with_errors_opens_read_only_with_a_dialog(qtbot, tiny_corpus: Path, monkeypatch) -> None:
    data = json.loads((tiny_corpus / "annotations.json").read_text(encoding="utf-8"))
    data["relations"][2]["target"] = "no-such-claim"
    (tiny_corpus / "annotations.json").write_text(json.dumps(data), encoding="utf-8")
    shown: list[ProblemsDialog] = []
    monkeypatch.setattr(ProblemsDialog, "exec", lambda self: shown.append(self) or 0)
    win = open_window(qtbot, tiny_corpus)
    assert win.session.read_only
    assert len(shown) == 1
    dialog = shown[0]
    assert dialog.tree.topLevelItemCount() >= 1
    row = dialog.tree.topLevelItem(0)
    assert "annotations.json" in row.text(1) and "relations" in row.text(2) and "no-such-claim" in row.text(3)
    dialog.copy_all()
    from PySide6.QtGui import QGuiApplication

    assert "no-such-claim" in QGuiApplication.clipboard().text()
    assert "read-only" in win.windowTitle()
    assert win.read_only_label.isVisibleTo(win)
    assert win.session.graph.number_of_nodes() >= 10  # what could be loaded is shown
    click_node(qtbot, win, "wall-cost")
    assert win.selected() == "wall-cost"


def test_unreadable_corpus_keeps_the_open_one(qtbot, win: MainWindow, tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(ROOT / "tests" / "data" / "tiny", bad)
    (bad / "annotations.json").write_text("{ not json", encoding="utf-8")
    shown: list[ProblemsDialog] = []
    monkeypatch.setattr(ProblemsDialog, "exec", lambda self: shown.append(self) or 0)
    before = win.session
    assert not win.open_corpus(bad)
    assert win.session is before
    assert shown and "invalid JSON" in shown[0].text()


def test_a_refused_close_keeps_the_corpus(qtbot, win: MainWindow, tmp_path: Path, monkeypatch) -> None:
    """The saver's Save / Discard / Cancel question answered Cancel: the open corpus stays."""
    before = win.session
    monkeypatch.setattr(win.editing.saver, "can_close", lambda: False)
    assert not win.open_corpus(ROOT / "tests" / "data" / "tiny")
    assert win.session is before


# -- layouts ----------------------------------------------------------------------------


def _assert_good_layout(graph, positions) -> None:
    assert set(positions) == set(graph.nodes)
    boxes = []
    for n, (x, y) in positions.items():
        assert math.isfinite(x) and math.isfinite(y)
        w, h = node_box(graph, n)
        boxes.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5
            assert not overlap


@pytest.mark.parametrize("corpus", ["tiny", "seeds"])
def test_every_layout_from_the_chooser_is_finite_and_without_overlaps(qtbot, tmp_path: Path, corpus: str) -> None:
    src = ROOT / ("seeds" if corpus == "seeds" else "tests/data/tiny")
    folder = tmp_path / corpus
    shutil.copytree(src, folder)
    win = open_window(qtbot, folder)
    for name in LAYOUTS:
        combo = win.layout_combo
        combo.setCurrentIndex(combo.findData(name))
        combo.activated.emit(combo.currentIndex())
        qtbot.waitUntil(lambda: not win.layout_runner.busy, timeout=20000)
        assert win.actions[f"layout:{name}"].isChecked()
        _assert_good_layout(win.session.graph, win.session.computed_positions)
        shown = {n: (round(x, 2), round(y, 2)) for n, (x, y) in win.canvas.positions().items()}
        assert shown == {n: (round(x, 2), round(y, 2)) for n, (x, y) in win.session.positions().items()}


def test_layouts_are_deterministic(qtbot, win: MainWindow) -> None:
    from argmap.model.layout import compute_layout

    first_name, first = win.layout_name, dict(win.session.computed_positions)
    assert first == compute_layout(win.session.graph, first_name)  # the worker thread gives the main thread's result
    other = next(n for n in LAYOUTS if n != first_name)
    win.set_layout(other)
    qtbot.waitUntil(lambda: not win.layout_runner.busy, timeout=10000)
    assert win.session.computed_positions != first
    win.set_layout(first_name)
    qtbot.waitUntil(lambda: not win.layout_runner.busy, timeout=10000)
    assert win.session.computed_positions == first


def test_the_seed_corpus_opens_on_the_whole_map_with_its_main_claims_named(qtbot, seed_copy: Path) -> None:
    """A newcomer first sees the whole story (the central claims labelled), not one tangle up close."""
    win = open_window(qtbot, seed_copy)
    win.canvas.zoom_by(4)
    win._first_view()
    mp = win.canvas.map_painter
    assert win.canvas.visible_world_rect().contains(mp.bounds())
    ppu = win.canvas.viewport().width() / win.canvas.visible_world_rect().width()
    named = {mp.ids[i] for i in mp.overview_labels(ppu)}
    assert {"c-ukraine-behind", "c-isis-did-it"} <= named and len(named) >= 10  # who did it, and more
    assert "whole map" in win.statusBar().currentMessage()
    raw = json.loads((seed_copy / "annotations.json").read_text(encoding="utf-8"))
    assert win.session.graph.number_of_nodes() == len(raw["claims"]) + len(raw["actors"])


# -- settings ---------------------------------------------------------------------------


def test_geometry_docks_and_recent_corpora_persist(qtbot, tiny_corpus: Path) -> None:
    win = open_window(qtbot, tiny_corpus)
    win.resize(790, 531)  # within the offscreen screen, or restoreGeometry clamps it
    win.inspector_dock.toggleViewAction().trigger()
    assert not win.inspector_dock.isVisible()
    win.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (790, 531)
    assert not again.inspector_dock.isVisible()
    assert again.source_dock.isVisible()
    assert again.recent_corpora()[0] == str(tiny_corpus.resolve())
    again.recent_menu.aboutToShow.emit()
    assert any(a.data() == str(tiny_corpus.resolve()) for a in again.recent_menu.actions())


def test_window_title_and_counts_name_the_corpus(win: MainWindow) -> None:
    assert win.windowTitle().startswith("tiny")
    assert "6 claims" in win.count_label.text() and "5 actors" in win.count_label.text()
    assert set(win.menus) == {"file", "edit", "view", "go", "analysis", "help"}


def test_copy_image_puts_the_map_on_the_clipboard(qtbot, win: MainWindow) -> None:
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
    win.actions["copy_image"].trigger()
    image = QGuiApplication.clipboard().image()
    assert not image.isNull() and image.width() > 100
