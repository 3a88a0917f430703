"""Code-point <-> UTF-16 offset conversion, checked against Python's own UTF-16 encoder."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from argmap.ui.text_offsets import OffsetMap, py_to_qt, qt_to_py, utf16_len


def _utf16_index(text: str, index: int) -> int:
    return utf16_len(text[:index])


def test_bmp_text_is_unchanged() -> None:
    m = OffsetMap("plain text, é and ü")
    assert m.simple
    assert [m.to_qt(i) for i in range(5)] == [0, 1, 2, 3, 4]
    assert m.to_py(7) == 7


def test_emoji_shifts_later_offsets_by_one_each() -> None:
    text = "a🌊b📮c"
    m = OffsetMap(text)
    assert not m.simple
    assert [m.to_qt(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert [m.to_py(p) for p in (0, 1, 3, 4, 6, 7)] == [0, 1, 2, 3, 4, 5]


def test_position_inside_a_surrogate_pair_rounds_down() -> None:
    m = OffsetMap("x🌊y")
    assert m.to_py(2) == 1  # between the two halves of the wave
    assert m.span_to_py(0, 2) == (0, 1)


def test_module_functions_agree_with_the_map() -> None:
    text = "🌊 The river"
    assert py_to_qt(text, 2) == 3
    assert qt_to_py(text, 3) == 2


@given(st.text(alphabet=st.sampled_from(["a", "é", " ", "🌊", "📮", "中", "\n", "𝔸"]), max_size=60), st.data())
def test_round_trip_matches_the_utf16_encoder(text: str, data) -> None:
    m = OffsetMap(text)
    index = data.draw(st.integers(0, len(text)))
    qt = m.to_qt(index)
    assert qt == _utf16_index(text, index)
    assert m.to_py(qt) == index
