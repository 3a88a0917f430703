"""A PDF of a wide map keeps its claim text (issue 16, defect 2): larger page, or a clear message."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from argmap.cli import main
from argmap.render.export import PDF_MAX_PAGE, ExportError, export_image
from tests.real_files import import_saved, real_files, real_ids


def _wide_map(n: int, gap: float = 260.0) -> tuple[nx.MultiDiGraph, dict[str, tuple[float, float]]]:
    """n claims in one row: the shape that shrank a 29-claim map's text to grey bars on A3."""
    g = nx.MultiDiGraph()
    for i in range(n):
        text = f"Claim number {i} says zebra{i}"
        g.add_node(f"c{i}", kind="claim", role="claim", label=text, text=text, mentions=[], docs=[], origin="seed")
        if i:
            g.add_edge(f"c{i}", f"c{i - 1}", key=f"r{i}", kind="supports", id=f"r{i}", origin="seed", evidence=[])
    return g, {f"c{i}": (i * gap, 0.0) for i in range(n)}


def _page_width(pdf: Path) -> float:
    import re

    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)", pdf.read_bytes())
    assert box is not None
    return float(box.group(1))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_wide_map_pdf_contains_every_claim_text(qapp, tmp_path: Path) -> None:
    g, pos = _wide_map(29)
    out = export_image(tmp_path / "wide.pdf", g, pos)
    assert _page_width(out) > 1190, "the page grew past A3 to keep the text readable"
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, timeout=60).stdout
    missing = [i for i in range(29) if f"zebra{i}" not in text]
    assert missing == [], f"claims drawn without text: {missing}"


def test_too_wide_for_any_pdf_page_says_so(qapp, tmp_path: Path) -> None:
    g, pos = _wide_map(3, gap=PDF_MAX_PAGE * 3)
    with pytest.raises(ExportError, match="too large for a readable PDF page.*export SVG or PNG"):
        export_image(tmp_path / "huge.pdf", g, pos)
    assert not (tmp_path / "huge.pdf").exists()


def test_a_width_too_small_to_read_is_refused(qapp, tmp_path: Path) -> None:
    g, pos = _wide_map(29)
    with pytest.raises(ExportError, match=r"too small to read; ask for at least \d+ points"):
        export_image(tmp_path / "narrow.pdf", g, pos, width=600)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("real", real_files(), ids=real_ids())
def test_real_file_pdf_has_every_claims_words(real: Path, tmp_path: Path) -> None:
    import re

    corpus = import_saved(real, tmp_path / "corpus")
    out = tmp_path / "map.pdf"
    assert main(["render", str(tmp_path / "corpus"), "-o", str(out)]) == 0
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, timeout=60).stdout.split())
    missing = [c.text for c in corpus.claims.values()
               if (words := re.findall(r"\w{4,12}", c.text)) and words[0] not in text]
    assert missing == [], f"{len(missing)} of {len(corpus.claims)} claims have no text in the PDF"
