"""The Analysis panels in the real window: what a user clicks and what they then see."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QTextCursor

from argmap.analysis.status import ACCEPTED, REJECTED
from argmap.model.sides import Side
from tests.window_helpers import LEFT, open_window

pytestmark = pytest.mark.usefixtures("isolated_settings")


@pytest.fixture
def win(qtbot, tiny_corpus: Path):
    return open_window(qtbot, tiny_corpus)


def _show(qtbot, win, dock) -> None:
    if not dock.isVisible():
        dock.toggleViewAction().trigger()
    dock.raise_()
    qtbot.waitUntil(lambda: dock.widget() not in win.analysis._stale, timeout=5000)


def _click_cell(qtbot, panel, claim: str, column: str) -> None:
    index = panel.index_of(claim, column)
    assert index.isValid()
    panel.table.scrollTo(index)
    qtbot.mouseClick(panel.table.viewport(), LEFT, pos=panel.table.visualRect(index).center())


def _anchor_pos(browser, href: str):
    """Where a link is drawn in a text browser's viewport."""
    doc = browser.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.isValid() and frag.charFormat().anchorHref() == href:
                cursor = QTextCursor(doc)
                cursor.setPosition(frag.position() + 2)
                return browser.cursorRect(cursor).center()
            it += 1
        block = block.next()
    raise AssertionError(f"no link {href}")


def _click_item(qtbot, tree, item) -> None:
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), LEFT, pos=tree.visualItemRect(item).center())


def test_analysis_menu_opens_the_panels(qtbot, win) -> None:
    menu = win.menus["analysis"]
    titles = [a.text() for a in menu.actions() if a.text()]
    assert titles[:3] == ["&Stance Matrix — Who Says What", "&Disputes — Where They Disagree", "What Still S&tands"]
    assert not win.analysis.stance_dock.isVisible()
    menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: win.analysis.stances.matrix is not None, timeout=5000)
    assert win.analysis.stance_dock.isVisible()
    assert win.analysis.stances.summary.text() == "5 claims · 2 contested · 5 columns"


def test_clicking_a_cell_selects_the_claim_and_opens_the_quote(qtbot, win) -> None:
    stances = win.analysis.stances
    _show(qtbot, win, win.analysis.stance_dock)
    model = stances.model
    assert model.data(stances.index_of("wall-cost", "mayor")) == "−"
    assert model.data(stances.index_of("wall-cost", "fisherman")) == "+"
    tip = model.data(stances.index_of("wall-cost", "mayor"), Qt.ItemDataRole.ToolTipRole)
    assert "The mayor denies" in tip and "The mayor denies that the wall will cost that much." in tip
    assert "Letters to the editor" in tip
    _click_cell(qtbot, stances, "wall-cost", "mayor")
    assert win.selected() == "wall-cost"
    assert win.source_panel.highlighted_span() == ("beta", 174, 225)  # the denial's own words
    assert win.source_dock.isVisible()
    _click_cell(qtbot, stances, "wall-high-enough", "")  # the claim itself: its passage
    assert win.selected() == "wall-high-enough"
    assert win.source_panel.highlighted_span() == ("alpha", 128, 151)


def test_columns_by_document_and_contested_only(qtbot, win) -> None:
    stances = win.analysis.stances
    _show(qtbot, win, win.analysis.stance_dock)
    stances.by.setCurrentIndex(stances.by.findData("documents"))
    assert [stances.model.headerData(i, Qt.Orientation.Horizontal) for i in range(1, 3)] == ["Harbour report",
                                                                                          "Letters to the editor"]
    assert stances.model.data(stances.index_of("wall-cost", "beta")) == "±"
    qtbot.mouseClick(stances.contested, LEFT)
    assert stances.model.rowCount() == 2
    stances.by.setCurrentIndex(stances.by.findData("sides"))
    assert stances.empty.isVisible() and "No sides yet" in stances.empty.text()


def test_disputes_list_and_its_passages(qtbot, win) -> None:
    panel = win.analysis.disputes
    _show(qtbot, win, win.analysis.disputes_dock)
    tree = panel.tree
    assert tree.topLevelItemCount() == 2
    top = tree.topLevelItem(0)
    assert top.text(0) == "1. The new harbour wall will stop the winter floods."
    assert (top.text(1), top.text(2), top.text(3)) == ("1 / 1", "2 / 2", "0 / 2")
    _click_item(qtbot, tree, tree.topLevelItem(1))
    assert win.selected() == "wall-cost"
    tree.expandAll()
    denial = panel.item_for("relation", "r11")
    assert denial.text(0) == "The mayor — denies"
    win.select_node(None)
    _click_item(qtbot, tree, denial)
    assert win.selected() == "wall-cost" and win.source_panel.highlighted_span() == ("beta", 174, 225)
    rebut = panel.item_for("relation", "r8")  # inferred, no quote: read the rebutting claim
    _click_item(qtbot, tree, rebut)
    assert win.selected() == "wall-wont-stop"


def test_what_stands_explains_filters_and_badges(qtbot, win) -> None:
    status = win.analysis.status
    _show(qtbot, win, win.analysis.status_dock)
    assert "5 accepted" in status.summary.text() and "1 rejected" in status.summary.text()
    win.select_node("wall-stops-floods")
    text = status.why.toPlainText()
    assert "Rejected" in text and "Why? rejected: attacked by “The floods come from the river, not the sea.”" in text
    assert "Rejected: attacked by" in win._tooltip("wall-stops-floods")
    # the claim named in the explanation is a link to it
    qtbot.mouseClick(status.why.viewport(), LEFT, pos=_anchor_pos(status.why, "claim:floods-from-river"))
    assert win.selected() == "floods-from-river"
    qtbot.mouseClick(status.badges, LEFT)
    assert win.canvas.state.badges == {c: (REJECTED if c == "wall-stops-floods" else ACCEPTED) for c in win.session.corpus.claims}
    win.select_node(None)
    status.map_filter.setCurrentIndex(status.map_filter.findData(REJECTED))
    assert win.visible_nodes == {"wall-stops-floods", "council"}
    status.map_filter.setCurrentIndex(status.map_filter.findData("all"))
    assert win.visible_nodes is None
    qtbot.mouseClick(status.badges, LEFT)
    assert win.canvas.state.badges is None


def test_accepting_only_one_source(qtbot, win) -> None:
    status = win.analysis.status
    _show(qtbot, win, win.analysis.status_dock)
    item = next(it for it in status.accept.items() if tuple(it.data(0, Qt.ItemDataRole.UserRole)) == ("doc", "beta"))
    status.accept.setFocus()
    status.accept.setCurrentItem(item)
    qtbot.keyClick(status.accept, Qt.Key.Key_Space)  # ticks the box, as a click on it would
    assert item.checkState(0) == Qt.CheckState.Checked
    qtbot.waitUntil(lambda: "not carried" in status.summary.text(), timeout=5000)
    assert "sources: Letters to the editor" in status.summary.text()
    assert status.status_of("wall-stops-floods") == "excluded" and status.status_of("wall-cost") == ACCEPTED
    qtbot.mouseClick(status.badges, LEFT)
    assert win.canvas.state.badges["wall-stops-floods"] == "excluded"


def test_sides_dialog_groups_columns_undoably(qtbot, win) -> None:
    stances = win.analysis.stances
    _show(qtbot, win, win.analysis.stance_dock)

    def drive() -> None:
        dialog = win.analysis.sides_dialog
        assert dialog.add_side("Town hall")
        dialog.tick("council")
        dialog.tick("mayor")
        assert not dialog.add_side("town hall")  # names are unique
        assert "already" in dialog.problem.text() or "two sides" in dialog.problem.text()
        dialog.accept()

    win.analysis.sides_dialog = None
    QTimer.singleShot(0, lambda: QTimer.singleShot(50, drive))
    win.analysis.edit_sides()
    assert win.session.corpus.sides == [Side("Town hall", ["council", "mayor"])]
    qtbot.waitUntil(lambda: stances.matrix is not None and stances.matrix.columns[0].side == "Town hall", timeout=5000)
    assert [c.id for c in stances.matrix.columns[:2]] == ["council", "mayor"]
    win.session.undo_stack.undo()
    assert win.session.corpus.sides == []


def test_export_matrix_as_csv_and_image(qtbot, win, tmp_path: Path) -> None:
    _show(qtbot, win, win.analysis.stance_dock)
    csv_path = tmp_path / "m.csv"
    assert win.analysis.write_stances(csv_path, "csv")
    lines = csv_path.read_text("utf-8").splitlines()
    assert lines[0].startswith("claim,text,contested,") and lines[1].startswith("wall-stops-floods,")
    png = tmp_path / "m.png"
    assert win.analysis.write_stances(png, "image")
    img = QImage(str(png))
    assert not img.isNull() and img.width() >= 480 and img.height() > 5 * 24
    assert not win.analysis.write_stances(tmp_path / "missing" / "m.csv", "csv")
    assert "Could not export" in win.statusBar().currentMessage()


def test_export_matrix_as_svg_and_pdf(qtbot, win, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    _show(qtbot, win, win.analysis.stance_dock)
    claim = win.analysis.stances.matrix.rows[0].text
    svg = tmp_path / "m.svg"
    assert win.analysis.write_stances(svg, "image")
    text = svg.read_text("utf-8")
    assert text.lstrip().startswith(("<?xml", "<svg")) and "<image" not in text, "vector, not a picture in a file"
    assert claim.split()[0] in text, "claim texts are text in the SVG"
    assert re.search(r'<svg width="\d+px" height="\d+px"', text), "sized in pixels, not a metre-wide poster"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "chosen"), "PDF document (*.pdf)")))
    win.analysis.export_stances("image")
    pdf = tmp_path / "chosen.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == 1, "one page"
    assert not win.analysis.write_stances(tmp_path / "m.gif", "image")
    assert "unknown image format" in win.statusBar().currentMessage()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chosen.pdf", "m.svg"], "no temporary files left"


def test_a_matrix_too_large_for_an_image_says_so(qtbot, win, tmp_path: Path) -> None:
    from argmap.analysis.stances import Column, Row, StanceMatrix
    from argmap.ui.stance_view import paint_matrix

    huge = StanceMatrix("actors", [Column("a", "A")], [Row(f"c{i}", "claim", False) for i in range(2000)])
    with pytest.raises(ValueError, match="too large for a PNG image"):
        paint_matrix(huge, [])
    _show(qtbot, win, win.analysis.stance_dock)
    win.analysis.stances.matrix = huge
    assert not win.analysis.write_stances(tmp_path / "big.png", "image")
    assert "too large for a PNG image" in win.statusBar().currentMessage() and not (tmp_path / "big.png").exists()
    assert win.analysis.write_stances(tmp_path / "big.svg", "image"), "a vector image has no pixel limit"


def test_disputes_unfold_on_demand(qtbot, win) -> None:
    panel = win.analysis.disputes
    _show(qtbot, win, win.analysis.disputes_dock)
    top = panel.tree.topLevelItem(0)
    assert top.childCount() == 1 and top.child(0).text(0) == "…"
    panel.tree.expandItem(top)
    assert [top.child(i).text(0) for i in range(top.childCount())] == ["For", "Against", "Attacks"]
    assert top.child(1).child(0).text(0).startswith("Old town residents — rebuts with “The floods come from the river")


def _click_inspector(qtbot, win, *target: str) -> None:
    inspector = win.inspector
    href = inspector.href_for(*target)
    assert href is not None, f"no link {target} in the Inspector"
    qtbot.mouseClick(inspector.viewport(), LEFT, pos=inspector.anchor_rect(href).center())


def test_the_inspector_explains_whether_a_claim_still_stands(qtbot, win) -> None:
    inspector = win.inspector
    win.select_node("wall-stops-floods")
    assert "Does it still stand?" in inspector.toPlainText(), "asked for, not computed behind the user's back"
    assert win.analysis.report is None
    _click_inspector(qtbot, win, "status")
    text = inspector.toPlainText()
    assert "What still stands (every source and actor)" in text
    assert "✗ rejected · Rejected: attacked by “The floods come from the river, not the sea.”" in text
    assert win.inspector_dock.isVisible() and not win.analysis.status_dock.isVisible(), "the answer is where the user asked"
    # edits: the answer follows them (rebut both its attackers, and the claim is reinstated)
    from argmap import commands as cmd

    corpus, stack = win.session.corpus, win.session.undo_stack
    try:
        for attacker in ("floods-from-river", "wall-wont-stop"):
            win.session.push(cmd.AddRelation(corpus, "rebuts", "wall-cost", attacker))
        qtbot.waitUntil(lambda: "✓ accepted" in inspector.toPlainText(), timeout=5000)
    finally:
        stack.setIndex(stack.cleanIndex())  # back to the file: closing asks nothing
    qtbot.waitUntil(lambda: "✗ rejected" in inspector.toPlainText(), timeout=5000)
    # the claim the reason names is one click away
    _click_inspector(qtbot, win, "node", "floods-from-river")
    assert win.selected() == "floods-from-river"
    assert "✓ accepted" in inspector.toPlainText()
