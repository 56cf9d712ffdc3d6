"""PDFs drawn without ruling lines: the forms' cells from word positions, read by the cell stream.

Each form is a TAB template sample (truth written with it, ``samples/templates/*.truth.json``) drawn as a
PDF at test time (``pdf_forms``): once with its ruling lines, once with the same characters at the same
places and no line at all (``bench.pdf_redraw.without_rulings``). Both must give the truth, 0 wrong, and the
same contract tables (locations aside).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from jixiao.extract.layout import Table
from jixiao.extract.page_numbers import is_page_number
from jixiao.extract.pdf_source import read_pdf_layout
from pdf_factory import C, Grid, Text, make_pdf, text_width
from pdf_forms import form_pdf
from sample_paths import SAMPLES

import jixiao
from bench.pdf_redraw import without_rulings
from bench.templates import FORM_FIELDS, FUND_FIELDS, INDICATOR_FIELDS, Check, check_sample, same
from jixiao.pipeline import process_bytes

TEMPLATES = SAMPLES / "templates"
READ = [  # project and department forms; cells wrapped at their width; headers cut over lines
    "sichuan_project",
    "operators",
    "placeholders",
    "label_variants_a",
    "indicator_prefix",
    "missing_initial_budget",
    "extra_columns",
    "dept_eval_heading",
    "table_of_contents",
    "no_attachment_heading",
    "column_order",
    "spaced_labels",
    "split_target",
    "label_variants_b",
    # read since rows were placed by position too: a 预算调整数 column between the money columns, indicator
    # rows without 得分, forms one after another over page breaks (their rows repeat at the same heights)
    "formula_headers",
    "several_forms",
    "total_row_variants",
    "target_table",
]
# Read in part: the rubric's ruled drawing loses its 总分 row (the ruled reader's), so the two are not
# compared; what the unruled drawing gives must still be right.
PARTLY = ["rubric"]
SHORT_PAGE = (842.0, 330.0)  # landscape, short: the form's table goes on over a page break


def _truth(name: str) -> dict[str, Any]:
    return json.loads((TEMPLATES / f"{name}.truth.json").read_text(encoding="utf-8"))


def _judged(data: bytes, name: str, tmp_path: Path) -> tuple[int, list[str]]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    checks = check_sample(path, _truth(name))
    return len(checks), [f"{c.where} {c.field}: {c.expected!r} -> {c.got!r}" for c in checks if not _same(c)]


def _same(check: Check) -> bool:
    # A PDF shows a cell's line breaks as wraps only: text compares without white space.
    if isinstance(check.expected, str) and isinstance(check.got, str):
        return "".join(check.expected.split()) == "".join(check.got.split())
    return check.exact


def _contract(data: bytes) -> dict[str, pd.DataFrame]:
    out = {}
    for name, frame in jixiao.read(data).items():
        if name in ("forms", "funds", "fund_breakdown", "indicators"):
            keep = [c for c in frame.columns if not c.endswith("_id") and c != "location"]  # ids: per file
            out[name] = frame[keep].map(lambda v: "".join(v.split()) if isinstance(v, str) else v)
    return out


CASES = [
    *(pytest.param(name, None, id=f"{name}-one-page") for name in READ),
    *(pytest.param(name, SHORT_PAGE, id=f"{name}-over-a-page-break") for name in READ),
]


@pytest.mark.parametrize(("name", "page"), CASES)
def test_form_without_rulings_gives_the_truth_and_the_ruled_tables(
    name: str, page: tuple[float, float] | None, tmp_path: Path
) -> None:
    text = (TEMPLATES / f"{name}.txt").read_text(encoding="utf-8")
    ruled = form_pdf(text, page=page) if page else form_pdf(text)
    plain = without_rulings(ruled)
    fields, ruled_misses = _judged(ruled, name, tmp_path)
    assert ruled_misses == []  # the ruled drawing itself is right: the comparison below means something
    assert _judged(plain, name, tmp_path) == (fields, [])
    want, got = _contract(ruled), _contract(plain)
    for table in want:
        pd.testing.assert_frame_equal(want[table], got[table], obj=table)


def _wrong(data: bytes, name: str) -> tuple[int, list[str]]:
    """Fields given that differ from the truth (forms by order, fund lines by key, indicators by their
    三级指标), and how many fields were given."""
    result = process_bytes(data, f"{name}.pdf")
    wrong: list[str] = []
    given = 0

    def judge(where: str, fields: tuple[str, ...], want: dict[str, Any], got: object) -> None:
        nonlocal given
        for field in fields:
            value = getattr(got, field)
            if field not in want or value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            given += 1
            expected = want[field]
            if isinstance(expected, str) and isinstance(value, str):
                ok = "".join(expected.split()) == "".join(value.split())
            else:
                ok = same(expected, value)
            if not ok:
                wrong.append(f"{where} {field}: {expected!r} -> {value!r}")

    for form, want in zip(result.forms, _truth(name)["forms"], strict=False):
        judge(f"form {form.form_id}", FORM_FIELDS, want, form)
        for fund in (f for f in result.funds if f.form_id == form.form_id):
            judge(f"fund {fund.line}", FUND_FIELDS, want["funds"].get(fund.line, {}), fund)
        by_name = {"".join(str(i.get("level3")).split()): i for i in want["indicators"]}
        for ind in (i for i in result.indicators if i.form_id == form.form_id):
            truth = by_name.get("".join(str(ind.level3).split()))
            if truth is not None:
                judge(f"indicator {ind.level3}", INDICATOR_FIELDS, truth, ind)
    return given, wrong


@pytest.mark.parametrize("name", PARTLY)
def test_form_without_rulings_read_in_part_is_never_wrong(name: str) -> None:
    text = (TEMPLATES / f"{name}.txt").read_text(encoding="utf-8")
    given, wrong = _wrong(without_rulings(form_pdf(text)), name)
    assert wrong == []
    assert given >= 10  # the forms are found and read in good part


@pytest.mark.parametrize("page", [None, SHORT_PAGE], ids=["one-page", "over-a-page-break"])
def test_rubric_without_rulings_gives_the_truth(page: tuple[float, float] | None, tmp_path: Path) -> None:
    # Its own 一级指标 (投入, 过程, 产出及效益), 预算执行率 as a 三级指标: rows read by their places.
    text = (TEMPLATES / "rubric.txt").read_text(encoding="utf-8")
    plain = without_rulings(form_pdf(text, page=page) if page else form_pdf(text))
    fields, misses = _judged(plain, "rubric", tmp_path)
    assert (fields, misses) == (73, [])


def test_short_page_really_breaks_the_table() -> None:
    text = (TEMPLATES / "sichuan_project.txt").read_text(encoding="utf-8")
    layout = read_pdf_layout(without_rulings(form_pdf(text, page=SHORT_PAGE)))
    (form,) = [b for b in layout.blocks if isinstance(b, Table) and "年度资金总额" in str(b)]
    pages = {c.location.page for r in form.rows for c in r.cells}
    assert {1, 2} <= pages  # it goes on over the page break
    assert "- 1 -" in [t for t, _ in layout.iter_text()]  # the page number between: a paragraph, kept


def test_wrapped_cells_are_joined_by_content_and_located_by_page_and_box() -> None:
    # A 三级指标 wrapped over three lines and a figure cut at its separator, no line drawn.
    cell_w = text_width("一二三四五") + 8
    rows: list[list[C | None]] = [
        [C("一级指标"), C("二级指标"), C("三级指标"), C("年度指标值"), C("实际完成值"), C("分值"), C("得分")],
        [C("产出指标"), C("数量指标"), C("完成巡察任\n务并整改到\n位"), C("2轮"), C("2轮"), C("20"), C("20")],
    ]
    grid = Grid(40, 100, [cell_w + 30, cell_w + 30, cell_w, 70, 70, 40, 40], [20, 46], rows)
    layout = read_pdf_layout(without_rulings(make_pdf([[Text(40, 60, "项目支出绩效自评表"), grid]])))
    (table,) = [b for b in layout.blocks if isinstance(b, Table)]
    row = next(r for r in table.rows if "数量指标" in r.texts)
    cell = next(c for c in row.cells if c.text.startswith("完成"))
    assert cell.text == "完成巡察任务并整改到位"
    assert str(cell.location) == "page 1 lines 3-5 col 3"
    assert cell.location.box is not None and cell.location.box[0] == 40 + 2 * (cell_w + 30) + 4


PAGE_NUMBERS = [
    pytest.param("- 3 -", True, id="dashes"),
    pytest.param("第 3 页 共 12 页", True, id="chinese"),
    pytest.param("3/12", True, id="slash"),
    pytest.param("附件2", False, id="attachment"),
    pytest.param("98.5", False, id="a-figure"),
    pytest.param("8 6 %", False, id="a-rows-rest"),
]


@pytest.mark.parametrize(("text", "expected"), PAGE_NUMBERS)
def test_is_page_number(text: str, expected: bool) -> None:
    assert is_page_number(text) is expected


def _with_breakdown() -> str:
    text = (TEMPLATES / "dept_eval_heading.txt").read_text(encoding="utf-8")
    extra = (
        "\t\n\t按收入性质分：\n\t按支出性质分：\n\n"
        "\t\n\t其中：一般公共预算：102.4\n\t其中：基本支出：80.2\n\n"
        "\t\n\t政府性基金拨款：\n\t项目支出：22.2\n\n"
    )
    return text.replace("\t9.9\n\n", "\t9.9\n\n" + extra, 1)


BREAKDOWN = [  # truth, written by hand: basis, line, amount in 元
    ("expenditure", "basic_expenditure", "802000.00"),
    ("expenditure", "project_expenditure", "222000.00"),
    ("income", "general_public_budget", "1024000.00"),
]


def _breakdown(data: bytes) -> list[tuple[str, str, str]]:
    frame = jixiao.read(data)["fund_breakdown"]
    return [(r.basis, r.line, str(r.amount_yuan)) for r in frame.itertuples() if not pd.isna(r.amount_yuan)]


def test_department_breakdown_ruled() -> None:
    assert _breakdown(form_pdf(_with_breakdown())) == BREAKDOWN


def test_department_breakdown_without_rulings() -> None:
    assert _breakdown(without_rulings(form_pdf(_with_breakdown()))) == BREAKDOWN


def test_header_row_repeated_after_a_page_break_is_dropped() -> None:
    header = [C("一级指标"), C("二级指标"), C("三级指标"), C("分值"), C("得分")]
    widths = [90.0, 90.0, 120.0, 50.0, 50.0]
    first = [
        Text(40, 60, "项目支出绩效自评表"),
        Grid(
            40,
            720,
            widths,
            [20, 20],
            [header, [C("产出指标"), C("数量指标"), C("巡察轮次"), C("50"), C("50")]],
        ),
    ]
    rows: list[list[C | None]] = [list(header), [C(""), C("质量指标"), C("整改到位率"), C("50"), C("45")]]
    rows.append([C("总分"), C(""), C(""), C("100"), C("95")])
    second = [Grid(40, 60, widths, [20, 20, 20], rows)]
    data = without_rulings(make_pdf([first, second]))
    layout = read_pdf_layout(data)
    assert "1 header rows repeated after a page break dropped" in layout.notes
    indicators = jixiao.read(data)["indicators"]
    assert indicators[["level1", "level2", "level3", "weight", "score"]].values.tolist() == [
        ["产出指标", "数量指标", "巡察轮次", 50.0, 50.0],
        ["产出指标", "质量指标", "整改到位率", 50.0, 45.0],
    ]
