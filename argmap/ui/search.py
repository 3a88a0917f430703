"""Find claims and actors by their text, quotes, names and aliases, and by the evidence and notes of their links (Ctrl+F).

A search field with a live results list under it. Up/Down move through the results while
typing, Enter jumps to the current one, Escape clears. Jumping emits `resultActivated(id)`;
the window selects and centres the node.
"""

from __future__ import annotations

from html import escape

import networkx as nx
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from argmap.model.graph import search
from argmap.model.text import shorten
from argmap.ui.marks import dot_icon, role_colour

ID = Qt.ItemDataRole.UserRole
MAX_RESULTS = 200
VISIBLE_RESULTS = 7  # the results list is at least this many rows tall


class SearchPanel(QWidget):
    resultActivated = Signal(str)
    resultsChanged = Signal(list)  # every match (ids), [] when the field is cleared: the map rings them

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.graph: nx.MultiDiGraph | None = None
        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText("Find claims, quotes, actors…  (Ctrl+F)")
        self.field.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setUniformItemSizes(False)
        self.results.setVisible(False)
        self.summary = QLabel()
        self.summary.setObjectName("searchSummary")
        self.summary.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(self.field)
        layout.addWidget(self.summary)
        layout.addWidget(self.results)
        self._timer = QTimer(self, singleShot=True, interval=120)
        self._timer.timeout.connect(self.run)
        self.field.textChanged.connect(lambda _t: self._timer.start())
        self.field.returnPressed.connect(self.activate_current)
        self.field.installEventFilter(self)
        self.results.itemClicked.connect(lambda it: self.resultActivated.emit(it.data(ID)))
        self.results.itemActivated.connect(lambda it: self.resultActivated.emit(it.data(ID)))

    def set_graph(self, graph: nx.MultiDiGraph | None) -> None:
        self.graph = graph
        if self.field.text():
            self.run()

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def result_ids(self) -> list[str]:
        return [self.results.item(i).data(ID) for i in range(self.results.count())]

    def run(self) -> None:
        """Search now (typing triggers it after a short pause)."""
        self._timer.stop()
        query = self.field.text().strip()
        self.results.clear()
        if not query or self.graph is None:
            self.results.setVisible(False)
            self.summary.setVisible(False)
            self.resultsChanged.emit([])
            return
        found = search(self.graph, query)
        for node_id in found[:MAX_RESULTS]:
            data = self.graph.nodes[node_id]
            kind = data.get("role", data["kind"]) if data["kind"] == "claim" else "actor"
            item = QListWidgetItem(dot_icon(role_colour(kind)), shorten(data["label"], 140))
            item.setData(ID, node_id)
            item.setToolTip(f"<b>{escape(kind.title())}</b> · {escape(node_id)}<br>{escape(data['label'])}")
            self.results.addItem(item)
        n = len(found)
        self.summary.setText("No match" if n == 0 else f"{n} match{'es' if n != 1 else ''}" +
                             (f" (first {MAX_RESULTS} shown)" if n > MAX_RESULTS else "") + " — Enter to jump")
        self.summary.setVisible(True)
        self.results.setVisible(n > 0)
        if n:
            self.results.setCurrentRow(0)
            # room for several results (the panel scrolls on a small screen), not two and a half
            rows = sum(self.results.sizeHintForRow(i) for i in range(min(n, VISIBLE_RESULTS)))
            self.results.setMinimumHeight(rows + 2 * self.results.frameWidth() + 6)
        self.resultsChanged.emit(found)

    def activate_current(self) -> None:
        if self._timer.isActive():
            self.run()
        item = self.results.currentItem()
        if item is not None:
            self.resultActivated.emit(item.data(ID))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.field and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
                if self._timer.isActive():
                    self.run()
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
            if key == Qt.Key.Key_Escape and self.field.text():
                self.field.clear()
                return True
        return super().eventFilter(obj, event)

