"""Checks of the bundled seed corpus, `seeds/annotations.json` (format version 2).

The seed map is the product's first content, so it is checked here on its own terms (plain
`json`, the texts and the JSON Schema) as well as through the loader and the CLI: a broken
offset or dangling id must fail these tests even if the loader has a bug.

Beyond well-formedness, the tests pin the map's quality without freezing its wording (see
docs/ANNOTATION_GUIDE.md): every link says why it is there, no claim is stranded without a
note, the central propositions of each narrative exist and are held by the right sides, hedged
sources keep their hedge, and nothing comes from page furniture. Claims are found by the stable
ids of the central propositions, or by the source words they paraphrase, never by their text.
"""

from __future__ import annotations

import hashlib
import json
import re
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
GUIDE = ROOT / "docs" / "ANNOTATION_GUIDE.md"

ACTOR_TYPES = {"person", "organisation", "state", "media", "group"}
CLAIM_KINDS = {"supports", "rebuts"}
LINK_KINDS = {"supports", "rebuts", "undercuts"}
ACTOR_KINDS = {"asserts", "denies"}
VOICES = {"states", "suggests", "reports"}

# Floors for the seed map (docs/ANNOTATION_GUIDE.md, "How much"); the texts justify more.
MIN_CLAIMS = 60
MIN_ACTORS = 15
MIN_MULTI_DOC_CLAIMS = 5
MIN_CROSS_DOC_LINKS = 10
MIN_CROSS_DOC_REBUTS = 5
MIN_DISJOINT_REBUTS = 3  # rebuttals from one article aimed at a claim only other articles make
MIN_UNDERCUTS = 3
MAX_PARAPHRASE_WORDS = 30

# The central propositions of each narrative, by stable id, with the actors who must hold them.
# Each side's position must be on the map; more holders are welcome.
CENTRAL: dict[str, dict[str, set[str]]] = {
    # Russian officials' silence on it is c-russia-silent-on-isis, not a denial (test below).
    "c-isis-did-it": {"asserts": {"a-islamic-state", "a-author-d0"}, "denies": set()},
    "c-isisk-did-it": {"asserts": {"a-us", "a-author-d1"}, "denies": {"a-patrushev"}},
    "c-ukraine-behind": {"asserts": {"a-putin", "a-russia"}, "denies": {"a-ukraine", "a-zelensky", "a-author-d1", "a-author-d3"}},
    "c-west-involved": {"asserts": {"a-russia", "a-patrushev"}, "denies": {"a-author-d0"}},
    "c-us-warned": {
        "asserts": {"a-us", "a-author-d0", "a-author-d1", "a-author-d3", "a-author-d4"},
        "denies": set(),
    },
    "c-putin-ignored-warnings": {"asserts": {"a-author-d1"}, "denies": {"a-author-d4"}},
}
# Central propositions that only one article reports, with that article. d0 alone reports the charge
# of Western involvement; d4's "Kiev and/or its Western patrons" is c-kiev-linked, not a mention of it.
SINGLE_SOURCE = {"c-west-involved": "d0"}
# Contested central claims: each must be argued for and against (by a rebuttal, or an undercut of
# a link into it), so a reader can follow both sides' answers by clicking. c-isisk-did-it is only
# denied (Patrushev, a garbled sentence): no article argues against it, and no link pretends one does.
CONTESTED = ["c-isis-did-it", "c-ukraine-behind", "c-west-involved", "c-putin-ignored-warnings",
             "c-security-failure", "c-warning-specific"]

# Words that hedge a proposition. A claim whose every mention hedges it must keep a hedge in its
# text, or be held by no one in the voice "states".
HEDGES = ("may ", "might", "probabl", "perhaps", "if so", "resembl", "claim to have", "allegedly", "appear", "likely",
          "possibl", "seemingly", "potential", "suggest", "hint")
TEXT_HEDGES = HEDGES + ("claim", "would", "expect", "anticipat", "according", "wonder", "if ", "report")
# A reporter's distance from someone else's claim ("officials claim to have", "they allegedly
# neglected"): it hedges the report, not the proposition, when the reporting author does not hold it.
DISTANCING = ("claim to have", "allegedly")
# A speaker's own hedge in a claim's text (not a word like "potential attack" that qualifies a noun).
TEXT_HEDGES_OWN = ("may ", "might", "probabl", "perhaps", "if so", "resembl", "allegedly", "appear", "likely", "possibl",
                   "seemingly", "claim to")

# Page furniture in the seed texts: no claim, evidence or actor may come from these lines.
BOILERPLATE = re.compile(
    r"cookie|©|^Leave a Comment$|^Your email address will not be published|^Scroll to Top$|^Credit: |"
    r"^Editorial board opinions that follow this author$|^We value your privacy$|^No cookies to display\.$",
    re.IGNORECASE,
)

# Source passages that are garbled or contradict themselves (machine translation, broken text):
# whatever is anchored there must carry a note that tells the reader so.
GARBLED = [
    ("d0", "criticized the portrayal of the attack as an act initiated by the Kyiv regime rather than radical Islamic followers"),
    ("d1", "the 2004 terrorist attack on a school in Beslan killed 330 people, mostly children"),
    ("d1", "is not to be cracked down"),
    ("d1", "Putin has survived his rise to power"),
]


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


def _holders(data: dict[str, Any], claim: str, kind: str) -> dict[str, dict[str, Any]]:
    """The actors who assert (or deny) a claim, with their relation."""
    return {r["source"]: r for r in data["relations"] if r["kind"] == kind and r["target"] == claim}


def _claims_anchored_at(data: dict[str, Any], texts: dict[str, str], doc: str, phrase: str) -> list[dict[str, Any]]:
    """The claims with a mention overlapping `phrase` in `doc` (which must occur exactly once)."""
    assert texts[doc].count(phrase) == 1, f"{doc} no longer holds {phrase!r} exactly once"
    start = texts[doc].index(phrase)
    end = start + len(phrase)
    return [c for c in data["claims"] if any(m["doc"] == doc and m["start"] < end and start < m["end"] for m in c["mentions"])]


def _boilerplate_spans(texts: dict[str, str]) -> list[tuple[str, int, int, str]]:
    """(doc, start, end, line) for every line of page furniture in the texts."""
    spans = []
    for doc, text in texts.items():
        pos = 0
        for line in text.split("\n"):
            if line.strip() and BOILERPLATE.search(line.strip()):
                spans.append((doc, pos, pos + len(line), line.strip()))
            pos += len(line) + 1
    return spans


# -- the file and its anchoring ------------------------------------------------------------------


def test_header_names_the_format(data: dict[str, Any]) -> None:
    """The app refuses files of another format or version, so the seed must carry the right ones."""
    assert data.get("format") == "argmap-annotations", f"format is {data.get('format')!r}"
    assert data.get("version") == 2, f"version is {data.get('version')!r}"


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
    relations = {r["id"] for r in data["relations"]}
    bad = [f"{where}: document {m['doc']!r}" for where, m in _mentions(data) if m["doc"] not in docs]
    for rel in data["relations"]:
        targets = relations if rel["kind"] == "undercuts" else nodes
        if rel["source"] not in nodes:
            bad.append(f"relation {rel['id']}: source {rel['source']!r}")
        if rel["target"] not in targets:
            bad.append(f"relation {rel['id']}: target {rel['target']!r}")
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
    """supports/rebuts argue between claims, an undercut attacks a supports/rebuts link from a claim,
    asserts/denies say who holds a claim; voice and via belong to attributions only."""
    actors = {a["id"] for a in data["actors"]}
    claims = {c["id"] for c in data["claims"]}
    relations = {r["id"]: r for r in data["relations"]}
    bad = []
    for r in data["relations"]:
        where = f"{r['id']}: {r['kind']} {r['source']} -> {r['target']}"
        if r["kind"] in CLAIM_KINDS:
            if r["source"] not in claims or r["target"] not in claims:
                bad.append(f"{where} must join two claims")
        elif r["kind"] == "undercuts":
            target = relations.get(r["target"])
            if r["source"] not in claims or target is None or target["kind"] not in CLAIM_KINDS:
                bad.append(f"{where} must go from a claim to a supports or rebuts relation")
            elif r["source"] in (target["source"], target["target"]):
                bad.append(f"{where}: the undercutting claim is an end of the link it undercuts")
        elif r["kind"] in ACTOR_KINDS:
            if r["source"] not in actors or r["target"] not in claims:
                bad.append(f"{where} must go from an actor to a claim")
            if r.get("voice", "states") not in VOICES:
                bad.append(f"{where}: unknown voice {r.get('voice')!r}")
            if "via" in r and (r["via"] not in actors or r["via"] == r["source"]):
                bad.append(f"{where}: via {r['via']!r} must be another actor")
        else:
            bad.append(f"{where}: unknown kind {r['kind']!r}")
        if r["kind"] not in ACTOR_KINDS and ("voice" in r or "via" in r):
            bad.append(f"{where}: voice/via only belong to asserts/denies")
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
    linked = {r["source"] for r in data["relations"]} | {r.get("via") for r in data["relations"]}
    idle = [a["id"] for a in data["actors"] if a["id"] not in linked]
    assert not idle, f"actors in no relation: {idle}"


def test_file_matches_the_json_schema(data: dict[str, Any]) -> None:
    """The schema is the published contract of the format; the seed must be a valid example of it."""
    assert SCHEMA.is_file(), f"{SCHEMA.relative_to(ROOT)} is missing"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    errors = sorted(validator_cls(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    report = [f"$/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:20]]
    assert not errors, f"{len(errors)} schema error(s):\n" + "\n".join(report)


# -- coverage and shape ---------------------------------------------------------------------------


def test_every_document_has_claims(data: dict[str, Any]) -> None:
    """Each article tells part of the story; one with no claims is missing from the map."""
    mentioned = set().union(*_claim_docs(data).values())
    empty = [d["id"] for d in data["documents"] if d["id"] not in mentioned]
    assert not empty, f"documents with no claim mentioned in them: {empty}"


def test_every_document_author_takes_positions(data: dict[str, Any]) -> None:
    """Each article's own stance is part of the map: its author holds claims with quotes from it."""
    missing = []
    for doc in data["documents"]:
        author = f"a-author-{doc['id']}"
        held = [r for r in data["relations"] if r["source"] == author and r["kind"] in ACTOR_KINDS]
        if len(held) < 5 or any(m["doc"] != doc["id"] for r in held for m in r.get("evidence", [])):
            where = sorted({m["doc"] for r in held for m in r.get("evidence", [])})
            missing.append(f"{author}: {len(held)} attributions, evidence in {where}")
    assert not missing, "authors without their own stances:\n" + "\n".join(missing)


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
    missing = sorted((LINK_KINDS | ACTOR_KINDS) - set(kinds))
    assert not missing, f"no relation of kind {missing}"
    assert kinds["undercuts"] >= MIN_UNDERCUTS, f"only {kinds['undercuts']} undercuts"
    voices = Counter(r.get("voice", "states") for r in data["relations"] if r["kind"] in ACTOR_KINDS)
    assert set(voices) == VOICES, f"voices used: {dict(voices)}"


# -- why every link and attribution is there ---------------------------------------------------------


def test_every_link_has_evidence_or_a_note(data: dict[str, Any]) -> None:
    """A reader must be able to see why a supports/rebuts/undercut is on the map: the words that
    show it, or the annotator's reason for inferring it."""
    bare = [f"{r['id']} ({r['kind']} {r['source']} -> {r['target']})" for r in data["relations"]
            if r["kind"] in LINK_KINDS and not r.get("evidence") and not (r.get("note") or "").strip()]
    assert not bare, "links with neither evidence nor a note:\n" + "\n".join(bare)


def test_every_attribution_quotes_its_source(data: dict[str, Any]) -> None:
    """Who said what is only as good as its quote, in a document where the claim is written."""
    docs = _claim_docs(data)
    bad = []
    for r in data["relations"]:
        if r["kind"] not in ACTOR_KINDS:
            continue
        if not r.get("evidence"):
            bad.append(f"{r['id']} ({r['source']} {r['kind']} {r['target']}): no evidence")
        elif any(m["doc"] not in docs[r["target"]] for m in r["evidence"]):
            where = sorted({m["doc"] for m in r["evidence"]})
            bad.append(f"{r['id']}: evidence in {where}, claim mentioned in {sorted(docs[r['target']])}")
    assert not bad, "attributions without a quote from the claim's documents:\n" + "\n".join(bad)


def test_no_isolated_claim_without_a_note(data: dict[str, Any]) -> None:
    """A claim no argument touches must say why (background, a stray remark, an ad hominem...)."""
    relations = {r["id"]: r for r in data["relations"]}
    linked: set[str] = set()
    for r in data["relations"]:
        if r["kind"] in CLAIM_KINDS:
            linked |= {r["source"], r["target"]}
        elif r["kind"] == "undercuts" and r["target"] in relations:
            linked.add(r["source"])
    stranded = [c["id"] for c in data["claims"] if c["id"] not in linked and not (c.get("note") or "").strip()]
    assert not stranded, f"claims with no supports/rebuts/undercut and no note saying why: {stranded}"
    isolated = [c["id"] for c in data["claims"] if c["id"] not in linked]
    assert len(isolated) <= len(data["claims"]) // 8, f"too many unlinked claims: {isolated}"


# -- the narratives ----------------------------------------------------------------------------------


@pytest.mark.parametrize("claim", sorted(CENTRAL))
def test_central_propositions_are_held_by_the_right_sides(data: dict[str, Any], claim: str) -> None:
    """Who did it, who was warned, who is blamed, who denies: each is a claim the sides assert or deny."""
    claims = {c["id"]: c for c in data["claims"]}
    assert claim in claims, f"central proposition {claim} is missing"
    docs = _claim_docs(data)[claim]
    if claim in SINGLE_SOURCE:
        assert docs == {SINGLE_SOURCE[claim]}, f"{claim} is mentioned in {sorted(docs)}"
    else:
        assert len(docs) >= 2, f"{claim} is mentioned in only {sorted(docs)}"
    for kind, expected in CENTRAL[claim].items():
        held = set(_holders(data, claim, kind))
        assert expected <= held, f"{claim}: {sorted(expected - held)} should {kind.rstrip('s')} it (holders: {sorted(held)})"
    both = set(_holders(data, claim, "asserts")) & set(_holders(data, claim, "denies"))
    assert not both, f"{claim}: {sorted(both)} both assert and deny it"


def test_silence_is_not_recorded_as_a_denial(data: dict[str, Any]) -> None:
    """d0 and d2 say Russian officials overlooked, or did not comment on, the Islamic State's claim:
    the map records that silence, and gives no Russian actor a position on who carried out the attack."""
    russian = {"a-russia", "a-putin", "a-peskov", "a-patrushev", "a-ru-security"}
    held = {r["source"] for r in data["relations"] if r["kind"] in ACTOR_KINDS and r["target"] == "c-isis-did-it"}
    assert not held & russian, f"Russian actors given a position on c-isis-did-it: {sorted(held & russian)}"
    silent = set(_holders(data, "c-russia-silent-on-isis", "asserts"))
    assert {"a-author-d0", "a-author-d2"} <= silent, f"the silence is reported by {sorted(silent)}"


@pytest.mark.parametrize("claim", CONTESTED)
def test_contested_claims_show_both_sides(data: dict[str, Any], claim: str) -> None:
    """A contested proposition must have an argument for it and an answer against it."""
    rels = data["relations"]
    into = [r for r in rels if r["target"] == claim and r["kind"] in CLAIM_KINDS]
    support = [r for r in into if r["kind"] == "supports"]
    undercut = {r["target"] for r in rels if r["kind"] == "undercuts"}
    attacks = [r for r in into if r["kind"] == "rebuts"] + [r for r in support if r["id"] in undercut]
    assert support, f"{claim}: nothing supports it"
    assert attacks, f"{claim}: nothing rebuts it or undercuts a reason for it"


def test_isis_k_is_told_apart_from_the_islamic_state(data: dict[str, Any]) -> None:
    """US intelligence named ISIS-K, the group's claim named the Islamic State: two propositions, one link."""
    links = {(r["kind"], r["source"], r["target"]) for r in data["relations"]}
    assert ("supports", "c-isisk-did-it", "c-isis-did-it") in links
    islamic_state = next(a for a in data["actors"] if a["id"] == "a-islamic-state")
    folded = [n for n in [islamic_state["name"], *islamic_state.get("aliases", [])] if "ISIS-K" in n or "Khorasan" in n]
    assert not folded, f"the Islamic State actor still carries ISIS-K's names: {folded}"


def test_the_accused_are_named(data: dict[str, Any]) -> None:
    """d0's accusation names British intelligence; the map must not drop who is blamed."""
    accused = [c["id"] for c in data["claims"] if "British" in c["text"]]
    assert accused, "no claim names British intelligence"
    assert any(r["kind"] == "asserts" and r["target"] in accused for r in data["relations"])


def test_the_editorial_is_attributed_to_its_board(data: dict[str, Any], texts: dict[str, str]) -> None:
    """d1 calls its newsroom 'the Post' and is signed as an editorial board's opinion."""
    assert "officials told the Post" in texts["d1"] and "Editorial board" in texts["d1"]
    author = next(a for a in data["actors"] if a["id"] == "a-author-d1")
    assert "Washington Post" in author["name"] and "editorial" in author["name"].lower(), author["name"]


# -- modality: no claim says more than its source --------------------------------------------------


def test_hedged_sources_keep_their_hedge(data: dict[str, Any]) -> None:
    """If every passage that states a claim hedges it, the claim text hedges too, or nobody asserts it
    in the voice 'states' (a firm denial does not make the claim say more than its source)."""
    authors = {d["id"]: f"a-author-{d['id']}" for d in data["documents"]}
    stated = {(r["source"], r["target"]) for r in data["relations"]
              if r["kind"] == "asserts" and r.get("voice", "states") == "states"}

    def hedged(claim: str, m: dict[str, Any]) -> bool:
        quote = m["quote"].lower()
        if (authors[m["doc"]], claim) not in stated:  # the author reports it from a distance, if at all
            for frame in DISTANCING:
                quote = quote.replace(frame, " ")
        return any(h in quote for h in HEDGES)

    lost = []
    for c in data["claims"]:
        if all(hedged(c["id"], m) for m in c["mentions"]):
            outright = [r["source"] for r in data["relations"]
                        if r["target"] == c["id"] and r["kind"] == "asserts" and r.get("voice", "states") == "states"]
            if outright and not any(h in c["text"].lower() for h in TEXT_HEDGES):
                lost.append(f"{c['id']}: {c['text']!r} (held outright by {outright})")
    assert not lost, "claims that drop their source's hedge:\n" + "\n".join(lost)


def test_no_speaker_hedges_twice(data: dict[str, Any]) -> None:
    """A claim whose text carries the hedge and which one actor holds is not also held in the voice
    'suggests': that would hedge the same words twice (docs/ANNOTATION_GUIDE.md, section 5)."""
    twice = []
    for c in data["claims"]:
        if not any(h in c["text"].lower() for h in TEXT_HEDGES_OWN):
            continue
        holders = [r for r in data["relations"] if r["target"] == c["id"] and r["kind"] == "asserts"]
        if len(holders) == 1 and holders[0].get("voice") == "suggests":
            twice.append(f"{c['id']}: {c['text']!r} held by {holders[0]['source']} ({holders[0]['id']}) in 'suggests'")
    assert not twice, "claims hedged twice:\n" + "\n".join(twice)


def test_a_tu_quoque_does_not_reach_the_accusation(data: dict[str, Any]) -> None:
    """'Look at Russia's own actions' attacks the accuser's standing, not whether Ukraine was involved:
    no chain of supports from it may end in a rebuttal of c-ukraine-behind."""
    supports: dict[str, set[str]] = {}
    for r in data["relations"]:
        if r["kind"] == "supports":
            supports.setdefault(r["source"], set()).add(r["target"])
    reached, todo = set(), ["c-russia-hypocrisy", "c-russia-terror-tactics"]
    while todo:
        cid = todo.pop()
        if cid not in reached:
            reached.add(cid)
            todo.extend(supports.get(cid, ()))
    bad = [f"{r['id']}: {r['source']} rebuts c-ukraine-behind" for r in data["relations"]
           if r["kind"] == "rebuts" and r["target"] == "c-ukraine-behind" and r["source"] in reached]
    assert not bad, "the tu quoque reaches the accusation:\n" + "\n".join(bad)


@pytest.mark.parametrize(
    ("doc", "phrase", "hedge", "owner"),
    [
        ("d1", "claim to have thwarted", "claim", "a-author-d1"),  # the board's distance from the officials
        ("d1", "If so, this new atrocity shows", "if so", "a-author-d1"),
        ("d4", "recall the recent provocative statements by a number of official Western structures", "resembl", "a-putin"),
        ("d1", "monitoring reports that extremists", "report", "a-us-embassy"),
        ("d4", "where they allegedly had contacts", "allegedly", "a-author-d4"),
        ("d4", "because they allegedly neglected all the warnings", "allegedly", "a-author-d4"),
    ],
)
def test_pinned_hedges_survive(
    data: dict[str, Any], texts: dict[str, str], doc: str, phrase: str, hedge: str, owner: str
) -> None:
    """The hedges an analyst checks first ('claim to have', 'If so', 'resemble', 'monitoring reports',
    'allegedly'): each stays in the claim's text, or its owner, whose hedge it is, does not state the
    claim outright (a reporter's distance: the reporter is not recorded as asserting it)."""
    anchored = _claims_anchored_at(data, texts, doc, phrase)
    assert anchored, f"no claim is anchored at {doc} {phrase!r}"
    stated = {r["target"] for r in data["relations"]
              if r["kind"] == "asserts" and r["source"] == owner and r.get("voice", "states") == "states"}
    dropped = [c["id"] for c in anchored if hedge not in c["text"].lower() and c["id"] in stated]
    assert not dropped, f"{dropped} paraphrase {phrase!r} without {hedge!r}, and {owner} states it outright"


@pytest.mark.parametrize(
    ("actor", "claim", "voice", "via"),
    [
        ("a-author-d2", "c-us-warned", "suggests", None),  # "despite probable warnings"
        ("a-us", "c-isisk-did-it", "suggests", None),  # "as the likely perpetrator"
        ("a-putin", "c-kiev-linked", "suggests", "a-author-d4"),  # "reading between the lines, he was implying"
        ("a-zelensky", "c-false-flag", "suggests", "a-author-d3"),  # "touched on theories suggesting"
        ("a-us-embassy", "c-embassy-warning", "states", None),  # its own "monitoring reports", in the text
        ("a-author-d1", "c-embassy-warning", "states", None),  # "In fact, ... announced": the announcement is the claim
        ("a-d4-opponents", "c-services-disregarded", "states", "a-author-d4"),  # "allegedly" is d4's distance, not theirs
        ("a-author-d4", "c-contacts-in-ukraine", "states", None),  # its own "allegedly", in the text
        ("a-ru-security", "c-warning-general", "states", None),  # its quoted words; it names no group, so not c-us-warned
        ("a-patrushev", "c-isisk-did-it", "suggests", "a-author-d0"),  # a garbled either/or
        ("a-author-d3", "c-ukraine-anticipated", "reports", None),  # "anticipations in Ukraine": a mood, not the state
        ("a-west", "c-ukraine-behind", "states", "a-patrushev"),  # known only through Patrushev's remark
    ],
)
def test_voice_where_the_source_hedges_or_relays(
    data: dict[str, Any], actor: str, claim: str, voice: str, via: str | None
) -> None:
    """An attribution resting on a hint, a hedge or someone else's characterisation says so."""
    held = {**_holders(data, claim, "asserts"), **_holders(data, claim, "denies")}
    assert actor in held, f"{actor} no longer holds {claim}"
    rel = held[actor]
    assert rel.get("voice", "states") == voice, f"{rel['id']}: voice {rel.get('voice', 'states')!r}, expected {voice!r}"
    if via:
        assert rel.get("via") == via, f"{rel['id']}: via {rel.get('via')!r}, expected {via!r}"


@pytest.mark.parametrize(("doc", "phrase"), GARBLED)
def test_garbled_passages_are_flagged(data: dict[str, Any], texts: dict[str, str], doc: str, phrase: str) -> None:
    """Whatever is anchored in a garbled or self-contradictory passage warns the reader in a note."""
    assert texts[doc].count(phrase) == 1, f"{doc} no longer holds {phrase!r} exactly once"
    start = texts[doc].index(phrase)
    end = start + len(phrase)
    anchored = [c for c in _claims_anchored_at(data, texts, doc, phrase)]
    anchored += [r for r in data["relations"]
                 if any(m["doc"] == doc and m["start"] < end and start < m["end"] for m in r.get("evidence", []))]
    assert anchored, f"nothing is anchored in the garbled passage {doc} {phrase!r}"
    flagged = [x["id"] for x in anchored if (x.get("note") or "").strip()]
    assert flagged, f"none of {[x['id'] for x in anchored]} carries a note about {doc} {phrase!r}"


# -- nothing from page furniture -------------------------------------------------------------------


def test_nothing_comes_from_boilerplate(data: dict[str, Any], texts: dict[str, str]) -> None:
    """Cookie banners, comment forms, credits and copyright footers are not the articles' words."""
    spans = _boilerplate_spans(texts)
    assert any(doc == "d3" and "©" in line for doc, _, _, line in spans), "the boilerplate pattern no longer finds d3's footer"
    bad = [f"{where}: inside {line!r}" for where, m in _mentions(data)
           for doc, s, e, line in spans if m["doc"] == doc and m["start"] < e and s < m["end"]]
    assert not bad, "annotations anchored in page furniture:\n" + "\n".join(bad)
    furniture = {line.lower() for _, _, _, line in spans} | {"global updates", "depositphotos"}
    actors = [f"{a['id']}: {n!r}" for a in data["actors"] for n in [a["name"], *a.get("aliases", [])]
              if "©" in n or "(c)" in n.lower() or any(f in n.lower() for f in ("global updates", "depositphotos", "cookie"))
              or n.lower() in furniture]
    assert not actors, f"actors named from page furniture: {actors}"


# -- the guide that explains all this --------------------------------------------------------------


def test_the_annotation_guide_is_in_the_repository() -> None:
    """A new annotator learns the rules from docs/ANNOTATION_GUIDE.md, linked from the README."""
    guide = GUIDE.read_text(encoding="utf-8")
    assert "../shared" not in guide and "shared/" not in guide, "the guide points outside the repository"
    for term in ("undercuts", "voice", "suggests", "reports", "via", "evidence", "note"):
        assert term in guide, f"the guide does not explain {term!r}"
    assert "docs/ANNOTATION_GUIDE.md" in (ROOT / "README.md").read_text(encoding="utf-8"), "the README does not link the guide"


# -- through argmap itself ---------------------------------------------------------------------------


def test_loader_accepts_the_seed_corpus() -> None:
    """The app opens the seeds read-only if the loader finds any error, so there must be none."""
    from argmap.model.loading import load_corpus

    res = load_corpus(SEEDS)
    assert res.ok, "loader problems:\n" + "\n".join(map(str, res.problems))
    assert res.corpus is not None
    with open(ANNOTATIONS, encoding="utf-8") as fh:
        raw = json.load(fh)
    assert len(res.corpus.claims) == len(raw["claims"]), "the loader dropped claims"
    assert len(res.corpus.relations) == len(raw["relations"]), "the loader dropped relations"
    voices = Counter(r.voice for r in res.corpus.relations.values() if r.kind in ACTOR_KINDS)
    assert voices == Counter(r.get("voice", "states") for r in raw["relations"] if r["kind"] in ACTOR_KINDS)


def test_cli_validates_the_seed_corpus_without_warnings() -> None:
    """`argmap validate seeds` is what CI and users run; it must exit 0 and warn about nothing."""
    proc = subprocess.run(
        [sys.executable, "-m", "argmap", "validate", str(SEEDS)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    output = proc.stdout + proc.stderr
    assert "warning" not in output.lower(), f"validate warns:\n{output}"
