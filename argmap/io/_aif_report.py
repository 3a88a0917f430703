"""What an AIF import says about itself: the up-front bound on relations, who spoke without
becoming an actor, and what could not be represented. Each line counts every node once."""

from __future__ import annotations

from collections import Counter

from argmap.io._aif_read import AifMap
from argmap.io._build import check_relation_budget, counts
from argmap.model.annotations import Corpus


def check_budget(m: AifMap, inputs: int) -> None:
    """Each RA, CA and MA links every I-node in with every I-node out: refuse a map where that explodes."""
    products = {nid: len(m.typed(m.ins[nid], "I")) * len(m.typed(m.outs[nid], "I"))
                for nid in m.order if m.nodes[nid]["type"] in ("RA", "CA", "MA")}
    planned = sum(products.values())
    if products:
        worst = max(products, key=products.__getitem__)
        node = m.nodes[worst]
        why = (f"node '{worst}' ({node['type']}, {len(m.typed(m.ins[worst], 'I'))} I-nodes in x "
               f"{len(m.typed(m.outs[worst], 'I'))} out) and the other RA/CA/MA nodes")
        check_relation_budget(m.path, planned, inputs, why)


def speaker_lines(m: AifMap, corpus: Corpus, speakers: list[str | None]) -> list[str]:
    """Name every speaker who is not an actor (they only ask, challenge or analyse) and the silent participants."""
    out = []
    actors = {a.name.casefold() for a in corpus.actors.values()}
    spoke = list(dict.fromkeys(" ".join(name.split()) for name in speakers if name))
    quiet = [n for n in spoke if n.casefold() not in actors]
    if quiet:
        out.append(f"speakers not made actors ({len(quiet)}: {', '.join(quiet)}): they only ask, challenge "
                   "or analyse here, which has no asserts/denies equivalent (named in the claim notes)")
    if m.participants:
        speaking = {n.casefold() for n in spoke}
        silent = [n for n in m.participants.values() if " ".join(n.split()).casefold() not in speaking]
        line = f"participants: {len(m.participants)}; {len(m.participants) - len(silent)} speak in this map"
        if silent:
            shown = ", ".join(silent[:6]) + (f" and {len(silent) - 6} more" if len(silent) > 6 else "")
            line += f"; {len(silent)} say nothing here and were not made actors ({shown})"
        out.append(line)
    return out


def closing_lines(types: Counter[str], lost: Counter[str], skipped: Counter[str], has_actors: bool) -> list[str]:
    """Folded and skipped relations, what has no argmap equivalent (TA, unknown node types)."""
    lost = Counter(lost)
    if types["TA"]:
        lost["TA (transitions between locutions)"] += types["TA"]
    for t, n in types.items():
        if t not in ("I", "L", "YA", "RA", "CA", "MA", "TA"):
            lost[f"{t}-nodes of an unknown type"] += n
    out = []
    if skipped:
        out.append("relations folded or skipped: " + counts(skipped))
    if lost:
        out.append("not representable in argmap: " + counts(lost))
    if has_actors:
        out.append("actor types are not part of AIF: every speaker was imported as a person")
    return out
