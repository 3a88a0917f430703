"""A lone surrogate (half of a UTF-16 pair) can never be saved: every edit that takes text refuses
it with a sentence naming the field, before anything changes, and the model's mutators refuse it
too (code that calls them directly cannot slip one in and make every later save fail)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from argmap import commands as cmd
from argmap.model.annotations import Corpus, ModelError
from argmap.model.corpus import Document
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.items import Actor, Claim, Relation
from argmap.model.loading import load_corpus
from argmap.model.saving import save_corpus
from argmap.model.sides import Side

HALF = "\ud83d"  # the first half of 😀's pair, alone


def _load(folder: Path) -> Corpus:
    result = load_corpus(folder)
    assert result.ok, result.problems
    return result.corpus


def _span(corpus: Corpus, doc: str, quote: str):
    start = corpus.documents[doc].text.index(quote)
    return corpus.documents[doc].mention(start, start + len(quote))


# name -> (make the command, the field the message names)
COMMANDS: dict[str, tuple[Callable[[Corpus], object], str]] = {
    "new claim": (lambda c: cmd.AddClaim(c, f"Three floods{HALF}", _span(c, "alpha", "three times since 2010")), "text"),
    "claim text": (lambda c: cmd.EditClaimText(c, "wall-cost", f"costs {HALF}"), "text"),
    "new actor": (lambda c: cmd.AddActor(c, f"Harbour{HALF} master"), "name"),
    "actor alias": (lambda c: cmd.AddActor(c, "Harbour master", aliases=["HM", f"h{HALF}"]), "aliases[1]"),
    "rename actor": (lambda c: cmd.RenameActor(c, "council", f"Town{HALF}"), "name"),
    "link note": (lambda c: cmd.AddRelation(c, "rebuts", "wall-cost", "wall-high-enough", note=f"why{HALF}"), "note"),
    "edit link note": (lambda c: cmd.SetRelationNote(c, "r3", f"measured{HALF}"), "note"),
    "side name": (lambda c: cmd.SetSides(c, [Side(f"Town{HALF}", ["council"])]), "side name"),
    "new document": (lambda c: cmd.AddDocuments(c, [Document("gamma", "gamma.txt", f"Gamma{HALF}", "text")]), "title"),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_that_takes_text_refuses_a_lone_surrogate(name: str, tiny_corpus: Path, qapp) -> None:
    corpus = _load(tiny_corpus)
    save_corpus(corpus, tiny_corpus)
    before = (tiny_corpus / ANNOTATIONS_FILE).read_bytes()
    make, field = COMMANDS[name]
    with pytest.raises(ModelError, match=rf"The {re.escape(field)} holds a lone surrogate \(U\+D83D.*could never be saved\."):
        make(corpus)
    save_corpus(corpus, tiny_corpus)  # nothing changed, and the corpus still saves
    assert (tiny_corpus / ANNOTATIONS_FILE).read_bytes() == before


def test_the_mutators_refuse_it_too(tiny_corpus: Path) -> None:
    corpus = _load(tiny_corpus)
    mention = _span(corpus, "alpha", "three times since 2010")
    refused: list[Callable[[], object]] = [
        lambda: corpus.add_claim(Claim("c-new", f"x{HALF}", [mention])),
        lambda: corpus.set_claim_text("wall-cost", HALF),
        lambda: corpus.set_claim_modified("wall-cost", None, f"tester{HALF}"),
        lambda: corpus.add_actor(Actor("a-new", "New", aliases=[HALF])),
        lambda: corpus.update_actor("council", name=f"C{HALF}"),
        lambda: corpus.add_relation(Relation("r-new", "rebuts", "wall-cost", "wall-high-enough", note=HALF)),
        lambda: corpus.update_relation("r3", note=HALF),
        lambda: corpus.add_document(Document("gamma", "gamma.txt", "Gamma", f"text {HALF}")),
        lambda: corpus.set_sides([Side(HALF, ["council"])]),
        lambda: corpus.set_positions({"wall-cost": (1.0, 2.0)}, name=HALF),
    ]
    for edit in refused:
        with pytest.raises(ModelError, match="lone surrogate"):
            edit()
        save_corpus(corpus, tiny_corpus)  # would raise UnicodeEncodeError had one got in
    assert "wall-cost" not in corpus.positions or corpus.positions["wall-cost"] != (1.0, 2.0)


def test_a_whole_pair_is_text_like_any_other(tiny_corpus: Path, qapp) -> None:
    corpus = _load(tiny_corpus)
    command = cmd.EditClaimText(corpus, "wall-cost", "costs 😀")
    command.redo()
    assert corpus.claims["wall-cost"].text == "costs 😀"
