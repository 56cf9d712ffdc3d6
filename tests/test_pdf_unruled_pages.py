"""PDFs without ruling lines whose forms were drawn with borders (then redrawn or exported without them),
centred top to bottom, and going over page breaks: one tiny form per cause found in ``bench pdf_twins``
(``samples/paged`` redrawn without lines).

A row border and the cells' paddings move a row's lines off the line pitch of the row above
(``extract.pdf_pitch``): here every row is a pitch a line and :data:`BORDER` taller, as a Word table's
rows are. Each form is drawn ruled (``pdf_factory``) and redrawn without a single line
(``bench.pdf_redraw.without_rulings``); the expected values are written by hand from the drawing, and the
ruled drawing must give them too, so that they say what the form holds.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from jixiao.extract.pdf_columns import PageLine
from jixiao.extract.pdf_pitch import Pitch, region_pitch
from jixiao.extract.pdf_text import Line
from pdf_factory import PAD, SIZE, C, Grid, Text, make_pdf, text_width

import jixiao
from bench.pdf_redraw import without_rulings

PITCH = SIZE * 1.3  # pdf_factory draws a cell's lines this far apart
BORDER = 1.5  # points a row's border and paddings add to it: off the pitch's lattice
LANDSCAPE = (842.0, 595.0)
HEAD = [
    C("一级指标"),
    C("二级指标"),
    C("三级指标"),
    C("年度指\n标值"),
    C("实际完\n成值"),
    C("分值"),
    C("得分"),
]


def _fit(*texts: str) -> float:
    """A column as narrow as its widest line (and the padding): a longer line would have wrapped."""
    return max(text_width(t) for t in texts) + 2 * PAD + 1


def _grid(top: float, rows: list[list[C | None]], widths: list[float], *, centred: bool = False) -> Grid:
    """A table at ``top``, each row a pitch a line (its tallest cell) and a border taller."""
    lines = [max((len(c.lines) for c in row if c is not None and c.row_span == 1), default=1) for row in rows]
    return Grid(40, top, widths, [max(n, 1) * PITCH + BORDER for n in lines], rows, centred=centred)


def _both(data: bytes) -> list[dict[str, pd.DataFrame]]:
    """The tables of the ruled drawing and of the same drawing without its lines."""
    return [jixiao.read(data), jixiao.read(without_rulings(data))]


def _indicators(tables: dict[str, pd.DataFrame], columns: list[str]) -> list[list[Any]]:
    """The indicators' ``columns``, texts without white space (a PDF shows a cell's breaks as wraps)."""
    frame = tables["indicators"][columns].astype(object)
    rows = frame.where(frame.notna(), None).values.tolist()
    return [["".join(v.split()) if isinstance(v, str) else v for v in row] for row in rows]


def _line(base: float, x0: float = 0.0, text: str = "字") -> Line:
    return Line(text, x0, x0 + 10, base - 8.8, base + 1.2, (10.0,) * len(text), base)


def _lines(bases: list[float]) -> list[PageLine]:
    return [PageLine(1, k, (_line(b),)) for k, b in enumerate(bases, start=1)]


# (baselines of one column's lines, the pitch found, whether rows step off its lattice)
PITCHES = [
    ([0, 13, 26, 40.5, 53.5, 68, 81], 13.0, True),  # 13 in a cell, 14.5 across a border
    ([0, 13, 26, 39, 52, 65], 13.0, False),  # typed with spaces: rows a pitch apart too
    ([0, 13, 19.5, 32.5, 46.5, 59.5], 13.0, False),  # centred, no border: half pitches only
    ([0, 12.2, 24.5, 36.7, 49.4, 61.6, 74.3], 12.2, True),  # a producer rounding 12.25 to 12.2 / 12.3
]


@pytest.mark.parametrize(("bases", "step", "bordered"), PITCHES)
def test_region_pitch(bases: list[float], step: float, bordered: bool) -> None:
    pitch = region_pitch(_lines(bases))
    assert pitch is not None
    assert (round(pitch.step, 1), pitch.bordered) == (step, bordered)


def test_pitch_is_the_mean_of_a_producers_rounded_steps() -> None:
    # 12.25 points written as 12.2 and 12.3 by turns (rows 12.75 apart). Before, the median (12.3 here,
    # 12.2 elsewhere) put a label centred over two rows 6.3 points below a row's line off its lattice.
    pitch = region_pitch(_lines([0, 12.2, 24.5, 37.25, 49.45, 61.75, 74.5]))
    assert pitch is not None and pitch.bordered
    assert pitch.step == pytest.approx(12.25)
    assert pitch.same_row(_line(100.0), _line(106.3)) is True


# (pitch, step from a cell's last line to the piece below: goes on / off the lattice / says nothing)
GOES_ON = [
    (Pitch(13.0, True), 13.0, 1),
    (Pitch(13.0, True), 13.15, 1),
    (Pitch(13.0, True), 14.5, -1),
    (Pitch(13.0, True), 6.5, -1),  # half a pitch below: a cell centred beside it, not its next line
    (Pitch(13.0, False), 14.5, 0),  # rows a pitch apart: the pitch says nothing
]


@pytest.mark.parametrize(("pitch", "step", "said"), GOES_ON)
def test_pitch_says_whether_a_line_goes_on(pitch: Pitch, step: float, said: int) -> None:
    assert pitch.goes_on(_line(100.0), _line(100.0 + step)) == said


def test_date_cut_over_three_lines_above_the_next_rows_target() -> None:
    # 2023 / 年12 / 月底前 beside 2023 / 年12 / 月, then the next row's ≤45万 / 元. Before: 月底前 and 月
    # began a row (the line above looked not full) and ≤45万 joined 月底前 (it looked full): the date's
    # target read 2023年12, the next target 月底前≤45万元.
    rows: list[list[C | None]] = [
        HEAD,
        [
            C("产出指标"),
            C("时效指标"),
            C("工程完工时限"),
            C("2023\n年12\n月底前"),
            C("2023\n年12\n月"),
            C("3"),
            C("3"),
        ],
        [C("产出指标"), C("成本指标"), C("单处工程造价"), C("≤45万\n元"), C("43.8万\n元"), C("4"), C("4")],
        [C("总分"), C(""), C(""), C(""), C(""), C("7"), C("7")],
    ]
    widths = [60, 60, 80, _fit("月底前"), _fit("实际完"), 40, 40]
    data = make_pdf([[Text(40, 50, "项目支出绩效自评表"), _grid(80, rows, widths)]], size=LANDSCAPE)
    want = [["2023年12月底前", "2023年12月", 3.0], ["≤45万元", "43.8万元", 4.0]]
    for tables in _both(data):
        assert _indicators(tables, ["target_raw", "actual_raw", "score"]) == want


def test_centred_header_cell_beside_two_line_labels() -> None:
    # Cells centred top to bottom: 分值 and 得分 half a line below 年度指 / 标值, between its lines.
    # Before: they began a row of their own and the header was read without them.
    rows: list[list[C | None]] = [
        HEAD,
        [C("产出指标"), C("数量指标"), C("巡察轮次"), C("≥4轮"), C("4轮"), C("50"), C("50")],
        [C("效益指标"), C("社会效益\n指标"), C("整改到位率"), C("≥90%"), C("92%"), C("50"), C("45")],
        [C("总分"), C(""), C(""), C(""), C(""), C("100"), C("95")],
    ]
    widths = [60, 60, 80, _fit("年度指"), _fit("实际完"), 40, 40]
    grid = _grid(80, rows, widths, centred=True)
    data = make_pdf([[Text(40, 50, "项目支出绩效自评表"), grid]], size=LANDSCAPE)
    want = [["巡察轮次", "≥4轮", "4轮", 50.0, 50.0], ["整改到位率", "≥90%", "92%", 50.0, 45.0]]
    for tables in _both(data):
        assert _indicators(tables, ["level3", "target_raw", "actual_raw", "weight", "score"]) == want


def test_level_labels_merged_and_centred_go_to_their_first_row() -> None:
    # 产出指标 merged over four rows and 质量指标 over three, centred: 质量指标 stands beside the middle
    # of its rows, 产出指标 between the second and third. Before: the first of 质量指标's rows took the
    # 二级指标 above it (数量指标), and the rows above 产出指标 had none.
    rows: list[list[C | None]] = [
        HEAD,
        [C("产出指标", row_span=4), C("数量指标"), C("巡察轮次"), C("≥4轮"), C("4轮"), C("30"), C("30")],
        [None, C("质量指标", row_span=3), C("整改到位率"), C("≥90%"), C("92%"), C("30"), C("30")],
        [None, None, C("问题整改\n销号率"), C("≥95%"), C("96%"), C("20"), C("20")],
        [None, None, C("报告质量"), C("优良"), C("优良"), C("20"), C("18")],
        [C("总分"), C(""), C(""), C(""), C(""), C("100"), C("98")],
    ]
    widths = [60, 60, 80, _fit("年度指"), _fit("实际完"), 40, 40]
    data = make_pdf(
        [[Text(40, 50, "项目支出绩效自评表"), _grid(80, rows, widths, centred=True)]], size=LANDSCAPE
    )
    want = [
        ["产出指标", "数量指标", "巡察轮次"],
        ["产出指标", "质量指标", "整改到位率"],
        ["产出指标", "质量指标", "问题整改销号率"],
        ["产出指标", "质量指标", "报告质量"],
    ]
    for tables in _both(data):
        assert _indicators(tables, ["level1", "level2", "level3"]) == want


REASON_HEAD = [*HEAD, C("偏差原因分\n析及改进措\n施")]


def _paged(pages: list[list[list[C | None]]], widths: list[float]) -> bytes:
    """A form whose table goes on over pages (each page's rows a table of its own, as printed)."""
    first = [Text(40, 50, "项目支出绩效自评表"), _grid(80, pages[0], widths)]
    return make_pdf([first, *([_grid(60, rows, widths)] for rows in pages[1:])], size=LANDSCAPE)


def test_reason_cut_by_the_page_end_below_the_repeated_title_and_header() -> None:
    # The block's title row and its column heads repeated atop the next page, the 偏差原因 of the row cut
    # by the page's end going on below them. Before: its rest began a row of its own (the row above it
    # was the repeated header), the reason was cut and its rest read as the next row's.
    title = [C("绩效指标完成情况", col_span=8), *([None] * 7)]
    cut = [C("产出指标"), C("数量指标"), C("新增蓄水池容积"), C("≥1200"), C("1180"), C("4"), C("3.8")]
    page1 = [title, REASON_HEAD, [*cut, C("受汛期持续降\n雨影响，部分")]]
    page2 = [
        title,
        REASON_HEAD,
        [C(""), C(""), C(""), C(""), C(""), C(""), C(""), C("村组施工推迟\n至第四季度。")],
        [C("效益指标"), C("社会效益指标"), C("受益行政村数"), C("≥42个"), C("42个"), C("4"), C("4"), C("")],
        [C("总分"), C(""), C(""), C(""), C(""), C("8"), C("7.8"), C("")],
    ]
    widths = [60, 70, 90, _fit("年度指"), _fit("实际完"), 40, 40, _fit("受汛期持续降")]
    want = [
        ["新增蓄水池容积", "受汛期持续降雨影响，部分村组施工推迟至第四季度。"],
        ["受益行政村数", None],
    ]
    for tables in _both(_paged([page1, page2], widths)):
        assert _indicators(tables, ["level3", "deviation_reason"]) == want


def test_group_weight_cut_by_the_page_end() -> None:
    # 效益指标 / （30 at the foot of a page, 分） atop the next: the 一级指标 cell merged over rows on
    # both pages. Before: 分） began the next page's rows as a 一级指标 of its own and no row had the
    # weight.
    page1 = [
        HEAD,
        [
            C("效益指标\n（30"),
            C("社会效益指标"),
            C("受益人口"),
            C("≥1.2万人"),
            C("1.26万人"),
            C("15"),
            C("15"),
        ],
    ]
    page2 = [
        [C("分）"), C("经济效益指标"), C("取水时间节约"), C("≥30分钟"), C("35分钟"), C("15"), C("15")],
        [C("总分"), C(""), C(""), C(""), C(""), C("30"), C("30")],
    ]
    widths = [_fit("效益指标"), 70, 90, _fit("≥1.2万人"), _fit("1.26万人"), 40, 40]
    want = [["效益指标", 30.0, "受益人口"], ["效益指标", 30.0, "取水时间节约"]]
    for tables in _both(_paged([page1, page2], widths)):
        assert _indicators(tables, ["level1", "level1_weight", "level3"]) == want


def test_centred_label_between_a_tall_reason_and_its_rows_cells() -> None:
    # 质量指标 merged over two rows, centred: it stands inside the second row, whose 偏差原因 (six lines)
    # begins above it and whose other cells, centred, below it. Before: the reason, the label and the
    # row's cells were three rows; the reason was lost and the first of 质量指标's rows took 数量指标.
    reason = "部分乡镇\n申报材料\n报送滞后，\n导致资金\n拨付延迟，\n已整改。"
    rows: list[list[C | None]] = [
        REASON_HEAD,
        [
            C("产出指标", row_span=3),
            C("数量指标"),
            C("巡察轮次"),
            C("≥4轮"),
            C("4轮"),
            C("30"),
            C("30"),
            C(""),
        ],
        [None, C("质量指标", row_span=2), C("整改到位率"), C("≥90%"), C("92%"), C("30"), C("30"), C("")],
        [None, None, C("资金拨付\n及时率"), C("=100%"), C("96%"), C("40"), C("38"), C(reason)],
        [C("总分"), C(""), C(""), C(""), C(""), C("100"), C("98"), C("")],
    ]
    widths = [60, 60, 80, _fit("年度指"), _fit("实际完"), 40, 40, _fit("偏差原因分")]
    grid = _grid(80, rows, widths, centred=True)
    data = make_pdf([[Text(40, 50, "项目支出绩效自评表"), grid]], size=LANDSCAPE)
    want = [
        ["数量指标", "巡察轮次", None],
        ["质量指标", "整改到位率", None],
        ["质量指标", "资金拨付及时率", "部分乡镇申报材料报送滞后，导致资金拨付延迟，已整改。"],
    ]
    for tables in _both(data):
        assert _indicators(tables, ["level2", "level3", "deviation_reason"]) == want


MONEY_HEAD = [
    C("项目资金\n（元）"),
    C("年初预\n算数"),
    C("全年预\n算数"),
    C("全年执\n行数"),
    C("分值"),
    C("执行率"),
    C("得分"),
]


def _money_form(room: str) -> bytes:
    # Full-width commas in narrow 元 columns, broken as LibreOffice's CJK line breaking breaks them: the
    # first line of a figure ends on a digit, not a separator (34 / 8，600. / 00 is 348，600.00).
    rows: list[list[C | None]] = [
        MONEY_HEAD,
        [
            C("年度资金\n总额"),
            C("3\n，485，\n700.00"),
            C("3\n，485，\n700.00"),
            C("3\n，290，\n500.00"),
            C("10"),
            C("94.40%"),
            C("9.44"),
        ],
        [
            C("当年财政\n拨款"),
            C("3\n，137，\n100.00"),
            C("3\n，137，\n100.00"),
            C("2\n，962，\n100.00"),
            C("—"),
            C("94.42%"),
            C("—"),
        ],
        [
            C("上年结转\n资金"),
            C("34\n8，600.\n00"),
            C("34\n8，600.\n00"),
            C("32\n8，400.\n00"),
            C("—"),
            C("94.21%"),
            C("—"),
        ],
    ]
    widths = [60, _fit(room), _fit(room), _fit(room), 40, 50, 40]
    return make_pdf([[Text(40, 50, "项目支出绩效自评表"), _grid(80, rows, widths)]], size=LANDSCAPE)


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
@pytest.mark.parametrize(
    "room",
    [
        pytest.param("8，600.", id="column-as-wide-as-its-widest-line"),
        pytest.param("8，600.000", id="column-wider-than-its-lines"),
    ],
)
def test_figure_cut_before_a_fullwidth_comma_is_never_read_short(ruled: bool, room: str) -> None:
    data = _money_form(room)
    tables = jixiao.read(data if ruled else without_rulings(data))
    funds = tables["funds"].set_index("line")
    got = funds.loc["prior_year_carryover", ["budget_initial_yuan", "executed_yuan"]].tolist()
    assert [None if pd.isna(v) else float(v) for v in got] == [348600.0, 328400.0]
