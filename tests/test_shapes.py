"""Forms in every text shape (issue 14): the shape samples against their truth, and the pieces of the
delimiter-free reader (shape detection, slot claims, glued figures, units, look-alikes) table by table."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jixiao.extract.cell_kinds import Token, classify
from jixiao.extract.glued import is_glued, split_glued
from jixiao.extract.layout import Location
from jixiao.extract.segment import segment_layout
from jixiao.extract.slot_claims import assign_fund, identity_votes
from jixiao.extract.text_shapes import detect_shape, read_shaped_blocks
from jixiao.extract.text_source import parse_text_layout, read_text_layout, split_lines

from bench.shapes import wrong
from bench.templates import check_sample, evaluate
from jixiao.pipeline import process_bytes

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "samples" / "shapes"
TRUTHS = sorted(SHAPES.glob("*.truth.json"))
FUND_KEYS = ("budget_initial", "budget_full_year", "executed", "weight", "execution_rate", "score")


def _truth(path: Path) -> dict[str, Any]:
    truth: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return truth


# ---------- the samples against their truth ------------------------------------------------------------


def test_every_shape_has_at_least_five_samples_with_forms() -> None:
    counts: dict[str, int] = {}
    for p in TRUTHS:
        truth = _truth(p)
        if truth["forms"]:
            counts[truth["family"]] = counts.get(truth["family"], 0) + 1
    assert {f"shape_{s}" for s in "ABCDEF"} == set(counts)
    assert min(counts.values()) >= 5


def test_shape_samples_give_97_percent_of_truth_fields_and_no_wrong_value() -> None:
    report = evaluate(SHAPES)
    assert report.fields > 3000
    assert report.exact_pct >= 97.0  # the issue's goal
    # The share found does not fall: measured 99.80 (8,766 / 8,784; the 18 misses are the unsure names of
    # samples listed below). A wrapped-header join that took 执行率 | 得分 for one word fell to 99.16 unseen.
    assert report.exact_pct >= 99.75
    assert wrong(report) == 0
    assert report.invented == 0


# Samples where a text after a row's 得分 reads as that row's 偏差原因 and as the first half of the next
# row's name cut over two cells, one cell a line: which one it is cannot be told, so both stay null.
CUT_OR_REASON = {
    "shape_b_5",
    "shape_c_3",
    "shape_d_1",
    "shape_d_10",
    "shape_d_11",
    "shape_d_16",
    "shape_f_16",
    "shape_f_18",
    "shape_f_3",
}
SAMPLE_CASES = [
    pytest.param(
        p,
        id=(name := p.name.removesuffix(".truth.json")),
        marks=[
            pytest.mark.xfail(
                strict=True,
                reason="a 偏差原因 or the first half of the next name cut over two cells: left null",
            )
        ]
        if name in CUT_OR_REASON
        else [],
    )
    for p in TRUTHS
]


@pytest.mark.parametrize("truth_path", SAMPLE_CASES)
def test_shape_sample_matches_truth(truth_path: Path) -> None:
    truth = _truth(truth_path)
    misses = [c for c in check_sample(SHAPES / truth["sample"], truth) if not c.exact]
    assert [(c.where, c.field, c.expected, c.got) for c in misses] == []


@pytest.mark.parametrize("shape", list("abcdef"))
def test_each_shape_reads_real_money_values(shape: str) -> None:
    """Per shape: every form's 年度资金总额 全年预算数 comes out exactly as its truth says, in 元."""
    seen = 0
    for truth_path in sorted(SHAPES.glob(f"shape_{shape}_*.truth.json")):
        truth = _truth(truth_path)
        result = process_bytes((SHAPES / truth["sample"]).read_bytes(), truth["sample"])
        for form, want in zip(result.forms, truth["forms"], strict=True):
            total = want["funds"].get("total")
            if total is None:
                continue
            got = next(f for f in result.funds if f.form_id == form.form_id and f.line == "total")
            expected = total["budget_full_year_yuan"]
            assert got.budget_full_year_yuan == (Decimal(expected) if expected is not None else None)
            seen += expected is not None
    assert seen >= 4


# ---------- the issue's own examples --------------------------------------------------------------------

PIPE = """项目支出绩效自评表 | |||||||
(2022年度) | |||||||
项目名称 | 乡村道路养护补助 | 主管部门 | 石门县交通运输局 | ||||
项目资金 (万元) | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
年度资金总额 | 56.40 | 58.00 | 57.13 | 10 | 98.50% | 9.85 |
其中:当年财政拨款 | 56.40 | 58.00 | 57.13 | — | 98.50% | — |
"""
HEAD = "项目支出绩效自评表\n项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
FLAT = HEAD + "年度资金总额 56.40 58.00 57.13 10 98.50% 9.85 其中:当年财政拨款 56.40 58.00 57.13 — 98.50% —\n"
GLUED = HEAD + "年度资金总额:56.4058.0057.131098.50%9.85\n"


@pytest.mark.parametrize(
    ("text", "line", "values"),
    [
        pytest.param(PIPE, "total", ("564000.00", "580000.00", "571300.00", 10, 98.5, 9.85), id="pipe-total"),
        pytest.param(
            PIPE,
            "current_year_appropriation",
            ("564000.00", "580000.00", "571300.00", None, 98.5, None),
            id="pipe-appropriation",
        ),
        pytest.param(FLAT, "total", ("564000.00", "580000.00", "571300.00", 10, 98.5, 9.85), id="flat-total"),
        pytest.param(
            FLAT,
            "current_year_appropriation",
            ("564000.00", "580000.00", "571300.00", None, 98.5, None),
            id="flat-appropriation",
        ),
        pytest.param(
            GLUED, "total", ("564000.00", "580000.00", "571300.00", 10, 98.5, 9.85), id="glued-split"
        ),
        pytest.param(
            HEAD + "年度资金总额 56.40万元 58.00万元 57.13万元 10 98.50% 9.85\n",
            "total",
            ("564000.00", "580000.00", "571300.00", 10, 98.5, 9.85),
            id="unit-in-each-figure",
        ),
    ],
)
def test_issue_examples(text: str, line: str, values: tuple[Any, ...]) -> None:
    result = process_bytes(text.encode(), "x.txt")
    got = next(f for f in result.funds if f.line == line)
    row = (
        got.budget_initial_yuan,
        got.budget_full_year_yuan,
        got.executed_yuan,
        got.weight,
        got.execution_rate_pct,
        got.score,
    )
    assert row == tuple(Decimal(v) if isinstance(v, str) else v for v in values)


# ---------- shape detection -------------------------------------------------------------------------------

DETECT = [
    pytest.param(
        ["年度资金总额 | 56.40 | 58.00 |", "其中:当年财政拨款 | 56.40 | 58.00 |"], "pipe", id="pipes"
    ),
    pytest.param(["年度资金总额 |", "56.40 |", "58.00 |"], "lines", id="bar-after-each-cell"),
    pytest.param(["年度资金总额", "56.40", "58.00"], "lines", id="one-cell-per-line"),
    pytest.param(["年度资金总额", "", "56.40", "", "58.00", ""], "paragraphs", id="blank-line-between"),
    pytest.param(["年度资金总额 56.40 58.00 57.13 10 98.50% 9.85"], "flat", id="flattened-row"),
    pytest.param(
        ["年度资金总额      56.40     58.00     57.13", "其中：当年财政拨  56.40     58.00"],
        "layout",
        id="pdf",
    ),
]


@pytest.mark.parametrize(("lines", "shape"), DETECT)
def test_detect_shape(lines: list[str], shape: str) -> None:
    assert detect_shape(lines) == shape


CLASSIFY = [
    pytest.param("年度資金總額", "fund_line", id="traditional-fund-line"),
    pytest.param("年度资金总额：", "fund_line", id="colon"),
    pytest.param("全年\n预算数", "fund_col", id="broken-label"),
    pytest.param("资金情况 (万元)", "corner", id="corner-with-unit"),
    pytest.param("（单位：万元）", "unit", id="unit-alone"),
    pytest.param("（50分）", "points", id="points-alone"),
    pytest.param("成本指标", "level1", id="cost-level1"),
    pytest.param("服务对象满意度指标", "level2", id="level2"),
    pytest.param("—", "value", id="placeholder"),
    pytest.param("2023年度", "text", id="a-year-is-text"),
    pytest.param("附件1 部门整体支出绩效自评表……1", "text", id="toc-line"),
]


@pytest.mark.parametrize(("text", "kind"), CLASSIFY)
def test_classify(text: str, kind: str) -> None:
    assert classify(text) == kind


# ---------- slot claims and glued figures -----------------------------------------------------------------


def _toks(*texts: str) -> list[Token]:
    return [Token(t, Location(line=1)) for t in texts]


CLAIMS = [
    pytest.param(
        ("56.40", "58.00", "57.13", "98.50%"),
        ["56.40", "58.00", "57.13", None, "98.50%", None],
        id="identity-places-the-figures",
    ),
    pytest.param(("56.40", "58.00"), None, id="two-figures-no-identity-no-guess"),
    pytest.param(
        ("", "56.40", "58.00", "57.13", "10", "98.50%", "9.85", ""),
        ["56.40", "58.00", "57.13", "10", "98.50%", "9.85"],
        id="padding-cells",
    ),
    pytest.param(("58.00", "57.13", "98.50%", "57.13"), None, id="score-above-weight-is-no-reading"),
    pytest.param(
        ("45", "48.6", "47.628"),
        ["45", "48.6", "47.628", None, None, None],
        id="three-places-are-no-rate-or-score-one-reading",
    ),
    pytest.param(("45", "48.6", "47.62"), None, id="two-places-may-be-a-rate-no-guess"),
]


@pytest.mark.parametrize(("cells", "expected"), CLAIMS)
def test_assign_fund(cells: tuple[str, ...], expected: list[str | None] | None) -> None:
    got = assign_fund(_toks(*cells), FUND_KEYS)
    assert (None if got is None else [t.text if t else None for t in got]) == expected


GLUED_CASES = [
    pytest.param(
        "56.4058.0057.131098.50%9.85",
        FUND_KEYS,
        ("56.40", "58.00", "57.13", "10", "98.50%", "9.85"),
        id="one-split",
    ),
    pytest.param(
        "56.4058.0057.13—98.50%—",
        FUND_KEYS,
        ("56.40", "58.00", "57.13", "—", "98.50%", "—"),
        id="placeholders",
    ),
    pytest.param("837.34777.8992.90%", FUND_KEYS[1:], None, id="figures-missing"),
    pytest.param("100100100", FUND_KEYS[:3], None, id="no-identity"),
    pytest.param("56.4058.0057.131098.50%9.70", FUND_KEYS, None, id="score-breaks-identity"),
    pytest.param(
        "300.00320.00315.2010分98.509.85分",
        FUND_KEYS,
        ("300.00", "320.00", "315.20", "10分", "98.50", "9.85分"),
        id="scores-written-with-fen",
    ),
    pytest.param("300.00分320.00315.2010分98.509.85", FUND_KEYS, None, id="fen-after-a-budget-is-no-reading"),
]


@pytest.mark.parametrize(("text", "keys", "expected"), GLUED_CASES)
def test_split_glued(text: str, keys: tuple[str, ...], expected: tuple[str, ...] | None) -> None:
    assert split_glued(text, keys) == expected


def test_is_glued_leaves_single_figures_alone() -> None:
    assert [is_glued(t) for t in ("3,21.0,13328", "98.50%", "56.40", "56.40 58.00", "1094.70%9.47")] == [
        False,
        False,
        False,
        True,
        True,
    ]


def test_identity_votes_need_the_written_precision() -> None:
    assert identity_votes({"budget_full_year": "58.00", "executed": "57.13", "execution_rate": "98.5%"}) == 1
    assert (
        identity_votes({"budget_full_year": "58.00", "executed": "57.13", "execution_rate": "97.50%"}) is None
    )


def test_unsplittable_glued_figures_stay_raw_with_an_anomaly() -> None:
    result = process_bytes((SHAPES / "shape_f_7.txt").read_bytes(), "shape_f_7.txt")
    glued = [a for a in result.anomalies if a.rule == "funds.glued_figures"]
    assert glued and all(a.observed and is_glued(a.observed) for a in glued)
    line = next(f for f in result.funds if f.line == "current_year_appropriation")
    assert (line.budget_full_year_yuan, line.executed_yuan, line.execution_rate_pct) == (None, None, None)
    assert any(r.text == glued[0].observed for r in result.residuals)


# ---------- units, look-alikes, the reader's honesty -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        pytest.param(
            "资金情况 (万元)\n年初预算数 全年预算数 全年执行数\n年度资金总额 1 2 2\n", "万元", id="own-line"
        ),
        pytest.param(
            "项目资金 年初预算数(元) 全年预算数 全年执行数\n年度资金总额 1 2 2\n", "元", id="column-header"
        ),
        pytest.param(
            "项目资金 年初预算数 全年预算数 全年执行数\n年度资金总额（万元） 1 2 2\n", "万元", id="row-label"
        ),
        pytest.param(
            "項目資金（萬元） 年初預算數 全年預算數 全年執行數\n年度資金總額 1 2 2\n",
            "万元",
            id="traditional",
        ),
        pytest.param(
            "项目资金 年初预算数 全年预算数 全年执行数\n年度资金总额 1 2 2\n", None, id="none-written"
        ),
        pytest.param(
            "金额单位：万元\n填报单位：元宝区财政局\n"
            "项目资金 年初预算数 全年预算数 全年执行数\n年度资金总额 1 2 2\n",
            "万元",
            id="unit-line-above-not-the-fill-unit",
        ),
        pytest.param(
            "填报单位：元宝区财政局\n项目资金 年初预算数 全年预算数 全年执行数\n年度资金总额 1 2 2\n",
            None,
            id="yuanbao-district-is-no-unit",
        ),
    ],
)
def test_unit_is_read_where_written_and_never_assumed(text: str, unit: str | None) -> None:
    doc = segment_layout(parse_text_layout("项目支出绩效自评表\n" + text))
    (form,) = doc.forms
    assert [f.unit for f in form.funds] == [unit]


def test_look_alikes_give_no_form() -> None:
    for path in sorted(SHAPES.glob("shape_*_8.txt")):
        result = process_bytes(path.read_bytes(), path.name)
        assert result.forms == () and result.funds == ()
        assert result.document.report_count == 1  # the report after the table of contents, and only it


def test_page_category_line_is_not_a_report() -> None:
    result = process_bytes((SHAPES / "shape_a_1.txt").read_bytes(), "shape_a_1.txt")
    assert result.document.report_count == 0 and len(result.forms) == 2


def test_pipes_are_counted_as_borders_not_dropped() -> None:
    for path in sorted(SHAPES.glob("shape_a_*.txt")):
        text = path.read_text(encoding="utf-8")
        assert read_text_layout(path.read_bytes()).delimiter_chars == text.count("|")


def test_markdown_rule_line_is_borders() -> None:
    text = "项目支出绩效自评表\n| 项目资金(万元) | 年初预算数 | 全年预算数 |\n|---|:--:|---|\n"
    text += "| 年度资金总额 | 1 | 2 |\n"
    layout = parse_text_layout(text)
    assert layout.delimiter_chars == text.count("|") + text.count("-") + text.count(":")
    assert segment_layout(layout).forms[0].funds[0].cells["budget_full_year"].text == "2"


def test_text_without_form_words_reads_as_before() -> None:
    text = "关于2023年度工作的说明\n一、基本情况\n  全年工作顺利完成。\n\n二、下一步打算"
    assert read_shaped_blocks(split_lines(text)) is None
    assert [b.kind for b in parse_text_layout(text).blocks] == ["paragraph"] * 4


# A PDF's text layer as pdftotext -layout gives it: header labels centred over three lines, figures and
# labels wrapped in their columns, the corner cell (项目资金（万元）) beside the first line, a 一级指标
# centred in its group (so the group's first row cannot know it).
PDF_TEXT = """                         项目支出绩效自评表
                          （2021 年度）
  项目名称           乡村道路养护补助
  主管部门           石门县交通运输局                   实施单位        石门县公路建设养护中心
                                  年初预算     全年预算      全年执行
                                                                        分值     执行率    得分
                                    数           数            数
  项目资金           年度资金总额     3,20.6,     3,21.0,      3,21.0,        10       99.99      9.99
  （万元）                            71591       13328        08126                   %
                  其中：当年财政拨款   320.6716    321.0133     321.0081       —        99.99%     —
                     上年结转资金
                        其他资金
                       预期目标                                   实际完成情况
  年度总体目标     完成全县农村公路日常养护，确保道路     全年完成农村公路养护里程320公里，
                   安全畅通。                             道路通行条件明显改善。
  一级指标    二级指标     三级指标          年度指标值    实际完成值   分值   得分   偏差原因分析及改进措施
              数量指标     养护里程          ≥300公里      320公里      20     20
  产出指标    质量指标     路面完好率        ≥90%          93%          15     15
              时效指标     养护及时率        100%          100%         15     15
  效益指标    社会效益     群众出行条件      有效改善      有效改善     30     30
              指标
  满意度指    服务对象满   群众满意度        ≥90%          95%          10     10
  标          意度指标
                          总分                                          100    99.99
"""


def test_pdf_text_with_centred_headers_and_wrapped_cells() -> None:
    result = process_bytes(PDF_TEXT.encode(), "pdf.txt")
    (form,) = result.forms
    assert (form.year, form.project, form.implementing_unit) == (
        2021,
        "乡村道路养护补助",
        "石门县公路建设养护中心",
    )
    assert form.goal_expected == "完成全县农村公路日常养护，确保道路安全畅通。"
    total = next(f for f in result.funds if f.line == "total")
    assert (total.budget_initial_yuan, total.executed_yuan, total.execution_rate_pct, total.score) == (
        Decimal("3206715.91"),
        Decimal("3210081.26"),
        99.99,
        9.99,
    )
    rows = [(i.level1, i.level2, i.level3, i.weight) for i in result.indicators][:3]
    assert rows == [
        (None, "数量指标", "养护里程", 20.0),
        ("产出指标", "质量指标", "路面完好率", 15.0),
        ("产出指标", "时效指标", "养护及时率", 15.0),
    ]


def test_report_before_a_form_keeps_its_paragraphs() -> None:
    report = "项目支出绩效自评报告\n一、基本情况\n（一）预算执行率情况\n全年预算数58万元，执行率98.50%。\n\n"
    alone = process_bytes(report.encode(), "r.txt")
    form = (SHAPES / "shape_c_2.txt").read_bytes()
    both = process_bytes(report.encode() + form, "rf.txt")
    assert [s.text for s in both.report_sections] == [s.text for s in alone.report_sections]
    assert len(both.forms) == 1 and both.funds


# A department form copied from a web page: the corner cell names the unit in the province's own words
# (年度预算申请（万元）), two header fields share a line, the breakdown rows are not money lines.
DEPARTMENT_PIPES = """部门整体支出绩效自评表
（2021年度）
单位名称:塘湖镇政府 填报日期:2021.5.18
| 年度预算申请（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
| 年度资金总额 | | 1200.00 | 1350.00 | 1300.50 | 10 | 96.33% | 9.63 |
| 按收入性质分 | | | 按支出性质分 | | | | |
| 其中：一般公共预算：1300.50 | | | 其中：基本支出：900.00 | | | | |
| 年度总体目标 | 预期目标 | | | 实际完成情况 | | | |
| | 保障机构正常运转 | | | 机构运转正常 | | | |
| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
| 产出指标 | 数量指标 | 重点工作完成数 | ≥10项 | 12项 | 30 | 30 | |
| | 质量指标 | 工作达标率 | 100% | 98% | 30 | 28 | 个别工作未达标 |
| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 93% | 30 | 30 | |
| 总分 | | | | | 100 | 97.63 | |
"""


def test_department_form_in_pipes() -> None:
    result = process_bytes(DEPARTMENT_PIPES.encode(), "dept.txt")
    (form,) = result.forms
    assert (form.form_type, form.department, form.year, form.total_score) == (
        "department",
        "塘湖镇政府",
        2021,
        97.63,
    )
    (total,) = result.funds
    assert (total.line, total.budget_full_year_yuan, total.executed_yuan) == (
        "total",
        Decimal("13500000.00"),
        Decimal("13005000.00"),
    )
    assert [i.deviation_reason for i in result.indicators][:3] == [None, "个别工作未达标", None]


# One cell per line from a web page's narrow columns: a 三级指标 and two 偏差原因 cut over two lines.
CUT_CELLS = """项目支出绩效自评表
项目资金（万元）
年初预算数
全年预算数
全年执行数
分值
执行率
得分
年度资金总额
56.40
58.00
57.13
10
98.50%
9.85
一级指标
二级指标
三级指标
年度指标值
实际完成值
分值
得分
偏差原因分析及改进措施
产出指标
数量指标
养护
里程
≥20公里
21公里
25
25
质量指标
验收合格率
100%
90%
25
20
部分路段受天气
影响延期
效益指标
社会效益指标
通行条件
改善
改善
30
28
资金拨付
滞后
总分
100
93
"""


def test_cells_cut_over_lines_join_up() -> None:
    result = process_bytes(CUT_CELLS.encode(), "cut.txt")
    rows = [(i.level3, i.weight, i.score, i.deviation_reason) for i in result.indicators][:3]
    assert rows == [
        ("养护里程", 25.0, 25.0, None),
        ("验收合格率", 25.0, 20.0, "部分路段受天气影响延期"),
        ("通行条件", 30.0, 28.0, "资金拨付滞后"),
    ]
    assert result.residuals == ()


def test_a_report_title_repeated_is_one_report() -> None:
    title = "某县2023年度乡村道路养护项目绩效自评报告"
    text = f"{title}\n\n{title}\n一、基本情况\n项目全年完成。\n"
    result = process_bytes(text.encode(), "report.txt")
    assert result.document.report_count == 1
    assert result.document.status == "ok"


PIPE_HEAD = (
    "项目支出绩效自评表\n项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分\n"
)


@pytest.mark.parametrize(
    ("row", "full_year"),
    [
        pytest.param(
            "年度资金总额 | 56.4058.00 | 57.13 | 10 | 98.50% | 9.85\n",
            Decimal("580000.00"),
            id="one-cell-glued",
        ),
        pytest.param(
            "年度资金总额 | 56.4 | 058.0057.13 | 10 | 98.50% | 9.85\n", None, id="reading-crosses-a-border"
        ),
    ],
)
def test_glued_cell_among_separate_cells(row: str, full_year: Decimal | None) -> None:
    result = process_bytes((PIPE_HEAD + row).encode(), "g.txt")
    (total,) = result.funds
    assert total.budget_full_year_yuan == full_year
    assert any(a.rule == "funds.glued_figures" for a in result.anomalies) == (full_year is None)


# PDF text where a row label wraps and its rest opens the line of the row's figures.
LABEL_OVER_FIGURES = """                    项目支出绩效自评表
项目资金（万元）     年初预算数    全年预算数    全年执行数    分值    执行率    得分
年度资金总额         56.40         58.00         57.13         10      98.50%    9.85
其中：当年财政
拨款                 56.40         58.00         57.13         —       98.50%    —
"""


def test_pdf_label_wrapped_onto_its_figures_line() -> None:
    result = process_bytes(LABEL_OVER_FIGURES.encode(), "pdf2.txt")
    line = next(f for f in result.funds if f.line == "current_year_appropriation")
    assert (line.label, line.budget_full_year_yuan, line.execution_rate_pct) == (
        "其中：当年财政拨款",
        Decimal("580000.00"),
        98.5,
    )


# 四川's order: 执行率 before 权重 and 得分, so a lone figure after the rate is either.
SICHUAN_KEYS = ("budget_initial", "budget_full_year", "executed", "execution_rate", "weight", "score")


@pytest.mark.parametrize(
    ("cells", "points", "expected"),
    [
        pytest.param(
            ("120.00", "135.50", "132.79", "98.00%", "10"),
            "10",
            ["120.00", "135.50", "132.79", "98.00%", "10", None],
            id="corner-points-settle-the-weight",
        ),
        pytest.param(("120.00", "135.50", "132.79", "98.00%", "10"), None, None, id="weight-or-score-unread"),
        pytest.param(("120.00", "135.50", "132.79", "98.00%", "9.8"), "10", None, id="other-figure-no-help"),
    ],
)
def test_assign_fund_block_points(
    cells: tuple[str, ...], points: str | None, expected: list[str | None]
) -> None:
    """``预算执行情况（10分）``: the 分值 in the block's corner places a figure that is 分值 or 得分."""
    got = assign_fund(_toks(*cells), SICHUAN_KEYS, points)
    assert (None if got is None else [t.text if t else None for t in got]) == expected
