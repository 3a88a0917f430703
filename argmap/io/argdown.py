"""Argdown (argdown.org), both ways: `argmap export -f argdown` and `argmap import map.argdown`.

Argdown is text-first: statements `[title]: text`, arguments `<title>: text`, and relations
written under an element (`+> [b]` it supports b, `-> [b]` it attacks b, `_> <a>` it undercuts
the inference of argument a). Argdown undercuts *arguments*, not statement-to-statement links,
so a supports or rebuts link that argmap undercuts is written as a small inference argument
`<r3>` standing for that link: `[a] +> <r3>`, `<r3> +> [b]` (or `-> [b]`), `[c] _> <r3>`; the
same junction the graph formats use (argmap/io/networkx_formats.py).

What Argdown has no syntax for rides along as data Argdown's own parser reads and keeps:
- statement data `{"argmap": {...}}` (JSON, which is YAML flow): the claim id, its mentions as
  [doc, start, end], note and provenance; its outgoing links and incoming attributions with
  their ids, voice, via, evidence and notes;
- the front matter: the actors and the documents with their full texts, one JSON line each,
  so an export -> import round trip gives back the same texts byte for byte and the same
  mentions (Argdown has no offsets; a sidecar file would be lost the first time someone mails
  the .argdown alone);
- actors who assert a claim are also Argdown tags `#(Town council)` on it, so Argdown's map
  can colour by speaker.
Everything a person edits in Argdown (statement texts, relations, tags) wins over the data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from argmap.io.registry import ImportResult, exporter, importer
from argmap.model.annotations import ACTOR_RELATIONS, STATES, UNDERCUT, Corpus, Relation
from argmap.model.corpus import Mention

FORMAT_KEY = "argmap-format"  # front-matter key that marks a file argmap wrote
FORMAT_VERSION = 1
SIGNS = {"supports": "+>", "rebuts": "->", UNDERCUT: "_>"}
# characters Argdown's lexer reads as syntax inside a statement's text; escaped with a backslash
_SPECIAL = re.compile(r"[\\#*_\[\]<>{}@]")
_COMMENT = re.compile(r"/(?=[/*])")  # "//" and "/*" start comments, even in "http://"
_SHORTCODE = re.compile(r"([:.])(?=[A-Za-z][A-Za-z0-9_+-]+\1)")  # ":smile:" would become an emoji
_TITLE_OK = re.compile(r"[^\[\]<>\r\n]+")
_PROVENANCE = ("origin", "created", "author", "note", "modified", "modified_by")


def escape_text(text: str) -> str:
    """A claim's text as Argdown statement text that Argdown's parser reads back unchanged."""
    out = _SPECIAL.sub(lambda m: "\\" + m.group(0), " ".join(text.split()))
    out = _COMMENT.sub(r"\\/", out)
    return _SHORTCODE.sub(lambda m: "\\" + m.group(1), out)


def flow_json(value: object) -> str:
    """JSON that is also YAML flow Argdown's lexer keeps whole: braces inside strings escaped
    (its data token ends at "} x"), and "=" too (front matter ends at "===")."""
    raw = json.dumps(value, ensure_ascii=False)
    out: list[str] = []
    in_string = escaped = False
    for ch in raw:
        if in_string and not escaped and ch in "{}=":
            out.append(f"\\u{ord(ch):04x}")
            continue
        out.append(ch)
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = in_string
        elif ch == '"':
            in_string = not in_string
    return "".join(out)


def _spans(mentions: list[Mention]) -> list[list[Any]]:
    return [[m.doc, m.start, m.end] for m in mentions]


def _rel_data(rel: Relation, other_end: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": rel.id, "kind": rel.kind}
    data["actor" if rel.kind in ACTOR_RELATIONS else "to"] = other_end
    if rel.voice != STATES:
        data["voice"] = rel.voice
    if rel.via is not None:
        data["via"] = rel.via
    if rel.evidence:
        data["evidence"] = _spans(rel.evidence)
    data.update({k: getattr(rel, k) for k in _PROVENANCE if getattr(rel, k) is not None})
    return data


def _titles(corpus: Corpus) -> dict[str, str]:
    """Argdown titles: the claim id where Argdown can read it as a title, else c1, c2..."""
    titles: dict[str, str] = {}
    used: set[str] = set(corpus.relations)  # inference arguments are titled by relation id
    for n, cid in enumerate(corpus.claims, 1):
        title = cid if _TITLE_OK.fullmatch(cid) and cid.strip() == cid and cid not in used else f"c{n}"
        while title in used:
            title += "_"
        used.add(title)
        titles[cid] = title
    return titles


def _tag(name: str) -> str | None:
    name = " ".join(name.split())
    return f"#({name})" if name and ")" not in name else None


@exporter("argdown", "argdown", "Argdown (argdown.org), with ids, mentions, voices and texts kept as data")
def export_argdown(corpus: Corpus) -> str:
    titles = _titles(corpus)
    attacked = dict.fromkeys(r.target for r in corpus.relations.values() if r.kind == UNDERCUT)
    out = ["===", f"title: {json.dumps(Path(corpus.folder).name if corpus.folder else 'argmap map')}",
           f"{FORMAT_KEY}: {FORMAT_VERSION}", "argmap-actors:"]
    out += [f"  - {flow_json({'id': a.id, 'name': a.name, 'type': a.type, 'aliases': a.aliases})}"
            for a in corpus.actors.values()]
    out.append("argmap-documents:")
    out += [f"  - {flow_json({'id': d.id, 'path': d.path, 'title': d.title, 'text': d.text})}"
            for d in corpus.documents.values()]
    out += ["===", "",
            "// Written by argmap. Statements are its claims; #(tags) name the actors who assert them;",
            "// <r...> arguments stand for links that another claim undercuts. The {\"argmap\": ...} data",
            "// keeps ids, mentions, voices and notes: edit texts, tags and relations freely.", ""]
    attributions: dict[str, list[Relation]] = {cid: [] for cid in corpus.claims}
    outgoing: dict[str, list[Relation]] = {cid: [] for cid in corpus.claims}
    for r in corpus.relations.values():
        (attributions if r.kind in ACTOR_RELATIONS else outgoing)[r.target if r.kind in ACTOR_RELATIONS else r.source].append(r)
    for cid, claim in corpus.claims.items():
        data: dict[str, Any] = {"id": cid}
        if " ".join(claim.text.split()) != claim.text:
            data["text"] = claim.text  # Argdown joins lines and spaces: keep the exact words here
        if claim.mentions:
            data["mentions"] = _spans(claim.mentions)
        data.update({k: getattr(claim, k) for k in _PROVENANCE if getattr(claim, k) is not None})
        links = outgoing[cid]
        if links:
            data["links"] = [_rel_data(r, r.target) for r in links]
        said = attributions[cid]
        if said:
            data["attributions"] = [_rel_data(r, r.source) for r in said]
        tags = dict.fromkeys(t for r in said if r.kind == "asserts" and (t := _tag(corpus.actors[r.source].name)))
        line = f"[{titles[cid]}]: {escape_text(claim.text)}"
        out.append(" ".join([line, *tags, flow_json({"argmap": data})]))
        for r in links:
            if r.id in attacked:  # the claim is the premise of the inference argument standing for the link
                out.append(f"    +> <{r.id}>")
            else:
                out.append(f"    {SIGNS[r.kind]} " + (f"<{r.target}>" if r.kind == UNDERCUT else f"[{titles[r.target]}]"))
        out.append("")
    for rid in attacked:
        r = corpus.relations[rid]
        text = escape_text(f"the step from '{corpus.claims[r.source].text}' to '{corpus.claims[r.target].text}'")
        out += [f"<{rid}>: {text} {flow_json({'argmap': {'relation': rid}})}", f"    {SIGNS[r.kind]} [{titles[r.target]}]", ""]
    return "\n".join(out)


def _accepts(path: Path) -> bool:
    return path.suffix.lower() in (".argdown", ".ad")


@importer("argdown", "Argdown: statements, support, attack and undercut", _accepts)
def read_argdown(path: Path) -> ImportResult:
    from argmap.io._argdown_read import read

    return read(path)
