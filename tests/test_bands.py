"""`argmap render` drawing a PNG in two processes: the same picture, and a helper that fails costs nothing.

Forking is only safe before Qt starts, so everything here runs in fresh subprocesses.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from tests.conftest import DATA, ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="two-process drawing is for Linux")


def _python(code: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def _pixels(path: Path) -> np.ndarray:
    img = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    assert not img.isNull(), path
    h, w = img.height(), img.width()
    rows = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.bytesPerLine() * h).reshape(h, -1)
    return rows[:, : w * 3].reshape(h, w, 3).astype(int)


def _same_picture(a: np.ndarray, b: np.ndarray) -> None:
    """Equal but for antialiasing: a line clipped at a band's edge may land a fraction of a pixel away."""
    assert a.shape == b.shape
    differ = np.abs(a - b).max(axis=2) > 8
    assert differ.mean() < 0.01, f"{differ.mean():.2%} of the pixels differ"
    h, w = a.shape[0] // 8 * 8, a.shape[1] // 8 * 8
    blocks = lambda x: x[:h, :w].reshape(h // 8, 8, w // 8, 8, 3).mean(axis=(1, 3))  # noqa: E731
    assert np.abs(blocks(a) - blocks(b)).max() < 24


def _render(out: Path, *extra: str, patch: str = "") -> subprocess.CompletedProcess:
    args = [str(DATA / "tiny"), "-o", str(out), "--width", "900", "--select", "wall-cost", *extra]
    return _python(f"""
        import os, sys
        from argmap.render import bands
        {patch}
        from argmap.cli import main
        sys.exit(main(["render", *{args!r}]))
    """)


def test_two_processes_draw_the_same_picture(tmp_path: Path, qapp):
    one, two = tmp_path / "one.png", tmp_path / "two.png"
    assert _render(one, "--jobs", "1").returncode == 0
    r = _render(two, "--jobs", "2")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and r.stderr.count("wrote") == 1  # the helper says nothing
    _same_picture(_pixels(one), _pixels(two))


def test_the_helper_really_draws_the_lower_band(tmp_path: Path, qapp):
    """A helper that draws its band in red shows up in the lower half only: the parent used its rows."""
    out = tmp_path / "red.png"
    patch = """
        from argmap.render import export
        real = export._paint_rows
        def red(plan, w, h, transparent, top, bottom):
            img = real(plan, w, h, transparent, top, bottom)
            if top > 0:
                img.fill(0xFFFF0000)
            return img
        export._paint_rows = red
    """
    r = _render(out, "--jobs", "2", patch=textwrap.indent(textwrap.dedent(patch), " " * 8).strip())
    assert r.returncode == 0, r.stderr
    px = _pixels(out)
    mid = px.shape[0] // 2
    assert (px[mid:] == (255, 0, 0)).all()
    assert not (px[:mid] == (255, 0, 0)).all(axis=2).any()


@pytest.mark.parametrize("failure", ["os._exit(3)", "raise RuntimeError('boom')", "import time; time.sleep(600)"])
def test_a_failed_or_hung_helper_is_replaced_by_the_parent(tmp_path: Path, qapp, failure: str):
    one, two = tmp_path / "one.png", tmp_path / "two.png"
    assert _render(one, "--jobs", "1").returncode == 0
    patch = f"""
        def broken(self, piece):
            {failure}
        bands.BandSplit.send = broken
        real_receive = bands.BandSplit.receive
        bands.BandSplit.receive = lambda self, patience: real_receive(self, min(patience, 2.0))
    """
    r = _render(two, "--jobs", "2", patch=textwrap.indent(textwrap.dedent(patch), " " * 8).strip())
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    _same_picture(_pixels(one), _pixels(two))


def test_bad_jobs_is_refused(tmp_path: Path):
    r = _render(tmp_path / "x.png", "--jobs", "3")
    assert r.returncode == 1 and "--jobs 3 must be 1 or 2" in r.stderr
    assert not (tmp_path / "x.png").exists()


def test_no_fork_once_qt_is_running(qapp):
    """In a process whose Qt has started (the window, a test), the command draws in one process."""
    from argmap.render.bands import fork_bands

    split = fork_bands()
    if split is not None:  # it forked after all: end the helper at once, and fail
        if split.is_helper:
            os._exit(0)
        split.close()
    assert split is None
