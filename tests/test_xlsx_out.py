"""The auditors' workbook: titles, types, number formats, formula safety, links, splitting, bytes."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from jixiao.emit.frames import empty_frame, rows_to_frame
from jixiao.emit.xlsx_out import MONEY_FORMAT, PCT_FORMAT, write_xlsx
from jixiao.normalize.records import AnomalyRow, FormRow, FundRow, ValueRow
from jixiao.schemas import TABLES
from sample_paths import LUKOU_TXT

import jixiao

FORMULA_PAYLOADS = [
    pytest.param('=HYPERLINK("http://x","y")', id="hyperlink-formula"),
    pytest.param("+1+1", id="plus"),
    pytest.param("-2+3", id="minus"),
    pytest.param("@SUM(A1)", id="at"),
    pytest.param("\t=1", id="tab"),
    pytest.param("\r=1", id="carriage-return"),
    pytest.param("http://example.com", id="bare-url-not-autolinked"),
]


@pytest.fixture(scope="module")
def lukou_tables() -> dict[str, pd.DataFrame]:
    return jixiao.read_file(LUKOU_TXT)


@pytest.fixture(scope="module")
def lukou_book(tmp_path_factory: pytest.TempPathFactory, lukou_tables: dict[str, pd.DataFrame]) -> Path:
    return write_xlsx(tmp_path_factory.mktemp("xlsx"), lukou_tables)


def _sheet_xml(path: Path, sheet_title: str) -> str:
    """The raw XML of a sheet, found by its title through the workbook's relationships."""
    wb = openpyxl.load_workbook(path, read_only=True)
    index = wb.sheetnames.index(sheet_title) + 1
    wb.close()
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")


def _form(form_id: str, year: int | None, title: str = "项目支出绩效自评表") -> FormRow:
    return FormRow(
        form_id, "d" * 64, "project", None, title, None, year, None, None, None, None, None, None, None, None,
        None, None,
    )  # fmt: skip


def _frames(**tables: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {name: tables.get(name, empty_frame(name)) for name in TABLES}


def test_sheets_titles_and_english_names(lukou_book: Path) -> None:
    wb = openpyxl.load_workbook(lukou_book)
    expected = ["异常", *(spec.title for name, spec in TABLES.items() if name != "anomalies")]
    assert wb.sheetnames == expected
    for spec in TABLES.values():
        ws = wb[spec.title]
        assert [c.value for c in ws[1]] == [c.title for c in spec.columns]
        assert [c.value for c in ws[2]] == spec.names
        assert ws.freeze_panes == "A3"
    funds = wb["资金"]
    assert funds.auto_filter.ref == "A2:M7"  # English-name row + the sample's 5 fund lines
    assert funds.column_dimensions["A"].width >= len("a8e44bc62cd180f2-1")


def test_money_is_an_exact_number_with_format(lukou_book: Path) -> None:
    ws = openpyxl.load_workbook(lukou_book)["资金"]
    names = [c.value for c in ws[2]]
    row = next(r for r in ws.iter_rows(min_row=3) if r[names.index("line")].value == "total")
    initial = row[names.index("budget_initial_yuan")]
    assert (initial.value, initial.data_type, initial.number_format) == (3206715.91, "n", MONEY_FORMAT)
    rate = row[names.index("execution_rate_pct")]
    assert (rate.value, rate.number_format) == (99.99, PCT_FORMAT)
    weight = row[names.index("weight")]
    assert (weight.value, weight.data_type) == (10, "n")
    xml = _sheet_xml(lukou_book, "资金")
    assert "<v>3206715.91</v>" in xml and "<v>99.99</v>" in xml  # not 99.98999999999999 (openpyxl's %.16g)


def test_money_beyond_float_precision_is_written_from_the_decimal(tmp_path: Path) -> None:
    big = Decimal("1234567890123456.78")  # 18 significant digits: a float would round it
    funds = rows_to_frame(
        "funds", [FundRow("f-1", "total", "年度资金总额", big, None, Decimal("-0.50"), 10, None, None)]
    )
    path = write_xlsx(tmp_path, _frames(funds=funds))
    xml = _sheet_xml(path, "资金")
    assert "<v>1234567890123456.78</v>" in xml and "<v>-0.50</v>" in xml


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_submission_text_never_becomes_a_formula_or_link(tmp_path: Path, payload: str) -> None:
    forms = rows_to_frame("forms", [_form("f-1", 2023, title=payload)])
    values = rows_to_frame(
        "values",
        [ValueRow("f-1", "funds", "total", "executed_yuan", payload, None, None, "invalid", None, "line 9")],
    )
    path = write_xlsx(tmp_path, _frames(forms=forms, values=values))
    wb = openpyxl.load_workbook(path)
    for title, column in (("自评表", "title"), ("取值明细", "raw")):
        ws = wb[title]
        cell = ws.cell(
            row=3, column=TABLES["forms" if title == "自评表" else "values"].names.index(column) + 1
        )
        assert (cell.value, cell.data_type, cell.hyperlink) == (payload, "s", None)
    with zipfile.ZipFile(path) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        rels = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/_rels/")]
    assert not any("<f>" in s or "<f " in s for s in sheets)  # no formula element anywhere
    assert not any("hyperlink" in r for r in rels)  # no external link relationship anywhere


def test_anomalies_first_by_severity_linking_to_their_form(tmp_path: Path) -> None:
    forms = rows_to_frame("forms", [_form("f-1", 2023), _form("f-2", 2023)])
    d = "d" * 64
    anomalies = rows_to_frame(
        "anomalies",
        [
            AnomalyRow(d, "f-1", "a.info", "info", "提示", None, None, "line 1"),
            AnomalyRow(d, "f-2", "b.error", "error", "错误", "1", "2", "line 2"),
            AnomalyRow(d, None, "c.warning", "warning", "警告", None, None, None),
        ],
    )
    documents = jixiao.read_file(LUKOU_TXT)["documents"].assign(doc_id=d)
    path = write_xlsx(tmp_path, _frames(forms=forms, anomalies=anomalies, documents=documents))
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.title == "异常"
    names = [c.value for c in ws[2]]
    rows = list(ws.iter_rows(min_row=3))
    assert [r[names.index("severity")].value for r in rows] == ["error", "warning", "info"]
    link = rows[0][names.index("form_id")].hyperlink
    assert link.location == "'自评表'!A4" and link.target is None  # f-2 is the second form row
    assert wb["自评表"]["A4"].value == "f-2"
    doc_link = rows[1][names.index("doc_id")].hyperlink  # a document-level anomaly: to 文件
    assert doc_link.location == "'文件'!A3"
    assert rows[2][names.index("doc_id")].hyperlink is None  # it has a form: the form_id links


def test_split_by_year_past_the_row_limit(tmp_path: Path) -> None:
    forms = rows_to_frame("forms", [_form("f-1", 2022), _form("f-2", 2023), _form("f-3", None)])
    values = rows_to_frame(
        "values",
        [
            ValueRow(fid, "funds", "total", field, "1", "1", None, "ok", None, None)
            for fid in ("f-1", "f-2", "f-3")
            for field in ("budget_initial_yuan", "executed_yuan", "score")
        ],
    )
    path = write_xlsx(tmp_path, _frames(forms=forms, values=values), max_rows=2)
    wb = openpyxl.load_workbook(path)
    split = [n for n in wb.sheetnames if n.startswith("取值明细")]
    assert split == [
        "取值明细 2022 (1)",
        "取值明细 2022 (2)",
        "取值明细 2023 (1)",
        "取值明细 2023 (2)",
        "取值明细 年度不详 (1)",
        "取值明细 年度不详 (2)",
    ]
    assert [wb[n].max_row - 2 for n in split] == [2, 1, 2, 1, 2, 1]
    assert {wb["取值明细 2023 (2)"]["A3"].value} == {"f-2"}
    assert "自评表 2022" in wb.sheetnames  # 3 forms > 2 rows: the forms table splits too


def test_text_excel_cannot_hold_is_spelled_out(tmp_path: Path) -> None:
    forms = rows_to_frame("forms", [_form("f-1", 2023, title="a\x0bb\x00c")])
    path = write_xlsx(tmp_path, _frames(forms=forms))
    assert openpyxl.load_workbook(path)["自评表"]["E3"].value == "a\\x0bb\\x00c"


def test_same_tables_same_bytes(tmp_path: Path, lukou_tables: dict[str, pd.DataFrame]) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_xlsx(tmp_path / "a", lukou_tables)
    second = write_xlsx(tmp_path / "b", lukou_tables)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        core = z.read("docProps/core.xml").decode()
    assert re.search(r"<dcterms:modified[^>]*>2000-01-01T00:00:00Z<", core)


def test_empty_run_still_gives_a_workbook(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, _frames())
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "异常" and wb["异常"].max_row == 2


def test_writer_finaliser_publishes_the_workbook(tmp_path: Path, lukou_bytes: bytes) -> None:
    from jixiao.emit.writer import OutputWriter

    from jixiao.pipeline import process_bytes

    writer = OutputWriter(tmp_path / "out", formats=("csv", "xlsx"))
    writer.add(process_bytes(lukou_bytes, "lukou.txt"))
    writer.close({})
    wb = openpyxl.load_workbook(tmp_path / "out" / "jixiao.xlsx")
    assert wb["异常"].max_row - 2 == len(jixiao.read_file(LUKOU_TXT)["anomalies"])
    assert wb["资金"]["D3"].value == 3206715.91  # read back from the staged Parquet: still exact


def _templates_corpus(root: Path) -> Path:
    import shutil

    from sample_paths import LUKOU_DOCX, SAMPLES

    src = root / "archive"
    src.mkdir()
    templates = [
        p for p in (SAMPLES / "templates").iterdir() if p.suffix in {".txt", ".docx", ".xlsx", ".html"}
    ]
    for f in [LUKOU_TXT, LUKOU_DOCX, *templates]:
        shutil.copy(f, src / f.name)
    return src


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None  # every member's CRC-32 checks out
        return {name: z.read(name) for name in z.namelist()}


def test_workbook_made_on_the_way_equals_the_one_from_parquet(tmp_path: Path) -> None:
    """The batch appends rows the workers deflated (emit.xlsx_stream, emit.zip_parts): every part
    inflates to the same XML as the workbook written from Parquet."""
    from jixiao.emit.xlsx_out import write_xlsx_parquet

    from jixiao.batch import BatchOptions, run_batch

    out = tmp_path / "out"
    opts = BatchOptions(jobs=2, progress=False, formats=("csv", "parquet", "xlsx"))
    run_batch([str(_templates_corpus(tmp_path))], out, opts)
    (tmp_path / "again").mkdir()
    again = write_xlsx_parquet(tmp_path / "again", {t: out / f"{t}.parquet" for t in TABLES})
    streamed, from_parquet = _parts(out / "jixiao.xlsx"), _parts(again)
    assert list(streamed) == list(from_parquet)
    for name, xml in from_parquet.items():
        assert streamed[name] == xml, name
    wb = openpyxl.load_workbook(out / "jixiao.xlsx", read_only=True)
    assert wb.sheetnames[0] == "异常" and wb["自评表"].max_row - 2 == len(
        pd.read_parquet(out / "forms.parquet")
    )
    assert not list(out.glob(".jixiao-tmp-*"))  # the body files went with the staging folder


def test_stream_gives_way_to_the_year_split_past_the_row_limit(tmp_path: Path) -> None:
    """A table too long for one sheet: the stream drops its files and the Parquet path splits it."""
    from jixiao.emit.parquet_out import iter_parquet_columns
    from jixiao.emit.xlsx_stream import XlsxStream

    from jixiao.batch import BatchOptions, run_batch

    out = tmp_path / "out"
    run_batch([str(_templates_corpus(tmp_path))], out, BatchOptions(jobs=1, progress=False))
    stream = XlsxStream(tmp_path / "work", max_rows=100)
    for table in ("forms", "values"):  # values: 835 rows, past the limit of 100
        for cols in iter_parquet_columns(out / f"{table}.parquet", 40):
            stream.add(table, cols)
    assert stream.gave_up and not (tmp_path / "work").exists()
    assert stream.finish(tmp_path, {t: out / f"{t}.parquet" for t in TABLES}) is None
    assert not (tmp_path / "jixiao.xlsx").exists()


def test_rows_without_positions_keep_every_value_in_its_column(tmp_path: Path) -> None:
    """Workers draw rows without ``r`` attributes (emit.xlsx_cells); an empty ``<c/>`` holds each gap,
    so every text cell read back sits under its own column, gaps included."""
    from jixiao.batch import BatchOptions, run_batch

    out = tmp_path / "out"
    opts = BatchOptions(jobs=2, progress=False, formats=("parquet", "xlsx"))
    run_batch([str(_templates_corpus(tmp_path))], out, opts)
    body = _sheet_xml(out / "jixiao.xlsx", "自评表")
    assert "<row>" in body and "<c/>" in body  # positionless rows with gaps are what is tested
    forms = pd.read_parquet(out / "forms.parquet")
    ws = openpyxl.load_workbook(out / "jixiao.xlsx", read_only=True)["自评表"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(forms)
    for j, col in enumerate(TABLES["forms"].columns):
        if col.type != "string":
            continue
        got = [r[j] if j < len(r) else None for r in rows]
        want = [None if pd.isna(v) else v for v in forms[col.name]]
        assert got == want, col.name


def test_workbook_past_plain_zip_limits_falls_back_to_the_parquet_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook too large for a plain zip (4 GiB, lowered here) is written by zipfile with zip64."""
    import jixiao.emit.zip_parts

    from jixiao.batch import BatchOptions, run_batch

    monkeypatch.setattr(jixiao.emit.zip_parts, "ZIP_LIMIT", 10_000)
    out = tmp_path / "out"
    run_batch(
        [str(_templates_corpus(tmp_path))], out, BatchOptions(jobs=1, progress=False, formats=("xlsx",))
    )
    with zipfile.ZipFile(out / "jixiao.xlsx") as z:
        assert z.testzip() is None and sum(i.file_size for i in z.infolist()) > 10_000
    wb = openpyxl.load_workbook(out / "jixiao.xlsx", read_only=True)
    assert wb.sheetnames[0] == "异常" and wb["自评表"].max_row > 2
    assert not list(out.glob(".jixiao-tmp-*"))


def test_stream_gives_way_when_the_anomalies_alone_pass_the_row_limit(tmp_path: Path) -> None:
    from jixiao.emit.xlsx_stream import XlsxStream

    from jixiao.batch import BatchOptions, run_batch

    out = tmp_path / "out"
    run_batch([str(_templates_corpus(tmp_path))], out, BatchOptions(jobs=1, progress=False))
    tables = {t: out / f"{t}.parquet" for t in TABLES}
    anomalies = len(pd.read_parquet(tables["anomalies"]))
    assert anomalies > 1
    stream = XlsxStream(tmp_path / "work", max_rows=anomalies - 1)  # 异常 is the one sheet too long
    assert stream.finish(tmp_path, tables) is None
    assert not (tmp_path / "jixiao.xlsx").exists() and not (tmp_path / "work").exists()
