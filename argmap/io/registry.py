"""A small registry of data formats, so adding a format is one module with a decorator.

Exporters turn a corpus into text (`argmap export --format NAME`). Importers turn a file
of another tool into a new Corpus plus a summary of what could not be represented.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from argmap.model.annotations import Corpus

# modules that register formats; imported lazily so `argmap validate` stays quick to start
_FORMAT_MODULES = ("argmap.io.networkx_formats", "argmap.io.aif", "argmap.io.brat", "argmap.io.graph_formats",
                   "argmap.io.argdown")


class ImportFailed(Exception):
    """Malformed input: the message names the file, the place in it and what is wrong."""


@dataclass(frozen=True)
class Exporter:
    name: str
    extension: str
    description: str
    write: Callable[[Corpus], str]


@dataclass
class ImportResult:
    corpus: Corpus
    summary: list[str] = field(default_factory=list)  # what was dropped or approximated


@dataclass(frozen=True)
class Importer:
    name: str
    description: str
    accepts: Callable[[Path], bool]
    read: Callable[[Path], ImportResult]


EXPORTERS: dict[str, Exporter] = {}
IMPORTERS: dict[str, Importer] = {}
_loaded = False


def exporter(name: str, extension: str, description: str) -> Callable[[Callable[[Corpus], str]], Callable[[Corpus], str]]:
    def register(fn: Callable[[Corpus], str]) -> Callable[[Corpus], str]:
        EXPORTERS[name] = Exporter(name, extension, description, fn)
        return fn

    return register


def importer(
    name: str, description: str, accepts: Callable[[Path], bool]
) -> Callable[[Callable[[Path], ImportResult]], Callable[[Path], ImportResult]]:
    def register(fn: Callable[[Path], ImportResult]) -> Callable[[Path], ImportResult]:
        IMPORTERS[name] = Importer(name, description, accepts, fn)
        return fn

    return register


def load_formats() -> None:
    global _loaded
    if _loaded:
        return
    for module in _FORMAT_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    _loaded = True


def exporters() -> dict[str, Exporter]:
    load_formats()
    return EXPORTERS


def importers() -> dict[str, Importer]:
    load_formats()
    return IMPORTERS


def import_file(path: Path, fmt: str | None = None) -> ImportResult:
    """Import with the named format, or the first importer that accepts the file."""
    load_formats()
    if fmt is not None:
        if fmt not in IMPORTERS:
            raise ImportFailed(f"{path}: unknown import format '{fmt}' (known: {', '.join(sorted(IMPORTERS))})")
        return IMPORTERS[fmt].read(path)
    for imp in IMPORTERS.values():
        if imp.accepts(path):
            return imp.read(path)
    known = ", ".join(f"{i.name} ({i.description})" for i in IMPORTERS.values()) or "none"
    raise ImportFailed(f"{path}: not a format argmap can import (known: {known})")
