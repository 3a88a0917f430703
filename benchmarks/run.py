"""Measure argmap at several corpus sizes, with peers in the same run, and write benchmarks/RESULTS.md.

    python -m benchmarks.run                          # what `make bench` runs: 100 to 100,000 claims
    python -m benchmarks.run --sizes 100,1000 --quick # a fast pass

Each measurement runs in its own process (fresh memory, a time limit, a figure that cannot hang
the run); slow steps are repeated fewer times within a budget. A figure that ran past its time
limit at one size is skipped at the larger sizes and says so. Generated corpora, peer inputs and
images go to benchmarks/out/ (git-ignored); results.json there has every raw sample.
"""

from __future__ import annotations

import argparse
import compileall
import os
import sys
import time
from pathlib import Path

from benchmarks import peers as P
from benchmarks.report import LAYOUT_NAMES, Results, machine_description, render_markdown
from benchmarks.synth import DEFAULT_SEED, cached_corpus
from benchmarks.timing import ROOT, ProcSpec, json_from, python_module, run_process

HERE = Path(__file__).resolve().parent
DEFAULT_SIZES = (100, 1_000, 10_000, 50_000, 100_000)


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.out: Path = args.out
        self.results = Results(sizes=list(args.sizes))
        self.killed_at: dict[str, int] = {}  # figure -> size where it ran past its limit
        self.results.settings = {
            "runs": args.runs, "frames": f"{args.frames} (or {args.frame_budget:.0f} s) per series",
            "argmap time limit": f"{args.timeout:.0f} s",
            "peer time limit": f"{args.peer_timeout:.0f} s", "seed": args.seed, "quick": args.quick,
        }

    # -- bookkeeping -----------------------------------------------------------------------------

    def skipped(self, key: str, size: int) -> bool:
        """True (and the cell says why) when `key` already ran past its limit at a smaller size."""
        smaller = self.killed_at.get(key)
        if smaller is not None and smaller < size:
            self.results.fail(key, size, f"skipped: over the limit at {smaller:,} claims")
            return True
        return False

    def over(self, key: str, size: int, limit: float) -> None:
        self.results.fail(key, size, "", over_limit=limit)
        self.killed_at.setdefault(key, size)

    def timed_runs(self, key: str, size: int, cmd: list[str], limit: float, runs: int, budget: float,
                   env: dict[str, str] | None = None, paired: tuple[str, list[str]] | None = None,
                   paired_mem: str | None = None) -> list:
        """Run `cmd` up to `runs` times within `budget` s; record wall times under `key`; return the ProcResults.

        `paired` (key, command): run that command (argmap's render) right before each run and
        record its times under that key, so each peer time has an argmap time from the same moment.
        """
        if self.skipped(key, size):
            return []
        done, spent = [], 0.0
        for _ in range(max(1, runs)):
            if paired is not None:
                mine = run_process(ProcSpec(paired[1], self.args.timeout, {"QT_QPA_PLATFORM": "offscreen"}))
                if not mine.ok:
                    self.results.fail(paired[0], size, f"failed: {mine.last_error_line()}")
                    paired = None
                else:
                    self.results.add(paired[0], size, [mine.seconds])
                    if paired_mem:
                        self.results.add(paired_mem, size, [mine.max_rss_mb])
            res = run_process(ProcSpec(cmd, limit, env or {}))
            if res.timed_out:
                if not done:
                    self.over(key, size, limit)
                break
            if not res.ok:
                self.results.fail(key, size, f"failed: {res.last_error_line()}")
                log(f"{key} at {size}: {res.last_error_line()}")
                break
            done.append(res)
            self.results.add(key, size, [res.seconds])
            spent += res.seconds
            if spent > budget:
                break
        return done

    def save(self) -> None:
        self.results.machine["load_after"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
        self.results.save_json(self.out / "results.json")
        self.args.results.write_text(render_markdown(self.results), encoding="utf-8")

    # -- figures ---------------------------------------------------------------------------------

    def model(self, size: int, folder: Path) -> None:
        """Each part of benchmarks.measure_model in its own process, with the time limit to itself."""
        a = self.args
        keys_of = {"load": ("load", "graph", "load_graph", "mem_model"), "edit": ("edit", "add_relation", "save"),
                   "analysis": ("grounded", "stances"), "traced": ("mem_traced",)}
        for part, keys in keys_of.items():
            res = run_process(ProcSpec(python_module("benchmarks.measure_model", str(folder), "--runs", str(a.runs + 2),
                                                     "--budget", str(a.budget), "--parts", part), a.timeout))
            data = json_from(res) if res.ok else None
            if data is None:
                for k in keys:
                    if res.timed_out:
                        self.over(k, size, a.timeout)
                    else:
                        self.results.fail(k, size, f"failed: {res.last_error_line()}")
                log(f"model {part} {size}: {'over the limit' if res.timed_out else res.last_error_line()}")
                continue
            for k in keys:
                if k == "mem_model":
                    self.results.add(k, size, [data["rss_load_graph_mb"]])
                elif k == "mem_traced":
                    self.results.add(k, size, [data["traced_peak_mb"]])
                else:
                    self.results.add(k, size, data[k])
            log(f"model {part} {size}: {res.seconds:.1f} s")

    def layouts(self, size: int, folder: Path) -> None:
        a = self.args
        for name in LAYOUT_NAMES:
            key = f"layout.{name}"
            if self.skipped(key, size):
                continue
            cmd = python_module("benchmarks.measure_layout", str(folder), "--runs", str(a.runs), "--budget", str(a.budget),
                                "--layouts", name)
            res = run_process(ProcSpec(cmd, a.timeout))
            data = json_from(res) if res.ok else None
            if res.timed_out:
                self.over(key, size, a.timeout)
            elif data is None:
                self.results.fail(key, size, f"failed: {res.last_error_line()}")
            elif name in data:
                self.results.add(key, size, data[name])
            else:
                self.results.fail(key, size, f"failed: {data['_errors'].get(name, 'no result')}")
            c = self.results.get(key, size)
            log(f"layout {name} {size}: {c.median if c and c.values else c.note if c else '?'}")

    def render(self, size: int, folder: Path) -> None:
        a = self.args
        for fmt in ("png", "svg"):
            target = self.out / "images" / f"argmap-{size}.{fmt}"
            target.parent.mkdir(parents=True, exist_ok=True)
            cmd = python_module("argmap", "render", str(folder), "-o", str(target))
            done = self.timed_runs(f"render_{fmt}", size, cmd, a.timeout, a.runs, a.budget, {"QT_QPA_PLATFORM": "offscreen"})
            if fmt == "png" and done:
                self.results.add("mem_render", size, [max(r.max_rss_mb for r in done)])
            elif fmt == "png":
                c = self.results.get("render_png", size)
                self.results.fail("mem_render", size, "no render" if c is None else (c.note or "render over the limit"))
            c = self.results.get(f"render_{fmt}", size)
            log(f"render {fmt} {size}: {c.median if c and c.values else c.note if c else '?'}")

    def _window_run(self, folder: Path, layout: str | None, with_frames: bool) -> dict | str:
        a = self.args
        cmd = python_module("benchmarks.measure_ui", str(folder), "--frames", str(a.frames if with_frames else 0),
                            "--clicks", str(a.clicks if with_frames else 0), "--frame-budget", str(a.frame_budget),
                            "--timeout", str(a.timeout - 30))
        if layout:
            cmd += ["--layout", layout]
        cmd += ["--t0", repr(time.time())]  # as late as possible before the launch
        res = run_process(ProcSpec(cmd, a.timeout + 60, {"QT_QPA_PLATFORM": "offscreen"}))
        data = json_from(res)
        if res.timed_out:
            return f"> {a.timeout:.0f} s"
        if data is None:
            return f"failed: {res.last_error_line()}"
        if "error" in data:
            return data["error"]
        data["rss_mb"] = max(data.get("rss_mb", 0), res.max_rss_mb)
        return data

    def window(self, size: int, folder: Path) -> None:
        """First map with the default layout (repeated), then with layered; frames and clicks from the first map drawn."""
        r = self.results
        frame_keys = ("frame_pan_open", "frame_zoom_open", "frame_zoom_crisp_open", "frame_pan_whole", "frame_zoom_whole",
                      "frame_zoom_crisp_whole")
        frames_done = False
        for key, layout in (("first_map", None), ("first_map_layered", "layered")):
            if self.skipped(key, size):
                continue
            spent = 0.0
            for _ in range(self.args.runs if key == "first_map" else 1):
                data = self._window_run(folder, layout, with_frames=not frames_done)
                if isinstance(data, str):
                    if data.startswith(">") or "not drawn within" in data:
                        self.over(key, size, self.args.timeout - 30)
                    else:
                        r.fail(key, size, data)
                    log(f"window {key} {size}: {data}")
                    break
                r.add(key, size, [data["first_map_s"]])
                spent += data["first_map_s"]
                if not frames_done:
                    for k in frame_keys:
                        r.add(k, size, data[f"{k}_ms"], note="" if key == "first_map" else "layered layout")
                    r.add("click_highlight", size, data["click_highlight_ms"])
                    r.add("mem_window", size, [data["rss_mb"]])
                    frames_done = True
                    pan = sorted(data["frame_pan_open_ms"])
                    log(f"window {size}: pan median {pan[len(pan) // 2]:.1f} ms, rss {data['rss_mb']:.0f} MB")
                log(f"window {key} {size}: first map {data['first_map_s']:.2f} s")
                if spent > self.args.budget:
                    break
        if not frames_done:
            for k in (*frame_keys, "click_highlight", "mem_window"):
                r.fail(k, size, "no map was drawn")

    def edits(self, size: int, folder: Path) -> None:
        """One edit in the window, command to repainted canvas (benchmarks.measure_edit): link, claim, delete, undo."""
        from benchmarks.measure_edit import KEYS

        a = self.args
        if any(self.skipped(k, size) for k in KEYS):
            return
        cmd = python_module("benchmarks.measure_edit", str(folder), "--repeats", str(3 if a.quick else 10),
                            "--budget", str(a.budget), "--timeout", str(a.timeout - 30))
        res = run_process(ProcSpec(cmd, a.timeout + 60, {"QT_QPA_PLATFORM": "offscreen"}))
        data = json_from(res) if res.ok else None
        for k in KEYS:
            if res.timed_out:
                self.over(k, size, a.timeout)
            elif data is None or "error" in data:
                self.results.fail(k, size, data["error"] if data else f"failed: {res.last_error_line()}")
            else:
                self.results.add(k, size, data[k])
        log(f"edits {size}: {'over the limit' if res.timed_out else 'done' if data else res.last_error_line()}")

    def peers(self, size: int, folder: Path, graph_dot: Path, graph_json: Path, nodes: int, gv_problem: str | None) -> None:
        a = self.args
        images = self.out / "images"
        for peer in P.PEERS:
            for fmt in ("png", "svg"):
                key = f"peer.{peer.name}.{fmt}"
                if a.no_peers:
                    self.results.fail(key, size, "skipped (--no-peers)")
                    continue
                if peer.name != "networkx" and gv_problem:
                    self.results.fail(key, size, "skipped: Graphviz missing")
                    continue
                if nodes > peer.max_nodes:
                    self.results.fail(key, size, peer.skip_reason)
                    continue
                png = self.results.get(f"peer.{peer.name}.png", size)
                if fmt == "svg" and png is not None and png.over_limit is not None:
                    self.results.fail(key, size, "skipped: the PNG run (same layout) was over the limit")
                    continue
                target = images / f"{peer.name}-{size}.{fmt}"
                if peer.name == "networkx":
                    cmd = P.networkx_command(graph_json, target)
                else:
                    cmd = P.graphviz_command(peer.name, graph_dot, target)
                mine = python_module("argmap", "render", str(folder), "-o", str(images / f"paired-{size}.{fmt}"))
                done = self.timed_runs(key, size, cmd, a.peer_timeout, a.runs, a.budget,
                                       paired=(f"paired.{peer.name}.{fmt}", mine))
                if peer.name == "networkx" and fmt == "png":
                    layout_times = [d["layout"] for d in (json_from(x) for x in done) if d]
                    if layout_times:
                        self.results.add("peer.networkx.layout", size, layout_times)
                    else:
                        c = self.results.get(key, size)
                        self.results.fail("peer.networkx.layout", size, c.note if c and c.note else
                                          f"> {a.peer_timeout:.0f} s with drawing" if c and c.over_limit else "—")
                c = self.results.get(key, size)
                log(f"peer {key} {size}: {c.median if c and c.values else (c.note or f'> {c.over_limit}') if c else '?'}")

    def seed_map(self, gv_problem: str | None) -> None:
        """`argmap render seeds -o map.png` against `dot -Tpng` on the same graph, paired, with both peak memories."""
        from argmap.model.graph import build_graph
        from argmap.model.loading import load_corpus
        from argmap.paths import seed_corpus_dir
        from benchmarks.report import SEED_SIZE

        a = self.args
        folder = seed_corpus_dir()
        images = self.out / "images"
        images.mkdir(parents=True, exist_ok=True)
        dot, _ = P.write_peer_inputs(build_graph(load_corpus(folder).corpus), self.out / "peer-inputs" / "seed")
        mine = python_module("argmap", "render", str(folder), "-o", str(images / "seed-argmap.png"))
        runs = max(5, 2 * a.runs + 1)  # fast: more pairs, a steadier ratio
        if a.no_peers or gv_problem:
            self.results.fail("seed.dot_png", SEED_SIZE, "skipped (--no-peers)" if a.no_peers else "skipped: Graphviz missing")
            self.results.fail("seed.mem_dot", SEED_SIZE, "—")
            offscreen = {"QT_QPA_PLATFORM": "offscreen"}
            done = self.timed_runs("seed.render_png", SEED_SIZE, mine, a.timeout, runs, a.budget, offscreen)
            self.results.add("seed.mem_render", SEED_SIZE, [max(r.max_rss_mb for r in done)] if done else [])
            return
        done = self.timed_runs("seed.dot_png", SEED_SIZE, P.graphviz_command("dot", dot, images / "seed-dot.png"),
                               a.peer_timeout, runs, a.budget, paired=("seed.render_png", mine), paired_mem="seed.mem_render")
        if done:
            self.results.add("seed.mem_dot", SEED_SIZE, [max(r.max_rss_mb for r in done)])
        c, d = self.results.get("seed.render_png", SEED_SIZE), self.results.get("seed.dot_png", SEED_SIZE)
        log(f"seed map: argmap {c.median if c and c.values else '?'} s, dot {d.median if d and d.values else '?'} s")

    # -- the run ---------------------------------------------------------------------------------

    def run(self) -> int:
        from argmap.model.graph import build_graph
        from argmap.model.loading import load_corpus
        from benchmarks.synth import shape_of

        a = self.args
        self.out.mkdir(parents=True, exist_ok=True)
        self.results.machine = machine_description()
        gv_problem = None if a.no_peers else P.graphviz_status()
        if gv_problem:
            self.results.notes.append(gv_problem)
            log(gv_problem)
        # the argmap processes start as an installed argmap does: from compiled bytecode (pip compiles
        # it on install; an editable install on a machine with PYTHONDONTWRITEBYTECODE never would)
        compileall.compile_dir(str(ROOT / "argmap"), quiet=1)
        if os.environ.get("PYTHONDONTWRITEBYTECODE"):
            self.results.notes.append("PYTHONDONTWRITEBYTECODE is set here: argmap's bytecode was compiled once before "
                                      "the run (as pip does on install), so no process compiles argmap's sources.")
        self.seed_map(gv_problem)
        self.save()
        try:
            import scipy  # noqa: F401 - networkx's spring_layout needs it past 500 nodes
        except ImportError:
            self.results.notes.append("scipy is not installed: networkx spring_layout fails past 500 nodes "
                                      "(`pip install scipy` to measure that peer)")
        for size in a.sizes:
            log(f"--- {size:,} claims")
            folder = cached_corpus(size, self.out / "corpora", a.seed)
            corpus = load_corpus(folder).corpus
            graph = build_graph(corpus)
            sh = shape_of(corpus)
            self.results.shapes[size] = {"documents": sh.documents, "actors": sh.actors, "nodes": sh.nodes,
                                         "relations": sh.relations, "text_chars": sh.text_chars}
            dot, js = P.write_peer_inputs(graph, self.out / "peer-inputs" / str(size))
            nodes = graph.number_of_nodes()
            del corpus, graph
            for step, extra in ((self.model, ()), (self.layouts, ()), (self.render, ()), (self.window, ()), (self.edits, ()),
                                (self.peers, (folder, dot, js, nodes, gv_problem))):
                step(size, *(extra or (folder,)))
                self.save()
        self.save()
        log(f"wrote {a.results}")
        return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="claim counts, comma-separated")
    p.add_argument("--quick", action="store_true", help="fewer repetitions and frames, shorter time limits")
    p.add_argument("--runs", type=int, help="repetitions per measurement (default 3, quick 1)")
    p.add_argument("--frames", type=int, help="frames per pan/zoom series (default 120, quick 30)")
    p.add_argument("--clicks", type=int, help="claims clicked per window run (default 10, quick 5)")
    p.add_argument("--timeout", type=float, help="time limit of an argmap process, s (default 240, quick 120)")
    p.add_argument("--peer-timeout", type=float, help="time limit of a peer run, s (default 120, quick 30)")
    p.add_argument("--budget", type=float, help="stop repeating a figure after this many seconds (default 40, quick 10)")
    p.add_argument("--frame-budget", type=float, help="seconds per series of frames (default 12, quick 5)")
    p.add_argument("--no-peers", action="store_true", help="do not run the peer tools")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--out", type=Path, default=HERE / "out", help="work folder (corpora, images, results.json)")
    p.add_argument("--results", type=Path, default=HERE / "RESULTS.md", help="the results table to write")
    p.add_argument("--report-only", action="store_true",
                   help="measure nothing: rewrite the results table from the last run's results.json")
    args = p.parse_args(argv)
    try:
        args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error(f"--sizes must be comma-separated whole numbers, not {args.sizes!r}")
    if not args.sizes or min(args.sizes) < 2:
        p.error("--sizes needs claim counts of at least 2")
    q = args.quick
    defaults = {"runs": 1 if q else 3, "frames": 30 if q else 120, "clicks": 5 if q else 10, "timeout": 120.0 if q else 240.0,
                "peer_timeout": 30.0 if q else 120.0, "budget": 10.0 if q else 40.0,
                "frame_budget": 5.0 if q else 12.0}
    for k, v in defaults.items():
        if getattr(args, k) is None:
            setattr(args, k, v)
    return args


def main(argv: list[str] | None = None) -> int:
    os.chdir(ROOT)
    args = parse_args(argv)
    if args.report_only:
        raw = args.out / "results.json"
        if not raw.is_file():
            print(f"{raw}: no results yet; run `make bench` first", file=sys.stderr)
            return 1
        args.results.write_text(render_markdown(Results.load_json(raw)), encoding="utf-8")
        log(f"wrote {args.results} from {raw}")
        return 0
    return Bench(args).run()


if __name__ == "__main__":
    raise SystemExit(main())
