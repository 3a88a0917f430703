"""Edits update the graph in place (model.graph_sync), exactly as a fresh build would draw it (issue 14)."""

from __future__ import annotations

import random
import shutil

import pytest
from PySide6.QtGui import QUndoStack

from argmap.model.annotations import ModelEvent
from argmap.model.changes import Change
from argmap.model.graph_sync import LiveGraph
from argmap.model.loading import load_corpus
from tests.conftest import ROOT
from tests.edit_sequences import ACTIONS, fresh_graph_items, graph_items, random_step


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_keep_the_live_graph_equal_to_a_fresh_build(seed: int, tmp_path) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    corpus = load_corpus(tmp_path / "seeds").corpus
    live = LiveGraph(corpus)
    corpus.subscribe(lambda event: live.apply(Change.of(event)))
    stack = QUndoStack()
    rng = random.Random(seed)
    done = 0
    for _ in range(120):
        action = rng.choice(ACTIONS)
        if action == "undo":
            stack.undo()
        elif action == "redo":
            stack.redo()
        else:
            command = random_step(corpus, rng, action)
            if command is None:
                continue
            stack.push(command)
            done += 1
        assert graph_items(live.graph) == fresh_graph_items(corpus), f"after {action} (step {done})"
    assert done > 40  # the sequence really edited


def test_a_change_names_what_each_event_touched() -> None:
    link = Change.of(ModelEvent("relation-changed", ("r1", "a", "b", "b", "a")))
    assert link.relations == {"r1"} and link.ends == {"a", "b"} and not link.claims
    assert Change.of(ModelEvent("claim-removed", ("c",))).claims == {"c"}
    assert Change.of(ModelEvent("layout-changed", ("c",))).positions == {"c"}
    assert not Change.of(ModelEvent("layout-changed", ("c",))).annotations
    assert Change.of(ModelEvent("reset")).everything
    assert link.merge(Change.of(ModelEvent("actor-added", ("x",)))).nodes == {"x"}


def test_the_comparison_can_fail(tmp_path) -> None:
    """Without the live update the graph goes stale, and the comparison says so."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    corpus = load_corpus(tmp_path / "seeds").corpus
    live = LiveGraph(corpus)  # not subscribed
    command = random_step(corpus, random.Random(1), "claim")
    command.redo()
    assert graph_items(live.graph) != fresh_graph_items(corpus)


@pytest.mark.parametrize("seed", range(3))
def test_random_edits_in_the_window_draw_what_a_fresh_painter_draws(qtbot, seed: int, seed_copy) -> None:
    from argmap.model.graph import build_graph, search
    from argmap.render.painter import MapPainter
    from tests.edit_sequences import painter_items
    from tests.window_helpers import open_window

    win = open_window(qtbot, seed_copy, discard_on_close=True)
    session = win.session
    corpus = session.corpus
    session.protected = False
    painter = win.canvas.map_painter
    rng = random.Random(seed)
    done = 0
    for _ in range(60):
        action = rng.choice(ACTIONS)
        if action == "undo":
            session.undo_stack.undo()
        elif action == "redo":
            session.undo_stack.redo()
        else:
            command = random_step(corpus, rng, action)
            if command is None:
                continue
            session.push(command)
            done += 1
        win.refresh_now()
        assert win.canvas.map_painter is painter  # updated in place, not rebuilt
        fresh = build_graph(corpus)
        assert graph_items(session.graph) == graph_items(fresh), f"after {action}"
        assert painter_items(painter) == painter_items(MapPainter(session.graph, session.positions())), f"after {action}"
        for query in ("the", "claim", "edited"):
            assert set(search(session.graph, query)) == set(search(fresh, query))
    assert done > 15


def test_a_new_link_is_drawn_a_deleted_claim_goes_and_undo_brings_it_back(qtbot, seed_copy) -> None:
    from argmap.commands import AddRelation, DeleteClaim
    from tests.window_helpers import open_window

    win = open_window(qtbot, seed_copy, discard_on_close=True)
    session = win.session
    session.protected = False
    corpus = session.corpus
    a, b = next((a, b) for a in corpus.claims for b in corpus.claims
                if a != b and corpus.relation_problem("supports", a, b) is None)
    win.canvas.center_on(a)
    session.push(AddRelation(corpus, "supports", a, b))
    win.refresh_now()
    rel = corpus.find_relation("supports", a, b)
    assert rel is not None and win.canvas.map_painter.edge_line(rel.id) is not None  # drawn on the map
    session.push(DeleteClaim(corpus, a))
    win.refresh_now()
    assert a not in win.canvas.map_painter.index and win.canvas.map_painter.edge_line(rel.id) is None
    assert win.canvas.node_at(win.canvas.view_pos_of(b)) == b  # its neighbour is still there to click
    session.undo_stack.undo()
    win.refresh_now()
    assert a in win.canvas.map_painter.index
    pos = win.canvas.view_pos_of(a)
    assert win.canvas.node_at(pos) == a  # back where it was, clickable
    assert win.canvas.map_painter.edge_line(rel.id) is not None
