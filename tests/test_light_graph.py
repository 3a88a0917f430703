"""`argmap render` draws a LightGraph, not networkx's MultiDiGraph (0.13 s less start-up): both
must answer every question the map asks with the same items in the same order, and give the same
images; the render process must really leave networkx (and igraph's Python side) unloaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from argmap.cli import build_parser, render_request
from argmap.model.graph import build_graph, build_light_graph, edges_between, filter_nodes, k_hop, neighbours
from argmap.model.light_graph import LightGraph
from argmap.model.loading import load_corpus
from argmap.paths import seed_corpus_dir
from tests.conftest import DATA, ROOT

CORPORA = {"seeds": seed_corpus_dir(), "tiny": DATA / "tiny", "tiny-v2": DATA / "tiny-v2"}


def _graphs(name: str):
    corpus = load_corpus(CORPORA[name]).corpus
    assert corpus is not None
    return corpus, build_graph(corpus), build_light_graph(corpus)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_light_graph_walks_as_multidigraph(name: str) -> None:
    _, nxg, light = _graphs(name)
    assert isinstance(light, LightGraph)
    assert light.graph == nxg.graph
    assert list(light.nodes) == list(nxg.nodes) and len(light.nodes) == len(nxg.nodes)
    assert light.number_of_nodes() == nxg.number_of_nodes() and light.number_of_edges() == nxg.number_of_edges()
    for data in (False, True, "kind", "docs", "missing"):
        assert list(light.nodes(data=data)) == list(nxg.nodes(data=data)), data
    assert list(light.edges) == list(nxg.edges) and list(light.edges()) == list(nxg.edges())
    for keys in (False, True):
        for data in (False, True, "kind", "undercuts"):
            assert list(light.edges(keys=keys, data=data)) == list(nxg.edges(keys=keys, data=data)), (keys, data)
    for n in nxg.nodes:
        assert light.nodes[n] == nxg.nodes[n] and (n in light) and light.has_node(n)
        assert light.degree(n) == nxg.degree(n)
        assert list(light.successors(n)) == list(nxg.successors(n))
        assert list(light.predecessors(n)) == list(nxg.predecessors(n))
        for keys in (False, True):
            for data in (False, True, "kind", "undercuts"):
                assert list(light.in_edges(n, keys=keys, data=data)) == list(nxg.in_edges(n, keys=keys, data=data))
                assert list(light.out_edges(n, keys=keys, data=data)) == list(nxg.out_edges(n, keys=keys, data=data))
    assert "no such node" not in light and list(light.out_edges("no such node")) == []


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_light_graph_gives_the_same_queries(name: str) -> None:
    corpus, nxg, light = _graphs(name)
    docs, actors = list(corpus.documents)[:1], list(corpus.actors)[:2]
    for n in nxg.nodes:
        for kinds in (None, {"supports", "undercuts"}, {"asserts"}):
            for direction in ("in", "out", "both"):
                assert neighbours(light, n, kinds, direction) == neighbours(nxg, n, kinds, direction)
            assert k_hop(light, n, 2, kinds) == k_hop(nxg, n, 2, kinds)
    for kw in ({}, {"documents": docs}, {"actors": actors}, {"kinds": {"rebuts", "denies"}}):
        shown = filter_nodes(nxg, **kw)
        assert filter_nodes(light, **kw) == shown
        assert edges_between(light, shown, kw.get("kinds")) == edges_between(nxg, shown, kw.get("kinds"))


FLAGS = [[], ["--layout", "layered"], ["--layout", "by-document"], ["--select", "wall-cost"],
         ["--focus", "floods-from-river", "--depth", "2"], ["--documents", "beta", "--kinds", "supports,asserts"]]


@pytest.mark.parametrize("flags", FLAGS, ids=lambda f: " ".join(f) or "default")
def test_render_draws_the_same_from_either_graph(tmp_path: Path, qapp, flags: list[str]) -> None:
    from argmap.render.export import export_image
    from argmap.render.headless import describe
    from argmap.render.painter import PaintState

    corpus, nxg, light = _graphs("tiny")
    args = build_parser().parse_args(["render", str(CORPORA["tiny"]), "-o", "map.png", *flags])
    request, problem = render_request(args, corpus)
    assert request is not None, problem
    images = []
    for g, tag in ((nxg, "nx"), (light, "light")):
        view, source = describe(corpus, g, request)
        images.append((view.visible, view.selected, view.highlighted, view.lanes, view.drawn_positions(), source))
        state = PaintState(selected=view.selected, highlighted=set(view.highlighted), visible=view.visible, kinds=view.kinds)
        for suffix in (".png", ".svg"):
            export_image(tmp_path / f"{tag}{suffix}", g, view.drawn_positions(), state=state, columns=view.lanes)
    assert images[0] == images[1]
    assert (tmp_path / "nx.png").read_bytes() == (tmp_path / "light.png").read_bytes()
    assert (tmp_path / "nx.svg").read_bytes() == (tmp_path / "light.svg").read_bytes()


_PROBE = """
import json, sys
from argmap.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted(m for m in ("networkx", "igraph", "igraph._igraph", "matplotlib",
                  "PySide6.QtWidgets", "pydivsufsort", "numpy.ma") if m in sys.modules)}))
"""


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_render_process_loads_neither_networkx_nor_igraphs_python_side(tmp_path: Path, suffix: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    r = subprocess.run([sys.executable, "-c", _PROBE, "render", str(CORPORA["seeds"]), "-o", str(tmp_path / f"m{suffix}")],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout.strip().splitlines()[-1])
    # the layout ran on igraph's compiled core alone; numpy.ma (np.unique's import) stayed out too
    assert got == {"code": 0, "loaded": ["igraph._igraph"]}


_LAYOUTS = """
import json, sys
if sys.argv[1] == "package-first":
    sys.modules["matplotlib"] = None
    import igraph  # as the window's overview does before a layout
    del sys.modules["matplotlib"]
from argmap.model.graph import build_light_graph
from argmap.model.layout import compute_layout
from argmap.model.loading import load_corpus
from argmap.paths import seed_corpus_dir
g = build_light_graph(load_corpus(seed_corpus_dir()).corpus)
print(json.dumps({name: compute_layout(g, name) for name in ("force", "layered", "by-document")}, sort_keys=True))
print("package" if "igraph.clustering" in sys.modules else "core")
"""


def test_layouts_are_the_same_on_igraphs_core_and_after_the_full_package() -> None:
    out = {}
    for order in ("core-only", "package-first"):
        r = subprocess.run([sys.executable, "-c", _LAYOUTS, order], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        layouts, which = r.stdout.strip().splitlines()[-2:]
        out[order] = layouts
        assert which == ("core" if order == "core-only" else "package")
    assert out["core-only"] == out["package-first"]
