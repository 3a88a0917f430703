"""Asking before a key acts on something the user may not be looking at.

Delete works from the Source Text and the Inspector as well as the map (issue 17, snag 3), but
there the map's selection may be scrolled away: a newcomer pressed Delete with the caret in the
text and lost a claim and seven links without seeing it. So away from the map Delete asks first,
naming what it would delete; on the map, where the selection is in sight, it acts at once (and
Ctrl+Z brings it back either way).
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def focus_is_in(widget: QWidget) -> bool:
    """Is the keyboard focus on `widget` or inside it?"""
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def confirm_delete(parent: QWidget, what: str, links: int) -> bool:
    """Ask "Delete the claim “…” and its N links?"; True when the user says Delete."""
    tail = f" and its {links} link{'s' if links != 1 else ''}" if links else ""
    box = QMessageBox(QMessageBox.Icon.Question, "Delete", f"Delete {what}{tail}?", parent=parent)
    box.setInformativeText("The keyboard focus is not on the map, so this asks first. Ctrl+Z brings it back.")
    yes = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes
