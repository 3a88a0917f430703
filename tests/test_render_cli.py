"""`argmap render` in a subprocess with no display at all, and its error messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.conftest import DATA, ROOT


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "argmap", "render", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_render_png_without_display(tmp_path: Path, qapp):
    out = tmp_path / "x.png"
    r = _run(str(DATA / "tiny"), "-o", str(out), "--width", "700")
    assert r.returncode == 0, r.stderr
    img = QImage(str(out))
    assert img.width() == 700 and img.height() > 100


def test_render_svg_with_filters(tmp_path: Path):
    out = tmp_path / "x.svg"
    r = _run(str(DATA / "tiny"), "-o", str(out), "--documents", "beta", "--select", "wall-cost", "--layout", "force")
    assert r.returncode == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    assert "40 million" in text
    assert "stop the winter" not in text  # only in alpha: filtered out


def test_render_bad_requests_exit_1(tmp_path: Path):
    for args, needle in (
        (["--focus", "nope"], "unknown node for --focus: 'nope'"),
        (["--kinds", "supports,likes"], "unknown relation kind 'likes'"),
        (["--documents", "gamma"], "unknown document 'gamma'"),
        (["--select", "ghost"], "unknown node for --select: 'ghost'"),
    ):
        r = _run(str(DATA / "tiny"), "-o", str(tmp_path / "x.png"), *args)
        assert r.returncode == 1 and needle in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr
    r = _run(str(DATA / "tiny"), "-o", str(tmp_path / "x.gif"))
    assert r.returncode == 1 and "unknown image format" in r.stderr
