"""Image files written as every file argmap writes: drawn into memory, then put in place by the one
atomic writer (argmap.model.atomic_files: a temporary file, fsync, rename).

Qt's writers are pointed at a QBuffer rather than at a temporary file of their own, so a failed or
killed export leaves the old image or the new one and no stray file, and a link is written through.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QImage

from argmap.model.atomic_files import atomic_write

SVG_DPI = 96  # an SVG's user unit is one CSS pixel (1/96 inch); the map is drawn one pixel per world unit


def _buffer() -> QBuffer:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    return buf


def png_data(img: QImage) -> bytes:
    """The image as PNG bytes (Qt's writer: keeps an alpha channel)."""
    buf = _buffer()
    if not img.save(buf, "PNG"):  # type: ignore[call-overload]  # the stubs miss the QIODevice overload
        raise OSError("Qt's PNG writer failed")
    return bytes(buf.data().data())


class SvgTarget:
    """A QSvgGenerator drawing `w` x `h` user units into memory; `data()` after the painter ended."""

    def __init__(self, w: int, h: int, title: str, description: str = "") -> None:
        from PySide6.QtSvg import QSvgGenerator  # here: a PNG or PDF does not load QtSvg

        self.w, self.h, self.buffer = w, h, _buffer()
        self.device = QSvgGenerator()
        self.device.setOutputDevice(self.buffer)
        self.device.setSize(QSize(w, h))
        self.device.setViewBox(QRectF(0, 0, w, h))
        self.device.setResolution(SVG_DPI)
        self.device.setTitle(title)
        if description:
            self.device.setDescription(description)

    def data(self) -> bytes:
        return svg_in_pixels(bytes(self.buffer.data().data()), self.w, self.h)


class PdfTarget:
    """A one-page QPdfWriter of `w_pt` x `h_pt` points drawing into memory; `data()` after the painter ended."""

    def __init__(self, w_pt: float, h_pt: float, title: str, page_name: str = "argmap") -> None:
        from PySide6.QtCore import QMarginsF, QSizeF
        from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter  # here: their enums cost a PNG or SVG start-up

        self.buffer = _buffer()
        self.device = QPdfWriter(self.buffer)
        self.device.setCreator("argmap")
        self.device.setTitle(title)
        self.device.setResolution(300)
        self.device.setPageLayout(QPageLayout(QPageSize(QSizeF(w_pt, h_pt), QPageSize.Unit.Point, page_name),
                                              QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))

    def data(self) -> bytes:
        return bytes(QByteArray(self.buffer.data()).data())


def svg_in_pixels(data: bytes, w: int, h: int) -> bytes:
    """The SVG with its size in CSS pixels (one per user unit, 96 dpi) instead of Qt's millimetres.

    QSvgGenerator writes `width="1004.71mm"` (its size at 72 dpi): viewers then open a map as
    a metre-wide poster. In pixels it opens at the size it was drawn, text at 12 px.
    """
    head, rest = data[:400], data[400:]
    head = re.sub(rb'<svg width="[0-9.]+mm" height="[0-9.]+mm"', f'<svg width="{w}px" height="{h}px"'.encode(), head, count=1)
    return head + rest


def write_image(path: Path, data: bytes, what: str) -> None:
    """Put `data` at `path` atomically; an empty result (Qt could not draw) or a failed write is an
    OSError naming the file and `what` it is ("the SVG file")."""
    if not data:
        raise OSError(f"{path}: cannot write {what}")
    atomic_write(path, data)
