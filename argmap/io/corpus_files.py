"""Corpus folders on disk: a new corpus from text files, documents added, a copy to a new folder,
imports and data exports written where the user asked.

The window's File menu and the command line share these, so a corpus made either way is the
same. Nothing here overwrites a file that holds something else: every clash is refused with a
message naming the file and what is wrong (`CorpusFileError`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from argmap.io._html_text import html_to_text
from argmap.model import safe_files
from argmap.model.annotations import Corpus
from argmap.model.atomic_files import atomic_write
from argmap.model.corpus import Document, read_text
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.saving import save_corpus
from argmap.paths import seed_corpus_dir

if TYPE_CHECKING:
    from argmap.io.registry import ImportResult

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
SOURCE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
TITLE_LENGTH = 80
_HIDDEN_BLOCKS = re.compile(r"<(script|style|head|title|noscript|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


class CorpusFileError(ValueError):
    """A file or folder cannot be used as asked; the message names it and says why."""


# --------------------------------------------------------------------------------------
# documents from files and pasted text
# --------------------------------------------------------------------------------------


def source_files(folder: Path) -> list[Path]:
    """The documents a folder offers, in name order (hidden files and annotations.json left out)."""
    if not os.path.isdir(folder):  # os.path: a folder that cannot be entered is "no such folder", not a traceback
        raise CorpusFileError(f"{folder}: no such folder")
    return sorted((p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
                   and not p.name.startswith(".")), key=lambda p: p.name.lower())


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CorpusFileError(f"{path}: line {line}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again") from None


def clean_text(text: str) -> str:
    """The text as argmap stores a new document: Unix newlines, no trailing blank lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip() + "\n"


def _first_line(text: str, fallback: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    line = line.lstrip("#").strip() or fallback  # a Markdown heading is a title
    return line[:TITLE_LENGTH]


def html_document_text(html: str) -> tuple[str, str | None]:
    """(plain text, <title>) of an HTML page, the text extracted as the OVA importer does."""
    title_match = _HTML_TITLE.search(html)
    title = " ".join(html_to_text(title_match.group(1))[0].split()) if title_match else None
    text, _spans = html_to_text(_HIDDEN_BLOCKS.sub("", html))
    lines = [" ".join(ln.split()) for ln in text.splitlines()]
    paragraphs = "\n\n".join(ln for ln in lines if ln)
    return paragraphs, title or None


def read_source(path: Path) -> tuple[str, str]:
    """(text, title) of a .txt, .md or .html file, ready to be a document."""
    suffix = path.suffix.lower()
    if suffix not in SOURCE_SUFFIXES:
        raise CorpusFileError(f"{path}: not a document argmap can add (use {', '.join(SOURCE_SUFFIXES)})")
    try:
        raw = safe_files.read_bytes(path, limit=safe_files.MAX_DOCUMENT_BYTES, what="documents")  # a regular file of sane size
    except safe_files.FileRefused as exc:
        raise CorpusFileError(f"{path}: {exc}") from None
    except OSError as exc:
        raise CorpusFileError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    text = _decode(path, raw)
    title = None
    if suffix in HTML_SUFFIXES:
        text, title = html_document_text(text)
    if not text.strip():
        raise CorpusFileError(f"{path}: has no text")
    return clean_text(text), (title or _first_line(text, path.stem))[:TITLE_LENGTH]


def _file_name(stem: str, suffix: str, taken: set[str]) -> str:
    base = re.sub(r"[^\w.-]+", "-", stem, flags=re.UNICODE).strip("-.") or "document"
    name, n = f"{base}{suffix}", 2
    while name.lower() in taken:
        name, n = f"{base}-{n}{suffix}", n + 1
    return name


def _taken_names(corpus: Corpus, folder: Path | None) -> set[str]:
    taken = {PurePosixPath(d.path).name.lower() for d in corpus.documents.values()} | {ANNOTATIONS_FILE}
    if folder is not None and folder.is_dir():
        taken |= {p.name.lower() for p in folder.iterdir()}
    return taken


def new_document(corpus: Corpus, text: str, title: str, stem: str, *, suffix: str = ".txt",
                 taken_ids: set[str] | None = None, taken_names: set[str] | None = None) -> Document:
    """A document for `corpus` with a fresh id (`d<n>`) and a file name free in its folder.

    The caller adds it (with a command, so it can be undone); saving writes the file.
    """
    if not text.strip():
        raise CorpusFileError(f"{title or stem}: the document has no text")
    folder = Path(corpus.folder) if corpus.folder else None
    names = taken_names if taken_names is not None else _taken_names(corpus, folder)
    ids = taken_ids if taken_ids is not None else corpus.all_ids()
    n = 1
    while f"d{n}" in ids:
        n += 1
    doc_id = f"d{n}"
    name = _file_name(stem, suffix if suffix in TEXT_SUFFIXES else ".txt", names)
    ids.add(doc_id)
    names.add(name.lower())
    title = " ".join(title.split())[:TITLE_LENGTH] or stem
    return Document(doc_id, name, title, clean_text(text))


def documents_from_files(corpus: Corpus, paths: Iterable[Path]) -> list[Document]:
    """New documents for `corpus` from files; every unreadable file is named in one error.

    A text file already in the corpus folder, stored as argmap stores texts, is used where it is
    (no copy); anything else is copied in under a free name.
    """
    folder = Path(corpus.folder) if corpus.folder else None
    ids, names = corpus.all_ids(), _taken_names(corpus, folder)
    in_use = {d.path for d in corpus.documents.values()}
    docs, problems = [], []
    for path in map(Path, paths):
        try:
            text, title = read_source(path)
        except CorpusFileError as exc:
            problems.append(str(exc))
            continue
        if (folder is not None and path.parent.resolve() == folder.resolve() and path.name not in in_use
                and path.suffix.lower() in TEXT_SUFFIXES and _stored_as(path, text)):
            doc = new_document(corpus, text, title, path.stem, taken_ids=ids, taken_names=set())
            docs.append(Document(doc.id, path.name, doc.title, doc.text))
            in_use.add(path.name)
            continue
        docs.append(new_document(corpus, text, title, path.stem, suffix=path.suffix.lower(),
                                 taken_ids=ids, taken_names=names))
    if problems:
        raise CorpusFileError("\n".join(problems))
    return docs


def _stored_as(path: Path, text: str) -> bool:
    """Whether the file holds exactly `text` (so a document can point at it without a copy)."""
    try:
        return read_text(path) == text
    except (OSError, UnicodeDecodeError):
        return False


# --------------------------------------------------------------------------------------
# whole corpus folders
# --------------------------------------------------------------------------------------


def _check_new_folder(folder: Path, *, keep_files: bool = False) -> None:
    """A folder a new corpus may be written to: absent, or empty (`keep_files`: any files but a corpus)."""
    if os.path.exists(folder) and not os.path.isdir(folder):  # os.path: a folder that cannot be entered is not a traceback
        raise CorpusFileError(f"{folder}: is a file, not a folder; choose a folder name")
    if os.path.lexists(folder / ANNOTATIONS_FILE):
        raise CorpusFileError(f"{folder}: already holds a corpus ({ANNOTATIONS_FILE}); choose a new folder")
    if os.path.isdir(folder) and not keep_files:
        try:
            others = sorted(p.name for p in folder.iterdir())
        except OSError as exc:
            raise CorpusFileError(f"{folder}: cannot be read: {exc.strerror or exc}") from None
        if others:
            shown = ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
            raise CorpusFileError(f"{folder}: is not empty ({shown}); choose a new folder name")


def _write_texts(corpus: Corpus, folder: Path) -> None:
    """Write each document's text, refusing to replace a different file of the same name."""
    for doc in corpus.documents.values():
        path = folder / doc.path
        if path.exists():
            try:
                same = read_text(path) == doc.text
            except (OSError, UnicodeDecodeError):
                same = False
            if not same:
                raise CorpusFileError(f"{path}: a different file of that name is already there; choose an empty folder")
    for doc in corpus.documents.values():
        path = folder / doc.path
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, doc.text.encode("utf-8"))


def write_new_corpus(corpus: Corpus, folder: Path, *, keep_files: bool = False) -> str:
    """Write a whole corpus (texts and annotations) to a new folder; returns the annotations' SHA-256.

    Used by New Corpus, Save As and Import. The corpus then lives there (`corpus.folder`).
    """
    folder = Path(folder).expanduser()
    _check_new_folder(folder, keep_files=keep_files)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_texts(corpus, folder)
        digest = save_corpus(corpus, folder)
    except OSError as exc:
        raise CorpusFileError(f"{exc.filename or folder}: cannot write: {exc.strerror or exc}") from None
    corpus.folder = str(folder)
    return digest


def create_corpus(folder: Path, sources: Iterable[Path] = ()) -> Corpus:
    """A new corpus in `folder` from text files (none: an empty corpus), written to disk."""
    folder = Path(folder).expanduser()
    sources = [Path(p) for p in sources]
    in_place = folder.is_dir() and any(p.parent.resolve() == folder.resolve() for p in sources)
    _check_new_folder(folder, keep_files=in_place)  # the folder of texts itself may become the corpus
    corpus = Corpus(str(folder))
    for doc in documents_from_files(corpus, sources):
        corpus.add_document(doc)
    write_new_corpus(corpus, folder, keep_files=in_place)
    return corpus


def is_protected(folder: Path | str | None) -> bool:
    """Whether a corpus folder must not be saved in place: the bundled seeds, or not writable."""
    if folder is None:
        return False
    folder = Path(folder)
    try:
        if folder.resolve() == seed_corpus_dir().resolve():
            return True
    except OSError:
        return True
    annotations = folder / ANNOTATIONS_FILE
    if not os.access(folder, os.W_OK):
        return True
    return annotations.exists() and not os.access(annotations, os.W_OK)


# --------------------------------------------------------------------------------------
# import and export, as the command line does them
# --------------------------------------------------------------------------------------


def import_to_folder(path: Path, folder: Path, fmt: str | None = None) -> ImportResult:
    """Import a file of another tool into a new corpus folder; returns the registry's ImportResult.

    The folder may hold other files (not a corpus, and no different file under a document's
    name: that is refused before anything is written). Raises ImportFailed (bad input) or
    CorpusFileError (the folder cannot take it).
    """
    from argmap.io.registry import import_file

    folder = Path(folder).expanduser()
    _check_new_folder(folder, keep_files=True)
    result = import_file(Path(path), fmt)
    write_new_corpus(result.corpus, folder, keep_files=True)
    return result


def export_to_file(corpus: Corpus, fmt: str, path: Path) -> Path:
    """Write `corpus` in an `argmap export` format; raises CorpusFileError when it cannot."""
    from argmap.io.registry import exporters

    formats = exporters()
    if fmt not in formats:
        raise CorpusFileError(f"unknown export format '{fmt}' (known: {', '.join(sorted(formats))})")
    problem = safe_files.not_replaceable(Path(path))  # a FIFO or /dev/stdout would be swapped for a plain file
    if problem is not None:
        raise CorpusFileError(f"{path}: {problem}")
    text = formats[fmt].write(corpus)
    try:
        atomic_write(Path(path), text.encode("utf-8"))
    except OSError as exc:
        raise CorpusFileError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return Path(path)
