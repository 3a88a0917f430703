"""What still stands: the claims of a corpus as an argumentation framework, and why each is in or out.

How the map becomes a Dung framework (docs/ANALYSIS.md says the same for users):

- Every claim is an argument. A claim is put forward by the text it is quoted from, so it
  stands unless something attacks it; `supports` give no acceptance of their own (a
  supported claim is a premise too, as in ASPIC+ where the premise argument stands beside
  the argument inferred for it).
- `s rebuts t` is an attack of s on t, in the annotated direction: a CA node from s to t is a
  contrary, not a contradictory (Bex, Modgil, Prakken & Reed, "On logical specifications of
  the Argument Interchange Format", 2013). Two rebuts, each way, make a symmetric conflict.
- `u undercuts r` attacks the relation r, not a claim, as in AFRA (Baroni, Cerutti, Giacomin
  & Guida, "AFRA: Argumentation framework with recursive attacks", IJAR 52, 2011):
  * r a rebut s -> t: the attack becomes an argument of its own, "s's rebuttal of t",
    which attacks t and is attacked by u and by whatever attacks s (an attack fails with
    the claim it comes from). So t is out only if the rebuttal itself survives.
  * r a support s -> t: the inference from s to t is defeated; t's status does not change
    (supports gave it none), but the relation is reported as undercut.
- Restricting to sources (documents) and actors keeps the claims they carry and every
  attack among those claims: the sub-framework induced by the kept claims (a conflict
  between two claims holds whoever points it out). A claim is carried by a document that
  quotes it, and by an actor that asserts it (in the chosen voices; all by default). With
  both, a claim must be carried by both. Denials are stances, not arguments: they add no attack.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from argmap.analysis.framework import IN, OUT, UNDEC, Framework, Grounded, Preferred, grounded, preferred
from argmap.analysis.links import Links, index_links, voice_of, without_gc
from argmap.model.annotations import Corpus

ACCEPTED, REJECTED, UNDECIDED, EXCLUDED = "accepted", "rejected", "undecided", "excluded"
STATUS_OF_LABEL = {IN: ACCEPTED, OUT: REJECTED, UNDEC: UNDECIDED}
STATUSES = (ACCEPTED, REJECTED, UNDECIDED, EXCLUDED)
SEMANTICS = ("grounded", "preferred")
_AUX = "\x00rebuttal:"  # prefix of the argument standing for an undercut rebuttal (cannot clash with an id)


@dataclass(frozen=True, slots=True)
class Restriction:
    """Which sources and actors the user accepts; None = no restriction on that axis."""

    sources: frozenset[str] | None = None
    actors: frozenset[str] | None = None
    voices: frozenset[str] | None = None  # attribution voices that count for `actors`; None = every voice
    sides: tuple[str, ...] = ()  # the side names `actors` came from, to name them so in descriptions
    extra_actors: frozenset[str] = frozenset()  # with sides: actors ticked on their own

    @property
    def active(self) -> bool:
        return self.sources is not None or self.actors is not None

    def describe(self, corpus: Corpus) -> str:
        if not self.active:
            return "every source and actor"
        parts = []
        if self.sources is not None:
            names = [corpus.documents[d].title if d in corpus.documents else d for d in sorted(self.sources)]
            parts.append("sources: " + (", ".join(names) or "none"))
        if self.actors is not None:
            voices = f" ({', '.join(sorted(self.voices))} only)" if self.voices is not None else ""
            if self.sides:
                parts.append(("side: " if len(self.sides) == 1 else "sides: ") + ", ".join(self.sides) + voices)
                listed = self.extra_actors
            else:
                listed = self.actors
            names = [corpus.actors[a].name if a in corpus.actors else a for a in sorted(listed)]
            if names or not self.sides:
                parts.append("actors: " + (", ".join(names) or "none") + voices)
        return "; ".join(parts)


@dataclass(slots=True)
class ClaimStatus:
    claim: str
    status: str  # accepted / rejected / undecided / excluded
    why: str  # one sentence a reader can check against the map
    because: list[str] = field(default_factory=list)  # the claims the explanation names, in order
    credulous: bool = False  # in at least one preferred extension (when preferred was computed)


@dataclass(slots=True)
class StatusReport:
    semantics: str
    restriction: Restriction
    claims: dict[str, ClaimStatus]
    relations: dict[str, str]  # supports/rebuts/undercuts id -> holds / fails / undercut / undecided / excluded
    framework: Framework
    grounded: Grounded
    preferred: Preferred | None = None
    note: str = ""  # e.g. why preferred semantics fell back to grounded

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for st in self.claims.values():
            out[st.status] += 1
        return out

    def with_status(self, status: str) -> list[str]:
        return [c for c, st in self.claims.items() if st.status == status]


def carried_claims(corpus: Corpus, restriction: Restriction, links: Links | None = None) -> set[str]:
    """The claims the accepted sources and actors carry (every claim without a restriction)."""
    keep = set(corpus.claims)
    if restriction.sources is not None:
        docs = restriction.sources
        keep = {c for c in keep if any(m.doc in docs for m in corpus.claims[c].mentions)}
    if restriction.actors is not None:
        links = links or index_links(corpus)
        voices = restriction.voices
        asserted = {
            rel.target
            for actor in restriction.actors
            for rel in links.by_actor.get(actor, ())
            if rel.kind == "asserts" and (voices is None or voice_of(rel) in voices)
        }
        keep &= asserted
    return keep


def build_framework(corpus: Corpus, keep: Collection[str] | None = None, links: Links | None = None) -> Framework:
    """The Dung framework of the claims in `keep` (all claims when None), as the module docstring says."""
    links = links or index_links(corpus)
    kept = set(corpus.claims) if keep is None else set(keep)
    args: list[str] = [c for c in corpus.claims if c in kept]
    direct: list[tuple[str, str]] = []
    undercut: list[tuple[str, str, str, list[str]]] = []  # (aux id, source, target, undercutters)
    for target in args:
        for rel in links.rebuts_in.get(target, ()):
            if rel.source not in kept:
                continue
            cutters = [u.source for u in links.undercuts_of.get(rel.id, ()) if u.source in kept]
            if cutters:
                undercut.append((_AUX + rel.id, rel.source, target, cutters))
            else:
                direct.append((rel.source, target))
    attackers: dict[str, list[str]] = {}
    for a, b in direct:
        attackers.setdefault(b, []).append(a)
    for aux, _s, t, _cutters in undercut:
        attackers.setdefault(t, []).append(aux)
    attacks = list(direct)
    for aux, s, t, cutters in undercut:
        args.append(aux)
        attacks.append((aux, t))
        attacks.extend((u, aux) for u in cutters)
        attacks.extend((a, aux) for a in attackers.get(s, ()))  # the rebuttal fails when its claim does
    return Framework(args, attacks)


@without_gc
def acceptance(corpus: Corpus, restriction: Restriction | None = None, *, semantics: str = "grounded",
               preferred_steps: int | None = None) -> StatusReport:
    """Every claim's status under `semantics` ("grounded", or "preferred": sceptically accepted)."""
    if semantics not in SEMANTICS:
        raise ValueError(f"unknown semantics {semantics!r} (expected one of {', '.join(SEMANTICS)})")
    restriction = restriction or Restriction()
    links = index_links(corpus)
    kept = carried_claims(corpus, restriction, links)
    af = build_framework(corpus, kept, links)
    g = grounded(af)
    pref: Preferred | None = None
    note = ""
    if semantics == "preferred":
        pref = preferred(af, g) if preferred_steps is None else preferred(af, g, steps=preferred_steps)
        if pref.too_large:
            note = pref.reason
    use_pref = pref is not None and not pref.too_large
    explain = _Explainer(corpus, links, af, g, pref if use_pref else None)
    claims: dict[str, ClaimStatus] = {}
    for cid in corpus.claims:
        if cid in kept:
            claims[cid] = explain.claim(cid)
    for cid in corpus.claims:
        if cid not in kept:
            claims[cid] = _excluded(cid, links, claims, explain)
    claims = {cid: claims[cid] for cid in corpus.claims}
    relations = _relation_statuses(corpus, links, af, g, kept)
    return StatusReport(semantics if use_pref or semantics == "grounded" else "grounded", restriction, claims,
                        relations, af, g, pref, note)


_FARES = {IN: "holds", OUT: "fails", UNDEC: "undecided"}


def _excluded(cid: str, links: Links, claims: dict[str, ClaimStatus], explain: _Explainer) -> ClaimStatus:
    """Not carried; and when an accepted claim rebuts it, say so: the accepted sources contradict it."""
    against = [r.source for r in links.rebuts_in.get(cid, ()) if r.source in claims and claims[r.source].status == ACCEPTED]
    if not against:
        return ClaimStatus(cid, EXCLUDED, "not carried by the accepted sources or actors")
    return ClaimStatus(cid, EXCLUDED, "not carried by the accepted sources or actors, and rebutted by "
                       f"{explain.name(against[0])}, which they accept", against[:1])


def _relation_statuses(corpus: Corpus, links: Links, af: Framework, g: Grounded, kept: set[str]) -> dict[str, str]:
    """How each claim-to-claim relation fares under the grounded labelling."""
    out: dict[str, str] = {}
    lab = g.as_dict()
    undercuts = links.undercuts_of
    for rel in corpus.relations.values():
        kind = rel.kind
        if kind == "asserts" or kind == "denies":
            continue
        if rel.source not in kept:
            out[rel.id] = EXCLUDED
        elif kind == "undercuts":
            target = corpus.relations.get(rel.target)
            fine = target is not None and target.source in kept and target.target in kept
            out[rel.id] = _FARES[lab[rel.source]] if fine else EXCLUDED
        elif rel.target not in kept:
            out[rel.id] = EXCLUDED
        elif rel.id not in undercuts:
            out[rel.id] = _FARES[lab[rel.source]]
        else:
            cutters = [lab[u.source] for u in undercuts[rel.id] if u.source in kept]
            if kind == "rebuts" and cutters:
                label = lab[_AUX + rel.id]
                out[rel.id] = "undercut" if label == OUT and IN in cutters else _FARES[label]
            elif IN in cutters:
                out[rel.id] = "undercut"
            elif lab[rel.source] == IN and UNDEC in cutters:
                out[rel.id] = "undecided"
            else:
                out[rel.id] = _FARES[lab[rel.source]]
    return out


class _Explainer:
    """Turns labels into sentences that name the claims deciding them."""

    def __init__(self, corpus: Corpus, links: Links, af: Framework, g: Grounded, pref: Preferred | None) -> None:
        self.corpus, self.links, self.af, self.g, self.pref = corpus, links, af, g, pref

    def name(self, arg: str) -> str:
        if arg.startswith(_AUX):
            rel = self.corpus.relations[arg[len(_AUX):]]
            return f"the rebuttal by {self.quote(rel.source)} ({rel.id})"
        return self.quote(arg)

    def quote(self, claim_id: str) -> str:
        text = " ".join(self.corpus.claims[claim_id].text.split())
        return f"“{text if len(text) <= 70 else text[:69] + '…'}”"

    def claims_of(self, args: Iterable[str]) -> list[str]:
        out = []
        for a in args:
            if a.startswith(_AUX):
                rel = self.corpus.relations[a[len(_AUX):]]
                out.append(rel.source)
            else:
                out.append(a)
        return list(dict.fromkeys(out))

    def claim(self, cid: str) -> ClaimStatus:
        g_label = self.g.label(cid)
        if self.pref is None:
            return self.grounded_reason(cid, g_label)
        p = self.pref
        label = p.label(cid)
        base = self.grounded_reason(cid, g_label)
        credulous = cid in p.credulous
        if label == g_label:
            base.credulous = credulous
            if label == UNDEC and credulous:
                base.why += f"; accepted in some of the {p.count} preferred extensions, not in all"
            elif label == UNDEC:
                base.why += "; in no preferred extension either"
            return base
        # preferred decides what grounded left open (arguments are IN/OUT in both or UNDEC in grounded)
        status = STATUS_OF_LABEL[label]
        ext = "every" if p.count > 1 else "the"
        if label == IN:
            why = f"accepted: in {ext} preferred extension; grounded semantics leaves it undecided ({base.why[11:]})"
        else:
            why = f"rejected: attacked in {ext} preferred extension; grounded semantics leaves it undecided ({base.why[11:]})"
        return ClaimStatus(cid, status, why, base.because, credulous)

    def grounded_reason(self, cid: str, label: str) -> ClaimStatus:
        af, g = self.af, self.g
        attackers = af.attackers_of(cid)
        if label == IN:
            if not attackers:
                return ClaimStatus(cid, ACCEPTED, "accepted: nothing attacks it")
            parts = [f"{self.name(a)} is rejected ({self.out_reason(a)})" for a in attackers[:3]]
            more = f", and {len(attackers) - 3} more" if len(attackers) > 3 else ""
            return ClaimStatus(cid, ACCEPTED, "accepted: every attack on it fails: " + "; ".join(parts) + more,
                               self.claims_of(attackers))
        if label == OUT:
            culprit = af.ids[g.culprit[af.index[cid]]]
            return ClaimStatus(cid, REJECTED, f"rejected: attacked by {self.name(culprit)}, {self.in_reason(culprit)}",
                               self.claims_of([culprit]))
        undecided = [a for a in attackers if g.label(a) == UNDEC]
        cycle = self.cycle_through(cid)
        lead = f"undecided: attacked by {self.name(undecided[0])}, which is itself undecided" if undecided else "undecided"
        if len(cycle) == 1:
            lead += "; it attacks itself"
        elif cycle:
            if len(cycle) == 2:
                lead += "; the two attack each other and nothing settles which wins"
            else:
                odd = "an odd" if len(cycle) % 2 else "an even"
                lead += f"; they are caught in {odd} cycle of {len(cycle)} attacks"
        return ClaimStatus(cid, UNDECIDED, lead, self.claims_of(undecided[:1] + [a for a in cycle if a != cid]))

    def in_reason(self, arg: str) -> str:
        attackers = self.af.attackers_of(arg)
        if not attackers:
            if arg.startswith(_AUX):
                return "which nothing undercuts or attacks"
            return "which nothing attacks"
        first = attackers[0]
        more = f" (and {len(attackers) - 1} more)" if len(attackers) > 1 else ""
        return f"which stands: its attacker {self.name(first)}{more} is rejected"

    def out_reason(self, arg: str) -> str:
        culprit = self.af.ids[self.g.culprit[self.af.index[arg]]]
        if arg.startswith(_AUX):
            rel_id = arg[len(_AUX):]
            if culprit in {u.source for u in self.links.undercuts_of.get(rel_id, ())}:
                return f"undercut by {self.name(culprit)}"
        how = "which nothing attacks" if not self.af.attackers_of(culprit) else "which stands"
        return f"attacked by {self.name(culprit)}, {how}"

    def cycle_through(self, cid: str, limit: int = 12) -> list[str]:
        """A shortest cycle of undecided attacks back to `cid` (its members, cid first), or []."""
        af, g = self.af, self.g
        start = af.index[cid]
        prev = {start: -1}
        frontier = [start]
        for _ in range(limit):
            nxt = []
            for a in frontier:
                for b in af.attackers[a]:  # walk against the attacks: who attacks whom back to cid
                    if g.labels[b] != UNDEC:
                        continue
                    if b == start:
                        path = [a]
                        while prev[path[-1]] != -1:
                            path.append(prev[path[-1]])
                        return [af.ids[i] for i in reversed(path)]
                    if b not in prev:
                        prev[b] = a
                        nxt.append(b)
            frontier = nxt
            if not frontier:
                break
        return []
