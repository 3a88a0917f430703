"""Argdown's own parser (@argdown/core, installed by `make test` into .venv/argdown) reads
argmap's Argdown export as argmap meant it, and sees in Argdown files what argmap's reader sees."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from argmap.io._argdown_read import SIGNS, parse
from argmap.io.argdown import export_argdown
from argmap.model.annotations import UNDERCUT, Corpus
from argmap.model.loading import load_corpus_or_raise
from tests.real_files import import_saved, real_files

ROOT = Path(__file__).resolve().parents[1]
PARSER = ROOT / ".venv" / "argdown" / "parse.mjs"
FIXTURES = ROOT / "tests" / "data" / "argdown"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (ROOT / ".venv" / "argdown" / "node_modules" / "@argdown" / "core").is_dir(),
    reason="Argdown's parser is not installed (needs node and npm; `make test` installs it into .venv/argdown)",
)
TYPES = {"support": "support", "attack": "attack", "undercut": "undercut", "contradiction": "contradictory"}


def argdown_sees(*paths: Path) -> list[dict]:
    """What Argdown's parser sees in each file (one node process for all of them)."""
    out = subprocess.run(["node", str(PARSER), *map(str, paths)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _without_tags(text: str) -> str:
    return " ".join(re.sub(r"#\([^)]+\)", "", text).split())


def _expected_relations(c: Corpus, titles: dict[str, str]) -> list[tuple[str, str, str]]:
    attacked = {r.target for r in c.relations.values() if r.kind == UNDERCUT}
    kinds = {"supports": "support", "rebuts": "attack"}
    out = []
    for r in c.relations.values():
        if r.kind == UNDERCUT:
            out.append((titles[r.source], r.target, "undercut"))
        elif r.id in attacked:
            out += [(titles[r.source], r.id, "support"), (r.id, titles[r.target], kinds[r.kind])]
        elif r.kind in kinds:
            out.append((titles[r.source], titles[r.target], kinds[r.kind]))
    return sorted(out)


def _awkward() -> Corpus:
    c = load_corpus_or_raise(ROOT / "tests" / "data" / "tiny-v2")
    c.set_claim_text("wall-cost", "A *bold* _claim_ #tag [x] <y> {z} @[w] see http://example.org/a :smile: at 10:30:00 \\ end")
    c.claims["wall-high-enough"].note = 'a note with } braces { and "quotes" and === and\nlines'
    return c


@pytest.mark.parametrize("make", [lambda: load_corpus_or_raise(ROOT / "seeds"), lambda: load_corpus_or_raise(
    ROOT / "tests" / "data" / "tiny-v2"), _awkward], ids=["seeds", "tiny-v2", "awkward-texts"])
def test_argdown_reads_the_export_as_meant(make, tmp_path: Path) -> None:
    corpus = make()
    path = tmp_path / "map.argdown"
    path.write_text(export_argdown(corpus), encoding="utf-8")
    (seen,) = argdown_sees(path)
    _check_export(corpus, seen)


def _check_export(corpus: Corpus, seen: dict) -> None:
    assert seen["errors"] == []
    by_id = {s["data"]["argmap"]["id"]: s for s in seen["statements"]}
    assert len(seen["statements"]) == len(by_id) and set(by_id) == set(corpus.claims), "one statement per claim"
    titles = {cid: s["title"] for cid, s in by_id.items()}
    for cid, claim in corpus.claims.items():
        s = by_id[cid]
        assert _without_tags(s["text"]) == " ".join(claim.text.split())
        assert [m[:3] for m in s["data"]["argmap"]["mentions"]] == [[m.doc, m.start, m.end] for m in claim.mentions]
        asserting = {corpus.actors[r.source].name for r in corpus.relations_of(cid) if r.kind == "asserts" and r.target == cid}
        assert set(s["tags"]) == {n for n in asserting if ")" not in n}, "a name with ')' cannot be a tag: data only"
    got = sorted((r["from"], r["to"], r["type"]) for r in seen["relations"])
    assert got == _expected_relations(corpus, titles)
    docs = {d["id"]: d["text"] for d in seen["frontMatter"]["argmap-documents"]}
    assert docs == {d.id: d.text for d in corpus.documents.values()}, "Argdown's YAML reads the texts back exactly"


def _relations(triples) -> list[tuple[str, str, str]]:
    """Comparable relations: untitled statements are numbered differently, contradiction has no direction."""
    def name(title: str) -> str:
        return "Untitled" if title.startswith("Untitled ") else title

    strict = {"contrary": "attack", "entails": "support"}  # Argdown's words between reconstructed statements
    out = [(name(a), name(b), strict.get(t, t)) for a, b, t in triples]
    return sorted({(*sorted((a, b)), t) if t == "contradictory" else (a, b, t) for a, b, t in out})


def test_argdown_reads_the_export_of_every_real_file(tmp_path: Path) -> None:
    corpora, paths = [], []
    for i, real in enumerate(real_files()):
        corpora.append(import_saved(real, tmp_path / f"c{i}"))
        paths.append(tmp_path / f"c{i}.argdown")
        paths[-1].write_text(export_argdown(corpora[-1]), encoding="utf-8")
    for corpus, seen in zip(corpora, argdown_sees(*paths), strict=True):
        _check_export(corpus, seen)


FIXTURE_FILES = sorted(FIXTURES.glob("*.argdown"))


@pytest.fixture(scope="module")
def fixtures_seen() -> dict[str, dict]:
    return dict(zip((p.name for p in FIXTURE_FILES), argdown_sees(*FIXTURE_FILES), strict=True))


@pytest.mark.parametrize("name", [p.name for p in FIXTURE_FILES])
def test_argmap_reader_sees_what_argdown_sees(name: str, fixtures_seen: dict[str, dict]) -> None:
    path = FIXTURES / name
    seen = fixtures_seen[name]
    ours = parse(path.read_text("utf-8"), path)
    assert _relations((a.title, b.title, TYPES[t]) for a, b, t, _ in ours.relations) == _relations(
        (r["from"], r["to"], r["type"]) for r in seen["relations"])
    assert {e.title for e in ours.elements if e.kind == "argument"} == {a["title"] for a in seen["arguments"]}
    titled = {e.title for e in ours.elements if e.kind == "statement" and not e.title.startswith("Untitled")}
    assert titled == {s["title"] for s in seen["statements"] if not s["title"].startswith("Untitled")}
    assert set(SIGNS)  # every sign of the syntax fixture is one the reader knows
