"""Small dialogs for hand annotation: new claim, actor, merge, node picker, text edits.

They only collect what the user typed; the editing controller turns the result into a command.
Every dialog works from the keyboard alone (type, arrows, Enter) and opens with its first
field focused.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from argmap.model.annotations import CLAIM_RELATIONS, STATES, Actor, Corpus
from argmap.model.corpus import Mention
from argmap.model.rules import ACTOR_TYPES
from argmap.model.text import shorten
from argmap.ui.roles import link_phrase, node_name, role_summary


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box



node_label = node_name  # the name of a claim (its text) or an actor, as every dialog shows it


class ClaimDialog(QDialog):
    """New claim from selected text: the quote, an editable claim text, and who asserts it."""

    def __init__(self, corpus: Corpus, mention: Mention, parent: QWidget | None = None, actor: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimDialog")
        self.setWindowTitle("New Claim from Selection")
        doc = corpus.documents[mention.doc]
        where = f"{escape(doc.title)} · {mention.start}–{mention.end}"
        quote = QLabel(f"“{escape(shorten(mention.quote, 300))}”<br><span style='color:#777'>{where}</span>")
        quote.setTextFormat(Qt.TextFormat.RichText)
        quote.setWordWrap(True)
        self.text = QPlainTextEdit(mention.quote.strip())
        self.text.setObjectName("claimText")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(70)
        self.text.setPlaceholderText("What the passage claims, in your words")
        self.actor = QComboBox()
        self.actor.setObjectName("claimActor")
        self.actor.addItem("— no one (add it later) —", None)
        for a in sorted(corpus.actors.values(), key=lambda a: a.name.casefold()):
            self.actor.addItem(a.name, a.id)
        if actor is not None:
            self.actor.setCurrentIndex(max(0, self.actor.findData(actor)))
        self.stance = QComboBox()
        self.stance.setObjectName("claimStance")
        self.stance.addItem("asserts it", "asserts")
        self.stance.addItem("denies it", "denies")
        self.voice = QComboBox()
        self.voice.setObjectName("claimVoice")
        self.voice.addItem("said outright", STATES)
        self.voice.addItem("hinted, implied, hedged (suggests)", "suggests")
        self.voice.addItem("relayed another's account (reports)", "reports")
        self.actor.currentIndexChanged.connect(self._update)
        form = QFormLayout()
        form.addRow("Passage", quote)
        form.addRow("Claim", self.text)
        form.addRow("Said by", self.actor)
        form.addRow("", self.stance)
        form.addRow("How", self.voice)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Add Claim"))
        self.resize(520, self.sizeHint().height())
        self._update()
        self.text.setFocus()
        self.text.selectAll()

    def _update(self) -> None:
        self.stance.setEnabled(self.actor.currentData() is not None)
        self.voice.setEnabled(self.actor.currentData() is not None)

    def chosen_voice(self) -> str:
        """How the chosen actor voiced the claim (states / suggests / reports)."""
        return self.voice.currentData()

    def values(self) -> tuple[str, str | None, str]:
        return self.text.toPlainText().strip(), self.actor.currentData(), self.stance.currentData()


class ActorDialog(QDialog):
    """Add or edit an actor: name, type, and other names it goes by (one per line or comma-separated)."""

    def __init__(self, parent: QWidget | None = None, actor: Actor | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actorDialog")
        self.setWindowTitle("Edit Actor" if actor else "Add Actor")
        self.name = QLineEdit(actor.name if actor else "")
        self.name.setObjectName("actorName")
        self.name.setPlaceholderText("e.g. The town council")
        self.type = QComboBox()
        self.type.setObjectName("actorType")
        for t in ACTOR_TYPES:
            self.type.addItem(t.title(), t)
        self.type.setCurrentIndex(self.type.findData(actor.type if actor else "person"))
        self.aliases = QPlainTextEdit("\n".join(actor.aliases) if actor else "")
        self.aliases.setObjectName("actorAliases")
        self.aliases.setTabChangesFocus(True)
        self.aliases.setPlaceholderText("Other names, one per line")
        self.aliases.setMaximumHeight(90)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Type", self.type)
        form.addRow("Also called", self.aliases)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Save" if actor else "Add Actor"))
        self.resize(420, self.sizeHint().height())
        self.name.setFocus()
        self.name.selectAll()

    def values(self) -> tuple[str, str, list[str]]:
        raw = self.aliases.toPlainText().replace(",", "\n").splitlines()
        return self.name.text().strip(), self.type.currentData(), [a.strip() for a in raw if a.strip()]


class NodePicker(QDialog):
    """A searchable list of claims and actors: type to filter, arrows to choose, Enter to accept."""

    def __init__(self, corpus: Corpus, title: str, prompt: str, parent: QWidget | None = None, *,
                 exclude: set[str] | None = None, claims: bool = True, actors: bool = True, links: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("nodePicker")
        self.setWindowTitle(title)
        self.search = QLineEdit()
        self.search.setObjectName("pickerSearch")
        self.search.setPlaceholderText("Type to filter…")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("pickerList")
        self.list.setAlternatingRowColors(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        entries: list[tuple[str, str, str]] = []
        if actors:
            entries += [(a.id, a.name, "Actor") for a in corpus.actors.values()]
        if claims:  # what each claim does, in the words of the Inspector and the map's tooltips
            for c in corpus.claims.values():
                summary = role_summary(corpus, c.id)
                entries.append((c.id, c.text, f"Claim ({summary})" if summary else "Claim"))
        if links:  # supports and rebuts links, which a claim can undercut
            entries += [(r.id, link_phrase(corpus, r, 50), "Link") for r in corpus.relations.values()
                        if r.kind in CLAIM_RELATIONS]
        for node_id, label, kind in entries:
            if exclude and node_id in exclude:
                continue
            item = QListWidgetItem(f"{kind}  ·  {shorten(label, 140)}")
            item.setData(Qt.ItemDataRole.UserRole, node_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, f"{label} {node_id}".casefold())
            item.setToolTip(label)
            self.list.addItem(item)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.accept)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.search.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(_buttons(self, "Choose"))
        self.resize(560, 420)
        self._filter("")
        self.search.setFocus()

    def eventFilter(self, obj, event) -> bool:  # arrows in the search field move through the list
        from PySide6.QtCore import QEvent

        if obj is self.search and event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            rows = [i for i in range(self.list.count()) if not self.list.item(i).isHidden()]
            if rows:
                cur = self.list.currentRow()
                pos = rows.index(cur) if cur in rows else -1
                self.list.setCurrentRow(rows[max(0, min(len(rows) - 1, pos + step))])
            return True
        return super().eventFilter(obj, event)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hay = item.data(Qt.ItemDataRole.UserRole + 1)
            hidden = not all(w in hay for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = i
        current = self.list.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.list.setCurrentRow(first)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None and not item.isHidden() else None


class MergeDialog(QDialog):
    """Merge duplicate actors: tick the duplicates, pick the one to keep."""

    def __init__(self, corpus: Corpus, keep: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle("Merge Actors")
        actors = sorted(corpus.actors.values(), key=lambda a: a.name.casefold())
        self.keep = QComboBox()
        self.keep.setObjectName("mergeKeep")
        for a in actors:
            self.keep.addItem(a.name, a.id)
        if keep is not None:
            self.keep.setCurrentIndex(max(0, self.keep.findData(keep)))
        self.others = QListWidget()
        self.others.setObjectName("mergeOthers")
        self.others.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.others.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for a in actors:
            item = QListWidgetItem(f"{a.name}    ({a.type})")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.others.addItem(item)
        self.keep.currentIndexChanged.connect(self._update)
        note = QLabel("Their links move to the kept actor (twins are dropped) and their names become its aliases.")
        note.setWordWrap(True)
        note.setStyleSheet("color:#666")
        form = QFormLayout()
        form.addRow("Keep", self.keep)
        form.addRow("Merge into it", self.others)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(_buttons(self, "Merge"))
        self.resize(460, 380)
        self._update()

    def _update(self) -> None:
        keep = self.keep.currentData()
        for i in range(self.others.count()):
            item = self.others.item(i)
            item.setHidden(item.data(Qt.ItemDataRole.UserRole) == keep)

    def values(self) -> tuple[str, list[str]]:
        keep = self.keep.currentData()
        others = []
        for i in range(self.others.count()):
            item = self.others.item(i)
            if item.checkState() == Qt.CheckState.Checked and not item.isHidden():
                others.append(item.data(Qt.ItemDataRole.UserRole))
        return keep, others


class TextDialog(QDialog):
    """Edit a claim's text or a link's note (multi-line; Ctrl+Enter accepts)."""

    def __init__(self, title: str, label: str, text: str, parent: QWidget | None = None, ok_text: str = "Save") -> None:
        super().__init__(parent)
        self.setObjectName("textDialog")
        self.setWindowTitle(title)
        self.edit = QPlainTextEdit(text)
        self.edit.setObjectName("dialogText")
        self.edit.setTabChangesFocus(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(label))
        layout.addWidget(self.edit, 1)
        buttons = _buttons(self, ok_text)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setShortcut("Ctrl+Return")
        layout.addWidget(buttons)
        self.resize(480, 220)
        self.edit.setFocus()
        self.edit.selectAll()

    def value(self) -> str:
        return self.edit.toPlainText().strip()
