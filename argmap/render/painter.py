"""One painter for the map on every device: the window's canvas, PNG, SVG and PDF.

`MapPainter` is the facade: it composes one class per concern over the shared numpy arrays
(map_arrays.py: the spatial index for culling and hit testing) - edges.py (edge queries and
batched strokes), boxes.py (boxes, their text, level of detail), map_labels.py (overview labels,
lane titles), overlay_marks.py (selection, hover, search, rubber band) - and decides the order of
the two layers here: the base the canvas caches, and the overlay a click or gesture changes.
The legend is in legend.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from argmap.render import style as S
from argmap.render.boxes import BoxDrawing
from argmap.render.crossings import CrossingDrawing
from argmap.render.edges import EdgeDrawing
from argmap.render.map_labels import LabelDrawing
from argmap.render.overlay_marks import MarkDrawing
from argmap.render.paint_state import PaintState
from argmap.render.strokes import ARROW

DENSE_EDGES = 0.1  # edge_coverage above which draft painting drops antialiasing on edges


class MapPainter(CrossingDrawing, EdgeDrawing, BoxDrawing, LabelDrawing, MarkDrawing):
    """Draws `graph` with boxes centred at `positions` (world units, y down)."""

    def paint(self, painter: QPainter, world_rect: QRectF, pixels_per_unit: float, state: PaintState | None = None) -> None:
        """Draw what meets `world_rect`; the painter already maps world units to the device.

        The base layer, then the overlay: exactly what the window's canvas composes from its
        cached base tiles and a live overlay, so an export draws what the app draws.
        """
        self.paint_base(painter, world_rect, pixels_per_unit, state)
        self.paint_overlay(painter, world_rect, pixels_per_unit, state)

    def paint_base(self, painter: QPainter, world_rect: QRectF, pixels_per_unit: float,
                   state: PaintState | None = None, *, draft: bool = False) -> None:
        """The map without emphasis, selection or gestures: lanes, edges, boxes and text.

        It changes only when the graph, the positions or the filters do, which is what lets the
        canvas cache it. Nodes in `state.floating` and their edges are left to the overlay.
        `draft` (the window, not exports) strokes edges solid and without antialiasing where
        they cover much of the map: a tangle of thousands of lines looks the same (dashes cannot
        be told apart in it; colour still tells the kinds) and draws several times faster.
        """
        state = state or PaintState()
        self._badges = state.badges
        ppu = max(float(pixels_per_unit), 1e-6)
        vis = self._mask(state.visible)
        if state.floating:
            vis &= ~self._mask(state.floating)
        view = self._pad(world_rect, ppu)
        with _drawing(painter):
            if self.columns:
                self._paint_columns(painter, ppu)
            dense = draft and self.edge_coverage(ppu) > DENSE_EDGES
            if dense:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            edges = self._visible_edges(view, vis, state.kinds)
            self._paint_edges(painter, edges, view, ppu, thick=False, solid=dense)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            on = self.in_rect(view)
            self._paint_nodes(painter, on[vis[on]], ppu)
            if not self.overview_zoom(ppu):  # a link under a box it does not touch shows through it
                self._paint_crossings(painter, edges, on[vis[on]], view, ppu, solid=dense)
            if self.overview_zoom(ppu) and len(self.ids):  # box text unreadable: the main nodes keep a label
                places = self.label_places(ppu, vis)
                # the links between the labelled nodes, at full strength over the faded tangle: the
                # story's skeleton (who supports, who attacks what) reads from the fitted map
                named = np.zeros(len(self.ids), dtype=bool)
                named[[lab.i for lab in places]] = True
                self._paint_edges(painter, self._visible_edges(view, named & vis, state.kinds), view, ppu, thick=True)
                self._paint_labels(painter, ppu, places, view)

    def paint_overlay(self, painter: QPainter, world_rect: QRectF, pixels_per_unit: float,
                      state: PaintState | None = None) -> None:
        """What a click or a gesture changes, drawn over the base layer.

        Floating (dragged) nodes with their edges; then, when some nodes are emphasised, a veil
        of background colour that dims the whole map and those nodes with the edges between them
        on top; then hover, selection and the link rubber band. A veil costs one fill however
        large the map, where dimming every item one by one costs a full repaint.
        """
        state = state or PaintState()
        self._badges = state.badges
        ppu = max(float(pixels_per_unit), 1e-6)
        vis = self._mask(state.visible)
        view = self._pad(world_rect, ppu)
        emph = None
        if state.highlighted:
            emph = self._mask(state.highlighted | ({state.selected} if state.selected else set())) & vis
        with _drawing(painter):
            if state.floating:
                fl = self._mask(state.floating) & vis
                moving = self._visible_edges(view, vis, state.kinds, touching=fl)
                if emph is not None:
                    moving = moving[~(emph[self.esrc[moving]] & emph[self.edst[moving]])]
                self._paint_edges(painter, moving, view, ppu, thick=False)
                on = self.in_rect(view)
                self._paint_nodes(painter, on[fl[on] & (emph is None or ~emph[on])], ppu)
            if emph is not None:
                painter.fillRect(world_rect, S.qcolor(S.BACKGROUND, 1.0 - S.DIM_OPACITY))
                lit = self._visible_edges(view, emph, state.kinds)
                self._paint_edges(painter, lit, view, ppu, thick=True)
                on = self.in_rect(view)
                self._paint_nodes(painter, on[emph[on]], ppu)
                if not self.overview_zoom(ppu):
                    self._paint_crossings(painter, lit, on[emph[on]], view, ppu, thick=True)
            self._paint_marks(painter, ppu, state)
            if emph is not None and self.overview_zoom(ppu):  # the emphasised nodes are the readable ones
                sel = self.index.get(state.selected) if state.selected else None
                places = self.label_places(ppu, vis, first=emph, top=sel, only_first=True)
                self._paint_labels(painter, ppu, [lab for lab in places if emph[lab.i]], view, sel)
            sel = self.index.get(state.selected) if state.selected else None
            if self._badges and sel is not None and vis[sel] and self._typical_h * ppu >= 10:
                self._paint_badges(painter, np.array([sel]), ppu)  # above the selection halo
            self._paint_edge_mark(painter, ppu, state)
            if state.rubber_band is not None:
                self._paint_rubber_band(painter, ppu, *state.rubber_band)

    @staticmethod
    def _pad(world_rect: QRectF, ppu: float) -> QRectF:
        """`world_rect` grown by an arrowhead, so heads and borders just outside it are drawn."""
        pad = max(ARROW, 8 / ppu)
        return world_rect.adjusted(-pad, -pad, pad, pad)


@contextmanager
def _drawing(p: QPainter) -> Iterator[None]:
    """Antialiased drawing with the painter's state restored afterwards."""
    p.save()
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        yield
    finally:
        p.restore()
