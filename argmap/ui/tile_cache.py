"""Tiles of the map's base layer, so that panning copies pixels instead of redrawing the map.

The base layer (lanes, edges, boxes, text) changes only when the graph, the positions or the
filters do. The canvas draws it from square tiles rendered at the current zoom and draws the
overlay (emphasis, selection, gestures) live on top, so a click or a hover costs the overlay
alone. A pan renders only the tiles it uncovers, batched into a few rectangles.

While the zoom is changing, the tiles of the last zoom that was drawn are shown scaled, and
crisp tiles are rendered once the zoom has rested for `settle_ms`: a wheel notch never waits
for a full redraw of a large map. This is the technique of web maps (Leaflet, OpenLayers).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QLineF, QObject, QPointF, QRect, QRectF, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QTransform

TILE = 256  # logical pixels
Tile = tuple[int, int]
RenderFn = Callable[[QPainter, QRectF, float], None]  # painter (world -> pixels), world rect, pixels per unit


def _crosses(x0: float, y0: float, x1: float, y1: float, left: float, top: float, right: float,
             bottom: float) -> bool:
    """Whether the segment (x0, y0)-(x1, y1) meets the closed rectangle (Liang-Barsky clipping)."""
    t_in, t_out = 0.0, 1.0
    for p, d, lo, hi in ((x0, x1 - x0, left, right), (y0, y1 - y0, top, bottom)):
        if d == 0:
            if p < lo or p > hi:
                return False
            continue
        ta, tb = (lo - p) / d, (hi - p) / d
        t_in, t_out = max(t_in, min(ta, tb)), min(t_out, max(ta, tb))
        if t_in > t_out:
            return False
    return True


@dataclass
class _Level:
    """The tiles rendered at one zoom. Tile (i, j) covers scaled-world pixels [i*TILE, (i+1)*TILE)."""

    sx: float
    sy: float
    dpr: float
    tiles: dict[Tile, QImage] = field(default_factory=dict)

    def matches(self, sx: float, sy: float, dpr: float) -> bool:
        return math.isclose(self.sx, sx, rel_tol=1e-9) and math.isclose(self.sy, sy, rel_tol=1e-9) and self.dpr == dpr


class TileCache:
    """Draws the base layer for a device rectangle from cached tiles, rendering what is missing."""

    def __init__(self, render: RenderFn, background: QColor, on_settle: Callable[[], None],
                 settle_ms: int = 120, max_tiles: int = 240, parent: QObject | None = None) -> None:
        self._render_fn = render
        self._background = QColor(background)
        self._settle_s = settle_ms / 1000
        self.max_tiles = max_tiles
        self._level: _Level | None = None
        self._fallback: _Level | None = None  # the last zoom that has tiles, shown scaled while zooming
        self._zoom_changed_at = -math.inf
        self._crisp_next = False
        self._timer = QTimer(parent)  # parented: it dies with the view it repaints
        self._timer.setSingleShot(True)
        self._timer.setInterval(settle_ms + 10)
        self._timer.timeout.connect(on_settle)
        self.rendered_tiles = 0  # counters for tests and benchmarks
        self.scaled_frames = 0

    def invalidate(self) -> None:
        """The base layer changed: every tile is stale."""
        self._level = None
        self._fallback = None

    def invalidate_world(self, rects: Iterable[QRectF | QLineF], pad_px: float = 24.0) -> None:
        """Only these world rectangles or straight links changed (an edit): drop the tiles over them.

        `pad_px` covers what is drawn beyond a box or a line (arrowheads, borders, halos). A line
        drops only the tiles it passes through, not every tile of its bounding box: a long
        diagonal link across the view was redrawing most of it (issue 14). The caller
        invalidates everything instead where far-away drawing depends on the edit (the
        overview's labels, placed over the whole map).
        """
        rects = list(rects)
        self._fallback = None  # shown only for a moment while zooming: not worth keeping right
        level = self._level
        if level is not None:
            for r in rects:
                if isinstance(r, QLineF):
                    self._drop_along(level, r, pad_px)
                    continue
                i0 = math.floor((r.left() * level.sx - pad_px) / TILE)
                i1 = math.floor((r.right() * level.sx + pad_px) / TILE)
                j0 = math.floor((r.top() * level.sy - pad_px) / TILE)
                j1 = math.floor((r.bottom() * level.sy + pad_px) / TILE)
                if (i1 - i0 + 1) * (j1 - j0 + 1) > len(level.tiles):  # a long link: look at the tiles kept instead
                    for i, j in [k for k in level.tiles if i0 <= k[0] <= i1 and j0 <= k[1] <= j1]:
                        del level.tiles[(i, j)]
                    continue
                for i in range(i0, i1 + 1):
                    for j in range(j0, j1 + 1):
                        level.tiles.pop((i, j), None)

    @staticmethod
    def _drop_along(level: _Level, line: QLineF, pad_px: float) -> None:
        """Drop the tiles whose rectangle, grown by `pad_px`, the line (world units) passes through."""
        x0, y0, x1, y1 = line.x1() * level.sx, line.y1() * level.sy, line.x2() * level.sx, line.y2() * level.sy
        i0, i1 = math.floor((min(x0, x1) - pad_px) / TILE), math.floor((max(x0, x1) + pad_px) / TILE)
        j0, j1 = math.floor((min(y0, y1) - pad_px) / TILE), math.floor((max(y0, y1) + pad_px) / TILE)
        if (i1 - i0 + 1) * (j1 - j0 + 1) > len(level.tiles):
            keys = [k for k in level.tiles if i0 <= k[0] <= i1 and j0 <= k[1] <= j1]
        else:
            keys = [(i, j) for i in range(i0, i1 + 1) for j in range(j0, j1 + 1)]
        for i, j in keys:
            if _crosses(x0, y0, x1, y1, i * TILE - pad_px, j * TILE - pad_px, (i + 1) * TILE + pad_px,
                        (j + 1) * TILE + pad_px):
                level.tiles.pop((i, j), None)

    def finish_zoom(self) -> None:
        """Render crisp tiles at the next paint, as when the zoom has rested."""
        self._timer.stop()
        self._crisp_next = True

    def settling(self) -> bool:
        """True while a zoom is shown from scaled tiles and the crisp ones are still to come."""
        return self._timer.isActive()

    @staticmethod
    def can_tile(t: QTransform) -> bool:
        return t.type().value <= QTransform.TransformationType.TxScale.value and t.m11() > 0 and t.m22() > 0

    def draw(self, p: QPainter, device: QRect, dpr: float = 1.0) -> None:
        """Draw the base layer over `device` (logical pixels) at the painter's world transform.

        The painter must satisfy `can_tile`. Tiles sit on whole pixels; the caller should draw
        its overlay with `snapped(p.worldTransform())` so both layers line up exactly.
        """
        t = p.worldTransform()
        sx, sy = t.m11(), t.m22()
        ox, oy = round(t.dx()), round(t.dy())
        level = self._use_level(sx, sy, dpr)
        wanted = list(_tiles_over(device, ox, oy))
        missing = [k for k in wanted if k not in level.tiles]
        zooming = time.monotonic() - self._zoom_changed_at < self._settle_s and not self._crisp_next
        self._crisp_next = False
        p.save()
        p.resetTransform()
        try:
            if missing and zooming and self._fallback is not None:
                self._draw_scaled(p, self._fallback, level, ox, oy, device)
                self.scaled_frames += 1
                self._timer.start()
            elif missing:
                self._render(level, missing)
            for i, j in wanted:
                img = level.tiles.get((i, j))
                if img is not None:
                    p.drawImage(QPointF(i * TILE + ox, j * TILE + oy), img)
        finally:
            p.restore()
        self._trim(level, wanted)

    # --- levels --------------------------------------------------------------------------------

    def _use_level(self, sx: float, sy: float, dpr: float) -> _Level:
        cur = self._level
        if cur is not None and cur.matches(sx, sy, dpr):
            return cur
        if self._fallback is not None and self._fallback.matches(sx, sy, dpr):  # back to the zoom we had
            self._level, self._fallback = self._fallback, cur if cur is not None and cur.tiles else None
            return self._level
        if cur is not None and cur.tiles:
            self._fallback = cur
        if cur is not None:  # a zoom, not the first paint
            self._zoom_changed_at = time.monotonic()
        self._level = _Level(sx, sy, dpr)
        return self._level

    def _draw_scaled(self, p: QPainter, old: _Level, new: _Level, ox: int, oy: int, device: QRect) -> None:
        """The old zoom's tiles stretched to where they belong now (fast, unsmoothed)."""
        p.fillRect(device, self._background)
        kx, ky = new.sx / old.sx, new.sy / old.sy
        for (i, j), img in old.tiles.items():
            r = QRectF(i * TILE * kx + ox, j * TILE * ky + oy, TILE * kx, TILE * ky)
            if r.intersects(QRectF(device)):
                p.drawImage(r, img)

    # --- rendering -----------------------------------------------------------------------------

    def _render(self, level: _Level, missing: Iterable[Tile]) -> None:
        """Render the missing tiles, a few rectangles of them at a time (one map paint each)."""
        for i0, j0, i1, j1 in _batches(missing):
            cols, rows = i1 - i0 + 1, j1 - j0 + 1
            img = QImage(round(cols * TILE * level.dpr), round(rows * TILE * level.dpr), QImage.Format.Format_RGB32)
            img.setDevicePixelRatio(level.dpr)
            img.fill(self._background)
            painter = QPainter(img)
            try:
                painter.translate(-i0 * TILE, -j0 * TILE)
                painter.scale(level.sx, level.sy)
                world = QRectF(i0 * TILE / level.sx, j0 * TILE / level.sy, cols * TILE / level.sx, rows * TILE / level.sy)
                self._render_fn(painter, world, level.sx)
            finally:
                painter.end()
            side = round(TILE * level.dpr)
            for i in range(i0, i1 + 1):
                for j in range(j0, j1 + 1):
                    tile = img.copy((i - i0) * side, (j - j0) * side, side, side)
                    tile.setDevicePixelRatio(level.dpr)
                    level.tiles[(i, j)] = tile
                    self.rendered_tiles += 1

    def _trim(self, level: _Level, wanted: list[Tile]) -> None:
        """Keep memory bounded: drop the tiles farthest from the view."""
        for lv in (level, self._fallback):
            if lv is None or len(lv.tiles) <= self.max_tiles or not wanted:
                continue
            ci = sum(i for i, _ in wanted) / len(wanted) * lv.sx / level.sx
            cj = sum(j for _, j in wanted) / len(wanted) * lv.sy / level.sy
            by_distance = sorted(lv.tiles, key=lambda k: (k[0] - ci) ** 2 + (k[1] - cj) ** 2)
            for k in by_distance[self.max_tiles:]:
                del lv.tiles[k]


def _tiles_over(device: QRect, ox: int, oy: int) -> Iterable[Tile]:
    """The tiles meeting `device` when tile (0, 0) starts at device pixel (ox, oy)."""
    i0 = math.floor((device.left() - ox) / TILE)
    i1 = math.floor((device.left() + device.width() - 1 - ox) / TILE)
    j0 = math.floor((device.top() - oy) / TILE)
    j1 = math.floor((device.top() + device.height() - 1 - oy) / TILE)
    return ((i, j) for j in range(j0, j1 + 1) for i in range(i0, i1 + 1))


def _batches(tiles: Iterable[Tile]) -> list[tuple[int, int, int, int]]:
    """Cover `tiles` with few rectangles (i0, j0, i1, j1) and no extra tile.

    Runs along each row, then runs with the same span in consecutive rows merge: the strip a pan
    uncovers is one rectangle, an L-shaped one two.
    """
    rows: dict[int, list[int]] = {}
    for i, j in tiles:
        rows.setdefault(j, []).append(i)
    open_runs: dict[tuple[int, int], list[int]] = {}  # (i0, i1) -> [j0, j1] still growing
    done: list[tuple[int, int, int, int]] = []
    for j in sorted(rows):
        runs = []
        xs = sorted(rows[j])
        start = prev = xs[0]
        for x in xs[1:]:
            if x != prev + 1:
                runs.append((start, prev))
                start = x
            prev = x
        runs.append((start, prev))
        grown = {}
        for span in runs:
            r = open_runs.pop(span, None)
            if r is not None and r[1] == j - 1:
                r[1] = j
                grown[span] = r
            else:
                if r is not None:
                    done.append((span[0], r[0], span[1], r[1]))
                grown[span] = [j, j]
        for span, r in open_runs.items():
            done.append((span[0], r[0], span[1], r[1]))
        open_runs = grown
    for span, r in open_runs.items():
        done.append((span[0], r[0], span[1], r[1]))
    return done


def snapped(t: QTransform) -> QTransform:
    """`t` with its translation on whole pixels, as the tiles are drawn."""
    return QTransform(t.m11(), 0, 0, t.m22(), round(t.dx()), round(t.dy()))
