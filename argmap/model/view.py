"""What the map shows: one description, computed in one place, for the window and `argmap render`.

A `ViewRequest` is what the user asked for (layout, filters, focus, selection): the window builds
one from its panels, cli.py from its flags. `describe_view` turns it and the map's positions into a
`MapView`: the nodes left visible, the positions drawn (focus mode's own places included), the
document lanes, the selection and what stands out with it. The canvas and the headless renderer
only draw a MapView, so the window's picture and the command line's cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from argmap.model.focus_layout import focus_layout
from argmap.model.graph import filter_nodes, k_hop, neighbours
from argmap.model.layout_names import DEFAULT_LAYOUT, LAYOUTS

if TYPE_CHECKING:
    import networkx as nx  # annotations only: `argmap render` draws a LightGraph and never imports networkx

Positions = dict[str, tuple[float, float]]


@dataclass(frozen=True)
class ViewRequest:
    """What to show, as asked: None for a filter means "everything"."""

    layout: str | None = None  # None: the saved layout, else the default (chosen_layout)
    documents: frozenset[str] | None = None
    actors: frozenset[str] | None = None
    kinds: frozenset[str] | None = None
    selected: str | None = None
    focus: bool = False  # only the neighbourhood of the selection, `depth` links deep, laid out around it
    depth: int = 1
    keep: tuple[frozenset[str], ...] = ()  # more node filters (e.g. by acceptance status), all applied


@dataclass
class MapView:
    """What is drawn: every view of the map reads this and decides nothing itself."""

    positions: Positions  # where every node of the map is (saved or laid out)
    local: Positions | None  # focus mode's places for the shown nodes, for the view only (None: none)
    visible: set[str] | None  # the nodes shown (None: all)
    kinds: set[str] | None  # the link kinds shown (None: all)
    selected: str | None
    highlighted: set[str] = field(default_factory=set)  # the selection's neighbours
    lanes: list[tuple[str, str, float, float]] | None = None  # by-document lanes: (doc id, title, left, right)

    def drawn_positions(self) -> Positions:
        """The positions as drawn: focus mode's places over the map's."""
        return {**self.positions, **self.local} if self.local else dict(self.positions)


def visible_nodes(graph: nx.MultiDiGraph, request: ViewRequest) -> set[str] | None:
    """The nodes the filters and focus let through, the selection always among them; None: all."""
    focus = request.focus and request.selected is not None and request.selected in graph
    if request.documents is None and request.actors is None and request.kinds is None and not focus and not request.keep:
        return None
    visible = filter_nodes(graph, request.documents, request.actors, request.kinds)
    if focus:
        assert request.selected is not None
        visible &= k_hop(graph, request.selected, request.depth, request.kinds)
    for keep in request.keep:
        visible &= keep
    if request.selected is not None and request.selected in graph:
        visible.add(request.selected)
    return visible


def lanes_for(graph: nx.MultiDiGraph, positions: Positions, layout: str | None) -> list[tuple[str, str, float, float]] | None:
    """The titled document lanes behind a by-document map (None for the other layouts)."""
    if layout != "by-document":
        return None
    from argmap.model.document_layout import document_columns  # numpy: only for the layout that has lanes

    return document_columns(graph, positions)


def describe_view(graph: nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]], request: ViewRequest) -> MapView:
    """The one place that decides what the map shows for a request."""
    pos = dict(positions)
    selected = request.selected if request.selected in graph else None
    visible = visible_nodes(graph, request)
    local = focus_layout(graph, selected, visible) if request.focus and selected is not None and visible is not None else None
    highlighted = set(neighbours(graph, selected)) if selected is not None else set()
    kinds = set(request.kinds) if request.kinds is not None else None
    return MapView(positions=pos, local=local, visible=visible, kinds=kinds, selected=selected,
                   highlighted=highlighted, lanes=lanes_for(graph, pos, request.layout))


def chosen_layout(asked: str | None, saved_name: str | None) -> str:
    """The layout a map is shown with: the one asked for, else the saved one, else the default."""
    for name in (asked, saved_name):
        if name in LAYOUTS:
            assert name is not None
            return name
    return DEFAULT_LAYOUT


def positions_kept(saved: Mapping[str, tuple[float, float]], saved_name: str | None, asked: str | None,
                   nodes: Collection[str]) -> Positions:
    """The saved positions a map keeps: all of them, unless another layout than the saved one is asked for
    (then the new layout is shown whole, as the window's layout menu does)."""
    if asked is not None and asked != saved_name:
        return {}
    return {k: v for k, v in saved.items() if k in nodes}
