"""The graph built from tests/data/tiny, and the queries the map window runs on it."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from argmap.model.annotations import Corpus
from argmap.model.graph import build_graph, edges_between, filter_nodes, k_hop, neighbours, search
from argmap.model.loading import load_corpus

TINY = Path(__file__).resolve().parent / "data" / "tiny"
CLAIMS = ["wall-stops-floods", "wall-high-enough", "floods-from-river", "river-flooded", "wall-wont-stop", "wall-cost"]
ACTORS = ["council", "engineers", "residents", "fisherman", "mayor"]


@pytest.fixture
def corpus() -> Corpus:
    result = load_corpus(TINY)
    assert result.ok
    return result.corpus


@pytest.fixture
def g(corpus: Corpus) -> nx.MultiDiGraph:
    return build_graph(corpus)


def test_nodes_and_edges_match_the_corpus(g: nx.MultiDiGraph, corpus: Corpus) -> None:
    assert list(g.nodes) == CLAIMS + ACTORS
    assert g.number_of_edges() == len(corpus.relations) == 11
    assert sorted(key for _, _, key in g.edges(keys=True)) == sorted(corpus.relations)
    assert g.graph["documents"] == [
        {"id": "alpha", "path": "alpha.txt", "title": "Harbour report"},
        {"id": "beta", "path": "beta.txt", "title": "Letters to the editor"},
    ]


def test_claim_node_attributes(g: nx.MultiDiGraph, corpus: Corpus) -> None:
    rebutting = {r.source for r in corpus.relations.values() if r.kind == "rebuts"}
    assert rebutting == {"floods-from-river", "wall-wont-stop"}
    for claim_id in CLAIMS:
        node = g.nodes[claim_id]
        claim = corpus.claims[claim_id]
        assert node["kind"] == "claim"
        assert node["role"] == ("rebuttal" if claim_id in rebutting else "claim")
        assert node["label"] == node["text"] == claim.text
        assert node["mentions"] == [{"doc": m.doc, "start": m.start, "end": m.end, "quote": m.quote} for m in claim.mentions]
        assert node["origin"] == "seed"
    assert g.nodes["floods-from-river"]["docs"] == ["alpha", "beta"]
    assert g.nodes["floods-from-river"]["mentions"][1]["quote"] == "the river is the cause"


def test_actor_node_attributes(g: nx.MultiDiGraph) -> None:
    assert g.nodes["council"] == {
        "kind": "actor",
        "label": "Town council",
        "actor_type": "organisation",
        "aliases": ["The council"],
    }
    assert {a: g.nodes[a]["actor_type"] for a in ACTORS} == {
        "council": "organisation",
        "engineers": "group",
        "residents": "group",
        "fisherman": "person",
        "mayor": "person",
    }


def test_edges_are_keyed_by_relation_id(g: nx.MultiDiGraph, corpus: Corpus) -> None:
    for rel in corpus.relations.values():
        data = g.edges[rel.source, rel.target, rel.id]
        assert data["kind"] == rel.kind and data["id"] == rel.id and data["origin"] == rel.origin
        assert data["evidence"] == [m.to_json() for m in rel.evidence]
        assert "note" not in data
    assert g.edges["council", "wall-stops-floods", "r1"]["evidence"] == [
        {"doc": "alpha", "start": 16, "end": 32, "quote": "The council says"}
    ]
    assert g.edges["engineers", "wall-high-enough", "r2"]["evidence"] == []


def test_note_and_manual_origin_reach_the_edge(corpus: Corpus) -> None:
    corpus.update_relation("r3", note="engineers' figures", origin="manual", created="2026-11-22T10:00:00")
    data = build_graph(corpus).edges["wall-high-enough", "wall-stops-floods", "r3"]
    assert data["note"] == "engineers' figures" and data["origin"] == "manual"


def test_two_relations_between_the_same_nodes_are_two_edges(corpus: Corpus) -> None:
    from argmap.model.annotations import Relation

    corpus.add_relation(Relation("r12", "denies", "fisherman", "wall-cost"))  # r10: fisherman asserts wall-cost
    g = build_graph(corpus)
    assert set(g["fisherman"]["wall-cost"]) == {"r10", "r12"}


def test_neighbours_by_kind_and_direction(g: nx.MultiDiGraph) -> None:
    assert set(neighbours(g, "wall-stops-floods")) == {"council", "wall-high-enough", "floods-from-river", "wall-wont-stop"}
    assert set(neighbours(g, "wall-stops-floods", kinds=["rebuts"], direction="in")) == {"floods-from-river", "wall-wont-stop"}
    assert neighbours(g, "wall-stops-floods", direction="out") == []
    assert neighbours(g, "wall-stops-floods", kinds=["supports"]) == ["wall-high-enough"]
    assert set(neighbours(g, "floods-from-river", direction="out")) == {"wall-stops-floods", "wall-wont-stop"}
    assert neighbours(g, "floods-from-river", kinds=["supports"], direction="out") == ["wall-wont-stop"]
    assert set(neighbours(g, "floods-from-river", direction="in")) == {"residents", "river-flooded"}
    assert set(neighbours(g, "fisherman", kinds=["asserts", "denies"])) == {"wall-wont-stop", "wall-cost"}
    assert neighbours(g, "fisherman", direction="in") == []


def _bfs(corpus: Corpus, start: str, k: int) -> set[str]:
    """Reference k-hop straight from the relation list, ignoring direction."""
    seen = {start}
    for _ in range(k):
        pairs = [(r.source, r.target) for r in corpus.relations.values()]
        seen = seen | {t for s, t in pairs if s in seen} | {s for s, t in pairs if t in seen}
    return seen


def test_k_hop(g: nx.MultiDiGraph, corpus: Corpus) -> None:
    assert k_hop(g, "mayor", 0) == {"mayor"}
    assert k_hop(g, "mayor", 1) == {"mayor", "wall-cost"}
    assert k_hop(g, "mayor", 2) == {"mayor", "wall-cost", "fisherman"}
    assert k_hop(g, ["mayor", "council"], 1) == {"mayor", "wall-cost", "council", "wall-stops-floods"}
    assert k_hop(g, "unknown", 2) == set()
    for node in g.nodes:
        for k in (0, 1, 2):
            assert k_hop(g, node, k) == _bfs(corpus, node, k), (node, k)


def test_k_hop_by_kind(g: nx.MultiDiGraph) -> None:
    assert k_hop(g, "river-flooded", 2, kinds=["supports"]) == {"river-flooded", "floods-from-river", "wall-wont-stop"}
    assert k_hop(g, "river-flooded", 2) > k_hop(g, "river-flooded", 2, kinds=["supports"])


def test_filter_by_document(g: nx.MultiDiGraph, corpus: Corpus) -> None:
    in_beta = {c.id for c in corpus.claims.values() if any(m.doc == "beta" for m in c.mentions)}
    assert in_beta == {"floods-from-river", "wall-wont-stop", "wall-cost"}
    assert filter_nodes(g, documents=["beta"]) == in_beta | {"residents", "fisherman", "mayor"}
    assert filter_nodes(g, documents=["alpha"]) == {
        "wall-stops-floods", "wall-high-enough", "floods-from-river", "river-flooded", "council", "engineers", "residents"
    }  # fmt: skip
    assert filter_nodes(g) == set(CLAIMS + ACTORS)
    assert filter_nodes(g, documents=[]) == set()


def test_filter_by_actor(g: nx.MultiDiGraph) -> None:
    assert filter_nodes(g, actors=["fisherman"]) == {"fisherman", "wall-wont-stop", "wall-cost"}
    assert filter_nodes(g, actors=["mayor", "council"]) == {"mayor", "wall-cost", "council", "wall-stops-floods"}
    assert filter_nodes(g, actors=["mayor"], documents=["alpha"]) == set()


def test_filter_by_relation_kind(g: nx.MultiDiGraph) -> None:
    assert filter_nodes(g, kinds=["denies"]) == set(CLAIMS) | {"mayor"}
    assert filter_nodes(g, kinds=["supports", "rebuts"]) == set(CLAIMS)
    shown = filter_nodes(g, kinds=["supports"])
    assert {(u, v, key) for u, v, key, _ in edges_between(g, shown, ["supports"])} == {
        ("wall-high-enough", "wall-stops-floods", "r3"),
        ("floods-from-river", "wall-wont-stop", "r9"),
        ("river-flooded", "floods-from-river", "r6"),
    }
    assert edges_between(g, {"mayor", "wall-cost"}, ["asserts"]) == []


def test_search_label_quote_alias_case_insensitive(g: nx.MultiDiGraph) -> None:
    assert search(g, "HARBOUR WALL") == ["wall-stops-floods", "wall-high-enough", "wall-wont-stop"]
    assert search(g, "the river is the cause") == ["floods-from-river"]  # only in a quote of beta
    # alias "The council" (the label is "Town council"); then the claim whose link r1 quotes "The council says"
    assert search(g, "the council") == ["council", "wall-stops-floods"]
    assert search(g, "  Mayor ") == ["mayor", "wall-cost"]  # r11 quotes "The mayor denies that the wall…"
    assert search(g, "") == [] and search(g, "   ") == []
    assert search(g, "nothing like this") == []
    assert search(g, "🌊") == []  # the emoji is in the text, but in no label, quote or alias


def test_search_ranks_label_matches_first(corpus: Corpus) -> None:
    corpus.set_claim_text("wall-cost", "Cost overruns are the cause of the delay.")
    corpus.update_actor("mayor", aliases=["Harbour master"])
    g = build_graph(corpus)
    # floods-from-river comes first in the graph but matches only by quote
    assert search(g, "cause") == ["wall-cost", "floods-from-river"]
    assert search(g, "harbour")[-1] == "mayor"


def test_search_finds_links_by_evidence_quote_and_note(corpus: Corpus) -> None:
    corpus.update_relation("r3", note="Figures from the SURVEY of 2019")
    g = build_graph(corpus)
    # only in the note of r3 (wall-high-enough supports wall-stops-floods): both ends are found, source first
    assert search(g, "survey of 2019") == ["wall-high-enough", "wall-stops-floods"]
    # only in the evidence quote of r4 (residents assert floods-from-river)
    assert "old town reject" not in " ".join(d["label"] for _, d in g.nodes(data=True)).casefold()
    assert search(g, "old town reject") == ["residents", "floods-from-river"]
    # an end that already matched by its own text is listed once, in its better rank
    assert search(g, "residents")[0] == "residents" and search(g, "residents").count("residents") == 1


def _by_api(corpus: Corpus) -> nx.MultiDiGraph:
    """The graph built the slow way, one add_node and add_edge call per item."""
    from argmap.model.graph import actor_attrs, claim_attrs, documents_attr, edge_of

    g = nx.MultiDiGraph()
    g.graph["documents"] = documents_attr(corpus)
    rebutting = {r.source for r in corpus.relations.values() if r.kind == "rebuts"}
    for c in corpus.claims.values():
        g.add_node(c.id, **claim_attrs(c, c.id in rebutting))
    for a in corpus.actors.values():
        g.add_node(a.id, **actor_attrs(a))
    for r in corpus.relations.values():
        u, v, attrs = edge_of(r, corpus.relations)
        g.add_edge(u, v, key=r.id, **attrs)
    return g


def _everything(g) -> tuple:
    """Nodes, edges and both adjacencies with their data, in storage order."""
    adj = lambda a: [(u, [(v, list(kd.items())) for v, kd in a[u].items()]) for u in a]  # noqa: E731
    return (g.graph, list(g.nodes(data=True)), list(g.edges(keys=True, data=True)), adj(g._succ), adj(g._pred))


@pytest.mark.parametrize("name", ["seeds", "tiny"])
def test_filled_graphs_are_the_graphs_add_edge_builds(name: str) -> None:
    from argmap.model.graph import build_light_graph
    from argmap.paths import seed_corpus_dir
    from tests.conftest import DATA

    corpus = load_corpus(seed_corpus_dir() if name == "seeds" else DATA / "tiny").corpus
    want = _by_api(corpus)
    got = build_graph(corpus)
    assert _everything(got) == _everything(want)
    assert nx.utils.graphs_equal(got, want)
    assert _everything(build_light_graph(corpus)) == _everything(want)
    u, v, k = next(iter(got.edges(keys=True)))
    assert got.succ[u][v][k] is got.pred[v][u][k]  # one data dict seen from both ends, as add_edge makes it
