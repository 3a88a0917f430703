"""What a view shows beyond the graph, as one plain object the window, the export dialog and
`argmap render` fill in and every drawing pass reads (its own module so the passes need not import
the painter that composes them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF


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
