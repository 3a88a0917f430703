"""The legend beside the map: every shape, badge, line and mark the map draws, with what it means.

Each key is drawn by the painter's own legend code (argmap.render.legend.paint_legend_key),
the one exported images use, so the window's legend cannot drift from the map.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QWidget

from argmap.render import style as S
from argmap.render.legend import GROUP_LINK_TEXT, LEGEND_KEY_SIZE, legend_items, legend_text, paint_legend_key
from argmap.ui.legend_keys import (
    STANCE_KEYS,
    STATUS_WORDS,
    TEXT_KEYS,
    paint_stance_key,
    paint_states_key,
    paint_status_key,
    paint_text_key,
)

# what the export's one-line texts leave out, for a reader who has nothing else to go on
DETAILS = {
    ("node", "claim"): "a statement made in a source; the blue stripe marks a claim",
    ("node", "rebuttal"): "orange border and a corner flag: it rebuts another claim",
    ("node", "actor"): "a pill with a letter for the kind of actor (below)",
    ("edge", "undercuts"): "ends in a dot on the middle of the link it attacks",
    ("voice", "suggests"): "a diamond on the line: hinted, implied, hedged",
    ("voice", "reports"): "a ring on the line: relays someone else's account",
    ("manual", ""): "grey folded corner: annotated by hand in argmap",
    ("node", "group"): "a stack of cards, slate: one box for many claims, with their count; click it to open them",
    ("group_link", "supports"): "solid green: the strongest ties of each group, however many links each stands for",
    ("group_link", "rebuts"): "dashed orange-red with a barred head: rebuttals and undercuts between their claims",
    ("group_link", "both"): "green under orange-red dashes: the two groups' claims argue both ways",
}
COLOUR_NAMES = {S.GREEN: "green", S.VERMILION: "orange-red", S.BLUE: "blue", S.PURPLE: "pink", S.BLACK: "black",
                S.SKY: "sky-blue", S.ORANGE: "orange", S.YELLOW: "yellow"}
DASH_NAMES = {Qt.PenStyle.SolidLine: "solid", Qt.PenStyle.DashLine: "dashed", Qt.PenStyle.DotLine: "dotted",
              Qt.PenStyle.DashDotLine: "dash-dot", Qt.PenStyle.DashDotDotLine: "dash-dot-dot"}
HEAD_NAMES = {"arrow": "filled arrowhead", "tee": "arrowhead with a bar across (an attack)", "open": "open arrowhead"}
SECTIONS = {"node": "BOXES", "badge": "ACTOR BADGES", "edge": "LINKS", "voice": "HOW AN ACTOR SAID IT", "manual": "MARKS"}
BADGES = ("person", "organisation", "group", "state", "media", "institution")


def describe(what: str, name: str) -> str:
    """The second line of a row: how the key looks, in words (from the style itself for links)."""
    detail = DETAILS.get((what, name), "")
    if what != "edge":
        return detail
    st = S.edge_style(name)
    look = (f"{DASH_NAMES.get(st.dash, 'plain')} {COLOUR_NAMES.get(st.color, st.color)} line, "
            f"{HEAD_NAMES.get(st.head, st.head)}")
    return f"{look}; {detail}" if detail else look


def legend_entries() -> list[tuple[str, str, str]]:
    """(section, what, name) of every row, in reading order: boxes, badges, links, voice, marks."""
    items = legend_items(list(S.EDGE_STYLES))
    nodes = [i for i in items if i[0] == "node"]
    rest = [i for i in items if i[0] != "node"]
    rows = nodes + [("badge", b) for b in BADGES] + rest
    return [(SECTIONS[what], what, name) for what, name in rows]


def extra_entries() -> list[tuple[str, str, str, str, str]]:
    """(section, what, name, words, detail) of the keys beyond the export legend: marks, text, analysis."""
    rows = [("MARKS", "selected", "", "Selected: its passage is shaded in the text", ""),
            ("MARKS", "search", "", "Found by the search (Ctrl+F)", "")]
    rows += [("OVERVIEW BY DOCUMENT OR COMMUNITY", "node", "group", "", "")]
    rows += [("OVERVIEW BY DOCUMENT OR COMMUNITY", "group_link", k, "", "") for k in GROUP_LINK_TEXT]
    rows += [("IN THE SOURCE TEXT", "text", f"{role}/{level}", words, detail) for role, level, words, detail in TEXT_KEYS]
    rows += [("WHAT STILL STANDS (BADGES)", "status", status, words, detail)
             for status, (words, detail) in STATUS_WORDS.items()]
    rows += [("STANCE MATRIX CELLS", "stance", mark, words, colour) for mark, words, colour in STANCE_KEYS]
    return rows


def key_pixmap(what: str, name: str, ratio: float = 2.0) -> QPixmap:
    """One key as a small picture, sharp on high-density screens."""
    w, h = LEGEND_KEY_SIZE
    pm = QPixmap(round(w * ratio), round(h * ratio))
    pm.setDevicePixelRatio(ratio)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if what == "selected":
        _paint_selected(p, h / 2)
    elif what == "text":
        role, level = name.split("/")
        paint_text_key(p, role, level, h / 2)
    elif what == "status":
        paint_status_key(p, name, h / 2)
    elif what == "stance":
        paint_stance_key(p, name, h / 2)
    elif what == "voice" and name == "states":
        paint_states_key(p, h / 2)
    elif what == "search":
        _paint_search(p, h / 2)
    else:
        paint_legend_key(p, what, name, 2.0, h / 2)
    p.end()
    return pm


def _paint_selected(p: QPainter, cy: float) -> None:
    """The selection as the map marks it: a warm halo and a dark outline."""
    r = QRectF(5, cy - 7, 30, 14)
    p.setBrush(QColor("#FFFFFF"))
    p.setPen(QPen(S.qcolor(S.SELECTION_HALO, 0.85), 5))
    p.drawRoundedRect(r, 3, 3)
    p.setPen(QPen(QColor(S.SELECTION), 1.6))
    p.drawRoundedRect(r, 3, 3)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(S.NODE_STYLES["claim"].accent))
    p.drawRect(QRectF(QPointF(7.5, cy - 4), QPointF(9.5, cy + 4)))


def _paint_search(p: QPainter, cy: float) -> None:
    """A search match as the map rings it (argmap.render.overlay_marks._paint_search_marks)."""
    r = QRectF(6, cy - 6, 28, 12)
    p.setBrush(QColor("#FFFFFF"))
    p.setPen(QPen(QColor(S.NODE_STYLES["claim"].border), 1.2))
    p.drawRoundedRect(r, 3, 3)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(S.qcolor(S.SEARCH_MARK, 0.95), 2.5))
    p.drawRoundedRect(r.adjusted(-2.2, -2.2, 2.2, 2.2), 4, 4)
    p.setPen(QPen(QColor("#5C5200"), 0.8))
    p.drawRoundedRect(r.adjusted(-3.7, -3.7, 3.7, 3.7), 5, 5)


class LegendPanel(QScrollArea):
    """The legend as a scrolling list of keys with their meaning."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legendPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("legendBody")
        grid = QGridLayout(body)
        grid.setContentsMargins(10, 6, 10, 10)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(3)
        grid.setColumnStretch(1, 1)
        self.rows: list[tuple[str, str, QLabel, QLabel]] = []  # (what, name, key, text): what the tests read
        row = 0
        section = None
        base = [(sec, what, name, "", "") for sec, what, name in legend_entries()]
        voices = [i for i, e in enumerate(base) if e[1] == "voice"]
        if voices:  # "said outright" first: the plain line, so the two marks read as the exceptions
            base.insert(voices[0], ("HOW AN ACTOR SAID IT", "voice", "states", "said outright (actor states it)",
                                    "no mark on the line"))
        for sec, what, name, words, detail in base + extra_entries():
            if sec != section:
                section = sec
                title = QLabel(sec)
                title.setObjectName("sectionTitle")
                title.setWordWrap(True)  # a long title must not hold the panel wider than a small screen's dock
                title.setContentsMargins(0, 8 if row else 0, 0, 2)
                grid.addWidget(title, row, 0, 1, 2)
                row += 1
            key = QLabel()
            key.setPixmap(key_pixmap(what, name, max(2.0, self.devicePixelRatioF())))
            key.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            words = words or {"actor": "Actor: who asserts or denies claims"}.get(
                what if what != "node" else name) or legend_text(what, name)
            detail = detail or describe(what, name)
            text = QLabel(f"{words}<br><span style='color:#7a828e'>{detail}</span>" if detail else words)
            text.setObjectName("legendEntry")
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(key, row, 0)
            grid.addWidget(text, row, 1)
            self.rows.append((what, name, key, text))
            row += 1
        note = QLabel("Faded boxes and links are not linked to the selection. In the stance matrix a coloured strip under a "
                      "column title names the actor's side. In the by-document layout each "
                      "titled lane is one source; a claim found in several stands between their lanes.")
        note.setObjectName("legendNote")
        note.setWordWrap(True)
        note.setContentsMargins(0, 10, 0, 0)
        grid.addWidget(note, row, 0, 1, 2)
        grid.setRowStretch(row + 1, 1)
        self.setWidget(body)
