"""Graph formats carry undercuts (a junction node per attacked link), voice, via, evidence and
notes, and the tools they are for read them: networkx, igraph, Graphviz (issues 13 and 16)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import warnings
from pathlib import Path

import igraph
import networkx as nx
import pytest

from argmap.io.graph_formats import export_dot, export_gexf
from argmap.io.networkx_formats import INFERENCE, export_graphml, export_node_link
from argmap.model.annotations import Corpus
from argmap.model.geometry import node_box
from argmap.model.graph import build_graph
from argmap.model.loading import load_corpus_or_raise

ROOT = Path(__file__).resolve().parents[1]
TINY_V2 = ROOT / "tests" / "data" / "tiny-v2"


@pytest.fixture
def corpus() -> Corpus:
    c = load_corpus_or_raise(TINY_V2)
    c.claims["wall-cost"].note = "dropped question: who pays?"  # a claim note, as importers keep them
    return c


def _undercuts(c: Corpus) -> dict[str, tuple[str, str]]:
    return {r.id: (r.source, r.target) for r in c.relations.values() if r.kind == "undercuts"}


def _check_exchange(g: nx.MultiDiGraph, c: Corpus, evidence_of=lambda v: v) -> None:
    """The graph read back says what the corpus says: junctions, halves, undercuts, voice, notes."""
    cuts = _undercuts(c)
    assert cuts, "the fixture has undercuts"
    attacked = {t for _, t in cuts.values()}
    junctions = {n for n, kind in g.nodes(data="kind") if kind == INFERENCE}
    assert junctions == attacked
    for j in junctions:
        rel = c.relations[j]
        assert (g.nodes[j]["relation_kind"], g.nodes[j]["relation_source"], g.nodes[j]["relation_target"]) == (
            rel.kind, rel.source, rel.target)
        assert g.has_edge(rel.source, j, f"{j}:source") and g.has_edge(j, rel.target, f"{j}:target")
        assert not any(key == j for *_, key in g.edges(keys=True)), "an attacked link is not also drawn whole"
    for cut, (source, target) in cuts.items():
        assert g.has_edge(source, target, cut) and g.edges[source, target, cut]["kind"] == "undercuts"
    plain = [r for r in c.relations.values() if r.kind != "undercuts" and r.id not in attacked]
    assert g.number_of_edges() == len(plain) + 2 * len(attacked) + len(cuts)
    r2 = g.edges["engineers", "wall-high-enough", "r2"]
    assert (r2["voice"], r2["via"]) == ("suggests", "council")
    assert g.edges["fisherman", "wall-cost", "r10"]["voice"] == "reports"
    assert "Height only matters" in g.edges["floods-from-river", "r3", "r12"]["note"]
    assert "river" in json.dumps(evidence_of(g.edges["floods-from-river", "r3", "r12"]["evidence"]))
    assert g.nodes["wall-cost"]["note"] == "dropped question: who pays?"


def test_graphml_reads_in_networkx_and_igraph_without_warnings(corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "map.graphml"
    path.write_text(export_graphml(corpus), encoding="utf-8")
    g = nx.read_graphml(path, force_multigraph=True)
    _check_exchange(g, corpus, evidence_of=json.loads)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # igraph's "there is already an 'id' edge attribute" was a RuntimeWarning
        ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.vcount() == g.number_of_nodes() and ig.ecount() == g.number_of_edges()
    halves = [f"{key}:{part}" if part else key for key, part in zip(ig.es["relation"], ig.es["part"], strict=True)]
    assert sorted(halves) == sorted(key for *_, key in g.edges(keys=True))
    cut = ig.es.find(relation="r12")
    assert ig.vs[cut.target]["id"] == "r3" and ig.vs[cut.target]["kind"] == INFERENCE


def test_gexf_carries_junctions_voice_and_notes(corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "map.gexf"
    path.write_text(export_gexf(corpus), encoding="utf-8")
    g = nx.read_gexf(path)
    keyed = nx.MultiDiGraph()  # networkx reads GEXF edge ids as an "id" attribute, not as keys
    keyed.add_nodes_from(g.nodes(data=True))
    keyed.add_edges_from((u, v, d["id"], d) for u, v, d in g.edges(data=True))
    _check_exchange(keyed, corpus, evidence_of=json.loads)
    r3 = corpus.relations["r3"]
    for axis in "xy":
        mid = (g.nodes[r3.source]["viz"]["position"][axis] + g.nodes[r3.target]["viz"]["position"][axis]) / 2
        assert g.nodes["r3"]["viz"]["position"][axis] == pytest.approx(mid, abs=0.02), "a junction sits halfway along its link"


def test_node_link_uses_links_for_d3_and_older_networkx(corpus: Corpus) -> None:
    data = json.loads(export_node_link(corpus))
    assert "links" in data and "edges" not in data
    ids = {n["id"] for n in data["nodes"]}
    assert all(link["source"] in ids and link["target"] in ids for link in data["links"]), "d3 joins links to nodes by id"
    assert set(data) == {"directed", "multigraph", "graph", "nodes", "links"}, "the keys networkx < 3.4 reads by default"
    g = nx.node_link_graph(data, edges="links")
    _check_exchange(g, corpus)


def test_dot_always_has_positions_and_neato_keeps_them(corpus: Corpus, tmp_path: Path) -> None:
    assert not corpus.positions, "the fixture has no saved layout: positions come from argmap's own layout"
    dot = export_dot(corpus)
    nodes = len(corpus.claims) + len(corpus.actors) + len({t for _, t in _undercuts(corpus).values()})
    assert dot.count(' pos="') == nodes
    assert '"floods-from-river" -> "r3" [id="r12"' in dot and 'label="hinted"' in dot
    w, h = node_box(build_graph(corpus), "wall-cost")  # boxes at the map's own size, so neato -n2 draws argmap's picture
    line = next(ln for ln in dot.splitlines() if ln.startswith('  "wall-cost" ['))
    assert f"width={w / 96:.3f}, height={h / 96:.3f}, fixedsize=shape" in line
    if shutil.which("neato") is None:
        pytest.skip("Graphviz `neato` is not installed")
    path = tmp_path / "map.dot"
    path.write_text(dot, encoding="utf-8")
    out = subprocess.run(["neato", "-n2", "-Tplain", str(path)], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    assert sum(ln.startswith("node ") for ln in out.stdout.splitlines()) == nodes
    svg = subprocess.run(["dot", "-Tsvg", str(path)], capture_output=True, text=True, timeout=30)
    assert svg.returncode == 0 and svg.stderr == "", svg.stderr


def test_graphml_of_a_corpus_without_undercuts_has_no_junctions() -> None:
    c = load_corpus_or_raise(ROOT / "tests" / "data" / "tiny")
    g = nx.read_graphml(io.StringIO(export_graphml(c)), force_multigraph=True)
    assert not [n for n, kind in g.nodes(data="kind") if kind == INFERENCE]
    assert {key for *_, key in g.edges(keys=True)} == set(c.relations)
