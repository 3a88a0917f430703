"""How the map looks: line styles, fonts and shapes, and the Qt side of the colours.

The colours themselves are in argmap/model/palette.py (Qt-free, shared with the data exports);
every relation kind differs in line style as well as colour, so the map also reads in greyscale.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from argmap.model.palette import (  # noqa: F401 - the colours, for the views that name them as style.X
    BLACK,
    BLUE,
    EDGE_COLOURS,
    GREEN,
    NODE_COLOURS,
    ORANGE,
    PURPLE,
    SKY,
    VERMILION,
    YELLOW,
)

FONT_FAMILIES = ["Inter", "Segoe UI", "Helvetica Neue", "Liberation Sans", "Arial", "DejaVu Sans", "Noto Sans"]
TEXT_SIZE = 12  # world units; the box estimate in geometry.py assumes this size
ACTOR_TEXT_SIZE = 12


@dataclass(frozen=True)
class EdgeStyle:
    kind: str
    label: str
    color: str
    width: float
    dash: Qt.PenStyle
    head: str  # "arrow" (filled triangle), "tee" (triangle + bar: an attack), "open" (hollow triangle)


EDGE_STYLES: dict[str, EdgeStyle] = {
    "supports": EdgeStyle("supports", "supports", EDGE_COLOURS["supports"], 2.2, Qt.PenStyle.SolidLine, "arrow"),
    "rebuts": EdgeStyle("rebuts", "rebuts", EDGE_COLOURS["rebuts"], 2.2, Qt.PenStyle.DashLine, "tee"),
    # an attack on a link, not a claim: ends on the middle of the link it undercuts, with a dot there
    "undercuts": EdgeStyle("undercuts", "undercuts", EDGE_COLOURS["undercuts"], 2.0, Qt.PenStyle.DashDotDotLine, "tee"),
    "asserts": EdgeStyle("asserts", "asserts", EDGE_COLOURS["asserts"], 1.5, Qt.PenStyle.DotLine, "open"),
    "denies": EdgeStyle("denies", "denies", EDGE_COLOURS["denies"], 1.5, Qt.PenStyle.DashDotLine, "tee"),
}
UNDERCUT_DOT = 3.2  # radius (world units, at least 2.5 pixels) of the dot where an undercut meets its link
# how an attribution was voiced: a small hollow marker halfway along the edge ("states" has none)
VOICE_MARKS = {"suggests": "diamond", "reports": "ring"}
VOICE_MARK = 4.5  # half-size of the voice marker in world units
FALLBACK_EDGE = EdgeStyle("other", "other", "#7F7F7F", 1.2, Qt.PenStyle.SolidLine, "arrow")


@dataclass(frozen=True)
class NodeStyle:
    fill: str
    border: str
    accent: str  # the stripe (claims) or glyph disc (actors)
    text: str
    label: str


NODE_STYLES: dict[str, NodeStyle] = {
    "claim": NodeStyle(*NODE_COLOURS["claim"], "claim"),
    "rebuttal": NodeStyle(*NODE_COLOURS["rebuttal"], "rebuttal (rebuts another claim)"),
    "actor": NodeStyle(*NODE_COLOURS["actor"], "actor"),
    "group": NodeStyle(*NODE_COLOURS["group"], "group of claims"),
}

ACTOR_GLYPHS = {"person": "P", "organisation": "O", "organization": "O", "group": "G", "state": "S", "media": "M",
                "institution": "I"}

# acceptance status badges ("what stands"): colour and glyph; the glyph tells them apart without colour
BADGE_STYLES = {"accepted": (GREEN, "✓"), "rejected": (VERMILION, "✗"), "undecided": ("#8A8A8A", "?")}
BADGE_RADIUS = 8.0

BACKGROUND = "#FAFAF8"
SELECTION = "#1F1F1F"
SELECTION_HALO = "#FFB000"
SEARCH_MARK = YELLOW  # the ring round search matches on the map
HOVER = "#56B4E9"
MANUAL_MARK = "#7A7A7A"
DIM_OPACITY = 0.18
CORNER_RADIUS = 5.0
STRIPE = 5.0


def font(pixel_size: int, bold: bool = False) -> QFont:
    """A sans font sized in pixels, i.e. world units under the map's transform.

    Pixel (not point) sizes keep text the same size on every device (screen, 96-dpi PNG,
    90-dpi SVG, 1200-dpi PDF); no hinting, so measured widths hold at every zoom.
    """
    f = QFont()
    f.setFamilies(FONT_FAMILIES)
    f.setStyleHint(QFont.StyleHint.SansSerif)
    f.setPixelSize(max(1, int(pixel_size)))
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    f.setBold(bool(bold))
    return f


def edge_style(kind: str) -> EdgeStyle:
    return EDGE_STYLES.get(kind, FALLBACK_EDGE)


def qcolor(hex_: str, alpha: float = 1.0) -> QColor:
    c = QColor(hex_)
    c.setAlphaF(alpha)
    return c
