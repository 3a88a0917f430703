"""Images of the map: PNG, SVG (true vector, labels as <text>) and PDF, drawn by MapPainter.

The window's File > Export Image, Edit > Copy Image and the headless `argmap render` all come
here, so every output matches what the canvas draws. pyqtgraph's exporters are not used: its
SVGExporter raises on any scene with a ViewBox under current Qt (pyqtgraph issue 3485) and its
exporters only draw what is in view.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPaintDevice, QPainter

from argmap.model.graph import k_hop
from argmap.render import style as S
from argmap.render.image_files import PdfTarget, SvgTarget, png_data, write_image
from argmap.render.legend import legend_size, paint_legend
from argmap.render.painter import MapPainter, PaintState

if TYPE_CHECKING:
    import networkx as nx  # annotations only: `argmap render` draws a LightGraph

    from argmap.render.bands import BandSplit
    from argmap.render.png import Deflated

FORMATS = {".png": "PNG image", ".svg": "SVG vector image", ".pdf": "PDF document"}
SCOPES = ("all", "view", "selection")
MARGIN = 36.0  # world units around the map
MAX_PIXELS = 16_384  # longest side of a PNG: beyond this QImage gets huge and viewers balk
# The default PNG: one pixel per world unit (box text at 12 px, as in the window at 100% zoom and
# in the SVG), at most 6,000 pixels wide (a larger map is scaled down to that width). The seed
# map comes out about 2,500 x 2,500 pixels; at 2 pixels a unit it was 28 megapixels, and filling,
# converting and deflating them took most of `argmap render`'s time on a small map.
DEFAULT_SCALE = 1.0
DEFAULT_MAX_WIDTH = 6000
STRIP_BYTES = 1 << 20  # 32-bit pixels of a PNG converted and deflated at a time (argmap.render.png.StripDeflater)
PDF_MAX_POINTS = 1190.0  # about A3 on its long side: the page of a map that fits on it readably
PDF_TEXT_PT = 6.0  # smallest claim text a PDF may have (the painter draws grey bars below 5.5)
PDF_MAX_PAGE = 14400.0  # 200 inches: the largest page Acrobat and most viewers open


class ExportError(ValueError):
    """The export cannot be made as asked (unknown format, nothing selected, too large)."""


@dataclass
class _Plan:
    painter: MapPainter
    state: PaintState
    world: QRectF
    legend: bool
    kinds: set[str] | None


def _plan(graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]], state: PaintState | None, scope: str,
          view_rect: QRectF | None, legend: bool, depth: int, columns: list | None = None, marks: bool = True) -> _Plan:
    if scope not in SCOPES:
        raise ExportError(f"unknown scope '{scope}' (known: {', '.join(SCOPES)})")
    st = replace(state) if state is not None else PaintState()
    st.hovered = None
    st.rubber_band = None
    mp = MapPainter(graph, positions)
    if scope == "all" and st.visible is None:
        mp.set_columns(columns)  # document lanes only make sense for the whole map
    if scope == "selection":
        if not st.selected or st.selected not in mp.index:
            raise ExportError("nothing is selected: select a node to export it with its neighbours")
        near = k_hop(graph, st.selected, max(depth, 0), st.kinds)
        st.visible = near if st.visible is None else (near & st.visible) | {st.selected}
    if not marks:  # the selection only chose what to show: no ring, no emphasis, nothing dimmed
        st.selected = None
        st.highlighted = set()
    if scope == "view" and view_rect is not None and not view_rect.isEmpty():
        world = QRectF(view_rect)
    else:
        world = mp.bounds(st.visible, margin=MARGIN)
    return _Plan(mp, st, world, legend, st.kinds)


def _legend_height(width_px: float) -> float:
    """Legend band height in device units for an image `width_px` wide."""
    nat_w, nat_h = legend_size()
    scale = min(max(1.0, width_px / 2600.0), width_px / (nat_w + 24))
    return (nat_h + 20) * scale


def _draw(p: QPainter, plan: _Plan, width: float, height: float, transparent: bool,
          rows: tuple[float, float] | None = None, filled: bool = False) -> None:
    """Draw the plan onto a device `width` x `height` (device units), legend band at the bottom.

    `filled`: the device already has the background colour (an image filled at creation), so it
    is not painted over once more.

    `rows` (top, bottom): only that horizontal band of the device will be seen, so only what
    meets it need be drawn (the painter is already translated to it).
    """
    band = _legend_height(width) if plan.legend else 0.0
    map_h = height - band
    if not transparent and not filled:
        p.fillRect(QRectF(0, 0, width, height), QColor(S.BACKGROUND))
    ppu = min(width / plan.world.width(), map_h / plan.world.height())
    top = (map_h - plan.world.height() * ppu) / 2
    view = QRectF(plan.world)
    if rows is not None:  # the band in world units
        view.setTop(max(view.top(), plan.world.top() + (rows[0] - top) / ppu))
        view.setBottom(min(view.bottom(), plan.world.top() + (rows[1] - top) / ppu))
    p.save()
    p.setClipRect(QRectF(0, 0, width, map_h))
    p.translate((width - plan.world.width() * ppu) / 2, top)
    p.scale(ppu, ppu)
    p.translate(-plan.world.left(), -plan.world.top())
    if view.height() > 0:
        plan.painter.paint(p, view, ppu, plan.state)
    p.restore()
    if band:
        nat_w, nat_h = legend_size()
        s = band / (nat_h + 20)
        lw = min(width - 20, nat_w * s)
        paint_legend(p, QRectF((width - lw) / 2, map_h + 10 * s, lw, nat_h * s), plan.kinds)


def _png_size(plan: _Plan, width: int | None, scale: float | None) -> tuple[int, int]:
    w_world, h_world = plan.world.width(), plan.world.height()
    if width is not None:
        if width < 16:
            raise ExportError(f"width {width} is too small (at least 16 pixels)")
        w = int(width)
    else:
        s = scale if scale is not None else min(DEFAULT_SCALE, DEFAULT_MAX_WIDTH / w_world)
        if s <= 0:
            raise ExportError(f"scale {scale} must be positive")
        w = max(16, round(w_world * s))
    if w > MAX_PIXELS:
        raise ExportError(f"an image {w} pixels wide is too large; the limit is {MAX_PIXELS} "
                          "(ask for a smaller width or scale, or export SVG/PDF)")
    map_h = round(h_world * w / w_world)
    # a very tall map keeps the asked width and is fitted, whole, into the tallest image allowed
    h = min(MAX_PIXELS, map_h + round(_legend_height(w) if plan.legend else 0))
    return w, max(h, 16)


def render_image(graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]], *, state: PaintState | None = None,
                 scope: str = "all", view_rect: QRectF | None = None, width: int | None = None, scale: float | None = None,
                 transparent: bool = False, legend: bool = True, depth: int = 1, columns: list | None = None,
                 marks: bool = True) -> QImage:
    """The map as a QImage (for PNG files and Copy Image); `marks` False leaves out selection and emphasis."""
    plan = _plan(graph, positions, state, scope, view_rect, legend, depth, columns, marks)
    w, h = _png_size(plan, width, scale)
    return _paint_rows(plan, w, h, transparent, 0, h)


def _paint_rows(plan: _Plan, w: int, h: int, transparent: bool, top: int, bottom: int) -> QImage:
    """Rows top..bottom of the `w` x `h` image of the plan."""
    # opaque images without an alpha channel: faster to paint and to encode
    img = QImage(w, bottom - top, QImage.Format.Format_ARGB32_Premultiplied if transparent else QImage.Format.Format_RGB32)
    img.fill(Qt.GlobalColor.transparent if transparent else QColor(S.BACKGROUND))  # one pass over the pixels, not two
    p = QPainter(img)
    try:
        p.translate(0, -top)
        _draw(p, plan, w, h, transparent, None if (top, bottom) == (0, h) else (top, bottom), filled=True)
    finally:
        p.end()
    return img


def _opaque_png(plan: _Plan, w: int, h: int, split: BandSplit | None) -> bytes:
    """Deflated on every core (argmap.render.png); with a split, each process draws its band of rows."""
    from argmap.render.png import png_bytes  # here: an SVG or PDF needs neither it nor its thread pool

    if split is None:
        pieces = [_deflated_rows(plan, w, h, 0, h, last=True)]
    else:
        (top, mid), (_, bottom) = split.rows(h)
        if split.is_helper:
            split.send(_deflated_rows(plan, w, h, mid, bottom, last=True))  # exits
        started = time.monotonic()
        upper = _deflated_rows(plan, w, h, top, mid, last=False)
        lower = split.receive(patience=max(30.0, 10 * (time.monotonic() - started)))
        if lower is None:  # the helper failed: draw its band here
            lower = _deflated_rows(plan, w, h, mid, bottom, last=True)
        pieces = [upper, lower]
    return png_bytes(w, h, pieces)


def _deflated_rows(plan: _Plan, w: int, h: int, top: int, bottom: int, *, last: bool) -> Deflated:
    """Rows top..bottom painted, then converted to RGB888 and deflated a strip at a time.

    The rows are painted in one go (painting in strips would blend some antialiased edges in
    another order: the same image to the eye, not to the byte). Qt converts each strip of 32-bit
    rows to RGB888 with SIMD shuffles (five times faster than numpy picking three bytes of every
    four) while a worker deflates the strip before (argmap.render.png.StripDeflater).
    """
    from argmap.render.png import StripDeflater

    img = _paint_rows(plan, w, h, False, top, bottom)
    step = max(16, STRIP_BYTES // (4 * w))
    out = StripDeflater()
    for a in range(0, bottom - top, step):
        rgb = img.copy(0, a, w, min(step, bottom - top - a)).convertToFormat(QImage.Format.Format_RGB888)
        stride = rgb.bytesPerLine()
        rows = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=stride * rgb.height()).reshape(rgb.height(), stride)
        out.add(rows[:, : w * 3].reshape(rgb.height(), w, 3), keep=rgb)
    return out.finish(last=last)


def export_image(path: str | Path, graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]], *,
                 state: PaintState | None = None, scope: str = "all", view_rect: QRectF | None = None,
                 width: int | None = None, scale: float | None = None, transparent: bool = False, legend: bool = True,
                 depth: int = 1, columns: list | None = None, split: BandSplit | None = None, marks: bool = True) -> Path:
    """Write the map to `path`; the format comes from the suffix (.png, .svg, .pdf).

    width: PNG pixels, or SVG/PDF points; scale: PNG pixels per world unit instead of width.
    scope: "all" (the whole map, or the visible part when state.visible is set), "view"
    (view_rect in world units), "selection" (the selected node and its neighbours to `depth`).
    columns: titled document lanes for a by-document layout (argmap.model.document_layout.document_columns).
    split: this process's share of an opaque PNG drawn by two (argmap.render.bands; `argmap render` only).
    marks: draw the selection ring and the emphasis (False: the selection only picks the "selection" scope).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"{path}: unknown image format '{path.suffix}' (use .png, .svg or .pdf)")
    plan = _plan(graph, positions, state, scope, view_rect, legend, depth, columns, marks)
    if suffix == ".png":
        px_w, px_h = _png_size(plan, width, scale)
        try:
            data = (png_data(_paint_rows(plan, px_w, px_h, True, 0, px_h)) if transparent
                    else _opaque_png(plan, px_w, px_h, split))
        except OSError as exc:
            raise ExportError(f"{path}: cannot write the PNG file ({exc})") from exc
        _write(path, data, "the PNG file")
        return path
    w_world, h_world = plan.world.width(), plan.world.height()
    if suffix == ".svg":
        w = float(width) if width else min(max(w_world, 400.0), 4000.0)
        h = h_world * w / w_world + (_legend_height(w) if legend else 0)
        _write_svg(path, plan, w, h, transparent)
    else:
        if width:
            w = float(width)
        elif w_world >= h_world:
            w = min(PDF_MAX_POINTS, max(w_world, 300.0))
        else:  # portrait map: fit the height
            hp = min(PDF_MAX_POINTS, max(h_world, 300.0))
            w = w_world * hp / h_world
        w = _readable_pdf_width(path, w, w_world, h_world, asked=width is not None)
        h = h_world * w / w_world + (_legend_height(w) if legend else 0)
        _write_pdf(path, plan, w, h, transparent)
    return path


def _write_svg(path: Path, plan: _Plan, w: float, h: float, transparent: bool) -> None:
    svg = SvgTarget(round(w), round(h), "argmap", "Argument map drawn by argmap")
    _paint_on(svg.device, plan, round(w), round(h), transparent)
    _write(path, svg.data(), "the SVG file")


def _readable_pdf_width(path: Path, w: float, w_world: float, h_world: float, *, asked: bool) -> float:
    """The page width at which the claims' text is drawn as text (at least PDF_TEXT_PT), not grey bars.

    A wide map gets a larger page (PDF viewers zoom; a page of A3 shrank a 29-claim map's text
    to bars); past what PDF viewers open, or below a width the user asked for, a clear message.
    """
    need = w_world * PDF_TEXT_PT / S.TEXT_SIZE
    if w >= need:
        return w
    if asked:
        raise ExportError(f"{path}: at {w:.0f} points wide the claims' text would be {S.TEXT_SIZE * w / w_world:.1f} pt, "
                          f"too small to read; ask for at least {need:.0f} points, or export SVG or PNG")
    if max(need, h_world * need / w_world) > PDF_MAX_PAGE:
        raise ExportError(f"{path}: the map is too large for a readable PDF page ({need:.0f} x {h_world * need / w_world:.0f} "
                          f"points needed, PDF viewers open at most {PDF_MAX_PAGE:.0f}); export SVG or PNG, or the current "
                          "view or a selection")
    return need


def _write_pdf(path: Path, plan: _Plan, w_pt: float, h_pt: float, transparent: bool) -> None:
    pdf = PdfTarget(w_pt, h_pt, "argmap")
    # draw in points (as the SVG draws in its user units), so the legend gets the same share of the page
    _paint_on(pdf.device, plan, w_pt, h_pt, transparent, device_scale=pdf.device.width() / w_pt)
    _write(path, pdf.data(), "the PDF file")


def _write(path: Path, data: bytes, what: str) -> None:
    try:
        write_image(path, data, what)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write {what} ({exc.strerror or exc})") from exc


def _paint_on(device: QPaintDevice, plan: _Plan, w: float, h: float, transparent: bool, device_scale: float = 1.0) -> None:
    p = QPainter()
    if not p.begin(device):
        raise ExportError("cannot start drawing the image (is the folder writable?)")
    try:
        p.scale(device_scale, device_scale)
        _draw(p, plan, w, h, transparent)
    finally:
        p.end()
