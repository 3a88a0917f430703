"""What the canvas shows and how it gets there: layouts (run in the background), the map drawn
for a session and kept after edits, filters and focus (decided by model.view), export, tooltips.

One of the bases MainWindow is made of; model/view.py is the one place that decides what is visible.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import (
    QMessageBox,
    QToolTip,
)

from argmap import __version__
from argmap.model.annotations import RELATION_KINDS
from argmap.model.changes import Change
from argmap.model.graph import neighbours
from argmap.model.graph_sync import GraphDelta
from argmap.model.layout_names import LAYOUT_TITLES, LAYOUTS
from argmap.model.placement import place_nodes
from argmap.model.view import MapView, ViewRequest, describe_view, lanes_for
from argmap.ui.roles import relation_tooltip, role_summary
from argmap.ui.session import MapSession
from argmap.ui.window_api import MapWindowBase

# Force-directed reads best on real corpora, whose many cross links make a layered map very wide;
# the user's last choice (QSettings "layout") and a corpus's saved layout name come first.
_NOT_A_LAYOUT = "shown-as-saved"  # the Layout box's entry for positions no layout made (OVA's, by hand)
READABLE_SCALE = 0.75  # screen pixels per world unit at which node text (12 units) is comfortably legible


def _frozen(ids: set[str] | None) -> frozenset[str] | None:
    return None if ids is None else frozenset(ids)


class MapDisplay(MapWindowBase):
    """Layouts, drawing the session's map, filters and focus, export and tooltips (a base of MainWindow)."""

    view: MapView | None  # what the map shows, as model.view described it last
    visible_nodes: set[str] | None  # None = every node shown
    _shown_session: MapSession | None  # the session whose graph the canvas holds

    # ================================================================== layout

    def _check_layout(self, name: str) -> None:
        self.layout_name = name
        self.show_layout_source(name, LAYOUT_TITLES.get(name, name))

    def show_layout_source(self, name: str | None, title: str) -> None:
        """Make the Layout box and View ▸ Layout say where the shown positions come from: a layout, or
        positions from elsewhere (OVA's, arranged by hand) as an extra entry that is no layout to choose."""
        box = self.layout_combo
        extra = box.findData(_NOT_A_LAYOUT)
        group = self.actions[f"layout:{LAYOUTS[0]}"].actionGroup()
        if name in LAYOUTS:
            if extra >= 0:
                box.removeItem(extra)
            box.setCurrentIndex(box.findData(name))
            self.actions[f"layout:{name}"].setChecked(True)
            group.setExclusionPolicy(QActionGroup.ExclusionPolicy.Exclusive)
            return
        if extra < 0:
            box.addItem("", _NOT_A_LAYOUT)
            extra = box.count() - 1
            box.model().item(extra).setEnabled(False)  # it says what is shown; choosing it would lay nothing out
        box.setItemText(extra, title[:1].upper() + title[1:])
        box.setItemData(extra, "The map shows the positions it was saved or imported with; "
                               "choose a layout to lay it out again", Qt.ItemDataRole.ToolTipRole)
        box.setCurrentIndex(extra)
        group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for act in group.actions():
            act.setChecked(False)

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
        if self.nav.selected:
            self.canvas.set_selection(self.nav.selected)
            self.canvas.set_highlight(set(self.nav.highlight()))
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
        if self.nav.selected is not None and self.nav.selected in self.canvas.positions():
            self.canvas.center_on(self.nav.selected)
        else:
            self.canvas.fit_all()

    def _update_lanes(self) -> None:
        """Titled document lanes behind a by-document map, as `argmap render --layout by-document` draws them."""
        if self.session is not None:
            positions = self.session.positions()
            lanes = lanes_for(self.session.graph, positions, self.layout_name)
            if self.view is not None:  # the description follows moved nodes and a new layout
                self.view = dataclasses.replace(self.view, positions=positions, lanes=lanes)
            self.canvas.set_columns(lanes)

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

    def refresh_now(self) -> None:
        """Bring the views up to date with an edit at once (e.g. before selecting what it made)."""
        self._refresh_timer.stop()
        self._refresh_after_edit()

    def _refresh_after_edit(self) -> None:
        """Update the views for what the edits since the last refresh changed (session.take_changes)."""
        session = self.session
        if session is None:
            return
        change, delta = session.take_changes()
        if delta.everything or self._shown_session is not session:
            self._refresh_everything(session)
        elif delta or change.annotations:
            self._refresh_items(session, change, delta)

    def _refresh_items(self, session: MapSession, change: Change, delta: GraphDelta) -> None:
        """Only the items an edit touched: the map's painter and tiles, the text shading, the lists that show them."""
        graph = session.graph
        gone = {n for n in delta.nodes if n not in graph}
        if gone:
            lost = self.nav.selected in gone
            self.nav.forget(set(graph.nodes))
            if lost:
                self.source_panel.select_claim(None)  # no strong highlight stays on a deleted claim's passage
        roles = {n: graph.nodes[n]["role"] for n in delta.nodes if n in session.corpus.claims}
        if change.documents:
            self.source_panel.set_corpus(session.corpus, self._roles())
        else:
            self.source_panel.update_claims(delta.nodes & {*session.corpus.claims, *gone}, roles)
        touched = delta.nodes | change.ends
        if self.inspector.shows_any(touched | delta.edges):
            self.inspector.set_corpus(session.corpus, self._roles())
        self.outline_panel.update_nodes(session.corpus, touched)
        if change.documents or change.actors or change.relations or change.claims:
            self.corpus_panel.update_corpus(session.corpus, change)
        if delta:
            self.search_panel.set_graph(graph)
        shown = session.position_lookup()
        added = [n for n in delta.nodes if n in graph and n not in shown]
        if added:  # new nodes go into free space; the rest stays put
            centre = self.canvas.visible_world_rect().center()
            session.computed_positions.update(place_nodes(graph, shown, added, (centre.x(), centre.y()),
                                                          boxes=self.canvas.box_rows()))
        self.canvas.apply_delta(graph, delta, shown, session.edge_ends)
        if self.layout_name == "by-document" or self._filtering():
            self._update_lanes()
            self.apply_filters()
        elif self.view is not None:  # nothing filtered: the same map, only its items changed
            self.view = dataclasses.replace(self.view, positions=session.positions())
        self.canvas.set_selection(self.nav.selected)
        self.canvas.set_highlight(set(self.nav.highlight()))
        self._update_counts()
        self._update_nav_actions()

    def _filtering(self) -> bool:
        """Whether the map shows less than every node (filters, focus mode, or a filter from elsewhere)."""
        request = self.view_request()
        return bool(request.focus or request.keep or request.documents is not None or request.actors is not None
                    or request.kinds is not None or self.visible_nodes is not None)

    def _refresh_everything(self, session: MapSession) -> None:
        """Every view rebuilt (a new corpus, a swap of the whole corpus): the same path as opening one."""
        valid = set(session.graph.nodes)
        lost = self.nav.selected is not None and self.nav.selected not in valid
        self.nav.forget(valid)
        if lost:
            self.source_panel.select_claim(None)
        roles = self._roles()
        self.source_panel.set_corpus(session.corpus, roles)
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
        self.canvas.set_selection(self.nav.selected)
        self.canvas.set_highlight(set(self.nav.highlight()))
        self._update_counts()
        self._update_nav_actions()

    # ================================================================== filters and focus

    def view_request(self) -> ViewRequest:
        """What the panels, focus mode and the selection ask the map to show."""
        docs, actors, kinds = self.corpus_panel.filters()
        keep = tuple(frozenset(f) for f in (flt() for flt in self.node_filters) if f is not None)
        return ViewRequest(layout=self.layout_name, documents=_frozen(docs), actors=_frozen(actors), kinds=_frozen(kinds),
                           selected=self.nav.selected, focus=self.actions["focus"].isChecked(),
                           depth=self.corpus_panel.depth.value(), keep=keep)

    def apply_filters(self) -> None:
        """Show what the filters and focus mode let through (plus the selection, always): model.view decides."""
        session = self.session
        if session is None:
            return
        view = self.view = describe_view(session.graph, session.positions(), self.view_request())
        self.visible_nodes = view.visible
        self.canvas.set_visible_nodes(view.visible)
        self.canvas.set_visible_kinds(view.kinds if view.kinds is not None else set(RELATION_KINDS))
        # focus mode lays the neighbourhood out around the selection; leaving it puts every node back
        self.canvas.set_local_positions(view.local, view.positions)
        self._update_counts()

    def set_focus_mode(self, on: bool) -> None:
        if self.actions["focus"].isChecked() != on:
            self.actions["focus"].setChecked(on)
        self.corpus_panel.focus.blockSignals(True)
        self.corpus_panel.focus.setChecked(on)
        self.corpus_panel.focus.blockSignals(False)
        self.apply_filters()
        if on and self.nav.selected is None:
            self.statusBar().showMessage("Focus mode: select a node to see only its neighbourhood", 5000)
        elif on:
            self.canvas.fit_all()  # fits what is shown: the neighbourhood
        elif self.nav.selected is not None:
            self.canvas.center_on(self.nav.selected)

    def _on_focus_panel(self, on: bool, _depth: int) -> None:
        self.set_focus_mode(on)
        if on and self.nav.selected is not None:
            self.canvas.fit_all()

    # ================================================================== search, export, about

    def focus_search(self) -> None:
        self.browse_dock.show()
        self.browse_dock.raise_()
        self.search_panel.focus_field()

    def export_image(self) -> None:
        """File ▸ Export Image: the map as the window describes it (model.view), as `argmap render` draws it."""
        if self.session is None or self.view is None:
            return
        from argmap.ui.export_dialog import ExportImageDialog

        folder = self.settings.value("export/folder", "") or str(Path.home())
        name = f"{self.corpus_name() or 'map'}-map.png"
        dialog = ExportImageDialog(self, self.session.graph, self.view.drawn_positions(), self.canvas.paint_state(),
                                   self.canvas.visible_world_rect(), default_path=Path(str(folder)) / name,
                                   lanes=self.view.lanes)
        dialog.exec()
        if dialog.written is not None:
            self.settings.setValue("export/folder", str(dialog.written.parent))
            self.statusBar().showMessage(f"Exported the map to {dialog.written}", 10000)

    def copy_image(self) -> None:
        if self.session is None:
            return
        from argmap.ui.export_dialog import copy_image_to_clipboard

        view = self.canvas.visible_world_rect()
        positions = self.view.drawn_positions() if self.view is not None else self.session.positions()
        copy_image_to_clipboard(self.session.graph, positions, self.canvas.paint_state(), view)
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
