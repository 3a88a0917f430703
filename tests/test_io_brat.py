"""brat import of Argument Annotated Essays files: spans, relations, stance, author, and errors.

Expected counts are the ones SOURCES.md states; relations are checked line by line against the
.ann file itself.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.io.brat import read_brat
from argmap.io.registry import ImportFailed, import_file
from argmap.model.annotations import Corpus
from argmap.model.loading import load_corpus
from argmap.model.saving import save_corpus

BRAT = Path(__file__).parent / "data" / "external" / "brat"
STATED = {
    "essay001": {"MajorClaim": 2, "Claim": 3, "Premise": 6, "Stance": 3, "supports": 6, "attacks": 0},
    "essay005": {"MajorClaim": 2, "Claim": 4, "Premise": 6, "Stance": 4, "supports": 4, "attacks": 2},
}


def claims_by_span(corpus: Corpus) -> dict[str, str]:
    """brat T id -> claim id, from the "brat T3 Claim" each claim note starts with."""
    out = {}
    for c in corpus.claims.values():
        match = re.match(r"brat (T\d+) (\w+)", c.note or "")
        assert match, c.note
        out[match.group(1)] = c.id
    return out


def ann_lines(stem: str) -> list[list[str]]:
    return [line.split("\t") for line in (BRAT / f"{stem}.ann").read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("stem", sorted(STATED))
def test_spans_become_claims_with_exact_mentions(stem: str, tmp_path: Path) -> None:
    corpus = read_brat(BRAT / f"{stem}.ann").corpus
    types = Counter(re.match(r"brat T\d+ (\w+)", c.note).group(1) for c in corpus.claims.values())
    assert {t: types[t] for t in ("MajorClaim", "Claim", "Premise")} == {
        t: STATED[stem][t] for t in ("MajorClaim", "Claim", "Premise")}
    span = claims_by_span(corpus)
    text = (BRAT / f"{stem}.txt").read_text(encoding="utf-8")
    for fields in ann_lines(stem):
        if fields[0].startswith("T"):
            _, start, end = fields[1].split()
            claim = corpus.claims[span[fields[0]]]
            assert claim.text == fields[2]
            assert [(m.start, m.end, m.quote) for m in claim.mentions] == [(int(start), int(end), text[int(start):int(end)])]
    save_corpus(corpus, tmp_path / "c", write_texts=True)
    result = load_corpus(tmp_path / "c")
    assert result.ok and not result.problems


@pytest.mark.parametrize("stem", sorted(STATED))
def test_relations_and_stance_follow_the_ann_file(stem: str) -> None:
    corpus = read_brat(BRAT / f"{stem}.ann").corpus
    span = claims_by_span(corpus)
    lines = ann_lines(stem)
    r_lines = [f[1].split() for f in lines if f[0].startswith("R")]
    assert Counter(r[0] for r in r_lines) == Counter({k: STATED[stem][k] for k in ("supports", "attacks") if STATED[stem][k]})
    for rtype, a1, a2 in r_lines:
        kind = {"supports": "supports", "attacks": "rebuts"}[rtype]
        assert corpus.find_relation(kind, span[a1.split(":")[1]], span[a2.split(":")[1]])
    majors = [f[0] for f in lines if f[0].startswith("T") and f[1].startswith("MajorClaim")]
    stances = [f[1].split() for f in lines if f[0].startswith("A")]
    assert len(stances) == STATED[stem]["Stance"]
    for _, target, value in stances:
        kind = "supports" if value == "For" else "rebuts"
        for major in majors:
            assert corpus.find_relation(kind, span[target], span[major])
        assert f"Stance: {value}" in corpus.claims[span[target]].note
    (author,) = corpus.actors.values()
    assert author.name == f"Author of {stem}"
    asserted = {r.target for r in corpus.relations.values() if r.kind == "asserts" and r.source == author.id}
    assert asserted == {span[m] for m in majors}


def test_the_txt_file_is_accepted_too(tmp_path: Path) -> None:
    assert len(import_file(BRAT / "essay005.txt").corpus.claims) == 12


def _essay(tmp_path: Path, ann: str) -> Path:
    shutil.copy(BRAT / "essay005.txt", tmp_path / "e.txt")
    (tmp_path / "e.ann").write_text(ann, encoding="utf-8")
    return tmp_path / "e.ann"


def test_discontinuous_span_gets_one_mention_per_fragment(tmp_path: Path) -> None:
    text = (BRAT / "essay005.txt").read_text(encoding="utf-8")
    ann = _essay(tmp_path, f"T1\tPremise 0 6;30 46\t{text[0:6]} {text[30:46]}\n")
    result = read_brat(ann)
    (claim,) = result.corpus.claims.values()
    assert [m.quote for m in claim.mentions] == [text[0:6], text[30:46]]
    assert any("discontinuous" in s for s in result.summary)


@pytest.mark.parametrize(
    ("ann", "line", "what"),
    [
        ("T1\tPremise 0 6\tLiving\nT2\tClaim 10 99999\tx\n", 2, "outside the text"),
        ("T1\tPremise 0 6\tLiving\nT2 Claim 0 6 Living\n", 2, "three tab-separated fields"),
        ("T1\tPremise 0 6\tWrong!\n", 1, "but the annotation says"),
        ("T1\tPremise 0 6\tLiving\nR1\tsupports Arg1:T1 Arg2:T9\n", 2, "'T9' is not a T annotation"),
        ("T1\tPremise zero 6\tLiving\n", 1, "not a 'start end' pair"),
        ("X1\tsomething\n", 1, "unknown annotation id"),
    ],
)
def test_malformed_ann_fails_with_line_number(tmp_path: Path, ann: str, line: int, what: str) -> None:
    path = _essay(tmp_path, ann)
    with pytest.raises(ImportFailed) as info:
        read_brat(path)
    assert str(info.value).startswith(f"{path}: line {line}: ") and what in str(info.value)


def test_cli_reports_a_bad_ann_without_traceback(tmp_path: Path, capsys) -> None:
    path = _essay(tmp_path, "T1\tPremise 0 60000\tLiving\n")
    assert main(["import", str(path), "-o", str(tmp_path / "out"), "--format", "brat"]) == 1
    err = capsys.readouterr().err
    assert f"{path}: line 1: span 0..60000 is outside the text" in err and "Traceback" not in err


def test_cli_imports_an_essay(tmp_path: Path, capsys) -> None:
    assert main(["import", str(BRAT / "essay001.ann"), "-o", str(tmp_path / "e")]) == 0
    assert "11 claims" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "e")]) == 0
