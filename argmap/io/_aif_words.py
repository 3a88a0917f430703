"""The AIF illocution names argmap reads and writes, in one place for the importer and the exporter.

An AIF YA-node names how a locution was said (IAT's illocutionary forces). argmap keeps two
things of it: whether the speaker is for or against the proposition (`asserts` / `denies`)
and how it was voiced (`states` / `suggests` / `reports`, see docs/FORMAT.md):

- states: Asserting, Agreeing, Conceding, Arguing, Restating (the speaker says it again) and
  "Default Illocuting", the placeholder ARG-tech's mining pipelines (AMF, xAIF) write for every
  locution: it says the locution asserts its proposition, with no more detail;
- suggests: Assertive/Rhetorical Questioning and Challenging, Hypothesising (a hedged claim),
  and "Suggesting", which argmap writes for a hinted attribution;
- reports: "Reporting", which argmap writes for a relayed attribution (AIF's reported speech,
  a YA from the reporter's L-node to the reported one, gives `via`);
- denies: Disagreeing (states), Rhetorical Challenging (suggests), "Reported Disagreeing" (reports).
Questions (Pure Questioning), challenges and Analysing have no argmap equivalent.
"""

from __future__ import annotations

from typing import Any

# normalised name (lower case, no spaces) -> voice
ASSERTS = {
    "asserting": "states", "agreeing": "states", "conceding": "states", "popularconceding": "states",
    "arguing": "states", "restating": "states", "defaultilloc": "states", "defaultillocuting": "states",
    "assertivequestioning": "suggests", "rhetoricalquestioning": "suggests", "assertivechallenging": "suggests",
    "hypothesising": "suggests", "hypothesizing": "suggests", "suggesting": "suggests",
    "reporting": "reports",
}
DENIES = {"disagreeing": "states", "rhetoricalchallenging": "suggests", "reporteddisagreeing": "reports"}
ANALYSING = "analysing"

# (kind, voice) -> the name argmap writes
WRITTEN = {
    ("asserts", "states"): "Asserting", ("asserts", "suggests"): "Suggesting", ("asserts", "reports"): "Reporting",
    ("denies", "states"): "Disagreeing", ("denies", "suggests"): "Rhetorical Challenging",
    ("denies", "reports"): "Reported Disagreeing",
}


def normalised(name: str) -> str:
    return name.replace(" ", "").replace("_", "").casefold()


def attribution(name: str) -> tuple[str, str] | None:
    """(kind, voice) for an illocution name, or None when it has no argmap equivalent."""
    key = normalised(name)
    if key in ASSERTS:
        return "asserts", ASSERTS[key]
    if key in DENIES:
        return "denies", DENIES[key]
    return None


def scheme_name(node: dict[str, Any]) -> str:
    """An S-node's scheme name: its `text` (as the file shows it), else `scheme` unless that is
    a number (OVA3's database form puts the numeric scheme id there, which names nothing)."""
    text = node.get("text")
    if isinstance(text, str) and text.strip():
        return text
    scheme = node.get("scheme")
    if isinstance(scheme, str) and scheme.strip() and not scheme.strip().isdigit():
        return scheme
    return str(node["type"])


def illocution(node: dict[str, Any]) -> str:
    """A YA-node's illocution, normalised for lookups (ANALYSING, the ASSERTS and DENIES keys)."""
    return normalised(scheme_name(node))
