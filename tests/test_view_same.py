"""The window and `argmap render` show the same map: for every layout, filter and focus, the
window's description of what it shows (model.view.MapView, and what its canvas draws) equals the
one `argmap render` computes from the equivalent flags."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_helpers import open_window

from argmap.cli import build_parser, render_request
from argmap.model.annotations import RELATION_KINDS
from argmap.model.layout_names import LAYOUTS
from argmap.model.view import MapView
from argmap.render.headless import describe
from argmap.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated_settings")

# (what the user does in the window, the same as `argmap render` flags)
CASES = [
    ({}, []),
    ({"documents": ["alpha"]}, ["--documents", "alpha"]),
    ({"kinds": [k for k in RELATION_KINDS if k != "rebuts"]}, ["--kinds", ",".join(k for k in RELATION_KINDS if k != "rebuts")]),
    ({"select": "wall-cost"}, ["--select", "wall-cost"]),
    ({"select": "floods-from-river", "focus": 1}, ["--focus", "floods-from-river", "--depth", "1"]),
    ({"select": "wall-stops-floods", "focus": 2, "documents": ["alpha"]},
     ["--focus", "wall-stops-floods", "--depth", "2", "--documents", "alpha"]),
]


def _check_only(lst, ids: list[str] | None) -> None:
    for i in range(lst.count()):
        item = lst.item(i)
        on = ids is None or item.data(Qt.ItemDataRole.UserRole) in ids
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def _do_in_window(win: MainWindow, case: dict) -> None:
    panel = win.corpus_panel
    win.set_focus_mode(False)
    win.select_node(None)
    _check_only(panel.documents, case.get("documents"))
    _check_only(panel.kinds, case.get("kinds"))
    panel.depth.setValue(case.get("focus", 1))
    panel.filtersChanged.emit()
    if "select" in case:
        win.select_node(case["select"])
    if "focus" in case:
        win.set_focus_mode(True)


def _comparable(view: MapView) -> dict:
    return {"visible": view.visible, "kinds": view.kinds, "selected": view.selected, "highlighted": view.highlighted,
            "lanes": view.lanes, "positions": view.drawn_positions()}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_window_and_render_describe_the_same_map(qtbot, tiny_corpus: Path, layout: str) -> None:
    win = open_window(qtbot, tiny_corpus)
    win.set_layout(layout)
    qtbot.waitUntil(lambda: win.session.computed_layout == layout and win.layout_ready(), timeout=10000)
    corpus, graph = win.session.corpus, win.session.graph
    for case, flags in CASES:
        _do_in_window(win, case)
        args = build_parser().parse_args(["render", str(tiny_corpus), "-o", "map.png", "--layout", layout, *flags])
        request, problem = render_request(args, corpus)
        assert request is not None, problem
        headless, _source = describe(corpus, graph, request)
        assert win.view is not None
        assert _comparable(win.view) == _comparable(headless), (layout, case)
        # and the canvas draws that description
        state = win.canvas.paint_state()
        assert state.visible == headless.visible
        assert state.selected == headless.selected
        assert (state.kinds if state.kinds != set(RELATION_KINDS) else None) == headless.kinds
        assert win.canvas.positions() == headless.drawn_positions()
        if "focus" in case:
            assert headless.local, "focus mode lays the neighbourhood out around the selection"
        if layout == "by-document":
            assert headless.lanes and [lane[0] for lane in headless.lanes] == ["alpha", "beta"]
