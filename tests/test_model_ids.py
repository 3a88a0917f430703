"""Corpus.new_id: the lowest free number, also after removals, though the search resumes where it stopped."""

from __future__ import annotations

from argmap.model.annotations import Claim, Corpus, Relation
from argmap.model.corpus import Document


def _corpus() -> Corpus:
    c = Corpus()
    c.add_document(Document("doc", "doc.txt", "D", "a b c d"))
    for k, cid in enumerate("abcd"):
        c.add_claim(Claim(id=cid, text=cid.upper(), mentions=[c.documents["doc"].mention(2 * k, 2 * k + 1)]))
    return c


def test_new_ids_count_up_and_reuse_the_lowest_number_a_removal_frees() -> None:
    c = _corpus()
    ends = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")]
    made = []
    for s, t in ends:
        rid = c.new_id("r")
        c.add_relation(Relation(id=rid, kind="supports", source=s, target=t))
        made.append(rid)
    assert made == ["r1", "r2", "r3", "r4"]
    c.remove_relation("r2")
    assert c.new_id("r") == "r2"  # freed by the removal
    c.add_relation(Relation(id="r2", kind="rebuts", source="b", target="c"))
    assert c.new_id("r") == "r5"
    c.add_claim(Claim(id="r5", text="a claim with a link's kind of id", mentions=[c.documents["doc"].mention(0, 1)]))
    assert c.new_id("r") == "r6"  # ids share one namespace
    c.remove_claim("r5")
    assert c.new_id("r") == "r5"


def test_readable_ids_have_one_scheme_for_the_window_and_the_importers() -> None:
    """A hand-made claim and an imported one take the same next suffix (argmap.model.ids is the one place)."""
    from argmap.commands import CLAIM_PREFIX, slug_id
    from argmap.io._build import unique_id
    from argmap.model.ids import free_id

    c = _corpus()
    for cid in ("c-the-wall-is-high", "c-the-wall-is-high-2"):
        c.add_claim(Claim(id=cid, text="The wall is high", mentions=[c.documents["doc"].mention(0, 1)]))
    assert slug_id(c, "The wall, is HIGH!", CLAIM_PREFIX) == "c-the-wall-is-high-3"
    assert unique_id(c, "c-the-wall-is-high") == "c-the-wall-is-high-3"
    assert free_id("x", {"x", "x-2"}) == ("x-3", 4) and free_id("y", {"x"}) == ("y", 2)
