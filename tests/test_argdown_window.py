"""File > Import… reads an Argdown file: its filter offers .argdown, the summary is shown, the map opens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from tests import test_corpus_actions as actions
from tests.saving_helpers import Button, DialogAnswerer
from tests.test_editing_ui import open_window

opened = actions.opened
private_settings = actions.private_settings
private_documents = actions.private_documents
FIXTURE = Path(__file__).parent / "data" / "argdown" / "legalisation-softdrugs.argdown"


def test_import_argdown_from_the_window(qtbot, opened, tiny_corpus: Path, tmp_path: Path, monkeypatch) -> None:
    win, _ = open_window(qtbot, opened, tiny_corpus)
    offered: list[str] = []

    def choose(*args, **kwargs):
        offered.append(args[3] if len(args) > 3 else kwargs.get("filter", ""))
        return str(FIXTURE), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    actions.save_dialog_returns(monkeypatch, tmp_path / "Soft drugs")
    answers = DialogAnswerer().queue(Button.Ok)
    actions.trigger(win, "import")
    assert "Argdown: statements, support, attack and undercut (*.argdown *.ad)" in offered[0]
    assert answers.seen and answers.seen[0].startswith("Imported legalisation-softdrugs.argdown into")
    assert "Argdown relations: 19" in answers.seen[0], "the importer's summary is shown"
    qtbot.waitUntil(win.layout_ready, timeout=10000)
    corpus = win.session.corpus
    assert win.session.folder == tmp_path / "Soft drugs"
    assert "Soft drugs should be legal." in {c.text for c in corpus.claims.values()}
    assert sum(r.kind == "undercuts" for r in corpus.relations.values()) == 2
    assert set(win.canvas.positions()) >= set(corpus.claims), "every claim is on the map"
