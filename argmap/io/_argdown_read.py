"""Reading Argdown: the statement-and-relation subset argmap can represent, the rest reported.

A line-based reader of Argdown's syntax (argdown.org/syntax), not a port of its parser: it
follows the elements and relations argmap maps (statements -> claims, + / - / _ -> supports,
rebuts, undercuts, tagged actors -> asserts) and names everything else with its line number.
Written by hand because no Python library reads Argdown; tests/argdown checks the exports
against Argdown's own parser (@argdown/core).

Arguments become claims (their description is the claim text) except the inference arguments
argmap writes for undercut links, which become that link again. A file argmap did not write
has no documents: the .argdown text itself becomes the corpus's document, and each claim is
anchored on the words that state it there.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from argmap.io._build import read_text, unique_id
from argmap.io.registry import ImportFailed, ImportResult
from argmap.model.annotations import ACTOR_RELATIONS, UNDERCUT, VOICES, Actor, Claim, Corpus, ModelError, Relation
from argmap.model.corpus import Document, Mention
from argmap.model.ids import slug
from argmap.model.json_text import lone_surrogates
from argmap.model.rules import ACTOR_TYPES

T = TypeVar("T", Claim, Relation)
# relation sign -> (Argdown type, True when the element on the line is the source)
SIGNS = {"+": ("support", True), "<+": ("support", True), "+>": ("support", False),
         "-": ("attack", True), "<-": ("attack", True), "->": ("attack", False),
         "_": ("undercut", True), "<_": ("undercut", True), "_>": ("undercut", False),
         "><": ("contradiction", True)}
_RELATION = re.compile(r"(<\+|<-|<_|\+>|->|_>|><|\+|-|_)[ \t]+(.*)")
_ELEMENT = re.compile(r"(?:\[(?P<st>[^\]]+)\]|<(?P<arg>[^>]+)>)(?P<colon>:)?[ \t]*(?P<rest>.*)")
_PCS = re.compile(r"\(\d+\)[ \t]")
_INFERENCE = re.compile(r"-{2,}")
_TAG = re.compile(r"(?<!\\)#(?:\(([^)]+)\)|([A-Za-z0-9\-\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]+))")
_EMPHASIS = re.compile(r"(?<!\\)(\*\*|__|\*|_)")
_ESCAPE = re.compile(r"\\(.)")
_COMMENTS = re.compile(r"/\*[\s\S]*?\*/|<!--[\s\S]*?-->|(?<!\\)//[^\n]*")
_LINE_JSON = re.compile(r"[ \t]*-[ \t]+(\{.*\})[ \t]*$")


@dataclass
class Element:
    kind: str  # "statement" or "argument"
    title: str
    line: int
    start: int  # offsets of its text in the file
    end: int
    text: str = ""  # raw, escapes and data included
    pcs: list[int] = field(default_factory=list)  # lines of its premise-conclusion structure


@dataclass
class Parsed:
    front: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    elements: list[Element] = field(default_factory=list)
    relations: list[tuple[Element, Element, str, int]] = field(default_factory=list)  # source, target, type, line
    other: Counter[str] = field(default_factory=Counter)


def _dicts(value: object) -> list[dict[str, Any]]:
    """The objects of a list in argmap's data; anything else there (hand-edited) counts as none."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _id_of(entry: object) -> str:
    return repr(entry.get("id")) if isinstance(entry, dict) else f"{str(entry)[:40]!r}"


def _blank(m: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def parse(text: str, path: Path) -> Parsed:
    p = Parsed()
    body = text
    if text.lstrip("\ufeff").startswith("==="):
        end = re.search(r"\n===+[ \t]*(\r?\n|$)", text)
        if end is None:
            raise ImportFailed(f"{path}: line 1: front matter opened with === is never closed")
        front = text[: end.end()]
        body = re.sub(r"[^\n]", " ", front) + text[end.end():]  # same length: offsets stay the file's
        key = None
        for n, ln in enumerate(front.splitlines(), 1):
            if re.match(r"[A-Za-z]", ln):
                key = ln.split(":", 1)[0]
            elif key in ("argmap-actors", "argmap-documents") and (m := _LINE_JSON.match(ln)):
                try:
                    entry = json.loads(m.group(1))
                except json.JSONDecodeError as exc:
                    raise ImportFailed(f"{path}: line {n}: {key} entry is not valid JSON: {exc.msg}") from None
                if bad := lone_surrogates(m.group(1), entry):
                    raise ImportFailed(f"{path}: line {n}: {key} entry {bad[0][0]} {bad[0][1]}")
                p.front.setdefault(key, []).append(entry)
    body = _COMMENTS.sub(_blank, body)
    parents: list[tuple[int, Element]] = []
    current: Element | None = None
    argument: Element | None = None  # the argument a premise-conclusion structure below belongs to
    titles: dict[tuple[str, str], Element] = {}
    untitled = 0
    offset = 0
    for n, line in enumerate(body.split("\n"), 1):
        start, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" \t"))
        if not stripped:
            current = None
            continue
        if re.match(r"#+[ \t]", stripped):
            p.other["headings (sections are not kept)"] += 1
            current, parents = None, []
            continue
        pcs = _PCS.match(stripped)
        if _INFERENCE.match(stripped) and not _RELATION.match(stripped) or (
                stripped.startswith("--") and argument is not None and not pcs):
            if argument is not None:  # "----" or "-- rule --" between premises and conclusion
                argument.pcs.append(n)
            current = None
            continue
        rel = _RELATION.match(stripped)
        if current is not None and not rel and not pcs:  # a hard-wrapped line of the element above
            current.text += " " + stripped
            current.end = start + len(line.rstrip())
            continue
        while parents and parents[-1][0] >= indent:
            parents.pop()
        if pcs:  # "(1) text": a premise or conclusion of the argument above
            if argument is not None:
                argument.pcs.append(n)
            sign, rest, content_at, parents = None, stripped[pcs.end():], start + indent + pcs.end(), []
        elif rel and parents:
            sign, rest = rel.groups()
            content_at = start + indent + rel.start(2)
        else:
            sign, rest, content_at, parents = None, stripped, start + indent, []
            argument = None
        m = _ELEMENT.match(rest)
        if m:
            kind = "statement" if m.group("st") is not None else "argument"
            title = " ".join((m.group("st") or m.group("arg")).split())
            body_text = m.group("rest")
            # the words that state it; for a bare reference, the reference itself
            text_at, text_end = (content_at + m.start("rest"), content_at + len(rest.rstrip())) if body_text.strip() else (
                content_at + m.start(), content_at + (m.end("st") if m.group("st") is not None else m.end("arg")) + 1)
        else:
            untitled += 1
            kind, title, body_text = "statement", f"Untitled {untitled}", rest
            text_at, text_end = content_at, content_at + len(rest.rstrip())
        # a reference ("[t]" with no colon) keeps what follows it too: tags or data
        el = Element(kind, title, n, text_at, text_end, body_text)
        p.elements.append(el)
        known = titles.setdefault((kind, title), el)
        if sign is not None:
            parent = parents[-1][1]
            rtype, child_is_source = SIGNS[sign]
            src, dst = (el, parent) if child_is_source else (parent, el)
            p.relations.append((titles[(src.kind, src.title)], titles[(dst.kind, dst.title)], rtype, n))
        parents.append((indent, known))
        current = el
        if kind == "argument" and sign is None and not pcs:
            argument = known
    return p


def clean(raw: str) -> tuple[str, list[str], dict[str, Any] | None, bool]:
    """Text, tags, argmap data and whether other (YAML) data was there, from an element's raw text."""
    data, other = None, False
    brace = raw.find("{")  # the data is the first "{" whose JSON runs to the end of the text
    while brace >= 0:
        if brace == 0 or raw[brace - 1] != "\\":
            try:
                value, end = json.JSONDecoder().raw_decode(raw, brace)
            except json.JSONDecodeError:
                value, end = None, -1
            if end > 0 and raw[end:].strip() == "":
                if isinstance(value, dict) and isinstance(value.get("argmap"), dict):
                    data = value["argmap"]
                else:
                    other = True
                raw = raw[:brace]
                break
        brace = raw.find("{", brace + 1)
    else:
        m = re.search(r"(?<!\\)\{[^{}]*\}\s*$", raw)  # YAML flow data that is not JSON
        if m:
            other, raw = True, raw[: m.start()]
    tags = [a or b for a, b in _TAG.findall(raw)]
    raw = _TAG.sub("", raw)
    raw = _EMPHASIS.sub("", raw)
    text = _ESCAPE.sub(r"\1", " ".join(raw.split()))
    return text, tags, data, other


class _Builder:
    def __init__(self, path: Path, text: str, parsed: Parsed) -> None:
        self.path, self.text, self.p = path, text, parsed
        self.corpus = Corpus()
        self.summary: list[str] = []
        self.notes: Counter[str] = Counter()

    def fail(self, line: int, what: str) -> None:
        raise ImportFailed(f"{self.path}: line {line}: {what}")

    def documents(self) -> Document | None:
        c = self.corpus
        for d in self.p.front.get("argmap-documents", []):
            try:
                c.add_document(Document(str(d["id"]), str(d["path"]), str(d["title"]), str(d["text"])))
            except (KeyError, ModelError, ValueError, TypeError, AttributeError) as exc:
                raise ImportFailed(f"{self.path}: front matter: argmap-documents entry {_id_of(d)}: {exc}") from None
        for a in self.p.front.get("argmap-actors", []):
            try:
                kind = str(a["type"]) if a.get("type") in ACTOR_TYPES else "person"
                c.add_actor(Actor(str(a["id"]), str(a["name"]), kind, [str(x) for x in a.get("aliases", [])]))
            except (KeyError, ModelError, TypeError, AttributeError) as exc:
                raise ImportFailed(f"{self.path}: front matter: argmap-actors entry {_id_of(a)}: {exc}") from None
        if c.documents:
            return None
        doc = Document(slug(self.path.stem, fallback="argdown"), f"{self.path.stem}.argdown.txt", self.path.name, self.text)
        c.add_document(doc)
        return doc

    def mentions(self, spans: object, line: int) -> list[Mention]:
        out = []
        for span in spans if isinstance(spans, list) else []:
            try:
                doc, start, end = span
                out.append(self.corpus.documents[doc].mention(int(start), int(end)))
            except (ValueError, KeyError, TypeError):
                self.notes[f"mention that does not fit its document (line {line})"] += 1
        return out

    def relation(self, kind: str, source: str, target: str, data: dict[str, Any] | None, line: int,
                 id_hint: str | None = None) -> str | None:
        """Add a relation (attributes from argmap's data when it has them); its id, or None if refused."""
        c, d = self.corpus, data or {}
        key = (kind, source, target)
        if key in self.made:
            self.folded[f"duplicate {kind} (line {line})"] += 1
            return self.made[key]
        voice = str(d["voice"]) if d.get("voice") in VOICES and kind in ACTOR_RELATIONS else "states"
        via = d.get("via") if kind in ACTOR_RELATIONS and isinstance(d.get("via"), str) and d["via"] in c.actors else None
        rel_id = unique_id(c, str(d.get("id") or id_hint or f"r{len(c.relations) + 1}"))
        base = Relation(rel_id, kind, source, target, self.mentions(d.get("evidence"), line), voice=voice, via=via)
        problem = _add_first(c.add_relation, (self.provenance(base, d), base))
        if problem is not None:
            self.refused[f"{kind} {source} -> {target} (line {line}): {problem}"] += 1
            return None
        self.made[key] = rel_id
        return rel_id

    @staticmethod
    def link(data: dict[str, Any], kind: str, targets: tuple[str | None, ...]) -> dict[str, Any] | None:
        """argmap's data on the claim's outgoing link of this kind to one of `targets`."""
        return next((e for e in _dicts(data.get("links")) if e.get("kind") == kind and e.get("to") in targets), None)

    @staticmethod
    def provenance(item: T, d: dict[str, Any]) -> T:
        keep = {k: d[k] for k in ("origin", "created", "author", "note", "modified", "modified_by") if isinstance(d.get(k), str)}
        return replace(item, **keep)

    def build(self) -> ImportResult:
        own_doc = self.documents()
        c, p = self.corpus, self.p
        self.made: dict[tuple[str, str, str], str] = {}
        self.folded: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        groups: dict[tuple[str, str], list[Element]] = {}
        for el in p.elements:
            groups.setdefault((el.kind, el.title), []).append(el)
        actor_names = {n.casefold(): a.id for a in c.actors.values() for n in (a.name, *a.aliases)}
        claim_of: dict[tuple[str, str], str] = {}
        junctions: dict[tuple[str, str], dict[str, Any]] = {}
        data_of: dict[str, dict[str, Any]] = {}
        tagged: dict[str, list[str]] = {}
        counts: Counter[str] = Counter()
        other_tags: Counter[str] = Counter()
        def defined_at(els: list[Element]) -> int:  # claims keep the order of their definitions
            return next((e.line for e in els if e.text.strip()), els[0].line)

        for key, els in sorted(groups.items(), key=lambda item: defined_at(item[1])):
            kind, title = key
            cleaned = [(el, *clean(el.text)) for el in els]
            defining = [x for x in cleaned if x[1]]
            el, text, tags, data, other = defining[0] if defining else cleaned[0]
            tags = list(dict.fromkeys(t for x in cleaned for t in x[2]))
            data = next((x[3] for x in cleaned if x[3]), None)
            for x in cleaned:
                if x[3] and (bad := lone_surrogates(x[0].text, x[3])):
                    self.fail(x[0].line, f"argmap data of [{title}] {bad[0][0]} {bad[0][1]}")
            if any(x[4] for x in cleaned):
                self.notes["Argdown data ({...}) that is not argmap's, not kept"] += 1
            if kind == "argument" and data and isinstance(data.get("relation"), str):
                junctions[key] = data
                counts["inference arguments argmap wrote for undercut links"] += 1
                continue
            if len({x[1] for x in defining}) > 1:
                self.notes[f"[{title}] has {len(defining)} formulations (lines {', '.join(str(x[0].line) for x in defining)}): "
                           "the first is kept"] += 1
            if kind == "argument":
                counts["arguments -> claims (the description is the claim text)"] += 1
                pcs = [line for e in els for line in e.pcs]
                if pcs:
                    self.notes[f"premise-conclusion structure of <{title}> (lines {min(pcs)}-{max(pcs)}) not imported: "
                               "its statements are claims, the inference is not"] += 1
            else:
                counts["statements -> claims"] += 1
            d = data or {}
            exact = d.get("text")
            text = exact if isinstance(exact, str) and " ".join(exact.split()) == text else text or title
            cid = d.get("id") if isinstance(d.get("id"), str) and d["id"].strip() and not c.has_id(d["id"]) else None
            cid = unique_id(c, cid or slug(title, fallback="claim"))
            if data is not None and "mentions" in d:
                mentions = self.mentions(d["mentions"], el.line)
            else:
                mentions = [own_doc.mention(el.start, el.end)] if own_doc is not None and el.end > el.start else []
            actors = [actor_names[t.casefold()] for t in tags if t.casefold() in actor_names]
            rest = [t for t in tags if t.casefold() not in actor_names]
            other_tags.update(rest)
            claim = Claim(cid, text, mentions, "seed")
            if rest:
                claim.note = "Argdown tags: " + " ".join(f"#({t})" if " " in t else f"#{t}" for t in rest)
            problem = _add_first(c.add_claim, (self.provenance(claim, d), claim))
            if problem is not None:
                self.fail(el.line, f"[{title}] cannot be a claim: {problem}")
            claim_of[key] = cid
            data_of[cid] = d
            tagged[cid] = actors
        made: Counter[str] = Counter()
        halves_in: dict[tuple[str, str], tuple[str, int]] = {}
        halves_out: dict[tuple[str, str], tuple[str, str, int]] = {}
        undercuts: list[tuple[str, tuple[str, str], int]] = []
        for src, dst, rtype, line in p.relations:
            s, t = (src.kind, src.title), (dst.kind, dst.title)
            if s in junctions or t in junctions:
                if rtype == "undercut" and t in junctions and s in claim_of:
                    undercuts.append((claim_of[s], t, line))
                elif t in junctions and rtype == "support" and s in claim_of:
                    halves_in[t] = (claim_of[s], line)
                elif s in junctions and rtype in ("support", "attack") and t in claim_of:
                    halves_out[s] = (claim_of[t], "supports" if rtype == "support" else "rebuts", line)
                else:
                    self.refused[f"{rtype} at inference argument <{(s if s in junctions else t)[1]}> (line {line})"] += 1
                continue
            a, b = claim_of[s], claim_of[t]
            if rtype == "undercut":
                undercuts.append((a, t, line))
                continue
            if a == b:
                self.refused[f"{rtype} of [{s[1]}] with itself (line {line})"] += 1
                continue
            kind = "supports" if rtype == "support" else "rebuts"
            ok = [self.relation(kind, x, y, self.link(data_of[x], kind, (y,)), line)
                  for x, y in ((a, b), *(((b, a),) if rtype == "contradiction" else ()))]
            if all(ok):
                made[f"{rtype} -> {kind}" if rtype != "contradiction" else "contradiction -> rebuts both ways"] += 1
        link_of: dict[tuple[str, str], str] = {}
        for j, d in junctions.items():
            if j not in halves_in or j not in halves_out:
                if (present := (j in halves_in) + (j in halves_out)):  # counted in Argdown relations
                    self.refused[f"inference argument <{j[1]}> without both its premise and its conclusion"] += present
                continue
            (a, line), (b, kind, _) = halves_in[j], halves_out[j]
            rid = self.relation(kind, a, b, self.link(data_of[a], kind, (b,)), line, id_hint=d["relation"])
            if rid:
                link_of[j] = rid
                made[f"premise and conclusion of an inference argument -> one {kind}"] += 2
        for a, t, line in undercuts:
            target = link_of.get(t)
            if target is None and t in claim_of:  # an argument read as a claim: its one outgoing link is its inference
                out = [r.id for r in c.relations.values() if r.source == claim_of[t] and r.kind in ("supports", "rebuts")]
                target = out[0] if len(out) == 1 else None
            if target is None:
                what = "a statement" if t[0] == "statement" else "an argument with no single outgoing link"
                self.refused[f"undercut of {what} [{t[1]}] (line {line}): argmap undercuts a link"] += 1
                continue
            hint = junctions.get(t, {}).get("relation")
            if self.relation(UNDERCUT, a, target, self.link(data_of[a], UNDERCUT, (target, hint)), line):
                made["undercut -> undercuts"] += 1
        said: Counter[str] = Counter()
        for cid, d in data_of.items():
            for e in _dicts(d.get("attributions")):
                if (e.get("kind") in ACTOR_RELATIONS and isinstance(e.get("actor"), str) and e["actor"] in c.actors
                        and self.relation(e["kind"], e["actor"], cid, e, 0)):
                    said[f"{e['kind']} (from argmap's data)"] += 1
            for actor in tagged[cid]:
                if ("asserts", actor, cid) not in self.made and ("denies", actor, cid) not in self.made:
                    self.relation("asserts", actor, cid, None, 0)
                    said["asserts (from an actor's #tag)"] += 1
        return self.result(counts, made, said, other_tags)

    def result(self, counts: Counter[str], made: Counter[str], said: Counter[str], other_tags: Counter[str]) -> ImportResult:
        from argmap.io._build import counts as listed

        s = [f"elements: {listed(counts)}" if counts else "elements: none"]
        total = len(self.p.relations)
        s.append(f"Argdown relations: {total}" + (f"; made {listed(made)}" if made else ""))
        if self.folded:
            s.append("of these, folded into a link made already: " + listed(self.folded))
        if self.refused:
            s.append("not representable in argmap: " + listed(self.refused))
        if said:
            s.append("attributions: " + listed(said))
        if other_tags:
            s.append("tags that name no actor, kept in the claims' notes: " + listed(other_tags))
        if self.notes or self.p.other:
            s.append("not kept: " + listed(self.notes + self.p.other))
        return ImportResult(self.corpus, s)


def read(path: Path) -> ImportResult:
    text = read_text(path, "utf-8")  # a BOM is kept: the file is the document of a foreign map
    parsed = parse(text, path)
    if not parsed.elements:
        raise ImportFailed(f"{path}: line 1: no Argdown statements or arguments found")
    return _Builder(path, text, parsed).build()


def _add_first(add: Callable[[T], object], items: Iterable[T]) -> str | None:
    """Add the first item the corpus accepts (with Argdown's provenance, then without).

    Returns None once one is added, else the last refusal's message.
    """
    problem = "nothing to add"
    for item in items:
        try:
            add(item)
            return None
        except (ModelError, ValueError) as exc:
            problem = str(exc)
    return problem
