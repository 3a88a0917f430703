"""Sides saved with the corpus: written canonically, read back, bad ones reported with their place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.model.saving import dumps, save_corpus
from argmap.model.sides import Side

ROOT = Path(__file__).resolve().parents[1]


def _write(folder: Path, sides: object) -> None:
    path = folder / ANNOTATIONS_FILE
    data = json.loads(path.read_text("utf-8"))
    data["sides"] = sides
    path.write_text(json.dumps(data), encoding="utf-8")


def test_sides_round_trip_byte_for_byte(tiny_corpus: Path) -> None:
    corpus = load_corpus(tiny_corpus).corpus
    assert corpus.sides == []
    assert '"sides"' not in dumps(corpus)  # omitted when there are none
    corpus.set_sides([Side("Town", ["council", "mayor"]), Side("Sea", ["fisherman"])])
    save_corpus(corpus)
    text = (tiny_corpus / ANNOTATIONS_FILE).read_text("utf-8")
    assert ('  "sides": [\n    {"name": "Town", "actors": ["council", "mayor"]},\n'
            '    {"name": "Sea", "actors": ["fisherman"]}\n  ]') in text
    again = load_corpus(tiny_corpus)
    assert again.ok and not again.problems
    assert again.corpus.sides == corpus.sides
    assert dumps(again.corpus) == text


def test_bad_sides_are_reported_with_their_place(tiny_corpus: Path) -> None:
    _write(tiny_corpus, [{"name": "Town", "actors": ["council", "ghost"]}, {"name": " town", "actors": []},
                         {"name": "Sea", "actors": ["council", 7]}, {"name": "Odd"}, "nope"])
    result = load_corpus(tiny_corpus)
    lines = [str(p).split(": ", 1)[1] for p in result.problems]
    assert "$.sides[0].actors[1]: warning: 'ghost' is not an actor (any more); dropped from side 'Town'" in lines
    assert "$.sides[1].name: a side called 'town' is already defined (at $.sides[0])" in lines
    assert "$.sides[2].actors[0]: actor 'council' is already on side 'Town' (an actor is on one side at most)" in lines
    assert "$.sides[2].actors[1]: must be an actor id, not a number" in lines
    assert "$.sides[3]: missing required field 'actors'" in lines
    assert "$.sides[4]: must be an object, not a string" in lines
    assert not result.ok  # errors make the corpus read-only; the dropped actor alone would not
    assert result.corpus.sides[0] == Side("Town", ["council"])


def test_a_deleted_actor_only_warns(tiny_corpus: Path) -> None:
    _write(tiny_corpus, [{"name": "Town", "actors": ["council", "gone"]}])
    result = load_corpus(tiny_corpus)
    assert result.ok and [p.severity for p in result.problems] == ["warning"]
    assert result.corpus.sides == [Side("Town", ["council"])]


def test_sides_must_be_a_list(tiny_corpus: Path) -> None:
    _write(tiny_corpus, {"name": "Town"})
    result = load_corpus(tiny_corpus)
    assert any("$.sides" in str(p) and "must be a list" in str(p) for p in result.errors)


def test_schema_knows_sides(tiny_corpus: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "resources" / "annotations.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    corpus = load_corpus(tiny_corpus).corpus
    corpus.set_sides([Side("Town", ["council"])])
    validator.validate(json.loads(dumps(corpus)))
    bad = json.loads(dumps(corpus))
    bad["sides"][0]["colour"] = "red"
    assert list(validator.iter_errors(bad))
