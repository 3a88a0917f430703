"""File > Export Image… and Edit > Copy Image: options in a dialog, drawing in argmap.render.export."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import networkx as nx
from PySide6.QtCore import QRectF
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from argmap.render.export import ExportError, export_image, render_image
from argmap.render.painter import PaintState

FORMAT_SUFFIX = {"PNG image (*.png)": ".png", "SVG vector image (*.svg)": ".svg", "PDF document (*.pdf)": ".pdf"}


def _display_state(state: PaintState | None) -> PaintState:
    st = replace(state) if state is not None else PaintState()
    st.hovered = None
    return st


class ExportImageDialog(QDialog):
    """Choose file, format, scope and size, then write the image. `written` is the path on success."""

    def __init__(self, parent: QWidget | None, graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]],
                 state: PaintState | None, view_rect: QRectF | None, *, default_path: str | Path = "map.png",
                 lanes: list[tuple[str, str, float, float]] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Image")
        self.graph, self.positions, self.state, self.view_rect = graph, dict(positions), state, view_rect
        self.lanes = lanes  # the by-document lanes the map shows
        self.written: Path | None = None

        self.path_edit = QLineEdit(str(default_path))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.format_box = QComboBox()
        self.format_box.addItems(list(FORMAT_SUFFIX))
        self.format_box.currentIndexChanged.connect(self._format_chosen)
        self.path_edit.textChanged.connect(self._path_edited)

        self.scope_all = QRadioButton("Whole map")
        self.scope_view = QRadioButton("Current view")
        self.scope_sel = QRadioButton("Selection with neighbours")
        self.scope_all.setChecked(True)
        self.scope_view.setEnabled(view_rect is not None)
        self.scope_sel.setEnabled(bool(state and state.selected))
        self.scopes = QButtonGroup(self)
        for b in (self.scope_all, self.scope_view, self.scope_sel):
            self.scopes.addButton(b)
        self.depth = QSpinBox()
        self.depth.setRange(1, 6)
        self.depth.setPrefix("depth ")
        scope_row = QHBoxLayout()
        for w in (self.scope_all, self.scope_view, self.scope_sel, self.depth):
            scope_row.addWidget(w)

        self.by_width = QRadioButton("Width")
        self.by_scale = QRadioButton("Scale")
        self.by_width.setChecked(True)
        self.width = QSpinBox()
        self.width.setRange(16, 16_000)
        self.width.setValue(2400)
        self.width.setSuffix(" px")
        self.scale = QDoubleSpinBox()
        self.scale.setRange(0.05, 8.0)
        self.scale.setSingleStep(0.25)
        self.scale.setValue(2.0)
        self.scale.setSuffix(" ×")
        size_row = QHBoxLayout()
        for w in (self.by_width, self.width, self.by_scale, self.scale):
            size_row.addWidget(w)
        self.transparent = QCheckBox("Transparent background")
        self.legend = QCheckBox("Include the legend")
        self.legend.setChecked(True)
        self.highlights = QCheckBox("Include selection and highlights")
        self.highlights.setToolTip("Draw the selection ring and dim what is not linked to it, as on screen")
        # off for the whole map (a selection would fade everything else); on for "selection with neighbours",
        # until the user ticks or unticks it
        self.highlights.setChecked(False)
        self._highlights_chosen = False
        self.highlights.clicked.connect(lambda: setattr(self, "_highlights_chosen", True))
        self.scopes.buttonToggled.connect(self._scope_chosen)

        form = QFormLayout()
        form.addRow("File:", path_row)
        form.addRow("Format:", self.format_box)
        form.addRow("Show:", scope_row)
        form.addRow("PNG size:", size_row)
        form.addRow("", self.transparent)
        form.addRow("", self.legend)
        form.addRow("", self.highlights)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._path_edited(self.path_edit.text())

    def _scope_chosen(self, *_args) -> None:
        if not self._highlights_chosen:
            self.highlights.setChecked(self.scope() == "selection")

    def scope(self) -> str:
        if self.scope_view.isChecked():
            return "view"
        return "selection" if self.scope_sel.isChecked() else "all"

    def _suffix(self) -> str:
        return Path(self.path_edit.text()).suffix.lower()

    def _path_edited(self, text: str) -> None:
        suffix = Path(text).suffix.lower()
        for k, (_, s) in enumerate(FORMAT_SUFFIX.items()):
            if s == suffix and self.format_box.currentIndex() != k:
                self.format_box.blockSignals(True)
                self.format_box.setCurrentIndex(k)
                self.format_box.blockSignals(False)
        png = suffix == ".png"
        for w in (self.by_width, self.by_scale, self.width, self.scale, self.transparent):
            w.setEnabled(png)

    def _format_chosen(self, index: int) -> None:
        suffix = list(FORMAT_SUFFIX.values())[index]
        path = Path(self.path_edit.text() or "map.png")
        self.path_edit.setText(str(path.with_suffix(suffix)))

    def _browse(self) -> None:
        filters = ";;".join(FORMAT_SUFFIX)
        chosen, _ = QFileDialog.getSaveFileName(self, "Export Image", self.path_edit.text(), filters,
                                                self.format_box.currentText())
        if chosen:
            self.path_edit.setText(chosen)

    def export(self) -> Path | None:
        """Write the image with the chosen options; on failure say why and stay open."""
        path = Path(self.path_edit.text()).expanduser()
        if path.suffix.lower() not in FORMAT_SUFFIX.values():
            path = path.with_suffix(list(FORMAT_SUFFIX.values())[self.format_box.currentIndex()])
        png = path.suffix.lower() == ".png"
        try:
            self.written = export_image(
                path, self.graph, self.positions, state=_display_state(self.state),
                scope=self.scope(), view_rect=self.view_rect, depth=self.depth.value(), marks=self.highlights.isChecked(),
                width=self.width.value() if png and self.by_width.isChecked() else None,
                scale=self.scale.value() if png and self.by_scale.isChecked() else None,
                transparent=png and self.transparent.isChecked(), legend=self.legend.isChecked(), columns=self.lanes)
        except (ExportError, OSError) as exc:
            QMessageBox.warning(self, "Export Image", f"The image was not written.\n\n{exc}")
            return None
        self.accept()
        return self.written


def copy_image_to_clipboard(graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]], state: PaintState | None,
                            view_rect: QRectF | None = None, *, scope: str | None = None, width: int | None = None,
                            legend: bool = False, depth: int = 1) -> QImage:
    """Put an image of the map on the clipboard: what is in `view_rect` when given, else the whole map.

    The default size is twice the world scale (crisp when pasted), capped at 4000 pixels wide.
    """
    scope = scope or ("view" if view_rect is not None and not view_rect.isEmpty() else "all")
    if width is None and scope == "view" and view_rect is not None:
        width = max(16, min(4000, round(view_rect.width() * 2)))
    img = render_image(graph, positions, state=_display_state(state), scope=scope, view_rect=view_rect,
                       width=width, legend=legend, depth=depth)
    QGuiApplication.clipboard().setImage(img)
    return img
