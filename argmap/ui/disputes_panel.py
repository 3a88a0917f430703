"""Where they disagree: the ranked disputes as a dock panel.

Each dispute is a row (claim, how many actors and documents on each side, stated or inferred
attacks); unfolding it lists who is for and against and every attack. Clicking a dispute asks
the window to select the claim (`claimActivated`); clicking a party or an attack opens the
passage it comes from (`relationActivated`).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from argmap.analysis.disputes import Dispute, Party, dispute_list
from argmap.analysis.report import attack_text
from argmap.model.annotations import Corpus
from argmap.ui.stance_view import ASSERT_COLOUR, DENY_COLOUR

ROLE = Qt.ItemDataRole.UserRole  # ("claim", id) or ("relation", id, claim)
PENDING = "…"


class DisputesPanel(QWidget):
    claimActivated = Signal(str)
    relationActivated = Signal(str, str)  # relation id, the disputed claim

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("disputesPanel")
        self.corpus: Corpus | None = None
        self.disputes: list[Dispute] = []
        col = QVBoxLayout(self)
        col.setContentsMargins(6, 4, 6, 4)
        col.setSpacing(4)
        self.summary = QLabel()
        self.summary.setObjectName("disputesSummary")
        self.summary.setWordWrap(True)
        col.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setObjectName("disputesTree")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Contested claim", "For: actors / docs", "Against: actors / docs",
                                   "Attacks: stated / inferred"])
        self.tree.headerItem().setToolTip(1, "Actors / documents on the claim's side")
        self.tree.headerItem().setToolTip(2, "Actors / documents against it")
        self.tree.headerItem().setToolTip(3, "Attacks stated in the text / inferred by the annotator")
        head = self.tree.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i in (1, 2, 3):
            head.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setUniformRowHeights(True)
        self.tree.setMouseTracking(True)
        self.tree.itemExpanded.connect(self._fill_dispute)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        col.addWidget(self.tree, 1)

    def set_corpus(self, corpus: Corpus | None) -> None:
        self.corpus = corpus
        self.refresh()

    def refresh(self) -> None:
        expanded = {self.tree.topLevelItem(i).data(0, ROLE)[1] for i in range(self.tree.topLevelItemCount())
                    if self.tree.topLevelItem(i).isExpanded()}
        self.tree.clear()
        corpus = self.corpus
        if corpus is None:
            self.disputes = []
            self.summary.setText("")
            return
        self.disputes = dispute_list(corpus)
        for rank, d in enumerate(self.disputes):
            claim = corpus.claims[d.claim]
            item = QTreeWidgetItem([f"{rank + 1}. {' '.join(claim.text.split())}",
                                    f"{len(d.pro_actors)} / {len(d.pro_docs)}", f"{len(d.con_actors)} / {len(d.con_docs)}",
                                    f"{d.stated} / {d.inferred}"])
            item.setData(0, ROLE, ("claim", d.claim))
            item.setToolTip(0, f"<p style='max-width:30em'>{escape(claim.text)}</p>")
            item.setToolTip(1, ", ".join(corpus.actors[a].name for a in d.pro_actors) or "the text itself")
            item.setToolTip(2, ", ".join(corpus.actors[a].name for a in d.con_actors) or "no actor")
            item.setToolTip(3, f"{d.stated} stated in the text, {d.inferred} inferred by the annotator")
            for i in (1, 2, 3):
                item.setTextAlignment(i, Qt.AlignmentFlag.AlignCenter)
            item.addChild(QTreeWidgetItem([PENDING]))  # who is on each side: built when unfolded
            self.tree.addTopLevelItem(item)
            if d.claim in expanded:
                item.setExpanded(True)
        n = len(self.disputes)
        self.summary.setText(f"{n} contested claim{'s' * (n != 1)}. First come those with the most actors on both sides, "
                             "for and against"
                             if n else "No disputes: no claim is denied, rebutted or undercut.")

    def _fill_dispute(self, item: QTreeWidgetItem) -> None:
        """Unfolding a dispute: its two sides and its attacks (10,000-claim maps have thousands of disputes)."""
        if item.parent() is not None or item.childCount() != 1 or item.child(0).text(0) != PENDING or self.corpus is None:
            return
        corpus = self.corpus
        rank = self.tree.indexOfTopLevelItem(item)
        d = self.disputes[rank]
        item.takeChild(0)
        bold = QFont()
        bold.setBold(True)
        self._side(item, "For", d.pro, d.claim, ASSERT_COLOUR)
        self._side(item, "Against", d.con, d.claim, DENY_COLOUR)
        attacks = QTreeWidgetItem(["Attacks"])
        attacks.setFont(0, bold)
        attacks.setData(0, ROLE, ("claim", d.claim))
        for a in d.attacks:
            child = QTreeWidgetItem([attack_text(a, corpus)])
            child.setData(0, ROLE, ("relation", a.relation, d.claim))
            child.setToolTip(0, f"<p style='max-width:34em'>{escape(attack_text(a, corpus))}</p>")
            if not a.stated:
                child.setForeground(0, QColor("#6b7480"))
            attacks.addChild(child)
        item.addChild(attacks)

    def _side(self, parent: QTreeWidgetItem, title: str, parties: list[Party], claim: str, colour: str) -> None:
        assert self.corpus is not None
        head = QTreeWidgetItem([title])
        f = QFont()
        f.setBold(True)
        head.setFont(0, f)
        head.setForeground(0, QColor(colour))
        head.setData(0, ROLE, ("claim", claim))
        for p in parties:
            who = self.corpus.actors[p.actor].name if p.actor in self.corpus.actors else "The text itself"
            how = p.how if p.voice == "states" or p.how not in ("asserts", "denies") else f"{p.how} ({p.voice})"
            if p.through in self.corpus.claims:
                text = " ".join(self.corpus.claims[p.through].text.split())
                how += f" with “{text if len(text) < 70 else text[:69] + '…'}”"
            docs = ", ".join(self.corpus.documents[d].title for d in p.docs if d in self.corpus.documents)
            child = QTreeWidgetItem([f"{who} — {how}"])
            child.setToolTip(0, f"<p style='max-width:34em'>{escape(who)} — {escape(how)}<br>"
                                f"<span style='color:#666'>in {escape(docs or 'no document')}</span></p>")
            child.setData(0, ROLE, ("relation", p.relation, claim) if p.relation else ("claim", claim))
            head.addChild(child)
        parent.addChild(head)

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        target = item.data(0, ROLE)
        if not target:
            return
        if target[0] == "claim":
            self.claimActivated.emit(target[1])
        else:
            self.relationActivated.emit(target[1], target[2])

    def item_for(self, kind: str, ident: str) -> QTreeWidgetItem | None:
        """The first row that leads to this claim or relation (for tests)."""
        def walk(item: QTreeWidgetItem) -> QTreeWidgetItem | None:
            data = item.data(0, ROLE)
            if data and data[0] == kind and data[1] == ident:
                return item
            for i in range(item.childCount()):
                found = walk(item.child(i))
                if found is not None:
                    return found
            return None
        for i in range(self.tree.topLevelItemCount()):
            self._fill_dispute(self.tree.topLevelItem(i))
            found = walk(self.tree.topLevelItem(i))
            if found is not None:
                return found
        return None
