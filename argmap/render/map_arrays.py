"""The numbers every drawing pass shares: node boxes and edges as numpy arrays, and the queries on them.

`MapPainter` is built from one class per concern (edges.py, boxes.py, map_labels.py,
overlay_marks.py) over this one: each pass reads the same arrays, so they live here, built once
per graph, with the spatial index the passes cull and hit-test with (bounds, boxes in a rectangle,
the node or edge under a point, stacking order). Caches that depend on positions are reset here.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter

from argmap.model.geometry import node_box
from argmap.model.layout_tools import median
from argmap.model.overlaps import overlapping_pairs
from argmap.model.overview_labels import Label, importance
from argmap.render import style as S

if TYPE_CHECKING:
    import networkx as nx  # annotations only: `argmap render` draws a LightGraph and never imports networkx

ROLE_CLAIM, ROLE_REBUTTAL, ROLE_ACTOR, ROLE_GROUP = 0, 1, 2, 3
ROLE_NAMES = ("claim", "rebuttal", "actor", "group")  # group: a box of the grouped overview (model/overview.py)
BOX_ROLES = (ROLE_CLAIM, ROLE_REBUTTAL, ROLE_GROUP, ROLE_ACTOR)  # the order boxes are drawn in, per role


def claim_role(role: object) -> int:
    """The drawing role of a claim node from its `role` attribute."""
    return ROLE_REBUTTAL if role == "rebuttal" else ROLE_GROUP if role == "group" else ROLE_CLAIM
COLUMN_HEADER = 56.0  # room above the map for document lane titles


def edge_kinds_key(k: str) -> tuple[bool, int, str]:
    return (k not in S.EDGE_STYLES, list(S.EDGE_STYLES).index(k) if k in S.EDGE_STYLES else 0, k)


def edge_kind_order(kinds: Collection[str]) -> list[str]:
    """The edge kinds present, in the order their layers are drawn (the styles' order, then unknown ones)."""
    return sorted(set(kinds), key=edge_kinds_key)


class MapArrays:
    """`graph`'s boxes centred at `positions` (world units, y down) and its edges, as arrays."""

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
                self.role[i] = claim_role(d.get("role"))
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
        self.edge_kinds = edge_kind_order(self.ekind)
        self.ekind_idx = np.array([self.edge_kinds.index(k) for k in self.ekind], dtype=np.int64)
        self._text_cache: dict[int, tuple[int, list[str]]] = {}
        self._typical_h = median(self.h) if n else 0.0  # one level of detail for every layer
        self._weight = importance(graph, self.ids)  # who keeps a label on the overview
        self._overview: dict[tuple, list[Label]] = {}  # (zoom step, shown, emphasised, first) -> labels
        self.columns: list[tuple[str, str, float, float]] = []  # (doc id, title, left, right): titled lanes
        self._badges: dict[str, str] | None = None  # of the state being painted
        self.update_positions(positions, missing_ok=True)

    def set_columns(self, columns: list[tuple[str, str, float, float]] | None) -> None:
        """Titled document lanes drawn behind the map (see argmap.model.document_layout.document_columns)."""
        self.columns = list(columns or [])

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
            for r in rest:
                self.cx[r] = x0 + self.w[r] / 2
                self.cy[r] = y + self.h[r] / 2
                y += float(self.h[r]) + 16

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
        t = exit_t(dx, dy, self.w[i] / 2 + pad, self.h[i] / 2 + pad)
        return QPointF(self.cx[i] + dx * t, self.cy[i] + dy * t)

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


def exit_t(dx: np.ndarray | float, dy: np.ndarray | float, hw: np.ndarray | float, hh: np.ndarray | float) -> np.ndarray:
    """Fraction of the centre-to-centre vector at which it leaves a box of half-size (hw, hh)."""
    ax = np.abs(dx)
    ay = np.abs(dy)
    with np.errstate(divide="ignore", invalid="ignore"):
        tx = np.where(ax > 1e-9, hw / np.maximum(ax, 1e-9), np.inf)
        ty = np.where(ay > 1e-9, hh / np.maximum(ay, 1e-9), np.inf)
    t = np.minimum(tx, ty)
    return np.where(np.isfinite(t), np.minimum(t, 1.0), 0.0)
