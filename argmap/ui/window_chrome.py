"""The main window's furniture: its docks, actions, menus, toolbar and status bar, and what it
remembers between runs (geometry, dock sizes, recent corpora, the last layout).

One of the bases MainWindow is made of: it builds and restores the widgets the other concerns
(map_display.py, navigation.py, main_window.py) then use.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMenu,
    QProgressBar,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from argmap.model.layout_names import DEFAULT_LAYOUT, LAYOUT_TITLES, LAYOUTS
from argmap.paths import seed_corpus_dir
from argmap.ui.actions import make_action
from argmap.ui.editing import ACTORS_MENU, EDIT_MENU, LOCAL_KEYS, TOOLBAR, EditingController
from argmap.ui.elided import ElidedLabel, ElidingStatusBar
from argmap.ui.legend_panel import LegendPanel
from argmap.ui.menu_entries import START, MenuEntry, insert_after
from argmap.ui.window_api import MapWindowBase
from argmap.ui.window_fit import MAP_MIN_WIDTH, available_area, default_size, keep_on_screen, scrolling

MAX_RECENT = 10


class WindowChrome(MapWindowBase):
    """Building and remembering the window's widgets (a base of MainWindow)."""

    # ================================================================== construction

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        browse = QWidget()
        browse.setObjectName("browsePanel")
        col = QVBoxLayout(browse)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        col.addWidget(self.search_panel, 0)
        col.addWidget(self.corpus_panel, 1)
        self.browse_dock = self._dock("Browse", "browseDock", scrolling(browse, "browseScroll"),  # scrolls on a small screen
                                      Qt.DockWidgetArea.LeftDockWidgetArea)
        self.inspector_dock = self._dock("Inspector", "inspectorDock", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea)
        self.source_dock = self._dock("Source Text", "sourceDock", self.source_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.splitDockWidget(self.inspector_dock, self.source_dock, Qt.Orientation.Vertical)
        # the outline of the selection shares the inspector's place (both are about the selection); the legend sits under Browse
        self.outline_dock = self._dock("Outline", "outlineDock", self.outline_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.inspector_dock, self.outline_dock)
        self.outline_dock.visibilityChanged.connect(self.outline_panel.seen)  # its tree is built when it can be seen
        self.inspector_dock.raise_()
        self.legend_dock = self._dock("Legend", "legendDock", LegendPanel(), Qt.DockWidgetArea.LeftDockWidgetArea)
        self.splitDockWidget(self.browse_dock, self.legend_dock, Qt.Orientation.Vertical)
        self.canvas.setMinimumWidth(MAP_MIN_WIDTH)
        self._docks_sized = False
        self._fit_restored = False
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.TopRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)

    def _action(self, key: str, text: str, slot: Callable | None = None, shortcut=None, icon: QStyle.StandardPixmap | None = None,
                tip: str = "", checkable: bool = False) -> QAction:
        action = make_action(self, text, slot, shortcut, self.style().standardIcon(icon) if icon is not None else None,
                             tip, checkable)
        self.actions[key] = action
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        ks = QKeySequence.StandardKey
        a = self._action
        a("open", "&Open Corpus…", self.choose_corpus, ks.Open, sp.SP_DialogOpenButton, "Open a corpus folder")
        a("open_seeds", "Open &Bundled Seed Corpus", lambda: self.open_corpus(seed_corpus_dir()))
        a("problems", "Show &Problems…", self.show_problems, tip="List what is wrong with this corpus")
        a("export", "&Export Image…", self.export_image, "Ctrl+E", tip="Save the map as PNG, SVG or PDF")
        a("quit", "&Quit", self.close, ks.Quit)
        a("copy_image", "Copy &Image", self.copy_image, "Ctrl+Shift+C", tip="Copy the map as a picture")
        a("find", "&Find…", self.focus_search, ks.Find, tip="Find claims, quotes and actors")
        a("fit", "&Fit Map", self.canvas.fit_all, ["Ctrl+0", "Home"], sp.SP_TitleBarMaxButton, "Show the whole map")
        a("zoom_in", "Zoom &In", lambda: self.canvas.zoom_by(1.25), [ks.ZoomIn, "Ctrl+="], tip="Zoom in")
        a("zoom_out", "Zoom &Out", lambda: self.canvas.zoom_by(0.8), ks.ZoomOut, tip="Zoom out")
        a("center", "&Centre on Selection", self.center_selection, "C", tip="Bring the selected node to the middle")
        a("focus", "Focus &Mode", self.set_focus_mode, "Ctrl+Shift+F", checkable=True,
          tip="Show only the neighbourhood of the selection")
        a("lock", "&Lock Positions", self.canvas.set_positions_locked, "Ctrl+Shift+P", checkable=True,
          tip="Nodes stay where they are: dragging anywhere pans the map (Shift-drag still links)")
        a("clear_filters", "Show &Everything", self.corpus_panel.clear_filters, tip="Clear every filter and leave focus mode")
        a("back", "&Back", self.nav.back, ks.Back, sp.SP_ArrowBack, "Back to the previous selection")
        a("forward", "&Forward", self.nav.forward, ks.Forward, sp.SP_ArrowForward, "Forward again")
        a("next_neighbour", "&Next Neighbour", lambda: self.nav.cycle(1), "]",
          tip="Select the next node linked to this one")
        a("prev_neighbour", "&Previous Neighbour", lambda: self.nav.cycle(-1), "[",
          tip="Select the previous node linked to this one")
        a("follow", "Follow to &Neighbour", self.nav.follow, ["Return", "Enter"],
          tip="Make the neighbour you cycled to the new centre of navigation")
        a("deselect", "&Clear Selection", self.nav.escape, "Esc", tip="Back to the node you cycled from, or clear the selection")
        a("about", "&About argmap", self.about)
        for key in ("follow", "deselect"):  # not window-wide: Enter and Esc belong to the search field and dialogs
            self.actions[key].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.removeAction(self.actions[key])
            for target in self.reading_views():
                target.addAction(self.actions[key])
        group = QActionGroup(self)
        for name in LAYOUTS:
            act = QAction(LAYOUT_TITLES.get(name, name), self, checkable=True)
            act.setData(name)
            act.setStatusTip(f"Lay the map out: {LAYOUT_TITLES.get(name, name).lower()}")
            act.triggered.connect(lambda _c=False, n=name: self.set_layout(n))
            group.addAction(act)
            self.actions[f"layout:{name}"] = act

    def reading_views(self) -> tuple[QWidget, ...]:
        """The views where Enter, Esc, F2 and Delete act on the selection (the map, inspector, source text)."""
        return (self.canvas, self.inspector, self.source_panel)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        act = self.actions
        m = self.menus["file"] = bar.addMenu("&File")
        m.addAction(act["open"])
        self.recent_menu = m.addMenu("Open &Recent")
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        m.addAction(act["open_seeds"])
        m.addSeparator()
        m.addAction(act["export"])
        m.addAction(act["problems"])
        m.addSeparator()
        m.addAction(act["quit"])
        m = self.menus["edit"] = bar.addMenu("&Edit")
        m.addAction(act["copy_image"])
        m.addSeparator()
        m.addAction(act["find"])
        m = self.menus["view"] = bar.addMenu("&View")
        layouts = m.addMenu("&Layout")
        self.menu_anchors = {"layout_menu": layouts.menuAction()}  # submenus, for MenuEntry.after
        for name in LAYOUTS:
            layouts.addAction(act[f"layout:{name}"])
        m.addSeparator()
        for key in ("fit", "zoom_in", "zoom_out", "center"):
            m.addAction(act[key])
        m.addSeparator()
        m.addAction(act["focus"])
        m.addAction(act["clear_filters"])
        m.addAction(act["lock"])
        m.addSeparator()
        panels = m.addMenu("&Panels")
        panels.setObjectName("panelsMenu")
        for dock, key in ((self.browse_dock, "Ctrl+1"), (self.inspector_dock, "Ctrl+2"), (self.source_dock, "Ctrl+3"),
                          (self.outline_dock, "Ctrl+5"), (self.legend_dock, "Ctrl+6")):
            toggle = dock.toggleViewAction()
            toggle.setShortcut(QKeySequence(key))
            panels.addAction(toggle)
        m = self.menus["go"] = bar.addMenu("&Go")
        for key in ("back", "forward", None, "next_neighbour", "prev_neighbour", "follow", None, "center", "deselect"):
            m.addSeparator() if key is None else m.addAction(act[key])
        m = self.menus["help"] = bar.addMenu("&Help")
        m.addAction(act["about"])

    def _build_toolbar(self) -> None:
        tb = self.toolbar = QToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        tb.addAction(self.actions["open"])
        tb.addSeparator()
        tb.addAction(self.actions["back"])
        tb.addAction(self.actions["forward"])
        tb.addSeparator()
        label = QLabel("Layout ")
        label.setObjectName("toolbarLabel")
        tb.addWidget(label)
        self.layout_combo = QComboBox()
        self.layout_combo.setObjectName("layoutCombo")
        self.layout_combo.setToolTip("How the map is laid out")
        for name in LAYOUTS:
            self.layout_combo.addItem(LAYOUT_TITLES.get(name, name), name)
        self.layout_combo.activated.connect(lambda row: self.set_layout(self.layout_combo.itemData(row)))
        tb.addWidget(self.layout_combo)
        tb.addSeparator()
        for key, text in (("zoom_out", "−"), ("zoom_in", "+")):
            self.actions[key].setIconText(text)
            tb.addAction(self.actions[key])
        self.actions["fit"].setIconText("Fit")
        tb.addAction(self.actions["fit"])
        tb.addSeparator()
        self.actions["focus"].setIconText("Focus")
        tb.addAction(self.actions["focus"])
        for act in (self.actions["zoom_out"], self.actions["zoom_in"], self.actions["fit"], self.actions["focus"]):
            button = tb.widgetForAction(act)
            if button is not None:
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

    def merge_entries(self, entries: Sequence[MenuEntry]) -> None:
        """Put a controller's actions where its entries say (anchors: this window's actions, then
        editing's, then the submenus), and make their shortcuts work window-wide."""
        for entry in entries:
            editing = getattr(self, "editing", None)
            key = entry.after
            anchor = (self.actions.get(key) or (editing.actions.get(key) if editing is not None else None)
                      or self.menu_anchors.get(key)) if key not in (None, START) else None
            insert_after(self.menus[entry.menu], anchor, entry.items, at_start=key == START)
            self.addActions([item for item in entry.items if item is not None])

    def add_menu(self, key: str, menu: QMenu, before: str = "help") -> None:
        """A controller's own menu, in the menu bar before the menu `before` (at the end without it)."""
        neighbour = self.menus.get(before)
        self.menuBar().insertMenu(neighbour.menuAction(), menu) if neighbour else self.menuBar().addMenu(menu)
        self.menus[key] = menu

    def merge_editing(self, editing: EditingController) -> None:
        """Put the editing controller's actions into this window: the Edit menu (before Copy Image),
        Save in the File menu, Save/Undo/Redo/Link on the toolbar, its shortcuts window-wide (F2
        and Delete only in the reading views), and its undo history in a dock (View ▸ Undo History).

        The window does this, not the controller, so that the menus are built in one place and the
        controller never reaches into them.
        """
        act = editing.actions
        self.addActions([action for key, action in act.items() if key not in LOCAL_KEYS])
        for target in self.reading_views():
            target.addActions([act[key] for key in LOCAL_KEYS])
        edit = self.menus["edit"]
        first = edit.actions()[0] if edit.actions() else None
        actors = QMenu("Ac&tors", edit)
        actors.setObjectName("actorsMenu")
        actors.addActions([act[key] for key in ACTORS_MENU])
        for key in (*EDIT_MENU, "actors", None):
            if key is None:
                edit.insertSeparator(first)
            elif key == "actors":
                edit.insertMenu(first, actors)
            else:
                edit.insertAction(first, act[key])
        file_menu = self.menus["file"]
        file_menu.insertAction(self.actions["export"], act["save"])
        file_menu.insertSeparator(self.actions["export"])
        tb = self.toolbar
        tb.addSeparator()
        for key, label in TOOLBAR:
            act[key].setIconText(label)
            tb.addAction(act[key])
            button = tb.widgetForAction(act[key])
            if button is not None:
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        dock = self.undo_dock = QDockWidget("Undo History", self)
        dock.setObjectName("undoDock")
        dock.setWidget(editing.undo_view)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        dock.hide()
        toggle = self.actions["undo_history"] = dock.toggleViewAction()
        toggle.setText("&Undo History")
        toggle.setShortcut(QKeySequence("Ctrl+4"))
        self.menus["view"].addSeparator()
        self.menus["view"].addAction(toggle)
        self.canvas.link_check = editing.can_link  # a link drag outlines only targets that can take the link
        text = self.source_panel.text
        text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        text.customContextMenuRequested.connect(editing.source_menu)

    def _build_status_bar(self) -> None:
        bar = ElidingStatusBar(self)  # messages cut with "…", whole in its tooltip
        self.setStatusBar(bar)
        self.hint_label = ElidedLabel()  # cut with "…" on a narrow window, whole in its tooltip
        self.hint_label.setObjectName("hintLabel")
        bar.addWidget(self.hint_label, 1)
        self.progress = QProgressBar()
        self.progress.setObjectName("layoutProgress")
        self.progress.setMaximumWidth(160)
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        bar.addPermanentWidget(self.progress)
        self.read_only_label = QLabel("Read-only")
        self.read_only_label.setObjectName("readOnlyBadge")
        self.read_only_label.setToolTip("This corpus opened with errors; File ▸ Show Problems… lists them")
        self.read_only_label.setVisible(False)
        bar.addPermanentWidget(self.read_only_label)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        bar.addPermanentWidget(self.count_label)
        self._progress_timer = QTimer(self, singleShot=True, interval=250)
        self._progress_timer.timeout.connect(lambda: self.progress.setVisible(self.layout_runner.busy))

    # ================================================================== settings

    def _add_recent(self, path: Path) -> None:
        path_s = str(Path(path).resolve())
        recent = [p for p in self.recent_corpora() if p != path_s]
        recent.insert(0, path_s)
        self.settings.setValue("recentCorpora", recent[:MAX_RECENT])
        self.settings.sync()

    def recent_corpora(self) -> list[str]:
        value = self.settings.value("recentCorpora", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_corpora()
        for i, p in enumerate(recent):
            act = self.recent_menu.addAction(f"&{i + 1}  {Path(p).name}  —  {p}" if i < 9 else p)
            act.setData(p)
            act.setEnabled(os.path.isdir(p))  # never raises, even for a folder that cannot be entered
            act.triggered.connect(lambda _c=False, p=p: self.open_corpus(Path(p)))
        if not recent:
            self.recent_menu.addAction("No recent corpora").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear Menu", lambda: self.settings.setValue("recentCorpora", []))

    def _restore_settings(self) -> None:
        geometry = self.settings.value("geometry")
        if not (isinstance(geometry, QByteArray | bytes) and self.restoreGeometry(geometry)):
            self.resize(default_size(available_area(self)))
        keep_on_screen(self)  # saved on a bigger screen, or a high scale factor: never past the screen's edge
        state = self.settings.value("windowState")
        if isinstance(state, QByteArray | bytes) and self.restoreState(state):
            self._docks_sized = True
            self._fit_restored = True  # once shown: saved on a larger screen, the panels fold and the map keeps half
        if str(self.settings.value("lockPositions", "false")).lower() == "true":
            self.actions["lock"].setChecked(True)
            self.canvas.set_positions_locked(True)
        self.actions["lock"].toggled.connect(lambda on: self.settings.setValue("lockPositions", on))
        name = self.settings.value("layout", DEFAULT_LAYOUT)
        if name in LAYOUTS:
            self._check_layout(str(name))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._docks_sized:  # first run: share the width out once the window has its size
            self._docks_sized = True
            QTimer.singleShot(0, self._size_docks)
        elif self._fit_restored:
            self._fit_restored = False
            QTimer.singleShot(0, self.panel_layout.restored)

    def _size_docks(self) -> None:
        self.panel_layout.arrange()  # folded into tabs on a small window; the map keeps at least half

    def save_settings(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("windowState", self.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session is not None and not self.can_close_corpus():
            event.ignore()
            return
        self.layout_runner.cancel()
        self.save_settings()
        super().closeEvent(event)
