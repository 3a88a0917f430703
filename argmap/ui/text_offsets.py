"""Convert between model offsets (Python code points) and Qt text positions (UTF-16 units).

The annotation format counts code points of the document exactly as stored; QTextCursor counts
positions in the QTextDocument that `setPlainText` builds from it. They differ in three ways, and
every offset crossing the Qt boundary goes through an `OffsetMap` that knows all three:

- a character outside the Basic Multilingual Plane (emoji, some CJK) takes two UTF-16 units;
- a byte-order mark at the very start is dropped;
- each CR LF becomes one paragraph break (the CR is dropped; a lone CR or LF is a break of its own).

So documents are shown and annotated as stored: nothing is normalised, and a passage selected
in the panel maps back to the exact code points of the file.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CR_OF_CRLF = re.compile("\r(?=\n)")
BOM = "\ufeff"


class OffsetMap:
    """Both directions of the conversion for one text, in O(log n) per offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        # code-point indices of the characters that take two UTF-16 units
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # code-point indices of the characters QTextDocument leaves out: a leading BOM, the CR of CR LF
        self._dropped = [m.start() for m in _CR_OF_CRLF.finditer(text)]
        self._lead = 1 if text.startswith(BOM) else 0
        if self._lead:
            self._dropped.insert(0, 0)
        self._positions = range(len(text) + 1)

    @property
    def simple(self) -> bool:
        """True when both offset systems agree everywhere."""
        return not self._astral and not self._dropped

    def to_qt(self, index: int) -> int:
        """Qt position of code-point `index` (0..len(text)); a dropped character maps to the
        position of what follows it (the CR of CR LF to its paragraph break)."""
        return index + bisect_left(self._astral, index) - bisect_left(self._dropped, index)

    def to_py(self, pos: int) -> int:
        """Code-point index of Qt position `pos`: the first code point of the character there
        (the CR of a CR LF break, never a leading BOM); a position inside a surrogate pair rounds down."""
        if self.simple:
            return max(0, min(pos, len(self.text)))
        index = bisect_left(self._positions, pos, key=self.to_qt)
        if index > len(self.text):
            return len(self.text)
        if index > 0 and self.to_qt(index) > pos:  # pos is the second half of an astral character
            index -= 1
        return max(index, self._lead)

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def span_to_py(self, start: int, end: int) -> tuple[int, int]:
        return self.to_py(start), self.to_py(end)


def py_to_qt(text: str, index: int) -> int:
    return OffsetMap(text).to_qt(index)


def qt_to_py(text: str, pos: int) -> int:
    return OffsetMap(text).to_py(pos)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
