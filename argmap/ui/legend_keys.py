"""The legend's keys for marks beyond the map's own shapes: source-text shading, status badges, stance-matrix marks.

Each is drawn from the code that draws the real thing (text_shades.shade_format, style.BADGE_STYLES,
stance_view.mark_colour), so a key cannot drift from what it explains.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextCursor, QTextDocument

from argmap.render import style as S
from argmap.ui.stance_view import mark_colour
from argmap.ui.text_shades import shade_format

# (role, level, words, detail) of every way the source text marks a passage, as source_panel draws them
TEXT_KEYS = [
    ("claim", "mention", "A claim's passage", "light blue: a claim is stated here; click it to select the claim"),
    ("rebuttal", "mention", "A rebutting claim's passage", "light orange: a claim that rebuts another"),
    ("claim", "selected", "The selected claim's passages", "stronger shading, underlined"),
    ("claim", "current", "The passage you went to", "strongest shading, bold"),
    ("evidence", "evidence", "A link's evidence or an attribution's quote", "gold: the words that state the link"),
    ("claim", "shared", "A passage two claims share",
     "dotted underline; the shades add up, greyish where a rebutting claim's meets another's; a click offers both"),
]
SHARED_WITH = "rebuttal"  # the shared key shows the commonest mixture that puzzles: a claim's and a rebuttal's shades
# the status badges of Analysis > What Still Stands ("Badges on map")
STATUS_WORDS = {"accepted": ("Accepted: it still stands", "✓ green: nothing that stands attacks it"),
                "rejected": ("Rejected: it is answered", "✗ orange-red: a claim that stands attacks it"),
                "undecided": ("Undecided", "? grey: what attacks it is itself in doubt")}
# the cells of Analysis > Stance Matrix
STANCE_KEYS = [("+", "Asserts it", "blue"), ("−", "Denies it", "pink"), ("±", "Both asserts and denies it", "orange"),
               ("+?", "Asserts it, only by suggesting it (hinted)", "? after the mark"),
               ("+~", "Asserts it, only by reporting it (relayed)", "~ after the mark"),
               ("−?", "Denies it, only by suggesting it (hinted)", "? after the mark"),
               ("−~", "Denies it, only by reporting it (relayed)", "~ after the mark")]


def paint_text_key(p: QPainter, role: str, level: str, cy: float) -> None:
    """A sample word with the source text's own format for that passage."""
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    font = doc.defaultFont()
    font.setPixelSize(11)
    doc.setDefaultFont(font)
    cursor = QTextCursor(doc)
    cursor.insertText("text", shade_format(role, level))
    p.save()
    p.fillRect(QRectF(2, cy - 9, 36, 18), QColor("#FFFFFF"))
    p.translate(6, cy - doc.size().height() / 2)
    if level == "shared":  # the text panel lays each claim's light shade over the other's: they add up
        word = QRectF(0, 0, doc.idealWidth(), doc.size().height())
        for who in (role, SHARED_WITH):
            p.fillRect(word, shade_format(who, "mention").background())
    doc.drawContents(p)
    p.restore()


def paint_status_key(p: QPainter, status: str, cy: float) -> None:
    """A status badge as the map draws it on a claim's top-left corner."""
    colour, glyph = S.BADGE_STYLES[status]
    p.setPen(QPen(QColor(S.NODE_STYLES["claim"].border), 1.2))
    p.setBrush(QColor("#FFFFFF"))
    p.drawRoundedRect(QRectF(8, cy - 6, 28, 14), 3, 3)
    disc = QRectF(3, cy - 9, 14, 14)
    p.setPen(QPen(QColor(S.BACKGROUND), 1.5))
    p.setBrush(QColor(colour))
    p.drawEllipse(disc)
    p.setFont(S.font(10, bold=True))
    p.setPen(QColor("#FFFFFF"))
    p.drawText(disc, Qt.AlignmentFlag.AlignCenter, glyph)


def paint_stance_key(p: QPainter, mark: str, cy: float) -> None:
    """A stance-matrix cell: the mark in its colour."""
    p.setPen(QPen(QColor("#C8C8C0"), 1))
    p.setBrush(QColor("#FFFFFF"))
    p.drawRect(QRectF(8, cy - 9, 24, 18))
    p.setFont(S.font(13, bold=True))
    p.setPen(QColor(mark_colour(mark)))
    p.drawText(QRectF(8, cy - 9, 24, 18), Qt.AlignmentFlag.AlignCenter, mark)


def paint_states_key(p: QPainter, cy: float) -> None:
    """An attribution said outright: the plain dotted line, no mark on it."""
    st = S.edge_style("asserts")
    pen = QPen(S.qcolor(st.color), st.width)
    pen.setStyle(st.dash)
    p.setPen(pen)
    p.drawLine(QPointF(2, cy), QPointF(36, cy))
