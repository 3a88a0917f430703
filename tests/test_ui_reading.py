"""Reading aids in the window (issue 17): the legend, Help pages, and the outline of the selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QTimer, QUrl
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialog
from window_helpers import LEFT, open_window

from argmap.model.annotations import Corpus, Relation
from argmap.model.outline import children, root_entry
from argmap.render import style as S
from argmap.ui.help_pages import GettingStartedDialog, ShortcutsDialog
from argmap.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated_settings")


@pytest.fixture
def win(qtbot, tiny_corpus: Path) -> MainWindow:
    return open_window(qtbot, tiny_corpus)


def _colours(pixmap) -> int:
    img = pixmap.toImage()
    return len({img.pixel(x, y) for x in range(img.width()) for y in range(img.height())})


# -- legend ------------------------------------------------------------------------------------


def test_legend_is_shown_and_keys_every_relation_kind_badge_and_mark(qtbot, win: MainWindow) -> None:
    assert win.legend_dock.isVisible()  # a newcomer sees it without looking for it
    legend = win.legend_dock.widget()
    rows = {(what, name): text.text() for what, name, _key, text in legend.rows}
    for kind in S.EDGE_STYLES:
        assert ("edge", kind) in rows, kind
    for glyph in "POGSM":
        assert any(what == "badge" and text.startswith(f"{glyph}:") for (what, _), text in rows.items()), glyph
    assert ("node", "rebuttal") in rows and "corner flag" in rows[("node", "rebuttal")]
    assert ("manual", "") in rows and ("voice", "suggests") in rows and ("voice", "reports") in rows
    assert "dashed" in rows[("edge", "rebuts")]  # the line described from the style itself
    for _what, _name, key, _text in legend.rows:
        assert _colours(key.pixmap()) > 3  # every key is drawn, none blank


def test_help_legend_brings_the_legend_back(qtbot, win: MainWindow) -> None:
    win.legend_dock.close()
    assert not win.legend_dock.isVisible()
    win.help_actions["legend"].trigger()
    assert win.legend_dock.isVisible()


# -- help pages --------------------------------------------------------------------------------


def _when_dialog(kind: type, seen: list) -> None:
    def poll() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(10, poll)
            return
        seen.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, poll)


def test_keyboard_shortcuts_are_read_from_the_actions_themselves(qtbot, win: MainWindow) -> None:
    seen: list[QDialog] = []
    _when_dialog(ShortcutsDialog, seen)
    win.help_actions["shortcuts"].trigger()
    assert seen
    rows = seen[0].rows()
    keys = {command: k for command, k, _tip in rows}
    assert keys["Find"] == win.actions["find"].shortcut().toString(win.actions["find"].shortcut().SequenceFormat.NativeText)
    assert "Lock Positions" in keys and "Keyboard Shortcuts" in keys and "Follow to Neighbour" in keys
    assert any("Space+drag" in command for command, _k, _t in rows)  # the mouse gestures too
    # a key changed at run time shows up: the page cannot go stale
    win.actions["center"].setShortcut("Ctrl+Alt+K")
    dialog = ShortcutsDialog(win)
    assert dict((c, k) for c, k, _ in dialog.rows())["Centre on Selection"] == "Ctrl+Alt+K"
    dialog.deleteLater()


def test_getting_started_opens_from_help(qtbot, win: MainWindow) -> None:
    seen: list[QDialog] = []
    _when_dialog(GettingStartedDialog, seen)
    assert win.help_actions["getting_started"] in win.menus["help"].actions()
    win.help_actions["getting_started"].trigger()
    assert seen and "Space" in seen[0].text.toPlainText() and "Outline" in seen[0].text.toPlainText()


# -- outline -----------------------------------------------------------------------------------


def test_outline_of_a_claim_lists_supporters_and_attackers_with_counts(qtbot, win: MainWindow) -> None:
    win.select_node("wall-stops-floods")
    rows = win.outline_panel.rows()
    assert rows[0][:3] == (0, "root", "wall-stops-floods")
    top = {(kind, node) for depth, kind, node, _ in rows if depth == 1}
    assert top == {("supports", "wall-high-enough"), ("rebuts", "floods-from-river"), ("rebuts", "wall-wont-stop")}
    assert rows[0][3] == "1 · 2"  # one for, two against
    # deeper: floods-from-river is supported by river-flooded
    assert (2, "supports", "river-flooded") in {(d, k, n) for d, k, n, _ in rows}


def test_clicking_an_outline_row_selects_it_on_the_map_and_keeps_the_tree(qtbot, win: MainWindow) -> None:
    win.select_node("wall-stops-floods")
    win.outline_dock.show()
    win.outline_dock.raise_()
    tree = win.outline_panel.tree
    item = win.outline_panel.item_for("floods-from-river")
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), LEFT, pos=rect.center())
    assert win.selected() == "floods-from-river" and win.canvas.selected() == "floods-from-river"
    assert win.source_panel.highlighted_span() is not None  # its passage, in the text
    assert win.outline_panel.root == "wall-stops-floods"  # the tree did not jump


def test_outline_survives_cycles_and_shows_undercuts_under_the_link_they_attack() -> None:
    from argmap.model.annotations import Claim
    from argmap.model.corpus import Document

    c = Corpus()
    c.add_document(Document("d", "d.txt", "D", "a b u"))
    for k, cid in enumerate(("a", "b", "u")):
        c.add_claim(Claim(id=cid, text=cid.upper(), mentions=[c.documents["d"].mention(2 * k, 2 * k + 1)]))
    c.add_relation(Relation(id="r1", kind="supports", source="b", target="a"))
    c.add_relation(Relation(id="r2", kind="supports", source="a", target="b"))  # a cycle
    c.add_relation(Relation(id="r3", kind="undercuts", source="u", target="r1"))
    root = root_entry(c, "a")
    (b,) = children(c, root)
    assert (b.node, b.kind) == ("b", "supports")
    under_b = children(c, b)
    assert [(e.node, e.kind, e.repeat) for e in under_b] == [("a", "supports", True), ("u", "undercuts", False)]
    assert children(c, under_b[0]) == []  # a repeat is never opened: no endless tree


def test_outline_follows_the_map_selection_and_edits(qtbot, win: MainWindow) -> None:
    win.select_node("fisherman")
    kinds = {(k, n) for d, k, n, _ in win.outline_panel.rows() if d == 1}
    assert kinds == {("asserts", "wall-wont-stop"), ("asserts", "wall-cost")}
    win.select_node("wall-cost")
    assert win.outline_panel.root == "wall-cost"


# -- search marks on the map -------------------------------------------------------------------


def _yellow_pixels(win: MainWindow) -> int:
    img = win.canvas.viewport().grab().toImage()
    target = QColor(S.SEARCH_MARK)
    return sum(1 for x in range(0, img.width(), 2) for y in range(0, img.height(), 2)
               if abs(QColor(img.pixel(x, y)).red() - target.red()) < 12
               and abs(QColor(img.pixel(x, y)).green() - target.green()) < 12
               and abs(QColor(img.pixel(x, y)).blue() - target.blue()) < 30)


def test_search_matches_are_ringed_on_the_map_until_the_search_is_cleared(qtbot, win: MainWindow) -> None:
    win.canvas.fit_all()
    qtbot.wait(20)
    before = _yellow_pixels(win)
    win.focus_search()
    qtbot.keyClicks(win.search_panel.field, "wall")
    win.search_panel.run()
    found = set(win.search_panel.result_ids())
    assert found and win.canvas.state.marked == found
    qtbot.wait(20)
    assert _yellow_pixels(win) > before + 20
    assert win.search_panel.results.height() >= 3 * win.search_panel.results.sizeHintForRow(0)  # room for the list
    win.search_panel.field.clear()
    win.search_panel.run()
    assert win.canvas.state.marked == set()


# -- passages shared by two claims --------------------------------------------------------------


def test_a_passage_two_claims_share_is_marked_and_offers_both(qtbot, win: MainWindow) -> None:
    from argmap import commands as cmd
    from argmap.ui.source_panel import LEVEL

    corpus = win.session.corpus
    doc = corpus.documents["alpha"]
    command = cmd.AddClaim(corpus, "Inner part", doc.mention(40, 70))
    win.session.push(command)
    qtbot.waitUntil(lambda: command.claim.id in win.session.graph, timeout=3000)
    qtbot.wait(10)
    panel = win.source_panel
    panel.show_document("alpha")
    assert any(sel.format.property(LEVEL) == "shared" for sel in panel.text.extraSelections())
    pos = panel.viewport_pos_of(50)
    qtbot.mouseClick(panel.text.viewport(), LEFT, pos=pos)
    menu = panel.menu
    assert menu is not None and menu.isVisible()
    choices = [a for a in menu.actions() if a.objectName().startswith("passage_")]
    assert {a.objectName() for a in choices} == {f"passage_{command.claim.id}", "passage_wall-stops-floods"}
    assert win.selected() is None  # nothing picked silently
    next(a for a in choices if a.objectName() == "passage_wall-stops-floods").trigger()
    menu.close()
    assert win.selected() == "wall-stops-floods"
    win.session.undo_stack.setClean()


# -- inspector: a long mention list is folded ----------------------------------------------------


def test_a_long_mention_list_is_folded_until_asked_for(qtbot, seed_copy: Path) -> None:
    win = open_window(qtbot, seed_copy)
    corpus = win.session.corpus
    claim = max(corpus.claims.values(), key=lambda c: len(c.mentions))
    assert len(claim.mentions) > 4, "the seed corpus has a claim mentioned many times"
    win.select_node(claim.id)
    shown = [t for t in win.inspector.links().values() if t[0] == "mention"]
    assert len(shown) == 3
    href = win.inspector.href_for("all_mentions")
    assert href is not None and f"Show {len(claim.mentions) - 3} more" in win.inspector.toPlainText()
    win.inspector.anchorClicked.emit(QUrl(href))
    assert len([t for t in win.inspector.links().values() if t[0] == "mention"]) == len(claim.mentions)
    win.select_node(next(iter(corpus.actors)))
    win.select_node(claim.id)  # a new selection folds it again
    assert len([t for t in win.inspector.links().values() if t[0] == "mention"]) == 3
    win.session.undo_stack.setClean()


def test_what_rebuts_a_claim_is_named_at_the_top_of_the_inspector(qtbot, seed_copy: Path) -> None:
    """"What answers the accusation against Ukraine?" is read without scrolling the Inspector."""
    win = open_window(qtbot, seed_copy)
    corpus = win.session.corpus
    rebutted = {cid: [r.source for r in corpus.relations.values() if r.kind == "rebuts" and r.target == cid]
                for cid in corpus.claims}
    claim = max(rebutted, key=lambda c: (len(rebutted[c]), len(corpus.claims[c].mentions)))
    assert len(rebutted[claim]) >= 3
    win.select_node(claim)
    inspector = win.inspector
    inspector.verticalScrollBar().setValue(0)
    first = inspector.toPlainText().split("\n")[:5]
    assert any(line.startswith(f"● Rebutted by {len(rebutted[claim])}:") for line in first), first
    for rebutter in rebutted[claim][:3]:
        hrefs = [h for h, t in inspector.links().items() if t == ("node", rebutter)]
        assert hrefs, rebutter
        rect = inspector.anchor_rect(hrefs[0])  # the first of its links: in the summary, in sight
        assert rect.top() >= 0 and rect.bottom() < inspector.viewport().height(), (rebutter, rect)
    win.session.undo_stack.setClean()


def test_a_hubs_long_link_lists_are_folded_until_asked_for(qtbot) -> None:
    """A claim with hundreds of supporters shows the first few of each kind and a link to the rest."""
    from argmap.model.annotations import Claim
    from argmap.model.corpus import Document
    from argmap.ui.inspector import RELATIONS_SHOWN, Inspector

    c = Corpus()
    text = " ".join(f"w{k}" for k in range(60))
    c.add_document(Document("d", "d.txt", "D", text))
    c.add_claim(Claim(id="hub", text="Hub", mentions=[c.documents["d"].mention(0, 2)]))
    for k in range(1, 41):
        start = text.index(f"w{k} ")
        c.add_claim(Claim(id=f"s{k}", text=f"Support {k}", mentions=[c.documents["d"].mention(start, start + len(f"w{k}"))]))
        c.add_relation(Relation(id=f"r{k}", kind="supports", source=f"s{k}", target="hub"))
    ins = Inspector()
    qtbot.addWidget(ins)
    ins.set_corpus(c)
    ins.show_node("hub")
    rows = [t for t in ins.links().values() if t[0] == "relation"]
    assert len(rows) == RELATIONS_SHOWN
    href = ins.href_for("all_relations", "supports", "in")
    assert href is not None and f"Show {40 - RELATIONS_SHOWN} more" in ins.toPlainText()
    ins.anchorClicked.emit(QUrl(href))
    assert len([t for t in ins.links().values() if t[0] == "relation"]) == 40
    ins.show_node("s1")
    ins.show_node("hub")  # a new selection folds it again
    assert len([t for t in ins.links().values() if t[0] == "relation"]) == RELATIONS_SHOWN


# -- focus mode: the neighbourhood laid out around the selection --------------------------------


def test_focus_mode_lays_the_neighbourhood_out_around_the_selection_and_never_saves_it(qtbot, win: MainWindow) -> None:
    saved = dict(win.session.positions())
    win.select_node("wall-stops-floods")
    win.set_focus_mode(True)
    pos = win.canvas.positions()
    cx, cy = pos["wall-stops-floods"]
    assert pos["wall-high-enough"][0] < cx  # supports it: on the left
    assert pos["floods-from-river"][0] > cx and pos["wall-wont-stop"][0] > cx  # rebut it: on the right
    assert pos["council"][1] > cy  # asserts it: below
    assert win.session.positions() == saved and win.session.undo_stack.isClean()
    # a drag meanwhile pans: the focus layout never becomes an edit
    from test_ui_snags import _hover_then_drag

    a = win.canvas.view_pos_of("wall-high-enough")
    _hover_then_drag(qtbot, win, a, a + QPoint(80, 30))
    assert win.session.undo_stack.isClean()
    win.set_focus_mode(False)
    assert all(win.canvas.positions()[k] == pytest.approx(v) for k, v in saved.items())  # every node back


# -- the grouped overview ----------------------------------------------------------------------


def test_overview_by_document_groups_the_map_and_a_click_opens_a_group(qtbot, seed_copy: Path) -> None:
    from argmap.model.overview import overview_graph

    win = open_window(qtbot, seed_copy)
    graph = win.session.graph
    agg, members = overview_graph(graph, "document")
    assert len(agg) == len(win.session.corpus.documents)
    assert sorted(n for ns in members.values() for n in ns if n in win.session.corpus.claims) == \
        sorted(win.session.corpus.claims)  # every claim in exactly one group
    assert any(d.get("kind") == "rebuts" for _, _, d in agg.edges(data=True))  # articles answer each other
    win.overview.actions["document"].trigger()
    assert set(win.canvas.map_painter.ids) == set(agg.nodes)  # the map shows the groups
    group = max(members, key=lambda g: len(members[g]))
    win.canvas.center_on(group)
    qtbot.mouseClick(win.canvas.viewport(), LEFT, pos=win.canvas.view_pos_of(group))
    assert win.overview.by is None and set(win.canvas.map_painter.ids) == set(graph.nodes)  # back to detail
    assert win.canvas.state.highlighted == set(members[group])  # the group stands out
    shown = win.canvas.visible_world_rect()
    assert all(shown.contains(QPointF(*win.canvas.map_painter.position(n))) for n in members[group][:5])
    win.session.undo_stack.setClean()


def test_overview_by_community_covers_a_large_map_in_a_few_dozen_groups() -> None:
    from argmap.model.overview import overview_graph
    from argmap.render.synthetic import synthetic_graph

    g = synthetic_graph(2000, 4000, seed=5)
    agg, members = overview_graph(g, "community")
    assert 3 <= len(agg) <= 200
    claims = [n for n, k in g.nodes(data="kind") if k == "claim"]
    assert sum(1 for ns in members.values() for n in ns if n in set(claims)) == len(claims)
    assert all(agg.out_degree(n) <= 3 for n in agg)  # the strongest ties only


def test_no_two_commands_share_a_key(qtbot, win: MainWindow) -> None:
    from argmap.ui.help_pages import shortcut_rows

    owners: dict[str, list[str]] = {}
    for menu, command, keys, _tip in shortcut_rows(win):
        for key in filter(None, (k.strip() for k in keys.split(", "))):
            owners.setdefault(key, []).append(f"{menu} ▸ {command}")
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared, f"an ambiguous key does nothing at all: {shared}"


def test_legend_keys_the_source_text_the_badges_and_the_stance_matrix(qtbot, win: MainWindow) -> None:
    """A newcomer can tell every mark in the text and the analysis panels apart from the legend alone."""
    from argmap.ui.text_shades import shade_format

    legend = win.legend_dock.widget()
    rows = {(what, name): (key, text.text()) for what, name, key, text in legend.rows}
    for level in ("mention", "selected", "current", "shared"):
        assert ("text", f"claim/{level}") in rows, level
    assert ("text", "rebuttal/mention") in rows and ("text", "evidence/evidence") in rows
    assert "dotted underline" in rows[("text", "claim/shared")][1]
    for status, (_colour, glyph) in S.BADGE_STYLES.items():
        assert ("status", status) in rows and glyph in rows[("status", status)][1], status
    for mark in ("+", "−", "±", "+?", "+~", "−?", "−~"):  # every mark analysis.stances.symbol can give
        assert ("stance", mark) in rows, mark
    assert "grey" in rows[("text", "claim/shared")][1]  # where a claim's and a rebuttal's shades mix
    assert ("node", "group") in rows and "stack of cards" in rows[("node", "group")][1]
    for link in ("supports", "rebuts", "both"):
        assert ("group_link", link) in rows, link
    assert ("voice", "states") in rows and "no mark" in rows[("voice", "states")][1]
    # the light claim shading in the key is the colour the text panel paints (over white)
    fill = shade_format("claim", "mention").background().color()
    a = fill.alphaF()
    want = [round(255 * (1 - a) + c * a) for c in (fill.red(), fill.green(), fill.blue())]
    img = rows[("text", "claim/mention")][0].pixmap().toImage()
    seen = {(QColor(img.pixel(x, y)).red(), QColor(img.pixel(x, y)).green(), QColor(img.pixel(x, y)).blue())
            for x in range(img.width()) for y in range(img.height())}
    assert any(all(abs(s - w) <= 2 for s, w in zip(px, want, strict=True)) for px in seen), (want, len(seen))
    for _what, _name, key, _text in legend.rows:
        assert _colours(key.pixmap()) > 2


# -- plain words, not ids or jargon -----------------------------------------------------------


def test_notes_name_documents_claims_and_links_instead_of_their_ids(qtbot, seed_copy: Path) -> None:
    import re

    win = open_window(qtbot, seed_copy)
    corpus = win.session.corpus
    noted = [c for c in corpus.claims.values() if c.note and re.search(r"\bc-[a-z]|\bd\d\b", c.note)]
    assert noted, "the seed notes name claims and documents by id"
    for claim in noted[:5]:
        win.select_node(claim.id)
        shown = win.inspector.toPlainText()
        for token in re.findall(r"(?<![\w-])(?:c-[\w-]+|d\d)(?![\w-])", claim.note):
            if token in corpus.claims or token in corpus.documents:
                body = shown.split("\n", 1)[1]  # the id in the small grey header line is secondary detail
                assert not re.search(rf"(?<![\w-]){re.escape(token)}(?![\w-])", body), (token, body[:400])
    win.session.undo_stack.setClean()


def test_what_stands_and_disputes_speak_plainly(qtbot, win: MainWindow) -> None:
    status = win.analysis.status
    names = [status.semantics.itemText(i) for i in range(status.semantics.count())]
    assert "Grounded" not in names and "Preferred" not in names and "Cautious" in names
    assert "grounded" in status.semantics.toolTip()  # the technical term, for those who know it
    disputes = win.analysis.disputes
    disputes.set_corpus(win.session.corpus)
    assert "weaker side" not in disputes.summary.text()
    heads = [disputes.tree.headerItem().text(i) for i in range(4)]
    assert heads[1].startswith("For: actors / docs") and heads[3] == "Attacks: stated / inferred"


def test_who_says_a_claim_and_what_answers_it_are_in_sight_at_1024_by_700(qtbot, seed_copy: Path) -> None:
    """The Done-when question, "who blames Ukraine, and what answers it?", on a small screen: the
    actors asserting the accusation and the claims rebutting it are named at the top of the Inspector."""
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1024, 700)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_corpus(seed_copy)
    qtbot.waitUntil(win.layout_ready, timeout=20000)
    corpus = win.session.corpus
    win.select_node("c-ukraine-behind")
    inspector = win.inspector
    inspector.verticalScrollBar().setValue(0)
    sayers = [r.source for r in corpus.relations.values() if r.kind == "asserts" and r.target == "c-ukraine-behind"]
    answers = [r.source for r in corpus.relations.values() if r.kind == "rebuts" and r.target == "c-ukraine-behind"]
    assert sayers and answers
    lines = inspector.toPlainText().split("\n")
    assert lines[3].startswith(f"● Asserted by {len(sayers)}:"), lines[:5]
    for node in (*sayers, answers[0]):
        hrefs = [h for h, t in inspector.links().items() if t == ("node", node)]
        assert hrefs, node
        rect = inspector.anchor_rect(hrefs[0])
        assert rect.top() >= 0 and rect.bottom() < inspector.viewport().height(), (node, rect)
    win.session.undo_stack.setClean()
