"""Import brat standoff annotation (.ann beside its .txt) as in the Argument Annotated Essays corpus.

- T spans (MajorClaim, Claim, Premise, or any other type) become claims whose text is the
  span's text and whose mention is the span itself; the span type stays visible in the note.
  A discontinuous span (`T1 Premise 10 20;30 40`) gets one mention per fragment.
- R `supports` / `attacks` become `supports` / `rebuts`; AbstRCT's `Partial-Attack` becomes
  `rebuts` with the qualifier in its note (other relation types are reported).
- An .ann alone is recognised as brat and refused naming the missing .txt; when offsets do not
  fit a .txt with CR LF line ends, the message says so (brat counts characters as written).
- A `Stance` For/Against on a Claim means, in that corpus, that the claim argues for or
  against the essay's standpoint: it becomes `supports` / `rebuts` towards every MajorClaim,
  and the stance is also written in the claim's note.
- The essay's author becomes the actor "Author of essayNNN", who asserts the MajorClaims.
- `#` AnnotatorNotes go into the claim note; E, M, N and * lines have no argmap equivalent
  and are counted in the summary. A malformed line fails with its line number.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from argmap.io._build import RelationAdder, add_actor, check_relation_budget, counts, unique_id
from argmap.io.registry import ImportFailed, ImportResult, importer
from argmap.model.annotations import Claim, Corpus
from argmap.model.corpus import Document
from argmap.model.ids import slug
from argmap.model.safe_files import FileRefused, read_text
from argmap.model.text import shorten

_SPAN = re.compile(r"^(\d+) (\d+)$")
_ARG = re.compile(r"^(\w+):(\S+)$")


@dataclass
class _Span:
    id: str
    type: str
    fragments: list[tuple[int, int]]
    text: str
    line: int
    attributes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _pair(path: Path) -> tuple[Path, Path]:
    ann, txt = path.with_suffix(".ann"), path.with_suffix(".txt")
    return ann, txt


def _accepts(path: Path) -> bool:
    ann, txt = _pair(path)
    # an .ann alone is still brat: reading it then says which .txt is missing
    return (path.suffix.casefold() == ".ann" and ann.is_file()) or (path.suffix.casefold() == ".txt" and ann.is_file())


def _read(path: Path) -> str:
    try:
        return read_text(path, what="brat files")  # the .txt becomes a document: the document limit
    except FileRefused as exc:
        raise ImportFailed(f"{path}: file: {exc}") from None
    except FileNotFoundError:
        raise ImportFailed(f"{path}: file: missing (brat needs the .ann and the .txt side by side, with the same name)") from None
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{path}: file: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: file: cannot be read: {exc.strerror}") from None


class _Parser:
    """Reads the .ann lines into spans, relations and attributes, checking each against the text."""

    def __init__(self, ann: Path, text: str) -> None:
        self.ann, self.text = ann, text
        self.spans: dict[str, _Span] = {}
        self.relations: list[tuple[int, str, str, str, str]] = []  # line, id, type, arg1, arg2
        self.attributes: list[tuple[int, str, str, str]] = []  # line, name, target, value
        self.notes: list[tuple[int, str, str]] = []
        self.other: Counter[str] = Counter()

    def fail(self, line: int, what: str) -> NoReturn:
        raise ImportFailed(f"{self.ann}: line {line}: {what}")

    def parse(self, content: str) -> None:
        for n, raw in enumerate(content.splitlines(), start=1):
            line = raw.rstrip("\r")
            if not line.strip():
                continue
            fields = line.split("\t")
            ann_id = fields[0]
            if not ann_id:
                self.fail(n, "no annotation id before the first tab")
            kind = ann_id[0]
            if kind == "T":
                self.span(n, fields)
            elif kind == "R":
                self.relation(n, fields)
            elif kind == "A" or kind == "M":
                self.attribute(n, fields)
            elif kind == "#":
                self.note(n, fields)
            elif kind in ("E", "N", "*"):
                self.other[{"E": "E (events)", "N": "N (normalisations)", "*": "* (equivalences)"}[kind]] += 1
            else:
                self.fail(n, f"unknown annotation id '{ann_id}' (brat ids start with T, R, A, M, E, N, # or *)")
        for n, _rid, _rtype, a1, a2 in self.relations:
            for arg in (a1, a2):
                if arg not in self.spans:
                    self.fail(n, f"relation argument '{arg}' is not a T annotation of this file")
        for n, _name, target, _value in self.attributes:
            if target not in self.spans and not target.startswith(("R", "E")):
                self.fail(n, f"attribute of '{target}', which is not an annotation of this file")

    def span(self, n: int, fields: list[str]) -> None:
        if len(fields) < 3:
            self.fail(n, "a T line needs three tab-separated fields: id, 'Type start end', text")
        head = fields[1].split(" ", 1)
        if len(head) != 2 or not head[0]:
            self.fail(n, f"'{fields[1]}' is not 'Type start end'")
        frags = []
        for part in head[1].split(";"):
            match = _SPAN.match(part.strip())
            if not match:
                self.fail(n, f"'{part}' is not a 'start end' pair of character offsets")
            start, end = int(match.group(1)), int(match.group(2))
            if not 0 <= start < end <= len(self.text):
                self.fail(n, f"span {start}..{end} is outside the text ({len(self.text)} characters)")
            frags.append((start, end))
        text = "\t".join(fields[2:])
        actual = " ".join(self.text[s:e] for s, e in frags)
        if " ".join(actual.split()) != " ".join(text.split()):
            hint = ("; the .txt has Windows line ends (CR LF), which shift every offset after the first line: brat "
                    "counts characters as written, so convert the .txt to LF line ends (as it was annotated) and import "
                    "again") if "\r\n" in self.text else ""
            self.fail(n, f"the text at {head[1]} is {_short(actual)} but the annotation says {_short(text)}{hint}")
        if fields[0] in self.spans:
            self.fail(n, f"duplicate annotation id '{fields[0]}'")
        self.spans[fields[0]] = _Span(fields[0], head[0], frags, text, n)

    def relation(self, n: int, fields: list[str]) -> None:
        if len(fields) < 2:
            self.fail(n, "an R line needs 'Type Arg1:T1 Arg2:T2' after the id")
        parts = fields[1].split()
        args = [_ARG.match(p) for p in parts[1:]]
        if len(parts) != 3 or args[0] is None or args[1] is None:
            self.fail(n, f"'{fields[1]}' is not 'Type Arg1:T1 Arg2:T2'")
        self.relations.append((n, fields[0], parts[0], args[0].group(2), args[1].group(2)))

    def attribute(self, n: int, fields: list[str]) -> None:
        parts = fields[1].split() if len(fields) > 1 else []
        if len(parts) not in (2, 3):
            self.fail(n, "an attribute line needs 'Name Target [Value]' after the id")
        value = parts[2] if len(parts) == 3 else "true"
        self.attributes.append((n, parts[0], parts[1], value))

    def note(self, n: int, fields: list[str]) -> None:
        parts = fields[1].split() if len(fields) > 1 else []
        if len(parts) != 2 or len(fields) < 3:
            self.fail(n, "a note line needs 'AnnotatorNotes Target' and the note text")
        self.notes.append((n, parts[1], "\t".join(fields[2:])))


_RELATION_KINDS = {"supports": "supports", "support": "supports", "attacks": "rebuts", "attack": "rebuts",
                   "partial-attack": "rebuts"}
# AbstRCT's Partial-Attack (about a tenth of its relations) is still an attack; the note keeps the qualifier
_QUALIFIERS = {"partial-attack": "a partial attack (AbstRCT): it contradicts part of the target, not all of it"}


def _short(s: str, n: int = 50) -> str:
    return repr(shorten(s, n))


def _build(ann: Path, txt: Path, text: str, p: _Parser) -> ImportResult:
    corpus = Corpus()
    summary: list[str] = []
    stem = ann.stem
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), stem)[:80]
    doc = Document(slug(stem, words=6, fallback="essay"), txt.name, title, text)
    corpus.add_document(doc)
    stance: dict[str, str] = {}
    for _n, name, target, value in p.attributes:
        if target in p.spans:
            p.spans[target].attributes.append(f"{name}: {value}")
            if name == "Stance":
                stance[target] = value
    for _n, target, note in p.notes:
        if target in p.spans:
            p.spans[target].notes.append(note)
    claim_of: dict[str, str] = {}
    types: Counter[str] = Counter()
    discontinuous = 0
    for sp in p.spans.values():
        types[sp.type] += 1
        mentions = [doc.mention(s, e) for s, e in sp.fragments]
        discontinuous += len(mentions) > 1
        text_ = " ".join(sp.text.split())
        note = "; ".join([f"brat {sp.id} {sp.type}", *sp.attributes, *sp.notes])
        cid = unique_id(corpus, slug(text_, fallback=sp.type.casefold() or "claim"))
        corpus.add_claim(Claim(cid, text_, mentions, "seed", note=note))
        claim_of[sp.id] = cid
    summary.append("spans: " + (counts(types) or "none") + f" -> {len(claim_of)} claims")
    if discontinuous:
        summary.append(f"{discontinuous} discontinuous span(s): one mention per fragment")
    rels = RelationAdder(corpus)
    made: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    for _n, rid, rtype, a1, a2 in p.relations:
        kind = _RELATION_KINDS.get(rtype.casefold())
        if kind is None:
            unknown[f"R '{rtype}'"] += 1
            continue
        qualifier = _QUALIFIERS.get(rtype.casefold())
        note = f"brat {rid} {rtype}" + (f": {qualifier}" if qualifier else "")
        if rels.add(kind, claim_of[a1], claim_of[a2], note=note) is not None:
            made[f"{rtype} -> {kind}"] += 1
    majors = [sid for sid, sp in p.spans.items() if sp.type == "MajorClaim"]
    check_relation_budget(ann, len(p.relations) + len(stance) * len(majors) + len(majors),
                          len(p.spans) + len(p.relations) + len(p.attributes) + len(p.notes),
                          f"{len(stance):,} stances, each linked to each of {len(majors):,} MajorClaims,")
    for sid, value in stance.items():
        kind = {"for": "supports", "against": "rebuts"}.get(value.casefold())
        if kind is None:
            unknown[f"Stance '{value}'"] += 1
            continue
        linked = [m for m in majors if m != sid and rels.add(kind, claim_of[sid], claim_of[m], note=f"brat stance {value}")]
        if linked:
            made[f"Stance {value} -> {kind} to each of the {len(majors)} MajorClaim(s)"] += 1
    if stance and not majors:
        summary.append(f"{len(stance)} stance(s) but no MajorClaim to point at: kept in the claims' notes only")
    if majors:
        author = add_actor(corpus, f"Author of {stem}", {})
        for major in majors:
            rels.add("asserts", author, claim_of[major])
        made["author asserts a MajorClaim"] += len(majors)
    if made:
        summary.append("relations: " + counts(made))
    if rels.skipped:
        summary.append("relations folded or skipped: " + counts(rels.skipped))
    if unknown or p.other:
        summary.append("not representable in argmap: " + counts(unknown + p.other))
    return ImportResult(corpus, summary)


@importer("brat", "brat standoff (.ann with its .txt beside it)", _accepts)
def read_brat(path: Path) -> ImportResult:
    """Read `essay.ann` + `essay.txt` (either may be given) into a new corpus."""
    ann, txt = _pair(path)
    text = _read(txt)
    parser = _Parser(ann, text)
    parser.parse(_read(ann))
    return _build(ann, txt, text, parser)
