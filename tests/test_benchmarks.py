"""The benchmark harness runs on the smallest corpus and writes a row for every figure (no timing asserted)."""

from __future__ import annotations

import re
from pathlib import Path

from argmap.model.loading import load_corpus
from benchmarks import report, run, synth
from benchmarks.timing import ProcSpec, percentile, run_process


def test_synthetic_corpus_is_valid_deterministic_and_heavy_tailed(tmp_path: Path) -> None:
    shape = synth.write_corpus(300, tmp_path / "a", check=True)
    synth.write_corpus(300, tmp_path / "b")
    assert (tmp_path / "a" / "annotations.json").read_bytes() == (tmp_path / "b" / "annotations.json").read_bytes()
    result = load_corpus(tmp_path / "a")
    assert result.ok and not result.problems
    corpus = result.corpus
    assert shape.claims == 300 and 2.5 * 300 <= shape.relations <= 3.5 * 300
    kinds = [r.kind for r in corpus.relations.values()]
    assert {"supports", "rebuts", "asserts", "denies"} <= set(kinds)
    assert kinds.count("supports") > kinds.count("rebuts") > 0
    indegree: dict[str, int] = {}
    for r in corpus.relations.values():
        indegree[r.target] = indegree.get(r.target, 0) + 1
    degrees = sorted(indegree.values())
    assert degrees[-1] >= 8 * degrees[len(degrees) // 2]  # a few hubs, most claims with few replies
    first = next(iter(corpus.documents.values())).text
    assert "lorem" not in first.lower() and first.count(".") > 20


def test_run_process_reports_time_limit_and_memory() -> None:
    slow = run_process(ProcSpec(["python3", "-c", "import time; time.sleep(5)"], timeout_s=0.5))
    assert slow.timed_out and not slow.ok and slow.seconds < 4
    fast = run_process(ProcSpec(["python3", "-c", "x = bytearray(50_000_000); print('done')"], timeout_s=30))
    assert fast.ok and fast.stdout.strip() == "done" and fast.max_rss_mb > 45


def test_percentile_is_a_sample() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 95) == 95.0 and percentile(values, 50) == 50.0 and percentile([7.0], 95) == 7.0


def test_harness_writes_every_figure_row(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    code = run.main(["--sizes", "100", "--quick", "--frames", "12", "--clicks", "2", "--no-peers",
                     "--out", str(tmp_path / "out"), "--results", str(results)])
    assert code == 0
    text = results.read_text(encoding="utf-8")
    assert "## Machine" in text and "CPU:" in text and "Qt " in text
    for fig in report.FIGURES:
        row = next((ln for ln in text.splitlines() if ln.startswith(f"| {fig.title}")), None)
        assert row is not None, f"no row for {fig.key}"
        assert row.count("|") == 3, row  # label + one size column
    for target in report.TARGETS:
        assert f"| {target.text} |" in text
    model_row = next(ln for ln in text.splitlines() if ln.startswith("| load + validate + build the graph"))
    assert re.search(r"\d+\.\d+ s", model_row), model_row
    assert (tmp_path / "out" / "results.json").exists()
    # the table can be rewritten from the raw samples without measuring again
    results.unlink()
    assert run.main(["--report-only", "--out", str(tmp_path / "out"), "--results", str(results)]) == 0
    assert results.read_text(encoding="utf-8") == text


def test_report_only_without_a_run_says_so(tmp_path: Path, capsys) -> None:
    assert run.main(["--report-only", "--out", str(tmp_path / "none"), "--results", str(tmp_path / "R.md")]) == 1
    assert "no results yet" in capsys.readouterr().err
    assert not (tmp_path / "R.md").exists()


def test_peer_ratios_pair_each_peer_run_with_the_argmap_run_before_it():
    from benchmarks.report import Results, ratio

    r = Results(sizes=[10])
    r.add("render_png", 10, [1.0, 1.0, 1.0])
    # the machine slowed down for the second pair: both runs took twice as long
    r.add("paired.sfdp.png", 10, [1.0, 2.0, 1.0])
    r.add("peer.sfdp.png", 10, [3.0, 6.0, 3.3])
    assert ratio(r, "sfdp", "png", 10) == (3.0, False)  # median of 3.0, 3.0, 3.3; not 3.3 / 1.0
    # no pairs: medians of each
    r.add("peer.dot.png", 10, [5.0])
    assert ratio(r, "dot", "png", 10) == (5.0, False)
    # a peer killed at its limit: a lower bound
    r.add("paired.networkx.png", 10, [2.0])
    r.fail("peer.networkx.png", 10, "", over_limit=120.0)
    assert ratio(r, "networkx", "png", 10) == (60.0, True)
