"""Opening a corpus folder: the validating loader of annotations.json (format version 2;
version 1 reads too), or a new corpus from a folder of texts.

The loader reports *every* problem at once as `file: JSON path: what is wrong`, and still
builds the best corpus it can, so the app can show a broken corpus read-only instead of
refusing it."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from argmap.model.annotations import (
    Corpus,
)
from argmap.model.atomic_files import broken_link
from argmap.model.corpus import Document
from argmap.model.corpus_check import CorpusChecker
from argmap.model.corpus_format import ANNOTATIONS_FILE, CorpusError, LoadResult, Problem
from argmap.model.ids import free_id
from argmap.model.json_text import gc_paused, parse_json
from argmap.model.safe_files import MAX_ANNOTATIONS_BYTES, FileRefused, Within, read_bytes, read_text


def load_corpus(folder: str | os.PathLike[str], *, annotations: bytes | None = None, shown: str | None = None,
                texts: dict[str, str] | None = None) -> LoadResult:
    """Load and validate a corpus folder.

    A folder of `.txt` files without `annotations.json` opens as a new, empty corpus over
    those texts, so annotating a fresh set of documents needs no setup. `annotations`
    replaces the bytes of `annotations.json` (recovered unsaved edits), `shown` its name in problems,
    and `texts` gives, by path, the texts of documents that have no file in the folder (yet).
    Files are read only through argmap.model.safe_files (regular files inside the folder, bounded).
    """
    folder = Path(folder)
    path = folder / ANNOTATIONS_FILE
    shown = shown or str(path)
    problem = _folder_problem(folder)
    if problem is not None:
        return LoadResult(None, [problem])
    if annotations is not None:
        raw = annotations
    else:
        try:
            raw = read_bytes(path, limit=MAX_ANNOTATIONS_BYTES, inside=folder, what="annotation files")
        except FileNotFoundError:
            if not os.path.lexists(path):
                return _new_corpus_from_texts(folder)
            # not "no annotations": the corpus would open empty and the first save replace the link
            return LoadResult(None, [Problem(shown, "file", broken_link(path) or "does not exist")])
        except FileRefused as exc:
            return LoadResult(None, [Problem(shown, "file", str(exc))])
        except OSError as exc:
            return LoadResult(None, [Problem(shown, "file", broken_link(path) or f"cannot be read: {exc.strerror}")])
    file_hash = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return LoadResult(None, [Problem(shown, f"line {line}", f"not UTF-8 (byte {exc.start})")], file_hash)
    data, problems = parse_json(text, shown)
    if problems:
        return LoadResult(None, problems, file_hash)
    checker = CorpusChecker(shown, folder, texts or {})
    with gc_paused():
        corpus = checker.check(data)
    return LoadResult(corpus, checker.problems, file_hash)


def _folder_problem(folder: Path) -> Problem | None:
    """Why a corpus folder cannot be opened at all, or None."""
    try:
        st = os.stat(folder)
    except (FileNotFoundError, NotADirectoryError):
        return Problem(str(folder), "folder", "no such corpus folder")
    except OSError as exc:  # e.g. a parent folder without search permission
        return Problem(str(folder), "folder", f"cannot be opened: {exc.strerror}")
    except ValueError:  # a NUL in the name
        return Problem(str(folder), "folder", "no such corpus folder")
    if not stat.S_ISDIR(st.st_mode):
        return Problem(str(folder), "folder", "is a file, not a corpus folder")
    return None


def load_corpus_or_raise(folder: str | os.PathLike[str]) -> Corpus:
    result = load_corpus(folder)
    if not result.ok:
        raise CorpusError(result.problems)
    assert result.corpus is not None
    return result.corpus


def _new_corpus_from_texts(folder: Path) -> LoadResult:
    texts = sorted(folder.glob("*.txt"))
    if not texts:
        where = str(folder / ANNOTATIONS_FILE)
        return LoadResult(None, [Problem(where, "file", "missing, and the folder has no .txt documents")])
    corpus = Corpus(str(folder))
    problems: list[Problem] = []
    within = Within(folder)
    for p in texts:
        try:
            text = read_text(p, inside=within)
        except FileRefused as exc:
            problems.append(Problem(str(p), "file", str(exc)))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(p), "file", f"cannot be read as UTF-8 text: {exc}"))
            continue
        title = next((ln.strip() for ln in text.splitlines() if ln.strip()), p.stem)[:80]
        corpus.add_document(Document(_slug(p.stem, corpus.all_ids()), p.name, title, text))
    return LoadResult(corpus, problems)


def _slug(stem: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "doc"
    return free_id(base, taken)[0]
