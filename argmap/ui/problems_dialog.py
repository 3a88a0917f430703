"""A readable, copyable list of what is wrong with a corpus that opened with problems."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from argmap.model.corpus_format import Problem


class ProblemsDialog(QDialog):
    """One row per problem (file, place, message); "Copy All" puts them on the clipboard as text."""

    def __init__(self, problems: Sequence[Problem], *, read_only: bool, corpus_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems = list(problems)
        errors = sum(p.severity == "error" for p in self.problems)
        warnings = len(self.problems) - errors
        self.setWindowTitle(f"Problems in {corpus_name}" if corpus_name else "Problems in the corpus")
        self.resize(980, 440)

        if read_only:
            head = (f"<b>{corpus_name or 'This corpus'} opened read-only</b>: {errors} error{'s' if errors != 1 else ''} "
                    "must be fixed in the files before it can be edited. What could be read is shown.")
        else:
            head = (f"<b>{corpus_name or 'This corpus'} opened with {warnings} warning{'s' if warnings != 1 else ''}</b>: "
                    "they will be repaired when it is saved.")
        icon = QLabel()
        std = QStyle.StandardPixmap.SP_MessageBoxWarning if read_only else QStyle.StandardPixmap.SP_MessageBoxInformation
        icon.setPixmap(self.style().standardIcon(std).pixmap(32, 32))
        label = QLabel(head)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)

        self.tree = QTreeWidget()
        self.tree.setObjectName("problemList")
        self.tree.setHeaderLabels(["", "File", "Place", "Problem"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        for p in self.problems:
            item = QTreeWidgetItem(["", _tail(p.file), p.where, p.message])
            item.setToolTip(1, p.file)
            item.setToolTip(3, p.message)
            pix = QStyle.StandardPixmap
            sev = pix.SP_MessageBoxCritical if p.severity == "error" else pix.SP_MessageBoxWarning
            item.setIcon(0, self.style().standardIcon(sev))
            self.tree.addTopLevelItem(item)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.detail = QLabel()
        self.detail.setObjectName("problemDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree.currentItemChanged.connect(self._show_detail)
        if self.problems:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy All")
        copy.setToolTip("Copy every problem as text (file: place: message)")
        copy.clicked.connect(self.copy_all)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        top = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(label, 1)
        top.addLayout(row)
        top.addWidget(self.tree, 1)
        top.addWidget(self.detail)
        top.addWidget(buttons)
        self.setLayout(top)

    def _show_detail(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        row = self.tree.indexOfTopLevelItem(item) if item is not None else -1
        self.detail.setText(str(self.problems[row]) if 0 <= row < len(self.problems) else "")

    def text(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.text())


def _tail(path: str) -> str:
    """The last two parts of a path: enough to tell files apart, short enough to read."""
    parts = path.replace("\\", "/").rstrip("/").split("/")
    return "/".join(parts[-2:])
