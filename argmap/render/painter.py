"""One painter for the map on every device: the window's canvas, PNG, SVG and PDF.

`MapPainter` keeps node boxes in numpy arrays (the spatial index for culling and hit
testing) and draws edges and arrowheads as batched QPainterPaths (one per style) and boxes one
by one, only those in view (a batched path of rounded boxes rasterises far slower), so 10,000+
nodes stay fluid. Text is wrapped to the box sizes of
argmap.model.geometry; when boxes are a few pixels tall text gives way to grey bars, and
when they are tinier still boxes become plain filled rectangles.

Over 500 lines on purpose: MapPainter is one class because every pass (culling, hit testing,
edges, boxes, text, overlay) shares its numpy arrays; the legend at the end could move to a module
of its own next.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from argmap.model.geometry import CLAIM_PAD_X, CLAIM_PAD_Y, LINE_HEIGHT, MAX_LINES, node_box
from argmap.model.layout import median, overlapping_pairs
from argmap.model.overview_labels import LABEL_PX, Label, importance, lane_limits, place_labels
from argmap.render import style as S
from argmap.render.splat import LineLayer, can_splat, clip_segments, splat_lines

if TYPE_CHECKING:
    import networkx as nx  # annotations only: `argmap render` draws a LightGraph

ROLE_CLAIM, ROLE_REBUTTAL, ROLE_ACTOR = 0, 1, 2
ROLE_NAMES = ("claim", "rebuttal", "actor")
ARROW = 11.0  # arrowhead length in world units
COLUMN_HEADER = 56.0  # room above the map for document lane titles
DENSE_EDGES = 0.1  # edge_coverage above which draft painting drops antialiasing on edges
FADE_FROM = 0.04  # edge_coverage above which edges fade (down to MIN_EDGE_ALPHA)
MIN_EDGE_ALPHA = 0.3


@dataclass
class PaintState:
    """What the view shows beyond the graph: selection, emphasis, filters, gestures in progress."""

    selected: str | None = None
    highlighted: set[str] = field(default_factory=set)  # emphasised; the rest is dimmed (empty = none)
    visible: set[str] | None = None  # None = all nodes
    kinds: set[str] | None = None  # relation kinds shown; None = all
    hovered: str | None = None
    hovered_edge: str | None = None  # the link a link drag would undercut if dropped now
    rubber_band: tuple[QPointF, QPointF] | None = None  # link gesture: from, to (world)
    floating: set[str] = field(default_factory=set)  # being dragged: drawn by the overlay, not the base
    marked: set[str] = field(default_factory=set)  # search matches: ringed, at every zoom
    badges: dict[str, str] | None = None  # node id -> acceptance status (accepted/rejected/undecided), drawn on its box


class MapPainter:
    """Draws `graph` with boxes centred at `positions` (world units, y down)."""

    def __init__(self, graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]],
                 sizes: Mapping[str, tuple[float, float]] | None = None) -> None:
        self.graph = graph
        self.ids: list[str] = list(graph.nodes)
        self.index = {n: i for i, n in enumerate(self.ids)}
        n = len(self.ids)
        wh = np.array([(sizes or {}).get(k) or node_box(graph, k) for k in self.ids], dtype=float).reshape(n, 2)
        self.w, self.h = wh[:, 0].copy(), wh[:, 1].copy()
        self.cx = np.zeros(n)
        self.cy = np.zeros(n)
        self.role = np.zeros(n, dtype=np.int8)
        self.manual = np.zeros(n, dtype=bool)
        self.labels: list[str] = []
        self.glyphs: list[str] = []
        for i, k in enumerate(self.ids):
            d = graph.nodes[k]
            self.labels.append(str(d.get("label", k)))
            if d.get("kind") == "actor":
                self.role[i] = ROLE_ACTOR
                t = str(d.get("actor_type", "")).lower()
                self.glyphs.append(S.ACTOR_GLYPHS.get(t, (t[:1] or "A").upper()))
            else:
                self.role[i] = ROLE_REBUTTAL if d.get("role") == "rebuttal" else ROLE_CLAIM
                self.glyphs.append("")
            self.manual[i] = d.get("origin") == "manual"
        index = self.index
        src: list[int] = []
        dst: list[int] = []
        self.ekind: list[str] = []
        self.ekeys: list[str] = []
        self.evoice: list[str] = []
        attacks: list[tuple[int, str]] = []  # (edge, id of the edge it undercuts)
        for u, v, key, d in graph.edges(keys=True, data=True):
            if u == v:
                continue
            kind = str(d.get("kind"))
            if kind == "undercuts":
                attacks.append((len(src), d.get("undercuts")))
            src.append(index[u])
            dst.append(index[v])
            self.ekind.append(kind)
            self.ekeys.append(str(key))
            self.evoice.append(d.get("voice", "states"))
        self.esrc = np.array(src, dtype=np.int64)
        self.edst = np.array(dst, dtype=np.int64)
        self.edge_index = {k: i for i, k in enumerate(self.ekeys)}
        # an undercut ends on the middle of the edge it attacks: that edge's index, -1 for every other edge
        self.eattack = np.full(len(src), -1, dtype=np.int64)
        for i, attacked in attacks:
            self.eattack[i] = self.edge_index.get(attacked, -1)
        self.undercuts = np.array([i for i, _ in attacks], dtype=np.int64)
        self.voiced = np.array([v in S.VOICE_MARKS for v in self.evoice], dtype=bool)  # gets a marker
        self.edge_kinds = sorted(set(self.ekind), key=lambda k: (k not in S.EDGE_STYLES, list(S.EDGE_STYLES).index(k)
                                                                   if k in S.EDGE_STYLES else 0, k))
        self.ekind_idx = np.array([self.edge_kinds.index(k) for k in self.ekind], dtype=np.int64)
        self._text_cache: dict[int, tuple[int, list[str]]] = {}
        self._typical_h = median(self.h) if n else 0.0  # one level of detail for every layer
        self._weight = importance(graph, self.ids)  # who keeps a label on the overview
        self._overview: dict[tuple, list[Label]] = {}  # (zoom step, shown, emphasised, first) -> labels
        self.columns: list[tuple[str, str, float, float]] = []  # (doc id, title, left, right): titled lanes
        self._badges: dict[str, str] | None = None  # of the state being painted
        self.update_positions(positions, missing_ok=True)

    def set_columns(self, columns: list[tuple[str, str, float, float]] | None) -> None:
        """Titled document lanes drawn behind the map (see argmap.model.layout.document_columns)."""
        self.columns = list(columns or [])

    # --- geometry ------------------------------------------------------------------------------

    def update_positions(self, positions: Mapping[str, tuple[float, float]], *, missing_ok: bool = False) -> None:
        """Move some nodes. On first use nodes without a position go in a column right of the map."""
        self._edge_density: float | None = None
        self._overview = {}
        placed = np.zeros(len(self.ids), dtype=bool)
        for k, (x, y) in positions.items():
            i = self.index.get(k)
            if i is not None and math.isfinite(x) and math.isfinite(y):
                self.cx[i], self.cy[i] = float(x), float(y)
                placed[i] = True
        if missing_ok and not placed.all():
            rest = np.flatnonzero(~placed)
            if placed.any():
                x0 = float((self.cx[placed] + self.w[placed] / 2).max()) + 80
                y = float((self.cy[placed] - self.h[placed] / 2).min())
            else:
                x0, y = 0.0, 0.0
            for i in rest:
                self.cx[i] = x0 + self.w[i] / 2
                self.cy[i] = y + self.h[i] / 2
                y += self.h[i] + 16

    def position(self, node_id: str) -> tuple[float, float]:
        i = self.index[node_id]
        return float(self.cx[i]), float(self.cy[i])

    def positions(self) -> dict[str, tuple[float, float]]:
        return {k: (float(self.cx[i]), float(self.cy[i])) for i, k in enumerate(self.ids)}

    def box(self, node_id: str) -> QRectF:
        i = self.index[node_id]
        return QRectF(self.cx[i] - self.w[i] / 2, self.cy[i] - self.h[i] / 2, self.w[i], self.h[i])

    def _mask(self, ids: Collection[str] | None) -> np.ndarray:
        if ids is None:
            return np.ones(len(self.ids), dtype=bool)
        m = np.zeros(len(self.ids), dtype=bool)
        idx = [self.index[k] for k in ids if k in self.index]
        m[idx] = True
        return m

    def bounds(self, ids: Collection[str] | None = None, margin: float = 0.0) -> QRectF:
        """The bounding rectangle of the boxes of `ids` (all when None), grown by `margin`."""
        m = self._mask(ids)
        if not m.any():
            return QRectF(-margin, -margin, 2 * margin, 2 * margin)
        if self.columns and ids is None:
            margin_top = margin + COLUMN_HEADER
            r = self._box_bounds(m)
            return r.adjusted(-margin, -margin_top, margin, margin)
        return self._box_bounds(m).adjusted(-margin, -margin, margin, margin)

    def _box_bounds(self, m: np.ndarray) -> QRectF:
        margin = 0.0
        x0 = float((self.cx[m] - self.w[m] / 2).min()) - margin
        y0 = float((self.cy[m] - self.h[m] / 2).min()) - margin
        x1 = float((self.cx[m] + self.w[m] / 2).max()) + margin
        y1 = float((self.cy[m] + self.h[m] / 2).max()) + margin
        return QRectF(x0, y0, x1 - x0, y1 - y0)

    def in_rect(self, rect: QRectF, visible: Collection[str] | None = None) -> np.ndarray:
        """Indices of boxes meeting `rect`."""
        m = ((self.cx + self.w / 2 >= rect.left()) & (self.cx - self.w / 2 <= rect.right())
             & (self.cy + self.h / 2 >= rect.top()) & (self.cy - self.h / 2 <= rect.bottom()))
        if visible is not None:
            m &= self._mask(visible)
        return np.flatnonzero(m)

    def node_at(self, x: float, y: float, visible: Collection[str] | None = None, slack: float = 0.0) -> str | None:
        """The node whose box contains (x, y) (the top of the stack, as drawn, when several)."""
        m = (np.abs(self.cx - x) <= self.w / 2 + slack) & (np.abs(self.cy - y) <= self.h / 2 + slack)
        if visible is not None:
            m &= self._mask(visible)
        hits = np.flatnonzero(m)
        if not len(hits):
            return None
        return self.ids[int(self._stack_order(hits)[-1])]

    def border_point(self, i: int, toward_x: float, toward_y: float, pad: float = 0.0) -> QPointF:
        dx, dy = toward_x - self.cx[i], toward_y - self.cy[i]
        t = _exit_t(dx, dy, self.w[i] / 2 + pad, self.h[i] / 2 + pad)
        return QPointF(self.cx[i] + dx * t, self.cy[i] + dy * t)

    # --- painting ------------------------------------------------------------------------------

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
            self._paint_edges(painter, self._visible_edges(view, vis, state.kinds), view, ppu, thick=False, solid=dense)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            on = self.in_rect(view)
            self._paint_nodes(painter, on[vis[on]], ppu)
            if self.overview_zoom(ppu) and len(self.ids):  # box text unreadable: the main nodes keep a label
                self._paint_labels(painter, ppu, self.label_places(ppu, vis), view)

    def overview_labels(self, ppu: float, vis: np.ndarray | None = None) -> list[int]:
        """The nodes labelled at this zoom (decided once per zoom step, for the whole map)."""
        return [lab.i for lab in self.label_places(ppu, vis)]

    def label_places(self, ppu: float, vis: np.ndarray | None = None, first: np.ndarray | None = None,
                     top: int | None = None) -> list[Label]:
        """The overview labels at this zoom step; `first` (emphasised nodes) and `top` are labelled first."""
        vis = np.ones(len(self.ids), dtype=bool) if vis is None else vis
        key = (round(math.log2(max(ppu, 1e-9)) * 8), hash(vis.tobytes()),
               None if first is None else hash(first.tobytes()), top)
        got = self._overview.get(key)
        if got is None:
            if len(self._overview) > 64:
                self._overview.clear()
            step = 2 ** (key[0] / 8)  # every ppu of one step gets the same labels
            b = self._box_bounds(vis) if vis.any() else QRectF()
            limits = None
            if self.columns:
                limits = lane_limits(self.cx, [(lf - 14, rt + 14) for _, _, lf, rt in self.columns], b.left(), b.right())
            got = self._overview[key] = place_labels(
                self.cx, self.cy, self.labels, self._weight, step, vis, first=first, top=top,
                bounds=(b.left(), b.top(), b.right(), b.bottom()), limits=limits, heights=self.h)
        return got

    def _paint_labels(self, p: QPainter, ppu: float, places: list[Label], view: QRectF, selected: int | None = None) -> None:
        if not places:
            return
        f = S.font(max(1, round(LABEL_PX / ppu)), bold=True)
        p.setFont(f)
        fm = QFontMetricsF(f)
        line_h = LABEL_PX * 1.2 / ppu
        for lab in places:
            r = QRectF(lab.x0, lab.y0, lab.x1 - lab.x0, lab.y1 - lab.y0)
            if not view.intersects(r):
                continue
            st = S.NODE_STYLES[ROLE_NAMES[self.role[lab.i]]]
            if lab.i == selected:  # the label covers the box's halo: it carries the halo instead
                p.setPen(QPen(QColor(S.SELECTION_HALO), 4 / ppu))
                p.drawRoundedRect(r, 3 / ppu, 3 / ppu)
            p.setPen(QPen(QColor(st.border), 1.2 / ppu))
            p.setBrush(QColor(st.fill))
            p.drawRoundedRect(r, 3 / ppu, 3 / ppu)
            p.setPen(QColor(st.text))
            y = r.top() + (r.height() - line_h * len(lab.lines)) / 2
            for line in lab.lines:
                text = fm.elidedText(line, Qt.TextElideMode.ElideRight, r.width() - 6 / ppu)
                p.drawText(QRectF(r.left(), y, r.width(), line_h), Qt.AlignmentFlag.AlignCenter, text)
                y += line_h

    @staticmethod
    def overview_zoom(ppu: float) -> bool:
        """Box text is unreadable at `ppu`: overview labels stand in for it."""
        return S.TEXT_SIZE * ppu < 5.5

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
                self._paint_edges(painter, self._visible_edges(view, emph, state.kinds), view, ppu, thick=True)
                on = self.in_rect(view)
                self._paint_nodes(painter, on[emph[on]], ppu)
            self._paint_marks(painter, ppu, state)
            if emph is not None and self.overview_zoom(ppu):  # the emphasised nodes are the readable ones
                sel = self.index.get(state.selected) if state.selected else None
                places = self.label_places(ppu, vis, first=emph, top=sel)
                self._paint_labels(painter, ppu, [lab for lab in places if emph[lab.i]], view, sel)
            sel = self.index.get(state.selected) if state.selected else None
            if self._badges and sel is not None and vis[sel] and self._typical_h * ppu >= 10:
                self._paint_badges(painter, np.array([sel]), ppu)  # above the selection halo
            self._paint_edge_mark(painter, ppu, state)
            if state.rubber_band is not None:
                self._paint_rubber_band(painter, ppu, *state.rubber_band)

    def edge_coverage(self, ppu: float) -> float:
        """About what share of the map's area edge strokes cover at `ppu` (1-pixel lines)."""
        if not len(self.esrc):
            return 0.0
        if self._edge_density is None:  # total edge length per unit of area; positions reset it
            length = float(np.hypot(self.cx[self.edst] - self.cx[self.esrc], self.cy[self.edst] - self.cy[self.esrc]).sum())
            b = self._box_bounds(np.ones(len(self.ids), dtype=bool))
            self._edge_density = length / max(b.width() * b.height(), 1e-9)
        return self._edge_density / max(ppu, 1e-9)

    @staticmethod
    def _pad(world_rect: QRectF, ppu: float) -> QRectF:
        """`world_rect` grown by an arrowhead, so heads and borders just outside it are drawn."""
        pad = max(ARROW, 8 / ppu)
        return world_rect.adjusted(-pad, -pad, pad, pad)

    def _paint_columns(self, p: QPainter, ppu: float) -> None:
        top = float((self.cy - self.h / 2).min()) - COLUMN_HEADER
        bottom = float((self.cy + self.h / 2).max()) + 20
        # titles stay legible (13 screen pixels) on an overview, as far as the header above the lanes has room
        size = min(max(18.0, 13.0 / ppu), COLUMN_HEADER * 0.8)
        f = S.font(round(size), bold=True)
        fm = QFontMetricsF(f)
        for k, (_, title, left, right) in enumerate(self.columns):
            lane = QRectF(left - 14, top, right - left + 28, bottom - top)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#EEF2F6") if k % 2 == 0 else QColor("#F3F1EA"))
            p.drawRoundedRect(lane, 10, 10)
            if size * ppu >= 6:
                p.setFont(f)
                p.setPen(QColor("#3A4550"))
                text = fm.elidedText(title, Qt.TextElideMode.ElideRight, lane.width() - 24)
                p.drawText(QPointF(lane.left() + 12, top + (COLUMN_HEADER - fm.height()) / 2 + fm.ascent()), text)

    def _visible_edges(self, view: QRectF, vis: np.ndarray, kinds: set[str] | None,
                       touching: np.ndarray | None = None) -> np.ndarray:
        """Edges between `vis` nodes, of `kinds`, whose bounding box meets `view`.

        With `touching`, only edges with at least one end in that mask.
        """
        if not len(self.esrc):
            return np.zeros(0, dtype=np.int64)
        ok = vis[self.esrc] & vis[self.edst]
        if kinds is not None:
            allowed = np.array([k in kinds for k in self.edge_kinds])
            ok &= allowed[self.ekind_idx]
        und = self.undercuts
        att = self.eattack[und]
        if len(und):  # an undercut is shown only with the edge it attacks
            ok[und] &= (att >= 0) & ok[np.maximum(att, 0)]
        if touching is not None:
            touch = touching[self.esrc] | touching[self.edst]
            if len(und):  # moving either end of the attacked edge moves the undercut's tip
                a = np.maximum(att, 0)
                touch[und] |= touching[self.esrc[a]] | touching[self.edst[a]]
            ok &= touch
        cand = np.flatnonzero(ok)
        s, t = self.esrc[cand], self.edst[cand]
        # the box spanned by the edge's ends; an undercut's tip lies between the attacked edge's ends
        other = np.where(self.eattack[cand] >= 0, self.esrc[np.maximum(self.eattack[cand], 0)], t)
        xs, ys = (self.cx[s], self.cx[t], self.cx[other]), (self.cy[s], self.cy[t], self.cy[other])
        x0, x1 = np.minimum.reduce(xs), np.maximum.reduce(xs)
        y0, y1 = np.minimum.reduce(ys), np.maximum.reduce(ys)
        return cand[(x1 >= view.left()) & (x0 <= view.right()) & (y1 >= view.top()) & (y0 <= view.bottom())]

    def _segments(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Where edges `idx` are drawn: from the source box's border to the target box's border,
        or, for an undercut, to the middle of the edge it attacks."""
        s, t = self.esrc[idx], self.edst[idx]
        aim_x, aim_y = self.cx[t].copy(), self.cy[t].copy()
        att = self.eattack[idx]
        und = att >= 0
        if und.any():
            mx, my = self._midpoints(att[und])
            aim_x[und], aim_y[und] = mx, my
        dx, dy = aim_x - self.cx[s], aim_y - self.cy[s]
        ts = _exit_t(dx, dy, self.w[s] / 2, self.h[s] / 2)
        tt = np.where(und, 0.0, _exit_t(-dx, -dy, self.w[t] / 2, self.h[t] / 2))
        return self.cx[s] + dx * ts, self.cy[s] + dy * ts, aim_x - dx * tt, aim_y - dy * tt

    def _midpoints(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The middle of the drawn part of edges `idx` (never undercuts: those cannot be undercut)."""
        s, t = self.esrc[idx], self.edst[idx]
        dx, dy = self.cx[t] - self.cx[s], self.cy[t] - self.cy[s]
        ts = _exit_t(dx, dy, self.w[s] / 2, self.h[s] / 2)
        tt = _exit_t(-dx, -dy, self.w[t] / 2, self.h[t] / 2)
        return self.cx[s] + dx * (ts + 1 - tt) / 2, self.cy[s] + dy * (ts + 1 - tt) / 2

    def edge_line(self, rel_id: str) -> QLineF | None:
        """The segment edge `rel_id` is drawn along (an undercut's ends on its link's midpoint), in world units."""
        i = self.edge_index.get(rel_id)
        if i is None or (self.eattack[i] < 0 and self.ekind[i] == "undercuts"):
            return None
        ax, ay, bx, by = (float(v[0]) for v in self._segments(np.array([i])))
        return QLineF(ax, ay, bx, by)

    def edge_midpoint(self, rel_id: str) -> QPointF | None:
        """The middle of edge `rel_id` as drawn: where undercuts of it end."""
        line = self.edge_line(rel_id)
        return None if line is None else line.center()

    def edge_at(self, x: float, y: float, tolerance: float, visible: Collection[str] | None = None,
                kinds: Collection[str] | None = None) -> str | None:
        """The id of the shown edge passing nearest (x, y), within `tolerance` world units, or None."""
        if not len(self.esrc):
            return None
        near = QRectF(x - tolerance, y - tolerance, 2 * tolerance, 2 * tolerance)
        idx = self._visible_edges(near, self._mask(visible), None if kinds is None else set(kinds))
        if not len(idx):
            return None
        ax, ay, bx, by = self._segments(idx)
        vx, vy = bx - ax, by - ay
        t = np.clip(((x - ax) * vx + (y - ay) * vy) / np.maximum(vx * vx + vy * vy, 1e-9), 0.0, 1.0)
        dist = np.hypot(ax + t * vx - x, ay + t * vy - y)
        best = int(np.argmin(dist))
        return self.ekeys[int(idx[best])] if dist[best] <= tolerance else None

    def _paint_edges(self, p: QPainter, idx: np.ndarray, view: QRectF, ppu: float, thick: bool,
                     solid: bool = False) -> None:
        """Edges `idx` (from _visible_edges), batched per kind; `thick` for emphasised ones; `solid`: no dashes."""
        if not len(idx):
            return
        ax, ay, bx, by = self._segments(idx)
        length = np.hypot(bx - ax, by - ay)
        ux, uy = (bx - ax) / np.maximum(length, 1e-9), (by - ay) / np.maximum(length, 1e-9)
        heads = ARROW * ppu >= 4
        kind_of = self.ekind_idx[idx]
        # the denser the strokes on screen, the fainter each edge, so the boxes (and labels) stay readable
        fade = float(np.clip(FADE_FROM / max(self.edge_coverage(ppu), 1e-9), MIN_EDGE_ALPHA, 1.0))
        pending: list[LineLayer] = []  # hairlines of a dense draft, rasterised together (argmap.render.splat)
        for k, kind in enumerate(self.edge_kinds):
            m = np.flatnonzero((kind_of == k) & (length > 1))
            if not len(m):
                continue
            st = S.edge_style(kind)
            width = max(st.width * (1.5 if thick else 1.0), 0.9 / ppu)
            colour = S.qcolor(st.color, 1.0 if thick else fade)
            # stop the line at the arrowhead's base so its end does not poke through the tip
            back = ARROW * 0.8 if heads else 0.0
            ex, ey = bx[m] - ux[m] * back, by[m] - uy[m] * back
            pen = QPen(colour, width)
            # dashes under a few pixels read as a grey smear (and are slow): solid when far out
            pen.setStyle(st.dash if width * ppu >= 0.8 and not solid else Qt.PenStyle.SolidLine)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            if solid and not heads and can_splat(p, width):
                pending.append(LineLayer(ax[m], ay[m], ex, ey, colour))
                if kind == "undercuts":
                    splat_lines(p, pending, view)
                    pending = []
                    self._paint_dots(p, st, bx[m], by[m], max(S.UNDERCUT_DOT, 2.5 / ppu))
                continue
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            # only the on-screen part is stroked, so dashing costs what is seen, not the full length
            period = _DASH_PERIOD.get(pen.style(), 0.0) * width
            x0, y0, x1, y1 = clip_segments(ax[m], ay[m], ex, ey, view, period)
            if len(x0) and period:
                p.drawLines([QLineF(a, b, c, d) for a, b, c, d in
                             zip(x0.tolist(), y0.tolist(), x1.tolist(), y1.tolist(), strict=True)])
            elif len(x0):  # solid: one path from numpy, no QLineF per edge (the same strokes)
                p.drawPath(_subpaths(np.stack([x0, x1], axis=1).ravel(), np.stack([y0, y1], axis=1).ravel(), 2))
            if heads:
                # a head reaches back at most ARROW + 3.5 (tee bar) plus half its width from its tip
                reach = ARROW * 1.5 + 4
                near = m[(bx[m] >= view.left() - reach) & (bx[m] <= view.right() + reach)
                         & (by[m] >= view.top() - reach) & (by[m] <= view.bottom() + reach)]
                if len(near):
                    self._paint_heads(p, st, bx[near], by[near], ux[near], uy[near], width)
            if kind == "undercuts":  # a dot on the attacked link, kept a few pixels wide at every zoom
                self._paint_dots(p, st, bx[m], by[m], max(S.UNDERCUT_DOT, 2.5 / ppu))
            elif heads and kind in ("asserts", "denies"):
                marked = np.flatnonzero(self.voiced[idx[m]])  # positions within m
                if len(marked):
                    v = m[marked]
                    self._paint_voice_marks(p, st, (ax[v] + ex[marked]) / 2, (ay[v] + ey[marked]) / 2, ux[v], uy[v],
                                            [self.evoice[i] for i in idx[v].tolist()], width)
        if pending:
            splat_lines(p, pending, view)

    @staticmethod
    def _paint_heads(p: QPainter, st: S.EdgeStyle, bx: np.ndarray, by: np.ndarray, ux: np.ndarray, uy: np.ndarray,
                     width: float) -> None:
        a, half = ARROW, ARROW * 0.42
        bxp, byp = bx - ux * a, by - uy * a
        # each head is a triangle tip, left base, right base; drawn one by one (a path of them all fills slowly)
        corners = np.stack([bx, by, bxp - uy * half, byp + ux * half, bxp + uy * half, byp - ux * half], axis=1)
        tris = [QPolygonF([QPointF(x0, y0), QPointF(x1, y1), QPointF(x2, y2)]) for x0, y0, x1, y1, x2, y2 in corners.tolist()]
        bars = QPainterPath()
        if st.head == "tee":  # a bar across the shaft: this edge attacks its target
            cx, cy, hb = bx - ux * (a + 3.5), by - uy * (a + 3.5), half * 1.15
            bars = _subpaths(np.stack([cx - uy * hb, cx + uy * hb], axis=1).ravel(),
                             np.stack([cy + ux * hb, cy - ux * hb], axis=1).ravel(), 2)
        color = S.qcolor(st.color)
        if st.head == "open":
            p.setPen(QPen(color, max(width, 1.2)))
            p.setBrush(QBrush(QColor(S.BACKGROUND)))
        else:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(color))
        for tri in tris:
            p.drawPolygon(tri)
        if not bars.isEmpty():
            p.setPen(QPen(color, max(width, 1.6), Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(bars)

    @staticmethod
    def _paint_dots(p: QPainter, st: S.EdgeStyle, x: np.ndarray, y: np.ndarray, radius: float) -> None:
        p.setPen(QPen(QColor(S.BACKGROUND), radius * 0.45))
        p.setBrush(QBrush(S.qcolor(st.color)))
        for cx, cy in zip(x.tolist(), y.tolist(), strict=True):
            p.drawEllipse(QPointF(cx, cy), radius, radius)

    @staticmethod
    def _paint_voice_marks(p: QPainter, st: S.EdgeStyle, x: np.ndarray, y: np.ndarray, ux: np.ndarray, uy: np.ndarray,
                           voices: list[str], width: float) -> None:
        """A hollow diamond (hinted) or ring (relayed) on an attribution: it was not stated outright."""
        r = S.VOICE_MARK
        p.setPen(QPen(S.qcolor(st.color), max(width, 1.3)))
        p.setBrush(QBrush(QColor(S.BACKGROUND)))
        for cx, cy, dx, dy, voice in zip(x.tolist(), y.tolist(), ux.tolist(), uy.tolist(), voices, strict=True):
            if S.VOICE_MARKS[voice] == "ring":
                p.drawEllipse(QPointF(cx, cy), r, r)
            else:  # a diamond along the edge
                p.drawPolygon(QPolygonF([QPointF(cx + dx * r * 1.4, cy + dy * r * 1.4), QPointF(cx - dy * r, cy + dx * r),
                                         QPointF(cx - dx * r * 1.4, cy - dy * r * 1.4), QPointF(cx + dy * r, cy - dx * r)]))

    def _paint_nodes(self, p: QPainter, idx: np.ndarray, ppu: float) -> None:
        """Boxes `idx` with their text; the level of detail follows the typical box's size on screen."""
        if not len(idx):
            return
        screen_h = self._typical_h * ppu
        if screen_h < 7:
            self._paint_compact(p, idx)
            return
        # boxes that overlap are drawn one at a time, box then text, from the bottom of the stack
        # up: batched, every box came before every text and the lower box's words ran over the upper
        stacked = self._stacked(idx)
        self._paint_detail(p, idx[~stacked], ppu)
        for i in self._stack_order(idx[stacked]).tolist():
            self._paint_detail(p, np.array([i]), ppu)

    def _paint_detail(self, p: QPainter, idx: np.ndarray, ppu: float) -> None:
        if not len(idx):
            return
        self._paint_boxes(p, idx, ppu)
        if S.TEXT_SIZE * ppu >= 5.5:
            self._paint_text(p, idx)
        else:
            self._paint_greeked(p, idx, ppu)
        if self._badges and self._typical_h * ppu >= 10:
            self._paint_badges(p, idx, ppu)

    def _paint_badges(self, p: QPainter, idx: np.ndarray, ppu: float) -> None:
        """A status disc on the top-left corner of each claim: ✓ accepted, ✗ rejected, ? undecided."""
        badges = self._badges or {}
        ids = self.ids
        r = max(S.BADGE_RADIUS, 7.0 / ppu)  # readable on screen when zoomed out, never below its map size
        r = min(r, self._typical_h / 2)
        p.setFont(S.font(max(1, int(r * 1.5)), bold=True))
        for i in idx.tolist():
            status = badges.get(ids[i])
            st = S.BADGE_STYLES.get(status or "")
            if st is None:
                continue
            x, y = self.cx[i] - self.w[i] / 2 + 2, self.cy[i] - self.h[i] / 2 + 1
            disc = QRectF(x - r, y - r, 2 * r, 2 * r)
            p.setPen(QPen(QColor(S.BACKGROUND), max(1.5, 1.0 / ppu)))
            p.setBrush(QColor(st[0]))
            p.drawEllipse(disc)
            p.setPen(QColor("#FFFFFF"))
            p.drawText(disc, Qt.AlignmentFlag.AlignCenter, st[1])

    def _stacked(self, idx: np.ndarray) -> np.ndarray:
        """Which of the boxes `idx` overlap another of them (a mask over `idx`)."""
        mask = np.zeros(len(idx), dtype=bool)
        if len(idx) > 1:
            pairs = overlapping_pairs(np.column_stack((self.cx[idx], self.cy[idx])), np.column_stack((self.w[idx], self.h[idx])))
            mask[pairs.ravel()] = True
        return mask

    def _stack_order(self, idx: np.ndarray) -> np.ndarray:
        """`idx` from the bottom of the stack to the top: actors over claims, later nodes over earlier."""
        return idx[np.lexsort((idx, self.role[idx] == ROLE_ACTOR))]

    def _paint_marks(self, p: QPainter, ppu: float, state: PaintState) -> None:
        """Search rings, hover ring and selection halo."""
        if state.marked:
            self._paint_search_marks(p, ppu, state)
        for k, color, width in ((state.hovered, S.HOVER, 3.0), (state.selected, None, 0.0)):
            if k is None or k not in self.index:
                continue
            i = self.index[k]
            if state.visible is not None and k not in state.visible:
                continue
            r = self._rect(i)
            if color is None:  # selection: a warm halo and a dark outline
                p.setBrush(Qt.BrushStyle.NoBrush)
                halo = max(3.0, 3.0 / ppu)
                p.setPen(QPen(S.qcolor(S.SELECTION_HALO, 0.85), halo * 2))
                self._shape(p, i, r.adjusted(-halo, -halo, halo, halo))
                p.setPen(QPen(QColor(S.SELECTION), max(2.0, 1.5 / ppu)))
                self._shape(p, i, r)
            else:
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(QPen(S.qcolor(color, 0.9), max(width, 2 / ppu)))
                self._shape(p, i, r.adjusted(-2, -2, 2, 2))

    def _paint_search_marks(self, p: QPainter, ppu: float, state: PaintState) -> None:
        """A highlighter-yellow ring round each search match, at least 4 pixels wide, so matches
        show on an overview too; a dark hairline keeps it visible on a yellow actor pill."""
        idx = [self.index[k] for k in state.marked if k in self.index and (state.visible is None or k in state.visible)]
        if not idx:
            return
        ring = max(2.0, 2.5 / ppu)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for pen, out in ((QPen(S.qcolor(S.SEARCH_MARK, 0.95), ring), ring * 0.9),
                         (QPen(QColor("#5C5200"), max(0.8, 0.8 / ppu)), ring * 1.5)):
            p.setPen(pen)
            for i in idx:
                self._shape(p, i, self._rect(i).adjusted(-out, -out, out, out))

    def _paint_edge_mark(self, p: QPainter, ppu: float, state: PaintState) -> None:
        """A halo along the hovered link, and a ring at its middle where an undercut would land."""
        line = self.edge_line(state.hovered_edge) if state.hovered_edge else None
        if line is None:
            return
        p.setPen(QPen(S.qcolor(S.HOVER, 0.55), max(7.0, 7.0 / ppu), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(line)
        r = max(6.0, 6.0 / ppu)
        p.setPen(QPen(QColor(S.BLUE), max(2.0, 2.0 / ppu)))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(line.center(), r, r)

    def _rect(self, i: int) -> QRectF:
        return QRectF(self.cx[i] - self.w[i] / 2, self.cy[i] - self.h[i] / 2, self.w[i], self.h[i])

    def _shape(self, p: QPainter, i: int, r: QRectF) -> None:
        if self.role[i] == ROLE_ACTOR:
            p.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        else:
            p.drawRoundedRect(r, S.CORNER_RADIUS, S.CORNER_RADIUS)

    def _rects(self, idx: np.ndarray) -> list[QRectF]:
        x0, y0 = self.cx[idx] - self.w[idx] / 2, self.cy[idx] - self.h[idx] / 2
        return [QRectF(a, b, c, d) for a, b, c, d in zip(x0.tolist(), y0.tolist(), self.w[idx].tolist(),
                                                          self.h[idx].tolist(), strict=True)]

    def _paint_compact(self, p: QPainter, idx: np.ndarray) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        for role in (ROLE_CLAIM, ROLE_REBUTTAL, ROLE_ACTOR):
            sel = idx[self.role[idx] == role]
            if not len(sel):
                continue
            st = S.NODE_STYLES[ROLE_NAMES[role]]
            p.setBrush(S.qcolor(st.border if role != ROLE_CLAIM else "#8A96A3", 0.6))
            p.drawRects(self._rects(sel))

    def _paint_boxes(self, p: QPainter, idx: np.ndarray, ppu: float) -> None:
        hair = 1.0 / ppu
        screen_h = self._typical_h * ppu
        if screen_h < 10 or (screen_h < 24 and len(idx) > 2000):  # small on screen: plain rectangles, batched
            for role in (ROLE_CLAIM, ROLE_REBUTTAL, ROLE_ACTOR):
                sel = idx[self.role[idx] == role]
                if len(sel):
                    st = S.NODE_STYLES[ROLE_NAMES[role]]
                    p.setPen(QPen(QColor(st.border), max(1.3, hair)))
                    p.setBrush(QColor(st.fill))
                    p.drawRects(self._rects(sel))
            return
        # One call per shape, not one path of them all: Qt fills a path of many closed shapes
        # through one huge raster pass (0.8 s for 700 boxes on a 6000-pixel image, 0.03 s one by one).
        for role in (ROLE_CLAIM, ROLE_REBUTTAL, ROLE_ACTOR):
            sel = idx[self.role[idx] == role]
            if not len(sel):
                continue
            st = S.NODE_STYLES[ROLE_NAMES[role]]
            rects = self._rects(sel)
            p.setPen(QPen(QColor(st.border), max(1.3 if role != ROLE_REBUTTAL else 1.8, hair)))
            p.setBrush(QColor(st.fill))
            for r in rects:
                rad = r.height() / 2 if role == ROLE_ACTOR else S.CORNER_RADIUS
                p.drawRoundedRect(r, rad, rad)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(st.accent))
            for r in rects:
                if role == ROLE_ACTOR:
                    d = r.height() - 8
                    p.drawEllipse(QRectF(r.left() + 4, r.top() + 4, d, d))
                else:
                    p.drawRoundedRect(QRectF(r.left() + 3.5, r.top() + 4, S.STRIPE, r.height() - 8), 2, 2)
            if role == ROLE_REBUTTAL:  # a corner flag, so rebuttals stand out without colour
                rad = S.CORNER_RADIUS
                for r in rects:
                    p.drawPolygon(QPolygonF([QPointF(r.right() - 14, r.top()), QPointF(r.right() - rad, r.top()),
                                             QPointF(r.right(), r.top() + rad), QPointF(r.right(), r.top() + 14)]))
        manual = idx[self.manual[idx]].tolist()
        if manual:  # added by hand: a small grey folded corner at the bottom right
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(S.MANUAL_MARK))
            for i in manual:
                r = self._rect(i)
                p.drawPolygon(QPolygonF([QPointF(r.right() - 12, r.bottom()), QPointF(r.right(), r.bottom() - 12),
                                         QPointF(r.right(), r.bottom() - 3), QPointF(r.right() - 3, r.bottom())]))

    def text_lines(self, i: int) -> tuple[int, list[str]]:
        """(font pixel size, lines) that fit node i's box; cached."""
        got = self._text_cache.get(i)
        if got is not None:
            return got
        label = self.labels[i]
        if self.role[i] == ROLE_ACTOR:
            avail = self.w[i] - self.h[i] - 12
            best = (S.ACTOR_TEXT_SIZE, [label])
            for size in (S.ACTOR_TEXT_SIZE, S.ACTOR_TEXT_SIZE - 1, S.ACTOR_TEXT_SIZE - 2):
                fm = QFontMetricsF(S.font(size, bold=True))
                if fm.horizontalAdvance(label) <= avail:
                    best = (size, [label])
                    break
                lines = _wrap(label, fm, avail)
                if len(lines) <= 2:
                    best = (size, lines)
                    break
            else:
                fm = QFontMetricsF(S.font(best[0] - 2, bold=True))
                lines = _wrap(label, fm, avail)
                best = (best[0] - 2, _elide(lines, 2, fm, avail))
        else:
            avail = self.w[i] - 2 * CLAIM_PAD_X - S.STRIPE
            max_lines = int(max(1, min(MAX_LINES, (self.h[i] - 2 * CLAIM_PAD_Y + 0.5) // LINE_HEIGHT)))
            best = None
            for size in (S.TEXT_SIZE, S.TEXT_SIZE - 1, S.TEXT_SIZE - 2):
                fm = QFontMetricsF(S.font(size))
                lines = _wrap(label, fm, avail)
                fits = int((self.h[i] - 2 * CLAIM_PAD_Y + 0.5) // (LINE_HEIGHT * size / S.TEXT_SIZE))
                if len(lines) <= min(fits, MAX_LINES + 1):
                    best = (size, lines)
                    break
            if best is None:
                size = S.TEXT_SIZE - 1
                fm = QFontMetricsF(S.font(size))
                best = (size, _elide(_wrap(label, fm, avail), max_lines, fm, avail))
        self._text_cache[i] = best
        return best

    def _paint_text(self, p: QPainter, idx: np.ndarray) -> None:
        fonts: dict[tuple[int, bool], object] = {}
        for i in idx.tolist():
            size, lines = self.text_lines(i)
            actor = bool(self.role[i] == ROLE_ACTOR)
            key = (size, actor)
            f: QFont | None = fonts.get(key)
            if f is None:
                f = fonts[key] = S.font(size, bold=actor)
            p.setFont(f)
            r = self._rect(i)
            st = S.NODE_STYLES[ROLE_NAMES[self.role[i]]]
            p.setPen(QColor(st.text))
            fm = QFontMetricsF(f)
            lh = LINE_HEIGHT * size / S.TEXT_SIZE if not actor else fm.lineSpacing()
            if actor:
                d = r.height() - 8
                glyph_font = S.font(int(d * 0.55), bold=True)
                p.setFont(glyph_font)
                p.setPen(QColor("#FFFFFF"))
                p.drawText(QRectF(r.left() + 4, r.top() + 4, d, d), Qt.AlignmentFlag.AlignCenter, self.glyphs[i])
                p.setFont(f)
                p.setPen(QColor(st.text))
                x = r.left() + r.height() + 4
            else:
                x = r.left() + CLAIM_PAD_X + S.STRIPE
            total = lh * len(lines)
            y = r.center().y() - total / 2 + (lh - fm.height()) / 2 + fm.ascent()
            for line in lines:
                p.drawText(QPointF(x, y), line)
                y += lh

    def _paint_greeked(self, p: QPainter, idx: np.ndarray, ppu: float) -> None:
        """Text too small to read: grey bars where the lines are, as a layout preview (built in numpy)."""
        left = self.cx[idx] - self.w[idx] / 2
        actor = self.role[idx] == ROLE_ACTOR
        n = np.where(actor, 1, np.clip((self.h[idx] - 2 * CLAIM_PAD_Y + 0.5) // LINE_HEIGHT, 1, MAX_LINES)).astype(np.int64)
        line = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)  # 0, 1, .. within each box
        rep = lambda a: np.repeat(a, n)  # noqa: E731
        a, h, w, cy = rep(actor), rep(self.h[idx]), rep(self.w[idx]), rep(self.cy[idx])
        last = (line == rep(n) - 1) & (rep(n) > 1)
        x = np.where(a, rep(left) + h + 4, rep(left) + CLAIM_PAD_X + S.STRIPE)
        y = np.where(a, cy - 2.5, cy - rep(n) * LINE_HEIGHT / 2 + line * LINE_HEIGHT + LINE_HEIGHT * 0.3)
        bw = np.where(a, w - h - 18, (w - 2 * CLAIM_PAD_X - S.STRIPE) * np.where(last, 0.55, 0.9))
        bh = np.where(a, 5.0, LINE_HEIGHT * 0.4)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#B8BEC4"))
        # a list of rectangles, not one path: Qt fills 30,000 separate rectangles far faster than one such path
        p.drawRects([QRectF(*r) for r in zip(x.tolist(), y.tolist(), bw.tolist(), bh.tolist(), strict=True)])

    def _paint_rubber_band(self, p: QPainter, ppu: float, a: QPointF, b: QPointF) -> None:
        pen = QPen(QColor(S.BLUE), max(2.0, 1.5 / ppu), Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(a, b)
        dx, dy = b.x() - a.x(), b.y() - a.y()
        n = math.hypot(dx, dy)
        if n > 1:
            ux, uy = dx / n, dy / n
            self._paint_heads(p, S.EdgeStyle("link", "", S.BLUE, 2, Qt.PenStyle.SolidLine, "arrow"),
                              np.array([b.x()]), np.array([b.y()]), np.array([ux]), np.array([uy]), 2.0)


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


# dash pattern length in pen widths (Qt's built-in patterns, flat caps); 0 = solid, no phase to keep
_DASH_PERIOD = {Qt.PenStyle.DashLine: 6.0, Qt.PenStyle.DotLine: 3.0, Qt.PenStyle.DashDotLine: 9.0,
                Qt.PenStyle.DashDotDotLine: 12.0}


def _subpaths(x: np.ndarray, y: np.ndarray, k: int) -> QPainterPath:
    """A path of open polylines of k points each from flat coordinate arrays, without a Python loop.

    Built through QPainterPath's stream format (count, then type/x/y per element, then fill rule),
    the way pyqtgraph's arrayToQPath does, which is far faster than one moveTo/lineTo call per point.
    """
    n = len(x)
    path = QPainterPath()
    if not n:
        return path
    rec = np.empty(n, dtype=[("c", ">i4"), ("x", ">f8"), ("y", ">f8")])
    rec["c"] = 1  # LineToElement
    rec["c"][::k] = 0  # MoveToElement starts each polyline
    rec["x"], rec["y"] = x, y
    buf = np.array([n], dtype=">i4").tobytes() + rec.tobytes() + np.array([0, 0], dtype=">i4").tobytes()
    QDataStream(QByteArray(buf)) >> path
    return path


def _exit_t(dx, dy, hw, hh):
    """Fraction of the centre-to-centre vector at which it leaves a box of half-size (hw, hh)."""
    ax = np.abs(dx)
    ay = np.abs(dy)
    with np.errstate(divide="ignore", invalid="ignore"):
        tx = np.where(ax > 1e-9, hw / np.maximum(ax, 1e-9), np.inf)
        ty = np.where(ay > 1e-9, hh / np.maximum(ay, 1e-9), np.inf)
    t = np.minimum(tx, ty)
    return np.where(np.isfinite(t), np.minimum(t, 1.0), 0.0)


def _wrap(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if fm.horizontalAdvance(trial) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        while fm.horizontalAdvance(word) > width and len(word) > 1:  # break a word that cannot fit
            cut = len(word)
            while cut > 1 and fm.horizontalAdvance(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line or not lines:
        lines.append(line)
    return lines


def _elide(lines: list[str], max_lines: int, fm: QFontMetricsF, width: float) -> list[str]:
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = fm.elidedText(kept[-1] + " " + lines[max_lines], Qt.TextElideMode.ElideRight, width)
    if not kept[-1].endswith("…"):
        kept[-1] = fm.elidedText(kept[-1] + "……", Qt.TextElideMode.ElideRight, width)
    return kept


# --- legend ------------------------------------------------------------------------------------

LEGEND_NODES = (("claim", "Claim"), ("rebuttal", "Claim that rebuts another"),
                ("actor", "Actor: P person, O organisation, G group, S state, M media"))
EDGE_TEXT = {"supports": "supports (reason → claim)", "rebuts": "rebuts (objection → claim)",
             "undercuts": "undercuts (objection → link)",
             "asserts": "asserts (actor → claim)", "denies": "denies (actor → claim)"}
VOICE_TEXT = {"suggests": "hinted (actor suggests it)", "reports": "relayed (actor reports it)"}
LEGEND_COLUMN = 292.0
LEGEND_ROW = 26.0


def legend_size(kinds: Collection[str] | None = None, horizontal: bool = True) -> tuple[float, float]:
    """Natural size (in the painter's units) of the legend."""
    kinds = [k for k in S.EDGE_STYLES if kinds is None or k in kinds]
    items = len(legend_items(kinds))
    if horizontal:
        return 24 + 4 * LEGEND_COLUMN + 130, 16 + LEGEND_ROW * math.ceil(items / 4)
    return LEGEND_COLUMN + 150, 24.0 * items + 24


def paint_legend(painter: QPainter, rect: QRectF, kinds: Collection[str] | None = None) -> None:
    """A key to the shapes, colours and line styles, fitted into `rect` (rows if wide, a column if tall)."""
    kinds = [k for k in S.EDGE_STYLES if kinds is None or k in kinds]
    horizontal = rect.width() >= rect.height() * 3
    nat_w, nat_h = legend_size(kinds, horizontal)
    scale = min(rect.width() / nat_w, rect.height() / nat_h)
    p = painter
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.translate(rect.left() + (rect.width() - nat_w * scale) / 2, rect.top() + (rect.height() - nat_h * scale) / 2)
    p.scale(scale, scale)
    p.setPen(QPen(QColor("#C9CDD2"), 1))
    p.setBrush(QColor(255, 255, 255, 235))
    p.drawRoundedRect(QRectF(0.5, 0.5, nat_w - 1, nat_h - 1), 6, 6)
    f = S.font(12)
    p.setFont(f)
    fm = QFontMetricsF(f)
    items = legend_items(kinds)
    if horizontal:
        slots = [(12.0 + (k % 4) * LEGEND_COLUMN, 8.0 + (k // 4) * LEGEND_ROW) for k in range(len(items))]
    else:
        slots = [(12.0, 12.0 + k * 24.0) for k in range(len(items))]
    for (what, name), (x, y) in zip(items, slots, strict=True):
        cy = y + 11
        paint_legend_key(p, what, name, x, cy)
        p.setFont(f)
        p.setPen(QColor("#1B1F23"))
        p.drawText(QPointF(x + 44, cy - fm.height() / 2 + fm.ascent()), legend_text(what, name))
    p.restore()


LEGEND_KEY_SIZE = (40.0, 22.0)  # the room one key takes, in the painter's units: 40 wide, centred on `cy`


def legend_text(what: str, name: str) -> str:
    """The words beside one legend key."""
    if what == "node":
        return dict(LEGEND_NODES)[name]
    if what == "edge":
        return EDGE_TEXT.get(name, name)
    if what == "voice":
        return VOICE_TEXT[name]
    if what == "badge":
        return f"{name[:1].upper()}: {name}"
    return "added by hand"


def paint_legend_key(p: QPainter, what: str, name: str, x: float, cy: float) -> None:
    """One legend key (a node shape, a line with its head, a voice mark, an actor badge, the
    hand-made corner) drawn as the map draws it, left edge at `x`, centred on height `cy`."""
    if what == "node":
        st = S.NODE_STYLES[name]
        r = QRectF(x, cy - 8, 34, 16)
        p.setPen(QPen(QColor(st.border), 1.5))
        p.setBrush(QColor(st.fill))
        if name == "actor":
            p.drawRoundedRect(r, 8, 8)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(st.accent))
            p.drawEllipse(QRectF(x + 2, cy - 6, 12, 12))
        else:
            p.drawRoundedRect(r, 3, 3)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(st.accent))
            p.drawRect(QRectF(x + 3, cy - 5, 3, 10))
            if name == "rebuttal":
                p.drawPolygon(QPolygonF([QPointF(x + 27, cy - 8), QPointF(x + 34, cy - 8), QPointF(x + 34, cy - 1)]))
    elif what == "badge":  # an actor pill with its type letter, as on the map
        st = S.NODE_STYLES["actor"]
        p.setPen(QPen(QColor(st.border), 1.5))
        p.setBrush(QColor(st.fill))
        p.drawRoundedRect(QRectF(x, cy - 9, 34, 18), 9, 9)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(st.accent))
        disc = QRectF(x + 2, cy - 7, 14, 14)
        p.drawEllipse(disc)
        p.setFont(S.font(9, bold=True))
        p.setPen(QColor("#FFFFFF"))
        p.drawText(disc, Qt.AlignmentFlag.AlignCenter, S.ACTOR_GLYPHS.get(name, name[:1].upper()))
    elif what == "edge":
        st = S.edge_style(name)
        pen = QPen(S.qcolor(st.color), st.width)
        pen.setStyle(st.dash)
        p.setPen(pen)
        p.drawLine(QPointF(x, cy), QPointF(x + 24, cy))
        MapPainter._paint_heads(p, st, np.array([x + 36.0]), np.array([cy]), np.array([1.0]), np.array([0.0]), st.width)
        if name == "undercuts":
            MapPainter._paint_dots(p, st, np.array([x + 36.0]), np.array([cy]), S.UNDERCUT_DOT)
    elif what == "voice":
        st = S.edge_style("asserts")
        pen = QPen(S.qcolor(st.color), st.width)
        pen.setStyle(st.dash)
        p.setPen(pen)
        p.drawLine(QPointF(x, cy), QPointF(x + 34, cy))
        MapPainter._paint_voice_marks(p, st, np.array([x + 17.0]), np.array([cy]), np.array([1.0]), np.array([0.0]),
                                      [name], st.width)
    else:
        r = QRectF(x, cy - 8, 34, 16)
        p.setPen(QPen(QColor("#4A5560"), 1.2))
        p.setBrush(QColor("#FFFFFF"))
        p.drawRoundedRect(r, 3, 3)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(S.MANUAL_MARK))
        p.drawPolygon(QPolygonF([QPointF(x + 26, cy + 8), QPointF(x + 34, cy), QPointF(x + 34, cy + 8)]))


def legend_items(kinds: list[str]) -> list[tuple[str, str]]:
    """What the legend lists; the actor entry comes last: its key is the longest text and has room to run on."""
    voices = [("voice", v) for v in VOICE_TEXT] if {"asserts", "denies"} & set(kinds) else []
    return [("node", "claim"), ("node", "rebuttal"), *[("edge", k) for k in kinds], *voices, ("manual", ""), ("node", "actor")]
