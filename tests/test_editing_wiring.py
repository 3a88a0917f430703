"""The window merges the editing controller's actions; the controller never reaches into the window.

Built against a fake window that has only the views' signals (no menus, toolbar, docks or
viewports), the controller must construct and leave the fake untouched; the real window must
show every editing action where the user looks for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenuBar, QTextEdit, QToolBar, QWidget

from argmap.ui.editing import ACTORS_MENU, EDIT_MENU, LOCAL_KEYS, TOOLBAR, EditingController
from argmap.ui.main_window import MainWindow
from tests.conftest import DATA
from tests.window_helpers import open_window

LEFT = Qt.MouseButton.LeftButton


class FakeCanvas(QObject):
    linkRequested = Signal(str, str)
    undercutRequested = Signal(str, str)
    nodesMoved = Signal(dict, dict)
    nodeContextMenuRequested = Signal(str, QPoint)
    edgeContextMenuRequested = Signal(str, QPoint)


class FakeInspector(QObject):
    relationContextMenuRequested = Signal(str, QPoint)
    nodeContextMenuRequested = Signal(str, QPoint)
    nodeEditRequested = Signal(str)
    linkShown = Signal(str)
    relation_id: str | None = None


class FakeSourcePanel(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.text = QTextEdit()


class FakeWindow(QMainWindow):
    """Only what the editing controller may use: the session, the selection, the views' signals."""

    corpusOpened = Signal(object)
    selectionChanged = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.session = None
        self.canvas = FakeCanvas()
        self.inspector = FakeInspector()
        self.source_panel = FakeSourcePanel()

    def selected(self) -> str | None:
        return None


def test_editing_builds_against_a_window_without_menus_and_leaves_it_alone(qtbot) -> None:
    fake = FakeWindow()
    qtbot.addWidget(fake)
    editing = EditingController(fake)  # type: ignore[arg-type]  # the fake has only the signals
    placed = {k for k in EDIT_MENU if k} | set(ACTORS_MENU) | {k for k, _ in TOOLBAR} | set(LOCAL_KEYS)
    assert placed <= set(editing.actions), "every action the window places exists"
    assert QWidget.actions(fake) == []  # no shortcut added to the window behind its back
    assert not fake.findChildren(QMenuBar) and not fake.findChildren(QToolBar) and not fake.findChildren(QDockWidget)
    assert not hasattr(fake.canvas, "link_check")  # nothing patched onto a view
    fake.inspector.nodeEditRequested.emit("x")  # gestures with no corpus open: nothing happens, nothing breaks
    fake.canvas.nodeContextMenuRequested.emit("x", QPoint(1, 1))
    assert editing.menu is None
    assert not editing.actions["new_claim"].isEnabled() and not editing.actions["delete"].isEnabled()


@pytest.fixture
def win(qtbot, tmp_path: Path) -> MainWindow:
    import shutil

    shutil.copytree(DATA / "tiny", tmp_path / "tiny")
    return open_window(qtbot, tmp_path / "tiny", discard_on_close=True)


def _texts(actions) -> list[str]:
    return ["----" if a.isSeparator() else a.text() for a in actions]


def test_the_window_menus_and_toolbar_hold_the_editing_actions(win: MainWindow) -> None:
    act = win.editing.actions
    edit = _texts(win.menus["edit"].actions())
    wanted = ["----" if k is None else act[k].text() for k in EDIT_MENU]
    assert edit[:len(wanted)] == wanted
    assert edit[len(wanted)] == "Ac&tors" and edit[-1] == win.actions["find"].text()
    actors = next(a.menu() for a in win.menus["edit"].actions() if a.menu() is not None)
    assert _texts(actors.actions()) == [act[k].text() for k in ACTORS_MENU]
    file_menu = win.menus["file"].actions()
    assert act["save"] in file_menu and file_menu.index(act["save"]) < file_menu.index(win.actions["export"])
    assert [a.iconText() for a in win.toolbar.actions()[-len(TOOLBAR):]] == [label for _, label in TOOLBAR]
    assert win.actions["undo_history"] in win.menus["view"].actions()
    window_wide = QWidget.actions(win)
    for key in LOCAL_KEYS:  # F2 and Delete belong to the reading views: a text field keeps its own Delete
        assert act[key] not in window_wide
        assert all(act[key] in QWidget.actions(view) for view in win.reading_views())
    assert act["undo"] in window_wide and act["save"] in window_wide
    assert win.canvas.link_check == win.editing.can_link


def test_double_click_on_the_inspector_node_edits_it(qtbot, win: MainWindow, monkeypatch) -> None:
    edited: list[str] = []
    monkeypatch.setattr(win.editing, "edit_claim_text", edited.append)  # the dialog itself is tested elsewhere
    win.select_node("wall-cost")
    with qtbot.waitSignal(win.inspector.nodeEditRequested) as blocker:
        qtbot.mouseDClick(win.inspector.viewport(), LEFT, pos=QPoint(win.inspector.viewport().width() - 4, 4))
    assert blocker.args == ["wall-cost"] and edited == ["wall-cost"]


def test_the_other_controllers_leave_the_menus_to_the_window(qtbot, monkeypatch) -> None:
    """Corpus actions, help, overview and analysis say where their actions go (MenuEntry); only the
    window puts them there. With the window's merging switched off, no controller's action is in
    any menu, and the menu bar has only the window's own menus."""
    from argmap.ui.window_chrome import WindowChrome

    monkeypatch.setattr(WindowChrome, "merge_entries", lambda self, entries: None)
    monkeypatch.setattr(WindowChrome, "add_menu", lambda self, key, menu, before="help": None)
    win = MainWindow()
    qtbot.addWidget(win)
    in_menus = {id(a) for m in win.menus.values() for a in m.actions()}
    theirs = [*win.corpus_actions.actions.values(), *win.help_actions.values(), *win.overview.actions.values(),
              win.analysis.sides_action]
    assert not [a.text() for a in theirs if id(a) in in_menus]
    assert [a.text() for a in win.menuBar().actions()] == ["&File", "&Edit", "&View", "&Go", "&Help"]


def test_the_window_puts_every_controller_action_where_it_belongs(win: MainWindow) -> None:
    ca, helps, over = win.corpus_actions.actions, win.help_actions, win.overview.actions
    file_menu = win.menus["file"].actions()
    assert file_menu[0] is ca["new"]
    seeds = file_menu.index(win.actions["open_seeds"])
    assert file_menu[seeds + 2:seeds + 6:] == [ca["add_files"], ca["add_text"], file_menu[seeds + 4], ca["import"]]
    assert file_menu[file_menu.index(win.editing.actions["save"]) + 1] is ca["save_as"]
    assert file_menu[file_menu.index(win.actions["export"]) + 1] is ca["export_data"]
    view = win.menus["view"].actions()
    assert view[view.index(win.menu_anchors["layout_menu"]) + 1] is ca["relayout"]
    assert all(a in view for a in over.values())
    help_menu = win.menus["help"].actions()
    assert help_menu[:3] == list(helps.values()) and help_menu[3].isSeparator()
    assert help_menu[-1] is win.actions["about"]
    assert [a.text() for a in win.menuBar().actions()] == ["&File", "&Edit", "&View", "&Go", "&Analysis", "&Help"]
    window_wide = QWidget.actions(win)
    assert helps["getting_started"] in window_wide and ca["import"] in window_wide  # their shortcuts work anywhere
