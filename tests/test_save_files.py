"""What a save does around annotations.json: symbolic links, and the leftovers of killed saves."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from argmap import commands as cmd
from argmap.model.atomic_files import STALE_AFTER_S, WRITER_HOST, stale_temporaries
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.model.saving import save_corpus
from tests.saving_helpers import SaveWindow, close_discarding
from tests.stress_helpers import ROOT, leftovers

HOST = WRITER_HOST


def _edited(folder: Path):
    corpus = load_corpus(folder).corpus
    corpus.set_claim_text("wall-cost", "The wall will cost far more than 40 million euros.")
    return corpus


# -- symbolic links ------------------------------------------------------------------------


def _link_annotations(folder: Path, to: str) -> Path:
    link = folder / ANNOTATIONS_FILE
    link.unlink()
    link.symlink_to(to)
    return link


def test_dangling_link_is_an_error_not_an_empty_corpus(tiny_corpus: Path) -> None:
    link = _link_annotations(tiny_corpus, "gone/annotations.json")
    result = load_corpus(tiny_corpus)
    assert result.corpus is None, "a dangling link must not open as a new, empty corpus"
    assert [str(p) for p in result.problems] == [
        f"{link}: file: is a symbolic link to gone/annotations.json, which does not exist"]
    with pytest.raises(OSError) as info:
        save_corpus(_edited(ROOT / "tests" / "data" / "tiny"), tiny_corpus)
    assert "which does not exist" in str(info.value)
    assert link.is_symlink(), "the link is never replaced by a plain file"


def test_looping_link_is_an_error(tiny_corpus: Path) -> None:
    link = _link_annotations(tiny_corpus, "loop.json")
    (tiny_corpus / "loop.json").symlink_to(ANNOTATIONS_FILE)
    result = load_corpus(tiny_corpus)
    assert result.corpus is None
    assert "is a symbolic link that loops" in str(result.problems[0]) and str(link) in str(result.problems[0])


def test_save_goes_through_a_link_to_the_real_file(tiny_corpus: Path) -> None:
    real = tiny_corpus / "kept" / "harbour.json"
    real.parent.mkdir()
    (tiny_corpus / ANNOTATIONS_FILE).rename(real)
    link = tiny_corpus / ANNOTATIONS_FILE
    link.symlink_to("kept/harbour.json")
    loaded = load_corpus(tiny_corpus)
    assert loaded.ok
    loaded.corpus.set_claim_text("wall-cost", "Costs a lot.")
    save_corpus(loaded.corpus, expect=loaded.file_sha256)
    assert link.is_symlink() and os.readlink(link) == "kept/harbour.json", "the link stays a link"
    assert "Costs a lot." in real.read_text(encoding="utf-8"), "the target got the edits"
    assert leftovers(real.parent) == [] and leftovers(tiny_corpus) == []
    assert not [p for p in real.parent.iterdir() if p.name != "harbour.json"]


def test_a_link_out_of_the_corpus_folder_is_not_written(tiny_corpus: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.json"
    outside.write_bytes((tiny_corpus / ANNOTATIONS_FILE).read_bytes())
    before = outside.read_bytes()
    _link_annotations(tiny_corpus, str(outside))
    with pytest.raises(OSError) as info:
        save_corpus(_edited(ROOT / "tests" / "data" / "tiny"), tiny_corpus)
    assert "outside the corpus folder" in str(info.value)
    assert outside.read_bytes() == before


# -- leftovers of killed saves ---------------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _leftover(folder: Path, name: str, age_s: float = 0.0) -> Path:
    path = folder / name
    path.write_bytes(b'{"half": "written')
    if age_s:
        old = time.time() - age_s
        os.utime(path, (old, old))
    return path


def _killed_saves(folder: Path) -> dict[str, Path]:
    """Temporary files as killed saves leave them, and one of a save still running (this test's parent)."""
    return {
        "dead writer": _leftover(folder, f".{ANNOTATIONS_FILE}.{HOST}-{_dead_pid()}.k3j9x_1a.tmp"),
        "old, any writer": _leftover(folder, f".{ANNOTATIONS_FILE}.otherhost-12.abcdefgh.tmp", STALE_AFTER_S + 60),
        "old, before pids were in names": _leftover(folder, f".{ANNOTATIONS_FILE}.ab_cd123.tmp", STALE_AFTER_S + 60),
        "running writer": _leftover(folder, f".{ANNOTATIONS_FILE}.{HOST}-{os.getppid()}.zzzzzzzz.tmp"),
        "recent, other host": _leftover(folder, f".{ANNOTATIONS_FILE}.otherhost-12.yyyyyyyy.tmp"),
        "not ours": _leftover(folder, ".notes.txt.tmp", STALE_AFTER_S + 60),
    }


KEPT = {"running writer", "recent, other host", "not ours"}


def test_next_save_removes_what_killed_saves_left(tiny_corpus: Path) -> None:
    files = _killed_saves(tiny_corpus)
    assert sorted(stale_temporaries(tiny_corpus / ANNOTATIONS_FILE)) == sorted(
        path for what, path in files.items() if what not in KEPT)
    save_corpus(_edited(tiny_corpus))
    assert {what for what, path in files.items() if path.exists()} == KEPT


def test_opening_in_the_window_removes_what_killed_saves_left(tiny_corpus: Path, qtbot) -> None:
    files = _killed_saves(tiny_corpus)
    window = SaveWindow(tiny_corpus)
    try:
        assert {what for what, path in files.items() if path.exists()} == KEPT
    finally:
        close_discarding(window)


def test_a_save_in_the_window_removes_them_too(tiny_corpus: Path, qtbot) -> None:
    window = SaveWindow(tiny_corpus)
    try:
        files = _killed_saves(tiny_corpus)
        window.session.push(cmd.EditClaimText(window.session.corpus, "wall-cost", "Expensive."))
        assert window.saver.save()
        assert {what for what, path in files.items() if path.exists()} == KEPT
    finally:
        close_discarding(window)


# -- the changed-on-disk check reads as the loader does ---------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_swapped_in_for_the_file_is_refused_by_the_save_not_read(tiny_corpus: Path) -> None:
    """The check before replacing reads the file on disk: a FIFO there must be an error, never a hang."""
    loaded = load_corpus(tiny_corpus)
    corpus = _edited(tiny_corpus)
    path = tiny_corpus / ANNOTATIONS_FILE
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(OSError, match="named pipe"):
        save_corpus(corpus, tiny_corpus, expect=loaded.file_sha256)
    assert path.is_fifo(), "nothing replaced it"


def test_an_oversized_file_on_disk_is_refused_by_the_save(tiny_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.model import safe_files

    loaded = load_corpus(tiny_corpus)
    before = (tiny_corpus / ANNOTATIONS_FILE).read_bytes()
    monkeypatch.setattr(safe_files, "MAX_ANNOTATIONS_BYTES", len(before) - 1)
    with pytest.raises(OSError, match="at most"):
        save_corpus(_edited(tiny_corpus), tiny_corpus, expect=loaded.file_sha256)
    assert (tiny_corpus / ANNOTATIONS_FILE).read_bytes() == before


# -- positions JSON cannot hold ---------------------------------------------------------------


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_positions_that_are_not_finite_never_reach_the_corpus(tiny_corpus: Path, bad: float) -> None:
    corpus = load_corpus(tiny_corpus).corpus
    before = dict(corpus.positions)
    with pytest.raises(cmd.ModelError, match="finite"):
        corpus.set_positions({"wall-cost": (bad, 0.0)})
    assert corpus.positions == before, "nothing set"
    with pytest.raises(cmd.ModelError, match="finite"):
        cmd.MoveNodes(corpus, {"wall-cost": (1.0, bad)})
    with pytest.raises(cmd.ModelError, match="finite"):
        cmd.ApplyLayout(corpus, {"wall-cost": (bad, bad)}, "force")


def test_the_writer_drops_a_position_set_around_the_mutators(tiny_corpus: Path) -> None:
    import json

    corpus = load_corpus(tiny_corpus).corpus
    corpus.positions["wall-cost"] = (float("nan"), 1.0)
    corpus.positions["wall-stops-floods"] = (3.0, 4.0)
    save_corpus(corpus, tiny_corpus)
    text = (tiny_corpus / ANNOTATIONS_FILE).read_text(encoding="utf-8")
    positions = json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} written"))["layout"]["positions"]
    assert "wall-cost" not in positions and positions["wall-stops-floods"] == [3.0, 4.0]
    assert load_corpus(tiny_corpus).ok
