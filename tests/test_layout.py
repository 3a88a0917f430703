"""Layouts: finite, non-overlapping boxes, deterministic, argument direction respected."""

from __future__ import annotations

import math

import numpy as np
import pytest

from argmap.model.geometry import CLAIM_WIDTH, MAX_LINES, node_box
from argmap.model.graph import build_graph
from argmap.model.layout import compute_layout
from argmap.model.layout_names import LAYOUTS
from argmap.model.loading import load_corpus
from argmap.model.overlaps import overlapping_pairs, remove_overlaps
from argmap.render.synthetic import synthetic_graph
from tests.conftest import DATA


@pytest.fixture(scope="module")
def tiny():
    return build_graph(load_corpus(DATA / "tiny").corpus)


def _check(g, pos):
    assert set(pos) == set(g.nodes)
    ids = list(pos)
    xy = np.array([pos[n] for n in ids])
    size = np.array([node_box(g, n) for n in ids])
    assert np.isfinite(xy).all()
    assert len(overlapping_pairs(xy, size)) == 0


@pytest.mark.parametrize("name", LAYOUTS)
def test_tiny_layouts_are_clean_and_deterministic(tiny, name):
    pos = compute_layout(tiny, name)
    _check(tiny, pos)
    assert compute_layout(tiny, name) == pos


@pytest.mark.parametrize("name", LAYOUTS)
def test_generated_graph_layouts(name):
    g = synthetic_graph(400, 700, seed=5)
    pos = compute_layout(g, name, seed=2)
    _check(g, pos)
    assert compute_layout(g, name, seed=2) == pos


def test_layered_puts_targets_above_reasons_and_actors_above_claims(tiny):
    pos = compute_layout(tiny, "layered")
    for u, v, kind in tiny.edges(data="kind"):
        assert pos[v][1] < pos[u][1] if kind in ("supports", "rebuts") else pos[u][1] < pos[v][1], (u, v, kind)


def test_by_document_columns_follow_document_order(tiny):
    pos = compute_layout(tiny, "by-document")
    alpha_only = [n for n, d in tiny.nodes(data=True) if d.get("docs") == ["alpha"]]
    beta_only = [n for n, d in tiny.nodes(data=True) if d.get("docs") == ["beta"]]
    both = [n for n, d in tiny.nodes(data=True) if set(d.get("docs", ())) == {"alpha", "beta"}]
    assert both, "the tiny corpus has a claim in both documents"
    ax = max(pos[n][0] for n in alpha_only)
    bx = min(pos[n][0] for n in beta_only)
    assert ax < bx
    for n in both:
        assert ax < pos[n][0] < bx


def test_disconnected_components_and_isolated_nodes():
    g = synthetic_graph(60, 0, seed=1)  # no edges at all
    g2 = synthetic_graph(80, 60, seed=9)
    import networkx as nx

    both = nx.disjoint_union(g, g2)
    both.graph["documents"] = g.graph["documents"]
    both = nx.relabel_nodes(both, {n: f"n{n}" for n in both.nodes})
    for name in LAYOUTS:
        pos = compute_layout(both, name)
        _check(both, pos)
        xy = np.array(list(pos.values()))
        w, h = np.ptp(xy, axis=0)
        assert w < 12 * h and h < 12 * w, f"{name} packs components into a sensible block, not a line"


def test_remove_overlaps_untangles_a_heap():
    rng = np.random.default_rng(0)
    xy = rng.normal(0, 5, size=(500, 2))  # everything on top of each other
    size = np.column_stack((rng.uniform(100, 240, 500), rng.uniform(30, 120, 500)))
    out = remove_overlaps(xy, size)
    assert len(overlapping_pairs(out, size)) == 0
    assert np.array_equal(out, remove_overlaps(xy, size))


def test_empty_graph_and_unknown_layout(tiny):
    import networkx as nx

    assert compute_layout(nx.MultiDiGraph(), "force") == {}
    with pytest.raises(ValueError, match="unknown layout"):
        compute_layout(tiny, "circular")


def test_box_sizes():
    g = synthetic_graph(50, 10, seed=3)
    for n, d in g.nodes(data=True):
        w, h = node_box(g, n)
        assert math.isfinite(w) and math.isfinite(h) and w > 0 and h > 0
        if d["kind"] == "claim":
            assert w == CLAIM_WIDTH and h <= 2 * 9 + MAX_LINES * 16
    g.nodes["c0"]["label"] = "word " * 500
    assert node_box(g, "c0")[1] == 2 * 9 + MAX_LINES * 16  # capped


def test_progress_is_reported(tiny):
    seen = []
    compute_layout(tiny, "force", progress=seen.append)
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


def test_document_columns_in_document_order(tiny):
    from argmap.model.document_layout import document_columns

    pos = compute_layout(tiny, "by-document")
    cols = document_columns(tiny, pos)
    assert [c[0] for c in cols] == ["alpha", "beta"]
    assert cols[0][1] == "Harbour report"
    assert cols[0][3] < cols[1][2]  # alpha's lane ends before beta's begins


@pytest.mark.parametrize("name", LAYOUTS)
def test_cycles_are_laid_out(name):
    """A supports B, B rebuts A, and a longer loop: argument maps are not always acyclic."""
    g = synthetic_graph(120, 200, seed=8)
    g.add_edge("c3", "c60", key="x1", kind="rebuts", id="x1", origin="manual", evidence=[])
    g.add_edge("c60", "c3", key="x2", kind="supports", id="x2", origin="manual", evidence=[])
    g.add_edge("c0", "c90", key="x3", kind="supports", id="x3", origin="manual", evidence=[])
    pos = compute_layout(g, name)
    _check(g, pos)
