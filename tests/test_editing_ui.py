"""Hand annotation in the real window, driven with mouse and keyboard; checked in the model and the saved file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyqtgraph as pg
import pytest
import shiboken6
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMenu, QMessageBox

from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from argmap.ui.edit_dialogs import ActorDialog, ClaimDialog, MergeDialog, NodePicker, TextDialog
from argmap.ui.editing import EditingController
from argmap.ui.main_window import MainWindow
from argmap.ui.text_offsets import OffsetMap
from tests.saving_helpers import Button, DialogAnswerer

LEFT = Qt.MouseButton.LeftButton
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path, monkeypatch):
    """Own settings (the data folder is private already, see conftest): never the user's."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings().setValue("editing/author", "tester")
    pg.setConfigOption("mouseRateLimit", 0)
    yield
    QSettings().remove("editing/author")


class Opened:
    def __init__(self) -> None:
        self.windows: list[MainWindow] = []


@pytest.fixture
def opened(qtbot):
    registry = Opened()
    yield registry
    for win in registry.windows:
        if win.session is not None:
            win.session.undo_stack.setClean()
        win.close()
        win.deleteLater()


def open_window(qtbot, opened: Opened, corpus: Path) -> tuple[MainWindow, EditingController]:
    win = MainWindow()
    editing = win.editing
    opened.windows.append(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_corpus(corpus)
    qtbot.waitUntil(win.layout_ready, timeout=10000)
    qtbot.wait(50)  # the window's own first view (a zoom) comes just after the layout
    win.canvas.fit_all()
    qtbot.wait(20)
    return win, editing


@pytest.fixture
def tiny(qtbot, opened, tiny_corpus: Path):
    return open_window(qtbot, opened, tiny_corpus)


# -- driving helpers -----------------------------------------------------------------------


def when_shown(kind: type, act: Callable[[object], None], timeout_ms: int = 3000) -> list:
    """Once a popup menu or dialog of `kind` is on screen, let `act` use it like a user (keys, clicks)."""
    done: list = []
    left = [timeout_ms // 10]

    def poll() -> None:
        popup = QApplication.activePopupWidget()
        widgets = [popup] if popup is not None else []
        widgets += [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        found = next((w for w in widgets if isinstance(w, kind) and w.isVisible()), None)
        if found is None:
            left[0] -= 1
            if left[0] > 0:
                QTimer.singleShot(10, poll)
            return
        done.append(found)
        try:
            act(found)
        finally:  # never leave a modal dialog or menu open: the test would hang instead of failing
            QTimer.singleShot(500, lambda: found.close() if shiboken6.isValid(found) and found.isVisible() else None)

    QTimer.singleShot(0, poll)
    return done


def press_ok(qtbot, dialog: QDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), LEFT)


def press(qtbot, win: MainWindow, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier, target=None) -> None:
    """A key typed in the window (or one of its widgets); after a dialog closes the window manager
    re-activates the window, which offscreen Qt does not do by itself."""
    if not win.isActiveWindow():
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow, timeout=2000)
    qtbot.keyClick(target or win, key, modifiers)


def hover(qtbot, viewport, pos: QPoint) -> None:
    """Move the mouse onto a point first, as a hand does: pyqtgraph gives drags to the item hovered."""
    qtbot.mouseMove(viewport, pos + QPoint(3, 3))
    qtbot.wait(5)
    qtbot.mouseMove(viewport, pos)
    qtbot.wait(5)


def drag(qtbot, win: MainWindow, a: str, b: str, modifier=SHIFT) -> None:
    """Drag on the map viewport from node `a` to node `b` (with Shift: draw a link)."""
    canvas = win.canvas
    pa, pb = canvas.view_pos_of(a), canvas.view_pos_of(b)
    assert canvas.node_at(pa) == a and canvas.node_at(pb) == b, "both nodes must be visible and apart"
    drag_points(qtbot, win, pa, pb, modifier)


def drag_points(qtbot, win: MainWindow, pa: QPoint, pb: QPoint, modifier=SHIFT) -> None:
    """Drag on the map viewport from one point to another, in ten steps as a hand moves."""
    viewport = win.canvas.viewport()
    hover(qtbot, viewport, pa)
    qtbot.mousePress(viewport, LEFT, modifier, pa)
    for k in range(1, 11):
        qtbot.mouseMove(viewport, pa + (pb - pa) * (k / 10))
        qtbot.wait(3)
    qtbot.mouseRelease(viewport, LEFT, modifier, pb)


def select_text(qtbot, win: MainWindow, doc: str, quote: str) -> tuple[int, int]:
    """Select a passage as a user does from the keyboard: caret before it, then Shift+Right over it."""
    panel = win.source_panel
    panel.show_document(doc)
    text = win.session.corpus.documents[doc].text
    start = text.index(quote)
    offsets = OffsetMap(text)
    cursor = panel.text.textCursor()
    cursor.setPosition(offsets.to_qt(start))
    panel.text.setTextCursor(cursor)
    panel.text.setFocus()
    for _ in range(offsets.to_qt(start + len(quote)) - offsets.to_qt(start)):
        qtbot.keyClick(panel.text, Qt.Key.Key_Right, SHIFT)
    assert panel.selected_span() == (doc, start, start + len(quote))
    return start, start + len(quote)


def saved(folder: Path) -> dict:
    return json.loads((folder / ANNOTATIONS_FILE).read_text(encoding="utf-8"))


def links(corpus) -> set[tuple[str, str, str]]:
    return {(r.kind, r.source, r.target) for r in corpus.relations.values()}


# -- links -----------------------------------------------------------------------------------


def test_shift_drag_between_claims_then_choose_rebuts(qtbot, tiny, tiny_corpus: Path) -> None:
    win, _ = tiny
    menus = when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_R))
    drag(qtbot, win, "wall-cost", "wall-high-enough")
    assert menus and menus[0].objectName() == "linkKindMenu"
    corpus = win.session.corpus
    assert ("rebuts", "wall-cost", "wall-high-enough") in links(corpus)
    assert win.isWindowModified()
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    rel = next(r for r in saved(tiny_corpus)["relations"] if r["source"] == "wall-cost" and r["kind"] == "rebuts")
    assert rel["origin"] == "manual" and rel["author"] == "tester" and rel["created"].endswith("+00:00")
    assert not win.isWindowModified()


def test_drag_from_claim_to_actor_offers_said_by(qtbot, tiny) -> None:
    win, _ = tiny
    when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_D))
    drag(qtbot, win, "wall-high-enough", "mayor")
    assert ("denies", "mayor", "wall-high-enough") in links(win.session.corpus)


def test_link_mode_draws_links_without_shift(qtbot, tiny) -> None:
    win, editing = tiny
    press(qtbot, win, Qt.Key.Key_L, target=win.canvas)
    assert editing.actions["link_mode"].isChecked() and win.canvas.link_mode()
    when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_S))
    drag(qtbot, win, "wall-cost", "wall-wont-stop", Qt.KeyboardModifier.NoModifier)
    assert ("supports", "wall-cost", "wall-wont-stop") in links(win.session.corpus)
    press(qtbot, win, Qt.Key.Key_L, target=win.canvas)
    assert not win.canvas.link_mode()


def test_senseless_link_is_refused_with_a_message(qtbot, tiny) -> None:
    win, _ = tiny
    before = links(win.session.corpus)
    menus = when_shown(QMenu, lambda m: m.close(), timeout_ms=300)
    drag(qtbot, win, "mayor", "council")
    qtbot.wait(350)
    assert not menus, "no kind to choose between two actors"
    assert links(win.session.corpus) == before
    assert "No link added" in win.statusBar().currentMessage()
    assert not win.session.undo_stack.count()


def test_escape_from_kind_menu_adds_nothing(qtbot, tiny) -> None:
    win, _ = tiny
    when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_Escape))
    drag(qtbot, win, "wall-cost", "wall-high-enough")
    assert not win.session.undo_stack.count()


def test_link_selected_to_with_the_keyboard(qtbot, tiny) -> None:
    win, _ = tiny
    win.select_node("wall-cost")

    def pick(dialog: NodePicker) -> None:
        qtbot.keyClicks(dialog.search, "river has flooded")
        when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_R))
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    when_shown(NodePicker, pick)
    press(qtbot, win, Qt.Key.Key_L, CTRL)
    assert ("rebuts", "wall-cost", "river-flooded") in links(win.session.corpus)


def test_relation_context_menu_changes_reverses_notes_and_deletes(qtbot, tiny, tiny_corpus: Path) -> None:
    win, _ = tiny
    corpus = win.session.corpus
    win.select_node("wall-high-enough")

    def right_click(rel_id: str, then: Callable) -> None:
        inspector = win.inspector
        rect = inspector.anchor_rect(inspector.href_for("relation", rel_id))
        when_shown(QMenu, then)
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, rect.center(), inspector.viewport().mapToGlobal(rect.center()))
        QApplication.sendEvent(inspector.viewport(), event)

    right_click("r3", lambda m: qtbot.keyClick(m, Qt.Key.Key_R))  # supports -> rebuts
    qtbot.waitUntil(lambda: corpus.relations["r3"].kind == "rebuts")
    right_click("r3", lambda m: qtbot.keyClick(m, Qt.Key.Key_V))  # reverse
    qtbot.waitUntil(lambda: (corpus.relations["r3"].source, corpus.relations["r3"].target)
                    == ("wall-stops-floods", "wall-high-enough"))

    def write_note(dialog: TextDialog) -> None:
        qtbot.keyClicks(dialog.edit, "Measured in 2023.")
        press_ok(qtbot, dialog)

    right_click("r3", lambda m: (when_shown(TextDialog, write_note), qtbot.keyClick(m, Qt.Key.Key_N)))
    qtbot.waitUntil(lambda: corpus.relations["r3"].note == "Measured in 2023.")
    right_click("r3", lambda m: qtbot.keyClick(m, Qt.Key.Key_L))  # delete
    qtbot.waitUntil(lambda: "r3" not in corpus.relations)
    for _ in range(4):
        press(qtbot, win, Qt.Key.Key_Z, CTRL)
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    original = json.loads((Path(__file__).parent / "data" / "tiny" / ANNOTATIONS_FILE).read_text(encoding="utf-8"))
    saved = json.loads((tiny_corpus / ANNOTATIONS_FILE).read_text(encoding="utf-8"))
    layout = saved.pop("layout")  # saving keeps the map as shown: every node's position
    assert saved == {**original, "version": 2}
    assert set(layout["positions"]) == {*corpus.claims, *corpus.actors}


def test_actor_relation_menu_cannot_reverse(qtbot, tiny) -> None:
    win, editing = tiny
    seen: list[dict] = []
    when_shown(QMenu, lambda m: (seen.append({a.text(): a.isEnabled() for a in m.actions() if a.text()}), m.close()))
    editing.relation_menu("r11", QPoint(100, 100))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen and seen[0]["Re&verse Direction"] is False and seen[0]["&Asserts"] is True


# -- claims ----------------------------------------------------------------------------------


def test_new_claim_from_selection_after_an_emoji(qtbot, tiny, tiny_corpus: Path) -> None:
    """The passage comes after 🌊, where Qt and the file count positions differently."""
    win, _ = tiny
    start, end = select_text(qtbot, win, "alpha", "three times since 2010")

    def fill(dialog: ClaimDialog) -> None:
        assert dialog.text.toPlainText() == "three times since 2010"
        dialog.text.selectAll()
        qtbot.keyClicks(dialog.text, "The river flooded the town 3 times.")
        dialog.actor.setFocus()
        qtbot.keyClicks(dialog.actor, "Old")
        press_ok(qtbot, dialog)

    when_shown(ClaimDialog, fill)
    press(qtbot, win, Qt.Key.Key_N, CTRL | SHIFT)
    corpus = win.session.corpus
    claim = next(c for c in corpus.claims.values() if c.origin == "manual")
    assert claim.text == "The river flooded the town 3 times."
    assert (claim.mentions[0].start, claim.mentions[0].end) == (start, end)
    assert ("asserts", "residents", claim.id) in links(corpus)
    qtbot.waitUntil(lambda: win.selected() == claim.id)
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    assert not win.isWindowModified(), win.statusBar().currentMessage()
    reloaded = load_corpus(tiny_corpus)
    assert reloaded.ok and reloaded.corpus.claims[claim.id].mentions[0].quote == "three times since 2010"
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert claim.id not in corpus.claims and ("asserts", "residents", claim.id) not in links(corpus)


def test_new_claim_from_the_source_context_menu(qtbot, tiny) -> None:
    win, _ = tiny
    select_text(qtbot, win, "beta", "the river is the cause")
    when_shown(ClaimDialog, lambda d: press_ok(qtbot, d))
    text = win.source_panel.text
    pos = text.cursorRect().center()
    when_shown(QMenu, lambda m: (m.setActiveAction(m.actions()[0]), qtbot.keyClick(m, Qt.Key.Key_Return)))
    text.customContextMenuRequested.emit(pos)
    qtbot.waitUntil(lambda: win.session.undo_stack.count() == 1)
    assert any(c.text == "the river is the cause" for c in win.session.corpus.claims.values() if c.origin == "manual")


def test_add_selection_as_mention_of_the_selected_claim(qtbot, tiny) -> None:
    win, _ = tiny
    win.select_node("wall-stops-floods")
    select_text(qtbot, win, "beta", "the harbour wall will")
    press(qtbot, win, Qt.Key.Key_M, CTRL | SHIFT)
    quotes = [m.quote for m in win.session.corpus.claims["wall-stops-floods"].mentions]
    assert quotes[-1] == "the harbour wall will" and len(quotes) == 2


def test_attribute_selected_claim(qtbot, tiny) -> None:
    win, _ = tiny
    win.select_node("wall-high-enough")

    def pick(dialog: NodePicker) -> None:
        qtbot.keyClicks(dialog.search, "mayor")
        when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_A))
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    when_shown(NodePicker, pick)
    press(qtbot, win, Qt.Key.Key_A, CTRL | SHIFT)
    assert ("asserts", "mayor", "wall-high-enough") in links(win.session.corpus)


def test_f2_edits_claim_text_and_delete_takes_links_along(qtbot, tiny) -> None:
    win, _ = tiny
    corpus = win.session.corpus
    win.select_node("floods-from-river")
    win.canvas.setFocus()

    def retype(dialog: TextDialog) -> None:
        qtbot.keyClicks(dialog.edit, "Floods come from the river.")
        press_ok(qtbot, dialog)

    when_shown(TextDialog, retype)
    press(qtbot, win, Qt.Key.Key_F2, target=win.canvas)
    assert corpus.claims["floods-from-river"].text == "Floods come from the river."
    n = len(corpus.relations)
    press(qtbot, win, Qt.Key.Key_Delete, target=win.canvas)
    assert "floods-from-river" not in corpus.claims and len(corpus.relations) == n - 4
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert corpus.claims["floods-from-river"].text == "Floods come from the river." and len(corpus.relations) == n
    press(qtbot, win, Qt.Key.Key_Z, CTRL | SHIFT)
    assert "floods-from-river" not in corpus.claims


def test_undo_history_view_lists_steps(qtbot, tiny) -> None:
    win, editing = tiny
    when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_R))
    drag(qtbot, win, "wall-cost", "wall-high-enough")
    press(qtbot, win, Qt.Key.Key_4, CTRL)
    assert win.undo_dock.isVisible()
    model = editing.undo_view.model()
    assert model.rowCount() == 2 and "rebuts" in model.index(1, 0).data()


# -- actors ----------------------------------------------------------------------------------


def test_add_rename_and_merge_actors(qtbot, tiny) -> None:
    win, editing = tiny
    corpus = win.session.corpus

    def new_actor(dialog: ActorDialog) -> None:
        qtbot.keyClicks(dialog.name, "Harbour master")
        qtbot.keyClicks(dialog.aliases, "The harbourmaster")
        press_ok(qtbot, dialog)

    when_shown(ActorDialog, new_actor)
    editing.actions["add_actor"].trigger()
    actor = next(a for a in corpus.actors.values() if a.name == "Harbour master")
    assert actor.aliases == ["The harbourmaster"]
    qtbot.waitUntil(lambda: win.selected() == actor.id)

    def rename(dialog: ActorDialog) -> None:
        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, "Harbour Master")
        press_ok(qtbot, dialog)

    when_shown(ActorDialog, rename)
    win.canvas.setFocus()
    press(qtbot, win, Qt.Key.Key_F2, target=win.canvas)
    assert corpus.actors[actor.id].name == "Harbour Master"

    def merge(dialog: MergeDialog) -> None:
        dialog.keep.setCurrentIndex(dialog.keep.findData("residents"))
        for i in range(dialog.others.count()):
            item = dialog.others.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == "fisherman":
                item.setCheckState(Qt.CheckState.Checked)
        press_ok(qtbot, dialog)

    when_shown(MergeDialog, merge)
    editing.actions["merge_actors"].trigger()
    assert "fisherman" not in corpus.actors
    assert ("asserts", "residents", "wall-cost") in links(corpus) and "A fisherman" in corpus.actors["residents"].aliases


# -- moving ----------------------------------------------------------------------------------


def test_dragging_a_node_is_one_undo_step(qtbot, tiny, tiny_corpus: Path) -> None:
    win, _ = tiny
    canvas = win.canvas
    before = win.session.positions()["wall-cost"]
    pa = canvas.view_pos_of("wall-cost")
    viewport = canvas.viewport()
    hover(qtbot, viewport, pa)
    qtbot.mousePress(viewport, LEFT, Qt.KeyboardModifier.NoModifier, pa)
    for k in range(1, 11):
        qtbot.mouseMove(viewport, pa + QPoint(8 * k, 3 * k))
        qtbot.wait(3)
    qtbot.mouseRelease(viewport, LEFT, Qt.KeyboardModifier.NoModifier, pa + QPoint(80, 30))
    assert win.session.undo_stack.count() == 1
    moved = win.session.corpus.positions["wall-cost"]
    assert moved[0] > before[0] and moved[1] > before[1]
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    assert saved(tiny_corpus)["layout"]["positions"]["wall-cost"] == list(moved)
    press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert "wall-cost" not in win.session.corpus.positions
    assert win.session.positions()["wall-cost"] == before


# -- saving through the window ---------------------------------------------------------------


@pytest.mark.parametrize(("answer", "closes"), [(Button.Save, True), (Button.Discard, True), (Button.Cancel, False)])
def test_closing_the_window_with_edits_asks(answer, closes, qtbot, tiny, tiny_corpus: Path) -> None:
    win, _ = tiny
    original = (tiny_corpus / ANNOTATIONS_FILE).read_bytes()
    when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_R))
    drag(qtbot, win, "wall-cost", "wall-high-enough")
    dialogs = DialogAnswerer().queue(answer)
    assert win.close() is closes
    assert "Save your changes" in dialogs.seen[0]
    on_disk = (tiny_corpus / ANNOTATIONS_FILE).read_bytes()
    assert (on_disk != original) is (answer == Button.Save)
    assert win.isVisible() is not closes


def test_opening_another_corpus_asks_first(qtbot, tiny, tmp_path: Path, seed_copy: Path) -> None:
    win, _ = tiny
    when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_R))
    drag(qtbot, win, "wall-cost", "wall-high-enough")
    DialogAnswerer().queue(Button.Cancel)
    assert not win.open_corpus(seed_copy)
    assert win.session.folder.name == "tiny" and win.isWindowModified()


def test_read_only_corpus_refuses_edits(qtbot, opened, tiny_corpus: Path, monkeypatch) -> None:
    path = tiny_corpus / ANNOTATIONS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["relations"][0]["kind"] = "undermines"
    path.write_text(json.dumps(data), encoding="utf-8")
    broken = path.read_bytes()
    from argmap.ui import main_window

    monkeypatch.setattr(main_window.ProblemsDialog, "exec", lambda self: 0)
    win, editing = open_window(qtbot, opened, tiny_corpus)
    assert win.session.read_only and not editing.actions["save"].isEnabled()
    menus = when_shown(QMenu, lambda m: m.close(), timeout_ms=300)
    drag(qtbot, win, "wall-cost", "wall-high-enough")
    qtbot.wait(350)
    assert not menus and "read-only" in win.statusBar().currentMessage()
    assert not win.session.undo_stack.count()
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    assert path.read_bytes() == broken


# -- the whole journey -----------------------------------------------------------------------


def _claim_only_in(corpus, doc: str) -> list[str]:
    return [c.id for c in corpus.claims.values() if {m.doc for m in c.mentions} == {doc}]


def test_journey_on_the_seed_corpus(qtbot, opened, seed_copy: Path) -> None:
    """Open the seeds, rebut across two articles, make a claim from selected text, attribute it,
    undo and redo, save, reopen: everything is as the user left it."""
    win, _ = open_window(qtbot, opened, seed_copy)
    corpus = win.session.corpus
    docs = list(corpus.documents)
    canvas = win.canvas
    # a claim of the first article and one of the second, both on screen when the view is centred on the second
    pair = None
    area = canvas.viewport().rect().adjusted(20, 20, -20, -20)
    for zoom in (False, True):
        if zoom:
            canvas.fit_all()
        for b in _claim_only_in(corpus, docs[1]):
            if not zoom:
                canvas.center_on(b)
            for a in _claim_only_in(corpus, docs[0]):
                pa, pb = canvas.view_pos_of(a), canvas.view_pos_of(b)
                if (corpus.relation_problem("rebuts", a, b) is None and area.contains(pa) and area.contains(pb)
                        and canvas.node_at(pa) == a and canvas.node_at(pb) == b):
                    pair = (a, b)
                    break
            if pair:
                break
        if pair:
            break
    assert pair, "two claims of different articles are on screen together"
    a, b = pair
    qtbot.wait(10)
    when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_R))
    drag(qtbot, win, a, b)
    assert ("rebuts", a, b) in links(corpus)

    doc = corpus.documents[docs[2]]
    sentence = next(s.strip() for s in doc.text.split(".") if 40 < len(s.strip()) < 200)
    start, end = select_text(qtbot, win, doc.id, sentence)
    actor = next(iter(corpus.actors.values()))

    def fill(dialog: ClaimDialog) -> None:
        dialog.text.selectAll()
        qtbot.keyClicks(dialog.text, "My own reading of this passage.")
        dialog.actor.setCurrentIndex(dialog.actor.findData(actor.id))
        press_ok(qtbot, dialog)

    when_shown(ClaimDialog, fill)
    press(qtbot, win, Qt.Key.Key_N, CTRL | SHIFT)
    new = next(c for c in corpus.claims.values() if c.text == "My own reading of this passage.")
    assert ("asserts", actor.id, new.id) in links(corpus)

    steps = win.session.undo_stack.count()
    for _ in range(steps):
        press(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert new.id not in corpus.claims and ("rebuts", a, b) not in links(corpus) and not win.isWindowModified()
    for _ in range(steps):
        press(qtbot, win, Qt.Key.Key_Z, CTRL | SHIFT)
    assert new.id in corpus.claims and ("rebuts", a, b) in links(corpus)
    shown = {k: (round(x, 2), round(y, 2)) for k, (x, y) in win.session.positions().items()}
    press(qtbot, win, Qt.Key.Key_S, CTRL)
    assert not win.isWindowModified()
    win.close()

    again, _ = open_window(qtbot, opened, seed_copy)
    reopened = again.session.corpus
    assert ("rebuts", a, b) in links(reopened) and ("asserts", actor.id, new.id) in links(reopened)
    claim = reopened.claims[new.id]
    assert claim.text == "My own reading of this passage." and claim.origin == "manual" and claim.author == "tester"
    assert (claim.mentions[0].doc, claim.mentions[0].start, claim.mentions[0].end) == (doc.id, start, end)
    assert reopened.positions == shown, "the map reopens exactly as it was shown, every node where it was"
    assert again.canvas.positions() == shown
    assert not again.isWindowModified()


def test_message_boxes_are_not_left_open(qtbot) -> None:
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def _in_view(win: MainWindow, node: str) -> bool:
    x, y = win.canvas.positions()[node]
    return win.canvas.visible_world_rect().contains(x, y)


def test_a_new_claim_from_text_is_brought_into_view_and_c_centres_from_the_text(qtbot, tiny) -> None:
    """The new box is selected and on screen; `C` pressed in the source text centres the selection."""
    win, _ = tiny
    corpus = win.session.corpus
    far = max(win.canvas.positions().items(), key=lambda kv: kv[1][0])[0]
    win.canvas.zoom_by(4.0)
    win.canvas.center_on(far)
    select_text(qtbot, win, "beta", "the river is the cause")
    when_shown(ClaimDialog, lambda d: press_ok(qtbot, d))
    press(qtbot, win, Qt.Key.Key_N, CTRL | SHIFT)
    claim = next(c for c in corpus.claims.values() if c.origin == "manual")
    qtbot.waitUntil(lambda: win.selected() == claim.id)
    qtbot.waitUntil(lambda: _in_view(win, claim.id), timeout=3000)
    win.canvas.center_on(far)
    if _in_view(win, claim.id):
        win.canvas.zoom_by(4.0)
        win.canvas.center_on(far)
    assert not _in_view(win, claim.id)
    text = win.source_panel.text
    win.activateWindow()  # after the dialog closes (a window manager does this itself)
    qtbot.waitUntil(win.isActiveWindow, timeout=2000)
    text.setFocus()
    qtbot.waitUntil(text.hasFocus, timeout=3000)
    qtbot.keyClick(text, Qt.Key.Key_C)
    assert _in_view(win, claim.id)
    win.session.undo_stack.setClean()


def _readable(win: MainWindow) -> bool:
    """Box text is drawn, not stood in for by overview labels."""
    from argmap.render.painter import MapPainter

    return not MapPainter.overview_zoom(win.canvas._pixels_per_unit())


def _inspector_in_front(win: MainWindow) -> bool:
    dock = win.inspector_dock
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def test_what_an_edit_makes_comes_up_readable_with_the_inspector_in_front(qtbot, tiny) -> None:
    """From the whole map zoomed far out, with What Stands in front of the Inspector: a new claim
    and then a new link are selected, zoomed to readable text, and the Inspector shows them."""
    win, _ = tiny
    corpus = win.session.corpus
    win.canvas.zoom_by(0.1)
    win.analysis.status_dock.show()
    win.analysis.status_dock.raise_()
    qtbot.waitUntil(lambda: not _inspector_in_front(win))
    assert not _readable(win)
    select_text(qtbot, win, "beta", "the river is the cause")
    when_shown(ClaimDialog, lambda d: press_ok(qtbot, d))
    press(qtbot, win, Qt.Key.Key_N, CTRL | SHIFT)
    claim = next(c for c in corpus.claims.values() if c.origin == "manual")
    qtbot.waitUntil(lambda: win.selected() == claim.id)
    qtbot.waitUntil(lambda: _inspector_in_front(win))
    assert _readable(win) and _in_view(win, claim.id)
    assert claim.text in win.inspector.toPlainText()

    win.canvas.zoom_by(0.1)
    win.analysis.status_dock.raise_()
    qtbot.waitUntil(lambda: not _inspector_in_front(win))

    def pick(dialog: NodePicker) -> None:
        qtbot.keyClicks(dialog.search, "river has flooded")
        when_shown(QMenu, lambda m: qtbot.keyClick(m, Qt.Key.Key_R))
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)

    when_shown(NodePicker, pick)
    press(qtbot, win, Qt.Key.Key_L, CTRL)
    assert ("rebuts", claim.id, "river-flooded") in links(corpus)
    qtbot.waitUntil(lambda: _inspector_in_front(win))
    assert _readable(win) and _in_view(win, claim.id) and _in_view(win, "river-flooded")
    win.session.undo_stack.setClean()
