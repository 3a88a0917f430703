"""How the source text shades a claim's passage: one place for the look, read by the text panel and the legend.

Levels: "mention" (every claim in the document, lightly), "selected" (the selected claim's
passages), "current" (the one navigated to, strongest and bold), "evidence" (a link's quote),
"shared" (where two claims' passages overlap: a dotted underline, no fill).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QTextCharFormat

from argmap.ui.marks import role_colour

ALPHA = {"mention": 36, "selected": 80, "current": 125, "evidence": 110, "shared": 0}
SHARED_UNDERLINE = "#4A5560"


def shade_format(role: str, level: str) -> QTextCharFormat:
    """The character format of a passage of a claim in `role` ("claim", "rebuttal", "evidence") at `level`."""
    fmt = QTextCharFormat()
    base = QColor(role_colour(role))
    fill = QColor(base)
    fill.setAlpha(ALPHA[level])
    if ALPHA[level]:
        fmt.setBackground(fill)
    if level == "shared":
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(QColor(SHARED_UNDERLINE))
    if level in ("selected", "current", "evidence"):
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(base.darker(130))
    if level == "current":
        fmt.setFontWeight(QFont.Weight.DemiBold)
    return fmt
