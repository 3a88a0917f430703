"""Where they disagree: every claim that is put forward and attacked, ranked, with both sides.

A claim is attacked when an actor denies it, another claim rebuts it, or the inference of a
support for it is undercut. Its side (pro) are the actors asserting it, and those asserting a
claim that undercuts a rebuttal of it; the other side (con) are the actors denying it and
those asserting the rebutting or undercutting claims. A claim nobody is credited with is put
forward by the documents quoting it (a party with no actor). Each attack is "stated" when
the text says it (an evidence quote) and "inferred" when only the annotator links the claims.

Ranking: the most contested dispute has the most actors on its weaker side, then the most
documents on its weaker side, then the most actors and documents in all; a one-sided
pile-on ranks below an even split.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.analysis.links import Links, claim_docs, index_links, is_stated, relation_docs, voice_of, without_gc
from argmap.model.annotations import Corpus, Relation


@dataclass(frozen=True, slots=True)
class Party:
    """One actor (or, with actor None, the text itself) on one side of a dispute, and how it got there."""

    actor: str | None
    how: str  # asserts, denies, rebuts, undercuts (a support of the claim), defends (undercuts a rebuttal of it)
    relation: str | None  # the attribution, rebut or undercut that puts the party there
    through: str | None = None  # the claim through which (the rebutting or undercutting claim)
    voice: str = "states"
    docs: tuple[str, ...] = ()
    stated: bool = True


@dataclass(frozen=True, slots=True)
class Attack:
    relation: str
    kind: str  # denies, rebuts or undercuts
    source: str  # the actor denying, or the attacking claim
    stated: bool
    note: str | None
    docs: tuple[str, ...]


@dataclass(slots=True)
class Dispute:
    claim: str
    pro: list[Party] = field(default_factory=list)
    con: list[Party] = field(default_factory=list)
    attacks: list[Attack] = field(default_factory=list)

    @property
    def pro_actors(self) -> list[str]:
        return _actors(self.pro)

    @property
    def con_actors(self) -> list[str]:
        return _actors(self.con)

    @property
    def pro_docs(self) -> list[str]:
        return _docs(self.pro)

    @property
    def con_docs(self) -> list[str]:
        return _docs(self.con)

    @property
    def stated(self) -> int:
        return sum(a.stated for a in self.attacks)

    @property
    def inferred(self) -> int:
        return sum(not a.stated for a in self.attacks)

    def rank_key(self) -> tuple[int, ...]:
        pa, ca, pd, cd = len(self.pro_actors), len(self.con_actors), len(self.pro_docs), len(self.con_docs)
        return (min(pa, ca), min(pd, cd), pa + ca, pd + cd, self.stated)


def _actors(parties: list[Party]) -> list[str]:
    return list(dict.fromkeys(p.actor for p in parties if p.actor is not None))


def _docs(parties: list[Party]) -> list[str]:
    return list(dict.fromkeys(d for p in parties for d in p.docs))


def _claim_parties(corpus: Corpus, links: Links, claim: str, how: str, rel: Relation) -> list[Party]:
    """The actors asserting `claim`, put on a side by `rel` (a rebut or undercut starting at `claim`)."""
    docs = relation_docs(corpus, rel)
    backers = links.asserts.get(claim, [])
    if not backers:
        return [Party(None, how, rel.id, claim, "states", docs, is_stated(rel))]
    return [Party(a.source, how, rel.id, claim, voice_of(a), tuple(dict.fromkeys((*docs, *relation_docs(corpus, a)))),
                  is_stated(rel)) for a in backers]


def dispute_of(corpus: Corpus, claim: str, links: Links | None = None) -> Dispute | None:
    """The dispute over one claim, or None when nothing attacks it."""
    links = links or index_links(corpus)
    d = Dispute(claim)
    for rel in links.denies.get(claim, ()):
        docs = relation_docs(corpus, rel)
        d.con.append(Party(rel.source, "denies", rel.id, None, voice_of(rel), docs, is_stated(rel)))
        d.attacks.append(Attack(rel.id, "denies", rel.source, is_stated(rel), rel.note, docs))
    for rel in links.rebuts_in.get(claim, ()):
        d.con += _claim_parties(corpus, links, rel.source, "rebuts", rel)
        d.attacks.append(Attack(rel.id, "rebuts", rel.source, is_stated(rel), rel.note, relation_docs(corpus, rel)))
        for cut in links.undercuts_of.get(rel.id, ()):
            d.pro += _claim_parties(corpus, links, cut.source, "defends", cut)
    for sup in links.supports_in.get(claim, ()):
        for cut in links.undercuts_of.get(sup.id, ()):
            d.con += _claim_parties(corpus, links, cut.source, "undercuts", cut)
            d.attacks.append(Attack(cut.id, "undercuts", cut.source, is_stated(cut), cut.note, relation_docs(corpus, cut)))
    if not d.attacks:
        return None
    backers = [Party(rel.source, "asserts", rel.id, None, voice_of(rel), relation_docs(corpus, rel), is_stated(rel))
               for rel in links.asserts.get(claim, ())]
    if not backers:
        backers = [Party(None, "asserts", None, None, "states", claim_docs(corpus, claim), True)]
    d.pro = backers + d.pro
    return d


@without_gc
def dispute_list(corpus: Corpus, links: Links | None = None) -> list[Dispute]:
    """Every dispute, most contested first (ties in file order)."""
    links = links or index_links(corpus)
    attacked = set(links.denies) | set(links.rebuts_in)
    attacked |= {sup.target for sups in links.supports_in.values() for sup in sups if sup.id in links.undercuts_of}
    found = []
    for i, cid in enumerate(corpus.claims):
        if cid in attacked:
            d = dispute_of(corpus, cid, links)
            if d is not None:
                found.append((i, d))
    found.sort(key=lambda pair: (tuple(-k for k in pair[1].rank_key()), pair[0]))
    return [d for _, d in found]
