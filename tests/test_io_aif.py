"""AIF import of real AIFdb and OVA files: counts, mentions, speakers, and clear errors on bad input.

Expected counts come from tests/data/external/SOURCES.md (node counts by type) and from the
files themselves (RA/CA endpoints, "Name : " prefixes, OVA's highlighted spans).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.io.aif import read_aif
from argmap.io.registry import ImportFailed, import_file
from argmap.model.annotations import Corpus
from argmap.model.geometry import claim_box
from argmap.model.loading import load_corpus
from argmap.model.saving import save_corpus

AIF = Path(__file__).parent / "data" / "external" / "aif_json"

# node counts by type, as SOURCES.md states them
STATED = {
    "6064-original.json": {"I": 9, "L": 16, "YA": 14, "TA": 8, "RA": 5},
    "nodeset21469.json": {"L": 6, "YA": 5, "I": 3, "TA": 2, "RA": 1, "MA": 1},
    "nodeset23775.json": {"L": 40, "YA": 32, "I": 17, "TA": 15, "CA": 7, "RA": 4, "MA": 2},
    "test_map1.json": {"YA": 53, "L": 46, "TA": 20, "I": 19, "RA": 4, "MA": 3, "CA": 1},
    "28038.json": {"YA": 143, "L": 70, "I": 38, "TA": 34, "MA": 26, "CA": 24, "RA": 21},
}
# claims = I-nodes minus those merged into the one they rephrase (Default Rephrase MAs joining two
# distinct I-nodes); in 28038 five of the seven rephrases join answers to a question, which conflict
# with each other (CA), so only two merge there
CLAIMS = {"6064-original.json": 9, "nodeset21469.json": 2, "nodeset23775.json": 15, "test_map1.json": 16, "28038.json": 36}
SAMPLES = sorted(STATED)


def raw(name: str) -> dict:
    data = json.loads((AIF / name).read_text(encoding="utf-8"))
    return data.get("AIF", data)


def claim_of_inode(corpus: Corpus) -> dict[str, str]:
    """I-node id -> claim id, from the "AIF I-node a, b" the importer writes into each note."""
    out: dict[str, str] = {}
    for c in corpus.claims.values():
        match = re.match(r"AIF I-node ([^;]+)", c.note or "")
        assert match, f"claim {c.id} does not name its I-node(s): {c.note!r}"
        for nid in match.group(1).split(", "):
            assert nid not in out, f"I-node {nid} is in two claims"
            out[nid] = c.id
    return out


@pytest.fixture(scope="module")
def imported() -> dict[str, tuple[Corpus, list[str]]]:
    out = {}
    for name in SAMPLES:
        result = read_aif(AIF / name)
        out[name] = (result.corpus, result.summary)
    return out


@pytest.mark.parametrize("name", SAMPLES)
def test_node_counts_match_the_stated_ones(name: str, imported) -> None:
    types = Counter(n["type"] for n in raw(name)["nodes"])
    assert dict(types) == STATED[name]
    _, summary = imported[name]
    assert summary[0].startswith("AIF nodes: ")
    for t, n in STATED[name].items():
        assert f"{t} {n}" in summary[0]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_inode_is_in_one_claim(name: str, imported) -> None:
    corpus, _ = imported[name]
    i_nodes = {str(n["nodeID"]) for n in raw(name)["nodes"] if n["type"] == "I"}
    assert set(claim_of_inode(corpus)) == i_nodes
    assert len(corpus.claims) == CLAIMS[name]


@pytest.mark.parametrize("name", SAMPLES)
def test_ra_and_ca_become_supports_and_rebuts(name: str, imported) -> None:
    corpus, _ = imported[name]
    data = raw(name)
    types = {str(n["nodeID"]): n["type"] for n in data["nodes"]}
    ins: dict[str, list[str]] = {}
    outs: dict[str, list[str]] = {}
    for e in data["edges"]:
        outs.setdefault(str(e["fromID"]), []).append(str(e["toID"]))
        ins.setdefault(str(e["toID"]), []).append(str(e["fromID"]))
    claim = claim_of_inode(corpus)
    expected = set()
    for nid, t in types.items():
        if t in ("RA", "CA"):
            kind = "supports" if t == "RA" else "rebuts"
            for p in ins.get(nid, []):
                for c in outs.get(nid, []):
                    if types[p] == "I" and types[c] == "I" and claim[p] != claim[c]:
                        expected.add((kind, claim[p], claim[c]))
    got = {(r.kind, r.source, r.target) for r in corpus.relations.values() if r.kind in ("supports", "rebuts")}
    assert got == expected
    assert expected, "every sample has at least one inference"


@pytest.mark.parametrize("name", SAMPLES)
def test_prefixed_speakers_assert_what_they_say(name: str, imported) -> None:
    """An L-node "Name : words" anchored on an I-node by Asserting: actor Name asserts that claim."""
    corpus, _ = imported[name]
    data = raw(name)
    nodes = {str(n["nodeID"]): n for n in data["nodes"]}
    outs: dict[str, list[str]] = {}
    for e in data["edges"]:
        outs.setdefault(str(e["fromID"]), []).append(str(e["toID"]))
    claim = claim_of_inode(corpus)
    by_name = {a.name: a.id for a in corpus.actors.values()}
    checked = 0
    for lid, node in nodes.items():
        match = re.match(r"^([^:]{1,60}?)\s*:\s", node["text"]) if node["type"] == "L" else None
        if not match or ":" in node["text"][match.end():].split(" ")[0]:
            continue
        for ya in outs.get(lid, []):
            if nodes[ya]["type"] == "YA" and nodes[ya]["text"] == "Asserting":
                for i in outs.get(ya, []):
                    if nodes[i]["type"] == "I":
                        speaker = match.group(1).strip()
                        assert speaker in by_name, f"{speaker} is not an actor"
                        assert corpus.find_relation("asserts", by_name[speaker], claim[i]), (speaker, nodes[i]["text"])
                        checked += 1
    assert checked >= 3


@pytest.mark.parametrize("name", SAMPLES)
def test_imported_corpus_saves_reloads_and_quotes_match(name: str, imported, tmp_path: Path) -> None:
    corpus, _ = imported[name]
    save_corpus(corpus, tmp_path / "c", write_texts=True)
    result = load_corpus(tmp_path / "c")
    assert result.ok and result.problems == [], [str(p) for p in result.problems]
    loaded = result.corpus
    assert (len(loaded.claims), len(loaded.actors), len(loaded.relations)) == (
        len(corpus.claims), len(corpus.actors), len(corpus.relations))
    for c in loaded.claims.values():
        assert c.mentions
        for m in c.mentions:
            assert loaded.documents[m.doc].text[m.start:m.end] == m.quote
    for r in loaded.relations.values():
        for m in r.evidence:
            assert loaded.documents[m.doc].text[m.start:m.end] == m.quote


def test_ova_text_is_plain_and_mentions_sit_on_the_highlighted_spans(imported) -> None:
    corpus, summary = imported["28038.json"]
    html = json.loads((AIF / "28038.json").read_text(encoding="utf-8"))["text"]
    (doc,) = corpus.documents.values()
    assert "<span" not in doc.text and "How many drug seizures will occur in the London Region" in doc.text
    spans = dict(re.findall(r'<span id="node([^"]+)" class="highlighted">([^<]*)</span>', html))
    data = raw("28038.json")
    nodes = {n["nodeID"]: n for n in data["nodes"]}
    claim = claim_of_inode(corpus)
    # the L-node asserting each I-node is highlighted in OVA's text: the claim's mention is that span
    outs: dict[str, list[str]] = {}
    for e in data["edges"]:
        outs.setdefault(e["fromID"], []).append(e["toID"])
    checked = 0
    for lid, words in spans.items():
        for ya in outs.get(lid, []):
            if nodes[ya]["text"] == "Asserting":
                for i in outs[ya]:
                    quotes = [m.quote for m in corpus.claims[claim[i]].mentions]
                    assert words in quotes
                    checked += 1
    assert checked >= 20
    assert any("participants: 32" in line for line in summary)
    assert set(corpus.positions) == set(corpus.claims) | set(corpus.actors)
    # OVA's own x/y, spread only if argmap's (wider) boxes would overlap
    ova = {n["nodeID"]: (n["x"], n["y"]) for n in json.loads((AIF / "28038.json").read_text(encoding="utf-8"))["OVA"]["nodes"]}
    first = {cid: nid for nid, cid in reversed(list(claim.items()))}
    xs = [(corpus.positions[c][0], ova[first[c]][0]) for c in corpus.claims]
    assert len({round(p / o, 3) for p, o in xs if o}) == 1, "one scale for the whole map"
    boxes = {c: claim_box(corpus.claims[c].text) for c in corpus.claims}
    ids = list(corpus.claims)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            (ax, ay), (bx, by) = corpus.positions[a], corpus.positions[b]
            apart_x = abs(ax - bx) >= (boxes[a][0] + boxes[b][0]) / 2
            apart_y = abs(ay - by) >= (boxes[a][1] + boxes[b][1]) / 2
            assert apart_x or apart_y, (a, b)


def test_transcript_follows_start_times_and_names_speakers(imported) -> None:
    corpus, summary = imported["test_map1.json"]
    (doc,) = corpus.documents.values()
    lines = doc.text.splitlines()
    data = raw("test_map1.json")
    texts = {n["nodeID"]: n["text"] for n in data["nodes"]}
    start = {" ".join(texts[loc["nodeID"]].split()): loc["start"] for loc in data["locutions"] if loc["start"]}
    times = [start[" ".join(line.split())] for line in lines if " ".join(line.split()) in start]
    assert len(times) == len(start) and times == sorted(times)
    assert any("rebuilt from 23 locutions in start time" in s for s in summary)
    assert not any(line.startswith("Steffi:") for line in lines), "analysts' locutions stay out of the transcript"


def test_transcript_without_times_follows_the_transitions(imported) -> None:
    corpus, _ = imported["nodeset23775.json"]
    lines = next(iter(corpus.documents.values())).text.splitlines()
    fiona = lines.index(
        "Fiona Bruce: Rather than do what Daisy is suggesting after the first four million start sending vaccines abroad")
    assert lines[fiona + 1] == "Danny Sriskandarajah: Do both"


def test_disagreeing_at_a_conflict_becomes_denies(imported) -> None:
    corpus, _ = imported["nodeset23775.json"]
    fiona = next(a.id for a in corpus.actors.values() if a.name == "Fiona Bruce")
    denied = [corpus.claims[r.target].text for r in corpus.relations.values() if r.kind == "denies" and r.source == fiona]
    assert any(t.startswith("what we are calling on the UK Government") for t in denied)


def test_unplaced_proposition_gets_a_mention_and_a_summary_line(imported) -> None:
    corpus, summary = imported["nodeset23775.json"]
    claim = next(c for c in corpus.claims.values() if c.text == "I'm slightly unsure about this reported speech")
    assert claim.mentions[0].quote == claim.text
    assert any("have no locution" in s for s in summary)


def test_not_representable_nodes_are_counted(imported) -> None:
    _, summary = imported["nodeset23775.json"]
    lost = next(s for s in summary if s.startswith("not representable"))
    assert "TA (transitions between locutions) 15" in lost


# -- malformed input -------------------------------------------------------------------------


def _write(tmp_path: Path, text: str, name: str = "bad.json") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


GOOD = {"nodes": [{"nodeID": "1", "text": "a claim", "type": "I"}, {"nodeID": "2", "text": "another", "type": "I"},
                  {"nodeID": "3", "text": "Default Inference", "type": "RA"}],
        "edges": [{"edgeID": "1", "fromID": "1", "toID": "3"}, {"edgeID": "2", "fromID": "3", "toID": "2"}],
        "locutions": []}


def test_minimal_map_imports(tmp_path: Path) -> None:
    result = read_aif(_write(tmp_path, json.dumps(GOOD)))
    assert [r.kind for r in result.corpus.relations.values()] == ["supports"]
    assert all(c.mentions for c in result.corpus.claims.values())


@pytest.mark.parametrize(
    ("content", "where", "what"),
    [
        (json.dumps(GOOD)[:-30], "line 1, column", "invalid JSON"),
        (json.dumps({**GOOD, "edges": [{"edgeID": "1", "fromID": "1", "toID": "99"}]}), "$.edges[0].toID",
         "'99' is not the id of any node"),
        (json.dumps({"edges": []}), "$.nodes", "missing or not a list"),
        (json.dumps({"nodes": []}), "$.nodes", "no nodes"),
        (json.dumps({"nodes": [{"nodeID": ["x"], "type": "I", "text": "t"}]}), "$.nodes[0].nodeID",
         "must be a string or integer"),
        (json.dumps({"nodes": [{"nodeID": "1", "type": "I", "text": 5}]}), "$.nodes[0].text", "must be a string"),
        (json.dumps([1, 2]), "$", "JSON object"),
        (json.dumps({"AIF": {"nodes": GOOD["nodes"], "edges": [{"fromID": "1"}]}}), "$.AIF.edges[0]", "missing 'toID'"),
    ],
)
def test_malformed_files_fail_with_file_and_place(tmp_path: Path, content: str, where: str, what: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(ImportFailed) as info:
        read_aif(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {where}") and what in message


def test_cli_reports_a_broken_file_without_traceback(tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, '{"nodes": [{"nodeID": "1", "type": "I", "text": "x"}], "edges": [{"fromID": "1", "toID": "2"}]}')
    assert main(["import", str(path), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{path}: $.edges[0].toID" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "annotations.json").exists()


def test_cli_imports_a_sample_and_validate_accepts_it(tmp_path: Path, capsys) -> None:
    out = tmp_path / "imported"
    assert main(["import", str(AIF / "nodeset21469.json"), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 claims" in printed and "I-nodes: 3 -> 2 claims" in printed
    assert main(["validate", str(out)]) == 0
    assert import_file(AIF / "nodeset21469.json").corpus.claims  # picked by extension


def test_relation_index_stays_right_after_a_bulk_import(imported) -> None:
    """Importers add relations one by one; Corpus.relations_of must match a plain scan afterwards."""
    corpus, _ = imported["28038.json"]
    for node in [*corpus.claims, *corpus.actors]:
        scan = [r.id for r in corpus.relations.values() if node in (r.source, r.target)]
        assert [r.id for r in corpus.relations_of(node)] == scan


def test_a_big_map_imports_without_rescanning_relations(tmp_path: Path, monkeypatch) -> None:
    """Adding a relation must not make the next query rebuild the relation index (quadratic imports:
    6,000 relations took 37 s before)."""
    nodes, edges, locs = [], [], []
    for i in range(600):
        nodes += [{"nodeID": f"i{i}", "type": "I", "text": f"proposition {i}"},
                  {"nodeID": f"l{i}", "type": "L", "text": f"Speaker {i % 20} : proposition {i}"},
                  {"nodeID": f"y{i}", "type": "YA", "text": "Asserting"}]
        edges += [{"fromID": f"l{i}", "toID": f"y{i}"}, {"fromID": f"y{i}", "toID": f"i{i}"}]
        locs.append({"nodeID": f"l{i}", "personID": i % 20})
        if i:
            nodes.append({"nodeID": f"s{i}", "type": "RA", "text": "Default Inference"})
            edges += [{"fromID": f"i{i}", "toID": f"s{i}"}, {"fromID": f"s{i}", "toID": f"i{(i * 7919) % i}"}]
    path = _write(tmp_path, json.dumps({"nodes": nodes, "edges": edges, "locutions": locs}), "big.json")
    rebuilds = []
    original = Corpus.relations_of

    def counting(self: Corpus, node_id: str):
        if self._relations_by_node is None:
            rebuilds.append(node_id)
        return original(self, node_id)

    monkeypatch.setattr(Corpus, "relations_of", counting)
    corpus = read_aif(path).corpus
    assert len(corpus.claims) == 600 and len(corpus.relations) == 599 + 600
    assert len(rebuilds) <= 1 + 20, "at most one rebuild per actor added (20 speakers), never one per relation"
