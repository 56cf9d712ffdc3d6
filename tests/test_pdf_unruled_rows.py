"""PDFs without ruling lines: one tiny form per way a row was lost, shifted or joined to its neighbour.

Each case is a cause found in ``bench pdf_twins`` (the twins' PDFs redrawn without lines), drawn here as a
small table (``pdf_factory``, rows as tight as Word's: a line pitch per line, no padding between rows),
then redrawn without a single line (``bench.pdf_redraw.without_rulings``). The expected values are written
by hand from the drawing; the ruled drawing must give them too, so that they say what the form holds.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from pdf_factory import PAD, SIZE, C, Grid, Text, make_pdf, text_width
from pdf_forms import form_pdf
from sample_paths import SAMPLES

import jixiao
from bench.pdf_redraw import without_rulings
from bench.templates import check_sample

ROOT = SAMPLES / "realistic"
PITCH = SIZE * 1.3  # pdf_factory draws a cell's lines this far apart
LANDSCAPE = (842.0, 595.0)


def _fit(*texts: str) -> float:
    """A column as narrow as its widest line (and the padding): a longer line would have wrapped."""
    return max(text_width(t) for t in texts) + 2 * PAD + 1


def _grid(top: float, rows: list[list[C | None]], widths: list[float]) -> Grid:
    """A table at ``top``, each row as tall as its most lines (a merged cell runs on beside the rows
    below it, as in a Word table)."""
    lines = [max((len(c.lines) for c in row if c is not None and c.row_span == 1), default=1) for row in rows]
    return Grid(40, top, widths, [max(n, 1) * PITCH for n in lines], rows)


def _form(rows: list[list[C | None]], widths: list[float], title: str = "项目支出绩效自评表") -> bytes:
    """A title and one table."""
    return make_pdf([[Text(40, 50, title), _grid(80, rows, widths)]], size=LANDSCAPE)


def _height(grid: Grid) -> float:
    return sum(grid.row_heights)


def _both(data: bytes) -> list[dict[str, pd.DataFrame]]:
    """The tables of the ruled drawing and of the same drawing without its lines."""
    return [jixiao.read(data), jixiao.read(without_rulings(data))]


def _indicators(tables: dict[str, pd.DataFrame], columns: list[str]) -> list[list[Any]]:
    """The indicators' ``columns``, texts without white space (a PDF shows a cell's breaks as wraps)."""
    frame = tables["indicators"][columns].astype(object)
    rows = frame.where(frame.notna(), None).values.tolist()
    return [["".join(v.split()) if isinstance(v, str) else v for v in row] for row in rows]


INDICATOR_HEAD = [C("一级指标"), C("二级指标"), C("三级指标"), C("分值"), C("得分")]


def test_label_written_downwards_and_scores_left_empty() -> None:
    # 绩/效/指/标 one character a line down the corner merged over four rows (标 beside the third
    # indicator); no 得分 filled in. Before: 指 and 标 started rows of their own, the rows below became
    # paragraphs, and rows with an empty 得分 were not read at all.
    rows: list[list[C | None]] = [
        [C("绩\n效\n指\n标", row_span=4), *INDICATOR_HEAD],
        [None, C("产出指标"), C("数量指标"), C("巡察轮次"), C("50"), C("")],
        [None, C("产出指标"), C("质量指标"), C("整改到位率"), C("30"), C("")],
        [None, C("满意度指标"), C("服务对象满意度指标"), C("群众满意度"), C("20"), C("")],
        [C("总分"), C(""), C(""), C(""), C("100"), C("")],
    ]
    want = [
        ["产出指标", "数量指标", "巡察轮次", 50.0, None],
        ["产出指标", "质量指标", "整改到位率", 30.0, None],
        ["满意度指标", "服务对象满意度指标", "群众满意度", 20.0, None],
    ]
    for tables in _both(_form(rows, [40, 90, 110, 110, 50, 50])):
        assert _indicators(tables, ["level1", "level2", "level3", "weight", "score"]) == want


def test_header_label_cut_over_four_lines_is_no_row_of_its_own() -> None:
    # 偏差原因分析及改进措施 in a narrow last column, three characters a line. Before: 及改进 / 措施
    # started a row, which the first indicator's cells then joined: its 偏差原因 read 及改进措施.
    # The 一级/二级指标 columns are as narrow: 产出指 / 标 is no label a row could start with.
    narrow = _fit("偏差原")
    rows: list[list[C | None]] = [
        [C("一级指\n标"), C("二级指\n标"), *INDICATOR_HEAD[2:], C("偏差原\n因分析\n及改进\n措施")],
        [C("产出指\n标"), C("数量指\n标"), C("巡察轮次"), C("50"), C("50"), C("")],
        [C("效益指\n标"), C("社会效\n益指标"), C("整改到位率"), C("50"), C("45"), C("个别整\n改滞后")],
        [C("总分"), C(""), C(""), C("100"), C("95"), C("")],
    ]
    want = [["巡察轮次", None], ["整改到位率", "个别整改滞后"]]
    for tables in _both(_form(rows, [narrow, narrow, 110, 50, 50, narrow])):
        assert _indicators(tables, ["level3", "deviation_reason"]) == want


def test_group_weight_cut_inside_its_brackets() -> None:
    # 满意度指标 / （10 / 分） in a column four characters wide: the 一级指标 and its weight.
    narrow = _fit("满意度")
    rows: list[list[C | None]] = [
        [C("一级指\n标"), *INDICATOR_HEAD[1:]],
        [C("产出指\n标（90\n分）"), C("数量指标"), C("巡察轮次"), C("90"), C("90")],
        [C("满意度\n指标\n（10\n分）"), C("服务对象满意度指标"), C("群众满意度"), C("10"), C("9")],
        [C("总分"), C(""), C(""), C("100"), C("99")],
    ]
    want = [["产出指标", 90.0, "巡察轮次"], ["满意度指标", 10.0, "群众满意度"]]
    for tables in _both(_form(rows, [narrow, 110, 110, 50, 50])):
        assert _indicators(tables, ["level1", "level1_weight", "level3"]) == want


MONEY_HEAD = [C("年初预\n算数"), C("全年预\n算数"), C("全年执\n行数"), C("分值"), C("执行率"), C("得分")]


def test_money_corner_unit_beside_the_rows_below() -> None:
    # 项目资 / 金 / （万 / 元）: the money block's corner merged down, its unit beside the total's and
    # the next line's first lines; the next line's label wrapped (其中：本年财 / 政拨款). Before: 元）
    # began the total's row and the block was read without its lines' figures.
    narrow = _fit("项目资")
    rows: list[list[C | None]] = [
        [C("项目名\n称"), C("巡察专项经费", col_span=7), *([None] * 6)],
        [C("项目资\n金\n（万\n元）", row_span=3), C(""), *MONEY_HEAD],
        [None, C("年度资金总额"), C("45"), C("48.6"), C("47.628"), C("10"), C("98%"), C("9.8")],
        [None, C("其中：本年财\n政拨款"), C("45"), C("48.6"), C("47.628"), C(""), C(""), C("")],
    ]
    widths = [narrow, _fit("年度资金总额"), *([_fit("年初预")] * 6)]
    for tables in _both(_form(rows, widths)):
        funds = tables["funds"].set_index("line")
        assert funds.loc["total", "executed_yuan"] == Decimal("476280.00")
        assert funds.loc["current_year_appropriation", "budget_full_year_yuan"] == Decimal("486000.00")
        assert funds.loc["current_year_appropriation", "label"] == "其中：本年财政拨款"


def test_goal_texts_under_their_labels_beside_cut_merged_labels() -> None:
    # 四川: 项目 / 基本 / 情况 and 1.项目年度目 / 标完成情况 merged down beside the goal texts. Before,
    # 基本情况 and 标完成情况 were grouped into the expected goal's text.
    name = _grid(80, [[C("项目名称"), C("应急广播系统运行维护")]], [_fit("项目名称"), 300])
    goals = _grid(
        80 + _height(name),
        [
            [
                C("项目\n基本\n情况", row_span=2),
                C("1.项目年度目\n标完成情况", row_span=2),
                C("项目年度目标"),
                C("年度目标完成情况"),
            ],
            [None, None, C("保障应急广播系统运行\n维护按计划实施。"), C("已按计划完成年度任\n务。")],
        ],
        [_fit("项目"), _fit("1.项目年度目"), _fit("保障应急广播系统运行"), _fit("已按计划完成年度任")],
    )
    indicators = _grid(
        80 + _height(name) + _height(goals),
        [
            list(INDICATOR_HEAD),
            [C("产出指标"), C("数量指标"), C("广播运行率"), C("100"), C("98")],
            [C("总分"), C(""), C(""), C("100"), C("98")],
        ],
        [60, 60, 80, 40, 40],
    )
    data = make_pdf([[Text(40, 50, "项目支出绩效自评表"), name, goals, indicators]], size=LANDSCAPE)
    for tables in _both(data):
        form = tables["forms"].iloc[0]
        assert (form.goal_expected, form.goal_actual) == (
            "保障应急广播系统运行维护按计划实施。",
            "已按计划完成年度任务。",
        )


def test_target_split_over_a_second_header_row() -> None:
    # 年度指标值 over 指标性质 | 指标值 | 度量单位. Before: the second header row named 指标值 again, the
    # header was not read and every indicator row was lost.
    head = [C(t, row_span=2) for t in ("一级指标", "二级指标", "三级指标")]
    rows: list[list[C | None]] = [
        [
            *head,
            C("年度指标值", col_span=3),
            None,
            None,
            *(C(t, row_span=2) for t in ("实际完成值", "分值", "得分")),
        ],
        [None, None, None, C("指标性质"), C("指标值"), C("度量单位"), None, None, None],
        [
            C("产出指标"),
            C("数量指标"),
            C("培训人数"),
            C("≥"),
            C("600"),
            C("人次"),
            C("652人次"),
            C("50"),
            C("50"),
        ],
        [C("产出指标"), C("质量指标"), C("培训合格率"), C("≥"), C("95"), C("%"), C("97%"), C("50"), C("48")],
        [C("总分"), C(""), C(""), C(""), C(""), C(""), C(""), C("100"), C("98")],
    ]
    want = [["培训人数", "≥600人次", "652人次", 50.0], ["培训合格率", "≥95%", "97%", 48.0]]
    for tables in _both(_form(rows, [60, 60, 70, 50, 40, 50, 60, 40, 40])):
        assert _indicators(tables, ["level3", "target_raw", "actual_raw", "score"]) == want


def test_rubric_rows_read_by_their_cells_places() -> None:
    # A department rubric: its own 一级指标 (投入, 过程), and 预算执行率 (a money column's name) as a
    # 三级指标. Before: those rows became paragraphs, the next rows shifted up and the sum of the scores
    # read was given as the form's computed score.
    rows: list[list[C | None]] = [
        [C("一级指标"), C("二级指标"), C("三级指标"), C("分值"), C("评分标准"), C("自评得分")],
        [C("投入"), C("预算配置"), C("在职人员控制率"), C("20"), C("≤100%得满分"), C("20")],
        [C("过程"), C("预算执行"), C("预算执行率"), C("30"), C("按执行率计分"), C("28.5")],
        [C("产出"), C("职责履行"), C("重点工作完成率"), C("50"), C("按完成率计分"), C("48")],
        [C("总分"), C(""), C(""), C("100"), C(""), C("96.5")],
    ]
    want = [
        ["投入", "预算配置", "在职人员控制率", 20.0],
        ["过程", "预算执行", "预算执行率", 28.5],
        ["产出", "职责履行", "重点工作完成率", 48.0],
    ]
    for tables in _both(_form(rows, [50, 60, 90, 40, 90, 50], title="部门整体支出绩效自评表")):
        assert _indicators(tables, ["level1", "level2", "level3", "score"]) == want
        assert tables["forms"].iloc[0].computed_score == 96.5


def test_money_column_the_contract_has_no_field_for() -> None:
    # 预算调整数 between 年初预算数 and 全年预算数. Before: the header stopped at it, the total's seven
    # figures were left unplaced and the form's computed score left out the block's 得分.
    rows: list[list[C | None]] = [
        [C("预算部门名称"), C("某县司法局", col_span=7), *([None] * 6)],
        [C("年度预算\n申请（万\n元）")]
        + [
            C(t)
            for t in (
                "年初预算\n数",
                "预算调整\n数",
                "全年预算\n数",
                "全年执行\n数",
                "分值",
                "执行率",
                "得分",
            )
        ],
        [C("年度资金\n总额"), C("410.25"), C("-12.05"), C("398.2"), C("390.24"), C("10"), C("98%"), C("9.8")],
    ]
    indicators = [
        list(INDICATOR_HEAD),
        [C("产出指标"), C("数量指标"), C("调解案件数"), C("90"), C("88")],
        [C("总分"), C(""), C(""), C("100"), C("97.8")],
    ]
    money = _grid(80, rows, [_fit("预算部门名"), *([_fit("年初预算")] * 7)])
    table = _grid(80 + _height(money), indicators, [60, 60, 80, 40, 40])
    data = make_pdf([[Text(40, 50, "部门整体支出绩效自评表"), money, table]], size=LANDSCAPE)
    for tables in _both(data):
        total = tables["funds"].set_index("line").loc["total"]
        assert (total.budget_initial_yuan, total.budget_full_year_yuan, total.executed_yuan) == (
            Decimal("4102500.00"),
            Decimal("3982000.00"),
            Decimal("3902400.00"),
        )
        assert (total.score, tables["forms"].iloc[0].computed_score) == (9.8, 97.8)


def test_chongqing_header_without_levels_and_money_row_without_label() -> None:
    # 重庆: the money block's corner wrapped (部门预算执行 / 情况（万元）) over its one value row, which
    # has no line label; the indicator header names 指标名称, 指标权重, 指标得分 and no 一级/二级指标, its
    # labels cut two characters a line, one unknown to the vocabulary (得分 / 系数 / （%）). Before: the
    # header was not read (the money row neither) and the form's computed score was 87 of 96.74.
    # Two characters a line (a third does not fit), columns far enough apart that two lone characters
    # side by side are no label spaced out (总　　分).
    two = text_width("指标三") + 2 * PAD - 2
    name = _grid(80, [[C("部门名称"), C("某区融媒体中心")]], [_fit("部门名称"), 200])
    money = _grid(
        80 + _height(name),
        [
            [C(t) for t in ("部门预算执行\n情况（万元）", "年初预算数", "全年预算数", "全年执行数")]
            + [C(t) for t in ("执行率", "执行率权重", "执行率得分")],
            [C(""), C("1,250.00"), C("1,310.40"), C("1,276.33"), C("97.40"), C("10"), C("9.74")],
        ],
        [_fit("部门预算执行"), *([_fit("执行率权重")] * 6)],
    )
    head = ["绩效\n指标", "指标\n名称", "计量\n单位", "年初\n指标\n值", "全年\n完成\n值"]
    head += ["得分\n系数\n（\n%）"]
    indicators = _grid(
        80 + _height(name) + _height(money),
        [
            [C(t) for t in (*head, "指标\n权重\n（分\n）", "指标\n得分\n（分\n）")],
            [C(""), C("播发\n稿件\n数量"), C("篇"), C("2200"), C("2859"), C("100"), C("50"), C("50")],
            [C(""), C("组织\n宣传\n活动\n次数"), C("次"), C("50"), C("45"), C("90"), C("40"), C("36")],
            [C("总分"), C(""), C(""), C(""), C(""), C(""), C("100"), C("95.74")],
        ],
        [two] * 8,
    )
    data = make_pdf([[Text(40, 50, "部门整体绩效自评表"), name, money, indicators]], size=LANDSCAPE)
    for tables in _both(data):
        total = tables["funds"].set_index("line").loc["total"]
        assert (total.budget_initial_yuan, total.executed_yuan, total.score) == (
            Decimal("12500000.00"),
            Decimal("12763300.00"),
            9.74,
        )
        assert _indicators(tables, ["level3", "actual_raw", "weight", "score"]) == [
            ["播发稿件数量", "2859", 50.0, 50.0],
            ["组织宣传活动次数", "45", 40.0, 36.0],
            ["预算执行率", "97.40", 10.0, 9.74],  # a department form's money block counts as an indicator
        ]
        assert tables["forms"].iloc[0].computed_score == 95.74


def test_money_written_as_label_and_figure_pairs() -> None:
    # An older county form: 全年预算数 | 38 | 全年执行数 | 36.1 | 执行率 | 95% on the money row. Before:
    # the labels were taken for a header and the figures left as paragraphs.
    rows: list[list[C | None]] = [
        [C("项目名称"), C("农村沼气池维护", col_span=6), *([None] * 5)],
        [
            C("项目资金\n（万元）"),
            C("全年预算\n数"),
            C("38"),
            C("全年执行\n数"),
            C("36.1"),
            C("执行率"),
            C("95%"),
        ],
    ]
    indicators = [
        list(INDICATOR_HEAD),
        [C("产出指标"), C("数量指标"), C("维护沼气池数"), C("100"), C("95")],
        [C("总分"), C(""), C(""), C("100"), C("95")],
    ]
    money = _grid(80, rows, [_fit("项目资金")] * 7)
    table = _grid(80 + _height(money), indicators, [60, 60, 80, 40, 40])
    data = make_pdf([[Text(40, 50, "项目支出绩效自评表"), money, table]], size=LANDSCAPE)
    for tables in _both(data):
        total = tables["funds"].set_index("line").loc["total"]
        assert (total.budget_full_year_yuan, total.executed_yuan, total.execution_rate_pct) == (
            Decimal("380000.00"),
            Decimal("361000.00"),
            95.0,
        )


def test_blank_template_rows_and_a_total_past_empty_columns() -> None:
    # A blank template: indicator rows with a 三级指标 placeholder and no 分值 or 得分; the total's label
    # in a column the money header left blank; 合计's figures past many empty columns. Before: the
    # rows were lost (no score to confirm them), the total's 分值 was not placed, and 合计 kept only its
    # first figure.
    money = _grid(
        80,
        [
            [C("项目名称"), C("XX项目", col_span=7), *([None] * 6)],
            [C("项目资金\n（万元）"), C("")]
            + [C(t) for t in ("年初预算\n数", "全年预算\n数", "全年执行\n数", "分值", "执行率", "得分")],
            [C(""), C("年度资金总额"), C(""), C(""), C(""), C("10"), C(""), C("")],
        ],
        [_fit("项目资金"), _fit("年度资金总额"), *([_fit("年初预算")] * 6)],
    )
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"]
    indicators = _grid(
        80 + _height(money),
        [
            [C(t) for t in head],
            [C("产出指标"), C("数量指标"), C("指标1："), C("≥**人"), C(""), C(""), C(""), C("")],
            [C("效益指标"), C("社会效益指标"), C("指标1："), C(""), C(""), C(""), C(""), C("")],
            [C("合计"), C(""), C(""), C(""), C(""), C("100"), C("100"), C("")],
        ],
        [_fit("社会效益指标"), _fit("社会效益指标"), 60, 60, 60, 40, 40, 60],
    )
    data = make_pdf([[Text(40, 50, "项目支出绩效自评表"), money, indicators]], size=LANDSCAPE)
    for tables in _both(data):
        assert tables["funds"].set_index("line").loc["total", "weight"] == 10.0
        rows = _indicators(tables, ["level1", "level2", "level3", "target_raw", "weight"])
        assert rows[:2] == [
            ["产出指标", "数量指标", "指标1：", "≥**人", None],
            ["效益指标", "社会效益指标", "指标1：", None, None],
        ]
        form = tables["forms"].iloc[0]
        assert (form.total_weight, form.total_score) == (100.0, 100.0)


def test_header_label_cut_at_its_annotation() -> None:
    # 转移支付 / （项目） / 名称: a header label cut before and after its bracket. Before: （项目） began a
    # row of its own and the project's name was lost.
    rows: list[list[C | None]] = [
        [C("转移支付\n（项目）\n名称"), C("农村综合改革转移支付", col_span=3), None, None],
        [C("资金情况\n（万元）"), C("全年预算\n数（A）"), C("全年执行\n数（B）"), C("执行率\n（B/A）")],
        [C("年度资金\n总额"), C("36,000"), C("34,920"), C("97%")],
    ]
    indicators = [
        list(INDICATOR_HEAD),
        [C("产出指标"), C("数量指标"), C("改革试点村数"), C("100"), C("95")],
        [C("总分"), C(""), C(""), C("100"), C("95")],
    ]
    money = _grid(80, rows, [_fit("转移支付")] * 4)
    table = _grid(80 + _height(money), indicators, [60, 60, 80, 40, 40])
    data = make_pdf([[Text(40, 50, "中央对地方转移支付区域绩效目标自评表"), money, table]], size=LANDSCAPE)
    for tables in _both(data):
        assert tables["forms"].iloc[0].project == "农村综合改革转移支付"


DRAWN = ["decoy_target_bar", "transfer_paragraphs", "transfer_layout"]


@pytest.mark.parametrize("name", DRAWN)
def test_realistic_samples_drawn_without_lines_are_never_wrong(name: str, tmp_path: Path) -> None:
    # Text shapes drawn as PDFs (tests/pdf_forms) and redrawn without lines: a 备注 under the 一级指标
    # column was read as a 三级指标 and every row after it shifted; a goal text reaching past its label's
    # column took the next column's text. Every field given must be the truth's.
    sample = ROOT / f"{name}.txt"
    truth = json.loads((ROOT / f"{name}.truth.json").read_text(encoding="utf-8"))
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(without_rulings(form_pdf(sample.read_text(encoding="utf-8"))))
    checks = check_sample(path, truth)
    wrong = [c for c in checks if c.got is not None and not _same_text(c.expected, c.got) and not c.exact]
    assert wrong == []
    assert sum(c.exact or _same_text(c.expected, c.got) for c in checks) >= 50


def _same_text(want: Any, got: Any) -> bool:
    # A PDF shows a cell's line breaks as wraps only: text compares without white space.
    return isinstance(want, str) and isinstance(got, str) and "".join(want.split()) == "".join(got.split())
