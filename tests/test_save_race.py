"""Two savers of one corpus never silently overwrite each other.

Two processes load the same annotations.json, each adds a claim and saves with the hash it
loaded. The check and the replace are one step under the save lock, so exactly one save wins
and the other is told (ChangedOnDisk), whatever the timing; no saved claim is ever lost.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from argmap.model import save_lock
from argmap.model.annotations import Claim
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.model.save_lock import ChangedOnDisk
from argmap.model.saving import save_corpus
from tests.stress_helpers import ROOT, big_corpus, leftovers

LOCKSTEP_ROUNDS = 200  # both savers load the same version, then save at the same moment
FREE_ROUNDS = 100  # per saver: load, edit, save; on a conflict load again and retry

RACER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from argmap.model.annotations import Claim
    from argmap.model.save_lock import ChangedOnDisk
    from argmap.model.loading import load_corpus
    from argmap.model.saving import save_corpus

    name = sys.argv[1]
    folder = {folder!r}

    def add_and_save(tag):
        result = load_corpus(folder)
        corpus = result.corpus
        doc = corpus.documents["alpha"]
        corpus.add_claim(Claim(f"{{name}}-{{tag}}", f"{{name}} says {{tag}}", [doc.mention(0, 10)]))
        return lambda: save_corpus(corpus, expect=result.file_sha256)

    for line in sys.stdin:
        word, tag = line.split()
        if word == "load":  # lockstep: load now, save when told
            save = add_and_save(tag)
            print("ready", flush=True)
        elif word == "save":
            try:
                save()
                print("won", flush=True)
            except ChangedOnDisk:
                print("refused", flush=True)
        elif word == "free":  # free running: retry until saved
            conflicts = 0
            for i in range(int(tag)):
                while True:
                    try:
                        add_and_save(f"free{{i}}")()
                        break
                    except ChangedOnDisk:
                        conflicts += 1
            print("done", conflicts, flush=True)
    """
)


def _claim(corpus, claim_id: str) -> None:
    corpus.add_claim(Claim(claim_id, f"text of {claim_id}", [corpus.documents["alpha"].mention(0, 10)]))


def test_second_saver_is_told_and_writes_nothing(tiny_corpus: Path) -> None:
    first, second = load_corpus(tiny_corpus), load_corpus(tiny_corpus)
    _claim(first.corpus, "from-first")
    _claim(second.corpus, "from-second")
    save_corpus(first.corpus, expect=first.file_sha256)
    saved = (tiny_corpus / ANNOTATIONS_FILE).read_bytes()
    with pytest.raises(ChangedOnDisk) as info:
        save_corpus(second.corpus, expect=second.file_sha256)
    assert "was changed by another program or argmap window" in str(info.value)
    assert (tiny_corpus / ANNOTATIONS_FILE).read_bytes() == saved, "the second save wrote nothing"
    assert leftovers(tiny_corpus) == []
    save_corpus(second.corpus, expect=info.value.found)  # the user chose to overwrite that version
    assert "from-second" in load_corpus(tiny_corpus).corpus.claims


def test_check_and_replace_are_one_step(tiny_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second saver that checks while the first is writing waits for it, then sees its file."""
    first, second = load_corpus(tiny_corpus), load_corpus(tiny_corpus)
    _claim(first.corpus, "from-first")
    _claim(second.corpus, "from-second")
    writing, outcome = threading.Event(), []
    real_write = save_lock.atomic_write

    def slow_write(path: Path, data: bytes) -> None:
        if threading.current_thread() is threading.main_thread():
            writing.set()  # the first saver checked and is about to replace: let the second one try now
            racer.join(timeout=0.5)  # it must be waiting for the lock, so it is still running
            outcome.append("second saver waited" if racer.is_alive() else "second saver did not wait")
        real_write(path, data)

    def second_save() -> None:
        if not writing.wait(timeout=30):
            return
        try:
            save_corpus(second.corpus, expect=second.file_sha256)
            outcome.append("second saved")
        except ChangedOnDisk:
            outcome.append("second told")

    racer = threading.Thread(target=second_save, daemon=True)
    racer.start()
    monkeypatch.setattr(save_lock, "atomic_write", slow_write)
    save_corpus(first.corpus, expect=first.file_sha256)
    racer.join()
    assert outcome == ["second saver waited", "second told"]
    assert "from-first" in load_corpus(tiny_corpus).corpus.claims


def test_two_processes_racing_lose_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "raced"
    big_corpus(folder, claims=150)
    script = RACER.format(root=str(ROOT), folder=str(folder))
    racers = {name: subprocess.Popen([sys.executable, "-c", script, name], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True) for name in ("a", "b")}
    saved: list[str] = []
    try:
        def tell(word: str, tag: object) -> dict[str, str]:
            for proc in racers.values():
                proc.stdin.write(f"{word} {tag}\n")
                proc.stdin.flush()
            return {name: proc.stdout.readline().strip() for name, proc in racers.items()}

        for n in range(LOCKSTEP_ROUNDS):
            assert set(tell("load", n).values()) == {"ready"}
            answers = tell("save", n)
            winners = [name for name, answer in answers.items() if answer == "won"]
            assert len(winners) == 1 and set(answers.values()) == {"won", "refused"}, f"round {n}: {answers}"
            saved.append(f"{winners[0]}-{n}")
        done = tell("free", FREE_ROUNDS)
        assert all(answer.startswith("done") for answer in done.values()), done
        print(f"lockstep rounds {LOCKSTEP_ROUNDS}, free rounds 2 x {FREE_ROUNDS}, conflicts while free: {done}")
        saved += [f"{name}-free{i}" for name in racers for i in range(FREE_ROUNDS)]
    finally:
        for proc in racers.values():
            proc.stdin.close()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    final = load_corpus(folder)
    assert final.ok
    lost = [claim_id for claim_id in saved if claim_id not in final.corpus.claims]
    assert lost == [], f"{len(lost)} saved claims were overwritten by the other saver"
    assert len(final.corpus.claims) == 150 + len(saved)
    assert leftovers(folder) == []


def test_a_stuck_saver_is_named_not_waited_for_forever(tiny_corpus: Path) -> None:
    path = tiny_corpus / ANNOTATIONS_FILE
    before = path.read_bytes()
    with save_lock.save_lock(path), pytest.raises(save_lock.LockTimeout) as info:
        save_lock.replace_if_unchanged(path, b"{}", timeout=0.2)
    assert f"is being saved by argmap process {os.getpid()}" in info.value.strerror
    assert path.read_bytes() == before and leftovers(tiny_corpus) == []


def test_a_lock_left_by_a_killed_saver_does_not_block(tiny_corpus: Path) -> None:
    path = tiny_corpus / ANNOTATIONS_FILE
    save_lock.lock_path(path).write_text("999999 somewhere\n")  # its process is gone: nobody holds the flock
    corpus = load_corpus(tiny_corpus)
    _claim(corpus.corpus, "after-a-kill")
    save_corpus(corpus.corpus, expect=corpus.file_sha256)
    assert "after-a-kill" in load_corpus(tiny_corpus).corpus.claims
    assert leftovers(tiny_corpus) == [], "the stale lock file is gone too"
