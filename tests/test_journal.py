"""The edit journal replays to exactly the session's state after any edit, and knows live sessions from dead ones."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from PySide6.QtGui import QUndoStack

from argmap import commands as cmd
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.journal import EditJournal, orphans, replay
from argmap.model.loading import load_corpus
from argmap.model.saving import dumps, save_corpus
from argmap.model.sides import Side

PROV = ("2026-11-22T05:00:00+00:00", "tester")


def _replayed(journal: EditJournal, folder: Path) -> str:
    text = replay(journal.path)
    assert text is not None
    result = load_corpus(folder, annotations=text.encode("utf-8"))
    assert result.ok, result.problems
    return dumps(result.corpus)


def _journaled(folder: Path, directory: Path):
    loaded = load_corpus(folder)
    corpus = loaded.corpus
    journal = EditJournal(directory, folder, loaded.file_sha256)
    corpus.subscribe(lambda event: journal.record(corpus, event))
    return corpus, journal


def test_replay_matches_the_session_after_every_kind_of_edit(tiny_corpus: Path, tmp_path: Path) -> None:
    corpus, journal = _journaled(tiny_corpus, tmp_path / "journals")
    stack = QUndoStack()
    beta = corpus.documents["beta"]
    start = beta.text.index("Letters")
    add = cmd.AddClaim(corpus, "Letters are written", beta.mention(start, start + 7), actor="mayor", prov=PROV)
    steps = [
        lambda: stack.push(add),
        lambda: stack.push(cmd.EditClaimText(corpus, add.claim.id, "Letters were written", prov=PROV)),
        lambda: stack.push(cmd.AddRelation(corpus, "rebuts", add.claim.id, "wall-stops-floods", prov=PROV)),
        lambda: stack.push(cmd.ChangeRelationKind(corpus, "r3", "rebuts")),
        lambda: stack.push(cmd.MoveNodes(corpus, {"wall-cost": (10.0, 20.0), add.claim.id: (5.5, 6.5)})),
        lambda: stack.push(cmd.ApplyLayout(corpus, {"wall-cost": (1.0, 2.0), "mayor": (3.0, 4.0)}, "force")),
        stack.undo,
        lambda: stack.push(cmd.DeleteClaim(corpus, "floods-from-river")),  # with its links, from the middle
        stack.undo,  # back in their places
        stack.redo,
        stack.undo,
        lambda: stack.push(cmd.MergeActors(corpus, "council", ["mayor"])),
        stack.undo,
        lambda: stack.push(cmd.SetSides(corpus, [Side("Wall builders", ["council", "engineers"])])),
        lambda: stack.push(cmd.AddActor(corpus, "A harbour master", "person")),
        lambda: stack.push(cmd.DeleteActor(corpus, "fisherman")),
        stack.undo,
    ]
    for n, step in enumerate(steps):
        step()
        assert _replayed(journal, tiny_corpus) == dumps(corpus), f"after step {n}"
    other = load_corpus(tiny_corpus).corpus
    other.set_claim_text("wall-cost", "Swapped in whole.")
    stack.push(cmd.RestoreAnnotations(corpus, other))
    assert _replayed(journal, tiny_corpus) == dumps(corpus)
    journal.close(keep=False)
    assert not journal.path.exists()


def test_a_live_journal_is_never_an_orphan(tiny_corpus: Path, tmp_path: Path) -> None:
    directory = tmp_path / "journals"
    corpus, journal = _journaled(tiny_corpus, directory)
    corpus.set_claim_text("wall-cost", "Expensive.")
    assert journal.path.exists()
    assert orphans(directory) == [], "a running session (here: this process) is not a crash"
    _, other_window = _journaled(tiny_corpus, directory)
    assert orphans(directory) == []
    journal.close(keep=True)  # the session ends without saving, as a kill does
    found = orphans(directory)
    assert [o.path for o in found] == [journal.path]
    assert orphans(directory) == [], "while one window looks at an orphan, another does not offer it too"
    found[0].release()
    assert [o.path for o in orphans(directory)] == [journal.path]


def test_a_journal_closed_mid_fsync_is_an_orphan_at_once(tiny_corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """The fsync thread's copy of the descriptor holds the lock too: close() returns only once it is gone."""
    syncing, release = threading.Event(), threading.Event()
    real_sync = getattr(os, "fdatasync", os.fsync)

    def slow_sync(fd: int) -> None:
        syncing.set()
        release.wait(10)
        real_sync(fd)

    monkeypatch.setattr(os, "fdatasync", slow_sync, raising=False)
    monkeypatch.setattr(os, "fsync", real_sync)
    directory = tmp_path / "journals"
    corpus, journal = _journaled(tiny_corpus, directory)
    corpus.set_claim_text("wall-cost", "Expensive.")
    assert syncing.wait(10), "the fsync thread never ran"
    threading.Timer(0.2, release.set).start()  # the disk finishes while close() is under way
    journal.close(keep=True)
    assert [o.path for o in orphans(directory)] == [journal.path]


def test_a_line_cut_by_a_kill_is_ignored(tiny_corpus: Path, tmp_path: Path) -> None:
    corpus, journal = _journaled(tiny_corpus, tmp_path / "journals")
    corpus.set_claim_text("wall-cost", "Expensive.")
    state = dumps(corpus)
    with open(journal.path, "ab") as fh:
        fh.write(b'{"set": "claims", "id": "wall-cost", "at": null, "item": {"id": "wall-co')
    assert _replayed(journal, tiny_corpus) == state


def test_after_a_save_the_journal_starts_again_from_the_file(tiny_corpus: Path, tmp_path: Path) -> None:
    corpus, journal = _journaled(tiny_corpus, tmp_path / "journals")
    corpus.set_claim_text("wall-cost", "Expensive.")
    digest = save_corpus(corpus)
    journal.restart(digest)
    assert replay(journal.path) is None, "nothing unsaved"
    corpus.set_claim_text("wall-cost", "Cheap.")
    text = replay(journal.path)
    assert text is not None and _replayed(journal, tiny_corpus) == dumps(corpus)
    snapshot = (tiny_corpus / ANNOTATIONS_FILE).read_bytes()
    assert hashlib.sha256(snapshot).hexdigest() == digest
    assert snapshot.decode("utf-8") in journal.path.read_text(encoding="utf-8").replace("\\n", "\n").replace('\\"', '"')


def test_a_changed_file_does_not_become_the_base(tiny_corpus: Path, tmp_path: Path) -> None:
    corpus, journal = _journaled(tiny_corpus, tmp_path / "journals")
    path = tiny_corpus / ANNOTATIONS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("Town council", "Changed elsewhere"), encoding="utf-8")
    corpus.set_claim_text("wall-cost", "Expensive.")
    assert _replayed(journal, tiny_corpus) == dumps(corpus), "the journal starts from the session's state, not the file"


def test_a_session_that_goes_on_after_closing_its_journal_keeps_every_edit(tiny_corpus: Path, tmp_path: Path) -> None:
    """The window asked Save / Discard / Cancel before opening another corpus, which then failed to open."""
    corpus, journal = _journaled(tiny_corpus, tmp_path / "journals")
    corpus.set_claim_text("wall-cost", "Expensive.")
    journal.close(keep=False)
    corpus.set_claim_text("wall-high-enough", "High enough, they say.")
    replayed = load_corpus(tiny_corpus, annotations=replay(journal.path).encode("utf-8")).corpus
    assert replayed.claims["wall-cost"].text == "Expensive.", "the edit made before is not lost"
    assert dumps(replayed) == dumps(corpus)
