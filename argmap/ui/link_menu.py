"""What the link-kind menu says about the links it cannot offer, and where popups may go.

A second drag between two already linked claims used to drop "Supports" from the menu without a
word, though the README promises a message: the menu now lists such a kind greyed out with the
reason ("already linked"), and the status bar says it too. Popups are kept inside the screen:
without a window manager (or near the right edge) Qt left the menu half off screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize

from argmap.model.annotations import ACTOR_RELATIONS, CLAIM_RELATIONS, UNDERCUT, Corpus

KIND_TITLES = {
    "supports": "&Supports",
    "rebuts": "&Rebuts",
    "undercuts": "&Undercuts this link",
    "asserts": "&Asserts",
    "denies": "&Denies",
}
VOICE_TITLES = {"states": "&Stated outright", "suggests": "&Hinted, implied, hedged (suggests)",
                "reports": "&Relayed from another account (reports)"}


def link_choices(corpus: Corpus, source: str, target: str) -> list[tuple[str, str, str, str]]:
    """The links that make sense from a drag between two nodes: (label, kind, source, target).

    A drag from a claim to an actor means "said by": the link goes from the actor to the claim.
    """
    choices = []
    if source in corpus.claims and target in corpus.relations:  # onto a link: attack the inference
        choices = [(KIND_TITLES[UNDERCUT], UNDERCUT, source, target)]
    elif source in corpus.claims and target in corpus.claims:
        choices = [(KIND_TITLES[k], k, source, target) for k in CLAIM_RELATIONS]
    elif source in corpus.actors and target in corpus.claims:
        choices = [(KIND_TITLES[k], k, source, target) for k in ACTOR_RELATIONS]
    elif source in corpus.claims and target in corpus.actors:
        choices = [("&Asserted by this actor", "asserts", target, source), ("&Denied by this actor", "denies", target, source)]
    return [c for c in choices if corpus.relation_problem(c[1], c[2], c[3]) is None]


def refused_kinds(corpus: Corpus, source: str, target: str) -> list[tuple[str, str]]:
    """(kind, reason) for each kind a drag between these nodes could mean but that is refused as a duplicate."""
    if source in corpus.claims and target in corpus.claims:
        ends = [(k, source, target) for k in CLAIM_RELATIONS]
    elif source in corpus.actors and target in corpus.claims:
        ends = [(k, source, target) for k in ACTOR_RELATIONS]
    elif source in corpus.claims and target in corpus.actors:
        ends = [(k, target, source) for k in ACTOR_RELATIONS]
    else:
        return []
    out = []
    for kind, a, b in ends:
        problem = corpus.relation_problem(kind, a, b)
        if problem and "already" in problem:
            out.append((kind, problem))
    return out


def on_screen(pos: QPoint, size: QSize, screen: QRect) -> QPoint:
    """Where a popup of `size` asked for at `pos` goes so that all of it is inside `screen`."""
    x = min(max(pos.x(), screen.left()), screen.right() + 1 - size.width())
    y = min(max(pos.y(), screen.top()), screen.bottom() + 1 - size.height())
    return QPoint(max(x, screen.left()), max(y, screen.top()))
