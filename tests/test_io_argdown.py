"""Argdown both ways (issue 16): export that Argdown reads, import of what argmap can represent."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.cli import main
from argmap.io._argdown_read import clean, read
from argmap.io.argdown import escape_text, export_argdown, flow_json
from argmap.io.registry import ImportFailed, import_file
from argmap.model.annotations import Corpus
from argmap.model.loading import load_corpus_or_raise
from tests.real_files import differences, import_saved, real_files, real_ids, signature

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "data" / "argdown"


def _same(a: Corpus, b: Corpus) -> None:
    """Claims, relations (undercuts, voices, evidence), actors, notes and texts all equal."""
    assert list(b.claims.values()) == list(a.claims.values())
    assert sorted(b.relations.values(), key=lambda r: r.id) == sorted(a.relations.values(), key=lambda r: r.id)
    assert list(b.actors.values()) == list(a.actors.values())
    assert {d.id: d.text for d in b.documents.values()} == {d.id: d.text for d in a.documents.values()}
    for d in a.documents.values():
        assert b.documents[d.id].text.encode("utf-8") == d.text.encode("utf-8")


def _round_trip(corpus: Corpus, tmp_path: Path) -> Corpus:
    path = tmp_path / "map.argdown"
    path.write_text(export_argdown(corpus), encoding="utf-8", newline="")
    return read(path).corpus


@pytest.mark.parametrize("folder", ["tests/data/tiny", "tests/data/tiny-v2", "seeds"])
def test_round_trip_keeps_everything(folder: str, tmp_path: Path) -> None:
    corpus = load_corpus_or_raise(ROOT / folder)
    _same(corpus, _round_trip(corpus, tmp_path))


def test_round_trip_of_awkward_texts(tmp_path: Path) -> None:
    corpus = load_corpus_or_raise(ROOT / "tests" / "data" / "tiny-v2")
    odd = "A *bold* _claim_ #tag [x] <y> {z} @[w] see http://example.org/a :smile: costs 10:30:00 \\ back"
    corpus.set_claim_text("wall-cost", odd)
    corpus.set_claim_text("river-flooded", "Two  spaces\nand a line break ")
    corpus.claims["wall-high-enough"].note = 'a note with } braces { and "quotes" and === and\nlines'
    back = _round_trip(corpus, tmp_path)
    assert back.claims["wall-cost"].text == odd
    assert back.claims["river-flooded"].text == "Two  spaces\nand a line break "
    _same(corpus, back)


def test_escape_and_clean_are_inverse() -> None:
    for text in ["plain", "a # b * c _ d [e] <f> {g} h // i \\ j", "http://x.org/*y*", ":heart: and .tm. and e.g. this"]:
        assert clean(escape_text(text))[0] == text
    assert "{" not in flow_json({"a": "{}"})[1:-1].replace('{"a"', "")


def test_summary_of_a_file_written_by_hand() -> None:
    result = read(FIXTURES / "syntax.argdown")
    c = result.corpus
    texts = {cl.text for cl in c.claims.values()}
    assert {"The harbour wall should be built.", "It keeps the old town dry.", "Building it makes jobs for two years."} <= texts
    kinds = sorted((r.kind, r.source, r.target) for r in c.relations.values())
    assert ("supports", "safety", "main") in kinds and ("supports", "jobs", "main") in kinds
    assert ("rebuts", "cost", "main") in kinds and ("rebuts", "river", "main") in kinds
    assert ("rebuts", "sea", "river") in kinds and ("rebuts", "river", "sea") in kinds
    summary = "\n".join(result.summary)
    assert "Argdown relations: 9" in summary
    assert "undercut of a statement [Main] (line 31): argmap undercuts a link 1" in summary
    assert "undercut of an argument with no single outgoing link" not in summary
    assert "premise-conclusion structure of <Dry town> (lines 25-28)" in summary
    assert "headings" in summary and "not argmap's" in summary
    assert "pro 1" in summary and "Harbour workers 1" in summary
    undercut = [r for r in c.relations.values() if r.kind == "undercuts"]
    assert [(r.source, c.relations[r.target].source) for r in undercut] == [("cost", "budget-argument")]
    doc = next(iter(c.documents.values()))
    assert doc.text == (FIXTURES / "syntax.argdown").read_text("utf-8"), "the Argdown text is the document"
    assert all(m.quote == doc.text[m.start:m.end] for cl in c.claims.values() for m in cl.mentions)


@pytest.mark.parametrize("name", ["semmelweis_betz", "greenspan-schefczyk_hardwrap", "legalisation-softdrugs"])
def test_real_argdown_files_import(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "corpus"
    assert main(["import", str(FIXTURES / f"{name}.argdown"), "-o", str(out)]) == 0
    out_, err = capsys.readouterr()
    assert "Traceback" not in err and "Argdown relations" in out_
    corpus = load_corpus_or_raise(out)
    assert corpus.claims and corpus.relations
    _same(corpus, _round_trip(corpus, tmp_path))


def test_broken_files_say_where(tmp_path: Path) -> None:
    bad = tmp_path / "bad.argdown"
    bad.write_text("===\ntitle: x\n\n[a]: text\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"bad.argdown: line 1: front matter opened with === is never closed"):
        import_file(bad)
    bad.write_bytes(b"[a]: caf\xe9\n")
    with pytest.raises(ImportFailed, match=r"line 1: not UTF-8"):
        import_file(bad)
    bad.write_text("\n\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"no Argdown statements"):
        import_file(bad)


@pytest.mark.parametrize("real", real_files(), ids=real_ids())
def test_real_file_survives_argdown_export_and_import(real: Path, tmp_path: Path) -> None:
    """Every real map of tests/data/real: same claims, mentions, actors, relations and texts (byte for byte)."""
    corpus = import_saved(real, tmp_path / "imported")
    path = tmp_path / "map.argdown"
    path.write_text(export_argdown(corpus), encoding="utf-8", newline="")
    back = import_saved(path, tmp_path / "back", "argdown")
    assert differences(signature(corpus), signature(back)) == []
    texts = [d.text.encode("utf-8") for d in corpus.documents.values()]
    assert [d.text.encode("utf-8") for d in back.documents.values()] == texts
    assert [c.note for c in back.claims.values()] == [c.note for c in corpus.claims.values()]


ARGDOWN_BITS = ["[a]: ", "[b]", "<x>: ", "<x>", "\n", "\n    ", "\n        ", "+ ", "- ", "_ ", "+> ", "-> ", "_> ", "<+ ", ">< ",
                "(1) ", "----", "# ", "#tag ", "#(Some one) ", "{", "}", '{"argmap": {"id": "a", "links": 3}}', "===\n",
                '{"argmap": {"relation": "x"}}', '{"argmap": {"attributions": [{"actor": [1], "kind": "asserts"}]}}',
                "text ", "\\", "//", "/*", "*/", "\r\n", "\ufeff", "é"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(ARGDOWN_BITS), max_size=40))
def test_any_argdown_text_imports_or_says_why(tmp_path: Path, bits: list[str]) -> None:
    """Hand-edited or broken files: a corpus or an ImportFailed naming the file, never another exception."""
    path = tmp_path / "fuzz.argdown"
    path.write_text("".join(bits), encoding="utf-8", newline="")
    try:
        result = read(path)
    except ImportFailed as exc:
        assert str(exc).startswith(f"{path}: ")
        return
    c = result.corpus
    assert all(m.quote == c.documents[m.doc].text[m.start:m.end] for cl in c.claims.values() for m in cl.mentions)


def test_edits_made_in_argdown_win_over_the_data(tmp_path: Path) -> None:
    """A text reworded, a link deleted and an actor tag added in Argdown are imported as written."""
    corpus = load_corpus_or_raise(ROOT / "tests" / "data" / "tiny-v2")
    lines = export_argdown(corpus).split("\n")
    i = next(n for n, ln in enumerate(lines) if ln.startswith("[river-flooded]: "))
    lines[i] = lines[i].replace("three times since 2010.", "four times since 2010. #(The mayor)")
    assert lines[i + 1] == "    +> [floods-from-river]"
    del lines[i + 1]
    path = tmp_path / "edited.argdown"
    path.write_text("\n".join(lines), encoding="utf-8")
    back = read(path).corpus
    assert back.claims["river-flooded"].text == "The river has flooded the old town four times since 2010."
    assert back.claims["river-flooded"].mentions == corpus.claims["river-flooded"].mentions, "the data still anchors it"
    assert not any(r.kind == "supports" and r.source == "river-flooded" for r in back.relations.values())
    said = [r for r in back.relations.values() if r.target == "river-flooded" and r.kind == "asserts"]
    assert [(r.source, r.voice) for r in said] == [("mayor", "states")], "a tag naming a known actor is an assertion"


def _adds_up(summary: list[str]) -> None:
    """Every Argdown relation is either made into something or named as not representable."""
    import re

    line = next(s for s in summary if s.startswith("Argdown relations: "))
    total = int(re.match(r"Argdown relations: (\d+)", line).group(1))
    counted = sum(int(n) for n in re.findall(r" (\d+)(?:,|$)", line.split(";", 1)[1])) if ";" in line else 0
    refused = next((s for s in summary if s.startswith("not representable in argmap: ")), "")
    counted += sum(int(n) for n in re.findall(r" (\d+)(?:,|$)", refused))
    assert counted == total, summary


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.argdown")))
def test_summary_adds_up(name: str) -> None:
    _adds_up(read(FIXTURES / name).summary)


def test_a_lone_surrogate_in_the_data_is_refused_by_line(tmp_path: Path) -> None:
    bad = tmp_path / "half.argdown"
    bad.write_text('[a]: text {"argmap": {"note": "\\ud800"}}\n', encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"half.argdown: line 1: argmap data of \[a\] .*lone surrogate"):
        import_file(bad)
    bad.write_text('===\nargmap-actors:\n  - {"id": "x", "name": "\\udc00"}\n===\n[a]: text\n', encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"half.argdown: line 3: argmap-actors entry .*lone surrogate"):
        import_file(bad)
