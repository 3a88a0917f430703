"""Start the Qt application with the map window on a corpus (the bundled seeds by default)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

STYLE_SHEET = Path(__file__).with_name("style.qss")


def make_app():
    """The QApplication, created once, with argmap's names, style and style sheet."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv)
    app.setOrganizationName("argmap")
    app.setApplicationName("argmap")
    app.setApplicationDisplayName("argmap")
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setFamilies(["Inter", "Segoe UI", "Cantarell", "Noto Sans", "DejaVu Sans", "Liberation Sans"])
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    apply_style(app)
    return app


def apply_style(app) -> None:
    with contextlib.suppress(OSError):  # a missing style sheet only costs looks
        app.setStyleSheet(STYLE_SHEET.read_text(encoding="utf-8"))


def run_app(corpus: Path | None) -> int:
    from argmap.paths import seed_corpus_dir
    from argmap.ui.main_window import MainWindow

    app = make_app()
    window = MainWindow()
    window.show()
    window.open_corpus(Path(corpus) if corpus else seed_corpus_dir())
    return app.exec()
