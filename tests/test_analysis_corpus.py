"""The stance matrix, disputes and acceptance of the tiny corpus (tests/data/tiny), pinned."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.analysis.disputes import dispute_list
from argmap.analysis.stances import stance_matrix, symbol
from argmap.analysis.status import ACCEPTED, EXCLUDED, REJECTED, UNDECIDED, Restriction, acceptance, build_framework
from argmap.model.annotations import Claim, Corpus, ModelError, Relation
from argmap.model.loading import load_corpus_or_raise
from argmap.model.sides import Side

TINY = Path(__file__).resolve().parent / "data" / "tiny"


@pytest.fixture
def tiny() -> Corpus:
    return load_corpus_or_raise(TINY)


# -- stance matrix ---------------------------------------------------------------------------


def test_stance_matrix_by_actor(tiny: Corpus) -> None:
    m = stance_matrix(tiny)
    # contested first: the wall claim (asserted by the council, rebutted twice), then the cost (asserted and denied)
    assert [r.claim for r in m.rows] == ["wall-stops-floods", "wall-cost", "wall-high-enough", "floods-from-river",
                                         "wall-wont-stop"]
    assert [r.contested for r in m.rows] == [True, True, False, False, False]
    assert {c.id for c in m.columns} == {"council", "engineers", "residents", "fisherman", "mayor"}
    assert m.columns[0].id == "fisherman"  # no sides: the busiest actor first
    assert symbol(m.cell("wall-cost", "fisherman")) == "+"
    assert symbol(m.cell("wall-cost", "mayor")) == "−"
    assert m.cell("wall-cost", "council") == []
    stance = m.cell("wall-stops-floods", "council")[0]
    assert (stance.kind, stance.voice, stance.relation, stance.stated) == ("asserts", "states", "r1", True)
    assert stance.quote is not None and stance.quote.quote == "The council says"
    # an attribution without evidence quotes the claim where it is written
    engineers = m.cell("wall-high-enough", "engineers")[0]
    assert not engineers.stated and engineers.quote.quote == "the wall is high enough"


def test_stance_matrix_grouped_by_sides(tiny: Corpus) -> None:
    tiny.set_sides([Side("For the wall", ["council", "engineers", "mayor"]), Side("Against", ["residents", "fisherman"])])
    m = stance_matrix(tiny)
    assert [(c.id, c.side) for c in m.columns] == [("council", "For the wall"), ("engineers", "For the wall"),
                                                   ("mayor", "For the wall"), ("residents", "Against"),
                                                   ("fisherman", "Against")]
    by_side = stance_matrix(tiny, "sides")
    assert [c.id for c in by_side.columns] == ["For the wall", "Against"]
    assert symbol(by_side.cell("wall-cost", "For the wall")) == "−"
    assert symbol(by_side.cell("wall-cost", "Against")) == "+"


def test_stance_matrix_by_document_and_contested_only(tiny: Corpus) -> None:
    m = stance_matrix(tiny, "documents")
    assert [c.id for c in m.columns] == ["alpha", "beta"]
    assert symbol(m.cell("wall-cost", "beta")) == "±"  # asserted and denied in the same letters page
    assert m.cell("wall-cost", "alpha") == []
    assert [r.claim for r in stance_matrix(tiny, contested_only=True).rows] == ["wall-stops-floods", "wall-cost"]


def test_unknown_column_kind_is_refused(tiny: Corpus) -> None:
    with pytest.raises(ValueError, match="unknown column kind"):
        stance_matrix(tiny, "planets")


# -- disputes --------------------------------------------------------------------------------


def test_disputes_of_tiny(tiny: Corpus) -> None:
    found = dispute_list(tiny)
    assert [d.claim for d in found] == ["wall-stops-floods", "wall-cost"]
    wall, cost = found
    assert wall.pro_actors == ["council"]
    assert wall.con_actors == ["residents", "fisherman"]
    assert wall.pro_docs == ["alpha"] and wall.con_docs == ["alpha", "beta"]
    assert [(a.relation, a.kind, a.stated) for a in wall.attacks] == [("r5", "rebuts", False), ("r8", "rebuts", False)]
    assert cost.pro_actors == ["fisherman"] and cost.con_actors == ["mayor"]
    assert [(a.relation, a.kind, a.stated) for a in cost.attacks] == [("r11", "denies", True)]


def test_even_split_outranks_a_pile_on(tiny: Corpus) -> None:
    # the mayor and the engineers deny the cost claim, the council asserts it: 2 against 2 beats 1 against 2
    tiny.add_relation(Relation("r20", "denies", "engineers", "wall-cost"))
    tiny.add_relation(Relation("r21", "asserts", "council", "wall-cost"))
    assert [d.claim for d in dispute_list(tiny)] == ["wall-cost", "wall-stops-floods"]


def test_claim_without_actors_is_put_forward_by_its_document(tiny: Corpus) -> None:
    doc = tiny.documents["alpha"]
    start = doc.text.index("three times")
    tiny.add_claim(Claim("c-new", "Three floods.", [doc.mention(start, start + 11)]))
    tiny.add_relation(Relation("r20", "rebuts", "wall-high-enough", "c-new"))
    d = next(d for d in dispute_list(tiny) if d.claim == "c-new")
    assert d.pro_actors == [] and d.pro[0].actor is None and d.pro_docs == ["alpha"]
    assert d.con_actors == ["engineers"]


# -- acceptance --------------------------------------------------------------------------------


def test_grounded_status_of_tiny(tiny: Corpus) -> None:
    r = acceptance(tiny)
    assert r.with_status(REJECTED) == ["wall-stops-floods"]
    assert set(r.with_status(ACCEPTED)) == set(tiny.claims) - {"wall-stops-floods"}
    why = r.claims["wall-stops-floods"].why
    assert why.startswith("rejected: attacked by “The floods come from the river, not the sea.”")
    assert why.endswith("which nothing attacks")
    assert r.claims["wall-stops-floods"].because == ["floods-from-river"]
    assert r.claims["wall-high-enough"].why == "accepted: nothing attacks it"
    assert r.relations == {"r3": "holds", "r5": "holds", "r6": "holds", "r8": "holds", "r9": "holds"}


def test_reinstatement_is_explained(tiny: Corpus) -> None:
    # the engineers' claim now rebuts the residents' river claim; the rebuttal is mutual: all undecided
    tiny.add_relation(Relation("r20", "rebuts", "wall-high-enough", "floods-from-river"))
    tiny.add_relation(Relation("r21", "rebuts", "floods-from-river", "wall-high-enough"))
    r = acceptance(tiny)
    assert r.claims["floods-from-river"].status == UNDECIDED
    assert "attack each other" in r.claims["floods-from-river"].why
    assert r.claims["wall-stops-floods"].status == REJECTED  # the fisherman's rebuttal still stands
    pref = acceptance(tiny, semantics="preferred")
    assert pref.preferred is not None and pref.preferred.count == 2
    assert pref.claims["floods-from-river"].status == UNDECIDED and pref.claims["floods-from-river"].credulous
    assert "some of the 2 preferred extensions" in pref.claims["floods-from-river"].why


def test_accepting_only_some_sources(tiny: Corpus) -> None:
    # only the harbour report: the fisherman's letter and its rebuttal are gone, the river claim still rebuts
    r = acceptance(tiny, Restriction(sources=frozenset({"alpha"})))
    assert r.with_status(EXCLUDED) == ["wall-wont-stop", "wall-cost"]
    assert r.claims["wall-stops-floods"].status == REJECTED
    assert r.relations["r8"] == EXCLUDED and r.relations["r5"] == "holds"


def test_accepting_only_some_actors(tiny: Corpus) -> None:
    # only the council and the engineers: nobody they trust attacks the wall claim
    r = acceptance(tiny, Restriction(actors=frozenset({"council", "engineers"})))
    assert r.claims["wall-stops-floods"].status == ACCEPTED
    assert set(r.with_status(EXCLUDED)) == {"floods-from-river", "river-flooded", "wall-wont-stop", "wall-cost"}
    assert r.framework.attacks() == []


def test_voices_narrow_an_actor_restriction(tiny: Corpus) -> None:
    r = acceptance(tiny, Restriction(actors=frozenset({"council"}), voices=frozenset({"suggests"})))
    assert r.with_status(ACCEPTED) == []


def test_sources_and_actors_together_intersect(tiny: Corpus) -> None:
    r = acceptance(tiny, Restriction(sources=frozenset({"beta"}), actors=frozenset({"fisherman", "residents"})))
    # the residents' river claim is quoted in beta too; the fisherman's two claims are in beta
    assert set(r.with_status(ACCEPTED)) == {"floods-from-river", "wall-wont-stop", "wall-cost"}


def test_framework_is_the_rebuts(tiny: Corpus) -> None:
    f = build_framework(tiny)
    assert sorted(f.attacks()) == [("floods-from-river", "wall-stops-floods"), ("wall-wont-stop", "wall-stops-floods")]


def test_unknown_semantics_is_refused(tiny: Corpus) -> None:
    with pytest.raises(ValueError, match="unknown semantics"):
        acceptance(tiny, semantics="stable")


# -- sides in the model ---------------------------------------------------------------------------


def test_sides_are_checked(tiny: Corpus) -> None:
    with pytest.raises(ModelError, match="no actor 'ghost'"):
        tiny.set_sides([Side("A", ["ghost"])])
    with pytest.raises(ModelError, match="two sides"):
        tiny.set_sides([Side("A", ["council"]), Side("B", ["council"])])
    with pytest.raises(ModelError, match="called"):
        tiny.set_sides([Side("Town", []), Side("town ", [])])
    with pytest.raises(ModelError, match="needs a name"):
        tiny.set_sides([Side("  ", ["council"])])
    assert tiny.sides == []
    old = tiny.set_sides([Side(" Town ", ["council", "mayor", "council"])])
    assert old == [] and tiny.sides == [Side("Town", ["council", "mayor"])]
    tiny.remove_relation("r11")  # the mayor's only link
    with pytest.raises(ModelError, match="still on the side 'Town'"):
        tiny.remove_actor("mayor")


def test_deleting_or_merging_an_actor_updates_sides_undoably(tiny: Corpus) -> None:
    from PySide6.QtGui import QUndoStack

    from argmap import commands as cmd

    stack = QUndoStack()
    stack.push(cmd.SetSides(tiny, [Side("Town", ["council", "mayor"]), Side("Sea", ["fisherman"])]))
    stack.push(cmd.DeleteActor(tiny, "mayor"))
    assert tiny.sides == [Side("Town", ["council"]), Side("Sea", ["fisherman"])] and "mayor" not in tiny.actors
    stack.push(cmd.MergeActors(tiny, "residents", ["fisherman"]))
    assert tiny.sides == [Side("Town", ["council"]), Side("Sea", ["residents"])]
    stack.undo()
    stack.undo()
    assert tiny.sides == [Side("Town", ["council", "mayor"]), Side("Sea", ["fisherman"])] and "mayor" in tiny.actors
    stack.undo()
    assert tiny.sides == []
    with pytest.raises(ModelError, match="Side 'X': there is no actor 'ghost'"):
        cmd.SetSides(tiny, [Side("X", ["ghost"])])


# -- undercuts (format version 2: tests/data/tiny-v2) -------------------------------------------------

TINY_V2 = TINY.parent / "tiny-v2"


@pytest.fixture
def tiny2() -> Corpus:
    return load_corpus_or_raise(TINY_V2)


def test_undercuts_defeat_the_link_not_the_claim(tiny2: Corpus) -> None:
    r = acceptance(tiny2)
    # r12 undercuts the support r3: the inference falls, the engineers' claim itself still stands
    assert r.relations["r3"] == "undercut" and r.claims["wall-high-enough"].status == ACCEPTED
    # r13 undercuts the rebuttal r8 with the (unattacked) cost claim: the rebuttal fails...
    assert r.relations["r8"] == "undercut"
    # ...but r5 still rejects the wall claim
    assert r.relations["r5"] == "holds" and r.claims["wall-stops-floods"].status == REJECTED
    assert r.relations["r12"] == "holds" and r.relations["r13"] == "holds"


def test_an_undercut_rebuttal_no_longer_rejects(tiny2: Corpus) -> None:
    tiny2.remove_relation("r5")
    r = acceptance(tiny2)
    st = r.claims["wall-stops-floods"]
    assert st.status == ACCEPTED
    assert "the rebuttal by “The harbour wall will not stop the floods.” (r8) is rejected" in st.why
    assert "undercut by “The wall will cost 40 million euros.”" in st.why
    assert st.because == ["wall-wont-stop"]


def test_a_rejected_undercutter_reinstates_the_rebuttal(tiny2: Corpus) -> None:
    tiny2.remove_relation("r5")
    tiny2.add_relation(Relation("r20", "rebuts", "river-flooded", "wall-cost"))  # the cost claim now falls
    r = acceptance(tiny2)
    assert r.claims["wall-cost"].status == REJECTED
    assert r.relations["r8"] == "holds"
    st = r.claims["wall-stops-floods"]
    assert st.status == REJECTED and "the rebuttal by “The harbour wall will not stop the floods.” (r8)" in st.why


def test_a_rebuttal_falls_with_its_claim_even_when_undercut(tiny2: Corpus) -> None:
    # AFRA: the rebuttal r8 stands only while its claim does; rebut the fisherman's claim away
    tiny2.remove_relation("r5")
    tiny2.add_relation(Relation("r20", "rebuts", "wall-high-enough", "wall-wont-stop"))
    tiny2.add_relation(Relation("r21", "rebuts", "river-flooded", "wall-cost"))
    r = acceptance(tiny2)
    assert r.claims["wall-wont-stop"].status == REJECTED
    assert r.relations["r8"] == "fails"
    assert r.claims["wall-stops-floods"].status == ACCEPTED


def test_undercut_framework_shape(tiny2: Corpus) -> None:
    f = build_framework(tiny2)
    aux = [a for a in f.ids if a not in tiny2.claims]
    assert len(aux) == 1  # only the undercut rebuttal r8 becomes an argument of its own
    assert f.targets_of(aux[0]) == ["wall-stops-floods"]
    assert set(f.attackers_of(aux[0])) == {"wall-cost"}
    assert ("wall-wont-stop", "wall-stops-floods") not in f.attacks()


def test_undercut_sides_in_disputes(tiny2: Corpus) -> None:
    wall = dispute_list(tiny2)[0]
    assert wall.claim == "wall-stops-floods"
    assert [(p.actor, p.how) for p in wall.pro] == [("council", "asserts"), ("fisherman", "defends")]
    assert ("residents", "undercuts") in [(p.actor, p.how) for p in wall.con]
    assert [(a.relation, a.stated) for a in wall.attacks] == [("r5", False), ("r8", False), ("r12", True)]


def test_voice_and_via_in_the_matrix(tiny2: Corpus) -> None:
    m = stance_matrix(tiny2)
    engineers = m.cell("wall-high-enough", "engineers")[0]
    assert (engineers.voice, engineers.via) == ("suggests", "council")
    assert symbol([engineers]) == "+?"
    assert symbol(m.cell("wall-cost", "fisherman")) == "+~"
    only_stated = acceptance(tiny2, Restriction(actors=frozenset({"engineers", "fisherman"}), voices=frozenset({"states"})))
    assert only_stated.with_status(ACCEPTED) == ["wall-wont-stop"]


def test_seed_corpus_ships_usable_sides() -> None:
    """The seed's default sides name real actors and answer the issue's questions (not its wording)."""
    from argmap.paths import seed_corpus_dir

    seed = load_corpus_or_raise(seed_corpus_dir())
    assert len(seed.sides) >= 3
    assert all(a in seed.actors for s in seed.sides for a in s.actors)
    carried = []
    for side in seed.sides[:3]:
        r = acceptance(seed, Restriction(actors=frozenset(side.actors)))
        carried.append(set(r.with_status(ACCEPTED)) | set(r.with_status(REJECTED)) | set(r.with_status(UNDECIDED)))
        assert carried[-1], f"side {side.name!r} carries no claim"
    assert carried[0] != carried[1]
    top = dispute_list(seed)[:3]
    assert len(top) == 3 and all(d.pro_actors and d.con_actors for d in top)
    by_side = stance_matrix(seed, "sides")
    assert {c.id for c in by_side.columns} >= {s.name for s in seed.sides[:2]}
