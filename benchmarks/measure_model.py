"""Worker: load + validate + build the graph, one edit, save, and memory, on one corpus folder.

Run in a fresh process per corpus and part (by benchmarks.run) so peak memory belongs to this
corpus alone, and each part has the time limit to itself: at 100,000 claims the four parts in one
process took longer than one limit (240 s) together, though each finishes well within it.
Prints one JSON object: lists of wall times in seconds, memory in MB.

    python -m benchmarks.measure_model CORPUS_DIR --runs 5 --parts load,edit,analysis,traced
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.timing import peak_rss_mb


def _new_relation_endpoints(corpus) -> tuple[str, str]:
    """Two claims a user could join with a new 'supports' link (no such link yet)."""
    ids = list(corpus.claims)
    for step in range(1, len(ids)):
        for i in range(0, len(ids) - step, max(1, len(ids) // 50)):
            s, t = ids[i + step], ids[i]
            if corpus.relation_problem("supports", s, t) is None:
                return s, t
    raise RuntimeError("no free pair of claims for a new relation")


PARTS = ("load", "edit", "analysis", "traced")


def _load(folder: Path):
    from argmap.model.loading import load_corpus

    result = load_corpus(folder)
    if not result.ok:
        raise SystemExit(f"{folder}: does not load: {result.problems[:3]}")
    return result.corpus


def measure(folder: Path, runs: int, budget_s: float, parts: tuple[str, ...] = PARTS) -> dict:
    out: dict = {}
    if "load" in parts:
        out.update(measure_load(folder, runs, budget_s))
    if "edit" in parts:
        out.update(measure_edit(_load(folder), runs, budget_s))
    if "analysis" in parts:
        out.update(measure_analysis(_load(folder), runs, budget_s))
    if "traced" in parts:
        out.update(measure_traced(folder))
    return out


def measure_load(folder: Path, runs: int, budget_s: float) -> dict:
    """Load + validate, build the graph, repeated; peak RSS after the first."""
    from argmap.model.graph import build_graph

    base_rss = peak_rss_mb()
    out: dict = {"load": [], "graph": [], "load_graph": []}
    spent = 0.0
    for i in range(max(1, runs)):
        corpus = graph = None
        gc.collect()
        t0 = time.perf_counter()
        corpus = _load(folder)
        t1 = time.perf_counter()
        graph = build_graph(corpus)
        t2 = time.perf_counter()
        out["load"].append(t1 - t0)
        out["graph"].append(t2 - t1)
        out["load_graph"].append(t2 - t0)
        if i == 0:
            out["rss_load_graph_mb"] = peak_rss_mb()
            out["rss_baseline_mb"] = base_rss
            out["nodes"], out["edges"] = graph.number_of_nodes(), graph.number_of_edges()
        spent += t2 - t0
        if spent > budget_s:
            break
    return out


def measure_edit(corpus, runs: int, budget_s: float) -> dict:
    """One edit through the model (what the "add link" command calls), then the save that follows it."""
    from argmap.model import Relation
    from argmap.model.saving import save_corpus

    out: dict = {"edit": [], "save": []}
    tmp = Path(tempfile.mkdtemp(prefix="argmap-bench-save-"))
    try:
        source, target = _new_relation_endpoints(corpus)
        spent = 0.0
        for _ in range(max(1, runs)):
            t0 = time.perf_counter()
            rel = Relation(corpus.new_id("r"), "supports", source, target, [], "manual", "2026-11-22T05:00:00+00:00")
            corpus.add_relation(rel)
            t1 = time.perf_counter()
            save_corpus(corpus, tmp)
            t2 = time.perf_counter()
            corpus.remove_relation(rel.id)
            out["edit"].append(t1 - t0)
            out["save"].append(t2 - t1)
            spent += t2 - t0
            if spent > budget_s:
                break
        out["saved_mb"] = (tmp / "annotations.json").stat().st_size / 1e6
        out["add_relation"] = []  # the mutator alone, id made beforehand: O(1), whatever the size
        for _ in range(20):
            rel = Relation(corpus.new_id("r"), "supports", source, target, [], "manual", "2026-11-22T05:00:00+00:00")
            t0 = time.perf_counter()
            corpus.add_relation(rel)
            out["add_relation"].append(time.perf_counter() - t0)
            corpus.remove_relation(rel.id)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def measure_traced(folder: Path) -> dict:
    """Peak Python allocations of one load + graph build (tracemalloc makes it several times slower)."""
    from argmap.model.graph import build_graph
    from argmap.model.loading import load_corpus

    gc.collect()
    tracemalloc.start()
    result = load_corpus(folder)
    build_graph(result.corpus)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return {"traced_peak_mb": peak}


def measure_analysis(corpus, runs: int, budget_s: float = float("inf")) -> dict:
    """What stands (grounded acceptance with every explanation) and who says what (disputes + stance matrix)."""
    from argmap.analysis.disputes import dispute_list
    from argmap.analysis.stances import stance_matrix
    from argmap.analysis.status import acceptance

    out: dict = {"grounded": [], "stances": []}
    spent = 0.0
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        report = acceptance(corpus)
        t1 = time.perf_counter()
        dispute_list(corpus)
        stance_matrix(corpus)
        t2 = time.perf_counter()
        out["grounded"].append(t1 - t0)
        out["stances"].append(t2 - t1)
        spent += t2 - t0
        if spent > budget_s:
            break
    out["arguments"], out["attacks"] = len(report.framework), len(report.framework.attacks())
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--budget", type=float, default=60.0, help="stop repeating a figure after this many seconds")
    p.add_argument("--parts", default=",".join(PARTS), help=f"what to measure, comma-separated: {', '.join(PARTS)}")
    args = p.parse_args(argv)
    parts = tuple(x for x in args.parts.split(",") if x)
    if unknown := set(parts) - set(PARTS):
        p.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    print(json.dumps(measure(args.corpus, args.runs, args.budget, parts)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
