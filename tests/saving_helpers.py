"""Shared bits of the saving and editing tests: answering real dialogs, a minimal window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from argmap.model.loading import load_corpus
from argmap.ui.saving import SaveController
from argmap.ui.session import MapSession

Button = QMessageBox.StandardButton


class DialogAnswerer:
    """Clicks a button of the next message boxes as a user would, and keeps what they said."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.answers: list[Button | str] = []

    def queue(self, *answers: Button | str) -> DialogAnswerer:
        """Answer the next boxes with these buttons (a standard button, or a custom one by its text)."""
        self.answers.extend(answers)
        QTimer.singleShot(0, self._poll)
        return self

    def _poll(self) -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if not boxes:
            QTimer.singleShot(10, self._poll)
            return
        box = boxes[-1]
        self.seen.append(f"{box.text()}\n{box.informativeText()}")
        answer = self.answers.pop(0)
        if isinstance(answer, str):
            next(b for b in box.buttons() if b.text() == answer).click()
        else:
            box.button(answer).click()
        if self.answers:
            QTimer.singleShot(0, self._poll)


class SaveWindow(QMainWindow):
    """The smallest window that closes through the save controller, like the main window."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.setWindowTitle("argmap — test")
        result = load_corpus(folder)
        assert result.corpus is not None
        self.session = MapSession.from_load(result, parent=self)
        self.saver = SaveController(self, self.session)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.saver.can_close():
            event.accept()
        else:
            event.ignore()


def close_discarding(window: QMainWindow) -> None:
    """Close a test window without the Save / Discard / Cancel question: its edits are dropped."""
    window.session.undo_stack.setClean()
    window.close()
    window.deleteLater()


PROV = ("2026-11-22T05:00:00+00:00", "tester")


def scripted_edit(corpus, stack, n: int) -> None:
    """Edit number `n` of a fixed script of every kind of edit (the same corpus and stack give the same states)."""
    from argmap import commands as cmd

    claims = [c for c in corpus.claims if c.startswith("scripted-")]
    last = claims[-1] if claims else None
    step = n % 8
    if step == 0 or last is None:
        doc = corpus.documents["beta"]
        start = (n * 7) % (len(doc.text) - 20)
        while not doc.text[start:start + 12].strip():
            start += 1
        stack.push(cmd.AddClaim(corpus, f"Scripted claim {n}", doc.mention(start, start + 12), actor="mayor",
                                claim_id=f"scripted-{n}", prov=PROV))
    elif step == 1:
        stack.push(cmd.EditClaimText(corpus, last, f"Scripted claim, edited at step {n}", prov=PROV))
    elif step == 2:
        stack.push(cmd.AddRelation(corpus, "rebuts", last, "wall-stops-floods", prov=PROV))
    elif step == 3:
        stack.push(cmd.MoveNodes(corpus, {last: (float(n), float(-n)), "wall-cost": (n / 2, n / 3)}))
    elif step in (4, 6):
        stack.undo()
    elif step == 5:
        stack.push(cmd.DeleteClaim(corpus, claims[0]))  # the oldest: from the middle of the file, with its links
    else:
        stack.redo()
