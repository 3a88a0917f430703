"""Commands on claims: add one from selected text, add or remove its mentions, edit its text,
delete it with its links."""

from __future__ import annotations

from argmap.commands.base import (
    CLAIM_PREFIX,
    CorpusCommand,
    JournalCommand,
    Provenance,
    check_mention,
    provenance,
    slug_id,
    undercuts_first,
)
from argmap.model.annotations import (
    ACTOR_RELATIONS,
    STATES,
    Claim,
    Corpus,
    ModelError,
    Relation,
)
from argmap.model.corpus import Mention
from argmap.model.rules import item_text_fault, require, text_fault
from argmap.model.text import named


class AddClaim(CorpusCommand):
    """A new claim from a mention (selected text), optionally asserted or denied by an actor."""

    def __init__(self, corpus: Corpus, text: str, mention: Mention, *, actor: str | None = None, stance: str = "asserts",
                 voice: str = STATES, claim_id: str | None = None, prov: Provenance | None = None) -> None:
        text = text.strip()
        if not text:
            raise ModelError("A claim needs a text.")
        check_mention(corpus, mention)
        created, author = prov or provenance()
        self.claim = Claim(claim_id or slug_id(corpus, text, CLAIM_PREFIX), text, [mention], "manual", created, author)
        require(item_text_fault(self.claim))
        self.attribution: Relation | None = None
        if actor is not None:
            if actor not in corpus.actors:
                raise ModelError(f"There is no actor {actor!r}.")
            if stance not in ACTOR_RELATIONS:
                raise ModelError(f"{stance!r} is not one of {', '.join(ACTOR_RELATIONS)}.")
            problem = corpus.attribution_problem(voice, None, actor)
            if problem:
                raise ModelError(f"Cannot attribute: {problem}.")
            rel_id = corpus.new_id("r")
            if rel_id == self.claim.id:  # ids share one namespace
                rel_id = f"{rel_id}-1"
            self.attribution = Relation(rel_id, stance, actor, self.claim.id, [], "manual", created, author, voice=voice)
        super().__init__(corpus, f"New claim “{text if len(text) <= 30 else text[:29] + '…'}”")

    def redo(self) -> None:
        self.corpus.add_claim(self.claim)
        if self.attribution is not None:
            self.corpus.add_relation(self.attribution)

    def undo(self) -> None:
        if self.attribution is not None:
            self.corpus.remove_relation(self.attribution.id)
        self.corpus.remove_claim(self.claim.id)


class _ClaimEdit(CorpusCommand):
    """A change to an existing claim, which records on the claim when and by whom it was made
    (`modified`, `modified_by`; a seed claim keeps `origin: seed`). Undo restores the old record."""

    def __init__(self, corpus: Corpus, claim_id: str, text: str, prov: Provenance | None = None) -> None:
        super().__init__(corpus, text)
        self.claim_id = claim_id
        self.stamp = prov or provenance()
        self._stamp_before: tuple[str | None, str | None] = (None, None)

    def stamp_claim(self) -> None:
        self._stamp_before = self.corpus.set_claim_modified(self.claim_id, *self.stamp)

    def unstamp_claim(self) -> None:
        self.corpus.set_claim_modified(self.claim_id, *self._stamp_before)


class AddMention(_ClaimEdit):
    """Tie another passage of a source text to an existing claim."""

    def __init__(self, corpus: Corpus, claim_id: str, mention: Mention, *, prov: Provenance | None = None) -> None:
        claim = corpus.claims.get(claim_id)
        if claim is None:
            raise ModelError(f"There is no claim {claim_id!r}.")
        check_mention(corpus, mention)
        if mention in claim.mentions:
            raise ModelError("The claim already has that mention.")
        super().__init__(corpus, claim_id, f"Add mention to {named(corpus, claim_id)}", prov)
        self.mention = mention
        self._index: int | None = None

    def redo(self) -> None:
        self._index = self.corpus.add_mention(self.claim_id, self.mention)
        self.stamp_claim()

    def undo(self) -> None:
        assert self._index is not None
        self.unstamp_claim()
        self.corpus.remove_mention(self.claim_id, self._index)


class RemoveMention(_ClaimEdit):
    def __init__(self, corpus: Corpus, claim_id: str, index: int, *, prov: Provenance | None = None) -> None:
        claim = corpus.claims.get(claim_id)
        if claim is None or not 0 <= index < len(claim.mentions):
            raise ModelError(f"There is no mention {index} of {claim_id!r}.")
        if len(claim.mentions) == 1:
            raise ModelError("A claim needs at least one mention: delete the claim instead.")
        super().__init__(corpus, claim_id, f"Remove mention from {named(corpus, claim_id)}", prov)
        self.index = index
        self._mention: Mention | None = None

    def redo(self) -> None:
        self._mention = self.corpus.remove_mention(self.claim_id, self.index)
        self.stamp_claim()

    def undo(self) -> None:
        assert self._mention is not None
        self.unstamp_claim()
        self.corpus.add_mention(self.claim_id, self._mention, self.index)


class EditClaimText(_ClaimEdit):
    def __init__(self, corpus: Corpus, claim_id: str, text: str, *, prov: Provenance | None = None) -> None:
        if claim_id not in corpus.claims:
            raise ModelError(f"There is no claim {claim_id!r}.")
        text = text.strip()
        if not text:
            raise ModelError("A claim needs a text.")
        require(text_fault("text", text))
        super().__init__(corpus, claim_id, f"Edit claim text of {named(corpus, claim_id)}", prov)
        self.text_after = text
        self._before: str | None = None

    def redo(self) -> None:
        self._before = self.corpus.set_claim_text(self.claim_id, self.text_after)
        self.stamp_claim()

    def undo(self) -> None:
        assert self._before is not None
        self.unstamp_claim()
        self.corpus.set_claim_text(self.claim_id, self._before)


class DeleteClaim(JournalCommand):
    """Delete a claim with every relation touching it and its saved position."""

    def __init__(self, corpus: Corpus, claim_id: str) -> None:
        if claim_id not in corpus.claims:
            raise ModelError(f"There is no claim {claim_id!r}.")
        n = len(corpus.relations_of(claim_id))
        links = f" and {n} link{'s' if n != 1 else ''}" if n else ""
        super().__init__(corpus, f"Delete claim {named(corpus, claim_id)}{links}")
        self.claim_id = claim_id

    def apply(self) -> None:
        for rel_id in undercuts_first(self.corpus, [r.id for r in self.corpus.relations_of(self.claim_id)]):
            self.remove_relation(rel_id)
        self.drop_position(self.claim_id)
        claim, index = self.corpus.remove_claim(self.claim_id)
        self.log(lambda: self.corpus.add_claim(claim, index))
