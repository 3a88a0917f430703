"""`argmap stances`, `argmap disputes` and `argmap status`: the window's answers, scriptable."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.model.corpus_format import ANNOTATIONS_FILE

TINY = Path(__file__).resolve().parent / "data" / "tiny"
TINY_V2 = TINY.parent / "tiny-v2"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_stances_csv(capsys) -> None:
    code, out, err = run(capsys, "stances", str(TINY))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["claim", "text", "contested"]
    assert set(rows[0][3:]) == {"A fisherman", "Town council", "Port authority engineers", "The mayor", "Old town residents"}
    by_claim = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert [r[0] for r in rows[1:3]] == ["wall-stops-floods", "wall-cost"]
    assert by_claim["wall-cost"]["A fisherman"] == "+" and by_claim["wall-cost"]["The mayor"] == "−"
    assert by_claim["wall-cost"]["contested"] == "yes" and by_claim["wall-high-enough"]["contested"] == ""


def test_stances_long_csv_has_voice_via_and_quote(capsys) -> None:
    code, out, _ = run(capsys, "stances", str(TINY_V2), "--format", "long-csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    engineers = next(r for r in rows if r["actor"] == "engineers")
    assert (engineers["voice"], engineers["via"], engineers["quote"]) == ("suggests", "council",
                                                                          "Engineers from the port authority agree")
    assert (engineers["document"], engineers["start"], engineers["end"]) == ("alpha", "83", "122")


def test_stances_markdown_by_document(capsys) -> None:
    code, out, _ = run(capsys, "stances", str(TINY), "--by", "documents", "-f", "markdown", "--contested")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "| # | Claim | Harbour report | Letters to the editor |"
    assert lines[3] == "| 2 ⚑ | The wall will cost 40 million euros. |  | ± |"
    assert len([ln for ln in lines if ln.startswith("| ") and "⚑" in ln]) == 2


def test_stances_by_sides_needs_sides(capsys) -> None:
    code, _, err = run(capsys, "stances", str(TINY), "--by", "sides")
    assert code == 2 and "defines no sides" in err


def test_disputes_text_and_csv(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "disputes", str(TINY))
    assert code == 0
    assert out.splitlines()[0] == "1. The new harbour wall will stop the winter floods.  [wall-stops-floods]"
    assert "against: 2 actors in 2 documents: Old town residents (rebuts); A fisherman (rebuts)" in out
    assert "r11: The mayor denies it (stated in the text)" in out
    assert "r5: “The floods come from the river, not the sea.” rebuts it (inferred by the annotator)" in out
    target = tmp_path / "d.csv"
    code, _, err = run(capsys, "disputes", str(TINY), "-f", "csv", "--top", "1", "-o", str(target))
    assert code == 0 and "wrote" in err
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert len(rows) == 1 and rows[0]["claim"] == "wall-stops-floods" and rows[0]["inferred attacks"] == "2"


def test_status_default_and_restricted(capsys) -> None:
    code, out, _ = run(capsys, "status", str(TINY))
    assert code == 0
    assert out.splitlines()[0] == "grounded semantics, every source and actor: 5 accepted, 1 rejected, 0 undecided"
    assert "[wall-stops-floods] The new harbour wall will stop the winter floods." in out
    code, out, _ = run(capsys, "status", str(TINY), "--actors", "council,engineers")
    assert out.splitlines()[0] == ("grounded semantics, actors: Town council, Port authority engineers: "
                                   "2 accepted, 0 rejected, 0 undecided, 4 not carried")
    assert "Not in the accepted sources" not in out
    code, out, _ = run(capsys, "status", str(TINY), "--sources", "beta", "--all", "-f", "csv")
    rows = {r["claim"]: r["status"] for r in csv.DictReader(io.StringIO(out))}
    assert rows == {"wall-stops-floods": "excluded", "wall-high-enough": "excluded", "floods-from-river": "accepted",
                    "river-flooded": "excluded", "wall-wont-stop": "accepted", "wall-cost": "accepted"}


def test_status_by_side(capsys, tiny_corpus: Path) -> None:
    path = tiny_corpus / ANNOTATIONS_FILE
    data = json.loads(path.read_text("utf-8"))
    data["sides"] = [{"name": "Town hall", "actors": ["council", "engineers", "mayor"]},
                     {"name": "Sea front", "actors": ["residents", "fisherman"]}]
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "status", str(tiny_corpus), "--sides", "Town hall", "--semantics", "preferred")
    assert code == 0, err
    assert out.splitlines()[0] == ("preferred semantics, side: Town hall: 2 accepted, 0 rejected, 0 undecided, "
                                   "4 not carried (1 preferred extension)")
    code, out, _ = run(capsys, "status", str(tiny_corpus), "--sides", "Sea front", "--actors", "council", "--all")
    assert out.splitlines()[0] == ("grounded semantics, side: Sea front; actors: Town council: "
                                   "3 accepted, 1 rejected, 0 undecided, 2 not carried")
    code, out, _ = run(capsys, "status", str(tiny_corpus), "--actors", "fisherman", "--all")
    # not carried, but contradicted by what the accepted actor says; the others are only listed
    assert ("  [wall-stops-floods] The new harbour wall will stop the winter floods.\n      not carried by the accepted "
            "sources or actors, and rebutted by “The harbour wall will not stop the floods.”, which they accept") in out
    assert "  [wall-high-enough] The harbour wall is high enough.\n  [floods-from-river]" in out
    code, out, _ = run(capsys, "stances", str(tiny_corpus), "--by", "sides")
    assert out.splitlines()[0] == "claim,text,contested,Town hall,Sea front"


@pytest.mark.parametrize(("args", "message"), [
    (("--sources", "alpha,nowhere"), "--sources: no document 'nowhere' (known: alpha, beta)"),
    (("--actors", "king"), "--actors: no actor 'king'"),
    (("--sides", "Blue"), "--sides: no side 'Blue' (known: none)"),
    (("--voices", "states"), "--voices: only with --actors or --sides"),
    (("--actors", "mayor", "--voices", "shouts"), "--voices: no voice 'shouts' (known: states, suggests, reports)"),
])
def test_status_bad_options(capsys, args: tuple[str, ...], message: str) -> None:
    code, out, err = run(capsys, "status", str(TINY), *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_analysis_of_a_broken_corpus_says_where(capsys, tiny_corpus: Path) -> None:
    (tiny_corpus / ANNOTATIONS_FILE).write_text("{", encoding="utf-8")
    code, out, err = run(capsys, "disputes", str(tiny_corpus))
    assert code == 1 and out == ""
    assert f"{tiny_corpus / ANNOTATIONS_FILE}: line 1, column 2: invalid JSON" in err


def test_a_side_name_with_a_comma(capsys, tiny_corpus: Path) -> None:
    path = tiny_corpus / ANNOTATIONS_FILE
    data = json.loads(path.read_text("utf-8"))
    data["sides"] = [{"name": "Council, mayor", "actors": ["council", "mayor"]}]
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, "status", str(tiny_corpus), "--sides", "Council, mayor")
    assert code == 0, err
    assert out.splitlines()[0].startswith("grounded semantics, side: Council, mayor: 1 accepted")
