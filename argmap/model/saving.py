"""Writing annotations.json: atomic and canonical (fixed key order, one item per line), so
load -> save gives identical bytes and a one-link edit is a one-hunk diff."""

from __future__ import annotations

import errno
import hashlib
import json
import math
import os
from pathlib import Path
from typing import Any

from argmap.model.annotations import (
    STATES,
    Claim,
    Corpus,
    Relation,
)
from argmap.model.atomic_files import atomic_write, write_target
from argmap.model.corpus import Mention
from argmap.model.corpus_format import ANNOTATIONS_FILE, FORMAT, VERSION
from argmap.model.json_text import gc_paused
from argmap.model.save_lock import ANY, replace_if_unchanged


def _mention_json(m: Mention) -> dict[str, Any]:
    return {"doc": m.doc, "start": m.start, "end": m.end, "quote": m.quote}


def _optional(out: dict[str, Any], obj: Claim | Relation) -> dict[str, Any]:
    for key in ("created", "author", "modified", "modified_by", "note"):
        value = getattr(obj, key)
        if value is not None:
            out[key] = value
    return out


def corpus_to_json(corpus: Corpus) -> dict[str, Any]:
    """The canonical JSON form: fixed key order, optional fields only when set."""
    claims = []
    for c in corpus.claims.values():
        claims.append(
            _optional({"id": c.id, "text": c.text, "mentions": [_mention_json(m) for m in c.mentions], "origin": c.origin}, c)
        )
    relations = []
    for r in corpus.relations.values():
        out: dict[str, Any] = {"id": r.id, "kind": r.kind, "source": r.source, "target": r.target}
        if r.voice != STATES:
            out["voice"] = r.voice
        if r.via is not None:
            out["via"] = r.via
        if r.evidence:
            out["evidence"] = [_mention_json(m) for m in r.evidence]
        out["origin"] = r.origin
        relations.append(_optional(out, r))
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "documents": [d.to_json() for d in corpus.documents.values()],
        "actors": [{"id": a.id, "name": a.name, "type": a.type, "aliases": list(a.aliases)} for a in corpus.actors.values()],
        "claims": claims,
        "relations": relations,
    }
    if corpus.sides:
        data["sides"] = [side.to_json() for side in corpus.sides]
    if corpus.positions or corpus.layout_name:
        layout: dict[str, Any] = {}
        if corpus.layout_name:
            layout["name"] = corpus.layout_name
        # JSON has no NaN or infinity: such a position (set around the mutators) is dropped, the node laid out again
        layout["positions"] = {k: list(corpus.positions[k]) for k in sorted(corpus.positions)
                               if all(map(math.isfinite, corpus.positions[k]))}
        data["layout"] = layout
    return data


# the data is a fresh tree built by corpus_to_json, so it cannot hold a cycle: skip that check
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False, allow_nan=False)


def dumps(corpus: Corpus) -> str:
    """Serialise with one list item per line: readable, fast, and diff-friendly."""
    with gc_paused():
        data = corpus_to_json(corpus)
    one = _ENCODER.encode  # = json.dumps(v, ensure_ascii=False), without building an encoder per item
    lines = ["{"]
    keys = list(data)
    for i, key in enumerate(keys):
        comma = "," if i < len(keys) - 1 else ""
        value = data[key]
        if isinstance(value, list):
            if not value:
                lines.append(f"  {one(key)}: []{comma}")
                continue
            lines.append(f"  {one(key)}: [")
            lines.extend(f"    {one(item)}{',' if j < len(value) - 1 else ''}" for j, item in enumerate(value))
            lines.append(f"  ]{comma}")
        elif key == "layout":
            lines.append(f"  {one(key)}: {{")
            if "name" in value:
                lines.append(f'    "name": {one(value["name"])},')
            pos = value["positions"]
            if not pos:
                lines.append('    "positions": {}')
            else:
                lines.append('    "positions": {')
                lines.extend(f"      {one(k)}: {one(v)}{',' if j < len(pos) - 1 else ''}" for j, (k, v) in enumerate(pos.items()))
                lines.append("    }")
            lines.append(f"  }}{comma}")
        else:
            lines.append(f"  {one(key)}: {one(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def save_corpus(corpus: Corpus, folder: str | os.PathLike[str] | None = None, *, write_texts: bool = False,
                expect: object = ANY) -> str:
    """Save `annotations.json` atomically; returns the SHA-256 of the bytes written.

    `expect` is the SHA-256 the file must still have (None: it must not exist yet), checked and
    replaced under the save lock; otherwise `ChangedOnDisk` is raised and nothing is written.
    A symbolic link is saved through (its target gets the edits) if it stays inside the folder.
    `write_texts` also writes the documents (for importers creating a new corpus folder);
    existing text files are never overwritten.
    """
    target = Path(folder if folder is not None else corpus.folder or ".")
    target.mkdir(parents=True, exist_ok=True)
    path = target / ANNOTATIONS_FILE
    real = write_target(path)
    if real != path and not real.is_relative_to(target.resolve()):
        raise OSError(errno.EPERM, f"{path} is a symbolic link to {real}, outside the corpus folder; "
                      "argmap does not write there", str(path))
    if write_texts:
        for doc in corpus.documents.values():
            p = target / doc.path
            if not p.exists():
                p.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(p, doc.text.encode("utf-8"))
    data = dumps(corpus).encode("utf-8")
    replace_if_unchanged(path, data, expect)
    return hashlib.sha256(data).hexdigest()
