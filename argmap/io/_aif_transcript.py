"""The source text of an AIF import: who said each locution (L-node), which belong in the text,
and where each one is in it: OVA's own text when the file has one, else a rebuilt
"Speaker: text" transcript. What the propositions and relations become is argmap.io.aif's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from argmap.io._aif_layout import chronological
from argmap.io._aif_read import AifMap
from argmap.io._aif_words import ANALYSING, illocution
from argmap.io._html_text import read_html
from argmap.model.ids import slug

_PREFIX = re.compile(r"^\s*([^:\n]{1,60}?)\s*:\s+(.*)$", re.DOTALL)
UNPLACED_HEADING = "\n\n[Propositions with no place in the source; added by argmap import]\n"


@dataclass
class Transcript:
    """The text, and each spoken L-node's speaker, words and place in it."""

    m: AifMap
    text: str = ""
    summary: list[str] = field(default_factory=list)
    spoken: list[str] = field(default_factory=list)  # the L ids that belong in the source text, in order
    speaker: dict[str, str | None] = field(default_factory=dict)  # L id -> speaker name
    said: dict[str, str] = field(default_factory=dict)  # L id -> what was said (speaker prefix removed)
    place: dict[str, tuple[int, int]] = field(default_factory=dict)  # L id -> (start, end) of what was said
    line: dict[str, tuple[int, int]] = field(default_factory=dict)  # L id -> (start, end) of "Speaker: text"
    doc_ranges: list[tuple[int, int, dict[str, str | None]]] = field(default_factory=list)  # argmap's document marks
    doc_id: str = ""
    doc_title: str = ""


def read_transcript(m: AifMap) -> Transcript:
    """The speakers, then the text they are placed in; the summary says how it was built."""
    t = Transcript(m)
    _speakers(t)
    _source_text(t)
    return t


def _speakers(t: Transcript) -> None:
    """Who said each L-node, and which L-nodes belong in the source text."""
    m = t.m
    analysts = isolated = 0
    for nid in m.order:
        node = m.nodes[nid]
        if node["type"] != "L":
            continue
        text = node["text"]
        name = m.persons.get(nid)
        match = _PREFIX.match(text)
        said_by = re.match(rf"\s*{re.escape(name)}\s*:\s", text, re.IGNORECASE) if name else None
        if said_by:
            text = text[said_by.end():]
        elif match and not name and nid not in m.speakerless and len(match.group(1).split()) <= 6:
            name, text = match.group(1).strip(), match.group(2)
        elif not name:
            name = m.unnamed.get(nid)
        t.speaker[nid], t.said[nid] = name, text.strip() or text
        neighbours = m.ins[nid] + m.outs[nid]
        if not neighbours and nid not in m.persons:
            isolated += 1
            continue
        outs_ya = m.typed(m.outs[nid], "YA")
        only_analysis = (
            not m.ins[nid]
            and outs_ya
            and len(outs_ya) == len(m.outs[nid])
            and all(illocution(m.nodes[y]) == ANALYSING for y in outs_ya)
        )
        if only_analysis and nid not in m.persons:
            analysts += 1
            continue
        t.spoken.append(nid)
    total = sum(1 for n in m.nodes.values() if n["type"] == "L")
    line = f"L-nodes: {total}; {len(t.spoken)} are the locutions of the source text"
    left = []
    if isolated:
        left.append(f"{isolated} with no edges (annotators' working copies)")
    if analysts:
        left.append(f"{analysts} analysts' 'Analysing' locutions that only report other locutions")
    t.summary.append(line + (f"; left out: {', '.join(left)}" if left else ""))


def _source_text(t: Transcript) -> None:
    m = t.m
    stem = m.path.stem
    if m.html is not None:
        text, spans, t.doc_ranges = read_html(m.html)
        placed = 0
        for nid in t.spoken:
            if nid in spans:
                t.place[nid] = t.line[nid] = spans[nid]
                placed += 1
            else:
                found = text.find(t.said[nid]) if t.said[nid] else -1
                if found >= 0:
                    t.place[nid] = t.line[nid] = (found, found + len(t.said[nid]))
                    placed += 1
        t.text = text
        missing = [nid for nid in t.spoken if nid not in t.place]
        t.summary.append(
            f"source text: OVA's text (HTML converted to plain text); {placed} of {len(t.spoken)} locutions "
            "found in it by their highlighted span or their words"
        )
        if missing:
            _append_lines(t, missing, "locutions not found in OVA's text were added at its end")
        title = f"{stem} (OVA text)"
    else:
        ordered, how = chronological(m, t.spoken)
        t.text = ""
        _append_lines(t, ordered, None)
        t.summary.append(
            f"source text: no text in the file, so a transcript was rebuilt from {len(ordered)} locutions "
            f"in {how}, one 'Speaker: text' line each"
        )
        title = f"{stem} (transcript rebuilt from the AIF locutions)"
    t.doc_id = slug(stem, words=8, fallback="aif")
    t.doc_title = title


def _append_lines(t: Transcript, ids: list[str], note: str | None) -> None:
    """Add these locutions at the end of the text as "Speaker: text" lines (under a heading when `note`)."""
    parts = [t.text]
    pos = len(t.text)
    if note is not None:
        parts.append(UNPLACED_HEADING)
        pos += len(UNPLACED_HEADING)
        t.summary.append(f"{len(ids)} {note}")
    for nid in ids:
        if pos and not parts[-1].endswith("\n"):
            parts.append("\n")
            pos += 1
        name = t.speaker[nid]
        head = f"{name}: " if name else ""
        said = t.said[nid] or "(empty locution)"
        t.line[nid] = (pos, pos + len(head) + len(said))
        t.place[nid] = (pos + len(head), pos + len(head) + len(said))
        parts.append(head + said)
        pos += len(head) + len(said)
    t.text = "".join(parts)
