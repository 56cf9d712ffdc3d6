"""The auditors' workbook: titles, types, number formats, formula safety, links, splitting, bytes."""

from __future__ import annotations

import re
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from jixiao.emit.frames import frame_to_columns, rows_to_frame
from jixiao.emit.parquet_out import ParquetAppender
from jixiao.emit.sheet_content import CONTEXT_COLUMNS, sheet_spec
from jixiao.emit.xlsx_out import write_xlsx_parquet
from jixiao.emit.xlsx_package import MONEY_FORMAT, PCT_FORMAT
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
    return jixiao.read_bytes(LUKOU_TXT.read_bytes(), LUKOU_TXT.name)  # source_path whatever the cwd


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
    return {name: tables.get(name, rows_to_frame(name, [])) for name in TABLES}


def write_xlsx(out_dir: Path, frames: dict[str, pd.DataFrame], **options: int) -> Path:
    """The workbook as a run writes it: the tables staged as Parquet, then ``write_xlsx_parquet``."""
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        paths = {table: Path(tmp) / f"{table}.parquet" for table in frames}
        for table, frame in frames.items():
            staged = ParquetAppender(paths[table], table)
            staged.add(frame_to_columns(table, frame))
            staged.close()
        return write_xlsx_parquet(out_dir, paths, **options)


def test_sheets_titles_and_english_names(lukou_book: Path) -> None:
    wb = openpyxl.load_workbook(lukou_book)
    expected = ["异常", *(spec.title for name, spec in TABLES.items() if name != "anomalies")]
    assert wb.sheetnames == expected
    for name, spec in TABLES.items():
        ws = wb[spec.title]
        sheet = sheet_spec(name)
        assert [c.value for c in ws[1]] == [c.title for c in sheet.columns]
        assert [c.value for c in ws[2]] == sheet.names
        assert [n for n in sheet.names if n in spec.names] == spec.names  # every column, in order
        assert ws.freeze_panes == "A3"
    funds = wb["资金"]
    last = openpyxl.utils.get_column_letter(len(sheet_spec("funds").columns))
    assert funds.auto_filter.ref == f"A2:{last}7"  # English-name row + the sample's 5 fund lines
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
            row=3, column=sheet_spec("forms" if title == "自评表" else "values").names.index(column) + 1
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
    column = sheet_spec("forms").names.index("title") + 1
    assert openpyxl.load_workbook(path)["自评表"].cell(row=3, column=column).value == "a\\x0bb\\x00c"


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
    column = sheet_spec("funds").names.index("budget_initial_yuan") + 1
    assert wb["资金"].cell(row=3, column=column).value == 3206715.91  # from the staged Parquet: still exact


# ---------------------------------------------------------------- names beside the ids (issue 16.4)

LUKOU_FILE = "lukou_xunchaban_2023.txt"
DEPT, PROJ = "a8e44bc62cd180f2-1", "a8e44bc62cd180f2-2"
CONTEXT_NAMES = [c.name for c in CONTEXT_COLUMNS]


def _rows(ws: object) -> list[dict[str, object]]:
    rows = list(ws.iter_rows(min_row=2, values_only=True))  # type: ignore[attr-defined]
    names = rows[0]
    return [dict(zip(names, r, strict=False)) for r in rows[1:]]


def test_context_columns_sit_right_after_the_ids() -> None:
    assert sheet_spec("funds").names[:5] == ["form_id", *CONTEXT_NAMES]
    assert sheet_spec("anomalies").names[:6] == ["doc_id", "form_id", *CONTEXT_NAMES]
    assert [c.title for c in CONTEXT_COLUMNS] == ["文件名", "单位", "项目", "年度"]
    for name, spec in TABLES.items():
        assert not set(CONTEXT_NAMES) & set(spec.names), name  # never shadows a table's own column
    assert sheet_spec("units").names == TABLES["units"].names  # the panel's units name no document


@pytest.mark.parametrize(
    ("sheet", "key", "expected"),
    [
        pytest.param(
            "资金", ("form_id", DEPT), (LUKOU_FILE, "区委巡察办", None, 2023), id="funds-department"
        ),
        pytest.param(
            "资金", ("form_id", PROJ), (LUKOU_FILE, "区委巡察办", "巡察专项经费", 2023), id="funds-project"
        ),
        pytest.param(
            "绩效指标", ("form_id", PROJ), (LUKOU_FILE, "区委巡察办", "巡察专项经费", 2023), id="indicators"
        ),
        pytest.param("取值明细", ("form_id", DEPT), (LUKOU_FILE, "区委巡察办", None, 2023), id="values"),
        pytest.param("资金构成", ("form_id", DEPT), (LUKOU_FILE, "区委巡察办", None, 2023), id="breakdown"),
        pytest.param(
            "异常", ("form_id", PROJ), (LUKOU_FILE, "区委巡察办", "巡察专项经费", 2023), id="anomalies"
        ),
        # document-level rows: the first form's unit, the earliest year, the project when it is the only one
        pytest.param(
            "文件",
            ("source_path", LUKOU_FILE),
            (LUKOU_FILE, "区委巡察办", "巡察专项经费", 2023),
            id="documents",
        ),
        pytest.param(
            "自评报告", ("seq", 1), (LUKOU_FILE, "区委巡察办", "巡察专项经费", 2023), id="report-sections"
        ),
        pytest.param(
            "报告中的金额", ("seq", 1), (LUKOU_FILE, "区委巡察办", "巡察专项经费", 2023), id="facts"
        ),
    ],
)
def test_every_sheet_row_names_file_unit_project_and_year(
    lukou_book: Path, sheet: str, key: tuple[str, object], expected: tuple[object, ...]
) -> None:
    rows = _rows(openpyxl.load_workbook(lukou_book)[sheet])
    assert rows
    for row in rows:
        assert row["file_name"] == LUKOU_FILE  # never a row without its file
    picked = [r for r in rows if r[key[0]] == key[1]]
    assert picked
    for row in picked:
        assert tuple(row[n] for n in CONTEXT_NAMES) == expected


def test_anomalies_sheet_names_rules_and_severities_in_chinese(lukou_book: Path) -> None:
    from jixiao.schemas.rules import RULES

    ws = openpyxl.load_workbook(lukou_book)["异常"]
    titles = {c.value for c in ws[1]}
    assert {"规则", "规则编号", "严重程度", "严重程度代码"} <= titles
    rows = _rows(ws)
    got = {(r["rule"], r["rule_name"], r["severity"], r["severity_name"]) for r in rows}
    assert got == {
        ("unit.mislabeled", "金额单位疑似写错", "warning", "警告"),
        ("cross.project_executed", "部门项目支出与项目表合计不符", "warning", "警告"),
        ("value.ambiguous_resolved", "多种读法已由勾稽关系确定", "info", "提示"),
        ("value.repaired", "数值经修复后读取", "info", "提示"),
    }
    assert all(r["rule_name"] == RULES[r["rule"]].name_zh for r in rows)  # from the catalogue


def test_chinese_severity_follows_each_row(tmp_path: Path) -> None:
    d = "d" * 64
    anomalies = rows_to_frame(
        "anomalies",
        [
            AnomalyRow(d, None, "document.note", "info", "提示", None, None, None),
            AnomalyRow(d, None, "value.invalid", "error", "错误", None, None, None),
            AnomalyRow(d, None, "not.in.catalogue", "warning", "警告", None, None, None),
        ],
    )
    documents = jixiao.read_file(LUKOU_TXT)["documents"].assign(doc_id=d, source_path="一/二.docx")
    path = write_xlsx(tmp_path, _frames(anomalies=anomalies, documents=documents))
    rows = _rows(openpyxl.load_workbook(path)["异常"])
    assert [(r["severity_name"], r["rule_name"], r["file_name"], r["unit_name"]) for r in rows] == [
        ("错误", "数值无法识别", "一/二.docx", None),
        ("警告", "not.in.catalogue", "一/二.docx", None),  # an unknown id is shown as itself
        ("提示", "读取说明", "一/二.docx", None),
    ]


def test_repeated_names_are_stored_once(lukou_book: Path) -> None:
    with zipfile.ZipFile(lukou_book) as z:
        sst = z.read("xl/sharedStrings.xml").decode()
    assert sst.count(f">{LUKOU_FILE}<") == 1 and sst.count(">区委巡察办<") == 1  # one entry, many rows
    funds = _sheet_xml(lukou_book, "资金")
    assert LUKOU_FILE not in funds and funds.count(' t="s"') == 5 + 5 + 4  # file and unit; project on 4
    assert "<f>" not in funds and "<f " not in funds


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


def test_the_runs_workbook_is_the_one_written_from_its_published_tables(tmp_path: Path) -> None:
    """One route: the run writes the workbook at close from the staged Parquet (in a worker), so it
    is byte for byte what write_xlsx_parquet makes of the published tables, whatever the job count."""
    from jixiao.emit.xlsx_out import write_xlsx_parquet

    from jixiao.batch import BatchOptions, run_batch

    src = _templates_corpus(tmp_path)
    for jobs in (1, 2):
        opts = BatchOptions(jobs=jobs, progress=False, formats=("csv", "parquet", "xlsx"))
        run_batch([str(src)], tmp_path / f"out{jobs}", opts)
    out = tmp_path / "out2"
    (tmp_path / "again").mkdir()
    again = write_xlsx_parquet(tmp_path / "again", {t: out / f"{t}.parquet" for t in TABLES})
    assert (out / "jixiao.xlsx").read_bytes() == again.read_bytes()
    assert (tmp_path / "out1" / "jixiao.xlsx").read_bytes() == again.read_bytes()
    assert _parts(again)  # every member's CRC-32 checks out
    wb = openpyxl.load_workbook(out / "jixiao.xlsx", read_only=True)
    assert wb.sheetnames[0] == "异常" and wb["自评表"].max_row - 2 == len(
        pd.read_parquet(out / "forms.parquet")
    )


def test_rows_without_positions_keep_every_value_in_its_column(tmp_path: Path) -> None:
    """Sheets without links have rows without ``r`` attributes (emit.xlsx_cells); an empty ``<c/>``
    holds each gap, so every text cell read back sits under its own column, gaps included."""
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
    for j, col in enumerate(sheet_spec("forms").columns):
        if col.type != "string" or col.name not in forms:
            continue  # the sheet's own 文件名/单位/… columns are joined in, not stored with the form
        got = [r[j] if j < len(r) else None for r in rows]
        want = [None if pd.isna(v) else v for v in forms[col.name]]
        assert got == want, col.name
