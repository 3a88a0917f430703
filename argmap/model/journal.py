"""The edit journal: every edit of a window session is on disk the moment it is made.

A session (one corpus open in one window) appends to its own journal file, one JSON line per
model change, as the change happens: the changed item as the canonical writer would write it,
or that it was deleted, or the positions that moved. A document carries its text too, since
its file is only written when the corpus is saved: a document added and then lost to a kill
comes back with the rest. The first line after the header is the
starting point: the bytes of annotations.json as loaded (when they still have the loaded
hash) or, failing that, a full snapshot. A kill at any moment therefore loses no edit that was
made; the OS keeps what was written even if the process dies, and a background thread fsyncs
within about a second so that a power cut loses at most that.

A live session holds an exclusive lock on its journal (`flock`, dropped by the kernel when the
process dies). A journal nobody holds is an *orphan*: its session ended without saving or
discarding, i.e. it crashed or was killed. Another window of the same corpus never takes a
live session's journal for a crash, and never deletes it.

Replaying an orphan gives the annotations as they were at the kill; whether they are worth
offering back is decided by content (do they differ from what the folder now holds), never by
file times. The journal is emptied when the session saves and deleted when it closes cleanly.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from argmap.model.annotations import Corpus, ModelEvent
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.order_keys import position
from argmap.model.safe_files import MAX_ANNOTATIONS_BYTES, FileRefused, read_bytes
from argmap.model.save_lock import try_lock
from argmap.model.saving import corpus_to_json, dumps

FORMAT = "argmap-journal"
SECTIONS = ("documents", "actors", "claims", "relations")
SYNC_EVERY_S = 1.0


def _line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _item_json(corpus: Corpus, section: str, item_id: str) -> dict[str, Any]:
    """One item exactly as the canonical writer writes it (whatever fields the format has)."""
    single = Corpus(corpus.folder)
    getattr(single, section)[item_id] = getattr(corpus, section)[item_id]
    item: dict[str, Any] = corpus_to_json(single)[section][0]
    return item


def _section_of(corpus: Corpus, item_id: str) -> str | None:
    for section in SECTIONS:
        if item_id in getattr(corpus, section):
            return section
    return None


class EditJournal:
    """The journal of one window session; created on the first edit, so browsing leaves no file."""

    def __init__(self, directory: Path, folder: Path, base_sha256: str | None) -> None:
        self.directory = directory
        self.folder = folder
        self.base_sha256 = base_sha256  # the annotations.json the session's state started from
        self.session = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.path = directory / f"{self.session}.journal"
        self._fd: int | None = None
        self._based = False
        self._guard = threading.Lock()  # the writer (GUI thread) and the fsync thread share the descriptor
        self._dirty = threading.Event()
        # held while the fsync thread has its own copy of the descriptor open: the lock that tells a live
        # session from an orphan lasts until every copy is closed, so close() waits for it
        self._syncing = threading.Lock()
        self._generation = 0  # each opened file gets its own fsync thread, which ends when the file is closed

    # -- writing ---------------------------------------------------------------------------

    def _open(self) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        # created under another name, locked, then renamed: no one sees it unlocked and takes it for an orphan
        fresh = self.path.with_name(f".{self.path.name}.new")
        fd = os.open(fresh, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_CLOEXEC", 0), 0o600)
        try_lock(fd)
        os.write(fd, self._header())
        os.replace(fresh, self.path)
        self._generation += 1
        threading.Thread(target=self._sync_loop, args=(self._generation,), name="argmap-journal-fsync", daemon=True).start()
        return fd

    def _header(self) -> bytes:
        return _line({"format": FORMAT, "version": 1, "folder": str(self.folder.resolve()), "session": self.session,
                      "pid": os.getpid(), "host": socket.gethostname(),
                      "started": datetime.now(UTC).isoformat(timespec="seconds"), "base_sha256": self.base_sha256})

    def _write(self, data: bytes) -> None:
        with self._guard:
            if self._fd is None:
                self._fd = self._open()
            view = memoryview(data)
            while view:
                view = view[os.write(self._fd, view):]
        self._dirty.set()

    def record(self, corpus: Corpus, event: ModelEvent) -> None:
        """Append what `event` changed (called right after each model change)."""
        ops = b"".join(_line(op) for op in self._ops(corpus, event))
        if not self._based:
            base = self._base_text()
            if base is None:  # the file changed or never existed: start from the state now, this edit included
                self._write(_line(self._snapshot(corpus)))
            else:
                self._write(_line({"snapshot": base, "sha256": self.base_sha256}) + ops)
            self._based = True  # only once it is written: a failed write starts from a snapshot again
            return
        self._write(ops)

    def _base_text(self) -> str | None:
        if self.base_sha256 is None:
            return None
        try:
            raw = read_bytes(self.folder / ANNOTATIONS_FILE, limit=MAX_ANNOTATIONS_BYTES, inside=self.folder,
                             what="annotation files")
        except (OSError, FileRefused):
            return None
        if hashlib.sha256(raw).hexdigest() != self.base_sha256:
            return None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def _ops(self, corpus: Corpus, event: ModelEvent) -> Iterator[dict[str, Any]]:
        if event.kind == "layout-changed":
            yield {"positions": {i: (list(corpus.positions[i]) if i in corpus.positions else None) for i in event.ids},
                   "name": corpus.layout_name}
            return
        if event.kind == "reset" or not event.ids:
            yield self._snapshot(corpus)
            return
        for n, item_id in enumerate(dict.fromkeys(event.ids)):
            section = _section_of(corpus, item_id)
            if section is None:
                yield {"del": item_id}
                continue
            items = getattr(corpus, section)
            # where an added item sits (undo puts a deleted one back in its place); changed ones stay put
            at = position(items, item_id) if n == 0 and event.kind.endswith("-added") else None
            if at == len(items) - 1:
                at = None  # appended
            op = {"set": section, "id": item_id, "at": at, "item": _item_json(corpus, section, item_id)}
            if section == "documents":
                op["text"] = corpus.documents[item_id].text
            yield op

    def _snapshot(self, corpus: Corpus) -> dict[str, Any]:
        """The whole state, with the texts of documents whose file is not in the folder yet (added, unsaved)."""
        texts = {d.path: d.text for d in corpus.documents.values() if not os.path.lexists(self.folder / d.path)}
        return {"snapshot": dumps(corpus), **({"texts": texts} if texts else {})}

    def restart(self, base_sha256: str) -> None:
        """After a save: the file holds every edit, so the journal starts again from it."""
        self.base_sha256 = base_sha256
        self._based = False
        with self._guard:
            if self._fd is not None:
                os.ftruncate(self._fd, 0)
                os.write(self._fd, self._header())

    def close(self, *, keep: bool) -> None:
        """Delete the journal (the edits are saved or discarded), or (`keep`) leave it to be offered back.

        A later edit starts a new journal: the window may go on with this session after all.
        """
        with self._guard:
            fd, self._fd = self._fd, None
            self._based = False
            self.base_sha256 = None  # the session may hold edits the file lacks: a new journal starts from a snapshot
            self._dirty.set()
            if fd is None:
                return
            if not keep:
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
            else:
                with contextlib.suppress(OSError):
                    os.fsync(fd)
            os.close(fd)
        with self._syncing:  # the fsync thread's copy is closed too: from here on, the journal is unlocked
            pass

    def _sync_loop(self, generation: int) -> None:
        sync = getattr(os, "fdatasync", os.fsync)
        while True:
            self._dirty.wait()
            self._dirty.clear()
            with self._syncing:
                with self._guard:
                    if self._fd is None or generation != self._generation:
                        return
                    fd = os.dup(self._fd)  # synced outside the guard: a slow disk never holds up the next edit
                try:
                    with contextlib.suppress(OSError):
                        sync(fd)
                finally:
                    os.close(fd)
            time.sleep(SYNC_EVERY_S)  # at most one fsync a second, however fast the edits come


# -- orphans -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Orphan:
    """A journal whose session ended without saving; held (locked) by us while we look at it."""

    path: Path
    fd: int
    header: dict[str, Any]
    written: float  # when its last edit was written (seconds since the epoch)

    def replay(self) -> str | None:
        """The annotations (as JSON text) at the moment the session ended; None if it recorded nothing."""
        return replay(self.path)

    def texts(self) -> dict[str, str]:
        """The texts of the documents the session added, by path (their files were never written)."""
        return replayed_texts(self.path)

    def release(self) -> None:
        """Stop looking at it; it stays, to be offered again."""
        with contextlib.suppress(OSError):
            os.close(self.fd)

    def remove(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self.release()


def replay(path: Path) -> str | None:
    """The annotations (JSON text) a journal ends at: its last snapshot with every later change applied.

    A last line cut short by a kill is ignored: every complete line is one whole model change.
    """
    records = _records(path)
    starts = [i for i, r in enumerate(records) if "snapshot" in r]
    if not starts:
        return None
    last = starts[-1]
    return json.dumps(_apply(json.loads(records[last]["snapshot"]), records[last + 1:]), ensure_ascii=False)


def replayed_texts(path: Path) -> dict[str, str]:
    """Document texts the journal carries, by path, the latest of each (a snapshot's or an added document's)."""
    texts: dict[str, str] = {}
    for record in _records(path):
        texts.update(record.get("texts", {}))
        if record.get("set") == "documents" and "text" in record:
            texts[record["item"]["path"]] = record["text"]
    return texts


def _records(path: Path) -> list[dict[str, Any]]:
    """The journal's complete lines after the header; a last line cut short by a kill ends them."""
    with open(path, "rb") as fh:
        lines = fh.read().split(b"\n")
    records = []
    for raw in lines[1:]:
        try:
            records.append(json.loads(raw))
        except ValueError:  # the last line, cut by the kill (or the empty string after the final newline)
            break
    return records


def _apply(data: dict[str, Any], ops: list[dict[str, Any]]) -> dict[str, Any]:
    sections = {s: {item["id"]: item for item in data.get(s, []) if isinstance(item, dict)} for s in SECTIONS}
    layout: dict[str, Any] = data["layout"] if isinstance(data.get("layout"), dict) else {}
    positions = dict(layout.get("positions", {}))
    name = layout.get("name")
    for op in ops:
        if "set" in op:
            items, item_id = sections[op["set"]], op["id"]
            if item_id in items or op["at"] is None or op["at"] >= len(items):
                items[item_id] = op["item"]  # in place when it exists, else at the end
            else:
                entries = list(items.items())
                entries.insert(op["at"], (item_id, op["item"]))
                sections[op["set"]] = dict(entries)
        elif "del" in op:
            for items in sections.values():
                items.pop(op["del"], None)
        elif "positions" in op:
            for node_id, xy in op["positions"].items():
                if xy is None:
                    positions.pop(node_id, None)
                else:
                    positions[node_id] = xy
            name = op["name"]
    for section, items in sections.items():
        data[section] = list(items.values())
    data.pop("layout", None)
    if positions or name:
        data["layout"] = {**({"name": name} if name else {}), "positions": dict(sorted(positions.items()))}
    return data


def orphans(directory: Path) -> list[Orphan]:
    """Journals in `directory` that no live session holds, newest first; each is locked until released."""
    found = []
    try:
        paths = sorted(directory.glob("*.journal"))
    except OSError:
        return []
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            continue
        if not try_lock(fd):  # a running session (in this process or another) holds it
            os.close(fd)
            continue
        try:
            with open(path, "rb") as fh:
                header = json.loads(fh.readline())
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise ValueError("not a journal")
            written = os.fstat(fd).st_mtime
        except (OSError, ValueError):
            os.close(fd)
            continue
        found.append(Orphan(path, fd, header, written))
    found.sort(key=lambda o: o.written, reverse=True)
    return found
