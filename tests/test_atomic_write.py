"""Saving never damages the file already on disk: a failure at any step leaves the old bytes and no litter."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from argmap.model import saving
from argmap.model.atomic_files import atomic_write
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.model.saving import save_corpus


def _edited(folder: Path):
    """The tiny corpus, loaded and changed, so a successful save would change the file."""
    corpus = load_corpus(folder).corpus
    corpus.set_claim_text("wall-cost", "The wall will cost far more than 40 million euros.")
    return corpus


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_successful_save_replaces_the_file(tiny_corpus: Path) -> None:
    before = _listing(tiny_corpus)
    digest = save_corpus(_edited(tiny_corpus))
    data = (tiny_corpus / ANNOTATIONS_FILE).read_bytes()
    assert b"far more than 40 million" in data
    assert digest == saving.hashlib.sha256(data).hexdigest()
    assert _listing(tiny_corpus) == before


class Boom(OSError):
    pass


def _fail(*_args: object, **_kwargs: object) -> None:
    raise Boom(28, "No space left on device")


class _FailingFile:
    """Wraps the temporary file so that writing to it fails half-way, like a full disk."""

    def __init__(self, fh) -> None:
        self.fh = fh

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()

    def write(self, data: bytes) -> int:
        self.fh.write(data[: len(data) // 2])
        _fail()
        return 0

    def __getattr__(self, name: str):
        return getattr(self.fh, name)


@pytest.mark.parametrize("step", ["write", "fsync", "chmod", "replace"])
def test_failure_while_saving_keeps_the_old_file(tiny_corpus: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    path = tiny_corpus / ANNOTATIONS_FILE
    old = path.read_bytes()
    before = _listing(tiny_corpus)
    corpus = _edited(tiny_corpus)
    if step == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(saving.os, "fdopen", lambda *a, **k: _FailingFile(real_fdopen(*a, **k)))
    else:
        monkeypatch.setattr(saving.os, step, _fail)
    with pytest.raises(Boom):
        save_corpus(corpus)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert _listing(tiny_corpus) == before, "the temporary file was left behind"
    assert load_corpus(tiny_corpus).ok


def test_interrupt_while_saving_keeps_the_old_file(tiny_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tiny_corpus / ANNOTATIONS_FILE
    old = path.read_bytes()

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(saving.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, b"{}")
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert not [p for p in tiny_corpus.iterdir() if p.name.endswith(".tmp")]


def test_unwritable_folder_names_the_target_and_keeps_the_old_file(tiny_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The temporary file cannot be created (a read-only folder); root ignores chmod, so simulate it."""
    path = tiny_corpus / ANNOTATIONS_FILE
    old = path.read_bytes()

    def denied(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tiny_corpus / ".annotations.json.x.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(PermissionError) as info:
        save_corpus(_edited(tiny_corpus))
    monkeypatch.undo()
    assert info.value.filename == str(path)
    assert "Permission denied" in str(info.value) and str(tiny_corpus) in str(info.value)
    assert path.read_bytes() == old


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write into a read-only folder")
def test_read_only_folder_gives_a_clear_oserror(tiny_corpus: Path) -> None:
    path = tiny_corpus / ANNOTATIONS_FILE
    old = path.read_bytes()
    corpus = _edited(tiny_corpus)
    tiny_corpus.chmod(0o555)
    try:
        with pytest.raises(PermissionError) as info:
            save_corpus(corpus)
    finally:
        tiny_corpus.chmod(0o755)
    assert info.value.filename == str(path)
    assert path.read_bytes() == old


def test_folder_that_is_a_file_gives_a_clear_oserror(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "corpus"
    not_a_folder.write_bytes(b"a file, not a folder")
    with pytest.raises(OSError) as info:
        atomic_write(not_a_folder / ANNOTATIONS_FILE, b"{}")
    assert info.value.filename == str(not_a_folder / ANNOTATIONS_FILE)
    assert not_a_folder.read_bytes() == b"a file, not a folder"


def test_save_keeps_the_file_mode(tiny_corpus: Path) -> None:
    path = tiny_corpus / ANNOTATIONS_FILE
    path.chmod(0o640)
    save_corpus(_edited(tiny_corpus))
    assert path.stat().st_mode & 0o777 == 0o640
