"""One-line texts that fit whatever width a small window leaves them: shortened with "…", whole in the tooltip.

A reviewer at 1024x700 found the Outline's heading wrapped to seven lines (one row of the tree
left to see) and the status bar's hint and messages cut mid-word with no way to read the rest.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizeGrip, QSizePolicy, QStatusBar, QWidget

MIN_CHARS = 6  # an elided label never asks for less than about this many characters


class ElidedLabel(QLabel):
    """A plain-text label on one line: "…" where it is cut, and then the whole text as its tooltip.

    `text()` is the whole text; `shown()` is what is drawn.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._tip = ""  # a tooltip of its own, shown when nothing is cut
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        self._full = text or ""
        self.updateGeometry()
        self._elide()

    def text(self) -> str:
        return self._full

    def shown(self) -> str:
        return super().text()

    def set_tip(self, tip: str) -> None:
        """A tooltip for when the text is whole (the whole text takes its place when it is cut)."""
        self._tip = tip
        self._elide()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        m = self.contentsMargins()
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + m.left() + m.right() + 2,
                     super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(self.fontMetrics().averageCharWidth() * MIN_CHARS, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt name): a style sheet's font changes the widths
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width() - 2
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(room, 0))
        if shown != super().text():
            super().setText(shown)
        self.setToolTip(self._full if shown != self._full else self._tip)


def message_room(bar: QStatusBar, normal: list[QWidget] | tuple[()] = ()) -> int:
    """The width a temporary message gets: up to the first permanent widget on the right (`normal`
    widgets, which the message hides, do not count)."""
    edges = [w.geometry().left() for w in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
             if w.isVisible() and not isinstance(w, QSizeGrip) and w.geometry().left() > 0 and w not in normal]
    return (min(edges) if edges else bar.width()) - 8  # QStatusBar draws its message from a few pixels in


class ElidingStatusBar(QStatusBar):
    """A status bar whose messages that do not fit end in "…" (QStatusBar cuts them mid-word), and
    are whole in its tooltip and in currentMessage(). Messages Qt shows by itself (a menu entry's
    status tip) are only clipped, and whole in the tooltip (tip_cut_messages)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._shown = ""
        self._normal: list[QWidget] = []  # hidden while a message shows: they leave it their room
        tip_cut_messages(self)

    def addWidget(self, widget: QWidget, stretch: int | None = 0) -> None:  # noqa: N802 (Qt name)
        self._normal.append(widget)
        super().addWidget(widget, stretch or 0)

    def showMessage(self, text: str, timeout: int | None = 0) -> None:  # noqa: N802 (Qt name)
        room = message_room(self, self._normal)
        shown = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, max(room, 0)) if text else text
        self._full, self._shown = text, shown
        super().showMessage(shown, timeout or 0)
        if shown != text:
            self.setToolTip(text)

    def currentMessage(self) -> str:  # noqa: N802 (Qt name)
        shown = super().currentMessage()
        return self._full if shown and shown == self._shown else shown


def tip_cut_messages(bar: QStatusBar) -> None:
    """A status message too long for the bar is shown whole in the bar's tooltip (QStatusBar only clips it)."""

    def shown(text: str) -> None:
        full = bar.currentMessage() if text else text  # an ElidingStatusBar's message, whole
        cut = bool(text) and (full != text or bar.fontMetrics().horizontalAdvance(text) > message_room(bar))
        bar.setToolTip(full if cut else "")

    bar.messageChanged.connect(shown)
