"""A save killed at any moment leaves the old file or the new one, complete and valid.

A child process saves a large corpus in a loop, alternating between two versions; it is
SIGKILLed at random moments, and every time the file on disk must be byte-identical to one
of the two versions (both of which load without problems).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from argmap.model.annotations import Claim, Corpus
from argmap.model.storage import ANNOTATIONS_FILE, dumps, load_corpus, save_corpus

ROOT = Path(__file__).resolve().parents[1]
RUNS = 40

# One helper process loads the corpus once, then forks a saving child for every run (forking
# is milliseconds; starting Python is a quarter of a second), and tells us the child's pid.
FORK_SERVER = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from argmap.model.storage import load_corpus, save_corpus
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed children are reaped by the kernel
    corpus = load_corpus({folder!r}).corpus
    first = next(iter(corpus.claims))
    texts = ["version B", corpus.claims[first].text]
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            n = 0
            while True:
                corpus.set_claim_text(first, texts[n % 2])
                save_corpus(corpus)
                n += 1
        print(pid, flush=True)
    """
)


def _dead(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _big_corpus(folder: Path, claims: int = 600) -> tuple[bytes, bytes]:
    """A corpus whose save takes some milliseconds; returns the bytes of its two versions."""
    loaded = load_corpus(ROOT / "tests" / "data" / "tiny")
    corpus = Corpus(str(folder))
    folder.mkdir()
    for doc in loaded.corpus.documents.values():
        (folder / doc.path).write_text(doc.text, encoding="utf-8", newline="")
        corpus.add_document(doc)
    alpha = corpus.documents["alpha"]
    for i in range(claims):
        start = i % (len(alpha.text) - 30)
        corpus.add_claim(Claim(f"c{i}", f"Claim number {i} about the harbour wall ✓", [alpha.mention(start, start + 25)]))
    save_corpus(corpus, folder)
    old = (folder / ANNOTATIONS_FILE).read_bytes()
    corpus.set_claim_text("c0", "version B")
    new = dumps(corpus).encode("utf-8")
    return old, new


def test_killed_saves_leave_old_or_new_file(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    old, new = _big_corpus(folder)
    for version in (old, new):
        probe = tmp_path / "probe"
        probe.mkdir(exist_ok=True)
        for p in folder.glob("*.txt"):
            (probe / p.name).write_bytes(p.read_bytes())
        (probe / ANNOTATIONS_FILE).write_bytes(version)
        assert load_corpus(probe).ok
    started = time.perf_counter()
    save_corpus(load_corpus(folder).corpus)
    save_ms = (time.perf_counter() - started) * 1000
    assert (folder / ANNOTATIONS_FILE).read_bytes() == old

    script = FORK_SERVER.format(root=str(ROOT), folder=str(folder))
    server = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert server.stdin is not None and server.stdout is not None
    rng = random.Random(1234)
    seen = {"old": 0, "new": 0}
    try:
        for _ in range(RUNS):
            server.stdin.write("go\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            time.sleep(rng.uniform(0, 3 * save_ms / 1000))
            os.kill(pid, signal.SIGKILL)
            deadline = time.time() + 5
            while not _dead(pid) and time.time() < deadline:
                time.sleep(0.001)
            data = (folder / ANNOTATIONS_FILE).read_bytes()
            assert data in (old, new), f"torn file after a kill ({len(data)} bytes)"
            seen["old" if data == old else "new"] += 1
            for leftover in folder.glob(f".{ANNOTATIONS_FILE}.*.tmp"):
                leftover.unlink()  # a killed writer leaves its temporary file; it never replaces the real one
            (folder / ANNOTATIONS_FILE).write_bytes(old)  # every run starts from the old version
    finally:
        server.kill()
        server.wait()
    assert seen["old"] and seen["new"], f"the kills never landed both before and after a replace: {seen}"
