"""The rules an actor, a mention and an item's provenance must follow, written once.

The loader (corpus_check: `$.actors[2].type: ...`), the model's mutators (ModelError) and the
window's commands (a sentence in a dialog) all ask here, and the schema test checks
resources/annotations.schema.json against the same constants: so what one accepts, the others
accept, and a saved corpus always loads back. Each rule returns None or a Fault, the field at
fault and a message that reads after a JSON path as well as on its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

from argmap.model.corpus import Document, Mention

ACTOR_TYPES = ("person", "organisation", "state", "media", "group")
ORIGINS = ("seed", "manual")
Fault = tuple[str, str]  # (the field at fault, or "" for the item as a whole; message)


def actor_fault(name: str, actor_type: str) -> Fault | None:
    if actor_type not in ACTOR_TYPES:
        return "type", f"unknown actor type '{actor_type}' (expected one of {', '.join(ACTOR_TYPES)})"
    if not name.strip():
        return "name", "an actor needs a name"
    return None


def mention_fault(text: str, start: int, end: int, quote: str) -> Fault | None:
    """Whether `quote` stands at start..end of `text` (offsets in code points, end exclusive)."""
    if not quote:
        return "quote", "a quote must not be empty"
    in_range = 0 <= start < end <= len(text)
    if in_range and text[start:end] == quote:
        return None
    if start >= end:
        return "end", f"end ({end}) must be greater than start ({start})"
    if not in_range:
        return "start", f"span {start}..{end} is outside the document ({len(text)} characters)"
    if end - start != len(quote):
        return "end", f"end - start is {end - start} but the quote has {len(quote)} characters"
    actual = quoted_short(text[start:end])
    return "quote", f"does not match the text at {start}..{end}: quote {quoted_short(quote)}, text {actual}"


def passage_problem(documents: Mapping[str, Document], m: Mention) -> str | None:
    """What is wrong with mention `m` of one of `documents`, naming the passage; None if it stands there."""
    doc = documents.get(m.doc)
    if doc is None:
        return f"there is no document '{m.doc}'"
    fault = mention_fault(doc.text, m.start, m.end, m.quote)
    return None if fault is None else f"the passage {m.start}..{m.end} of '{doc.title}': {fault[1]}"


def provenance_fault(origin: str, created: str | None, modified: str | None) -> Fault | None:
    """Where an item came from: seed or manual, ISO times, and a creation time for what was made by hand."""
    if origin not in ORIGINS:
        return "origin", f"must be 'seed' or 'manual', not '{origin}'"
    for key, value in (("created", created), ("modified", modified)):
        fault = time_fault(key, value)
        if fault is not None:
            return fault
    if origin == "manual" and created is None:
        return "", "manual items need a 'created' time"
    return None


def time_fault(key: str, value: str | None) -> Fault | None:
    if value is None:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return key, f"'{value}' is not an ISO date and time"
    return None


def quoted_short(s: str, n: int = 40) -> str:
    """A value quoted for a message, cut to n characters."""
    return json.dumps(s if len(s) <= n else s[: n - 1] + "…", ensure_ascii=False)


def sentence(fault: Fault) -> str:
    """A fault as a sentence on its own ("The origin must be ..."), for a dialog or an exception."""
    where, message = fault
    if where and message.startswith(("must", "does")):  # "must be 'seed' or ...": name what must
        message = f"the {where} {message}"
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
