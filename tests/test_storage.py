"""Every validation error of the loader: bad input in, a message naming file, JSON path and fault out.

Each case copies tests/data/tiny, breaks one thing, loads it and checks the problem list.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from argmap import commands as cmd
from argmap.model import rules
from argmap.model.annotations import Actor, Claim, ModelError, Relation
from argmap.model.corpus import Mention
from argmap.model.corpus_format import ANNOTATIONS_FILE, LoadResult, Problem
from argmap.model.loading import load_corpus
from argmap.model.saving import dumps, save_corpus

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "data" / "tiny"

Edit = Callable[[dict], None]


def write_json(folder: Path, data: object) -> None:
    (folder / ANNOTATIONS_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def broken(folder: Path, edit: Edit) -> LoadResult:
    """tiny with `edit` applied to its parsed annotations.json, loaded again."""
    data = json.loads((folder / ANNOTATIONS_FILE).read_text(encoding="utf-8"))
    edit(data)
    write_json(folder, data)
    return load_corpus(folder)


def only_problem(result: LoadResult, severity: str = "error") -> Problem:
    matching = [p for p in result.problems if p.severity == severity]
    assert len(matching) == 1, [str(p) for p in result.problems]
    return matching[0]


def assert_names(problem: Problem, folder: Path, where: str, *fragments: str) -> None:
    text = str(problem)
    assert problem.file == str(folder / ANNOTATIONS_FILE)
    assert text.startswith(f"{folder / ANNOTATIONS_FILE}: {where}: "), text
    for fragment in fragments:
        assert fragment in problem.message, text


def setter(path: str, value: object) -> Edit:
    """An edit setting data[a][b]... = value, with path like 'claims.0.text'."""

    def edit(data: dict) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        obj = data
        for p in parents:
            obj = obj[p]
        obj[last] = value

    return edit


def deleter(path: str) -> Edit:
    def edit(data: dict) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        obj = data
        for p in parents:
            obj = obj[p]
        del obj[last]

    return edit


def test_tiny_is_valid_and_canonical(tiny_corpus: Path) -> None:
    """tiny is a version 1 file: it loads without a problem and is written as version 2, nothing else changed."""
    result = load_corpus(tiny_corpus)
    assert result.ok and result.problems == []
    v1 = (tiny_corpus / ANNOTATIONS_FILE).read_text(encoding="utf-8")
    assert '  "version": 1,\n' in v1
    assert dumps(result.corpus) == v1.replace('  "version": 1,\n', '  "version": 2,\n', 1)


# -- one broken thing at a time -----------------------------------------------------------

def _undercut(**fields: object) -> Edit:
    """Append an undercut (by default: floods-from-river undercuts r3, the wall's height supporting its stopping floods)."""
    return lambda d: d["relations"].append(
        {"id": "r12", "kind": "undercuts", "source": "floods-from-river", "target": "r3", "origin": "seed", **fields}
    )


CASES: list[tuple[str, Edit, str, tuple[str, ...]]] = [
    # missing and wrong-typed fields
    ("missing field", deleter("claims.0.text"), "$.claims[0]", ("missing required field 'text'",)),
    ("missing top field", deleter("relations"), "$", ("missing required field 'relations'",)),
    ("wrong type", setter("claims.0.text", 5), "$.claims[0].text", ("must be a string, not a number",)),
    ("null", setter("actors.1.name", None), "$.actors[1].name", ("must be a string, not null",)),
    ("bool for int", setter("claims.0.mentions.0.start", True), "$.claims[0].mentions[0].start", ("integer, not a boolean",)),
    ("float for int", setter("claims.0.mentions.0.end", 81.0), "$.claims[0].mentions[0].end", ("integer, not a number",)),
    ("bool version", setter("version", True), "$.version", ("integer, not a boolean",)),
    ("list expected", setter("documents", {}), "$.documents", ("must be a list, not an object",)),
    ("item not object", setter("actors.0", "council"), "$.actors[0]", ("must be an object, not a string",)),
    ("alias not string", setter("actors.0.aliases", ["ok", 3]), "$.actors[0].aliases[1]", ("must be a string",)),
    ("empty claim text", setter("claims.1.text", "  "), "$.claims[1].text", ("must not be empty",)),
    ("no mentions", setter("claims.1.mentions", []), "$.claims[1].mentions", ("at least one mention",)),
    ("empty id", setter("actors.2.id", " "), "$.actors[2].id", ("must not be empty",)),
    # unknown fields
    ("unknown field", setter("actors.0.colour", "red"), "$.actors[0].colour", ("unknown field",)),
    ("unknown top field", setter("comments", []), "$.comments", ("unknown field",)),
    ("unknown mention field", setter("claims.2.mentions.1.page", 3), "$.claims[2].mentions[1].page", ("unknown field",)),
    # format and version
    ("wrong format", setter("format", "aif"), "$.format", ('must be "argmap-annotations", not "aif"',)),
    ("wrong version", setter("version", 3), "$.version", ("unsupported version 3", "versions 1 and 2")),
    # enums
    (
        "relation kind",
        setter("relations.2.kind", "attacks"),
        "$.relations[2].kind",
        ("unknown relation kind 'attacks'", "supports"),
    ),
    ("actor type", setter("actors.0.type", "alien"), "$.actors[0].type", ("unknown actor type 'alien'", "organisation")),
    ("origin", setter("relations.0.origin", "imported"), "$.relations[0].origin", ("'seed' or 'manual'", "imported")),
    # references
    ("dangling target", setter("relations.2.target", "nowhere"), "$.relations[2].target", ("'nowhere' is not the id",)),
    ("dangling source", setter("relations.0.source", "ghost"), "$.relations[0].source", ("'ghost' is not the id",)),
    ("relation to a document", setter("relations.2.target", "alpha"), "$.relations[2].target", ("'alpha' is a document",)),
    ("relation to a relation", setter("relations.2.source", "r1"), "$.relations[2].source", ("'r1' is a relation",)),
    (
        "mention of unknown doc",
        setter("claims.0.mentions.0.doc", "gamma"),
        "$.claims[0].mentions[0].doc",
        ("unknown document 'gamma'",),
    ),
    # duplicate ids
    (
        "duplicate id",
        setter("claims.1.id", "wall-stops-floods"),
        "$.claims[1].id",
        ("duplicate id 'wall-stops-floods'", "$.claims[0]"),
    ),
    ("duplicate id across kinds", setter("actors.0.id", "alpha"), "$.actors[0].id", ("duplicate id 'alpha'", "$.documents[0]")),
    ("relation id = claim id", setter("relations.10.id", "wall-cost"), "$.relations[10].id", ("duplicate id 'wall-cost'",)),
    # offsets and quotes
    (
        "offsets out of range",
        lambda d: d["claims"][0]["mentions"][0].update(start=5000, end=5048),
        "$.claims[0].mentions[0].start",
        ("outside the document",),
    ),
    ("negative offset", setter("claims.5.mentions.0.start", -3), "$.claims[5].mentions[0].start", ("outside the document",)),
    ("end before start", setter("claims.0.mentions.0.end", 20), "$.claims[0].mentions[0].end", ("greater than start",)),
    (
        "end-start != len(quote)",
        setter("claims.0.mentions.0.end", 82),
        "$.claims[0].mentions[0].end",
        ("end - start is 49", "48"),
    ),
    (
        "quote does not match",
        setter("claims.0.mentions.0.quote", "THE new harbour wall will stop the winter floods"),
        "$.claims[0].mentions[0].quote",
        ("does not match the text at 33..81", '"the new harbour wall'),
    ),
    ("empty quote", setter("relations.0.evidence.0.quote", ""), "$.relations[0].evidence[0].quote", ("must not be empty",)),
    (
        "bad evidence",
        lambda d: d["relations"][0]["evidence"][0].update(start=17, end=33),
        "$.relations[0].evidence[0].quote",
        ("does not match",),
    ),
    # documents
    ("path escapes", setter("documents.0.path", "../alpha.txt"), "$.documents[0].path", ("inside the corpus folder",)),
    ("absolute path", setter("documents.1.path", "/etc/hostname"), "$.documents[1].path", ("inside the corpus folder",)),
    ("document missing", setter("documents.1.path", "gamma.txt"), "$.documents[1].path", ("'gamma.txt' does not exist",)),
    ("document is a folder", setter("documents.1.path", "."), "$.documents[1].path", ("is a folder",)),
    ("NUL in path", setter("documents.1.path", "be\u0000ta.txt"), "$.documents[1].path", ("cannot be read",)),
    ("bad sha256", setter("documents.0.sha256", "ABC"), "$.documents[0].sha256", ("64 lowercase hex digits",)),
    # relation shapes
    (
        "supports from an actor",
        setter("relations.2.source", "engineers"),
        "$.relations[2].source",
        ("'supports' joins two claims",),
    ),
    (
        "rebuts to an actor",
        setter("relations.4.target", "mayor"),
        "$.relations[4].target",
        ("'rebuts' joins two claims", "'mayor'"),
    ),
    ("asserts to an actor", setter("relations.0.target", "mayor"), "$.relations[0].target", ("'asserts' points at a claim",)),
    (
        "asserts from a claim",
        setter("relations.0.source", "wall-cost"),
        "$.relations[0].source",
        ("'asserts' starts at an actor",),
    ),
    ("denies from a claim", setter("relations.10.source", "wall-high-enough"), "$.relations[10].source", ("starts at an actor",)),
    ("self-loop", setter("relations.2.source", "wall-stops-floods"), "$.relations[2]", ("'wall-stops-floods' supports itself",)),
    (
        "duplicate relation",
        lambda d: d["relations"].append({**d["relations"][2], "id": "r12"}),
        "$.relations[11]",
        ("duplicate relation", "'wall-high-enough' supports 'wall-stops-floods' already exists (r3)"),
    ),
    # undercuts (version 2): a claim attacks a supports or rebuts relation
    ("undercut of a claim", _undercut(target="wall-cost"), "$.relations[11].target",
     ("must point at a supports or rebuts relation", "'wall-cost' is a claim")),
    ("undercut of an attribution", _undercut(target="r1"), "$.relations[11].target", ("'r1' is an attribution ('asserts')",)),
    ("undercut of an undercut", lambda d: (_undercut()(d), _undercut(id="r13", source="wall-cost", target="r12")(d)),
     "$.relations[12].target", ("must point at a supports or rebuts relation", "'r12' is an undercut")),
    ("undercut from its own link", _undercut(source="wall-high-enough"), "$.relations[11].source",
     ("'wall-high-enough' cannot undercut r3", "one end of that relation")),
    ("undercut from an actor", _undercut(source="mayor"), "$.relations[11].source", ("'undercuts' starts at a claim",)),
    ("undercut of nothing", _undercut(target="r99"), "$.relations[11].target", ("'r99' is not the id of any relation",)),
    ("undercut of a broken link", lambda d: (setter("relations.2.kind", "attacks")(d), _undercut()(d)),
     "$.relations[2].kind", ("unknown relation kind",)),
    ("duplicate undercut", lambda d: (_undercut()(d), _undercut(id="r13")(d)), "$.relations[12]",
     ("duplicate relation", "'floods-from-river' undercuts 'r3' already exists (r12)")),
    # voice and via of attributions (version 2)
    ("unknown voice", setter("relations.1.voice", "hinted"), "$.relations[1].voice",
     ("unknown voice 'hinted'", "states, suggests, reports")),
    ("voice not a string", setter("relations.1.voice", 2), "$.relations[1].voice", ("must be a string, not a number",)),
    ("voice on supports", setter("relations.2.voice", "suggests"), "$.relations[2].voice",
     ("'voice' applies only to asserts and denies, not to 'supports'",)),
    ("via on rebuts", setter("relations.4.via", "mayor"), "$.relations[4].via", ("'via' applies only to asserts and denies",)),
    ("via on an undercut", _undercut(via="mayor"), "$.relations[11].via", ("not to 'undercuts'",)),
    ("via is the source", setter("relations.0.via", "council"), "$.relations[0].via",
     ("another actor than the source 'council'",)),
    ("via unknown", setter("relations.0.via", "ghost"), "$.relations[0].via", ("'ghost' is not an actor",)),
    ("via a claim", setter("relations.0.via", "wall-cost"), "$.relations[0].via", ("'wall-cost' is not an actor",)),
    # provenance of manual items
    ("manual without created", setter("claims.0.origin", "manual"), "$.claims[0]", ("manual items need a 'created' time",)),
    ("manual relation without created", setter("relations.3.origin", "manual"), "$.relations[3]", ("'created'",)),
    ("bad ISO time", setter("claims.0.created", "yesterday"), "$.claims[0].created", ("'yesterday' is not an ISO date",)),
    ("bad ISO relation time", setter("relations.1.created", "2026-13-01T10:00"), "$.relations[1].created", ("not an ISO",)),
    # layout
    ("layout not object", setter("layout", []), "$.layout", ("must be an object, not a list",)),
    ("position not pair", setter("layout", {"positions": {"wall-cost": [1.0]}}), "$.layout.positions.wall-cost", ("[x, y]",)),
    (
        "position not number",
        setter("layout", {"positions": {"mayor": [1, "2"]}}),
        "$.layout.positions.mayor",
        ("finite numbers",),
    ),
    ("position bool", setter("layout", {"positions": {"mayor": [True, 2]}}), "$.layout.positions.mayor", ("finite numbers",)),
    ("position NaN", setter("layout", {"positions": {"mayor": [float("nan"), 2]}}), "$.layout.positions.mayor", ("finite",)),
    ("positions not object", setter("layout", {"positions": [[0, 0]]}), "$.layout.positions", ("must be an object",)),
    ("layout unknown field", setter("layout", {"zoom": 2}), "$.layout.zoom", ("unknown field",)),
]


# Cases whose item disappears entirely (no usable id, or a document that cannot be read): references
# to it are reported as well, and those later messages must point at the missing item.
CASCADES = {
    "list expected": "unknown document",
    "item not object": "'council' is not the id",
    "empty id": "'residents' is not the id",
    "duplicate id": "'wall-high-enough' is not the id",
    "duplicate id across kinds": "'council' is not the id",
    "path escapes": "(see $.documents[0])",
    "absolute path": "(see $.documents[1])",
    "document missing": "(see $.documents[1])",
    "document is a folder": "(see $.documents[1])",
    "NUL in path": "(see $.documents[1])",
    "undercut of a broken link": "relation 'r3' could not be loaded (see $.relations[2])",
}


@pytest.mark.parametrize(("name", "edit", "where", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_each_error_names_file_path_and_fault(
    tiny_corpus: Path, name: str, edit: Edit, where: str, fragments: tuple[str, ...]
) -> None:
    result = broken(tiny_corpus, edit)
    assert not result.ok
    if name not in CASCADES:
        assert_names(only_problem(result), tiny_corpus, where, *fragments)
        return
    first, *rest = result.errors
    assert_names(first, tiny_corpus, where, *fragments)
    assert rest, "expected follow-on problems for references to the broken item"
    for problem in rest:
        assert CASCADES[name] in problem.message, str(problem)


def test_the_broken_item_is_left_out_and_the_rest_loads(tiny_corpus: Path) -> None:
    result = broken(tiny_corpus, setter("relations.2.kind", "attacks"))
    assert result.corpus is not None
    assert "r3" not in result.corpus.relations
    assert len(result.corpus.relations) == 10 and len(result.corpus.claims) == 6


def test_unknown_layout_node_is_a_warning_and_dropped(tiny_corpus: Path) -> None:
    result = broken(tiny_corpus, setter("layout", {"name": "force", "positions": {"gone": [1, 2], "mayor": [3, 4.5]}}))
    assert result.ok
    assert_names(only_problem(result, "warning"), tiny_corpus, "$.layout.positions.gone", "unknown node 'gone'")
    assert result.corpus.positions == {"mayor": (3.0, 4.5)}
    assert result.corpus.layout_name == "force"


# -- errors before the JSON can be read --------------------------------------------------


def test_bad_json_gives_line_and_column(tiny_corpus: Path) -> None:
    (tiny_corpus / ANNOTATIONS_FILE).write_text('{\n  "format": "argmap-annotations",\n  "version": 1,,\n}\n', encoding="utf-8")
    result = load_corpus(tiny_corpus)
    assert result.corpus is None
    assert_names(only_problem(result), tiny_corpus, "line 3, column 16", "invalid JSON")


def test_not_utf8_gives_line(tiny_corpus: Path) -> None:
    (tiny_corpus / ANNOTATIONS_FILE).write_bytes(b'{\n  "format": "argmap-annotations",\n  "note": "caf\xe9"\n}\n')
    result = load_corpus(tiny_corpus)
    assert result.corpus is None
    assert_names(only_problem(result), tiny_corpus, "line 3", "not UTF-8")


@pytest.mark.parametrize("text", ["[" * 100_000, '{"version": ' + "9" * 5000 + "}"], ids=["deep", "huge-int"])
def test_pathological_json_is_a_problem_not_a_crash(tiny_corpus: Path, text: str) -> None:
    (tiny_corpus / ANNOTATIONS_FILE).write_text(text, encoding="utf-8")
    result = load_corpus(tiny_corpus)
    assert result.corpus is None
    assert_names(only_problem(result), tiny_corpus, "file", "invalid JSON")


def test_top_level_not_an_object(tiny_corpus: Path) -> None:
    write_json(tiny_corpus, [1, 2])
    result = load_corpus(tiny_corpus)
    assert result.corpus is None
    assert_names(only_problem(result), tiny_corpus, "$", "must be an object, not a list")


def test_document_file_not_utf8(tiny_corpus: Path) -> None:
    (tiny_corpus / "beta.txt").write_bytes(b"Letters \xff\xfe to the editor")
    result = load_corpus(tiny_corpus)
    errors = [p for p in result.errors if p.where == "$.documents[1].path"]
    assert len(errors) == 1 and "cannot be read as UTF-8" in errors[0].message


def test_missing_folder_and_empty_folder(tmp_path: Path) -> None:
    result = load_corpus(tmp_path / "nope")
    assert result.corpus is None and "no such corpus folder" in str(only_problem(result))
    result = load_corpus(tmp_path)
    assert result.corpus is None and "no .txt documents" in str(only_problem(result))


def test_folder_of_texts_opens_as_new_corpus(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("\n  First title \nbody", encoding="utf-8")
    (tmp_path / "two words.txt").write_text("x", encoding="utf-8")
    result = load_corpus(tmp_path)
    assert result.ok
    assert [(d.id, d.path, d.title) for d in result.corpus.documents.values()] == [
        ("one", "one.txt", "First title"),
        ("two-words", "two words.txt", "x"),
    ]


# -- a document changed since it was annotated -------------------------------------------


def _edit_text(folder: Path, name: str, change: Callable[[str], str]) -> str:
    path = folder / name
    text = change(path.read_bytes().decode("utf-8"))
    path.write_bytes(text.encode("utf-8"))
    return text


def test_changed_document_re_anchors_unique_quotes(tiny_corpus: Path) -> None:
    text = _edit_text(tiny_corpus, "alpha.txt", lambda t: "Updated 2026 🚧\n" + t)
    shift = len("Updated 2026 🚧\n")
    result = load_corpus(tiny_corpus)
    assert result.ok, [str(p) for p in result.problems]
    warnings = [p for p in result.problems if p.severity == "warning"]
    assert warnings[0].where == "$.documents[0].sha256" and "has changed" in warnings[0].message
    moved = {p.where: p.message for p in warnings[1:]}
    assert moved["$.claims[0].mentions[0]"] == f"re-anchored from 33..81 to {33 + shift}..{81 + shift} after the document changed"
    assert "$.relations[0].evidence[0]" in moved
    assert all(str(tiny_corpus / ANNOTATIONS_FILE) in str(p) and "warning: " in str(p) for p in warnings)
    corpus = result.corpus
    for claim, _, m in corpus.mentions_in("alpha"):
        assert text[m.start : m.end] == m.quote, claim.id
    assert corpus.claims["wall-stops-floods"].mentions[0].start == 33 + shift
    # beta did not change: its mention of the same claim keeps its offsets
    assert corpus.claims["floods-from-river"].mentions[1].start == 100
    # saving stores the new offsets and hash: the corpus then loads without any problem
    save_corpus(corpus)
    again = load_corpus(tiny_corpus)
    assert again.ok and again.problems == []
    assert again.corpus.claims["wall-stops-floods"].mentions[0].start == 33 + shift


def test_changed_document_with_ambiguous_quote_is_an_error(tiny_corpus: Path) -> None:
    _edit_text(tiny_corpus, "beta.txt", lambda t: "the wall will cost 40 million euros, they said. " + t)
    result = load_corpus(tiny_corpus)
    assert not result.ok
    error = only_problem(result)
    assert_names(error, tiny_corpus, "$.claims[5].mentions[0].quote", "the document changed", "occurs 2 times")


def test_changed_document_with_quote_gone_is_an_error(tiny_corpus: Path) -> None:
    _edit_text(tiny_corpus, "beta.txt", lambda t: t.replace("40 million", "forty million"))
    result = load_corpus(tiny_corpus)
    assert_names(only_problem(result), tiny_corpus, "$.claims[5].mentions[0].quote", "no longer occurs")
    assert "wall-cost" not in result.corpus.claims


# -- all problems at once ------------------------------------------------------------------


def test_all_problems_are_reported_at_once(tiny_corpus: Path) -> None:
    edits = [
        c
        for c in CASES
        if c[0]
        in {
            "wrong version",
            "actor type",
            "unknown mention field",
            "bad ISO relation time",
            "self-loop",
            "unknown field",
            "document missing",
            "position not number",
        }
    ]

    def all_edits(data: dict) -> None:
        for _, edit, _, _ in edits:
            edit(data)

    result = broken(tiny_corpus, all_edits)
    wheres = {p.where for p in result.errors}
    for name, _, where, _ in edits:
        assert where in wheres, name
    # one item with several faults reports all of them
    original = (TINY / ANNOTATIONS_FILE).read_bytes()
    (tiny_corpus / ANNOTATIONS_FILE).write_bytes(original)
    result = broken(tiny_corpus, lambda d: d["claims"][0].update(text=3, colour="red"))
    assert {p.where for p in result.errors} == {"$.claims[0].text", "$.claims[0].colour"}
    # a bad mention does not hide a bad provenance on the same claim
    (tiny_corpus / ANNOTATIONS_FILE).write_bytes(original)
    bad_mention = {"doc": "alpha", "start": 0, "end": 3, "quote": "xyz"}
    result = broken(tiny_corpus, lambda d: d["claims"][0].update(origin="manual", mentions=[bad_mention]))
    assert {p.where for p in result.errors} == {"$.claims[0].mentions[0].quote", "$.claims[0]"}


# -- the validate command ------------------------------------------------------------------


def _validate(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "argmap", "validate", str(folder)], capture_output=True, text=True, cwd=ROOT, timeout=60
    )


def test_validate_command_lists_every_problem_and_exits_1(tiny_corpus: Path) -> None:
    data = json.loads((tiny_corpus / ANNOTATIONS_FILE).read_text("utf-8"))
    for _, edit, _, _ in [c for c in CASES if c[0] in {"relation kind", "duplicate id", "path escapes", "bad ISO time"}]:
        edit(data)
    write_json(tiny_corpus, data)
    run = _validate(tiny_corpus)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    lines = run.stdout.splitlines()
    for where in ("$.relations[2].kind", "$.claims[1].id", "$.documents[0].path", "$.claims[0].created"):
        assert any(line.startswith(f"{tiny_corpus / ANNOTATIONS_FILE}: {where}: ") for line in lines), where
    assert "error(s)" in run.stderr


@pytest.mark.parametrize("content", [b"{,}", b"\xff\xfe", b"[" * 50_000, b"null"], ids=["json", "utf8", "deep", "null"])
def test_validate_command_never_tracebacks(tiny_corpus: Path, content: bytes) -> None:
    (tiny_corpus / ANNOTATIONS_FILE).write_bytes(content)
    run = _validate(tiny_corpus)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert str(tiny_corpus / ANNOTATIONS_FILE) in run.stdout


def test_validate_command_accepts_tiny() -> None:
    run = _validate(TINY)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "valid (2 documents, 6 claims, 5 actors, 11 relations)" in run.stdout


# -- the JSON Schema describes the same format ----------------------------------------------

SCHEMA_PATH = ROOT / "resources" / "annotations.schema.json"


@pytest.fixture(scope="module")
def schema_validator():
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_tiny_and_seeds_validate_against_the_schema(schema_validator) -> None:
    schema_validator.validate(json.loads((TINY / ANNOTATIONS_FILE).read_text("utf-8")))
    schema_validator.validate(json.loads((ROOT / "tests" / "data" / "tiny-v2" / ANNOTATIONS_FILE).read_text("utf-8")))
    seeds = ROOT / "seeds"
    if (seeds / ANNOTATIONS_FILE).exists() and load_corpus(seeds).ok:
        schema_validator.validate(json.loads((seeds / ANNOTATIONS_FILE).read_text("utf-8")))


SCHEMA_BREAKS = [
    "wrong version",
    "wrong format",
    "missing top field",
    "unknown field",
    "unknown top field",
    "bool for int",
    # not "float for int": JSON Schema counts 81.0 as an integer; only the loader rejects it
    "relation kind",
    "actor type",
    "origin",
    "manual without created",
    "manual relation without created",
    "bad sha256",
    "path escapes",
    "absolute path",
    "empty claim text",
    "no mentions",
    "empty quote",
    "negative offset",
    "empty id",
    "alias not string",
    "position not pair",
    "position not number",
    "positions not object",
    "layout unknown field",
    "unknown voice",
    "voice not a string",
    "voice on supports",
    "via on rebuts",
    "via on an undercut",
    # not the undercut and via cases that need other items of the file (what a target or a via is): only the loader
]


@pytest.mark.parametrize("name", SCHEMA_BREAKS)
def test_schema_rejects_what_the_loader_rejects_on_shape(schema_validator, name: str) -> None:
    (edit,) = [c[1] for c in CASES if c[0] == name]
    data = json.loads((TINY / ANNOTATIONS_FILE).read_text("utf-8"))
    edit(data)
    assert list(schema_validator.iter_errors(data)), f"the schema accepts: {name}"


def test_the_schema_lists_the_rules_own_values(schema_validator) -> None:
    """The schema's enums are the rules module's constants: one list of actor types, origins, kinds, voices."""
    from argmap.model.annotations import RELATION_KINDS, VOICES
    from argmap.model.rules import ACTOR_TYPES, ORIGINS

    defs = schema_validator.schema["$defs"]
    found = {json.dumps(v) for v in _enums(defs)}
    for values in (ACTOR_TYPES, ORIGINS, RELATION_KINDS, VOICES):
        assert json.dumps(list(values)) in found, f"the schema does not list exactly {values}"


def _enums(node: object):
    if isinstance(node, dict):
        if "enum" in node:
            yield node["enum"]
        for v in node.values():
            yield from _enums(v)
    elif isinstance(node, list):
        for v in node:
            yield from _enums(v)


RULE_BREAKS = [  # (what, a loader edit of tiny, a model edit, a command, the rule's own verdict)
    ("actor type", setter("actors.0.type", "alien"), lambda c: c.add_actor(Actor("a9", "Someone", "alien")),
     lambda c: cmd.AddActor(c, "Someone", "alien"), lambda: rules.actor_fault("Someone", "alien")),
    ("actor name", setter("actors.0.name", " "), lambda c: c.update_actor("mayor", name=" "),
     lambda c: cmd.RenameActor(c, "mayor", " "), lambda: rules.actor_fault(" ", "person")),
    ("mention", setter("claims.0.mentions.0.quote", "The council says"),
     lambda c: c.add_mention("wall-cost", Mention("alpha", 33, 81, "The council says")),
     lambda c: cmd.AddMention(c, "wall-cost", Mention("alpha", 33, 81, "The council says")),
     lambda: rules.mention_fault("x" * 100, 33, 81, "The council says")),
    ("provenance", setter("claims.0.created", "last week"),
     lambda c: c.add_claim(Claim("c9", "A claim", [Mention("alpha", 16, 32, "The council says")], created="last week")),
     None, lambda: rules.provenance_fault("seed", "last week", None)),
]


@pytest.mark.parametrize("what", [r[0] for r in RULE_BREAKS])
def test_loader_model_and_commands_apply_one_rule(tiny_corpus: Path, what: str) -> None:
    """Each rule is written once (argmap.model.rules): the loader, the model and the window's commands
    refuse the same thing in the same words."""
    (_, edit, model_edit, command, verdict) = [r for r in RULE_BREAKS if r[0] == what][0]
    fault = verdict()
    assert fault is not None
    data = json.loads((tiny_corpus / ANNOTATIONS_FILE).read_text("utf-8"))
    edit(data)
    (tiny_corpus / ANNOTATIONS_FILE).write_text(json.dumps(data), encoding="utf-8")
    result = load_corpus(tiny_corpus)
    words = fault[1].split(":")[0].lower()
    said = [p.message for p in result.errors]
    assert any(words in m.lower() for m in said), said
    corpus = load_corpus(TINY).corpus
    for attempt in (model_edit, command):
        if attempt is not None:
            with pytest.raises(ModelError) as refused:
                attempt(corpus)
            assert words in str(refused.value).lower()


def test_schema_accepts_optional_fields_the_writer_writes(schema_validator) -> None:
    data = json.loads((TINY / ANNOTATIONS_FILE).read_text("utf-8"))
    data["claims"][0].update(origin="manual", created="2026-11-22T10:00:00+00:00", author="ana", note="checked")
    data["relations"][0].update(origin="manual", created="2026-11-22", note="")
    data["layout"] = {"name": "layered", "positions": {"mayor": [1.5, -2], "wall-cost": [0, 0]}}
    schema_validator.validate(data)


def test_the_example_in_format_md_is_valid(tmp_path: Path, schema_validator) -> None:
    """docs/FORMAT.md's example loads without a problem (against tiny's alpha.txt) and fits the schema."""
    doc = (ROOT / "docs" / "FORMAT.md").read_text("utf-8")
    (example,) = [block for block in doc.split("```json\n")[1:]]
    text = example.split("```")[0]
    (tmp_path / ANNOTATIONS_FILE).write_text(text, encoding="utf-8")
    (tmp_path / "alpha.txt").write_bytes((TINY / "alpha.txt").read_bytes())
    schema_validator.validate(json.loads(text))
    result = load_corpus(tmp_path)
    assert result.ok and result.problems == [], [str(p) for p in result.problems]
    assert result.corpus.claims["wall-high-enough"].origin == "manual"


# -- the model refuses what the loader would reject, so a saved corpus always loads back ----------


def _model_refusals() -> list[tuple[str, Callable]]:
    mention = Mention("alpha", 16, 32, "The council says")
    return [
        ("blank id", lambda c: c.add_actor(Actor("  ", "Someone"))),
        ("blank actor name", lambda c: c.add_actor(Actor("a9", " "))),
        ("blank claim text", lambda c: c.add_claim(Claim("c9", "", [mention]))),
        ("claim without mention", lambda c: c.add_claim(Claim("c9", "A claim"))),
        ("last mention removed", lambda c: c.remove_mention("wall-cost", 0)),
        ("manual claim without created", lambda c: c.add_claim(Claim("c9", "A claim", [mention], origin="manual"))),
        ("bad created", lambda c: c.add_claim(Claim("c9", "A claim", [mention], created="last week"))),
        ("unknown origin", lambda c: c.add_relation(Relation("r99", "supports", "wall-cost", "wall-high-enough", origin="ai"))),
        (
            "manual relation without created",
            lambda c: c.add_relation(Relation("r99", "supports", "wall-cost", "wall-high-enough", origin="manual")),
        ),
        ("voice on supports", lambda c: c.add_relation(Relation("r99", "supports", "wall-cost", "wall-high-enough",
                                                                 voice="suggests"))),
        ("unknown voice", lambda c: c.update_relation("r1", voice="hinted")),
        ("via is the source", lambda c: c.update_relation("r1", via="council")),
        ("via not an actor", lambda c: c.update_relation("r1", via="wall-cost")),
        ("undercut of an attribution", lambda c: c.add_relation(Relation("r99", "undercuts", "wall-cost", "r1"))),
        ("undercut of an undercut", lambda c: c.add_relation(Relation("r99", "undercuts", "river-flooded", "r98"))),
        ("undercut from an end", lambda c: c.add_relation(Relation("r99", "undercuts", "wall-stops-floods", "r3"))),
        ("undercut link removed", lambda c: c.remove_relation("r3")),
        ("undercut link becomes an attribution", lambda c: c.update_relation("r3", kind="asserts", source="mayor")),
        ("undercut link gains the undercutter as an end", lambda c: c.update_relation("r3", source="wall-cost")),
        ("via actor removed", lambda c: c.remove_actor("engineers")),
        ("undercut's own id as target", lambda c: c.update_relation("r98", target="r98")),
    ]


@pytest.mark.parametrize("name", [n for n, _ in _model_refusals()])
def test_model_refuses_what_the_loader_rejects(tiny_corpus: Path, name: str) -> None:
    corpus = load_corpus(tiny_corpus).corpus
    # an undercut of r3 (wall-high-enough supports wall-stops-floods) and an attribution via engineers
    corpus.add_relation(Relation("r98", "undercuts", "wall-cost", "r3"))
    corpus.remove_relation("r2")
    corpus.update_relation("r1", via="engineers")
    (change,) = [f for n, f in _model_refusals() if n == name]
    before = dumps(corpus)
    with pytest.raises(ModelError):
        change(corpus)
    assert dumps(corpus) == before


def test_a_manual_claim_with_created_time_saves_and_loads(tiny_corpus: Path) -> None:
    corpus = load_corpus(tiny_corpus).corpus
    doc = corpus.documents["beta"]
    start = doc.text.index("He adds")
    claim = Claim("c1", "He adds a cost", [doc.mention(start, start + 7)], "manual", "2026-11-22T04:40:00+00:00", "ana", "n")
    corpus.add_claim(claim)
    save_corpus(corpus)
    again = load_corpus(tiny_corpus)
    assert again.ok and again.corpus.claims["c1"] == claim
