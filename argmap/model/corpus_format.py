"""The annotation file's name, format and version, and how a corpus's problems are reported:
shared by the loader (loading.py), its checks (corpus_check.py) and the writer (saving.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from argmap.model.annotations import (
    Corpus,
)

FORMAT = "argmap-annotations"
VERSION = 2  # what the writer writes
VERSIONS = (1, 2)  # what the loader reads: version 1 content is valid version 2 content
ANNOTATIONS_FILE = "annotations.json"
HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a corpus; `where` is a JSON path or a line/column position."""

    file: str
    where: str
    message: str
    severity: str = "error"  # "error" makes the corpus read-only; "warning" is repaired on save

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.file}: {self.where}: {prefix}{self.message}"


@dataclass(slots=True)
class LoadResult:
    corpus: Corpus | None
    problems: list[Problem] = field(default_factory=list)
    file_sha256: str | None = None  # of annotations.json as read, to detect changes on disk

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.corpus is not None and not self.errors


class CorpusError(Exception):
    """Raised by `load_corpus_or_raise`; carries the full list of problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
