"""One saver at a time: a lock beside the file, and compare-and-swap on its content.

Two argmap windows or processes saving the same `annotations.json` each check that the file
still holds the bytes they loaded, then replace it. Done apart, both checks can pass before
either replace, and the second replace silently drops the first saver's edits. So the check and
the replace happen while holding an exclusive lock on `.annotations.json.lock`, beside the file
(`replace_if_unchanged`): the second saver sees the first one's file and is told
(`ChangedOnDisk`) instead of overwriting it.

The lock is `flock` on POSIX: the kernel drops it when its process dies, so a killed saver never
leaves a lock that blocks the next one. The lock file is removed when the save ends; one left by
a killed process is taken over by the next save (and then removed).
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from argmap.model.atomic_files import atomic_write, file_sha256, remove_stale_temporaries, write_target

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

LOCK_TIMEOUT_S = 20.0  # a save takes well under a second; waiting longer means the other saver is stuck
ANY = object()  # `expect` value: replace whatever is there (importers writing a new corpus)


class LockTimeout(OSError):
    """Another process kept the save lock for longer than a save can take."""


class ChangedOnDisk(Exception):
    """The file no longer holds the bytes the saver loaded: someone else saved in between."""

    def __init__(self, path: Path, expected: str | None, found: str | None) -> None:
        what = "was deleted" if found is None else "was changed by another program or argmap window"
        super().__init__(f"{path} {what} since it was opened; it was not overwritten")
        self.path = path
        self.expected = expected
        self.found = found  # SHA-256 now on disk (None: no file), to compare-and-swap against if the user agrees


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


def try_lock(fd: int) -> bool:
    """Take an exclusive lock on an open file without waiting; False if someone holds it."""
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:  # BlockingIOError on POSIX, PermissionError from msvcrt
        return False
    return True


def _holder(path: Path) -> str:
    try:
        pid, host = path.read_text(encoding="utf-8").split()[:2]
    except (OSError, ValueError):
        return "another program"
    return f"argmap process {pid}" + ("" if host == socket.gethostname() else f" on {host}")


@contextlib.contextmanager
def save_lock(target: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the exclusive save lock of `target` (a file path, links already followed)."""
    path = lock_path(target)
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        except OSError as exc:
            raise OSError(exc.errno, f"cannot write in {target.parent}: {exc.strerror}", str(target)) from exc
        if try_lock(fd):
            # the holder before us may have removed the file after we opened it: then we locked a
            # file nobody else will ever look at, and must lock the one now at the path instead
            try:
                same = fcntl is None or os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
        os.close(fd)
        if time.monotonic() > deadline:
            raise LockTimeout(errno.EAGAIN, f"{target} is being saved by {_holder(path)}; try again in a moment", str(target))
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {socket.gethostname()}\n".encode())
    except OSError:
        pass  # the note is only for the message another saver shows
    try:
        yield
    finally:
        if fcntl is not None:  # unlink while still holding it, so a waiter that locked the old file retries
            with contextlib.suppress(OSError):
                os.unlink(path)
        os.close(fd)  # releases the lock


def replace_if_unchanged(path: Path, data: bytes, expect: object = ANY, timeout: float = LOCK_TIMEOUT_S) -> None:
    """Atomically replace `path` with `data`, but only if it still has SHA-256 `expect` (None: no file yet).

    Check and replace are one step for every argmap saver: they hold the save lock throughout.
    Temporary files left by killed saves of this file are removed on the way.
    """
    target = write_target(path)
    with save_lock(target, timeout):
        remove_stale_temporaries(target, mine_are_stale=True)
        if expect is not ANY:
            found = file_sha256(target)
            if found != expect:
                raise ChangedOnDisk(path, expect if isinstance(expect, str) else None, found)
        atomic_write(target, data)
