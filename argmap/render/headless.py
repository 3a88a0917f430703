"""`argmap render`: draw a corpus's map to PNG, SVG or PDF with no screen, exactly as the app does."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from argmap.model.annotations import Corpus
from argmap.model.view import MapView, ViewRequest, chosen_layout, describe_view

if TYPE_CHECKING:
    import networkx as nx  # annotations only: `argmap render` draws a LightGraph and never imports networkx


def ensure_gui_app() -> object:
    """A QGuiApplication (offscreen when there is no display), created once."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["argmap"])


@dataclass(frozen=True)
class RenderOptions:
    """How to write the image (what to show is the ViewRequest)."""

    output: Path
    width: int | None = None
    scale: float | None = None
    transparent: bool = False
    legend: bool = True
    jobs: int | None = None  # processes that draw a PNG (None: two for a large map)


def _fail(message: str) -> int:
    print(f"argmap render: {message}", file=sys.stderr)
    return 1


def _jobs(options: RenderOptions, nodes: int) -> int:
    """Processes to draw a PNG with: as asked, else two for a large map (fork_bands decides whether it can)."""
    from argmap.render.bands import MIN_NODES

    if options.jobs is not None:
        return options.jobs
    return 2 if nodes >= MIN_NODES else 1


def map_positions(corpus: Corpus, graph: nx.MultiDiGraph, asked: str | None) -> tuple[dict[str, tuple[float, float]], str]:
    """Every node's position and where they came from: the saved ones (model.view.positions_kept),
    the rest from the chosen layout."""
    from argmap.model.layout import compute_layout
    from argmap.model.view import chosen_layout, positions_kept

    name = chosen_layout(asked, corpus.layout_name)
    saved = positions_kept(corpus.positions, corpus.layout_name, asked, graph)
    positions: dict[str, tuple[float, float]] = {}
    if len(saved) < graph.number_of_nodes():
        positions.update(compute_layout(graph, name))
        kept = len(saved)
        source = f"{name} layout" + (f", {kept} saved position{'s' * (kept != 1)}" if kept else "")
    else:  # every node where it was saved (by the window, or by an importer such as OVA's)
        source = f"saved positions ({corpus.layout_name})" if corpus.layout_name else "saved positions"
    positions.update(saved)
    return positions, source


def describe(corpus: Corpus, graph: nx.MultiDiGraph, request: ViewRequest) -> tuple[MapView, str]:
    """What `argmap render` draws for a request, as model.view describes it (the window's rule)."""
    positions, source = map_positions(corpus, graph, request.layout)
    return describe_view(graph, positions, replace(request, layout=chosen_layout(request.layout, corpus.layout_name))), source


def render_command(corpus: Corpus, request: ViewRequest, options: RenderOptions) -> int:
    """Run `argmap render` (request checked by cli.py); returns the exit status (0 written, 1 cannot)."""
    # numpy and igraph's core (the layout, in describe below) before PySide6: once PySide6 is loaded
    # its import hook reads the source of every module imported after it. networkx is not loaded at
    # all: the map is drawn from a LightGraph (argmap.model.light_graph)
    from argmap.model.graph import build_light_graph
    from argmap.model.safe_files import not_replaceable

    out = options.output
    if out.suffix.lower() not in (".png", ".svg", ".pdf"):
        return _fail(f"{out}: unknown image format '{out.suffix}' (use .png, .svg or .pdf)")
    if not os.path.isdir(out.parent):  # also a folder that cannot be entered: no traceback
        return _fail(f"{out}: the folder {out.parent} does not exist or cannot be entered")
    if (problem := not_replaceable(out)) is not None:
        return _fail(f"{out}: {problem}")
    g = build_light_graph(corpus)  # networkx is not needed to draw (argmap.model.light_graph)
    if not g.number_of_nodes():
        return _fail("the corpus has no claims or actors to draw")
    view, source = describe(corpus, g, request)
    if view.visible is not None and not view.visible:
        return _fail("the filters leave nothing to draw")

    split = None
    shown = len(view.visible) if view.visible is not None else g.number_of_nodes()
    if out.suffix.lower() == ".png" and not options.transparent and _jobs(options, shown) > 1:
        from argmap.render.bands import fork_bands

        split = fork_bands()  # before Qt starts: from here on two processes run this code
    try:
        ensure_gui_app()
        from argmap.render.export import ExportError, export_image
        from argmap.render.painter import PaintState

        state = PaintState(selected=view.selected, highlighted=set(view.highlighted), visible=view.visible, kinds=view.kinds)
        try:
            path = export_image(out, g, view.drawn_positions(), state=state, width=options.width, scale=options.scale,
                                transparent=options.transparent, legend=options.legend, columns=view.lanes, split=split)
        except ExportError as exc:
            return _fail(str(exc))
        except OSError as exc:
            return _fail(f"{out}: cannot write: {exc.strerror or exc}")
    finally:
        if split is not None and split.is_helper:
            os._exit(1)  # a helper that got here did not finish its band: it never returns into the command
        if split is not None:
            split.close()
    print(f"wrote {path} ({shown} nodes, {source})", file=sys.stderr)
    return 0
