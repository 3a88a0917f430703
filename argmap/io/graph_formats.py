"""GEXF (Gephi) and DOT (Graphviz) exports that look like argmap's map: the same colours per
claim role, actor and relation kind, and the same positions when the map has been laid out.

Qt-free on purpose (`argmap export` runs without a screen), so the Okabe-Ito colours of
argmap.render.style are repeated here rather than imported with Qt.
"""

from __future__ import annotations

import io
import json
import textwrap
from typing import Any

import networkx as nx

from argmap.io.registry import exporter
from argmap.model.annotations import Corpus
from argmap.model.graph import build_graph

# argmap.render.style: node accent colours and edge colours (Okabe-Ito)
NODE_COLOURS = {"claim": "#56B4E9", "rebuttal": "#D55E00", "actor": "#8C7A00"}
NODE_FILLS = {"claim": "#FFFFFF", "rebuttal": "#FFF4EC", "actor": "#FFFBE0"}
EDGE_COLOURS = {"supports": "#009E73", "rebuts": "#D55E00", "asserts": "#0072B2", "denies": "#CC79A7"}
# Graphviz line style and arrowhead per kind: readable in greyscale print too
DOT_EDGES = {
    "supports": ("solid", "normal", 2.0),
    "rebuts": ("dashed", "tee", 2.0),
    "asserts": ("dotted", "empty", 1.3),
    "denies": ("dashed", "teeodot", 1.3),
}
WRAP = 28
MAX_LINES = 6


def _role(data: dict[str, Any]) -> str:
    return str(data.get("role") or data["kind"])


def _rgb(hex_: str) -> dict[str, float]:
    return {"r": int(hex_[1:3], 16), "g": int(hex_[3:5], 16), "b": int(hex_[5:7], 16), "a": 1.0}


def map_positions(corpus: Corpus, g: nx.MultiDiGraph) -> tuple[dict[str, tuple[float, float]], str]:
    """The saved positions when every node has one, else a force layout (or a circle without it)."""
    nodes = list(g.nodes)
    if nodes and all(n in corpus.positions for n in nodes):
        return {n: corpus.positions[n] for n in nodes}, "saved"
    from argmap.model.layout import compute_layout

    return compute_layout(g, "force"), "force"


# -- GEXF -------------------------------------------------------------------------------------


def gexf_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """A copy of the map graph with scalar attributes and Gephi's viz (position, colour, size)."""
    g = build_graph(corpus)
    xy, _how = map_positions(corpus, g)
    out = nx.MultiDiGraph()
    for n, data in g.nodes(data=True):
        role = _role(data)
        attrs: dict[str, Any] = {"label": data["label"], "kind": data["kind"]}
        if data["kind"] == "claim":
            attrs.update(role=role, docs=" ".join(data["docs"]), mentions=len(data["mentions"]), origin=data["origin"])
        else:
            attrs.update(actor_type=data["actor_type"], aliases="; ".join(data["aliases"]))
        x, y = xy.get(n, (0.0, 0.0))
        attrs["viz"] = {
            "color": _rgb(NODE_COLOURS[role]),
            "position": {"x": round(float(x), 2), "y": round(-float(y), 2), "z": 0.0},  # Gephi's y points up
            "size": 10.0 + 2.0 * min(g.degree(n), 10),
        }
        out.add_node(n, **attrs)
    for u, v, key, data in g.edges(keys=True, data=True):
        attrs = {"id": key, "label": data["kind"], "kind": data["kind"], "origin": data["origin"],
                 "evidence": json.dumps([m["quote"] for m in data["evidence"]], ensure_ascii=False),
                 "viz": {"color": _rgb(EDGE_COLOURS.get(data["kind"], "#7F7F7F"))}}
        if data.get("note"):
            attrs["note"] = data["note"]
        out.add_edge(u, v, key=key, **attrs)
    return out


@exporter("gexf", "gexf", "GEXF 1.2 for Gephi, with argmap's colours and positions")
def export_gexf(corpus: Corpus) -> str:
    buf = io.BytesIO()
    nx.write_gexf(gexf_graph(corpus), buf, encoding="utf-8", version="1.2draft")
    return buf.getvalue().decode("utf-8")


# -- DOT --------------------------------------------------------------------------------------


def _q(s: str) -> str:
    """A DOT double-quoted string; newlines become Graphviz's centred line breaks."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n") + '"'


def wrap_label(text: str, width: int = WRAP, max_lines: int = MAX_LINES) -> str:
    lines = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


@exporter("dot", "dot", "Graphviz DOT (dot -Tsvg map.dot > map.svg), styled like the map")
def export_dot(corpus: Corpus) -> str:
    g = build_graph(corpus)
    saved = bool(g.nodes) and all(n in corpus.positions for n in g.nodes)
    out = [
        "// argmap map: dot -Tsvg map.dot > map.svg"
        + ("; neato -n2 -Tsvg map.dot keeps argmap's own layout (pos)" if saved else ""),
        "digraph argmap {",
        '  graph [rankdir=BT, bgcolor="#FAFAF8", fontname="Helvetica", nodesep=0.35, ranksep=0.55];',
        '  node [fontname="Helvetica", fontsize=11, margin="0.12,0.06", penwidth=1.4];',
        '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.8];',
    ]
    for n, data in g.nodes(data=True):
        role = _role(data)
        if data["kind"] == "claim":
            style = f'shape=box, style="rounded,filled", fillcolor="{NODE_FILLS[role]}", color="{NODE_COLOURS[role]}"'
            if role == "rebuttal":
                style += ", penwidth=2.0"
            label, tip = wrap_label(data["label"]), data["text"]
        else:
            style = f'shape=ellipse, style=filled, fillcolor="{NODE_FILLS["actor"]}", color="{NODE_COLOURS["actor"]}"'
            label, tip = f"{wrap_label(data['label'], 24, 3)}\n({data['actor_type']})", data["label"]
        if saved:  # points, y up: 0.75 pt per argmap unit (a pixel at 96 dpi)
            x, y = corpus.positions[n]
            style += f', pos="{0.75 * x:.1f},{-0.75 * y:.1f}"'
        out.append(f"  {_q(n)} [label={_q(label)}, {style}, tooltip={_q(tip)}];")
    for u, v, key, data in g.edges(keys=True, data=True):
        kind = data["kind"]
        line, head, width = DOT_EDGES.get(kind, ("solid", "normal", 1.2))
        colour = EDGE_COLOURS.get(kind, "#7F7F7F")
        out.append(
            f"  {_q(u)} -> {_q(v)} [id={_q(key)}, color={_q(colour)}, style={line}, arrowhead={head}, "
            f"penwidth={width}, tooltip={_q(kind)}];"
        )
    out.append("}")
    return "\n".join(out) + "\n"
