"""Order keys (model.order_keys): undo puts items back in file order in O(1); saves stay byte-identical."""

from __future__ import annotations

import random
import shutil

import pytest
from PySide6.QtGui import QUndoStack

from argmap.model.annotations import Claim, Corpus, Relation
from argmap.model.corpus import Document
from argmap.model.loading import load_corpus
from argmap.model.order_keys import FileOrder, FreeNumbers
from argmap.model.saving import dumps
from tests.conftest import ROOT
from tests.edit_sequences import ACTIONS, random_step


def test_taken_items_go_back_to_their_place_and_positions_follow_file_order() -> None:
    rng = random.Random(3)
    d: FileOrder[int] = FileOrder((f"k{i}", i) for i in range(50))
    taken: list[tuple[str, int, int]] = []
    for step in range(3000):
        r = rng.random()
        if r < 0.3 and len(d) > 1:
            k = rng.choice(list(dict.keys(d)))
            taken.append((k, *d.take(k)))
        elif r < 0.6 and taken:
            k, v, order = taken.pop()
            d.put_back(k, v, order)
        elif r < 0.7:
            d[f"x{step}"] = step  # filled directly, as the loader does
        elif r < 0.85:
            d.put_back(f"y{step}", step, None)
        keys = list(d)
        k = rng.choice(keys)
        assert d.position(k) == keys.index(k), f"step {step}"
    while taken:
        k, v, order = taken.pop()
        d.put_back(k, v, order)
    originals = [k for k in d if k.startswith("k")]
    assert originals == [f"k{i}" for i in range(50)]  # every original back in its place


def test_putting_back_costs_what_it_restores_not_the_size_of_the_dict() -> None:
    """Counted, not timed: a put-back looks at no other item's order key (the old rebuild walked all)."""
    calls = []

    class Counting(FileOrder[int]):
        def order_key(self, key: str) -> int:
            calls.append(key)
            return super().order_key(key)

    d = Counting((f"k{i}", i) for i in range(100_000))
    value, order = d.take("k500")
    calls.clear()
    d.put_back("k500", value, order)
    assert calls == []
    assert d.position("k500") == 500 and list(d)[500] == "k500"


def test_the_lowest_free_number_is_found_again_after_removals_and_their_undo() -> None:
    used = {f"r{i}" for i in range(1, 11)}
    numbers = FreeNumbers()
    assert numbers.lowest("r", used.__contains__) == "r11"
    for rid in ("r7", "r3"):
        used.discard(rid)
        numbers.freed(rid)
    assert numbers.lowest("r", used.__contains__) == "r3"
    used.add("r3")  # an undo brought it back
    asked = []
    assert numbers.lowest("r", lambda i: asked.append(i) or i in used) == "r7"
    assert len(asked) <= 2  # no rescan from r1


@pytest.mark.parametrize("seed", range(4))
def test_random_edits_and_their_undo_save_the_bytes_of_the_file(seed: int, tmp_path) -> None:
    """Undo everything after random edits: the corpus saves byte-identical to what it loaded."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    corpus = load_corpus(tmp_path / "seeds").corpus
    before = dumps(corpus)
    stack = QUndoStack()
    rng = random.Random(seed)
    for _ in range(80):
        action = rng.choice([a for a in ACTIONS if a not in ("undo", "redo")])
        command = random_step(corpus, rng, action)
        if command is not None:
            stack.push(command)
        if rng.random() < 0.3:
            stack.undo()
    while stack.canUndo():
        stack.undo()
    assert dumps(corpus) == before


def test_a_corpus_keeps_relations_of_a_node_in_file_order_after_undoing_a_deletion() -> None:
    c = Corpus()
    c.add_document(Document("doc", "doc.txt", "D", "a b c d"))
    for k, cid in enumerate("abcd"):
        c.add_claim(Claim(id=cid, text=cid.upper(), mentions=[c.documents["doc"].mention(2 * k, 2 * k + 1)]))
    for rid, (s, t) in zip(("r1", "r2", "r3"), (("a", "b"), ("a", "c"), ("a", "d")), strict=True):
        c.add_relation(Relation(id=rid, kind="supports", source=s, target=t))
    rel, index = c.remove_relation("r2")
    c.add_relation(rel, index)
    assert [r.id for r in c.relations_of("a")] == ["r1", "r2", "r3"]
    assert list(c.relations) == ["r1", "r2", "r3"]
