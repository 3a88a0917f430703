"""Where the quotes of a changed document occur now: one suffix array per document, one binary
search per distinct quote.

Re-anchoring asks of each quote whether it occurs exactly once in the new text, and where.
Searching the text once per distinct quote costs quotes x text length (2,000 quotes in a 60 MB
text took 37 s here). All the occurrences of a quote are one contiguous run of the text's sorted
suffixes, so with the suffix array built once (libdivsufsort, O(n log n) at worst, 4 bytes per
byte of text) each quote is two binary searches, O(len(quote) log n), and its count is the width
of its run: no step per occurrence, however often it occurs or however the quotes nest.

The array is over the UTF-8 bytes. A quote's encoding starts with a lead byte, so every match
starts on a character; byte offsets become code-point offsets through a table of per-block counts.
"""

from __future__ import annotations

from pydivsufsort import divsufsort, sa_search

BLOCK = 4096  # bytes between two entries of the byte -> code point table
_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 bytes that do not start a character


class QuoteIndex:
    """Answers `occurrences(quote)` for one text; build it only for a text that needs re-anchoring."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8")
        self.suffixes = divsufsort(self.data)
        self.ascii = text.isascii()
        self._chars_before: list[int] = []  # code points before each BLOCK-th byte, made on first need

    def occurrences(self, quote: str) -> tuple[int, int]:
        """(start offset of the occurrence in code points if there is exactly one, else -1; how many
        times `quote` occurs, overlapping ones counted)."""
        pattern = quote.encode("utf-8", "surrogatepass")  # a lone surrogate matches no valid text
        count, left = sa_search(self.data, self.suffixes, pattern)
        if count != 1:
            return -1, count
        return self.code_points_before(int(self.suffixes[left])), 1

    def code_points_before(self, byte: int) -> int:
        """How many characters the text has before byte offset `byte` (a character boundary)."""
        if self.ascii:
            return byte
        if not self._chars_before:
            total, table, data = 0, [0], self.data
            for at in range(0, len(data), BLOCK):
                total += len(data[at:at + BLOCK].translate(None, _CONTINUATION))
                table.append(total)
            self._chars_before = table
        block = byte // BLOCK
        return self._chars_before[block] + len(self.data[block * BLOCK:byte].translate(None, _CONTINUATION))


class Anchors:
    """The occurrences of quotes in the changed documents of one load: one index per document,
    each (document, quote) looked up once, so many mentions of one quote cost one search."""

    def __init__(self) -> None:
        self.indexes: dict[str, QuoteIndex] = {}
        self.found: dict[tuple[str, str], tuple[int, int]] = {}

    def occurrences(self, doc_id: str, text: str, quote: str) -> tuple[int, int]:
        """As QuoteIndex.occurrences, for `quote` in document `doc_id` (whose text is `text`)."""
        key = (doc_id, quote)
        found = self.found.get(key)
        if found is None:
            index = self.indexes.get(doc_id)
            if index is None:
                index = self.indexes[doc_id] = QuoteIndex(text)
            found = self.found[key] = index.occurrences(quote)
        return found
