"""Checks of the bundled seed corpus, `seeds/annotations.json`.

The seed map is the product's first content, so it is checked here on its own terms
(plain `json`, the texts and the JSON Schema) as well as through the loader and the CLI:
a broken offset or dangling id must fail these tests even if the loader has a bug.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
ANNOTATIONS = SEEDS / "annotations.json"
SCHEMA = ROOT / "resources" / "annotations.schema.json"

ACTOR_TYPES = {"person", "organisation", "state", "media", "group"}
CLAIM_KINDS = {"supports", "rebuts"}
ACTOR_KINDS = {"asserts", "denies"}

# Floors agreed for the seed map (see shared/ANNOTATION_GUIDE.md); the texts justify more.
MIN_CLAIMS = 60
MIN_ACTORS = 15
MIN_MULTI_DOC_CLAIMS = 5
MIN_CROSS_DOC_LINKS = 10
MIN_CROSS_DOC_REBUTS = 5
MIN_DISJOINT_REBUTS = 3  # rebuttals from one article aimed at a claim only other articles make
MAX_PARAPHRASE_WORDS = 30


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    """The annotations file parsed with plain `json`, independent of argmap's loader."""
    with open(ANNOTATIONS, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def texts(data: dict[str, Any]) -> dict[str, str]:
    """Document texts read as the format defines offsets: UTF-8, no newline translation."""
    result = {}
    for doc in data["documents"]:
        with open(SEEDS / doc["path"], encoding="utf-8", newline="") as fh:
            result[doc["id"]] = fh.read()
    return result


def _mentions(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mention in the file (claims' mentions and relations' evidence) with where it is."""
    for claim in data["claims"]:
        for i, m in enumerate(claim["mentions"]):
            yield f"claim {claim['id']} mention {i}", m
    for rel in data["relations"]:
        for i, m in enumerate(rel.get("evidence", [])):
            yield f"relation {rel['id']} evidence {i}", m


def _claim_docs(data: dict[str, Any]) -> dict[str, set[str]]:
    """The documents each claim is mentioned in."""
    return {c["id"]: {m["doc"] for m in c["mentions"]} for c in data["claims"]}


def _claim_links(data: dict[str, Any]) -> list[dict[str, Any]]:
    """supports/rebuts between two existing claims (misplaced ones are reported by their own test)."""
    claims = {c["id"] for c in data["claims"]}
    return [r for r in data["relations"] if r["kind"] in CLAIM_KINDS and r["source"] in claims and r["target"] in claims]


def test_header_names_the_format(data: dict[str, Any]) -> None:
    """The app refuses files of another format or version, so the seed must carry the right ones."""
    assert data.get("format") == "argmap-annotations", f"format is {data.get('format')!r}"
    assert data.get("version") == 1, f"version is {data.get('version')!r}"


def test_every_seed_text_is_a_document(data: dict[str, Any]) -> None:
    """A seed text without a document entry would be invisible in the app."""
    on_disk = {p.name for p in SEEDS.glob("*.txt")}
    listed = [d["path"] for d in data["documents"]]
    assert len(listed) == len(set(listed)), f"a document path is listed twice: {sorted(listed)}"
    assert set(listed) == on_disk, (
        f"not listed: {sorted(on_disk - set(listed))}; missing on disk: {sorted(set(listed) - on_disk)}"
    )
    untitled = [d["id"] for d in data["documents"] if not d["title"].strip()]
    assert not untitled, f"documents without a title: {untitled}"


def test_document_hashes_match_the_texts(data: dict[str, Any]) -> None:
    """A wrong hash makes the loader treat the text as edited and re-anchor every mention."""
    wrong = []
    for doc in data["documents"]:
        actual = hashlib.sha256((SEEDS / doc["path"]).read_bytes()).hexdigest()
        if doc["sha256"] != actual:
            wrong.append(f"{doc['id']} ({doc['path']}): file says {doc['sha256']}, text hashes to {actual}")
    assert not wrong, "sha256 mismatch:\n" + "\n".join(wrong)


def test_quotes_equal_the_text_at_their_offsets(data: dict[str, Any], texts: dict[str, str]) -> None:
    """Offsets are what the app highlights; the quote is the check that they point at the right words."""
    bad = []
    for where, m in _mentions(data):
        text = texts.get(m["doc"])
        if text is None:
            bad.append(f"{where}: unknown document {m['doc']!r}")
        elif not all(isinstance(m[k], int) and not isinstance(m[k], bool) for k in ("start", "end")):
            bad.append(f"{where}: start/end must be integers, not {m['start']!r}/{m['end']!r}")
        elif not (0 <= m["start"] < m["end"] <= len(text)):
            bad.append(f"{where}: span {m['start']}..{m['end']} outside {m['doc']} ({len(text)} chars)")
        elif text[m["start"] : m["end"]] != m["quote"]:
            bad.append(f"{where}: quote {m['quote'][:60]!r} but text has {text[m['start'] : m['end']][:60]!r}")
    assert not bad, f"{len(bad)} mention(s) do not match their text:\n" + "\n".join(bad)


def test_ids_are_unique(data: dict[str, Any]) -> None:
    """Relations refer to nodes by id alone, so one id must name one thing across the whole file."""
    ids = [item["id"] for key in ("documents", "actors", "claims", "relations") for item in data[key]]
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    assert not dupes, f"duplicate ids: {dupes}"
    assert all(i.strip() for i in ids), "an id is blank"


def test_every_reference_resolves(data: dict[str, Any]) -> None:
    """A dangling reference would drop a link or a highlight without anyone noticing."""
    docs = {d["id"] for d in data["documents"]}
    nodes = {a["id"] for a in data["actors"]} | {c["id"] for c in data["claims"]}
    bad = [f"{where}: document {m['doc']!r}" for where, m in _mentions(data) if m["doc"] not in docs]
    for rel in data["relations"]:
        bad += [f"relation {rel['id']}: {end} {rel[end]!r}" for end in ("source", "target") if rel[end] not in nodes]
    assert not bad, "unresolved references:\n" + "\n".join(bad)


def test_every_claim_has_a_mention(data: dict[str, Any]) -> None:
    """A claim must be traceable to the words it paraphrases."""
    bare = [c["id"] for c in data["claims"] if not c["mentions"]]
    assert not bare, f"claims without a mention: {bare}"


def test_claim_paraphrases_are_short(data: dict[str, Any]) -> None:
    """Paraphrases are node labels in the map; long ones are unreadable there."""
    long = [
        f"{c['id']} ({len(c['text'].split())} words)" for c in data["claims"] if len(c["text"].split()) > MAX_PARAPHRASE_WORDS
    ]
    empty = [c["id"] for c in data["claims"] if not c["text"].strip()]
    assert not empty, f"claims without text: {empty}"
    assert not long, f"paraphrases over {MAX_PARAPHRASE_WORDS} words: {long}"


def test_actor_types_are_known(data: dict[str, Any]) -> None:
    """The app styles actors by type and rejects unknown ones."""
    bad = [f"{a['id']}: {a['type']!r}" for a in data["actors"] if a["type"] not in ACTOR_TYPES]
    assert not bad, f"unknown actor types: {bad}"


def test_relations_join_the_right_kinds_of_node(data: dict[str, Any]) -> None:
    """supports/rebuts argue between claims; asserts/denies say who holds a claim."""
    actors = {a["id"] for a in data["actors"]}
    claims = {c["id"] for c in data["claims"]}
    bad = []
    for r in data["relations"]:
        if r["kind"] in CLAIM_KINDS:
            if r["source"] not in claims or r["target"] not in claims:
                bad.append(f"{r['id']}: {r['kind']} {r['source']} -> {r['target']} must join two claims")
        elif r["kind"] in ACTOR_KINDS:
            if r["source"] not in actors or r["target"] not in claims:
                bad.append(f"{r['id']}: {r['kind']} {r['source']} -> {r['target']} must go from an actor to a claim")
        else:
            bad.append(f"{r['id']}: unknown kind {r['kind']!r}")
    assert not bad, "misplaced relations:\n" + "\n".join(bad)


def test_no_duplicate_relation_or_self_loop(data: dict[str, Any]) -> None:
    """A duplicate draws two edges on top of each other; a self-loop says nothing."""
    keys = Counter((r["kind"], r["source"], r["target"]) for r in data["relations"])
    dupes = [k for k, n in keys.items() if n > 1]
    loops = [r["id"] for r in data["relations"] if r["source"] == r["target"]]
    assert not dupes, f"duplicate relations (kind, source, target): {dupes}"
    assert not loops, f"self-loops: {loops}"


def test_every_actor_takes_part_in_a_relation(data: dict[str, Any]) -> None:
    """An actor with no relation is a floating node that tells the reader nothing."""
    linked = {r["source"] for r in data["relations"]} | {r["target"] for r in data["relations"]}
    idle = [a["id"] for a in data["actors"] if a["id"] not in linked]
    assert not idle, f"actors in no relation: {idle}"


def test_every_document_has_claims(data: dict[str, Any]) -> None:
    """Each article tells part of the story; one with no claims is missing from the map."""
    mentioned = set().union(*_claim_docs(data).values())
    empty = [d["id"] for d in data["documents"] if d["id"] not in mentioned]
    assert not empty, f"documents with no claim mentioned in them: {empty}"


def test_claims_are_shared_across_documents(data: dict[str, Any]) -> None:
    """The same proposition in several articles is one claim, so some claims must span documents."""
    shared = [cid for cid, docs in _claim_docs(data).items() if len(docs) > 1]
    assert len(shared) >= MIN_MULTI_DOC_CLAIMS, f"only {len(shared)} claims are mentioned in more than one document: {shared}"


def test_relations_cross_documents(data: dict[str, Any]) -> None:
    """The map's point is how the articles answer each other: links must join claims from different articles."""
    docs = _claim_docs(data)
    cross = [r for r in _claim_links(data) if docs[r["source"]] != docs[r["target"]]]
    rebuts = [r for r in cross if r["kind"] == "rebuts"]
    disjoint = [r for r in rebuts if not docs[r["source"]] & docs[r["target"]]]
    assert len(cross) >= MIN_CROSS_DOC_LINKS, f"only {len(cross)} supports/rebuts join claims of different documents"
    assert len(rebuts) >= MIN_CROSS_DOC_REBUTS, f"only {len(rebuts)} cross-document rebuttals: {[r['id'] for r in rebuts]}"
    assert len(disjoint) >= MIN_DISJOINT_REBUTS, (
        f"only {len(disjoint)} rebuttals aim at a claim made only in other documents: {[r['id'] for r in disjoint]}"
    )


def test_map_is_big_enough(data: dict[str, Any]) -> None:
    """Five argued articles yield dozens of claims; a thin map would misrepresent them."""
    n_claims, n_actors, n_relations = len(data["claims"]), len(data["actors"]), len(data["relations"])
    assert n_claims >= MIN_CLAIMS, f"{n_claims} claims, expected at least {MIN_CLAIMS}"
    assert n_actors >= MIN_ACTORS, f"{n_actors} actors, expected at least {MIN_ACTORS}"
    assert n_relations > n_claims, f"{n_relations} relations for {n_claims} claims: a map needs more links than nodes"
    kinds = Counter(r["kind"] for r in data["relations"])
    missing = sorted((CLAIM_KINDS | ACTOR_KINDS) - set(kinds))
    assert not missing, f"no relation of kind {missing}"


def test_file_matches_the_json_schema(data: dict[str, Any]) -> None:
    """The schema is the published contract of the format; the seed must be a valid example of it."""
    assert SCHEMA.is_file(), f"{SCHEMA.relative_to(ROOT)} is missing"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    errors = sorted(validator_cls(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    report = [f"$/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:20]]
    assert not errors, f"{len(errors)} schema error(s):\n" + "\n".join(report)


def test_loader_accepts_the_seed_corpus() -> None:
    """The app opens the seeds read-only if the loader finds any error, so there must be none."""
    from argmap.model.storage import load_corpus

    res = load_corpus(SEEDS)
    assert res.ok, "loader problems:\n" + "\n".join(map(str, res.problems))
    assert res.corpus is not None
    with open(ANNOTATIONS, encoding="utf-8") as fh:
        raw = json.load(fh)
    assert len(res.corpus.claims) == len(raw["claims"]), "the loader dropped claims"
    assert len(res.corpus.relations) == len(raw["relations"]), "the loader dropped relations"


def test_cli_validates_the_seed_corpus() -> None:
    """`argmap validate seeds` is what CI and users run; it must exit 0 on the bundled corpus."""
    proc = subprocess.run(
        [sys.executable, "-m", "argmap", "validate", str(SEEDS)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
