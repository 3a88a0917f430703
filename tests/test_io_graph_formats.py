"""GEXF and DOT exports parse back (networkx.read_gexf, Graphviz `dot`) with argmap's styling."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest

from argmap.cli import main
from argmap.io.graph_formats import EDGE_COLOURS, NODE_COLOURS, export_dot, export_gexf, wrap_label
from argmap.model.graph import build_graph
from argmap.model.loading import load_corpus_or_raise

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "data" / "tiny"


def _rgb(hex_: str) -> tuple[int, int, int]:
    return int(hex_[1:3], 16), int(hex_[3:5], 16), int(hex_[5:7], 16)


def test_gexf_reads_back_with_kinds_colours_and_positions(tmp_path: Path) -> None:
    corpus = load_corpus_or_raise(TINY)
    path = tmp_path / "map.gexf"
    path.write_text(export_gexf(corpus), encoding="utf-8")
    g = nx.read_gexf(path)
    model = build_graph(corpus)
    assert set(g.nodes) == set(model.nodes)
    assert g.number_of_edges() == len(corpus.relations)
    for n, data in g.nodes(data=True):
        expected = model.nodes[n]
        assert data["label"] == expected["label"] and data["kind"] == expected["kind"]
        role = expected.get("role") or "actor"
        colour = data["viz"]["color"]
        assert (colour["r"], colour["g"], colour["b"]) == _rgb(NODE_COLOURS[role])
        if expected["kind"] == "actor":
            assert data["actor_type"] == expected["actor_type"]
        else:
            assert data["role"] == expected["role"]
    positions = {(d["viz"]["position"]["x"], d["viz"]["position"]["y"]) for _, d in g.nodes(data=True)}
    assert len(positions) == g.number_of_nodes(), "every node has its own place"
    for u, v, data in g.edges(data=True):
        rel = corpus.relations[data["id"]]
        assert (rel.source, rel.target, rel.kind) == (u, v, data["kind"])
    # networkx does not read edge colours back: check them in the XML (GEXF viz:color on edges)
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    edges = ElementTree.parse(path).getroot().findall(".//g:edge", ns)
    assert len(edges) == len(corpus.relations)
    for edge in edges:
        colour = edge.find("viz:color", ns)
        kind = corpus.relations[edge.get("id")].kind
        assert (int(colour.get("r")), int(colour.get("g")), int(colour.get("b"))) == _rgb(EDGE_COLOURS[kind])


def test_gexf_uses_saved_positions_with_y_up(tmp_path: Path) -> None:
    corpus = load_corpus_or_raise(TINY)
    ids = [*corpus.claims, *corpus.actors]
    corpus.set_positions({n: (10.0 * i, 20.0 * i) for i, n in enumerate(ids)})
    path = tmp_path / "map.gexf"
    path.write_text(export_gexf(corpus), encoding="utf-8")
    g = nx.read_gexf(path)
    for i, n in enumerate(ids):
        pos = g.nodes[n]["viz"]["position"]
        assert (pos["x"], pos["y"]) == (10.0 * i, -20.0 * i)


def test_dot_escapes_and_wraps_labels() -> None:
    corpus = load_corpus_or_raise(TINY)
    corpus.set_claim_text("wall-cost", 'The wall "will" cost 40 million \\ euros,\nsays a very long letter to the editor indeed.')
    dot = export_dot(corpus)
    line = next(ln for ln in dot.splitlines() if ln.startswith('  "wall-cost" ['))
    assert '\\"will\\"' in line and "\\\\ euros" in line
    assert wrap_label("word " * 40).count("\n") == 5 and wrap_label("word " * 40).endswith("…")
    assert len(re.findall(r'^  "[^"]+" -> "[^"]+"', dot, re.MULTILINE)) == len(corpus.relations)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
def test_dot_renders_with_graphviz(tmp_path: Path) -> None:
    corpus = load_corpus_or_raise(TINY)
    corpus.set_claim_text("wall-cost", 'The wall "will" cost 40 million \\ euros')
    path = tmp_path / "map.dot"
    path.write_text(export_dot(corpus), encoding="utf-8")
    svg = subprocess.run(["dot", "-Tsvg", str(path)], capture_output=True, text=True, timeout=30)
    assert svg.returncode == 0, svg.stderr
    assert svg.stderr == ""
    assert svg.stdout.count('class="node"') == len(corpus.claims) + len(corpus.actors)
    assert svg.stdout.count('class="edge"') == len(corpus.relations)
    assert EDGE_COLOURS["rebuts"].lower() in svg.stdout.lower()
    assert "cost 40" in svg.stdout


def test_cli_exports_gexf_and_dot(tiny_corpus: Path, tmp_path: Path) -> None:
    for fmt in ("gexf", "dot"):
        out = tmp_path / f"map.{fmt}"
        assert main(["export", str(tiny_corpus), "--format", fmt, "-o", str(out)]) == 0
        assert out.stat().st_size > 500


def test_exports_need_no_qt() -> None:
    """`argmap export` runs on servers without Qt: no format may pull PySide6 in."""
    code = (
        "import sys\n"
        "from argmap.io.registry import exporters\n"
        "from argmap.model.loading import load_corpus_or_raise\n"
        f"c = load_corpus_or_raise({str(TINY)!r})\n"
        "for f in exporters().values():\n"
        "    assert f.write(c)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.mark.skipif(shutil.which("neato") is None, reason="Graphviz `neato` is not installed")
def test_dot_keeps_saved_positions_for_neato(tmp_path: Path) -> None:
    corpus = load_corpus_or_raise(TINY)
    ids = [*corpus.claims, *corpus.actors]
    corpus.set_positions({n: (300.0 * i, 100.0 * (i % 3)) for i, n in enumerate(ids)})
    dot = export_dot(corpus)
    assert dot.count(' pos="') == len(ids)
    path = tmp_path / "map.dot"
    path.write_text(dot, encoding="utf-8")
    out = subprocess.run(["neato", "-n2", "-Tplain", str(path)], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    placed = {ln.split()[1].strip('"'): (float(ln.split()[2]), float(ln.split()[3])) for ln in out.stdout.splitlines()
              if ln.startswith("node ")}
    xs = [placed[n][0] for n in ids]
    assert xs == sorted(xs), "left-to-right order of the saved layout is kept"
