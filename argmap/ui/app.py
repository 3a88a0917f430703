"""Start the Qt application on a corpus (placeholder until the map window lands)."""

from __future__ import annotations

import sys
from pathlib import Path


def run_app(corpus: Path | None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    from argmap.paths import seed_corpus_dir

    app = QApplication.instance() or QApplication(sys.argv)
    label = QLabel(f"argmap — {corpus or seed_corpus_dir()}")
    label.resize(800, 600)
    label.show()
    return app.exec()
