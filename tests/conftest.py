"""Test setup: Qt runs offscreen, so the suite needs no screen (CI has none)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


@pytest.fixture(autouse=True)
def private_app_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test (and every process it starts) gets its own data folder, so recovery files are
    never the user's or another test's."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    """A writable copy of the small hand-made corpus in tests/data/tiny."""
    dest = tmp_path / "tiny"
    shutil.copytree(DATA / "tiny", dest)
    return dest


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled seed corpus."""
    dest = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", dest)
    return dest


@pytest.fixture
def isolated_settings(tmp_path: Path):
    """Every test gets its own QSettings file, never the user's."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings-after"))
