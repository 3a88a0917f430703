"""Selected text in the source panel must not look like a shaded claim passage: a reviewer could
not tell the passage they had just selected (to make a claim of it) from the claims already there."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from argmap.ui.text_shades import ALPHA, shade_format
from tests.window_helpers import open_window


@pytest.fixture
def styled(qtbot):
    from argmap.ui.app import apply_style

    app = QApplication.instance()
    old = app.styleSheet()
    apply_style(app)
    yield
    app.setStyleSheet(old)


def _over_white(c: QColor) -> tuple[float, float, float]:
    a = c.alphaF()
    return tuple(255 * (1 - a) + v * a for v in (c.red(), c.green(), c.blue()))


def _luminance(rgb: tuple[float, float, float]) -> float:
    def lin(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = map(lin, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_selected_text_looks_like_no_passage_shade_and_reads_well(qtbot, styled, tiny_corpus: Path) -> None:
    win = open_window(qtbot, tiny_corpus, discard_on_close=True)
    text = win.source_panel.text
    palette = text.palette()
    selection = _over_white(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight))
    selected_text = _over_white(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText))
    assert _contrast(selection, selected_text) >= 4.5  # WCAG AA for the selected words themselves
    for role in ("claim", "rebuttal", "evidence"):
        for level in ALPHA:
            fill = shade_format(role, level).background().color() if ALPHA[level] else QColor("#ffffff")
            shade = _over_white(fill)
            # a light tint of any role against the selection: far apart in lightness, so never mistaken
            assert _contrast(selection, shade) >= 3.0, (role, level, shade)
