"""Hostile inputs against their target: each must answer in under 5 s with under 500 MB.

    python -m benchmarks.hostile                 # build the inputs, run each in its own process, print a table
    python -m benchmarks.hostile --write         # ... and write benchmarks/HOSTILE.md

Every input is built in benchmarks/out/hostile/ (git-ignored) and run as the user would run it
(`argmap validate`, `argmap stats`), in a child process with a time limit, its wall time and
peak memory (the process family's VmHWM) measured by benchmarks.timing. The suite's tests prove
the behaviour (a message, no hang); this file measures how fast and how small.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from argmap.model.corpus import text_sha256
from benchmarks.synth import write_corpus
from benchmarks.timing import ProcSpec, python_module, run_process

HERE = Path(__file__).resolve().parent
TIME_TARGET_S = 5.0
MEMORY_TARGET_MB = 500.0


def _corpus(folder: Path, documents: dict[str, str], claims: list[dict], *, changed: bool = False) -> None:
    folder.mkdir(parents=True)
    docs = []
    for doc_id, text in documents.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        docs.append({"id": doc_id, "path": f"{doc_id}.txt", "title": doc_id,
                     "sha256": text_sha256("an older version" if changed else text)})
    data = {"format": "argmap-annotations", "version": 2, "documents": docs, "actors": [], "claims": claims,
            "relations": []}
    (folder / "annotations.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _claim(i: int, doc: str, start: int, quote: str) -> dict:
    return {"id": f"c{i}", "text": f"claim {i}", "mentions": [{"doc": doc, "start": start, "end": start + len(quote),
                                                               "quote": quote}]}


def stats_many_documents(folder: Path) -> list[str]:
    """8,000 documents with a claim each: `stats` used to walk every claim once per document."""
    n = 8_000
    _corpus(folder, {f"d{i}": f"claim number {i} here" for i in range(n)},
            [_claim(i, f"d{i}", 0, f"claim number {i}") for i in range(n)])
    return ["stats", str(folder)]


def reanchor_frequent_quote(folder: Path) -> list[str]:
    """20,000 mentions of a quote found 200,000 times in a changed text: once mentions x occurrences."""
    text = "x " * 200_000 + "the one sentence.\n"
    _corpus(folder, {"d": text}, [_claim(i, "d", 1, "x") for i in range(20_000)], changed=True)
    return ["validate", str(folder)]


def reanchor_huge_text(folder: Path) -> list[str]:
    """2,000 distinct quotes in a changed 60 MB text, half found once, half not at all: once a scan per quote."""
    ends = "".join(f"sentence {i} stands here once. " for i in range(1_000))
    text = ("the harbour wall was raised again this spring. " * 1_300_000)[:60_000_000 - len(ends)] + ends
    quotes = [f"a quote that is not there {i}" for i in range(1_000)] + [f"sentence {i} stands" for i in range(1_000)]
    _corpus(folder, {"d": text}, [_claim(i, "d", 1, q) for i, q in enumerate(quotes)], changed=True)
    return ["validate", str(folder)]


def reanchor_nested_quotes(folder: Path) -> list[str]:
    """3,000 quotes nested in each other ("x", "x x", ...) in a changed 2 MB text: 3 billion matches to list."""
    text = "x " * 1_000_000 + "the one sentence.\n"
    quotes = [" ".join("x" * k) for k in range(1, 3_001)] + ["the one sentence."]
    _corpus(folder, {"d": text}, [_claim(i, "d", 1, q) for i, q in enumerate(quotes)], changed=True)
    return ["validate", str(folder)]


def _synth_with(folder: Path, edit: Callable[[str], str]) -> list[str]:
    cache = HERE / "out" / "hostile-synth-10k"
    if not (cache / "annotations.json").exists():
        write_corpus(10_000, cache)
    shutil.copytree(cache, folder)
    path = folder / "annotations.json"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return ["validate", str(folder)]


def duplicate_key_10k(folder: Path) -> list[str]:
    """A 10,000-claim corpus whose last relation repeats a key: parsed, then walked to name the place."""
    def edit(text: str) -> str:
        head, key, tail = text.rpartition('"origin": "seed"')
        return head + '"origin": "seed", ' + key + tail
    return _synth_with(folder, edit)


def surrogate_10k(folder: Path) -> list[str]:
    """A 10,000-claim corpus with a lone surrogate escape in its last claim's text."""
    def edit(text: str) -> str:
        at = text.rindex('"text": "') + len('"text": "')
        return text[:at] + "\\ud800" + text[at:]
    return _synth_with(folder, edit)


def fifo_annotations(folder: Path) -> list[str]:
    folder.mkdir(parents=True)
    os.mkfifo(folder / "annotations.json")
    return ["validate", str(folder)]


def fifo_document(folder: Path) -> list[str]:
    _corpus(folder, {"d": "a text"}, [_claim(0, "d", 0, "a text")])
    (folder / "d.txt").unlink()
    os.mkfifo(folder / "d.txt")
    return ["validate", str(folder)]


def dev_zero_document(folder: Path) -> list[str]:
    _corpus(folder, {"d": "a text"}, [_claim(0, "d", 0, "a text")])
    (folder / "d.txt").unlink()
    (folder / "d.txt").symlink_to("/dev/zero")
    return ["validate", str(folder)]


def oversized_annotations(folder: Path) -> list[str]:
    """A (sparse) 300 MB annotations.json: refused by its size, never read."""
    folder.mkdir(parents=True)
    with open(folder / "annotations.json", "wb") as fh:
        fh.truncate(300 * 1024 * 1024)
    return ["validate", str(folder)]


def document_at_the_limit(folder: Path) -> list[str]:
    """A 63 MB document (just under the 64 MB limit), read, hashed and checked."""
    text = ("the harbour wall was raised again this spring. " * 1_400_000)[:63 * 1024 * 1024]
    _corpus(folder, {"d": text}, [_claim(0, "d", 4, "harbour wall")])
    return ["validate", str(folder)]


def _aif(folder: Path, nodes: list[dict], edges: list[tuple[str, str]], **extra: object) -> list[str]:
    folder.mkdir(parents=True)
    path = folder / "map.json"
    data = {"nodes": nodes, "edges": [{"fromID": a, "toID": b} for a, b in edges], "locutions": [], **extra}
    path.write_text(json.dumps(data), encoding="utf-8")
    return ["import", str(path), "-o", str(folder / "out")]


def brat_stances_times_majors(folder: Path) -> list[str]:
    """A 300 KB brat file: 5,000 stances x 1,000 MajorClaims (was 5 million relations, 104 s, 6 GB)."""
    folder.mkdir(parents=True)
    text, ann = "", []
    for k in range(6_000):
        start = len(text)
        text += f"w{k} "
        kind = "MajorClaim" if k < 1_000 else "Claim"
        ann.append(f"T{k + 1}\t{kind} {start} {start + len(str(k)) + 1}\tw{k}")
        if kind == "Claim":
            ann.append(f"A{k + 1}\tStance T{k + 1} For")
    (folder / "e.txt").write_text(text, encoding="utf-8")
    (folder / "e.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    return ["import", str(folder / "e.ann"), "-o", str(folder / "out")]


def aif_premises_times_conclusions(folder: Path) -> list[str]:
    """A 150 KB AIF map: one RA with 700 premises and 700 conclusions (was 490,000 supports)."""
    nodes = [{"nodeID": "ra", "type": "RA", "text": "Default Inference"}]
    nodes += [{"nodeID": f"{side}{i}", "type": "I", "text": f"{side} {i}"} for side in "pc" for i in range(700)]
    return _aif(folder, nodes, [(f"p{i}", "ra") for i in range(700)] + [("ra", f"c{i}") for i in range(700)])


def aif_rephrase_groups(folder: Path) -> list[str]:
    """20,000 rephrase pairs (each group rescanned the whole map: minutes)."""
    nodes, edges = [], []
    for g in range(20_000):
        nodes += [{"nodeID": f"a{g}", "type": "I", "text": f"a {g}"}, {"nodeID": f"b{g}", "type": "I", "text": f"b {g}"},
                  {"nodeID": f"m{g}", "type": "MA", "text": "Default Rephrase"}]
        edges += [(f"a{g}", f"m{g}"), (f"m{g}", f"b{g}")]
    return _aif(folder, nodes, edges)


def aif_same_text(folder: Path) -> list[str]:
    """20,000 propositions that all read "Yes" (each id tried every suffix from -2 up)."""
    return _aif(folder, [{"nodeID": str(i), "type": "I", "text": "Yes"} for i in range(20_000)], [])


def aif_transitions(folder: Path) -> list[str]:
    """20,000 locutions ordered by a chain of transitions (TA ordering took 9.8 s)."""
    n = 20_000
    nodes = [{"nodeID": f"l{i}", "type": "L", "text": f"Bob : said {i}"} for i in range(n)]
    nodes += [{"nodeID": f"t{i}", "type": "TA", "text": "Default Transitioning"} for i in range(n - 1)]
    return _aif(folder, nodes, [e for i in range(n - 1) for e in ((f"l{i}", f"t{i}"), (f"t{i}", f"l{i + 1}"))])


def aif_transition_cycles(folder: Path) -> list[str]:
    """20,000 locutions in 10,000 two-way transitions (each cycle was broken by a scan of every locution)."""
    n = 20_000
    nodes = [{"nodeID": f"l{i}", "type": "L", "text": f"Bob : said {i}"} for i in range(n)]
    nodes += [{"nodeID": f"t{i}", "type": "TA", "text": "Default Transitioning"} for i in range(n)]
    edges = [e for i in range(0, n, 2) for e in ((f"l{i}", f"t{i}"), (f"t{i}", f"l{i + 1}"),
                                                 (f"l{i + 1}", f"t{i + 1}"), (f"t{i + 1}", f"l{i}"))]
    return _aif(folder, nodes, edges)


def aif_speakers_times_propositions(folder: Path) -> list[str]:
    """One TA to 3,000 speakers' locutions and one YA to 3,000 propositions (9 million asserts)."""
    n = 3_000
    nodes = [{"nodeID": f"l{i}", "type": "L", "text": f"Speaker {i} : words {i}"} for i in range(n)]
    nodes += [{"nodeID": f"i{i}", "type": "I", "text": f"proposition {i}"} for i in range(n)]
    nodes += [{"nodeID": "ta", "type": "TA", "text": "Default Transition"}, {"nodeID": "ya", "type": "YA", "text": "Asserting"}]
    edges = [("l0", "ta"), ("ta", "ya")] + [("ta", f"l{i}") for i in range(1, n)] + [("ya", f"i{i}") for i in range(n)]
    return _aif(folder, nodes, edges)


def aif_ova_positions(folder: Path) -> list[str]:
    """An OVA3 save of 20,000 propositions, half of them stacked on one spot (the overlap check)."""
    n = 20_000
    nodes = [{"nodeID": str(i), "type": "I", "text": f"proposition {i}"} for i in range(n)]
    xy = [{"nodeID": str(i), "x": (i % 200) * 300 if i % 2 else 5, "y": (i // 200) * 120 if i % 2 else 5, "visible": True}
          for i in range(n)]
    folder.mkdir(parents=True)
    path = folder / "map.json"
    path.write_text(json.dumps({"AIF": {"nodes": nodes, "edges": []}, "OVA": {"nodes": xy, "edges": []}}), encoding="utf-8")
    return ["import", str(path), "-o", str(folder / "out")]


INPUTS: dict[str, Callable[[Path], list[str]]] = {
    "stats: 8,000 documents x 8,000 claims": stats_many_documents,
    "re-anchor: 20,000 mentions of a quote found 200,000 times": reanchor_frequent_quote,
    "re-anchor: 2,000 quotes (1,000 found once, 1,000 missing) in a changed 60 MB text": reanchor_huge_text,
    "re-anchor: 3,000 nested quotes (x, x x, x x x...) in a changed 2 MB text": reanchor_nested_quotes,
    "duplicate key in a 10,000-claim corpus": duplicate_key_10k,
    "lone surrogate in a 10,000-claim corpus": surrogate_10k,
    "annotations.json is a FIFO": fifo_annotations,
    "a document is a FIFO": fifo_document,
    "a document links to /dev/zero": dev_zero_document,
    "annotations.json of 300 MB": oversized_annotations,
    "a document of 63 MB (under the limit)": document_at_the_limit,
    "import brat: 5,000 stances x 1,000 MajorClaims": brat_stances_times_majors,
    "import AIF: one RA, 700 premises x 700 conclusions": aif_premises_times_conclusions,
    "import AIF: 20,000 rephrase groups": aif_rephrase_groups,
    "import AIF: 20,000 propositions with the same text": aif_same_text,
    "import AIF: a TA to 3,000 speakers, a YA to 3,000 propositions": aif_speakers_times_propositions,
    "import AIF: 20,000 OVA positions, half stacked on one spot": aif_ova_positions,
    "import AIF: 20,000 locutions in a chain of transitions": aif_transitions,
    "import AIF: 20,000 locutions in 10,000 cycles of transitions": aif_transition_cycles,
}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--write", action="store_true", help="write benchmarks/HOSTILE.md")
    p.add_argument("--timeout", type=float, default=120.0)
    p.add_argument("--only", help="run only the inputs whose name contains this")
    args = p.parse_args(argv)
    root = HERE / "out" / "hostile"
    load = os.getloadavg()
    shutil.rmtree(root, ignore_errors=True)
    rows = ["| input | answer | time | CPU time | peak memory | target met |", "|---|---|---|---|---|---|"]
    ok = True
    for i, (name, build) in enumerate(INPUTS.items()):
        if args.only and args.only not in name:
            continue
        cmd = build(root / f"case{i}")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        res = run_process(ProcSpec(python_module("argmap", *cmd), args.timeout))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        said = (res.stdout + res.stderr).strip().splitlines()
        answer = "killed at the time limit" if res.timed_out else (said[0] if said else "")
        answer = answer.replace(str(root), "…").replace("|", "\\|")
        answer = answer if len(answer) <= 110 else answer[:109] + "…"
        # on a shared machine the wall time waits for a core too: the CPU time is what the input costs
        met = not res.timed_out and min(res.seconds, cpu) < TIME_TARGET_S and res.max_rss_mb < MEMORY_TARGET_MB
        ok &= met
        rows.append(f"| {name} | {answer} | {res.seconds:.2f} s | {cpu:.2f} s | {res.max_rss_mb:.0f} MB | "
                    f"{'yes' if met else '**no**'} |")
        print(rows[-1], flush=True)
    shutil.rmtree(root, ignore_errors=True)
    machine = f"Load average before the run: {' '.join(f'{x:.1f}' for x in load)}; {os.cpu_count()} cores."
    if args.write:
        head = ("# Hostile inputs\n\nWritten by `python -m benchmarks.hostile --write`. Target: every input "
                f"answers in under {TIME_TARGET_S:.0f} s with under {MEMORY_TARGET_MB:.0f} MB (wall time, CPU time "
                "and peak memory of the `argmap` process, Python start included; on a loaded machine the wall "
                f"time includes waiting for a core).\n\n{machine}\n\n")
        (HERE / "HOSTILE.md").write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
