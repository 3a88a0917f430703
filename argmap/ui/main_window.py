"""The argument map window: the map in the centre, source text, inspector and filters in docks.

Split by concern: window_chrome.py builds the docks, menus and toolbar and remembers them;
map_display.py shows the map (layouts, filters and focus through model.view, export, tooltips);
navigation.py owns the selection and history; this module opens corpora and wires the views.

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

import dataclasses
import gc
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QMenu,
    QWidget,
)

from argmap.model.json_text import gc_paused
from argmap.model.layout_names import DEFAULT_LAYOUT, LAYOUTS
from argmap.model.loading import load_corpus
from argmap.model.view import MapView
from argmap.ui.analysis import install_analysis
from argmap.ui.canvas import MapCanvas
from argmap.ui.corpus_actions import install_corpus_actions
from argmap.ui.corpus_panel import CorpusPanel
from argmap.ui.editing import EditingController
from argmap.ui.help_pages import help_actions, help_entries
from argmap.ui.inspector import Inspector
from argmap.ui.layout_runner import LayoutRunner
from argmap.ui.map_display import MapDisplay
from argmap.ui.navigation import Navigator, Shown
from argmap.ui.outline_panel import OutlinePanel
from argmap.ui.overview_mode import OverviewMode
from argmap.ui.panel_layout import PanelLayout
from argmap.ui.problems_dialog import ProblemsDialog
from argmap.ui.search import SearchPanel
from argmap.ui.session import MapSession
from argmap.ui.source_panel import SourcePanel
from argmap.ui.window_chrome import WindowChrome


def app_settings() -> QSettings:
    """The app's settings (organisation and application "argmap"), in the default format."""
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, "argmap", "argmap")


class MainWindow(WindowChrome, MapDisplay):

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings or app_settings()
        self.session: MapSession | None = None
        self.nav = Navigator(lambda: self.session.graph if self.session is not None else None,
                             lambda: self.session.positions() if self.session is not None else {},
                             lambda: self.visible_nodes, self)
        self.visible_nodes: set[str] | None = None  # None = every node shown
        self.view: MapView | None = None  # what the map shows, as model.view described it last
        self.layout_name = DEFAULT_LAYOUT
        self._layout_asked: str | None = None  # a layout the user chose, still being computed
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
        self._connect_navigation()
        self.analysis = install_analysis(self)  # its docks exist before the saved window state is restored
        self.add_menu("analysis", self.analysis.menu, before="help")
        self.panel_layout = PanelLayout(self, self.saveState())  # the built arrangement, for View ▸ Panels ▸ Reset Layout
        self._restore_settings()
        self._update_title()
        self._update_nav_actions()
        self.editing = EditingController(self)  # Save, Undo/Redo, link/claim/actor gestures, close questions
        self.merge_editing(self.editing)  # its actions into the menus and toolbar, its undo history into a dock
        self.help_actions = help_actions(self, self.legend_dock)  # Getting Started, Keyboard Shortcuts, Legend
        self.merge_entries(help_entries(self.help_actions))
        self.overview = OverviewMode(self)  # View ▸ Overview by Document / by Community
        self.merge_entries(self.overview.menu_entries)
        self.corpus_actions = install_corpus_actions(self)  # New Corpus, Add Document, Import, Save As, Re-layout
        self.merge_entries(self.corpus_actions.menu_entries)
        self.editing.saver.save_elsewhere = self.corpus_actions.save_as  # Save on a bundled or imported corpus

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
        """Asked before the open corpus is replaced or the window closes: Save / Discard / Cancel."""
        return self.editing.saver.can_close()

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
        gc.unfreeze()  # the previous corpus (frozen below) can be collected again once it is let go
        with gc_paused():  # ~1M objects at 50,000 claims (corpus, graph, panels, the layout's copy), all kept
            result = load_corpus(path)
            if result.corpus is not None:
                session = MapSession.from_load(result, parent=self)
                self._set_session(session, path)
                # They live as long as the session: later collector passes (at random moments, such as a
                # click) need not scan them again. Frozen objects are still freed by reference counting.
                gc.freeze()
        if result.corpus is None:
            dialog = ProblemsDialog(result.problems, read_only=True, corpus_name=path.name, parent=self)
            dialog.setWindowTitle(f"Cannot open {path.name}")
            dialog.exec()
            return False
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
        self.nav.reset()
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

    # ================================================================== selection (state in self.nav)

    def _connect_navigation(self) -> None:
        """The views listen to the Navigator: filters first, then map, Inspector and text, then the framing."""
        nav = self.nav
        nav.shown.connect(self._filter_for_selection)
        nav.shown.connect(lambda s: self.canvas.show_selection(s.node, s.highlight))
        nav.shown.connect(lambda s: self.inspector.show_node(s.node))
        nav.shown.connect(lambda s: self.source_panel.select_claim(s.node if s.is_claim else None, s.mention))
        nav.shown.connect(self._frame_selection)
        nav.selectionChanged.connect(self.selectionChanged.emit)
        nav.relationShown.connect(self.inspector.show_relation)
        nav.relationShown.connect(self._bring_link_into_view)
        nav.navigationChanged.connect(self._update_nav_actions)
        nav.message.connect(self._nav_status)

    def selected(self) -> str | None:
        return self.nav.selected

    def select_node(self, node_id: str | None, *, center: bool = False, mention: int | None = None, record: bool = True) -> None:
        """Select a node in every view: map, inspector, source text; None clears the selection."""
        self.nav.select(node_id, center=center, mention=mention, record=record)

    def reveal(self, item_id: str) -> None:
        """Show what an edit just made: selected, in view and readable, with the Inspector in front
        (it was left behind a What Stands tab, and a claim made at whole-map zoom was a speck)."""
        session = self.session
        if session is None:
            return
        self.refresh_now()
        corpus = session.corpus
        rel = corpus.relations.get(item_id)
        if rel is not None:
            self.select_relation(item_id)
            ends = [rel.source, rel.target] if rel.target not in corpus.relations else [
                rel.source, corpus.relations[rel.target].source, corpus.relations[rel.target].target]
            self.canvas.show_readable(ends)
        elif corpus.node(item_id) is not None:
            self.select_node(item_id)
            self.canvas.show_readable([item_id])
        else:
            return
        self.inspector_dock.show()
        self.inspector_dock.raise_()

    def select_relation(self, rel_id: str) -> None:
        if self.session is not None:
            self.nav.select_relation(self.session.corpus, rel_id)

    def _filter_for_selection(self, shown: Shown) -> None:
        if self.actions["focus"].isChecked():
            self.apply_filters()
        elif shown.node is not None and self.visible_nodes is not None and shown.node not in self.visible_nodes:
            self.apply_filters()  # the selection is always shown, even when filtered out
        if self.view is not None:  # the description follows the selection (and a cycled ring's emphasis)
            self.view = dataclasses.replace(self.view, selected=shown.node, highlighted=set(shown.highlight))

    def _frame_selection(self, shown: Shown) -> None:
        if shown.node is not None and self.actions["focus"].isChecked():
            self.canvas.fit_all()  # focus mode: the whole neighbourhood, fitted
        elif shown.center and shown.node is not None:
            self.canvas.center_on(shown.node)
        self._hint()

    def _bring_link_into_view(self, rel_id: str) -> None:
        middle = self.canvas.map_painter.edge_midpoint(rel_id) if self.canvas.map_painter is not None else None
        if middle is not None and not self.canvas.visible_world_rect().contains(middle):
            self.canvas.center_on_point(middle)  # followed from the Inspector: bring the link into view

    def _nav_status(self, text: str, ms: int) -> None:
        if text:
            self._nav_message = text
            self.statusBar().showMessage(text, ms)
        elif self._nav_message and self.statusBar().currentMessage() == self._nav_message:
            self.statusBar().clearMessage()

    def center_selection(self) -> None:
        if self.nav.selected:
            self.canvas.center_on(self.nav.selected)

    def show_mention(self, claim_id: str, index: int) -> None:
        """Open a claim's document at one of its mentions (selecting the claim if needed)."""
        if claim_id != self.nav.selected:
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

    def _update_nav_actions(self) -> None:
        nav = self.nav
        self.actions["back"].setEnabled(nav.can_back())
        self.actions["forward"].setEnabled(nav.can_forward())
        for key in ("next_neighbour", "prev_neighbour", "center"):
            self.actions[key].setEnabled(nav.selected is not None)
        self.actions["follow"].setEnabled(nav.cycling)

    def _hint(self) -> None:
        if self.session is None:
            self.hint_label.setText("")
        elif self.nav.selected is None:
            self.hint_label.setText("Click a node or a shaded passage · Ctrl+F find · wheel to zoom · "
                                    "Space+drag or middle-drag to pan")
        else:
            self.hint_label.setText("[ ] linked nodes · Enter follow · Alt+← back · C centre · Ctrl+Shift+F focus")
