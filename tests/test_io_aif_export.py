"""AIF export: well-formed AIF for AIFdb/OVA, and export -> import keeps every claim, actor,
relation and mention (by content: AIF has no documents, so offsets change)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.io._aif_export import corpus_to_aif, corpus_to_ova, split_name
from argmap.io.aif import read_aif
from argmap.model.annotations import Actor, Corpus
from argmap.model.loading import load_corpus, load_corpus_or_raise
from argmap.model.saving import save_corpus

ROOT = Path(__file__).resolve().parents[1]


def content(c: Corpus) -> dict:
    """What must survive the trip: claims with their quotes, actor names, relations by their ends' words."""

    def label(node_id: str) -> str:
        return c.claims[node_id].text if node_id in c.claims else c.actors[node_id].name

    return {
        "claims": Counter((cl.text, frozenset(m.quote for m in cl.mentions)) for cl in c.claims.values()),
        "actors": Counter(a.name for a in c.actors.values()),
        "relations": Counter((r.kind, label(r.source), label(r.target)) for r in c.relations.values() if r.kind != "undercuts"),
        "undercuts": Counter(
            (label(u.source), t.kind, label(t.source), label(t.target))
            for u in c.relations.values() if u.kind == "undercuts" for t in [c.relations[u.target]]
        ),
    }


def round_trip(corpus: Corpus, tmp_path: Path, fmt: str = "aif") -> Corpus:
    path = tmp_path / "map.json"
    data = corpus_to_aif(corpus) if fmt == "aif" else corpus_to_ova(corpus)
    path.write_text(json.dumps(data), encoding="utf-8")
    imported = read_aif(path).corpus
    save_corpus(imported, tmp_path / "back", write_texts=True)
    result = load_corpus(tmp_path / "back")
    assert result.ok and not result.problems, [str(p) for p in result.problems]
    return result.corpus


def seeds_or_skip() -> Corpus:
    corpus = load_corpus_or_raise(ROOT / "seeds")
    if not corpus.claims:
        pytest.skip("seeds/annotations.json has no claims yet")
    return corpus


@pytest.mark.parametrize("fmt", ["aif", "ova"])
@pytest.mark.parametrize("which", ["tiny", "seeds"])
def test_export_then_import_keeps_everything(which: str, fmt: str, tmp_path: Path) -> None:
    corpus = load_corpus_or_raise(ROOT / "tests" / "data" / "tiny") if which == "tiny" else seeds_or_skip()
    back = round_trip(corpus, tmp_path, fmt)
    before, after = content(corpus), content(back)
    assert (len(back.claims), len(back.actors)) == (len(corpus.claims), len(corpus.actors))
    assert after["claims"] == before["claims"]
    assert after["actors"] == before["actors"]
    assert after["relations"] == before["relations"]
    assert sum(len(c.mentions) for c in back.claims.values()) == sum(
        len({m.quote for m in c.mentions}) for c in corpus.claims.values())


@pytest.mark.parametrize("fmt", ["aif", "ova"])
def test_undercuts_survive_the_round_trip(fmt: str, tmp_path: Path) -> None:
    """The seed map has undercuts; an AIF export writes each as a CA on the link's RA/CA and import reads it back."""
    corpus = seeds_or_skip()
    before = content(corpus)["undercuts"]
    assert before, "the seed map has no undercuts to carry"
    assert content(round_trip(corpus, tmp_path, fmt))["undercuts"] == before


def test_export_is_well_formed_aif() -> None:
    corpus = load_corpus_or_raise(ROOT / "tests" / "data" / "tiny")
    aif = corpus_to_aif(corpus)
    assert set(aif) == {"nodes", "edges", "locutions", "participants", "text"}
    types = Counter(n["type"] for n in aif["nodes"])
    kinds = Counter(r.kind for r in corpus.relations.values())
    assert types["I"] == len(corpus.claims)
    assert types["RA"] == kinds["supports"] and types["CA"] == kinds["rebuts"]
    assert types["L"] >= sum(len(c.mentions) for c in corpus.claims.values())
    ids = [n["nodeID"] for n in aif["nodes"]]
    assert len(set(ids)) == len(ids) and all(isinstance(i, str) for i in ids)
    assert all(e["fromID"] in ids and e["toID"] in ids for e in aif["edges"])
    by_id = {n["nodeID"]: n for n in aif["nodes"]}
    assert all(by_id[loc["nodeID"]]["type"] == "L" for loc in aif["locutions"])
    assert len(aif["participants"]) == len(corpus.actors)
    person = {p["participantID"]: f"{p['firstname']} {p['surname']}".strip() for p in aif["participants"]}
    for loc in aif["locutions"]:
        if loc["personID"] is not None:  # null: words nobody is named for
            assert by_id[loc["nodeID"]]["text"].startswith(person[loc["personID"]] + ": ")
    # each YA goes from an L (or a TA) to an I or S node; Asserting from an L-node "Speaker: quote"
    outs: dict[str, list[str]] = {}
    for e in aif["edges"]:
        outs.setdefault(e["fromID"], []).append(e["toID"])
    council = next(n for n in aif["nodes"] if n["type"] == "L" and n["text"].startswith("Town council: "))
    (ya,) = [n for n in outs[council["nodeID"]] if by_id[n]["type"] == "YA"]
    assert by_id[ya]["text"] == "Asserting" and by_id[outs[ya][0]]["text"] == corpus.claims["wall-stops-floods"].text


def test_participant_names_are_split_sensibly() -> None:
    assert split_name(Actor("a", "Anne Marie Robinson", "person")) == ("Anne Marie", "Robinson")
    assert split_name(Actor("b", "Madonna", "person")) == ("Madonna", "")
    assert split_name(Actor("c", "Port authority engineers", "group")) == ("Port authority engineers", "")


def test_cli_export_aif(tiny_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "tiny.json"
    assert main(["export", str(tiny_corpus), "--format", "aif", "-o", str(out)]) == 0
    assert Counter(n["type"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"])["I"] == 6


@pytest.mark.parametrize("fmt", ["aif", "ova"])
@pytest.mark.parametrize("which", ["tiny", "seeds"])
def test_export_carries_every_document_and_places_mentions_in_it(which: str, fmt: str, tmp_path: Path) -> None:
    """Each document comes back whole (emoji, CR LF and all), with its id and title, and every
    mention and attribution at the same offsets in it."""
    from tests.real_files import differences, signature

    corpus = load_corpus_or_raise(ROOT / "tests" / "data" / "tiny") if which == "tiny" else seeds_or_skip()
    back = round_trip(corpus, tmp_path, fmt)
    assert [(d.id, d.title, d.text) for d in back.documents.values()] == [
        (d.id, d.title, d.text) for d in corpus.documents.values()]
    assert differences(signature(corpus), signature(back)) == []
    if fmt == "ova":
        assert set(back.positions) == set(back.claims) | set(back.actors)


def test_cli_export_ova(tiny_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "tiny.json"
    assert main(["export", str(tiny_corpus), "--format", "ova", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"AIF", "text", "OVA"} and data["text"].count('class="highlighted"') >= 7
    assert {n["nodeID"] for n in data["OVA"]["nodes"]} == {n["nodeID"] for n in data["AIF"]["nodes"]}


def test_words_outside_the_document_marks_keep_one_text(tmp_path: Path) -> None:
    """A proposition with no locution is added after the text, outside every document: the import
    then keeps one document rather than drop it, and says so."""
    corpus = load_corpus_or_raise(ROOT / "tests" / "data" / "tiny")
    data = corpus_to_ova(corpus)
    data["AIF"]["nodes"].append({"nodeID": "9999", "type": "I", "text": "a claim nobody said"})
    path = tmp_path / "map.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = read_aif(path)
    (doc,) = result.corpus.documents.values()
    assert all(d.text in doc.text for d in corpus.documents.values()) and "a claim nobody said" in doc.text
    assert any("kept as one document" in line for line in result.summary)
