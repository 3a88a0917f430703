"""The argument under one claim as a tree: what supports it, what attacks it, and so on down.

Readers of Kialo and Argdown read an argument as an indented list. Under a claim come the
claims that support or rebut it; under each of those, the undercuts of that very link (they
attack the step from it to its parent, not the claim) and then what supports or rebuts it in
turn. A claim already on the path from the root is listed again but not opened (cycles are
common in real corpora), and entries are produced one level at a time, so a 5,000-claim corpus
costs only what the reader opens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.model.annotations import CLAIM_RELATIONS, Corpus

ORDER = {"supports": 0, "rebuts": 1, "undercuts": 2, "asserts": 0, "denies": 1}


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of the outline: `node` reached from its parent row through `relation` of `kind`."""

    node: str
    kind: str  # "root", "supports", "rebuts", "undercuts", or for an actor's claims "asserts"/"denies"
    relation: str | None  # the relation linking it to the parent row (None for the root)
    path: tuple[str, ...] = field(default=())  # nodes from the root down to the parent row
    repeat: bool = False  # already on the path above: shown, never opened

    @property
    def attack(self) -> bool:
        return self.kind in ("rebuts", "undercuts", "denies")


def root_entry(corpus: Corpus, node: str) -> Entry | None:
    return Entry(node, "root", None) if corpus.node(node) is not None else None


def children(corpus: Corpus, entry: Entry) -> list[Entry]:
    """The rows under `entry`: supporters first, then rebuttals, then undercuts of its own link.

    For an actor, the claims it asserts and then those it denies.
    """
    if entry.repeat:
        return []
    path = (*entry.path, entry.node)
    found: list[tuple[int, int, Entry]] = []
    if entry.node in corpus.actors:
        for k, rel in enumerate(corpus.relations_of(entry.node)):
            if rel.source == entry.node and rel.kind in ("asserts", "denies"):
                found.append((ORDER[rel.kind], k, Entry(rel.target, rel.kind, rel.id, path, rel.target in path)))
    else:
        for k, rel in enumerate(corpus.relations_of(entry.node)):
            if rel.target == entry.node and rel.kind in CLAIM_RELATIONS:
                found.append((ORDER[rel.kind], k, Entry(rel.source, rel.kind, rel.id, path, rel.source in path)))
        if entry.relation is not None and entry.kind in CLAIM_RELATIONS:
            for k, rel in enumerate(corpus.undercuts_of(entry.relation)):
                found.append((ORDER["undercuts"], k, Entry(rel.source, "undercuts", rel.id, path, rel.source in path)))
    return [e for _, _, e in sorted(found, key=lambda t: (t[0], t[1]))]


def counts(corpus: Corpus, entry: Entry) -> tuple[int, int]:
    """(for, against): how many rows open under `entry` support it and how many attack it."""
    rows = children(corpus, entry)
    against = sum(1 for e in rows if e.attack)
    return len(rows) - against, against


def subtree_size(corpus: Corpus, entry: Entry, limit: int = 999) -> int:
    """How many rows the whole tree under `entry` holds (cycles cut), counting up to `limit`."""
    seen = 0
    stack = children(corpus, entry)
    while stack and seen < limit:
        e = stack.pop()
        seen += 1
        stack.extend(children(corpus, e))
    return seen


def speakers(corpus: Corpus, claim_id: str) -> tuple[list[str], list[str]]:
    """Names of the actors who assert and who deny a claim, in file order."""
    said: list[str] = []
    denied: list[str] = []
    for rel in corpus.relations_of(claim_id):
        if rel.target == claim_id and rel.kind in ("asserts", "denies") and rel.source in corpus.actors:
            (said if rel.kind == "asserts" else denied).append(corpus.actors[rel.source].name)
    return said, denied
