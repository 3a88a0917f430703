"""Split an AIF import's one text back into the documents argmap's export marked in it.

argmap's AIF/OVA export wraps each document of the corpus in `<div class="argmap-document"
data-id=... title=...>` inside the HTML `text`; the importer reads the whole text first, then
this makes one document of each div, with every mention and evidence moved to its document.
When something lies outside the divs (OVA3 edited the text, locutions placed at its end), the
import keeps one text and says so.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from argmap.model.annotations import Corpus
from argmap.model.corpus import Document, Mention
from argmap.model.ids import free_id, slug

Range = tuple[int, int, dict[str, str | None]]


def split_documents(corpus: Corpus, ranges: list[Range]) -> tuple[Corpus, str | None]:
    """The corpus with one document per range (or unchanged), and a line for the summary."""
    if not ranges or len(corpus.documents) != 1:
        return corpus, None
    (whole,) = corpus.documents.values()
    starts = [s for s, _e, _a in ranges]

    def home(m: Mention) -> int | None:
        i = bisect.bisect_right(starts, m.start) - 1
        return i if i >= 0 and m.end <= ranges[i][1] else None

    mentions = [m for c in corpus.claims.values() for m in c.mentions] + [
        m for r in corpus.relations.values() for m in r.evidence]
    if any(home(m) is None for m in mentions):
        return corpus, (f"the text has {len(ranges)} argmap document marks, but some words lie outside them: "
                        "kept as one document")
    taken = corpus.all_ids() - {whole.id}
    new = Corpus()
    docs: list[Document] = []
    for start, end, attrs in ranges:
        base = slug(attrs.get("data-id") or "", words=8, fallback="document")
        doc_id = free_id(base, taken)[0]
        taken.add(doc_id)
        title = (attrs.get("title") or "").strip() or doc_id
        docs.append(Document(doc_id, f"{doc_id}.txt", title, whole.text[start:end]))
        new.add_document(docs[-1])

    def moved(m: Mention) -> Mention:
        i = home(m)
        assert i is not None
        start = ranges[i][0]
        return Mention(docs[i].id, m.start - start, m.end - start, m.quote)

    for actor in corpus.actors.values():
        new.add_actor(actor)
    for claim in corpus.claims.values():
        new.add_claim(replace(claim, mentions=[moved(m) for m in claim.mentions]))
    for rel in corpus.relations.values():
        new.add_relation(replace(rel, evidence=[moved(m) for m in rel.evidence]))
    if corpus.positions:
        new.set_positions(dict(corpus.positions), corpus.layout_name)
    return new, f"documents: {len(docs)}, as argmap's export marked them (ids and titles kept)"
