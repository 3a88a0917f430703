"""OVA's source text is HTML with the analysed spans highlighted: turn it into plain text,
remembering where each `<span id="node...">` sits, so mentions get exact offsets."""

from __future__ import annotations

from html.parser import HTMLParser

_BREAKS = {"br", "p", "div", "li", "tr"}


class _SpanText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.stack: list[tuple[str | None, int]] = []
        self.spans: dict[str, tuple[int, int]] = {}

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS and self.length and not self.parts[-1].endswith("\n"):
            self._emit("\n")
        if tag == "span":
            span_id = dict(attrs).get("id")
            self.stack.append((span_id, self.length))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.stack:
            span_id, start = self.stack.pop()
            if span_id and span_id.startswith("node") and self.length > start:
                self.spans.setdefault(span_id[4:], (start, self.length))
        elif tag in ("p", "div", "li", "tr") and self.length and not self.parts[-1].endswith("\n"):
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        self._emit(data)  # byte for byte: no-break spaces and CR LF stay as written


def html_to_text(html: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """Plain text and {L-node id: (start, end)} of OVA's highlighted spans (ids without "node")."""
    parser = _SpanText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts), parser.spans
