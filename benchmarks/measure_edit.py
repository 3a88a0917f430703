"""Worker: one edit in the map window, from the command to the repainted canvas (issue 14).

Run by benchmarks.run in a fresh process with QT_QPA_PLATFORM=offscreen. Opens the corpus in
the real window (as measure_ui does), waits for the first map, then repeats, on claims in view
at a working zoom (1 pixel per world unit, box text readable, centred on the map): add a
link, undo it; add a claim, undo it; delete a linked claim (1 to 8 links), undo it. Each
sample runs from pushing the command onto the session's undo stack (what the editing gestures
do) until the window has caught up and painted: the event loop runs until the refresh after
the edit is done and the canvas's viewport has received a paint event since the command, then
one synchronous repaint of the viewport is included (as a frame in measure_ui).

    QT_QPA_PLATFORM=offscreen python -m benchmarks.measure_edit CORPUS_DIR --repeats 10
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.measure_ui import _open_drawn, _scratch_window, _settle, _wait

KEYS = ("edit_link", "edit_claim", "edit_delete", "edit_undo")


class _PaintCounter:
    """Counts paint events reaching a widget (an event filter sees each before the widget paints it)."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        counter = self

        class Filter(QObject):
            def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
                if event.type() == QEvent.Type.Paint:
                    counter.count += 1
                return False

        self.count = 0
        self._filter = Filter()
        widget.installEventFilter(self._filter)


def _timed(app, window, paints: _PaintCounter, act: Callable[[], None], timeout_s: float = 30.0) -> float | None:
    """Milliseconds from `act()` to the painted window, or None when it did not catch up in time."""
    vp = window.canvas.viewport()
    before = paints.count
    t0 = time.perf_counter()
    act()
    ok = _wait(app, lambda: not window._refresh_timer.isActive() and paints.count > before, timeout_s)
    vp.repaint()
    t1 = time.perf_counter()
    return (t1 - t0) * 1000 if ok else None


def _working_view(app, window) -> None:
    """Zoom to where a user edits: box text readable (1 pixel per world unit), around a claim near the middle."""
    from PySide6.QtCore import QRectF

    canvas = window.canvas
    mp = canvas.map_painter
    middle = canvas.visible_world_rect().center()
    near = mp.node_at(middle.x(), middle.y(), slack=1e9)  # the claim nearest the middle will do
    x, y = mp.position(near) if near is not None else (middle.x(), middle.y())
    vp = canvas.viewport()
    canvas.vb.setRange(rect=QRectF(x - vp.width() / 2, y - vp.height() / 2, vp.width(), vp.height()), padding=0)
    _settle(app, canvas)


def _targets(window) -> list[str]:
    """Claims with 1 to 8 links (a typical claim, not a hub), in the view, in map order."""
    canvas, corpus = window.canvas, window.session.corpus
    mp = canvas.map_painter
    in_view = [mp.ids[i] for i in mp.in_rect(canvas.visible_world_rect())]
    return [n for n in in_view if n in corpus.claims and 1 <= len(corpus.relations_of(n)) <= 8]


def measure(folder: Path, repeats: int, timeout_s: float, budget_s: float) -> dict:
    from argmap.commands import AddClaim, AddRelation, DeleteClaim
    from argmap.ui.app import make_app

    out: dict = {k: [] for k in KEYS}
    app = make_app()
    window = _scratch_window("argmap-bench-edit-")
    if error := _open_drawn(app, window, folder, timeout_s):
        out["error"] = error
        return out
    canvas = window.canvas
    session = window.session
    corpus = session.corpus
    session.protected = False  # a generated corpus in a scratch folder: no working-copy question
    _working_view(app, window)
    paints = _PaintCounter(canvas.viewport())
    targets = _targets(window)
    out["nodes"] = len(canvas.map_painter.ids)
    out["targets"] = len(targets)
    start = time.perf_counter()

    def sample(key: str, act: Callable[[], None]) -> None:
        ms = _timed(app, window, paints, act)
        if ms is not None:
            out[key].append(ms)

    undo = session.undo_stack.undo
    for i in range(min(repeats, max(1, len(targets) - 1))):
        if i >= 3 and time.perf_counter() - start > budget_s:
            break
        a, b = targets[i], targets[(i + len(targets) // 2) % len(targets)]
        if corpus.relation_problem("supports", a, b) is None:
            sample("edit_link", lambda a=a, b=b: session.push(AddRelation(corpus, "supports", a, b)))
            sample("edit_undo", undo)
        mention = corpus.claims[a].mentions[0]
        sample("edit_claim", lambda m=mention: session.push(AddClaim(corpus, f"A new claim {len(corpus.claims)}", m)))
        sample("edit_undo", undo)
        sample("edit_delete", lambda a=a: session.push(DeleteClaim(corpus, a)))
        sample("edit_undo", undo)
    window.close()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--repeats", type=int, default=10, help="rounds of link, claim and delete (each undone)")
    p.add_argument("--timeout", type=float, default=300.0, help="give up waiting for the first map after this")
    p.add_argument("--budget", type=float, default=60.0, help="stop repeating after this many seconds (3 rounds at least)")
    args = p.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(json.dumps(measure(args.corpus, args.repeats, args.timeout, args.budget)), flush=True)
    os._exit(0)  # skip Qt's teardown: it is not what is measured


if __name__ == "__main__":
    raise SystemExit(main())
