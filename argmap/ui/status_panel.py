"""What still stands: acceptance of every claim, restricted to the sources or sides the user accepts.

The user picks a semantics (grounded, or preferred for small maps) and ticks the sides,
actors or documents to accept (nothing ticked on a list = that list does not restrict).
The panel lists the claims by status and explains the selected one ("rejected: attacked by
X, which nothing attacks"), every claim in the explanation a link. `reportChanged` hands the
result to whoever draws the badges and filters the map.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from argmap.analysis.status import ACCEPTED, EXCLUDED, REJECTED, UNDECIDED, Restriction, StatusReport, acceptance
from argmap.model.annotations import Corpus
from argmap.render import style as S

ROLE = Qt.ItemDataRole.UserRole
STATUS_TITLES = {ACCEPTED: "Accepted", REJECTED: "Rejected", UNDECIDED: "Undecided", EXCLUDED: "Not carried"}
STATUS_COLOURS = {ACCEPTED: S.GREEN, REJECTED: S.VERMILION, UNDECIDED: "#6b7480", EXCLUDED: "#9aa1aa"}
EAGER_ROWS = 400  # a status group with more claims is listed when unfolded
MAP_FILTERS = (("all", "Map: every claim"), (ACCEPTED, "Map: only accepted"), (REJECTED, "Map: only rejected"),
               (UNDECIDED, "Map: only undecided"))


class _AcceptList(QTreeWidget):
    """Sides, actors and documents with check boxes: what the user accepts."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("acceptList")
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.itemChanged.connect(lambda *_: self.changed.emit())

    def fill(self, corpus: Corpus | None) -> None:
        kept = self.ticked()
        self.blockSignals(True)
        self.clear()
        if corpus is not None:
            members = {s.name: ", ".join(corpus.actors[a].name for a in s.actors if a in corpus.actors) for s in corpus.sides}
            groups = (("side", "Sides", [(s.name, s.name, members[s.name]) for s in corpus.sides]),
                      ("doc", "Sources (documents)", [(d.id, d.title, d.path) for d in corpus.documents.values()]),
                      ("actor", "Actors", [(a.id, a.name, a.type) for a in corpus.actors.values()]))
            for kind, title, rows in groups:
                if not rows:
                    continue
                head = QTreeWidgetItem([title])
                head.setFlags(Qt.ItemFlag.ItemIsEnabled)
                f = QFont()
                f.setBold(True)
                head.setFont(0, f)
                for ident, label, tip in rows:
                    item = QTreeWidgetItem([label])
                    item.setData(0, ROLE, (kind, ident))
                    item.setToolTip(0, tip)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(0, Qt.CheckState.Checked if (kind, ident) in kept else Qt.CheckState.Unchecked)
                    head.addChild(item)
                self.addTopLevelItem(head)
                head.setExpanded(kind != "actor")
        self.blockSignals(False)

    def items(self) -> list[QTreeWidgetItem]:
        top = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        return [child for t in top if t is not None for j in range(t.childCount()) if (child := t.child(j)) is not None]

    def ticked(self) -> set[tuple[str, str]]:
        return {tuple(it.data(0, ROLE)) for it in self.items() if it.checkState(0) == Qt.CheckState.Checked}

    def set_ticked(self, ticked: set[tuple[str, str]]) -> None:
        self.blockSignals(True)
        for it in self.items():
            it.setCheckState(0, Qt.CheckState.Checked if tuple(it.data(0, ROLE)) in ticked else Qt.CheckState.Unchecked)
        self.blockSignals(False)
        self.changed.emit()


class StatusPanel(QWidget):
    reportChanged = Signal(object)  # StatusReport or None
    claimActivated = Signal(str)
    badgesToggled = Signal(bool)
    mapFilterChanged = Signal(str)  # "all" or a status

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusPanel")
        self.corpus: Corpus | None = None
        self.report: StatusReport | None = None
        self.selected: str | None = None
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.recompute)
        col = QVBoxLayout(self)
        col.setContentsMargins(6, 4, 6, 4)
        col.setSpacing(4)
        bar = self._bar = QHBoxLayout()
        self.semantics = QComboBox()
        self.semantics.setObjectName("statusSemantics")
        self.semantics.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # as wide as its choice
        # plain names; the argumentation-theory terms are in the tooltips and docs/ANALYSIS.md
        self.semantics.addItem("Cautious", "grounded")
        self.semantics.setItemData(0, "Grounded semantics", Qt.ItemDataRole.ToolTipRole)
        self.semantics.addItem("Every consistent view", "preferred")
        self.semantics.setItemData(1, "Sceptical preferred semantics", Qt.ItemDataRole.ToolTipRole)
        self.semantics.setToolTip(
            "Cautious (grounded semantics): a claim stands when nothing attacks it or every attack on it is\n"
            "answered by a claim that stands; where attacks go round in a circle, nothing is decided.\n"
            "Every consistent view (preferred semantics): a claim stands when it survives in every largest\n"
            "set of claims that do not attack each other; it can settle circles (small maps only).")
        self.semantics.currentIndexChanged.connect(lambda _i: self._timer.start())
        bar.addWidget(self.semantics)
        self.badges = QCheckBox("Badges on map")
        self.badges.setObjectName("statusBadges")
        self.badges.setToolTip("Mark each claim on the map: ✓ accepted, ✗ rejected, ? undecided")
        self.badges.toggled.connect(self.badgesToggled)
        bar.addWidget(self.badges, 0, Qt.AlignmentFlag.AlignLeft)  # stacked, not stretched past its text
        self.map_filter = QComboBox()
        self.map_filter.setObjectName("statusMapFilter")
        for key, title in MAP_FILTERS:
            self.map_filter.addItem(title, key)
        self.map_filter.setToolTip("Show only the claims with this status on the map (with the actors behind them)")
        self.map_filter.currentIndexChanged.connect(lambda _i: self.mapFilterChanged.emit(self.map_filter.currentData()))
        bar.addWidget(self.map_filter)
        bar.addStretch(1)
        col.addLayout(bar)
        self.semantics.currentIndexChanged.connect(lambda _i: self._fit_bar())
        self.accept = _AcceptList()
        accept_bar = QHBoxLayout()
        label = QLabel("Accept only what these carry (nothing ticked = everything):")
        label.setObjectName("sectionHint")
        label.setWordWrap(True)
        accept_bar.addWidget(label, 1)
        clear = QToolButton()
        clear.setText("Accept all")
        clear.setObjectName("statusAcceptAll")
        clear.clicked.connect(lambda: self.accept.set_ticked(set()))
        accept_bar.addWidget(clear)
        col.addLayout(accept_bar)
        split = QSplitter(Qt.Orientation.Vertical)
        self.accept.changed.connect(self._timer.start)
        split.addWidget(self.accept)
        lower = QWidget()
        lower_col = QVBoxLayout(lower)
        lower_col.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setObjectName("statusSummary")
        self.summary.setWordWrap(True)
        lower_col.addWidget(self.summary)
        self.claims = QTreeWidget()
        self.claims.setObjectName("statusClaims")
        self.claims.setHeaderHidden(True)
        self.claims.setUniformRowHeights(True)
        self.claims.itemExpanded.connect(self._fill_group)
        self.claims.itemClicked.connect(self._clicked)
        self.claims.itemActivated.connect(self._clicked)
        lower_col.addWidget(self.claims, 1)
        self.why = QTextBrowser()
        self.why.setObjectName("statusWhy")
        self.why.setOpenLinks(False)
        self.why.anchorClicked.connect(self._on_link)
        self.why.setMinimumHeight(70)
        lower_col.addWidget(self.why)
        split.addWidget(lower)
        split.setSizes([150, 450])
        split.setStretchFactor(1, 1)
        col.addWidget(split, 1)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit_bar()

    def _fit_bar(self) -> None:
        """The choices side by side where they fit, one under the other in a narrow dock (in a row
        there, "Map: every claim" was cut to "Map: e" and the check box to "Badges o")."""
        bar = self._bar
        controls = (self.semantics, self.badges, self.map_filter)
        margins = self.layout().contentsMargins()
        need = sum(w.sizeHint().width() for w in controls) + 2 * max(bar.spacing(), 6) + margins.left() + margins.right()
        direction = bar.Direction.LeftToRight if need <= self.width() else bar.Direction.TopToBottom
        if bar.direction() != direction:
            bar.setDirection(direction)

    # -- inputs --------------------------------------------------------------------------

    def set_corpus(self, corpus: Corpus | None) -> None:
        if corpus is not self.corpus:
            self.accept.blockSignals(True)
            self.accept.clear()
            self.accept.blockSignals(False)
        self.corpus = corpus
        self.accept.fill(corpus)
        self.recompute()

    def restriction(self) -> Restriction:
        """What the ticks say: documents restrict the sources; sides and actors the actors."""
        ticked = self.accept.ticked()
        docs = frozenset(i for k, i in ticked if k == "doc")
        actors = {i for k, i in ticked if k == "actor"}
        if self.corpus is not None:
            sides = {s.name: s for s in self.corpus.sides}
            actors |= {a for k, i in ticked if k == "side" and i in sides for a in sides[i].actors}
        has_actor_ticks = any(k in ("actor", "side") for k, _ in ticked)
        sides = tuple(s.name for s in (self.corpus.sides if self.corpus else []) if ("side", s.name) in ticked)
        own = frozenset(i for k, i in ticked if k == "actor")
        return Restriction(docs or None, frozenset(actors) if has_actor_ticks else None, sides=sides, extra_actors=own)

    def accept_only(self, *, sides: tuple[str, ...] = (), docs: tuple[str, ...] = (), actors: tuple[str, ...] = ()) -> None:
        """Tick exactly these (used by tests and by the Analysis menu's presets)."""
        self.accept.set_ticked({("side", s) for s in sides} | {("doc", d) for d in docs} | {("actor", a) for a in actors})

    def show_claim(self, claim_id: str | None) -> None:
        """Explain the claim selected elsewhere (on the map, in a list)."""
        self.selected = claim_id
        self._explain()

    # -- computing and showing ---------------------------------------------------------------

    def recompute(self) -> None:
        corpus = self.corpus
        if corpus is None:
            self.report = None
            self.claims.clear()
            self.summary.setText("")
            self.why.clear()
            self.reportChanged.emit(None)
            return
        self.report = acceptance(corpus, self.restriction(), semantics=str(self.semantics.currentData()))
        self._fill()
        self._explain()
        self.reportChanged.emit(self.report)

    def _fill(self) -> None:
        assert self.report is not None and self.corpus is not None
        r = self.report
        n = r.counts()
        pref = ""
        if r.preferred is not None and not r.preferred.too_large:
            pref = f" · {r.preferred.count} consistent view{'s' * (r.preferred.count != 1)}"
        plain = "Cautious" if r.semantics == "grounded" else "Every consistent view" if r.semantics == "preferred" \
            else r.semantics.title()
        text = (f"<b>{plain}</b>, {escape(r.restriction.describe(self.corpus))}: "
                f"<span style='color:{S.GREEN}'>{n[ACCEPTED]} accepted</span> · "
                f"<span style='color:{S.VERMILION}'>{n[REJECTED]} rejected</span> · {n[UNDECIDED]} undecided"
                + (f" · {n[EXCLUDED]} not carried" if n[EXCLUDED] else "") + pref)
        if r.note:
            text += f"<br><i>{escape(r.note)}</i>"
        self.summary.setText(text)
        self.claims.clear()
        for status in (ACCEPTED, REJECTED, UNDECIDED, EXCLUDED):
            ids = r.with_status(status)
            if not ids:
                continue
            head = QTreeWidgetItem([f"{STATUS_TITLES[status]} ({len(ids)})"])
            head.setForeground(0, QColor(STATUS_COLOURS[status]))
            f = QFont()
            f.setBold(True)
            head.setFont(0, f)
            head.setData(0, ROLE + 1, status)
            big = len(ids) > EAGER_ROWS
            if big:
                head.addChild(QTreeWidgetItem(["…"]))  # filled when unfolded: thousands of rows cost seconds
            else:
                self._fill_group(head)
            self.claims.addTopLevelItem(head)
            head.setExpanded(status != EXCLUDED and not big)

    def _fill_group(self, head: QTreeWidgetItem) -> None:
        r, corpus = self.report, self.corpus
        status = head.data(0, ROLE + 1)
        if r is None or corpus is None or status is None or (head.childCount() and head.child(0).data(0, ROLE)):
            return
        head.takeChildren()
        for cid in r.with_status(status):
            item = QTreeWidgetItem([" ".join(corpus.claims[cid].text.split())])
            item.setData(0, ROLE, cid)
            item.setToolTip(0, f"<p style='max-width:32em'>{escape(r.claims[cid].why)}</p>")
            head.addChild(item)

    def _explain(self) -> None:
        r, corpus, cid = self.report, self.corpus, self.selected
        if r is None or corpus is None:
            self.why.clear()
            return
        if cid is None or cid not in r.claims:
            self.why.setHtml("<p style='color:#6b7480'>Select a claim to see why it stands or falls.</p>")
            return
        st = r.claims[cid]
        why = escape(st.why)
        for other in st.because:  # every claim named becomes a link to it
            if other in corpus.claims:
                text = " ".join(corpus.claims[other].text.split())
                short = text if len(text) <= 70 else text[:69] + "…"
                quoted = escape(f"“{short}”")
                why = why.replace(quoted, f"<a href='claim:{escape(other)}'>{quoted}</a>", 1)
        colour = STATUS_COLOURS[st.status]
        self.why.setHtml(f"<p><b style='color:{colour}'>{STATUS_TITLES[st.status]}</b> — "
                         f"{escape(' '.join(corpus.claims[cid].text.split()))}</p><p>Why? {why}</p>")

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        cid = item.data(0, ROLE)
        if cid:
            self.claimActivated.emit(cid)

    def _on_link(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("claim:"):
            self.claimActivated.emit(text[len("claim:"):])

    def status_of(self, claim_id: str) -> str | None:
        return self.report.claims[claim_id].status if self.report and claim_id in self.report.claims else None

    def why_of(self, claim_id: str) -> str | None:
        return self.report.claims[claim_id].why if self.report and claim_id in self.report.claims else None
