"""The save's line cache (argmap.model.saving._item_lines): a line is reused only for an unchanged item."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from argmap.model import saving
from argmap.model.corpus import Mention
from argmap.model.loading import load_corpus


def _fresh(corpus) -> str:
    """dumps with nothing cached: every item encoded anew."""
    saving._LINES.clear()
    return saving.dumps(corpus)


@pytest.fixture
def corpus(seed_copy: Path):
    c = load_corpus(seed_copy).corpus
    saving.dumps(c)  # the cache now holds every line
    return c


CLAIM_CHANGES = [("text", "A new text."), ("origin", "manual"), ("created", "2026-01-01T00:00:00+00:00"),
                 ("author", "someone"), ("modified", "2026-01-02T00:00:00+00:00"), ("modified_by", "other"),
                 ("note", "a note")]
RELATION_CHANGES = [("kind", "rebuts"), ("source", "x"), ("target", "y"), ("voice", "reported"), ("via", "a-1"),
                    ("origin", "manual"), ("created", "2026-01-01T00:00:00+00:00"), ("author", "someone"),
                    ("modified", "2026-01-02T00:00:00+00:00"), ("modified_by", "other"), ("note", "a note")]


@pytest.mark.parametrize(("field", "value"), CLAIM_CHANGES)
def test_a_changed_claim_field_is_written(corpus, field: str, value: str) -> None:
    claim = next(iter(corpus.claims.values()))
    setattr(claim, field, value)
    text = saving.dumps(corpus)
    assert text == _fresh(corpus)
    assert value in text


@pytest.mark.parametrize(("field", "value"), RELATION_CHANGES)
def test_a_changed_relation_field_is_written(corpus, field: str, value: str) -> None:
    rel = next(iter(corpus.relations.values()))
    setattr(rel, field, value)
    text = saving.dumps(corpus)
    assert text == _fresh(corpus)
    assert value in text


def test_changed_mentions_and_evidence_are_written(corpus) -> None:
    claim = next(iter(corpus.claims.values()))
    m = claim.mentions[0]
    claim.mentions[0] = dataclasses.replace(m, start=m.start + 1, end=m.end + 1)  # in place, same list
    rel = next(iter(corpus.relations.values()))
    rel.evidence.append(Mention(m.doc, m.start, m.end, m.quote))
    text = saving.dumps(corpus)
    assert text == _fresh(corpus)
    assert f'"start": {m.start + 1}' in text


def test_values_equal_in_python_but_not_in_json_are_not_confused(corpus) -> None:
    """1 == True == 1.0 as dict keys; in the file they are 1, true and 1.0."""
    claim = next(iter(corpus.claims.values()))
    for value, written in ((1, '"note": 1'), (True, '"note": true'), (1.0, '"note": 1.0')):
        claim.note = value
        assert written in saving.dumps(corpus)
    m = claim.mentions[0]
    claim.mentions[0] = dataclasses.replace(m, start=1)
    saving.dumps(corpus)
    claim.mentions[0] = dataclasses.replace(m, start=True)
    assert '"start": true' in saving.dumps(corpus)


def test_removed_and_added_items_and_two_corpora(corpus, tiny_corpus: Path) -> None:
    other = load_corpus(tiny_corpus).corpus
    gone = next(r for r in corpus.relations if not corpus.undercuts_of(r))
    corpus.remove_relation(gone)
    assert saving.dumps(other) == _fresh(other)
    assert saving.dumps(corpus) == _fresh(corpus)
    assert saving.dumps(corpus) == saving.dumps(corpus)
