"""The close-time rewrite of the fact tables: CSV rows found across chunks and quoted line breaks,
only the panel fields formatted again, and a line with an unexpected tail formatted whole."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from jixiao.emit import panel_rewrite
from jixiao.emit.csv_out import CsvAppender, format_lines
from jixiao.emit.frames import rows_to_columns
from jixiao.emit.panel_rewrite import IdTable, _iter_rows, rewrite_table
from jixiao.emit.parquet_out import ParquetAppender
from jixiao.normalize.entities import FormIds
from jixiao.normalize.records import AnomalyRow, FundRow

ROWS = [
    b'\xef\xbb\xbf"a","b"',
    b'"1","two\r\nlines"',  # a quoted CRLF is inside the row
    b'"say ""hi""",',
    b'"3",""',
]


@pytest.mark.parametrize("chunk", [1, 3, 7, 1 << 20], ids=lambda n: f"chunk-{n}")
def test_iter_rows_across_chunks_and_quoted_breaks(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(panel_rewrite, "_READ", chunk)
    data = b"".join(r + b"\r\n" for r in ROWS)
    assert list(_iter_rows(io.BytesIO(data))) == ROWS


def _stage(tmp_path: Path, table: str, rows: list[object]) -> tuple[Path, Path]:
    cols = rows_to_columns(table, rows)
    parquet, csv = tmp_path / f"{table}.parquet", tmp_path / f"{table}.csv"
    out = ParquetAppender(parquet, table)
    out.add(cols)
    out.close()
    text = CsvAppender(csv, table)
    text.append(cols)
    text.close()
    return parquet, csv


IDS = IdTable(
    {"d1-1": FormIds("U1", None, "430212", 2023), "d1-2": FormIds("U1", "P1", "430212", 2023)},
    {"d1": FormIds("U1", None, "430212", 2023)},
)


def test_funds_get_their_form_ids_in_both_files(tmp_path: Path) -> None:
    rows = [
        FundRow("d1-1", "total", "年度资金总额", Decimal("10.00"), None, None, 10, 99.99, 9.99),
        FundRow("d1-2", "total", "=年度\r\n资金", None, None, None, None, None, None),  # formula, CRLF
    ]
    parquet, csv = _stage(tmp_path, "funds", rows)
    rewrite_table("funds", parquet, csv, IDS)
    got = pq.read_table(parquet).to_pydict()
    assert (got["unit_id"], got["project_id"], got["year"]) == (["U1", "U1"], [None, "P1"], [2023, 2023])
    filled = [
        replace(r, unit_id="U1", project_id=p, region_code="430212", year=2023)
        for r, p in zip(rows, [None, "P1"], strict=True)
    ]
    expected = format_lines("funds", rows_to_columns("funds", filled)).encode()
    assert csv.read_bytes().split(b"\r\n", 1)[1] == expected


def test_an_anomaly_without_a_form_takes_its_documents_ids(tmp_path: Path) -> None:
    rows = [AnomalyRow("d1", None, "doc.rule", "info", "说明", None, None, None)]
    parquet, csv = _stage(tmp_path, "anomalies", rows)
    rewrite_table("anomalies", parquet, csv, IDS)
    assert pq.read_table(parquet).column("unit_id").to_pylist() == ["U1"]
    assert csv.read_text("utf-8-sig").splitlines()[1].endswith('"U1",,"430212","2023"')


def test_a_line_with_another_tail_is_formatted_whole(tmp_path: Path) -> None:
    rows = [FundRow("d1-1", "total", "年度资金总额", None, None, None, None, None, None)]
    parquet, csv = _stage(tmp_path, "funds", rows)
    csv.write_bytes(csv.read_bytes().replace(b",,,,\r\n", b',"U-other",,,\r\n'))  # not what Parquet says
    rewrite_table("funds", parquet, csv, IDS)
    assert csv.read_text("utf-8-sig").splitlines()[1].endswith(',"U1",,"430212","2023"')


@pytest.mark.parametrize(
    "unit_id",
    ["U1", "U-mine", '=HYPERLINK("x")', "'-1", "＝x", "单位甲"],
    ids=["plain", "dash-inside", "formula-with-quotes", "quote-then-trigger", "fullwidth-trigger", "chinese"],
)
def test_arrow_tails_are_the_csv_writers_text(tmp_path: Path, unit_id: str) -> None:
    """An override id can be any text: the tail formatted by Arrow is what format_lines writes."""
    rows = [FundRow("d1-1", "total", "年度资金总额", None, None, None, None, None, None)]
    parquet, csv = _stage(tmp_path, "funds", rows)
    ids = IdTable({"d1-1": FormIds(unit_id, None, "430212", 2023)}, {})
    rewrite_table("funds", parquet, csv, ids)
    filled = [replace(rows[0], unit_id=unit_id, region_code="430212", year=2023)]
    expected = format_lines("funds", rows_to_columns("funds", filled)).encode()
    assert csv.read_bytes().split(b"\r\n", 1)[1] == expected
