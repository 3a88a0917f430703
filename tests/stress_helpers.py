"""Shared bits of the saving stress tests (no Qt): a corpus big enough that a save takes a while."""

from __future__ import annotations

import os
from pathlib import Path

from argmap.model.annotations import Claim, Corpus
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.model.saving import save_corpus

ROOT = Path(__file__).resolve().parents[1]


def big_corpus(folder: Path, claims: int = 600) -> Corpus:
    """The tiny corpus's texts with `claims` claims, saved in `folder` (a save takes some milliseconds)."""
    loaded = load_corpus(ROOT / "tests" / "data" / "tiny")
    corpus = Corpus(str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    for doc in loaded.corpus.documents.values():
        (folder / doc.path).write_text(doc.text, encoding="utf-8", newline="")
        corpus.add_document(doc)
    alpha = corpus.documents["alpha"]
    for i in range(claims):
        start = i % (len(alpha.text) - 30)
        corpus.add_claim(Claim(f"c{i}", f"Claim number {i} about the harbour wall ✓", [alpha.mention(start, start + 25)]))
    save_corpus(corpus, folder)
    assert (folder / ANNOTATIONS_FILE).exists()
    return corpus


def is_dead(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def leftovers(folder: Path) -> list[str]:
    """Hidden files a save may leave: temporary files and the save lock."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{ANNOTATIONS_FILE}."))
