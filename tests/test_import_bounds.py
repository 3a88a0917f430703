"""Importers never multiply their input: what a small file makes is bounded, and each step is linear.

Issue 12 item 9: a 200 KB brat file became 5 million relations (104 s, 6 GB), a 150 KB AIF map
490,000; 10,000 rephrase groups took minutes (every group rescanned the whole map), as did
20,000 propositions with the same text (every id tried "-2", "-3"... from the start). These
tests count work, never time it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.io import _aif_read, aif
from argmap.io.aif import read_aif
from argmap.io.brat import read_brat
from argmap.io.registry import ImportFailed


def _brat(tmp_path: Path, majors: int, claims: int) -> Path:
    text, ann = "", []
    for k in range(majors + claims):
        start = len(text)
        text += f"w{k} "
        kind = "MajorClaim" if k < majors else "Claim"
        ann.append(f"T{k + 1}\t{kind} {start} {start + len(str(k)) + 1}\tw{k}")
        if kind == "Claim":
            ann.append(f"A{k + 1}\tStance T{k + 1} For")
    (tmp_path / "e.txt").write_text(text, encoding="utf-8")
    (tmp_path / "e.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    return tmp_path / "e.ann"


def test_brat_stances_times_many_major_claims_are_refused_with_a_message(tmp_path: Path, capsys) -> None:
    ann = _brat(tmp_path, majors=200, claims=1000)  # 200,000 links from 2,200 lines
    with pytest.raises(ImportFailed, match=r"e\.ann: 1,000 stances, each linked to each of 200 MajorClaims"):
        read_brat(ann)
    assert main(["import", str(ann), "-o", str(tmp_path / "out")]) == 1
    assert "argmap imports at most" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_an_ordinary_essay_still_links_every_stance_to_each_major_claim(tmp_path: Path) -> None:
    corpus = read_brat(_brat(tmp_path, majors=3, claims=40)).corpus
    assert sum(r.kind == "supports" for r in corpus.relations.values()) == 3 * 40


def _aif(tmp_path: Path, nodes: list[dict], edges: list[tuple[str, str]]) -> Path:
    path = tmp_path / "map.json"
    data = {"nodes": nodes, "edges": [{"fromID": a, "toID": b} for a, b in edges], "locutions": []}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_aif_node_linking_hundreds_to_hundreds_is_refused_naming_it(tmp_path: Path) -> None:
    nodes = [{"nodeID": "ra", "type": "RA", "text": "Default Inference"}]
    nodes += [{"nodeID": f"p{i}", "type": "I", "text": f"premise {i}"} for i in range(400)]
    nodes += [{"nodeID": f"c{i}", "type": "I", "text": f"conclusion {i}"} for i in range(400)]
    edges = [(f"p{i}", "ra") for i in range(400)] + [("ra", f"c{i}") for i in range(400)]
    with pytest.raises(ImportFailed, match=r"map\.json: node 'ra' \(RA, 400 I-nodes in x 400 out\).*160,000 relations"):
        read_aif(_aif(tmp_path, nodes, edges))


class _CountingOrder(list):
    """The map's node order, counting how often an importer walks all of it."""

    walks = 0

    def __iter__(self):
        _CountingOrder.walks += 1
        return super().__iter__()


def test_many_rephrase_groups_are_merged_in_a_fixed_number_of_passes(tmp_path: Path, monkeypatch) -> None:
    nodes, edges = [], []
    for g in range(300):
        nodes += [{"nodeID": f"a{g}", "type": "I", "text": f"a {g}"}, {"nodeID": f"b{g}", "type": "I", "text": f"b {g}"},
                  {"nodeID": f"m{g}", "type": "MA", "text": "Default Rephrase"}]
        edges += [(f"a{g}", f"m{g}"), (f"m{g}", f"b{g}")]
    # one group is also argued within: it stays apart
    nodes.append({"nodeID": "ra", "type": "RA", "text": "Default Inference"})
    edges += [("a0", "ra"), ("ra", "b0")]
    path = _aif(tmp_path, nodes, edges)
    original = _aif_read.check_aif

    def counting(p, data):
        m = original(p, data)
        m.order = _CountingOrder(m.order)
        return m

    monkeypatch.setattr(aif, "check_aif", counting)
    _CountingOrder.walks = 0
    corpus = read_aif(path).corpus
    assert len(corpus.claims) == 299 + 2, "each rephrase pair is one claim, but the argued pair stays two"
    assert _CountingOrder.walks < 30, f"the whole map was walked {_CountingOrder.walks} times: once per group?"


def test_thousands_of_propositions_with_the_same_text_get_ids_in_one_step_each(tmp_path: Path, monkeypatch) -> None:
    from argmap.io import _build

    nodes = [{"nodeID": str(i), "type": "I", "text": "Yes"} for i in range(2000)]
    tried: list[str] = []

    class Taken(set):
        def __contains__(self, item: object) -> bool:
            tried.append(str(item))
            return super().__contains__(item)

    original = _build.unique_id

    def watching(corpus, base):
        taken = _build._TAKEN.get(corpus)
        if taken is not None and not isinstance(taken, Taken):
            _build._TAKEN[corpus] = Taken(taken)
        return original(corpus, base)

    monkeypatch.setattr(aif, "unique_id", watching)
    corpus = read_aif(_aif(tmp_path, nodes, [])).corpus
    assert len(corpus.claims) == 2000 and len(set(corpus.claims)) == 2000
    assert len(tried) < 3 * 2000, f"{len(tried)} ids tried for 2,000 claims"


def test_a_dialogue_of_many_transition_cycles_is_ordered_without_rescanning_it() -> None:
    """TA ordering (issue 12 item 9): every cycle of transitions is broken at the earliest locution
    left; finding it by a scan of all locutions made 1,000 cycles cost 1,000 walks of the dialogue."""
    from types import SimpleNamespace

    from argmap.io._aif_layout import chronological

    nodes: dict[str, dict] = {}
    ins: dict[str, list[str]] = {}
    outs: dict[str, list[str]] = {}
    for k in range(1_000):  # locutions a_k and b_k, each said "after" the other: a cycle of two
        a, b = f"a{k}", f"b{k}"
        nodes.update({a: {"type": "L"}, b: {"type": "L"}, f"ta{k}": {"type": "TA"}, f"tb{k}": {"type": "TA"}})
        ins.update({f"ta{k}": [a], f"tb{k}": [b]})
        outs.update({f"ta{k}": [b], f"tb{k}": [a]})
    m = SimpleNamespace(starts={}, order=list(nodes), nodes=nodes, ins=ins, outs=outs,
                        typed=lambda ids, kind: [n for n in ids if nodes[n]["type"] == kind])
    ids = _CountingOrder([n for n in nodes if nodes[n]["type"] == "L"])
    _CountingOrder.walks = 0
    order, how = chronological(m, ids)  # type: ignore[arg-type]
    assert order == list(ids) and how == "the order of the dialogue's transitions (TA)"
    assert _CountingOrder.walks <= 4, f"the locutions were walked {_CountingOrder.walks} times: once per cycle?"
