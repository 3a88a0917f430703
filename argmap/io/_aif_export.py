"""Write a corpus as AIF JSON (the AIFdb form: nodes, edges, locutions, participants, plus xAIF's
`text`), which AIFdb and OVA load and `argmap import` reads back with nothing lost that AIF holds.

- each claim is an I-node; each place a claim is mentioned is one L-node per speaker ("Speaker:
  quote", one locution shared by every claim said with those words), anchored on the I-node by a
  YA naming the voice (argmap.io._aif_words: Asserting, Suggesting, Reporting; Disagreeing,
  Rhetorical Challenging, Reported Disagreeing for `denies`); words nobody is said to assert are
  an L-node listed in locutions with personID null, which tells import that a colon in them is
  not a speaker;
- `via` is AIF's reported speech: the via actor's L-node, on the same words, with a YA
  "Reporting" to the speaker's L-node;
- `supports` is an RA, `rebuts` a CA, each anchored in the dialogue by a TA between the two
  claims' locutions and a YA (Arguing; Disagreeing when the rebutting claim's speaker also denies
  the rebutted one; else Default Illocuting); an `undercuts` is a CA from the undercutting claim
  to the RA or CA of the link it attacks;
- actors are participants (persons split into first names and surname, other actors whole);
- `text` holds the documents as HTML, each in a `<div class="argmap-document">` with its id and
  title, a blank line between, each locution a highlighted span where it is written (spans on
  the same words nest), so import gets the documents, words, offsets and texts back byte for byte.
Lost on the way: relation evidence other than a denial's, notes, actor types and aliases, and
(in "aif") the layout.

The "ova" format wraps the same AIF as OVA3 saves it, with the text and node positions.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from typing import Any

from argmap.io._aif_words import WRITTEN
from argmap.io._html_text import DOCUMENT_CLASS
from argmap.io.registry import exporter
from argmap.model.annotations import UNDERCUT, Actor, Corpus, Relation
from argmap.model.corpus import Mention

SCHEME_IDS = {"Default Inference": "72", "Default Conflict": "71", "Default Transition": "82", "Asserting": "74",
              "Disagreeing": "78", "Arguing": "80"}


def split_name(actor: Actor) -> tuple[str, str]:
    """(firstname, surname): persons' last word is the surname; groups and bodies stay whole."""
    words = actor.name.split()
    if actor.type == "person" and len(words) > 1:
        return " ".join(words[:-1]), words[-1]
    return " ".join(words), ""


class _Writer:
    def __init__(self, corpus: Corpus) -> None:
        self.c = corpus
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self.locutions: list[dict[str, Any]] = []
        self.person = {aid: i for i, aid in enumerate(corpus.actors, start=1)}
        self.spoken_at: dict[str, Mention] = {}  # L id -> the words it stands for in a document
        self.i_node: dict[str, str] = {}  # claim id -> I id
        self.l_node: dict[tuple[object, ...], str] = {}  # (doc, start, end, actor, role) -> L id: one a place and speaker
        self.ya_done: set[tuple[str, str, str]] = set()

    def node(self, type_: str, text: str, *, scheme: bool = False, created: str | None = None) -> str:
        nid = str(len(self.nodes) + 1)
        node: dict[str, Any] = {"nodeID": nid, "text": text, "type": type_}
        if created:
            node["timestamp"] = created.replace("T", " ")[:19]
        if scheme:
            node["scheme"] = text
            if text in SCHEME_IDS:
                node["schemeID"] = SCHEME_IDS[text]
        self.nodes.append(node)
        return nid

    def edge(self, src: str, dst: str) -> None:
        self.edges.append({"edgeID": str(len(self.edges) + 1), "fromID": src, "toID": dst, "formEdgeID": None})

    def l_at(self, at: Mention, actor_id: str | None, role: str = "speaker") -> str:
        """The L-node of these words said by this actor (made once, shared by every claim it anchors)."""
        key = (at.doc, at.start, at.end, actor_id, role)
        if key in self.l_node:
            return self.l_node[key]
        speaker = self.c.actors[actor_id].name if actor_id else None
        lid = self.l_node[key] = self.node("L", f"{speaker}: {at.quote}" if speaker else at.quote)
        self.spoken_at[lid] = at
        # every L-node is listed; personID null marks words nobody is named for, so that import never
        # reads "They worry about two things: fun" as the speaker "They worry about two things"
        self.locutions.append({"nodeID": lid, "personID": self.person[actor_id] if actor_id else None, "timestamp": "",
                               "start": None, "end": None, "source": None})
        return lid

    def say(self, lid: str, target: str, illocution: str) -> None:
        """A YA from a locution to what it says (an I-node, or the L-node of reported speech)."""
        if (lid, target, illocution) in self.ya_done:
            return
        self.ya_done.add((lid, target, illocution))
        ya = self.node("YA", illocution, scheme=True)
        self.edge(lid, ya)
        self.edge(ya, target)

    def attribute(self, r: Relation, at: Mention) -> str:
        """An asserts/denies as L --YA(voice)--> I, and its `via` as reported speech (via's L --YA--> L)."""
        lid = self.l_at(at, r.source)
        self.say(lid, self.i_node[r.target], WRITTEN[(r.kind, r.voice)])
        if r.via:
            self.say(self.l_at(at, r.via, "reporter"), lid, "Reporting")
        return lid

    def anchor(self, s_node: str, from_l: str, to_l: str, illocution: str) -> None:
        """TA from the earlier locution to the later one (dialogue order), YA from it to the S-node."""
        if int(to_l) < int(from_l) and illocution != "Disagreeing":
            from_l, to_l = to_l, from_l
        ta = self.node("TA", "Default Transition", scheme=True)
        self.edge(from_l, ta)
        self.edge(ta, to_l)
        ya = self.node("YA", illocution, scheme=True)
        self.edge(ta, ya)
        self.edge(ya, s_node)

    def write(self) -> dict[str, Any]:
        c = self.c
        i_node = self.i_node = {cid: self.node("I", cl.text, created=cl.created) for cid, cl in c.claims.items()}
        asserted_at = _assign_asserts(c)
        # L-nodes in reading order: document by document, by place in the text
        doc_rank = {d: i for i, d in enumerate(c.documents)}
        slots = sorted(
            ((cid, i, m) for cid, cl in c.claims.items() for i, m in enumerate(cl.mentions)),
            key=lambda t: (doc_rank.get(t[2].doc, 0), t[2].start, t[2].end),
        )
        first_l: dict[str, str] = {}
        l_of: dict[tuple[str, str], str] = {}  # (actor, claim) -> the actor's L-node for it
        for cid, i, m in slots:
            asserting = asserted_at.get((cid, i), [])
            if not asserting:  # words nobody is said to assert: a locution without a speaker
                lid = self.l_at(m, None)
                self.say(lid, i_node[cid], "Asserting")
            for r in asserting:
                lid = self.attribute(r, m)
                l_of.setdefault((r.source, cid), lid)
            first_l.setdefault(cid, lid)
        for r in c.relations.values():
            if r.kind == "denies" and (r.evidence or c.claims[r.target].mentions):
                at = r.evidence[0] if r.evidence else c.claims[r.target].mentions[0]
                l_of[(r.source, r.target)] = self.attribute(r, at)
        s_of: dict[str, str] = {}  # relation id -> its RA or CA
        for r in c.relations.values():
            if r.kind not in ("supports", "rebuts"):
                continue
            if r.kind == "supports":
                s = self.node("RA", "Default Inference", scheme=True, created=r.created)
                illocution, reply = "Arguing", first_l.get(r.source)
            else:
                s = self.node("CA", "Default Conflict", scheme=True, created=r.created)
                denier = _denier(c, r)
                illocution = "Disagreeing" if denier else "Default Illocuting"
                # the reply is the denier's own denial, written after every mention, so the TA runs forward
                reply = l_of[(denier, r.target)] if denier else first_l.get(r.source)
            s_of[r.id] = s
            self.edge(i_node[r.source], s)
            self.edge(s, i_node[r.target])
            if reply is not None and r.target in first_l:
                self.anchor(s, first_l[r.target], reply, illocution)
        for r in c.relations.values():  # an undercut: a CA from the claim to the RA/CA of the link it attacks
            if r.kind == UNDERCUT and r.target in s_of:
                ca = self.node("CA", "Default Conflict", scheme=True, created=r.created)
                self.edge(i_node[r.source], ca)
                self.edge(ca, s_of[r.target])
        participants = []
        for aid, a in c.actors.items():
            first, last = split_name(a)
            participants.append({"participantID": self.person[aid], "firstname": first, "surname": last})
        return {"nodes": self.nodes, "edges": self.edges, "locutions": self.locutions, "participants": participants}


def _assign_asserts(c: Corpus) -> dict[tuple[str, int], list[Relation]]:
    """Which mention each asserting actor speaks: the one nearest its evidence, else the first."""
    out: dict[tuple[str, int], list[Relation]] = defaultdict(list)
    for r in c.relations.values():
        if r.kind != "asserts" or not c.claims[r.target].mentions:
            continue
        mentions = c.claims[r.target].mentions
        out[(r.target, _nearest(mentions, r))].append(r)
    return out


def _nearest(mentions: list[Mention], r: Relation) -> int:
    if not r.evidence:
        return 0
    ev = r.evidence[0]
    same = [(abs(m.start - ev.start), i) for i, m in enumerate(mentions) if m.doc == ev.doc]
    return min(same)[1] if same else 0


def _denier(c: Corpus, r: Relation) -> str | None:
    """An actor who asserts the rebutting claim and denies the rebutted one, if any."""
    for rel in c.relations_of(r.target):
        if rel.kind == "denies" and rel.target == r.target and c.find_relation("asserts", rel.source, r.source):
            return rel.source
    return None


def corpus_to_aif(corpus: Corpus) -> dict[str, Any]:
    """AIF with the documents as xAIF's `text` (HTML, each locution a highlighted span where it is
    written), so `argmap import` gets the words, offsets and byte-identical texts back."""
    writer = _Writer(corpus)
    aif = writer.write()
    aif["text"] = ova_html(corpus, writer.spoken_at)
    return aif


def corpus_to_ova(corpus: Corpus, positions: dict[str, tuple[float, float]] | None = None) -> dict[str, Any]:
    """OVA3's own file: the AIF part, the documents as OVA's HTML text with every locution
    highlighted where it is written, and OVA's node positions (the map's, else a force layout)."""
    writer = _Writer(corpus)
    aif = writer.write()
    aif.update(schemefulfillments=[], descriptorfulfillments=[], cqdescriptorfulfillments=[])
    if positions is None:
        from argmap.io.graph_formats import map_positions
        from argmap.model.graph import build_graph

        positions, _how = map_positions(corpus, build_graph(corpus))
    return {"AIF": aif, "text": ova_html(corpus, writer.spoken_at), "OVA": _ova_layout(aif, writer.i_node, positions)}


def ova_html(corpus: Corpus, spoken_at: dict[str, Mention]) -> str:
    """The documents one after the other, each in a div with its id and title (so import splits
    them again) and each locution's words in a highlighted span.

    Spans must nest in HTML: a locution whose words cross another's edge gets no span (OVA and
    `argmap import` then find it by its words)."""
    by_doc: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for lid, m in spoken_at.items():
        by_doc[m.doc].append((m.start, m.end, lid))
    parts: list[str] = []
    for doc in corpus.documents.values():
        marks = sorted(by_doc.get(doc.id, []), key=lambda t: (t[0], -t[1], int(t[2])))
        events: list[tuple[int, int, str]] = []  # (offset, 0 close / 1 open, html)
        open_ends: list[int] = []
        for start, end, lid in marks:
            while open_ends and open_ends[-1] <= start:
                open_ends.pop()
            if open_ends and end > open_ends[-1]:
                continue  # they cross the open span's edge (the same words nest: one span each)
            open_ends.append(end)
            events.append((start, 1, f'<span id="node{lid}" class="highlighted">'))
            events.append((end, 0, "</span>"))
        events.sort(key=lambda e: (e[0], e[1]))
        pos, out = 0, []
        for offset, _kind, tag in events:
            out.append(html.escape(doc.text[pos:offset], quote=False))
            out.append(tag)
            pos = offset
        out.append(html.escape(doc.text[pos:], quote=False))
        head = f'<div class="{DOCUMENT_CLASS}" data-id="{html.escape(doc.id)}" title="{html.escape(doc.title)}">'
        parts.append(head + "".join(out) + "</div>")
    return "\n\n".join(parts)


def _ova_layout(aif: dict[str, Any], i_node: dict[str, str], positions: dict[str, tuple[float, float]]) -> dict[str, Any]:
    """OVA's x/y: I-nodes where the map has its claims, L-nodes to their left, the rest between their ends."""
    xy: dict[str, tuple[float, float]] = {i_node[c]: positions[c] for c in i_node if c in positions}
    outs: dict[str, list[str]] = defaultdict(list)
    ins: dict[str, list[str]] = defaultdict(list)
    for e in aif["edges"]:
        outs[e["fromID"]].append(e["toID"])
        ins[e["toID"]].append(e["fromID"])
    types = {n["nodeID"]: n["type"] for n in aif["nodes"]}
    for n in aif["nodes"]:  # L-nodes beside the I-node their YA leads to
        if n["type"] == "L":
            targets = [t for ya in outs[n["nodeID"]] if types[ya] == "YA" for t in outs[ya] if t in xy]
            if targets:
                x, y = xy[targets[0]]
                xy[n["nodeID"]] = (x - 300.0, y + 40.0 * sum(1 for k in xy if types[k] == "L" and xy[k][0] == x - 300.0))
    for _ in range(3):  # S-nodes (YA, RA, CA, TA) midway between what they join
        for n in aif["nodes"]:
            nid = n["nodeID"]
            if nid in xy:
                continue
            ends = [xy[k] for k in ins[nid] + outs[nid] if k in xy]
            if ends:
                xy[nid] = (sum(x for x, _ in ends) / len(ends), sum(y for _, y in ends) / len(ends))
    nodes = [{"nodeID": n["nodeID"], "visible": n["type"] not in ("YA", "TA") or n["nodeID"] in xy,
              "x": round(xy.get(n["nodeID"], (0.0, 0.0))[0]), "y": round(xy.get(n["nodeID"], (0.0, 0.0))[1]), "timestamp": ""}
             for n in aif["nodes"]]
    edges = [{"fromID": e["fromID"], "toID": e["toID"], "visible": True} for e in aif["edges"]]
    return {"firstname": "", "surname": "", "url": "", "nodes": nodes, "edges": edges}


@exporter("ova", "json", "OVA3 file: AIF plus the source text with highlighted locutions and node positions")
def export_ova(corpus: Corpus) -> str:
    return json.dumps(corpus_to_ova(corpus), ensure_ascii=False, indent=1) + "\n"


@exporter("aif", "json", "AIF JSON for AIFdb and OVA (claims, locutions, speakers, inferences, conflicts)")
def export_aif(corpus: Corpus) -> str:
    return json.dumps(corpus_to_aif(corpus), ensure_ascii=False, indent=1) + "\n"
