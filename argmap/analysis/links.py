"""One pass over a corpus's relations, indexed the ways the analyses ask for them.

Works on format version 1 corpora (no undercuts, no voice) and version 2 alike: `voice`
defaults to "states" and undercuts are simply absent.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from argmap.model.annotations import Corpus, Relation
from argmap.model.json_text import gc_paused

UNDERCUT = "undercuts"
P = ParamSpec("P")
R = TypeVar("R")
VOICES = ("states", "suggests", "reports")


@dataclass(slots=True)
class Links:
    asserts: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))  # claim -> attributions
    denies: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))
    rebuts_in: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))  # target claim -> rebuts
    supports_in: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))
    undercuts_of: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))  # relation id -> undercuts
    by_actor: dict[str, list[Relation]] = field(default_factory=lambda: defaultdict(list))  # actor -> attributions


def without_gc(fn: Callable[P, R]) -> Callable[P, R]:
    """Run an analysis with the cyclic collector paused: it builds many small objects, all kept
    until it returns, and collector passes would only re-scan the whole corpus (a third of the time at 10,000 claims)."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with gc_paused():
            return fn(*args, **kwargs)

    return run


@without_gc
def index_links(corpus: Corpus) -> Links:
    links = Links()
    for rel in corpus.relations.values():
        kind = rel.kind
        if kind == "asserts":
            links.asserts[rel.target].append(rel)
            links.by_actor[rel.source].append(rel)
        elif kind == "denies":
            links.denies[rel.target].append(rel)
            links.by_actor[rel.source].append(rel)
        elif kind == "rebuts":
            links.rebuts_in[rel.target].append(rel)
        elif kind == "supports":
            links.supports_in[rel.target].append(rel)
        elif kind == UNDERCUT:
            links.undercuts_of[rel.target].append(rel)
    return links


def voice_of(rel: Relation) -> str:
    """An attribution's voice (v2); "states" where the model has none."""
    return getattr(rel, "voice", None) or "states"


def via_of(rel: Relation) -> str | None:
    return getattr(rel, "via", None)


def claim_docs(corpus: Corpus, claim_id: str) -> tuple[str, ...]:
    claim = corpus.claims.get(claim_id)
    return tuple(dict.fromkeys(m.doc for m in claim.mentions)) if claim else ()


def relation_docs(corpus: Corpus, rel: Relation) -> tuple[str, ...]:
    """The documents that carry a relation: its evidence, else where the claim it starts from is written.

    An attribution without a quote is taken to be made where the claim is written; an attack
    without a quote, where the attacking claim is written.
    """
    if rel.evidence:
        return tuple(dict.fromkeys(m.doc for m in rel.evidence))
    if rel.kind in ("asserts", "denies"):
        return claim_docs(corpus, rel.target)
    return claim_docs(corpus, rel.source)


def is_stated(rel: Relation) -> bool:
    """Whether the text says it (an evidence quote), rather than the annotator inferring it."""
    return bool(rel.evidence)
