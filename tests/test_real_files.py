"""Every real file of tests/data/real imports, validates, renders and survives AIF and OVA round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.cli import main
from argmap.io.registry import exporters
from tests.real_files import differences, import_saved, real_files, real_ids, signature


@pytest.fixture(params=real_files(), ids=real_ids())
def imported(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    folder = tmp_path / "imported"
    import_saved(request.param, folder)
    return folder


def test_the_set_is_big_and_varied() -> None:
    files = real_files()
    assert len(files) >= 15
    assert len({p.parent.name for p in files}) >= 5


def test_real_file_validates_and_renders(imported: Path, tmp_path: Path, qapp) -> None:
    assert main(["validate", str(imported)]) == 0
    for name in ("map.png", "map.svg"):
        out = tmp_path / name
        assert main(["render", str(imported), "-o", str(out), "--width", "600"]) == 0
        assert out.stat().st_size > 200


@pytest.mark.parametrize("fmt", ["aif", "ova"])
def test_real_file_survives_export_and_import(imported: Path, fmt: str, tmp_path: Path) -> None:
    from argmap.model.loading import load_corpus_or_raise

    corpus = load_corpus_or_raise(imported)
    path = tmp_path / f"export.{fmt}.json"
    path.write_text(exporters()[fmt].write(corpus), encoding="utf-8")
    back = import_saved(path, tmp_path / "back", "aif")
    assert differences(signature(corpus), signature(back)) == []
    assert [d.text for d in back.documents.values()] == [d.text for d in corpus.documents.values()]
