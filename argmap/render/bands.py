"""`argmap render` paints a large PNG in two processes: each draws and deflates half of the rows.

Qt's painter keeps Python's GIL while it rasterises, so threads cannot share the drawing of
30,000 antialiased edges; processes can. The command forks before Qt's application object
exists (nothing Qt has started a thread yet); both processes then run the same code, and the
export draws only its own band of rows (argmap.render.export). The helper sends its deflated
rows back through a pipe and exits; the parent joins the pieces into one PNG
(argmap.render.png). If the helper fails or hangs, the parent draws that band itself: the
file is the same, only slower. The window never forks (its Qt is running); it draws in one go.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import struct
import sys
import time
import warnings
from dataclasses import dataclass

from argmap.render.png import Deflated

MIN_NODES = 2_000  # smaller maps draw in a fraction of a second: a second process would only add its start-up
_HEADER = struct.Struct("<QIQ")  # deflated bytes, Adler-32, filtered length


@dataclass
class BandSplit:
    """Which band of rows this process draws (0: the parent, the top; 1: the helper, the bottom)."""

    index: int
    fd: int  # the pipe: read end in the parent, write end in the helper
    pid: int = 0  # the helper's process id, in the parent

    @property
    def is_helper(self) -> bool:
        return self.index == 1

    @staticmethod
    def rows(height: int) -> list[tuple[int, int]]:
        """The bands' (top, bottom) rows: the top half and the bottom half."""
        mid = height // 2
        return [(0, mid), (mid, height)]

    def send(self, piece: Deflated) -> None:
        """The helper's last act: hand its rows to the parent and exit."""
        try:
            with os.fdopen(self.fd, "wb") as pipe:
                pipe.write(_HEADER.pack(len(piece.data), piece.adler, piece.length))
                pipe.write(piece.data)
        finally:
            os._exit(0)

    def receive(self, patience: float) -> Deflated | None:
        """The helper's rows, or None when it failed or gave nothing within `patience` seconds."""
        chunks: list[bytes] = []
        deadline = time.monotonic() + patience
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                    return None  # hung: it is killed below
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            self.close()
        data = b"".join(chunks)
        if len(data) < _HEADER.size:
            return None
        size, adler, length = _HEADER.unpack_from(data)
        body = data[_HEADER.size:]
        return Deflated(body, adler, length) if len(body) == size else None

    def close(self) -> None:
        """In the parent: let the helper go (done by now, or hung: either way it must not linger)."""
        if self.is_helper or self.fd < 0:
            return
        os.close(self.fd)
        self.fd = -1
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def fork_bands() -> BandSplit | None:
    """Fork a helper (before any QGuiApplication exists); None where that is not possible or useful."""
    from PySide6.QtCore import QCoreApplication

    # Linux only: macOS forbids using its system frameworks in a forked child, and Windows has no fork
    if not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2 or QCoreApplication.instance() is not None:
        return None  # or Qt is already running: its threads and state do not survive a fork
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    with warnings.catch_warnings():  # Python 3.12+ warns about forking beside numpy's idle BLAS threads
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        os.close(read_end)
        devnull = os.open(os.devnull, os.O_WRONLY)  # the parent reports; the helper says nothing
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        return BandSplit(1, write_end)
    os.close(write_end)
    return BandSplit(0, read_end, pid)
