"""Documents, actors and relation kinds as checkable lists (the map's filters), and focus mode.

Everything checked means "no filter". The panel only reports what the user chose
(`filtersChanged`, `focusChanged`) and what they opened; the window applies it to the map.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from argmap.model.annotations import RELATION_KINDS, Corpus
from argmap.model.changes import Change
from argmap.ui.marks import dot_icon, role_colour

ID = Qt.ItemDataRole.UserRole


class _CheckList(QListWidget):
    """A list of checkable rows with ids; `checked()` is None when every row is checked.

    `checked()` is kept until a row changes: every edit asks for the filters twice, and walking
    the thousands of actor rows of a large corpus each time cost ~2.5 ms per edit (issue 14).
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self._checked: tuple[set[str] | None] | None = None  # the cached answer, boxed (None = stale)
        self.itemChanged.connect(self._stale)
        self.setObjectName(name)
        self.setUniformItemSizes(True)
        self.setIconSize(QSize(12, 12))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(False)

    def fill(self, rows: list[tuple[str, str, str, QIcon | None]], keep: set[str] | None) -> None:
        """rows: (id, label, tooltip, icon); `keep` = ids left unchecked before the refill."""
        self.blockSignals(True)
        self.clear()
        for row_id, label, tip, icon in rows:
            item = QListWidgetItem(label)
            item.setData(ID, row_id)
            item.setToolTip(tip)
            if icon is not None:
                item.setIcon(icon)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if keep and row_id in keep else Qt.CheckState.Checked)
            self.addItem(item)
        self.blockSignals(False)
        self._stale()

    def rows(self) -> list[QListWidgetItem]:
        """Every row (named so as not to shadow QListWidget.items(), which takes MIME data)."""
        return [self.item(i) for i in range(self.count())]

    def _stale(self, *_: object) -> None:
        self._checked = None

    def checked(self) -> set[str] | None:
        if self._checked is None:
            ids = {it.data(ID) for it in self.rows() if it.checkState() == Qt.CheckState.Checked}
            self._checked = (None if len(ids) == self.count() else ids,)
        found = self._checked[0]
        return None if found is None else set(found)  # a copy: callers may change theirs

    def unchecked(self) -> set[str]:
        return {it.data(ID) for it in self.rows() if it.checkState() != Qt.CheckState.Checked}

    def set_all(self, on: bool) -> None:
        self.blockSignals(True)
        for it in self.rows():
            it.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.blockSignals(False)
        self._stale()

    def set_checked(self, row_id: str, on: bool) -> None:
        for it in self.rows():
            if it.data(ID) == row_id:
                it.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def _section(title: str, lst: _CheckList | None, on_all=None) -> QWidget:
    head = QWidget()
    row = QHBoxLayout(head)
    row.setContentsMargins(2, 8, 2, 2)
    label = QLabel(title)
    label.setObjectName("sectionTitle")
    row.addWidget(label)
    row.addStretch(1)
    if lst is not None and on_all is not None:
        for text, on in (("All", True), ("None", False)):
            b = QToolButton()
            b.setText(text)
            b.setObjectName("miniButton")
            b.setAutoRaise(True)
            b.clicked.connect(lambda _=False, on=on: on_all(lst, on))
            row.addWidget(b)
    return head


class CorpusPanel(QWidget):
    filtersChanged = Signal()
    focusChanged = Signal(bool, int)  # on, depth
    documentActivated = Signal(str)
    actorActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("corpusPanel")
        self.documents = _CheckList("documentList")
        self.actors = _CheckList("actorList")
        self.kinds = _CheckList("kindList")
        self.focus = QCheckBox("Focus on selection")
        self.focus.setToolTip("Show only the neighbourhood of the selected node (View ▸ Focus Mode)")
        self.depth = QSpinBox()
        self.depth.setRange(1, 9)
        self.depth.setValue(1)
        self.depth.setPrefix("k = ")
        self.depth.setToolTip("How many links away from the selection to show in focus mode")
        self.reset = QToolButton()
        self.reset.setText("Show everything")
        self.reset.setObjectName("miniButton")
        self.reset.clicked.connect(self.clear_filters)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 8)
        layout.setSpacing(2)
        layout.addWidget(_section("DOCUMENTS", self.documents, self._set_all))
        layout.addWidget(self.documents, 0)
        layout.addWidget(_section("ACTORS", self.actors, self._set_all))
        layout.addWidget(self.actors, 1)
        layout.addWidget(_section("RELATIONS", self.kinds, self._set_all))
        layout.addWidget(self.kinds, 0)
        layout.addWidget(_section("FOCUS", None))
        focus_row = QHBoxLayout()
        focus_row.addWidget(self.focus, 1)
        focus_row.addWidget(self.depth)
        layout.addLayout(focus_row)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.reset)
        layout.addLayout(bottom)

        for lst in (self.documents, self.actors, self.kinds):
            lst.itemChanged.connect(lambda _item: self.filtersChanged.emit())
        self.documents.itemDoubleClicked.connect(lambda it: self.documentActivated.emit(it.data(ID)))
        self.actors.itemDoubleClicked.connect(self._actor_clicked)
        self.focus.toggled.connect(lambda on: self.focusChanged.emit(on, self.depth.value()))
        self.depth.valueChanged.connect(lambda k: self.focusChanged.emit(self.focus.isChecked(), k))
        self.set_corpus(None)

    def set_corpus(self, corpus: Corpus | None, *, keep_filters: bool = False) -> None:
        """Fill the lists from a corpus; after an edit `keep_filters` keeps what was unchecked."""
        keep_docs = self.documents.unchecked() if keep_filters else None
        keep_actors = self.actors.unchecked() if keep_filters else None
        keep_kinds = self.kinds.unchecked() if keep_filters else None
        docs, actors = [], []
        self._claim_docs: dict[str, tuple[str, ...]] = {}
        self._attributed: dict[str, str] = {}  # asserts/denies relation id -> its actor
        self._count_doc: dict[str, int] = {}
        self._count_actor: dict[str, int] = {}
        if corpus is not None:
            for claim in corpus.claims.values():
                self._count_claim(corpus, claim.id, +1)
            for rel in corpus.relations.values():
                self._count_relation(corpus, rel.id, +1)
            for doc in corpus.documents.values():
                docs.append((doc.id, f"{doc.title or doc.id}", self._doc_tip(corpus, doc.id), None))
            for a in corpus.actors.values():
                actors.append((a.id, a.name, self._actor_tip(corpus, a.id), dot_icon(role_colour("actor"))))
        self.documents.fill(docs, keep_docs)
        self.actors.fill(actors, keep_actors)
        self.kinds.fill([(k, k.capitalize(), f"Show '{k}' links", dot_icon(role_colour(k), square=True)) for k in RELATION_KINDS],
                        keep_kinds)
        self._fit_rows(self.kinds, len(RELATION_KINDS), len(RELATION_KINDS))
        self._fit_rows(self.documents, len(docs), 6)
        if not keep_filters:
            self.filtersChanged.emit()

    def update_corpus(self, corpus: Corpus, change: Change) -> None:
        """After an edit: new lists only when documents or actors came, went or changed; else new counts
        for the rows whose claims or attributions changed (their tooltips say how many)."""
        if change.everything or change.documents or change.actors:
            self.set_corpus(corpus, keep_filters=True)
            return
        docs: set[str] = set()
        actors: set[str] = set()
        for claim_id in change.claims:
            docs.update(self._count_claim(corpus, claim_id, -1))
            docs.update(self._count_claim(corpus, claim_id, +1))
        for rel_id in change.relations:
            actors.update(self._count_relation(corpus, rel_id, -1))
            actors.update(self._count_relation(corpus, rel_id, +1))
        for lst, ids, tip in ((self.documents, docs, self._doc_tip), (self.actors, actors, self._actor_tip)):
            if ids:
                for item in lst.rows():
                    if item.data(ID) in ids:
                        item.setToolTip(tip(corpus, item.data(ID)))

    def _count_claim(self, corpus: Corpus, claim_id: str, step: int) -> tuple[str, ...]:
        """Count a claim in (+1, as it is now) or out (-1, as it was counted) of its documents; returns them."""
        if step < 0:
            docs = self._claim_docs.pop(claim_id, ())
        else:
            claim = corpus.claims.get(claim_id)
            docs = tuple(dict.fromkeys(m.doc for m in claim.mentions)) if claim is not None else ()
            self._claim_docs[claim_id] = docs
        for d in docs:
            self._count_doc[d] = self._count_doc.get(d, 0) + step
        return docs

    def _count_relation(self, corpus: Corpus, rel_id: str, step: int) -> tuple[str, ...]:
        if step < 0:
            actor = self._attributed.pop(rel_id, None)
        else:
            rel = corpus.relations.get(rel_id)
            actor = rel.source if rel is not None and rel.kind in ("asserts", "denies") else None
            if actor is not None:
                self._attributed[rel_id] = actor
        if actor is None:
            return ()
        self._count_actor[actor] = self._count_actor.get(actor, 0) + step
        return (actor,)

    def _doc_tip(self, corpus: Corpus, doc_id: str) -> str:
        doc = corpus.documents[doc_id]
        return f"{doc.title}\n{doc.path}\n{self._count_doc.get(doc_id, 0)} claim(s) — double-click to read"

    def _actor_tip(self, corpus: Corpus, actor_id: str) -> str:
        a = corpus.actors[actor_id]
        n = self._count_actor.get(actor_id, 0)
        return f"{a.name} ({a.type})\nasserts or denies {n} claim(s) — double-click to select"

    @staticmethod
    def _fit_rows(lst: _CheckList, rows: int, most: int) -> None:
        """Size a list to its rows (up to `most`, then it scrolls), so short lists leave room for long ones."""
        row = lst.sizeHintForRow(0) if lst.count() else 22
        lst.setFixedHeight(row * max(1, min(rows, most)) + 2 * lst.frameWidth() + 6)

    def filters(self) -> tuple[set[str] | None, set[str] | None, set[str] | None]:
        """(documents, actors, relation kinds) to show; None = no filter on that."""
        return self.documents.checked(), self.actors.checked(), self.kinds.checked()

    def is_filtering(self) -> bool:
        return any(f is not None for f in self.filters())

    def clear_filters(self) -> None:
        for lst in (self.documents, self.actors, self.kinds):
            lst.set_all(True)
        self.focus.setChecked(False)
        self.filtersChanged.emit()

    def _set_all(self, lst: _CheckList, on: bool) -> None:
        lst.set_all(on)
        self.filtersChanged.emit()

    def _actor_clicked(self, item: QListWidgetItem) -> None:
        self.actorActivated.emit(item.data(ID))
