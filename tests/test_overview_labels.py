"""Labels on the zoomed-out map: the heaviest nodes, never overlapping, the same on every tile."""

from __future__ import annotations

import numpy as np

from argmap.model.overview_labels import label_size, pick_labels, short_label


def test_heaviest_nodes_are_labelled_first_and_labels_never_overlap() -> None:
    rng = np.random.default_rng(3)
    n = 600
    cx, cy = rng.uniform(0, 4000, n), rng.uniform(0, 3000, n)
    labels = [f"claim number {i} with some words" for i in range(n)]
    weight = rng.uniform(1, 10, n)
    weight[17] = 100.0  # the hub
    ppu = 0.12
    kept = pick_labels(cx, cy, [short_label(t) for t in labels], weight, ppu)
    assert kept[0] == 17 and 5 < len(kept) <= 45
    boxes = []
    for i in kept:
        w, h = label_size(short_label(labels[i]), ppu)
        boxes.append((cx[i] - w / 2, cy[i] - h / 2, cx[i] + w / 2, cy[i] + h / 2))
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            A, B = boxes[a], boxes[b]
            assert not (A[0] < B[2] and B[0] < A[2] and A[1] < B[3] and B[1] < A[3]), (kept[a], kept[b])
    # zoomed in further, labels are smaller: more of them fit
    assert len(pick_labels(cx, cy, [short_label(t) for t in labels], weight, ppu * 3, most=1000)) > len(
        pick_labels(cx, cy, [short_label(t) for t in labels], weight, ppu, most=1000))


def test_hidden_nodes_get_no_label_and_long_text_is_cut_at_a_word() -> None:
    cx, cy = np.array([0.0, 1000.0]), np.array([0.0, 0.0])
    kept = pick_labels(cx, cy, ["a", "b"], np.array([5.0, 1.0]), 0.2, visible=np.array([False, True]))
    assert kept == [1]
    cut = short_label("Ukraine was involved in the Crocus City Hall attack and more besides")
    assert cut.endswith("…") and len(cut) <= 34
    assert "Ukraine was involved in the Crocus City Hall attack".startswith(cut[:-1].rstrip())


def test_the_fitted_seed_map_keeps_readable_labels(qapp) -> None:
    from argmap.model.graph import build_graph
    from argmap.model.layout import compute_layout
    from argmap.model.loading import load_corpus
    from argmap.paths import seed_corpus_dir
    from argmap.render.painter import MapPainter

    g = build_graph(load_corpus(seed_corpus_dir()).corpus)
    mp = MapPainter(g, compute_layout(g, "force"))
    picked = [mp.ids[i] for i in mp.overview_labels(0.25)]
    assert "c-ukraine-behind" in picked or "a-putin" in picked  # the centre of the story is named
    assert len(picked) >= 10
