"""Box sizes of map nodes in world units, without Qt.

Layouts need every node's size before anything is drawn, and the headless renderer, the
window and the exporters must agree on it, so the size is a deterministic estimate from the
label alone. The painter (argmap.render.boxes) then fits the text into this box.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx  # annotations only: `argmap render` draws a LightGraph and never imports networkx


CLAIM_WIDTH = 220.0
CLAIM_PAD_X = 12.0
CLAIM_PAD_Y = 9.0
LINE_HEIGHT = 16.0
CHARS_PER_LINE = 30  # conservative for a 12-unit sans font in the 196-unit text column
MAX_LINES = 6
ACTOR_HEIGHT = 38.0
ACTOR_MIN_WIDTH = 110.0
ACTOR_MAX_WIDTH = 240.0
ACTOR_CHAR_WIDTH = 7.4
ACTOR_ICON = 38.0  # the round glyph at the pill's left end


def line_count(text: str, chars: int = CHARS_PER_LINE) -> int:
    """Lines of a greedy word wrap by character count: the line count the box is sized for.

    Works on word lengths alone (no line strings are built): it runs for every claim of a
    corpus before the first layout.
    """
    lines = 0
    used = 0  # characters on the current line; 0 = the line is empty
    for n in map(len, text.split()):
        if n > chars:  # a very long word (a URL) breaks anywhere
            if used:
                lines += 1
            full, n = divmod(n, chars)
            if not n:
                full, n = full - 1, chars
            lines += full
            used = n
        elif not used:
            used = n
        elif used + 1 + n <= chars:
            used += 1 + n
        else:
            lines += 1
            used = n
    return lines + 1 if used or not lines else lines


@lru_cache(maxsize=1 << 17)  # the layout, the painter and the exporters all ask, for every node
def claim_box(text: str) -> tuple[float, float]:
    n = min(line_count(text), MAX_LINES)
    return CLAIM_WIDTH, 2 * CLAIM_PAD_Y + n * LINE_HEIGHT


def actor_box(name: str) -> tuple[float, float]:
    w = ACTOR_ICON + 16 + ACTOR_CHAR_WIDTH * len(name)
    return max(ACTOR_MIN_WIDTH, min(ACTOR_MAX_WIDTH, w)), ACTOR_HEIGHT


def node_box(graph: nx.MultiDiGraph, node_id: str) -> tuple[float, float]:
    """(width, height) of a node's box in world units."""
    data = graph.nodes[node_id]
    if data.get("kind") == "actor":
        return actor_box(str(data.get("label", "")))
    return claim_box(str(data.get("label", "")))


def node_boxes(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    return {n: node_box(graph, n) for n in graph.nodes}
