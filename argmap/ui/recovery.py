"""Where the edit journals live: the user's data folder, never next to the user's own files.

Each corpus folder has its own folder of journals under QStandardPaths GenericDataLocation
/argmap/recovery (e.g. ~/.local/share/argmap/recovery/harbour-1a2b3c4d5e6f7a8b/), one journal
per window session (argmap.model.journal). Restoring validates the replayed annotations against
the folder's texts like any annotations.json.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from argmap.model.corpus_format import LoadResult
from argmap.model.journal import EditJournal, Orphan, orphans
from argmap.model.loading import load_corpus


def recovery_dir() -> Path:
    """<user data folder>/argmap/recovery, whatever name the running QApplication has."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base or Path.home() / ".local" / "share") / "argmap" / "recovery"


def journal_dir(folder: Path) -> Path:
    """The journals of one corpus folder: readable name + hash of the absolute path."""
    absolute = str(Path(folder).resolve())
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(absolute).name).strip("-")[:40] or "corpus"
    return recovery_dir() / f"{name}-{hashlib.sha256(absolute.encode()).hexdigest()[:16]}"


def new_journal(folder: Path, base_sha256: str | None) -> EditJournal:
    return EditJournal(journal_dir(folder), folder, base_sha256)


def unsaved_sessions(folder: Path) -> list[Orphan]:
    """Journals of sessions of `folder` that ended without saving (crashed or killed), newest first."""
    return orphans(journal_dir(folder))


def load_orphan(orphan: Orphan, folder: Path, text: str) -> LoadResult:
    return load_corpus(folder, annotations=text.encode("utf-8"), shown=f"{orphan.path} (recovered edits)",
                       texts=orphan.texts())
