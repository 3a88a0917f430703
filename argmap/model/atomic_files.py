"""Writing a file so that a crash or a kill at any moment leaves the old bytes or the new ones.

`atomic_write` writes a temporary file beside the target, fsyncs it and renames it over the
target. The temporary file's name carries the writing host and process id
(`.annotations.json.myhost-4242.k3j9x_1a.tmp`), so a later save or open can tell the leftovers
of a killed writer (`remove_stale_temporaries`) from a save still in progress.

A target that is a symbolic link is written *through* the link: the file it points to gets the
new bytes and the link stays a link. A dangling or looping link is an error that says so.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from pathlib import Path

from argmap.model import safe_files

STALE_AFTER_S = 15 * 60  # a temporary file this old is left over whoever wrote it: no save takes this long
# os.uname()'s node name is what socket.gethostname() returns, without importing socket; tempfile
# is imported when a file is written: every `argmap` command imports this module, most only read
_NODE = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")  # Windows has no uname
WRITER_HOST = re.sub(r"[^A-Za-z0-9]+", "", _NODE)[:24] or "host"


class BrokenLinkError(OSError):
    """The path is a symbolic link that leads nowhere (dangling) or back to itself (a loop)."""


def broken_link(path: Path) -> str | None:
    """Why `path` is an unusable symbolic link ("is a symbolic link to x, which does not exist"), or None."""
    if not path.is_symlink():
        return None
    try:
        path.resolve(strict=True)
    except FileNotFoundError:
        return f"is a symbolic link to {os.readlink(path)}, which does not exist"
    except RuntimeError:  # Python 3.11 reports a loop as RuntimeError
        return f"is a symbolic link that loops (to {os.readlink(path)}, which leads back to it)"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"is a symbolic link that loops (to {os.readlink(path)}, which leads back to it)"
        return f"is a symbolic link that cannot be followed: {exc.strerror}"
    return None


def write_target(path: Path) -> Path:
    """The file a write to `path` must replace: `path` itself, or the file its symbolic link leads to."""
    problem = broken_link(path)
    if problem is not None:
        raise BrokenLinkError(errno.ELOOP if "loops" in problem else errno.ENOENT, f"{path} {problem}", str(path))
    return path.resolve() if path.is_symlink() else path


def _temporary_prefix(target: Path) -> str:
    return f".{target.name}.{WRITER_HOST}-{os.getpid()}."


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, fsync, then os.replace.

    A crash at any moment leaves either the old file or the new one, complete. A symbolic link
    is followed: its target is replaced, the link itself is kept.
    """
    import tempfile

    target = write_target(path)
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=_temporary_prefix(target), suffix=".tmp")
    except OSError as exc:  # name the file the user asked for, not the temporary one
        raise OSError(exc.errno, f"cannot write in {folder}: {exc.strerror}", str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_folder(folder)


def fsync_folder(folder: Path) -> None:
    """Make a rename or an unlink in `folder` durable (best effort: not every system can)."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a regular file's bytes now; None if there is no file.

    Read as every file argmap is given is read (argmap.model.safe_files): never a FIFO or a
    device, never more than an annotations file may hold.
    """
    try:
        return safe_files.sha256(path, limit=safe_files.MAX_ANNOTATIONS_BYTES, what="annotation files")
    except FileNotFoundError:
        return None
    except safe_files.FileRefused as exc:
        raise OSError(errno.EINVAL, f"{path} {exc}", str(path)) from None


def _temporary_pattern(target: Path) -> re.Pattern[str]:
    # new names: .<name>.<host>-<pid>.<random>.tmp; names written before the pid was added: .<name>.<random>.tmp
    return re.compile(rf"\.{re.escape(target.name)}\.(?:(?P<host>[A-Za-z0-9]+)-(?P<pid>\d+)\.)?[A-Za-z0-9_]+\.tmp")


def _process_is_gone(pid: int) -> bool:
    if os.name != "posix":  # os.kill(pid, 0) sends CTRL_C_EVENT on Windows: rely on age alone there
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # e.g. another user's process: it exists
        return False
    return False


def stale_temporaries(path: Path, *, mine_are_stale: bool = False) -> list[Path]:
    """Temporary files of `path` left by killed writers: the writer's process is gone, or the file is old.

    `mine_are_stale` says the caller holds the save lock, so none of this process's own
    temporary files of `path` can belong to a save in progress.
    """
    try:
        target = write_target(path)
    except OSError:
        return []
    pattern = _temporary_pattern(target)
    now = time.time()
    found: list[Path] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return []
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        stale = now - info.st_mtime > STALE_AFTER_S
        if not stale and match["pid"] is not None and match["host"] == WRITER_HOST:
            pid = int(match["pid"])
            stale = (mine_are_stale and pid == os.getpid()) or (pid != os.getpid() and _process_is_gone(pid))
        if stale:
            found.append(Path(entry.path))
    return found


def remove_stale_temporaries(path: Path, *, mine_are_stale: bool = False) -> int:
    """Delete the temporary files killed saves of `path` left behind; returns how many."""
    removed = 0
    for leftover in stale_temporaries(path, mine_are_stale=mine_are_stale):
        with contextlib.suppress(OSError):  # best effort: a leftover never stops a save
            leftover.unlink()
            removed += 1
    return removed
