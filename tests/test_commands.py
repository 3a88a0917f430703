"""Every edit command: do, undo and redo give back the exact bytes of the saved file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QUndoStack

from argmap import commands as cmd
from argmap.model.annotations import Corpus, ModelError
from argmap.model.corpus import Mention
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.model.saving import save_corpus

PROV = ("2026-11-22T05:00:00+00:00", "tester")


def _load(folder: Path) -> Corpus:
    result = load_corpus(folder)
    assert result.ok, result.problems
    return result.corpus


def _saved(corpus: Corpus, folder: Path) -> bytes:
    save_corpus(corpus, folder)
    return (folder / ANNOTATIONS_FILE).read_bytes()


def _span(corpus: Corpus, doc: str, quote: str):
    text = corpus.documents[doc].text
    start = text.index(quote)
    return corpus.documents[doc].mention(start, start + len(quote))


def _prepare_merge_twin(c: Corpus, stack: QUndoStack) -> None:
    # council also asserts what the engineers assert, with evidence, so merging makes a twin
    stack.push(cmd.AddRelation(c, "asserts", "council", "wall-high-enough", prov=PROV,
                               evidence=[_span(c, "alpha", "The council says")]))
    stack.push(cmd.MoveNodes(c, {"engineers": (10.0, 20.0), "council": (1.5, 2.5)}))


def _undercut_r3(c: Corpus, stack: QUndoStack) -> None:
    # "the floods come from the river" undercuts r3 (the wall is high enough -> it will stop the floods),
    # and "the wall will cost..." undercuts r8 (the fisherman's rebuttal), both after r3 and r8 in the file
    stack.push(cmd.AddRelation(c, "undercuts", "floods-from-river", "r3", prov=PROV))
    stack.push(cmd.AddRelation(c, "undercuts", "wall-cost", "r8", prov=PROV, note="a cost says nothing about floods"))


# name -> (prepare, make the command)
CASES: dict[str, tuple[Callable | None, Callable[[Corpus], object]]] = {
    "add rebuttal": (None, lambda c: cmd.AddRelation(c, "rebuts", "wall-cost", "wall-high-enough", prov=PROV)),
    "add supports with note": (
        None, lambda c: cmd.AddRelation(c, "supports", "wall-cost", "wall-wont-stop", note="why", prov=PROV)),
    "attribute": (None, lambda c: cmd.Attribute(c, "mayor", "wall-stops-floods", "asserts", prov=PROV)),
    "attribute denies": (None, lambda c: cmd.Attribute(c, "council", "wall-cost", "denies", prov=PROV)),
    "delete first relation": (None, lambda c: cmd.DeleteRelation(c, "r1")),
    "delete middle relation": (None, lambda c: cmd.DeleteRelation(c, "r5")),
    "change kind": (None, lambda c: cmd.ChangeRelationKind(c, "r3", "rebuts")),
    "change actor kind": (None, lambda c: cmd.ChangeRelationKind(c, "r11", "asserts")),
    "reverse": (None, lambda c: cmd.ReverseRelation(c, "r9")),
    "set note": (None, lambda c: cmd.SetRelationNote(c, "r3", "The engineers measured it.")),
    "add undercut": (None, lambda c: cmd.AddRelation(
        c, "undercuts", "floods-from-river", "r3", evidence=[_span(c, "alpha", "the floods come from the river, not the sea")],
        prov=PROV)),
    "add undercut of a rebuttal": (None, lambda c: cmd.AddRelation(c, "undercuts", "wall-cost", "r8", note="n", prov=PROV)),
    "set voice and via": (None, lambda c: cmd.SetVoice(c, "r2", "suggests", via="council")),
    "set voice reports": (None, lambda c: cmd.SetVoice(c, "r11", "reports")),
    "set voice back to states": (lambda c, s: s.push(cmd.SetVoice(c, "r2", "suggests", via="council")),
                                 lambda c: cmd.SetVoice(c, "r2", "states")),
    "set evidence": (None, lambda c: cmd.SetEvidence(c, "r3", [_span(c, "alpha", "agree that the wall is high enough")])),
    "set evidence of an undercut": (_undercut_r3, lambda c: cmd.SetEvidence(c, "r13", [_span(c, "beta", "40 million euros")])),
    "remove evidence": (None, lambda c: cmd.SetEvidence(c, "r1", [])),
    "delete undercut link": (_undercut_r3, lambda c: cmd.DeleteRelation(c, "r3")),
    "delete an undercut": (_undercut_r3, lambda c: cmd.DeleteRelation(c, "r12")),
    "delete claim whose link is undercut": (_undercut_r3, lambda c: cmd.DeleteClaim(c, "wall-high-enough")),
    "delete claim at the end of undercut links": (_undercut_r3, lambda c: cmd.DeleteClaim(c, "wall-stops-floods")),
    "delete undercutting claim": (_undercut_r3, lambda c: cmd.DeleteClaim(c, "floods-from-river")),
    "change kind of undercut link": (_undercut_r3, lambda c: cmd.ChangeRelationKind(c, "r3", "rebuts")),
    "delete actor others speak through": (lambda c, s: s.push(cmd.SetVoice(c, "r1", "reports", via="engineers")),
                                          lambda c: cmd.DeleteActor(c, "engineers")),
    "merge the actor spoken through": (lambda c, s: s.push(cmd.SetVoice(c, "r1", "suggests", via="mayor")),
                                       lambda c: cmd.MergeActors(c, "fisherman", ["mayor"])),
    "merge speaker into its go-between": (lambda c, s: s.push(cmd.SetVoice(c, "r2", "suggests", via="council")),
                                          lambda c: cmd.MergeActors(c, "council", ["engineers"])),
    "add claim": (
        None, lambda c: cmd.AddClaim(c, "Three floods since 2010", _span(c, "alpha", "three times since 2010"), prov=PROV)),
    "add claim asserted by actor": (None, lambda c: cmd.AddClaim(
        c, "The river is the cause.", _span(c, "beta", "the river is the cause"), actor="mayor", stance="denies", prov=PROV)),
    "add claim hinted by actor": (None, lambda c: cmd.AddClaim(
        c, "The wall is too low.", _span(c, "beta", "will not stop the floods"), actor="fisherman", voice="suggests", prov=PROV)),
    "add mention": (None, lambda c: cmd.AddMention(c, "wall-stops-floods", _span(c, "beta", "the harbour wall will"))),
    "remove mention": (None, lambda c: cmd.RemoveMention(c, "floods-from-river", 0)),
    "edit claim text": (None, lambda c: cmd.EditClaimText(c, "wall-cost", "The wall costs 40 M€ 🧱")),
    "delete claim with relations": (None, lambda c: cmd.DeleteClaim(c, "floods-from-river")),
    "delete claim with position": (
        lambda c, s: s.push(cmd.MoveNodes(c, {"wall-stops-floods": (3.0, 4.0), "mayor": (1.0, 1.0)})),
        lambda c: cmd.DeleteClaim(c, "wall-stops-floods"),
    ),
    "add actor": (None, lambda c: cmd.AddActor(c, "Harbour master", "person", ["HM", "hm", "Harbour master"])),
    "rename actor": (None, lambda c: cmd.RenameActor(c, "council", "Town Council", ["Council"], "state")),
    "delete actor": (None, lambda c: cmd.DeleteActor(c, "fisherman")),
    "merge actors": (None, lambda c: cmd.MergeActors(c, "residents", ["fisherman"])),
    "merge actors with twin": (_prepare_merge_twin, lambda c: cmd.MergeActors(c, "council", ["engineers", "mayor"])),
    "move nodes": (None, lambda c: cmd.MoveNodes(c, {"wall-cost": (12.345, -7.0), "mayor": (0.0, 0.0)})),
    "move again": (
        lambda c, s: s.push(cmd.MoveNodes(c, {"wall-cost": (1.0, 1.0)})),
        lambda c: cmd.MoveNodes(c, {"wall-cost": (2.0, 2.0), "council": (5.0, 5.0)}),
    ),
    "apply layout": (None, lambda c: cmd.ApplyLayout(c, {n: (float(i), 2.0 * i) for i, n in enumerate([*c.claims, *c.actors])},
                                                     "layered")),
}


@pytest.mark.parametrize("name", list(CASES))
def test_undo_redo_restore_exact_bytes(name: str, tiny_corpus: Path, qapp) -> None:
    prepare, make = CASES[name]
    corpus = _load(tiny_corpus)
    stack = QUndoStack()
    if prepare:
        prepare(corpus, stack)
    before = _saved(corpus, tiny_corpus)
    command = make(corpus)
    stack.push(command)
    after = _saved(corpus, tiny_corpus)
    assert after != before, "the command changed nothing"
    assert load_corpus(tiny_corpus).ok, "the edited file does not load back"
    stack.undo()
    assert _saved(corpus, tiny_corpus) == before
    stack.redo()
    assert _saved(corpus, tiny_corpus) == after
    stack.undo()
    assert _saved(corpus, tiny_corpus) == before


def test_seed_corpus_undo_redo(seed_copy: Path, qapp) -> None:
    """The same on the bundled corpus, whatever it holds: a new claim and a link between articles."""
    corpus = _load(seed_copy)
    stack = QUndoStack()
    before = _saved(corpus, seed_copy)
    docs = list(corpus.documents.values())
    first, second = docs[0], docs[1]
    words = [first.text.find(w) for w in first.text.split()[:4]]
    a = cmd.AddClaim(corpus, "A", first.mention(words[0], words[0] + 5), prov=PROV)
    stack.push(a)
    start = len(second.text) // 2
    b = cmd.AddClaim(corpus, "B", second.mention(start, start + 7), prov=PROV)
    stack.push(b)
    stack.push(cmd.AddRelation(corpus, "rebuts", a.claim.id, b.claim.id, prov=PROV))
    after = _saved(corpus, seed_copy)
    for _ in range(3):
        stack.undo()
    assert _saved(corpus, seed_copy) == before
    for _ in range(3):
        stack.redo()
    assert _saved(corpus, seed_copy) == after


def test_manual_items_carry_provenance(tiny_corpus: Path, qapp, monkeypatch) -> None:
    monkeypatch.setattr("argmap.commands.base.current_author", lambda: "ada")  # where provenance() looks it up
    corpus = _load(tiny_corpus)
    add = cmd.AddRelation(corpus, "rebuts", "wall-cost", "wall-high-enough")
    add.redo()
    rel = corpus.relations[add.relation.id]
    assert (rel.origin, rel.author) == ("manual", "ada")
    assert rel.created.endswith("+00:00") and len(rel.created) == len("2026-11-22T05:00:00+00:00")
    assert rel.id == "r12"


@pytest.mark.parametrize(
    ("kind", "source", "target", "why"),
    [
        ("asserts", "mayor", "council", "points at a claim, but 'council' is not a claim"),
        ("rebuts", "wall-cost", "wall-cost", "itself"),
        ("rebuts", "wall-wont-stop", "wall-stops-floods", "already exists"),
        ("supports", "mayor", "wall-cost", "joins two claims"),
        ("asserts", "wall-cost", "wall-high-enough", "starts at an actor, but 'wall-cost' is not an actor"),
    ],
)
def test_senseless_links_are_refused_before_pushing(kind, source, target, why, tiny_corpus: Path, qapp) -> None:
    corpus = _load(tiny_corpus)
    with pytest.raises(ModelError, match=why):
        cmd.AddRelation(corpus, kind, source, target, prov=PROV)
    assert len(corpus.relations) == 11


def test_undercut_voice_and_evidence_refusals_come_before_pushing(tiny_corpus: Path, qapp) -> None:
    corpus = _load(tiny_corpus)
    stack = QUndoStack()
    _undercut_r3(corpus, stack)
    before = _saved(corpus, tiny_corpus)
    refusals = [
        (lambda: cmd.AddRelation(corpus, "undercuts", "river-flooded", "r12", prov=PROV), "'r12' is an undercut"),
        (lambda: cmd.AddRelation(corpus, "undercuts", "river-flooded", "r1", prov=PROV), "an attribution"),
        (lambda: cmd.AddRelation(corpus, "undercuts", "wall-high-enough", "r3", prov=PROV), "one end of that relation"),
        (lambda: cmd.AddRelation(corpus, "undercuts", "floods-from-river", "r3", prov=PROV), r"already exists \(r12\)"),
        (lambda: cmd.AddRelation(corpus, "supports", "wall-cost", "wall-stops-floods", voice="suggests", prov=PROV),
         "only to asserts and denies"),
        (lambda: cmd.SetVoice(corpus, "r3", "suggests"), "Only an attribution"),
        (lambda: cmd.SetVoice(corpus, "r1", "hinted"), "unknown voice 'hinted'"),
        (lambda: cmd.SetVoice(corpus, "r1", "suggests", via="council"), "another actor than the source"),
        (lambda: cmd.SetVoice(corpus, "r1", "suggests", via="wall-cost"), "'wall-cost' is not an actor"),
        (lambda: cmd.SetVoice(corpus, "r1", "states"), "already has that voice"),
        (lambda: cmd.SetEvidence(corpus, "r3", [Mention("alpha", 0, 5, "XXXXX")]), "does not match"),
        (lambda: cmd.SetEvidence(corpus, "r99", []), "no relation 'r99'"),
        (lambda: cmd.ChangeRelationKind(corpus, "r12", "supports"), "joins two claims"),
        (lambda: cmd.ReverseRelation(corpus, "r12"), "Cannot change the link"),
        (lambda: cmd.AddRelation(corpus, "undercuts", "wall-stops-floods", "r8", prov=PROV), "one end"),
    ]
    for make, why in refusals:
        with pytest.raises(ModelError, match=why):
            make()
    assert _saved(corpus, tiny_corpus) == before


def test_deleting_an_undercut_link_says_so_and_takes_its_undercuts(tiny_corpus: Path, qapp) -> None:
    corpus = _load(tiny_corpus)
    stack = QUndoStack()
    _undercut_r3(corpus, stack)
    delete = cmd.DeleteRelation(corpus, "r3")
    assert delete.text().endswith("and 1 undercut")
    stack.push(delete)
    assert {"r3", "r12"}.isdisjoint(corpus.relations) and "r13" in corpus.relations
    assert corpus.undercuts_of("r3") == []
    stack.undo()
    assert [u.id for u in corpus.undercuts_of("r3")] == ["r12"]
    assert [r.id for r in corpus.relations_of("floods-from-river")] == ["r4", "r5", "r6", "r9", "r12"]


def test_refusals_for_claims_and_actors(tiny_corpus: Path, qapp) -> None:
    corpus = _load(tiny_corpus)
    with pytest.raises(ModelError, match="at least one mention"):
        cmd.RemoveMention(corpus, "wall-cost", 0)
    with pytest.raises(ModelError, match="needs a text"):
        cmd.EditClaimText(corpus, "wall-cost", "  ")
    with pytest.raises(ModelError, match="already an actor"):
        cmd.AddActor(corpus, "the mayor")
    with pytest.raises(ModelError, match="Cannot change"):
        cmd.ChangeRelationKind(corpus, "r3", "asserts")
    from argmap.model.corpus import Mention

    # the loader's words (argmap.model.rules), in a sentence naming the document
    with pytest.raises(ModelError, match=r"The passage 0\.\.3 of 'Harbour report': end - start is 3 but the quote has 4"):
        cmd.AddClaim(corpus, "x", Mention("alpha", 0, 3, "nope"))
    with pytest.raises(ModelError, match=r"of 'Harbour report': does not match the text at 0\.\.4: quote \"nope\""):
        cmd.AddClaim(corpus, "x", Mention("alpha", 0, 4, "nope"))


def test_merge_moves_links_and_unions_aliases(tiny_corpus: Path, qapp) -> None:
    corpus = _load(tiny_corpus)
    stack = QUndoStack()
    _prepare_merge_twin(corpus, stack)
    stack.push(cmd.MergeActors(corpus, "council", ["engineers"]))
    assert "engineers" not in corpus.actors and "engineers" not in corpus.positions
    links = [(r.kind, r.source, r.target) for r in corpus.relations.values()]
    assert links.count(("asserts", "council", "wall-high-enough")) == 1
    assert "Port authority engineers" in corpus.actors["council"].aliases
    assert "Engineers from the port authority" in corpus.actors["council"].aliases


def test_delete_claim_then_undo_restores_relation_order(tiny_corpus: Path, qapp) -> None:
    corpus = _load(tiny_corpus)
    order = list(corpus.relations)
    stack = QUndoStack()
    stack.push(cmd.DeleteClaim(corpus, "floods-from-river"))
    assert not corpus.relations_of("floods-from-river") and "floods-from-river" not in corpus.claims
    assert len(corpus.relations) == 7
    stack.undo()
    assert list(corpus.relations) == order


def test_hand_made_items_get_ids_in_the_seeds_scheme(tiny_corpus: Path) -> None:
    """Claims c-<words>, actors a-<words>, links r<n>, whichever command makes them (issue 18)."""
    import re

    corpus = _load(tiny_corpus)
    stack = QUndoStack()
    claim = cmd.AddClaim(corpus, "Three floods since 2010", _span(corpus, "alpha", "three times since 2010"),
                         actor="mayor", stance="asserts")
    stack.push(claim)
    twin = cmd.AddClaim(corpus, "Three floods since 2010", _span(corpus, "alpha", "three times since 2010"))
    stack.push(twin)
    actor = cmd.AddActor(corpus, "Harbour master", "person")
    stack.push(actor)
    link = cmd.AddRelation(corpus, "supports", claim.claim.id, "wall-stops-floods")
    stack.push(link)
    assert claim.claim.id == "c-three-floods-since-2010" and twin.claim.id == "c-three-floods-since-2010-2"
    assert actor.actor.id == "a-harbour-master"
    new_links = [r.id for r in corpus.relations.values() if claim.claim.id in (r.source, r.target)]
    assert new_links and all(re.fullmatch(r"r\d+", r) for r in new_links), new_links


@pytest.mark.parametrize("name", list(CASES))
def test_undo_texts_read_as_sentences_without_ids(name: str, tiny_corpus: Path, qapp) -> None:
    """Edit ▸ Undo and the history name what changed in words: no r12, no claim ids, claims in quotes."""
    import re

    prepare, make = CASES[name]
    corpus = _load(tiny_corpus)
    stack = QUndoStack()
    if prepare:
        prepare(corpus, stack)
    text = make(corpus).text()
    assert not re.search(r"\br\d+\b", text), text
    for cid in corpus.claims:
        assert cid not in text, (cid, text)
    for rel in corpus.relations.values():  # a claim named in the text is quoted, so it never runs into a verb
        for end in (rel.source, rel.target):
            if end in corpus.claims and corpus.claims[end].text[:20] in text:
                assert f"“{corpus.claims[end].text[:20]}" in text, text


def test_a_shortened_claim_does_not_run_into_the_verb(tiny_corpus: Path, qapp) -> None:
    corpus = _load(tiny_corpus)
    stack = QUndoStack()
    stack.push(cmd.EditClaimText(corpus, "wall-cost", "An event of this magnitude is hard to plan in secret"))
    text = cmd.AddRelation(corpus, "supports", "wall-cost", "wall-wont-stop", prov=PROV).text()
    assert text.startswith("Link: “An event of this magnitude is…” supports “"), text
