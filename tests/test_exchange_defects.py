"""Issue 16's exchange defects, each on the smallest input that shows it (real files where one shows it)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from argmap.io._aif_export import corpus_to_aif, corpus_to_ova
from argmap.io._build import relation_budget
from argmap.io.aif import read_aif
from argmap.io.registry import ImportFailed, import_file
from argmap.model.annotations import Actor, Claim, Corpus, Relation
from argmap.model.corpus import Document
from tests.real_files import REAL


def one_claim_corpus(text: str, quote: str) -> Corpus:
    c = Corpus()
    doc = Document("d1", "d1.txt", "Essay", text)
    c.add_document(doc)
    start = text.index(quote)
    c.add_claim(Claim("c1", quote, [doc.mention(start, start + len(quote))], "seed"))
    return c


def trip(corpus: Corpus, tmp_path: Path, fmt: str) -> Corpus:
    path = tmp_path / f"{fmt}.json"
    path.write_text(json.dumps(corpus_to_aif(corpus) if fmt == "aif" else corpus_to_ova(corpus)), encoding="utf-8")
    return read_aif(path).corpus


@pytest.mark.parametrize("fmt", ["aif", "ova"])
def test_a_quote_with_a_colon_never_becomes_a_speaker(fmt: str, tmp_path: Path) -> None:
    """Defect 1: export marks speakerless words (personID null), so import cannot read a colon as a name."""
    quote = "They just worry about two things: to have fun, learn and be happy"
    back = trip(one_claim_corpus(f"First. {quote}. Last.", quote), tmp_path, fmt)
    assert not back.actors
    (claim,) = back.claims.values()
    assert claim.text == quote and claim.mentions[0].quote == quote


def test_the_essay_with_a_colon_keeps_its_one_author(tmp_path: Path) -> None:
    corpus = import_file(REAL / "essays" / "essay218.ann").corpus
    back = trip(corpus, tmp_path, "aif")
    assert sorted(a.name for a in back.actors.values()) == ["Author of essay218"]


def test_default_illocuting_asserts_and_xaif_quirks_are_read() -> None:
    """Defect 3: AMF's xAIF (integer ids, OVA as a list, null fields, personID 0) keeps its speaker."""
    result = import_file(REAL / "amf" / "data.json")
    kinds = Counter(r.kind for r in result.corpus.relations.values())
    assert kinds["asserts"] == 4 and [a.name for a in result.corpus.actors.values()] == ["Bob None"]
    assert not any("only ask" in line for line in result.summary)


def test_xaif_null_fields_are_empty_not_errors(tmp_path: Path) -> None:
    """xAIF writes null for empty lists and texts (locutions, edges of an empty map, an S-node's text)."""
    data = json.loads((REAL / "amf" / "data.json").read_text(encoding="utf-8"))
    data["AIF"]["locutions"] = None
    data["AIF"]["participants"] = None
    data["AIF"]["nodes"][-1]["text"] = None  # an RA with no text
    data["AIF"]["nodes"][-1]["scheme"] = "Default Inference"
    path = tmp_path / "nulls.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    corpus = import_file(path).corpus
    assert len(corpus.claims) == 4 and Counter(r.kind for r in corpus.relations.values())["supports"] == 3


def made(summary: list[str], kind: str) -> int:
    line = next((x for x in summary if x.startswith("illocutions: ")), "illocutions: ")
    total = 0
    for part in line.removeprefix("illocutions: ").split(", "):
        words, _, n = part.rpartition(" ")
        if f"-> {kind}" in words:
            total += int(n)
    return total


@pytest.mark.parametrize("name", ["qt30/nodeset20993.json", "qt30/nodeset18847.json", "dialam/test_map3.json",
                                  "qt30/nodeset23565.json"])
def test_import_summary_adds_up_to_the_corpus(name: str) -> None:
    """Defect 4: an illocution is counted once, under what became of it."""
    result = import_file(REAL / name)
    kinds = Counter(r.kind for r in result.corpus.relations.values())
    assert made(result.summary, "denies") == kinds["denies"]
    assert made(result.summary, "asserts") == kinds["asserts"]
    assert not any("left as asserts" in line and "-> denies" in line for line in result.summary)


@pytest.mark.parametrize("fmt", ["aif", "ova"])
def test_no_break_space_and_crlf_survive_byte_for_byte(fmt: str, tmp_path: Path) -> None:
    """Defect 6: OVA's HTML text is read back as written."""
    text = "One\xa0claim here.\r\nAnother\xa0line\r\n"
    back = trip(one_claim_corpus(text, "Another\xa0line"), tmp_path, fmt)
    (doc,) = back.documents.values()
    assert doc.text == text
    assert next(iter(back.claims.values())).mentions[0].quote == "Another\xa0line"


def test_ova2_database_format_is_refused_by_name(tmp_path: Path) -> None:
    """Defect 7: OVA's older save (as OVA3's ova-save.js loadOva2Json reads it) is named, not misread."""
    path = tmp_path / "ova2.json"
    path.write_text(json.dumps({
        "analysis": {"txt": "Bob: We should go."}, "participants": [{"firstname": "Bob", "surname": ""}],
        "nodes": [{"id": 1, "type": "L", "text": "Bob: We should go", "x": 10, "y": 10, "visible": True},
                  {"id": 2, "type": "YA", "text": "Asserting", "scheme": 74, "x": 10, "y": 50, "visible": True},
                  {"id": 3, "type": "I", "text": "We should go", "x": 10, "y": 90, "visible": True}],
        "edges": [{"from": {"id": 1}, "to": {"id": 2}}, {"from": {"id": 2}, "to": {"id": 3}}]}), encoding="utf-8")
    with pytest.raises(ImportFailed, match="OVA's older save format"):
        import_file(path)


def test_a_numeric_scheme_id_does_not_hide_the_illocution(tmp_path: Path) -> None:
    """OVA3's database form puts the scheme's number in `scheme`: the name is in `text`."""
    path = tmp_path / "db.json"
    path.write_text(json.dumps({
        "nodes": [{"nodeID": 1, "type": "L", "text": "Bob: We should go"},
                  {"nodeID": 2, "type": "YA", "text": "Asserting", "scheme": "74"},
                  {"nodeID": 3, "type": "I", "text": "We should go"}],
        "edges": [{"edgeID": 1, "fromID": 1, "toID": 2}, {"edgeID": 2, "fromID": 2, "toID": 3}]}), encoding="utf-8")
    corpus = import_file(path).corpus
    assert [r.kind for r in corpus.relations.values()] == ["asserts"]


def test_speakers_who_only_ask_are_named() -> None:
    """Defect 9: a speaker who only asks questions loses actor status, and the summary says who."""
    result = import_file(REAL / "qt30" / "nodeset18847.json")
    assert "Fiona Bruce" not in {a.name for a in result.corpus.actors.values()}
    assert any("Fiona Bruce" in line and "not made actors" in line for line in result.summary)


def test_one_attack_on_a_relation_is_counted_once() -> None:
    """Defect 9: QT30 23565 has one CA on a CA (from a TA); it is reported once, as one."""
    summary = " ".join(import_file(REAL / "qt30" / "nodeset23565.json").summary)
    assert "CA on an RA/CA with no I-node behind it or no relation made of its target 1" in summary
    assert "edge to or from" not in summary


@pytest.mark.parametrize("bad, words", [
    ('{"nodes": [{"nodeID": "1", "text": "unfinished', "a string starts here and is never closed"),
    ('{"nodes": [1, 2,]}', "a value was expected here"),
    ('{"nodes": []} {}', "more text after the end of the JSON"),
])
def test_json_errors_are_full_sentences(bad: str, words: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ImportFailed) as err:
        import_file(path)
    message = str(err.value)
    assert words in message and message.endswith(".") and "line 1, column" in message


def test_ann_without_its_txt_is_detected_as_brat(tmp_path: Path) -> None:
    """Defect 10: no --format needed to hear what is missing."""
    ann = tmp_path / "essay.ann"
    ann.write_text("T1\tClaim 0 5\tHello\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"essay\.txt.*missing"):
        import_file(ann)


def test_brat_text_with_crlf_gets_a_hint(tmp_path: Path) -> None:
    """Defect 10: offsets made on LF text do not fit a CR LF copy; the message says so."""
    (tmp_path / "e.txt").write_bytes(b"First line.\r\nSecond line here.\r\n")
    (tmp_path / "e.ann").write_text("T1\tClaim 11 28\tSecond line here\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="CR LF"):
        import_file(tmp_path / "e.ann")


def test_abstrct_partial_attack_is_a_rebuttal_with_its_qualifier() -> None:
    """Defect 11."""
    result = import_file(REAL / "abstrct" / "22868247.ann")
    (partial,) = [r for r in result.corpus.relations.values() if r.kind == "rebuts"]
    assert "Partial-Attack" in partial.note and "partial" in partial.note.split("Partial-Attack")[1].casefold()
    assert not any("not representable" in line for line in result.summary)


def test_undercut_and_voice_survive_aif_and_ova(tmp_path: Path) -> None:
    """Issue 13: a hand-made undercut, a hinted and a relayed attribution come back from AIF and OVA."""
    text = "They confessed. So they are guilty. Confessions under torture are unreliable. Putin hinted it."
    c = one_claim_corpus(text, "They confessed")
    doc = c.documents["d1"]
    for cid, quote in (("c2", "So they are guilty"), ("c3", "Confessions under torture are unreliable")):
        start = text.index(quote)
        c.add_claim(Claim(cid, quote, [doc.mention(start, start + len(quote))], "seed"))
    c.add_actor(Actor("a1", "Vladimir Putin", "person"))
    c.add_actor(Actor("a2", "Columnist", "person"))
    c.add_relation(Relation("r1", "supports", "c1", "c2", note="inferred"))
    c.add_relation(Relation("r2", "undercuts", "c3", "r1", note="inferred"))
    c.add_relation(Relation("r3", "asserts", "a1", "c2", voice="suggests", via="a2"))
    c.add_relation(Relation("r4", "asserts", "a2", "c3", voice="reports"))
    for fmt in ("aif", "ova"):
        back = trip(c, tmp_path, fmt)
        text_of = {cid: cl.text for cid, cl in back.claims.items()}
        name = {aid: a.name for aid, a in back.actors.items()}
        (under,) = [r for r in back.relations.values() if r.kind == "undercuts"]
        attacked = back.relations[under.target]
        assert (text_of[under.source], attacked.kind, text_of[attacked.source], text_of[attacked.target]) == (
            "Confessions under torture are unreliable", "supports", "They confessed", "So they are guilty")
        voiced = {(name[r.source], text_of[r.target], r.voice, name.get(r.via)) for r in back.relations.values()
                  if r.kind == "asserts"}
        assert voiced == {("Vladimir Putin", "So they are guilty", "suggests", "Columnist"),
                          ("Columnist", "Confessions under torture are unreliable", "reports", None)}


def test_a_small_aif_cannot_become_a_huge_corpus(tmp_path: Path) -> None:
    """Hostile AIF: one TA to 300 speakers' locutions and one YA to 300 propositions would be
    90,000 asserts; the import stays bounded by the size of the file (argmap.io._build.relation_budget)."""
    n = 300
    nodes = [{"nodeID": f"L{i}", "type": "L", "text": f"Speaker {i}: words {i}"} for i in range(n)]
    nodes += [{"nodeID": f"I{i}", "type": "I", "text": f"proposition {i}"} for i in range(n)]
    nodes += [{"nodeID": "TA", "type": "TA", "text": "Default Transition"}, {"nodeID": "YA", "type": "YA", "text": "Asserting"}]
    edges = [{"fromID": "L0", "toID": "TA"}, {"fromID": "TA", "toID": "YA"}]
    edges += [{"fromID": "TA", "toID": f"L{i}"} for i in range(1, n)] + [{"fromID": "YA", "toID": f"I{i}"} for i in range(n)]
    path = tmp_path / "bomb.json"
    path.write_text(json.dumps({"nodes": nodes, "edges": edges}), encoding="utf-8")
    result = import_file(path)
    assert len(result.corpus.relations) <= 2 * n  # linear in the file, not 90,000
    assert any("only the first reply's speaker kept" in line for line in result.summary)


def test_relations_beyond_the_bound_are_counted_not_made() -> None:
    """The last guard (argmap.io._build.RelationAdder): past its budget nothing more is made."""
    from argmap.io._build import RelationAdder

    c = one_claim_corpus("A. B.", "A")
    doc = c.documents["d1"]
    c.add_claim(Claim("c2", "B", [doc.mention(3, 4)], "seed"))
    adder = RelationAdder(c, budget=1)
    assert adder.add("supports", "c1", "c2") is not None
    assert adder.add("rebuts", "c2", "c1") is None and adder.full
    assert [k for k in adder.skipped if "bound" in k] and len(c.relations) == 1
    assert relation_budget(0) == 10_000


def test_the_grid_fit_finds_the_same_scale_as_comparing_every_pair() -> None:
    import numpy as np

    from argmap.io._aif_layout import _fit_scale

    rng = np.random.default_rng(7)
    for spread in (200.0, 2_000.0, 20_000.0):
        xy = rng.uniform(0, spread, size=(300, 2))
        sizes = rng.uniform([120, 40], [260, 120], size=(300, 2))
        dx = np.abs(xy[:, None, 0] - xy[None, :, 0])
        dy = np.abs(xy[:, None, 1] - xy[None, :, 1])
        need_x = (sizes[:, None, 0] + sizes[None, :, 0]) / 2 + 24.0
        need_y = (sizes[:, None, 1] + sizes[None, :, 1]) / 2 + 24.0
        with np.errstate(divide="ignore"):
            need = np.minimum(np.where(dx > 0, need_x / dx, np.inf), np.where(dy > 0, need_y / dy, np.inf))
        brute = min(6.0, max(1.0, float(need[np.isfinite(need)].max())))
        assert _fit_scale(xy, sizes) == pytest.approx(brute)
