"""Shared bits of the saving and editing tests: answering real dialogs, a minimal window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from argmap.model.storage import load_corpus
from argmap.ui.saving import SaveController
from argmap.ui.session import MapSession

Button = QMessageBox.StandardButton


class DialogAnswerer:
    """Clicks a button of the next message boxes as a user would, and keeps what they said."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.answers: list[Button] = []

    def queue(self, *answers: Button) -> DialogAnswerer:
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
        box.button(self.answers.pop(0)).click()
        if self.answers:
            QTimer.singleShot(0, self._poll)


class SaveWindow(QMainWindow):
    """The smallest window that closes through the save controller, like the main window."""

    def __init__(self, folder: Path, interval_ms: int = 60_000) -> None:
        super().__init__()
        self.setWindowTitle("argmap — test")
        result = load_corpus(folder)
        assert result.corpus is not None
        self.session = MapSession.from_load(result, parent=self)
        self.saver = SaveController(self, self.session, recovery_interval_ms=interval_ms)

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
