"""Generated argument graphs for tests and benchmarks (no Qt).

The shape mimics real corpora: a few documents, claims with mentions in one or two of them,
support/rebut chains, actors asserting and denying claims. Deterministic for a seed.
"""

from __future__ import annotations

import random

import networkx as nx

_TEXT = ("the wall harbour flood river council cost report residents storm sea level data study shows "
         "evidence claim budget euros plan engineers risk years town old new will not because since")
WORDS = tuple(_TEXT.split(" "))


def synthetic_graph(n_nodes: int, n_edges: int, *, n_docs: int = 5, actor_share: float = 0.08, seed: int = 0) -> nx.MultiDiGraph:
    """A graph with the attributes of argmap.model.graph.build_graph: n_nodes nodes, about n_edges edges."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    docs = [f"doc{k}" for k in range(n_docs)]
    g.graph["documents"] = [{"id": d, "path": f"{d}.txt", "title": f"Document {k}"} for k, d in enumerate(docs)]
    n_actors = max(1, int(n_nodes * actor_share)) if n_nodes > 3 else 0
    n_claims = n_nodes - n_actors
    claims = [f"c{k}" for k in range(n_claims)]
    actors = [f"a{k}" for k in range(n_actors)]
    for k, c in enumerate(claims):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 30))).capitalize() + "."
        home = rng.randrange(n_docs)
        ds = [docs[home]] + ([docs[(home + 1) % n_docs]] if n_docs > 1 and rng.random() < 0.15 else [])
        g.add_node(c, kind="claim", role="claim", label=text, text=text, mentions=[], docs=ds,
                   origin="manual" if k % 17 == 3 else "seed")
    types = ("person", "organisation", "group")
    for k, a in enumerate(actors):
        name = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))).title()
        g.add_node(a, kind="actor", label=name, actor_type=types[k % 3], aliases=[])
    r = 0
    for _ in range(n_edges):
        if actors and rng.random() < 0.25:
            u, v, kind = rng.choice(actors), rng.choice(claims), ("asserts" if rng.random() < 0.8 else "denies")
        else:
            if n_claims < 2:
                continue
            vi = rng.randrange(n_claims)
            ui = min(n_claims - 1, vi + 1 + int(rng.expovariate(1 / 30)))  # reasons come after their target
            if ui == vi:
                continue
            u, v, kind = claims[ui], claims[vi], ("supports" if rng.random() < 0.7 else "rebuts")
        r += 1
        g.add_edge(u, v, key=f"r{r}", kind=kind, id=f"r{r}", origin="seed", evidence=[])
    for u, _, kind in g.edges(data="kind"):
        if kind == "rebuts":
            g.nodes[u]["role"] = "rebuttal"
    return g
