"""Text as argmap shows it in lists, menus, messages and tooltips: one way to shorten it and one
way to name a node, for every panel, dialog, command and report."""

from __future__ import annotations

import html
import re

from argmap.model.annotations import Actor, Claim, Corpus


def shorten(text: str | None, n: int) -> str:
    """The text on one line (runs of whitespace become one space), cut to n characters with "…"."""
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def node_name(corpus: Corpus, node_id: str) -> str:
    """An actor's name or a claim's text (the id for anything else)."""
    node = corpus.node(node_id)
    if isinstance(node, Actor):
        return node.name
    return node.text if node is not None else node_id


def node_label(corpus: Corpus, node_id: str, width: int = 30) -> str:
    """A short name for a claim or actor, or for a relation ("supports link r3 (A → B)", an undercut's target)."""
    rel = corpus.relations.get(node_id) if corpus.node(node_id) is None else None
    if rel is not None:
        return f"{rel.kind} link {rel.id} ({node_label(corpus, rel.source, 16)} → {node_label(corpus, rel.target, 16)})"
    node = corpus.node(node_id)
    text = node.name if isinstance(node, Actor) else node.text if isinstance(node, Claim) else node_id
    return text if len(text) <= width else text[: width - 1] + "…"


def named(corpus: Corpus, node_id: str, width: int = 30) -> str:
    """A node or link as a sentence can carry it (undo steps, messages): a claim in quotes, an actor by
    name, a link as “A” supports “B”; never a bare id, and a shortened claim never runs into the next word."""
    rel = corpus.relations.get(node_id) if corpus.node(node_id) is None else None
    if rel is not None:
        return f"{named(corpus, rel.source, width)} {rel.kind} {named(corpus, rel.target, width)}"
    node = corpus.node(node_id)
    if isinstance(node, Claim):
        return f"“{node_label(corpus, node_id, width)}”"
    return node_label(corpus, node_id, width)


def readable(corpus: Corpus, text: str) -> str:
    """A note as a reader needs it: the ids annotators write in notes (d3, c-ukraine-behind, r40,
    a-putin) replaced by the document's title, the claim's words, the link's ends or the actor's name."""

    def name(match: re.Match[str]) -> str:
        token = match.group(0)
        if not any(ch.isdigit() or ch == "-" for ch in token):  # a plain word ("mayor") stays a word
            return token
        if token in corpus.documents:
            return f"‘{shorten(corpus.documents[token].title or token, 40)}’"
        if token in corpus.relations or corpus.node(token) is not None:
            return named(corpus, token, 40)
        return token

    return _ID_TOKEN.sub(name, text) if text else text


_ID_TOKEN = re.compile(r"(?<![\w-])[A-Za-z][\w]*(?:-[\w]+)*(?![\w-])")


def html_text(text: str) -> str:
    """Plain text made safe inside Qt rich text (quotes left as they are: not an attribute value)."""
    return html.escape(text, quote=False)
