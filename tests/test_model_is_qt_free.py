"""The model, the format registry and the command-line front end import no Qt.

Runs in a fresh interpreter, because the test process itself has Qt loaded by pytest-qt.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import argmap.model

ROOT = Path(__file__).resolve().parents[1]
QT_PACKAGES = ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6")

PROBE = """
import importlib, json, sys
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in json.loads(sys.argv[2]))))
"""


def model_modules() -> list[str]:
    found = [m.name for m in pkgutil.walk_packages(argmap.model.__path__, "argmap.model.")]
    return ["argmap.model", *found]


def imported_qt(modules: list[str]) -> list[str]:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(modules), json.dumps(QT_PACKAGES)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_every_model_module_is_found() -> None:
    modules = model_modules()
    for name in ("argmap.model.corpus", "argmap.model.annotations", "argmap.model.loading",
                 "argmap.model.saving", "argmap.model.graph"):
        assert name in modules
    on_disk = {p.stem for p in Path(argmap.model.__path__[0]).glob("*.py") if p.stem != "__init__"}
    assert {m.rsplit(".", 1)[1] for m in modules[1:]} >= on_disk


def test_model_registry_and_cli_import_no_qt() -> None:
    assert imported_qt([*model_modules(), "argmap.io.registry", "argmap.cli"]) == []


def test_the_probe_detects_qt() -> None:
    """The check above can fail: importing a Qt module is seen."""
    assert "PySide6" in imported_qt(["PySide6.QtCore"])
