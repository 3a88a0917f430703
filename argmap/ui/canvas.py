"""The map canvas: a pyqtgraph view that draws through MapPainter and forwards gestures.

One GraphicsObject draws the whole map (no per-node Qt items: thousands of pyqtgraph items are
slow, and crash PySide6 6.12.0 past about a thousand: see the pin in pyproject.toml). Hit testing
goes through MapPainter's numpy box arrays. Left-drag on empty map, middle-drag anywhere and
Space+left-drag anywhere pan; with positions locked a left-drag on a node pans too. The canvas
never edits the model: it emits nodeClicked, nodeActivated, backgroundClicked, edgeClicked,
nodesMoved (once per drag, for one undo step), linkRequested and undercutRequested (a link drag
dropped on a link rather than a node), and nodeContextMenuRequested / edgeContextMenuRequested
(a right-click on a node or a link); the window and its editing controller turn them into commands.

Over 500 lines: the view and its one drawing item, whose gestures need the view's state (the
tiles are in tile_cache.py, the drawing in argmap.render).
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
from argmap.ui.tile_cache import TileCache, snapped

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
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        node = self.canvas._node_at_world(ev.pos())
        if node is None:
            ev.ignore()
            return
        ev.accept()
        if ev.double():
            self.canvas.nodeActivated.emit(node)
        else:
            self.canvas._click_node(node)

    def mouseDragEvent(self, ev) -> None:  # noqa: N802
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        c = self.canvas
        if ev.isStart():
            node = c._node_at_world(ev.buttonDownPos())
            if node is None:
                ev.ignore()
                return
            shift = Qt.KeyboardModifier.ShiftModifier
            linking = c._link_mode or bool((ev.modifiers() | c._press_modifiers) & shift)
            c._panning = c._space_held or ((c._locked or c._local) and not linking)
            if not c._panning:
                c._begin_drag(node, ev.buttonDownPos(), linking)
        if c._panning:  # Space held, or positions locked: the drag pans even where it starts on a node
            ev.currentItem = c.vb  # the view box reads the drag in its own coordinates
            c.vb.mouseDragEvent(ev)
            if ev.isFinish():
                c._panning = False
            return
        if c._drag is None:
            ev.ignore()
            return
        ev.accept()
        c._drag_to(ev.pos())
        if ev.isFinish():
            c._end_drag(ev.pos())

    def hoverEvent(self, ev) -> None:  # noqa: N802
        node = None if ev.isExit() else self.canvas._node_at_world(ev.pos())
        if node is not None:
            ev.acceptDrags(Qt.MouseButton.LeftButton)
        self.canvas._hover(node)


class _MapViewBox(pg.ViewBox):
    """A ViewBox whose left click on empty space is the canvas's background click."""

    def __init__(self, canvas: MapCanvas) -> None:
        super().__init__(lockAspect=True, invertY=True, enableMenu=False)
        self.canvas = canvas

    def mouseClickEvent(self, ev) -> None:  # noqa: N802
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self.canvas._click_background(self.mapSceneToView(ev.scenePos()))
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
        self._link_mode = False
        self._locked = False  # "Lock positions": a drag on a node pans instead of moving it
        self._space_held = False  # Space+drag pans, as in design tools
        self._panning = False
        self._local = False  # nodes shown at focus mode's own places: drags pan, so those places are never saved
        # whether a link from the first node to the second makes sense (the window sets it to editing's can_link);
        # a link drag outlines only targets it accepts
        self.link_check: Callable[[str, str], bool] | None = None
        self._dropped_on: str | None = None  # the node a link was dropped on: not outlined until the mouse leaves it
        self._drag: dict | None = None
        self._press_modifiers = Qt.KeyboardModifier.NoModifier
        self.vb = _MapViewBox(self)
        self.vb.setMouseEnabled(True, True)
        self.setCentralItem(self.vb)
        self.item = _MapItem(self)
        self.vb.addItem(self.item, ignoreBounds=True)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setMouseTracking(True)

    def mousePressEvent(self, ev) -> None:  # noqa: N802
        # a drag decides between "move" and "link" by the modifiers held when the button went down
        self._press_modifiers = ev.modifiers()
        self._forget_lost_presses(ev.buttons())
        super().mousePressEvent(ev)

    def keyPressEvent(self, ev) -> None:  # noqa: N802
        if ev.key() == Qt.Key.Key_Space and not ev.modifiers():
            if not ev.isAutoRepeat():
                self._space_held = True
                self._update_cursor()
            ev.accept()
            return
        super().keyPressEvent(ev)

    def keyReleaseEvent(self, ev) -> None:  # noqa: N802
        if ev.key() == Qt.Key.Key_Space:
            if not ev.isAutoRepeat():
                self._space_held = False
                self._update_cursor()
            ev.accept()
            return
        super().keyReleaseEvent(ev)

    def focusOutEvent(self, ev) -> None:  # noqa: N802
        self._space_held = False  # the release may go elsewhere
        self._update_cursor()
        super().focusOutEvent(ev)

    def set_positions_locked(self, on: bool) -> None:
        """Lock positions: left-drag pans everywhere and nodes stay put (Shift-drag still links)."""
        self._locked = bool(on)

    def positions_locked(self) -> bool:
        return self._locked

    def _update_cursor(self) -> None:
        shape = (Qt.CursorShape.OpenHandCursor if self._space_held else
                 Qt.CursorShape.CrossCursor if self._link_mode else Qt.CursorShape.ArrowCursor)
        self.viewport().setCursor(shape)

    def _forget_lost_presses(self, held: Qt.MouseButton) -> None:
        """Drop pyqtgraph's memory of presses whose release it never saw.

        A context menu opened on a right press takes the release; pyqtgraph's scene then still
        holds that press, and the next drag starts from it: a right-button drag from the old
        spot, which the view box reads as "zoom" (the map shrank to a dot in the corner).
        """
        scene = self.scene()
        stale = [e for e in getattr(scene, "clickEvents", []) if not (held & e.button())]
        if not stale:
            return
        scene.clickEvents = [e for e in scene.clickEvents if e not in stale]
        scene.dragButtons = [b for b in scene.dragButtons if held & b]
        if not scene.clickEvents:
            scene.dragItem = None
            scene.lastDrag = None

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
        self._drag = None
        self.state.rubber_band = None
        self.state.floating = set()
        self._base_changed()
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
        dirty = apply_delta(mp, delta, positions, ends)
        ids = mp.index
        if self.state.selected not in ids:
            self.state.selected = None
        self.state.highlighted = {n for n in self.state.highlighted if n in ids}
        if self.state.hovered not in ids:
            self.state.hovered = None
        if mp.overview_zoom(self._pixels_per_unit()):  # labels are placed over the whole map: all may move
            self.tiles.invalidate()
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
            self._base_changed()

    def set_local_positions(self, local: Mapping[str, tuple[float, float]] | None,
                            saved: Mapping[str, tuple[float, float]]) -> None:
        """Show some nodes at places that are not the map's (focus mode's layout), or None: back to `saved`.

        Meanwhile a drag on a node pans (Shift-drag still links): a place that exists only for the
        view must not become an edit.
        """
        if local:
            self._local = True
            self.update_positions(local)
        elif self._local:
            self._local = False
            self.update_positions(saved)

    def set_columns(self, columns: list[tuple[str, str, float, float]] | None) -> None:
        """Titled document lanes behind the map, for the by-document layout (None: none).

        Compute them with argmap.model.document_layout.document_columns(graph, positions).
        """
        if self.map_painter is not None and list(columns or []) != self.map_painter.columns:
            self.map_painter.set_columns(columns)
            self._base_changed()

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
            self._base_changed()

    def set_visible_kinds(self, kinds: set[str]) -> None:
        shown = None if kinds is None else set(kinds)
        if shown != self.state.kinds:
            self.state.kinds = shown
            self._base_changed()

    def set_badges(self, badges: dict[str, str] | None) -> None:
        """Status badges on claims (see PaintState.badges); None removes them."""
        self.state.badges = None if badges is None else dict(badges)
        self._base_changed()

    def _base_changed(self) -> None:
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
        self._link_mode = bool(on)
        self._update_cursor()

    def link_mode(self) -> bool:
        return self._link_mode

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
        return self._node_at_world(world)

    def lane_title_at(self, viewport_pos: QPoint) -> str | None:
        """The full title of the document lane under a viewport position, on its title band."""
        if self.map_painter is None:
            return None
        world = self.vb.mapSceneToView(self.mapToScene(viewport_pos))
        return self.map_painter.lane_title_at(world.x(), world.y())

    def edge_at(self, viewport_pos: QPoint) -> str | None:
        """The id of the shown link under a viewport position (within a few pixels), when no node is there."""
        if self.map_painter is None:
            return None
        return self._edge_at_world(self.vb.mapSceneToView(self.mapToScene(viewport_pos)))

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

    # --- gestures (called by the item and the view box) ----------------------------------------

    def _node_at_world(self, pos: QPointF) -> str | None:
        if self.map_painter is None:
            return None
        return self.map_painter.node_at(pos.x(), pos.y(), self.state.visible)

    def _edge_at_world(self, pos: QPointF, pixels: float = 5.0) -> str | None:
        if self.map_painter is None or self._node_at_world(pos) is not None:
            return None
        tolerance = pixels * max(self.vb.viewPixelSize())
        return self.map_painter.edge_at(pos.x(), pos.y(), tolerance, self.state.visible, self.state.kinds)

    def _click_node(self, node: str) -> None:
        self.set_selection(node)
        self.nodeClicked.emit(node)

    def _click_background(self, pos: QPointF | None = None) -> None:
        edge = self._edge_at_world(pos) if pos is not None else None
        if edge is not None:
            self.edgeClicked.emit(edge)
        else:
            self.backgroundClicked.emit()

    def _link_target(self, node: str | None) -> str | None:
        """During a link drag: `node` if a link to it can be made, else None (and a "no" cursor)."""
        d = self._drag
        if d is None or not d["link"]:
            return node
        ok = node is not None and node != d["node"] and (self.link_check is None or self.link_check(d["node"], node))
        refused = node is not None and node != d["node"] and not ok
        shape = Qt.CursorShape.ForbiddenCursor if refused else Qt.CursorShape.CrossCursor
        if self.viewport().cursor().shape() != shape:
            self.viewport().setCursor(shape)
        return node if ok else None

    def _hover(self, node: str | None) -> None:
        node = self._link_target(node)
        if node is not None and node == self._dropped_on:
            node = None
        else:
            self._dropped_on = None
        if node == self.state.hovered:
            return
        self.state.hovered = node
        self.item.update()

    def _begin_drag(self, node: str, start: QPointF, linking: bool) -> None:
        assert self.map_painter is not None
        x, y = self.map_painter.position(node)
        self._drag = {"node": node, "link": linking, "start": QPointF(start), "origin": (x, y)}
        if linking:
            self.state.rubber_band = (QPointF(x, y), QPointF(start))
        else:  # the overlay carries the node while it moves; the cached map stays as it is
            self.state.floating = {node}
            self._base_changed()

    def _drag_to(self, pos: QPointF) -> None:
        d = self._drag
        if d is None or self.map_painter is None:
            return
        if d["link"]:
            a = self.map_painter.border_point(self.map_painter.index[d["node"]], pos.x(), pos.y())
            self.state.rubber_band = (a, QPointF(pos))
            self.state.hovered = self._link_target(self._node_at_world(pos))
            # off every node, over a link: dropping here would undercut it
            self.state.hovered_edge = self._edge_at_world(pos, 8.0) if self.state.hovered is None else None
            self.item.update()
            return
        ox, oy = d["origin"]
        new = (ox + pos.x() - d["start"].x(), oy + pos.y() - d["start"].y())
        self.map_painter.update_positions({d["node"]: new})
        self.item.refresh_bounds()  # repaints the overlay; the base tiles do not hold this node

    def _end_drag(self, pos: QPointF) -> None:
        d, self._drag = self._drag, None
        if d is None or self.map_painter is None:
            return
        node = d["node"]
        if d["link"]:
            self.state.rubber_band = None
            self.state.hovered = None  # the outline of the drop target goes with the gesture
            self.state.hovered_edge = None
            self._dropped_on = self._node_at_world(pos)
            self._update_cursor()
            self.item.update()
            target = self._node_at_world(pos)
            if target is not None and target != node:
                self.linkRequested.emit(node, target)
            elif target is None and (edge := self._edge_at_world(pos, 8.0)) is not None:
                self.undercutRequested.emit(node, edge)
            return
        self.state.floating = set()
        self._base_changed()
        new = self.map_painter.position(node)
        if new != d["origin"]:
            self.nodesMoved.emit({node: d["origin"]}, {node: new})
