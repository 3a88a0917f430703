"""The map canvas driven like a user: clicks, drags, shift-drags on the real viewport."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from argmap.model.graph import build_graph
from argmap.model.layout import compute_layout
from argmap.model.loading import load_corpus
from argmap.render.synthetic import synthetic_graph
from argmap.ui.canvas import MapCanvas
from tests.conftest import DATA


@pytest.fixture
def canvas(qtbot):
    pg.setConfigOption("mouseRateLimit", 0)
    g = build_graph(load_corpus(DATA / "tiny").corpus)
    c = MapCanvas()
    qtbot.addWidget(c)
    c.resize(1000, 700)
    c.show()
    qtbot.waitExposed(c)
    c.set_graph(g, compute_layout(g, "layered"))
    c.fit_all()
    qtbot.wait(20)
    return c


def _colours(img: QImage) -> int:
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    arr = np.frombuffer(img.constBits(), dtype=np.uint32, count=img.width() * img.height())
    return len(np.unique(arr))


def test_click_node_selects_and_emits(canvas, qtbot):
    pos = canvas.view_pos_of("wall-cost")
    assert canvas.node_at(pos) == "wall-cost"
    before = canvas.grab().toImage()
    with qtbot.waitSignal(canvas.nodeClicked, timeout=1000) as sig:
        qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert sig.args == ["wall-cost"]
    assert canvas.selected() == "wall-cost"
    qtbot.wait(20)
    assert canvas.grab().toImage() != before  # the selection halo is drawn


def test_double_click_activates(canvas, qtbot):
    pos = canvas.view_pos_of("mayor")
    with qtbot.waitSignal(canvas.nodeActivated, timeout=1000) as sig:
        # what a real double click delivers: press, release, double-click press, release
        qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseDClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert sig.args == ["mayor"]


def test_background_click(canvas, qtbot):
    with qtbot.waitSignal(canvas.backgroundClicked, timeout=1000):
        qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert canvas.node_at(QPoint(5, 5)) is None


def _drag(qtbot, widget, a: QPoint, b: QPoint, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, modifier, a)
    for k in range(1, 11):
        qtbot.mouseMove(widget, a + (b - a) * (k / 10))
        qtbot.wait(5)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, modifier, b)


def test_drag_node_emits_moved_once(canvas, qtbot):
    moves = []
    canvas.nodesMoved.connect(lambda old, new: moves.append((old, new)))
    start = canvas.view_pos_of("river-flooded")
    old = canvas.positions()["river-flooded"]
    _drag(qtbot, canvas.viewport(), start, start + QPoint(120, 40))
    assert len(moves) == 1
    before, after = moves[0]
    assert set(before) == set(after) == {"river-flooded"}
    assert before["river-flooded"] == old
    assert after["river-flooded"][0] > old[0] + 50  # moved right in world units too
    # the canvas shows the node where it was dropped
    assert canvas.node_at(start + QPoint(120, 40)) == "river-flooded"


def test_drag_background_pans_without_moving_nodes(canvas, qtbot):
    moves = []
    canvas.nodesMoved.connect(lambda old, new: moves.append(new))
    rect = canvas.visible_world_rect()
    _drag(qtbot, canvas.viewport(), QPoint(5, 5), QPoint(200, 100))
    assert not moves
    assert canvas.visible_world_rect().center() != rect.center()


def test_shift_drag_requests_link(canvas, qtbot):
    links = []
    canvas.linkRequested.connect(lambda a, b: links.append((a, b)))
    canvas.nodesMoved.connect(lambda *_: links.append("moved"))
    a, b = canvas.view_pos_of("wall-cost"), canvas.view_pos_of("wall-high-enough")
    _drag(qtbot, canvas.viewport(), a, b, Qt.KeyboardModifier.ShiftModifier)
    assert links == [("wall-cost", "wall-high-enough")]
    assert canvas.state.rubber_band is None


def test_link_mode_drag_and_release_on_nothing(canvas, qtbot):
    links = []
    canvas.linkRequested.connect(lambda a, b: links.append((a, b)))
    canvas.set_link_mode(True)
    a = canvas.view_pos_of("river-flooded")
    _drag(qtbot, canvas.viewport(), a, QPoint(8, 8))  # released on the background: nothing
    assert links == []
    _drag(qtbot, canvas.viewport(), a, canvas.view_pos_of("wall-cost"))
    assert links == [("river-flooded", "wall-cost")]


def test_hidden_nodes_are_not_hit(canvas):
    pos = canvas.view_pos_of("wall-cost")
    canvas.set_visible_nodes({"mayor"})
    assert canvas.node_at(pos) is None
    canvas.set_visible_nodes(None)
    assert canvas.node_at(pos) == "wall-cost"


def test_zoom_and_center(canvas):
    w = canvas.visible_world_rect().width()
    canvas.zoom_by(2.0)
    assert canvas.visible_world_rect().width() == pytest.approx(w / 2, rel=0.05)
    canvas.center_on("river-flooded")
    c = canvas.view_pos_of("river-flooded")
    vp = canvas.viewport().rect().center()
    assert abs(c.x() - vp.x()) < 3 and abs(c.y() - vp.y()) < 3


def test_highlight_dims_the_rest(canvas, qtbot):
    plain = canvas.grab().toImage()
    canvas.set_highlight({"wall-cost", "mayor"})
    qtbot.wait(20)
    assert canvas.grab().toImage() != plain


def test_thousands_of_nodes_paint(qtbot):
    """Few-thousand-node canvas: one item, no per-node pyqtgraph items (the PySide6 6.12 crash)."""
    g = synthetic_graph(3000, 4000, seed=3)
    c = MapCanvas()
    qtbot.addWidget(c)
    c.resize(900, 600)
    c.show()
    c.set_graph(g, compute_layout(g, "force"))
    c.fit_all()
    assert c.vb.childGroup.childItems() == [c.item]  # one item draws everything
    assert _colours(c.grab().toImage()) > 5
    c.zoom_by(30)
    assert _colours(c.grab().toImage()) > 5
    node = c.node_at(c.viewport().rect().center())
    if node is not None:
        assert c.node_at(c.view_pos_of(node)) == node


def test_hover_highlights(canvas, qtbot):
    """Hovering marks the node (the window's event filter gives the tooltip: test_ui_navigation)."""
    before = canvas.grab().toImage()
    pos = canvas.view_pos_of("river-flooded")
    qtbot.mouseMove(canvas.viewport(), pos)
    qtbot.wait(30)
    assert canvas.state.hovered == "river-flooded"
    assert canvas.grab().toImage() != before
    qtbot.mouseMove(canvas.viewport(), canvas.view_pos_of("mayor"))
    qtbot.wait(30)
    assert canvas.state.hovered == "mayor"
    qtbot.mouseMove(canvas.viewport(), QPoint(3, 3))
    qtbot.wait(30)
    assert canvas.state.hovered is None


def test_wheel_zooms_around_the_cursor(canvas, qtbot):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    pos = canvas.view_pos_of("wall-cost")
    width = canvas.visible_world_rect().width()
    ev = QWheelEvent(QPointF(pos), QPointF(canvas.viewport().mapToGlobal(pos)), QPoint(0, 0), QPoint(0, 240),
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas.viewport(), ev)
    qtbot.wait(20)
    assert canvas.visible_world_rect().width() < width * 0.9
    assert canvas.node_at(pos) == "wall-cost"  # the node under the cursor stays under it
