"""The map canvas: a pyqtgraph view that draws through MapPainter and forwards gestures.

One GraphicsObject draws the whole map (no per-node Qt items: thousands of pyqtgraph items are
slow, and crash PySide6 6.12.0 past about a thousand: see the pin in pyproject.toml). Hit testing
goes through MapPainter's numpy box arrays. Left-drag on empty map, middle-drag anywhere and
Space+left-drag anywhere pan; with positions locked a left-drag on a node pans too. The canvas
never edits the model: it emits nodeClicked, nodeActivated, backgroundClicked, edgeClicked,
nodesMoved (once per drag, for one undo step), linkRequested and undercutRequested (a link drag
dropped on a link rather than a node), and nodeContextMenuRequested / edgeContextMenuRequested
(a right-click on a node or a link); the window and its editing controller turn them into commands.

The gestures themselves (click, move, link, pan, hover) are in canvas_gestures.py, the tiles in
tile_cache.py, the drawing in argmap.render.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import networkx as nx
import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from argmap.model.graph_sync import GraphDelta
from argmap.render import style as S
from argmap.render.painter import MapPainter, PaintState
from argmap.render.painter_sync import apply_delta
from argmap.ui.canvas_gestures import MapGestures
from argmap.ui.tile_cache import TileCache, snapped

READABLE_PX = 10.0  # box text this many pixels high can be read (the map labels boxes below about 5.5)
DRAG_MARGIN = 400.0  # the item's bounds reach this far beyond the boxes, for gestures near the edge


class _MapItem(pg.GraphicsObject):
    """Draws the exposed part of the map and turns mouse gestures into canvas calls."""

    def __init__(self, canvas: MapCanvas) -> None:
        super().__init__()
        self.canvas = canvas
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptHoverEvents(True)
        self._bounds = QRectF()

    def refresh_bounds(self) -> None:
        mp = self.canvas.map_painter
        if mp is not None and mp.ids:
            box = mp.bounds()
            # zoomed out, overview labels (screen-sized) reach far past a narrow map's boxes
            m = max(DRAG_MARGIN, 0.4 * max(box.width(), box.height()))
            r = box.adjusted(-m, -m, m, m)
        else:
            r = QRectF(0, 0, 1, 1)
        if r != self._bounds:
            self.prepareGeometryChange()
            self._bounds = r
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt name)
        return self._bounds

    def paint(self, p: QPainter, opt: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        mp = self.canvas.map_painter
        if mp is None:
            return
        exposed = opt.exposedRect if not opt.exposedRect.isEmpty() else self._bounds
        ppu = abs(p.transform().m11()) or 1.0
        state = self.canvas.state
        try:
            if widget is not None and TileCache.can_tile(p.worldTransform()):
                device = p.worldTransform().mapRect(exposed).toAlignedRect() & widget.rect()
                self.canvas.tiles.draw(p, device, widget.devicePixelRatioF())
                p.setWorldTransform(snapped(p.worldTransform()))  # the overlay lines up with the tiles
            else:
                mp.paint_base(p, exposed, ppu, state, draft=True)
            mp.paint_overlay(p, exposed, ppu, state)
        except Exception:  # a drawing bug must not take the window down with it
            import traceback

            traceback.print_exc()

    # pyqtgraph's scene delivers these; an ignored event falls through to the ViewBox (pan)
    def mouseClickEvent(self, ev) -> None:  # noqa: N802
        self.canvas.gestures.item_click(ev)

    def mouseDragEvent(self, ev) -> None:  # noqa: N802
        self.canvas.gestures.item_drag(ev)

    def hoverEvent(self, ev) -> None:  # noqa: N802
        self.canvas.gestures.item_hover(ev)


class _MapViewBox(pg.ViewBox):
    """A ViewBox whose left click on empty space is the canvas's background click."""

    def __init__(self, canvas: MapCanvas) -> None:
        super().__init__(lockAspect=True, invertY=True, enableMenu=False)
        self.canvas = canvas

    def mouseClickEvent(self, ev) -> None:  # noqa: N802
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self.canvas.gestures.background_click(self.mapSceneToView(ev.scenePos()))
        else:
            super().mouseClickEvent(ev)


class MapCanvas(pg.GraphicsView):
    """The interactive map. World units, y down; see the module docstring for the signals."""

    nodeClicked = Signal(str)
    nodeActivated = Signal(str)
    backgroundClicked = Signal()
    nodesMoved = Signal(dict, dict)  # old positions, new positions
    linkRequested = Signal(str, str)  # source, target
    undercutRequested = Signal(str, str)  # claim, the id of the link it was dropped on
    edgeClicked = Signal(str)  # relation id
    nodeContextMenuRequested = Signal(str, QPoint)  # node id, global position
    edgeContextMenuRequested = Signal(str, QPoint)  # relation id, global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=S.BACKGROUND)
        self.map_painter: MapPainter | None = None
        self.graph: nx.MultiDiGraph | None = None
        self.state = PaintState()
        self.tiles = TileCache(self._render_base, QColor(S.BACKGROUND), on_settle=self._repaint_map, parent=self)
        self.gestures = MapGestures(self)
        # whether a link from the first node to the second makes sense (the window sets it to editing's can_link);
        # a link drag outlines only targets it accepts
        self.link_check: Callable[[str, str], bool] | None = None
        self.vb = _MapViewBox(self)
        self.vb.setMouseEnabled(True, True)
        self.setCentralItem(self.vb)
        self.item = _MapItem(self)
        self.vb.addItem(self.item, ignoreBounds=True)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setMouseTracking(True)

    def mousePressEvent(self, ev) -> None:  # noqa: N802
        self.gestures.mouse_press(ev)
        super().mousePressEvent(ev)

    def keyPressEvent(self, ev) -> None:  # noqa: N802
        if not self.gestures.key_press(ev):
            super().keyPressEvent(ev)

    def keyReleaseEvent(self, ev) -> None:  # noqa: N802
        if not self.gestures.key_release(ev):
            super().keyReleaseEvent(ev)

    def focusOutEvent(self, ev) -> None:  # noqa: N802
        self.gestures.focus_out(ev)
        super().focusOutEvent(ev)

    def set_positions_locked(self, on: bool) -> None:
        """Lock positions: left-drag pans everywhere and nodes stay put (Shift-drag still links)."""
        self.gestures.locked = bool(on)

    def positions_locked(self) -> bool:
        return self.gestures.locked

    # --- content -------------------------------------------------------------------------------

    def set_graph(self, graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]]) -> None:
        """Show a (new or rebuilt) graph. The view stays where it is unless the canvas was empty."""
        was_empty = self.map_painter is None or not self.map_painter.ids
        self.graph = graph
        columns = self.map_painter.columns if self.map_painter is not None else []
        self.map_painter = MapPainter(graph, positions)
        self.map_painter.set_columns(columns)
        ids = set(graph.nodes)
        if self.state.selected not in ids:
            self.state.selected = None
        self.state.highlighted &= ids
        if self.state.hovered not in ids:
            self.state.hovered = None
        self.gestures.cancel()
        self.state.rubber_band = None
        self.state.floating = set()
        self.base_changed()
        if was_empty:
            self.fit_all()

    def apply_delta(self, graph: nx.MultiDiGraph, delta: GraphDelta, positions: Mapping[str, tuple[float, float]],
                    ends: Callable[[str], tuple[str, str] | None]) -> None:
        """Show an edit of the graph shown: the painter and the tiles the edit touched are updated, nothing else."""
        mp = self.map_painter
        if mp is None or delta.everything or graph is not self.graph:
            self.set_graph(graph, positions)
            return
        if not delta:
            return
        ppu = self._pixels_per_unit()
        alphas = mp.edge_alphas(ppu)
        dirty = apply_delta(mp, delta, positions, ends)
        ids = mp.index
        if self.state.selected not in ids:
            self.state.selected = None
        self.state.highlighted = {n for n in self.state.highlighted if n in ids}
        if self.state.hovered not in ids:
            self.state.hovered = None
        if mp.overview_zoom(ppu) or mp.edge_alphas(ppu) != alphas:  # labels placed over the whole map, or
            self.tiles.invalidate()  # every link fainter or stronger: all tiles may change
        else:
            self.tiles.invalidate_world(dirty)
        self.item.refresh_bounds()

    def update_positions(self, positions: Mapping[str, tuple[float, float]]) -> None:
        mp = self.map_painter
        if mp is None:
            return
        # after a drag the painter already has the new place: no second redraw of the map
        moved = any(k in mp.index and mp.position(k) != (float(x), float(y)) for k, (x, y) in positions.items())
        if moved:
            mp.update_positions(positions)
            self.base_changed()

    def set_local_positions(self, local: Mapping[str, tuple[float, float]] | None,
                            saved: Mapping[str, tuple[float, float]]) -> None:
        """Show some nodes at places that are not the map's (focus mode's layout), or None: back to `saved`.

        Meanwhile a drag on a node pans (Shift-drag still links): a place that exists only for the
        view must not become an edit.
        """
        if local:
            self.gestures.local = True
            self.update_positions(local)
        elif self.gestures.local:
            self.gestures.local = False
            self.update_positions(saved)

    def set_columns(self, columns: list[tuple[str, str, float, float]] | None) -> None:
        """Titled document lanes behind the map, for the by-document layout (None: none).

        Compute them with argmap.model.document_layout.document_columns(graph, positions).
        """
        if self.map_painter is not None and list(columns or []) != self.map_painter.columns:
            self.map_painter.set_columns(columns)
            self.base_changed()

    def positions(self) -> dict[str, tuple[float, float]]:
        return self.map_painter.positions() if self.map_painter else {}

    def box_rows(self) -> np.ndarray | None:
        """Every drawn box as (centre x, centre y, width, height) rows, for placing new nodes; None before a map."""
        mp = self.map_painter
        return None if mp is None else np.column_stack([mp.cx, mp.cy, mp.w, mp.h])

    # --- view state ----------------------------------------------------------------------------

    def set_selection(self, node_id: str | None) -> None:
        if node_id is not None and (self.map_painter is None or node_id not in self.map_painter.index):
            node_id = None
        if node_id != self.state.selected:
            self.state.selected = node_id
            self.item.update()

    def selected(self) -> str | None:
        return self.state.selected

    def show_selection(self, node_id: str | None, highlight: set[str] | frozenset[str]) -> None:
        """The selection and the nodes that stand out with it (the Navigator's `shown`)."""
        self.set_selection(node_id)
        self.set_highlight(set(highlight))

    def set_highlight(self, ids: set[str]) -> None:
        self.state.highlighted = set(ids or ())
        self.item.update()

    def set_marked(self, ids: list[str] | set[str]) -> None:
        """Ring these nodes (search matches) on the map; empty clears."""
        marked = set(ids or ())
        if marked != self.state.marked:
            self.state.marked = marked
            self.item.update()

    def set_visible_nodes(self, ids: set[str] | None) -> None:
        visible = None if ids is None else set(ids)
        if visible != self.state.visible:  # after an edit the filters usually let the same through
            self.state.visible = visible
            self.base_changed()

    def set_visible_kinds(self, kinds: set[str]) -> None:
        shown = None if kinds is None else set(kinds)
        if shown != self.state.kinds:
            self.state.kinds = shown
            self.base_changed()

    def set_badges(self, badges: dict[str, str] | None) -> None:
        """Status badges on claims (see PaintState.badges); None removes them."""
        self.state.badges = None if badges is None else dict(badges)
        self.base_changed()

    def base_changed(self) -> None:
        """The graph, positions, filters or floating nodes changed: the cached base layer is stale."""
        self.tiles.invalidate()
        self.item.refresh_bounds()

    def _repaint_map(self) -> None:
        if shiboken6.isValid(self.item):  # pyqtgraph clears the scene when the view closes
            self.item.update()

    def _render_base(self, p: QPainter, world: QRectF, ppu: float) -> None:
        if self.map_painter is not None:
            self.map_painter.paint_base(p, world, ppu, self.state, draft=True)

    def set_link_mode(self, on: bool) -> None:
        self.gestures.link_mode = bool(on)
        self.gestures.update_cursor()

    def link_mode(self) -> bool:
        return self.gestures.link_mode

    def paint_state(self) -> PaintState:
        """A copy of what the canvas shows (selection, highlight, filters), e.g. for image export."""
        s = self.state
        return PaintState(selected=s.selected, highlighted=set(s.highlighted),
                          visible=None if s.visible is None else set(s.visible),
                          kinds=None if s.kinds is None else set(s.kinds),
                          badges=None if s.badges is None else dict(s.badges))

    # --- navigation ----------------------------------------------------------------------------

    def fit_all(self) -> None:
        if self.map_painter is None or not self.map_painter.ids:
            return
        r = self.map_painter.bounds(self.state.visible, margin=30)
        vp = self.viewport()
        for _ in range(2):  # room for lane titles that reach above their band at the fitted zoom
            ppu = min(vp.width() / max(r.width(), 1e-9), vp.height() / max(r.height(), 1e-9)) / 1.04
            r = self.map_painter.bounds(self.state.visible, margin=30).adjusted(
                0, -self.map_painter.lane_title_room(ppu), 0, 0)
        self.vb.setRange(rect=r, padding=0.02)

    def fit_nodes(self, ids: list[str] | set[str]) -> None:
        """Zoom so that these nodes fill the view."""
        if self.map_painter is not None and ids:
            self.vb.setRange(rect=self.map_painter.bounds(set(ids), margin=30), padding=0.02)

    def center_on(self, node_id: str) -> None:
        if self.map_painter is None or node_id not in self.map_painter.index:
            return
        self.center_on_point(QPointF(*self.map_painter.position(node_id)))

    def center_on_point(self, world: QPointF) -> None:
        r = self.vb.viewRect()
        r.moveCenter(world)
        self.vb.setRange(rect=r, padding=0)

    def show_readable(self, ids: list[str]) -> None:
        """Bring these nodes into the middle of the view, zoomed in until their box text can be read
        if it cannot (a claim made at whole-map zoom was a speck under someone else's label)."""
        mp = self.map_painter
        ids = [n for n in ids if mp is not None and n in mp.index]
        if mp is None or not ids:
            return
        r = mp.bounds(set(ids), margin=30)
        view = self.visible_world_rect()
        ppu = self._pixels_per_unit()
        readable = READABLE_PX / S.TEXT_SIZE
        if ppu < readable:  # zoom in around them, but never so far that they leave the view
            fits = min(self.viewport().width() / max(r.width(), 1e-9), self.viewport().height() / max(r.height(), 1e-9))
            scale = min(readable, fits) / ppu
            if scale > 1:
                view = QRectF(0, 0, view.width() / scale, view.height() / scale)
        view.moveCenter(r.center())
        self.vb.setRange(rect=view, padding=0)

    def zoom_by(self, factor: float) -> None:
        """Zoom in (factor > 1) or out (factor < 1) around the centre of the view."""
        if factor > 0:
            self.vb.scaleBy(s=(1 / factor, 1 / factor), center=self.vb.viewRect().center())

    def visible_world_rect(self) -> QRectF:
        return QRectF(self.vb.viewRect())

    def _pixels_per_unit(self) -> float:
        return self.viewport().width() / max(self.visible_world_rect().width(), 1e-9)

    def view_pos_of(self, node_id: str) -> QPoint:
        assert self.map_painter is not None
        x, y = self.map_painter.position(node_id)
        return self.mapFromScene(self.vb.mapViewToScene(QPointF(x, y)))

    def node_at(self, viewport_pos: QPoint) -> str | None:
        if self.map_painter is None:
            return None
        world = self.vb.mapSceneToView(self.mapToScene(viewport_pos))
        return self.node_at_world(world)

    def lane_title_at(self, viewport_pos: QPoint) -> str | None:
        """The full title of the document lane under a viewport position, on its title band."""
        if self.map_painter is None:
            return None
        world = self.vb.mapSceneToView(self.mapToScene(viewport_pos))
        return self.map_painter.lane_title_at(world.x(), world.y(), self._pixels_per_unit())

    def edge_at(self, viewport_pos: QPoint) -> str | None:
        """The id of the shown link under a viewport position (within a few pixels), when no node is there."""
        if self.map_painter is None:
            return None
        return self.edge_at_world(self.vb.mapSceneToView(self.mapToScene(viewport_pos)))

    def contextMenuEvent(self, ev: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        """A right-click on a node or a link is forwarded (the editing menus answer it); elsewhere pyqtgraph's."""
        node = self.node_at(ev.pos())
        edge = self.edge_at(ev.pos()) if node is None else None
        if node is not None:
            self.nodeContextMenuRequested.emit(node, ev.globalPos())
        elif edge is not None:
            self.edgeContextMenuRequested.emit(edge, ev.globalPos())
        else:
            super().contextMenuEvent(ev)
            return
        ev.accept()

    def view_pos_of_point(self, world: QPointF) -> QPoint:
        return self.mapFromScene(self.vb.mapViewToScene(world))

    # --- hit testing in world units (the gestures' questions) --------------------------------

    def node_at_world(self, pos: QPointF) -> str | None:
        if self.map_painter is None:
            return None
        return self.map_painter.node_at(pos.x(), pos.y(), self.state.visible)

    def edge_at_world(self, pos: QPointF, pixels: float = 5.0) -> str | None:
        """The shown link within `pixels` of a world point, when no node is there."""
        if self.map_painter is None or self.node_at_world(pos) is not None:
            return None
        tolerance = pixels * max(self.vb.viewPixelSize())
        return self.map_painter.edge_at(pos.x(), pos.y(), tolerance, self.state.visible, self.state.kinds)
