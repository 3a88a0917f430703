"""Labels on the zoomed-out map: the heaviest nodes, never overlapping, the same on every tile."""

from __future__ import annotations

import numpy as np

from argmap.model.overview_labels import lane_limits, pick_labels, place_labels, short_label, wrap_label


def test_heaviest_nodes_are_labelled_first_and_labels_never_overlap() -> None:
    rng = np.random.default_rng(3)
    n = 600
    cx, cy = rng.uniform(0, 4000, n), rng.uniform(0, 3000, n)
    labels = [f"claim number {i} with some words" for i in range(n)]
    weight = rng.uniform(1, 10, n)
    weight[17] = 100.0  # the hub
    ppu = 0.12
    places = place_labels(cx, cy, labels, weight, ppu)
    kept = [p.i for p in places]
    assert kept[0] == 17 and 5 < len(kept) <= 45
    boxes = [(p.x0, p.y0, p.x1, p.y1) for p in places]
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
    cut = short_label("Ukraine was involved in the Crocus City Hall attack and more besides", 34)
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


def test_labels_say_a_whole_claim_in_two_lines() -> None:
    lines = wrap_label("Ukraine was involved in the Crocus City Hall attack.")
    assert lines == ("Ukraine was involved in the", "Crocus City Hall attack.")
    long = wrap_label("Russia's government and security services failed to avert the attack despite the warning")
    assert len(long) == 2 and long[-1].endswith("…") and all(len(t) <= 30 for t in long)


def test_emphasised_nodes_are_labelled_before_heavier_faded_ones() -> None:
    # three nodes on one spot: only one label fits; the selection wins over heavier neighbours
    cx, cy = np.zeros(3), np.zeros(3)
    weight = np.array([9.0, 5.0, 1.0])
    first = np.array([False, True, True])
    assert pick_labels(cx, cy, ["a", "b", "c"], weight, 0.2, heights=np.zeros(3))[0] == 0
    assert pick_labels(cx, cy, ["a", "b", "c"], weight, 0.2, first=first, heights=np.zeros(3))[0] == 1
    assert pick_labels(cx, cy, ["a", "b", "c"], weight, 0.2, first=first, top=2, heights=np.zeros(3))[0] == 2


def test_labels_stay_inside_their_lane_and_the_map() -> None:
    # two lanes 300 units wide, a shared claim in the gap; at ppu 0.5 a lane is 150 px
    cx = np.array([10.0, 450.0, 340.0])
    cy = np.zeros(3)
    lanes = [(0.0, 300.0), (380.0, 680.0)]
    limits = lane_limits(cx, lanes, 0.0, 680.0)
    assert limits.tolist() == [[0.0, 300.0], [380.0, 680.0], [300.0, 380.0]]
    text = "A claim long enough to need more than one line of label text"
    places = place_labels(cx, cy, [text] * 3, np.ones(3), 0.5, bounds=(0.0, -50.0, 680.0, 50.0),
                          limits=limits, heights=np.full(3, 20.0))
    got = {p.i: p for p in places}
    assert 2 not in got  # 80 units = 40 px: too narrow for a label that says anything
    for i in (0, 1):
        lo, hi = limits[i]
        assert lo - 1e-6 <= got[i].x0 and got[i].x1 <= hi + 1e-6, got[i]
        assert len(got[i].lines) >= 2


def test_a_click_places_only_the_emphasised_labels_where_the_full_placement_puts_them(qapp) -> None:
    """The overlay asks for the emphasised labels alone; they must be those of the full placement."""
    from argmap.model.layout import compute_layout
    from argmap.render.painter import MapPainter
    from argmap.render.synthetic import synthetic_graph

    g = synthetic_graph(1500, 4000, seed=3)
    mp = MapPainter(g, compute_layout(g, "layered"))
    rng = np.random.default_rng(5)
    checked = 0
    for ppu in (0.02, 0.05, 0.12):
        for _ in range(4):
            emph = rng.random(len(mp.ids)) < 0.01
            top = int(np.flatnonzero(emph)[0])
            full = [lab for lab in mp.label_places(ppu, first=emph, top=top) if emph[lab.i]]
            alone = mp.label_places(ppu, first=emph, top=top, only_first=True)
            assert [(lab.i, lab.x0, lab.y0, lab.lines) for lab in alone] == [(lab.i, lab.x0, lab.y0, lab.lines) for lab in full]
            checked += len(alone)
    assert checked > 20  # the comparison saw labels, not empty lists
    # and it can fail: without the emphasised nodes first, the others would take their places
    crowded = mp.label_places(0.02, first=None)
    assert [lab.i for lab in crowded][:5] != [lab.i for lab in mp.label_places(0.02, first=emph, only_first=True)][:5]


def test_labels_keep_a_gap_and_leave_most_of_the_map_to_its_links() -> None:
    """Packed edge to edge, the fitted overview's labels hid every link between the main claims."""
    from argmap.model.overview_labels import GAP_PX, LABEL_SHARE

    rng = np.random.default_rng(5)
    n = 400
    cx, cy = rng.uniform(0, 3000, n), rng.uniform(0, 2000, n)
    labels = [f"claim number {i} with some words in it" for i in range(n)]
    weight = rng.uniform(1, 10, n)
    ppu, bounds = 0.2, (0.0, 0.0, 3000.0, 2000.0)
    places = place_labels(cx, cy, labels, weight, ppu, bounds=bounds, max_share=LABEL_SHARE, most=1000)
    area = sum((p.x1 - p.x0) * (p.y1 - p.y0) for p in places)
    assert area <= LABEL_SHARE * 3000 * 2000 and len(places) >= 5
    gap = GAP_PX / ppu
    for a in places:
        for b in places:
            if a is not b:
                apart_x = a.x1 + gap <= b.x0 + 1e-6 or b.x1 + gap <= a.x0 + 1e-6
                apart_y = a.y1 + gap <= b.y0 + 1e-6 or b.y1 + gap <= a.y0 + 1e-6
                assert apart_x or apart_y, (a, b)
    # without the cap, labels would cover more of the map
    uncapped = place_labels(cx, cy, labels, weight, ppu, bounds=bounds, most=1000)
    assert sum((p.x1 - p.x0) * (p.y1 - p.y0) for p in uncapped) > area


def test_the_fitted_map_draws_the_links_between_its_labelled_nodes_at_full_strength(qapp, monkeypatch) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from argmap.model.graph import build_graph
    from argmap.model.layout import compute_layout
    from argmap.model.loading import load_corpus
    from argmap.paths import seed_corpus_dir
    from argmap.render.painter import MapPainter

    g = build_graph(load_corpus(seed_corpus_dir()).corpus)
    mp = MapPainter(g, compute_layout(g, "force"))
    calls: list[tuple[set[int], bool]] = []
    real = MapPainter._paint_edges

    def record(self, p, idx, view, ppu, thick, solid=False):
        calls.append(({int(i) for i in idx}, thick))
        return real(self, p, idx, view, ppu, thick, solid)

    monkeypatch.setattr(MapPainter, "_paint_edges", record)
    ppu = 0.12
    world = mp.bounds(margin=30)
    image = QImage(int(world.width() * ppu) + 1, int(world.height() * ppu) + 1, QImage.Format.Format_ARGB32)
    p = QPainter(image)
    p.scale(ppu, ppu)
    p.translate(-world.left(), -world.top())
    mp.paint_base(p, QRectF(world), ppu)
    p.end()
    named = {lab.i for lab in mp.label_places(ppu)}
    between = {e for e in range(len(mp.esrc)) if int(mp.esrc[e]) in named and int(mp.edst[e]) in named}
    assert between, "the seed map's labelled claims are linked"
    assert any(thick and between <= drawn for drawn, thick in calls)  # drawn again, emphasised
