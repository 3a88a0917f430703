"""The `argmap` command: open the app, or validate, summarise, export, render and import corpora.

`argmap [CORPUS]` opens the map window. Every other command works without a screen.
With no CORPUS, commands use the bundled seed corpus. Bad input is reported as
`file: place: what is wrong` with exit status 1, never as a traceback.
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from argmap import __version__
from argmap.model.annotations import ACTOR_RELATIONS, RELATION_KINDS, VOICE_WORDS, VOICES
from argmap.model.corpus_check import unsupported_links
from argmap.model.corpus_format import ANNOTATIONS_FILE, LoadResult
from argmap.model.layout_names import LAYOUTS
from argmap.model.loading import load_corpus
from argmap.paths import seed_corpus_dir

if TYPE_CHECKING:
    from argmap.model.annotations import Corpus
    from argmap.model.view import ViewRequest


def _corpus_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", nargs="?", type=Path, help="corpus folder (default: the bundled seed corpus)")


def _filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--documents", help="comma-separated document ids to show")
    p.add_argument("--actors", help="comma-separated actor ids whose claims to show")
    p.add_argument("--kinds", help="comma-separated relation kinds to show (supports,rebuts,asserts,denies)")
    p.add_argument("--focus", help="show only the neighbourhood of this node id")
    p.add_argument("--depth", type=int, default=1, help="neighbourhood depth for --focus (default 1)")


def _output_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", default="-", help="output file (default: standard output)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="argmap", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"argmap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("open", help="open the map window (the default command)")
    _corpus_arg(p)

    p = sub.add_parser("validate", help="check a corpus and list every problem")
    _corpus_arg(p)

    p = sub.add_parser("stats", help="count claims, actors and relations, by kind and by document")
    _corpus_arg(p)

    p = sub.add_parser("export", help="write the map as data for other tools")
    _corpus_arg(p)
    p.add_argument("--format", "-f", required=True, help="node-link, graphml, gexf, dot, aif, ova, argdown")
    p.add_argument("-o", "--output", required=True, help="output file, or - for standard output")

    p = sub.add_parser("render", help="draw the map to PNG, SVG or PDF without a screen")
    _corpus_arg(p)
    p.add_argument("-o", "--output", required=True, type=Path, help="map.png, map.svg or map.pdf")
    p.add_argument("--layout", choices=LAYOUTS, help="layout (default: the saved one, else force, as in the window)")
    p.add_argument("--width", type=int, help="image width in pixels (PNG) or points (SVG/PDF)")
    p.add_argument("--scale", type=float, help="PNG scale factor instead of --width")
    p.add_argument("--no-legend", action="store_true", help="leave out the legend")
    p.add_argument("--transparent", action="store_true", help="transparent PNG background")
    p.add_argument("--select", help="node id drawn selected, with its neighbours highlighted")
    p.add_argument("--jobs", type=int, metavar="{1,2}",
                   help="processes that draw a PNG (default: 2 for maps of 2,000 nodes or more on a multi-core machine)")
    _filter_args(p)

    p = sub.add_parser("stances", help="the stance matrix: who asserts and denies which claim")
    _corpus_arg(p)
    p.add_argument("--by", choices=("actors", "sides", "documents"), default="actors", help="the columns (default: actors)")
    p.add_argument("--format", "-f", choices=("csv", "markdown", "long-csv"), default="csv",
                   help="csv (one mark a cell), markdown, or long-csv (one attribution a row, with voice and quote)")
    p.add_argument("--contested", action="store_true", help="only the contested claims")
    _output_arg(p)

    p = sub.add_parser("disputes", help="the contested claims, most contested first, with who is on each side")
    _corpus_arg(p)
    p.add_argument("--format", "-f", choices=("text", "csv", "markdown"), default="text")
    p.add_argument("--top", type=int, help="only the N most contested")
    _output_arg(p)

    p = sub.add_parser("status", help="what still stands: each claim accepted, rejected or undecided, and why")
    _corpus_arg(p)
    p.add_argument("--semantics", choices=("grounded", "preferred"), default="grounded",
                   help="grounded (default: the sceptical, unique answer) or preferred (accepted in every preferred extension)")
    p.add_argument("--sources", help="accept only these documents (comma-separated ids)")
    p.add_argument("--actors", help="accept only what these actors assert (comma-separated ids)")
    p.add_argument("--sides", help="accept only what these sides' actors assert (comma-separated side names)")
    p.add_argument("--voices", help="with --actors/--sides, count only these voices (states,suggests,reports)")
    p.add_argument("--format", "-f", choices=("text", "csv", "markdown"), default="text")
    p.add_argument("--all", action="store_true", help="also list the claims the accepted sources do not carry")
    _output_arg(p)

    p = sub.add_parser("import", help="convert an AIF (AIFdb/OVA) or brat file into a new corpus folder")
    p.add_argument("file", type=Path, help="an AIF .json file, or a brat .ann file (its .txt beside it)")
    p.add_argument("-o", "--output", required=True, type=Path, help="the new corpus folder")
    p.add_argument("--format", help="force the input format (aif, brat)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    commands = {"open", "validate", "stats", "export", "render", "import", "stances", "disputes", "status"}
    if not argv or (argv[0] not in commands and not argv[0].startswith("-")):
        argv.insert(0, "open")
    args = parser.parse_args(argv)
    if args.command is None:
        argv.insert(0, "open")
        args = parser.parse_args(argv)
    handler = {
        "open": cmd_open,
        "validate": cmd_validate,
        "stats": cmd_stats,
        "export": cmd_export,
        "render": cmd_render,
        "import": cmd_import,
        "stances": cmd_analysis,
        "disputes": cmd_analysis,
        "status": cmd_analysis,
    }[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _folder(args: argparse.Namespace) -> Path:
    return args.corpus if args.corpus is not None else seed_corpus_dir()


def _load(args: argparse.Namespace, *, quiet_warnings: bool = False) -> LoadResult | None:
    """Load the corpus; print its problems. None when it cannot be used at all."""
    result = load_corpus(_folder(args))
    for problem in result.problems:
        if problem.severity == "error" or not quiet_warnings:
            print(problem, file=sys.stderr)
    if not result.ok:
        n = len(result.errors)
        print(f"argmap: {n} error{'s' * (n != 1)} in {_folder(args) / ANNOTATIONS_FILE}", file=sys.stderr)
        return None
    return result


def cmd_open(args: argparse.Namespace) -> int:
    from argmap.ui.app import run_app

    return run_app(args.corpus)


def cmd_validate(args: argparse.Namespace) -> int:
    """Exit 1 for any problem loading would report; links without evidence are warnings only (exit 0)."""
    folder = _folder(args)
    result = load_corpus(folder)
    # unsupported links are listed once the file loads without errors: their $.relations[i] is then exact
    unsupported = unsupported_links(result.corpus, str(folder / ANNOTATIONS_FILE)) if result.ok and result.corpus else []
    for problem in [*result.problems, *unsupported]:
        print(problem)
    if result.problems:
        errors, warnings = len(result.errors), len(result.problems) - len(result.errors) + len(unsupported)
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
        return 1
    c = result.corpus
    assert c is not None
    print(
        f"{folder}: valid ({len(c.documents)} documents, {len(c.claims)} claims, "
        f"{len(c.actors)} actors, {len(c.relations)} relations)"
    )
    if unsupported:
        n = len(unsupported)
        print(f"{n} warning{'s' * (n != 1)}: link{'s' * (n != 1)} with no evidence quote and no note", file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from argmap.model.graph import build_graph

    result = _load(args, quiet_warnings=True)
    if result is None:
        return 1
    c = result.corpus
    assert c is not None
    g = build_graph(c)
    roles = Counter(role for _, role in g.nodes(data="role") if role)
    kinds = Counter(r.kind for r in c.relations.values())
    types = Counter(a.type for a in c.actors.values())
    origins = Counter(r.origin for r in c.relations.values())
    multi = sum(1 for cl in c.claims.values() if len({m.doc for m in cl.mentions}) > 1)
    print(f"documents  {len(c.documents)}")
    print(
        f"claims     {len(c.claims)}  ({roles['rebuttal']} rebut another claim; "
        f"{multi} mentioned in several documents)"
    )
    print(f"actors     {len(c.actors)}  ({', '.join(f'{n} {t}' for t, n in types.most_common())})")
    print(f"relations  {len(c.relations)}  ({', '.join(f'{kinds[k]} {k}' for k in RELATION_KINDS)})")
    voices = Counter(r.voice for r in c.relations.values() if r.kind in ACTOR_RELATIONS)
    via = sum(r.via is not None for r in c.relations.values())
    print(f"voice      {', '.join(f'{voices[v]} {VOICE_WORDS[v]}' for v in VOICES)}; {via} via another actor")
    print(f"unsupported links  {len(unsupported_links(c, ''))} (supports, rebuts, undercuts with no quote and no note)")
    print(f"origin     {', '.join(f'{n} {o}' for o, n in origins.most_common()) or 'none'}")
    # one pass over the claims for every per-document figure (not one pass per document)
    claim_docs = {cl.id: {m.doc for m in cl.mentions} for cl in c.claims.values()}
    claims_in: Counter[str] = Counter(doc for docs in claim_docs.values() for doc in docs)
    mentions_in: Counter[str] = Counter(m.doc for cl in c.claims.values() for m in cl.mentions)
    cross = sum(
        1
        for r in c.relations.values()
        if r.kind in ("supports", "rebuts") and not claim_docs[r.source] & claim_docs[r.target]
    )
    print(f"cross-document claim relations  {cross}")
    print("by document:")
    width = max((len(d.id) for d in c.documents.values()), default=2)
    for d in c.documents.values():
        print(f"  {d.id:<{width}}  {claims_in[d.id]:>4} claims  {mentions_in[d.id]:>4} mentions  {d.title}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from argmap.io.registry import exporters

    formats = exporters()
    if args.format not in formats:
        print(f"argmap: unknown export format '{args.format}' (known: {', '.join(sorted(formats))})", file=sys.stderr)
        return 2
    result = _load(args, quiet_warnings=True)
    if result is None:
        return 1
    assert result.corpus is not None
    if args.output == "-":
        sys.stdout.write(formats[args.format].write(result.corpus))
        return 0
    from argmap.io.corpus_files import CorpusFileError, export_to_file

    try:
        export_to_file(result.corpus, args.format, Path(args.output))  # File > Export Data… runs the same code
    except CorpusFileError as exc:
        print(f"argmap: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.output} ({args.format})", file=sys.stderr)
    return 0


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def _unknown(what: str, bad: list[str], known: list[str]) -> str:
    names = ", ".join(f"'{b}'" for b in bad)
    shown = ", ".join(known[:20]) + (" …" if len(known) > 20 else "")
    return f"unknown {what} {names} (known: {shown or 'none'})"


def render_request(args: argparse.Namespace, corpus: Corpus) -> tuple[ViewRequest | None, str]:
    """`argmap render`'s flags as the description of what to show (model.view), or why they cannot be.

    --focus N is the window's focus mode: N selected, its neighbourhood laid out around it.
    """
    from argmap.model.view import ViewRequest
    documents, actors, kinds = _split(args.documents), _split(args.actors), _split(args.kinds)
    if documents is not None and (bad := [d for d in documents if d not in corpus.documents]):
        return None, _unknown("document", bad, list(corpus.documents))
    if actors is not None and (bad := [a for a in actors if a not in corpus.actors]):
        return None, _unknown("actor", bad, list(corpus.actors))
    if kinds is not None and (bad := [k for k in kinds if k not in RELATION_KINDS]):
        return None, _unknown("relation kind", bad, list(RELATION_KINDS))
    nodes = [*corpus.claims, *corpus.actors]
    for flag, node in (("--focus", args.focus), ("--select", args.select)):
        if node is not None and corpus.node(node) is None:
            return None, _unknown(f"node for {flag}:", [node], nodes)
    if args.focus is not None and args.select is not None and args.focus != args.select:
        return None, "--select and --focus name different nodes (focus shows the neighbourhood of the selection)"
    if args.depth is not None and args.depth < 0:
        return None, f"--depth {args.depth} must be 0 or more"
    if args.width is not None and args.width < 16:
        return None, f"--width {args.width} is too small (at least 16)"
    if args.scale is not None and not (math.isfinite(args.scale) and args.scale > 0):
        return None, f"--scale {args.scale} must be a positive number"
    if args.jobs is not None and args.jobs not in (1, 2):
        return None, f"--jobs {args.jobs} must be 1 or 2"
    frozen = (lambda ids: None if ids is None else frozenset(ids))
    return ViewRequest(layout=args.layout, documents=frozen(documents), actors=frozen(actors), kinds=frozen(kinds),
                       selected=args.focus or args.select, focus=args.focus is not None, depth=args.depth), ""


def cmd_render(args: argparse.Namespace) -> int:
    from argmap.render.headless import RenderOptions, render_command

    # A one-shot job that keeps what it builds until it exits: the cyclic collector would only
    # re-scan the corpus and graph (two full passes, about half a second at 10,000 claims).
    gc.disable()
    result = _load(args, quiet_warnings=True)
    if result is None:
        return 1
    assert result.corpus is not None
    request, problem = render_request(args, result.corpus)
    if request is None:
        print(f"argmap render: {problem}", file=sys.stderr)
        return 1
    options = RenderOptions(args.output, width=args.width, scale=args.scale, transparent=args.transparent,
                            legend=not args.no_legend, jobs=args.jobs)
    return render_command(result.corpus, request, options)


def cmd_analysis(args: argparse.Namespace) -> int:
    from argmap.analysis.cli import AnalysisError, run_analysis

    result = _load(args, quiet_warnings=True)
    if result is None:
        return 1
    assert result.corpus is not None
    try:
        text = run_analysis(args, result.corpus)
    except AnalysisError as exc:
        print(f"argmap: {exc}", file=sys.stderr)
        return 2
    return _write_text(args.output, text)


def _write_text(output: str, text: str) -> int:
    if output == "-":
        sys.stdout.write(text)
        return 0
    from argmap.model.atomic_files import atomic_write

    try:
        atomic_write(Path(output), text.encode("utf-8"))
    except OSError as exc:
        print(f"argmap: {output}: cannot write: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {output}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from argmap.io.corpus_files import CorpusFileError, import_to_folder
    from argmap.io.registry import ImportFailed

    problem = _import_input_problem(args.file)
    if problem is not None:
        print(f"argmap: {problem}", file=sys.stderr)
        return 1
    try:
        result = import_to_folder(args.file, args.output, args.format)  # File > Import… runs the same code
    except (ImportFailed, CorpusFileError) as exc:
        print(f"argmap: {exc}", file=sys.stderr)
        return 1
    c = result.corpus
    print(
        f"imported {args.file} -> {args.output}: {len(c.documents)} documents, {len(c.claims)} claims, "
        f"{len(c.actors)} actors, {len(c.relations)} relations"
    )
    for line in result.summary:
        print(f"  {line}")
    return 0


def _import_input_problem(path: Path) -> str | None:
    """Why the file given to `argmap import` cannot be read at all (missing, a folder, a FIFO...)."""
    from argmap.model.safe_files import FileRefused, regular_file

    try:
        regular_file(path)
    except FileNotFoundError:
        return f"{path}: no such file"
    except FileRefused as exc:
        return f"{path}: {exc}"
    except (OSError, ValueError) as exc:
        return f"{path}: cannot be read: {getattr(exc, 'strerror', None) or exc}"
    return None
