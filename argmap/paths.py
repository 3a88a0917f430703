"""Where the bundled seed corpus and resources live, from a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    installed = _PACKAGE / "_bundled" / name  # the wheel force-includes seeds/ and resources/ here
    return installed if installed.is_dir() else _PACKAGE.parent / name


def seed_corpus_dir() -> Path:
    return _bundled("seeds")


def resources_dir() -> Path:
    return _bundled("resources")


def resource(name: str) -> Path:
    return resources_dir() / name
