"""Where a controller's actions go in the window's menus, said by the controller and carried out
by the window (WindowChrome.merge_entries): a controller never reaches into the menus itself, so
the menus are built in one place and a controller can be made against a bare window."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

START = "^"  # `after` for the top of a menu; None is its end


@dataclass(frozen=True)
class MenuEntry:
    """Put `items` (None: a separator) into the window's menu `menu` ("file", "view", "help", ...)
    right after the action the window knows by the key `after` (START: at the top; None, or a key
    it does not know: at the end)."""

    menu: str
    after: str | None
    items: Sequence[QAction | None]


def insert_after(menu: QMenu, anchor: QAction | None, items: Sequence[QAction | None], at_start: bool = False) -> None:
    """Put actions (None: a separator) right after `anchor` in `menu`, at its start or at its end."""
    actions = menu.actions()
    index = 0 if at_start else actions.index(anchor) + 1 if anchor in actions else len(actions)
    before = actions[index] if index < len(actions) else None
    for item in items:
        if item is None:
            menu.insertSeparator(before) if before is not None else menu.addSeparator()
        else:
            menu.insertAction(before, item) if before is not None else menu.addAction(item)
