"""Worker: time each layout engine (argmap.model.layout.compute_layout) on one corpus.

Prints one JSON object {layout name: [seconds, ...], "_errors": {name: message}}; a layout
that goes past its budget is run once only.

    python -m benchmarks.measure_layout CORPUS_DIR --runs 3
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def measure(folder: Path, runs: int, budget_s: float, names: list[str] | None) -> dict:
    from argmap.model.graph import build_graph
    from argmap.model.layout import compute_layout
    from argmap.model.layout_names import LAYOUTS
    from argmap.model.loading import load_corpus

    graph = build_graph(load_corpus(folder).corpus)
    out: dict = {"_errors": {}}
    for name in names or LAYOUTS:
        times: list[float] = []
        try:
            for _ in range(max(1, runs)):
                t0 = time.perf_counter()
                positions = compute_layout(graph, name)
                times.append(time.perf_counter() - t0)
                if len(positions) != graph.number_of_nodes():
                    raise RuntimeError(f"placed {len(positions)} of {graph.number_of_nodes()} nodes")
                if sum(times) > budget_s:
                    break
        except Exception as exc:  # a broken engine is a result to report, not a reason to stop the run
            out["_errors"][name] = f"{type(exc).__name__}: {exc}"[:200]
        if times:
            out[name] = times
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--budget", type=float, default=30.0, help="per layout: stop repeating after this many seconds")
    p.add_argument("--layouts", help="comma-separated names (default: all)")
    args = p.parse_args(argv)
    names = args.layouts.split(",") if args.layouts else None
    print(json.dumps(measure(args.corpus, args.runs, args.budget, names)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
