"""Thin edges of a dense map rasterised with numpy instead of Qt's line stroker.

When the whole of a large map is in view, its 30,000-150,000 edges are strokes about one pixel
wide (argmap.render.edges draws them solid and without antialiasing there: the window's
draft mode). Qt's raster engine blends such a line a pixel at a time through a function call
(about 130 ns a pixel here), so the edges were most of a crisp redraw of the whole map (183 ms
at 10,000 claims, 722 ms at 50,000). Here every line is walked one pixel per step along its
longer axis (a DDA, as Qt's own aliased lines), the hits of each kind are counted per pixel, and
the kinds are composited in their drawing order: c hits of colour C at opacity a over D give
C(1 - (1 - a)^c) + D(1 - a)^c, which is what blending the c strokes one after another gives.
The result is one premultiplied image drawn over the tiles. Exports never come here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QTransform

MAX_PEN_PX = 1.5  # wider strokes are left to Qt (they are not one-pixel lines)
CHUNK = 1 << 18  # pixel samples generated at a time: small enough for the CPU's cache (fastest here)
FIX = 65536.0  # fixed-point scale of sample coordinates


@dataclass
class LineLayer:
    """One kind of edge: segment ends in world units and its colour (with its opacity)."""

    x0: np.ndarray
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    colour: QColor


def can_splat(p: QPainter, pen_world_width: float) -> bool:
    """True when the painter paints an image with a scale-and-translate transform and the pen is a hairline."""
    t = p.deviceTransform()
    if not isinstance(p.device(), QImage) or t.type().value > QTransform.TransformationType.TxScale.value:
        return False
    return t.m11() > 0 and t.m22() > 0 and pen_world_width * max(t.m11(), t.m22()) <= MAX_PEN_PX


def splat_lines(p: QPainter, layers: Sequence[LineLayer], clip: QRectF) -> None:
    """Draw the layers' segments, in order, as one-pixel aliased lines over what `p` has painted."""
    device = p.device()
    w, h = device.width(), device.height()
    t = p.deviceTransform()
    sx, sy, ox, oy = t.m11(), t.m22(), t.dx(), t.dy()
    # the clip rectangle (world units) met with the device, in device pixels
    left, top = max(0.0, clip.left() * sx + ox), max(0.0, clip.top() * sy + oy)
    right, bottom = min(w - 1e-6, clip.right() * sx + ox), min(h - 1e-6, clip.bottom() * sy + oy)
    if right <= left or bottom <= top:
        return
    box = QRectF(left, top, right - left, bottom - top)
    p.save()
    p.resetTransform()
    try:
        for layer in layers:
            counts = _hits(layer, sx, sy, ox, oy, box, w, h)
            if counts is None:
                continue
            # c hits blend to C(1 - (1 - a)^c): one premultiplied pixel value per hit count
            c = layer.colour
            cov = 1.0 - (1.0 - c.alphaF()) ** np.arange(256)
            q = [np.round(cov * 255 * v).astype(np.uint32) for v in (c.blueF(), c.greenF(), c.redF(), 1.0)]
            lut = q[0] | q[1] << 8 | q[2] << 16 | q[3] << 24
            pixels = np.take(lut, counts, mode="clip")  # counts past 255 look as 255 do (one pass, not two)
            img = QImage(pixels.data, w, h, 4 * w, QImage.Format.Format_ARGB32_Premultiplied)
            img.setDevicePixelRatio(device.devicePixelRatio())
            p.drawImage(QPointF(0, 0), img)
            del img  # it reads `pixels`' memory: gone before the array is
    finally:
        p.restore()


def _hits(layer: LineLayer, sx: float, sy: float, ox: float, oy: float, box: QRectF, w: int, h: int) -> np.ndarray | None:
    """How many of the layer's lines pass each pixel (flat, y * w + x), or None when none is in the box.

    Each line gets one sample per pixel along its longer axis; the samples' coordinates come
    from one running sum of fixed-point steps (a jump to the next line's start, then its slope),
    so a sample costs a few integer array passes, not a dozen. The lines are taken top to
    bottom in chunks of about CHUNK samples, so each chunk's samples fall in a band of rows:
    counted into that band alone, they stay in the CPU's cache (2.7x faster than counting
    each chunk over the whole image).
    """
    x0, y0, x1, y1 = clip_segments(layer.x0 * sx + ox, layer.y0 * sy + oy, layer.x1 * sx + ox, layer.y1 * sy + oy, box)
    if not len(x0):
        return None
    top, bottom = np.minimum(y0, y1), np.maximum(y0, y1)
    order = np.argsort(top, kind="stable")
    x0, y0, top, bottom = x0[order], y0[order], top[order], bottom[order]
    dx, dy = x1[order] - x0, y1[order] - y0
    steps = np.floor(np.maximum(np.abs(dx), np.abs(dy))).astype(np.int64) + 1  # pixels along the longer axis
    counts = np.zeros(w * h, dtype=np.int32)  # half the memory of bincount's int64 (a 50,000-claim window was 889 MB)
    # the running sums fit 32 bits while coordinates are under 32,768 pixels (half the passes' memory traffic)
    run_type = np.int32 if max(w, h) < 1 << 15 else np.int64
    ends = np.cumsum(steps)
    start = 0
    while start < len(steps):  # a chunk of whole lines, about CHUNK samples
        base = int(ends[start - 1]) if start else 0
        stop = max(start + 1, int(np.searchsorted(ends, base + CHUNK, side="right")))
        n = steps[start:stop]
        first = ends[start:stop] - n - base  # where each line's samples begin in the chunk
        row0 = max(0, int(top[start]) - 1)  # the chunk's band of rows (one spare each side for rounding)
        size = (min(h - 1, int(bottom[start:stop].max()) + 1) - row0 + 1) * w
        runs = []
        for a, d in ((x0[start:stop], dx[start:stop]), (y0[start:stop] - row0, dy[start:stop])):
            # in fixed point (1/65536 pixel): the running sum is exact and jumps land exactly on each start
            a_fix = np.floor(a * FIX).astype(np.int64)
            inc = np.round(d * FIX / np.maximum(n - 1, 1)).astype(np.int64)
            run = np.repeat(inc.astype(run_type), n)
            prev_end = np.concatenate(([0], (a_fix + inc * (n - 1))[:-1]))  # the last sample of the line before
            run[first] = a_fix - prev_end
            np.cumsum(run, out=run)
            run >>= 16
            runs.append(run)
        idx = runs[1].astype(np.intp)
        idx *= w
        idx += runs[0]
        np.clip(idx, 0, size - 1, out=idx)  # rounding of the last step can reach past the edge
        band = counts[row0 * w:row0 * w + size]
        np.add(band, np.bincount(idx, minlength=size), out=band, casting="unsafe")
        start = stop
    return counts


def clip_segments(x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray, rect: QRectF, period: float = 0.0
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Liang-Barsky clip of segments to `rect`, vectorised; drops segments wholly outside.

    With `period` > 0 the new start is moved back to a whole number of dash periods from the
    original start, so a dashed line keeps its pattern in place while the view pans.
    """
    dx, dy = x1 - x0, y1 - y0
    t0 = np.zeros(len(x0))
    t1 = np.ones(len(x0))
    keep = np.ones(len(x0), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for pk, qk in ((-dx, x0 - rect.left()), (dx, rect.right() - x0), (-dy, y0 - rect.top()), (dy, rect.bottom() - y0)):
            par = pk == 0
            keep &= ~(par & (qk < 0))
            r = np.where(par, 0.0, qk / np.where(par, 1.0, pk))
            t0 = np.where(~par & (pk < 0), np.maximum(t0, r), t0)
            t1 = np.where(~par & (pk > 0), np.minimum(t1, r), t1)
    keep &= t0 <= t1
    if period > 0:
        length = np.hypot(dx, dy)
        t0 = np.where(length > 0, np.floor(t0 * length / period) * period / np.maximum(length, 1e-12), 0.0)
    t0, t1, dx, dy, x0, y0 = t0[keep], t1[keep], dx[keep], dy[keep], x0[keep], y0[keep]
    return x0 + dx * t0, y0 + dy * t0, x0 + dx * t1, y0 + dy * t1
