"""The items of a corpus (actors, claims, relations), the kinds of link between them, and the
error an edit that breaks a rule raises. Plain data: the Corpus (argmap.model.annotations)
holds them and keeps them consistent; argmap.model.rules says what they may be.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.model.corpus import Mention

CLAIM_RELATIONS = ("supports", "rebuts")  # claim -> claim
UNDERCUT = "undercuts"  # claim -> the id of a supports or rebuts relation (an attack on the inference)
ACTOR_RELATIONS = ("asserts", "denies")  # actor -> claim: attributions
ATTACK_KINDS = ("rebuts", "undercuts")
RELATION_KINDS = (*CLAIM_RELATIONS, UNDERCUT, *ACTOR_RELATIONS)
STATES = "states"
# How an actor voiced an attributed claim: said it outright; hinted, implied or hedged it;
# relayed someone else's account of it. Chosen to map onto AIF illocutions (docs/FORMAT.md).
VOICES = (STATES, "suggests", "reports")
VOICE_WORDS = {STATES: "states", "suggests": "hinted", "reports": "relayed"}  # what the window calls them

UNDERCUT_TARGET = "'undercuts' must point at a supports or rebuts relation; '{target}' is {what}"


class ModelError(ValueError):
    """An edit that would make the corpus inconsistent; the message is meant for the user."""


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    type: str = "person"
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Claim:
    id: str
    text: str
    mentions: list[Mention] = field(default_factory=list)
    origin: str = "seed"
    created: str | None = None
    author: str | None = None
    note: str | None = None
    modified: str | None = None  # last changed by hand (ISO time), e.g. a seed claim reworded
    modified_by: str | None = None


@dataclass(slots=True)
class Relation:
    id: str
    kind: str
    source: str
    target: str
    evidence: list[Mention] = field(default_factory=list)
    origin: str = "seed"
    created: str | None = None
    author: str | None = None
    note: str | None = None
    voice: str = STATES  # only asserts/denies may say anything else
    via: str | None = None  # only asserts/denies: the actor through whom the attribution comes
    modified: str | None = None  # last changed by hand (ISO time), e.g. a seed link given another kind
    modified_by: str | None = None
