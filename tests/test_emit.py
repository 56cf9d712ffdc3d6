"""emit: typed frames, the exact CSV bytes, Parquet types, the streaming writer and its publish."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jixiao.emit.csv_out import CsvAppender, format_float, format_money
from jixiao.emit.frames import result_frames, rows_to_columns
from jixiao.emit.parquet_out import ParquetAppender, arrow_schema
from jixiao.emit.prepared import prepare
from jixiao.emit.safety import neutralise_formula, restore_formula
from jixiao.emit.writer import OutputWriter, register_format, resolve_format
from jixiao.normalize.records import AnomalyRow, DocumentResult, DocumentRow, FundRow, ResidualRow
from jixiao.schemas import TABLES

D = "ab" * 32  # a doc_id


def _doc(doc_id: str = D, path: str = "a.txt", **kw: object) -> DocumentRow:
    base: dict[str, object] = dict(
        doc_id=doc_id,
        source_path=path,
        source_format="txt",
        encoding="utf-8",
        status="ok",
        error=None,
        form_count=1,
        report_count=0,
        coverage_pct=98.5,
    )
    return DocumentRow(**{**base, **kw})  # type: ignore[arg-type]


def _fund(line: str, initial: str | None, rate: float | None = 99.99) -> FundRow:
    return FundRow(
        f"{D[:16]}-1",
        line,
        "年度资金总额",
        None if initial is None else Decimal(initial),
        None,
        None,
        10.0,
        rate,
        None,
    )


MONEY = [
    pytest.param(Decimal("3206715.91"), "3206715.91", id="plain"),
    pytest.param(Decimal("3.2E+6"), "3200000.00", id="exponent-form"),
    pytest.param(Decimal("100"), "100.00", id="integral"),
    pytest.param(Decimal("-0.00"), "0.00", id="negative-zero"),
    pytest.param(Decimal("9999999999999999.99"), "9999999999999999.99", id="largest-decimal128-18-2"),
]


@pytest.mark.parametrize(("value", "text"), MONEY)
def test_format_money(value: Decimal, text: str) -> None:
    assert format_money(value) == text


FLOATS = [
    pytest.param(98.99, "98.99", id="shortest"),
    pytest.param(100.0, "100", id="integral-no-point"),
    pytest.param(0.1 + 0.2, "0.30000000000000004", id="exact-repr"),
    pytest.param(1e16, "10000000000000000", id="never-scientific-large"),
    pytest.param(1.5e-7, "0.00000015", id="never-scientific-small"),
]


@pytest.mark.parametrize(("value", "text"), FLOATS)
def test_format_float(value: float, text: str) -> None:
    assert format_float(value) == text


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_text_reads_back_exactly(x: float) -> None:
    text = format_float(x)
    assert float(text) == x and "e" not in text


def test_money_with_three_places_is_refused_not_rounded() -> None:
    with pytest.raises(ValueError, match="2 decimal places"):
        format_money(Decimal("1.005"))
    bad = DocumentResult(documents=(_doc(),), funds=(_fund("total", "1.005"),))
    with pytest.raises(ValueError, match=r"funds: money value 1\.005"):
        prepare(bad)  # the worker makes this the file's failed row
    assert prepare(DocumentResult(documents=(_doc(),), funds=(_fund("total", "1.01"),))).columns["funds"]


def test_frames_have_schema_columns_dtypes_and_sort_order() -> None:
    result = DocumentResult(
        documents=(_doc(),),
        funds=(_fund("total", "3206715.91"), _fund("other_funds", None, None)),
        anomalies=(
            AnomalyRow(
                D, f"{D[:16]}-1", "score.total", "warning", "得分之和与总分不符", "90", "89", "line 3"
            ),
            AnomalyRow(D, None, "doc.empty", "info", "x", None, None, None),
        ),
    )
    frames = result_frames([result])
    assert list(frames) == list(TABLES)
    for name, frame in frames.items():
        assert list(frame.columns) == TABLES[name].names
    funds = frames["funds"]
    assert list(funds.line) == ["other_funds", "total"]
    assert [str(funds[c].dtype) for c in ("line", "weight", "budget_initial_yuan")] == [
        "string",
        "Float64",
        "object",
    ]
    assert funds.budget_initial_yuan.tolist() == [None, Decimal("3206715.91")]
    assert pd.isna(funds.execution_rate_pct[0]) and funds.execution_rate_pct[1] == 99.99
    assert str(frames["documents"].form_count.dtype) == "Int64"
    assert frames["anomalies"].form_id.isna().tolist() == [True, False]  # nulls sort first
    assert frames["forms"].empty and list(frames["forms"].columns) == TABLES["forms"].names


def _write_csv(path: Path, table: str, rows: Sequence[Any]) -> None:
    """``NAME.csv`` the way a run writes it: rows → typed columns → appended lines."""
    out = CsvAppender(path, table)
    out.append(rows_to_columns(table, rows))
    out.close()


def test_csv_bytes_bom_crlf_quotes_null_vs_empty_and_formulas(tmp_path: Path) -> None:
    rows = [
        ResidualRow(D, 1, None, '=HYPERLINK("x")', ""),
        ResidualRow(D, 2, "附件1", "0012", None),
    ]
    _write_csv(tmp_path / "r.csv", "residuals", rows)
    data = (tmp_path / "r.csv").read_bytes()
    assert data.startswith(b'\xef\xbb\xbf"doc_id","seq",')
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[1] == f'"{D}","1",,"\'=HYPERLINK(""x"")",""'
    assert lines[2] == f'"{D}","2","附件1","0012",'
    assert lines[3] == "" and len(lines) == 4


def test_csv_money_and_float_columns(tmp_path: Path) -> None:
    _write_csv(tmp_path / "f.csv", "funds", [_fund("total", "3206715.9")])
    line = (tmp_path / "f.csv").read_bytes().decode("utf-8-sig").split("\r\n")[1]
    assert line == f'"{D[:16]}-1","total","年度资金总额","3206715.90",,,"10","99.99",,,,,'  # no panel ids yet


_NO_SURROGATES: list[Any] = ["Cs"]  # not encodable as UTF-8
_TEXT = st.text(
    st.characters(blacklist_categories=_NO_SURROGATES, blacklist_characters="\x00"),
    max_size=40,
)
_SPECIAL = st.sampled_from(
    ["NA", "null", "", "0012", "123456789012345678", "a\rb", "\tx", "-1", "'=x", "N/A"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_TEXT, _SPECIAL), min_size=1, max_size=8))
def test_csv_text_round_trips_through_read_csv(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str]
) -> None:
    path = tmp_path_factory.mktemp("csv") / "r.csv"
    rows = [ResidualRow(D, i, None, t, None) for i, t in enumerate(texts)]
    _write_csv(path, "residuals", rows)
    back = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert back.text.tolist() == [neutralise_formula(t) for t in texts]
    assert [restore_formula(t) for t in back.text] == texts


def test_parquet_types_and_exact_money(tmp_path: Path) -> None:
    out = ParquetAppender(tmp_path / "funds.parquet", "funds")
    out.add(rows_to_columns("funds", [_fund("total", "3206715.91"), _fund("other_funds", None)]))
    out.close()
    table = pq.read_table(tmp_path / "funds.parquet")
    assert table.schema == arrow_schema("funds") and table.schema.metadata is None
    assert table.schema.field("budget_initial_yuan").type == pa.decimal128(18, 2)
    assert table.column("budget_initial_yuan").to_pylist() == [None, Decimal("3206715.91")]


def _results(n: int) -> list[DocumentResult]:
    return [
        DocumentResult(
            documents=(_doc(f"{i:064x}", f"f{i}.txt"),),
            funds=(
                FundRow(f"{i:016x}-1", "total", None, Decimal(i), None, None, None, None, None),
                FundRow(f"{i:016x}-1", "other_funds", None, None, None, None, None, None, None),
            ),
        )
        for i in range(n)
    ]


def test_writer_bytes_do_not_depend_on_batching(tmp_path: Path) -> None:
    for name, batch in (("a", 3), ("b", 3)):
        with OutputWriter(tmp_path / name, batch_rows=batch) as w:
            results = _results(7)
            if name == "a":
                for r in results:
                    w.add(r)
            else:  # the same rows arriving as one block
                frames = result_frames(results)
                from jixiao.emit.frames import frame_to_columns

                for table, frame in frames.items():
                    if len(frame):
                        w.add_columns(table, frame_to_columns(table, frame))
            counts = w.close({"run": name})
    assert counts["funds"] == 14 and pq.read_metadata(tmp_path / "a" / "funds.parquet").num_row_groups == 5
    for f in ("funds.parquet", "funds.csv", "documents.parquet", "documents.csv", "datapackage.json"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text("utf-8"))
    assert manifest["run"] == "a" and manifest["tables"]["funds"] == 14
    assert not list((tmp_path / "a" / ".jixiao").glob("tmp-*"))


def test_abort_leaves_previous_output(tmp_path: Path) -> None:
    with OutputWriter(tmp_path) as w:
        w.add(_results(1)[0])
        w.close({})
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    with pytest.raises(RuntimeError), OutputWriter(tmp_path) as w:
        for r in _results(5):
            w.add(r)
        raise RuntimeError("killed")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before
    assert len(before) == 2 * len(TABLES) + 2 and not list((tmp_path / ".jixiao").glob("tmp-*"))


def test_datapackage_is_sorted_and_unescaped(tmp_path: Path) -> None:
    with OutputWriter(tmp_path, formats=("csv",)) as w:
        w.close({})
    text = (tmp_path / "datapackage.json").read_text("utf-8")
    assert "文件" in text and json.loads(text)["resources"][0]["name"] == "documents"
    assert not list(tmp_path.glob("*.parquet"))


def test_format_registry_unknown_and_extension(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown output format 'pdf'"):
        resolve_format("pdf")
    seen: dict[str, int] = {}

    def write_counts(out_dir: Path, frames: dict[str, pd.DataFrame]) -> None:
        seen.update({k: len(v) for k, v in frames.items()})
        (Path(out_dir) / "counts.txt").write_text(str(seen["funds"]))

    register_format("counts", write_counts)
    with OutputWriter(tmp_path, formats=("csv", "counts")) as w:
        for r in _results(2):
            w.add(r)
        w.close({})
    assert seen["funds"] == 4 and (tmp_path / "counts.txt").read_text() == "4"
    assert not list(tmp_path.glob("*.parquet")) and not (tmp_path / "_internal").exists()


def test_writer_row_groups_do_not_depend_on_arrow_pieces(tmp_path: Path, monkeypatch: Any) -> None:
    # rows become Arrow data every PIECE_ROWS rows; row groups must still be cut at batch_rows exactly
    import jixiao.emit.parquet_out

    for name, piece in (("a", 2), ("b", 1_000)):
        monkeypatch.setattr(jixiao.emit.parquet_out, "PIECE_ROWS", piece)
        with OutputWriter(tmp_path / name, batch_rows=3) as w:
            for r in _results(7):
                w.add(r)
            w.close({})
    meta = pq.read_metadata(tmp_path / "a" / "funds.parquet")
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [3, 3, 3, 3, 2]
    for f in ("funds.parquet", "documents.parquet"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()


def test_row_groups_of_long_texts_end_at_a_byte_bound_whatever_the_pieces(tmp_path: Path) -> None:
    """A row group also ends once its rows hold row_group_bytes, at the same row however the rows
    were pieced together (a fresh and an incremental run add the same rows in different pieces)."""
    from jixiao.emit.parquet_out import ParquetAppender, row_sizes

    rows = {
        "doc_id": ["d" * 64] * 60,
        "seq": list(range(60)),
        "context": [None] * 60,
        "text": ["甲" * (50 * (i % 7 + 1)) for i in range(60)],
        "location": [f"line {i}" for i in range(60)],
    }

    def write(name: str, piece: int) -> list[int]:
        path = tmp_path / f"{name}.parquet"
        out = ParquetAppender(path, "residuals", row_group_rows=25, row_group_bytes=4_000)
        for start in range(0, 60, piece):
            out.add({n: v[start : start + piece] for n, v in rows.items()})
        out.close()
        meta = pq.read_metadata(path)
        return [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]

    groups = write("whole", 60)
    assert groups == write("one_by_one", 1) and sum(groups) == 60 and len(groups) > 3
    assert (tmp_path / "whole.parquet").read_bytes() == (tmp_path / "one_by_one.parquet").read_bytes()
    table, start = pq.read_table(tmp_path / "whole.parquet"), 0
    for n in groups[:-1]:  # each full group: 25 rows, or the shortest run of rows reaching the bound
        sizes = row_sizes(table.slice(start, n).combine_chunks().to_batches()[0])
        assert n == 25 or (sizes.sum() >= 4_000 and sizes[:-1].sum() < 4_000), (start, n)
        start += n


def test_parquet_pages_carry_checksums(tmp_path: Path) -> None:
    with OutputWriter(tmp_path / "out", formats=("parquet",)) as w:
        for r in _results(7):
            w.add(r)
        w.close({})
    path = tmp_path / "out" / "funds.parquet"
    table = pq.ParquetFile(path, page_checksum_verification=True).read()
    budgets = [v for v in table.column("budget_initial_yuan").to_pylist() if v is not None]
    assert table.num_rows == 14 and budgets == [Decimal(f"{i}.00") for i in range(7)]
    # a flipped byte inside the first data page's payload is caught by the page CRC
    column = pq.read_metadata(path).row_group(0).column(0)
    data = bytearray(path.read_bytes())
    start = column.dictionary_page_offset or column.data_page_offset
    data[start + column.total_compressed_size - 3] ^= 0xFF
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(bytes(data))
    with pytest.raises(OSError, match=r"(?i)crc|checksum"):
        pq.ParquetFile(bad, page_checksum_verification=True).read()
