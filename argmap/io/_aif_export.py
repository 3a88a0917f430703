"""Write a corpus as AIF JSON (the AIFdb form: nodes, edges, locutions, participants), which
AIFdb and OVA load and `argmap import` reads back.

- each claim is an I-node; each of its mentions is an L-node "Speaker: quote" anchored on the
  I-node by a YA "Asserting" (one L-node per actor asserting the claim; none speaks when no
  actor asserts it), so the words and the speaker survive the trip;
- each `denies` is its own L-node "Speaker: evidence" with a YA "Disagreeing" to the I-node;
- `supports` is an RA, `rebuts` a CA, each anchored in the dialogue by a TA between the two
  claims' locutions (earlier to later, so the L-nodes keep the documents' reading order) and a
  YA (Arguing; Disagreeing when the rebutting claim's speaker also denies the rebutted one,
  with the TA leading to that denial; else Default Illocuting);
- actors are participants (persons split into first names and surname, other actors whole in
  `firstname`), linked to their L-nodes by locutions.
Lost on the way: document boundaries and offsets (AIF has no source text), relation evidence
other than a denial's, notes, actor types and aliases, and the layout.
"""

from __future__ import annotations

import json
from collections import defaultdict

from argmap.io.registry import exporter
from argmap.model.annotations import Actor, Corpus, Relation
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
        self.nodes: list[dict] = []
        self.edges: list[dict] = []
        self.locutions: list[dict] = []
        self.person = {aid: i for i, aid in enumerate(corpus.actors, start=1)}

    def node(self, type_: str, text: str, *, scheme: bool = False, created: str | None = None) -> str:
        nid = str(len(self.nodes) + 1)
        node: dict = {"nodeID": nid, "text": text, "type": type_}
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

    def locution(self, text: str, actor_id: str | None, i_node: str, illocution: str) -> str:
        speaker = self.c.actors[actor_id].name if actor_id else None
        lid = self.node("L", f"{speaker}: {text}" if speaker else text)
        if actor_id:
            self.locutions.append({"nodeID": lid, "personID": self.person[actor_id], "timestamp": "", "start": None,
                                   "end": None, "source": None})
        ya = self.node("YA", illocution, scheme=True)
        self.edge(lid, ya)
        self.edge(ya, i_node)
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

    def write(self) -> dict:
        c = self.c
        i_node = {cid: self.node("I", cl.text, created=cl.created) for cid, cl in c.claims.items()}
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
            speakers = asserted_at.get((cid, i), [])
            for aid in speakers or [None]:
                lid = self.locution(m.quote, aid, i_node[cid], "Asserting")
                first_l.setdefault(cid, lid)
                if aid:
                    l_of.setdefault((aid, cid), lid)
        for r in c.relations.values():
            if r.kind == "denies":
                words = r.evidence[0].quote if r.evidence else c.claims[r.target].mentions[0].quote
                l_of[(r.source, r.target)] = self.locution(words, r.source, i_node[r.target], "Disagreeing")
        for r in c.relations.values():
            if r.kind not in ("supports", "rebuts"):
                continue
            if r.kind == "supports":
                s = self.node("RA", "Default Inference", scheme=True, created=r.created)
                illocution, reply = "Arguing", first_l[r.source]
            else:
                s = self.node("CA", "Default Conflict", scheme=True, created=r.created)
                denier = _denier(c, r)
                illocution = "Disagreeing" if denier else "Default Illocuting"
                # the reply is the denier's own denial, written after every mention, so the TA runs forward
                reply = l_of[(denier, r.target)] if denier else first_l[r.source]
            self.edge(i_node[r.source], s)
            self.edge(s, i_node[r.target])
            self.anchor(s, first_l[r.target], reply, illocution)
        participants = []
        for aid, a in c.actors.items():
            first, last = split_name(a)
            participants.append({"participantID": self.person[aid], "firstname": first, "surname": last})
        return {"nodes": self.nodes, "edges": self.edges, "locutions": self.locutions, "participants": participants}


def _assign_asserts(c: Corpus) -> dict[tuple[str, int], list[str]]:
    """Which mention each asserting actor speaks: the one nearest its evidence, else the first."""
    out: dict[tuple[str, int], list[str]] = defaultdict(list)
    for r in c.relations.values():
        if r.kind != "asserts":
            continue
        mentions = c.claims[r.target].mentions
        out[(r.target, _nearest(mentions, r))].append(r.source)
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


def corpus_to_aif(corpus: Corpus) -> dict:
    return _Writer(corpus).write()


@exporter("aif", "json", "AIF JSON for AIFdb and OVA (claims, locutions, speakers, inferences, conflicts)")
def export_aif(corpus: Corpus) -> str:
    return json.dumps(corpus_to_aif(corpus), ensure_ascii=False, indent=1) + "\n"
