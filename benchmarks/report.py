"""The figures, the targets and the RESULTS.md writer.

Every figure has a row in RESULTS.md at every size, measured or not (then the cell says why),
so a missing measurement is visible instead of silently absent.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.timing import ROOT, median, percentile

# argmap.model.layout.LAYOUTS, kept here so the table never depends on an import
LAYOUT_NAMES = ("layered", "force", "by-document")


@dataclass(frozen=True)
class Figure:
    key: str
    section: str
    title: str
    unit: str  # "s", "ms" or "MB"
    p95: bool = False


FIGURES: tuple[Figure, ...] = (
    Figure("load", "Model", "load + validate (`load_corpus`)", "s"),
    Figure("graph", "Model", "build the graph (`build_graph`)", "s"),
    Figure("load_graph", "Model", "load + validate + build the graph", "s"),
    Figure("edit", "Model", "one edit: `Corpus.add_relation` (with `new_id`)", "ms"),
    Figure("add_relation", "Model", "`Corpus.add_relation` alone (O(1): about the same at every size)", "ms"),
    Figure("save", "Model", "save after that edit (`save_corpus`, atomic + fsync)", "s"),
    Figure("grounded", "Model", "what stands: grounded `acceptance(corpus)`, every claim explained", "s"),
    Figure("stances", "Model", "who says what: `dispute_list` + `stance_matrix`", "s"),
    *(Figure(f"layout.{n}", "Layout", f"`compute_layout(graph, \"{n}\")`", "s") for n in LAYOUT_NAMES),
    Figure("render_png", "Render", "`argmap render CORPUS -o map.png`, end to end", "s"),
    Figure("render_svg", "Render", "`argmap render CORPUS -o map.svg`, end to end", "s"),
    Figure("first_map", "Window", "`argmap CORPUS` to the first painted map (default layout)", "s"),
    Figure("first_map_layered", "Window", "same, with the layered layout", "s"),
    Figure("frame_pan_open", "Window", "frame while panning, at the opening view", "ms", p95=True),
    Figure("frame_zoom_open", "Window", "frame while zooming, at the opening view", "ms", p95=True),
    Figure("frame_pan_whole", "Window", "frame while panning, whole map fitted", "ms", p95=True),
    Figure("frame_zoom_whole", "Window", "frame while zooming, whole map fitted", "ms", p95=True),
    Figure("frame_zoom_crisp_open", "Window", "crisp redraw once a zoom rests, at the opening view", "ms", p95=True),
    Figure("frame_zoom_crisp_whole", "Window", "crisp redraw once a zoom rests, whole map fitted", "ms", p95=True),
    Figure("click_highlight", "Window", "click a claim until its source text is highlighted", "ms", p95=True),
    Figure("edit_link", "Window", "add a link: command to repainted window (working zoom)", "ms", p95=True),
    Figure("edit_claim", "Window", "add a claim: command to repainted window (working zoom)", "ms", p95=True),
    Figure("edit_delete", "Window", "delete a claim (1-8 links): command to repainted window", "ms", p95=True),
    Figure("edit_undo", "Window", "undo one of those: command to repainted window", "ms", p95=True),
    Figure("mem_model", "Memory", "peak RSS of a process that loads + builds the graph", "MB"),
    Figure("mem_traced", "Memory", "peak Python allocations during load + graph (tracemalloc)", "MB"),
    Figure("mem_render", "Memory", "peak RSS of `argmap render` to PNG (with its band helper, summed)", "MB"),
    Figure("mem_window", "Memory", "peak RSS of the map window after panning, zooming, clicking", "MB"),
    Figure("peer.networkx.png", "Peers", "networkx `spring_layout` + matplotlib, PNG, end to end", "s"),
    Figure("peer.networkx.svg", "Peers", "networkx `spring_layout` + matplotlib, SVG, end to end", "s"),
    Figure("peer.networkx.layout", "Peers", "networkx `spring_layout` alone (inside the PNG run)", "s"),
    Figure("peer.sfdp.png", "Peers", "Graphviz `sfdp -Tpng`", "s"),
    Figure("peer.sfdp.svg", "Peers", "Graphviz `sfdp -Tsvg`", "s"),
    Figure("peer.dot.png", "Peers", "Graphviz `dot -Tpng`", "s"),
    Figure("peer.dot.svg", "Peers", "Graphviz `dot -Tsvg`", "s"),
    *(Figure(f"paired.{peer}.{fmt}", "Peers", f"`argmap render` to {fmt.upper()}, run just before each {title} run", "s")
      for peer, title in (("sfdp", "sfdp"), ("dot", "dot"), ("networkx", "networkx + matplotlib")) for fmt in ("png", "svg")),
)
# the bundled seed map (70 claims): what most people render; stored under size SEED_SIZE
SEED_SIZE = 0
SEED_FIGURES: tuple[Figure, ...] = (
    Figure("seed.render_png", "Seed", "`argmap render seeds -o map.png`, run just before each dot run", "s"),
    Figure("seed.dot_png", "Seed", "Graphviz `dot -Tpng` on the same graph", "s"),
    Figure("seed.mem_render", "Seed", "peak RSS of `argmap render seeds -o map.png`", "MB"),
    Figure("seed.mem_dot", "Seed", "peak RSS of `dot -Tpng`", "MB"),
)
FIGURES = FIGURES + SEED_FIGURES
FIGURE_KEYS = tuple(f.key for f in FIGURES)
SECTIONS = ("Model", "Layout", "Render", "Window", "Memory", "Peers")


@dataclass
class Cell:
    values: list[float] = field(default_factory=list)
    note: str = ""  # why there is no value, or a remark
    over_limit: float | None = None  # the time limit (s) the run was killed at

    @property
    def median(self) -> float | None:
        return median(self.values) if self.values else None

    @property
    def p95(self) -> float | None:
        return percentile(self.values, 95) if self.values else None


@dataclass
class Results:
    sizes: list[int]
    cells: dict[str, dict[int, Cell]] = field(default_factory=dict)
    shapes: dict[int, dict] = field(default_factory=dict)
    machine: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def cell(self, key: str, size: int) -> Cell:
        assert key in FIGURE_KEYS, key
        return self.cells.setdefault(key, {}).setdefault(size, Cell())

    def add(self, key: str, size: int, values: list[float], note: str = "") -> None:
        c = self.cell(key, size)
        c.values.extend(values)
        if note:
            c.note = note

    def fail(self, key: str, size: int, note: str, over_limit: float | None = None) -> None:
        c = self.cell(key, size)
        c.note = note
        c.over_limit = over_limit

    def get(self, key: str, size: int) -> Cell | None:
        return self.cells.get(key, {}).get(size)

    def save_json(self, path: Path) -> None:
        data = asdict(self)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")

    @classmethod
    def load_json(cls, path: Path) -> Results:
        """Read back save_json's file (JSON keys are strings: sizes become ints again)."""
        data = json.loads(path.read_text(encoding="utf-8"))
        cells = {key: {int(size): Cell(**cell) for size, cell in by_size.items()}
                 for key, by_size in data.pop("cells").items()}
        shapes = {int(size): shape for size, shape in data.pop("shapes").items()}
        return cls(cells=cells, shapes=shapes, **data)


# -- the machine ---------------------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def machine_description() -> dict:
    cpu = next((ln.split(":", 1)[1].strip() for ln in _read("/proc/cpuinfo").splitlines() if ln.startswith("model name")),
               platform.processor() or platform.machine())
    mem_kb = next((int(ln.split()[1]) for ln in _read("/proc/meminfo").splitlines() if ln.startswith("MemTotal")), 0)
    os_name = next((ln.split("=", 1)[1].strip('"') for ln in _read("/etc/os-release").splitlines()
                    if ln.startswith("PRETTY_NAME=")), platform.platform())
    versions = {}
    for mod in ("PySide6", "pyqtgraph", "networkx", "igraph", "numpy", "matplotlib", "scipy"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 - a missing peer library is reported, not fatal
            versions[mod] = "not installed"
    try:
        from PySide6.QtCore import qVersion

        versions["Qt"] = qVersion()
    except Exception:  # noqa: BLE001
        versions["Qt"] = "not installed"
    try:
        gv = subprocess.run(["dot", "-V"], capture_output=True, text=True, timeout=10).stderr.strip()
    except (OSError, subprocess.TimeoutExpired):
        gv = "not installed"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT,
                                timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        commit = ""
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "os": f"{os_name} ({platform.release()})",
        "python": platform.python_version(),
        "versions": versions,
        "graphviz": gv,
        "commit": commit,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_before": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


# -- formatting ------------------------------------------------------------------------------------


def _num(v: float, unit: str) -> str:
    if unit == "MB":
        return f"{v:,.0f} MB"
    if unit == "ms":
        return f"{v:,.1f} ms" if v < 100 else f"{v:,.0f} ms"
    return f"{v:.3f} s" if v < 1 else f"{v:.2f} s" if v < 100 else f"{v:,.0f} s"


def fmt_cell(cell: Cell | None, fig: Figure) -> str:
    if cell is None:
        return "—"
    if cell.median is None:
        if cell.over_limit is not None:
            return f"> {cell.over_limit:.0f} s"
        return cell.note or "—"
    values = [v * 1000 for v in cell.values] if fig.unit == "ms" and fig.key in ("edit",) else cell.values
    med = median(values)
    text = _num(med, fig.unit)
    if fig.p95:
        text += f" / {_num(percentile(values, 95), fig.unit)}"
    n = len(values)
    text += f" <sub>n={n}</sub>"
    if cell.note:
        text += f" ({cell.note})"
    return text


def value_s(cell: Cell | None) -> float | None:
    return cell.median if cell is not None else None


def ratio(r: Results, peer: str, fmt: str, size: int) -> tuple[float | None, bool]:
    """(peer time / argmap time, whether the peer ran past its limit, so the ratio is a lower bound).

    Where argmap rendered right before each peer run (paired.*), the median of those pairs'
    ratios: the two saw the shared machine in the same state. Otherwise medians of each.
    """
    a, p = r.get(f"render_{fmt}", size), r.get(f"peer.{peer}.{fmt}", size)
    pairs = r.get(f"paired.{peer}.{fmt}", size)
    if p is not None and p.values and pairs is not None and len(pairs.values) == len(p.values):
        return median([pv / av for pv, av in zip(p.values, pairs.values, strict=True) if av > 0]), False
    own = pairs if pairs is not None and pairs.values else a
    mine = value_s(own)
    if mine is None or mine <= 0 or p is None:
        return None, False
    if p.median is not None:
        return p.median / mine, False
    if p.over_limit is not None:
        return p.over_limit / mine, True
    return None, False


def ratio_text(r: Results, peer: str, fmt: str, size: int) -> str:
    value, bound = ratio(r, peer, fmt, size)
    if value is None:
        return "—"
    return f"> {value:.0f}x" if bound else f"{value:.1f}x"


# -- targets ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    text: str
    size: int
    check: str  # how to evaluate, see evaluate()


TARGET_SIZE = 10_000
TARGETS = (
    Target("load + validate + build < 1 s", TARGET_SIZE, "load_graph<1"),
    *(Target(f"layout '{n}' < 2 s", TARGET_SIZE, f"layout.{n}<2") for n in LAYOUT_NAMES),
    Target("`argmap render` to PNG < 4 s end to end", TARGET_SIZE, "render_png<4"),
    Target("render PNG >= 3x faster than sfdp", TARGET_SIZE, "ratio:peer.sfdp.png>=3"),
    Target("render PNG >= 20x faster than networkx + matplotlib", TARGET_SIZE, "ratio:peer.networkx.png>=20"),
    *(Target(f"{what}: median frame < 16 ms and p95 < 33 ms", TARGET_SIZE, f"frame:{key}")
      for key, what in (("frame_pan_open", "panning (opening view)"), ("frame_zoom_open", "zooming (opening view)"),
                        ("frame_pan_whole", "panning (whole map)"), ("frame_zoom_whole", "zooming (whole map)"))),
    Target("click to highlighted source text < 50 ms", TARGET_SIZE, "click_highlight<50"),
    Target("saving after one edit < 0.5 s", TARGET_SIZE, "save<0.5"),
    Target("grounded acceptance with explanations < 0.5 s", TARGET_SIZE, "grounded<0.5"),
    Target("peak memory < 600 MB (largest of model, render and window processes)", TARGET_SIZE, "memory<600"),
    Target("50,000 claims open (default layout)", 50_000, "opens:first_map"),
    Target("50,000 claims open (layered layout)", 50_000, "opens:first_map_layered"),
    Target("50,000 claims stay usable: median pan/zoom frame < 33 ms at the opening view", 50_000, "usable"),
    # issue 20: fast at both ends
    Target("`argmap render seeds -o map.png` >= 2x faster than `dot -Tpng` (paired)", SEED_SIZE, "seedratio>=2"),
    Target("peak memory of `argmap render seeds` < 150 MB", SEED_SIZE, "seed.mem_render<150"),
    Target("100 claims: render PNG >= 1x sfdp (as fast)", 100, "ratio:peer.sfdp.png>=1"),
    Target("100 claims: render SVG >= 0.5x sfdp", 100, "ratio:peer.sfdp.svg>=0.5"),
    Target("50,000 claims: first painted map < 6 s", 50_000, "first_map<6"),
    Target("crisp redraw once a zoom rests, whole map: median < 50 ms", TARGET_SIZE, "frame_zoom_crisp_whole<50"),
    Target("50,000 claims: crisp redraw once a zoom rests, whole map: median < 150 ms", 50_000, "frame_zoom_crisp_whole<150"),
    Target("click to highlighted source text: p95 < 50 ms", TARGET_SIZE, "p95:click_highlight<50"),
    Target("50,000 claims: click to highlighted source text p95 < 50 ms", 50_000, "p95:click_highlight<50"),
    Target("50,000 claims: window peak memory < 500 MB", 50_000, "mem_window<500"),
    Target("100,000 claims: first painted map < 12 s", 100_000, "first_map<12"),
    # issue 14: edits that cost what they change
    *(Target(f"one edit ({what}) to the repainted window: median < 16 ms", TARGET_SIZE, f"{key}<16")
      for key, what in (("edit_link", "add a link"), ("edit_claim", "add a claim"), ("edit_delete", "delete a node"),
                        ("edit_undo", "undo"))),
    *(Target(f"50,000 claims: one edit ({what}) to the repainted window: median < 50 ms", 50_000, f"{key}<50")
      for key, what in (("edit_link", "add a link"), ("edit_claim", "add a claim"), ("edit_delete", "delete a node"),
                        ("edit_undo", "undo"))),
    Target("`Corpus.add_relation` at 100,000 claims < 1 ms (O(1))", 100_000, "add_relation<1"),
    Target("100,000 claims: median pan frame < 16 ms at the opening view", 100_000, "frame_pan_open<16"),
    Target("100,000 claims: median zoom frame < 16 ms at the opening view", 100_000, "frame_zoom_open<16"),
    Target("100,000 claims: click to highlighted source text p95 < 50 ms", 100_000, "p95:click_highlight<50"),
)


def evaluate(t: Target, r: Results) -> tuple[str, str]:
    """(status, measured) for one target: status is met, missed or not measured."""
    if t.size not in r.sizes and t.size != SEED_SIZE:
        return "not measured", f"size {t.size:,} not in this run"
    check = t.check
    if check.startswith("seedratio>="):
        a, d = r.get("seed.render_png", SEED_SIZE), r.get("seed.dot_png", SEED_SIZE)
        if a is None or d is None or not a.values or len(a.values) != len(d.values):
            return "not measured", (d.note if d is not None and d.note else "—")
        value = median([dv / av for dv, av in zip(d.values, a.values, strict=True) if av > 0])
        return ("met" if value >= float(check[11:]) else "missed"), f"{value:.2f}x ({a.median:.3f} s vs {d.median:.3f} s)"
    p95 = check.startswith("p95:")
    if p95:
        check = check[4:]
    if check.startswith("ratio:"):
        key, limit = check[6:].split(">=")
        _, peer, fmt = key.split(".")
        value, bound = ratio(r, peer, fmt, t.size)
        p = r.get(key, t.size)
        if value is None:
            return "not measured", (p.note if p is not None and p.note else "—")
        if bound:
            over = p.over_limit if p is not None else 0
            return ("met" if value >= float(limit) else "not measured"), f"> {value:.0f}x (peer killed at {over:.0f} s)"
        return ("met" if value >= float(limit) else "missed"), f"{value:.1f}x"
    if check.startswith("frame:"):
        c = r.get(check[6:], t.size)
        if c is None or not c.values:
            return "not measured", (c.note if c else "—")
        med, p95 = c.median, c.p95
        ok = med < 16 and p95 < 33
        return ("met" if ok else "missed"), f"{med:.1f} ms / p95 {p95:.1f} ms"
    if check == "memory<600":
        cells = [r.get(k, t.size) for k in ("mem_model", "mem_render", "mem_window")]
        vals = [c.median for c in cells if c is not None and c.median is not None]
        if not vals:
            return "not measured", "—"
        return ("met" if max(vals) < 600 else "missed"), f"{max(vals):,.0f} MB"
    if check.startswith("opens:"):
        c = r.get(check[6:], t.size)
        if c is None or c.median is None:
            return "missed", (fmt_cell(c, _fig(check[6:])) if c else "—")
        return "met", f"first map after {c.median:.1f} s"
    if check == "usable":
        cells = [r.get(k, t.size) for k in ("frame_pan_open", "frame_zoom_open")]
        if any(c is None or not c.values for c in cells):
            return "not measured", "—"
        worst = max(c.median for c in cells)
        return ("met" if worst < 33 else "missed"), f"worst median {worst:.1f} ms"
    key, limit = check.split("<")
    c = r.get(key, t.size)
    if c is None or c.median is None:
        if c is not None and c.over_limit is not None:
            return "missed", f"> {c.over_limit:.0f} s"
        return "not measured", (c.note if c else "—")
    fig = _fig(key)
    value = c.p95 if p95 else c.median
    return ("met" if value < float(limit) else "missed"), _num(value, fig.unit) + (" p95" if p95 else "")


def _fig(key: str) -> Figure:
    return next(f for f in FIGURES if f.key == key)


# -- RESULTS.md ------------------------------------------------------------------------------------


def render_markdown(r: Results) -> str:
    m = r.machine
    v = m.get("versions", {})
    sizes = r.sizes
    out = [
        "# argmap benchmarks",
        "",
        "Written by `make bench` (`python -m benchmarks.run`); do not edit by hand. Medians of repeated runs "
        "(n = number of samples); `a / b` is median / 95th percentile. Peers ran in the same run on the same graphs.",
        "",
        "## Machine",
        "",
        f"- CPU: {m.get('cpu')}, {m.get('cores')} cores; RAM {m.get('ram_gb')} GB",
        f"- OS: {m.get('os')}; Python {m.get('python')}; Qt {v.get('Qt')} (PySide6 {v.get('PySide6')}), "
        f"pyqtgraph {v.get('pyqtgraph')}, networkx {v.get('networkx')}, igraph {v.get('igraph')}, numpy {v.get('numpy')}",
        f"- Peers: matplotlib {v.get('matplotlib')}, scipy {v.get('scipy')}, {m.get('graphviz')}",
        f"- Date: {m.get('date')}; argmap commit {m.get('commit')}; load average {m.get('load_before')} before, "
        f"{m.get('load_after', '?')} after (the machine is shared: absolute times are noisy, ratios within one run less so)",
        f"- Settings: {', '.join(f'{k}={val}' for k, val in r.settings.items())}",
        "",
        "## Corpora",
        "",
        "Synthetic, from `benchmarks/synth.py` (deterministic seed): news-style texts, every claim quoted exactly; "
        "relations by preferential attachment (supports/rebuts) and Zipf-active actors (asserts/denies).",
        "",
        "| claims | documents | actors | nodes | relations | text |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for s in sizes:
        sh = r.shapes.get(s, {})
        out.append(f"| {s:,} | {sh.get('documents', 0):,} | {sh.get('actors', 0):,} | {sh.get('nodes', 0):,} | "
                   f"{sh.get('relations', 0):,} | {sh.get('text_chars', 0) / 1e6:.1f} M chars |")
    out += ["", "## Targets", "", f"At {TARGET_SIZE:,} claims unless stated.", ""]
    out += ["| target | measured | status |", "|---|---|---|"]
    for t in TARGETS:
        status, measured = evaluate(t, r)
        mark = {"met": "**met**", "missed": "**MISSED**"}.get(status, status)
        out.append(f"| {t.text} | {measured} | {mark} |")
    out += ["", "How the window's frames are made (argmap.ui.tile_cache): the map's base layer is cached in 256-pixel "
            "tiles, so a pan frame copies tiles and renders only the strip it uncovers; a zoom frame shows the last "
            "crisp tiles scaled, and the crisp tiles are rendered once the wheel has rested for 120 ms. That crisp "
            "redraw is not a frame of the gesture but the user waits for it, so it has its own rows in the Window "
            "table (\"crisp redraw once a zoom rests\"). A click redraws only the overlay (the veil that dims the map "
            "and the emphasised nodes on it)."]
    out += ["", "## Against peers (same graphs, same run)", ""]
    for fmt in ("png", "svg"):
        out += [f"### To {fmt.upper()}", "",
                "| claims | argmap render | sfdp | ratio | dot | ratio | networkx + matplotlib | ratio |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for s in sizes:
            a = r.get(f"render_{fmt}", s)
            row = [f"{s:,}", _short(a)]
            for peer in ("sfdp", "dot", "networkx"):
                p = r.get(f"peer.{peer}.{fmt}", s)
                row += [_short(p), ratio_text(r, peer, fmt, s)]
            out.append("| " + " | ".join(row) + " |")
        out.append("")
    out.append("Ratio = peer time / argmap time (above 1: argmap is faster): the median over the peer's runs of its "
               "time over that of an `argmap render` run just before it (`paired.*` below), so that both saw the shared "
               "machine in the same state. Layout alone: see `layout.*` and `peer.networkx.layout` below.")
    out += ["", "## Seed map", "", "The bundled corpus (`seeds/`, 70 claims, 105 nodes), what most people render; dot gets "
            "the same graph as the other peers. Each dot run follows an `argmap render` run (paired).", "",
            "| figure | seed map |", "|---|---:|"]
    for fig in SEED_FIGURES:
        out.append(f"| {fig.title} | {fmt_cell(r.get(fig.key, SEED_SIZE), fig)} |")
    for section in SECTIONS:
        out += ["", f"## {section}", "", "| figure | " + " | ".join(f"{s:,} claims" for s in sizes) + " |",
                "|---|" + "---:|" * len(sizes)]
        for fig in FIGURES:
            if fig.section != section:
                continue
            label = fig.title + (" (median / p95)" if fig.p95 else "")
            out.append(f"| {label} | " + " | ".join(fmt_cell(r.get(fig.key, s), fig) for s in sizes) + " |")
    if r.notes:
        out += ["", "## Notes", ""] + [f"- {n}" for n in r.notes]
    return "\n".join(out) + "\n"


def _short(c: Cell | None) -> str:
    if c is None:
        return "—"
    if c.median is not None:
        return _num(c.median, "s")
    if c.over_limit is not None:
        return f"> {c.over_limit:.0f} s"
    return c.note or "—"
