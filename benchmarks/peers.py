"""Peer tools drawing the same graphs as argmap: networkx + matplotlib, and Graphviz sfdp and dot.

Each peer gets the graph argmap builds from the corpus (same nodes, same edges, node labels cut
to 30 characters, edge colour by kind), written as DOT for Graphviz and as JSON for networkx,
and is timed end to end in its own process - start, read, lay out, draw, write the image - the
way `argmap render` is timed, with a time limit.

    python -m benchmarks.peers networkx GRAPH.json OUT.png    # the networkx + matplotlib worker
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

EDGE_COLOURS = {"supports": "#2e8b57", "rebuts": "#c0392b", "asserts": "#2c6fbb", "denies": "#8e44ad"}
LABEL_CHARS = 30


@dataclass(frozen=True)
class Peer:
    name: str  # "networkx", "sfdp", "dot"
    title: str
    max_nodes: int  # sizes above this are skipped: they would obviously run far past the time limit
    skip_reason: str


PEERS = (
    Peer("networkx", "networkx spring_layout + matplotlib", 12_000,
         "skipped: spring_layout alone is O(n^2) per iteration (186 s at 10,000 nodes here)"),
    Peer("sfdp", "Graphviz sfdp", 10**9, ""),
    Peer("dot", "Graphviz dot", 1_100, "skipped: dot already takes > 120 s at 1,000 claims"),
)


def _label(data: dict) -> str:
    text = str(data.get("label", ""))
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _dot_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def write_peer_inputs(graph, folder: Path) -> tuple[Path, Path]:
    """The argmap graph as graph.dot (Graphviz) and graph.json (networkx worker); returns both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["digraph argmap {", '  node [shape=box, fontsize=10, fontname="Helvetica"];', "  edge [arrowsize=0.6];"]
    for n, data in graph.nodes(data=True):
        shape = ', shape=ellipse' if data.get("kind") == "actor" else ""
        lines.append(f"  {_dot_string(n)} [label={_dot_string(_label(data))}{shape}];")
    for u, v, kind in graph.edges(data="kind"):
        lines.append(f"  {_dot_string(u)} -> {_dot_string(v)} [color={_dot_string(EDGE_COLOURS.get(kind, '#666666'))}];")
    lines.append("}")
    dot = folder / "graph.dot"
    dot.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = {
        "nodes": [[n, _label(d), d.get("kind", "claim")] for n, d in graph.nodes(data=True)],
        "edges": [[u, v, kind] for u, v, kind in graph.edges(data="kind")],
    }
    js = folder / "graph.json"
    js.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return dot, js


def graphviz_status() -> str | None:
    """None when sfdp and dot are available; else why the Graphviz peers are skipped.

    On a fresh machine, running as root, installs Debian's graphviz package first.
    """
    if shutil.which("sfdp") and shutil.which("dot"):
        return None
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("benchmarks: Graphviz is missing; installing it with apt-get (peer tool)", file=sys.stderr)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "graphviz"]):
            if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode != 0:
                break
        if shutil.which("sfdp") and shutil.which("dot"):
            return None
        return "Graphviz could not be installed with apt-get; its peers are skipped"
    return "Graphviz (sfdp, dot) is not installed and this is not root; install the graphviz package to measure it"


def graphviz_command(engine: str, dot: Path, out: Path) -> list[str]:
    return [shutil.which(engine) or engine, f"-T{out.suffix[1:]}", str(dot), "-o", str(out)]


def networkx_command(graph_json: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "benchmarks.peers", "networkx", str(graph_json), str(out)]


# -- the networkx + matplotlib worker ----------------------------------------------------------


def _networkx_worker(graph_json: Path, out: Path) -> dict:
    """What a networkx user writes: spring_layout, draw_networkx with labels, savefig."""
    t0 = time.perf_counter()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx

    data = json.loads(graph_json.read_text(encoding="utf-8"))
    g = nx.MultiDiGraph()
    for n, label, kind in data["nodes"]:
        g.add_node(n, label=label, kind=kind)
    for u, v, kind in data["edges"]:
        g.add_edge(u, v, kind=kind)
    t1 = time.perf_counter()
    pos = nx.spring_layout(g, seed=1)
    t2 = time.perf_counter()
    side = max(8.0, min(60.0, (g.number_of_nodes() ** 0.5) * 1.2))
    fig, ax = plt.subplots(figsize=(side, side))
    nx.draw_networkx(
        g, pos, ax=ax, node_size=60, font_size=5, width=0.5, arrowsize=6,
        labels={n: d["label"] for n, d in g.nodes(data=True)},
        edge_color=[EDGE_COLOURS.get(k, "#666666") for _, _, k in g.edges(data="kind")],
    )
    ax.set_axis_off()
    fig.savefig(out, dpi=100)
    t3 = time.perf_counter()
    return {"read": t1 - t0, "layout": t2 - t1, "draw_save": t3 - t2}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) != 3 or argv[0] != "networkx":
        print("usage: python -m benchmarks.peers networkx GRAPH.json OUT.(png|svg)", file=sys.stderr)
        return 2
    print(json.dumps(_networkx_worker(Path(argv[1]), Path(argv[2]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
