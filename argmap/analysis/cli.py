"""The `argmap stances`, `argmap disputes` and `argmap status` commands (argmap/cli.py parses them)."""

from __future__ import annotations

import argparse

from argmap.analysis import report
from argmap.analysis.disputes import dispute_list
from argmap.analysis.links import VOICES
from argmap.analysis.stances import stance_matrix
from argmap.analysis.status import Restriction, acceptance
from argmap.model.annotations import Corpus


class AnalysisError(Exception):
    """A bad option value; the message names the option and what is wrong."""


def _ids(option: str, value: str | None, known: dict | list, what: str) -> frozenset[str] | None:
    if value is None:
        return None
    if value.strip() in known:  # a name that itself holds a comma
        return frozenset([value.strip()])
    ids = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in ids if v not in known]
    if unknown:
        names = ", ".join(list(known)[:12]) + (", …" if len(known) > 12 else "")
        raise AnalysisError(f"{option}: no {what} {', '.join(repr(u) for u in unknown)} (known: {names or 'none'})")
    return frozenset(ids)


def restriction_from(args: argparse.Namespace, corpus: Corpus) -> Restriction:
    sources = _ids("--sources", args.sources, corpus.documents, "document")
    actors = _ids("--actors", args.actors, corpus.actors, "actor")
    sides = {s.name: s for s in corpus.sides}
    chosen = _ids("--sides", args.sides, sides, "side")
    own = actors or frozenset()
    names: tuple[str, ...] = ()
    if chosen is not None:
        actors = own | {a for name in chosen for a in sides[name].actors}
        names = tuple(s for s in sides if s in chosen)
    voices = _ids("--voices", args.voices, list(VOICES), "voice")
    if voices is not None and actors is None:
        raise AnalysisError("--voices: only with --actors or --sides")
    return Restriction(sources, actors, voices, sides=names, extra_actors=own)


def run_analysis(args: argparse.Namespace, corpus: Corpus) -> str:
    if args.command == "stances":
        m = stance_matrix(corpus, args.by, contested_only=args.contested)
        if args.by == "sides" and not corpus.sides:
            raise AnalysisError("--by sides: this corpus defines no sides (define them in the window: Analysis ▸ Sides…)")
        if args.format == "markdown":
            return report.stances_markdown(m, corpus)
        if args.format == "long-csv":
            return report.stances_long_csv(m, corpus)
        return report.stances_csv(m)
    if args.command == "disputes":
        if args.top is not None and args.top < 1:
            raise AnalysisError("--top: must be 1 or more")
        found = dispute_list(corpus)[: args.top] if args.top else dispute_list(corpus)
        if args.format == "csv":
            return report.disputes_csv(found, corpus)
        if args.format == "markdown":
            return report.disputes_markdown(found, corpus)
        return report.disputes_text(found, corpus)
    result = acceptance(corpus, restriction_from(args, corpus), semantics=args.semantics)
    if args.format == "csv":
        return report.status_csv(result, corpus)
    if args.format == "markdown":
        return report.status_markdown(result, corpus)
    return report.status_text(result, corpus, show_excluded=args.all)
