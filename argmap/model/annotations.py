"""The Corpus that holds actors, claims and relations, with a mutator for every edit.

The Corpus is the single source of truth. Every change goes through a mutator, which checks
the change keeps the corpus consistent and then notifies subscribers with a `ModelEvent`, so
views (Qt or not) redraw from events and undo commands only ever call mutators.

Collections are insertion-ordered dicts and the mutators take and return positions, so an
undone removal puts an item back where it was and the saved file is byte-identical again.

The items themselves and the kinds of link are in argmap.model.items, the rules they follow
(relations included) in argmap.model.rules; their names stay importable from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from argmap.model.corpus import Document, Mention
from argmap.model.items import (
    ACTOR_RELATIONS,
    ATTACK_KINDS,
    CLAIM_RELATIONS,
    RELATION_KINDS,
    STATES,
    UNDERCUT,
    UNDERCUT_TARGET,
    VOICE_WORDS,
    VOICES,
    Actor,
    Claim,
    ModelError,
    Relation,
)
from argmap.model.order_keys import FileOrder, FreeNumbers, put_back, take
from argmap.model.rules import (
    Fault,
    actor_fault,
    attribution_fault,
    item_text_fault,
    passage_problem,
    position_problem,
    provenance_fault,
    relation_fault,
    sentence,
    text_fault,
    time_fault,
)
from argmap.model.rules import require as _require  # the mutators' name for it
from argmap.model.sides import Side, sides_problem

__all__ = [  # the items' names are re-exported: most of argmap imports them from here
    "ACTOR_RELATIONS", "ATTACK_KINDS", "CLAIM_RELATIONS", "RELATION_KINDS", "STATES", "UNDERCUT", "UNDERCUT_TARGET",
    "VOICES", "VOICE_WORDS", "Actor", "Claim", "Corpus", "Listener", "ModelError", "ModelEvent", "Relation",
    "position_problem",
]

@dataclass(frozen=True, slots=True)
class ModelEvent:
    """What changed: `kind` is e.g. "claim-added", "relation-changed", "layout-changed", "reset"."""

    kind: str
    ids: tuple[str, ...] = ()


Listener = Callable[[ModelEvent], None]




class Corpus:
    """Documents, actors, claims, relations and saved node positions of one corpus folder."""

    def __init__(self, folder: str | None = None) -> None:
        self.folder = folder
        self.documents: dict[str, Document] = {}
        # in file order, with order keys so that an undo puts an item back in O(1) (model.order_keys)
        self.actors: dict[str, Actor] = FileOrder()
        self.claims: dict[str, Claim] = FileOrder()
        self.relations: dict[str, Relation] = FileOrder()
        self.layout_name: str | None = None
        self.positions: dict[str, tuple[float, float]] = {}
        self.sides: list[Side] = []
        self._listeners: list[Listener] = []
        # Relation index, kept up to date by the mutators. None means "rebuild on the next query",
        # which code that fills `relations` directly (bulk builders) sets after it is done.
        self._relations_by_node: dict[str, list[str]] | None = None  # node or relation id -> relation ids, file order
        self._relation_keys: dict[tuple[str, str, str], str] = {}  # (kind, source, target) -> id
        self._numbers = FreeNumbers()  # the lowest free number per id prefix

    # -- observation -------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def _emit(self, kind: str, *ids: str) -> None:
        event = ModelEvent(kind, ids)
        for listener in list(self._listeners):
            listener(event)

    # -- queries -----------------------------------------------------------------------

    def node(self, node_id: str) -> Claim | Actor | None:
        return self.claims.get(node_id) or self.actors.get(node_id)

    def all_ids(self) -> set[str]:
        return {*self.documents, *self.actors, *self.claims, *self.relations}

    def has_id(self, item_id: str) -> bool:
        """Whether any kind of item uses this id, without building a set of all ids."""
        return any(item_id in items for items in (self.claims, self.relations, self.actors, self.documents))

    def relations_of(self, node_id: str) -> list[Relation]:
        """Relations with `node_id` as source or target, in file order.

        For a relation id, these are the undercuts aimed at it (see `undercuts_of`).
        """
        return [self.relations[r] for r in self._index().get(node_id, ())]

    def undercuts_of(self, rel_id: str) -> list[Relation]:
        """The undercuts whose target is the relation `rel_id`, in file order."""
        return [r for r in self.relations_of(rel_id) if r.kind == UNDERCUT and r.target == rel_id]

    def relations_via(self, actor_id: str) -> list[Relation]:
        """Attributions that come through this actor (`via`); a scan, for the rare actor deletion or merge."""
        return [r for r in self.relations.values() if r.via == actor_id]

    def find_relation(self, kind: str, source: str, target: str) -> Relation | None:
        self._index()
        rel_id = self._relation_keys.get((kind, source, target))
        return self.relations.get(rel_id) if rel_id is not None else None

    def _index(self) -> dict[str, list[str]]:
        if self._relations_by_node is None:
            by_node: dict[str, list[str]] = {}
            keys: dict[tuple[str, str, str], str] = {}
            for rel in self.relations.values():
                by_node.setdefault(rel.source, []).append(rel.id)
                if rel.target != rel.source:
                    by_node.setdefault(rel.target, []).append(rel.id)
                keys[(rel.kind, rel.source, rel.target)] = rel.id
            self._relations_by_node, self._relation_keys = by_node, keys
        return self._relations_by_node

    def append_loaded_relation(self, rel: Relation) -> None:
        """The loader's append: stored last and indexed in O(1), so duplicates are found as the file is read."""
        self.relations[rel.id] = rel
        self._index_add(rel, appended=True)

    def reorder_relations(self, ids: list[str]) -> None:
        """Put the relations in this order (the loader's file order); the index is rebuilt on its next query."""
        self.relations = FileOrder((r, self.relations[r]) for r in ids)
        self._relations_by_node = None

    def _index_add(self, rel: Relation, appended: bool) -> None:
        """Put a relation just stored in `relations` into the index: O(1) when it went at the end."""
        if self._relations_by_node is None:
            return
        by_node = self._relations_by_node
        self._relation_keys[(rel.kind, rel.source, rel.target)] = rel.id
        ends = (rel.source,) if rel.target == rel.source else (rel.source, rel.target)
        for node in ends:
            ids = by_node.setdefault(node, [])
            ids.append(rel.id)
            if appended or len(ids) == 1:
                continue
            if isinstance(self.relations, FileOrder):  # put back in the middle (undo): sorted by order key
                ids.sort(key=self.relations.order_key)
            else:  # a plain dict (filled from outside): that node's list is rebuilt in file order
                by_node[node] = [r.id for r in self.relations.values() if node in (r.source, r.target)]

    def _index_remove(self, rel: Relation) -> None:
        if self._relations_by_node is None:
            return
        if self._relation_keys.get((rel.kind, rel.source, rel.target)) == rel.id:
            del self._relation_keys[(rel.kind, rel.source, rel.target)]
        for node in dict.fromkeys((rel.source, rel.target)):
            ids = self._relations_by_node.get(node)
            if ids is not None and rel.id in ids:
                ids.remove(rel.id)
                if not ids:
                    del self._relations_by_node[node]

    def mentions_in(self, doc_id: str) -> Iterator[tuple[Claim, int, Mention]]:
        """Every claim mention in one document, as (claim, mention index, mention)."""
        for claim in self.claims.values():
            for i, m in enumerate(claim.mentions):
                if m.doc == doc_id:
                    yield claim, i, m

    def new_id(self, prefix: str) -> str:
        """A fresh id `prefix<n>` unused by any kind of item (ids share one namespace): the lowest such n.

        O(log n) per new id (model.order_keys.FreeNumbers) instead of a scan of every id (105 ms at
        10,000 claims), also after removals and their undo.
        """
        return self._numbers.lowest(prefix, self.has_id)

    def _freed(self, item_id: str) -> None:
        """An id left the corpus: new_id may hand its number out again."""
        self._numbers.freed(item_id)

    def relation_problem(self, kind: str, source: str, target: str, ignore: str | None = None, *,
                         voice: str = STATES, via: str | None = None) -> str | None:
        """Why a relation of this kind between these ends makes no sense, or None if it does."""
        fault = self.relation_fault(kind, source, target, ignore, voice=voice, via=via)
        return fault[1] if fault else None

    def relation_fault(self, kind: str, source: str, target: str, ignore: str | None = None, *,
                       voice: str = STATES, via: str | None = None) -> Fault | None:
        """`relation_problem` with the field at fault, so the loader can name the place in the file
        (the rule itself is argmap.model.rules.relation_fault: the loader, mutators and commands all ask it)."""
        return relation_fault(self, kind, source, target, ignore, voice=voice, via=via)

    def attribution_problem(self, voice: str, via: str | None, source: str) -> str | None:
        """Why this voice and via make no sense for an attribution by actor `source`, or None."""
        fault = self.attribution_fault(voice, via, source)
        return fault[1] if fault else None

    def attribution_fault(self, voice: str, via: str | None, source: str) -> Fault | None:
        return attribution_fault(self, voice, via, source)

    def _dependants_problem(self, old: Relation, new: Relation) -> str | None:
        """Whether the undercuts aimed at `old` still make sense when it becomes `new`."""
        for undercut in self.undercuts_of(old.id):
            if new.kind not in CLAIM_RELATIONS:
                return f"{old.id} is undercut by {undercut.id}, and only supports and rebuts can be undercut"
            if undercut.source in (new.source, new.target):
                return f"{old.id} is undercut by {undercut.id} from '{undercut.source}', which would become one of its ends"
        return None

    # -- documents ---------------------------------------------------------------------

    def add_document(self, doc: Document) -> None:
        self._require_new_id(doc.id)
        _require(item_text_fault(doc))
        if any(d.path == doc.path for d in self.documents.values()):
            raise ModelError(f"document file {doc.path!r} is already in the corpus")
        self.documents[doc.id] = doc
        self._emit("document-added", doc.id)

    def remove_document(self, doc_id: str) -> Document:
        """Remove a document nothing points into (undoing Add Document; its file stays on disk)."""
        if any(m.doc == doc_id for c in self.claims.values() for m in c.mentions) or any(
                m.doc == doc_id for r in self.relations.values() for m in r.evidence):
            raise ModelError(f"document {doc_id!r} still has mentions; delete its claims first")
        doc = self.documents.pop(doc_id)
        self._freed(doc_id)
        self._emit("document-removed", doc_id)
        return doc

    # -- actors ------------------------------------------------------------------------

    def add_actor(self, actor: Actor, index: int | None = None) -> None:
        self._require_new_id(actor.id)
        _require(actor_fault(actor.name, actor.type) or item_text_fault(actor))
        put_back(self.actors, actor.id, actor, index)
        self._emit("actor-added", actor.id)

    def remove_actor(self, actor_id: str) -> tuple[Actor, int]:
        self._require_unlinked(actor_id)
        vias = self.relations_via(actor_id)
        if vias:
            raise ModelError(f"{actor_id!r} is still the 'via' of {len(vias)} attribution(s)")
        side = next((s.name for s in self.sides if actor_id in s.actors), None)
        if side is not None:
            raise ModelError(f"{actor_id!r} is still on the side {side!r}")
        actor, index = take(self.actors, actor_id)
        self._freed(actor_id)
        self._emit("actor-removed", actor_id)
        return actor, index

    def update_actor(self, actor_id: str, **changes: Any) -> Actor:
        """Change name, type or aliases; returns the previous actor for undo."""
        old = self.actors[actor_id]
        new = replace(old, **changes)
        _require(actor_fault(new.name, new.type) or item_text_fault(new))
        self.actors[actor_id] = new
        self._emit("actor-changed", actor_id)
        return old

    # -- claims ------------------------------------------------------------------------

    def add_claim(self, claim: Claim, index: int | None = None) -> None:
        self._require_new_id(claim.id)
        if not claim.text.strip():
            raise ModelError("a claim needs a text")
        if not claim.mentions:
            raise ModelError("a claim needs at least one mention in a document")
        for m in claim.mentions:
            self._check_mention(m)
        _require(provenance_fault(claim.origin, claim.created, claim.modified) or item_text_fault(claim))
        put_back(self.claims, claim.id, claim, index)
        self._emit("claim-added", claim.id)

    def remove_claim(self, claim_id: str) -> tuple[Claim, int]:
        """Remove a claim with no relations left (commands remove those first, for undo)."""
        self._require_unlinked(claim_id)
        claim, index = take(self.claims, claim_id)
        self._freed(claim_id)
        self._emit("claim-removed", claim_id)
        return claim, index

    def set_claim_text(self, claim_id: str, text: str) -> str:
        if not text.strip():
            raise ModelError("a claim needs a text")
        _require(text_fault("text", text))
        claim = self.claims[claim_id]
        old, claim.text = claim.text, text
        self._emit("claim-changed", claim_id)
        return old

    def set_claim_modified(self, claim_id: str, modified: str | None, modified_by: str | None) -> tuple[str | None, str | None]:
        """Record when and by whom a claim was last changed by hand; returns the previous pair for undo."""
        _require(time_fault("modified", modified) or text_fault("modified_by", modified_by))
        claim = self.claims[claim_id]
        old = (claim.modified, claim.modified_by)
        claim.modified, claim.modified_by = modified, modified_by
        self._emit("claim-changed", claim_id)
        return old

    def add_mention(self, claim_id: str, mention: Mention, index: int | None = None) -> int:
        self._check_mention(mention)
        mentions = self.claims[claim_id].mentions
        if mention in mentions:
            raise ModelError("the claim already has that mention")
        index = len(mentions) if index is None else index
        mentions.insert(index, mention)
        self._emit("claim-changed", claim_id)
        return index

    def remove_mention(self, claim_id: str, index: int) -> Mention:
        if len(self.claims[claim_id].mentions) == 1:
            raise ModelError("a claim needs at least one mention; delete the claim instead")
        mention = self.claims[claim_id].mentions.pop(index)
        self._emit("claim-changed", claim_id)
        return mention

    # -- relations ---------------------------------------------------------------------

    def add_relation(self, rel: Relation, index: int | None = None) -> None:
        self._require_new_id(rel.id)
        problem = self.relation_problem(rel.kind, rel.source, rel.target, voice=rel.voice, via=rel.via)
        if problem:
            raise ModelError(problem)
        for m in rel.evidence:
            self._check_mention(m)
        _require(provenance_fault(rel.origin, rel.created, rel.modified) or item_text_fault(rel))
        appended = index is None
        put_back(self.relations, rel.id, rel, index)
        self._index_add(rel, appended)
        self._emit("relation-added", rel.id, rel.source, rel.target)

    def remove_relation(self, rel_id: str) -> tuple[Relation, int]:
        """Remove a relation no undercut points at (commands remove those first, for undo)."""
        undercuts = self.undercuts_of(rel_id)
        if undercuts:
            raise ModelError(f"{rel_id!r} is still undercut by {', '.join(u.id for u in undercuts)}")
        rel, index = take(self.relations, rel_id)
        self._freed(rel_id)
        self._index_remove(rel)
        self._emit("relation-removed", rel_id, rel.source, rel.target)
        return rel, index

    def update_relation(self, rel_id: str, **changes: Any) -> Relation:
        """Change kind, endpoints, voice, via, evidence or note of a relation; returns the previous one for undo."""
        problem = self.change_problem(rel_id, **changes)
        if problem:
            raise ModelError(problem)
        old = self.relations[rel_id]
        new = replace(old, **changes)
        self.relations[rel_id] = new
        if (new.kind, new.source, new.target) != (old.kind, old.source, old.target):
            self._index_remove(old)
            self._index_add(new, appended=False)
        self._emit("relation-changed", rel_id, old.source, old.target, new.source, new.target)
        return old

    def change_problem(self, rel_id: str, **changes: Any) -> str | None:
        """Why changing these fields of a relation would break the corpus, or None (commands ask first)."""
        old = self.relations[rel_id]
        new = replace(old, **changes)
        ends = (new.kind, new.source, new.target) != (old.kind, old.source, old.target)
        if ends or (new.voice, new.via) != (old.voice, old.via):
            problem = self.relation_problem(new.kind, new.source, new.target, ignore=rel_id, voice=new.voice, via=new.via)
            if problem is None and ends:
                problem = self._dependants_problem(old, new)
            if problem:
                return problem
        if new.evidence != old.evidence:
            for m in new.evidence:
                try:
                    self._check_mention(m)
                except ModelError as exc:
                    return str(exc)
        fault = item_text_fault(new)
        return None if fault is None else sentence(fault)

    def swap_annotations(self, other: Corpus) -> None:
        """Exchange documents, actors, claims, relations and layout with `other`.

        Restoring recovered edits is one undoable step: swapping again undoes it exactly. The
        documents go too: the recovered session may have added some (their files come with the save).
        """
        for name in ("documents", "actors", "claims", "relations", "positions", "layout_name", "sides"):
            mine, theirs = getattr(self, name), getattr(other, name)
            setattr(self, name, theirs)
            setattr(other, name, mine)
        self._relations_by_node = other._relations_by_node = None  # both rebuilt on their next query
        self._numbers, other._numbers = FreeNumbers(), FreeNumbers()  # the ids in use changed wholesale
        self._emit("reset")

    # -- sides -------------------------------------------------------------------------

    def set_sides(self, sides: Iterable[Side]) -> list[Side]:
        """Replace the sides (named groups of actors); returns the previous ones for undo."""
        new = [Side(s.name.strip(), list(dict.fromkeys(s.actors))) for s in sides]
        problem = sides_problem(new, self.actors)
        if problem:
            raise ModelError(problem)
        old, self.sides = self.sides, new
        self._emit("sides-changed")
        return old

    # -- layout ------------------------------------------------------------------------

    def set_positions(self, positions: dict[str, tuple[float, float]], name: str | None = None) -> dict[str, tuple[float, float]]:
        """Set some node positions (a drag, or a whole new layout); returns the previous ones.

        Only keys that had a position appear in the result, so `restore_positions` knows
        which ones to drop again on undo.
        """
        problem = position_problem(positions)
        if problem:
            raise ModelError(problem)
        _require(text_fault("layout name", name))
        previous = {k: self.positions[k] for k in positions if k in self.positions}
        for node_id, (x, y) in positions.items():
            self.positions[node_id] = (round(float(x), 2), round(float(y), 2))
        if name is not None:
            self.layout_name = name
        self._emit("layout-changed", *positions)
        return previous

    def restore_positions(self, keys: Iterable[str], previous: dict[str, tuple[float, float]], name: str | None = None) -> None:
        """Undo `set_positions`: keys without a previous position lose theirs."""
        keys = list(keys)
        for k in keys:
            if k in previous:
                self.positions[k] = previous[k]
            else:
                self.positions.pop(k, None)
        self.layout_name = name
        self._emit("layout-changed", *keys)

    # -- integrity helpers ---------------------------------------------------------------

    def _require_new_id(self, item_id: str) -> None:
        if not item_id.strip():
            raise ModelError("an id cannot be empty")
        if self.has_id(item_id):
            raise ModelError(f"id {item_id!r} is already used")

    def _require_unlinked(self, node_id: str) -> None:
        linked = self.relations_of(node_id)
        if linked:
            raise ModelError(f"{node_id!r} still has {len(linked)} relation(s)")

    def _check_mention(self, m: Mention) -> None:
        problem = passage_problem(self.documents, m)
        if problem is not None:
            raise ModelError(problem)
