"""Hostile or unlucky annotations and folders: each gets a message naming the place, never a traceback.

Duplicate keys, lone surrogate escapes, folders without permission, re-anchoring that must not
multiply mentions by occurrences, and `argmap stats` that must not multiply documents by claims.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap import cli
from argmap.model.corpus import text_sha256
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.model.saving import dumps
from tests import user_helpers
from tests.user_helpers import AS_NOBODY, can_drop_to_nobody

ROOT = Path(__file__).resolve().parents[1]
open_tmp = user_helpers.open_tmp  # a fixture: a temporary folder every user can enter


def annotations(folder: Path) -> str:
    return (folder / ANNOTATIONS_FILE).read_text(encoding="utf-8")


def write(folder: Path, text: str) -> None:
    (folder / ANNOTATIONS_FILE).write_text(text, encoding="utf-8")


# -- duplicate keys ----------------------------------------------------------------------------


def test_a_second_claims_key_is_refused(tiny_corpus: Path) -> None:
    text = annotations(tiny_corpus)
    write(tiny_corpus, text.replace('"claims": [', '"claims": [],\n  "claims": [', 1))
    result = load_corpus(tiny_corpus)
    assert result.corpus is None
    assert [str(p) for p in result.problems] == [f'{tiny_corpus / ANNOTATIONS_FILE}: $: duplicate key "claims"']


@pytest.mark.parametrize(("old", "new", "where", "key"), [
    ('"title": "Harbour report"', '"title": "Harbour report", "title": "Other"', "$.documents[0]", "title"),
    ('"start": ', '"start": 0, "start": ', None, "start"),
    ('"positions": {', '"positions": {"zz": [1, 2], "zz": [3, 4], ', "$.layout.positions", "zz"),
])
def test_duplicate_keys_at_any_depth_are_refused_naming_the_object(tiny_corpus: Path, old: str, new: str,
                                                                    where: str | None, key: str) -> None:
    text = annotations(tiny_corpus)
    if '"positions": {' not in text:
        text = text.rstrip().removesuffix("}").rstrip() + ',\n  "layout": {"positions": {"mayor": [0, 0]}}\n}\n'
    assert old in text
    write(tiny_corpus, text.replace(old, new, 1))
    result = load_corpus(tiny_corpus)
    assert result.corpus is None and len(result.problems) == 1, result.problems
    problem = result.problems[0]
    assert problem.message == f'duplicate key "{key}"'
    if where is None:  # the first mention of the first claim
        assert problem.where == "$.claims[0].mentions[0]"
    else:
        assert problem.where == where


def test_every_duplicate_is_reported(tiny_corpus: Path) -> None:
    data = json.loads(annotations(tiny_corpus))
    text = json.dumps(data, indent=1).replace('"origin": "seed"', '"origin": "seed", "origin": "seed"')
    write(tiny_corpus, text)
    result = load_corpus(tiny_corpus)
    seeded = sum(1 for item in data["claims"] + data["relations"] if "origin" in item)
    assert len(result.problems) == seeded and {p.message for p in result.problems} == {'duplicate key "origin"'}


# -- lone surrogates -------------------------------------------------------------------------------


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "x\\ud83c", "\\udf0ay"])
def test_lone_surrogate_in_a_string_is_refused_at_its_place(tiny_corpus: Path, escape: str) -> None:
    data = json.loads(annotations(tiny_corpus))
    data["claims"][2]["note"] = "PLACEHOLDER"
    write(tiny_corpus, json.dumps(data, indent=1).replace("PLACEHOLDER", escape))
    result = load_corpus(tiny_corpus)
    assert result.corpus is None and len(result.problems) == 1
    problem = result.problems[0]
    assert problem.where == "$.claims[2].note" and "lone surrogate" in problem.message
    print(problem, file=sys.stderr)  # the message itself is printable


def test_lone_surrogate_in_a_key_is_refused(tiny_corpus: Path) -> None:
    text = annotations(tiny_corpus).replace('"format":', '"\\udc80": 1, "format":', 1)
    write(tiny_corpus, text)
    result = load_corpus(tiny_corpus)
    assert [p.where for p in result.problems] == ["$ (a key)"]


def test_paired_surrogate_escapes_are_an_ordinary_emoji(tiny_corpus: Path) -> None:
    data = json.loads(annotations(tiny_corpus))
    data["claims"][2]["note"] = "PLACEHOLDER"
    write(tiny_corpus, json.dumps(data, indent=1).replace("PLACEHOLDER", "wave \\ud83c\\udf0a and a \\\\ud800 text"))
    result = load_corpus(tiny_corpus)
    assert result.ok
    assert result.corpus.claims[data["claims"][2]["id"]].note == "wave 🌊 and a \\ud800 text"
    dumps(result.corpus).encode("utf-8")  # saveable


def test_validate_reports_a_lone_surrogate_without_a_traceback(tiny_corpus: Path) -> None:
    write(tiny_corpus, annotations(tiny_corpus).replace('"Harbour report"', '"Harbour \\ud800 report"', 1))
    done = subprocess.run([sys.executable, "-m", "argmap", "validate", str(tiny_corpus)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{tiny_corpus / ANNOTATIONS_FILE}: $.documents[0].title: has a lone surrogate" in done.stdout


# -- permissions -----------------------------------------------------------------------------------


def test_folder_without_search_permission_is_a_message(tiny_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_stat = os.stat

    def denied(path, *args, **kwargs):
        if str(path).startswith(str(tiny_corpus)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", denied)
    result = load_corpus(tiny_corpus)
    assert [str(p) for p in result.problems] == [f"{tiny_corpus}: folder: cannot be opened: Permission denied"]
    result = load_corpus(tiny_corpus / "sub")
    assert [str(p) for p in result.problems] == [f"{tiny_corpus / 'sub'}: folder: cannot be opened: Permission denied"]


@can_drop_to_nobody
def test_unsearchable_folder_as_an_ordinary_user(open_tmp: Path) -> None:
    outer = open_tmp / "outer"
    shutil.copytree(ROOT / "tests" / "data" / "tiny", outer / "tiny")
    for path in [outer, *outer.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    out = open_tmp / "out"
    out.mkdir()
    os.chmod(out, 0o777)
    for command in ("validate", "stats", "render", "export"):
        extra = {"render": ["-o", str(out / "x.png")], "export": ["-f", "dot", "-o", str(out / "x.dot")]}.get(command, [])
        assert subprocess.run([*AS_NOBODY, sys.executable, "-m", "argmap", "validate", str(outer / "tiny")],
                              capture_output=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)}
                              ).returncode == 0, "nobody can read the corpus while the folder is open"
        os.chmod(outer, 0o644)  # readable, not searchable: the corpus inside cannot be reached
        try:
            done = subprocess.run([*AS_NOBODY, sys.executable, "-m", "argmap", command, str(outer / "tiny"), *extra],
                                  capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
        finally:
            os.chmod(outer, 0o755)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert f"{outer / 'tiny'}: folder: cannot be opened: Permission denied" in done.stdout + done.stderr


def test_unreadable_document_is_a_message(tiny_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.model import safe_files

    real_open = os.open

    def denied(path, *args, **kwargs):
        if str(path).endswith("beta.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(safe_files.os, "open", denied)
    result = load_corpus(tiny_corpus)
    assert any(p.where == "$.documents[1].path" and "Permission denied" in p.message for p in result.problems)


# -- re-anchoring and stats: linear, not quadratic ----------------------------------------------------


def _changed_corpus(folder: Path, text: str, quotes: list[str]) -> None:
    """A corpus over `text` whose annotations were made on an older version (wrong hash and offsets)."""
    folder.mkdir()
    (folder / "d.txt").write_text(text, encoding="utf-8")
    claims = [{"id": f"c{i}", "text": f"claim {i}", "mentions": [{"doc": "d", "start": 1, "end": 1 + len(q), "quote": q}]}
              for i, q in enumerate(quotes)]
    data = {"format": "argmap-annotations", "version": 1,
            "documents": [{"id": "d", "path": "d.txt", "title": "D", "sha256": text_sha256("old version")}],
            "actors": [], "claims": claims, "relations": []}
    (folder / ANNOTATIONS_FILE).write_text(json.dumps(data), encoding="utf-8")


_VALIDATE = "import sys; from argmap.cli import main; sys.exit(main(['validate', sys.argv[1]]))"


def _validate_elsewhere(folder: Path) -> str:
    try:
        done = subprocess.run([sys.executable, "-c", _VALIDATE, str(folder)], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("validate did not finish in 60 s")
    return done.stdout


def test_reanchoring_many_mentions_of_a_frequent_quote_is_not_mentions_times_occurrences(tmp_path: Path) -> None:
    # 20,000 mentions of a quote that occurs 200,000 times: listing every occurrence for every
    # mention is 4 billion steps (hours); one search per distinct quote is instant
    text = "x " * 200_000 + "the unique sentence.\n"
    folder = tmp_path / "c"
    _changed_corpus(folder, text, ["x"] * 20_000 + ["the unique sentence."])
    out = _validate_elsewhere(folder)
    assert out.count("occurs 200000 times") == 20_000
    assert "$.claims[20000].mentions[0]: warning: re-anchored from 1..21 to 400000..400020" in out


def test_reanchoring_costs_one_index_per_document_and_one_search_per_distinct_quote(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 3,000 distinct quotes, each mentioned twice, nested in each other ("x", "x x", "x x x"...):
    # a scan per quote would be 3,000 passes over the text, and listing every occurrence of
    # every quote (Aho-Corasick's output) about 3,000 x 10,000 matches. The suffix array is built
    # once and each distinct quote costs one search of its own length.
    from argmap.model import reanchor

    built: list[int] = []
    searched: list[int] = []
    real_build, real_search = reanchor.divsufsort, reanchor.sa_search

    def build(data: bytes):  # type: ignore[no-untyped-def]
        built.append(len(data))
        return real_build(data)

    def search(data: bytes, suffixes, pattern: bytes):  # type: ignore[no-untyped-def]
        searched.append(len(pattern))
        return real_search(data, suffixes, pattern)

    monkeypatch.setattr(reanchor, "divsufsort", build)
    monkeypatch.setattr(reanchor, "sa_search", search)
    text = "x " * 10_000 + "the one sentence.\n"
    quotes = [" ".join("x" * k) for k in range(1, 3_001)] + ["the one sentence."]
    folder = tmp_path / "c"
    _changed_corpus(folder, text, quotes + quotes)
    result = load_corpus(folder)
    assert built == [len(text)]
    assert len(searched) == len(quotes) and sum(searched) == sum(len(q) for q in quotes)
    messages = {p.where: p.message for p in result.problems}
    assert "occurs 10000 times" in messages["$.claims[0].mentions[0].quote"]
    assert "occurs 7001 times" in messages["$.claims[2999].mentions[0].quote"]  # overlapping ones counted
    assert messages["$.claims[3000].mentions[0]"] == "re-anchored from 1..18 to 20000..20017 after the document changed"
    assert messages["$.claims[6001].mentions[0]"] == messages["$.claims[3000].mentions[0]"]


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab\u00e9\u20ac\U0001f600\n", max_size=40),
       quote=st.text(alphabet="ab\u00e9\u20ac\U0001f600\n", min_size=1, max_size=4))
def test_the_quote_index_agrees_with_a_plain_search(text: str, quote: str) -> None:
    # tiny blocks, so that the byte -> character table is crossed in every example
    from argmap.model import reanchor

    starts = [i for i in range(len(text)) if text.startswith(quote, i)]
    old, reanchor.BLOCK = reanchor.BLOCK, 3
    try:
        found = reanchor.QuoteIndex(text).occurrences(quote)
    finally:
        reanchor.BLOCK = old
    assert found == (starts[0] if len(starts) == 1 else -1, len(starts))


class _CountingDict(dict):
    """A dict that counts the passes made over its values."""

    passes = 0

    def values(self):
        type(self).passes += 1
        return super().values()

    def __iter__(self):
        type(self).passes += 1
        return super().__iter__()


def test_stats_makes_a_fixed_number_of_passes_over_the_claims(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from argmap.model.annotations import Claim, Corpus
    from argmap.model.corpus import Document, Mention

    folder = tmp_path / "many"
    corpus = Corpus(str(folder))
    for i in range(300):
        corpus.documents[f"d{i}"] = Document(f"d{i}", f"d{i}.txt", f"Doc {i}", "a claim here")
        corpus.claims[f"c{i}"] = Claim(f"c{i}", "a claim", [Mention(f"d{i}", 0, 7, "a claim")])
    claims = _CountingDict(corpus.claims)
    corpus.claims = claims

    class Loaded:
        ok, problems, errors = True, [], []

    Loaded.corpus = corpus
    monkeypatch.setattr(cli, "load_corpus", lambda folder: Loaded)
    _CountingDict.passes = 0
    assert cli.main(["stats", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "  d299     1 claims     1 mentions  Doc 299" in out
    assert _CountingDict.passes < 20  # one pass per document would be 300 more
