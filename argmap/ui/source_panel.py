"""The source text beside the map: one document at a time, every claim mention shaded by role.

Mentions are drawn as ExtraSelections (no change to the document), the selected claim's
mentions strongly and the one navigated to strongest. Clicking a shaded passage emits
`passageClicked(claim_id, mention_index)`. All offsets in and out of this widget are Python
code points; `OffsetMap` converts to Qt's UTF-16 positions at this boundary.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QTextEdit, QToolTip, QVBoxLayout, QWidget

from argmap.model.annotations import Corpus
from argmap.model.text import html_text, shorten
from argmap.ui.marks import dot_icon, role_colour
from argmap.ui.text_offsets import OffsetMap
from argmap.ui.text_shades import shade_format

LEVEL = QTextFormat.Property.UserProperty  # "mention", "selected", "current" or "evidence"
CLAIM = QTextFormat.Property.UserProperty + 1  # claim id of a shaded mention


@dataclass(frozen=True, slots=True)
class Shade:
    """One mention shown in the text: which claim, which of its mentions, where, in what role."""

    claim: str
    index: int
    start: int
    end: int
    role: str


class _SourceText(QTextEdit):
    """Read-only text whose viewport reports clicks and hovers on shaded passages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        flags = Qt.TextInteractionFlag
        self.setTextInteractionFlags(flags.TextSelectableByMouse | flags.TextSelectableByKeyboard)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setObjectName("sourceText")
        self.viewport().setMouseTracking(True)
        self.document().setDocumentMargin(18)


class SourcePanel(QWidget):
    passageClicked = Signal(str, int)  # claim id, mention index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcePanel")
        self.corpus: Corpus | None = None
        self.roles: dict[str, str] = {}
        self.doc_id: str | None = None
        self._offsets = OffsetMap("")
        self._shades: list[Shade] = []
        self._base: list[QTextEdit.ExtraSelection] = []
        self._docs: dict[str, tuple[QTextDocument, OffsetMap, str]] = {}
        self._shade_cache: dict[str, tuple[list[Shade], list[QTextEdit.ExtraSelection], str]] = {}
        self._mention_index: dict[str, list[Shade]] | None = None  # every document's mentions, built in one pass
        self._claim_docs: dict[str, set[str]] = {}  # claim -> the documents the index has its mentions in
        self._selected_claim: str | None = None
        self._current: tuple[int, int, str] | None = None  # (start, end, level) in code points
        self._top: QTextEdit.ExtraSelection | None = None  # the strongest highlight last handed to the text
        self.menu: QMenu | None = None  # the shared-passage menu shown last (tests drive it)

        self.switcher = QComboBox()
        self.switcher.setObjectName("documentSwitcher")
        self.switcher.setToolTip("Show another document of the corpus")
        self.switcher.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.switcher.setMinimumContentsLength(12)
        self.switcher.activated.connect(self._on_switch)
        self.info = QLabel()
        self.info.setObjectName("sourceInfo")
        self.info.setMinimumWidth(1)  # a long file name must not hold the panel wide on a small screen
        self.text = _SourceText()
        self.text.viewport().installEventFilter(self)

        head = QHBoxLayout()
        head.setContentsMargins(8, 6, 8, 2)
        head.addWidget(self.switcher, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(head)
        self.info.setContentsMargins(10, 0, 10, 4)
        layout.addWidget(self.info)
        layout.addWidget(self.text, 1)

    # -- content -----------------------------------------------------------------------

    def set_corpus(self, corpus: Corpus | None, roles: dict[str, str] | None = None) -> None:
        """Show a (new or edited) corpus; keeps the shown document when it still exists."""
        self.corpus = corpus
        self.roles = dict(roles or {})
        self.switcher.blockSignals(True)
        self.switcher.clear()
        for doc in corpus.documents.values() if corpus else ():
            self.switcher.addItem(doc.title or doc.id, doc.id)
            self.switcher.setItemData(self.switcher.count() - 1, f"{doc.title}\n{doc.path}", Qt.ItemDataRole.ToolTipRole)
        self.switcher.blockSignals(False)
        keep = self.doc_id if corpus and self.doc_id in corpus.documents else None
        if keep is None and corpus and corpus.documents:
            keep = next(iter(corpus.documents))
        old_docs, self._docs = self._docs, {}
        self._shade_cache.clear()
        self._mention_index = None
        self.doc_id = None
        if keep:
            self.show_document(keep)
        else:
            self.text.setExtraSelections([])  # they point into the documents deleted below: drop them first
            self._top = None
            self.text.setDocument(QTextDocument(self))
            self._shades, self._base = [], []
            self.info.setText("")
        for qdoc, *_ in old_docs.values():
            if qdoc is not self.text.document():
                qdoc.deleteLater()

    def refresh(self, roles: dict[str, str] | None = None) -> None:
        """Redraw the shading after an edit, keeping the document and scroll position."""
        if roles is not None:
            self.roles = dict(roles)
        self._shade_cache.clear()
        self._mention_index = None
        self._collect_shades()
        self._apply()

    def update_claims(self, claims: set[str], roles: dict[str, str]) -> None:
        """After an edit: re-shade only the passages of these claims (added, removed or changed).

        Only the documents they were or are mentioned in are re-collected, and the text is redrawn
        only when the one shown is among them: an edit costs its claims, not the corpus.
        """
        if not claims or self.corpus is None:
            return
        self.roles.update(roles)
        index = self._mention_index
        docs: set[str | None] = {self.doc_id}
        if index is None:  # not built yet: it will be, from the corpus as it is now
            self._shade_cache.clear()
        else:
            docs = set()
            for claim_id in claims:
                docs.update(self._claim_docs.pop(claim_id, ()))
                claim = self.corpus.claims.get(claim_id)
                if claim is None:
                    self.roles.pop(claim_id, None)
                    continue
                self._claim_docs[claim_id] = {m.doc for m in claim.mentions}
                docs.update(self._claim_docs[claim_id])
            for doc_id in docs:
                assert doc_id is not None
                index[doc_id] = [s for s in index.get(doc_id, []) if s.claim not in claims]
                self._shade_cache.pop(doc_id, None)
            for claim_id in claims:
                claim = self.corpus.claims.get(claim_id)
                for i, m in enumerate(claim.mentions if claim is not None else ()):
                    index[m.doc].append(Shade(claim_id, i, m.start, m.end, self.roles.get(claim_id, "claim")))
        if self.doc_id in docs:
            self._collect_shades()
            self._apply()

    def show_document(self, doc_id: str, *, apply: bool = True) -> None:
        if self.corpus is None or doc_id not in self.corpus.documents:
            return
        if doc_id != self.doc_id:
            qdoc, self._offsets = self._document(doc_id)
            self.doc_id = doc_id
            self._current = None
            self.text.setDocument(qdoc)
            self.text.moveCursor(QTextCursor.MoveOperation.Start)
            self.switcher.setCurrentIndex(self.switcher.findData(doc_id))
            self._collect_shades()
        if apply:
            self._apply()

    def _document(self, doc_id: str) -> tuple[QTextDocument, OffsetMap]:
        """The formatted QTextDocument and offset map of a document, built once and reused on switching."""
        assert self.corpus is not None
        text = self.corpus.documents[doc_id].text
        cached = self._docs.get(doc_id)
        if cached is None or cached[2] is not text:
            qdoc = QTextDocument(self)
            qdoc.setDefaultFont(self.text.font())
            qdoc.setPlainText(text)
            qdoc.setDocumentMargin(18)
            _format_blocks(qdoc)
            cached = (qdoc, OffsetMap(text), text)
            self._docs[doc_id] = cached
        return cached[0], cached[1]

    def _collect_shades(self) -> None:
        """The document's mentions and their light shading, cached per document until the next edit."""
        cached = self._shade_cache.get(self.doc_id or "")
        if cached is not None:
            self._shades, self._base, info = cached
            self.info.setText(info)
            return
        self._shades = []
        self._base = []
        if self.corpus is None or self.doc_id is None:
            return
        if self._mention_index is None:  # one pass over all claims, not one per document opened
            self._mention_index = {}
            self._claim_docs = {}
            for claim in self.corpus.claims.values():
                role = self.roles.get(claim.id, "claim")
                for i, m in enumerate(claim.mentions):
                    self._mention_index.setdefault(m.doc, []).append(Shade(claim.id, i, m.start, m.end, role))
                self._claim_docs[claim.id] = {m.doc for m in claim.mentions}
        self._shades = sorted(self._mention_index.get(self.doc_id, []), key=lambda s: (s.start, s.end))
        qdoc = self.text.document()
        self._base = [self._selection(qdoc, s.start, s.end, s.role, "mention", s.claim) for s in self._shades]
        for start, end in shared_spans(self._shades):  # where claims overlap: a dotted underline says "shared"
            self._base.append(self._selection(qdoc, start, end, "claim", "shared", ""))
        doc = self.corpus.documents[self.doc_id]
        n = len(self._shades)
        info = f"{doc.path}  ·  {n} mention{'s' if n != 1 else ''}  ·  {len(doc.text):,} characters"
        self.info.setText(info)
        self._shade_cache[self.doc_id] = (self._shades, self._base, info)

    # -- selection ---------------------------------------------------------------------

    def select_claim(self, claim_id: str | None, mention_index: int | None = None, *, open_document: bool = True) -> None:
        """Shade a claim's mentions strongly; open and scroll to one of them (the first by default)."""
        self._selected_claim = claim_id
        self._current = None
        claim = self.corpus.claims.get(claim_id) if (self.corpus and claim_id) else None
        if claim is None or not claim.mentions:
            self._apply()
            return
        if mention_index is None:
            here = [i for i, m in enumerate(claim.mentions) if m.doc == self.doc_id]
            mention_index = here[0] if here else 0
        mention_index = max(0, min(mention_index, len(claim.mentions) - 1))
        m = claim.mentions[mention_index]
        if open_document:
            self.show_document(m.doc, apply=False)
        if m.doc == self.doc_id:
            self._current = (m.start, m.end, "current")
        self._apply()
        if self._current:
            self._scroll_to(m.start, m.end)

    def show_span(self, doc_id: str, start: int, end: int) -> None:
        """Open a document at a passage that is not a claim mention (relation evidence)."""
        self.show_document(doc_id)
        if doc_id == self.doc_id:
            self._current = (start, end, "evidence")
            self._apply()
            self._scroll_to(start, end)

    def selected_span(self) -> tuple[str, int, int] | None:
        """The text the user has selected, as (document id, start, end) in code points."""
        cursor = self.text.textCursor()
        if self.doc_id is None or not cursor.hasSelection():
            return None
        start, end = self._offsets.span_to_py(cursor.selectionStart(), cursor.selectionEnd())
        return (self.doc_id, start, end) if end > start else None

    def highlighted_span(self) -> tuple[str, int, int] | None:
        """The strongest highlight as drawn (read back from the ExtraSelection set last), in code points.

        Kept aside when set: reading the text's ExtraSelections back copies every mention's
        (thousands in a long article, 0.2 ms a call, and a caller waiting for a click polls this).
        """
        sel = self._top
        if sel is None:
            return None
        start, end = self._offsets.span_to_py(sel.cursor.selectionStart(), sel.cursor.selectionEnd())
        return (self.doc_id or "", start, end)

    def shades(self) -> list[Shade]:
        return list(self._shades)

    def shade_at(self, index: int) -> Shade | None:
        """The mention under a code-point position; the shortest first where mentions overlap."""
        inside = self.shades_at(index)
        return inside[0] if inside else None

    def shades_at(self, index: int) -> list[Shade]:
        """Every claim's mention under a code-point position (one per claim), shortest first."""
        best: dict[str, Shade] = {}
        for s in self._shades:
            if s.start <= index < s.end and (s.claim not in best or s.end - s.start < best[s.claim].end - best[s.claim].start):
                best[s.claim] = s
        return sorted(best.values(), key=lambda s: (s.end - s.start, s.start))

    def viewport_pos_of(self, index: int) -> QPoint:
        """Viewport coordinates of the middle of the character at a code-point position (for tests)."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._offsets.to_qt(index))
        rect = self.text.cursorRect(cursor)
        return QPoint(rect.x() + 3, rect.center().y())

    # -- drawing -----------------------------------------------------------------------

    def _apply(self) -> None:
        """Every mention lightly (built once per document), the selected claim's over them, the current one on top."""
        doc = self.text.document()
        selections = list(self._base)
        for s in self._shades:
            if s.claim == self._selected_claim:
                selections.append(self._selection(doc, s.start, s.end, s.role, "selected", s.claim))
        self._top = None
        if self._current:
            start, end, level = self._current
            role = self.roles.get(self._selected_claim or "", "claim") if level == "current" else "evidence"
            self._top = self._selection(doc, start, end, role, level, self._selected_claim or "")
            selections.append(self._top)
        self.text.setExtraSelections(selections)

    def _selection(self, doc, start: int, end: int, role: str, level: str, claim: str) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(doc)
        qs, qe = self._offsets.span_to_qt(start, end)
        cursor.setPosition(qs)
        cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        fmt = shade_format(role, level)
        fmt.setProperty(LEVEL, level)
        fmt.setProperty(CLAIM, claim)
        sel.format = fmt
        return sel

    def _scroll_to(self, start: int, end: int) -> None:
        """Bring a passage into view, roughly a third from the top, without moving the caret selection."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._offsets.to_qt(start))
        rect = self.text.cursorRect(cursor)
        bar = self.text.verticalScrollBar()
        target = bar.value() + rect.top() - self.text.viewport().height() // 3
        bar.setValue(max(bar.minimum(), min(bar.maximum(), target)))

    # -- gestures ----------------------------------------------------------------------

    def _on_switch(self, row: int) -> None:
        doc_id = self.switcher.itemData(row)
        if doc_id:
            self.show_document(doc_id)

    def _index_at(self, pos: QPoint) -> int:
        return self._offsets.to_py(self.text.cursorForPosition(pos).position())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.text.viewport():
            etype = event.type()
            if etype == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
                if not self.text.textCursor().hasSelection():
                    shades = self._shades_at_point(event.position().toPoint())
                    if len(shades) == 1:
                        self.passageClicked.emit(shades[0].claim, shades[0].index)
                    elif shades:  # claims share this passage: the reader chooses, nothing is picked silently
                        self.choose_passage(shades, event.globalPosition().toPoint())
            elif etype == QEvent.Type.MouseMove:
                shade = self._shade_at_point(event.position().toPoint())
                self.text.viewport().setCursor(Qt.CursorShape.PointingHandCursor if shade else Qt.CursorShape.IBeamCursor)
            elif etype == QEvent.Type.ToolTip:
                shades = self._shades_at_point(event.pos())
                shade = shades[0] if shades else None
                if len(shades) > 1 and self.corpus:
                    rows = "".join(f"<br>• <b>{s.role.title()}</b>: {html_text(shorten(self._claim_text(s.claim), 110))}"
                                   for s in shades)
                    tip = f"<b>{len(shades)} claims share this passage</b>{rows}<br><i>Click to choose one</i>"
                    QToolTip.showText(event.globalPos(), tip, self.text.viewport())
                elif shade and self.corpus and shade.claim in self.corpus.claims:
                    text = self.corpus.claims[shade.claim].text
                    tip = f"<b>{shade.role.title()}</b>: {html_text(text)}<br><i>Click to show it in the map</i>"
                    QToolTip.showText(event.globalPos(), tip, self.text.viewport())
                else:
                    QToolTip.hideText()
                return True
        return super().eventFilter(obj, event)

    def choose_passage(self, shades: list[Shade], global_pos: QPoint) -> None:
        """A small menu of the claims sharing a passage; choosing one selects it (as a click would)."""

        menu = self.menu = QMenu(self)
        menu.setObjectName("sharedPassageMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(f"{len(shades)} claims share this passage:").setEnabled(False)
        for s in shades:
            act = menu.addAction(dot_icon(role_colour(s.role)), shorten(self._claim_text(s.claim), 90))
            act.setObjectName(f"passage_{s.claim}")
            act.triggered.connect(lambda _c=False, s=s: self.passageClicked.emit(s.claim, s.index))
        menu.popup(global_pos)

    def _claim_text(self, claim_id: str) -> str:
        claim = self.corpus.claims.get(claim_id) if self.corpus else None
        return claim.text if claim else claim_id

    def _shade_at_point(self, pos: QPoint) -> Shade | None:
        shades = self._shades_at_point(pos)
        return shades[0] if shades else None

    def _shades_at_point(self, pos: QPoint) -> list[Shade]:
        cursor = self.text.cursorForPosition(pos)
        # cursorForPosition rounds to the nearest gap: test the character on each side of it
        rect = self.text.cursorRect(cursor)
        index = self._offsets.to_py(cursor.position())
        if pos.x() < rect.x() and index > 0:
            index -= 1
        return self.shades_at(index)


def shared_spans(shades: list[Shade]) -> list[tuple[int, int]]:
    """(start, end) of the stretches two or more different claims' mentions cover."""
    events = sorted([(s.start, 1, s.claim) for s in shades] + [(s.end, -1, s.claim) for s in shades], key=lambda e: (e[0], e[1]))
    open_: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    begin = None
    for pos, step, claim in events:
        open_[claim] = open_.get(claim, 0) + step
        if open_[claim] <= 0:
            del open_[claim]
        many = len(open_) >= 2
        if many and begin is None:
            begin = pos
        elif not many and begin is not None:
            if pos > begin:
                spans.append((begin, pos))
            begin = None
    return spans



def _format_blocks(qdoc: QTextDocument) -> None:
    """Comfortable reading: taller lines and a little space between paragraphs."""
    cursor = QTextCursor(qdoc)
    cursor.select(QTextCursor.SelectionType.Document)
    fmt = QTextBlockFormat()
    fmt.setLineHeight(145, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    fmt.setBottomMargin(6)
    cursor.mergeBlockFormat(fmt)

