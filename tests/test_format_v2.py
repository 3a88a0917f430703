"""Format version 2: version 1 files upgrade without loss, version 2 files round-trip byte for byte,
undercuts and voice reach the model and the graph.

tests/data/tiny-v2 is tests/data/tiny (same texts) written as version 2, with two undercuts (one of a
supports, one of a rebuts; one manual), a hinted attribution that comes through another actor,
a relayed one, and evidence quotes on several links.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from argmap.model.annotations import Corpus, Relation
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.graph import build_graph, edges_between, k_hop, neighbours
from argmap.model.loading import load_corpus
from argmap.model.saving import dumps, save_corpus
from tests.test_storage_properties import content

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "data" / "tiny"
TINY2 = ROOT / "tests" / "data" / "tiny-v2"
SEEDS = ROOT / "seeds"
SEEDS_V1 = ROOT / "tests" / "data" / "seeds-v1"  # the version-1 seed map, laid over the seed texts


@pytest.fixture
def tiny2(tmp_path: Path) -> Path:
    dest = tmp_path / "tiny-v2"
    shutil.copytree(TINY2, dest)
    return dest


def test_version_2_file_is_read_without_problems_and_written_back_byte_for_byte() -> None:
    result = load_corpus(TINY2)
    assert result.ok and result.problems == [], [str(p) for p in result.problems]
    assert dumps(result.corpus).encode("utf-8") == (TINY2 / ANNOTATIONS_FILE).read_bytes()


def test_version_2_fields_reach_the_model() -> None:
    corpus = load_corpus(TINY2).corpus
    r2, r10, r12, r13 = (corpus.relations[r] for r in ("r2", "r10", "r12", "r13"))
    assert (r2.voice, r2.via) == ("suggests", "council")
    assert (r10.voice, r10.via) == ("reports", None)
    assert corpus.relations["r1"].voice == "states"
    assert (r12.kind, r12.source, r12.target) == ("undercuts", "floods-from-river", "r3")
    assert [u.id for u in corpus.undercuts_of("r3")] == ["r12"]
    assert [u.id for u in corpus.undercuts_of("r8")] == ["r13"]
    assert corpus.undercuts_of("r5") == []
    assert r12 in corpus.relations_of("floods-from-river") and r13 in corpus.relations_of("wall-cost")
    assert r12 not in corpus.relations_of("wall-stops-floods")  # the claim the attacked link points at is not an end
    assert r13.origin == "manual" and r13.author == "ana"


@pytest.mark.parametrize("folder", [TINY, SEEDS_V1], ids=["tiny", "seeds"])
def test_version_1_loads_and_saves_as_version_2_losing_nothing(folder: Path, tmp_path: Path) -> None:
    dest = tmp_path / folder.name
    if folder == SEEDS_V1:
        shutil.copytree(SEEDS, dest, ignore=shutil.ignore_patterns(ANNOTATIONS_FILE))
        shutil.copy(SEEDS_V1 / ANNOTATIONS_FILE, dest / ANNOTATIONS_FILE)
    else:
        shutil.copytree(folder, dest)
    v1 = (dest / ANNOTATIONS_FILE).read_bytes()
    assert json.loads(v1)["version"] == 1
    first = load_corpus(dest)
    assert first.ok, [str(p) for p in first.errors]
    save_corpus(first.corpus)
    v2 = (dest / ANNOTATIONS_FILE).read_bytes()
    assert json.loads(v2)["version"] == 2
    again = load_corpus(dest)
    assert again.ok and again.problems == [], [str(p) for p in again.problems]
    assert content(again.corpus) == content(first.corpus)
    # nothing but the version number differs between the two files, item by item
    old, new = json.loads(v1), json.loads(v2)
    old["version"] = new["version"]
    assert new == old
    save_corpus(again.corpus)
    assert (dest / ANNOTATIONS_FILE).read_bytes() == v2


def test_undercut_before_the_link_it_attacks_loads_in_file_order(tiny2: Path) -> None:
    path = tiny2 / ANNOTATIONS_FILE
    data = json.loads(path.read_text("utf-8"))
    data["relations"].insert(0, data["relations"].pop(11))  # r12, the undercut of r3, now comes first
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = load_corpus(tiny2)
    assert result.ok and result.problems == [], [str(p) for p in result.problems]
    assert list(result.corpus.relations)[:4] == ["r12", "r1", "r2", "r3"]
    assert [u.id for u in result.corpus.undercuts_of("r3")] == ["r12"]
    assert json.loads(dumps(result.corpus))["relations"] == data["relations"]


def test_forward_undercut_of_an_undercut_is_still_refused(tiny2: Path) -> None:
    path = tiny2 / ANNOTATIONS_FILE
    data = json.loads(path.read_text("utf-8"))
    data["relations"].insert(0, {"id": "r14", "kind": "undercuts", "source": "river-flooded", "target": "r13", "origin": "seed"})
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = load_corpus(tiny2)
    (error,) = result.errors
    assert str(error) == (f"{path}: $.relations[0].target: 'undercuts' must point at a supports or rebuts relation; "
                          "'r13' is an undercut")
    assert "r14" not in result.corpus.relations and "r13" in result.corpus.relations


def test_two_undercuts_of_each_other_are_both_refused_as_undercuts_of_undercuts(tiny2: Path) -> None:
    path = tiny2 / ANNOTATIONS_FILE
    data = json.loads(path.read_text("utf-8"))
    data["relations"][:0] = [{"id": "u1", "kind": "undercuts", "source": "river-flooded", "target": "u2", "origin": "seed"},
                             {"id": "u2", "kind": "undercuts", "source": "wall-cost", "target": "u1", "origin": "seed"}]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = load_corpus(tiny2)
    assert sorted(str(p) for p in result.errors) == [
        f"{path}: $.relations[0].target: 'undercuts' must point at a supports or rebuts relation; 'u2' is an undercut",
        f"{path}: $.relations[1].target: 'undercuts' must point at a supports or rebuts relation; 'u1' is an undercut",
    ]


def test_a_version_1_file_may_already_use_version_2_fields(tiny2: Path) -> None:
    """The same rules read both versions: a hand-edited v1 file with an undercut is upgraded, not refused."""
    path = tiny2 / ANNOTATIONS_FILE
    path.write_bytes(path.read_bytes().replace(b'"version": 2', b'"version": 1', 1))
    result = load_corpus(tiny2)
    assert result.ok and result.problems == []
    assert dumps(result.corpus).encode("utf-8") == (TINY2 / ANNOTATIONS_FILE).read_bytes()


def test_the_relation_index_grows_without_being_rebuilt(monkeypatch) -> None:
    """Adding a relation extends the index in place: a bulk edit is linear, not quadratic."""
    corpus = load_corpus(TINY2).corpus
    corpus.relations_of("wall-cost")
    index = corpus._relations_by_node
    rebuilt = []
    original = Corpus._index

    def watching(self: Corpus):
        if self._relations_by_node is None:
            rebuilt.append(True)
        return original(self)

    monkeypatch.setattr(Corpus, "_index", watching)
    corpus.add_relation(Relation("r20", "supports", "wall-cost", "wall-wont-stop"))
    corpus.add_relation(Relation("r21", "undercuts", "river-flooded", "r20"))
    corpus.update_relation("r2", voice="states", via=None)
    corpus.remove_relation("r21")
    corpus.add_relation(Relation("r21", "undercuts", "river-flooded", "r20"), index=0)  # put back in the middle
    assert not rebuilt and corpus._relations_by_node is index
    assert [r.id for r in corpus.relations_of("river-flooded")] == ["r21", "r6"]
    assert [r.id for r in corpus.relations_of("wall-cost")] == ["r10", "r11", "r13", "r20"]
    assert corpus.find_relation("undercuts", "river-flooded", "r20").id == "r21"
    corpus._relations_by_node = None  # a full rebuild agrees with the incremental index
    assert [r.id for r in corpus.relations_of("river-flooded")] == ["r21", "r6"]
    assert [r.id for r in corpus.relations_of("wall-cost")] == ["r10", "r11", "r13", "r20"]


# -- the graph ------------------------------------------------------------------------------


def test_undercut_edges_and_attribution_voice_in_the_graph() -> None:
    g = build_graph(load_corpus(TINY2).corpus)
    assert g.edges["floods-from-river", "wall-stops-floods", "r12"] == {
        "kind": "undercuts", "id": "r12", "origin": "seed", "undercuts": "r3",
        "evidence": [{"doc": "alpha", "start": 192, "end": 235, "quote": "the floods come from the river, not the sea"}],
        "note": "Height only matters against the sea; the residents say the water comes from the river.",
    }
    assert g.edges["wall-cost", "wall-stops-floods", "r13"]["undercuts"] == "r8"
    assert g.edges["engineers", "wall-high-enough", "r2"]["voice"] == "suggests"
    assert g.edges["engineers", "wall-high-enough", "r2"]["via"] == "council"
    assert g.edges["council", "wall-stops-floods", "r1"]["voice"] == "states"
    assert "via" not in g.edges["council", "wall-stops-floods", "r1"]
    assert "voice" not in g.edges["wall-high-enough", "wall-stops-floods", "r3"]


def test_undercut_ties_the_attacked_links_source_in_focus_and_neighbours() -> None:
    g = build_graph(load_corpus(TINY2).corpus)
    # wall-cost undercuts r8 (wall-wont-stop rebuts wall-stops-floods): it touches both ends of r8
    assert set(neighbours(g, "wall-cost", ["undercuts"])) == {"wall-stops-floods", "wall-wont-stop"}
    assert "wall-cost" in neighbours(g, "wall-wont-stop", ["rebuts", "undercuts"])
    assert "wall-cost" not in neighbours(g, "wall-wont-stop", ["rebuts"])
    assert "wall-cost" in k_hop(g, "wall-wont-stop", 1, ["rebuts", "undercuts"])
    assert k_hop(g, "wall-cost", 1, ["undercuts"]) == {"wall-cost", "wall-stops-floods", "wall-wont-stop"}


def test_an_undercut_is_hidden_with_the_link_it_attacks() -> None:
    g = build_graph(load_corpus(TINY2).corpus)
    everything = set(g.nodes)
    shown = {key for *_, key, _ in edges_between(g, everything)}
    assert {"r12", "r13"} <= shown
    no_rebuts = {key for *_, key, _ in edges_between(g, everything, {"supports", "undercuts"})}
    assert "r12" in no_rebuts and "r13" not in no_rebuts and "r8" not in no_rebuts
    without_source = {key for *_, key, _ in edges_between(g, everything - {"wall-wont-stop"})}
    assert "r13" not in without_source and "r12" in without_source
