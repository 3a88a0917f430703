"""Shared helpers of the importers: readable unique ids, JSON reading with positions, relation folding.

Importers build a Corpus only through its mutators, so what they produce is valid by
construction; these helpers keep the ids readable and report duplicates instead of failing.
"""

from __future__ import annotations

import json
import weakref
from collections import Counter
from pathlib import Path
from typing import Any

from argmap.io.registry import ImportFailed
from argmap.model.annotations import STATES, Actor, Corpus, Relation
from argmap.model.corpus import Mention
from argmap.model.ids import free_id, slug
from argmap.model.json_text import lone_surrogates
from argmap.model.safe_files import MAX_IMPORT_BYTES, FileRefused, read_bytes

_TAKEN: weakref.WeakKeyDictionary[Corpus, set[str]] = weakref.WeakKeyDictionary()
_NEXT: weakref.WeakKeyDictionary[Corpus, dict[str, int]] = weakref.WeakKeyDictionary()  # base -> next suffix to try


def unique_id(corpus: Corpus, base: str) -> str:
    """`base`, or `base-2`, `base-3`... whichever is free in the corpus (ids share one namespace).

    The ids handed out are remembered, so an import of thousands of items stays linear: every
    id an importer adds after its documents must come from here. So is the next suffix of each
    base: 20,000 propositions that all read "Yes" cost 20,000 steps, not 200 million.
    """
    taken = _TAKEN.get(corpus)
    if taken is None:
        taken = _TAKEN[corpus] = corpus.all_ids()
        _NEXT[corpus] = {}
    following = _NEXT[corpus]
    candidate, following_n = free_id(base, taken, following.get(base, 2))
    if candidate != base:
        following[base] = following_n
    taken.add(candidate)
    return candidate


RELATIONS_PER_INPUT = 10  # an import makes at most this many relations per item of its file...
MIN_RELATION_BUDGET = 10_000  # ...or this many, whichever is more


def relation_budget(inputs: int) -> int:
    """How many relations an import of a file with this many items may make."""
    return max(MIN_RELATION_BUDGET, RELATIONS_PER_INPUT * inputs)


def check_relation_budget(path: Path, planned: int, inputs: int, why: str) -> None:
    """Refuse an import that would make far more relations than its file has items.

    A few formats multiply: an AIF RA with 700 premises and 700 conclusions is 490,000 supports,
    a brat essay with 1,000 MajorClaims turns each stance into 1,000 links. A 150 KB file then
    takes minutes and gigabytes; refusing it up front, saying why, answers at once.
    """
    limit = relation_budget(inputs)
    if planned > limit:
        raise ImportFailed(f"{path}: {why} would make {planned:,} relations from {inputs:,} items of the file; "
                           f"argmap imports at most {limit:,} ({RELATIONS_PER_INPUT} per item, at least "
                           f"{MIN_RELATION_BUDGET:,})")


def read_text(path: Path, encoding: str = "utf-8-sig") -> str:
    """The text of a file to import; unreadable or not UTF-8 raises ImportFailed naming the place."""
    try:
        raw = read_bytes(path, limit=MAX_IMPORT_BYTES, what="import files")
    except FileRefused as exc:
        raise ImportFailed(f"{path}: file: {exc}") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: file: cannot be read: {exc.strerror}") from None
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFailed(f"{path}: line {line}: not UTF-8 text (byte {exc.start})") from None


def read_json(path: Path) -> Any:
    """Parse a JSON file; malformed input raises ImportFailed naming line and column."""
    text = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise ImportFailed(f"{path}: {where}: invalid JSON: {json_error(exc.msg)}.") from None
    except RecursionError:
        raise ImportFailed(f"{path}: file: JSON nested too deeply") from None
    bad = lone_surrogates(text, data)  # would make the new corpus unsaveable
    if bad:
        raise ImportFailed("\n".join(f"{path}: {where}: {message}" for where, message in bad[:20]))
    return data




_JSON_ERRORS = {
    "Unterminated string starting at": "a string starts here and is never closed (a missing \" or a cut-off file)",
    "Expecting value": "a value was expected here (a stray comma, or the file is empty or cut off)",
    "Extra data": "there is more text after the end of the JSON value (two documents pasted together?)",
    "Expecting ',' delimiter": "a comma was expected here, between two items",
    "Expecting ':' delimiter": "a colon was expected here, after a key",
    "Expecting property name enclosed in double quotes": "a key in double quotes was expected here (a trailing comma?)",
    "Invalid control character at": "a string holds a raw control character (a tab or line break must be escaped)",
    "Invalid \\escape": "a backslash starts an escape JSON does not know",
}


def json_error(msg: str) -> str:
    """Python's JSON message as a sentence a user can act on."""
    return _JSON_ERRORS.get(msg, msg[:1].lower() + msg[1:])


class RelationAdder:
    """Adds relations, folding duplicates (their evidence is merged) and counting what was skipped."""

    def __init__(self, corpus: Corpus, budget: int | None = None) -> None:
        self.corpus = corpus
        self.budget = budget  # at most this many relations: a small hostile file cannot make a million
        self.skipped: Counter[str] = Counter()
        self.index: dict[tuple[str, str, str], str] = {}  # (kind, source, target) -> relation id

    @property
    def full(self) -> bool:
        return self.budget is not None and len(self.index) >= self.budget

    def add(self, kind: str, source: str, target: str, *, evidence: list[Mention] | None = None,
            note: str | None = None, id_hint: str | None = None, voice: str = STATES,
            via: str | None = None) -> Relation | None:
        c = self.corpus
        if source == target:
            self.skipped["self-loop (both ends became the same claim)"] += 1
            return None
        existing = self.index.get((kind, source, target))
        if existing is not None:
            self.skipped[f"duplicate {kind} folded into one"] += 1
            old = c.relations[existing]
            merged = list(dict.fromkeys([*old.evidence, *(evidence or ())]))
            c.update_relation(existing, evidence=merged, note=join_note(old.note, note))
            return c.relations[existing]
        if self.budget is not None and len(self.index) >= self.budget:
            self.skipped[f"relation beyond the import's bound ({self.budget:,}: {RELATIONS_PER_INPUT} per item of the file)"] += 1
            return None
        problem = c.relation_problem(kind, source, target, voice=voice, via=via)
        if problem is not None:
            self.skipped[f"{kind} not made: {problem}"] += 1
            return None
        rel_id = unique_id(c, id_hint or f"r{len(c.relations) + 1}")
        rel = Relation(rel_id, kind, source, target, list(dict.fromkeys(evidence or ())), "seed", note=note,
                       voice=voice, via=via)
        c.add_relation(rel)
        self.index[(kind, source, target)] = rel_id
        return rel


def join_note(old: str | None, new: str | None) -> str | None:
    if not new or new in (old or ""):
        return old
    return f"{old}; {new}" if old else new


def add_actor(corpus: Corpus, name: str, by_name: dict[str, str], actor_type: str = "person") -> str:
    """The id of the actor called `name` (case-insensitive), added on first use."""
    key = " ".join(name.split()).casefold()
    if key not in by_name:
        actor_id = unique_id(corpus, slug(name, words=4, fallback="actor"))
        corpus.add_actor(Actor(actor_id, " ".join(name.split()), actor_type))
        by_name[key] = actor_id
    return by_name[key]


def counts(counter: Counter[str]) -> str:
    """'Asserting 14, Arguing 4' in descending order."""
    return ", ".join(f"{k} {n}" for k, n in counter.most_common())
