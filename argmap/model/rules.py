"""The rules an actor, a mention, a relation, a position and an item's provenance must follow, written once.

The loader (corpus_check: `$.actors[2].type: ...`), the model's mutators (ModelError) and the
window's commands (a sentence in a dialog) all ask here, and the schema test checks
resources/annotations.schema.json against the same constants: so what one accepts, the others
accept, and a saved corpus always loads back. Each rule returns None or a Fault, the field at
fault and a message that reads after a JSON path as well as on its own.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from argmap.model.corpus import Document, Mention
from argmap.model.items import (
    ACTOR_RELATIONS,
    CLAIM_RELATIONS,
    RELATION_KINDS,
    STATES,
    UNDERCUT,
    UNDERCUT_TARGET,
    VOICES,
    Actor,
    Claim,
    ModelError,
    Relation,
)

ACTOR_TYPES = ("person", "organisation", "state", "media", "group")
ORIGINS = ("seed", "manual")
Fault = tuple[str, str]  # (the field at fault, or "" for the item as a whole; message)
# Half of a UTF-16 surrogate pair on its own: not a character, and UTF-8 cannot encode it, so a
# text holding one could never be saved. Files and imports refuse it (json_text); so do edits.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def text_fault(where: str, value: str | None) -> Fault | None:
    """Why a text cannot be kept (it holds a lone surrogate), or None."""
    half = None if value is None else LONE_SURROGATE.search(value)
    if half is None:
        return None
    return where, (f"holds a lone surrogate (U+{ord(half.group()):04X}, half of a UTF-16 pair at character "
                   f"{half.start()}), which is not a character and could never be saved")


def item_text_fault(item: object) -> Fault | None:
    """The first text of an item (a claim, relation, actor, document; their mentions and lists too)
    that `text_fault` refuses, named by its field ("aliases[1]", "mentions[0].quote"), or None."""
    for f in dataclasses.fields(item):  # type: ignore[arg-type]  # every item is a dataclass
        value = getattr(item, f.name)
        values = enumerate(value) if isinstance(value, list) else [(None, value)]
        for i, v in values:
            where = f.name if i is None else f"{f.name}[{i}]"
            if isinstance(v, str):
                fault = text_fault(where, v)
            elif dataclasses.is_dataclass(v):
                inner = item_text_fault(v)
                fault = None if inner is None else (f"{where}.{inner[0]}", inner[1])
            else:
                continue
            if fault is not None:
                return fault
    return None


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
    if where and message.startswith(("must", "does", "holds")):  # "must be 'seed' or ...": name what must
        message = f"the {where} {message}"
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def require(fault: Fault | None) -> None:
    """Refuse an edit that breaks one of these rules: the mutators and commands raise the same sentence."""
    if fault is not None:
        raise ModelError(sentence(fault))


def position_problem(positions: dict[str, tuple[float, float]]) -> str | None:
    """Why these node positions cannot be kept (NaN, infinity, not two numbers), or None.

    One rule for every way in (drags, layouts, importers): JSON has no NaN, so a position the
    writer could not write must never reach the corpus.
    """
    for node_id, xy in positions.items():
        try:
            x, y = xy
            ok = math.isfinite(float(x)) and math.isfinite(float(y))
        except (TypeError, ValueError):
            ok = False
        if not ok:
            return f"the position of {node_id!r} must be two finite numbers, not {xy!r}"
    return None


class RelationView(Protocol):
    """What the relation rules read of a corpus (argmap.model.annotations.Corpus has it)."""

    @property
    def claims(self) -> Mapping[str, Claim]: ...
    @property
    def actors(self) -> Mapping[str, Actor]: ...
    @property
    def relations(self) -> Mapping[str, Relation]: ...
    def find_relation(self, kind: str, source: str, target: str) -> Relation | None: ...


def relation_fault(corpus: RelationView, kind: str, source: str, target: str, ignore: str | None = None, *,
                   voice: str = STATES, via: str | None = None) -> Fault | None:
    """Why a relation of this kind between these ends makes no sense, with the field at fault, or None.

    This is the one place the rules for relations live: the loader, the mutators and the
    commands all ask it (through Corpus.relation_fault). `ignore` is the id of the relation being
    changed (not its own duplicate).
    """
    if kind not in RELATION_KINDS:
        return "kind", f"unknown relation kind '{kind}' (expected one of {', '.join(RELATION_KINDS)})"
    if source == target:
        return "", f"'{source}' {kind} itself (a self-loop)"
    claims, actors = corpus.claims, corpus.actors
    if kind in CLAIM_RELATIONS:
        for end, node in (("source", source), ("target", target)):
            if node not in claims:
                return end, f"'{kind}' joins two claims, but '{node}' is not a claim"
    elif kind == UNDERCUT:
        if source not in claims:
            return "source", f"'undercuts' starts at a claim, but '{source}' is not a claim"
        attacked = corpus.relations.get(target)
        if attacked is None or attacked.kind not in CLAIM_RELATIONS:
            what = ("a claim" if target in claims else "an actor" if target in actors
                    else "not the id of a relation" if attacked is None
                    else "an undercut" if attacked.kind == UNDERCUT else f"an attribution ('{attacked.kind}')")
            return "target", UNDERCUT_TARGET.format(target=target, what=what)
        if source in (attacked.source, attacked.target):
            return "source", f"'{source}' cannot undercut {target}: it is one end of that relation"
    else:
        if source not in actors:
            return "source", f"'{kind}' starts at an actor, but '{source}' is not an actor"
        if target not in claims:
            return "target", f"'{kind}' points at a claim, but '{target}' is not a claim"
    existing = corpus.find_relation(kind, source, target)
    if existing is not None and existing.id != ignore:
        return "", f"duplicate relation: '{source}' {kind} '{target}' already exists ({existing.id})"
    if kind in ACTOR_RELATIONS:
        return attribution_fault(corpus, voice, via, source)
    if voice != STATES:
        return "voice", f"'voice' applies only to asserts and denies, not to '{kind}'"
    if via is not None:
        return "via", f"'via' applies only to asserts and denies, not to '{kind}'"
    return None

def attribution_fault(corpus: RelationView, voice: str, via: str | None, source: str) -> Fault | None:
    """Why this voice and via make no sense for an attribution by actor `source`, or None."""
    if voice not in VOICES:
        return "voice", f"unknown voice '{voice}' (expected one of {', '.join(VOICES)})"
    if via is not None:
        if via == source:
            return "via", f"'via' must be another actor than the source '{source}'"
        if via not in corpus.actors:
            return "via", f"'via' must be an actor, but '{via}' is not an actor"
    return None
