"""What every command shares: the base classes (one corpus; a journal for compound edits), who
made an item and when (provenance), readable ids, and the checks several kinds of edit make.

Every command checks its edit in the constructor and raises `ModelError` with a message for
the user when the edit makes no sense, so nothing invalid is ever pushed on the stack (a
failing `redo()` inside `QUndoStack.push` could not be taken back).
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoCommand

from argmap.model.annotations import (
    UNDERCUT,
    Corpus,
    ModelError,
)
from argmap.model.corpus import Mention
from argmap.model.ids import InUse, free_id, slug
from argmap.model.order_keys import position
from argmap.model.rules import passage_problem, sentence
from argmap.model.sides import without_actor

AUTHOR_SETTING = "editing/author"




def current_author() -> str:
    """Who is editing: the "editing/author" setting, else the login name."""
    value = QSettings().value(AUTHOR_SETTING, "")
    if isinstance(value, str) and value.strip():
        return value.strip()
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def now_iso() -> str:
    """Creation time of a manual item: ISO 8601, UTC, whole seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


Provenance = tuple[str, str]  # (created, author)


def provenance() -> Provenance:
    return now_iso(), current_author()


CLAIM_PREFIX = "c-"  # the seeds' scheme: claims c-..., actors a-..., relations r<n>
ACTOR_PREFIX = "a-"


def slug_id(corpus: Corpus, text: str, prefix: str, max_words: int = 6) -> str:
    """A readable, unused id from a text, in the seeds' scheme ("The wall is high" -> "c-the-wall-is-high")."""
    fallback = {CLAIM_PREFIX: "claim", ACTOR_PREFIX: "actor"}.get(prefix, "item")
    return free_id(prefix + slug(text, words=max_words, limit=48, fallback=fallback), InUse(corpus.has_id))[0]



def undercuts_first(corpus: Corpus, rel_ids: Iterable[str]) -> list[str]:
    """These relations with the undercuts aimed at them, undercuts first, later file positions first.

    Removed in that order, every recorded index is the original one and no relation is removed
    while an undercut still points at it.
    """
    chosen = dict.fromkeys(rel_ids)
    for rel_id in list(chosen):
        chosen.update(dict.fromkeys(u.id for u in corpus.undercuts_of(rel_id)))
    return sorted(chosen, key=lambda r: (corpus.relations[r].kind != UNDERCUT, -position(corpus.relations, r)))




class CorpusCommand(QUndoCommand):
    """A command on one corpus; `text()` is what Edit > Undo and the history view show."""

    def __init__(self, corpus: Corpus, text: str) -> None:
        super().__init__(text)
        self.corpus = corpus


class JournalCommand(CorpusCommand):
    """A compound edit: `apply()` runs mutators and logs how to take each one back."""

    def __init__(self, corpus: Corpus, text: str) -> None:
        super().__init__(corpus, text)
        self._journal: list[Callable[[], object]] = []

    def apply(self) -> None:
        raise NotImplementedError

    def log(self, undo: Callable[[], object]) -> None:
        self._journal.append(undo)

    def redo(self) -> None:
        self._journal = []
        self.apply()

    def undo(self) -> None:
        while self._journal:
            self._journal.pop()()

    # shared steps -------------------------------------------------------------------

    def remove_relation(self, rel_id: str) -> None:
        rel, index = self.corpus.remove_relation(rel_id)
        self.log(lambda: self.corpus.add_relation(rel, index))

    def update_relation(self, rel_id: str, **changes: object) -> None:
        old = self.corpus.update_relation(rel_id, **changes)
        self.log(lambda: self.corpus.update_relation(rel_id, **{k: getattr(old, k) for k in changes}))

    def drop_from_sides(self, actor_id: str, replacement: str | None = None) -> None:
        """Take an actor off its side (a merged actor hands its place to the one kept)."""
        if any(actor_id in s.actors for s in self.corpus.sides):
            old = self.corpus.set_sides(without_actor(self.corpus.sides, actor_id, replacement))
            self.log(lambda: self.corpus.set_sides(old))

    def drop_position(self, node_id: str) -> None:
        if node_id in self.corpus.positions:
            previous = {node_id: self.corpus.positions[node_id]}
            name = self.corpus.layout_name
            self.corpus.restore_positions([node_id], {}, name)
            self.log(lambda: self.corpus.restore_positions([node_id], previous, name))


def check_mention(corpus: Corpus, mention: Mention) -> None:
    problem = passage_problem(corpus.documents, mention)
    if problem is not None:
        raise ModelError(sentence(("", problem)))
    if not mention.quote.strip():  # loads, but a blank passage is no place to anchor a new claim
        raise ModelError("Select some text first (the selection is blank).")
