"""The parallel PNG writer: Qt's (libpng's) reader must get back exactly the pixels written."""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QImage

from argmap.render.png import adler32_combine, deflate_rows, encode_png, png_bytes


def _read_back(data: bytes) -> np.ndarray:
    img = QImage()
    assert img.loadFromData(data, "PNG"), "Qt could not read the PNG"
    img = img.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = img.width(), img.height(), img.bytesPerLine()
    rows = np.frombuffer(img.constBits(), dtype=np.uint8, count=stride * h).reshape(h, stride)
    return rows[:, : w * 3].reshape(h, w, 3).copy()


@pytest.mark.parametrize(("h", "w", "threads"), [(1, 1, 1), (1, 7, 2), (3, 5, 3), (97, 61, 2), (600, 701, 4)])
def test_round_trip_is_exact(qapp, h, w, threads):
    rng = np.random.default_rng(h * 1000 + w)
    rgb = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    rgb[h // 2:] = rgb[h // 2:] // 64 * 64  # some flat colour too, as maps have
    assert np.array_equal(_read_back(encode_png(rgb, threads=threads, min_slice=1)), rgb)


def test_strided_view_of_a_32_bit_image(qapp):
    """The exporter hands over B, G, R, X bytes reversed: a view, not a copy."""
    rng = np.random.default_rng(7)
    bgrx = rng.integers(0, 256, (40, 33, 4), dtype=np.uint8)
    rgb_view = bgrx[:, :, 2::-1]
    assert np.array_equal(_read_back(encode_png(rgb_view, threads=2, min_slice=1)), np.ascontiguousarray(rgb_view))


def test_threads_do_not_change_the_pixels(qapp):
    rgb = np.random.default_rng(3).integers(0, 256, (300, 1200, 3), dtype=np.uint8)
    one = encode_png(rgb, threads=1)
    assert _read_back(encode_png(rgb, threads=3, min_slice=1)).tobytes() == _read_back(one).tobytes()


def test_rejects_wrong_shapes():
    with pytest.raises(ValueError):
        encode_png(np.zeros((4, 4), dtype=np.uint8))
    with pytest.raises(ValueError):
        encode_png(np.zeros((4, 4, 3), dtype=np.float32))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000), st.binary(max_size=3000))
def test_adler32_combine_matches_zlib(a: bytes, b: bytes):
    assert adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)


def test_pieces_join_into_one_image(qapp):
    """Two processes' bands: the lower piece starts unfiltered, the upper one ends on a flush."""
    rng = np.random.default_rng(11)
    rgb = rng.integers(0, 256, (90, 70, 3), dtype=np.uint8)
    upper = deflate_rows(rgb[:37], last=False, threads=2, min_slice=1)
    lower = deflate_rows(rgb[37:], threads=3, min_slice=1)
    assert np.array_equal(_read_back(png_bytes(70, 90, [upper, lower])), rgb)


@pytest.mark.parametrize("last", [True, False])
def test_strips_make_one_stream(qapp, last):
    """The exporter's strips, each filtered against the row above it, read back as the whole image."""
    from argmap.render.png import StripDeflater

    rng = np.random.default_rng(5)
    rgb = rng.integers(0, 256, (101, 43, 3), dtype=np.uint8)
    rgb[60:] = rgb[60:] // 32 * 32
    out = StripDeflater()
    for top in range(0, 101, 16):
        out.add(rgb[top: top + 16])
    piece = out.finish(last=last)
    assert piece.length == 101 * (43 * 3 + 1)
    pieces = [piece] if last else [piece, deflate_rows(rgb[:1])]
    assert np.array_equal(_read_back(png_bytes(43, 101 + (not last), pieces)), rgb if last else np.concatenate([rgb, rgb[:1]]))
