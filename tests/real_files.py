"""The real files of tests/data/real (see its SOURCES.md), and a way to compare two corpora by
what a reader sees, so every exchange format can be checked on them with the same helper.

`real_files()` lists one path per map (the `.ann` of a brat pair); `signature(corpus)` is what
an export -> import must keep: the document texts byte for byte (in order, since ids may be
renamed), each claim's text with its mentions, the actors' names and every relation by the
words of its ends, with its voice and `via`.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from argmap.io.registry import import_file
from argmap.model.annotations import Corpus
from argmap.model.loading import load_corpus
from argmap.model.saving import save_corpus

REAL = Path(__file__).resolve().parent / "data" / "real"


def real_files() -> list[Path]:
    """Every real map: the AIF/xAIF/OVA JSON files and the .ann of each brat pair."""
    return sorted(p for p in REAL.rglob("*") if p.suffix in (".json", ".ann"))


def real_ids() -> list[str]:
    return [str(p.relative_to(REAL)) for p in real_files()]


def import_saved(path: Path, folder: Path, fmt: str | None = None) -> Corpus:
    """Import a file, save it as a corpus and load it back (so what is compared is what is kept)."""
    result = import_file(path, fmt)
    save_corpus(result.corpus, folder, write_texts=True)
    loaded = load_corpus(folder)
    assert loaded.ok, [str(p) for p in loaded.problems]
    return loaded.corpus


def signature(c: Corpus) -> dict:
    """What a reader of the corpus sees, independent of ids."""
    doc_index = {d: i for i, d in enumerate(c.documents)}

    def label(node_id: str) -> str:
        if node_id in c.claims:
            return "claim: " + c.claims[node_id].text
        if node_id in c.actors:
            return "actor: " + c.actors[node_id].name
        r = c.relations[node_id]
        return f"{r.kind}({label(r.source)} -> {label(r.target)})"

    return {
        "texts": [d.text for d in c.documents.values()],
        "claims": Counter(
            (cl.text, tuple(sorted((doc_index[m.doc], m.start, m.end, m.quote) for m in cl.mentions)))
            for cl in c.claims.values()
        ),
        "actors": Counter(a.name for a in c.actors.values()),
        "relations": Counter(
            (r.kind, label(r.source), label(r.target), r.voice, label(r.via) if r.via else None)
            for r in c.relations.values()
        ),
    }


def differences(a: dict, b: dict) -> list[str]:
    """Readable differences between two signatures (empty when they agree)."""
    out = []
    for key in ("claims", "actors", "relations"):
        lost, gained = a[key] - b[key], b[key] - a[key]
        out += [f"{key} lost: {json.dumps(list(k), ensure_ascii=False)[:300]}" for k in lost]
        out += [f"{key} gained: {json.dumps(list(k), ensure_ascii=False)[:300]}" for k in gained]
    if a["texts"] != b["texts"]:
        out.append(f"texts differ: {len(a['texts'])} vs {len(b['texts'])} documents")
    return out
