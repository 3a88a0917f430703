"""What the map draws at overview zoom (issue 17): group boxes, lane titles, the story's links, labels
and the boxes above them. Painter-level: what is drawn where, read from the painted image."""

from __future__ import annotations

import networkx as nx
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from argmap.model.graph import build_graph
from argmap.model.loading import load_corpus
from argmap.model.overview import overview_graph
from argmap.render import style as S
from argmap.render.painter import MapPainter, PaintState
from tests.conftest import ROOT


def _paint(mp: MapPainter, world: QRectF, width: int, state: PaintState | None = None) -> tuple[QImage, float]:
    img = QImage(width, round(width * world.height() / world.width()), QImage.Format.Format_RGB32)
    img.fill(QColor(S.BACKGROUND))
    p = QPainter(img)
    s = width / world.width()
    p.scale(s, s)
    p.translate(-world.left(), -world.top())
    mp.paint(p, world, s, state)
    p.end()
    return img, s


def _near(c: QColor, hex_: str, tol: int = 40) -> bool:
    w = QColor(hex_)
    return abs(c.red() - w.red()) + abs(c.green() - w.green()) + abs(c.blue() - w.blue()) <= tol


def _count(img: QImage, rect: QRectF, world: QRectF, s: float, hex_: str, tol: int = 40) -> int:
    """Pixels of about colour `hex_` inside world rectangle `rect`."""
    x0, x1 = int((rect.left() - world.left()) * s), int((rect.right() - world.left()) * s)
    y0, y1 = int((rect.top() - world.top()) * s), int((rect.bottom() - world.top()) * s)
    return sum(_near(QColor(img.pixel(x, y)), hex_, tol)
               for x in range(max(x0, 0), min(x1, img.width())) for y in range(max(y0, 0), min(y1, img.height())))


def test_overview_groups_are_drawn_as_stacks_of_cards_not_as_claims(qapp) -> None:
    seed = build_graph(load_corpus(ROOT / "seeds").corpus)
    groups, _members = overview_graph(seed, "document")
    assert {d["role"] for _, d in groups.nodes(data=True)} == {"group"}
    g = nx.MultiDiGraph()
    g.add_node("claim", kind="claim", role="claim", label="A claim", text="A claim")
    group = next(iter(groups.nodes))
    g.add_node(group, **groups.nodes[group])
    mp = MapPainter(g, {"claim": (0.0, 0.0), group: (500.0, 0.0)})
    world = mp.bounds(margin=30)
    img, s = _paint(mp, world, 1000)
    stripe = S.NODE_STYLES["claim"].accent
    assert _count(img, mp.box("claim"), world, s, stripe) > 10  # a claim has its blue stripe
    assert _count(img, mp.box(group), world, s, stripe) == 0  # a group has none
    for node in ("claim", group):  # the cards behind a group peek out above its top right corner
        b = mp.box(node)
        behind = QRectF(b.right() - 40, b.top() - 9, 40, 8)
        seen = _count(img, behind, world, s, S.NODE_STYLES["group"].border, tol=90)
        assert (seen > 10) == (node == group), (node, seen)


def test_group_boxes_and_their_links_have_legend_keys(qapp) -> None:
    from PySide6.QtGui import QPixmap

    from argmap.render.legend import GROUP_LINK_TEXT, legend_text, paint_legend_key

    keys = {}
    for what, name in [("node", "group"), ("node", "claim"), *[("group_link", k) for k in GROUP_LINK_TEXT]]:
        pm = QPixmap(40, 22)
        pm.fill(QColor("#FFFFFF"))
        p = QPainter(pm)
        paint_legend_key(p, what, name, 2.0, 11.0)
        p.end()
        img = pm.toImage()
        keys[(what, name)] = {img.pixel(x, y) for x in range(40) for y in range(22)}
        assert legend_text(what, name)
    assert keys[("node", "group")] != keys[("node", "claim")]
    both = keys[("group_link", "both")]
    green, orange = QColor(S.edge_style("supports").color), QColor(S.edge_style("rebuts").color)
    assert any(_near(QColor(c), green.name(), 60) for c in both) and any(_near(QColor(c), orange.name(), 60) for c in both)
    assert all(len(v) > 1 for v in keys.values())  # none blank


def test_the_fitted_seed_map_keeps_its_attacks_readable_while_support_fades(qapp, monkeypatch) -> None:
    """Issue 17: at fit the faded tangle hid who attacks what; rebuttals and undercuts fade less."""
    from argmap.model.layout import compute_layout
    from argmap.render import edges

    seed = build_graph(load_corpus(ROOT / "seeds").corpus)
    mp = MapPainter(seed, compute_layout(seed, "force"))
    alphas: dict[str, list[float]] = {}
    real_pen = edges.QPen

    def pen(colour, *args):  # every edge stroke's pen, with the kind its colour belongs to
        for kind in S.EDGE_STYLES:
            if QColor(S.edge_style(kind).color).rgb() == QColor(colour).rgb():
                alphas.setdefault(kind, []).append(QColor(colour).alphaF())
        return real_pen(colour, *args)

    monkeypatch.setattr(edges, "QPen", pen)
    world = mp.bounds(margin=30)
    ppu = 500 / world.width()  # the seed map fitted into a 500-pixel-wide map area
    assert mp.edge_coverage(ppu) > edges.FADE_FROM  # dense enough that edges fade
    img = QImage(500, round(world.height() * ppu), QImage.Format.Format_RGB32)
    p = QPainter(img)
    p.scale(ppu, ppu)
    p.translate(-world.left(), -world.top())
    mp.paint_base(p, world, ppu)
    p.end()
    faded = {k: min(v) for k, v in alphas.items()}
    assert faded["supports"] < 0.6  # support fades, so the boxes and labels stay readable
    assert faded["rebuts"] >= 0.65 and faded["rebuts"] > faded["supports"] + 0.15
    # a sparse map does not fade at all, attacks or not: the images of small maps are unchanged
    assert edges.edge_alpha("rebuts", 0.01) == edges.edge_alpha("supports", 0.01) == 1.0
