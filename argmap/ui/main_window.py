"""The argument map window: the map in the centre, source text, inspector and filters in docks.

The window owns the selection and ties the views together: a click anywhere (map, text,
inspector, search, lists) ends in `select_node`, which updates every view and the history.
It never edits the corpus itself; the controllers it builds (editing, analysis, corpus actions)
use these public hooks, declared in window_api.MapWindowBase:

- `session` (MapSession or None), `canvas` (MapCanvas), `toolbar`, `menus` ("file", "edit",
  "view", "go", "help"), `inspector` (with `relationContextMenuRequested` and
  `nodeContextMenuRequested`), `source_panel.selected_span()`, `select_node(id)`,
  `open_corpus(path)`, and `can_close_corpus()`, asked before a corpus is replaced or the
  window closes (override or reassign it to offer Save/Discard/Cancel).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressBar,
    QStyle,
    QToolBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from argmap import __version__
from argmap.model.annotations import RELATION_KINDS
from argmap.model.focus_layout import focus_layout
from argmap.model.graph import filter_nodes, k_hop, neighbours
from argmap.model.layout import document_columns
from argmap.model.layout_names import DEFAULT_LAYOUT, LAYOUT_TITLES, LAYOUTS
from argmap.model.placement import place_nodes
from argmap.model.storage import load_corpus
from argmap.paths import seed_corpus_dir
from argmap.ui.actions import make_action
from argmap.ui.analysis import install_analysis
from argmap.ui.canvas import MapCanvas
from argmap.ui.corpus_actions import install_corpus_actions
from argmap.ui.corpus_panel import CorpusPanel
from argmap.ui.editing import install_editing
from argmap.ui.help_pages import install_help
from argmap.ui.history import SelectionHistory
from argmap.ui.inspector import Inspector
from argmap.ui.layout_runner import LayoutRunner
from argmap.ui.legend_panel import LegendPanel
from argmap.ui.outline_panel import OutlinePanel
from argmap.ui.overview_mode import OverviewMode
from argmap.ui.problems_dialog import ProblemsDialog
from argmap.ui.roles import relation_tooltip, role_summary
from argmap.ui.search import SearchPanel
from argmap.ui.session import MapSession
from argmap.ui.source_panel import SourcePanel
from argmap.ui.window_api import MapWindowBase
from argmap.ui.window_fit import available_area, default_size, keep_on_screen, scrolling, side_widths

MAX_RECENT = 10
# Force-directed reads best on real corpora, whose many cross links make a layered map very wide;
# the user's last choice (QSettings "layout") and a corpus's saved layout name come first.
READABLE_SCALE = 0.75  # screen pixels per world unit at which node text (12 units) is comfortably legible


def app_settings() -> QSettings:
    """The app's settings (organisation and application "argmap"), in the default format."""
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, "argmap", "argmap")


class MainWindow(MapWindowBase):

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings or app_settings()
        self.session: MapSession | None = None
        self.history = SelectionHistory()
        self.visible_nodes: set[str] | None = None  # None = every node shown
        self.layout_name = DEFAULT_LAYOUT
        self._layout_asked: str | None = None  # a layout the user chose, still being computed
        self._selected: str | None = None
        self._nav: tuple[str, list[str], int] | None = None  # (anchor, neighbours in ring order, index)
        self._nav_message = ""  # the status message shown while cycling, cleared when it goes stale
        self._shown_session: MapSession | None = None  # the session whose graph the canvas holds
        self.node_filters: list[Callable[[], set[str] | None]] = []  # more filters (e.g. by acceptance): None = no filter
        self.tooltip_notes: list[Callable[[str], str]] = []  # extra lines for a node's tooltip on the map
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self._refresh_after_edit)

        self.canvas = MapCanvas()
        self.canvas.setObjectName("mapCanvas")
        self.setCentralWidget(self.canvas)
        self.source_panel = SourcePanel()
        self.inspector = Inspector()
        self.corpus_panel = CorpusPanel()
        self.search_panel = SearchPanel()
        self.outline_panel = OutlinePanel()
        self.layout_runner = LayoutRunner(self)

        self.menus: dict[str, QMenu] = {}
        self.actions: dict[str, QAction] = {}
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self.analysis = install_analysis(self)  # its docks exist before the saved window state is restored
        self._restore_settings()
        self._update_title()
        self._update_nav_actions()
        self.editing = install_editing(self)  # Save, Undo/Redo, link/claim/actor gestures, close questions
        self.help_actions = install_help(self, self.legend_dock)  # Getting Started, Keyboard Shortcuts, Legend
        self.overview = OverviewMode(self)  # View ▸ Overview by Document / by Community
        self.corpus_actions = install_corpus_actions(self)  # New Corpus, Add Document, Import, Save As, Re-layout

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
        self.canvas.setMinimumWidth(240)
        self._docks_sized = False
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
        a("back", "&Back", self.go_back, ks.Back, sp.SP_ArrowBack, "Back to the previous selection")
        a("forward", "&Forward", self.go_forward, ks.Forward, sp.SP_ArrowForward, "Forward again")
        a("next_neighbour", "&Next Neighbour", lambda: self.cycle_neighbour(1), "]",
          tip="Select the next node linked to this one")
        a("prev_neighbour", "&Previous Neighbour", lambda: self.cycle_neighbour(-1), "[",
          tip="Select the previous node linked to this one")
        a("follow", "Follow to &Neighbour", self.follow_neighbour, ["Return", "Enter"],
          tip="Make the neighbour you cycled to the new centre of navigation")
        a("deselect", "&Clear Selection", self.escape, "Esc", tip="Back to the node you cycled from, or clear the selection")
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

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.hint_label = QLabel()
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

    def _connect(self) -> None:
        c = self.canvas
        c.nodeClicked.connect(lambda n: self.select_node(n))
        c.nodeActivated.connect(lambda n: self.select_node(n, center=True))
        c.backgroundClicked.connect(lambda: self.select_node(None))
        c.edgeClicked.connect(self.select_relation)
        self.inspector.relationRequested.connect(self.select_relation)
        c.viewport().installEventFilter(self)
        self.source_panel.passageClicked.connect(lambda claim, i: self.select_node(claim, center=True, mention=i))
        self.inspector.nodeRequested.connect(lambda n: self.select_node(n, center=True))
        self.outline_panel.nodeRequested.connect(lambda n: self.select_node(n, center=True))
        self.selectionChanged.connect(self.outline_panel.show_node)
        self.inspector.mentionRequested.connect(self.show_mention)
        self.inspector.evidenceRequested.connect(self.show_evidence)
        self.search_panel.resultActivated.connect(lambda n: self.select_node(n, center=True))
        self.search_panel.resultsChanged.connect(self.canvas.set_marked)
        self.corpus_panel.filtersChanged.connect(self.apply_filters)
        self.corpus_panel.focusChanged.connect(self._on_focus_panel)
        self.corpus_panel.documentActivated.connect(self._open_document)
        self.corpus_panel.actorActivated.connect(lambda n: self.select_node(n, center=True))
        self.layout_runner.finished.connect(self._on_layout_done)
        self.layout_runner.failed.connect(lambda name, msg: self.statusBar().showMessage(f"Layout '{name}' failed: {msg}", 8000))
        self.layout_runner.progress.connect(lambda f: self.progress.setValue(int(f * 100)))
        self.layout_runner.busyChanged.connect(self._on_layout_busy)

    # ================================================================== corpus

    def can_close_corpus(self) -> bool:
        """Asked before the open corpus is replaced or the window closes; editing code overrides it."""
        return True

    def choose_corpus(self) -> None:
        start = str(self.session.folder.parent) if self.session and self.session.folder else str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Open Corpus Folder", start)
        if folder:
            self.open_corpus(Path(folder))

    def open_corpus(self, path: str | Path) -> bool:
        """Open a corpus folder; False (and the old corpus stays) if it cannot be read at all."""
        path = Path(path)
        if self.session is not None and not self.can_close_corpus():
            return False
        result = load_corpus(path)
        if result.corpus is None:
            dialog = ProblemsDialog(result.problems, read_only=True, corpus_name=path.name, parent=self)
            dialog.setWindowTitle(f"Cannot open {path.name}")
            dialog.exec()
            return False
        session = MapSession.from_load(result, parent=self)
        self._set_session(session, path)
        self._add_recent(path)
        if session.read_only:
            self.show_problems()
        elif session.problems:
            n = len(session.problems)
            self.statusBar().showMessage(f"{n} warning{'s' if n != 1 else ''} (File ▸ Show Problems…); repaired on save", 10000)
        return True

    def _set_session(self, session: MapSession, path: Path) -> None:
        old = self.session
        self.layout_runner.cancel()
        self.session = session
        if old is not None:
            old.modelChanged.disconnect(self._on_model_changed)
            old.positionsChanged.disconnect(self._on_positions_changed)
            old.close()
            old.deleteLater()
        session.modelChanged.connect(self._on_model_changed)
        session.positionsChanged.connect(self._on_positions_changed)
        session.undo_stack.cleanChanged.connect(lambda clean: self.setWindowModified(not clean))
        self.corpus_path = path
        self.history.clear()
        self._selected = None
        self._nav = None
        self.visible_nodes = None
        self._shown_session = None
        roles = self._roles()
        self.source_panel.set_corpus(session.corpus, roles)
        self.inspector.set_corpus(session.corpus, roles)
        self.outline_panel.set_corpus(session.corpus)
        self.corpus_panel.set_corpus(session.corpus)
        self.search_panel.set_graph(session.graph)
        self.read_only_label.setVisible(session.read_only)
        self.actions["problems"].setEnabled(bool(session.problems))
        name = session.corpus.layout_name if session.corpus.layout_name in LAYOUTS else self.layout_name
        self._check_layout(name)
        self._show_graph_or_layout()
        self._update_title()
        self._update_counts()
        self._update_nav_actions()
        self._hint()
        self.corpusOpened.emit(session)

    def _roles(self) -> dict[str, str]:
        if self.session is None:
            return {}
        return {n: d["role"] for n, d in self.session.graph.nodes(data=True) if d.get("kind") == "claim"}

    def corpus_name(self) -> str:
        if self.session is None:
            return ""
        folder = self.session.folder
        return folder.name if folder else "untitled"

    def show_problems(self) -> None:
        if self.session is None or not self.session.problems:
            return
        dialog = ProblemsDialog(self.session.problems, read_only=self.session.read_only, corpus_name=self.corpus_name(),
                                parent=self)
        dialog.exec()

    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle("argmap")
            return
        ro = "  [read-only]" if self.session.read_only else ""
        self.setWindowTitle(f"{self.corpus_name()}[*]{ro} — argmap")

    def _update_counts(self) -> None:
        if self.session is None:
            self.count_label.setText("")
            return
        c = self.session.corpus
        text = f"{len(c.documents)} documents · {len(c.claims)} claims · {len(c.actors)} actors · {len(c.relations)} links"
        if self.visible_nodes is not None:
            text = f"showing {len(self.visible_nodes)} of {self.session.graph.number_of_nodes()} nodes  ·  " + text
        self.count_label.setText(text)

    # ================================================================== layout

    def _check_layout(self, name: str) -> None:
        self.layout_name = name
        self.layout_combo.setCurrentIndex(self.layout_combo.findData(name))
        self.actions[f"layout:{name}"].setChecked(True)

    def set_layout(self, name: str) -> None:
        """Lay the map out again (in the background). When it is ready `layoutChosen` is emitted:
        on a map with saved positions the corpus actions apply it as one undoable edit."""
        if name not in LAYOUTS:
            return
        self._check_layout(name)
        self.settings.setValue("layout", name)
        if self.session is None:
            return
        self._layout_asked = name
        self.layout_runner.run(self.session.graph, name)

    def _show_graph_or_layout(self) -> None:
        """Draw the map now if every node has a saved position, else after the layout has run."""
        assert self.session is not None
        graph = self.session.graph
        missing = [n for n in graph.nodes if n not in self.session.corpus.positions]
        if missing:
            self.layout_runner.run(graph, self.layout_name)
        else:
            self._show_graph()

    def _show_graph(self) -> None:
        assert self.session is not None
        self.canvas.set_graph(self.session.graph, self.session.positions())
        self._update_lanes()
        first = self._shown_session is not self.session
        self._shown_session = self.session
        self.apply_filters()
        if self._selected:
            self.canvas.set_selection(self._selected)
            self._highlight_neighbours()
        if first:
            self.canvas.fit_all()
            QTimer.singleShot(0, self._first_view)  # once the docks have their final sizes

    def show_map(self) -> None:
        """Draw the session's map again (after the grouped overview replaced it on the canvas)."""
        if self.session is not None:
            self._show_graph()

    def _first_view(self) -> None:
        """The whole map: its central claims are labelled at that scale, which says more than one tangle up close."""
        if self.session is None or not self.session.graph.number_of_nodes():
            return
        self.canvas.fit_all()
        scale = self.canvas.viewport().width() / max(self.canvas.visible_world_rect().width(), 1.0)
        if scale < READABLE_SCALE:
            self.statusBar().showMessage("The whole map: its main claims are labelled — click one, or zoom in with the wheel",
                                         10000)

    def _on_layout_done(self, name: str, positions: dict) -> None:
        if self.session is None:
            return
        self.session.set_computed_positions(positions, name)  # -> positionsChanged -> canvas
        if self._layout_asked == name:
            self._layout_asked = None
            self.layoutChosen.emit(name, positions)
            self._keep_selection_in_view()

    def _keep_selection_in_view(self) -> None:
        """After a change of layout: the selection where the eye is (centred), or the whole map."""
        if self._selected is not None and self._selected in self.canvas.positions():
            self.canvas.center_on(self._selected)
        else:
            self.canvas.fit_all()

    def _update_lanes(self) -> None:
        """Titled document lanes behind a by-document map, as `argmap render --layout by-document` draws them."""
        if self.session is not None:
            by_doc = self.layout_name == "by-document"
            self.canvas.set_columns(document_columns(self.session.graph, self.session.positions()) if by_doc else None)

    def _on_positions_changed(self, _ids: list) -> None:
        if self.session is None:
            return
        if self._shown_session is not self.session:
            self._show_graph()
        else:
            self.canvas.update_positions(self.session.positions())
            self._update_lanes()

    def _on_layout_busy(self, busy: bool) -> None:
        if busy:
            self.progress.setValue(0)
            self._progress_timer.start()
            self.statusBar().showMessage(f"Laying out the map ({LAYOUT_TITLES.get(self.layout_name, self.layout_name).lower()})…")
        else:
            self._progress_timer.stop()
            self.progress.setVisible(False)
            self.statusBar().clearMessage()

    def layout_ready(self) -> bool:
        """True once the map is drawn and no layout is running (tests wait for this)."""
        return self.session is not None and self._shown_session is self.session and not self.layout_runner.busy

    # ================================================================== edits made elsewhere

    def _on_model_changed(self, _event) -> None:
        self._refresh_timer.start()  # coalesce the events of one command (a macro emits several)

    def _refresh_after_edit(self) -> None:
        session = self.session
        if session is None:
            return
        valid = set(session.graph.nodes)
        if self._selected is not None and self._selected not in valid:
            self._selected = None
            self.source_panel.select_claim(None)  # no strong highlight stays on a deleted claim's passage
        self._nav = None
        self.history.forget(valid)
        roles = self._roles()
        if self.source_panel.switcher.count() != len(session.corpus.documents):  # documents added or removed
            self.source_panel.set_corpus(session.corpus, roles)
        else:
            self.source_panel.refresh(roles)
        self.inspector.set_corpus(session.corpus, roles)
        self.outline_panel.set_corpus(session.corpus)
        self.corpus_panel.set_corpus(session.corpus, keep_filters=True)
        self.search_panel.set_graph(session.graph)
        shown = session.positions()
        missing = [n for n in valid if n not in shown]
        if missing and any(n in shown for n in valid):  # new nodes go into free space; the rest stays put
            centre = self.canvas.visible_world_rect().center()
            session.computed_positions.update(place_nodes(session.graph, shown, missing, (centre.x(), centre.y())))
        elif missing:
            self.layout_runner.run(session.graph, self.layout_name)
        self.canvas.set_graph(session.graph, session.positions())
        self._update_lanes()
        self._shown_session = session
        self.apply_filters()
        self.canvas.set_selection(self._selected)
        self._highlight_neighbours()
        self._update_counts()
        self._update_nav_actions()

    # ================================================================== selection

    def selected(self) -> str | None:
        return self._selected

    def select_node(self, node_id: str | None, *, center: bool = False, mention: int | None = None, record: bool = True) -> None:
        """Select a node in every view: map, inspector, source text; None clears the selection."""
        session = self.session
        if session is None:
            return
        if node_id is not None and node_id not in session.graph:
            return
        self._nav = None
        if self._nav_message and self.statusBar().currentMessage() == self._nav_message:
            self.statusBar().clearMessage()  # "Enter to follow" no longer holds
        self._select(node_id, center=center, mention=mention)
        if record and node_id is not None:
            self.history.visit(node_id)
        self._update_nav_actions()

    def _select(self, node_id: str | None, *, center: bool, mention: int | None = None,
                highlight: set[str] | None = None) -> None:
        assert self.session is not None
        self._selected = node_id
        if self.actions["focus"].isChecked():
            self.apply_filters()
        elif node_id is not None and self.visible_nodes is not None and node_id not in self.visible_nodes:
            self.apply_filters()  # the selection is always shown, even when filtered out
        self.canvas.set_selection(node_id)
        if highlight is None:
            self._highlight_neighbours()
        else:
            self.canvas.set_highlight(highlight)
        self.inspector.show_node(node_id)
        if node_id in self.session.corpus.claims:
            self.source_panel.select_claim(node_id, mention)
        else:
            self.source_panel.select_claim(None)
        if node_id is not None and self.actions["focus"].isChecked():
            self.canvas.fit_all()  # focus mode: the whole neighbourhood, fitted
        elif center and node_id is not None:
            self.canvas.center_on(node_id)
        self._hint()
        self.selectionChanged.emit(node_id)

    def select_relation(self, rel_id: str) -> None:
        """Show a link in the Inspector and emphasise its ends (an undercut's: its claim and the link it attacks)."""
        session = self.session
        if session is None or rel_id not in session.corpus.relations:
            return
        corpus = session.corpus
        rel = corpus.relations[rel_id]
        attacked = corpus.relations.get(rel.target)
        ends = {rel.source, *((attacked.source, attacked.target) if attacked else (rel.target,))}
        ends |= {u.source for u in corpus.undercuts_of(rel_id)}  # and the claims that contest it
        self._nav = None
        self._select(None, center=False, highlight=ends & set(session.graph))
        self.inspector.show_relation(rel_id)
        middle = self.canvas.map_painter.edge_midpoint(rel_id) if self.canvas.map_painter is not None else None
        if middle is not None and not self.canvas.visible_world_rect().contains(middle):
            self.canvas.center_on_point(middle)  # followed from the Inspector: bring the link into view

    def _highlight_neighbours(self) -> None:
        if self.session is None or self._selected is None or self._selected not in self.session.graph:
            self.canvas.set_highlight(set())
            return
        self.canvas.set_highlight(set(neighbours(self.session.graph, self._selected)))

    def center_selection(self) -> None:
        if self._selected:
            self.canvas.center_on(self._selected)

    def show_mention(self, claim_id: str, index: int) -> None:
        """Open a claim's document at one of its mentions (selecting the claim if needed)."""
        if claim_id != self._selected:
            self.select_node(claim_id, center=True, mention=index)
        else:
            self.source_panel.select_claim(claim_id, index)
        self.source_dock.show()
        self.source_dock.raise_()

    def show_evidence(self, rel_id: str, index: int) -> None:
        if self.session is None or rel_id not in self.session.corpus.relations:
            return
        rel = self.session.corpus.relations[rel_id]
        if 0 <= index < len(rel.evidence):
            ev = rel.evidence[index]
            self.source_panel.show_span(ev.doc, ev.start, ev.end)
            self.source_dock.show()
            self.source_dock.raise_()

    def _open_document(self, doc_id: str) -> None:
        self.source_panel.show_document(doc_id)
        self.source_dock.show()
        self.source_dock.raise_()

    # -- history ---------------------------------------------------------------------

    def go_back(self) -> None:
        """Back in the history; after cycling through neighbours, first back to where cycling began."""
        current = self.history.current
        node = current if current is not None and current != self._selected else self.history.back()
        if node is not None:
            self._nav = None
            self._select(node, center=True)
        self._update_nav_actions()

    def go_forward(self) -> None:
        node = self.history.forward()
        if node is not None:
            self._nav = None
            self._select(node, center=True)
        self._update_nav_actions()

    def _update_nav_actions(self) -> None:
        cycled = self.history.current is not None and self.history.current != self._selected
        self.actions["back"].setEnabled(self.history.can_back() or cycled)
        self.actions["forward"].setEnabled(self.history.can_forward())
        has = self._selected is not None
        for key in ("next_neighbour", "prev_neighbour", "center"):
            self.actions[key].setEnabled(has)
        self.actions["follow"].setEnabled(self._nav is not None)

    # -- keyboard navigation between linked nodes --------------------------------------

    def _ring(self, anchor: str) -> list[str]:
        """The anchor's shown neighbours, clockwise from twelve o'clock around it on the map."""
        assert self.session is not None
        found = [n for n in neighbours(self.session.graph, anchor) if self.visible_nodes is None or n in self.visible_nodes]
        pos = self.session.positions()
        if anchor not in pos:
            return found
        ax, ay = pos[anchor]

        def angle(n: str) -> float:
            x, y = pos.get(n, (ax, ay))
            return math.atan2(x - ax, -(y - ay)) % (2 * math.pi)  # y points down

        return sorted(found, key=angle)

    def cycle_neighbour(self, step: int) -> None:
        """Select the next/previous node linked to the anchor (the node navigation started from)."""
        if self.session is None or self._selected is None:
            return
        if self._nav is None or self._nav[1][self._nav[2]] != self._selected:
            anchor = self._selected
            ring = self._ring(anchor)
            if not ring:
                self.statusBar().showMessage("This node has no links shown", 3000)
                return
            index = 0 if step > 0 else len(ring) - 1
        else:
            anchor, ring, index = self._nav
            index = (index + step) % len(ring)
        self._nav = (anchor, ring, index)
        self._select(ring[index], center=True, highlight=set(ring) | {anchor})
        self._nav_message = (f"Neighbour {index + 1} of {len(ring)} of “{self._label(anchor)}” — Enter to follow, "
                             "Esc to go back")
        self.statusBar().showMessage(self._nav_message, 6000)
        self._update_nav_actions()

    def follow_neighbour(self) -> None:
        """Make the neighbour cycled to the new anchor, and remember it in the history."""
        if self._selected is not None:
            self.select_node(self._selected, center=True)

    def escape(self) -> None:
        if self._nav is not None:
            self.select_node(self._nav[0], center=True, record=False)
        else:
            self.select_node(None)

    def _label(self, node_id: str) -> str:
        assert self.session is not None
        label = self.session.graph.nodes[node_id]["label"]
        return label if len(label) < 50 else label[:49] + "…"

    def _hint(self) -> None:
        if self.session is None:
            self.hint_label.setText("")
        elif self._selected is None:
            self.hint_label.setText("Click a node or a shaded passage · Ctrl+F find · wheel to zoom · "
                                    "Space+drag or middle-drag to pan")
        else:
            self.hint_label.setText("[ ] linked nodes · Enter follow · Alt+← back · C centre · Ctrl+Shift+F focus")

    # ================================================================== filters and focus

    def apply_filters(self) -> None:
        """Show what the filters and focus mode let through (plus the selection, always)."""
        session = self.session
        if session is None:
            return
        graph = session.graph
        docs, actors, kinds = self.corpus_panel.filters()
        focus = self.actions["focus"].isChecked() and self._selected is not None
        extra = [f for f in (flt() for flt in self.node_filters) if f is not None]
        if docs is None and actors is None and kinds is None and not focus and not extra:
            visible = None
        else:
            visible = filter_nodes(graph, docs, actors, kinds)
            if focus:
                visible &= k_hop(graph, self._selected, self.corpus_panel.depth.value(), kinds)
            for keep in extra:
                visible &= keep
            if self._selected is not None:
                visible.add(self._selected)
        self.visible_nodes = visible
        self.canvas.set_visible_nodes(visible)
        self.canvas.set_visible_kinds(set(kinds) if kinds is not None else set(RELATION_KINDS))
        # focus mode lays the neighbourhood out around the selection; leaving it puts every node back
        local = focus_layout(graph, self._selected, visible) if focus and visible is not None else None
        self.canvas.set_local_positions(local, session.positions())
        self._update_counts()

    def set_focus_mode(self, on: bool) -> None:
        if self.actions["focus"].isChecked() != on:
            self.actions["focus"].setChecked(on)
        self.corpus_panel.focus.blockSignals(True)
        self.corpus_panel.focus.setChecked(on)
        self.corpus_panel.focus.blockSignals(False)
        self.apply_filters()
        if on and self._selected is None:
            self.statusBar().showMessage("Focus mode: select a node to see only its neighbourhood", 5000)
        elif on:
            self.canvas.fit_all()  # fits what is shown: the neighbourhood
        elif self._selected is not None:
            self.canvas.center_on(self._selected)

    def _on_focus_panel(self, on: bool, _depth: int) -> None:
        self.set_focus_mode(on)
        if on and self._selected is not None:
            self.canvas.fit_all()

    # ================================================================== search, export, about

    def focus_search(self) -> None:
        self.browse_dock.show()
        self.browse_dock.raise_()
        self.search_panel.focus_field()

    def _export_state(self):
        return self.canvas.paint_state()

    def export_image(self) -> None:
        if self.session is None:
            return
        from argmap.ui.export_dialog import ExportImageDialog

        folder = self.settings.value("export/folder", "") or str(Path.home())
        name = f"{self.corpus_name() or 'map'}-map.png"
        dialog = ExportImageDialog(self, self.session.graph, self.session.positions(), self._export_state(),
                                   self.canvas.visible_world_rect(), default_path=Path(str(folder)) / name)
        dialog.exec()
        if dialog.written is not None:
            self.settings.setValue("export/folder", str(dialog.written.parent))
            self.statusBar().showMessage(f"Exported the map to {dialog.written}", 10000)

    def copy_image(self) -> None:
        if self.session is None:
            return
        from argmap.ui.export_dialog import copy_image_to_clipboard

        view = self.canvas.visible_world_rect()
        copy_image_to_clipboard(self.session.graph, self.session.positions(), self._export_state(), view)
        self.statusBar().showMessage("Map copied to the clipboard", 3000)

    def about(self) -> None:
        QMessageBox.about(self, "About argmap",
                          f"<h3>argmap {__version__}</h3>"
                          "<p>Read arguments as maps: claims, rebuttals and the actors behind them, "
                          "each linked to the passage of the source text it comes from.</p>"
                          "<p>Click a node to read where it is said; click a shaded passage to find it in the map.</p>"
                          "<p>MIT licence. Built with Qt (PySide6), pyqtgraph, networkx and igraph.</p>")

    # ================================================================== hover tooltips

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.session is not None and obj is self.canvas.viewport():
            node = self.canvas.node_at(event.pos())
            edge = self.canvas.edge_at(event.pos()) if node is None else None
            if edge is not None and edge in self.session.corpus.relations:
                QToolTip.showText(event.globalPos(), relation_tooltip(self.session.corpus, edge), self.canvas.viewport())
                return True
            if node is None or node not in self.session.graph:
                QToolTip.hideText()
                return True
            QToolTip.showText(event.globalPos(), self._tooltip(node), self.canvas.viewport())
            return True
        return super().eventFilter(obj, event)

    def _tooltip(self, node: str) -> str:
        from html import escape

        assert self.session is not None
        data = self.session.graph.nodes[node]
        if data["kind"] == "actor":
            n = len(neighbours(self.session.graph, node, direction="out"))
            return f"<b>{escape(data['label'])}</b> ({escape(data.get('actor_type', ''))})<br>{n} claim(s) asserted or denied"
        docs = self.session.corpus.documents
        where = ", ".join(escape(docs[d].title) for d in data.get("docs", []) if d in docs)
        summary = role_summary(self.session.corpus, node)
        summary = f"<br><span style='color:#444'>{escape(summary)}</span>" if summary else ""
        notes = "".join(f"<br>{escape(n)}" for n in (note(node) for note in self.tooltip_notes) if n)
        return (f"<p style='max-width:360px'><b>Claim</b>: {escape(data['label'])}{summary}<br>"
                f"<span style='color:#666'>{len(data.get('mentions', []))} mention(s) in {where or 'no document'}</span>"
                f"{notes}</p>")

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

    def _size_docks(self) -> None:
        w, h = self.width(), self.height()
        left, right = side_widths(w, max(230, self.browse_dock.minimumSizeHint().width()),
                                  max(240, self.source_dock.minimumSizeHint().width()))
        self.resizeDocks([self.browse_dock, self.source_dock], [left, right], Qt.Orientation.Horizontal)
        self.resizeDocks([self.inspector_dock, self.source_dock], [h * 42 // 100, h * 58 // 100], Qt.Orientation.Vertical)
        self.resizeDocks([self.browse_dock, self.legend_dock], [h * 60 // 100, h * 40 // 100], Qt.Orientation.Vertical)

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
