"""Deterministic synthetic corpora of any size, built from argmap's own model classes.

The texts read like news reporting on a town's disputes (templated sentences over word lists,
not lorem ipsum), every claim is quoted exactly in one or two documents, and the relations have
the heavy-tailed degree distribution of real argument maps: each new claim supports or rebuts
earlier claims chosen by preferential attachment (popular claims attract more replies), and
actors assert or deny claims with Zipf-distributed activity (a few actors speak a lot).

Relations come to about 3x the claims: ~2.2 supports/rebuts per claim (about 1 in 5 a
rebuttal) plus ~0.8 asserts/denies per claim (about 1 in 7 a denial).

Items are inserted straight into the Corpus dicts rather than through its mutators: each
mutator checks a new id against `Corpus.all_ids()`, an O(n) set build, so 200,000 inserts
would be quadratic. The result is valid by construction, and `write_corpus` proves it by
loading the folder back with argmap's validating loader when asked to (`check=True`).

    python -m benchmarks.synth 1000 /tmp/c1000        # write a 1,000-claim corpus
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from argmap.model import Actor, Claim, Corpus, Document, Mention, Relation
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.model.saving import save_corpus

GENERATOR_VERSION = 1  # bump when the output changes, so cached corpora are rebuilt
DEFAULT_SEED = 20241122

# -- word lists --------------------------------------------------------------------------------

SUBJECTS = [
    "the new harbour wall", "the ring road extension", "the proposed tram line", "the council's housing plan",
    "the closure of the river crossing", "the ban on short-term lets", "the water company's investment",
    "the new wind farm", "the school merger", "the hospital's night service", "the parking levy",
    "the flood barrier", "the rent cap", "the café terrace licences", "the night-time economy strategy",
    "the airport expansion", "the bus franchise", "the recycling contract", "the police reorganisation",
    "the heat network", "the market hall renovation", "the cycle lanes on Bridge Street", "the tourist tax",
    "the library consolidation", "the port authority's dredging", "the new sewage works", "the budget freeze",
    "the sale of the old gasworks site", "the 20 mph limit", "the solar subsidy", "the fish quota",
    "the closure of the coal yard", "the congestion charge", "the stadium redevelopment",
    "the Zürich-style deposit scheme", "the youth centre funding", "the emergency housing fund",
    "the bridge toll", "the revised local plan", "the care-home inspection regime",
]
PREDICATES = [
    "will reduce", "has already increased", "cannot prevent", "is the main cause of", "will not affect",
    "has halved", "will double", "is unlikely to change", "was designed to limit", "does little to address",
    "will make worse", "has been blamed for", "is the best answer to", "has nothing to do with",
    "will pay for itself through", "has quietly cut", "depends entirely on", "was never meant to tackle",
    "will shift the burden of", "has coincided with a fall in", "is already easing", "has been overtaken by",
    "will take years to reduce", "is being used to justify", "directly threatens",
]
OBJECTS = [
    "winter flooding in the old town", "traffic on the coast road", "rents for young families",
    "the number of empty shops", "waiting times at the clinic", "air pollution near schools",
    "the council's debt", "seasonal jobs at the port", "house prices on the east side", "fuel poverty",
    "the fishing fleet's income", "crime in the town centre", "the cost of the ferry", "visitor numbers",
    "the river's water quality", "noise at night", "the shortage of nurses", "business rates",
    "commuting times", "the town's carbon emissions", "the deficit in the pension fund",
    "the risk of a storm surge", "footfall on the high street", "class sizes", "the price of a bus ticket",
    "demand for social housing", "the cost of insurance", "damage to the sea wall", "rough sleeping",
    "the backlog of repairs", "trust in the council", "the number of accidents at the junction",
]
QUALIFIERS = [
    "", "", "", "by 2030", "within five years", "according to the latest survey", "in the long run",
    "at least in the short term", "whatever the council says", "by a third", "for most households",
    "according to the port's own figures", "unless the government steps in", "in every year since 2019",
    "on the council's own estimate", "for the first time in a decade",
]
FIRST_NAMES = [
    "Amina", "Bernard", "Chloé", "Dariusz", "Eleanor", "Farid", "Grace", "Hamish", "Ingrid", "Jonas",
    "Kavya", "Liam", "Marta", "Nikolai", "Oksana", "Pedro", "Quentin", "Rosa", "Samir", "Tamsin",
    "Ulrike", "Vikram", "Wendy", "Xavier", "Yusuf", "Zofia",
]
SURNAMES = [
    "Abbott", "Brennan", "Castillo", "Dubois", "Evans", "Fischer", "Gallagher", "Hughes", "Iqbal",
    "Jensen", "Kowalski", "Lindqvist", "MacLeod", "Novak", "O'Neill", "Petrov", "Quinn", "Rahman",
    "Silva", "Thompson", "Uddin", "Varga", "Whitfield", "Yamamoto", "Zielinski",
]
ORG_WORDS = (
    ["Harbour", "Riverside", "Coastal", "North Shore", "Civic", "Tenants'", "Fishermen's", "Small Business", "Green",
     "Transport", "Heritage", "Ratepayers'"],
    ["Trust", "Association", "Alliance", "Forum", "Union", "Council", "Federation", "Network", "Society", "Board"],
)
MEDIA = ["The Harbour Gazette", "Coast FM", "The Evening Post", "Northgate News", "The Weekly Tide", "Channel 9 Local"]
STATES = ["the national government", "the regional authority", "the Ministry of Transport", "the Treasury",
          "the Environment Agency", "the Housing Ministry"]
SAY = ["said", "argued", "insisted", "claimed", "told reporters", "warned", "pointed out", "maintained", "wrote"]
GENERIC_SPEAKERS = ["one resident", "a spokesperson", "a local shopkeeper", "an engineer at the port", "a council officer",
                    "a retired teacher", "the report", "a campaigner", "a union representative", "a ferry captain"]
FILLER = [
    "The meeting at the {venue} ran late into the evening.",
    "{speaker_cap} had been asked about the issue twice before, in {month}.",
    "Figures published in {month} are disputed by several of those present.",
    "The debate comes ahead of the vote on the {topic} next month.",
    "Some residents left before the end, complaining that the questions were ignored.",
    "Reporters were shown a summary of the consultation, which ran for twelve weeks.",
    "Neither side produced the full study, which has not been made public.",
    "The {venue} was half empty, though the session was streamed online.",
    "Earlier plans for the {topic} were shelved in {month} after a legal challenge.",
    "A second consultation is due to open in {month}.",
]
VENUES = ["town hall", "harbour office", "community centre", "old customs house", "library", "sailing club"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
TOPICS = ["budget", "local plan", "transport strategy", "harbour works", "housing programme", "climate plan"]
TITLE_WORDS = ["Council", "Harbour", "Rents", "Transport", "Floods", "Budget", "Schools", "Port", "Housing", "Clinic"]
TITLE_FORMS = ["{a} row deepens over {b}", "Residents divided on {b}", "{a}: what the figures say", "Letters: {b}",
               "Inside the {a} debate", "{a} vote looms as {b} dispute grows", "Opinion: the truth about {b}"]

OUT_DEGREE = ((1, 0.35), (2, 0.30), (3, 0.18), (4, 0.10), (5, 0.07))  # supports/rebuts per new claim, mean ~2.2
REBUT_SHARE = 0.2
ACTOR_RELATIONS_PER_CLAIM = 0.8
DENY_SHARE = 0.15
SECOND_MENTION_SHARE = 0.15  # claims quoted in a second document
MANUAL_SHARE = 0.05
CLAIMS_PER_DOCUMENT = 50
CLAIMS_PER_ACTOR = 25


@dataclass(frozen=True)
class Shape:
    """Counts of a generated corpus, for the results table."""

    documents: int
    claims: int
    actors: int
    relations: int
    text_chars: int

    @property
    def nodes(self) -> int:
        return self.claims + self.actors


def shape_of(corpus: Corpus) -> Shape:
    chars = sum(len(d.text) for d in corpus.documents.values())
    return Shape(len(corpus.documents), len(corpus.claims), len(corpus.actors), len(corpus.relations), chars)


class _Generator:
    def __init__(self, n_claims: int, seed: int) -> None:
        self.n = n_claims
        self.rng = random.Random(f"{seed}:{n_claims}")
        self.corpus = Corpus()

    # -- nodes ---------------------------------------------------------------------------------

    def actors(self) -> list[Actor]:
        rng, taken = self.rng, set()
        out = []
        count = max(5, self.n // CLAIMS_PER_ACTOR)
        for i in range(count):
            kind = rng.choices(["person", "organisation", "media", "state", "group"], [55, 20, 10, 5, 10])[0]
            for attempt in range(50):
                if kind == "person":
                    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
                elif kind in ("organisation", "group"):
                    name = f"{rng.choice(ORG_WORDS[0])} {rng.choice(ORG_WORDS[1])}"
                elif kind == "media":
                    name = rng.choice(MEDIA)
                else:
                    name = rng.choice(STATES)
                if attempt >= 10:
                    name = f"{name} ({i})"
                if name not in taken:
                    break
            taken.add(name)
            aliases = [name.split()[-1]] if kind == "person" and rng.random() < 0.4 else []
            out.append(Actor(f"a{i}", name, kind, aliases))
        return out

    def clauses(self) -> list[str]:
        rng, seen, out = self.rng, set(), []
        while len(out) < self.n:
            q = rng.choice(QUALIFIERS)
            clause = f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES)} {rng.choice(OBJECTS)}{' ' + q if q else ''}"
            if clause in seen and len(seen) < 400_000:
                continue
            seen.add(clause)
            out.append(clause)
        return out

    # -- edges ---------------------------------------------------------------------------------

    def claim_edges(self) -> list[tuple[str, int, int]]:
        """(kind, source, target) between claim indices, by preferential attachment."""
        rng, edges = self.rng, []
        pool: list[int] = [0]  # each claim once, plus once per reply it received
        degrees, weights = zip(*OUT_DEGREE, strict=True)
        for i in range(1, self.n):
            k = min(rng.choices(degrees, weights)[0], i)
            chosen: list[int] = []
            for _ in range(k * 4):
                t = rng.choice(pool)
                if t not in chosen:
                    chosen.append(t)
                if len(chosen) == k:
                    break
            for t in chosen:
                edges.append(("rebuts" if rng.random() < REBUT_SHARE else "supports", i, t))
                pool.append(t)
            pool.append(i)
        self.popular = pool
        return edges

    def actor_edges(self, n_actors: int) -> list[tuple[str, int, int]]:
        """(kind, actor index, claim index): Zipf-active actors, popular claims asserted more."""
        rng = self.rng
        weights = [1.0 / (r + 1) ** 1.1 for r in range(n_actors)]
        seen: set[tuple[int, int]] = set()
        edges = []
        total = int(self.n * ACTOR_RELATIONS_PER_CLAIM)
        actors = rng.choices(range(n_actors), weights, k=total)
        for a in actors:
            c = rng.choice(self.popular) if rng.random() < 0.5 else rng.randrange(self.n)
            if (a, c) in seen:
                continue
            seen.add((a, c))
            edges.append(("denies" if rng.random() < DENY_SHARE else "asserts", a, c))
        return edges

    # -- texts ---------------------------------------------------------------------------------

    def filler(self, speaker: str) -> str:
        rng = self.rng
        return rng.choice(FILLER).format(
            venue=rng.choice(VENUES), month=rng.choice(MONTHS), topic=rng.choice(TOPICS),
            speaker_cap=speaker[0].upper() + speaker[1:],
        )

    def documents(self, clauses: list[str], speakers: list[str]) -> tuple[list[Document], list[list[Mention]]]:
        """Documents quoting every clause once in its home document, some in a second one."""
        rng = self.rng
        n_docs = max(2, self.n // CLAIMS_PER_DOCUMENT)
        in_doc: list[list[int]] = [[] for _ in range(n_docs)]
        for i in range(self.n):
            in_doc[i * n_docs // self.n].append(i)
        for i in range(self.n):
            if rng.random() < SECOND_MENTION_SHARE:
                other = rng.randrange(n_docs)
                if i not in in_doc[other]:
                    in_doc[other].insert(rng.randrange(len(in_doc[other]) + 1), i)
        mentions: list[list[Mention]] = [[] for _ in range(self.n)]
        docs = []
        for d, claim_ids in enumerate(in_doc):
            doc_id = f"d{d}"
            title = rng.choice(TITLE_FORMS).format(a=rng.choice(TITLE_WORDS), b=rng.choice(OBJECTS))
            parts: list[str] = [title, "\n\n"]
            pos = len(title) + 2
            for j, i in enumerate(claim_ids):
                speaker = speakers[i] if rng.random() < 0.8 else rng.choice(GENERIC_SPEAKERS)
                lead = f"{speaker[0].upper()}{speaker[1:]} {rng.choice(SAY)} that "
                sentence = f"{lead}{clauses[i]}."
                start = pos + len(lead)
                mentions[i].append(Mention(doc_id, start, start + len(clauses[i]), clauses[i]))
                extra = " ".join(self.filler(speaker) for _ in range(rng.choice((0, 1, 1, 2))))
                chunk = sentence + (" " + extra if extra else "")
                chunk += "\n\n" if j % 3 == 2 else " "
                parts.append(chunk)
                pos += len(chunk)
            text = "".join(parts).rstrip() + "\n"
            docs.append(Document(doc_id, f"{doc_id}.txt", title, text))
        return docs, mentions

    # -- everything ----------------------------------------------------------------------------

    def build(self) -> Corpus:
        rng, corpus = self.rng, self.corpus
        actors = self.actors()
        clauses = self.clauses()
        claim_edges = self.claim_edges()
        actor_edges = self.actor_edges(len(actors))
        speakers = [rng.choice(GENERIC_SPEAKERS) for _ in range(self.n)]
        for kind, a, c in actor_edges:
            if kind == "asserts":
                speakers[c] = actors[a].name
        docs, mentions = self.documents(clauses, speakers)
        for doc in docs:
            corpus.documents[doc.id] = doc
        for actor in actors:
            corpus.actors[actor.id] = actor
        for i, clause in enumerate(clauses):
            manual = rng.random() < MANUAL_SHARE
            corpus.claims[f"c{i}"] = Claim(
                f"c{i}", clause[0].upper() + clause[1:] + ".", mentions[i],
                origin="manual" if manual else "seed",
                created=f"2026-0{1 + i % 9}-1{i % 10}T09:30:00+00:00" if manual else None,
                author="bench" if manual else None,
            )
        r = 0
        for kind, s, t in claim_edges:
            evidence = [mentions[s][0]] if rng.random() < 0.3 else []
            corpus.relations[f"r{r}"] = Relation(f"r{r}", kind, f"c{s}", f"c{t}", evidence)
            r += 1
        for kind, a, c in actor_edges:
            evidence = [mentions[c][0]] if rng.random() < 0.5 else []
            corpus.relations[f"r{r}"] = Relation(f"r{r}", kind, f"a{a}", f"c{c}", evidence)
            r += 1
        corpus._relations_by_node = None
        return corpus


def generate(n_claims: int, seed: int = DEFAULT_SEED) -> Corpus:
    """A synthetic corpus with `n_claims` claims, identical for the same size and seed."""
    if n_claims < 2:
        raise ValueError("a synthetic corpus needs at least 2 claims")
    return _Generator(n_claims, seed).build()


def write_corpus(n_claims: int, folder: Path, seed: int = DEFAULT_SEED, *, check: bool = False) -> Shape:
    """Generate and save a corpus folder (texts + annotations.json); optionally re-load it to prove it valid."""
    corpus = generate(n_claims, seed)
    folder.mkdir(parents=True, exist_ok=True)
    save_corpus(corpus, folder, write_texts=True)
    if check:
        result = load_corpus(folder)
        if not result.ok or result.problems:
            shown = "\n".join(map(str, result.problems[:10]))
            raise RuntimeError(f"generated corpus {folder} does not load cleanly:\n{shown}")
    return shape_of(corpus)


def cached_corpus(n_claims: int, root: Path, seed: int = DEFAULT_SEED) -> Path:
    """The folder of a generated corpus under `root`, generating it (validated) on first use."""
    folder = root / f"claims-{n_claims}-seed-{seed}-v{GENERATOR_VERSION}"
    if not (folder / ANNOTATIONS_FILE).exists():
        write_corpus(n_claims, folder, seed, check=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="write a synthetic argmap corpus")
    p.add_argument("claims", type=int)
    p.add_argument("folder", type=Path)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = p.parse_args(argv)
    if (args.folder / ANNOTATIONS_FILE).exists():
        print(f"{args.folder / ANNOTATIONS_FILE} already exists", file=sys.stderr)
        return 1
    s = write_corpus(args.claims, args.folder, args.seed, check=True)
    print(f"{args.folder}: {s.documents} documents, {s.claims} claims, {s.actors} actors, {s.relations} relations")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
