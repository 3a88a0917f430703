"""The `argmap` command line without a screen: validate, stats, export, and bad input."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from argmap.cli import main
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.paths import seed_corpus_dir

TINY = Path(__file__).resolve().parent / "data" / "tiny"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_tiny(capsys: pytest.CaptureFixture[str]) -> None:
    """tiny is valid; its supports and rebuts without a quote or a note are listed as warnings, exit 0."""
    code, out, err = run(capsys, "validate", str(TINY))
    assert code == 0
    path = TINY / ANNOTATIONS_FILE
    *warnings, last = out.splitlines()
    assert last == f"{TINY}: valid (2 documents, 6 claims, 5 actors, 11 relations)"
    assert warnings == [
        f"{path}: $.relations[{i}]: warning: '{kind}' {rel} has no evidence quote and no note saying why it is inferred"
        for i, kind, rel in [(2, "supports", "r3"), (4, "rebuts", "r5"), (5, "supports", "r6"), (7, "rebuts", "r8"),
                             (8, "supports", "r9")]
    ]
    assert err == "5 warnings: links with no evidence quote and no note\n"


def test_validate_quiet_once_links_have_a_quote_or_a_note(tiny_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tiny_corpus / ANNOTATIONS_FILE
    data = json.loads(path.read_text("utf-8"))
    for rel in data["relations"]:
        if rel["kind"] in ("supports", "rebuts"):
            rel["note"] = "inferred from the order of the argument"
    data["relations"][2]["note"] = " "  # blank says nothing
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "validate", str(tiny_corpus))
    assert code == 0
    why = "'supports' r3 has no evidence quote and no note saying why it is inferred"
    assert out.splitlines()[0] == f"{path}: $.relations[2]: warning: {why}"
    assert len(out.splitlines()) == 2 and err == "1 warning: link with no evidence quote and no note\n"


def test_validate_broken_corpus_lists_every_problem(tiny_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tiny_corpus / ANNOTATIONS_FILE
    data = json.loads(path.read_text("utf-8"))
    data["actors"][0]["type"] = "alien"
    data["relations"][2]["source"] = "engineers"
    data["claims"][5]["mentions"][0]["end"] += 1
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "validate", str(tiny_corpus))
    assert code == 1
    assert out.splitlines() == [
        f"{path}: $.actors[0].type: unknown actor type 'alien' (expected one of person, organisation, state, media, group)",
        f"{path}: $.claims[5].mentions[0].end: end - start is 36 but the quote has 35 characters",
        f"{path}: $.relations[2].source: 'supports' joins two claims, but 'engineers' is not a claim",
    ]
    assert "3 error(s), 0 warning(s)" in err


def test_validate_reports_warnings_with_exit_1(tiny_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    beta = tiny_corpus / "beta.txt"
    beta.write_bytes(b"P.S. " + beta.read_bytes())
    code, out, err = run(capsys, "validate", str(tiny_corpus))
    assert code == 1
    assert f"{tiny_corpus / ANNOTATIONS_FILE}: $.documents[1].sha256: warning: document 'beta.txt' has changed" in out
    corpus = load_corpus(TINY).corpus
    in_beta = sum(m.doc == "beta" for item in [*corpus.claims.values()] for m in item.mentions)
    in_beta += sum(m.doc == "beta" for r in corpus.relations.values() for m in r.evidence)
    assert in_beta == 5
    assert f"0 error(s), {1 + in_beta + 5} warning(s)" in err  # the hash, every re-anchored mention, 5 links without evidence


def test_stats_counts_by_kind_and_document(capsys: pytest.CaptureFixture[str]) -> None:
    corpus = load_corpus(TINY).corpus
    code, out, _ = run(capsys, "stats", str(TINY))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["documents", str(len(corpus.documents))]
    assert lines[1].startswith(f"claims     {len(corpus.claims)}  (2 rebut another claim; 1 mentioned in several documents)")
    assert lines[2] == "actors     5  (2 group, 2 person, 1 organisation)"
    kinds = {k: sum(r.kind == k for r in corpus.relations.values()) for k in ("supports", "rebuts", "asserts", "denies")}
    counts = f"{kinds['supports']} supports, {kinds['rebuts']} rebuts, 0 undercuts, {kinds['asserts']} asserts, 1 denies"
    assert lines[3] == f"relations  11  ({counts})"
    assert lines[4] == "voice      6 states, 0 hinted, 0 relayed; 0 via another actor"
    assert lines[5] == "unsupported links  5 (supports, rebuts, undercuts with no quote and no note)"
    assert kinds == {"supports": 3, "rebuts": 2, "asserts": 5, "denies": 1}
    by_doc = {
        m.group(1): (int(m.group(2)), int(m.group(3)))
        for m in re.finditer(r"^  (\w+)\s+(\d+) claims\s+(\d+) mentions", out, re.M)
    }
    assert by_doc == {"alpha": (4, 4), "beta": (3, 3)}


def test_no_corpus_uses_the_bundled_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    seeds = seed_corpus_dir()
    texts = sorted(seeds.glob("*.txt"))
    code, out, err = run(capsys, "stats")
    assert code == 0, err
    assert out.splitlines()[0].split() == ["documents", str(len(texts))]
    listed = re.findall(r"^  (\S+)\s+\d+ claims", out, re.M)
    assert listed == [d.id for d in load_corpus(seeds).corpus.documents.values()]


def test_export_node_link_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", str(TINY), "--format", "node-link", "-o", "-")
    assert code == 0
    data = json.loads(out)
    assert data["directed"] and data["multigraph"]
    assert "links" in data and "edges" not in data  # d3 and networkx < 3.4 (issue 16, defect 8)
    assert [d["id"] for d in data["graph"]["documents"]] == ["alpha", "beta"]
    nodes = {n["id"]: n for n in data["nodes"]}
    claim = nodes["floods-from-river"]
    assert claim["kind"] == "claim" and claim["role"] == "rebuttal"
    assert claim["label"] == claim["text"] == "The floods come from the river, not the sea."
    assert [m["quote"] for m in claim["mentions"]] == ["the floods come from the river, not the sea", "the river is the cause"]
    assert nodes["wall-high-enough"]["role"] == "claim"
    actor = nodes["mayor"]
    assert (actor["kind"], actor["label"], actor["actor_type"]) == ("actor", "The mayor", "person")
    edges = {e["id"]: e for e in data["links"]}
    assert len(edges) == 11
    r1 = edges["r1"]
    assert (r1["source"], r1["target"], r1["kind"], r1["origin"], r1["key"]) == (
        "council",
        "wall-stops-floods",
        "asserts",
        "seed",
        "r1",
    )
    assert r1["evidence"] == [{"doc": "alpha", "start": 16, "end": 32, "quote": "The council says"}]
    assert edges["r3"]["evidence"] == []


def test_export_graphml_is_flat_and_reads_back(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", str(TINY), "--format", "graphml", "-o", "-")
    assert code == 0
    keys = re.findall(r'<key id="([^"]+)"', out)
    assert len(keys) == len(set(keys)) > 10, "GraphML key ids must be unique (node and edge both have 'kind')"
    g = nx.read_graphml(io.BytesIO(out.encode("utf-8")), force_multigraph=True)
    assert g.number_of_nodes() == 11 and g.number_of_edges() == 11
    for _, data in g.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values()), data
    claim = g.nodes["wall-cost"]
    assert (claim["kind"], claim["role"], claim["label"]) == ("claim", "claim", "The wall will cost 40 million euros.")
    assert json.loads(claim["mentions"])[0]["quote"] == "the wall will cost 40 million euros"
    actor = g.nodes["council"]
    assert (actor["kind"], actor["label"], actor["actor_type"]) == ("actor", "Town council", "organisation")
    assert json.loads(actor["aliases"]) == ["The council"]
    edge = g.edges["mayor", "wall-cost", "r11"]
    assert (edge["kind"], edge["relation"], edge["origin"]) == ("denies", "r11", "seed")
    assert json.loads(edge["evidence"])[0]["quote"] == "The mayor denies that the wall will cost that much."
    assert json.loads(g.graph["documents"])[1]["title"] == "Letters to the editor"


def test_export_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "map.json"
    code, _, err = run(capsys, "export", str(TINY), "-f", "node-link", "-o", str(target))
    assert code == 0 and "wrote" in err
    assert len(json.loads(target.read_text("utf-8"))["nodes"]) == 11


def test_export_to_an_unwritable_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "export", str(TINY), "-f", "node-link", "-o", str(blocker / "map.json"))
    assert code == 1
    assert "cannot write" in err and "Traceback" not in err


def test_export_unknown_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", str(TINY), "--format", "pdfx", "-o", "-")
    assert code == 2
    assert "unknown export format 'pdfx'" in err and "node-link" in err and "graphml" in err


@pytest.mark.parametrize("command", [["stats"], ["export", "-f", "node-link", "-o", "-"]])
def test_broken_corpus_exits_1_with_a_clear_list(
    tiny_corpus: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = tiny_corpus / ANNOTATIONS_FILE
    data = json.loads(path.read_text("utf-8"))
    data["relations"][0]["kind"] = "likes"
    data["documents"][1]["path"] = "../beta.txt"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, command[0], str(tiny_corpus), *command[1:])
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert f"{path}: $.documents[1].path: must be a path inside the corpus folder, not '../beta.txt'" in lines
    assert any(line.startswith(f"{path}: $.relations[0].kind: unknown relation kind 'likes'") for line in lines)
    assert lines[-1].startswith("argmap: ") and "errors in" in lines[-1]


def test_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(tmp_path / "nowhere"))
    assert code == 1
    assert "no such corpus folder" in out


def test_stats_count_undercuts_and_voices(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "stats", str(TINY.parent / "tiny-v2"))
    assert code == 0
    lines = out.splitlines()
    assert lines[3] == "relations  13  (3 supports, 2 rebuts, 2 undercuts, 5 asserts, 1 denies)"
    assert lines[4] == "voice      4 states, 1 hinted, 1 relayed; 1 via another actor"
    assert lines[5] == "unsupported links  3 (supports, rebuts, undercuts with no quote and no note)"  # r5, r6, r8
