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


def _claim_json(c: Claim) -> dict[str, Any]:
    return _optional({"id": c.id, "text": c.text, "mentions": [_mention_json(m) for m in c.mentions], "origin": c.origin}, c)


def _relation_json(r: Relation) -> dict[str, Any]:
    out: dict[str, Any] = {"id": r.id, "kind": r.kind, "source": r.source, "target": r.target}
    if r.voice != STATES:
        out["voice"] = r.voice
    if r.via is not None:
        out["via"] = r.via
    if r.evidence:
        out["evidence"] = [_mention_json(m) for m in r.evidence]
    out["origin"] = r.origin
    return _optional(out, r)


def corpus_to_json(corpus: Corpus, items: bool = True) -> dict[str, Any]:
    """The canonical JSON form: fixed key order, optional fields only when set.

    `items` False leaves the claims and relations lists empty (dumps writes them from its lines).
    """
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "documents": [d.to_json() for d in corpus.documents.values()],
        "actors": [{"id": a.id, "name": a.name, "type": a.type, "aliases": list(a.aliases)} for a in corpus.actors.values()],
        "claims": [_claim_json(c) for c in corpus.claims.values()] if items else [],
        "relations": [_relation_json(r) for r in corpus.relations.values()] if items else [],
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


# The JSON line of every claim and relation of the last save, by everything the line is made of:
# a save after one edit encodes only the items that changed (encoding was most of a save's time).
# Cost: about the file's size again in memory (its lines and their keys), until the next save.
_LINES: dict[tuple[Any, ...], str] = {}
_PLAIN = (str, type(None))  # field types whose equal values always encode alike (unlike 1, 1.0 and True)


def _item_lines(corpus: Corpus) -> tuple[list[str], list[str]]:
    """The encoded claims and relations, each from the last save's lines where it is unchanged."""
    global _LINES
    old, new = _LINES, {}
    one = _ENCODER.encode
    plain = _PLAIN
    claims: list[str] = []
    for c in corpus.claims.values():
        ms = tuple(c.mentions)  # Mentions are frozen: hashable, compared by value
        key: tuple[Any, ...] = (c.id, c.text, ms, c.origin, c.created, c.author, c.modified, c.modified_by, c.note)
        line = old.get(key)
        if line is None:
            line = one(_claim_json(c))
            if _cacheable(key, ms, plain):
                new[key] = line
        else:
            new[key] = line
        claims.append(line)
    relations: list[str] = []
    for r in corpus.relations.values():
        ms = tuple(r.evidence) if r.evidence else ()
        key = (r.id, r.kind, r.source, r.target, r.voice, r.via, ms, r.origin, r.created, r.author, r.modified,
               r.modified_by, r.note)
        line = old.get(key)
        if line is None:
            line = one(_relation_json(r))
            if _cacheable(key, ms, plain):
                new[key] = line
        else:
            new[key] = line
        relations.append(line)
    _LINES = new
    return claims, relations


def _cacheable(key: tuple[Any, ...], mentions: tuple[Mention, ...], plain: tuple[type, ...]) -> bool:
    """Whether equal keys mean equal lines: text fields are text (or None), offsets are ints."""
    return (all(type(v) in plain for v in key if v is not mentions)
            and all(type(m.doc) is str and type(m.start) is int and type(m.end) is int and type(m.quote) is str
                    for m in mentions))


def dumps(corpus: Corpus) -> str:
    """Serialise with one list item per line: readable, fast, and diff-friendly."""
    with gc_paused():
        data = corpus_to_json(corpus, items=False)
        encoded = dict(zip(("claims", "relations"), _item_lines(corpus), strict=True))
    one = _ENCODER.encode  # = json.dumps(v, ensure_ascii=False), without building an encoder per item
    lines = ["{"]
    keys = list(data)
    for i, key in enumerate(keys):
        comma = "," if i < len(keys) - 1 else ""
        value = data[key]
        if isinstance(value, list):
            done = encoded.get(key)
            if not value and not done:
                lines.append(f"  {one(key)}: []{comma}")
                continue
            lines.append(f"  {one(key)}: [")
            if done is not None:
                lines.append("    " + ",\n    ".join(done))
            else:
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
