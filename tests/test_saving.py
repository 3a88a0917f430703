"""Saving: dirty marker, Save/Discard/Cancel on close, changed-on-disk, read-only, unwritable folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap import commands as cmd
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.ui import recovery
from argmap.ui.session import ReadOnlyError
from tests.saving_helpers import Button, DialogAnswerer, SaveWindow, close_discarding

PROV = ("2026-11-22T05:00:00+00:00", "tester")


@pytest.fixture
def open_window(qtbot):
    """Open SaveWindows; at the end, drop their unsaved edits so closing asks nothing."""
    windows: list[SaveWindow] = []

    def make(folder: Path) -> SaveWindow:
        window = SaveWindow(folder)
        windows.append(window)
        return window

    yield make
    for window in windows:
        close_discarding(window)


def _journals(folder: Path) -> list[Path]:
    return list(recovery.journal_dir(folder).glob("*.journal"))


def _edit(window: SaveWindow) -> str:
    command = cmd.AddRelation(window.session.corpus, "rebuts", "wall-cost", "wall-high-enough", prov=PROV)
    window.session.push(command)
    return command.relation.id


def test_save_marks_clean_and_writes_edits(tiny_corpus: Path, open_window) -> None:
    window = open_window(tiny_corpus)
    window.show()
    assert "[*]" in window.windowTitle() and not window.isWindowModified()
    rel_id = _edit(window)
    assert window.isWindowModified()
    assert window.saver.save()
    assert not window.isWindowModified()
    reloaded = load_corpus(tiny_corpus)
    assert reloaded.ok and reloaded.corpus.relations[rel_id].kind == "rebuts"
    assert window.session.file_sha256 == reloaded.file_sha256
    window.session.undo_stack.undo()
    assert window.isWindowModified(), "undoing past the save point is an unsaved change again"


@pytest.mark.parametrize(("answer", "closes", "saved"), [(Button.Save, True, True), (Button.Discard, True, False),
                                                          (Button.Cancel, False, False)])
def test_close_with_unsaved_changes_asks(answer, closes, saved, tiny_corpus: Path, open_window) -> None:
    before = (tiny_corpus / ANNOTATIONS_FILE).read_bytes()
    window = open_window(tiny_corpus)
    window.show()
    rel_id = _edit(window)
    assert _journals(tiny_corpus), "the edit is journaled at once"
    dialogs = DialogAnswerer().queue(answer)
    assert window.close() is closes
    assert dialogs.seen and "Save your changes to tiny" in dialogs.seen[0]
    assert window.isVisible() is not closes
    on_disk = load_corpus(tiny_corpus).corpus
    assert (rel_id in on_disk.relations) is saved
    if not saved:
        assert (tiny_corpus / ANNOTATIONS_FILE).read_bytes() == before
    assert bool(_journals(tiny_corpus)) is (answer == Button.Cancel), "the journal goes once the edits are saved or discarded"
    assert window.isWindowModified() is (answer != Button.Save)


def test_clean_close_asks_nothing(tiny_corpus: Path, open_window) -> None:
    window = open_window(tiny_corpus)
    window.show()
    assert window.close()


def test_changed_on_disk_asks_before_overwriting(tiny_corpus: Path, open_window) -> None:
    window = open_window(tiny_corpus)
    path = tiny_corpus / ANNOTATIONS_FILE
    other = path.read_text(encoding="utf-8").replace("Town council", "Town Council (edited elsewhere)")
    path.write_text(other, encoding="utf-8")
    rel_id = _edit(window)
    dialogs = DialogAnswerer().queue(Button.Cancel)
    assert not window.saver.save()
    assert "was changed by another argmap window or program" in dialogs.seen[0]
    assert path.read_text(encoding="utf-8") == other and window.isWindowModified()
    dialogs.queue(Button.Save)
    assert window.saver.save()
    assert rel_id in load_corpus(tiny_corpus).corpus.relations
    assert not window.isWindowModified()
    _edit_again = cmd.EditClaimText(window.session.corpus, "wall-cost", "Costs a lot.")
    window.session.push(_edit_again)
    assert window.saver.save(), "our own save must not look like a change on disk"


def test_read_only_corpus_is_never_overwritten(tiny_corpus: Path, open_window) -> None:
    path = tiny_corpus / ANNOTATIONS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["relations"][2]["kind"] = "undermines"
    broken = json.dumps(data, indent=1).encode("utf-8")
    path.write_bytes(broken)
    window = open_window(tiny_corpus)
    assert window.session.read_only
    with pytest.raises(ReadOnlyError):
        _edit(window)
    dialogs = DialogAnswerer().queue(Button.Ok)
    assert not window.saver.save()
    assert "will not overwrite" in dialogs.seen[0]
    assert path.read_bytes() == broken
    assert window.close()


def test_unwritable_folder_is_reported_and_edits_kept(tiny_corpus: Path, open_window) -> None:
    """Tests run as root, for whom chmod does not stop writes: a folder where the file should be
    cannot be replaced by anyone, so saving fails the way a read-only folder does."""
    window = open_window(tiny_corpus)
    rel_id = _edit(window)
    path = tiny_corpus / ANNOTATIONS_FILE
    path.unlink()
    path.mkdir()
    window.session.file_sha256 = None  # the user's file is "gone"; skip the overwrite question
    dialogs = DialogAnswerer().queue(Button.Ok)
    assert not window.saver.save()
    assert f"Could not save {path}" in dialogs.seen[0] and "edits are kept" in dialogs.seen[0]
    assert window.isWindowModified() and rel_id in window.session.corpus.relations
    assert not any(p.name.endswith(".tmp") for p in tiny_corpus.iterdir()), "no temporary file left behind"
    path.rmdir()
    assert window.saver.save()
    assert rel_id in load_corpus(tiny_corpus).corpus.relations


def _choose_folder_in_next_file_dialog(folder: Path) -> list[str]:
    """Answer the next file dialog (argmap's own, not the platform's) with `folder`, as a user would type it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

    titles: list[str] = []

    def poll() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(10, poll)
            return
        dialog = dialogs[-1]
        titles.append(dialog.windowTitle())
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        name.setText(str(folder))
        dialog.accept()
        if dialog.isVisible():  # refused (never in a passing run): do not hang the test
            dialog.reject()

    QTimer.singleShot(0, poll)
    return titles


def test_two_windows_saving_one_corpus(tiny_corpus: Path, open_window, tmp_path: Path) -> None:
    """The second window to save is told, keeps its edits, and can save them as a copy; nothing is overwritten."""
    first, second = open_window(tiny_corpus), open_window(tiny_corpus)
    first_rel = _edit(first)
    second.session.push(cmd.EditClaimText(second.session.corpus, "wall-cost", "Costs a fortune."))
    assert first.saver.save()
    saved_by_first = (tiny_corpus / ANNOTATIONS_FILE).read_bytes()

    dialogs = DialogAnswerer().queue(Button.SaveAll)
    copy = tmp_path / "my version"
    copy.mkdir()  # made with the dialog's New Folder button
    titles = _choose_folder_in_next_file_dialog(copy)
    assert not second.saver.save()
    assert "was changed by another argmap window or program since you opened it" in dialogs.seen[0]
    assert titles == ["Save a Copy of the Corpus In"]
    assert (tiny_corpus / ANNOTATIONS_FILE).read_bytes() == saved_by_first, "the first window's save is kept"
    assert second.isWindowModified(), "the second window's edits are still unsaved there"
    copied = load_corpus(copy)
    assert copied.ok and copied.corpus.claims["wall-cost"].text == "Costs a fortune."
    assert first_rel not in copied.corpus.relations

    dialogs = DialogAnswerer().queue(Button.Cancel)
    assert not second.saver.save()
    assert (tiny_corpus / ANNOTATIONS_FILE).read_bytes() == saved_by_first
