"""Documents with a byte-order mark, CR LF line ends and emoji are shown and annotated exactly as stored.

QTextDocument drops a leading BOM and folds each CR LF into one paragraph break, and counts an
emoji as two positions. Positions here are found by asking Qt itself (QTextDocument.find), never
through argmap's OffsetMap, so the tests check the map against what the user sees.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyqtgraph as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextDocument

from argmap.model.corpus import text_sha256
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.ui.edit_dialogs import ClaimDialog
from argmap.ui.text_offsets import OffsetMap
from tests.test_editing_ui import press, press_ok, when_shown
from tests.window_helpers import open_window

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier

TEXT = ("\ufeffHarbour report\r\n\r\n"
        "The wall 🌊 was raised in 2019.\r\n"
        "Engineers say the wall is high enough for a century.\r\n"
        "Residents 📮 doubt that the new wall will hold.\r\n")


@pytest.fixture
def crlf_corpus(tmp_path: Path) -> Path:
    """One document with a BOM, CR LF line ends and emoji, and a claim on its third line."""
    folder = tmp_path / "crlf"
    folder.mkdir()
    (folder / "report.txt").write_bytes(TEXT.encode("utf-8"))
    quote = "the wall is high enough"
    start = TEXT.index(quote)
    data = {
        "format": "argmap-annotations", "version": 2,
        "documents": [{"id": "report", "path": "report.txt", "title": "Harbour report", "sha256": text_sha256(TEXT)}],
        "actors": [],
        "claims": [{"id": "high-enough", "text": "The wall is high enough",
                    "mentions": [{"doc": "report", "start": start, "end": start + len(quote), "quote": quote}]}],
        "relations": [],
    }
    (folder / ANNOTATIONS_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture
def window(qtbot, crlf_corpus: Path, tmp_path: Path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings().setValue("editing/author", "tester")
    pg.setConfigOption("mouseRateLimit", 0)
    win = open_window(qtbot, crlf_corpus)
    yield win
    if win.session is not None:
        win.session.undo_stack.setClean()
    QSettings().remove("editing/author")


def test_highlight_covers_exactly_the_quoted_characters(qtbot, window) -> None:
    panel = window.source_panel
    panel.show_document("report")
    window.select_node("high-enough")
    qtbot.waitUntil(lambda: panel.highlighted_span() is not None)
    strongest = next(s for s in panel.text.extraSelections() if s.format.property(panel_level()) == "current")
    assert strongest.cursor.selectedText() == "the wall is high enough"  # what the user sees shaded
    start = TEXT.index("the wall is high enough")
    assert panel.highlighted_span() == ("report", start, start + len("the wall is high enough"))


def panel_level():
    from argmap.ui.source_panel import LEVEL

    return LEVEL


def select_with_keys(qtbot, panel, passage: str) -> None:
    """Select a passage as Qt shows it: caret before it, then Shift+Right up to its end."""
    qdoc = panel.text.document()
    parts = passage.split("\n")
    found = qdoc.find(parts[0])  # QTextDocument.find stays within a paragraph: find the ends apart
    assert not found.isNull(), passage
    start, end = found.selectionStart(), found.selectionEnd()
    if len(parts) > 1:
        end = qdoc.find(parts[-1], found).selectionEnd()
    cursor = panel.text.textCursor()
    cursor.setPosition(start)
    panel.text.setTextCursor(cursor)
    panel.text.setFocus()
    while panel.text.textCursor().position() < end:  # an emoji is one key press and two positions
        qtbot.keyClick(panel.text, Qt.Key.Key_Right, SHIFT)
    assert panel.text.textCursor().selectedText() == passage.replace("\n", "\u2029")


@pytest.mark.parametrize("passage", [
    "Residents 📮 doubt that the new wall will hold",  # after a BOM, three CR LF, two emoji
    "Harbour",  # the very first word, right after the BOM
    "in 2019.\nEngineers",  # across a CR LF break
])
def test_new_claim_from_a_selection_is_saved_with_exact_offsets(qtbot, window, crlf_corpus: Path, passage: str) -> None:
    panel = window.source_panel
    panel.show_document("report")
    select_with_keys(qtbot, panel, passage)
    when_shown(ClaimDialog, lambda dialog: press_ok(qtbot, dialog))
    press(qtbot, window, Qt.Key.Key_N, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 1)
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert not window.isWindowModified(), window.statusBar().currentMessage()

    saved = json.loads((crlf_corpus / ANNOTATIONS_FILE).read_text(encoding="utf-8"))
    on_disk = (crlf_corpus / "report.txt").read_bytes().decode("utf-8")
    assert on_disk == TEXT  # the document itself is never rewritten
    new = next(c for c in saved["claims"] if c["id"] != "high-enough")
    m = new["mentions"][0]
    expected = passage.replace("\n", "\r\n")  # the user selected a line break: the file's is CR LF
    assert m["quote"] == expected and on_disk[m["start"]:m["end"]] == expected
    assert on_disk.index(expected) == m["start"]
    assert load_corpus(crlf_corpus).ok


# -- the map itself, checked against QTextDocument --------------------------------------------------

_ALPHABET = ["a", "é", " ", "\r", "\n", "\ufeff", "🌊", "中", "\u2028", "\t", "\r\n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join))
def test_offset_map_agrees_with_what_qtextdocument_holds(qapp, text: str) -> None:
    qdoc = QTextDocument()
    qdoc.setPlainText(text)
    m = OffsetMap(text)
    assert m.to_qt(len(text)) == qdoc.characterCount() - 1  # Qt adds one final paragraph separator
    for i, ch in enumerate(text):
        if (i == 0 and ch == "\ufeff") or (ch == "\r" and text[i + 1:i + 2] == "\n"):
            continue  # left out by Qt: it maps onto what follows
        shown = qdoc.characterAt(m.to_qt(i))
        if ch in "\r\n":
            assert shown == "\u2029", (text, i)
        elif ord(ch) > 0xFFFF:
            assert shown == ch.encode("utf-16-le")[:2].decode("utf-16-le", "surrogatepass"), (text, i)
        else:
            assert shown == ch, (text, i)
        starts_unit = not (ch == "\n" and i > 0 and text[i - 1] == "\r")
        if starts_unit:
            assert m.to_py(m.to_qt(i)) == i, (text, i)


def test_leading_bom_and_crlf_positions() -> None:
    m = OffsetMap("\ufeffab\r\ncd")
    assert [m.to_qt(i) for i in range(7)] == [0, 0, 1, 2, 2, 3, 4]
    assert [m.to_py(p) for p in range(5)] == [1, 2, 3, 5, 6]
    assert m.span_to_py(0, 2) == (1, 3)  # a selection of "ab" never takes the BOM
    assert m.span_to_py(1, 4) == (2, 6)  # "b", the break and "c": the break is CR LF
    assert not m.simple
