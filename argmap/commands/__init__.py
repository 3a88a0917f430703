"""Undoable edits: one QUndoCommand per user gesture, calling model mutators only.

Every command checks its edit in the constructor and raises `ModelError` with a message for
the user when the edit makes no sense, so nothing invalid is ever pushed on the stack (a
failing `redo()` inside `QUndoStack.push` could not be taken back). Commands never touch
views: the model's events reach them through the session.

Compound edits (deleting a claim with its relations, merging actors) record an undo journal
while they run, so undo walks the same steps backwards and every item returns to its
original position: undo of any command gives back byte-identical saved files.

One module for each thing an edit changes (relations, claims, actors, layout, documents) over
one shared base; every command is importable from here (`from argmap import commands as cmd`),
so "every edit is a command in argmap.commands" stays checkable at a glance.
"""

from argmap.commands.actors import AddActor, DeleteActor, MergeActors, RenameActor, SetSides
from argmap.commands.base import (
    ACTOR_PREFIX,
    AUTHOR_SETTING,
    CLAIM_PREFIX,
    CorpusCommand,
    JournalCommand,
    Provenance,
    current_author,
    now_iso,
    provenance,
    slug_id,
)
from argmap.commands.claims import AddClaim, AddMention, DeleteClaim, EditClaimText, RemoveMention
from argmap.commands.documents import AddDocuments, RestoreAnnotations
from argmap.commands.layout import ApplyLayout, MoveNodes
from argmap.commands.relations import (
    AddRelation,
    Attribute,
    ChangeRelationKind,
    DeleteRelation,
    ReverseRelation,
    SetEvidence,
    SetRelationNote,
    SetVoice,
)
from argmap.model.annotations import ModelError

__all__ = [
    "ACTOR_PREFIX", "AUTHOR_SETTING", "CLAIM_PREFIX", "AddActor", "AddClaim", "AddDocuments", "AddMention",
    "AddRelation", "ApplyLayout", "Attribute", "ChangeRelationKind", "CorpusCommand", "DeleteActor",
    "DeleteClaim", "DeleteRelation", "EditClaimText", "JournalCommand", "MergeActors", "ModelError",
    "MoveNodes", "Provenance", "RemoveMention", "RenameActor", "RestoreAnnotations", "ReverseRelation",
    "SetEvidence", "SetRelationNote", "SetSides", "SetVoice", "current_author", "now_iso", "provenance",
    "slug_id",
]
