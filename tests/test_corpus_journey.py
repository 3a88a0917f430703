"""Issue 18's "done when", as one user's session in the real window.

Starting on the bundled seeds (as `make run` does): a new corpus from three text files, a fourth
added, annotated; an AIF map imported as a second corpus; both saved under new names; the window
closed; both reopened from File ▸ Open Recent showing exactly the maps that were left; the
bundled seeds untouched.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMenu

from argmap.model.loading import load_corpus
from argmap.paths import seed_corpus_dir
from argmap.ui.edit_dialogs import ActorDialog, ClaimDialog
from tests import test_editing_ui as editing_ui
from tests.saving_helpers import Button, DialogAnswerer
from tests.test_corpus_actions import AIF, folder_hash, new_corpus, save_dialog_returns, texts_folder, trigger
from tests.test_editing_ui import CTRL, LEFT, SHIFT, drag, hover, links, open_window, press, press_ok, select_text, when_shown

opened = editing_ui.opened
private_settings = editing_ui.private_settings


@pytest.fixture(autouse=True)
def private_documents(tmp_path: Path, monkeypatch) -> Path:
    """The user's Documents (where new corpora are suggested) is a folder of the test's own."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


def make_claim(qtbot, win, doc: str, quote: str, actor: str | None = None) -> str:
    select_text(qtbot, win, doc, quote)

    def fill(dialog: ClaimDialog) -> None:
        if actor is not None:
            dialog.actor.setCurrentIndex(dialog.actor.findData(actor))
        press_ok(qtbot, dialog)

    when_shown(ClaimDialog, fill)
    press(qtbot, win, Qt.Key.Key_N, CTRL | SHIFT)
    claim = next(c for c in win.session.corpus.claims.values() if c.mentions[0].quote == quote)
    qtbot.waitUntil(lambda: claim.id in win.canvas.positions())
    return claim.id


def move(qtbot, win, node: str, by: QPoint) -> None:
    """Drag a node somewhere else on the map, as a hand does."""
    canvas = win.canvas
    canvas.center_on(node)
    qtbot.wait(10)
    start = canvas.view_pos_of(node)
    viewport = canvas.viewport()
    hover(qtbot, viewport, start)
    qtbot.mousePress(viewport, LEFT, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, 9):
        qtbot.mouseMove(viewport, start + by * (k / 8))
        qtbot.wait(3)
    qtbot.mouseRelease(viewport, LEFT, Qt.KeyboardModifier.NoModifier, start + by)
    qtbot.waitUntil(lambda: node in win.session.corpus.positions)


def test_new_corpus_add_annotate_import_save_as_reopen(qtbot, opened, tmp_path: Path, monkeypatch) -> None:
    seeds = seed_corpus_dir()
    seeds_before = folder_hash(seeds)
    win, _ = open_window(qtbot, opened, seeds)  # what `make run` shows

    # 1. a new corpus from a folder of three text files, then a fourth document
    src = texts_folder(tmp_path, ("one.txt", "two.md", "three.html", "four.txt"))
    three = tmp_path / "three files"
    three.mkdir()
    for name in ("one.txt", "two.md", "three.html"):
        (three / name).write_bytes((src / name).read_bytes())
    new_corpus(qtbot, win, three, tmp_path / "draft")
    assert win.session.folder == tmp_path / "draft" and len(win.session.corpus.documents) == 3
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(src / "four.txt")], "")))
    trigger(win, "add_files")
    qtbot.waitUntil(lambda: win.source_panel.switcher.count() == 4)
    corpus = win.session.corpus
    fourth = next(d.id for d in corpus.documents.values() if d.path == "four.txt")

    # 2. annotate it: an actor, a claim said by them in the fourth text, one from the first, a rebuttal
    when_shown(ActorDialog, lambda d: (qtbot.keyClicks(d.name, "Port engineers"), press_ok(qtbot, d)))
    win.editing.actions["add_actor"].trigger()
    actor = next(a.id for a in corpus.actors.values() if a.name == "Port engineers")
    high = make_claim(qtbot, win, fourth, "the wall is high enough for a century of storms", actor)
    first = next(d.id for d in corpus.documents.values() if d.path == "one.txt")
    stop = make_claim(qtbot, win, first, "the new wall will stop the floods")
    win.canvas.fit_all()
    qtbot.wait(20)
    when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_S))
    drag(qtbot, win, high, stop, SHIFT)
    assert ("supports", high, stop) in links(corpus) and ("asserts", actor, high) in links(corpus)
    move(qtbot, win, actor, QPoint(-60, 90))

    # 3. save it under a new name
    save_dialog_returns(monkeypatch, tmp_path / "Harbour analysis")
    press(qtbot, win, Qt.Key.Key_S, CTRL | SHIFT)
    harbour = tmp_path / "Harbour analysis"
    assert win.session.folder == harbour and not win.isWindowModified()
    harbour_map = win.canvas.positions()

    # 4. import a colleague's AIF map as a second corpus, arrange it a little, save it under a new name
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(AIF / "28038.json"), "")))
    save_dialog_returns(monkeypatch, tmp_path / "imported")
    answers = DialogAnswerer().queue(Button.Ok)
    trigger(win, "import")
    assert answers.seen and answers.seen[0].startswith("Imported 28038.json")
    qtbot.waitUntil(win.layout_ready, timeout=10000)
    win.canvas.fit_all()
    qtbot.wait(20)
    some = next(iter(win.session.corpus.claims))
    move(qtbot, win, some, QPoint(40, -70))
    save_dialog_returns(monkeypatch, tmp_path / "Colleague map")
    press(qtbot, win, Qt.Key.Key_S, CTRL | SHIFT)
    colleague = tmp_path / "Colleague map"
    assert win.session.folder == colleague and not win.isWindowModified()
    colleague_map = win.canvas.positions()

    # 5. close; reopen both from the recent list: exactly the maps that were left
    win.close()
    again, _ = open_window(qtbot, opened, colleague)
    recent = again.recent_corpora()
    assert recent[0] == str(colleague.resolve()) and str(harbour.resolve()) in recent[:4]
    assert again.canvas.positions() == colleague_map
    again.recent_menu.aboutToShow.emit()
    entry = next(a for a in again.recent_menu.actions() if a.data() == str(harbour.resolve()))
    entry.trigger()
    qtbot.waitUntil(again.layout_ready, timeout=10000)
    assert again.session.folder.resolve() == harbour.resolve()
    assert again.canvas.positions() == harbour_map
    reopened = again.session.corpus
    assert ("supports", high, stop) in links(reopened) and ("asserts", actor, high) in links(reopened)
    assert reopened.documents[fourth].path == "four.txt" and (harbour / "four.txt").is_file()
    assert load_corpus(harbour).ok and load_corpus(colleague).ok

    # 6. the bundled seeds were never written
    assert folder_hash(seeds) == seeds_before
