"""The canvas's mouse and keyboard gestures: click, drag to move, drag to link, pan, hover.

Kept apart from the view (canvas.py: what is shown, where the view looks, hit testing) because
the gestures are a small state machine of their own: which button went down with which
modifiers, whether Space is held or positions are locked, what a link drag may drop on. It never
edits the model: it emits the canvas's signals (nodeClicked, nodesMoved, linkRequested, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, SignalInstance
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QGraphicsScene, QWidget

from argmap.render.painter import MapPainter, PaintState


class GestureView(Protocol):
    """What the gestures use of the canvas (MapCanvas): declared here, as canvas.py imports this module."""

    map_painter: MapPainter | None
    state: PaintState
    item: pg.GraphicsObject
    vb: pg.ViewBox
    link_check: Callable[[str, str], bool] | None
    nodeClicked: SignalInstance
    nodeActivated: SignalInstance
    backgroundClicked: SignalInstance
    nodesMoved: SignalInstance
    linkRequested: SignalInstance
    undercutRequested: SignalInstance
    edgeClicked: SignalInstance

    def viewport(self) -> QWidget: ...
    def scene(self) -> QGraphicsScene: ...
    def set_selection(self, node_id: str | None) -> None: ...
    def node_at_world(self, pos: QPointF) -> str | None: ...
    def edge_at_world(self, pos: QPointF, pixels: float = 5.0) -> str | None: ...
    def base_changed(self) -> None: ...


class MapGestures:
    """What the pointer and the keys are doing on one canvas, and what each gesture means."""

    def __init__(self, canvas: GestureView) -> None:
        self.canvas = canvas
        self.link_mode = False
        self.locked = False  # "Lock positions": a drag on a node pans instead of moving it
        self.local = False  # nodes shown at focus mode's own places: drags pan, so those places are never saved
        self._space_held = False  # Space+drag pans, as in design tools
        self._panning = False
        self._dropped_on: str | None = None  # the node a link was dropped on: not outlined until the mouse leaves it
        self._drag: dict[str, Any] | None = None
        self._press_modifiers = Qt.KeyboardModifier.NoModifier

    # --- events the view receives ---------------------------------------------------------------

    def mouse_press(self, ev: QMouseEvent) -> None:
        # a drag decides between "move" and "link" by the modifiers held when the button went down
        self._press_modifiers = ev.modifiers()
        self._forget_lost_presses(ev.buttons())

    def key_press(self, ev: QKeyEvent) -> bool:
        """Space starts panning; True when the key was taken."""
        if ev.key() == Qt.Key.Key_Space and not ev.modifiers():
            if not ev.isAutoRepeat():
                self._space_held = True
                self.update_cursor()
            ev.accept()
            return True
        return False

    def key_release(self, ev: QKeyEvent) -> bool:
        if ev.key() == Qt.Key.Key_Space:
            if not ev.isAutoRepeat():
                self._space_held = False
                self.update_cursor()
            ev.accept()
            return True
        return False

    def focus_out(self, ev: QFocusEvent) -> None:
        self._space_held = False  # the release may go elsewhere
        self.update_cursor()

    def update_cursor(self) -> None:
        shape = (Qt.CursorShape.OpenHandCursor if self._space_held else
                 Qt.CursorShape.CrossCursor if self.link_mode else Qt.CursorShape.ArrowCursor)
        self.canvas.viewport().setCursor(shape)

    def _forget_lost_presses(self, held: Qt.MouseButton) -> None:
        """Drop pyqtgraph's memory of presses whose release it never saw.

        A context menu opened on a right press takes the release; pyqtgraph's scene then still
        holds that press, and the next drag starts from it: a right-button drag from the old
        spot, which the view box reads as "zoom" (the map shrank to a dot in the corner).
        """
        scene: Any = self.canvas.scene()  # a pyqtgraph GraphicsScene: its press memory is not in Qt's stubs
        stale = [e for e in getattr(scene, "clickEvents", []) if not (held & e.button())]
        if not stale:
            return
        scene.clickEvents = [e for e in scene.clickEvents if e not in stale]
        scene.dragButtons = [b for b in scene.dragButtons if held & b]
        if not scene.clickEvents:
            scene.dragItem = None
            scene.lastDrag = None

    # --- events the map item and the view box receive (pyqtgraph's event objects) ---------------

    def item_click(self, ev: Any) -> None:
        """A click on the map item; an ignored event falls through to the view box."""
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        node = self.canvas.node_at_world(ev.pos())
        if node is None:
            ev.ignore()
            return
        ev.accept()
        if ev.double():
            self.canvas.nodeActivated.emit(node)
        else:
            self.canvas.set_selection(node)
            self.canvas.nodeClicked.emit(node)

    def item_drag(self, ev: Any) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        c = self.canvas
        if ev.isStart():
            node = c.node_at_world(ev.buttonDownPos())
            if node is None:
                ev.ignore()
                return
            shift = Qt.KeyboardModifier.ShiftModifier
            linking = self.link_mode or bool((ev.modifiers() | self._press_modifiers) & shift)
            self._panning = self._space_held or ((self.locked or self.local) and not linking)
            if not self._panning:
                self._begin_drag(node, ev.buttonDownPos(), linking)
        if self._panning:  # Space held, or positions locked: the drag pans even where it starts on a node
            ev.currentItem = c.vb  # the view box reads the drag in its own coordinates
            c.vb.mouseDragEvent(ev)
            if ev.isFinish():
                self._panning = False
            return
        if self._drag is None:
            ev.ignore()
            return
        ev.accept()
        self._drag_to(ev.pos())
        if ev.isFinish():
            self._end_drag(ev.pos())

    def item_hover(self, ev: Any) -> None:
        node = None if ev.isExit() else self.canvas.node_at_world(ev.pos())
        if node is not None:
            ev.acceptDrags(Qt.MouseButton.LeftButton)
        self._hover(node)

    def background_click(self, pos: QPointF | None = None) -> None:
        edge = self.canvas.edge_at_world(pos) if pos is not None else None
        if edge is not None:
            self.canvas.edgeClicked.emit(edge)
        else:
            self.canvas.backgroundClicked.emit()

    def cancel(self) -> None:
        """The map was replaced: a drag in progress has nothing left to move."""
        self._drag = None

    # --- the gestures -----------------------------------------------------------------------------

    def _link_target(self, node: str | None) -> str | None:
        """During a link drag: `node` if a link to it can be made, else None (and a "no" cursor)."""
        d = self._drag
        if d is None or not d["link"]:
            return node
        check = self.canvas.link_check
        ok = node is not None and node != d["node"] and (check is None or check(d["node"], node))
        refused = node is not None and node != d["node"] and not ok
        shape = Qt.CursorShape.ForbiddenCursor if refused else Qt.CursorShape.CrossCursor
        viewport = self.canvas.viewport()
        if viewport.cursor().shape() != shape:
            viewport.setCursor(shape)
        return node if ok else None

    def _hover(self, node: str | None) -> None:
        node = self._link_target(node)
        if node is not None and node == self._dropped_on:
            node = None
        else:
            self._dropped_on = None
        state = self.canvas.state
        if node == state.hovered:
            return
        state.hovered = node
        self.canvas.item.update()

    def _begin_drag(self, node: str, start: QPointF, linking: bool) -> None:
        c = self.canvas
        assert c.map_painter is not None
        x, y = c.map_painter.position(node)
        self._drag = {"node": node, "link": linking, "start": QPointF(start), "origin": (x, y)}
        if linking:
            c.state.rubber_band = (QPointF(x, y), QPointF(start))
        else:  # the overlay carries the node while it moves; the cached map stays as it is
            c.state.floating = {node}
            c.base_changed()

    def _drag_to(self, pos: QPointF) -> None:
        d, c = self._drag, self.canvas
        mp = c.map_painter
        if d is None or mp is None:
            return
        if d["link"]:
            a = mp.border_point(mp.index[d["node"]], pos.x(), pos.y())
            c.state.rubber_band = (a, QPointF(pos))
            c.state.hovered = self._link_target(c.node_at_world(pos))
            # off every node, over a link: dropping here would undercut it
            c.state.hovered_edge = c.edge_at_world(pos, 8.0) if c.state.hovered is None else None
            c.item.update()
            return
        ox, oy = d["origin"]
        new = (ox + pos.x() - d["start"].x(), oy + pos.y() - d["start"].y())
        mp.update_positions({d["node"]: new})
        c.item.refresh_bounds()  # repaints the overlay; the base tiles do not hold this node

    def _end_drag(self, pos: QPointF) -> None:
        d, self._drag = self._drag, None
        c = self.canvas
        if d is None or c.map_painter is None:
            return
        node = d["node"]
        if d["link"]:
            c.state.rubber_band = None
            c.state.hovered = None  # the outline of the drop target goes with the gesture
            c.state.hovered_edge = None
            self._dropped_on = c.node_at_world(pos)
            self.update_cursor()
            c.item.update()
            target = c.node_at_world(pos)
            if target is not None and target != node:
                c.linkRequested.emit(node, target)
            elif target is None and (edge := c.edge_at_world(pos, 8.0)) is not None:
                c.undercutRequested.emit(node, edge)
            return
        c.state.floating = set()
        c.base_changed()
        new = c.map_painter.position(node)
        if new != d["origin"]:
            c.nodesMoved.emit({node: d["origin"]}, {node: new})
