"""The validating half of the loader: every field of annotations.json checked, every problem
reported with its JSON path, and the best corpus built from what is usable.

Over 500 lines because it is one checker: the field shapes and the checks of documents, actors,
claims, relations, mentions, sides and layout read best side by side."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from argmap.model.annotations import (
    ATTACK_KINDS,
    RELATION_KINDS,
    STATES,
    UNDERCUT,
    UNDERCUT_TARGET,
    Actor,
    Claim,
    Corpus,
    Relation,
)
from argmap.model.corpus import Document, Mention, text_sha256
from argmap.model.corpus_format import FORMAT, HEX64, VERSIONS, Problem
from argmap.model.json_text import json_type
from argmap.model.rules import Fault, actor_fault, mention_fault, provenance_fault, quoted_short
from argmap.model.safe_files import FileRefused, Within, read_text
from argmap.model.sides import Side

if TYPE_CHECKING:
    from argmap.model.reanchor import Anchors


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


class CorpusChecker:
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
        self._anchors: Anchors | None = None  # where the quotes of changed documents occur now (made on first need)
        self.within = Within(folder)  # the folder documents must stay in, resolved once for all of them

    def anchors(self) -> Anchors:
        """The quote index of this load, made when a changed document first needs it: pydivsufsort
        (and numpy under it) is imported only then, not on every load (`argmap render`'s start-up)."""
        if self._anchors is None:
            from argmap.model.reanchor import Anchors

            self._anchors = Anchors()
        return self._anchors

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
        if not HEX64.fullmatch(digest):
            self.error(f"{where}.sha256", "must be 64 lowercase hex digits")
        elif digest != text_sha256(text):
            self.changed_docs.add(obj["id"])
            self.warn(
                f"{where}.sha256",
                f"document '{obj['path']}' has changed since it was annotated; "
                "mentions are re-anchored by their quotes where possible",
            )
        self.corpus.documents[obj["id"]] = Document(obj["id"], obj["path"], obj["title"], text)

    def fault(self, where: str, fault: Fault) -> None:
        """Report a broken rule (argmap.model.rules) at its field of the item at `where`."""
        self.error(f"{where}.{fault[0]}" if fault[0] else where, fault[1])

    def actor(self, obj: dict[str, Any], where: str) -> None:
        fault = actor_fault(obj["name"], obj["type"])
        if fault is not None and fault[0] == "type":
            self.fault(where, fault)
            return
        aliases = obj.get("aliases", [])
        bad = [i for i, a in enumerate(aliases) if not isinstance(a, str)]
        for i in bad:
            self.error(f"{where}.aliases[{i}]", f"must be a string, not {json_type(aliases[i])}")
        if fault is not None:
            self.fault(where, fault)
            return
        self.corpus.actors[obj["id"]] = Actor(obj["id"], obj["name"], obj["type"], [a for a in aliases if isinstance(a, str)])

    def provenance(self, obj: dict[str, Any], where: str) -> bool:
        fault = provenance_fault(obj.get("origin", "seed"), obj.get("created"), obj.get("modified"))
        if fault is not None:
            self.fault(where, fault)
        return fault is None

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
        fault = mention_fault(doc.text, start, end, quote)
        if fault is None:
            return Mention(doc.id, start, end, quote)
        if quote and doc.id in self.changed_docs:
            new, count = self.anchors().occurrences(doc.id, doc.text, quote)
            if count == 1:
                self.warn(where, f"re-anchored from {start}..{end} to {new}..{new + len(quote)} after the document changed")
                return Mention(doc.id, new, new + len(quote), quote)
            how = "no longer occurs" if not count else f"occurs {count} times"
            self.error(f"{where}.quote", f"the document changed and the quote {quoted_short(quote)} {how} in it")
            return None
        self.fault(where, fault)
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
        corpus.append_loaded_relation(rel)  # the relation index grows with the file: duplicates are found in O(1)

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
        self.corpus.reorder_relations(sorted(relations, key=order.__getitem__))

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
