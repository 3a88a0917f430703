"""Building QActions the same way everywhere: shortcuts, tooltips that show them, window-wide keys."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QWidget


def make_action(owner: QObject, text: str, slot: Callable | None = None, shortcut: str | list[str] | None = None,
                icon: QIcon | None = None, tip: str = "", checkable: bool = False) -> QAction:
    """An action owned by `owner` and, when that is a widget, added to it, so its shortcut works
    wherever the focus is in the window. A controller's actions (owned by a QObject) take effect
    once the window adds them to itself or to its views.

    A checkable action's slot receives the checked state; any other slot is called without arguments.
    """
    action = QAction(text, owner)
    if shortcut is not None:
        seqs = shortcut if isinstance(shortcut, list) else [shortcut]
        action.setShortcuts([QKeySequence(s) for s in seqs])
    if icon is not None:
        action.setIcon(icon)
    if tip:
        action.setStatusTip(tip)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
    action.setCheckable(checkable)
    if slot is not None:
        action.triggered.connect(lambda checked=False: slot(checked) if checkable else slot())
    if isinstance(owner, QWidget):
        owner.addAction(action)
    return action
