"""A PNG writer for opaque images that deflates on every core.

Qt's PNG writer runs zlib on one core after adaptive filtering: about a second for the
28-megapixel image of a 10,000-claim map, a quarter of `argmap render`. Here the rows get the
Up filter (one numpy subtraction) and slices of them are deflated in parallel threads (the
compressor lets go of the GIL), each slice ending on a flush so the pieces join into one valid
zlib stream, as pigz does.

The deflater is ISA-L's (the `isal` package) where it is installed: at its level 1 it makes
the same size as zlib's level 1 about five times faster (0.09 s against 0.49 s for that image's
85 MB of rows, one core). Without it, the standard library's zlib does the same job slower.
Files come out within a few percent of Qt's size.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from isal import isal_zlib as deflate

SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_SLICE = 1 << 20  # bytes of filtered rows per thread, at least


@dataclass(frozen=True)
class Deflated:
    """Rows of a PNG, Up-filtered and deflated: a piece of the image's one zlib stream."""

    data: bytes
    adler: int  # Adler-32 of the filtered rows
    length: int  # bytes of filtered rows


def encode_png(rgb: np.ndarray, level: int = 1, threads: int | None = None, min_slice: int = MIN_SLICE) -> bytes:
    """The PNG file for an (height, width, 3) uint8 RGB array (any strides: a view of a 32-bit image will do)."""
    piece = deflate_rows(rgb, level=level, threads=threads, min_slice=min_slice)
    return png_bytes(rgb.shape[1], rgb.shape[0], [piece])


def deflate_rows(rgb: np.ndarray, *, last: bool = True, level: int = 1, threads: int | None = None,
                 min_slice: int = MIN_SLICE) -> Deflated:
    """Rows of the image, in slices deflated on parallel threads.

    The first row is stored unfiltered (the row above it may belong to another piece); with
    `last` False the piece ends on a full flush, so another piece can follow it in the stream.
    """
    _check(rgb)
    h, w, _ = rgb.shape
    n = max(1, min(threads or os.cpu_count() or 1, h * w * 3 // min_slice or 1, h))
    cuts = [h * k // n for k in range(n + 1)]

    def filtered(k: int) -> tuple[bytes, np.ndarray]:
        """Rows cuts[k]..cuts[k+1] with the Up filter (numpy and the deflater both let go of the GIL), deflated."""
        a, b = cuts[k], cuts[k + 1]
        raw = np.empty((b - a, w * 3 + 1), dtype=np.uint8)
        raw[:, 0] = 2  # filter type Up: each byte minus the byte above it, modulo 256
        pixels = raw[:, 1:].reshape(b - a, w, 3)
        if a == 0:  # nothing above the first row: no filter
            raw[0, 0] = 0
            pixels[0] = rgb[0]
            np.subtract(rgb[1:b], rgb[: b - 1], out=pixels[1:])
        else:
            np.subtract(rgb[a:b], rgb[a - 1 : b - 1], out=pixels)
        c = deflate.compressobj(level, zlib.DEFLATED, -15)  # raw deflate: the pieces share one zlib header
        out = c.compress(raw)
        return out + c.flush(zlib.Z_FINISH if last and k == n - 1 else zlib.Z_FULL_FLUSH), raw

    if n == 1:
        parts = [filtered(0)]
    else:
        with ThreadPoolExecutor(n) as pool:
            parts = list(pool.map(filtered, range(n)))
    adler = 1
    for _, raw in parts:
        adler = deflate.adler32(raw, adler)
    return Deflated(b"".join(z for z, _ in parts), adler, h * (w * 3 + 1))


class StripDeflater:
    """Deflates an image's rows strip by strip, on one worker thread.

    `argmap render` converts a painted PNG to 24-bit rows a strip (a few megabytes) at a time: the
    worker Up-filters and deflates a strip (numpy and the deflater let go of the GIL) while Qt
    converts the next, and no whole 24-bit copy of the image and of its filtered rows is ever in
    memory (38 MB at the seed map's 6.4 megapixels). Each strip is filtered against the last row
    of the strip before, so the piece is one continuous stream.
    """

    def __init__(self, level: int = 1) -> None:
        self._pool = ThreadPoolExecutor(1)
        self._compressor = deflate.compressobj(level, zlib.DEFLATED, -15)
        self._chunks: list[bytes] = []
        self._pending: list = []
        self._above: np.ndarray | None = None
        self._adler = 1
        self._length = 0

    def add(self, rgb: np.ndarray, keep: object = None) -> None:
        """Queue a strip of rows, the next ones down; `keep` (the rows' owner) is held until they are deflated."""
        _check(rgb)
        if len(self._pending) >= 2:  # at most two strips in flight: memory stays a few strips, whatever the image
            self._pending.pop(0).result()
        above, self._above = self._above, rgb[-1].copy()
        self._pending.append(self._pool.submit(self._deflate, rgb, above, keep))

    def finish(self, *, last: bool = True) -> Deflated:
        """The piece: its stream ends the image (`last`) or is flushed so another piece can follow."""
        try:
            for future in self._pending:
                future.result()
        finally:
            self._pool.shutdown()
        self._chunks.append(self._compressor.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH))
        return Deflated(b"".join(self._chunks), self._adler, self._length)

    def _deflate(self, rgb: np.ndarray, above: np.ndarray | None, keep: object) -> None:
        h, w, _ = rgb.shape
        raw = np.empty((h, w * 3 + 1), dtype=np.uint8)
        raw[:, 0] = 2  # filter type Up
        pixels = raw[:, 1:].reshape(h, w, 3)
        if above is None:  # the piece's first row: nothing above it here
            raw[0, 0] = 0
            pixels[0] = rgb[0]
        else:
            np.subtract(rgb[0], above, out=pixels[0])
        np.subtract(rgb[1:], rgb[:-1], out=pixels[1:])
        self._chunks.append(self._compressor.compress(raw))
        self._adler = deflate.adler32(raw, self._adler)
        self._length += raw.size


def png_bytes(width: int, height: int, pieces: Sequence[Deflated]) -> bytes:
    """The PNG file from pieces covering the rows top to bottom (only the last may end the stream)."""
    adler = 1
    for piece in pieces:
        adler = adler32_combine(adler, piece.adler, piece.length)
    header = bytes((0x78, 0x01))  # deflate, 32 KB window, fastest level; a multiple of 31 as zlib requires
    stream = header + b"".join(p.data for p in pieces) + struct.pack(">I", adler)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", stream) + _chunk(b"IEND", b"")


def adler32_combine(adler1: int, adler2: int, length2: int) -> int:
    """Adler-32 of A + B from those of A and of B (length2 bytes long), as zlib's adler32_combine."""
    base = 65521
    rem = length2 % base
    sum1 = adler1 & 0xFFFF
    sum2 = rem * sum1 % base
    sum1 = (sum1 + (adler2 & 0xFFFF) + base - 1) % base
    sum2 = (sum2 + (adler1 >> 16) + (adler2 >> 16) + base - rem) % base
    return sum1 | sum2 << 16


def _check(rgb: np.ndarray) -> None:
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ValueError("encode_png wants a (height, width, 3) uint8 array")


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(body, zlib.crc32(kind)))
