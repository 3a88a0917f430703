"""The one place argmap reads the files it is given: regular files only, inside the corpus, bounded.

A corpus folder can come from anyone (a clone, an archive, a shared drive), so what it holds is
input, not trust: a document may be a symbolic link to /etc/passwd, a named pipe that never
delivers a byte, or a link to /dev/zero. Every file the loader, the importers and the command
line read goes through `read_bytes` / `read_text` here, which

- with `inside=` refuses a file whose resolved path (following every symbolic link, also of a
  folder on the way) lies outside that folder, before opening it;
- refuses anything but a regular file, judged by `os.stat` before opening (a FIFO is never
  opened) and again by `fstat` on the opened descriptor (opened non-blocking, so a file swapped
  for a FIFO in between cannot hang the read either);
- refuses a file larger than its limit, and never reads more than the limit plus one byte;
- returns the bytes exactly as stored: no newline translation, no BOM removed, strict UTF-8.

`FileRefused` carries a message without the file name; callers put it in their usual
`file: place: what is wrong` form.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

MB = 1024 * 1024
MAX_DOCUMENT_BYTES = 64 * MB  # a source text: far beyond any article or book (War and Peace is 3 MB)
MAX_ANNOTATIONS_BYTES = 256 * MB  # annotations.json: 100,000 claims take about 80 MB
MAX_IMPORT_BYTES = 256 * MB  # an AIF, brat or other file given to `argmap import`

_BLOCK = 8 * MB  # read in blocks: a hash never holds a whole 256 MB file
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileRefused(Exception):
    """A file argmap will not read; the message says why (the caller names the file)."""


def size_text(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n:,} bytes"


class Within:
    """A folder that reads are confined to, resolved once; folders met on the way are resolved once
    each, so checking the 8,000 documents of one corpus costs 8,000 lstat calls, not 16,000 realpath walks.

    Make one per load: what it remembers is only as fresh as that.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.root = os.path.realpath(folder)
        self._prefix = self.root.rstrip(os.sep) + os.sep
        self._dirs: dict[str, str] = {}

    def resolve(self, path: str | os.PathLike[str]) -> str:
        """The path with every symbolic link followed (as os.path.realpath)."""
        path = os.fspath(path)
        if ".." in path.split(os.sep):  # abspath would fold it lexically, not as the links lead
            return os.path.realpath(path)
        parent, name = os.path.split(os.path.abspath(path))
        if not name:
            return os.path.realpath(path)
        real_parent = self._dirs.get(parent)
        if real_parent is None:
            real_parent = self._dirs[parent] = os.path.realpath(parent)
        resolved = os.path.join(real_parent, name)
        return os.path.realpath(resolved) if os.path.islink(resolved) else resolved

    def outside(self, path: str | os.PathLike[str]) -> str | None:
        """The resolved path of `path` when it lies outside the folder, else None."""
        resolved = self.resolve(path)
        if resolved == self.root or resolved.startswith(self._prefix):
            return None  # the folder itself is inside: reading it is refused as "a folder"
        return resolved


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _refuse_kind(path: Path, mode: int) -> FileRefused:
    kind = _kind(mode)
    target = os.path.realpath(path)
    via = f" (through a symbolic link to {target})" if os.path.islink(path) else ""
    return FileRefused(f"is {kind}{via}, not a regular file; argmap reads only regular files")


def regular_file(path: Path) -> os.stat_result:
    """The stat of a regular file (links followed); FileRefused for anything else, which is never opened."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise _refuse_kind(path, st.st_mode)
    return st


def not_replaceable(path: Path) -> str | None:
    """Why an output path must not be written (replaced) by argmap, or None when it may.

    Outputs are written to a temporary file that then replaces the path; done to /dev/stdout or a
    FIFO that would swap a device node or pipe for a plain file (and as root it can).
    """
    try:
        st = os.stat(path)
    except (OSError, ValueError):  # absent, or unreachable: the write itself reports why
        return None
    if stat.S_ISREG(st.st_mode):
        return None
    return f"is {_kind(st.st_mode)}, not a regular file; argmap writes only regular files"


def _chunks(path: str | os.PathLike[str], limit: int, inside: str | os.PathLike[str] | Within | None,
            what: str, block: int | None = None) -> Iterator[bytes]:
    """The checks of `read_bytes`, then the file's bytes (in blocks of `block`), at most `limit` + 1 in all."""
    path = Path(path)
    if inside is not None:
        escaped = (inside if isinstance(inside, Within) else Within(inside)).outside(path)
        if escaped is not None:
            raise FileRefused(f"resolves to {escaped}, outside the corpus folder (through a symbolic link); "
                              "argmap reads only files inside the corpus folder")
    st = regular_file(path)
    if st.st_size > limit:
        raise FileRefused(f"is {size_text(st.st_size)}; argmap reads {what} of at most {size_text(limit)}")
    fd = os.open(path, _OPEN_FLAGS)
    with open(fd, "rb", buffering=0, closefd=True) as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # replaced between stat and open
            raise _refuse_kind(path, st.st_mode)
        total = 0
        want = min(st.st_size, limit) + 1  # one byte more than expected: notices a file that grew
        while True:
            chunk = fh.read(want if block is None else min(want, block))  # whole: one read, no copy
            total += len(chunk)
            if total > limit:
                raise FileRefused(f"is larger than {size_text(limit)}; argmap reads {what} of at most {size_text(limit)}")
            yield chunk
            if not chunk:  # a regular file's end
                break
            want = limit + 1 - total


def read_bytes(path: str | os.PathLike[str], *, limit: int, inside: str | os.PathLike[str] | Within | None = None,
               what: str = "files") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; `inside` confines it to a folder.

    Raises FileRefused for a file that must not be read, FileNotFoundError when there is none
    (a dangling link included), other OSErrors as the system reports them.
    """
    return b"".join(_chunks(path, limit, inside, what))


def sha256(path: str | os.PathLike[str], *, limit: int, inside: str | os.PathLike[str] | Within | None = None,
           what: str = "files") -> str:
    """SHA-256 of a file `read_bytes` would read (same checks, same errors), without holding it in memory."""
    digest = hashlib.sha256()
    for chunk in _chunks(path, limit, inside, what, _BLOCK):
        digest.update(chunk)
    return digest.hexdigest()


def read_text(path: str | os.PathLike[str], *, limit: int | None = None,
              inside: str | os.PathLike[str] | Within | None = None, what: str = "documents") -> str:
    """A UTF-8 text exactly as stored (BOM and CR LF kept), so offsets into it hold.

    `limit` defaults to MAX_DOCUMENT_BYTES. Raises UnicodeDecodeError for bytes that are not
    UTF-8, besides what `read_bytes` raises.
    """
    limit = MAX_DOCUMENT_BYTES if limit is None else limit
    return read_bytes(path, limit=limit, inside=inside, what=what).decode("utf-8")
