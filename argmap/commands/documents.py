"""Commands on the corpus as a whole: add source documents, restore recovered unsaved edits."""

from __future__ import annotations

from collections.abc import Iterable

from argmap.commands.base import (
    CorpusCommand,
)
from argmap.model.annotations import (
    Corpus,
    ModelError,
)
from argmap.model.corpus import Document
from argmap.model.rules import item_text_fault, require
from argmap.model.text import shorten


class AddDocuments(CorpusCommand):
    """Add source documents to the corpus (their files are written when the corpus is saved)."""

    def __init__(self, corpus: Corpus, documents: Iterable[Document]) -> None:
        self.documents = list(documents)
        if not self.documents:
            raise ModelError("No documents to add.")
        paths = [d.path for d in corpus.documents.values()]
        for doc in self.documents:
            if corpus.has_id(doc.id) or doc.path in paths:
                raise ModelError(f"The corpus already has a document {doc.id!r} ({doc.path}).")
            paths.append(doc.path)
            require(item_text_fault(doc))
        n = len(self.documents)
        super().__init__(corpus, f"Add document {shorten(self.documents[0].title, 30)}" if n == 1 else f"Add {n} documents")

    def redo(self) -> None:
        for doc in self.documents:
            self.corpus.add_document(doc)

    def undo(self) -> None:
        for doc in reversed(self.documents):
            self.corpus.remove_document(doc.id)


class RestoreAnnotations(CorpusCommand):
    """Bring back recovered unsaved edits as one undoable step (the file on disk is untouched)."""

    def __init__(self, corpus: Corpus, recovered: Corpus) -> None:
        super().__init__(corpus, "Restore recovered edits")
        self.other = recovered

    def redo(self) -> None:
        self.corpus.swap_annotations(self.other)

    def undo(self) -> None:
        self.corpus.swap_annotations(self.other)
