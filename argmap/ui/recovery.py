"""Recovery files: unsaved edits written aside so a crash or a kill does not lose them.

One file per corpus folder under the user's data folder (QStandardPaths GenericDataLocation
/argmap/recovery, e.g. ~/.local/share/argmap/recovery), never next to the user's own files.
It holds the annotations exactly as `save_corpus` would write them, plus which folder they
belong to and when they were written.
Restoring validates them against the folder's texts like any annotations.json.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from argmap.model.annotations import Corpus
from argmap.model.storage import ANNOTATIONS_FILE, LoadResult, atomic_write, dumps, load_corpus

FORMAT = "argmap-recovery"


def recovery_dir() -> Path:
    """<user data folder>/argmap/recovery, whatever name the running QApplication has."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base or Path.home() / ".local" / "share") / "argmap" / "recovery"


def recovery_path(folder: Path) -> Path:
    """The recovery file of one corpus folder: readable name + hash of the absolute path."""
    absolute = str(Path(folder).resolve())
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(absolute).name).strip("-")[:40] or "corpus"
    return recovery_dir() / f"{name}-{hashlib.sha256(absolute.encode()).hexdigest()[:16]}.json"


@dataclass(frozen=True, slots=True)
class Recovery:
    path: Path
    folder: str
    written: str  # ISO time, UTC
    annotations: bytes

    def is_newer_than_corpus(self) -> bool:
        """True when the corpus file was not saved after these edits were written aside."""
        saved = Path(self.folder) / ANNOTATIONS_FILE
        try:
            return self.path.stat().st_mtime > saved.stat().st_mtime
        except FileNotFoundError:
            return self.path.exists()

    def differs_from(self, corpus: Corpus) -> bool:
        return self.annotations != dumps(corpus).encode("utf-8")

    def load(self) -> LoadResult:
        return load_corpus(self.folder, annotations=self.annotations, shown=f"{self.path} (recovered edits)")

    def shown_time(self) -> str:
        try:
            return datetime.fromisoformat(self.written).astimezone().strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return self.written


def write_recovery(corpus: Corpus, folder: Path) -> Path:
    """Write the corpus's current annotations aside (atomically) and return where."""
    path = recovery_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "format": FORMAT,
        "version": 1,
        "folder": str(Path(folder).resolve()),
        "written": datetime.now(UTC).isoformat(timespec="seconds"),
        "annotations": dumps(corpus),
    }
    atomic_write(path, json.dumps(record, ensure_ascii=False).encode("utf-8"))
    return path


def read_recovery(folder: Path) -> Recovery | None:
    """The recovery file of `folder`, or None if there is none or it is not a recovery file."""
    path = recovery_path(folder)
    try:
        record = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("format") != FORMAT or not isinstance(record.get("annotations"), str):
        return None
    return Recovery(path, str(folder), str(record.get("written", "")),
                    record["annotations"].encode("utf-8"))


def remove_recovery(folder: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        recovery_path(folder).unlink()
