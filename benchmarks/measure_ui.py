"""Worker: the map window on one corpus, offscreen - time to first map, frame times, click to highlight.

Run by benchmarks.run in a fresh process with QT_QPA_PLATFORM=offscreen. `--t0` is the wall
clock (time.time()) just before the parent started this process, so "first map" counts the
interpreter start and imports as `argmap CORPUS` does. The app has no first-paint hook, so
this worker does what `argmap.ui.app.run_app` does (make_app, MainWindow, show, open_corpus),
runs the event loop until the layout is in and the map is drawn, and forces one synchronous
paint of the canvas.

Frames: each frame is one pan step (`ViewBox.translateBy`) or zoom step (`MapCanvas.zoom_by`)
followed by a synchronous `canvas.viewport().repaint()`, timed together - what a drag or a
wheel notch costs. Measured at the view the window opens at and with the whole map fitted,
each series starting from a view at rest (its crisp tiles drawn). While a zoom goes on the
canvas shows the last crisp tiles scaled (argmap.ui.tile_cache); the crisp redraw that
follows once the wheel rests is timed on its own ("zoom_crisp": a zoom step, then a repaint
that renders every tile at the new zoom).

Click to highlight: `QTest.mouseClick` on a claim's box at `canvas.view_pos_of(id)`, until the
source panel reports that claim's mention highlighted, plus a synchronous repaint of canvas and
source text.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.measure_ui CORPUS_DIR --frames 120
"""

from __future__ import annotations

import time

T_IMPORT = time.time()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402


def _wait(app, until, timeout_s: float) -> bool:
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + timeout_s
    while not until():
        if time.perf_counter() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.001)
    return True


def _frames(canvas, step, n: int, budget_s: float) -> list[float]:
    """Up to n frames; stops after budget_s once 10 are in (a very slow view would take minutes)."""
    times = []
    vp = canvas.viewport()
    start = time.perf_counter()
    for i in range(n):
        if i >= 10 and time.perf_counter() - start > budget_s:
            break
        t0 = time.perf_counter()
        step(i)
        vp.repaint()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _settle(app, canvas) -> None:
    """Let the crisp tiles of a new zoom render, as they do once the view rests.

    The repaint must render them: one that comes within the settle time of the last zoom would
    show the scaled tiles again (and the next click would pay for the crisp ones).
    """
    _wait(app, lambda: not canvas.tiles.settling(), 5.0)
    canvas.tiles.finish_zoom()
    canvas.viewport().repaint()


def _scratch_window(prefix: str):
    """A shown 1600x1000 window with scratch settings (no saved docks, no recent corpora) and data folder.

    Its own data folder: a window leaves a recovery journal behind (the process skips the
    teardown), which must not become a recovery question for the next run or for the user.
    """
    from PySide6.QtCore import QSettings

    from argmap.ui.main_window import MainWindow

    scratch = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["XDG_DATA_HOME"] = str(scratch / "data")  # read by QStandardPaths at each call
    ini = scratch / "settings.ini"
    window = MainWindow(settings=QSettings(str(ini), QSettings.Format.IniFormat))
    window.resize(1600, 1000)
    window.show()
    return window


def _open_drawn(app, window, folder: Path, timeout_s: float) -> str | None:
    """Open the corpus and wait until its map is drawn and settled; the error to report, if it never is."""
    window.open_corpus(folder)
    canvas = window.canvas
    if not _wait(app, lambda: window.layout_ready() and canvas.map_painter is not None, timeout_s):
        return f"the map was not drawn within {timeout_s:.0f} s"
    _wait(app, lambda: False, 0.05)  # let the queued first-view zoom run
    _settle(app, canvas)
    return None


def _crisp_zoom_step(canvas):
    zoom = _zoom_step(canvas)

    def step(i: int) -> None:
        zoom(i)
        canvas.tiles.finish_zoom()

    return step


def _pan_step(canvas):
    def step(i: int) -> None:
        r = canvas.visible_world_rect()
        direction = 1 if (i // 20) % 2 == 0 else -1  # 20 steps right, 20 back: stay over the map
        canvas.vb.translateBy(x=direction * r.width() * 0.04, y=direction * r.height() * 0.01)

    return step


def _zoom_step(canvas):
    def step(i: int) -> None:
        canvas.zoom_by(1.12 if (i // 10) % 2 == 0 else 1 / 1.12)  # 10 notches in, 10 out

    return step


def measure(folder: Path, t0: float, frames: int, clicks: int, timeout_s: float, layout: str | None = None,
            frame_budget_s: float = 20.0) -> dict:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from argmap.ui.app import make_app
    from benchmarks.timing import peak_rss_mb

    out: dict = {"imports_s": time.time() - t0}
    app = make_app()
    window = _scratch_window("argmap-bench-ui-")
    window.repaint()
    out["window_shown_s"] = time.time() - t0
    if layout:
        window.layout_name = layout
    out["layout"] = window.layout_name
    if error := _open_drawn(app, window, folder, timeout_s):
        out["error"] = error
        return out
    canvas = window.canvas
    out["first_map_s"] = time.time() - t0
    out["nodes"] = len(canvas.map_painter.ids)

    opening = canvas.visible_world_rect()
    for name, setup in (("open", lambda: canvas.vb.setRange(rect=opening, padding=0)), ("whole", canvas.fit_all)):
        for series, step in (("pan", _pan_step), ("zoom", _zoom_step), ("zoom_crisp", _crisp_zoom_step)):
            setup()
            _settle(app, canvas)
            out[f"frame_{series}_{name}_ms"] = _frames(canvas, step(canvas), frames, frame_budget_s)

    # click claims in the opening view, one after another
    canvas.vb.setRange(rect=opening, padding=0)
    _settle(app, canvas)
    graph = window.session.graph
    in_view = [canvas.map_painter.ids[i] for i in canvas.map_painter.in_rect(canvas.visible_world_rect())]
    vp_rect = canvas.viewport().rect().adjusted(10, 10, -10, -10)
    targets = [n for n in in_view if graph.nodes[n].get("kind") == "claim" and vp_rect.contains(canvas.view_pos_of(n))]
    corpus = window.session.corpus
    times = []
    for node in targets[:clicks]:
        if node == window.selected():
            continue
        spans = {(m.doc, m.start, m.end) for m in corpus.claims[node].mentions}
        pos = canvas.view_pos_of(node)
        t_click = time.perf_counter()
        QTest.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        ok = _wait(app, lambda spans=spans: window.source_panel.highlighted_span() in spans, 5.0)
        canvas.viewport().repaint()
        window.source_panel.repaint()
        if ok:
            times.append((time.perf_counter() - t_click) * 1000)
    out["click_highlight_ms"] = times
    out["click_targets"] = len(targets)
    out["rss_mb"] = peak_rss_mb()
    window.close()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--t0", type=float, help="wall clock when the parent launched this process")
    p.add_argument("--frames", type=int, default=120)
    p.add_argument("--clicks", type=int, default=10)
    p.add_argument("--timeout", type=float, default=300.0, help="give up waiting for the first map after this")
    p.add_argument("--layout", help="layout to open with (default: the app's default)")
    p.add_argument("--frame-budget", type=float, default=20.0, help="seconds per series of frames")
    args = p.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(json.dumps(measure(args.corpus, args.t0 or T_IMPORT, args.frames, args.clicks, args.timeout, args.layout,
                             args.frame_budget)), flush=True)
    os._exit(0)  # skip Qt's teardown: it is not what is measured


if __name__ == "__main__":
    raise SystemExit(main())
