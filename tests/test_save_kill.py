"""A save killed at any moment leaves the last completed save or the one in flight, and no litter.

A child process saves a large corpus again and again, each time a new version (claim c0 says
"version N"), and after every completed save appends N to a log. It is SIGKILLed at a random
moment; the file must then be byte-identical to the last logged version or to the next one
(the save in flight): never torn, never older than a completed save. The next child's first save
removes what the killed one left (its temporary file, its lock file), so stray files never pile
up, and at the end none is left.
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

from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.model.saving import dumps, save_corpus
from tests.stress_helpers import ROOT, big_corpus, is_dead, leftovers

RUNS = 100

# One helper process loads the corpus once, then forks a saving child for every run (forking
# is milliseconds; starting Python is a quarter of a second), and tells us the child's pid.
FORK_SERVER = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from argmap.model.loading import load_corpus
    from argmap.model.saving import save_corpus
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed children are reaped by the kernel
    corpus = load_corpus({folder!r}).corpus
    log = os.open({log!r}, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    server = os.getpid()
    for line in sys.stdin:
        version = int(line)
        pid = os.fork()
        if pid == 0:
            while os.getppid() == server:  # never outlive the test
                version += 1
                corpus.set_claim_text("c0", f"version {{version}}")
                save_corpus(corpus)
                os.write(log, f"{{version}}\\n".encode())
            os._exit(0)
        print(pid, flush=True)
    """
)


def _version_bytes(folder: Path) -> callable:
    corpus = load_corpus(folder).corpus

    def version(n: int) -> bytes:
        corpus.set_claim_text("c0", f"version {n}")
        return dumps(corpus).encode("utf-8")

    return version


def _last_logged(log: Path) -> int | None:
    lines = log.read_text().split() if log.exists() else []
    return int(lines[-1]) if lines else None


def test_killed_saves_leave_a_complete_file_and_no_litter(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    big_corpus(folder)
    version = _version_bytes(folder)
    (folder / ANNOTATIONS_FILE).write_bytes(version(0))
    listing = sorted(p.name for p in folder.iterdir())
    assert load_corpus(folder).ok
    started = time.perf_counter()
    save_corpus(load_corpus(folder).corpus)
    save_s = time.perf_counter() - started

    log = tmp_path / "saved.log"
    script = FORK_SERVER.format(root=str(ROOT), folder=str(folder), log=str(log))
    server = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert server.stdin is not None and server.stdout is not None
    rng = random.Random(1234)
    on_disk, torn, lost, most_stray, in_flight = 0, 0, 0, 0, 0
    try:
        for _ in range(RUNS):
            server.stdin.write(f"{on_disk}\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            time.sleep(rng.uniform(0, 3 * save_s))
            os.kill(pid, signal.SIGKILL)
            deadline = time.time() + 5
            while not is_dead(pid) and time.time() < deadline:
                time.sleep(0.001)
            data = (folder / ANNOTATIONS_FILE).read_bytes()
            last = _last_logged(log)
            done = on_disk if last is None or last <= on_disk else last  # the newest completed save
            if data == version(done):
                on_disk = done
            elif data == version(done + 1):  # killed after the replace, before it was logged
                on_disk, in_flight = done + 1, in_flight + 1
            elif any(data == version(n) for n in range(done)):
                lost += 1
                break
            else:
                torn += 1
                break
            log.write_text("")
            # what a killed save leaves (a temporary file, the lock) is removed by the next save
            most_stray = max(most_stray, len(leftovers(folder)))
    finally:
        server.kill()
        server.wait()
    assert (torn, lost) == (0, 0), f"after a kill: {torn} torn, {lost} lost"
    assert most_stray <= 2, f"stray files piled up: {leftovers(folder)}"
    assert on_disk > 0, "no save completed between the kills"
    final = load_corpus(folder)
    assert final.ok and final.corpus.claims["c0"].text == f"version {on_disk}"
    save_corpus(final.corpus)
    assert sorted(p.name for p in folder.iterdir()) == listing, "a save leaves no stray files behind"
    print(f"{RUNS} kills: 0 torn, 0 lost, {on_disk} versions saved, {in_flight} killed right after the replace, "
          f"at most {most_stray} stray files between saves")
