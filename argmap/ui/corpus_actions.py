"""File-menu work on whole corpora: New Corpus, Add Documents, Import, Export Data, Save As,
the working copy of the bundled seeds, and Re-layout as an explicit, undoable step.

Dialogs only collect paths and names; argmap.io.corpus_files does the file work (the same code
as `argmap import` and `argmap export`), and every change to the open corpus is a command.

The dialogs and folder helpers are in corpus_dialogs.py.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
)

from argmap import commands as cmd
from argmap.io.corpus_files import (
    CorpusFileError,
    create_corpus,
    documents_from_files,
    export_to_file,
    import_to_folder,
    is_protected,
    new_document,
    write_new_corpus,
)
from argmap.io.registry import ImportFailed, exporters, importers
from argmap.paths import seed_corpus_dir
from argmap.ui.actions import make_action
from argmap.ui.corpus_dialogs import (
    DOCUMENT_FILTER,
    NewCorpusDialog,
    PastedTextDialog,
    choose_new_folder,
    documents_folder,
    export_filter,
    free_name,
)
from argmap.ui.menu_entries import START, MenuEntry
from argmap.ui.saving import Button, ask

if TYPE_CHECKING:
    from argmap.ui.session import MapSession
    from argmap.ui.window_api import MapWindowBase

IMPORT_SUFFIXES = {"aif": "*.json", "brat": "*.ann", "argdown": "*.argdown *.ad"}
STATUS_MS = 10000


class CorpusActions(QObject):
    """The File-menu corpus actions and the map-keeping hooks of one main window."""

    def __init__(self, window: MapWindowBase) -> None:
        super().__init__(window)
        self.window = window
        self.actions: dict[str, QAction] = {}
        self._build()
        self.layout_label = QLabel()
        self.layout_label.setObjectName("layoutShown")
        self.layout_label.setToolTip("Where the nodes' positions come from; View ▸ Re-layout Map lays the map out again")
        window.statusBar().insertPermanentWidget(1, self.layout_label)  # after the hint, before the badges
        self._watched: MapSession | None = None
        self.empty_hint = QLabel(window.canvas.viewport())
        self.empty_hint.setObjectName("emptyMapHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #6b7480; font-size: 11pt; background: transparent;")
        self.empty_hint.hide()
        window.canvas.viewport().installEventFilter(self)
        window.corpusOpened.connect(self._on_corpus_opened)
        window.layoutChosen.connect(self._on_layout_chosen)
        if window.session is not None:
            self._on_corpus_opened(window.session)

    # ================================================================== setup

    def _action(self, key: str, text: str, slot, shortcut=None, tip: str = ""):
        action = make_action(self.window, text, slot, shortcut, tip=tip)
        action.setObjectName(f"corpus_{key}")
        self.actions[key] = action
        return action

    def _build(self) -> None:
        w = self.window
        a = self._action
        a("new", "&New Corpus…", self.new_corpus, QKeySequence.StandardKey.New,
          "Make a corpus from a folder of text files, or an empty one")
        a("add_files", "&Add Documents…", self.add_documents, "Ctrl+Shift+D",
          "Add text, Markdown or HTML files to this corpus")
        a("add_text", "Add &Pasted Text…", self.add_pasted_text, None, "Add a document from text you paste")
        a("save_as", "Save &As…", self.save_as, QKeySequence.StandardKey.SaveAs,
          "Save the whole corpus (texts and annotations) to a new folder")
        a("import", "&Import…", self.import_file, "Ctrl+I", "Make a new corpus from an AIF, OVA, brat or Argdown file")
        a("export_data", "Export &Data…", self.export_data, "Ctrl+Shift+E",
          "Write the map as data for other tools (AIF, OVA, Argdown, GraphML, GEXF, DOT, node-link JSON)")
        a("relayout", "&Re-layout Map", lambda: w.set_layout(w.layout_name), "Ctrl+Shift+L",
          "Lay the whole map out again (one undoable step)")
        act = self.actions
        self.menu_entries = [  # the window puts them there (WindowChrome.merge_entries)
            MenuEntry("file", START, [act["new"]]),
            MenuEntry("file", "open_seeds", [None, act["add_files"], act["add_text"], None, act["import"]]),
            MenuEntry("file", "save", [act["save_as"]]),
            MenuEntry("file", "export", [act["export_data"]]),
            MenuEntry("view", "layout_menu", [act["relayout"]]),
        ]
        self._update_actions()

    def _update_actions(self) -> None:
        session = self.window.session
        editable = session is not None and not session.read_only
        for key in ("add_files", "add_text"):
            self.actions[key].setEnabled(editable)
        for key in ("save_as", "export_data", "relayout"):
            self.actions[key].setEnabled(session is not None)

    # ================================================================== opened corpora

    def _on_corpus_opened(self, session: MapSession) -> None:
        session.protected = not session.read_only and is_protected(session.folder)
        session.guard = self.offer_working_copy
        badge = self.window.read_only_label
        if session.protected:
            bundled = session.folder is not None and session.folder.resolve() == seed_corpus_dir().resolve()
            badge.setText("Bundled" if bundled else "Read-only folder")
            badge.setToolTip("This corpus is never changed where it is: your first edit offers to save a working "
                             "copy (File ▸ Save As…) and continues there")
            badge.setStyleSheet("background: #5b7083;")  # a fact about the corpus, not an error
            badge.setVisible(True)
        else:
            badge.setText("Read-only")
            badge.setToolTip("This corpus opened with errors; File ▸ Show Problems… lists them")
            badge.setStyleSheet("")
            badge.setVisible(session.read_only)
        if self._watched is not session:
            if self._watched is not None:
                with contextlib.suppress(RuntimeError, TypeError):  # the old session may be gone already
                    self._watched.positionsChanged.disconnect(self._show_layout)
                    self._watched.undo_stack.cleanChanged.disconnect(self._show_layout)
                    self._watched.modelChanged.disconnect(self._update_empty_hint)
            session.positionsChanged.connect(self._show_layout)
            session.undo_stack.cleanChanged.connect(self._show_layout)
            session.modelChanged.connect(self._update_empty_hint)
            self._watched = session
        self._show_layout()
        self._update_empty_hint()
        self._update_actions()

    def eventFilter(self, obj, event) -> bool:  # keep the empty-map hint centred in the map
        if event.type() == event.Type.Resize and obj is self.window.canvas.viewport():
            self._place_hint()
        return super().eventFilter(obj, event)

    def _place_hint(self) -> None:
        area = self.window.canvas.viewport().rect()
        self.empty_hint.setFixedWidth(max(100, min(460, area.width() - 40)))
        self.empty_hint.adjustSize()
        self.empty_hint.move(area.center().x() - self.empty_hint.width() // 2,
                             area.center().y() - self.empty_hint.height() // 2)

    def _update_empty_hint(self, *_args) -> None:
        """An empty map says how to fill it, instead of showing nothing."""
        session = self.window.session
        corpus = session.corpus if session is not None else None
        empty = corpus is not None and not corpus.claims and not corpus.actors
        if empty:
            self.empty_hint.setText(
                "No claims yet. " + ("Select a passage in Source Text and press Ctrl+Shift+N to make the first one."
                                     if corpus.documents else "Add documents with File ▸ Add Documents… "
                                     "(Ctrl+Shift+D) or File ▸ Add Pasted Text…, then make claims from their text."))
            self._place_hint()
        self.empty_hint.setVisible(empty)

    def _show_layout(self, *_ids) -> None:
        """Say in the status bar where the positions on the map come from."""
        from argmap.model.layout_names import LAYOUT_TITLES

        session = self.window.session
        if session is None:
            self.layout_label.setText("")
            return
        corpus = session.corpus
        nodes = {*corpus.claims, *corpus.actors}
        saved = sum(1 for n in nodes if n in corpus.positions)
        titles = {**LAYOUT_TITLES, "ova": "OVA's positions"}
        clean = session.undo_stack.isClean()  # moves not yet saved are not "the map as saved"
        if nodes and saved == len(nodes):
            name = corpus.layout_name
            title = titles.get(name, name) if name else "arranged by hand"
            self.layout_label.setText(f"Map as saved · {title}" if clean else f"Map as arranged, not saved yet · {title}")
        else:
            name = session.computed_layout or self.window.layout_name
            title = titles.get(name, name)
            where = "saved" if clean else "saved or moved"
            kept = f" · {saved} of {len(nodes)} in their {where} places" if saved else ""
            self.layout_label.setText(f"{title} layout{kept}")
        self.window.show_layout_source(name, title)  # the toolbar's Layout box says the same

    def say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, STATUS_MS)

    def _error(self, title: str, text: str, detail: str) -> None:
        ask(self.window, QMessageBox.Icon.Warning, title, text, detail, Button.Ok, Button.Ok)

    # ================================================================== new corpus and documents

    def new_corpus(self) -> None:
        dialog = NewCorpusDialog(self.window, free_name(documents_folder(), "New corpus"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        destination = Path(dialog.destination.text().strip()).expanduser()
        try:
            corpus = create_corpus(destination, dialog.sources())
        except CorpusFileError as exc:
            self._error("New Corpus", f"The corpus was not created in {destination}.", str(exc))
            return
        if self.window.open_corpus(destination):
            n = len(corpus.documents)
            self.say(f"Created {destination} with {n} document{'s' if n != 1 else ''}: select text in the source "
                     "panel and press Ctrl+Shift+N to make a claim")

    def add_documents(self, paths: list[Path] | None = None) -> None:
        session = self.window.session
        if session is None or session.read_only:
            return
        if paths is None:
            chosen, _ = QFileDialog.getOpenFileNames(self.window, "Add Documents", str(self._last_folder("documents")),
                                                     DOCUMENT_FILTER)
            if not chosen:
                return
            paths = [Path(p) for p in chosen]
            self._remember("documents", paths[0].parent)
        try:
            docs = documents_from_files(session.corpus, paths)
        except CorpusFileError as exc:
            self._error("Add Documents", "No document was added.", str(exc))
            return
        self._push_documents(docs)

    def add_pasted_text(self) -> None:
        session = self.window.session
        if session is None or session.read_only:
            return
        dialog = PastedTextDialog(self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        title, text = dialog.values()
        try:
            doc = new_document(session.corpus, text, title, title)
        except CorpusFileError as exc:
            self._error("Add Pasted Text", "No document was added.", str(exc))
            return
        self._push_documents([doc])

    def _push_documents(self, docs) -> None:
        command = self.window.editing.push(lambda: cmd.AddDocuments(self.window.session.corpus, docs))
        if command is None:
            return
        first = docs[0].id

        def show() -> None:  # once the window's refresh has put the documents in the source panel
            panel = self.window.source_panel
            if self.window.session is None or first not in self.window.session.corpus.documents:
                return
            if panel.switcher.findData(first) < 0:
                QTimer.singleShot(0, show)
                return
            panel.show_document(first)
            self.window.source_dock.show()
            self.window.source_dock.raise_()
            panel.text.setFocus()

        QTimer.singleShot(0, show)
        titles = ", ".join(f"“{d.title}”" for d in docs[:3]) + (f" and {len(docs) - 3} more" if len(docs) > 3 else "")
        self.say(f"Added {titles} — select text and press Ctrl+Shift+N to make a claim (Ctrl+Z takes it back)")

    # ================================================================== save as and working copies

    def save_as(self, suggested: Path | None = None, title: str = "Save Corpus As") -> bool:
        """Write the whole corpus to a new folder and continue there; True when it was written."""
        session = self.window.session
        if session is None:
            return False
        name = session.folder.name if session.folder else "corpus"
        folder = choose_new_folder(self.window, title, suggested or free_name(documents_folder(), f"{name} copy"))
        if folder is None:
            self.say("Not saved.")
            return False
        old = session.folder
        session.keep_shown_layout()
        try:
            digest = write_new_corpus(session.corpus, folder)
        except CorpusFileError as exc:
            if old is not None:
                session.corpus.folder = str(old)
            self._error(title, f"The corpus was not saved to {folder}.", str(exc))
            return False
        session.file_sha256 = digest
        session.protected = False
        session.undo_stack.setClean()  # the edits are saved, elsewhere: attach() below drops the old folder's journal
        w = self.window
        w.corpus_path = folder
        w._add_recent(folder)
        w._update_title()
        w.editing.saver.attach(session)
        w.editing.update_actions()
        self._on_corpus_opened(session)
        self.say(f"Saved the corpus to {folder}; you are now editing it there")
        return True

    def offer_working_copy(self) -> bool:
        """Before the first edit of a bundled or read-only corpus: save a working copy, then edit that."""
        session = self.window.session
        if session is None:
            return False
        where = session.folder or Path("?")
        bundled = where.resolve() == seed_corpus_dir().resolve()
        what = "The bundled seed corpus" if bundled else f"{where.name} is in a folder argmap cannot write, and"
        answer = ask(self.window, QMessageBox.Icon.Question, "Edit a Working Copy?",
                     f"{what} is never changed in place.",
                     "Save a working copy of it (texts and annotations) in your documents and make this edit there?",
                     Button.Save | Button.Cancel, Button.Save, {Button.Save: "Save Working Copy…"})
        if answer != Button.Save:
            return False
        return self.save_as(free_name(documents_folder(), f"{where.name} working copy"), "Save Working Copy")

    # ================================================================== import and export

    def import_file(self, path: Path | None = None) -> None:
        formats = importers()
        if path is None:
            patterns = " ".join(dict.fromkeys(IMPORT_SUFFIXES.get(n, "*") for n in formats))
            filters = [f"Argument maps ({patterns})"]
            filters += [f"{imp.description} ({IMPORT_SUFFIXES.get(n, '*')})" for n, imp in formats.items()]
            chosen, _ = QFileDialog.getOpenFileName(self.window, "Import", str(self._last_folder("import")),
                                                    ";;".join([*filters, "All files (*)"]))
            if not chosen:
                return
            path = Path(chosen)
            self._remember("import", path.parent)
        folder = choose_new_folder(self.window, "Save the Imported Corpus As", free_name(documents_folder(), path.stem))
        if folder is None:
            return
        try:
            result = import_to_folder(path, folder)
        except (ImportFailed, CorpusFileError) as exc:
            self._error("Import", f"{path.name} was not imported.", str(exc))
            return
        c = result.corpus
        counts = (f"{len(c.documents)} documents, {len(c.claims)} claims, {len(c.actors)} actors, "
                  f"{len(c.relations)} relations")
        detail = "\n".join(f"• {line}" for line in result.summary) or "Nothing was dropped or approximated."
        ask(self.window, QMessageBox.Icon.Information, "Import",
            f"Imported {path.name} into {folder}: {counts}.", detail, Button.Ok, Button.Ok)
        if self.window.open_corpus(folder):
            kept = " · shown at the positions it came with" if c.positions else ""
            self.say(f"Imported {path.name}: {counts}{kept}")
        else:
            self.say(f"Imported {path.name} into {folder}; open it from File ▸ Open Recent")

    def export_data(self) -> None:
        session = self.window.session
        if session is None:
            return
        formats = exporters()
        filters = {export_filter(e): name for name, e in formats.items()}
        name = session.folder.name if session.folder else "corpus"
        suggested = self._last_folder("data") / f"{name}.{formats['aif'].extension if 'aif' in formats else 'json'}"
        chosen, picked = QFileDialog.getSaveFileName(self.window, "Export Data", str(suggested), ";;".join(filters),
                                                     next((f for f, n in filters.items() if n == "aif"), ""))
        if not chosen:
            return
        fmt = filters.get(picked) or next((n for n, e in formats.items() if chosen.endswith(f".{e.extension}")), None)
        if fmt is None:
            self._error("Export Data", "Nothing was written.", f"{chosen}: choose one of the formats in the list")
            return
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(f".{formats[fmt].extension}")
        try:
            export_to_file(session.corpus, fmt, path)
        except CorpusFileError as exc:
            self._error("Export Data", "Nothing was written.", str(exc))
            return
        self._remember("data", path.parent)
        self.say(f"Exported {fmt} data to {path}")

    def _last_folder(self, key: str) -> Path:
        value = self.window.settings.value(f"folders/{key}", "")
        return Path(str(value)) if value and os.path.isdir(str(value)) else documents_folder().parent

    def _remember(self, key: str, folder: Path) -> None:
        self.window.settings.setValue(f"folders/{key}", str(folder))

    # ================================================================== re-layout

    def _on_layout_chosen(self, name: str, positions: dict) -> None:
        """A layout the user asked for is ready: on an arranged map, apply it as one undoable step."""
        session = self.window.session
        if session is None or not session.corpus.positions:
            return  # nothing saved yet: the computed layout is simply what is shown (and what a save keeps)
        title = name.replace("-", " ")
        if self.window.editing.push(lambda: cmd.ApplyLayout(session.corpus, positions, name)) is not None:
            self.say(f"Laid the map out again ({title}) — Ctrl+Z puts every node back")


def install_corpus_actions(window: MapWindowBase) -> CorpusActions:
    return CorpusActions(window)

