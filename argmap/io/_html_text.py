"""OVA's source text is HTML with the analysed spans highlighted: turn it into plain text,
remembering where each `<span id="node...">` sits, so mentions get exact offsets, and where each
`<div class="argmap-document">` (argmap's export: one a document) begins and ends."""

from __future__ import annotations

from html.parser import HTMLParser

_BREAKS = {"br", "p", "div", "li", "tr"}
DOCUMENT_CLASS = "argmap-document"  # a div argmap's export writes around each document


class _SpanText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.stack: list[tuple[str | None, int]] = []
        self.spans: dict[str, tuple[int, int]] = {}
        self.divs: list[tuple[bool, int, dict[str, str | None]]] = []  # open divs: (a document?, start, attributes)
        self.documents: list[tuple[int, int, dict[str, str | None]]] = []

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div":
            named = dict(attrs)
            is_doc = named.get("class") == DOCUMENT_CLASS
            self.divs.append((is_doc, self.length, named))
            if is_doc:
                return  # a document's edge adds no line break: its text is kept as written
        if tag in _BREAKS and self.length and not self.parts[-1].endswith("\n"):
            self._emit("\n")
        if tag == "span":
            span_id = dict(attrs).get("id")
            self.stack.append((span_id, self.length))

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.divs:
            is_doc, start, named = self.divs.pop()
            if is_doc:
                self.documents.append((start, self.length, named))
                return
        if tag == "span" and self.stack:
            span_id, start = self.stack.pop()
            if span_id and span_id.startswith("node") and self.length > start:
                self.spans.setdefault(span_id[4:], (start, self.length))
        elif tag in ("p", "div", "li", "tr") and self.length and not self.parts[-1].endswith("\n"):
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        self._emit(data)  # byte for byte: no-break spaces and CR LF stay as written


def read_html(html: str) -> tuple[str, dict[str, tuple[int, int]], list[tuple[int, int, dict[str, str | None]]]]:
    """Plain text, {L-node id: (start, end)} of OVA's highlighted spans (ids without "node"), and
    the (start, end, attributes) of each argmap document div, in order."""
    parser = _SpanText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts), parser.spans, sorted(parser.documents, key=lambda d: d[0])


def html_to_text(html: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """Plain text and {L-node id: (start, end)} of OVA's highlighted spans (ids without "node")."""
    text, spans, _documents = read_html(html)
    return text, spans
