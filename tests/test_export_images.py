"""Image export: SVG with real text, PNG at the asked width and not blank, one-page PDF, huge maps whole."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage

from argmap.model.graph import build_graph
from argmap.model.layout import compute_layout
from argmap.model.loading import load_corpus
from argmap.render.export import ExportError, export_image, render_image
from argmap.render.painter import MapPainter, PaintState
from argmap.render.synthetic import synthetic_graph
from tests.conftest import DATA


@pytest.fixture(scope="module")
def tiny():
    g = build_graph(load_corpus(DATA / "tiny").corpus)
    return g, compute_layout(g, "layered")


def _pixels(img: QImage) -> np.ndarray:
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    arr = np.frombuffer(img.constBits(), dtype=np.uint32, count=img.width() * img.height())
    return arr.reshape(img.height(), img.width()).copy()  # a copy: the converted image dies here


def test_svg_is_vector_with_claim_text(qapp, tiny, tmp_path):
    g, pos = tiny
    out = export_image(tmp_path / "map.svg", g, pos)
    root = ET.parse(out).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{ns}text"))
    assert "harbour wall is high enough" in re.sub(r"\s+", " ", texts)
    assert "Town council" in texts
    assert not list(root.iter(f"{ns}image"))
    assert list(root.iter(f"{ns}path"))


def test_png_width_and_colours(qapp, tiny, tmp_path):
    g, pos = tiny
    out = export_image(tmp_path / "map.png", g, pos, width=900)
    img = QImage(str(out))
    assert img.width() == 900
    assert len(np.unique(_pixels(img))) > 20  # boxes, text, four edge colours: not blank


def test_default_png_is_one_pixel_per_map_unit(qapp, tiny, tmp_path):
    """Text at the window's 100% size, as the SVG draws it; a wide map is scaled to 6,000 pixels."""
    g, pos = tiny
    out = export_image(tmp_path / "map.png", g, pos, legend=False)
    world = MapPainter(g, pos).bounds(None, margin=36.0)
    assert QImage(str(out)).width() == round(world.width())
    wide = synthetic_graph(40, 10)
    wide_pos = {n: (i * 300.0, 0.0) for i, n in enumerate(wide)}
    assert render_image(wide, wide_pos, legend=False).width() == 6000


def test_png_scale_and_transparent(qapp, tiny, tmp_path):
    g, pos = tiny
    small = render_image(g, pos, scale=0.5, legend=False)
    big = render_image(g, pos, scale=1.0, legend=False)
    assert abs(big.width() - 2 * small.width()) <= 2
    clear = render_image(g, pos, scale=0.5, transparent=True, legend=False)
    assert clear.pixelColor(1, 1).alpha() == 0
    assert small.pixelColor(1, 1).alpha() == 255


def test_pdf_has_one_page(qapp, tiny, tmp_path):
    g, pos = tiny
    out = export_image(tmp_path / "map.pdf", g, pos)
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 1


def test_selection_scope_shows_neighbours_only(qapp, tiny):
    g, pos = tiny
    st = PaintState(selected="wall-cost")
    sel = render_image(g, pos, state=st, scope="selection", width=600, legend=False)
    whole = render_image(g, pos, width=600, legend=False)
    assert sel.height() != whole.height()  # fitted to wall-cost, fisherman and mayor
    with pytest.raises(ExportError, match="nothing is selected"):
        render_image(g, pos, scope="selection")


def test_view_scope_uses_the_rect(qapp, tiny):
    g, pos = tiny
    mp = MapPainter(g, pos)
    box = mp.box("wall-cost")
    img = render_image(g, pos, scope="view", view_rect=box, width=400, legend=False)
    assert img.width() == 400 and abs(img.height() - 400 * box.height() / box.width()) <= 1


def test_unknown_suffix(qapp, tiny, tmp_path):
    g, pos = tiny
    with pytest.raises(ExportError, match="unknown image format"):
        export_image(tmp_path / "map.gif", g, pos)


def test_huge_map_exports_whole(qapp, tmp_path):
    g = synthetic_graph(10_000, 30_000, seed=7)
    pos = compute_layout(g, "force")
    out = export_image(tmp_path / "big.png", g, pos, width=8000, legend=False)
    img = QImage(str(out))
    assert img.width() == 8000
    px = _pixels(img)
    background = px[0, 0]
    drawn = px != background
    assert drawn.mean() > 0.05
    rows, cols = np.flatnonzero(drawn.any(axis=1)), np.flatnonzero(drawn.any(axis=0))
    h, w = px.shape
    # the drawing reaches close to all four edges of the image (margins are 36 world units)
    assert rows[0] < 0.03 * h and rows[-1] > 0.97 * h
    assert cols[0] < 0.03 * w and cols[-1] > 0.97 * w
    # and the map's own bounding area is fully inside: nodes at its extremes are drawn
    mp = MapPainter(g, pos)
    b = mp.bounds(margin=36)
    for node in (min(pos, key=lambda n: pos[n][0]), max(pos, key=lambda n: pos[n][0]),
                 min(pos, key=lambda n: pos[n][1]), max(pos, key=lambda n: pos[n][1])):
        x = int((pos[node][0] - b.left()) / b.width() * w)
        y = int((pos[node][1] - b.top()) / b.height() * h)
        assert drawn[max(0, y - 2):y + 3, max(0, x - 2):x + 3].any(), node


def test_export_dialog_writes_the_chosen_file(qtbot, tiny, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox

    from argmap.ui.export_dialog import ExportImageDialog

    g, pos = tiny
    dlg = ExportImageDialog(None, g, pos, PaintState(selected="wall-cost"), None, default_path=tmp_path / "a.png")
    qtbot.addWidget(dlg)
    assert not dlg.scope_view.isEnabled() and dlg.scope_sel.isEnabled()
    dlg.path_edit.setText(str(tmp_path / "m.svg"))
    assert dlg.format_box.currentText().startswith("SVG") and not dlg.transparent.isEnabled()
    dlg.scope_sel.setChecked(True)
    qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dlg.written == tmp_path / "m.svg"
    text = dlg.written.read_text(encoding="utf-8")
    assert "40 million" in text and "winter floods" not in text  # selection scope


def test_copy_image_to_clipboard(qapp, tiny):
    from PySide6.QtGui import QGuiApplication

    from argmap.ui.export_dialog import copy_image_to_clipboard

    g, pos = tiny
    img = copy_image_to_clipboard(g, pos, None, width=500)
    assert img.width() == 500
    got = QGuiApplication.clipboard().image()
    assert got.isNull() or got.width() == 500  # the offscreen clipboard may not keep images
    view = copy_image_to_clipboard(g, pos, None, QRectF(0, 0, 300, 150))  # the window passes its view rect
    assert view.width() == 600 and abs(view.height() - 300) <= 1


def test_very_tall_map_is_fitted_not_refused(qapp):
    import networkx as nx

    g = nx.MultiDiGraph()
    g.graph["documents"] = []
    for k in range(400):  # a 400-claim chain, one above the other
        g.add_node(f"c{k}", kind="claim", role="claim", label=f"Claim {k}", text=f"Claim {k}", docs=[], origin="seed")
        if k:
            g.add_edge(f"c{k}", f"c{k - 1}", key=f"r{k}", kind="supports", id=f"r{k}", origin="seed", evidence=[])
    pos = compute_layout(g, "layered")
    img = render_image(g, pos, width=3000, legend=False)
    assert img.width() == 3000 and img.height() <= 16_384
    px = _pixels(img)
    drawn = np.flatnonzero((px != px[0, 0]).any(axis=1))
    assert drawn[0] < 0.02 * img.height() and drawn[-1] > 0.98 * img.height()  # top and bottom claims are in
    with pytest.raises(ExportError, match="too large"):
        render_image(g, pos, width=20_000)


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_every_image_goes_through_the_one_atomic_writer(qapp, tiny, tmp_path, monkeypatch, suffix):
    """Map and stance-matrix images are put in place by atomic_write (fsync, rename): a link is written
    through, and a write that fails leaves the old file as it was and no temporary file beside it."""
    from argmap.analysis.stances import stance_matrix
    from argmap.model import atomic_files
    from argmap.ui.stance_view import write_matrix

    g, pos = tiny
    matrix = stance_matrix(load_corpus(DATA / "tiny").corpus)
    writes = []
    real = atomic_files.atomic_write
    monkeypatch.setattr(atomic_files.os, "fsync", lambda fd: writes.append("fsync"))
    monkeypatch.setattr("argmap.render.image_files.atomic_write", lambda p, d: (writes.append(p.name), real(p, d)))
    real_target = tmp_path / f"kept{suffix}"
    real_target.write_bytes(b"old")
    link = tmp_path / f"map{suffix}"
    link.symlink_to(real_target.name)
    export_image(link, g, pos)
    write_matrix(tmp_path / f"matrix{suffix}", matrix, ["A"])
    assert writes[0] == link.name and "fsync" in writes and f"matrix{suffix}" in writes
    assert link.is_symlink() and real_target.read_bytes()[:4] in (b"\x89PNG", b"<?xm", b"%PDF")

    class FullDisk(io.FileIO):
        def write(self, data):
            raise OSError(28, "No space left on device")

    before = real_target.read_bytes()
    monkeypatch.setattr(atomic_files.os, "fdopen", lambda fd, mode: FullDisk(fd, "w"))
    with pytest.raises(ExportError, match=rf"map\{suffix}: cannot write the .* file .*No space left on device"):
        export_image(link, g, pos)
    assert real_target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([link.name, real_target.name, f"matrix{suffix}"])
