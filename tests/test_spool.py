"""A large document's rows go from the worker to the parent through a file, in bounded pieces, so the
parent holds one piece at a time; the tables are byte-identical to the in-memory route."""

from __future__ import annotations

import shutil
from pathlib import Path

import jixiao.emit.prepared
import pytest
from jixiao.emit.prepared import SPOOL_ROWS_ENV, prepare, read_spool, sorted_tables
from sample_paths import LUKOU_DOCX, LUKOU_TXT, SAMPLES

from jixiao.batch import BatchOptions, run_batch
from jixiao.inputs import InputItem, hash_item
from jixiao.pipeline import process_bytes
from jixiao.worker import FileJob, Task, extract_one

TEMPLATES = sorted((SAMPLES / "templates").glob("*.txt"))[:5]


def test_a_large_documents_rows_come_back_as_a_file_of_bounded_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jixiao.emit.prepared, "SPOOL_PIECE_ROWS", 7)
    item = InputItem("lukou.txt", str(LUKOU_TXT))
    job = FileJob(None, None, timeout_s=0, memory_mb=0, faults=False, spool_dir=str(tmp_path), spool_rows=50)
    back = extract_one(Task(item, hash_item(item)), job)
    assert back.columns == {} and back.csv == {} and back.spool is not None  # only a handle comes back
    result = process_bytes(LUKOU_TXT.read_bytes(), "lukou.txt")
    whole = prepare(result, tables=sorted_tables(result))
    joined: dict[str, dict[str, list[object]]] = {}
    text: dict[str, bytes] = {}
    for table, cols, lines in read_spool(back.spool):
        rows = len(next(iter(cols.values())))
        assert 0 < rows <= 7
        for name, values in cols.items():
            joined.setdefault(table, {}).setdefault(name, []).extend(values)
        text[table] = text.get(table, b"") + (lines or b"")
    assert joined == whole.columns and text == whole.csv
    assert sum(len(next(iter(c.values()))) for c in whole.columns.values()) >= 50


def test_a_small_document_comes_back_in_memory(tmp_path: Path) -> None:
    item = InputItem("lukou.txt", str(LUKOU_TXT))
    job = FileJob(None, None, timeout_s=0, memory_mb=0, faults=False, spool_dir=str(tmp_path))
    back = extract_one(Task(item, hash_item(item)), job)
    assert back.spool is None and back.columns and not list(tmp_path.iterdir())


def _tables(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.*")) if p.suffix in (".csv", ".parquet")}


def test_a_run_whose_every_document_is_spooled_writes_the_same_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "archive"
    src.mkdir()
    for f in [LUKOU_TXT, LUKOU_DOCX, *TEMPLATES]:
        shutil.copy(f, src / f.name)
    shutil.copy(TEMPLATES[0], src / "z_copy.txt")
    opts = BatchOptions(jobs=2, progress=False, formats=("csv", "parquet", "review"))
    run_batch(["archive"], tmp_path / "memory", opts)
    monkeypatch.setenv(SPOOL_ROWS_ENV, "1")
    run_batch(["archive"], tmp_path / "spooled", opts)
    assert _tables(tmp_path / "spooled") == _tables(tmp_path / "memory")
    assert len(_tables(tmp_path / "memory")) == 2 * 13
    pages = {p.name: p.read_bytes() for p in (tmp_path / "memory" / "review").glob("*.html")}
    assert {p.name: p.read_bytes() for p in (tmp_path / "spooled" / "review").glob("*.html")} == pages
