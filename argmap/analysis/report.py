"""The analyses as text: CSV, Markdown and plain text, shared by the CLI and the window's exports."""

from __future__ import annotations

import csv
import io

from argmap.analysis.disputes import Attack, Dispute, Party
from argmap.analysis.stances import StanceMatrix, symbol
from argmap.analysis.status import ACCEPTED, EXCLUDED, REJECTED, UNDECIDED, StatusReport
from argmap.model.annotations import Corpus
from argmap.model.text import shorten

LEGEND = "+ asserts · − denies · ± both · ? only suggested · ~ only reported"


def _csv(rows: list[list[object]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _md_cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _md_table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"



# -- stances ------------------------------------------------------------------------------


def _column_titles(m: StanceMatrix) -> list[str]:
    return [f"{c.label} [{c.side}]" if c.side else c.label for c in m.columns]


def stances_csv(m: StanceMatrix) -> str:
    """The matrix, one claim a row: id, text, contested, then one mark per column."""
    rows: list[list[object]] = [["claim", "text", "contested", *_column_titles(m)]]
    for r in m.rows:
        rows.append([r.claim, r.text, "yes" if r.contested else "", *(symbol(m.cell(r.claim, c.id)) for c in m.columns)])
    return _csv(rows)


def stances_long_csv(m: StanceMatrix, corpus: Corpus) -> str:
    """One attribution a row, with voice, via and the quote: the matrix as data."""
    rows: list[list[object]] = [["claim", "column", "side", "actor", "stance", "voice", "via", "document", "start", "end",
                                 "quote", "relation"]]
    for r in m.rows:
        for c in m.columns:
            for st in m.cell(r.claim, c.id):
                q = st.quote
                rows.append([r.claim, c.id, c.side or "", st.actor, st.kind, st.voice, st.via or "",
                             q.doc if q else "", q.start if q else "", q.end if q else "", q.quote if q else "", st.relation])
    return _csv(rows)


def stances_markdown(m: StanceMatrix, corpus: Corpus) -> str:
    header = ["#", "Claim", *_column_titles(m)]
    rows = [[str(i + 1) + (" ⚑" if r.contested else ""), shorten(r.text, 80),
             *(symbol(m.cell(r.claim, c.id)) for c in m.columns)] for i, r in enumerate(m.rows)]
    return _md_table(header, rows) + f"\n{LEGEND} · ⚑ contested\n"


# -- disputes -----------------------------------------------------------------------------


def side_text(parties: list[Party], corpus: Corpus) -> str:
    """"Ukraine (denies, rebuts ×2), the text (asserts)": each party once, with how it takes the side."""
    hows: dict[str | None, list[str]] = {}
    for p in parties:
        how = p.how if p.voice == "states" or p.how not in ("asserts", "denies") else f"{p.how}, {p.voice}"
        hows.setdefault(p.actor, []).append(how)
    parts = []
    for actor, found in hows.items():
        who = corpus.actors[actor].name if actor in corpus.actors else "the text"
        counted = {h: found.count(h) for h in dict.fromkeys(found)}
        parts.append(f"{who} ({', '.join(h if n == 1 else f'{h} ×{n}' for h, n in counted.items())})")
    return "; ".join(parts)


def attack_text(attack: Attack, corpus: Corpus) -> str:
    """"r92: “The Islamic State claimed…” rebuts it (stated)"."""
    if attack.source in corpus.actors:
        who = corpus.actors[attack.source].name
    else:
        who = f"“{shorten(corpus.claims[attack.source].text, 60)}”" if attack.source in corpus.claims else attack.source
    note = f": {shorten(attack.note, 80)}" if attack.note else ""
    how = "stated in the text" if attack.stated else f"inferred by the annotator{note}"
    what = {"undercuts": "undercuts a support of it", "rebuts": "rebuts it", "denies": "denies it"}.get(attack.kind, attack.kind)
    return f"{attack.relation}: {who} {what} ({how})"


def _names(actors: list[str], corpus: Corpus) -> str:
    return ", ".join(corpus.actors[a].name for a in actors if a in corpus.actors) or "—"


def disputes_text(disputes: list[Dispute], corpus: Corpus, limit: int | None = None) -> str:
    if not disputes:
        return "no disputes: no claim is denied, rebutted or undercut\n"
    out = []
    for i, d in enumerate(disputes[:limit] if limit else disputes):
        claim = corpus.claims[d.claim]
        out.append(f"{i + 1}. {shorten(claim.text, 100)}  [{d.claim}]")
        out.append(f"   for:     {_count(d.pro_actors, 'actor')} in {_count(d.pro_docs, 'document')}: "
                   + side_text(d.pro, corpus))
        out.append(f"   against: {_count(d.con_actors, 'actor')} in {_count(d.con_docs, 'document')}: "
                   + side_text(d.con, corpus))
        out.extend(f"   - {attack_text(a, corpus)}" for a in d.attacks)
    return "\n".join(out) + "\n"


def _count(items: list, word: str) -> str:
    return f"{len(items)} {word}{'s' * (len(items) != 1)}"


def disputes_csv(disputes: list[Dispute], corpus: Corpus) -> str:
    rows: list[list[object]] = [["rank", "claim", "text", "for actors", "against actors", "for documents",
                                 "against documents", "stated attacks", "inferred attacks"]]
    for i, d in enumerate(disputes):
        rows.append([i + 1, d.claim, corpus.claims[d.claim].text, _names(d.pro_actors, corpus), _names(d.con_actors, corpus),
                     len(d.pro_docs), len(d.con_docs), d.stated, d.inferred])
    return _csv(rows)


def disputes_markdown(disputes: list[Dispute], corpus: Corpus) -> str:
    rows = [[i + 1, shorten(corpus.claims[d.claim].text, 70), _names(d.pro_actors, corpus), _names(d.con_actors, corpus),
             f"{len(d.pro_docs)} / {len(d.con_docs)}", f"{d.stated} / {d.inferred}"] for i, d in enumerate(disputes)]
    return _md_table(["#", "Claim", "For", "Against", "Documents for / against", "Attacks stated / inferred"], rows)


# -- status -------------------------------------------------------------------------------

_HEADINGS = {ACCEPTED: "Accepted", REJECTED: "Rejected", UNDECIDED: "Undecided", EXCLUDED: "Not in the accepted sources"}


def status_summary(report: StatusReport, corpus: Corpus) -> str:
    n = report.counts()
    line = (f"{report.semantics} semantics, {report.restriction.describe(corpus)}: {n[ACCEPTED]} accepted, "
            f"{n[REJECTED]} rejected, {n[UNDECIDED]} undecided")
    if n[EXCLUDED]:
        line += f", {n[EXCLUDED]} not carried"
    if report.preferred is not None and not report.preferred.too_large:
        line += f" ({report.preferred.count} preferred extension{'s' * (report.preferred.count != 1)})"
    return line


def status_text(report: StatusReport, corpus: Corpus, *, show_excluded: bool = False) -> str:
    out = [status_summary(report, corpus)]
    if report.note:
        out.append(f"note: {report.note}")
    for status in (ACCEPTED, REJECTED, UNDECIDED, EXCLUDED):
        ids = report.with_status(status)
        if not ids or (status == EXCLUDED and not show_excluded):
            continue
        out.append("")
        out.append(f"{_HEADINGS[status]} ({len(ids)}):")
        for cid in ids:
            out.append(f"  [{cid}] {shorten(corpus.claims[cid].text, 100)}")
            if status != EXCLUDED or report.claims[cid].because:
                out.append(f"      {report.claims[cid].why}")
    return "\n".join(out) + "\n"


def status_csv(report: StatusReport, corpus: Corpus) -> str:
    rows: list[list[object]] = [["claim", "text", "status", "why"]]
    rows += [[cid, corpus.claims[cid].text, st.status, st.why] for cid, st in report.claims.items()]
    return _csv(rows)


def status_markdown(report: StatusReport, corpus: Corpus) -> str:
    rows = [[st.status, shorten(corpus.claims[cid].text, 80), st.why] for cid, st in report.claims.items()
            if st.status != EXCLUDED]
    return f"{status_summary(report, corpus)}\n\n" + _md_table(["Status", "Claim", "Why"], rows)
