"""Who says what: the stance matrix as a dock panel.

Rows are claims (contested first), columns actors, sides or documents; a cell shows + asserts,
− denies, ± both (? only suggested, ~ only reported). Hovering a cell tells who, in which voice,
via whom, and quotes the text; clicking it asks the window to select the claim and open the
passage (`cellActivated`). The panel computes nothing itself: argmap.analysis.stances does.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from argmap.analysis.stances import BY, StanceMatrix, describe, stance_matrix, symbol
from argmap.model.annotations import Corpus
from argmap.ui.stance_view import CLAIM_MIN, COLUMN_WIDTH, HEADER_MAX, RotatedHeader, column_side, mark_colour, side_colours

BY_TITLES = {"actors": "Actors", "sides": "Sides", "documents": "Documents"}
Index = QModelIndex | QPersistentModelIndex


class StanceModel(QAbstractTableModel):
    """Column 0: the claim; columns 1..: the matrix's columns."""

    def __init__(self) -> None:
        super().__init__()
        self.matrix: StanceMatrix | None = None
        self.corpus: Corpus | None = None

    def set_matrix(self, corpus: Corpus | None, matrix: StanceMatrix | None) -> None:
        self.beginResetModel()
        self.corpus, self.matrix = corpus, matrix
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.columns) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        m = self.matrix
        if m is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(section + 1)
            return None
        if section == 0:
            return "Claim (contested first)" if role == Qt.ItemDataRole.DisplayRole else None
        col = m.columns[section - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.label
        if role == Qt.ItemDataRole.ToolTipRole:
            side = column_side(m, section - 1)
            extra = f" — side: {side}" if side and m.by == "actors" else ""
            return f"{col.label}{extra}"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        m, corpus = self.matrix, self.corpus
        if m is None or corpus is None or not index.isValid():
            return None
        row = m.rows[index.row()]
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return " ".join(row.text.split())
            if role == Qt.ItemDataRole.ToolTipRole:
                what = "contested" if row.contested else "no dispute"
                return f"<p style='max-width:30em'>{escape(row.text)}<br><i>{what}</i> — click to select it on the map</p>"
            if role == Qt.ItemDataRole.FontRole and row.contested:
                f = QFont()
                f.setBold(True)
                return f
            return None
        col = m.columns[index.column() - 1]
        stances = m.cell(row.claim, col.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return symbol(stances)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and stances:
            return QColor(mark_colour(symbol(stances)))
        if role == Qt.ItemDataRole.FontRole and stances:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.ToolTipRole and stances:
            return self.cell_tooltip(row.claim, col.id)
        return None

    def cell_tooltip(self, claim: str, column: str) -> str:
        assert self.matrix is not None and self.corpus is not None
        parts = []
        for st in self.matrix.cell(claim, column):
            quote = ""
            if st.quote is not None:
                doc = self.corpus.documents.get(st.quote.doc)
                where = f" — {escape(doc.title)}" if doc else ""
                quote = f"<br>“{escape(st.quote.quote)}”<span style='color:#666'>{where}</span>"
            stated = "" if st.stated else "<br><span style='color:#666'>(no quote for the attribution itself)</span>"
            parts.append(f"<b>{escape(describe(st, self.corpus))}</b>{quote}{stated}")
        return "<p style='max-width:32em'>" + "<br><br>".join(parts) + "</p>"


class StancePanel(QWidget):
    """The matrix with its controls: columns by actors/sides/documents, contested only, export."""

    cellActivated = Signal(str, str)  # claim id, relation id of the first stance in the cell ("" for the claim column)
    exportRequested = Signal(str)  # "csv", "long-csv" or "image"
    sidesRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stancePanel")
        self.corpus: Corpus | None = None
        self.matrix: StanceMatrix | None = None
        col = QVBoxLayout(self)
        col.setContentsMargins(6, 4, 6, 4)
        col.setSpacing(4)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Columns"))
        self.by = QComboBox()
        self.by.setObjectName("stanceBy")
        for key in BY:
            self.by.addItem(BY_TITLES[key], key)
        self.by.setToolTip("What the columns are: actors (grouped by side), sides, or documents")
        self.by.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.by)
        self.contested = QCheckBox("Contested only")
        self.contested.setObjectName("stanceContested")
        self.contested.setToolTip("Only claims that someone asserts and someone denies or attacks")
        self.contested.toggled.connect(lambda _on: self.refresh())
        bar.addWidget(self.contested)
        bar.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("stanceSummary")
        bar.addWidget(self.summary)
        sides = QToolButton()
        sides.setText("Sides…")
        sides.setObjectName("stanceSides")
        sides.setToolTip("Group actors into sides (saved with the corpus)")
        sides.clicked.connect(self.sidesRequested)
        bar.addWidget(sides)
        export = QToolButton()
        export.setText("Export")
        export.setObjectName("stanceExport")
        export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(export)
        menu.addAction("Matrix as CSV…", lambda: self.exportRequested.emit("csv"))
        menu.addAction("Attributions as CSV (voice, quote)…", lambda: self.exportRequested.emit("long-csv"))
        menu.addAction("Matrix as Image…", lambda: self.exportRequested.emit("image"))
        export.setMenu(menu)
        bar.addWidget(export)
        col.addLayout(bar)
        self.model = StanceModel()
        self.table = QTableView()
        self.table.setObjectName("stanceTable")
        self.header = RotatedHeader(self.table)
        self.table.setHorizontalHeader(self.header)
        self.table.setModel(self.model)
        self.header.setDefaultSectionSize(30)
        self.header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setMouseTracking(True)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(self._clicked)
        col.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setObjectName("stanceEmpty")
        self.empty.setWordWrap(True)
        self.empty.setVisible(False)
        col.addWidget(self.empty)

    def set_corpus(self, corpus: Corpus | None) -> None:
        self.corpus = corpus
        self.refresh()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_to_room()

    def _fit_to_room(self) -> None:
        """On a small panel the rotated titles take at most a third of its height and the claim column keeps
        room to be read (CLAIM_MIN px); the actor columns then scroll sideways instead of squeezing it to "…"."""
        if not self.model.columnCount():
            return
        hh = self.header
        hh.max_height = max(56, min(HEADER_MAX, self.table.height() // 3))
        hh.measure()
        others = COLUMN_WIDTH * (self.model.columnCount() - 1)
        room = self.table.viewport().width() - others
        hh.resizeSection(0, max(CLAIM_MIN, room))

    def column_kind(self) -> str:
        return str(self.by.currentData())

    def refresh(self) -> None:
        """Recompute the matrix from the corpus (after an edit, or a change of columns)."""
        corpus = self.corpus
        if corpus is None:
            self.matrix = None
            self.model.set_matrix(None, None)
            self.summary.setText("")
            return
        by = self.column_kind()
        self.matrix = stance_matrix(corpus, by, contested_only=self.contested.isChecked())
        self.model.set_matrix(corpus, self.matrix)
        colours = side_colours([s.name for s in corpus.sides])
        self.header.colours = {j + 1: colours[s] for j in range(len(self.matrix.columns))
                               if (s := column_side(self.matrix, j)) in colours}
        hh = self.header
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # one call for all columns: per column is O(n²)
        hh.measure()
        self._fit_to_room()
        n_cont = sum(r.contested for r in self.matrix.rows)
        self.summary.setText(f"{len(self.matrix.rows)} claims · {n_cont} contested · {len(self.matrix.columns)} columns")
        message = ""
        if by == "sides" and not corpus.sides:
            message = "No sides yet: click Sides… to group the actors (“Kremlin”, “Ukraine”, “US”…)."
        elif not self.matrix.rows:
            message = "No claim is attributed to an actor yet." if by != "documents" else "No attributions yet."
        self.empty.setText(message)
        self.empty.setVisible(bool(message))

    def _clicked(self, index: QModelIndex) -> None:
        m = self.matrix
        if m is None or not index.isValid():
            return
        row = m.rows[index.row()]
        if index.column() == 0:
            self.cellActivated.emit(row.claim, "")
            return
        stances = m.cell(row.claim, m.columns[index.column() - 1].id)
        self.cellActivated.emit(row.claim, stances[0].relation if stances else "")

    def index_of(self, claim: str, column: str) -> QModelIndex:
        """The model index of a cell (for tests and keyboard navigation)."""
        m = self.matrix
        if m is None:
            return QModelIndex()
        r = next((i for i, row in enumerate(m.rows) if row.claim == claim), None)
        c = next((j for j, col in enumerate(m.columns) if col.id == column), None)
        if r is None or (c is None and column):
            return QModelIndex()
        return self.model.index(r, 0 if not column or c is None else c + 1)
