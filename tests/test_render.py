"""MapPainter: text fits its box, culling, hit testing, level of detail, legend."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from argmap.model.geometry import CLAIM_PAD_X, node_box
from argmap.model.graph import build_graph
from argmap.model.layout import compute_layout
from argmap.model.loading import load_corpus
from argmap.render import style as S
from argmap.render.legend import paint_legend
from argmap.render.painter import MapPainter, PaintState
from argmap.render.synthetic import synthetic_graph
from tests.conftest import DATA


@pytest.fixture(scope="module")
def tiny():
    g = build_graph(load_corpus(DATA / "tiny").corpus)
    return g, compute_layout(g, "layered")


def _paint(mp: MapPainter, world: QRectF, width: int, state: PaintState | None = None) -> QImage:
    img = QImage(width, round(width * world.height() / world.width()), QImage.Format.Format_ARGB32)
    img.fill(QColor(S.BACKGROUND))
    p = QPainter(img)
    s = width / world.width()
    p.scale(s, s)
    p.translate(-world.left(), -world.top())
    mp.paint(p, world, s, state)
    p.end()
    return img


def _distinct(img: QImage) -> int:
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    return len(np.unique(np.frombuffer(img.constBits(), dtype=np.uint32, count=img.width() * img.height())))


def test_wrapped_text_fits_the_box(qapp):
    g = synthetic_graph(300, 0, seed=11)
    g.nodes["c1"]["label"] = "Supercalifragilisticexpialidocious-and-then-some " * 12  # long word, too long text
    mp = MapPainter(g, compute_layout(g, "force"))
    for i, n in enumerate(mp.ids):
        size, lines = mp.text_lines(i)
        fm = QFontMetricsF(S.font(size, bold=mp.role[i] == 2))
        w, h = node_box(g, n)
        avail = w - 2 * CLAIM_PAD_X - S.STRIPE if mp.role[i] != 2 else w - h - 12
        assert all(fm.horizontalAdvance(line) <= avail + 0.5 for line in lines), n
        assert len(lines) * 16 * size / S.TEXT_SIZE <= h - 2 * 9 + 0.5 or mp.role[i] == 2, n
    _, lines = mp.text_lines(mp.index["c1"])
    assert lines[-1].endswith("…")  # too long for the box: elided, not overflowing


def test_hit_testing_and_culling(tiny):
    g, pos = tiny
    mp = MapPainter(g, pos)
    for n, (x, y) in pos.items():
        assert mp.node_at(x, y) == n
        box = mp.box(n)
        assert n in {mp.ids[i] for i in mp.in_rect(box)}
    b = mp.bounds()
    assert mp.node_at(b.left() - 50, b.top() - 50) is None
    assert len(mp.in_rect(QRectF(b.right() + 10, b.bottom() + 10, 5, 5))) == 0
    assert mp.node_at(*pos["mayor"], visible={"council"}) is None


def test_selection_highlight_and_filters_change_the_picture(qapp, tiny):
    g, pos = tiny
    mp = MapPainter(g, pos)
    world = mp.bounds(margin=20)
    plain = _paint(mp, world, 800)
    assert _distinct(plain) > 30
    assert _paint(mp, world, 800, PaintState(selected="wall-cost")) != plain
    assert _paint(mp, world, 800, PaintState(highlighted={"wall-cost"})) != plain
    only_support = _paint(mp, world, 800, PaintState(kinds={"supports"}))
    assert only_support != plain
    # hiding every node leaves only the background
    assert _distinct(_paint(mp, world, 800, PaintState(visible=set()))) == 1


def test_level_of_detail_keeps_large_maps_fast(qapp):
    g = synthetic_graph(10_000, 20_000, seed=2)
    mp = MapPainter(g, compute_layout(g, "by-document"))
    world = mp.bounds(margin=20)
    t = time.perf_counter()
    far = _paint(mp, world, 1000)  # whole map in 1000 px: compact shapes, no text
    spent = time.perf_counter() - t
    assert _distinct(far) > 3
    assert not mp._text_cache  # no text was laid out at this zoom
    assert spent < 5.0
    near = mp.box(mp.ids[0]).adjusted(-200, -200, 200, 200)
    _paint(mp, near, 1000)
    assert 0 < len(mp._text_cache) < 200  # only the nodes in view got text


def test_moving_a_node(tiny):
    g, pos = tiny
    mp = MapPainter(g, pos)
    mp.update_positions({"mayor": (5000.0, 5000.0)})
    assert mp.node_at(5000, 5000) == "mayor"
    assert mp.bounds().right() > 5000


def test_missing_positions_are_placed_beside_the_map(tiny):
    g, pos = tiny
    partial = {k: v for k, v in pos.items() if k != "mayor"}
    mp = MapPainter(g, partial)
    x, y = mp.position("mayor")
    assert np.isfinite([x, y]).all()
    others = [mp.box(n) for n in partial]
    assert not any(mp.box("mayor").intersects(b) for b in others)


def test_legend_draws_every_kind(qapp):
    img = QImage(1300, 90, QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    paint_legend(p, QRectF(0, 0, 1300, 90))
    p.end()
    arr = img.convertToFormat(QImage.Format.Format_RGB32)
    colours = {QColor(c).name().upper() for c in set(np.frombuffer(arr.constBits(), dtype=np.uint32,
                                                                     count=arr.width() * arr.height()).tolist())}
    for st in S.EDGE_STYLES.values():
        assert st.color.upper() in colours, st.kind


def test_arrowheads_that_meet_are_drawn_solid(qapp):
    """Two edges of one kind ending at the same point: their heads overlap, and the overlap stays filled.

    (Drawn as one path, the even-odd rule made the overlap of two heads a hole.)
    """
    import networkx as nx

    g = nx.MultiDiGraph()
    for n in ("a", "b"):
        g.add_node(n, kind="claim", role="claim", label=n, text=n)
    g.add_edge("a", "b", key="r1", kind="supports")
    g.add_edge("a", "b", key="r2", kind="supports")
    mp = MapPainter(g, {"a": (0.0, 0.0), "b": (0.0, 300.0)})
    world = mp.bounds(margin=40)
    img = _paint(mp, world, 400)
    s = 400 / world.width()
    tip_y = 300 - mp.h[mp.index["b"]] / 2  # the heads' tip: the top of b's box, under a
    x, y = round((0 - world.left()) * s), round((tip_y - 5 - world.top()) * s)  # inside the triangle
    assert QColor(img.pixel(x, y)).name() == QColor(S.edge_style("supports").color).name()


def _tinted_inside(img: QImage, mp: MapPainter, node: str, world: QRectF, s: float, colour: str) -> int:
    """Pixels inside `node`'s box (inset from its border) nearer `colour` than the box fill is."""
    i = mp.index[node]
    x0, x1 = (mp.cx[i] - mp.w[i] / 2 + 8 - world.left()) * s, (mp.cx[i] + mp.w[i] / 2 - 8 - world.left()) * s
    y0, y1 = (mp.cy[i] - mp.h[i] / 2 + 4 - world.top()) * s, (mp.cy[i] + mp.h[i] / 2 - 4 - world.top()) * s
    want = QColor(colour)
    seen = 0
    for x in range(round(x0), round(x1)):
        for y in range(round(y0), round(y1)):
            c = QColor(img.pixel(x, y))
            if c.green() - c.red() > 40 and c.green() > c.blue() + 5 and abs(c.green() - want.green()) < 110:  # the green line
                seen += 1
    return seen


def test_a_link_under_a_box_it_does_not_touch_shows_through_it(qapp):
    """a supports b, and c stands between them: the link is seen passing over c, not ending at it."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for n in ("a", "b", "c"):
        g.add_node(n, kind="claim", role="claim", label=n.upper(), text=n.upper())
    g.add_edge("a", "b", key="r1", kind="supports")
    mp = MapPainter(g, {"a": (0.0, 0.0), "b": (700.0, 0.0), "c": (350.0, 6.0)})
    world = mp.bounds(margin=40)
    img = _paint(mp, world, 900)
    s = 900 / world.width()
    assert _tinted_inside(img, mp, "c", world, s, S.edge_style("supports").color) > 20
    # and a box the link does end at is not painted over
    assert _tinted_inside(img, mp, "b", world, s, S.edge_style("supports").color) == 0


@pytest.mark.parametrize("values", [[], [3], [5, 1, 5, 2, 1, 9, 0, 9], list(range(40, 0, -3)) * 2])
def test_distinct_is_np_unique_of_integer_arrays(values):
    from argmap.render.crossings import distinct

    a = np.array(values, dtype=np.int64)
    got = distinct(a)
    assert got.tolist() == np.unique(a).tolist()
    assert got.dtype == a.dtype
