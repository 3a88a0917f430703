"""Saving the open corpus, and never losing an edit on the way.

`SaveController` owns everything between the undo stack and the file on disk:
- Save writes annotations.json atomically and marks the undo stack clean; the window title
  shows `*` (Qt's `[*]` placeholder) whenever the stack is not clean.
- It replaces the file only if it still has the bytes it was loaded from, checked and replaced
  under a lock (argmap.model.save_lock), so two windows or processes saving at once never
  silently overwrite each other: the second is told, and chooses Overwrite, Save a Copy or Cancel.
- A corpus that opened with errors is read-only and is never written.
- A folder that cannot be written is reported with the path and the reason; the edits stay in
  the window, still unsaved.
- Every edit is appended to this window session's journal as it is made (argmap.model.journal);
  a session that died with unsaved edits is offered back when its corpus is opened again.
- Closing or replacing the corpus with unsaved changes asks Save / Discard / Cancel.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from argmap.commands import RestoreAnnotations
from argmap.model.annotations import ModelError, ModelEvent
from argmap.model.atomic_files import remove_stale_temporaries
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.journal import EditJournal, Orphan
from argmap.model.save_lock import ChangedOnDisk, LockTimeout
from argmap.model.saving import dumps, save_corpus
from argmap.ui import recovery
from argmap.ui.session import MapSession

Button = QMessageBox.StandardButton


def ask(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, informative: str,
        buttons: Button, default: Button, labels: dict[Button, str] | None = None) -> Button:
    """A modal question; one place, so every question looks alike (and tests can answer it)."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setObjectName("argmapQuestion")
    box.setInformativeText(informative)
    for button, label in (labels or {}).items():
        box.button(button).setText(label)
    box.setDefaultButton(default)
    box.exec()
    clicked = box.clickedButton()
    return box.standardButton(clicked) if clicked is not None else Button.Cancel


class SaveController(QObject):
    """Save / dirty state / recovery / close questions for the session shown in one window."""


    def __init__(self, window: QWidget, session: MapSession | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.session: MapSession | None = None
        self.save_elsewhere: Callable[[], bool] | None = None  # Save As, for a session that is not saved in place
        self.journal: EditJournal | None = None
        self._journal_failed = False
        self._status = status
        if session is not None:
            self.attach(session)

    # -- session ---------------------------------------------------------------------------

    def attach(self, session: MapSession | None) -> None:
        """Follow a newly opened session (after `can_close()` agreed to drop the old one)."""
        if self.session is not None:
            try:
                self.session.undo_stack.cleanChanged.disconnect(self._on_clean_changed)
                self.session.modelChanged.disconnect(self._on_model_changed)
            except (RuntimeError, TypeError):
                pass
        if self.journal is not None:  # normally closed by can_close(); if not, the edits stay recoverable
            self.journal.close(keep=self.is_dirty())
        self.session = session
        self.journal = None
        self._journal_failed = False
        if session is not None:
            session.undo_stack.cleanChanged.connect(self._on_clean_changed)
            session.modelChanged.connect(self._on_model_changed)
            if not session.read_only and session.folder is not None:
                self.journal = recovery.new_journal(session.folder, session.file_sha256)
                remove_stale_temporaries(session.folder / ANNOTATIONS_FILE)  # left by saves killed earlier
        self._ensure_title_placeholder()
        self._on_clean_changed(not self.is_dirty())

    @property
    def annotations_path(self) -> Path | None:
        folder = self.session.folder if self.session is not None else None
        return folder / ANNOTATIONS_FILE if folder is not None else None

    def is_dirty(self) -> bool:
        return self.session is not None and not self.session.undo_stack.isClean()

    def can_save(self) -> bool:
        return self.session is not None and not self.session.read_only and self.session.folder is not None

    def _ensure_title_placeholder(self) -> None:
        title = self.window.windowTitle()
        if "[*]" not in title:
            self.window.setWindowTitle(f"{title}[*]" if title else "argmap[*]")

    def _on_clean_changed(self, clean: bool) -> None:
        if not shiboken6.isValid(self.window):  # the window is being destroyed
            return
        self._ensure_title_placeholder()
        self.window.setWindowModified(not clean)

    def _on_model_changed(self, event: ModelEvent) -> None:
        """Every change goes to the journal at once, so a crash or a kill loses no edit."""
        if self.journal is None or self.session is None:
            return
        try:
            self.journal.record(self.session.corpus, event)
        except OSError as exc:
            if not self._journal_failed:  # say it once, not on every edit
                self._journal_failed = True
                self._say(f"Unsaved edits cannot be kept aside ({exc.strerror or exc}): save often")

    def _say(self, text: str) -> None:
        if self._status is not None:
            self._status(text)

    # -- saving ------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the session to its folder; True when the file now holds the edits."""
        session, path = self.session, self.annotations_path
        if session is None or path is None:
            return False
        if session.protected:  # the bundled seeds (or a read-only folder) are never written in place
            return self.save_elsewhere() if self.save_elsewhere is not None else False
        if session.read_only:
            ask(self.window, QMessageBox.Icon.Warning, "Read-only corpus",
                f"{path} opened with errors, so argmap will not overwrite it.",
                "Fix the problems listed when it opened, then open the corpus again.", Button.Ok, Button.Ok)
            return False
        session.keep_shown_layout()  # the map reopens exactly as it is shown now
        expect: object = session.file_sha256
        while True:
            try:
                digest = save_corpus(session.corpus, path.parent, write_texts=True, expect=expect)  # and documents added since
                break
            except ChangedOnDisk as changed:
                choice = self._ask_changed_on_disk(path, changed)
                if choice == "cancel":
                    self._say(f"Not saved: {path} changed on disk; your edits are still unsaved in this window")
                if choice != "overwrite":
                    return False
                expect = changed.found  # replace exactly the version the user was told about, nothing newer
            except OSError as exc:
                self._report_unsaved(path, exc)
                return False
        session.file_sha256 = digest
        session.undo_stack.setClean()
        if self.journal is not None:
            self._forget_journal(lambda journal: journal.restart(digest))
        self._say(f"Saved {path}")
        return True

    def _report_unsaved(self, path: Path, exc: OSError) -> None:
        reason = exc.strerror or str(exc)
        if isinstance(exc, LockTimeout):  # another saver is stuck holding the lock
            advice = "Your edits are kept in this window, unsaved. Save again in a moment."
        else:
            advice = (f"Your edits are kept in this window, unsaved. Make {path.parent} writable (or free some space), "
                      "then save again.")
        ask(self.window, QMessageBox.Icon.Critical, "Could not save", f"Could not save {path}: {reason}.",
            advice, Button.Ok, Button.Ok)
        self._say(f"Could not save {path}: {reason}")

    def _ask_changed_on_disk(self, path: Path, changed: ChangedOnDisk) -> str:
        """Someone saved the file since we loaded it: "overwrite", "copy" (saved a copy elsewhere) or "cancel"."""
        what = "was deleted" if changed.found is None else "was changed by another argmap window or program"
        answer = ask(self.window, QMessageBox.Icon.Warning, "File changed on disk",
                     f"{path} {what} since you opened it. Your edits are not saved yet.",
                     "Overwrite replaces the other version with yours (its changes are lost). "
                     "Save a Copy writes your version as a new corpus folder and leaves the file as it is.",
                     Button.Save | Button.SaveAll | Button.Cancel, Button.Cancel,
                     {Button.Save: "Overwrite", Button.SaveAll: "Save a Copy…"})
        if answer == Button.Save:
            return "overwrite"
        if answer == Button.SaveAll and self.save_copy():
            return "copy"
        return "cancel"

    def save_copy(self, folder: Path | None = None) -> bool:
        """Write the corpus as it is in this window (texts and annotations) into a new, empty folder."""
        session = self.session
        if session is None:
            return False
        folder = folder if folder is not None else self._choose_copy_folder()
        if folder is None:
            return False
        try:
            if folder.exists() and any(folder.iterdir()):
                raise OSError(errno.EEXIST, "the folder is not empty; choose a new or empty folder", str(folder))
            save_corpus(session.corpus, folder, write_texts=True, expect=None)
        except (OSError, ChangedOnDisk) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            ask(self.window, QMessageBox.Icon.Critical, "Could not save a copy", f"Could not save a copy in {folder}: {reason}.",
                "Your edits are kept in this window, unsaved.", Button.Ok, Button.Ok)
            return False
        self._say(f"Saved a copy of your version in {folder}; the edits are still unsaved here")
        return True

    def _choose_copy_folder(self) -> Path | None:
        dialog = QFileDialog(self.window, "Save a Copy of the Corpus In")
        dialog.setObjectName("argmapSaveCopy")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # the same dialog everywhere (and in tests)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        if self.session is not None and self.session.folder is not None:
            dialog.setDirectory(str(self.session.folder.parent))
        if not dialog.exec() or not dialog.selectedFiles():
            return None
        return Path(dialog.selectedFiles()[0])

    # -- closing -------------------------------------------------------------------------------

    def can_close(self) -> bool:
        """Before closing or replacing the corpus: Save / Discard / Cancel if there are edits."""
        if self.session is None:
            return True
        if not self.is_dirty():
            self._forget_recovery()
            return True
        name = self.session.folder.name if self.session.folder else "this corpus"
        answer = ask(self.window, QMessageBox.Icon.Question, "Unsaved changes",
                     f"Save your changes to {name} before closing?",
                     "If you don't save, your changes will be lost.",
                     Button.Save | Button.Discard | Button.Cancel, Button.Save)
        if answer == Button.Save:
            if not self.save():
                return False
            self._forget_recovery()
            return True
        if answer == Button.Discard:
            self._forget_recovery()
            return True
        return False

    def _forget_recovery(self) -> None:
        """The edits are saved or discarded: this session's journal goes (never another session's)."""
        self._forget_journal(lambda journal: journal.close(keep=False))

    def _forget_journal(self, how: Callable[[EditJournal], None]) -> None:
        if self.journal is not None:
            try:
                how(self.journal)
            except OSError as exc:
                self._say(f"Could not clear the journal of unsaved edits: {exc.strerror or exc}")

    # -- recovery --------------------------------------------------------------------------------

    def offer_recovery(self) -> bool:
        """At opening: offer the edits of sessions of this folder that ended without saving; True if restored.

        Only sessions that died count: another window's live session is never offered or touched.
        Whether there is anything to offer is decided by content: edits equal to what the folder
        now holds are dropped silently, whatever the file times say. "Not now" keeps everything.
        """
        session = self.session
        if session is None or session.folder is None or session.read_only:
            return False
        found = recovery.unsaved_sessions(session.folder)
        if not found:
            return False  # the usual case: no serialising of the whole map (1.2 s at 10,000 claims)
        try:
            current = dumps(session.corpus)
            while found:
                orphan = found.pop(0)
                outcome = self._offer(orphan, current)
                if outcome == "restored":
                    return True
                if outcome == "later":
                    return False
            return False
        finally:
            for orphan in found:
                orphan.release()

    def _offer(self, orphan: Orphan, current: str) -> str:
        """Offer one dead session's edits: "restored", "dropped" (nothing new, or discarded) or "later"."""
        session = self.session
        assert session is not None and session.folder is not None
        try:
            text = orphan.replay()
        except (OSError, ValueError, KeyError, TypeError) as exc:
            text, problem = None, f"{orphan.path}: cannot be read: {exc}"
        else:
            problem = None
        if text is None and problem is None:
            orphan.remove()  # the session recorded no edit
            return "dropped"
        result = recovery.load_orphan(orphan, session.folder, text) if text is not None else None
        if result is not None and result.corpus is not None and dumps(result.corpus) == current:
            orphan.remove()  # those edits are what the folder holds now (saved since, or undone)
            return "dropped"
        if result is None or not result.ok or result.corpus is None:
            problems = problem or "\n".join(map(str, result.problems[:10]))
            ask(self.window, QMessageBox.Icon.Warning, "Recovered edits unusable",
                f"argmap found unsaved edits to {session.folder} but cannot use them.",
                f"They are kept in {orphan.path}.\n\n{problems}", Button.Ok, Button.Ok)
            orphan.release()
            return "later"
        written = datetime.fromtimestamp(orphan.written).strftime("%Y-%m-%d %H:%M:%S")
        changed = orphan.header.get("base_sha256") not in (None, session.file_sha256)
        note = (" The file has been changed since those edits were made; restoring brings back the whole map as it "
                "was in that window." if changed else "")
        answer = ask(self.window, QMessageBox.Icon.Question, "Restore unsaved edits?",
                     f"A window of argmap closed without saving its edits to {session.folder.name} "
                     f"(last edit {written}).",
                     "Restore them? They come back as unsaved changes; your file is only replaced when you save. "
                     f"Discard deletes them; Not now keeps them for later.{note}",
                     Button.RestoreDefaults | Button.Discard | Button.Ignore, Button.RestoreDefaults,
                     {Button.RestoreDefaults: "Restore", Button.Ignore: "Not now"})
        if answer == Button.Discard:
            orphan.remove()
            return "dropped"
        if answer != Button.RestoreDefaults:
            orphan.release()
            return "later"
        try:
            session.push(RestoreAnnotations(session.corpus, result.corpus))
        except ModelError as exc:
            self._say(str(exc))
            orphan.release()
            return "later"
        orphan.remove()  # its edits are in this session now, and in this session's journal
        self._say("Restored your unsaved edits. Save to keep them.")
        return "restored"
