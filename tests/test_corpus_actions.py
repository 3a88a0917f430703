"""File-menu corpus work in the real window: New Corpus, Add Documents, Import, Export Data,
Save As, the bundled seeds' working copy, maps that reopen as they were left, Export Image and
link drags. File dialogs are patched to return paths; message boxes are answered by clicking."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog, QMenu

from argmap.io.registry import exporters
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.geometry import node_box
from argmap.model.layout_names import LAYOUTS
from argmap.model.loading import load_corpus
from argmap.paths import seed_corpus_dir
from argmap.render import style as S
from argmap.ui.corpus_dialogs import NewCorpusDialog, PastedTextDialog, export_filter
from argmap.ui.edit_dialogs import ActorDialog, ClaimDialog
from argmap.ui.export_dialog import ExportImageDialog
from tests import test_editing_ui as editing_ui
from tests.saving_helpers import Button, DialogAnswerer
from tests.test_editing_ui import CTRL, LEFT, SHIFT, hover, links, open_window, press, press_ok, select_text, when_shown

opened = editing_ui.opened  # the windows a test opened, closed without questions at the end
private_settings = editing_ui.private_settings


@pytest.fixture(autouse=True)
def private_documents(tmp_path: Path, monkeypatch) -> Path:
    """The user's Documents (where new corpora are suggested) is a folder of the test's own."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home  # own settings file, author "tester"

AIF = Path(__file__).parent / "data" / "external" / "aif_json"


def folder_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


def trigger(win, key: str) -> None:
    win.corpus_actions.actions[key].trigger()


def save_dialog_returns(monkeypatch, *paths: Path, chosen_filter: str = "") -> list:
    """QFileDialog.getSaveFileName answers these paths in turn; returns the titles it was asked with."""
    asked: list = []
    queue = list(paths)

    def fake(parent, title, start="", filters="", selected="", options=None):
        asked.append((title, start, filters))
        return (str(queue.pop(0)), chosen_filter or selected) if queue else ("", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


def texts_folder(tmp_path: Path, names=("one.txt", "two.md", "three.html")) -> Path:
    src = tmp_path / "texts"
    src.mkdir(exist_ok=True)
    bodies = {
        "one.txt": "Harbour news\n\nThe council says the new wall will stop the floods.\n",
        "two.md": "# Letters\n\nA fisherman writes that the wall will not stop the floods.\n",
        "three.html": "<html><head><title>River report</title></head><body><p>The river is the cause.</p></body></html>",
        "four.txt": "Engineers' note\n\nThe engineers say the wall is high enough for a century of storms.\n",
    }
    for name in names:
        (src / name).write_text(bodies[name], encoding="utf-8")
    return src


def new_corpus(qtbot, win, source: Path | None, destination: Path) -> None:
    def fill(dialog: NewCorpusDialog) -> None:
        dialog.source.setText(str(source) if source else "")
        dialog.destination.setText(str(destination))
        press_ok(qtbot, dialog)

    shown = when_shown(NewCorpusDialog, fill)
    trigger(win, "new")
    assert shown, "File ▸ New Corpus… shows its dialog"
    qtbot.waitUntil(win.layout_ready, timeout=10000)


# -- new corpus and documents -----------------------------------------------------------------


def test_new_corpus_from_a_folder_of_texts(qtbot, opened, tiny_corpus: Path, tmp_path: Path) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    dest = tmp_path / "Harbour"
    new_corpus(qtbot, win, texts_folder(tmp_path), dest)
    assert win.session.folder == dest
    assert [win.source_panel.switcher.itemText(i) for i in range(win.source_panel.switcher.count())] == [
        "Harbour news", "River report", "Letters"]
    assert "Harbour" in win.windowTitle()
    on_disk = load_corpus(dest)
    assert on_disk.ok and len(on_disk.corpus.documents) == 3
    assert (dest / "three.txt").read_text(encoding="utf-8") == "The river is the cause.\n"


def test_new_empty_corpus_then_pasted_text(qtbot, opened, tiny_corpus: Path, tmp_path: Path) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    dest = tmp_path / "Empty"
    new_corpus(qtbot, win, None, dest)
    assert win.session.folder == dest and not win.session.corpus.documents
    assert win.corpus_actions.actions["add_text"].isEnabled()
    hint = win.corpus_actions.empty_hint
    assert hint.isVisible() and "Add Pasted Text" in hint.text(), "an empty map says how to fill it"

    def paste(dialog: PastedTextDialog) -> None:
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled(), "nothing to add yet"
        qtbot.keyClicks(dialog.title, "Evening bulletin")
        dialog.text.setPlainText("The mayor said the harbour wall is finished.")
        press_ok(qtbot, dialog)

    when_shown(PastedTextDialog, paste)
    trigger(win, "add_text")
    qtbot.waitUntil(lambda: win.source_panel.doc_id == "d1")
    assert win.source_panel.text.toPlainText().startswith("The mayor said")
    qtbot.waitUntil(lambda: "Ctrl+Shift+N" in hint.text())
    select_text(qtbot, win, "d1", "the harbour wall is finished")
    when_shown(ClaimDialog, lambda d: press_ok(qtbot, d))
    press(qtbot, win, Qt.Key.Key_N, CTRL | SHIFT)
    qtbot.waitUntil(lambda: not hint.isVisible())
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    assert (dest / "Evening-bulletin.txt").read_text(encoding="utf-8") == "The mayor said the harbour wall is finished.\n"
    assert load_corpus(dest).corpus.documents["d1"].title == "Evening bulletin"


def test_add_documents_is_undoable_and_ready_to_annotate(qtbot, opened, tiny_corpus: Path, tmp_path: Path,
                                                         monkeypatch) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    src = texts_folder(tmp_path, ("four.txt",))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(src / "four.txt")], "")))
    trigger(win, "add_files")
    corpus = win.session.corpus
    qtbot.waitUntil(lambda: win.source_panel.doc_id == "d1")
    assert corpus.documents["d1"].title == "Engineers' note" and win.isWindowModified()
    assert win.source_panel.switcher.currentText() == "Engineers' note"
    # annotate at once: select a sentence of the new document and make a claim of it
    select_text(qtbot, win, "d1", "the wall is high enough for a century of storms")

    def fill(dialog: ClaimDialog) -> None:
        press_ok(qtbot, dialog)

    when_shown(ClaimDialog, fill)
    press(qtbot, win, Qt.Key.Key_N, CTRL | SHIFT)
    claim = next(c for c in corpus.claims.values() if c.mentions[0].doc == "d1")
    assert claim.id.startswith("c-"), "hand-made claims get ids like the seeds'"
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: "d1" not in corpus.documents)
    qtbot.waitUntil(lambda: win.source_panel.switcher.count() == 2)
    assert not win.isWindowModified()
    press(qtbot, win, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: win.source_panel.switcher.count() == 3)
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    assert (tiny_corpus / "four.txt").exists() and load_corpus(tiny_corpus).corpus.documents["d1"].path == "four.txt"


def test_an_unreadable_document_is_named_and_nothing_is_added(qtbot, opened, tiny_corpus: Path, tmp_path: Path,
                                                               monkeypatch) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    bad = tmp_path / "latin.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(bad)], "")))
    answers = DialogAnswerer().queue(Button.Ok)
    trigger(win, "add_files")
    assert answers.seen and f"{bad}: line 1: not UTF-8" in answers.seen[0]
    assert list(win.session.corpus.documents) == ["alpha", "beta"] and not win.isWindowModified()


# -- import and export ------------------------------------------------------------------------


def test_import_aif_shows_the_summary_and_opens_the_new_corpus(qtbot, opened, tiny_corpus: Path, tmp_path: Path,
                                                               monkeypatch) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(AIF / "28038.json"), "")))
    save_dialog_returns(monkeypatch, tmp_path / "Imported")
    answers = DialogAnswerer().queue(Button.Ok)
    trigger(win, "import")
    assert answers.seen and answers.seen[0].startswith("Imported 28038.json into")
    assert "positions: OVA's x/y" in answers.seen[0], "the importer's summary is shown"
    qtbot.waitUntil(win.layout_ready, timeout=10000)
    assert win.session.folder == tmp_path / "Imported"
    corpus = win.session.corpus
    assert {*corpus.claims, *corpus.actors} <= corpus.positions.keys(), "OVA's positions are kept"
    assert win.canvas.positions() == corpus.positions
    assert corpus.layout_name == "ova" and "shown at the positions it came with" in win.statusBar().currentMessage()
    assert win.corpus_actions.layout_label.text() == "Map as saved · OVA's positions", "the window says which layout"
    box = win.layout_combo
    assert box.currentText() == "OVA's positions", "the toolbar's Layout box says it too, not 'Force-directed'"
    assert not box.model().item(box.currentIndex()).isEnabled(), "listed to say what is shown, not offered as a layout"
    assert not any(win.actions[f"layout:{n}"].isChecked() for n in LAYOUTS), "View ▸ Layout checks none of the layouts"
    # choosing a layout lays the map out: the box then names it, and undo brings OVA's positions and their name back
    box.setCurrentIndex(box.findData("layered"))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(lambda: win.session.corpus.layout_name == "layered", timeout=10000)
    assert box.currentText() == "Layered" and box.findText("OVA's positions") == -1
    assert win.actions["layout:layered"].isChecked()
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: box.currentText() == "OVA's positions")
    assert win.canvas.positions() == corpus.positions


def test_the_import_dialog_lists_every_format_once_argdown_included(qtbot, opened, tiny_corpus: Path,
                                                                   monkeypatch) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (asked.append(a[3]), ("", ""))[1]))
    trigger(win, "import")
    filters = asked[0].split(";;")
    assert filters[0].startswith("Argument maps (") and "*.argdown" in filters[0] and "*.json" in filters[0]
    assert sum(f.startswith("Argdown") for f in filters) == 1, filters
    assert len(filters) == len(set(filters)) and filters[-1] == "All files (*)"


def test_a_bad_import_is_explained_and_writes_nothing(qtbot, opened, tiny_corpus: Path, tmp_path: Path,
                                                      monkeypatch) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    bad = tmp_path / "broken.json"
    bad.write_text('{"nodes": [', encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    save_dialog_returns(monkeypatch, tmp_path / "Nope")
    answers = DialogAnswerer().queue(Button.Ok)
    trigger(win, "import")
    assert answers.seen and "broken.json was not imported" in answers.seen[0] and str(bad) in answers.seen[0]
    assert not (tmp_path / "Nope" / ANNOTATIONS_FILE).exists() and win.session.folder == tiny_corpus


@pytest.mark.parametrize("fmt", sorted(exporters()))
def test_export_data_writes_every_cli_format(fmt: str, qtbot, opened, tiny_corpus: Path, tmp_path: Path,
                                             monkeypatch) -> None:
    from argmap.cli import main

    win, _ = open_window(qtbot, opened, tiny_corpus)
    e = exporters()[fmt]
    out = tmp_path / f"data.{e.extension}"
    asked = save_dialog_returns(monkeypatch, out, chosen_filter=export_filter(e))
    trigger(win, "export_data")
    assert all(export_filter(x) in asked[0][2].split(";;") for x in exporters().values()), "every format is offered"
    assert main(["export", str(tiny_corpus), "-f", fmt, "-o", str(tmp_path / "cli.out")]) == 0
    assert out.read_bytes() == (tmp_path / "cli.out").read_bytes()
    assert str(out) in win.statusBar().currentMessage()


# -- save as and the bundled seeds ------------------------------------------------------------


def test_save_as_writes_the_whole_corpus_and_continues_there(qtbot, opened, tiny_corpus: Path, tmp_path: Path,
                                                             monkeypatch) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    before = folder_hash(tiny_corpus)
    when_shown(ActorDialog, lambda d: (qtbot.keyClicks(d.name, "Harbour master"), press_ok(qtbot, d)))
    win.editing.actions["add_actor"].trigger()
    actor = next(a for a in win.session.corpus.actors.values() if a.name == "Harbour master")
    assert actor.id == "a-harbour-master"
    save_dialog_returns(monkeypatch, tmp_path / "Copy")
    press(qtbot, win, Qt.Key.Key_S, CTRL | SHIFT)
    copy = load_corpus(tmp_path / "Copy")
    assert copy.ok and actor.id in copy.corpus.actors and (tmp_path / "Copy" / "alpha.txt").exists()
    assert folder_hash(tiny_corpus) == before, "the original folder is untouched"
    assert win.session.folder == tmp_path / "Copy" and not win.isWindowModified() and "Copy" in win.windowTitle()
    assert win.recent_corpora()[0] == str((tmp_path / "Copy").resolve())


def test_first_edit_of_the_bundled_seeds_saves_a_working_copy(qtbot, opened, tmp_path: Path, monkeypatch,
                                                               private_documents: Path) -> None:
    seeds = seed_corpus_dir()
    before = folder_hash(seeds)
    win, _ = open_window(qtbot, opened, seeds)
    assert win.read_only_label.isVisible() and win.read_only_label.text() == "Bundled"
    # declined: nothing changes anywhere
    answers = DialogAnswerer().queue(Button.Cancel)
    when_shown(ActorDialog, lambda d: (qtbot.keyClicks(d.name, "Harbour master"), press_ok(qtbot, d)))
    win.editing.actions["add_actor"].trigger()
    assert answers.seen and "bundled seed corpus is never changed in place" in answers.seen[0]
    assert not any(a.name == "Harbour master" for a in win.session.corpus.actors.values())
    assert "not changed where it is" in win.statusBar().currentMessage()
    # accepted: the copy is written in the user's documents (here: where the dialog says) and edited there
    asked = save_dialog_returns(monkeypatch, tmp_path / "seeds working copy")
    answers = DialogAnswerer().queue(Button.Save)
    when_shown(ActorDialog, lambda d: (qtbot.keyClicks(d.name, "Harbour master"), press_ok(qtbot, d)))
    win.editing.actions["add_actor"].trigger()
    assert asked and asked[0][0] == "Save Working Copy"
    assert Path(asked[0][1]) == private_documents / "Documents" / "argmap" / "seeds working copy", "in the user's documents"
    assert win.session.folder == tmp_path / "seeds working copy" and not win.read_only_label.isVisible()
    assert any(a.name == "Harbour master" for a in win.session.corpus.actors.values()) and win.isWindowModified()
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    assert any(a["name"] == "Harbour master" for a in json.loads(
        (tmp_path / "seeds working copy" / ANNOTATIONS_FILE).read_text(encoding="utf-8"))["actors"])
    assert folder_hash(seeds) == before, "the bundled seeds are never written"


# -- maps stay as arranged --------------------------------------------------------------------


def test_saved_map_reopens_exactly_and_relayout_is_one_undoable_step(qtbot, opened, tiny_corpus: Path) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    when_shown(ActorDialog, lambda d: (qtbot.keyClicks(d.name, "Harbour master"), press_ok(qtbot, d)))
    win.editing.actions["add_actor"].trigger()
    assert win.corpus_actions.layout_label.text().endswith("layout"), "computed, not saved, before the save"
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    assert win.corpus_actions.layout_label.text().startswith("Map as saved · ")
    shown = win.canvas.positions()
    data = json.loads((tiny_corpus / ANNOTATIONS_FILE).read_text(encoding="utf-8"))
    assert data["layout"]["name"] == win.layout_name and set(data["layout"]["positions"]) == set(shown)
    win.close()
    again, _ = open_window(qtbot, opened, tiny_corpus)
    assert again.canvas.positions() == shown, "every node where it was left"
    # choosing a layout lays the map out again, as one step that undo takes back
    other = "layered" if again.layout_name != "layered" else "force"
    again.layout_combo.setCurrentIndex(again.layout_combo.findData(other))
    again.layout_combo.activated.emit(again.layout_combo.currentIndex())
    qtbot.waitUntil(lambda: again.canvas.positions() != shown, timeout=10000)
    assert again.session.corpus.layout_name == other and again.isWindowModified()
    press(qtbot, again, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: again.canvas.positions() == shown)
    assert not again.isWindowModified()


def _boxes_overlap(graph, positions, node: str) -> list[str]:
    x, y = positions[node]
    w, h = node_box(graph, node)
    return [o for o, (ox, oy) in positions.items() if o != node
            and abs(ox - x) < (node_box(graph, o)[0] + w) / 2 and abs(oy - y) < (node_box(graph, o)[1] + h) / 2]


def test_a_new_claim_lands_in_free_space_beside_its_actor(qtbot, opened, seed_copy: Path) -> None:
    win, _ = open_window(qtbot, opened, seed_copy)
    before = win.canvas.positions()
    corpus = win.session.corpus
    doc = next(iter(corpus.documents.values()))
    sentence = next(s.strip() for s in doc.text.split(".") if 40 < len(s.strip()) < 200)
    select_text(qtbot, win, doc.id, sentence)
    actor = "a-peskov" if "a-peskov" in corpus.actors else next(iter(corpus.actors))

    def fill(dialog: ClaimDialog) -> None:
        dialog.actor.setCurrentIndex(dialog.actor.findData(actor))
        press_ok(qtbot, dialog)

    when_shown(ClaimDialog, fill)
    press(qtbot, win, Qt.Key.Key_N, CTRL | SHIFT)
    new = next(c for c in corpus.claims.values() if c.origin == "manual")
    qtbot.waitUntil(lambda: new.id in win.canvas.positions())
    after = win.canvas.positions()
    assert not _boxes_overlap(win.session.graph, after, new.id), "never on top of another node"
    assert {k: v for k, v in after.items() if k != new.id} == before, "nothing else moved"
    ax, ay = after[actor]
    nx_, ny = after[new.id]
    assert abs(nx_ - ax) + abs(ny - ay) < 800, "next to the actor who says it"


# -- link drags -------------------------------------------------------------------------------


def test_dragging_a_link_onto_an_actor_from_an_actor_outlines_nothing(qtbot, opened, tiny_corpus: Path) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    canvas = win.canvas
    viewport = canvas.viewport()
    a, b = "mayor", "fisherman"
    pa, pb = canvas.view_pos_of(a), canvas.view_pos_of(b)
    assert canvas.node_at(pa) == a and canvas.node_at(pb) == b
    hover(qtbot, viewport, pa)
    qtbot.mousePress(viewport, LEFT, SHIFT, pa)
    for k in range(1, 11):
        qtbot.mouseMove(viewport, pa + (pb - pa) * (k / 10))
        qtbot.wait(3)
    assert canvas.state.rubber_band is not None, "a link is being drawn"
    assert canvas.state.hovered is None, "an actor cannot be linked to an actor: not outlined as a target"
    assert viewport.cursor().shape() == Qt.CursorShape.ForbiddenCursor
    qtbot.mouseRelease(viewport, LEFT, SHIFT, pb)
    assert canvas.state.hovered is None and canvas.state.rubber_band is None
    assert "an actor can only assert or deny a claim" in win.statusBar().currentMessage()
    # a valid target is outlined while the link is dragged onto it, and not after the drop
    c = "wall-cost"
    pc = canvas.view_pos_of(c)
    assert canvas.node_at(pc) == c
    hover(qtbot, viewport, pa)
    qtbot.mousePress(viewport, LEFT, SHIFT, pa)
    for k in range(1, 11):
        qtbot.mouseMove(viewport, pa + (pc - pa) * (k / 10))
        qtbot.wait(3)
    assert canvas.state.hovered == c
    when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_Escape))
    qtbot.mouseRelease(viewport, LEFT, SHIFT, pc)
    qtbot.mouseMove(viewport, pc + QPoint(2, 1))  # still on the target after the drop
    assert canvas.state.hovered is None, "the drop target is not left outlined"


def test_an_attribution_takes_its_quote_from_the_selected_text(qtbot, opened, tiny_corpus: Path) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    win.select_node("wall-cost")
    start, end = select_text(qtbot, win, "beta", "the wall will cost 40 million euros")
    from argmap.ui.edit_dialogs import NodePicker

    def pick(dialog: NodePicker) -> None:
        qtbot.keyClicks(dialog.search, "mayor")
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    when_shown(NodePicker, pick)
    when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_A), timeout_ms=6000)
    press(qtbot, win, Qt.Key.Key_A, CTRL | SHIFT)
    qtbot.waitUntil(lambda: ("asserts", "mayor", "wall-cost") in links(win.session.corpus))
    rel = next(r for r in win.session.corpus.relations.values()
               if (r.kind, r.source, r.target) == ("asserts", "mayor", "wall-cost"))
    assert [(m.doc, m.start, m.end) for m in rel.evidence] == [("beta", start, end)]


# -- export image -----------------------------------------------------------------------------


def _halo_pixels(img: QImage) -> int:
    """Pixels in the colour of the selection halo."""
    halo = QColor(S.SELECTION_HALO)
    rgb = img.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=rgb.bytesPerLine() * rgb.height())
    pixels = rows.reshape(rgb.height(), rgb.bytesPerLine())[:, : rgb.width() * 3].reshape(-1, 3).astype(int)
    return int((np.abs(pixels - [halo.red(), halo.green(), halo.blue()]).sum(axis=1) < 40).sum())


def _export(qtbot, win, path: Path, setup=None, peek=None) -> ExportImageDialog:
    def run(dialog: ExportImageDialog) -> None:
        if peek:
            peek(dialog)
        dialog.path_edit.setText(str(path))
        dialog.width.setValue(900)
        if setup:
            setup(dialog)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), LEFT)

    shown = when_shown(ExportImageDialog, run)
    press(qtbot, win, Qt.Key.Key_E, CTRL)
    assert shown
    return shown[0]


def test_whole_map_export_with_a_selection_is_not_faded(qtbot, opened, tiny_corpus: Path, tmp_path: Path) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    _export(qtbot, win, tmp_path / "plain.png")
    win.select_node("mayor")  # an actor with one claim: everything else would be dimmed on screen
    dialog = _export(qtbot, win, tmp_path / "selected.png")
    assert not dialog.highlights.isChecked(), "off by default for the whole map"
    plain, selected = QImage(str(tmp_path / "plain.png")), QImage(str(tmp_path / "selected.png"))
    assert plain.size() == selected.size() and plain == selected, "the same picture as with nothing selected"
    assert f"Exported the map to {tmp_path / 'selected.png'}" in win.statusBar().currentMessage()


def test_unticked_highlights_draw_no_selection_ring(qtbot, opened, tiny_corpus: Path, tmp_path: Path) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    win.select_node("wall-stops-floods")

    def selection_scope(tick: bool):
        def setup(dialog: ExportImageDialog) -> None:
            dialog.scope_sel.click()
            assert dialog.highlights.isChecked(), "the selection scope shows the selection by default"
            if not tick:
                dialog.highlights.click()
        return setup

    _export(qtbot, win, tmp_path / "ring.png", selection_scope(True))
    _export(qtbot, win, tmp_path / "no-ring.png", selection_scope(False))
    assert _halo_pixels(QImage(str(tmp_path / "ring.png"))) > 40
    assert _halo_pixels(QImage(str(tmp_path / "no-ring.png"))) == 0


def test_export_dialog_remembers_the_folder_and_svg_is_sized_in_pixels(qtbot, opened, tiny_corpus: Path,
                                                                        tmp_path: Path) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    folder = tmp_path / "images"
    folder.mkdir()
    _export(qtbot, win, folder / "map.svg")
    head = (folder / "map.svg").read_text(encoding="utf-8")[:300]
    assert 'width="' in head and "mm" not in head.split("viewBox")[0]
    width = int(head.split('width="')[1].split("px")[0])
    view_w = int(head.split('viewBox="0 0 ')[1].split()[0])
    assert width == view_w <= 4000, "one CSS pixel per user unit"
    seen = []
    _export(qtbot, win, folder / "again.png", peek=lambda d: seen.append(Path(d.path_edit.text()).parent))
    assert seen == [folder], "the next export starts in the folder used last"


# -- provenance -------------------------------------------------------------------------------


def test_a_seed_claim_edited_by_hand_records_who_and_when(qtbot, opened, tiny_corpus: Path) -> None:
    from argmap.ui.edit_dialogs import TextDialog

    win, _ = open_window(qtbot, opened, tiny_corpus)
    corpus = win.session.corpus
    win.select_node("floods-from-river")
    win.canvas.setFocus()

    def retype(dialog: TextDialog) -> None:
        dialog.edit.selectAll()
        qtbot.keyClicks(dialog.edit, "Floods come from the river.")
        press_ok(qtbot, dialog)

    when_shown(TextDialog, retype)
    press(qtbot, win, Qt.Key.Key_F2, target=win.canvas)
    qtbot.waitUntil(lambda: "seed · edited by tester, " in win.inspector.toPlainText())
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    claim = next(c for c in json.loads((tiny_corpus / ANNOTATIONS_FILE).read_text(encoding="utf-8"))["claims"]
                 if c["id"] == "floods-from-river")
    assert claim["text"] == "Floods come from the river." and claim["origin"] == "seed"
    assert claim["modified_by"] == "tester" and claim["modified"].endswith("+00:00")
    assert list(claim).index("modified") > list(claim).index("origin")
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert corpus.claims["floods-from-river"].modified is None, "undo takes the record back with the edit"


def test_a_seed_link_changed_by_hand_records_who_and_when(qtbot, opened, tiny_corpus: Path) -> None:
    from argmap import commands as cmd

    win, _ = open_window(qtbot, opened, tiny_corpus)
    win.editing.push(lambda: cmd.ChangeRelationKind(win.session.corpus, "r5", "supports"))
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    rel = next(r for r in json.loads((tiny_corpus / ANNOTATIONS_FILE).read_text(encoding="utf-8"))["relations"]
               if r["id"] == "r5")
    assert (rel["kind"], rel["origin"], rel["modified_by"]) == ("supports", "seed", "tester")
    again = load_corpus(tiny_corpus)
    assert again.ok and again.corpus.relations["r5"].modified == rel["modified"]


def test_the_status_bar_does_not_say_as_saved_while_moves_are_unsaved(qtbot, opened, tiny_corpus: Path) -> None:
    from argmap import commands as cmd

    win, _ = open_window(qtbot, opened, tiny_corpus)
    when_shown(ActorDialog, lambda d: (qtbot.keyClicks(d.name, "Harbour master"), press_ok(qtbot, d)))
    win.editing.actions["add_actor"].trigger()
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    label = win.corpus_actions.layout_label
    assert label.text().startswith("Map as saved · ")
    node = next(iter(win.session.corpus.claims))
    x, y = win.canvas.positions()[node]
    win.session.push(cmd.MoveNodes(win.session.corpus, {node: (x + 40.0, y)}))
    assert win.isWindowModified() and not label.text().startswith("Map as saved"), label.text()
    assert "not saved yet" in label.text()
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert not win.isWindowModified() and label.text().startswith("Map as saved · ")
    assert "placed by hand" not in label.text()
