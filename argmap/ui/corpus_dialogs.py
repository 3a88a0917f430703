"""The small dialogs and folder helpers behind the File menu's corpus actions: New Corpus (sources
and a destination that must not exist yet), Add Pasted Text, a free folder name, file filters.

They only collect paths and names; corpus_actions.py does the work with argmap.io.corpus_files.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from argmap.io.corpus_files import CorpusFileError, source_files
from argmap.ui.edit_dialogs import _buttons

DOCUMENT_FILTER = "Documents (*.txt *.md *.markdown *.html *.htm);;All files (*)"


def documents_folder() -> Path:
    """Where new corpora go by default: <the user's documents>/argmap."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs or Path.home()) / "argmap"


def free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or `name 2`, `name 3`... so a suggestion never points at an existing corpus."""
    candidate, n = folder / name, 2
    while candidate.exists():
        candidate, n = folder / f"{name} {n}", n + 1
    return candidate


def choose_new_folder(parent: QWidget, title: str, suggested: Path) -> Path | None:
    """Ask for the name of a new corpus folder (a save dialog: type a new name).

    The dialog opens where the suggestion lives: Documents/argmap is made on first use.
    """
    if not suggested.parent.is_dir():
        try:
            suggested.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            suggested = Path.home() / suggested.name
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), "Corpus folder (*)", "",
                                            QFileDialog.Option.DontConfirmOverwrite)
    return Path(chosen).expanduser() if chosen else None


def export_filter(exporter) -> str:
    """A file-dialog filter for an `argmap export` format: its name, what it is for, its extension."""
    what = exporter.description.split(" (")[0].split(":")[0]
    return f"{exporter.name} — {what} (*.{exporter.extension})"


class NewCorpusDialog(QDialog):
    """New Corpus: the folder of texts to start from (or none: empty), and where to write it."""

    def __init__(self, parent: QWidget, destination: Path) -> None:
        super().__init__(parent)
        self.setObjectName("newCorpusDialog")
        self.setWindowTitle("New Corpus")
        self.source = QLineEdit()
        self.source.setObjectName("newCorpusSource")
        self.source.setPlaceholderText("leave empty to start with no documents")
        self.source.setClearButtonEnabled(True)
        self.destination = QLineEdit(str(destination))
        self.destination.setObjectName("newCorpusDestination")
        self.found = QLabel()
        self.found.setObjectName("newCorpusFound")
        self.found.setWordWrap(True)
        self.found.setStyleSheet("color: #555")
        form = QFormLayout()
        form.addRow("Documents from:", self._row(self.source, self._browse_source))
        form.addRow("", self.found)
        form.addRow("Save the corpus as:", self._row(self.destination, self._browse_destination))
        intro = QLabel("A corpus is a folder: its documents (plain text) and annotations.json. Text (.txt), "
                       "Markdown (.md) and web pages (.html, text only) are copied in.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        self.buttons = _buttons(self, "Create")
        layout.addWidget(self.buttons)
        self.source.textChanged.connect(self._update)
        self.destination.textChanged.connect(self._update)
        self._update()
        self.resize(620, self.sizeHint().height())

    def _row(self, edit: QLineEdit, browse) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        button = QPushButton("Browse…")
        button.clicked.connect(browse)
        row.addWidget(button)
        return row

    def _browse_source(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder of Documents", self.source.text() or str(Path.home()))
        if folder:
            self.source.setText(folder)

    def _browse_destination(self) -> None:
        chosen = choose_new_folder(self, "Save the New Corpus As", Path(self.destination.text()))
        if chosen is not None:
            self.destination.setText(str(chosen))

    def sources(self) -> list[Path]:
        text = self.source.text().strip()
        return source_files(Path(text).expanduser()) if text else []

    def _update(self) -> None:
        ok = bool(self.destination.text().strip())
        text = self.source.text().strip()
        if not text:
            self.found.setText("An empty corpus: add documents later with File ▸ Add Documents….")
        else:
            try:
                files = self.sources()
            except CorpusFileError as exc:
                self.found.setText(str(exc))
                ok = False
            else:
                names = ", ".join(p.name for p in files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
                self.found.setText(f"{len(files)} document{'s' if len(files) != 1 else ''}: {names}" if files
                                   else "No .txt, .md or .html files in this folder.")
                ok = ok and bool(files)
        self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(ok)


class PastedTextDialog(QDialog):
    """Add Pasted Text: a title and the text of a new document."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("pastedTextDialog")
        self.setWindowTitle("Add Pasted Text")
        self.title = QLineEdit()
        self.title.setObjectName("pastedTitle")
        self.title.setPlaceholderText("e.g. the article's headline")
        self.text = QPlainTextEdit()
        self.text.setObjectName("pastedText")
        self.text.setPlaceholderText("Paste the document's text here")
        self.text.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow("Title:", self.title)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.text, 1)
        self.buttons = _buttons(self, "Add Document")
        layout.addWidget(self.buttons)
        self.title.textChanged.connect(self._update)
        self.text.textChanged.connect(self._update)
        self._update()
        self.resize(620, 440)
        self.title.setFocus()

    def _update(self) -> None:
        ok = bool(self.title.text().strip() and self.text.toPlainText().strip())
        self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(ok)

    def values(self) -> tuple[str, str]:
        return self.title.text().strip(), self.text.toPlainText()
