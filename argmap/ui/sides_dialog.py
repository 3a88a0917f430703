"""Analysis ▸ Sides…: name groups of actors ("Kremlin and Russian officials", "Ukraine", "US").

The dialog edits a copy; OK hands back the new list, which the caller pushes as one
undoable SetSides command. An actor is on one side at most: ticking it for one side takes
it off the other (the list says where each actor is).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from argmap.model.annotations import Corpus
from argmap.model.sides import Side, sides_problem

ROLE = Qt.ItemDataRole.UserRole


class SidesDialog(QDialog):
    def __init__(self, corpus: Corpus, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("sidesDialog")
        self.setWindowTitle("Sides")
        self.resize(620, 460)
        self.corpus = corpus
        self.sides = [Side(s.name, list(s.actors)) for s in corpus.sides]
        col = QVBoxLayout(self)
        intro = QLabel("A side is a named group of actors. The stance matrix groups its columns by side, and "
                       "“What stands” can accept only some sides. Sides are saved with the corpus.")
        intro.setWordWrap(True)
        col.addWidget(intro)
        row = QHBoxLayout()
        left = QVBoxLayout()
        self.side_list = QListWidget()
        self.side_list.setObjectName("sideList")
        self.side_list.currentRowChanged.connect(lambda _r: self._fill_actors())
        left.addWidget(self.side_list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add…")
        self.add_button.setObjectName("addSide")
        self.add_button.clicked.connect(self._add)
        self.rename_button = QPushButton("Rename…")
        self.rename_button.clicked.connect(self._rename)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName("removeSide")
        self.remove_button.clicked.connect(self._remove)
        for b in (self.add_button, self.rename_button, self.remove_button):
            buttons.addWidget(b)
        left.addLayout(buttons)
        row.addLayout(left, 2)
        self.actor_list = QListWidget()
        self.actor_list.setObjectName("sideActors")
        self.actor_list.itemChanged.connect(self._toggled)
        row.addWidget(self.actor_list, 3)
        col.addLayout(row, 1)
        self.problem = QLabel()
        self.problem.setObjectName("sidesProblem")
        self.problem.setStyleSheet("color: #b3261e")
        col.addWidget(self.problem)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        self.ok = box.button(QDialogButtonBox.StandardButton.Ok)
        col.addWidget(box)
        if read_only:
            for w in (self.add_button, self.rename_button, self.remove_button, self.actor_list, self.ok):
                w.setEnabled(False)
            self.problem.setText("This corpus is read-only: sides cannot be changed.")
        self._fill_sides(0)

    # -- lists ---------------------------------------------------------------------------

    def _fill_sides(self, current: int) -> None:
        self.side_list.blockSignals(True)
        self.side_list.clear()
        for s in self.sides:
            self.side_list.addItem(f"{s.name}  ({len(s.actors)})")
        self.side_list.blockSignals(False)
        if self.sides:
            self.side_list.setCurrentRow(max(0, min(current, len(self.sides) - 1)))
        self._fill_actors()

    def _fill_actors(self) -> None:
        row = self.side_list.currentRow()
        side = self.sides[row] if 0 <= row < len(self.sides) else None
        owner = {a: s.name for s in self.sides for a in s.actors}
        self.actor_list.blockSignals(True)
        self.actor_list.clear()
        for actor in self.corpus.actors.values():
            where = owner.get(actor.id)
            label = actor.name if where is None or (side and where == side.name) else f"{actor.name}   — on “{where}”"
            item = QListWidgetItem(label)
            item.setData(ROLE, actor.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable if side else Qt.ItemFlag.NoItemFlags)
            item.setCheckState(Qt.CheckState.Checked if side and actor.id in side.actors else Qt.CheckState.Unchecked)
            self.actor_list.addItem(item)
        self.actor_list.blockSignals(False)
        for b in (self.rename_button, self.remove_button):
            b.setEnabled(side is not None and self.ok.isEnabled())

    def _toggled(self, item: QListWidgetItem) -> None:
        row = self.side_list.currentRow()
        if not 0 <= row < len(self.sides):
            return
        actor = item.data(ROLE)
        if item.checkState() == Qt.CheckState.Checked:
            for s in self.sides:  # one side per actor: ticking moves it here
                if actor in s.actors:
                    s.actors.remove(actor)
            self.sides[row].actors.append(actor)
        elif actor in self.sides[row].actors:
            self.sides[row].actors.remove(actor)
        self._fill_sides(row)

    # -- buttons ---------------------------------------------------------------------------

    def _ask_name(self, title: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self, title, "Name of the side:", text=text)
        name = name.strip()
        return name if ok and name else None

    def add_side(self, name: str) -> bool:
        """Add an empty side (False, with the reason shown, when the name is taken)."""
        candidate = [*self.sides, Side(name, [])]
        problem = sides_problem(candidate, self.corpus.actors)
        self.problem.setText(problem or "")
        if problem:
            return False
        self.sides = candidate
        self._fill_sides(len(self.sides) - 1)
        return True

    def _add(self) -> None:
        name = self._ask_name("Add Side")
        if name:
            self.add_side(name)

    def _rename(self) -> None:
        row = self.side_list.currentRow()
        if not 0 <= row < len(self.sides):
            return
        name = self._ask_name("Rename Side", self.sides[row].name)
        if not name:
            return
        candidate = [Side(name if i == row else s.name, s.actors) for i, s in enumerate(self.sides)]
        problem = sides_problem(candidate, self.corpus.actors)
        self.problem.setText(problem or "")
        if not problem:
            self.sides = candidate
            self._fill_sides(row)

    def _remove(self) -> None:
        row = self.side_list.currentRow()
        if 0 <= row < len(self.sides):
            del self.sides[row]
            self._fill_sides(row)

    def tick(self, actor_id: str, on: bool = True) -> None:
        """Tick an actor for the current side, as a click would (for tests)."""
        for i in range(self.actor_list.count()):
            item = self.actor_list.item(i)
            if item.data(ROLE) == actor_id:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
