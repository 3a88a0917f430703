"""Convert between model offsets (Python code points) and Qt text positions (UTF-16 units).

The annotation format counts code points; QTextCursor counts UTF-16 code units. They differ
by one for every character outside the Basic Multilingual Plane (emoji, some CJK) that comes
before the offset, so every offset crossing the Qt boundary goes through an `OffsetMap`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class OffsetMap:
    """Both directions of the conversion for one text, in O(log n) per offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        # code-point indices of the characters that take two UTF-16 units
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        # their UTF-16 positions (the first unit of each surrogate pair)
        self._astral_qt = [i + n for n, i in enumerate(self._astral)]

    @property
    def simple(self) -> bool:
        """True when both offset systems agree everywhere (no non-BMP character)."""
        return not self._astral

    def to_qt(self, index: int) -> int:
        """UTF-16 position of code-point `index` (0..len(text))."""
        return index + bisect_left(self._astral, index)

    def to_py(self, pos: int) -> int:
        """Code-point index of UTF-16 position `pos`; a position inside a pair rounds down."""
        # pairs starting before pos; one starting at pos - 1 is cut in half, which rounds down
        return pos - bisect_right(self._astral_qt, pos - 1)

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
