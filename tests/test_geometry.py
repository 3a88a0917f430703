"""Box sizes: the fast line count must match a plain greedy word wrap exactly (boxes, layouts and saved maps depend on it)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from argmap.model.geometry import CHARS_PER_LINE, line_count


def _greedy_wrap(text: str, chars: int = CHARS_PER_LINE) -> list[str]:
    """The reference: wrap by building the lines."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > chars:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:chars])
            word = word[chars:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= chars:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


words = st.text(alphabet="ab", min_size=1, max_size=95)


@given(st.lists(words, max_size=14), st.sampled_from([" ", "  ", "\n", " \t"]), st.booleans())
def test_line_count_matches_a_greedy_wrap(parts, sep, trailing):
    text = sep.join(parts) + (sep if trailing else "")
    assert line_count(text) == len(_greedy_wrap(text))


def test_line_count_examples():
    assert line_count("") == 1
    assert line_count("a" * 30) == 1
    assert line_count("a" * 31) == 2
    assert line_count("a" * 60 + " b") == 3
    assert line_count(" ".join(["abcd"] * 12)) == 2  # 6 words of 4 fit in 29 characters
