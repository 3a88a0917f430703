"""The command line given hostile or unlucky arguments: a message and exit status 1, never a traceback,
and nothing already on disk overwritten or left half-made."""

from __future__ import annotations

import json
import math
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from argmap import cli
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.loading import load_corpus
from tests import user_helpers
from tests.user_helpers import AS_NOBODY, can_drop_to_nobody

ROOT = Path(__file__).resolve().parents[1]
open_tmp = user_helpers.open_tmp  # a fixture: a temporary folder every user can enter
AIF = ROOT / "tests" / "data" / "external" / "aif_json" / "28038.json"


def argmap(*args: str, user: list[str] | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([*(user or []), sys.executable, "-m", "argmap", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize("scale", ["nan", "inf", "-inf", "0", "-2"])
def test_render_refuses_a_scale_that_is_not_a_positive_number(tmp_path: Path, scale: str) -> None:
    out = tmp_path / "map.png"
    done = argmap("render", "-o", str(out), f"--scale={scale}")
    assert done.returncode == 1 and "must be a positive number" in done.stderr
    assert not out.exists()


@pytest.mark.parametrize("width", ["0", "-5"])
def test_render_refuses_a_width_too_small(tmp_path: Path, width: str) -> None:
    done = argmap("render", "-o", str(tmp_path / "map.png"), f"--width={width}")
    assert done.returncode == 1 and "too small" in done.stderr


# -- import ----------------------------------------------------------------------------------------


def test_import_into_a_path_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    assert cli.main(["import", str(AIF), "-o", str(target)]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine"


def test_import_never_keeps_an_old_text_under_the_new_annotations(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "corpus"
    out.mkdir()
    (out / "28038.txt").write_text("an older text of mine", encoding="utf-8")
    assert cli.main(["import", str(AIF), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{out / '28038.txt'}: a different file of that name is already there" in err
    assert (out / "28038.txt").read_text(encoding="utf-8") == "an older text of mine"
    assert not (out / ANNOTATIONS_FILE).exists()  # no broken corpus left behind


def test_import_into_a_folder_holding_the_same_text_is_fine(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert cli.main(["import", str(AIF), "-o", str(first)]) == 0
    second.mkdir()
    shutil.copy(first / "28038.txt", second / "28038.txt")
    assert cli.main(["import", str(AIF), "-o", str(second)]) == 0
    assert load_corpus(second).ok


def test_import_into_an_unwritable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from argmap.io import corpus_files
    from argmap.model import saving

    def refuse(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(saving, "atomic_write", refuse)
    monkeypatch.setattr(corpus_files, "atomic_write", refuse)
    assert cli.main(["import", str(AIF), "-o", str(tmp_path / "new")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"argmap: {tmp_path / 'new'}") and "cannot write: Permission denied" in err


@can_drop_to_nobody
def test_import_into_an_unwritable_folder_as_an_ordinary_user(open_tmp: Path) -> None:
    locked = open_tmp / "locked"
    locked.mkdir(mode=0o755)  # root's: nobody may not write in it
    source = open_tmp / "map.json"
    shutil.copy(AIF, source)
    os.chmod(source, 0o644)
    done = argmap("import", str(source), "-o", str(locked / "new"), user=AS_NOBODY)
    if "No module named" in done.stderr:
        pytest.skip("nobody cannot read this checkout")
    assert done.returncode == 1 and "Permission denied" in done.stderr
    assert not (locked / "new").exists()


def test_import_of_a_folder_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["import", str(tmp_path), "-o", str(tmp_path / "new")]) == 1
    assert "is a folder, not a regular file" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity", "1e308", "1" + "0" * 400])
def test_aif_positions_that_are_not_sane_numbers_never_reach_the_corpus(tmp_path: Path, bad: str) -> None:
    data = json.loads(AIF.read_text(encoding="utf-8"))
    for n in data["OVA"]["nodes"][:3]:
        n["x"] = "BAD"
    source = tmp_path / "map.json"
    source.write_text(json.dumps(data).replace('"BAD"', bad), encoding="utf-8")
    out = tmp_path / "new"
    assert cli.main(["import", str(source), "-o", str(out)]) == 0
    written = (out / ANNOTATIONS_FILE).read_text(encoding="utf-8")
    json.loads(written, parse_constant=lambda name: pytest.fail(f"non-standard {name} written"))
    result = load_corpus(out)
    assert result.ok, result.problems
    assert result.corpus.positions and all(math.isfinite(v) and abs(v) < 1e7 for xy in result.corpus.positions.values()
                                           for v in xy)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("command", [["export", "-f", "dot", "-o"], ["render", "-o"]])
def test_an_output_that_is_not_a_regular_file_is_never_replaced(tmp_path: Path, command: list[str]) -> None:
    out = tmp_path / ("map.dot" if command[0] == "export" else "map.png")
    os.mkfifo(out)  # stands for /dev/stdout or a device: a temporary file renamed over it would replace it
    done = argmap(*command, str(out))
    assert done.returncode == 1 and "is a named pipe (FIFO), not a regular file" in done.stderr
    assert stat.S_ISFIFO(os.lstat(out).st_mode)


@can_drop_to_nobody
@pytest.mark.parametrize("command", ["render", "import", "export"])
def test_outputs_under_a_folder_that_cannot_be_entered(open_tmp: Path, command: str) -> None:
    closed = open_tmp / "closed"
    closed.mkdir(mode=0o700)  # root's, not searchable by nobody
    source = open_tmp / "map.json"
    shutil.copy(AIF, source)
    os.chmod(source, 0o644)
    args = {"render": ["render", "-o", str(closed / "sub" / "map.png")],
            "import": ["import", str(source), "-o", str(closed / "sub" / "new")],
            "export": ["export", "-f", "dot", "-o", str(closed / "sub" / "map.dot")]}[command]
    done = argmap(*args, user=AS_NOBODY)
    if "No module named" in done.stderr:
        pytest.skip("nobody cannot read this checkout")
    assert done.returncode == 1 and done.stderr.startswith("argmap"), done.stderr
    assert str(closed / "sub") in done.stderr


def test_aif_with_a_lone_surrogate_is_refused_naming_the_node(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(AIF.read_text(encoding="utf-8"))
    nodes = data["AIF"]["nodes"] if "AIF" in data else data["nodes"]
    index = next(i for i, n in enumerate(nodes) if n["type"] == "I")
    nodes[index]["text"] = "PLACEHOLDER" + nodes[index]["text"]
    source = tmp_path / "map.json"
    source.write_text(json.dumps(data).replace("PLACEHOLDER", "\\ud800", 1), encoding="utf-8")
    out = tmp_path / "new"
    assert cli.main(["import", str(source), "-o", str(out)]) == 1  # it used to fail saving, with a traceback
    prefix = "$.AIF" if "AIF" in data else "$"
    assert f"{source}: {prefix}.nodes[{index}].text: has a lone surrogate escape" in capsys.readouterr().err
    assert not out.exists()
