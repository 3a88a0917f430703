"""Which AIF I-nodes are one proposition said twice: MA "Default Rephrase" (and Restating) merges
them into one argmap claim with several mentions, unless an RA or CA joins two of them.

OVA maps answers to a question as rephrases of it (28038: five alternative forecasts, in conflict
with each other); merging those would turn every conflict into a self-loop. Other MA schemes
(e.g. Evaluation) relate different propositions: they are named in the note of the first claim.
Everything here is linear in the nodes and edges (a union-find, one pass over the RA/CA nodes).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from argmap.io._aif_read import AifMap
from argmap.io._aif_words import scheme_name as _label

REPHRASE = ("rephrase", "restat")


@dataclass
class Rephrases:
    parent: dict[str, str] = field(default_factory=dict)  # I id -> the I id of its group's first member
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lost: Counter[str] = field(default_factory=Counter)
    merged: int = 0


def merge_rephrases(m: AifMap) -> Rephrases:
    out = Rephrases()
    up: dict[str, str] = {}

    def find(nid: str) -> str:
        path = []
        while up.get(nid, nid) != nid:
            path.append(nid)
            nid = up[nid]
        for p in path:  # path compression keeps the union-find near linear
            up[p] = nid
        return nid

    rank = {nid: i for i, nid in enumerate(m.order)}
    pairs: list[tuple[str, str]] = []
    for nid in m.order:
        node = m.nodes[nid]
        if node["type"] != "MA":
            continue
        name = _label(node)
        srcs, dsts = m.typed(m.ins[nid], "I"), m.typed(m.outs[nid], "I")
        if not srcs or not dsts:
            out.lost[f"MA '{name}' without an I-node at both ends"] += 1
            continue
        rephrase = any(k in name.casefold() for k in REPHRASE)
        for s in srcs:
            for d in dsts:
                if rephrase:
                    pairs.append((s, d))
                else:
                    out.notes[s].append(f"{name} of: {m.nodes[d]['text'].strip()}")
        if not rephrase:
            out.lost[f"MA '{name}' (kept in the note of its first claim)"] += 1
    for s, d in pairs:
        a, b = sorted((find(s), find(d)), key=rank.__getitem__)
        if a != b:
            up[b] = a
    # a group that an RA or CA runs inside stays apart: one pass over the S-nodes
    paired = {n for pair in pairs for n in pair}
    inner: set[str] = set()
    for nid in m.order:
        if m.nodes[nid]["type"] in ("RA", "CA"):
            ins = {find(i) for i in m.typed(m.ins[nid], "I") if i in paired}
            outs = {find(i) for i in m.typed(m.outs[nid], "I") if i in paired}
            inner |= ins & outs
    kept_apart = 0
    for s, d in pairs:
        if find(s) in inner:
            out.notes[s].append(f"rephrase of: {m.nodes[d]['text'].strip()}")
            kept_apart += 1
    for nid in paired:
        group = find(nid)
        if group not in inner:
            out.parent[nid] = group
            out.merged += nid != group
    if kept_apart:
        out.lost["rephrase MA between I-nodes that also argue or conflict with each other "
                 "(e.g. answers to a question; kept apart, named in the note)"] += kept_apart
    return out
