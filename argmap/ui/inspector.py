"""The inspector: everything about the selected claim or actor, every item a link.

Rendered as HTML in a QTextBrowser. Each link is a short fragment (`#l7`) looked up in a
table, so ids need no escaping. Clicking a link emits a navigation signal; right-clicking a
relation or node link emits a context-menu signal the editing code hooks into.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from PySide6.QtCore import QPoint, QRect, QUrl, Signal
from PySide6.QtGui import QContextMenuEvent, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from argmap.model.annotations import ACTOR_RELATIONS, UNDERCUT, VOICES, Corpus, Relation
from argmap.model.text import readable, shorten
from argmap.ui.marks import role_colour
from argmap.ui.roles import link_phrase, node_name, role_summary, voice_phrase


@dataclass(slots=True)
class StatusNote:
    """What still stands, for one claim, as the analysis last computed it (the Inspector only shows it)."""

    status: str  # accepted / rejected / undecided / excluded
    why: str  # "rejected: attacked by “X”, which nothing attacks"
    scope: str  # what was accepted: "every source and actor", "only the sources d1, d3"
    because: list[str] = field(default_factory=list)  # claims the explanation names: each a link


_STATUS_LOOK = {"accepted": ("✓", "#1b7a43"), "rejected": ("✗", "#b03a2e"), "undecided": ("?", "#8a5a00"),
                "excluded": ("–", "#8a919c")}
ORIGIN_WORDS = {"seed": "from the corpus", "manual": "added by hand"}  # a link's origin, in words
GLANCE_NAMES = 4  # names per kind in the summary under the title; the full lists follow
MENTIONS_SHOWN = 3  # a longer mention list is folded after this many, behind a "Show more" link
# a longer list of links of one kind is folded too: a hub's thousand rows took 0.1-0.3 s to lay out per click
RELATIONS_SHOWN = 25
_KIND_TITLES = {
    # (kind, direction seen from the inspected node): section title
    ("supports", "out"): "Supports",
    ("rebuts", "out"): "Rebuts",
    ("undercuts", "out"): "Undercuts the link",
    ("supports", "in"): "Supported by",
    ("rebuts", "in"): "Rebutted by",
    ("asserts", "in"): "Asserted by",
    ("denies", "in"): "Denied by",
    ("asserts", "out"): "Asserts",
    ("denies", "out"): "Denies",
}
_ORDER = [("asserts", "in"), ("denies", "in"), ("supports", "out"), ("rebuts", "out"), ("undercuts", "out"),
          ("supports", "in"), ("rebuts", "in"), ("asserts", "out"), ("denies", "out")]
_VOICE_TITLES = {"states": "stated outright", "suggests": "hinted, implied or hedged", "reports": "relayed from another account"}



def origin_text(item) -> str:
    """Where a claim or link came from, and its last change by hand: "seed · edited by ana, 2026-12-02"."""
    if not getattr(item, "modified", None):
        return item.origin
    by = f" by {item.modified_by}" if item.modified_by else ""
    return f"{item.origin} · edited{by}, {item.modified[:10]}"

class Inspector(QTextBrowser):
    nodeRequested = Signal(str)  # go to this node
    relationRequested = Signal(str)  # show this link (both of its ends)
    linkShown = Signal(str)  # a link (not a node) is now what the inspector shows
    mentionRequested = Signal(str, int)  # claim id, mention index: open its document there
    evidenceRequested = Signal(str, int)  # relation id, evidence index
    relationContextMenuRequested = Signal(str, QPoint)  # relation id, global position
    nodeContextMenuRequested = Signal(str, QPoint)  # node id, global position
    nodeEditRequested = Signal(str)  # a double-click on the shown node (not on a link in it)
    statusRequested = Signal()  # "does it still stand?": compute what still stands

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self.corpus: Corpus | None = None
        self.roles: dict[str, str] = {}
        self.node_id: str | None = None
        self.relation_id: str | None = None  # when a link is shown instead of a node
        self._links: dict[str, tuple[str, ...]] = {}
        self._all_mentions = False
        # set by the analysis: the claim's status with its reason, or None when nothing is computed yet
        self.status_of: Callable[[str], StatusNote | None] | None = None
        self._all_relations: set[tuple[str, str]] = set()  # (kind, direction) sections opened in full
        self.document().setDocumentMargin(14)
        self.show_node(None)

    def set_corpus(self, corpus: Corpus | None, roles: dict[str, str] | None = None) -> None:
        self.corpus = corpus
        self.roles = dict(roles or {})
        if corpus is not None and self.relation_id in corpus.relations:
            self.show_relation(self.relation_id)
        else:
            self.show_node(self.node_id if corpus and corpus.node(self.node_id or "") else None)

    def shows_any(self, ids: set[str]) -> bool:
        """Whether an edit of these nodes or links changes what is shown: the item itself, its links, their ends."""
        shown = {i for i in (self.node_id, self.relation_id) if i is not None}
        if self.corpus is None or not shown:
            return False
        near = set(shown)
        for item in shown:
            rel = self.corpus.relations.get(item)
            if rel is not None:
                near.update((rel.source, rel.target))
            for r in self.corpus.relations_of(item):
                near.update((r.id, r.source, r.target))
        return not near.isdisjoint(ids)

    def refresh(self) -> None:
        """Draw what is shown again (the analysis computed a new status), keeping the scroll position."""
        if self.relation_id is not None and self.corpus is not None and self.relation_id in self.corpus.relations:
            self.show_relation(self.relation_id)
        else:
            self.show_node(self.node_id if self.corpus and self.corpus.node(self.node_id or "") else None)

    # -- links -------------------------------------------------------------------------

    def _link(self, target: tuple[str, ...], label: str, cls: str = "") -> str:
        key = f"l{len(self._links)}"
        self._links[key] = target
        style = f' class="{cls}"' if cls else ""
        return f'<a href="#{key}"{style}>{label}</a>'

    def links(self) -> dict[str, tuple[str, ...]]:
        """Every link shown, href -> target (("node", id), ("mention", claim, i), ("relation", id), ...)."""
        return {f"#{k}": v for k, v in self._links.items()}

    def href_for(self, *target: str) -> str | None:
        return next((h for h, t in self.links().items() if t == target), None)

    def anchor_rect(self, href: str) -> QRect:
        """Viewport rectangle of the first character of a link (for tests and tours)."""
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                if frag.charFormat().anchorHref() == href:
                    cursor = QTextCursor(self.document())
                    cursor.setPosition(frag.position() + 1)
                    return self.cursorRect(cursor)
                it += 1
            block = block.next()
        return QRect()

    def _on_anchor(self, url: QUrl) -> None:
        target = self._links.get(url.fragment())
        if not target:
            return
        kind = target[0]
        if kind in ("all_mentions", "all_relations"):  # the long list, opened in place
            if kind == "all_mentions":
                self._all_mentions = True
            else:
                self._all_relations.add((target[1], target[2]))
            scroll = self.verticalScrollBar().value()
            self.show_node(self.node_id)
            self.verticalScrollBar().setValue(scroll)
            return
        if kind == "status":
            self.statusRequested.emit()
        elif kind == "node":
            self.nodeRequested.emit(target[1])
        elif kind == "relation" and self.corpus and target[1] in self.corpus.relations:
            rel = self.corpus.relations[target[1]]
            other = rel.target if rel.source == self.node_id else rel.source
            if other in self.corpus.relations:  # an undercut's target is a link
                self.relationRequested.emit(other)
            else:
                self.nodeRequested.emit(other)
        elif kind == "link":
            self.relationRequested.emit(target[1])
        elif kind == "mention":
            self.mentionRequested.emit(target[1], int(target[2]))
        elif kind == "evidence":
            self.evidenceRequested.emit(target[1], int(target[2]))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.node_id is not None and not self.anchorAt(event.position().toPoint()):
            self.nodeEditRequested.emit(self.node_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        href = self.anchorAt(event.pos())
        target = self._links.get(href.lstrip("#")) if href else None
        if target and target[0] in ("relation", "evidence"):
            self.relationContextMenuRequested.emit(target[1], event.globalPos())
        elif target and target[0] == "node":
            self.nodeContextMenuRequested.emit(target[1], event.globalPos())
        elif target and target[0] == "link":
            self.relationContextMenuRequested.emit(target[1], event.globalPos())
        elif self.relation_id and not href:
            self.relationContextMenuRequested.emit(self.relation_id, event.globalPos())
        elif self.node_id and not href:
            self.nodeContextMenuRequested.emit(self.node_id, event.globalPos())
        else:
            super().contextMenuEvent(event)

    # -- content -----------------------------------------------------------------------

    def show_node(self, node_id: str | None) -> None:
        same = node_id == self.node_id and self.relation_id is None
        if not same:
            self._all_mentions = False  # a new selection starts with its long lists folded
            self._all_relations = set()
        self.node_id = node_id
        self.relation_id = None
        self._links = {}
        corpus = self.corpus
        if corpus is None:
            html = _empty("No corpus open", "Open a corpus folder with File ▸ Open…")
        elif node_id is None or corpus.node(node_id) is None:
            html = _empty("Nothing selected", "Click a claim or an actor in the map, a shaded passage in the text, "
                                              "or search with Ctrl+F.")
        elif node_id in corpus.claims:
            html = self._claim_html(node_id)
        else:
            html = self._actor_html(node_id)
        scroll = self.verticalScrollBar().value()
        self.setHtml(_CSS + html)
        self.verticalScrollBar().setValue(scroll if same else 0)

    def _claim_html(self, claim_id: str) -> str:
        assert self.corpus is not None
        claim = self.corpus.claims[claim_id]
        role = self.roles.get(claim_id, "claim")
        summary = role_summary(self.corpus, claim_id)
        parts = [
            f'<p class="kind" style="color:{role_colour(role)}">CLAIM'
            f'<span class="id">  ·  {escape(claim.id)}  ·  {escape(origin_text(claim))}</span></p>',
            f'<p class="title">{escape(claim.text)}</p>',
            f'<p class="roles">{escape(summary) if summary else "not linked to another claim yet"}</p>',
        ]
        parts.append(self._glance_html(claim_id))
        if claim.note:
            parts.append(f'<p class="note">{escape(readable(self.corpus, claim.note))}</p>')
        parts.append(self._status_html(claim_id))
        parts.append(self._relation_sections(claim_id, [("asserts", "in"), ("denies", "in")]))
        parts.append(self._relation_sections(claim_id, [k for k in _ORDER if k[0] not in ACTOR_RELATIONS]))
        parts.append(f'<p class="h">Mentions <span class="count">{len(claim.mentions)}</span></p>')
        shown = claim.mentions if self._all_mentions or len(claim.mentions) <= MENTIONS_SHOWN + 1 else \
            claim.mentions[:MENTIONS_SHOWN]
        for i, m in enumerate(shown):
            doc = self.corpus.documents.get(m.doc)
            title = escape(doc.title if doc else m.doc)
            parts.append(f'<p class="item">{self._link(("mention", claim_id, str(i)), "“" + escape(shorten(m.quote, 160)) + "”")}'
                         f'<br><span class="where">{title} · {m.start}–{m.end}</span></p>')
        if len(shown) < len(claim.mentions):  # folded, so the links below are not pages away
            more = len(claim.mentions) - len(shown)
            label = f"Show {more} more mention" + ("s" if more != 1 else "") + "…"
            parts.append(f'<p class="item">{self._link(("all_mentions",), label)}</p>')
        return "".join(parts)

    def _glance_html(self, claim_id: str) -> str:
        """Who says it, what answers it and what backs it, named, right under its text: "who blames
        Ukraine, and what answers it?" without scrolling."""
        corpus = self.corpus
        assert corpus is not None
        into = [r for r in corpus.relations_of(claim_id) if r.target == claim_id]
        groups = [("Asserted by", [r.source for r in into if r.kind == "asserts"], "asserts"),  # who says it
                  ("Rebutted by", [r.source for r in into if r.kind == "rebuts"], "rebuts"),
                  ("Undercut by", [u.source for r in into for u in corpus.undercuts_of(r.id)], "undercuts"),
                  ("Denied by", [r.source for r in into if r.kind == "denies"], "denies"),
                  ("Supported by", [r.source for r in into if r.kind == "supports"], "supports")]
        rows = []
        for title, sources, kind in groups:
            sources = list(dict.fromkeys(sources))  # one claim undercutting two of its links is named once
            if not sources:
                continue
            names = [self._link(("node", c), escape(shorten(node_name(corpus, c), 70))) for c in sources[:GLANCE_NAMES]]
            more = f" · and {len(sources) - GLANCE_NAMES} more below" if len(sources) > GLANCE_NAMES else ""
            rows.append(f'<p class="glance"><span style="color:{role_colour(kind)}">●</span> <b>{title} '
                        f'{len(sources)}</b>: {" · ".join(names)}{more}</p>')
        return "".join(rows)

    def _status_html(self, claim_id: str) -> str:
        """Does it still stand, and why: the reason in words, each claim it names a link."""
        if self.status_of is None:
            return ""
        note = self.status_of(claim_id)
        if note is None:
            return f'<p class="status">{self._link(("status",), "Does it still stand? Explain…")}</p>'
        mark, colour = _STATUS_LOOK.get(note.status, ("", "#4a525e"))
        why = note.why[:1].upper() + note.why[1:]
        corpus = self.corpus
        names = [self._link(("node", c), escape(shorten(node_name(corpus, c), 60))) for c in note.because
                 if corpus is not None and corpus.node(c) is not None]
        parts = [f'<p class="h">What still stands <span class="count">({escape(note.scope)})</span></p>',
                 f'<p class="item"><span style="color:{colour}; font-weight:700">{mark} {escape(note.status)}</span>'
                 f' · {escape(why)}</p>']
        if names:
            parts.append(f'<p class="item where">see {" · ".join(names)}</p>')
        return "".join(parts)

    def _actor_html(self, actor_id: str) -> str:
        assert self.corpus is not None
        actor = self.corpus.actors[actor_id]
        parts = [
            f'<p class="kind" style="color:{role_colour("actor")}">ACTOR<span class="id">  ·  {escape(actor.type)}'
            f'  ·  {escape(actor.id)}</span></p>',
            f'<p class="title">{escape(actor.name)}</p>',
        ]
        summary = role_summary(self.corpus, actor_id)
        if summary:
            parts.append(f'<p class="roles">{escape(summary)}</p>')
        if actor.aliases:
            parts.append(f'<p class="where">Also called: {escape(", ".join(actor.aliases))}</p>')
        section = self._relation_sections(actor_id, [("asserts", "out"), ("denies", "out")])
        parts.append(section or '<p class="empty">This actor asserts and denies nothing yet.</p>')
        return "".join(parts)

    def _relation_sections(self, node_id: str, order: list[tuple[str, str]]) -> str:
        assert self.corpus is not None
        groups: dict[tuple[str, str], list[Relation]] = {}
        for rel in self.corpus.relations_of(node_id):
            direction = "out" if rel.source == node_id else "in"
            groups.setdefault((rel.kind, direction), []).append(rel)
        parts = []
        for key in order:
            rels = groups.get(key)
            if not rels:
                continue
            kind, direction = key
            colour = role_colour(kind)
            count = f'<span class="count">{len(rels)}</span>'
            parts.append(f'<p class="h"><span style="color:{colour}">●</span> {_KIND_TITLES[key]} {count}</p>')
            folded = len(rels) > RELATIONS_SHOWN + 1 and key not in self._all_relations
            for rel in rels[:RELATIONS_SHOWN] if folded else rels:
                other_id = rel.target if direction == "out" else rel.source
                if other_id in self.corpus.relations:  # an undercut's target: the link it attacks
                    label = link_phrase(self.corpus, self.corpus.relations[other_id], 60)
                else:
                    label = node_name(self.corpus, other_id)
                row = [f'<p class="item">{self._link(("relation", rel.id), escape(shorten(label, 200)))}']
                voice = voice_phrase(self.corpus, rel)
                if voice:
                    row.append(f'<br><span class="voice">{escape(voice)}</span>')
                row.append(self._evidence_and_note(rel))
                for undercut in self.corpus.undercuts_of(rel.id):
                    who = self._link(("node", undercut.source), escape(shorten(node_name(self.corpus, undercut.source), 120)))
                    row.append(f'<br><span class="undercut">undercut by {who}</span>')
                row.append(f'<br><span class="where">{escape(ORIGIN_WORDS.get(rel.origin, rel.origin))}'
                           f'{self._unsupported(rel)} · {self._link(("link", rel.id), "the link")}'
                           f'<span class="id"> · {escape(rel.id)}</span></span></p>')
                parts.append("".join(row))
            if folded:
                more = len(rels) - RELATIONS_SHOWN
                parts.append(f'<p class="item">{self._link(("all_relations", kind, direction), f"Show {more} more…")}</p>')
        return "".join(parts)

    def _evidence_and_note(self, rel: Relation) -> str:
        row = []
        for i, ev in enumerate(rel.evidence):
            quote = "“" + escape(shorten(ev.quote, 160)) + "”"
            row.append(f'<br><span class="quote">{self._link(("evidence", rel.id, str(i)), quote, "ev")}</span>')
        if rel.note:
            row.append(f'<br><span class="note">{escape(readable(self.corpus, rel.note) if self.corpus else rel.note)}</span>')
        return "".join(row)

    @staticmethod
    def _unsupported(rel: Relation) -> str:
        if rel.kind in ACTOR_RELATIONS or rel.evidence or (rel.note or "").strip():
            return ""
        return ' · <span class="warn">no quote, no note</span>'

    def show_relation(self, rel_id: str) -> None:
        """A link with both of its ends (for an undercut: the link it attacks), how it was voiced, its evidence."""
        corpus = self.corpus
        if corpus is None or rel_id not in corpus.relations:
            self.show_node(None)
            return
        same = rel_id == self.relation_id
        self.relation_id, self.node_id = rel_id, None
        self._links = {}
        rel = corpus.relations[rel_id]
        node = lambda n: self._link(("node", n), escape(shorten(node_name(corpus, n), 200)))  # noqa: E731
        parts = [f'<p class="kind" style="color:{role_colour(rel.kind)}">LINK · {escape(rel.kind.upper())}'
                 f'<span class="id">  ·  {escape(rel.id)}  ·  {escape(origin_text(rel))}</span></p>',
                 f'<p class="item">{node(rel.source)}</p>']
        if rel.kind == UNDERCUT and rel.target in corpus.relations:
            attacked = corpus.relations[rel.target]
            parts += [f'<p class="verb">undercuts the link {self._link(("link", attacked.id), escape(attacked.id))}, '
                      'the step from</p>',
                      f'<p class="item">{node(attacked.source)}</p>', f'<p class="verb">{escape(attacked.kind)}</p>',
                      f'<p class="item">{node(attacked.target)}</p>']
        else:
            voice = voice_phrase(corpus, rel)
            parts += [f'<p class="verb">{escape(rel.kind)}{" (" + escape(voice) + ")" if voice else ""}</p>',
                      f'<p class="item">{node(rel.target)}</p>']
        if rel.kind in ACTOR_RELATIONS:
            voice = _VOICE_TITLES.get(rel.voice, rel.voice) if rel.voice in VOICES else rel.voice
            via = f" · according to {node(rel.via)}" if rel.via else ""
            parts.append(f'<p class="h">Voiced</p><p class="item voice">{escape(voice)}{via}</p>')
        if rel.evidence:
            quotes = "".join(f'<p class="item quote">{self._link(("evidence", rel.id, str(i)), _quoted(m.quote, 300), "ev")}</p>'
                             for i, m in enumerate(rel.evidence))
            parts.append(f'<p class="h">Evidence <span class="count">{len(rel.evidence)}</span></p>{quotes}')
        if rel.note:
            parts.append(f'<p class="h">Note</p><p class="item note">{escape(rel.note)}</p>')
        if not rel.evidence and not (rel.note or "").strip() and rel.kind not in ACTOR_RELATIONS:
            parts.append('<p class="h">Evidence</p><p class="warn">No quote and no note: a reader cannot tell whether '
                         'the text says this or it is inferred. Select the passage in the source text and right-click '
                         'here to add it.</p>')
        undercuts = corpus.undercuts_of(rel_id)
        if undercuts:
            parts.append(f'<p class="h">Undercut by <span class="count">{len(undercuts)}</span></p>')
            parts.extend(f'<p class="item">{node(u.source)}{self._evidence_and_note(u)}'
                         f'<br><span class="where">{self._link(("link", u.id), escape(u.id))}</span></p>' for u in undercuts)
        scroll = self.verticalScrollBar().value()
        self.setHtml(_CSS + "".join(parts))
        self.verticalScrollBar().setValue(scroll if same else 0)
        self.linkShown.emit(rel_id)


def _quoted(s: str, n: int) -> str:
    return "“" + escape(shorten(s, n)) + "”"



def _empty(title: str, hint: str) -> str:
    return f'<p class="emptytitle">{escape(title)}</p><p class="empty">{escape(hint)}</p>'


_CSS = """
<style>
p { margin: 0; }
a { color: #1f4f86; text-decoration: none; }
a.ev { color: #6b5a1e; }
.kind { font-size: 8.5pt; font-weight: 700; letter-spacing: 1px; margin-bottom: 4px; }
.id { color: #8a919c; font-weight: 400; letter-spacing: 0; }
.title { font-size: 13.5pt; font-weight: 600; color: #1d232b; margin-bottom: 8px; }
.h { font-size: 9pt; font-weight: 700; color: #4a525e; margin-top: 14px; margin-bottom: 4px; }
.count { color: #9aa1ab; font-weight: 400; }
.item { margin-bottom: 7px; }
.where { color: #8a919c; font-size: 8.5pt; }
.quote { font-style: italic; font-size: 9pt; }
.note { color: #4a525e; font-style: italic; }
.roles { color: #4a525e; font-size: 9pt; margin-bottom: 6px; }
.glance { font-size: 9pt; margin-bottom: 4px; }
.status { font-size: 9pt; margin-bottom: 6px; }
.voice { color: #8a5a00; font-size: 9pt; font-weight: 600; }
.verb { color: #4a525e; font-size: 9pt; font-weight: 700; margin-top: 3px; margin-bottom: 3px; }
.undercut { color: #1d232b; font-size: 9pt; }
.warn { color: #a0522d; font-size: 8.5pt; }
.emptytitle { font-size: 12pt; color: #4a525e; font-weight: 600; margin-top: 8px; margin-bottom: 4px; }
.empty { color: #8a919c; }
</style>
"""
