"""Recovery: edits written aside by the timer survive a killed argmap and come back at the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from argmap.model.storage import ANNOTATIONS_FILE, load_corpus
from argmap.ui import recovery
from tests.saving_helpers import Button, DialogAnswerer, SaveWindow, close_discarding

ROOT = Path(__file__).resolve().parents[1]

KILLED_SESSION = textwrap.dedent(
    """
    import os, signal, sys, time
    sys.path.insert(0, {root!r})
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from argmap import commands as cmd
    from argmap.ui import recovery
    from tests.saving_helpers import SaveWindow

    window = SaveWindow({folder!r}, interval_ms=20)
    corpus = window.session.corpus
    doc = corpus.documents["beta"]
    start = doc.text.index("Letters")
    add = cmd.AddClaim(corpus, "Letters are written", doc.mention(start, start + 7), actor="mayor", stance="asserts")
    window.session.push(add)
    window.session.push(cmd.AddRelation(corpus, "rebuts", add.claim.id, "wall-stops-floods"))
    deadline = time.time() + 10
    while not recovery.recovery_path({folder!r}).exists() and time.time() < deadline:
        app.processEvents()
        time.sleep(0.005)
    print(add.claim.id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.fixture
def windows(qtbot):
    opened: list[SaveWindow] = []
    yield opened
    for window in opened:
        close_discarding(window)


def _killed_session(folder: Path) -> str:
    """Run an argmap session in another process that edits, lets the timer write, and is SIGKILLed."""
    script = KILLED_SESSION.format(root=str(ROOT), folder=str(folder))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    return proc.stdout.split()[0]


def test_restore_after_killed_session(tiny_corpus: Path, windows) -> None:
    before = (tiny_corpus / ANNOTATIONS_FILE).read_bytes()
    claim_id = _killed_session(tiny_corpus)
    assert (tiny_corpus / ANNOTATIONS_FILE).read_bytes() == before, "the killed session never saved"
    kept = recovery.recovery_path(tiny_corpus)
    assert kept.exists() and tiny_corpus.resolve() not in kept.resolve().parents, "recovery lives outside the corpus"

    window = SaveWindow(tiny_corpus)  # the next start
    windows.append(window)
    window.show()
    dialogs = DialogAnswerer().queue(Button.RestoreDefaults)
    assert window.saver.offer_recovery()
    assert "closed without saving" in dialogs.seen[0]
    corpus = window.session.corpus
    assert corpus.claims[claim_id].text == "Letters are written"
    links = {(r.kind, r.source, r.target) for r in corpus.relations.values()}
    assert {("asserts", "mayor", claim_id), ("rebuts", claim_id, "wall-stops-floods")} <= links
    assert window.isWindowModified(), "restored edits are unsaved changes"
    assert (tiny_corpus / ANNOTATIONS_FILE).read_bytes() == before, "restoring does not touch the file"

    window.session.undo_stack.undo()
    assert claim_id not in corpus.claims, "restoring is one undoable step"
    window.session.undo_stack.redo()
    assert window.saver.save()
    assert claim_id in load_corpus(tiny_corpus).corpus.claims
    assert not kept.exists(), "a successful save removes the recovery file"


@pytest.mark.parametrize(("answer", "kept"), [(Button.Discard, False), (Button.Ignore, True)])
def test_discard_or_postpone_recovery(answer, kept, tiny_corpus: Path, windows) -> None:
    before = (tiny_corpus / ANNOTATIONS_FILE).read_bytes()
    claim_id = _killed_session(tiny_corpus)
    window = SaveWindow(tiny_corpus)
    windows.append(window)
    DialogAnswerer().queue(answer)
    assert not window.saver.offer_recovery()
    assert claim_id not in window.session.corpus.claims and not window.isWindowModified()
    assert recovery.recovery_path(tiny_corpus).exists() is kept
    assert (tiny_corpus / ANNOTATIONS_FILE).read_bytes() == before


def test_recovery_older_than_the_file_is_not_offered(tiny_corpus: Path, windows) -> None:
    _killed_session(tiny_corpus)
    later = time.time() + 5
    os.utime(tiny_corpus / ANNOTATIONS_FILE, (later, later))  # saved again after the crash
    window = SaveWindow(tiny_corpus)
    windows.append(window)
    dialogs = DialogAnswerer()
    assert not window.saver.offer_recovery()
    assert not dialogs.seen
    assert not recovery.recovery_path(tiny_corpus).exists()


def test_timer_writes_only_while_dirty(tiny_corpus: Path, windows, qtbot) -> None:
    from argmap import commands as cmd

    window = SaveWindow(tiny_corpus, interval_ms=10)
    windows.append(window)
    path = recovery.recovery_path(tiny_corpus)
    qtbot.wait(50)
    assert not path.exists(), "nothing to recover while there are no changes"
    window.session.push(cmd.EditClaimText(window.session.corpus, "wall-cost", "Expensive."))
    qtbot.waitUntil(path.exists, timeout=2000)
    restored = recovery.read_recovery(tiny_corpus).load()
    assert restored.ok and restored.corpus.claims["wall-cost"].text == "Expensive."
    window.session.undo_stack.undo()
    assert window.saver.can_close()  # back to the saved state: nothing to keep
    assert not path.exists()
