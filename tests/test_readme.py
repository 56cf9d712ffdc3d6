"""The README's queries over an output folder run as written (pandas and DuckDB)."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from sample_paths import LUKOU_TXT, ROOT, SAMPLES

from jixiao.batch import BatchOptions, run_batch


def _block(tag: str) -> str:
    """The first ```python block after the line naming ``(README: tag``."""
    text = (ROOT / "README.md").read_text("utf-8")
    at = text.index(f"(README: {tag}")
    found = re.search(r"```python\n(.*?)```", text[at:], re.S)
    assert found is not None
    return found.group(1)


@pytest.fixture(scope="module")
def out_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("readme")
    inputs = [str(LUKOU_TXT), str(SAMPLES / "templates")]
    run_batch(inputs, work / "out", BatchOptions(jobs=1, progress=False, formats=("parquet",)))
    return work


def _run(block: str, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(cwd)
    scope: dict[str, Any] = {}
    exec(compile(block, "README.md", "exec"), scope)
    return scope


def _executed_by_year(out: Path) -> dict[Any, Decimal]:
    forms = pq.read_table(out / "forms.parquet").to_pylist()
    year = {f["form_id"]: f["year"] for f in forms}
    sums: dict[Any, Decimal] = defaultdict(Decimal)
    for row in pq.read_table(out / "funds.parquet").to_pylist():
        if row["line"] == "total" and row["executed_yuan"] is not None:
            sums[year[row["form_id"]]] += row["executed_yuan"]
    return dict(sums)


def test_pandas_query(out_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scope = _run(_block("pandas"), out_folder, monkeypatch)
    got = {y: Decimal(str(v)) for y, v in scope["by_year"]["executed_yuan"].items()}
    expected = _executed_by_year(out_folder / "out")
    assert got == expected and len(expected) >= 1


def test_duckdb_query(out_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("duckdb", reason="duckdb is in the dev extra: make install")
    scope = _run(_block("duckdb"), out_folder, monkeypatch)
    assert {y: v for y, v in scope["executed"] if v is not None} == _executed_by_year(out_folder / "out")
    out = out_folder / "out"
    path_of = {
        d["doc_id"]: d["source_path"]
        for d in pq.read_table(out / "documents.parquet").to_pylist()
        if d["duplicate_of"] is None
    }
    counts: dict[str, int] = defaultdict(int)
    for a in pq.read_table(out / "anomalies.parquet").to_pylist():
        if a["severity"] in ("error", "warning"):
            counts[path_of[a["doc_id"]]] += 1
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert scope["worst"] == expected and expected
