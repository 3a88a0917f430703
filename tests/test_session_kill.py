"""A session killed at a random moment loses no edit: the journal replays to the state it was in.

A helper process forks one argmap session (a real SaveController in a real window) per run;
the session makes scripted edits as fast as it can (add, edit, link, move, delete, undo, redo)
and reports each one after it is made; it is SIGKILLed after a random number of them. The
journal it leaves must replay to exactly the state after the last reported edit, or to a state
during the next edit (the one in flight): no reported edit is ever lost, however recent.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from PySide6.QtGui import QUndoStack

from argmap.model.journal import orphans
from argmap.model.loading import load_corpus
from argmap.model.saving import dumps
from argmap.ui import recovery
from tests.saving_helpers import scripted_edit
from tests.stress_helpers import ROOT, is_dead

RUNS = 30

SESSION_SERVER = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from PySide6.QtWidgets import QApplication  # imported once here; each forked session makes its own app
    from tests.saving_helpers import SaveWindow, scripted_edit
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    server = os.getpid()
    for line in sys.stdin:
        if line.startswith("sync"):
            print("synced", flush=True)
            continue
        pid = os.fork()
        if pid == 0:
            app = QApplication(["argmap"])
            window = SaveWindow({folder!r})
            session = window.session
            n = 0
            while os.getppid() == server:  # never outlive the test
                scripted_edit(session.corpus, session.undo_stack, n)
                os.write(1, f"edit {{n}}\\n".encode())  # one write: a kill never cuts a line in two
                n += 1
            os._exit(0)
        print("pid", pid, flush=True)
    """
)


def _digest(corpus) -> str:
    return hashlib.sha256(dumps(corpus).encode("utf-8")).hexdigest()


class ScriptStates:
    """The same script run here: the state after each edit, and every state passed through during it."""

    def __init__(self, folder: Path) -> None:
        self.corpus = load_corpus(folder).corpus
        self.stack = QUndoStack()
        self.passing: list[str] = []
        self.corpus.subscribe(lambda _event: self.passing.append(_digest(self.corpus)))
        self.after: list[str] = []
        self.during: list[set[str]] = []

    def _run_to(self, n: int) -> None:
        while len(self.after) <= n:
            self.passing.clear()
            scripted_edit(self.corpus, self.stack, len(self.after))
            self.after.append(_digest(self.corpus))
            self.during.append({*self.passing, self.after[-1]})

    def after_edit(self, n: int) -> str:
        self._run_to(n)
        return self.after[n]

    def during_edit(self, n: int) -> set[str]:
        self._run_to(n)
        return self.during[n]


def test_killed_sessions_lose_no_edit(tiny_corpus: Path, qtbot) -> None:
    code = SESSION_SERVER.format(root=str(ROOT), folder=str(tiny_corpus))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    server = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env=env)
    assert server.stdin is not None and server.stdout is not None
    rng = random.Random(4321)
    directory = recovery.journal_dir(tiny_corpus)
    script = ScriptStates(tiny_corpus)
    lost = in_flight = total_edits = 0
    try:
        for run in range(RUNS):
            server.stdin.write("go\n")
            server.stdin.flush()
            kind, pid = server.stdout.readline().split()
            assert kind == "pid"
            kind, n = server.stdout.readline().split()
            reported = int(n)  # the session is editing: kill it at a random moment from now on
            time.sleep(rng.uniform(0, 0.2))
            os.kill(int(pid), signal.SIGKILL)
            deadline = time.time() + 5
            while not is_dead(int(pid)) and time.time() < deadline:
                time.sleep(0.001)
            server.stdin.write("sync\n")
            server.stdin.flush()
            while (line := server.stdout.readline().split()) != ["synced"]:
                reported = int(line[1])  # edits reported between our read and the kill
            found = orphans(directory)
            assert len(found) == 1, f"run {run}: {len(found)} journals"
            text = found[0].replay()
            found[0].remove()
            result = load_corpus(tiny_corpus, annotations=text.encode("utf-8"))
            assert result.ok, result.problems[:3]
            digest = _digest(result.corpus)
            total_edits += reported + 1
            if digest == script.after_edit(reported):
                continue
            if digest in script.during_edit(reported + 1):  # killed while making the next edit, after journaling part of it
                in_flight += 1
                continue
            lost += 1
    finally:
        server.kill()
        server.wait()
    assert lost == 0, f"{lost} of {RUNS} killed sessions lost reported edits"
    print(f"{RUNS} killed sessions, {total_edits} edits reported: 0 lost ({in_flight} killed during an edit)")
