"""Property tests: whatever the model API builds saves, loads back equal, and saves to the same bytes.

Texts are arbitrary Unicode with characters outside the BMP, combining marks and `\\r\\n`
newlines, because offsets are code-point indices and a writer or reader that translated
newlines or counted UTF-16 units would shift every mention.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.model.annotations import (
    ACTOR_RELATIONS,
    RELATION_KINDS,
    VOICES,
    Actor,
    Claim,
    Corpus,
    ModelError,
    Relation,
)
from argmap.model.corpus import Document
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.model.rules import ACTOR_TYPES
from argmap.model.saving import save_corpus

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "resources" / "annotations.schema.json").read_text("utf-8"))
PROPERTY_SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# no lone surrogates: they cannot be stored as UTF-8 at all
CHARS = st.characters(exclude_categories=("Cs",))
PIECES = st.one_of(
    CHARS, st.sampled_from(["\r\n", "\n", "\r", "😀", "🌊", "e\u0301", "\u0915\u094d\u0937", "\u2028", "\x00", '"\\'])
)
TEXT = st.lists(PIECES, min_size=1, max_size=60).map("".join)
WORDS = st.text(CHARS, min_size=1, max_size=20).filter(lambda s: s.strip() != "")
IDS = st.one_of(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), WORDS)
TIMES = st.datetimes(timezones=st.timezones() | st.none()).map(lambda t: t.isoformat())
COORD = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


def span(draw: st.DrawFn, doc: Document) -> tuple[int, int]:
    start = draw(st.integers(0, len(doc.text) - 1))
    end = draw(st.integers(start + 1, len(doc.text)))
    return start, end


@st.composite
def corpora(draw: st.DrawFn) -> Corpus:
    """A random corpus built only through the model's mutators, as the app builds one."""
    corpus = Corpus()
    for i in range(draw(st.integers(1, 3))):
        corpus.add_document(Document(f"doc{i}", f"doc {i}.txt", draw(st.text(CHARS, max_size=20)), draw(TEXT)))
    docs = list(corpus.documents.values())

    def fresh_id() -> str:
        item_id, taken = draw(IDS), corpus.all_ids()
        return item_id if item_id not in taken else f"{item_id}~{len(taken)}"

    def provenance() -> dict:
        if not draw(st.booleans()):
            return {}
        return {
            "origin": "manual",
            "created": draw(TIMES),
            "author": draw(st.none() | WORDS),
            "note": draw(st.none() | st.text(CHARS, max_size=30)),
        }

    for _ in range(draw(st.integers(0, 4))):
        aliases = draw(st.lists(st.text(CHARS, max_size=10), max_size=3))
        corpus.add_actor(Actor(fresh_id(), draw(WORDS), draw(st.sampled_from(ACTOR_TYPES)), aliases))
    for _ in range(draw(st.integers(1, 6))):
        mentions = []
        for doc in draw(st.lists(st.sampled_from(docs), min_size=1, max_size=3)):
            m = doc.mention(*span(draw, doc))
            if m not in mentions:
                mentions.append(m)
        corpus.add_claim(Claim(fresh_id(), draw(WORDS), mentions, **provenance()))
    nodes = [*corpus.claims, *corpus.actors]
    for _ in range(draw(st.integers(0, 8))):
        evidence = [d.mention(*span(draw, d)) for d in draw(st.lists(st.sampled_from(docs), max_size=2))]
        kind = draw(st.sampled_from(RELATION_KINDS))
        attribution = {}
        if kind in ACTOR_RELATIONS:
            attribution = {"voice": draw(st.sampled_from(VOICES)), "via": draw(st.none() | st.sampled_from(nodes))}
        rel = Relation(
            fresh_id(),
            kind,
            draw(st.sampled_from(nodes)),
            draw(st.sampled_from([*nodes, *corpus.relations])),  # an undercut's target is a relation
            evidence,
            **provenance(),
            **attribution,
        )
        with contextlib.suppress(ModelError):  # a shape the model refuses (self-loop...): the loader never sees it
            corpus.add_relation(rel)
    if draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(nodes), unique=True))
        corpus.set_positions(
            {n: (draw(COORD), draw(COORD)) for n in chosen}, draw(st.none() | st.sampled_from(["force", "layered"]))
        )
    return corpus


def content(corpus: Corpus) -> tuple:
    """Everything the file stores, in order, as comparable values."""
    return (
        [(d.id, d.path, d.title, d.text) for d in corpus.documents.values()],
        list(corpus.actors.values()),
        list(corpus.claims.values()),
        list(corpus.relations.values()),
        dict(corpus.positions),  # the writer sorts positions by id; their order carries no meaning
        corpus.layout_name,
    )


@PROPERTY_SETTINGS
@given(corpora())
def test_save_load_save_is_identity(corpus: Corpus) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        save_corpus(corpus, folder, write_texts=True)
        first = (folder / ANNOTATIONS_FILE).read_bytes()
        jsonschema.validate(json.loads(first), SCHEMA)  # what the writer writes is what the schema describes
        result = load_corpus(folder)
        assert result.problems == []
        loaded = result.corpus
        assert content(loaded) == content(corpus)
        for doc in loaded.documents.values():  # newlines kept exactly: offsets still point at their quotes
            for _, _, m in loaded.mentions_in(doc.id):
                assert doc.text[m.start : m.end] == m.quote
        save_corpus(loaded, folder)
        assert (folder / ANNOTATIONS_FILE).read_bytes() == first


@PROPERTY_SETTINGS
@given(st.data(), TEXT)
def test_mention_quote_survives_save_and_load(data: st.DataObject, text: str) -> None:
    corpus = Corpus()
    doc = Document("d", "d.txt", "t", text)
    corpus.add_document(doc)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    mention = doc.mention(start, end)
    assert mention.quote == text[start:end]
    corpus.add_claim(Claim("c", "claim", [mention]))
    with tempfile.TemporaryDirectory() as tmp:
        save_corpus(corpus, tmp, write_texts=True)
        result = load_corpus(tmp)
    assert result.ok, [str(p) for p in result.problems]
    (loaded,) = result.corpus.claims["c"].mentions
    assert (loaded.start, loaded.end, loaded.quote) == (start, end, text[start:end])
    assert result.corpus.documents["d"].text == text


# -- the loader never crashes, whatever the file holds -------------------------------------------

TINY = Path(__file__).resolve().parent / "data" / "tiny"
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False) | st.text(CHARS, max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(CHARS, max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON value, as a tuple of keys and indices."""
    found = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*prefix, i))
    return found


@PROPERTY_SETTINGS
@given(st.data())
def test_loader_survives_any_mutation_of_a_valid_file(data: st.DataObject) -> None:
    doc = json.loads((TINY / ANNOTATIONS_FILE).read_text("utf-8"))
    for _ in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.sampled_from(_paths(doc)[1:]))
        parent = doc
        for key in where[:-1]:
            parent = parent[key]
        if data.draw(st.booleans()):
            parent[where[-1]] = data.draw(JSON_VALUES)
        elif isinstance(parent, dict):
            del parent[where[-1]]
        else:
            parent.pop(where[-1])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in ("alpha.txt", "beta.txt"):
            (folder / name).write_bytes((TINY / name).read_bytes())
        (folder / ANNOTATIONS_FILE).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        result = load_corpus(folder)  # must not raise
        for problem in result.problems:
            assert str(problem).startswith(f"{folder / ANNOTATIONS_FILE}: "), str(problem)
            assert problem.message
        if result.ok:  # whatever the loader accepts saves and loads back unchanged
            save_corpus(result.corpus, folder)
            again = load_corpus(folder)
            assert again.ok and content(again.corpus) == content(result.corpus)
