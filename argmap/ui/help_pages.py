"""Help ▸ Getting Started, Help ▸ Keyboard Shortcuts and Help ▸ Legend.

The shortcuts page is built, each time it opens, from the actions in the window's menus, so it
lists exactly the keys that work and cannot go stale when an action or a key changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from argmap.ui.menu_entries import START, MenuEntry

if TYPE_CHECKING:
    from argmap.ui.window_api import MapWindowBase

# gestures that are not actions (the mouse), for both pages
GESTURES = (
    ("Click a box", "select it: its passage opens in the text, its links in the inspector"),
    ("Double-click a box", "select it and bring it to the middle"),
    ("Drag a box", "move it (one undo step); View ▸ Lock Positions keeps boxes still"),
    ("Shift+drag from a box to another", "link them (choose supports, rebuts, asserts …)"),
    ("Shift+drag from a box onto a link", "undercut that link"),
    ("Space+drag, or middle-drag, anywhere", "pan the map, even across boxes"),
    ("Drag the empty map", "pan"),
    ("Wheel", "zoom around the pointer"),
    ("Right-click a box", "its menu: edit, attribute, link, delete"),
    ("Click a shaded passage in the text", "select its claim on the map"),
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("…", "").strip()


def shortcut_rows(window: MapWindowBase) -> list[tuple[str, str, str, str]]:
    """(menu, command, keys, what it does) for every action in the window's menus, in menu order."""
    rows: list[tuple[str, str, str, str]] = []
    seen: set[int] = set()

    def walk(menu: QMenu, title: str) -> None:
        for act in menu.actions():
            if act.menu() is not None:
                walk(act.menu(), f"{title} ▸ {_plain(act.menu().title())}")
                continue
            if act.isSeparator() or not act.text() or id(act) in seen:
                continue
            seen.add(id(act))
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in act.shortcuts())
            rows.append((title, _plain(act.text()), keys, act.statusTip()))

    for act in window.menuBar().actions():
        if act.menu() is not None:
            walk(act.menu(), _plain(act.menu().title()))
    return rows


class ShortcutsDialog(QDialog):
    """Every command with its keys, grouped by menu; the mouse gestures at the end."""

    def __init__(self, window: MapWindowBase) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts — argmap")
        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcutList")
        self.tree.setHeaderLabels(["Command", "Keys", "What it does"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for menu, command, keys, tip in shortcut_rows(window):
            if menu not in groups:
                groups[menu] = self._group(menu)
            QTreeWidgetItem(groups[menu], [command, keys, tip])
        mouse = self._group("Mouse")
        for gesture, meaning in GESTURES:
            QTreeWidgetItem(mouse, [gesture, "", meaning])
        self.tree.expandAll()
        for col in (0, 1):
            self.tree.resizeColumnToContents(col)
        _with_close_button(self, self.tree)
        self.resize(min(900, window.width()), min(640, window.height()))

    def _group(self, title: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem(self.tree, [title])
        group.setFirstColumnSpanned(True)
        f = group.font(0)
        f.setBold(True)
        group.setFont(0, f)
        return group

    def rows(self) -> list[tuple[str, str, str]]:
        """(command, keys, what it does) as listed (tests read these)."""
        out = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            out += [(group.child(i).text(0), group.child(i).text(1), group.child(i).text(2)) for i in range(group.childCount())]
        return out


GETTING_STARTED = """
<h2>Getting started with argmap</h2>
<p>argmap draws an argument as a map: <b>claims</b> (white boxes with a blue stripe), <b>claims that rebut
another</b> (orange, with a corner flag) and the <b>actors</b> who assert or deny them (yellow pills).
Every box comes from a passage of a source document, shown in the <i>Source Text</i> panel.
View ▸ Panels ▸ Legend explains every shape, line and mark.</p>
<h3>1. Read</h3>
<ul>
<li><b>Click a box</b>: its passage is shaded in the text and the <i>Inspector</i> lists what supports,
rebuts and undercuts it, with counts, and who asserts or denies it. Click any entry to go there.</li>
<li><b>Click a shaded passage</b> in the text to find its claim on the map.</li>
<li>The <i>Outline</i> panel shows the selected claim as a tree: what supports it and what attacks it,
and what supports or attacks those, as far as the argument goes.</li>
<li><b>[</b> and <b>]</b> step through the selection's neighbours, <b>Enter</b> follows, <b>Alt+←</b> goes back.</li>
</ul>
<h3>2. Find and narrow</h3>
<ul>
<li><b>Ctrl+F</b> searches claims, quotes and actors; matches are ringed in yellow on the map.</li>
<li>The <i>Browse</i> panel filters documents, actors and kinds of link; <b>Focus</b> (Ctrl+Shift+F) shows only
the neighbourhood of the selection, laid out around it: supporters left, attackers right, actors below.</li>
<li>View ▸ Overview by Document / by Community groups a large map into a few dozen boxes; click one to open it.</li>
<li>View ▸ Layout: <i>By document</i> puts each source in its own titled lane.</li>
</ul>
<h3>3. Move around</h3>
<ul>
<li>Wheel to zoom, <b>Ctrl+0</b> fits the whole map (the most connected claims keep their labels).</li>
<li>Drag the empty map, or hold <b>Space</b> and drag anywhere, or middle-drag, to pan.
View ▸ Lock Positions stops boxes from moving when you drag.</li>
</ul>
<h3>4. Annotate</h3>
<ul>
<li>Select text in the source, then <b>Ctrl+Shift+N</b> makes a claim of it.</li>
<li><b>Shift+drag</b> from one box to another links them; onto a link, it undercuts that link.</li>
<li><b>F2</b> edits the selection, <b>Delete</b> removes it, <b>Ctrl+Z</b> undoes, <b>Ctrl+S</b> saves.</li>
</ul>
<p>Help ▸ Keyboard Shortcuts lists every key.</p>
"""


class GettingStartedDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gettingStartedDialog")
        self.setWindowTitle("Getting Started — argmap")
        self.text = QTextBrowser()
        self.text.setObjectName("gettingStarted")
        self.text.setHtml(GETTING_STARTED)
        _with_close_button(self, self.text)
        self.resize(640, 620)


def _with_close_button(dialog: QDialog, body: QWidget) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(body)
    layout.addWidget(buttons)


def help_actions(window: MapWindowBase, legend_dock: QWidget) -> dict[str, QAction]:
    """Getting Started (F1), Keyboard Shortcuts and Legend, for the top of the Help menu (help_entries)."""
    acts: dict[str, QAction] = {}

    def show_legend() -> None:
        legend_dock.show()
        legend_dock.raise_()

    for key, text, slot, keys, tip in (
        ("getting_started", "&Getting Started", lambda: GettingStartedDialog(window).exec(),
         QKeySequence.StandardKey.HelpContents, "A short tour: reading, finding, moving around, annotating"),
        ("shortcuts", "&Keyboard Shortcuts", lambda: ShortcutsDialog(window).exec(), "Ctrl+/",
         "Every command and its keys"),
        ("legend", "&Legend", show_legend, None, "What every shape, line and mark on the map means"),
    ):
        act = QAction(text, window)
        act.setObjectName(f"help_{key}")
        if keys is not None:
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.setStatusTip(tip)
        act.triggered.connect(lambda _c=False, s=slot: s())
        acts[key] = act
    return acts


def help_entries(acts: dict[str, QAction]) -> list[MenuEntry]:
    """Where the help actions go: the top of the Help menu, a separator before About."""
    return [MenuEntry("help", START, [*acts.values(), None])]
