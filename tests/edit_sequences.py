"""Random edit sequences for the incremental-update tests: every kind of command, undo and redo.

`random_step(corpus, rng)` returns a command that makes sense on the corpus now (or None);
the tests push it, or undo or redo, then compare what was updated in place with a fresh build.
"""

from __future__ import annotations

import random

from argmap.commands import (
    AddActor,
    AddClaim,
    AddRelation,
    Attribute,
    ChangeRelationKind,
    DeleteActor,
    DeleteClaim,
    DeleteRelation,
    EditClaimText,
    MoveNodes,
    ReverseRelation,
)
from argmap.model.annotations import Corpus, ModelError
from argmap.model.graph import build_graph

ACTIONS = ("link", "undercut", "attribute", "claim", "delete-claim", "delete-link", "actor", "delete-actor",
           "text", "reverse", "kind", "move", "undo", "redo", "undo")


def random_step(corpus: Corpus, rng: random.Random, action: str):
    """A command for `action`, or None when the corpus offers nothing for it (or the pick makes no sense)."""
    claims, actors, rels = list(corpus.claims), list(corpus.actors), list(corpus.relations)
    try:
        if action == "link" and len(claims) > 1:
            return AddRelation(corpus, rng.choice(("supports", "rebuts")), *rng.sample(claims, 2))
        if action == "undercut" and rels and claims:
            return AddRelation(corpus, "undercuts", rng.choice(claims), rng.choice(rels))
        if action == "attribute" and actors and claims:
            return Attribute(corpus, rng.choice(actors), rng.choice(claims), rng.choice(("asserts", "denies")))
        if action == "claim" and claims:
            m = corpus.claims[rng.choice(claims)].mentions[0]
            return AddClaim(corpus, f"claim {rng.randrange(10**6)}", m,
                            actor=rng.choice(actors) if actors and rng.random() < 0.5 else None)
        if action == "delete-claim" and claims:
            return DeleteClaim(corpus, rng.choice(claims))
        if action == "delete-link" and rels:
            return DeleteRelation(corpus, rng.choice(rels))
        if action == "actor":
            return AddActor(corpus, f"Actor {rng.randrange(10**6)}")
        if action == "delete-actor" and actors:
            return DeleteActor(corpus, rng.choice(actors))
        if action == "text" and claims:
            return EditClaimText(corpus, rng.choice(claims), f"edited {rng.randrange(10**6)}")
        if action == "reverse" and rels:
            return ReverseRelation(corpus, rng.choice(rels))
        if action == "kind" and rels:
            return ChangeRelationKind(corpus, rng.choice(rels), rng.choice(("supports", "rebuts")))
        if action == "move" and claims:
            return MoveNodes(corpus, {rng.choice(claims): (rng.uniform(-500, 500), rng.uniform(-500, 500))})
    except ModelError:
        return None
    return None


def graph_items(g) -> tuple[dict, dict, list]:
    """A graph as comparable data: node attributes by id, edges by key, the graph's attributes."""
    nodes = {n: dict(d) for n, d in g.nodes(data=True)}
    edges = {k: (u, v, dict(d)) for u, v, k, d in g.edges(keys=True, data=True)}
    return nodes, edges, g.graph.get("documents")


def fresh_graph_items(corpus: Corpus) -> tuple[dict, dict, list]:
    return graph_items(build_graph(corpus))


def painter_items(mp) -> tuple[dict, dict, list, float]:
    """A MapPainter as comparable data: nodes and edges by id (what is drawn for each), kinds, typical height."""
    nodes = {n: (float(mp.w[i]), float(mp.h[i]), round(float(mp.cx[i]), 6), round(float(mp.cy[i]), 6), int(mp.role[i]),
                 bool(mp.manual[i]), mp.labels[i], mp.glyphs[i], float(mp._weight[i])) for n, i in mp.index.items()}
    edges = {k: (mp.ids[mp.esrc[i]], mp.ids[mp.edst[i]], mp.ekind[i], mp.edge_kinds[mp.ekind_idx[i]], mp.evoice[i],
                 bool(mp.voiced[i]), mp.ekeys[mp.eattack[i]] if mp.eattack[i] >= 0 else None)
             for k, i in mp.edge_index.items()}
    assert len(mp.ids) == len(mp.index) == len(mp.w) and len(mp.ekeys) == len(mp.esrc) == len(mp.edge_index)
    undercuts = sorted(mp.ekeys[i] for i in mp.undercuts)
    return nodes, edges, [mp.edge_kinds, undercuts], round(float(mp._typical_h), 6)
