"""`argmap render`: draw a corpus's map to PNG, SVG or PDF with no screen, exactly as the app does."""

from __future__ import annotations

import argparse
import math
import os
import sys

from argmap.model.annotations import Corpus


def ensure_gui_app() -> object:
    """A QGuiApplication (offscreen when there is no display), created once."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["argmap"])


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def _fail(message: str) -> int:
    print(f"argmap render: {message}", file=sys.stderr)
    return 1


def _unknown(what: str, bad: list[str], known: list[str]) -> str:
    names = ", ".join(f"'{b}'" for b in bad)
    shown = ", ".join(known[:20]) + (" …" if len(known) > 20 else "")
    return f"unknown {what} {names} (known: {shown or 'none'})"


def _jobs(args: argparse.Namespace, nodes: int) -> int:
    """Processes to draw a PNG with: as asked, else two for a large map (fork_bands decides whether it can)."""
    from argmap.render.bands import MIN_NODES

    if args.jobs is not None:
        return args.jobs
    return 2 if nodes >= MIN_NODES else 1


def render_command(corpus: Corpus, args: argparse.Namespace) -> int:
    """Run `argmap render`; returns the exit status (0 written, 1 bad request or cannot write)."""
    # numpy, networkx and igraph before PySide6: once PySide6 is loaded its import hook reads the
    # source of every module imported after it (about 0.1 s more for these three)
    from argmap.model.annotations import RELATION_KINDS
    from argmap.model.graph import build_graph, filter_nodes, k_hop
    from argmap.model.layout import compute_layout, document_columns
    from argmap.model.layout_names import DEFAULT_LAYOUT, LAYOUTS
    from argmap.model.safe_files import not_replaceable

    out = args.output
    if out.suffix.lower() not in (".png", ".svg", ".pdf"):
        return _fail(f"{out}: unknown image format '{out.suffix}' (use .png, .svg or .pdf)")
    if not os.path.isdir(out.parent):  # also a folder that cannot be entered: no traceback
        return _fail(f"{out}: the folder {out.parent} does not exist or cannot be entered")
    if (problem := not_replaceable(out)) is not None:
        return _fail(f"{out}: {problem}")
    if args.width is not None and args.width < 16:
        return _fail(f"--width {args.width} is too small (at least 16)")
    if args.scale is not None and not (math.isfinite(args.scale) and args.scale > 0):
        return _fail(f"--scale {args.scale} must be a positive number")
    g = build_graph(corpus)
    documents, actors, kinds = _split(args.documents), _split(args.actors), _split(args.kinds)
    if documents is not None and (bad := [d for d in documents if d not in corpus.documents]):
        return _fail(_unknown("document", bad, list(corpus.documents)))
    if actors is not None and (bad := [a for a in actors if a not in corpus.actors]):
        return _fail(_unknown("actor", bad, list(corpus.actors)))
    if kinds is not None and (bad := [k for k in kinds if k not in RELATION_KINDS]):
        return _fail(_unknown("relation kind", bad, list(RELATION_KINDS)))
    for flag, node in (("--focus", args.focus), ("--select", args.select)):
        if node is not None and node not in g:
            return _fail(_unknown(f"node for {flag}:", [node], list(g.nodes)))
    if args.depth is not None and args.depth < 0:
        return _fail(f"--depth {args.depth} must be 0 or more")
    if args.jobs is not None and args.jobs not in (1, 2):
        return _fail(f"--jobs {args.jobs} must be 1 or 2")

    name = args.layout or corpus.layout_name or DEFAULT_LAYOUT
    if name not in LAYOUTS:
        name = DEFAULT_LAYOUT
    positions = {}
    if not g.number_of_nodes():
        return _fail("the corpus has no claims or actors to draw")
    saved = dict(corpus.positions) if (args.layout is None or args.layout == corpus.layout_name) else {}
    kept = sum(1 for n in g.nodes if n in saved)
    if kept < g.number_of_nodes():
        positions.update(compute_layout(g, name))
        shown_layout = f"{name} layout" + (f", {kept} saved position{'s' * (kept != 1)}" if kept else "")
    else:  # every node where it was saved (by the window, or by an importer such as OVA's)
        shown_layout = f"saved positions ({corpus.layout_name})" if corpus.layout_name else "saved positions"
    positions.update({k: v for k, v in saved.items() if k in g})

    visible = None
    if documents is not None or actors is not None or kinds is not None:
        visible = filter_nodes(g, documents=documents, actors=actors, kinds=kinds)
    if args.focus is not None:
        near = k_hop(g, args.focus, args.depth, kinds)
        visible = near if visible is None else (visible & near) | {args.focus}
    if visible is not None and not visible:
        return _fail("the filters leave nothing to draw")

    split = None
    shown = len(visible) if visible is not None else g.number_of_nodes()
    if out.suffix.lower() == ".png" and not args.transparent and _jobs(args, shown) > 1:
        from argmap.render.bands import fork_bands

        split = fork_bands()  # before Qt starts: from here on two processes run this code
    try:
        ensure_gui_app()
        from argmap.render.export import ExportError, export_image
        from argmap.render.painter import PaintState

        state = PaintState(visible=visible, kinds=set(kinds) if kinds is not None else None)
        if args.select is not None:
            state.selected = args.select
            state.highlighted = k_hop(g, args.select, 1, state.kinds)
        try:
            path = export_image(out, g, positions, state=state, width=args.width, scale=args.scale,
                                transparent=args.transparent, legend=not args.no_legend,
                                columns=document_columns(g, positions) if name == "by-document" else None, split=split)
        except ExportError as exc:
            return _fail(str(exc))
        except OSError as exc:
            return _fail(f"{out}: cannot write: {exc.strerror or exc}")
    finally:
        if split is not None and split.is_helper:
            os._exit(1)  # a helper that got here did not finish its band: it never returns into the command
        if split is not None:
            split.close()
    print(f"wrote {path} ({shown} nodes, {shown_layout})", file=sys.stderr)
    return 0
