"""The Qt-free data model: documents, claims, actors, relations, storage and the graph.

Nothing below this package may import Qt; a test enforces it so the model stays usable
from the command line, from benchmarks and from other tools.
"""

from argmap.model.annotations import (
    ACTOR_RELATIONS,
    ATTACK_KINDS,
    CLAIM_RELATIONS,
    RELATION_KINDS,
    UNDERCUT,
    VOICES,
    Actor,
    Claim,
    Corpus,
    ModelError,
    Relation,
)
from argmap.model.corpus import Document, Mention
from argmap.model.rules import ACTOR_TYPES

__all__ = [
    "ACTOR_RELATIONS",
    "ACTOR_TYPES",
    "ATTACK_KINDS",
    "CLAIM_RELATIONS",
    "RELATION_KINDS",
    "UNDERCUT",
    "VOICES",
    "Actor",
    "Claim",
    "Corpus",
    "Document",
    "Mention",
    "ModelError",
    "Relation",
]
