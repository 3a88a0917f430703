"""Import AIF JSON maps (AIFdb, QT30/DialAM, OVA3 saves, ARG-tech's xAIF) as a new corpus; export is in _aif_export.

This module maps propositions, inferences and illocutions; reading the file, the source text
(_aif_transcript), grouping, layout, words and the report are in the _aif_* modules beside it.

How AIF maps onto argmap, and why:
- I-nodes (propositions) become claims; RA (inference) gives `supports` from each premise to
  the conclusion; CA (conflict) gives `rebuts`. A CA whose conclusion is an RA or CA attacks that
  inference or conflict: it becomes an `undercuts` of the relation made of it.
- MA rephrases merge I-nodes into one claim with several mentions (argmap.io._aif_groups).
- L-nodes (locutions) are what was said, by whom: the lines of the source text (OVA's or xAIF's
  `text` when the file has one, read byte for byte; else a rebuilt "Speaker: text" transcript)
  and the mentions of the claims they anchor. Speakers come from participants/locutions, else
  from a "Name: " prefix of six words or fewer, except where the file lists the locution with no
  person (as argmap's export does for words nobody is named for): then a colon is just text.
- YA illocutions give `asserts`/`denies` with a voice (argmap.io._aif_words has the table:
  "Default Illocuting" asserts, hedges suggest, "Reporting" relays); a YA from one locution to
  another is reported speech, and its speaker becomes the attribution's `via`. Questions,
  challenges and Analysing are counted and named in the claim note; so are TA transitions.
- The summary counts every illocution once, under what became of it, and the import makes at
  most ten relations per node and edge of the file (at least 10,000; argmap.io._build).

Why argmap reads AIF itself rather than through arguebuf (PyPI, 2.7.2, tried on every file in
tests/data/real): arguebuf reads the propositions and RA/CA/MA schemes of AIFdb and QT30 files
correctly, but keeps no locutions, speakers or participants (0 on every file), no offsets into
a text (atoms have no reference, brat spans included), fails on the `AIF`-wrapped OVA3 saves and
xAIF through its file loader, and drops AbstRCT's Partial-Attack. argmap's importer keeps what an
argmap corpus is made of: the source text, each mention's offsets, who said what and how, and
undercuts. So argmap adds no dependency for it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from argmap.io._aif_documents import split_documents
from argmap.io._aif_groups import merge_rephrases
from argmap.io._aif_layout import ova_positions
from argmap.io._aif_read import AifMap, check_aif
from argmap.io._aif_report import check_budget, closing_lines, speaker_lines
from argmap.io._aif_transcript import UNPLACED_HEADING, read_transcript
from argmap.io._aif_words import ANALYSING, attribution, illocution, normalised
from argmap.io._aif_words import scheme_name as _label
from argmap.io._build import (
    RelationAdder,
    add_actor,
    counts,
    read_json,
    relation_budget,
    unique_id,
)
from argmap.io.registry import ImportResult, importer
from argmap.model.annotations import VOICE_WORDS, Claim, Corpus
from argmap.model.corpus import Document, Mention
from argmap.model.ids import slug


def _denying(node: dict[str, Any]) -> bool:
    return (attribution(_label(node)) or ("", ""))[0] == "denies"


# -- the import -----------------------------------------------------------------------------


class _Importer:
    def __init__(self, m: AifMap) -> None:
        self.m = m
        self.corpus = Corpus()
        self.summary: list[str] = []
        self.rels = RelationAdder(self.corpus, budget=relation_budget(len(m.nodes) + sum(len(v) for v in m.outs.values())))
        self.actor_ids: dict[str, str] = {}
        self.lost: Counter[str] = Counter()  # what could not be represented, by kind
        self.notes: dict[str, list[str]] = defaultdict(list)  # root I id -> note lines
        self.doc: Document | None = None
        self.crowded_tas: set[str] = set()  # TAs whose replies were cut to one (see _replies)

    def root(self, nid: str) -> str:
        return self.groups.parent.get(nid, nid)

    def run(self) -> ImportResult:
        m = self.m
        types = Counter(n["type"] for n in m.nodes.values())
        edges = sum(len(v) for v in m.outs.values())
        self.summary.append("AIF nodes: " + counts(types) + f"; {edges} edges")
        check_budget(m, len(m.nodes) + edges)
        self._merge_rephrases()
        self._transcript()
        self._illocution_notes()
        self._claims()
        self._inferences()
        self._illocutions()
        self._participants_summary()
        self._positions()
        self.corpus, line = split_documents(self.corpus, self.t.doc_ranges)
        self.summary.extend([line] if line else [])
        self._finish_summary(types)
        return ImportResult(self.corpus, self.summary)

    def _merge_rephrases(self) -> None:
        self.groups = merge_rephrases(self.m)
        self.merged = self.groups.merged
        for nid, lines in self.groups.notes.items():
            self.notes[nid].extend(lines)
        self.lost.update(self.groups.lost)

    def _transcript(self) -> None:
        """The source text and each locution's speaker and place (argmap.io._aif_transcript)."""
        t = self.t = read_transcript(self.m)
        self.summary.extend(t.summary)
        self.speaker, self.said, self.place, self.line, self.spoken = t.speaker, t.said, t.place, t.line, t.spoken
        self.text, self.doc_id, self.doc_title = t.text, t.doc_id, t.doc_title

    def _mention(self, lid: str) -> Mention:
        start, end = self.place[lid]
        return Mention(self.doc_id, start, end, self.text[start:end])

    def _line_mention(self, lid: str) -> Mention:
        start, end = self.line[lid]
        return Mention(self.doc_id, start, end, self.text[start:end])

    def _anchors(self, iid: str) -> list[str]:
        """The spoken L-nodes whose illocution anchors an I-node: L -> YA -> I, else TA -> YA -> I."""
        m = self.m
        direct: list[str] = []
        denying: list[str] = []
        via_ta: list[str] = []
        for ya in m.typed(m.ins[iid], "YA"):
            for src in m.ins[ya]:
                if m.nodes[src]["type"] == "L" and src in self.place:
                    (denying if _denying(m.nodes[ya]) else direct).append(src)
                elif m.nodes[src]["type"] == "TA":
                    via_ta.extend(self._replies(src, ya))
        # a denial is not where the claim is stated: it only counts when nothing else places the claim
        return list(dict.fromkeys(direct or via_ta or denying))

    def _claims(self) -> None:
        m = self.m
        i_ids = [nid for nid in m.order if m.nodes[nid]["type"] == "I"]
        anchors = {iid: self._anchors(iid) for iid in i_ids}
        unplaced = [iid for iid in i_ids if not anchors[iid]]
        extra: dict[str, tuple[int, int]] = {}
        found_in_text = 0
        for iid in unplaced:
            words = m.nodes[iid]["text"].strip()
            at = self.text.find(words) if words else -1
            if at >= 0 and m.html is not None:
                extra[iid] = (at, at + len(words))
                found_in_text += 1
        to_add = [iid for iid in unplaced if iid not in extra]
        if to_add:
            parts, pos = [self.text, UNPLACED_HEADING], len(self.text) + len(UNPLACED_HEADING)
            for iid in to_add:
                words = m.nodes[iid]["text"].strip() or "(empty proposition)"
                extra[iid] = (pos, pos + len(words))
                parts.append(words + "\n")
                pos += len(words) + 1
            self.text = "".join(parts)
            self.summary.append(
                f"{len(to_add)} proposition(s) have no locution; their text was added at the end of the source "
                "text so the claim has a mention"
            )
        if found_in_text:
            self.summary.append(f"{found_in_text} proposition(s) with no locution were found in OVA's text by their words")
        self.doc = Document(self.doc_id, f"{self.doc_id}.txt", self.doc_title, self.text)
        self.corpus.add_document(self.doc)
        groups: dict[str, list[str]] = defaultdict(list)
        for iid in i_ids:
            groups[self.root(iid)].append(iid)
        self.claim_of: dict[str, str] = {}
        for rid, members in groups.items():
            mentions: list[Mention] = []
            seen_spans: set[tuple[int, int]] = set()
            for iid in members:
                spans = [self.place[lid] for lid in anchors[iid]] or [extra[iid]]
                for start, end in spans:
                    if (start, end) not in seen_spans:
                        seen_spans.add((start, end))
                        mentions.append(Mention(self.doc.id, start, end, self.text[start:end]))
            text = m.nodes[rid]["text"].strip() or mentions[0].quote
            note = [f"AIF I-node {', '.join(members)}"]
            others = [m.nodes[i]["text"].strip() for i in members[1:] if m.nodes[i]["text"].strip() != text]
            if others:
                note.append("rephrased as: " + " | ".join(others))
            for iid in members:
                note.extend(self.notes.get(iid, []))
            cid = unique_id(self.corpus, slug(text, fallback="claim"))
            self.corpus.add_claim(Claim(cid, text, mentions, "seed", note="; ".join(note)))
            for iid in members:
                self.claim_of[iid] = cid
        self.summary.append(
            f"I-nodes: {len(i_ids)} -> {len(groups)} claims"
            + (f" ({self.merged} I-nodes merged into the claim they rephrase (MA), keeping both mentions)" if self.merged else "")
        )

    def _inferences(self) -> None:
        """RA -> supports, CA -> rebuts (premise to conclusion); a CA whose conclusion is an RA or CA
        attacks that inference or conflict: an `undercuts` of the relation it became."""
        m = self.m
        made: Counter[str] = Counter()
        self.relations_of: dict[str, list[str]] = defaultdict(list)  # RA/CA id -> the relations made of it
        undercutting: list[str] = []
        for nid in m.order:
            node = m.nodes[nid]
            kind = {"RA": "supports", "CA": "rebuts"}.get(node["type"])
            if kind is None:
                continue
            srcs = m.typed(m.ins[nid], "I")
            dsts = m.typed(m.outs[nid], "I")
            if node["type"] == "CA" and m.typed(m.outs[nid], "RA", "CA"):
                undercutting.append(nid)
                continue
            odd = sorted({m.nodes[x]["type"] for x in m.ins[nid] + m.outs[nid]} - {"I", "YA"})
            if not srcs or not dsts:
                self.lost[f"{node['type']} without an I-node at both ends"
                          + (f" (it joins a {'/'.join(odd)}-node)" if odd else "")] += 1
                continue
            if len(dsts) > 1:  # AIF gives an S-node one conclusion; keep the first so the import stays linear
                self.lost[f"{node['type']} with {len(dsts)} conclusions (only the first kept)"] += 1
                dsts = dsts[:1]
            scheme = _label(node)
            note = None if scheme in ("Default Inference", "Default Conflict", "RA", "CA") else f"AIF scheme: {scheme}"
            if len(srcs) > 1:
                note = "; ".join(x for x in (note, f"linked premises ({len(srcs)}) of one AIF {node['type']}") if x)
            for src in srcs:
                rel = self.rels.add(kind, self.claim_of[src], self.claim_of[dsts[0]], note=note)
                if rel is not None:
                    made[kind] += 1
                    self.relations_of[nid].append(rel.id)
        for nid in undercutting:
            srcs = m.typed(m.ins[nid], "I")
            targets = [r for t in m.typed(m.outs[nid], "RA", "CA") for r in self.relations_of.get(t, [])]
            if not srcs or not targets:
                self.lost["CA on an RA/CA with no I-node behind it or no relation made of its target"] += 1
                continue
            for src in srcs:
                for target in targets:
                    if self.rels.add("undercuts", self.claim_of[src], target, note="AIF: a CA on an inference or conflict"):
                        made["undercuts"] += 1
        ra = sum(1 for n in m.nodes.values() if n["type"] == "RA")
        ca = sum(1 for n in m.nodes.values() if n["type"] == "CA")
        if ra or ca:
            on = f" ({len(undercutting)} of them on an RA or CA)" if undercutting else ""
            self.summary.append(f"RA: {ra}, CA: {ca}{on} -> " + (counts(made) or "no relations"))

    def _speaker_actor(self, lid: str) -> str | None:
        name = self.speaker.get(lid)
        return add_actor(self.corpus, name, self.actor_ids) if name else None

    def _illocutions(self) -> None:
        """YA -> asserts/denies with the voice of the illocution; reported speech gives `via`.

        Every YA is counted once, under what became of it, so the summary adds up."""
        m = self.m
        outcome: Counter[str] = Counter()
        via_of = self._reported_speech()
        for nid in m.order:
            node = m.nodes[nid]
            if node["type"] != "YA":
                continue
            name = _label(node)
            said = attribution(name)
            speakers = self._ya_speakers(nid)
            for tgt in m.outs[nid]:
                ttype = m.nodes[tgt]["type"]
                if self.rels.full:  # stop early: a hostile file may ask for speakers x targets relations
                    outcome[f"{name} not read (the import's bound on relations was reached)"] += 1
                    continue
                if ttype == "I" and said is not None:
                    claim = self.claim_of[tgt]
                elif ttype == "CA" and said is not None and said[0] == "denies":
                    attacked = m.typed(m.outs[tgt], "I")
                    if not attacked:
                        outcome[f"{name} on a CA with no attacked I-node (not representable)"] += 1
                        continue
                    claim = self.claim_of[attacked[0]]
                elif ttype in ("RA", "CA", "MA"):
                    outcome[f"{name} anchoring a {ttype} (kept as the relation itself)"] += 1
                    continue
                elif ttype == "L":
                    what = "analysis, not representable" if normalised(name) == ANALYSING else "reported speech, kept as via"
                    outcome[f"{name} to a locution ({what})"] += 1
                    continue
                elif ttype == "I":
                    outcome[f"{name} (no asserts/denies equivalent; named in the claim note)"] += 1
                    continue
                else:
                    outcome[f"{name} to a {ttype}-node (not representable)"] += 1
                    continue
                outcome[self._attribute(said, claim, speakers, via_of, name)] += 1
        if outcome:
            self.summary.append("illocutions: " + counts(outcome))
        if self.crowded_tas:
            self.summary.append(f"{len(self.crowded_tas)} TA(s) lead to several replies under an illocution with several "
                                "targets: only the first reply's speaker kept, so the import stays linear")

    def _attribute(self, said: tuple[str, str], claim: str, speakers: list[str], via_of: dict[str, str],
                   name: str) -> str:
        """Make the speakers' asserts/denies of a claim; say what became of the illocution."""
        kind, voice = said
        result = None
        for lid in speakers:
            if self.rels.full:
                break
            actor = self._speaker_actor(lid)
            if actor is None:
                continue
            if kind == "denies" and self.corpus.find_relation("asserts", actor, claim):
                result = result or "left as the speaker's asserts (the speaker also asserts it)"
                continue
            via = via_of.get(lid)
            via_actor = add_actor(self.corpus, via, self.actor_ids) if via else None
            before = len(self.corpus.relations)
            rel = self.rels.add(kind, actor, claim, evidence=[self._line_mention(lid)], voice=voice,
                                via=via_actor if via_actor != actor else None)
            if rel is not None and len(self.corpus.relations) > before:
                result = f"-> {kind}" + (f" ({VOICE_WORDS[voice]})" if voice != "states" else "")
            elif rel is not None:
                result = result or f"folded into the same speaker's {kind}"
            else:
                result = result or f"not representable ({kind} between the wrong kinds of node)"
        return f"{name} {result}" if result else f"{name} with no identifiable speaker (mention only)"

    def _reported_speech(self) -> dict[str, str]:
        """L id -> the speaker who reports it: a YA (not Analysing) from one locution to another."""
        m = self.m
        via: dict[str, str] = {}
        for nid in m.order:
            node = m.nodes[nid]
            if node["type"] != "YA" or illocution(node) == ANALYSING:
                continue
            for src in m.typed(m.ins[nid], "L"):
                for dst in m.typed(m.outs[nid], "L"):
                    name = self.speaker.get(src)
                    if name and name != self.speaker.get(dst):
                        via.setdefault(dst, name)
        return via

    def _illocution_notes(self) -> None:
        """Questions, challenges... on an I-node have no relation kind: name them in the claim's note."""
        m = self.m
        for nid in m.order:
            node = m.nodes[nid]
            if node["type"] != "YA" or attribution(_label(node)) is not None:
                continue
            speakers = self._ya_speakers(nid)
            who = ", ".join(dict.fromkeys(self.speaker[s] or "unknown speaker" for s in speakers)) or "unknown speaker"
            for tgt in m.typed(m.outs[nid], "I"):
                line = f"{_label(node)} by {who}"
                if line not in self.notes[tgt]:
                    self.notes[tgt].append(line)

    def _ya_speakers(self, ya: str) -> list[str]:
        """The spoken L-nodes an illocution belongs to: its own L, or the reply a TA leads to."""
        m = self.m
        speakers: list[str] = []
        for src in m.ins[ya]:
            if m.nodes[src]["type"] == "L":
                speakers.append(src)
            elif m.nodes[src]["type"] == "TA":
                speakers.extend(self._replies(src, ya))
        return [lid for lid in speakers if lid in self.place]

    def _replies(self, ta: str, ya: str) -> list[str]:
        """The placed locutions a TA leads to; only the first when the YA also has several targets,
        since replies x targets would grow with the square of the file (a hostile map)."""
        replies = [lid for lid in self.m.typed(self.m.outs[ta], "L") if lid in self.place]
        if len(replies) > 1 and len(self.m.outs[ya]) > 1:
            self.crowded_tas.add(ta)
            return replies[:1]
        return replies

    def _participants_summary(self) -> None:
        self.summary.extend(speaker_lines(self.m, self.corpus, [self.speaker[lid] for lid in self.spoken]))

    def _positions(self) -> None:
        line = ova_positions(self.m, self.corpus, self.claim_of)
        if line:
            self.summary.append(line)

    def _finish_summary(self, types: Counter[str]) -> None:
        self.summary.extend(closing_lines(types, self.lost, self.rels.skipped, bool(self.corpus.actors)))


def _accepts(path: Path) -> bool:
    return path.suffix.casefold() == ".json"


@importer("aif", "AIF JSON from AIFdb or OVA (.json)", _accepts)
def read_aif(path: Path) -> ImportResult:
    """Read an AIF JSON file into a new corpus; ImportFailed names the place of any malformation."""
    data = read_json(path)
    return _Importer(check_aif(path, data)).run()


from argmap.io import _aif_export as _aif_export  # noqa: E402,F401  (registers the "aif" exporter)
