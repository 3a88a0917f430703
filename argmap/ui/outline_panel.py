"""The Outline panel: the selected claim as an indented, collapsible tree of what supports and attacks it.

The tree comes from argmap.model.outline (Qt-free); rows are filled in as they are opened, so
even a 5,000-claim corpus costs only what is read. Each row shows the kind of link as the
map's own line key, the claim, who says it, and how many rows support and attack it. Clicking
a row asks the window to select that claim (map and text); the tree stays as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from argmap.model.annotations import Corpus
from argmap.model.outline import Entry, children, counts, root_entry, speakers
from argmap.model.text import html_text, shorten
from argmap.ui.elided import ElidedLabel
from argmap.ui.legend_panel import key_pixmap

ENTRY = Qt.ItemDataRole.UserRole
FIRST_OPEN = 2  # levels opened when a claim is selected
MAX_LINES = 4  # a row wraps to at most this many lines (the rest is in its tooltip): at 240 px the root took twelve
MAX_ROWS = 2000  # "Expand all" stops here (a large corpus can hold tens of thousands of paths)
KIND_WORDS = {"supports": "supports the claim above", "rebuts": "rebuts the claim above",
              "undercuts": "undercuts the link above (attacks the step, not the claim)",
              "asserts": "asserted by this actor", "denies": "denied by this actor", "root": "the selected claim"}



class _Wrapping(QStyledItemDelegate):
    """Rows as tall as their wrapped claim text needs at the column's width, up to MAX_LINES (QTreeView alone elides)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802 (Qt name)
        base = super().sizeHint(option, index)
        if index.column() != 0:
            return base
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.tree.columnWidth(0) - depth * self.tree.indentation() - self.tree.iconSize().width() - 14
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        rect = option.fontMetrics.boundingRect(QRect(0, 0, max(width, 40), 100000), Qt.TextFlag.TextWordWrap, text)
        return QSize(base.width(), max(base.height(), min(rect.height(), MAX_LINES * option.fontMetrics.lineSpacing()) + 8))


class OutlinePanel(QWidget):
    nodeRequested = Signal(str)  # a row was clicked: select this node

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outlinePanel")
        self.corpus: Corpus | None = None
        self.root: str | None = None
        self._icons: dict[str, QIcon] = {}
        self.title = ElidedLabel()  # one line: wrapped, it took seven lines and the tree's room in a narrow dock
        self.title.setObjectName("outlineTitle")
        self.expand_button = QToolButton()
        self.expand_button.setText("Expand all")
        self.expand_button.setObjectName("miniButton")
        self.expand_button.clicked.connect(self.expand_all)
        self.collapse_button = QToolButton()
        self.collapse_button.setText("Collapse")
        self.collapse_button.setObjectName("miniButton")
        self.collapse_button.clicked.connect(self.collapse)
        self.tree = QTreeWidget()
        self.tree.setObjectName("outlineTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Argument", "for · against"])
        self.tree.headerItem().setToolTip(1, "How many claims support it · how many rebut or undercut it")
        self.tree.setIconSize(QSize(30, 16))
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(_Wrapping(self.tree))
        self.tree.setExpandsOnDoubleClick(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        header.setSectionResizeMode(1, header.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.tree.doItemsLayout())  # re-wrap at the new width
        self.tree.itemExpanded.connect(self._fill)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        head = QHBoxLayout()
        head.setContentsMargins(8, 4, 8, 2)
        head.addWidget(self.title, 1)
        head.addWidget(self.expand_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.collapse_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.tree, 1)
        self._requested: str | None = None
        self._stale = False  # `root` changed since the tree was built (it is built when shown)
        self.show_node(None)

    # -- content ---------------------------------------------------------------------------------

    def set_corpus(self, corpus: Corpus | None) -> None:
        """A new or edited corpus: the outline of the same root, rebuilt (or empty if it is gone)."""
        self.corpus = corpus
        root = self.root if corpus is not None and self.root and corpus.node(self.root) else None
        self.root = None
        self.show_node(root)

    def update_nodes(self, corpus: Corpus, touched: set[str]) -> None:
        """After an edit of these nodes or their links: rebuild the outline only if it shows one of them.

        A hidden outline is rebuilt when it is next seen anyway (it is marked stale).
        """
        if self.root is None:
            return
        if not (self.isVisible() and not self.visibleRegion().isEmpty()):
            self.corpus = corpus
            self._stale = True
            return
        if touched.isdisjoint(self._shown_ids()):
            return
        self.set_corpus(corpus)

    def _shown_ids(self) -> set[str]:
        ids: set[str] = set()
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            entry = item.data(0, ENTRY)
            if entry is not None:
                ids.update(i for i in (entry.node, entry.relation) if i is not None)
            stack += [item.child(i) for i in range(item.childCount())]
        return ids | {self.root}

    def show_node(self, node_id: str | None) -> None:
        """Outline a node (the window calls this on every selection); a row clicked here keeps the tree."""
        if node_id is not None and node_id == self._requested:
            self._requested = None
            return
        self._requested = None
        if node_id == self.root and (self.tree.topLevelItemCount() or self._stale):
            return
        self.root = node_id
        self._stale = True
        if self.isVisible() and not self.visibleRegion().isEmpty():  # a tab behind another is "visible" but unseen
            self._build()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Shown: build the tree of the last selection now."""
        self._build()
        super().showEvent(event)

    def seen(self, visible: bool) -> None:
        """The dock's tab came to the front (QDockWidget.visibilityChanged): build what was deferred."""
        if visible:
            self._build()

    def _build(self) -> None:
        """The tree of `root`, made only when it can be seen: a hub's outline is a few thousand rows
        (0.1-0.3 s at 10,000 claims), and the Outline usually sits behind the Inspector's tab."""
        if not self._stale:
            return
        self._stale = False
        node_id = self.root
        self.tree.clear()
        entry = root_entry(self.corpus, node_id) if self.corpus is not None and node_id else None
        self.expand_button.setEnabled(entry is not None)
        self.collapse_button.setEnabled(entry is not None)
        if entry is None:
            self._title("Select a claim to see what supports it and what attacks it, step by step", empty=True)
            return
        self._title("Actor: what it asserts and denies" if node_id in self.corpus.actors else
                    "What supports and what attacks the selected claim")
        item = self._item(entry, self.tree)
        self._open(item, FIRST_OPEN)

    def _title(self, text: str, *, empty: bool = False) -> None:
        self.title.setText(text)
        self.title.setProperty("empty", empty)  # grey and not bold (style.qss)
        self.title.style().unpolish(self.title)
        self.title.style().polish(self.title)

    def _item(self, entry: Entry, parent) -> QTreeWidgetItem:
        assert self.corpus is not None
        node = self.corpus.node(entry.node)
        label = getattr(node, "text", None) or getattr(node, "name", entry.node)
        said, denied = speakers(self.corpus, entry.node) if entry.node in self.corpus.claims else ([], [])
        who = ""
        if said:
            who += "  — " + _names(said)
        if denied:
            who += ("; " if said else "  — ") + "denied by " + _names(denied)
        text = shorten(label, 110) + who
        if entry.repeat:
            text = "↻ " + text
        item = QTreeWidgetItem(parent, [text, ""])
        item.setData(0, ENTRY, entry)
        pro, con = counts(self.corpus, entry)
        if pro or con:
            item.setText(1, f"{pro} · {con}")
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        else:
            item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless)
        if entry.kind in ("supports", "rebuts", "undercuts", "asserts", "denies"):
            item.setIcon(0, self._icon(entry.kind))
        tip = KIND_WORDS.get(entry.kind, "")
        if entry.repeat:
            tip += " — already above on this branch (a cycle), not opened again"
            item.setForeground(0, QColor("#8a919c"))
        item.setToolTip(0, f"<p style='max-width:32em'><i>{tip}</i><br>{html_text(label)}{html_text(who)}</p>")
        if entry.kind == "root":
            f = item.font(0)
            f.setBold(True)
            item.setFont(0, f)
        return item

    def _icon(self, kind: str) -> QIcon:
        icon = self._icons.get(kind)
        if icon is None:
            icon = self._icons[kind] = QIcon(key_pixmap("edge", kind))
        return icon

    def _fill(self, item: QTreeWidgetItem) -> None:
        """Make the rows under `item` the first time it is opened."""
        if item.childCount() or self.corpus is None:
            return
        entry: Entry = item.data(0, ENTRY)
        for child in children(self.corpus, entry):
            self._item(child, item)

    def _open(self, item: QTreeWidgetItem, levels: int, budget: list[int] | None = None) -> None:
        budget = budget if budget is not None else [MAX_ROWS]
        if levels <= 0 or budget[0] <= 0:
            return
        item.setExpanded(True)  # fills it
        budget[0] -= item.childCount()
        for i in range(item.childCount()):
            if budget[0] <= 0:
                break
            self._open(item.child(i), levels - 1, budget)

    def expand_all(self) -> None:
        """Open every row, breadth first, up to MAX_ROWS rows."""
        self._build()
        if not self.tree.topLevelItemCount():
            return
        queue = [self.tree.topLevelItem(0)]
        shown = 0
        while queue and shown < MAX_ROWS:
            item = queue.pop(0)
            item.setExpanded(True)
            shown += item.childCount()
            queue.extend(item.child(i) for i in range(item.childCount()))

    def collapse(self) -> None:
        self.tree.collapseAll()
        if self.tree.topLevelItemCount():
            self.tree.topLevelItem(0).setExpanded(True)

    # -- gestures --------------------------------------------------------------------------------

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        entry: Entry = item.data(0, ENTRY)
        if entry is None:
            return
        if entry.node != self.root:
            self._requested = entry.node
        self.nodeRequested.emit(entry.node)

    def rows(self) -> list[tuple[int, str, str, str]]:
        """(depth, kind, node id, counts) of every row made so far, in tree order (tests read these)."""
        self._build()
        out = []
        it = QTreeWidgetItemIterator(self.tree)
        while it.value() is not None:
            item = it.value()
            depth, p = 0, item.parent()
            while p is not None:
                depth, p = depth + 1, p.parent()
            entry: Entry = item.data(0, ENTRY)
            out.append((depth, entry.kind, entry.node, item.text(1)))
            it += 1
        return out

    def item_for(self, node_id: str, kind: str | None = None) -> QTreeWidgetItem | None:
        self._build()
        it = QTreeWidgetItemIterator(self.tree)
        while it.value() is not None:
            entry: Entry = it.value().data(0, ENTRY)
            if entry.node == node_id and (kind is None or entry.kind == kind):
                return it.value()
            it += 1
        return None


def _names(names: list[str], most: int = 2) -> str:
    """A few names, then how many more (a claim can be asserted by a dozen authors)."""
    shown = ", ".join(shorten(n, 40) for n in names[:most])
    return shown + (f" +{len(names) - most} more" if len(names) > most else "")

