"""Files argmap must not read: links out of the corpus, FIFOs, devices, oversized files.

Loads that could hang (a FIFO) or eat memory (/dev/zero) run in a child process with a timeout
and an address-space limit, so a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from argmap.model import safe_files
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.model.safe_files import FileRefused, read_bytes

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev files are POSIX")

_LOAD = """
import json, sys
from argmap.model.loading import load_corpus
r = load_corpus(sys.argv[1])
print(json.dumps({"ok": r.ok, "problems": [str(p) for p in r.problems],
                  "docs": sorted(r.corpus.documents) if r.corpus else None}))
"""
_IMPORT = """
import sys
from pathlib import Path
from argmap.io.registry import ImportFailed, import_file
try:
    import_file(Path(sys.argv[1]), sys.argv[2])
except ImportFailed as exc:
    print(exc)
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GB: reading /dev/zero would pass it


def elsewhere(code: str, *args: str) -> str:
    """Run code in a child process: at most 60 s and 1 GB, so a hang or a flood fails the test."""
    try:
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                              timeout=60, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{args} did not finish in 60 s (it hangs)")
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def load_elsewhere(folder: Path) -> dict:
    return json.loads(elsewhere(_LOAD, str(folder)))


def doc_problem(result: dict, index: int) -> str:
    errors = [p for p in result["problems"] if f"$.documents[{index}].path" in p]
    assert len(errors) == 1, result["problems"]
    return errors[0]


# -- links out of the corpus -------------------------------------------------------------------


def test_document_linking_outside_the_corpus_is_refused_and_never_read(tiny_corpus: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the password is swordfish", encoding="utf-8")
    (tiny_corpus / "beta.txt").unlink()
    (tiny_corpus / "beta.txt").symlink_to(secret)
    result = load_corpus(tiny_corpus)
    problems = [str(p) for p in result.problems if "$.documents[1].path" in p.where]
    assert len(problems) == 1 and "outside the corpus folder" in problems[0] and str(secret) in problems[0]
    assert "beta" not in result.corpus.documents
    assert not any("swordfish" in d.text for d in result.corpus.documents.values())
    assert not result.ok  # read-only: a save could not write the document's entry back


def test_document_under_a_linked_folder_outside_is_refused(tiny_corpus: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tiny_corpus / "beta.txt").rename(elsewhere / "beta.txt")
    (tiny_corpus / "sub").symlink_to(elsewhere, target_is_directory=True)
    data = json.loads((tiny_corpus / ANNOTATIONS_FILE).read_text(encoding="utf-8"))
    data["documents"][1]["path"] = "sub/beta.txt"
    (tiny_corpus / ANNOTATIONS_FILE).write_text(json.dumps(data), encoding="utf-8")
    result = load_corpus(tiny_corpus)
    assert "outside the corpus folder" in str(next(p for p in result.problems if "$.documents[1].path" in p.where))
    assert "beta" not in result.corpus.documents


def test_links_that_stay_inside_the_corpus_are_fine(tiny_corpus: Path) -> None:
    (tiny_corpus / "texts").mkdir()
    (tiny_corpus / "beta.txt").rename(tiny_corpus / "texts" / "beta.txt")
    (tiny_corpus / "beta.txt").symlink_to(Path("texts") / "beta.txt")
    assert load_corpus(tiny_corpus).ok


def test_annotations_linking_outside_the_corpus_is_refused(tiny_corpus: Path, tmp_path: Path) -> None:
    real = tmp_path / "real-annotations.json"
    (tiny_corpus / ANNOTATIONS_FILE).rename(real)
    (tiny_corpus / ANNOTATIONS_FILE).symlink_to(real)
    result = load_corpus(tiny_corpus)
    assert result.corpus is None
    assert str(result.problems[0]).startswith(f"{tiny_corpus / ANNOTATIONS_FILE}: file: resolves to {real}, outside")


def test_folder_of_texts_skips_a_text_linking_outside(tmp_path: Path) -> None:
    corpus = tmp_path / "new"
    corpus.mkdir()
    (corpus / "one.txt").write_text("One\ntext", encoding="utf-8")
    (tmp_path / "passwd").write_text("root:x:0:0", encoding="utf-8")
    (corpus / "two.txt").symlink_to(tmp_path / "passwd")
    result = load_corpus(corpus)
    assert list(result.corpus.documents) == ["one"]
    assert [p.file for p in result.problems] == [str(corpus / "two.txt")]
    assert "outside the corpus folder" in result.problems[0].message


def test_exporting_never_carries_a_linked_file(tiny_corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (tiny_corpus / "beta.txt").unlink()
    (tiny_corpus / "beta.txt").symlink_to(tmp_path / "passwd")
    out = tmp_path / "map.json"
    done = subprocess.run([sys.executable, "-m", "argmap", "export", str(tiny_corpus), "-f", "ova", "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "outside the corpus folder" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


# -- special files -----------------------------------------------------------------------------


@posix_only
def test_fifo_as_a_document_does_not_hang(tiny_corpus: Path) -> None:
    (tiny_corpus / "beta.txt").unlink()
    os.mkfifo(tiny_corpus / "beta.txt")
    result = load_elsewhere(tiny_corpus)
    assert "named pipe" in doc_problem(result, 1) and result["docs"] == ["alpha"]


@posix_only
def test_fifo_as_annotations_does_not_hang(tiny_corpus: Path) -> None:
    (tiny_corpus / ANNOTATIONS_FILE).unlink()
    os.mkfifo(tiny_corpus / ANNOTATIONS_FILE)
    result = load_elsewhere(tiny_corpus)
    assert result["docs"] is None
    assert result["problems"] == [f"{tiny_corpus / ANNOTATIONS_FILE}: file: is a named pipe (FIFO), not a regular "
                                  "file; argmap reads only regular files"]


@posix_only
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_link_to_an_endless_device_does_not_eat_memory(tiny_corpus: Path, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    (tiny_corpus / "beta.txt").unlink()
    (tiny_corpus / "beta.txt").symlink_to(device)
    problem = doc_problem(load_elsewhere(tiny_corpus), 1)
    assert "outside the corpus folder" in problem  # refused before even looking at what it is


@posix_only
def test_device_given_to_the_reader_directly_is_refused_without_reading(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(FileRefused, match="character device"):
        read_bytes(link, limit=1 << 20)


def test_oversized_document_is_refused_with_the_limit(tiny_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_files, "MAX_DOCUMENT_BYTES", 1000)
    (tiny_corpus / "beta.txt").write_text("x" * 5000, encoding="utf-8")
    problem = next(p for p in load_corpus(tiny_corpus).problems if "$.documents[1].path" in p.where)
    assert "is 5,000 bytes; argmap reads documents of at most 1,000 bytes" in problem.message


def test_oversized_annotations_are_refused(tiny_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.model import loading

    monkeypatch.setattr(loading, "MAX_ANNOTATIONS_BYTES", 100)
    result = load_corpus(tiny_corpus)
    assert result.corpus is None and "argmap reads annotation files of at most 100 bytes" in str(result.problems[0])


def test_a_file_growing_past_the_limit_while_read_is_cut_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * 10)
    real_fstat = os.fstat

    def stale_fstat(fd: int):  # the size seen before another process appended to the file
        st = real_fstat(fd)
        path.write_bytes(b"x" * 5000)
        return st

    monkeypatch.setattr(safe_files.os, "fstat", stale_fstat)
    with pytest.raises(FileRefused, match="larger than 1,000 bytes"):
        read_bytes(path, limit=1000)


def test_bytes_come_back_exactly_as_stored(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes("\ufeffone\r\ntwo\rthree 🌊\n".encode())
    assert safe_files.read_text(path) == "\ufeffone\r\ntwo\rthree 🌊\n"


@posix_only
def test_importing_a_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "map.json"
    os.mkfifo(fifo)
    assert elsewhere(_IMPORT, str(fifo), "aif") == f"{fifo}: file: is a named pipe (FIFO), not a regular file; " \
        "argmap reads only regular files\n"
    ann, txt = tmp_path / "essay.ann", tmp_path / "essay.txt"
    os.mkfifo(ann)
    txt.write_text("An essay.", encoding="utf-8")
    assert "named pipe" in elsewhere(_IMPORT, str(ann), "brat")


_ADD = """
import sys
from pathlib import Path
from argmap.io.corpus_files import CorpusFileError, documents_from_files
from argmap.model.annotations import Corpus
try:
    documents_from_files(Corpus(None), [Path(sys.argv[1])])
except CorpusFileError as exc:
    print(exc)
"""


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_adding_a_fifo_or_a_device_as_a_document_is_refused(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "article.txt"
    os.mkfifo(path) if kind == "fifo" else path.symlink_to("/dev/zero")
    said = elsewhere(_ADD, str(path))
    assert said.startswith(f"{path}: is a ") and "not a regular file" in said


def test_dot_dot_after_a_link_is_resolved_as_the_link_leads(tmp_path: Path) -> None:
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    (elsewhere / "deep").mkdir(parents=True)
    (elsewhere / "secret.txt").write_text("secret", encoding="utf-8")
    corpus.mkdir()
    (corpus / "secret.txt").write_text("fine", encoding="utf-8")
    (corpus / "link").symlink_to(elsewhere / "deep")
    # lexically corpus/secret.txt, really elsewhere/secret.txt
    with pytest.raises(FileRefused, match="outside the corpus folder"):
        read_bytes(corpus / "link" / ".." / "secret.txt", limit=100, inside=corpus)
    assert read_bytes(corpus / "secret.txt", limit=100, inside=corpus) == b"fine"
