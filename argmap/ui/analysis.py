"""Comparing the narratives in the map window: the Analysis menu, its three panels, badges and filter.

`install_analysis(window)` adds the docks "Stance Matrix", "Disputes" and "What Stands", the
Analysis menu, and ties them to the window: a cell, a dispute or a status line selects its
claim and opens the passage; the acceptance status shows on the map as badges and can filter
it; hovering a claim on the map tells its status and why. Panels recompute only when shown
(a 10,000-claim matrix takes most of a second), a moment after the last edit.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDialog, QDockWidget, QFileDialog, QMenu, QWidget

from argmap import commands as cmd
from argmap.analysis import report
from argmap.analysis.status import StatusReport
from argmap.ui.disputes_panel import DisputesPanel
from argmap.ui.inspector import StatusNote
from argmap.ui.panel_layout import BOTTOM_SHARE
from argmap.ui.sides_dialog import SidesDialog
from argmap.ui.stance_panel import StancePanel
from argmap.ui.stance_view import write_matrix
from argmap.ui.status_panel import StatusPanel

if TYPE_CHECKING:
    from argmap.ui.session import MapSession
    from argmap.ui.window_api import MapWindowBase

REFRESH_MS = 150


class AnalysisController(QObject):
    def __init__(self, window: MapWindowBase) -> None:
        super().__init__(window)
        self.window = window
        self.stances = StancePanel()
        self.disputes = DisputesPanel()
        self.status = StatusPanel()
        self.report: StatusReport | None = None
        self._stale: set[QWidget] = set()
        self._map_filter = "all"
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._timer.timeout.connect(self._refresh_shown)
        self._build_docks()
        self._build_menu()
        self._connect()
        window.node_filters.append(self._visible_by_status)
        window.tooltip_notes.append(self._tooltip_note)
        self._explaining = False  # the user asked the Inspector why: keep the status current from then on
        window.inspector.status_of = self._status_note
        window.inspector.statusRequested.connect(self.explain_in_inspector)
        if window.session is not None:
            self._on_corpus_opened(window.session)

    # ================================================================== setup

    def _build_docks(self) -> None:
        w = self.window
        self.stance_dock = self._dock("Stance Matrix", "stanceDock", self.stances, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.disputes_dock = self._dock("Disputes", "disputesDock", self.disputes, Qt.DockWidgetArea.BottomDockWidgetArea)
        w.tabifyDockWidget(self.stance_dock, self.disputes_dock)
        self.status_dock = self._dock("What Stands", "statusDock", self.status, Qt.DockWidgetArea.RightDockWidgetArea)
        w.tabifyDockWidget(w.inspector_dock, self.status_dock)
        w.inspector_dock.raise_()
        self._sized: set[str] = set()
        for dock in (self.stance_dock, self.disputes_dock, self.status_dock):
            dock.visibilityChanged.connect(lambda shown, d=dock: self._on_dock_shown(d) if shown else None)
        w.layout().activate()  # the window's minimum size without them, before the saved geometry is restored

    def _on_dock_shown(self, dock: QDockWidget) -> None:
        """Refresh what it shows; the first time, give a bottom dock room for a header and a dozen rows."""
        self._timer.start()
        if dock.objectName() in self._sized or dock.isFloating():
            return
        self._sized.add(dock.objectName())
        w = self.window
        if w.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea and dock.height() < w.height() * 0.25:
            QTimer.singleShot(0, lambda: w.resizeDocks([dock], [int(w.height() * BOTTOM_SHARE)], Qt.Orientation.Vertical))

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        widget.setMinimumSize(180, 100)  # a hidden, tabified dock still counts towards the window's minimum size
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        dock.hide()  # shown from the Analysis menu; hidden before it is added, so it never counts in the layout
        self.window.addDockWidget(area, dock)
        return dock

    def _build_menu(self) -> None:
        w = self.window
        menu = self.menu = QMenu("&Analysis", w)
        menu.setObjectName("analysisMenu")
        for dock, text in ((self.stance_dock, "&Stance Matrix — Who Says What"),
                           (self.disputes_dock, "&Disputes — Where They Disagree"),
                           (self.status_dock, "What Still S&tands")):
            toggle = dock.toggleViewAction()
            toggle.setText(text)
            menu.addAction(toggle)
        menu.addSeparator()
        self.sides_action = menu.addAction("Si&des…", self.edit_sides)
        self.sides_action.setStatusTip("Group actors into sides (saved with the corpus)")
        self.badges_action = menu.addAction("Status &Badges on the Map")
        self.badges_action.setCheckable(True)
        self.badges_action.toggled.connect(self.status.badges.setChecked)
        self.status.badges.toggled.connect(self.badges_action.setChecked)
        menu.addSeparator()
        menu.addAction("Export Stance Matrix as &CSV…", lambda: self.export_stances("csv"))
        menu.addAction("Export Stance Matrix as &Image…", lambda: self.export_stances("image"))

    def _connect(self) -> None:
        w = self.window
        w.corpusOpened.connect(self._on_corpus_opened)
        w.selectionChanged.connect(self._on_selection)
        self.stances.cellActivated.connect(self.open_stance)
        self.stances.exportRequested.connect(self.export_stances)
        self.stances.sidesRequested.connect(self.edit_sides)
        self.disputes.claimActivated.connect(lambda c: self.open_claim(c))
        self.disputes.relationActivated.connect(self.open_relation)
        self.status.claimActivated.connect(lambda c: self.open_claim(c))
        self.status.reportChanged.connect(self._on_report)
        self.status.badgesToggled.connect(lambda _on: self._show_badges())
        self.status.mapFilterChanged.connect(self._on_map_filter)

    # ================================================================== corpus and edits

    def _on_corpus_opened(self, session: MapSession) -> None:
        session.modelChanged.connect(self._on_model_changed)
        self._stale = {self.stances, self.disputes, self.status}
        self.stances.set_corpus(None)
        self.disputes.set_corpus(None)
        self.status.set_corpus(None)
        self._refresh_shown()

    def _on_model_changed(self, _event) -> None:
        self._stale = {self.stances, self.disputes, self.status}
        self._timer.start()

    def _refresh_shown(self) -> None:
        session = self.window.session
        if session is None:
            return
        corpus = session.corpus
        needed = self.status.badges.isChecked() or self._map_filter != "all" or self._explaining
        for panel, dock in ((self.stances, self.stance_dock), (self.disputes, self.disputes_dock),
                            (self.status, self.status_dock)):
            shown = dock.isVisible() and not dock.visibleRegion().isEmpty() or (panel is self.status and needed)
            if panel in self._stale and shown:
                self._stale.discard(panel)
                panel.set_corpus(corpus)

    def refresh_now(self) -> None:
        """Recompute every panel at once (tests; export of a hidden panel)."""
        session = self.window.session
        if session is None:
            return
        for panel in (self.stances, self.disputes, self.status):
            panel.set_corpus(session.corpus)
        self._stale.clear()

    # ================================================================== going to the text

    def open_claim(self, claim: str, doc: str | None = None) -> None:
        """Select a claim on the map and open its passage (in `doc` when it is quoted there)."""
        session = self.window.session
        if session is None or claim not in session.corpus.claims:
            return
        mentions = session.corpus.claims[claim].mentions
        index = next((i for i, m in enumerate(mentions) if m.doc == doc), 0)
        self.window.show_mention(claim, index)

    def open_stance(self, claim: str, rel_id: str) -> None:
        """A stance-matrix cell: the claim, where that attribution is made, with its quote shown."""
        self.open_relation(rel_id, claim)

    def open_relation(self, rel_id: str, claim: str) -> None:
        """An attribution or attack: select the disputed claim, then show the relation's own quote if it has one."""
        session = self.window.session
        if session is None:
            return
        rel = session.corpus.relations.get(rel_id)
        if rel is None:
            self.open_claim(claim)
            return
        if rel.evidence:
            self.open_claim(claim, rel.evidence[0].doc)
            self.window.show_evidence(rel_id, 0)
        elif rel.kind in ("asserts", "denies"):
            self.open_claim(claim)
        else:  # an attack the annotator inferred: read the attacking claim where it is written
            self.open_claim(rel.source)

    def _on_selection(self, node: str | None) -> None:
        self.status.show_claim(node)

    # ================================================================== status on the map

    def _on_report(self, result: StatusReport | None) -> None:
        self.report = result
        if result is not None:
            self._explaining = True  # computed once (here or in the panel): the Inspector shows it from now on
        self.window.inspector.refresh()
        self._show_badges()
        if self._map_filter != "all":
            self.window.apply_filters()

    def _show_badges(self) -> None:
        if self.status.badges.isChecked() and self.status in self._stale:
            self._refresh_shown()
            return
        on = self.status.badges.isChecked() and self.report is not None
        badges = {c: st.status for c, st in self.report.claims.items()} if on and self.report else None
        self.window.canvas.set_badges(badges)

    def _on_map_filter(self, status: str) -> None:
        self._map_filter = status
        if status != "all" and self.status in self._stale:
            self._refresh_shown()
        self.window.apply_filters()

    def _visible_by_status(self) -> set[str] | None:
        """For the window's filters: the claims with the chosen status and the actors attributing them."""
        session = self.window.session
        if self._map_filter == "all" or self.report is None or session is None:
            return None
        claims = set(self.report.with_status(self._map_filter))
        actors = {r.source for r in session.corpus.relations.values() if r.kind in ("asserts", "denies") and r.target in claims}
        return claims | actors

    def explain_in_inspector(self) -> None:
        """The Inspector's "Does it still stand?": compute what stands with the panel's ticks, show it there."""
        session = self.window.session
        if session is None:
            return
        self._explaining = True
        self._stale.discard(self.status)
        self.status.set_corpus(session.corpus)  # reportChanged -> the Inspector is drawn again

    def _status_note(self, claim: str) -> StatusNote | None:
        session = self.window.session
        if self.report is None or session is None or claim not in self.report.claims:
            return None
        st = self.report.claims[claim]
        return StatusNote(st.status, st.why, self.report.restriction.describe(session.corpus), list(st.because))

    def _tooltip_note(self, node: str) -> str:
        if self.report is None or node not in self.report.claims or not (self.status.badges.isChecked()
                                                                           or self.status_dock.isVisible()):
            return ""
        return self.report.claims[node].why[:1].upper() + self.report.claims[node].why[1:]

    # ================================================================== sides and exports

    def edit_sides(self) -> None:
        session = self.window.session
        if session is None:
            return
        dialog = SidesDialog(session.corpus, self.window, read_only=session.read_only)
        self.sides_dialog = dialog  # tests drive it
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.window.editing.push(lambda: cmd.SetSides(session.corpus, dialog.sides))

    def export_stances(self, what: str) -> None:
        session = self.window.session
        if session is None:
            return
        if self.stances.matrix is None or self.stances in self._stale:
            self.stances.set_corpus(session.corpus)
            self._stale.discard(self.stances)
        m = self.stances.matrix
        assert m is not None
        base = (session.folder.name if session.folder else "corpus") + "-stances"
        start = str((session.folder.parent if session.folder else Path.home()) / base)
        if what == "image":
            path, chosen = QFileDialog.getSaveFileName(self.window, "Export Stance Matrix as Image", start + ".png",
                                                       ";;".join(IMAGE_FILTERS))
            if path and not Path(path).suffix:  # no suffix typed: the one of the chosen filter
                path += IMAGE_FILTERS.get(chosen, ".png")
        else:
            path, _ = QFileDialog.getSaveFileName(self.window, "Export Stance Matrix as CSV",
                                                  start + ("-attributions" if what == "long-csv" else "") + ".csv",
                                                  "CSV (*.csv)")
        if path:
            self.write_stances(Path(path), what)

    def write_stances(self, path: Path, what: str) -> bool:
        """Write the matrix as the panel shows it (columns, contested only) to CSV, or as PNG, SVG or PDF."""
        session = self.window.session
        m = self.stances.matrix
        if session is None or m is None:
            return False
        from argmap.model.atomic_files import atomic_write

        try:
            if what == "image":
                title = f"Who says what — {self.window.corpus_name()} (columns: {m.by})"
                write_matrix(path, m, [s.name for s in session.corpus.sides], title)
            else:
                text = report.stances_long_csv(m, session.corpus) if what == "long-csv" else report.stances_csv(m)
                atomic_write(path, text.encode("utf-8"))
        except (OSError, ValueError) as exc:
            self.window.statusBar().showMessage(f"Could not export: {exc}", 10000)
            return False
        self.window.statusBar().showMessage(f"Stance matrix written to {path}", 6000)
        return True


IMAGE_FILTERS = {"PNG image (*.png)": ".png", "SVG image, vector (*.svg)": ".svg", "PDF document (*.pdf)": ".pdf"}


def install_analysis(window: MapWindowBase) -> AnalysisController:
    return AnalysisController(window)
