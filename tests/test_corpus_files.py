"""Corpus folders on disk without Qt: new corpora from text files, Save As copies, imports, exports,
placing new nodes in free space, and the bundled seeds never counted as writable."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from argmap.cli import main
from argmap.io.corpus_files import (
    CorpusFileError,
    create_corpus,
    documents_from_files,
    export_to_file,
    html_document_text,
    import_to_folder,
    is_protected,
    write_new_corpus,
)
from argmap.io.registry import exporters
from argmap.model.annotations import Corpus
from argmap.model.corpus_format import ANNOTATIONS_FILE
from argmap.model.geometry import node_box
from argmap.model.graph import build_graph
from argmap.model.layout import compute_layout
from argmap.model.loading import load_corpus
from argmap.model.placement import place_nodes
from argmap.paths import seed_corpus_dir

DATA = Path(__file__).parent / "data"
AIF = DATA / "external" / "aif_json"


def _texts(folder: Path) -> Path:
    folder.mkdir()
    (folder / "one.txt").write_text("First report\r\n\r\nThe harbour wall will hold.\r\n", encoding="utf-8")
    (folder / "two.md").write_text("# Second report\n\nThe wall will not hold.\n", encoding="utf-8")
    (folder / "three.html").write_text(
        "<html><head><title>Third &amp; last</title><style>p {color: red}</style></head>"
        "<body><script>var x = 1;</script><p>The <b>river</b> is the cause.</p><p>Not the sea.</p></body></html>",
        encoding="utf-8")
    (folder / "picture.png").write_bytes(b"\x89PNG not a document")
    return folder


def test_new_corpus_from_a_folder_of_text_markdown_and_html(tmp_path: Path) -> None:
    src = _texts(tmp_path / "src")
    from argmap.io.corpus_files import source_files

    assert [p.name for p in source_files(src)] == ["one.txt", "three.html", "two.md"], "documents only, by name"
    corpus = create_corpus(tmp_path / "new", [src / n for n in ("one.txt", "two.md", "three.html")])
    result = load_corpus(tmp_path / "new")
    assert result.ok, result.problems
    docs = list(result.corpus.documents.values())
    assert [d.id for d in docs] == ["d1", "d2", "d3"] == list(corpus.documents)
    assert [d.title for d in docs] == ["First report", "Second report", "Third & last"]
    assert [d.path for d in docs] == ["one.txt", "two.md", "three.txt"]
    assert "\r" not in docs[0].text
    assert docs[2].text == "The river is the cause.\n\nNot the sea.\n", "HTML text only: no tags, script or style"
    assert (tmp_path / "new" / "three.txt").read_text(encoding="utf-8") == docs[2].text


def test_new_corpus_refuses_a_folder_that_holds_a_corpus(tmp_path: Path, tiny_corpus: Path) -> None:
    before = (tiny_corpus / ANNOTATIONS_FILE).read_bytes()
    with pytest.raises(CorpusFileError, match="already holds a corpus"):
        create_corpus(tiny_corpus, [])
    assert (tiny_corpus / ANNOTATIONS_FILE).read_bytes() == before


def test_a_file_that_is_not_utf8_is_named_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("line one\ncaf\xe9\n".encode("latin-1"))
    with pytest.raises(CorpusFileError) as err:
        documents_from_files(Corpus(str(tmp_path)), [bad])
    assert str(err.value).startswith(f"{bad}: line 2: not UTF-8")


def test_empty_corpus_opens_and_takes_documents_later(tmp_path: Path) -> None:
    create_corpus(tmp_path / "empty")
    result = load_corpus(tmp_path / "empty")
    assert result.ok and not result.corpus.documents


def test_html_text_extraction_keeps_paragraphs_and_drops_scripts() -> None:
    text, title = html_document_text("<title>T</title><div>a <i>b</i></div><script>evil()</script><p>c</p>")
    assert (text, title) == ("a b\n\nc", "T")


def test_save_as_copies_texts_and_annotations_and_never_overwrites(tmp_path: Path, tiny_corpus: Path) -> None:
    corpus = load_corpus(tiny_corpus).corpus
    write_new_corpus(corpus, tmp_path / "copy")
    assert corpus.folder == str(tmp_path / "copy")
    again = load_corpus(tmp_path / "copy")
    assert again.ok and {d.path for d in again.corpus.documents.values()} == {"alpha.txt", "beta.txt"}
    clash = tmp_path / "clash"
    clash.mkdir()
    (clash / "alpha.txt").write_text("something else", encoding="utf-8")
    with pytest.raises(CorpusFileError, match="is not empty"):
        write_new_corpus(load_corpus(tiny_corpus).corpus, clash)
    with pytest.raises(CorpusFileError, match="alpha.txt: a different file"):  # even where other files may stay
        write_new_corpus(load_corpus(tiny_corpus).corpus, clash, keep_files=True)
    assert (clash / "alpha.txt").read_text(encoding="utf-8") == "something else"
    assert not (clash / ANNOTATIONS_FILE).exists()


def test_the_bundled_seeds_and_unwritable_folders_are_protected(tmp_path: Path, tiny_corpus: Path) -> None:
    assert is_protected(seed_corpus_dir())
    assert not is_protected(tiny_corpus)
    if os.geteuid() != 0:  # root may write anywhere
        os.chmod(tiny_corpus / ANNOTATIONS_FILE, 0o444)
        try:
            assert is_protected(tiny_corpus)
        finally:
            os.chmod(tiny_corpus / ANNOTATIONS_FILE, 0o644)


def test_import_to_folder_is_what_the_cli_writes(tmp_path: Path) -> None:
    result = import_to_folder(AIF / "28038.json", tmp_path / "window")
    assert main(["import", str(AIF / "28038.json"), "-o", str(tmp_path / "cli")]) == 0
    assert (tmp_path / "window" / ANNOTATIONS_FILE).read_bytes() == (tmp_path / "cli" / ANNOTATIONS_FILE).read_bytes()
    assert result.summary


@pytest.mark.parametrize("fmt", sorted(exporters()))
def test_export_to_file_is_what_the_cli_writes(fmt: str, tmp_path: Path, tiny_corpus: Path) -> None:
    corpus = load_corpus(tiny_corpus).corpus
    ours = export_to_file(corpus, fmt, tmp_path / f"window{exporters()[fmt].extension}")
    assert main(["export", str(tiny_corpus), "-f", fmt, "-o", str(tmp_path / "cli.out")]) == 0
    assert ours.read_bytes() == (tmp_path / "cli.out").read_bytes()


def test_render_of_an_ova_import_names_the_saved_positions(tmp_path: Path, capsys, qapp) -> None:
    assert main(["import", str(AIF / "28038.json"), "-o", str(tmp_path / "ova")]) == 0
    assert json.loads((tmp_path / "ova" / ANNOTATIONS_FILE).read_text(encoding="utf-8"))["layout"]["name"] == "ova"
    capsys.readouterr()
    assert main(["render", str(tmp_path / "ova"), "-o", str(tmp_path / "map.png"), "--width", "400"]) == 0
    err = capsys.readouterr().err
    assert "saved positions (ova)" in err and "force layout" not in err


def _overlaps(graph, positions, node: str) -> list[str]:
    x, y = positions[node]
    w, h = node_box(graph, node)
    hits = []
    for other, (ox, oy) in positions.items():
        ow, oh = node_box(graph, other)
        if other != node and abs(ox - x) < (ow + w) / 2 and abs(oy - y) < (oh + h) / 2:
            hits.append(other)
    return hits


def test_new_nodes_go_into_free_space_beside_what_they_link_to(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(seed_corpus_dir(), folder)
    corpus = load_corpus(folder).corpus
    graph = build_graph(corpus)
    full = compute_layout(graph, "force")
    for node in list(graph.nodes)[::7]:  # take some nodes out, put them back one at a time
        shown = {k: v for k, v in full.items() if k != node}
        spot = place_nodes(graph, shown, [node])[node]
        shown[node] = spot
        assert not _overlaps(graph, shown, node), f"{node} landed on another node"
        linked = [n for n in graph.predecessors(node)] + [n for n in graph.successors(node)]
        if linked:
            nearest = min(abs(spot[0] - shown[n][0]) + abs(spot[1] - shown[n][1]) for n in linked)
            assert nearest < 1200, "it is placed near what it links to, not far away"


def test_a_bad_modified_time_is_named_with_its_place(tmp_path: Path, tiny_corpus: Path) -> None:
    path = tiny_corpus / ANNOTATIONS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["claims"][1]["modified"] = "yesterday"
    data["claims"][1]["modified_by"] = "ana"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = load_corpus(tiny_corpus)
    assert [str(p) for p in result.errors] == [f"{path}: $.claims[1].modified: 'yesterday' is not an ISO date and time"]


def test_a_named_pipe_is_refused_as_a_document(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(CorpusFileError, match="pipe.txt: is a named pipe"):
        documents_from_files(Corpus(str(tmp_path)), [fifo])


def test_a_folder_of_texts_can_become_the_corpus_itself(tmp_path: Path) -> None:
    src = _texts(tmp_path / "src")
    before = (src / "one.txt").read_bytes()
    corpus = create_corpus(src, [src / "two.md", src / "one.txt"])
    paths = [d.path for d in corpus.documents.values()]
    assert paths == ["two.md", "one-2.txt"], "a text stored as argmap stores it is used in place; others are copied"
    assert (src / "one.txt").read_bytes() == before, "the user's file is never rewritten"
    assert load_corpus(src).ok


def test_save_as_refuses_a_folder_with_other_files(tmp_path: Path, tiny_corpus: Path) -> None:
    busy = tmp_path / "Documents"
    busy.mkdir()
    (busy / "letter.odt").write_bytes(b"x")
    with pytest.raises(CorpusFileError, match="is not empty \\(letter.odt\\)"):
        write_new_corpus(load_corpus(tiny_corpus).corpus, busy)
    assert sorted(p.name for p in busy.iterdir()) == ["letter.odt"]
