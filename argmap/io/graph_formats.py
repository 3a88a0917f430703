"""GEXF (Gephi) and DOT (Graphviz) exports that look like argmap's map: the same colours per
claim role, actor and relation kind, and the positions argmap draws (saved ones where there are
any, else its default layout), so `neato -n2` redraws argmap's own picture.

Both are written from networkx_formats.exchange_graph: an undercut relation is a small junction
node halfway along the link it attacks (docs/FORMAT.md, "Exchange formats").

Qt-free on purpose (`argmap export` runs without a screen), so the Okabe-Ito colours of
argmap.render.style are repeated here rather than imported with Qt.
"""

from __future__ import annotations

import io
import json
import textwrap
from typing import Any

import networkx as nx

from argmap.io.networkx_formats import INFERENCE, exchange_graph
from argmap.io.registry import exporter
from argmap.model.annotations import VOICE_WORDS, Corpus
from argmap.model.geometry import CHARS_PER_LINE, MAX_LINES, node_box
from argmap.model.graph import build_graph
from argmap.model.palette import BLACK, EDGE_COLOURS
from argmap.model.palette import NODE_COLOURS as PALETTE_NODES

# the map's colours (model.palette): a node's accent and its fill; an inference node is black
NODE_COLOURS = {**{role: c[2] for role, c in PALETTE_NODES.items()}, "actor": PALETTE_NODES["actor"][1], INFERENCE: BLACK}
NODE_FILLS = {**{role: c[0] for role, c in PALETTE_NODES.items()}, INFERENCE: BLACK}
# Graphviz line style and arrowhead per kind: readable in greyscale print too
DOT_EDGES = {
    "supports": ("solid", "normal", 2.0),
    "rebuts": ("dashed", "tee", 2.0),
    "asserts": ("dotted", "empty", 1.3),
    "denies": ("dashed", "teeodot", 1.3),
    "undercuts": ("dashed", "tee", 2.0),
}
WRAP = CHARS_PER_LINE  # the map's own line breaks, near enough
# DOT draws boxes at argmap's sizes (0.75 pt per map unit; 96 units an inch) and its 12-unit text
# at 9 pt, so `neato -n2` shows argmap's picture without boxes running into each other
DOT_PER_INCH = 96.0


def _role(data: dict[str, Any]) -> str:
    return str(data.get("role") or data["kind"])


def _rgb(hex_: str) -> dict[str, float]:
    return {"r": int(hex_[1:3], 16), "g": int(hex_[3:5], 16), "b": int(hex_[5:7], 16), "a": 1.0}


def map_positions(corpus: Corpus, g: nx.MultiDiGraph) -> tuple[dict[str, tuple[float, float]], str]:
    """Where `argmap render` draws each node: its saved position, else the corpus's layout (the
    default layout when none is saved) for the rest."""
    nodes = list(g.nodes)
    saved = {n: corpus.positions[n] for n in nodes if n in corpus.positions}
    if nodes and len(saved) == len(nodes):
        return saved, "saved"
    from argmap.model.layout import compute_layout
    from argmap.model.layout_names import DEFAULT_LAYOUT, LAYOUTS

    name = corpus.layout_name if corpus.layout_name in LAYOUTS else DEFAULT_LAYOUT
    return {**compute_layout(g, name), **saved}, name


# -- GEXF -------------------------------------------------------------------------------------


def exchange_positions(corpus: Corpus, g: nx.MultiDiGraph) -> tuple[dict[str, tuple[float, float]], nx.MultiDiGraph]:
    """The exchange graph and where each of its nodes goes: junctions halfway along their link."""
    xy, _how = map_positions(corpus, g)
    ex = exchange_graph(corpus, g)
    for n, data in ex.nodes(data=True):
        if data["kind"] == INFERENCE:
            (x1, y1), (x2, y2) = xy[data["relation_source"]], xy[data["relation_target"]]
            xy[n] = ((x1 + x2) / 2, (y1 + y2) / 2)
    return xy, ex


def _quotes(evidence: list[dict[str, Any]]) -> str:
    return json.dumps([m["quote"] for m in evidence], ensure_ascii=False)


def gexf_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """A copy of the exchange graph with scalar attributes and Gephi's viz (position, colour, size)."""
    xy, g = exchange_positions(corpus, build_graph(corpus))
    out = nx.MultiDiGraph()
    for n, data in g.nodes(data=True):
        role = _role(data)
        attrs: dict[str, Any] = {"label": data["label"], "kind": data["kind"]}
        if data["kind"] == "claim":
            attrs.update(role=role, docs=" ".join(data["docs"]), mentions=len(data["mentions"]), origin=data["origin"])
        elif data["kind"] == INFERENCE:
            attrs.update({k: data[k] for k in ("relation", "relation_kind", "relation_source", "relation_target", "origin")},
                         evidence=_quotes(data.get("evidence", [])))
        else:
            attrs.update(actor_type=data["actor_type"], aliases="; ".join(data["aliases"]))
        if data.get("note"):
            attrs["note"] = data["note"]
        x, y = xy.get(n, (0.0, 0.0))
        attrs["viz"] = {
            "color": _rgb(NODE_COLOURS[role]),
            "position": {"x": round(float(x), 2), "y": round(-float(y), 2), "z": 0.0},  # Gephi's y points up
            "size": 3.0 if data["kind"] == INFERENCE else 10.0 + 2.0 * min(g.degree(n), 10),
        }
        out.add_node(n, **attrs)
    for u, v, key, data in g.edges(keys=True, data=True):
        attrs = {"id": key, "label": data["kind"], "viz": {"color": _rgb(EDGE_COLOURS.get(data["kind"], "#7F7F7F"))}}
        attrs.update({k: val for k, val in data.items() if k in ("kind", "origin", "voice", "via", "note", "relation", "part")})
        if "evidence" in data:
            attrs["evidence"] = _quotes(data["evidence"])
        out.add_edge(u, v, key=key, **attrs)
    return out


@exporter("gexf", "gexf", "GEXF 1.2 for Gephi, with argmap's colours and positions (undercuts at junction nodes)")
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


def _dot_edge_tip(data: dict[str, Any]) -> str:
    """What hovering an edge in Graphviz's SVG says: kind, voice and through whom, the quotes, the note."""
    words = [data["kind"]]
    if data.get("voice") and data["voice"] != "states":
        words.append(f"({VOICE_WORDS[data['voice']]})")
    if data.get("via"):
        words.append(f"via {data['via']}")
    tip = " ".join(words)
    quotes = [m["quote"] for m in data.get("evidence", [])]
    if quotes:
        tip += "\n" + "\n".join(f"“{q}”" for q in quotes)
    if data.get("note"):
        tip += "\n" + data["note"]
    return tip


@exporter("dot", "dot", "Graphviz DOT (dot -Tsvg; neato -n2 keeps argmap's layout), styled like the map")
def export_dot(corpus: Corpus) -> str:
    xy, g = exchange_positions(corpus, build_graph(corpus))
    out = [
        "// argmap map: dot -Tsvg map.dot > map.svg; neato -n2 -Tsvg map.dot > map.svg keeps argmap's own layout (pos)",
        "digraph argmap {",
        '  graph [rankdir=BT, bgcolor="#FAFAF8", fontname="Helvetica", nodesep=0.35, ranksep=0.55];',
        '  node [fontname="Helvetica", fontsize=9, margin="0.08,0.04", penwidth=1.4];',
        '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.8];',
    ]
    for n, data in g.nodes(data=True):
        role = _role(data)
        if data["kind"] == "claim":
            style = f'shape=box, style="rounded,filled", fillcolor="{NODE_FILLS[role]}", color="{NODE_COLOURS[role]}"'
            if role == "rebuttal":
                style += ", penwidth=2.0"
            label, tip = wrap_label(data["label"]), data["text"] + (f"\n\nNote: {data['note']}" if data.get("note") else "")
        elif data["kind"] == INFERENCE:  # the junction an undercut ends on: a dot on the attacked link
            style = 'shape=point, width=0.08, color="#000000"'
            label, tip = "", _dot_edge_tip({**data, "kind": f"{data['relation_kind']} {data['relation']} (undercut)"})
        else:
            style = f'shape=ellipse, style=filled, fillcolor="{NODE_FILLS["actor"]}", color="{NODE_COLOURS["actor"]}"'
            label, tip = f"{wrap_label(data['label'], 24, 3)}\n({data['actor_type']})", data["label"]
        if data["kind"] != INFERENCE:
            bw, bh = node_box(g, n)  # the label may overflow a little: fixedsize=shape never warns
            style += f", width={bw / DOT_PER_INCH:.3f}, height={bh / DOT_PER_INCH:.3f}, fixedsize=shape"
        x, y = xy[n]  # points, y up: 0.75 pt per argmap unit (a pixel at 96 dpi)
        style += f', pos="{0.75 * x:.1f},{-0.75 * y:.1f}"'
        out.append(f"  {_q(n)} [label={_q(label)}, {style}, tooltip={_q(tip)}];")
    for u, v, key, data in g.edges(keys=True, data=True):
        kind = data["kind"]
        line, head, width = DOT_EDGES.get(kind, ("solid", "normal", 1.2))
        if data.get("part") == "source":
            head = "none"  # the first half of an undercut link: its arrowhead is on the second half
        colour = EDGE_COLOURS.get(kind, "#7F7F7F")
        # a hinted or relayed attribution is labelled with its voice, as the map marks it
        label = f", label={_q(VOICE_WORDS[data['voice']])}" if data.get("voice") not in (None, "states") else ""
        out.append(
            f"  {_q(u)} -> {_q(v)} [id={_q(key)}, color={_q(colour)}, style={line}, arrowhead={head}, "
            f"penwidth={width}{label}, tooltip={_q(_dot_edge_tip(data))}];"
        )
    out.append("}")
    return "\n".join(out) + "\n"
