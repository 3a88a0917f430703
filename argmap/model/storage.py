"""Reading, validating and writing a corpus folder's `annotations.json` (format version 2; version 1 reads too).

The loader reports *every* problem at once as `file: JSON path: what is wrong`, and still
builds the best corpus it can, so the app can show a broken corpus read-only instead of
refusing it. The writer is atomic and canonical: fixed key order, one item per line, so
load -> save gives identical bytes and a one-link edit is a one-hunk diff.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import json
import math
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from argmap.model.annotations import (
    ACTOR_TYPES,
    ATTACK_KINDS,
    ORIGINS,
    RELATION_KINDS,
    STATES,
    UNDERCUT,
    UNDERCUT_TARGET,
    Actor,
    Claim,
    Corpus,
    Relation,
)
from argmap.model.atomic_files import atomic_write, broken_link, write_target
from argmap.model.corpus import Document, Mention, text_sha256
from argmap.model.safe_files import MAX_ANNOTATIONS_BYTES, FileRefused, Within, read_bytes, read_text
from argmap.model.save_lock import ANY, replace_if_unchanged
from argmap.model.sides import Side

FORMAT = "argmap-annotations"
VERSION = 2  # what the writer writes
VERSIONS = (1, 2)  # what the loader reads: version 1 content is valid version 2 content
ANNOTATIONS_FILE = "annotations.json"
_HEX64 = re.compile(r"[0-9a-f]{64}")


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


# --------------------------------------------------------------------------------------
# loading
# --------------------------------------------------------------------------------------


def load_corpus(folder: str | os.PathLike[str], *, annotations: bytes | None = None, shown: str | None = None,
                texts: dict[str, str] | None = None) -> LoadResult:
    """Load and validate a corpus folder.

    A folder of `.txt` files without `annotations.json` opens as a new, empty corpus over
    those texts, so annotating a fresh set of documents needs no setup. `annotations`
    replaces the bytes of `annotations.json` (recovered unsaved edits), `shown` its name in problems,
    and `texts` gives, by path, the texts of documents that have no file in the folder (yet).
    Files are read only through argmap.model.safe_files (regular files inside the folder, bounded).
    """
    folder = Path(folder)
    path = folder / ANNOTATIONS_FILE
    shown = shown or str(path)
    problem = _folder_problem(folder)
    if problem is not None:
        return LoadResult(None, [problem])
    if annotations is not None:
        raw = annotations
    else:
        try:
            raw = read_bytes(path, limit=MAX_ANNOTATIONS_BYTES, inside=folder, what="annotation files")
        except FileNotFoundError:
            if not os.path.lexists(path):
                return _new_corpus_from_texts(folder)
            # not "no annotations": the corpus would open empty and the first save replace the link
            return LoadResult(None, [Problem(shown, "file", broken_link(path) or "does not exist")])
        except FileRefused as exc:
            return LoadResult(None, [Problem(shown, "file", str(exc))])
        except OSError as exc:
            return LoadResult(None, [Problem(shown, "file", broken_link(path) or f"cannot be read: {exc.strerror}")])
    file_hash = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return LoadResult(None, [Problem(shown, f"line {line}", f"not UTF-8 (byte {exc.start})")], file_hash)
    data, problems = parse_json(text, shown)
    if problems:
        return LoadResult(None, problems, file_hash)
    checker = _Checker(shown, folder, texts or {})
    with gc_paused():
        corpus = checker.check(data)
    return LoadResult(corpus, checker.problems, file_hash)


def _folder_problem(folder: Path) -> Problem | None:
    """Why a corpus folder cannot be opened at all, or None."""
    try:
        st = os.stat(folder)
    except (FileNotFoundError, NotADirectoryError):
        return Problem(str(folder), "folder", "no such corpus folder")
    except OSError as exc:  # e.g. a parent folder without search permission
        return Problem(str(folder), "folder", f"cannot be opened: {exc.strerror}")
    except ValueError:  # a NUL in the name
        return Problem(str(folder), "folder", "no such corpus folder")
    if not stat.S_ISDIR(st.st_mode):
        return Problem(str(folder), "folder", "is a file, not a corpus folder")
    return None


class _Repeated(dict[str, Any]):
    """A parsed JSON object in which some key occurred twice (json keeps only the last value)."""

    repeated: list[str]


_SURROGATE = re.compile("[\ud800-\udfff]")  # after parsing, any surrogate left is a lone half of a pair


def parse_json(text: str, shown: str) -> tuple[Any, list[Problem]]:
    """Parse annotations.json; refuse duplicate keys and lone surrogate escapes, naming each place.

    Both would be accepted by Python's json: a repeated key keeps only its last value (the first
    "claims" list would be dropped on the next save), and a "\\ud800" escape gives a string that
    can never be written as UTF-8 (every save would fail).
    """
    repeated: list[_Repeated] = []

    def pairs_hook(  # noqa: A002 - dict and len as fast local names
        pairs: list[tuple[str, Any]], dict: type[dict[str, Any]] = dict, len: Callable[[Any], int] = len
    ) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            obj = _Repeated(obj)
            seen: set[str] = set()
            obj.repeated = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
            repeated.append(obj)
        return obj

    try:
        with gc_paused():
            data = json.loads(text, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        return None, [Problem(shown, where, f"invalid JSON: {exc.msg}")]
    except RecursionError:
        return None, [Problem(shown, "file", "invalid JSON: nested too deeply")]
    except ValueError as exc:  # e.g. an integer literal longer than Python's digit limit
        return None, [Problem(shown, "file", f"invalid JSON: {exc}")]
    problems: list[Problem] = []
    if repeated:
        marked = {id(obj) for obj in repeated}
        for where, obj in _json_places(data):
            if id(obj) in marked:
                problems.extend(Problem(shown, where, f"duplicate key {_json_key(k)}") for k in dict.fromkeys(obj.repeated))
    problems.extend(Problem(shown, where, message) for where, message in lone_surrogates(text, data))
    return data, problems


def lone_surrogates(text: str, data: Any) -> list[tuple[str, str]]:
    """(JSON path, message) of every string of parsed JSON `data` (from `text`) that holds half of a
    surrogate pair: only a \\u escape can put one there, so text without one is not walked."""
    found: list[tuple[str, str]] = []
    if "\\u" not in text or not re.search(r"\\u[dD][89a-fA-F]", text):
        return found
    for where, obj in _json_places(data):
        if isinstance(obj, str):
            half, place = _SURROGATE.search(obj), where
        elif isinstance(obj, dict):
            half, place = next(filter(None, map(_SURROGATE.search, obj)), None), f"{where} (a key)"
        else:
            continue
        if half:
            found.append((place, f'has a lone surrogate escape "\\u{ord(half.group()):04x}" (half of a UTF-16 pair, '
                                 "not a character: text holding it could never be saved)"))
    return found


def _json_key(key: str) -> str:
    return json.dumps(key, ensure_ascii=_SURROGATE.search(key) is not None)  # a lone surrogate cannot be printed


def _json_places(data: Any) -> Iterator[tuple[str, Any]]:
    """Every value of a parsed JSON document with its JSON path ("$.claims[3].text"), depth first."""
    stack = [("$", data)]
    while stack:
        where, obj = stack.pop()
        yield where, obj
        if isinstance(obj, dict):
            stack.extend((f"{where}.{k}", v) for k, v in reversed(obj.items()))
        elif isinstance(obj, list):
            stack.extend((f"{where}[{i}]", v) for i, v in reversed(list(enumerate(obj))))


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects that are all kept.

    Its collections are triggered by allocation counts, so building 200,000 items re-scans the
    growing heap again and again (about a third of load + graph time at 10,000 claims).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_corpus_or_raise(folder: str | os.PathLike[str]) -> Corpus:
    result = load_corpus(folder)
    if not result.ok:
        raise CorpusError(result.problems)
    assert result.corpus is not None
    return result.corpus


def _new_corpus_from_texts(folder: Path) -> LoadResult:
    texts = sorted(folder.glob("*.txt"))
    if not texts:
        where = str(folder / ANNOTATIONS_FILE)
        return LoadResult(None, [Problem(where, "file", "missing, and the folder has no .txt documents")])
    corpus = Corpus(str(folder))
    problems: list[Problem] = []
    within = Within(folder)
    for p in texts:
        try:
            text = read_text(p, inside=within)
        except FileRefused as exc:
            problems.append(Problem(str(p), "file", str(exc)))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(p), "file", f"cannot be read as UTF-8 text: {exc}"))
            continue
        title = next((ln.strip() for ln in text.splitlines() if ln.strip()), p.stem)[:80]
        corpus.add_document(Document(_slug(p.stem, corpus.all_ids()), p.name, title, text))
    return LoadResult(corpus, problems)


def _slug(stem: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "doc"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


class _Shape(dict[str, tuple[type, bool]]):
    """Field name -> (type, required), with the required names and the types kept ready for fields()."""

    def __init__(self, spec: dict[str, tuple[type, bool]]) -> None:
        super().__init__(spec)
        self.required = frozenset(name for name, (_, needed) in spec.items() if needed)
        self.types = {name: t for name, (t, _) in spec.items()}


_DOC_FIELDS = _Shape({"id": (str, True), "path": (str, True), "title": (str, True), "sha256": (str, True)})
_ACTOR_FIELDS = _Shape({"id": (str, True), "name": (str, True), "type": (str, True), "aliases": (list, False)})
_CLAIM_FIELDS = _Shape({
    "id": (str, True),
    "text": (str, True),
    "mentions": (list, True),
    "origin": (str, False),
    "created": (str, False),
    "author": (str, False),
    "modified": (str, False),
    "modified_by": (str, False),
    "note": (str, False),
})
_RELATION_FIELDS = _Shape({
    "id": (str, True),
    "kind": (str, True),
    "source": (str, True),
    "target": (str, True),
    "voice": (str, False),
    "via": (str, False),
    "evidence": (list, False),
    "origin": (str, True),
    "created": (str, False),
    "author": (str, False),
    "modified": (str, False),
    "modified_by": (str, False),
    "note": (str, False),
})
_MENTION_FIELDS = _Shape({"doc": (str, True), "start": (int, True), "end": (int, True), "quote": (str, True)})
_TOP_FIELDS = _Shape({
    "format": (str, True),
    "version": (int, True),
    "documents": (list, True),
    "actors": (list, True),
    "claims": (list, True),
    "relations": (list, True),
    "sides": (list, False),
    "layout": (dict, False),
})
_SIDE_FIELDS = _Shape({"name": (str, True), "actors": (list, True)})
_LAYOUT_FIELDS = _Shape({"name": (str, False), "positions": (dict, False)})
_TYPE_NAMES = {str: "a string", int: "an integer", list: "a list", dict: "an object"}


class _Checker:
    """Walks the parsed JSON, collecting problems and building the corpus from what is valid."""

    def __init__(self, file: str, folder: Path, texts: dict[str, str] | None = None) -> None:
        self.file = file
        self.folder = folder
        self.texts = texts or {}  # documents added in a session that was killed before it saved them
        self.problems: list[Problem] = []
        self.corpus = Corpus(str(folder))
        self.id_sites: dict[str, str] = {}
        self.changed_docs: set[str] = set()
        # undercuts of relations further down the file, with how many relations were loaded before them
        self.later_undercuts: list[tuple[dict[str, Any], str, int]] = []
        self.undercut_ids: set[str] = set()  # every relation item of kind undercuts, loaded or not
        self.anchors = _Anchors()
        self.within = Within(folder)  # the folder documents must stay in, resolved once for all of them

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, where, message))

    def warn(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.file, where, message, "warning"))

    # -- generic shape checks ------------------------------------------------------------

    def fields(self, obj: Any, where: str, shape: _Shape) -> bool:
        """Check an object's fields; False if it cannot be used at all."""
        if isinstance(obj, dict) and shape.required <= obj.keys() <= shape.types.keys():
            # the common case, a well-formed item, in one pass; anything else is looked at field by field below
            field_types = shape.types
            for name, value in obj.items():
                t = field_types[name]
                if not isinstance(value, t) or (t is int and isinstance(value, bool)):
                    break
            else:
                return True
        if not isinstance(obj, dict):
            self.error(where, f"must be an object, not {json_type(obj)}")
            return False
        usable = True
        for name, (types, required) in shape.items():
            if name not in obj:
                if required:
                    self.error(where, f"missing required field '{name}'")
                    usable = False
                continue
            value = obj[name]
            if not isinstance(value, types) or (types is int and isinstance(value, bool)):
                self.error(f"{where}.{name}", f"must be {_TYPE_NAMES[types]}, not {json_type(value)}")
                usable = False
        for name in obj:
            if name not in shape:
                self.error(f"{where}.{name}", "unknown field (it would be lost on saving)")
        return usable

    def claim_id(self, item_id: str, where: str) -> bool:
        if not item_id.strip():
            self.error(f"{where}.id", "must not be empty")
            return False
        if item_id in self.id_sites:
            self.error(f"{where}.id", f"duplicate id '{item_id}' (first used at {self.id_sites[item_id]})")
            return False
        self.id_sites[item_id] = where
        return True

    def items(self, data: dict[str, Any], key: str, shape: _Shape, build: Callable[[dict[str, Any], str], None]) -> None:
        for i, obj in enumerate(data.get(key, []) if isinstance(data.get(key), list) else []):
            where = f"$.{key}[{i}]"
            usable = self.fields(obj, where, shape)
            # a broken item still claims its id, so references to it do not cascade into more errors
            has_id = isinstance(obj, dict) and isinstance(obj.get("id"), str)
            if has_id and self.claim_id(obj["id"], where) and usable:
                build(obj, where)

    # -- the whole file --------------------------------------------------------------------

    def check(self, data: Any) -> Corpus | None:
        if not self.fields(data, "$", _TOP_FIELDS) and not isinstance(data, dict):
            return None
        if data.get("format") != FORMAT:
            self.error("$.format", f'must be "{FORMAT}", not {json.dumps(data.get("format"))}')
        if "version" in data and data["version"] not in VERSIONS:
            self.error("$.version", f"unsupported version {data['version']!r} (this argmap reads versions 1 and 2)")
        self.items(data, "documents", _DOC_FIELDS, self.document)
        self.items(data, "actors", _ACTOR_FIELDS, self.actor)
        self.items(data, "claims", _CLAIM_FIELDS, self.claim)
        self.items(data, "relations", _RELATION_FIELDS, self.relation)
        self.undercuts_pointing_down()
        self.sides(data.get("sides"))
        self.layout(data.get("layout"))
        return self.corpus

    def document(self, obj: dict[str, Any], where: str) -> None:
        rel = PurePosixPath(obj["path"])
        if rel.is_absolute() or ".." in rel.parts or not obj["path"]:
            self.error(f"{where}.path", f"must be a path inside the corpus folder, not '{obj['path']}'")
            return
        path = self.folder / rel
        try:
            text = read_text(path, inside=self.within)
        except FileNotFoundError:
            if obj["path"] not in self.texts or os.path.lexists(path):  # a dangling link is no missing file
                self.error(f"{where}.path", f"document file '{obj['path']}' does not exist")
                return
            text = self.texts[obj["path"]]
        except FileRefused as exc:
            self.error(f"{where}.path", f"document file '{obj['path']}' {exc}")
            return
        except UnicodeDecodeError as exc:
            self.error(f"{where}.path", f"document file '{obj['path']}' cannot be read as UTF-8 text: "
                                        f"{exc.reason} at byte {exc.start}")
            return
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
            self.error(f"{where}.path", f"document file '{obj['path']}' cannot be read: {getattr(exc, 'strerror', None) or exc}")
            return
        digest = obj["sha256"]
        if not _HEX64.fullmatch(digest):
            self.error(f"{where}.sha256", "must be 64 lowercase hex digits")
        elif digest != text_sha256(text):
            self.changed_docs.add(obj["id"])
            self.warn(
                f"{where}.sha256",
                f"document '{obj['path']}' has changed since it was annotated; "
                "mentions are re-anchored by their quotes where possible",
            )
        self.corpus.documents[obj["id"]] = Document(obj["id"], obj["path"], obj["title"], text)

    def actor(self, obj: dict[str, Any], where: str) -> None:
        if obj["type"] not in ACTOR_TYPES:
            self.error(f"{where}.type", f"unknown actor type '{obj['type']}' (expected one of {', '.join(ACTOR_TYPES)})")
            return
        aliases = obj.get("aliases", [])
        bad = [i for i, a in enumerate(aliases) if not isinstance(a, str)]
        for i in bad:
            self.error(f"{where}.aliases[{i}]", f"must be a string, not {json_type(aliases[i])}")
        if not obj["name"].strip():
            self.error(f"{where}.name", "must not be empty")
            return
        self.corpus.actors[obj["id"]] = Actor(obj["id"], obj["name"], obj["type"], [a for a in aliases if isinstance(a, str)])

    def provenance(self, obj: dict[str, Any], where: str) -> bool:
        origin = obj.get("origin", "seed")
        if origin not in ORIGINS:
            self.error(f"{where}.origin", f"must be 'seed' or 'manual', not '{origin}'")
            return False
        for key in ("created", "modified"):
            if key in obj:
                try:
                    datetime.fromisoformat(obj[key])
                except ValueError:
                    self.error(f"{where}.{key}", f"'{obj[key]}' is not an ISO date and time")
                    return False
        if origin == "manual" and "created" not in obj:
            self.error(where, "manual items need a 'created' time")
            return False
        return True

    def mentions(self, items: list[Any], where: str) -> list[Mention] | None:
        result: list[Mention] = []
        ok = True
        for i, obj in enumerate(items):
            m = self.mention(obj, f"{where}[{i}]")
            if m is None:
                ok = False
            else:
                result.append(m)
        return result if ok else None

    def mention(self, obj: Any, where: str) -> Mention | None:
        if not self.fields(obj, where, _MENTION_FIELDS):
            return None
        doc = self.corpus.documents.get(obj["doc"])
        if doc is None:
            site = self.id_sites.get(obj["doc"], "")
            if site.startswith("$.documents["):
                self.error(f"{where}.doc", f"document '{obj['doc']}' could not be loaded (see {site})")
            else:
                self.error(f"{where}.doc", f"unknown document '{obj['doc']}'")
            return None
        start, end, quote = obj["start"], obj["end"], obj["quote"]
        if not quote:
            self.error(f"{where}.quote", "must not be empty")
            return None
        in_range = 0 <= start < end <= len(doc.text)
        if in_range and doc.text[start:end] == quote:
            return Mention(doc.id, start, end, quote)
        if doc.id in self.changed_docs:
            found = self.anchors.occurrences(doc, quote)
            if found is not None and found[1] == 1:
                new = found[0]
                self.warn(where, f"re-anchored from {start}..{end} to {new}..{new + len(quote)} after the document changed")
                return Mention(doc.id, new, new + len(quote), quote)
            how = ("was not searched for: too many changed mentions to re-anchor by quote in this corpus"
                   if found is None else "no longer occurs" if not found[1] else f"occurs {found[1]} times")
            self.error(f"{where}.quote", f"the document changed and the quote {_short(quote)} {how} in it")
            return None
        if start >= end:
            self.error(f"{where}.end", f"end ({end}) must be greater than start ({start})")
        elif end - start != len(quote) and in_range:
            self.error(f"{where}.end", f"end - start is {end - start} but the quote has {len(quote)} characters")
        elif not in_range:
            self.error(f"{where}.start", f"span {start}..{end} is outside the document ({len(doc.text)} characters)")
        else:
            actual = doc.text[start:end]
            self.error(
                f"{where}.quote", f"does not match the text at {start}..{end}: quote {_short(quote)}, text {_short(actual)}"
            )
        return None

    def claim(self, obj: dict[str, Any], where: str) -> None:
        if not obj["text"].strip():
            self.error(f"{where}.text", "must not be empty")
            return
        if not obj["mentions"]:
            self.error(f"{where}.mentions", "a claim needs at least one mention")
            return
        mentions = self.mentions(obj["mentions"], f"{where}.mentions")
        provenance_ok = self.provenance(obj, where)  # checked even after a bad mention: report all at once
        if mentions is None or not provenance_ok:
            return
        self.corpus.claims[obj["id"]] = Claim(
            obj["id"],
            obj["text"],
            mentions,
            obj.get("origin", "seed"),
            obj.get("created"),
            obj.get("author"),
            obj.get("note"),
            obj.get("modified"),
            obj.get("modified_by"),
        )

    def relation(self, obj: dict[str, Any], where: str, *, last_pass: bool = False) -> None:
        kind, source, target = obj["kind"], obj["source"], obj["target"]
        corpus = self.corpus
        if kind == UNDERCUT:
            self.undercut_ids.add(obj["id"])
        if kind not in RELATION_KINDS:
            self.error(f"{where}.kind", f"unknown relation kind '{kind}' (expected one of {', '.join(RELATION_KINDS)})")
            return
        claims, actors = corpus.claims, corpus.actors
        if kind == UNDERCUT and target not in corpus.relations:
            if target not in self.id_sites and not last_pass:  # perhaps further down: checked after the others
                self.later_undercuts.append((obj, where, len(corpus.relations)))
                return
            site = self.id_sites.get(target, "")
            if target in self.undercut_ids:  # not loaded (yet), but an undercut all the same
                self.error(f"{where}.target", UNDERCUT_TARGET.format(target=target, what="an undercut"))
                return
            if site.startswith("$.relations["):
                self.error(f"{where}.target", f"relation '{target}' could not be loaded (see {site})")
                return
            if not site:
                self.error(f"{where}.target", f"'{target}' is not the id of any relation")
                return
        ends = (source, target) if kind != UNDERCUT else (source,)
        if not all(end in claims or end in actors for end in ends):
            self._bad_endpoints(obj, where, ends)
            return
        voice, via = obj.get("voice", STATES), obj.get("via")
        if via is not None and via not in actors and self.id_sites.get(via, "").startswith("$.actors["):
            self.error(f"{where}.via", f"actor '{via}' could not be loaded (see {self.id_sites[via]})")
            return
        fault = corpus.relation_fault(kind, source, target, voice=voice, via=via)
        if fault is not None:
            field_name, message = fault
            self.error(f"{where}.{field_name}" if field_name else where, message)
            return
        evidence = self.mentions(obj["evidence"], f"{where}.evidence") if "evidence" in obj else []
        provenance_ok = self.provenance(obj, where)
        if evidence is None or not provenance_ok:
            return
        rel = Relation(
            obj["id"],
            kind,
            source,
            target,
            evidence,
            obj["origin"],
            obj.get("created"),
            obj.get("author"),
            obj.get("note"),
            voice,
            via,
            obj.get("modified"),
            obj.get("modified_by"),
        )
        corpus.relations[rel.id] = rel
        corpus._index_add(rel, appended=True)  # the relation index grows with the file: duplicates are found in O(1)

    def undercuts_pointing_down(self) -> None:
        """Check the undercuts whose target came later in the file, then put them back in file order."""
        if not self.later_undercuts:
            return
        relations = self.corpus.relations
        order: dict[str, tuple[int, ...]] = {rel_id: (i, 1) for i, rel_id in enumerate(relations)}
        for n, (obj, where, before) in enumerate(self.later_undercuts):
            self.relation(obj, where, last_pass=True)
            if obj["id"] in relations:
                order[obj["id"]] = (before, 0, n)  # just before the relation that followed it in the file
        self.corpus.relations = {r: relations[r] for r in sorted(relations, key=order.__getitem__)}
        self.corpus._relations_by_node = None

    def _bad_endpoints(self, obj: dict[str, Any], where: str, ends: tuple[str, ...]) -> None:
        """Report why a relation's source or target is not a loaded claim or actor."""
        for end, node in zip(("source", "target"), ends, strict=False):
            site = self.id_sites.get(node)
            if site is None:
                self.error(f"{where}.{end}", f"'{node}' is not the id of any claim or actor")
            elif not site.startswith(("$.claims[", "$.actors[")):
                self.error(f"{where}.{end}", f"'{node}' is a {site[2:site.index('[') - 1]} ({site}), not a claim or actor")
        # with every id known, an endpoint was itself invalid and has been reported already

    def sides(self, sides: Any) -> None:
        """Named groups of actors; an actor that no longer exists is dropped with a warning."""
        if not isinstance(sides, list):  # absent, or its type was reported with the top-level fields
            return
        names: dict[str, str] = {}
        owner: dict[str, str] = {}
        for i, obj in enumerate(sides):
            where = f"$.sides[{i}]"
            if not self.fields(obj, where, _SIDE_FIELDS):
                continue
            name = obj["name"].strip()
            if not name:
                self.error(f"{where}.name", "must not be empty")
                continue
            if name.casefold() in names:
                self.error(f"{where}.name", f"a side called '{name}' is already defined (at {names[name.casefold()]})")
                continue
            names[name.casefold()] = where
            members: list[str] = []
            for j, actor in enumerate(obj["actors"]):
                at = f"{where}.actors[{j}]"
                if not isinstance(actor, str):
                    self.error(at, f"must be an actor id, not {json_type(actor)}")
                elif actor not in self.corpus.actors:
                    self.warn(at, f"'{actor}' is not an actor (any more); dropped from side '{name}'")
                elif actor in owner:
                    self.error(at, f"actor '{actor}' is already on side '{owner[actor]}' (an actor is on one side at most)")
                else:
                    owner[actor] = name
                    members.append(actor)
            self.corpus.sides.append(Side(name, members))

    def layout(self, layout: Any) -> None:
        if not isinstance(layout, dict):  # absent, or its type was reported with the top-level fields
            return
        if not self.fields(layout, "$.layout", _LAYOUT_FIELDS):
            return
        self.corpus.layout_name = layout.get("name")
        nodes = {*self.corpus.claims, *self.corpus.actors}
        for node_id, xy in layout.get("positions", {}).items():
            where = f"$.layout.positions.{node_id}"
            if not (isinstance(xy, list) and len(xy) == 2 and all(_finite(v) for v in xy)):
                self.error(where, "must be [x, y] with two finite numbers")
            elif node_id not in nodes:
                self.warn(where, f"position of unknown node '{node_id}' is dropped")
            else:
                self.corpus.positions[node_id] = (float(xy[0]), float(xy[1]))


def unsupported_links(corpus: Corpus, file: str) -> list[Problem]:
    """Warnings for supports, rebuts and undercuts with neither an evidence quote nor a note.

    A reader cannot tell such a link from one the text states. These are not load problems (the
    file is fine, and nothing is repaired on save): `argmap validate` lists them. `$.relations[i]`
    is the relation's place in the file when the corpus loaded without errors.
    """
    found = []
    for i, rel in enumerate(corpus.relations.values()):
        if rel.kind in _ARGUMENT_KINDS and not rel.evidence and not (rel.note or "").strip():
            message = f"'{rel.kind}' {rel.id} has no evidence quote and no note saying why it is inferred"
            found.append(Problem(file, f"$.relations[{i}]", message, "warning"))
    return found


_ARGUMENT_KINDS = frozenset(("supports", *ATTACK_KINDS))


def _finite(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


class _Anchors:
    """Where the quotes of mentions occur in changed documents, each (document, quote) searched once.

    A search is at most two passes of str.find / str.count over the text, never one step per
    occurrence; and all the searches of a load together scan at most BUDGET characters, so a
    hostile corpus (100,000 changed mentions of a 64 MB text) answers in about a second, not hours.
    """

    BUDGET = 3_000_000_000  # characters; str.find scans about 3 GB/s here

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], tuple[int, int]] = {}
        self.scanned = 0

    def occurrences(self, doc: Document, quote: str) -> tuple[int, int] | None:
        """(first start offset or -1, number of occurrences) of `quote`; None once the budget is spent."""
        key = (doc.id, quote)
        found = self.found.get(key)
        if found is None:
            text = doc.text
            if self.scanned + len(text) > self.BUDGET:
                return None
            self.scanned += len(text)
            first = text.find(quote)
            if first == -1 or text.find(quote, first + 1) == -1:
                found = (first, int(first != -1))
            else:
                self.scanned += len(text)
                found = (first, max(2, text.count(quote)))  # count() skips overlaps: at least the two seen
            self.found[key] = found
        return found


def _short(s: str, n: int = 40) -> str:
    return json.dumps(s if len(s) <= n else s[: n - 1] + "…", ensure_ascii=False)


def json_type(v: Any) -> str:
    """How a JSON value is named in messages: "a string", "null", "a list"..."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    names: dict[type, str] = {str: "a string", list: "a list", dict: "an object"}
    return names.get(type(v), type(v).__name__)


# --------------------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------------------


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
                               if all(map(_finite, corpus.positions[k]))}
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
