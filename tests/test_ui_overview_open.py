"""Overview by document: clicking a group comes back zoomed onto that group (README, "Overview by Document")."""

from __future__ import annotations

from pathlib import Path

import pytest
from window_helpers import LEFT, open_window

pytestmark = pytest.mark.usefixtures("isolated_settings")


def test_a_group_clicked_in_the_overview_opens_zoomed_onto_its_claims(qtbot, seed_copy: Path) -> None:
    win = open_window(qtbot, seed_copy)
    qtbot.wait(100)  # the window's own first view (the whole map) comes just after the layout
    whole = win.canvas.visible_world_rect()
    overview = win.overview
    overview.actions["document"].trigger()
    qtbot.waitUntil(lambda: overview.by == "document", timeout=3000)
    group = max(overview.members, key=lambda g: len(overview.members[g]))
    members = [n for n in overview.members[group] if n in win.session.graph]
    qtbot.mouseClick(win.canvas.viewport(), LEFT, pos=win.canvas.view_pos_of(group))
    qtbot.waitUntil(lambda: overview.by is None, timeout=3000)
    qtbot.wait(300)  # whatever the window does after the map is back (a first view, a deferred fit)
    seen = win.canvas.visible_world_rect()
    assert seen.width() * seen.height() < 0.55 * whole.width() * whole.height(), (seen, whole)
    pos = win.canvas.positions()
    inside = sum(seen.contains(*pos[n]) for n in members if n in pos)
    assert inside >= 0.6 * len(members), (inside, len(members))  # its core: most of it, not its outliers
    assert win.canvas.state.highlighted >= set(members)
    win.session.undo_stack.setClean()


def test_an_elided_lane_title_tells_the_whole_title_on_hover(qtbot, seed_copy: Path) -> None:
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from argmap.render.map_arrays import COLUMN_HEADER

    win = open_window(qtbot, seed_copy)
    win.set_layout("by-document")
    qtbot.waitUntil(lambda: win.canvas.map_painter is not None and bool(win.canvas.map_painter.columns), timeout=10000)
    win.canvas.fit_all()
    mp = win.canvas.map_painter
    _, title, left, right = max(mp.columns, key=lambda c: len(c[1]))
    top = float((mp.cy - mp.h / 2).min()) - COLUMN_HEADER
    world = QPointF((left + right) / 2, top + COLUMN_HEADER / 2)
    pos = win.canvas.mapFromScene(win.canvas.vb.mapViewToScene(world))
    vp = win.canvas.viewport()
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, pos, vp.mapToGlobal(pos)))
    qtbot.waitUntil(lambda: QToolTip.isVisible(), timeout=3000)
    assert QToolTip.text() == title
    win.session.undo_stack.setClean()


def test_lane_titles_are_readable_at_fit_zoom_whole_in_view_and_apart(qtbot, seed_copy: Path) -> None:
    """At "fit whole map" the titles were 7 px and cut to "Gunme…": now 13 px type, on up to two
    lines that may run over the gap to the next lane, all inside the fitted view, none overlapping."""
    from PySide6.QtGui import QFontMetricsF

    win = open_window(qtbot, seed_copy)
    win.set_layout("by-document")
    qtbot.waitUntil(lambda: win.canvas.map_painter is not None and bool(win.canvas.map_painter.columns), timeout=10000)
    win.canvas.fit_all()
    mp, ppu = win.canvas.map_painter, win.canvas._pixels_per_unit()
    titles = mp._lane_titles(ppu)
    view = win.canvas.visible_world_rect()
    for (_, title, _, _), (box, lines, font) in zip(mp.columns, titles, strict=True):
        assert QFontMetricsF(font).height() * ppu >= 12, title  # screen pixels
        assert view.contains(box), (title, box, view)
        assert lines[0].split()[0] == title.split()[0]  # at least the first word, whole
    boxes = sorted((box for box, _, _ in titles), key=lambda b: b.left())
    assert all(a.right() <= b.left() for a, b in zip(boxes, boxes[1:], strict=False))
    assert any(len(lines) == 2 for _, lines, _ in titles)  # the seed titles are long: they wrap
    win.session.undo_stack.setClean()
