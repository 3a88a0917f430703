"""Recovery: every edit is journaled as it is made; a killed session's edits come back at the next start.

One journal per window session, decided by content: touching the file does not drop it, "Not
now" keeps it, and another window never takes a live session for a crash.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from argmap import commands as cmd
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.model.saving import dumps
from argmap.ui import recovery
from tests.saving_helpers import Button, DialogAnswerer, SaveWindow, close_discarding

ROOT = Path(__file__).resolve().parents[1]

KILLED_SESSION = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from argmap import commands as cmd
    from tests.saving_helpers import SaveWindow

    window = SaveWindow({folder!r})
    corpus = window.session.corpus
    doc = corpus.documents["beta"]
    start = doc.text.index("Letters")
    add = cmd.AddClaim(corpus, "Letters are written", doc.mention(start, start + 7), actor="mayor", stance="asserts")
    window.session.push(add)
    window.session.push(cmd.AddRelation(corpus, "rebuts", add.claim.id, "wall-stops-floods"))
    print(add.claim.id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # at once: no timer, no event loop, no chance to write anything more
    """
)


@pytest.fixture
def windows(qtbot):
    opened: list[SaveWindow] = []
    yield opened
    for window in opened:
        close_discarding(window)


ADDED_DOCUMENT = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from argmap import commands as cmd
    from argmap.model.corpus import Document
    from tests.saving_helpers import SaveWindow

    window = SaveWindow({folder!r})
    corpus = window.session.corpus
    doc = Document("memo", "memo.txt", "Engineers' memo", "The pumps fail first.\\r\\nThen the wall.\\n")
    window.session.push(cmd.AddDocuments(corpus, [doc]))
    add = cmd.AddClaim(corpus, "The pumps fail first", doc.mention(4, 20), actor="mayor", stance="denies")
    window.session.push(add)
    print(add.claim.id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # the document's file was never written: only the journal has its text
    """
)


def _killed_session(folder: Path, script: str = KILLED_SESSION) -> str:
    """Run an argmap session in another process that edits and is SIGKILLed right after the last edit."""
    script = script.format(root=str(ROOT), folder=str(folder))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    return proc.stdout.split()[0]


def _journals(folder: Path) -> list[Path]:
    return sorted(recovery.journal_dir(folder).glob("*.journal"))


def _open(folder: Path, windows: list[SaveWindow]) -> SaveWindow:
    window = SaveWindow(folder)
    windows.append(window)
    window.show()
    return window


def test_restore_after_killed_session(tiny_corpus: Path, windows) -> None:
    before = (tiny_corpus / ANNOTATIONS_FILE).read_bytes()
    claim_id = _killed_session(tiny_corpus)
    assert (tiny_corpus / ANNOTATIONS_FILE).read_bytes() == before, "the killed session never saved"
    kept = _journals(tiny_corpus)
    assert len(kept) == 1 and tiny_corpus.resolve() not in kept[0].resolve().parents, "recovery lives outside the corpus"

    window = _open(tiny_corpus, windows)  # the next start
    dialogs = DialogAnswerer().queue(Button.RestoreDefaults)
    assert window.saver.offer_recovery()
    assert "closed without saving" in dialogs.seen[0]
    corpus = window.session.corpus
    assert corpus.claims[claim_id].text == "Letters are written"
    links = {(r.kind, r.source, r.target) for r in corpus.relations.values()}
    assert {("asserts", "mayor", claim_id), ("rebuts", claim_id, "wall-stops-floods")} <= links
    assert window.isWindowModified(), "restored edits are unsaved changes"
    assert (tiny_corpus / ANNOTATIONS_FILE).read_bytes() == before, "restoring does not touch the file"
    assert not kept[0].exists(), "the restored edits now live in this session (and its journal)"

    window.session.undo_stack.undo()
    assert claim_id not in corpus.claims, "restoring is one undoable step"
    window.session.undo_stack.redo()
    assert window.saver.save()
    assert claim_id in load_corpus(tiny_corpus).corpus.claims
    assert window.close() and _journals(tiny_corpus) == [], "a saved, closed session leaves no journal"


def test_a_document_added_before_the_kill_comes_back_with_its_text(tiny_corpus: Path, windows) -> None:
    claim_id = _killed_session(tiny_corpus, ADDED_DOCUMENT)
    assert not (tiny_corpus / "memo.txt").exists(), "the killed session never saved"
    window = _open(tiny_corpus, windows)
    dialogs = DialogAnswerer().queue(Button.RestoreDefaults)
    assert window.saver.offer_recovery(), dialogs.seen
    corpus = window.session.corpus
    assert corpus.documents["memo"].text == "The pumps fail first.\r\nThen the wall.\n", "byte for byte"
    assert corpus.claims[claim_id].mentions[0].quote == "pumps fail first"
    window.session.undo_stack.undo()
    assert "memo" not in corpus.documents and claim_id not in corpus.claims, "restoring is one undoable step"
    window.session.undo_stack.redo()
    assert window.saver.save()
    assert (tiny_corpus / "memo.txt").read_bytes() == b"The pumps fail first.\r\nThen the wall.\n"
    reloaded = load_corpus(tiny_corpus)
    assert reloaded.ok and claim_id in reloaded.corpus.claims


@pytest.mark.parametrize(("answer", "kept"), [(Button.Discard, False), (Button.Ignore, True)])
def test_discard_or_postpone_recovery(answer, kept, tiny_corpus: Path, windows) -> None:
    before = (tiny_corpus / ANNOTATIONS_FILE).read_bytes()
    claim_id = _killed_session(tiny_corpus)
    window = _open(tiny_corpus, windows)
    DialogAnswerer().queue(answer)
    assert not window.saver.offer_recovery()
    assert claim_id not in window.session.corpus.claims and not window.isWindowModified()
    assert bool(_journals(tiny_corpus)) is kept
    assert (tiny_corpus / ANNOTATIONS_FILE).read_bytes() == before


def test_not_now_then_closing_keeps_the_edits(tiny_corpus: Path, windows) -> None:
    claim_id = _killed_session(tiny_corpus)
    window = _open(tiny_corpus, windows)
    DialogAnswerer().queue(Button.Ignore)
    assert not window.saver.offer_recovery()
    assert window.close(), "nothing of this window's own to ask about"
    assert len(_journals(tiny_corpus)) == 1, "closing after Not now must not delete the killed session's edits"
    again = _open(tiny_corpus, windows)
    dialogs = DialogAnswerer().queue(Button.RestoreDefaults)
    assert again.saver.offer_recovery() and dialogs.seen
    assert claim_id in again.session.corpus.claims


def test_touching_the_file_keeps_the_edits(tiny_corpus: Path, windows) -> None:
    """git checkout or rsync rewrite the same bytes with a new time: the edits are still not in the file."""
    claim_id = _killed_session(tiny_corpus)
    path = tiny_corpus / ANNOTATIONS_FILE
    path.write_bytes(path.read_bytes())
    later = time.time() + 5
    os.utime(path, (later, later))
    window = _open(tiny_corpus, windows)
    dialogs = DialogAnswerer().queue(Button.RestoreDefaults)
    assert window.saver.offer_recovery(), "decided by content, not by file times"
    assert dialogs.seen and claim_id in window.session.corpus.claims


def test_edits_already_in_the_file_are_not_offered(tiny_corpus: Path, windows) -> None:
    claim_id = _killed_session(tiny_corpus)
    text = recovery.unsaved_sessions(tiny_corpus)
    replayed = text[0].replay()
    text[0].release()
    recovered = load_corpus(tiny_corpus, annotations=replayed.encode("utf-8")).corpus
    (tiny_corpus / ANNOTATIONS_FILE).write_text(dumps(recovered), encoding="utf-8")  # saved by other means since
    window = _open(tiny_corpus, windows)
    dialogs = DialogAnswerer()
    assert claim_id in window.session.corpus.claims
    assert not window.saver.offer_recovery()
    assert not dialogs.seen and _journals(tiny_corpus) == [], "nothing new in them: dropped without a question"


def test_a_second_window_leaves_a_live_session_alone(tiny_corpus: Path, windows) -> None:
    first = _open(tiny_corpus, windows)
    first.session.push(cmd.EditClaimText(first.session.corpus, "wall-cost", "Expensive."))
    live = _journals(tiny_corpus)
    assert len(live) == 1, "the edit is journaled at once"
    second = _open(tiny_corpus, windows)
    dialogs = DialogAnswerer()
    assert not second.saver.offer_recovery()
    assert not dialogs.seen, "the first window is running: it did not crash"
    second.session.push(cmd.EditClaimText(second.session.corpus, "wall-cost", "Cheap."))
    assert len(_journals(tiny_corpus)) == 2, "one journal per window session"
    DialogAnswerer().queue(Button.Discard)
    assert second.close()
    assert _journals(tiny_corpus) == live, "closing the second window keeps the first one's journal"
    assert first.saver.save() and first.close()
    assert _journals(tiny_corpus) == []


def test_journal_only_while_there_are_unsaved_edits(tiny_corpus: Path, windows) -> None:
    window = _open(tiny_corpus, windows)
    assert _journals(tiny_corpus) == [], "opening and browsing leaves no file"
    window.session.push(cmd.EditClaimText(window.session.corpus, "wall-cost", "Expensive."))
    journal = _journals(tiny_corpus)
    assert len(journal) == 1
    found = load_corpus(tiny_corpus, annotations=_replay_live(journal[0]).encode("utf-8"))
    assert found.ok and found.corpus.claims["wall-cost"].text == "Expensive."
    window.session.undo_stack.undo()
    assert window.saver.can_close()  # back to the saved state: nothing to keep
    assert _journals(tiny_corpus) == []


def _replay_live(path: Path) -> str:
    from argmap.model.journal import replay

    text = replay(path)
    assert text is not None
    return text
