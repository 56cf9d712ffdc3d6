"""Year-partitioned Parquet copies of large tables (``parquet_by_year/NAME/year=YYYY/part-0.parquet``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from jixiao.emit.partition import NULL_PARTITION, PARTITION_DIR, hive_partitioning, year_key
from jixiao.emit.writer import PARTITION_ROWS_ENV
from jixiao.schemas import TABLES
from jixiao.schemas.tables import PANEL_DIMENSION_TABLES
from sample_paths import LUKOU_DOCX, LUKOU_TXT, SAMPLES

from jixiao.batch import BatchOptions, run_batch

TEMPLATES = sorted(
    p for p in (SAMPLES / "templates").iterdir() if p.suffix in {".txt", ".docx", ".xlsx", ".html"}
)
NO_FORM_TEXT = "这是一份会议纪要，没有任何自评表。\n"  # a document without forms: its rows have no year


def _corpus(root: Path) -> Path:
    src = root / "archive"
    src.mkdir()
    for f in [LUKOU_TXT, LUKOU_DOCX, *TEMPLATES]:
        shutil.copy(f, src / f.name)
    (src / "meeting_notes.txt").write_text(NO_FORM_TEXT, encoding="utf-8")
    return src


def _run(src: Path, out: Path, jobs: int = 2) -> None:
    run_batch([str(src)], out, BatchOptions(jobs=jobs, progress=False))


def _expected_years(out: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """form_id → year and doc_id → the year of its first form (by form_id), from forms.parquet."""
    forms = pq.read_table(out / "forms.parquet").to_pylist()
    by_form = {f["form_id"]: f["year"] for f in forms}
    by_doc: dict[str, Any] = {}
    for f in sorted(forms, key=lambda f: (f["doc_id"], f["form_id"])):
        by_doc.setdefault(f["doc_id"], f["year"])
    return by_form, by_doc


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def partitioned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("partition")
    src = _corpus(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(PARTITION_ROWS_ENV, "1")
        _run(src, root / "out")
    return src, root / "out"


def test_every_table_gets_a_by_year_copy_recorded_in_the_manifest(partitioned: tuple[Path, Path]) -> None:
    _, out = partitioned
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    layout = manifest["partitions"]
    assert (layout["dir"], layout["column"], layout["threshold_rows"]) == (PARTITION_DIR, "year", 1)
    tables = {
        name for name, rows in manifest["tables"].items() if rows and name not in PANEL_DIMENSION_TABLES
    }
    assert set(layout["tables"]) == tables and "documents" in tables and "values" in tables
    for name, folders in layout["tables"].items():
        on_disk = sorted(p.name for p in (out / PARTITION_DIR / name).iterdir())
        assert on_disk == sorted(folders)
        for folder, rows in folders.items():
            assert pq.read_metadata(out / PARTITION_DIR / name / folder / "part-0.parquet").num_rows == rows
        assert sum(folders.values()) == manifest["tables"][name]
    # the sample years, and the form-less document's rows in the null folder
    assert set(layout["tables"]["forms"]) == {"year=2023", "year=2024"}
    assert layout["tables"]["documents"][f"year={NULL_PARTITION}"] == 1
    assert f"year={NULL_PARTITION}" not in layout["tables"]["forms"]


@pytest.mark.parametrize("table", [t for t in TABLES if t not in PANEL_DIMENSION_TABLES])
def test_dataset_reads_the_same_rows_with_the_right_years(partitioned: tuple[Path, Path], table: str) -> None:
    _, out = partitioned
    whole = pq.read_table(out / f"{table}.parquet").to_pylist()
    if not whole:
        pytest.skip(f"{table} has no rows in the samples")
    parts = ds.dataset(out / PARTITION_DIR / table, format="parquet", partitioning=hive_partitioning())
    got = parts.to_table().to_pylist()
    by_form, by_doc = _expected_years(out)
    lookup = by_form if year_key(table) == "form_id" else by_doc
    expected = [{**row, "year": lookup.get(row[year_key(table)])} for row in whole]
    key = TABLES[table].sort_key

    def order(row: dict[str, Any]) -> tuple[str, ...]:
        return tuple(str(row[k]) for k in key)

    assert sorted(got, key=order) == sorted(expected, key=order)
    assert any(row["year"] is not None for row in got)


def test_by_year_copy_is_byte_identical_across_jobs_and_reruns(
    partitioned: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out = partitioned
    monkeypatch.setenv(PARTITION_ROWS_ENV, "1")
    _run(src, tmp_path / "again", jobs=1)
    first, again = _tree_bytes(out / PARTITION_DIR), _tree_bytes(tmp_path / "again" / PARTITION_DIR)
    assert first == again and len(first) > 10


def test_small_tables_get_no_copy_and_a_stale_copy_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _corpus(tmp_path)
    out = tmp_path / "out"
    monkeypatch.setenv(PARTITION_ROWS_ENV, "100")  # only values (835 rows) and indicators (174) pass
    _run(src, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["partitions"]["tables"]) == ["indicators", "values"]
    assert sorted(p.name for p in (out / PARTITION_DIR).iterdir()) == ["indicators", "values"]
    monkeypatch.delenv(PARTITION_ROWS_ENV)  # default threshold (1,000,000): nothing passes
    _run(src, out)
    assert not (out / PARTITION_DIR).exists()
    assert "partitions" not in json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_incremental_rerun_gives_the_same_by_year_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Old rows come back from NAME.parquet: their years must still be known (forms read back too)."""
    monkeypatch.setenv(PARTITION_ROWS_ENV, "1")
    src = _corpus(tmp_path)
    held_back = shutil.move(src / LUKOU_DOCX.name, tmp_path / LUKOU_DOCX.name)
    run_batch([str(src)], tmp_path / "inc", BatchOptions(jobs=2, progress=False))
    shutil.move(held_back, src / LUKOU_DOCX.name)
    run_batch([str(src)], tmp_path / "inc", BatchOptions(jobs=2, progress=False, incremental=True))
    _run(src, tmp_path / "fresh")
    inc, fresh = (
        _tree_bytes(tmp_path / "inc" / PARTITION_DIR),
        _tree_bytes(tmp_path / "fresh" / PARTITION_DIR),
    )
    assert inc == fresh and len(inc) > 10
