"""The numpy hairlines of a dense draft: where they land, how overlaps blend, and that the window's painter uses them."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from argmap.render import splat
from argmap.render.painter import MapPainter, PaintState
from argmap.render.splat import LineLayer, can_splat, splat_lines
from argmap.render.synthetic import synthetic_graph


def _rgb(img: QImage) -> np.ndarray:
    img = img.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.bytesPerLine() * img.height())
    return rows.reshape(img.height(), img.bytesPerLine())[:, : img.width() * 3].reshape(img.height(), img.width(), 3).copy()


def _draw(layers: list[LineLayer], scale: float = 1.0) -> np.ndarray:
    img = QImage(100, 60, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.scale(scale, scale)
    splat_lines(p, layers, QRectF(0, 0, 100 / scale, 60 / scale))
    p.end()
    return _rgb(img)


def _line(x0, y0, x1, y1, colour: QColor) -> LineLayer:
    return LineLayer(*(np.array([v], dtype=float) for v in (x0, y0, x1, y1)), colour)


def test_a_line_covers_one_pixel_per_step_and_nothing_else(qapp):
    px = _draw([_line(10.5, 20.5, 80.5, 20.5, QColor(255, 0, 0))])
    red = np.all(px == (255, 0, 0), axis=2)
    assert red[20, 10:81].all() and red.sum() == 71
    assert (px[~red] == 255).all()


def test_a_steep_line_in_world_units_lands_where_the_transform_puts_it(qapp):
    px = _draw([_line(5.25, 2.25, 5.25, 27.25, QColor(0, 0, 255))], scale=2.0)  # device x 10.5, y 4.5 .. 54.5
    blue = np.all(px == (0, 0, 255), axis=2)
    assert blue[4:55, 10].all() and blue.sum() == 51


def test_overlaps_blend_as_strokes_drawn_one_after_another(qapp):
    half = QColor(0, 0, 0, 128)
    one = _draw([_line(0.5, 30.5, 99.5, 30.5, half)])[30, 50]
    xs, ys, xe = np.array([0.5, 0.5]), np.array([30.5, 30.5]), np.array([99.5, 99.5])
    two = _draw([LineLayer(xs, ys, xe, ys, half)])[30, 50]
    a = 128 / 255
    assert abs(int(one[0]) - 255 * (1 - a)) <= 1
    assert abs(int(two[0]) - 255 * (1 - a) ** 2) <= 1


def _walk(x0: float, y0: float, x1: float, y1: float, w: int) -> list[int]:
    """One line's pixels, one per step along its longer axis, rounded down (a slow reference)."""
    n = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
    return [int(y0 + (y1 - y0) * k / max(n - 1, 1)) * w + int(x0 + (x1 - x0) * k / max(n - 1, 1)) for k in range(n)]


def test_counts_are_the_same_however_the_lines_are_split_into_chunks(qapp, monkeypatch):
    # lines in every direction and of every length, counted in chunks far smaller than a line:
    # each chunk covers its own band of rows, and every sample still lands where a plain walk puts it
    rng = np.random.default_rng(7)
    x0, x1 = rng.uniform(0.5, 99.4, 300), rng.uniform(0.5, 99.4, 300)
    y0, y1 = rng.uniform(0.5, 59.4, 300), rng.uniform(0.5, 59.4, 300)
    expected = np.zeros(100 * 60, dtype=np.int64)
    for line in zip(x0, y0, x1, y1, strict=True):
        np.add.at(expected, _walk(*line, 100), 1)
    layer = LineLayer(x0, y0, x1, y1, QColor("black"))
    first = None
    for chunk in (1 << 18, 64, 1):
        monkeypatch.setattr(splat, "CHUNK", chunk)
        got = splat._hits(layer, 1.0, 1.0, 0.0, 0.0, QRectF(0, 0, 100 - 1e-6, 60 - 1e-6), 100, 60)
        assert got is not None
        assert np.abs(got - expected).sum() <= 0.01 * expected.sum()  # float vs fixed-point rounding at pixel edges
        assert got.sum() == expected.sum()
        first = got if first is None else first
        assert np.array_equal(got, first)


def test_lines_outside_the_clip_are_not_drawn(qapp):
    px = _draw([_line(-50, -10, -5, -40, QColor("red")), _line(200, 10, 300, 50, QColor("red"))])
    assert (px == 255).all()


def test_only_hairlines_on_images(qapp):
    img = QImage(10, 10, QImage.Format.Format_RGB32)
    p = QPainter(img)
    p.scale(0.1, 0.1)
    assert can_splat(p, 10.0) and not can_splat(p, 20.0)
    p.rotate(10)
    assert not can_splat(p, 1.0)
    p.end()


@pytest.fixture
def dense():
    g = synthetic_graph(1500, 6000, seed=3)
    rng = np.random.default_rng(1)
    return g, {n: (float(x), float(y)) for n, (x, y) in zip(g.nodes, rng.uniform(0, 20000, (len(g), 2)), strict=True)}


def test_the_windows_draft_of_a_dense_map_uses_it_and_exports_do_not(qapp, dense, monkeypatch):
    g, pos = dense
    mp = MapPainter(g, pos)
    world = mp.bounds(None, margin=36)
    ppu = 800 / world.width()
    calls = []
    real = splat.splat_lines
    monkeypatch.setattr("argmap.render.edges.splat_lines", lambda *a: calls.append(1) or real(*a))
    for draft in (True, False):
        calls.clear()
        img = QImage(800, round(world.height() * ppu), QImage.Format.Format_RGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        p.scale(ppu, ppu)
        p.translate(-world.left(), -world.top())
        mp.paint_base(p, world, ppu, PaintState(), draft=draft)
        p.end()
        drawn = (_rgb(img) != 255).any(axis=2).mean()
        assert drawn > 0.3, f"draft={draft}: the edges are missing"
        assert bool(calls) == draft
