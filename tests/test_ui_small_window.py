"""Issue 17, the window at small sizes: panels that adapt, texts that are not cut, the map's share.

Sizes are those a reviewer tried: a 1024x700 screen (the window opens at 942x607 on it) and a
1400x900 screen at QT_SCALE_FACTOR=2 (700x450 logical; the window opens at 644x384).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QStatusBar, QTabBar

from argmap.ui.elided import message_room
from argmap.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated_settings")
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CLAIM = "c-ukraine-behind"
ON_1024 = (942, 607)  # the first-run window on a 1024x700 screen
ON_SCALE_2 = (644, 384)  # and on 1400x900 at QT_SCALE_FACTOR=2


@pytest.fixture
def styled(qtbot):
    from argmap.ui.app import apply_style

    app = QApplication.instance()
    old = app.styleSheet()
    apply_style(app)
    yield
    app.setStyleSheet(old)


def _window(qtbot, size: tuple[int, int], corpus: Path = SEEDS) -> MainWindow:
    """A first-run window of this size (fresh settings) on the corpus, laid out, docks arranged."""
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_corpus(corpus)
    qtbot.waitUntil(win.layout_ready, timeout=20000)
    qtbot.wait(50)  # the docks are arranged once the window has its size
    return win


def _map_share(win: MainWindow) -> float:
    return win.canvas.width() / win.width()


# -- 1: at 1024x700 the panels adapt ----------------------------------------------------------


def test_outline_heading_is_one_line_and_the_tree_gets_the_room(qtbot, styled) -> None:
    win = _window(qtbot, ON_1024)
    win.select_node(CLAIM)
    win.outline_dock.show()
    win.outline_dock.raise_()
    qtbot.waitUntil(lambda: win.outline_panel.tree.topLevelItemCount() == 1)
    title = win.outline_panel.title
    line = title.fontMetrics().lineSpacing()
    assert title.height() < 2 * line, f"the heading is {title.height() / line:.1f} lines tall"
    full = "What supports and what attacks the selected claim"
    assert title.text() == full
    if title.shown() != full:  # cut to fit: the whole heading is its tooltip
        assert title.shown().endswith("…") and title.toolTip() == full
    assert title.fontMetrics().horizontalAdvance(title.shown()) <= title.contentsRect().width()
    tree = win.outline_panel.tree
    root = tree.topLevelItem(0)
    first_child = root.child(0)
    assert tree.visualItemRect(first_child).bottom() < tree.viewport().height(), "only the root row is visible"


def test_the_inspector_gets_a_fair_share_of_a_low_window(qtbot) -> None:
    win = _window(qtbot, ON_1024)
    assert win.inspector_dock.height() >= 0.4 * win.height(), \
        f"the Inspector is {win.inspector_dock.height()} px of a {win.height()} px window"
    assert win.source_dock.height() >= 0.3 * win.height()


def test_dock_tab_titles_are_whole(qtbot, styled) -> None:
    win = _window(qtbot, ON_1024)
    win.analysis.status_dock.show()  # a third and a fourth tab beside the Inspector and the Outline
    win.tabifyDockWidget(win.inspector_dock, win.undo_dock)
    win.undo_dock.show()
    win.analysis.status_dock.raise_()
    qtbot.wait(50)
    bars = [b for b in win.findChildren(QTabBar) if b.isVisible() and b.count() >= 4]
    assert bars, "no tab bar with the four panels"
    for bar in bars:
        for i in range(bar.count()):
            text = bar.tabText(i)
            assert bar.tabRect(i).width() >= bar.fontMetrics().horizontalAdvance(text), f"tab {text!r} is cut"


def test_the_legend_takes_the_column_when_it_is_raised(qtbot) -> None:
    win = _window(qtbot, ON_1024)
    win.help_actions["legend"].trigger()
    qtbot.waitUntil(lambda: win.legend_dock.isVisible())
    assert win.legend_dock.height() >= 0.6 * win.height(), f"the Legend is {win.legend_dock.height()} px high"
    assert win.browse_dock.toggleViewAction().isChecked()  # Browse is still there, a tab away


# -- 2: a small screen: the docks give way to the map -----------------------------------------


def test_on_a_small_window_the_panels_fold_into_tabs_and_the_map_keeps_half(qtbot) -> None:
    win = _window(qtbot, ON_SCALE_2)
    assert _map_share(win) >= 0.5, f"the map is {win.canvas.width()} of {win.width()} px"
    for dock in (win.browse_dock, win.legend_dock, win.outline_dock, win.inspector_dock):
        assert dock.toggleViewAction().isChecked(), f"{dock.windowTitle()} was closed"
        assert dock in win.tabifiedDockWidgets(win.inspector_dock) or dock is win.inspector_dock
    assert win.inspector_dock.isVisible()  # the selection's panel in front


def test_at_1024_the_two_columns_stay_and_the_map_keeps_nearly_half(qtbot) -> None:
    win = _window(qtbot, ON_1024)
    assert win.dockWidgetArea(win.browse_dock) == win.dockWidgetArea(win.browse_dock).LeftDockWidgetArea
    assert _map_share(win) >= 0.45


def test_an_arrangement_saved_on_a_large_screen_folds_on_a_smaller_one(qtbot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "argmap.conf"), QSettings.Format.IniFormat)
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.resize(1400, 900)
    first.show()
    qtbot.waitExposed(first)
    qtbot.wait(50)
    assert first.dockWidgetArea(first.browse_dock) == first.dockWidgetArea(first.browse_dock).LeftDockWidgetArea
    first.save_settings()
    first.close()
    win = MainWindow(settings)  # restored onto the 800x800 offscreen screen, then on a smaller window still
    qtbot.addWidget(win)
    win.resize(*ON_SCALE_2)
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(50)
    assert _map_share(win) >= 0.5, f"the map is {win.canvas.width()} of {win.width()} px"


SCALED = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from argmap.ui.main_window import MainWindow
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
win = MainWindow(settings)
win.show()
win.open_corpus(Path(sys.argv[2]))
def done():
    if not win.layout_ready():
        QTimer.singleShot(100, done)
        return
    print(win.width(), win.canvas.width(), win.screen().availableGeometry().width())
    win.save_settings()
    app.quit()
QTimer.singleShot(200, done)
app.exec()
"""


def _scaled_run(tmp_path: Path, conf: Path) -> tuple[int, int, int]:
    """The app at QT_SCALE_FACTOR=2 on a 1400x900 screen (offscreen): window, map and screen widths."""
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": 1400, "height": 900,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
    out = subprocess.run([sys.executable, "-c", SCALED, str(conf), str(SEEDS)], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    window, canvas, screen_w = map(int, out.stdout.split()[-3:])
    return window, canvas, screen_w


def test_first_run_at_scale_factor_2_keeps_half_the_width_for_the_map(tmp_path: Path) -> None:
    window, canvas, screen_w = _scaled_run(tmp_path, tmp_path / "fresh.conf")
    assert screen_w == 700  # the scale factor took
    assert window <= screen_w and canvas >= 0.5 * window, f"the map is {canvas} of {window} px"


def test_a_1400_arrangement_restored_at_scale_factor_2_keeps_half_for_the_map(qtbot, tmp_path: Path) -> None:
    conf = tmp_path / "big.conf"
    settings = QSettings(str(conf), QSettings.Format.IniFormat)
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.resize(1400, 900)
    first.show()
    qtbot.waitExposed(first)
    qtbot.wait(50)
    first.save_settings()
    first.close()
    window, canvas, _ = _scaled_run(tmp_path, conf)
    assert canvas >= 0.5 * window, f"the map is {canvas} of {window} px"


# -- 3: texts that are not cut ------------------------------------------------------------------


def test_what_stands_choices_are_whole_in_a_narrow_dock(qtbot, styled) -> None:
    win = _window(qtbot, ON_1024)
    win.analysis.status_dock.show()
    win.analysis.status_dock.raise_()
    qtbot.waitUntil(lambda: win.analysis.status.isVisible())
    qtbot.wait(50)
    panel = win.analysis.status
    for widget in (panel.semantics, panel.badges, panel.map_filter):
        assert widget.width() >= widget.sizeHint().width(), f"{widget.objectName()} is cut to {widget.width()} px"
        assert panel.rect().contains(widget.geometry()), f"{widget.objectName()} runs out of the panel"


def test_the_status_bar_hint_fits_or_says_the_rest_in_its_tooltip(qtbot, styled) -> None:
    win = _window(qtbot, ON_1024)
    win.select_node(CLAIM)
    hint = win.hint_label
    assert hint.text().startswith("[ ] linked nodes")
    assert hint.fontMetrics().horizontalAdvance(hint.shown()) <= hint.contentsRect().width()
    if hint.shown() != hint.text():
        assert hint.shown().endswith("…") and hint.toolTip() == hint.text()
    win.resize(500, 400)  # narrower still: cut, never clipped
    qtbot.waitUntil(lambda: hint.shown() != hint.text())
    assert hint.fontMetrics().horizontalAdvance(hint.shown()) <= hint.contentsRect().width()
    assert hint.toolTip() == hint.text()


def test_a_status_message_too_long_for_the_bar_is_whole_in_its_tooltip(qtbot, styled) -> None:
    win = _window(qtbot, ON_1024)
    bar = win.statusBar()
    long = "A message far too long for a status bar at this width: " + "every word of it matters " * 4
    bar.showMessage(long)
    assert bar.toolTip() == long
    drawn = QStatusBar.currentMessage(bar)  # what the bar paints (Qt's own record of it)
    assert drawn.endswith("…") and long.startswith(drawn[:-1])  # cut at the end with "…", not mid-glyph
    assert bar.fontMetrics().horizontalAdvance(drawn) <= message_room(bar)
    assert bar.currentMessage() == long  # what the window said stays whole for whoever asks
    bar.showMessage("Short")
    assert bar.toolTip() == "" and QStatusBar.currentMessage(bar) == "Short"


def test_the_bundled_badge_says_what_it_means(qtbot) -> None:
    win = _window(qtbot, ON_1024)
    badge = win.read_only_label
    assert badge.isVisible() and badge.text() == "Bundled"
    assert "working copy" in badge.toolTip()
