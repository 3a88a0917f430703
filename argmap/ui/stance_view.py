"""How the stance matrix looks, on screen and in an exported image: marks, colours, rotated headers.

Kept apart from the panel so the table view and the image painter cannot drift: both take
their marks, colours and side strips from here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPaintDevice, QPainter, QPen
from PySide6.QtWidgets import QHeaderView, QWidget

from argmap.analysis.report import LEGEND
from argmap.analysis.stances import StanceMatrix, symbol
from argmap.render import style as S
from argmap.render.image_files import PdfTarget, SvgTarget, png_data, write_image

ASSERT_COLOUR = S.BLUE
DENY_COLOUR = S.PURPLE
BOTH_COLOUR = S.ORANGE
SIDE_COLOURS = (S.ORANGE, S.SKY, S.GREEN, S.VERMILION, S.BLUE, S.PURPLE, S.YELLOW)
HEADER_MAX = 150  # px: rotated column titles are elided past this
CLAIM_MIN = 260  # px: the claim column's least width; the columns beyond it scroll
COLUMN_WIDTH = 30


def mark_colour(mark: str) -> str:
    if mark.startswith("±"):
        return BOTH_COLOUR
    return DENY_COLOUR if mark.startswith("−") else ASSERT_COLOUR


def side_colours(side_names: list[str]) -> dict[str, str]:
    """Side name -> its colour, by the side's place in the corpus's list (stable as columns change)."""
    return {name: SIDE_COLOURS[i % len(SIDE_COLOURS)] for i, name in enumerate(side_names)}


def column_side(m: StanceMatrix, col: int) -> str | None:
    c = m.columns[col]
    return c.side if m.by == "actors" else (c.id if m.by == "sides" else None)


class RotatedHeader(QHeaderView):
    """Column titles written upwards, so twenty actors fit across; the first (claim) column stays flat.

    A coloured strip under a title tells its side.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.setSectionsClickable(True)
        self.colours: dict[int, str] = {}  # section -> side colour
        self.max_height = HEADER_MAX  # lowered on a small panel, so the rows keep the room
        self._height = 40

    def measure(self) -> None:
        """Fit the height to the longest title (up to HEADER_MAX); once per new model, not per section."""
        fm = QFontMetrics(self.font())
        model = self.model()
        widest = 40
        if model is not None:
            for i in range(1, model.columnCount()):
                text = str(model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
                widest = max(widest, fm.horizontalAdvance(text) + 18)
        self._height = min(widest, self.max_height)
        self.setFixedHeight(self._height)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(super().sizeHint().width(), self._height)

    def paintSection(self, painter: QPainter, rect: QRect, index: int) -> None:  # noqa: N802
        if index == 0 or self.model() is None:
            super().paintSection(painter, rect, index)
            return
        painter.save()
        painter.fillRect(rect, self.palette().button())
        painter.setPen(QPen(self.palette().mid().color()))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        colour = self.colours.get(index)
        if colour:
            painter.fillRect(QRect(rect.left() + 1, rect.bottom() - 4, rect.width() - 1, 5), QColor(colour))
        text = str(self.model().headerData(index, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        fm = QFontMetrics(self.font())
        text = fm.elidedText(text, Qt.TextElideMode.ElideRight, rect.height() - 14)
        painter.translate(rect.left() + rect.width() / 2 + fm.ascent() / 2 - 2, rect.bottom() - 8)
        painter.rotate(-90)
        painter.setPen(self.palette().buttonText().color())
        painter.drawText(QPointF(0, 0), text)
        painter.restore()

    def sectionSizeFromContents(self, logical: int) -> QSize:  # noqa: N802
        if logical == 0:
            return super().sectionSizeFromContents(logical)
        return QSize(COLUMN_WIDTH, self._height)


SVG_TEXT_ROOM = 0.8  # Qt's own SVG renderer drew our texts about 12% wider than we measured them
PDF_MAX_PAGE_POINTS = 14_400.0  # 200 inches: the largest page PDF viewers accept
MAX_IMAGE_PIXELS = 100_000_000
MAX_IMAGE_SIDE = 32_000


def matrix_image_size(m: StanceMatrix, title: bool = True) -> tuple[int, int]:
    fm = QFontMetrics(S.font(13))
    head_h = min(max((fm.horizontalAdvance(c.label) for c in m.columns), default=40) + 24, 240)
    width = max(24 + 460 + COLUMN_WIDTH * len(m.columns) + 24, 480)
    return width, (34 if title else 8) + head_h + 24 * max(len(m.rows), 1) + 34


def paint_matrix(m: StanceMatrix, side_names: list[str], title: str = "") -> QImage:
    """The whole matrix (every row, not only what the panel shows) as an image for reports.

    Raises ValueError when it would be too large for an image (then SVG, PDF or CSV is the way).
    """
    w, h = matrix_image_size(m, bool(title))
    if w * h > MAX_IMAGE_PIXELS or max(w, h) > MAX_IMAGE_SIDE:
        raise ValueError(f"the matrix is too large for a PNG image ({len(m.rows):,} rows × {len(m.columns):,} columns, "
                         f"{w:,} × {h:,} pixels); tick “Contested only”, or export SVG, PDF or CSV")
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor(S.BACKGROUND))
    p = QPainter(img)
    try:
        draw_matrix(p, m, side_names, title)
    finally:
        p.end()
    return img


def write_matrix(path: Path, m: StanceMatrix, side_names: list[str], title: str = "") -> None:
    """Write the matrix as PNG, SVG (vector, text selectable) or PDF (one page), chosen by the suffix.

    Drawn in memory and put in place by the atomic writer, so a failed export leaves no half file.
    Raises ValueError for an unknown suffix or a matrix too large for a PNG, OSError when writing fails.
    """
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg", ".pdf"):
        raise ValueError(f"{path.name}: unknown image format '{path.suffix}' (use .png, .svg or .pdf)")
    w, h = matrix_image_size(m, bool(title))
    name = title or "Stance matrix"
    if suffix == ".png":
        data = png_data(paint_matrix(m, side_names, title))
    elif suffix == ".svg":
        svg = SvgTarget(w, h, name)
        _draw_on(svg.device, m, side_names, title, w, h, room=SVG_TEXT_ROOM)
        data = svg.data()
    else:
        fit = min(1.0, PDF_MAX_PAGE_POINTS / max(w, h))  # a PDF page is at most 200 inches
        pdf = PdfTarget(w * fit, h * fit, name, "matrix")
        _draw_on(pdf.device, m, side_names, title, w, h, scale=pdf.device.width() / w)
        data = pdf.data()
    write_image(path, data, f"the {suffix[1:].upper()} file")


def _draw_on(device: QPaintDevice, m: StanceMatrix, side_names: list[str], title: str, w: int, h: int,
             scale: float = 1.0, room: float = 1.0) -> None:
    p = QPainter()
    if not p.begin(device):
        raise OSError("cannot start drawing the image (is the folder writable?)")
    try:
        p.scale(scale, scale)
        p.fillRect(QRectF(0, 0, w, h), QColor(S.BACKGROUND))
        draw_matrix(p, m, side_names, title, room=room)
    finally:
        p.end()


def draw_matrix(p: QPainter, m: StanceMatrix, side_names: list[str], title: str = "", *, room: float = 1.0) -> None:
    """Paint the matrix at (0, 0) in `matrix_image_size` units on any device: one drawing for PNG, SVG and PDF.

    `room` is the share of the text column that claim texts are elided to: an SVG is drawn with
    the viewer's fonts, often wider than ours, and QSvgGenerator writes no clipping, so it gets less.
    """
    font = S.font(13)
    bold = S.font(13, bold=True)
    fm, bold_fm = QFontMetrics(font), QFontMetrics(bold)
    text_w = 460
    room = int((text_w - 16) * room)
    row_h = 24
    labels = [c.label for c in m.columns]
    head_h = min(max((fm.horizontalAdvance(t) for t in labels), default=40) + 24, 240)
    title_h = 34 if title else 8
    legend_h = 34
    width = 24 + text_w + COLUMN_WIDTH * len(m.columns) + 24
    height = title_h + head_h + row_h * max(len(m.rows), 1) + legend_h
    width = max(width, 480)
    colours = side_colours(side_names)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    x0, y0 = 24, title_h + head_h
    if title:
        p.setFont(bold)
        p.setPen(QColor("#1B1F23"))
        p.drawText(QRectF(24, 6, width - 48, 24), Qt.AlignmentFlag.AlignVCenter, title)
    p.setFont(font)
    for j, label in enumerate(labels):
        cx = x0 + text_w + j * COLUMN_WIDTH
        side = column_side(m, j)
        if side in colours:
            p.fillRect(QRectF(cx + 1, y0 - 6, COLUMN_WIDTH - 2, 5), QColor(colours[side]))
        p.save()
        p.translate(cx + COLUMN_WIDTH / 2 + fm.ascent() / 2 - 2, y0 - 10)
        p.rotate(-90)
        p.setPen(QColor("#1B1F23"))
        p.drawText(QPointF(0, 0), fm.elidedText(label, Qt.TextElideMode.ElideRight, head_h - 16))
        p.restore()
    for i, row in enumerate(m.rows):
        y = y0 + i * row_h
        if i % 2:
            p.fillRect(QRectF(x0, y, text_w + COLUMN_WIDTH * len(m.columns), row_h), QColor("#F0F0EC"))
        p.setPen(QColor("#1B1F23"))
        p.setFont(bold if row.contested else font)
        prefix = "⚑ " if row.contested else ""
        metrics = bold_fm if row.contested else fm  # elided as drawn: bold is wider, and SVG does not clip
        text = metrics.elidedText(prefix + " ".join(row.text.split()), Qt.TextElideMode.ElideRight, room)
        p.drawText(QRectF(x0 + 4, y, text_w - 8, row_h), Qt.AlignmentFlag.AlignVCenter, text)
        p.setFont(bold)
        for j, col in enumerate(m.columns):
            mark = symbol(m.cell(row.claim, col.id))
            if mark:
                p.setPen(QColor(mark_colour(mark)))
                p.drawText(QRectF(x0 + text_w + j * COLUMN_WIDTH, y, COLUMN_WIDTH, row_h), Qt.AlignmentFlag.AlignCenter, mark)
    p.setPen(QPen(QColor("#C8C8C0"), 1))
    for j in range(len(m.columns) + 1):
        x = x0 + text_w + j * COLUMN_WIDTH
        p.drawLine(QPointF(x, y0 - 4), QPointF(x, y0 + row_h * len(m.rows)))
    p.setFont(font)
    p.setPen(QColor("#555555"))
    p.drawText(QRectF(24, height - legend_h, width - 48, legend_h), Qt.AlignmentFlag.AlignVCenter, LEGEND + " · ⚑ contested")
