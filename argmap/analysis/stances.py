"""Who says what: the stance matrix of a corpus, claims against actors, sides or documents.

A cell lists the attributions (asserts / denies, with voice, `via` and quote) that put its
column's actor, side or document on a claim. Rows with a dispute (see disputes.py) come
first, most contested on top, then every other claim someone takes a stance on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.analysis.disputes import dispute_list
from argmap.analysis.links import Links, index_links, relation_docs, via_of, voice_of, without_gc
from argmap.model.annotations import Corpus
from argmap.model.corpus import Mention
from argmap.model.sides import side_of

BY = ("actors", "sides", "documents")
NO_SIDE = "No side"


@dataclass(frozen=True, slots=True)
class Stance:
    """One attribution: `actor` `kind` (asserts/denies) `claim`, in `voice`, possibly `via` someone."""

    kind: str
    actor: str
    claim: str
    relation: str
    voice: str = "states"
    via: str | None = None
    quote: Mention | None = None  # the evidence, else the claim's first mention in the document
    docs: tuple[str, ...] = ()
    stated: bool = True  # False: no evidence quote for the attribution itself


@dataclass(frozen=True, slots=True)
class Column:
    id: str  # actor id, side name or document id
    label: str
    side: str | None = None  # the side of an actor column


@dataclass(slots=True)
class Row:
    claim: str
    text: str
    contested: bool
    rank: int | None = None  # position in the dispute list (0 = most contested)


@dataclass(slots=True)
class StanceMatrix:
    by: str
    columns: list[Column]
    rows: list[Row]
    cells: dict[tuple[str, str], list[Stance]] = field(default_factory=dict)  # (claim, column id) -> stances

    def cell(self, claim: str, column: str) -> list[Stance]:
        return self.cells.get((claim, column), [])


def symbol(stances: list[Stance]) -> str:
    """The cell's short mark: + asserts, − denies, ± both; ? when only suggested, ~ when only reported."""
    if not stances:
        return ""
    kinds = {s.kind for s in stances}
    if kinds == {"asserts", "denies"}:
        return "±"
    mark = "+" if "asserts" in kinds else "−"
    voices = {s.voice for s in stances}
    if voices == {"suggests"}:
        mark += "?"
    elif voices == {"reports"}:
        mark += "~"
    return mark


def describe(stance: Stance, corpus: Corpus) -> str:
    """"Putin denies, suggested (via the author)", for tooltips and exports."""
    actor = corpus.actors[stance.actor].name if stance.actor in corpus.actors else stance.actor
    text = f"{actor} {stance.kind}"
    if stance.voice != "states":
        text += f" ({stance.voice})"
    if stance.via:
        via = corpus.actors[stance.via].name if stance.via in corpus.actors else stance.via
        text += f" via {via}"
    return text


def attributions(corpus: Corpus, links: Links | None = None) -> list[Stance]:
    """Every asserts/denies of the corpus as a Stance, in file order."""
    out = []
    for rel in corpus.relations.values():
        if rel.kind not in ("asserts", "denies") or rel.target not in corpus.claims:
            continue
        docs = relation_docs(corpus, rel)
        quote = rel.evidence[0] if rel.evidence else _mention_in(corpus, rel.target, docs)
        out.append(Stance(rel.kind, rel.source, rel.target, rel.id, voice_of(rel), via_of(rel), quote, docs,
                          bool(rel.evidence)))
    return out


def _mention_in(corpus: Corpus, claim_id: str, docs: tuple[str, ...]) -> Mention | None:
    mentions = corpus.claims[claim_id].mentions
    return next((m for m in mentions if m.doc in docs), mentions[0] if mentions else None)


@without_gc
def stance_matrix(corpus: Corpus, by: str = "actors", *, contested_only: bool = False) -> StanceMatrix:
    """Claims (rows) against actors, sides or documents (columns), contested claims first."""
    if by not in BY:
        raise ValueError(f"unknown column kind {by!r} (expected one of {', '.join(BY)})")
    links = index_links(corpus)
    stances = attributions(corpus, links)
    sides = side_of(corpus.sides)
    cells: dict[tuple[str, str], list[Stance]] = {}
    for st in stances:
        if by == "actors":
            keys = [st.actor]
        elif by == "sides":
            keys = [sides.get(st.actor, NO_SIDE)]
        else:
            keys = list(st.docs)
        for key in keys:
            cells.setdefault((st.claim, key), []).append(st)
    used = {col for _, col in cells}
    columns = _columns(corpus, by, used, stances, sides)
    ranks = {d.claim: i for i, d in enumerate(dispute_list(corpus, links))}
    per_claim: dict[str, int] = {}
    for claim, _col in cells:
        per_claim[claim] = per_claim.get(claim, 0) + 1
    order = {c: i for i, c in enumerate(corpus.claims)}
    rows = []
    for cid in sorted(per_claim.keys() | ranks.keys(), key=lambda c: (ranks.get(c, len(ranks)), -per_claim.get(c, 0), order[c])):
        contested = cid in ranks
        if contested_only and not contested:
            continue
        rows.append(Row(cid, corpus.claims[cid].text, contested, ranks.get(cid)))
    return StanceMatrix(by, columns, rows, cells)


def _columns(corpus: Corpus, by: str, used: set[str], stances: list[Stance], sides: dict[str, str]) -> list[Column]:
    if by == "documents":
        return [Column(d.id, d.title) for d in corpus.documents.values() if d.id in used]
    if by == "sides":
        cols = [Column(s.name, s.name) for s in corpus.sides if s.name in used]
        if NO_SIDE in used:
            cols.append(Column(NO_SIDE, NO_SIDE))
        return cols
    # actors: side by side in the sides' order, then the actors on no side, busiest first
    busy: dict[str, int] = {}
    for st in stances:
        busy[st.actor] = busy.get(st.actor, 0) + 1
    cols = []
    for side in corpus.sides:
        cols += [Column(a, corpus.actors[a].name, side.name) for a in side.actors if a in used and a in corpus.actors]
    rest = sorted((a for a in used if a not in sides and a in corpus.actors), key=lambda a: (-busy.get(a, 0), a))
    cols += [Column(a, corpus.actors[a].name, None) for a in rest]
    return cols

