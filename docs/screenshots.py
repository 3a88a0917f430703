"""Retake the README's screenshots: `xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshots.py [FOLDER]`.

The seed corpus with "Ukraine was involved in the Crocus City Hall attack" selected, at 1400x900:
docs/screenshot.png with the Inspector in front, docs/outline.png with the Outline. Each is then
reduced to 128 colours, undithered, by ImageMagick (`convert`, when installed) to stay small.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

HERE = Path(__file__).resolve().parent
CLAIM = "c-ukraine-behind"
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE  # another folder, to look before replacing


def main() -> None:
    app = QApplication(sys.argv)
    from argmap.ui.main_window import MainWindow

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "argmap.conf"), QSettings.Format.IniFormat)  # the defaults
    win = MainWindow(settings)
    win.resize(1400, 900)
    win.move(0, 0)
    win.show()
    win.open_corpus(HERE.parent / "seeds")

    def save(name: str) -> None:
        path = OUT / name
        win.grab().save(str(path))
        if shutil.which("convert"):
            subprocess.run(["convert", str(path), "+dither", "-colors", "128", f"PNG8:{path}"], check=True)

    def outline() -> None:
        save("screenshot.png")
        win.outline_dock.show()
        win.outline_dock.raise_()
        QTimer.singleShot(800, lambda: (save("outline.png"), app.quit()))

    def select() -> None:
        if not win.layout_ready():
            QTimer.singleShot(200, select)
            return
        win.select_node(CLAIM, center=True)
        win.canvas.zoom_by(2.4)  # its neighbourhood readable, box text and all
        win.canvas.center_on(CLAIM)
        QTimer.singleShot(1200, outline)

    QTimer.singleShot(300, select)
    app.exec()


if __name__ == "__main__":
    main()
