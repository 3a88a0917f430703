"""Source documents and the mentions (spans) that tie claims to them.

Offsets are Python string indices (code points) into the document text, as the annotation
format defines them; the UI converts to Qt's UTF-16 positions at its own boundary.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from argmap.model.safe_files import read_text as read_text  # re-exported: documents are read exactly as stored


def text_sha256(text: str) -> str:
    """Hash of the text as stored (UTF-8), so a changed source file is detected."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Mention:
    """A place in a document where a claim (or the evidence for a relation) is written."""

    doc: str
    start: int
    end: int
    quote: str

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end, "quote": self.quote}


@dataclass(slots=True)
class Document:
    """A source text of the corpus; `path` is relative to the corpus folder."""

    id: str
    path: str
    title: str
    text: str

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)

    def mention(self, start: int, end: int) -> Mention:
        """A mention of text[start:end], with its quote taken from the text itself."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span {start}..{end} is outside document {self.id!r}")
        return Mention(self.id, start, end, self.text[start:end])

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "title": self.title, "sha256": self.sha256}
