"""The words every view uses for what a claim does and what a link says, so they agree.

A claim has no fixed role: the same claim can rebut one claim and be rebutted by another. The
map, the Inspector, the tooltips and the pickers therefore say what it does, with counts
("rebuts 3 · rebutted by 2 · undercut by 1"), instead of calling it a rebuttal.
"""

from __future__ import annotations

from html import escape

from argmap.model.annotations import ACTOR_RELATIONS, STATES, UNDERCUT, VOICE_WORDS, Corpus, Relation
from argmap.model.text import node_name, shorten

# (kind, direction seen from the node): the words of a count in a role summary
_COUNT_WORDS = [
    (("supports", "out"), "supports"), (("supports", "in"), "supported by"),
    (("rebuts", "out"), "rebuts"), (("rebuts", "in"), "rebutted by"),
    ((UNDERCUT, "out"), "undercuts"), ((UNDERCUT, "of"), "undercut by"),
    (("asserts", "in"), "asserted by"), (("denies", "in"), "denied by"),
    (("asserts", "out"), "asserts"), (("denies", "out"), "denies"),
]


def role_counts(corpus: Corpus, node_id: str) -> dict[tuple[str, str], int]:
    """How many links of each kind leave ("out") or reach ("in") a node; ("undercuts", "of"): undercuts
    aimed at the links this claim makes (its support or rebuttal of another claim is contested)."""
    counts: dict[tuple[str, str], int] = {}
    for rel in corpus.relations_of(node_id):
        key = (rel.kind, "out" if rel.source == node_id else "in")
        counts[key] = counts.get(key, 0) + 1
        if rel.source == node_id and rel.kind != UNDERCUT:
            n = len(corpus.undercuts_of(rel.id))
            if n:
                counts[(UNDERCUT, "of")] = counts.get((UNDERCUT, "of"), 0) + n
    return counts


def role_summary(corpus: Corpus, node_id: str, *, attributions: bool = False) -> str:
    """"rebuts 3 · rebutted by 2 · undercut by 1" (argument links only unless `attributions`)."""
    counts = role_counts(corpus, node_id)
    parts = [f"{words} {counts[key]}" for key, words in _COUNT_WORDS
             if counts.get(key) and (attributions or key[0] not in ACTOR_RELATIONS or node_id in corpus.actors)]
    return " · ".join(parts)



def voice_phrase(corpus: Corpus, rel: Relation) -> str:
    """"hinted, via The columnist" for an attribution that was not stated outright; "" when it was."""
    if rel.kind not in ACTOR_RELATIONS:
        return ""
    parts = [VOICE_WORDS.get(rel.voice, rel.voice)] if rel.voice != STATES else []
    if rel.via:
        parts.append(f"according to {node_name(corpus, rel.via)}")
    return ", ".join(parts)


def link_phrase(corpus: Corpus, rel: Relation, width: int = 60) -> str:
    """One line saying what a link says: "A supports B", "X undercuts: A supports B", "P asserts (hinted) C"."""
    source = shorten(node_name(corpus, rel.source), width)
    if rel.kind == UNDERCUT and rel.target in corpus.relations:
        return f"“{source}” undercuts the link: {link_phrase(corpus, corpus.relations[rel.target], width)}"
    voice = voice_phrase(corpus, rel)
    kind = f"{rel.kind} ({voice})" if voice else rel.kind
    return f"“{source}” {kind} “{shorten(node_name(corpus, rel.target), width)}”"


def relation_tooltip(corpus: Corpus, rel_id: str) -> str:
    """What hovering a link on the map shows: both of its ends, how it was voiced, its evidence."""
    rel = corpus.relations[rel_id]
    rows = [f"<b>{escape(link_phrase(corpus, rel, 80))}</b>"]
    rows += [f"<i>“{escape(shorten(m.quote, 120))}”</i>" for m in rel.evidence[:2]]
    if rel.note:
        rows.append(f"<span style='color:#444'>{escape(shorten(rel.note, 160))}</span>")
    if not rel.evidence and not rel.note and rel.kind not in ACTOR_RELATIONS:
        rows.append("<span style='color:#a0522d'>no quote and no note</span>")
    undercuts = corpus.undercuts_of(rel_id)
    if undercuts:
        rows.append(f"undercut by {len(undercuts)}: " + "; ".join(escape(shorten(node_name(corpus, u.source), 60))
                                                         for u in undercuts))
    rows.append("<span style='color:#777'>click to show it in the Inspector</span>")
    return f"<p style='max-width:420px'>{'<br>'.join(rows)}</p>"

