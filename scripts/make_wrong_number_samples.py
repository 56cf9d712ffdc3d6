"""Write samples/wrong_numbers/: forms that once made jixiao print a WRONG value with status ok.

Each sample is one quirk seen in submissions: two project tables under one title, a note table below the
form that reuses the money block's labels, a 非财政拨款 line, a 总分 row with its 分值 left blank, a
two-level money header (预算数 over 年初 | 全年), a % figure under the 分值 column, scores written in
parentheses, a money header wrapped onto a second line. The truth (``NAME.truth.json``, the format of
``samples/templates/``) is written first, by hand, from what the document states; ``may_be_null`` lists the
fields the form does not let a reader settle (jixiao must then leave them null, never guess), and
``anomalies`` the rules that must say so. ``tests/test_wrong_numbers.py`` judges jixiao against it.

Run: ``.venv/bin/python scripts/make_wrong_number_samples.py`` (deterministic: same bytes every run).
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "samples" / "wrong_numbers"
TITLE = "项目支出绩效自评表\n（2022年度）\n"
MONEY_HEADER = ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
GOALS = [
    ["年度总体目标", "预期目标", "实际完成情况"],
    ["", "完成乡村道路养护任务。", "已完成乡村道路养护任务。"],
]
IND_HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]
INDICATORS = [
    ["产出指标", "数量指标", "养护里程", "≥40公里", "44公里", "30", "30", ""],
    ["效益指标", "社会效益指标", "服务覆盖率", "≥90%", "93%", "30", "30", ""],
    ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "94%", "30", "28", "资金拨付滞后"],
]
HEAD = [["项目名称", "乡村道路养护补助"], ["主管部门", "某县交通运输局", "实施单位", "县公路养护中心"]]

Rows = list[list[str]]
Truth = dict[str, Any]


def pipe(rows: Rows) -> str:
    return "".join(" | ".join(r) + " |\n" for r in rows)


def tab(rows: Rows) -> str:
    """Word's TAB export: one cell per line, each led by a TAB; rows parted by a blank line."""
    return "\n".join("\n".join("\t" + c for c in r) + "\n" for r in rows)


def line(initial: str | None, full: str | None, executed: str | None, **more: Any) -> dict[str, Any]:
    return {"budget_initial_yuan": initial, "budget_full_year_yuan": full, "executed_yuan": executed, **more}


TOTAL = line("3485700.00", "3485700.00", "3290500.00", weight=10, execution_rate_pct=94.4, score=9.44)
APPROPRIATION = line(
    "3137100.00", "3137100.00", "2962100.00", weight=None, execution_rate_pct=94.42, score=None
)
CARRYOVER = line("348600.00", "348600.00", "328400.00", weight=None, execution_rate_pct=94.21, score=None)
OWN_INDICATORS = [
    {"level3": "养护里程", "weight": 30, "score": 30},
    {"level3": "服务覆盖率", "weight": 30, "score": 30},
]
OWN_INDICATORS += [{"level3": "群众满意度", "weight": 30, "score": 28}]


def form(project: str = "乡村道路养护补助", **fields: Any) -> Truth:
    truth: Truth = {"project": project, "year": 2022, "total_weight": 100, "total_score": 97.44}
    truth["funds"] = {"total": TOTAL, "current_year_appropriation": APPROPRIATION}
    truth["indicators"] = OWN_INDICATORS
    return truth | fields


def money_rows() -> Rows:
    return [
        MONEY_HEADER,
        ["年度资金总额", "348.57", "348.57", "329.05", "10", "94.40%", "9.44"],
        ["其中：当年财政拨款", "313.71", "313.71", "296.21", "—", "94.42%", "—"],
    ]


def whole(money: Rows, total: Rows = (["总分", "100", "97.44"],)) -> Rows:  # type: ignore[assignment]
    return [*HEAD, *money, *GOALS, IND_HEADER, *INDICATORS, *total]


# ---------- the samples: (truth, text) -------------------------------------------------------------


def two_projects_one_title() -> tuple[Truth, str]:
    """One title over two project tables, each opened by its own 项目名称 row (pipe rows): two forms."""
    b_total = line("1200000.00", "1200000.00", "1180000.00", weight=10, execution_rate_pct=98.33, score=9.83)
    b_part = line("1200000.00", "1200000.00", "1180000.00", weight=None, execution_rate_pct=98.33, score=None)
    b_inds = [
        {"level3": "养护里程", "weight": 30, "score": 30},
        {"level3": "服务覆盖率", "weight": 30, "score": 30},
    ]
    b_inds += [{"level3": "群众满意度", "weight": 30, "score": 30}]
    truth = [
        form(),
        form(
            "农村饮水安全巩固提升",
            total_score=99.83,
            funds={"total": b_total, "current_year_appropriation": b_part},
            indicators=b_inds,
        ),
    ]
    second = [
        ["项目名称", "农村饮水安全巩固提升"],
        ["主管部门", "某县水利局", "实施单位", "县农村供水站"],
        MONEY_HEADER,
        ["年度资金总额", "120.00", "120.00", "118.00", "10", "98.33%", "9.83"],
        ["其中：当年财政拨款", "120.00", "120.00", "118.00", "—", "98.33%", "—"],
        *GOALS,
        IND_HEADER,
        *INDICATORS[:2],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "94%", "30", "30", ""],
        ["总分", "100", "99.83"],
    ]
    return {"forms": truth}, "附件3\n" + TITLE + pipe(whole(money_rows())) + "\n（2022年度）\n" + pipe(second)


def note_table_last_year() -> tuple[Truth, str]:
    """A note table below the form with last year's 年度资金总额: the form's own line keeps its figures."""
    note = "\n说明：上年度（2021年）资金情况（万元）\n"
    note += pipe(
        [
            ["项目", "年初预算数", "全年预算数", "全年执行数", "执行率"],
            ["年度资金总额", "300.00", "310.00", "305.00", "98.39%"],
        ]
    )
    return {"forms": [form()], "anomalies": ["funds.duplicate_line"]}, TITLE + pipe(
        whole(money_rows())
    ) + note


def detail_table_other_funds() -> tuple[Truth, str]:
    """A detail table below the form with an 其他资金 row, where the form's own 其他资金 line is blank."""
    money = [*money_rows(), ["其他资金", "", "", "", "", "", ""]]
    note = "\n附：分项目资金明细（万元）\n" + pipe(
        [["项目", "全年预算数", "全年执行数"], ["其他资金", "148.57", "139.05"]]
    )
    blank = line(None, None, None, weight=None, execution_rate_pct=None, score=None)
    truth = form(funds={"total": TOTAL, "current_year_appropriation": APPROPRIATION, "other_funds": blank})
    return {"forms": [truth], "anomalies": ["funds.duplicate_line"]}, TITLE + pipe(whole(money)) + note


def negated_fund_line() -> tuple[Truth, str]:
    """其中：财政拨款 / 非财政拨款 (TAB export): 非财政拨款 is no line of the contract, never 财政拨款's."""
    money = [
        MONEY_HEADER,
        ["年度资金总额", "348.57", "348.57", "329.05", "10", "94.40%", "9.44"],
        ["其中：财政拨款", "313.71", "313.71", "296.21", "—", "94.42%", "—"],
        ["非财政拨款", "34.86", "34.86", "32.84", "—", "94.21%", "—"],
    ]
    return {"forms": [form()], "anomalies": ["funds.unread_line"]}, TITLE + tab(whole(money))


def total_row_blank_weight() -> tuple[Truth, str]:
    """The 总分 row leaves 分值 blank: "总分 |  | 97.44" (pipe rows); the parts' 得分 add up to 97.44."""
    truth = form(total_weight=None)
    return {"forms": [truth]}, TITLE + pipe(whole(money_rows(), [["总分", "", "97.44"]]))


def two_level_budget_header() -> tuple[Truth, str]:
    """TAB export of 预算数 spanning 年初 | 全年 (a second header row); the other headers merged down."""
    money = [
        ["项目资金（万元）", "预算数", "", "全年执行数", "分值", "执行率", "得分"],
        ["", "年初", "全年", "", "", "", ""],
        ["年度资金总额", "300.00", "348.57", "329.05", "10", "94.40%", "9.44"],
        ["其中：当年财政拨款", "270.00", "313.71", "296.21", "—", "94.42%", "—"],
    ]
    total = line("3000000.00", "3485700.00", "3290500.00", weight=10, execution_rate_pct=94.4, score=9.44)
    part = line("2700000.00", "3137100.00", "2962100.00", weight=None, execution_rate_pct=94.42, score=None)
    truth = form(funds={"total": total, "current_year_appropriation": part})
    return {"forms": [truth]}, TITLE + tab(whole(money))


def two_level_header_unread() -> tuple[Truth, str]:
    """预算数 over 上年 | 本年: no column of the contract; those columns stay unread, never shifted."""
    money = [
        ["项目资金（万元）", "预算数", "", "全年执行数", "分值", "执行率", "得分"],
        ["", "上年", "本年", "", "", "", ""],
        ["年度资金总额", "300.00", "348.57", "329.05", "10", "94.40%", "9.44"],
        ["其中：当年财政拨款", "270.00", "313.71", "296.21", "—", "94.42%", "—"],
    ]
    total = line(None, None, "3290500.00", weight=10, execution_rate_pct=94.4, score=9.44)
    part = line(None, None, "2962100.00", weight=None, execution_rate_pct=94.42, score=None)
    truth = form(funds={"total": total, "current_year_appropriation": part})
    return {"forms": [truth], "anomalies": ["funds.header_unread"]}, TITLE + tab(whole(money))


def spanning_budget_contradicted() -> tuple[Truth, str]:
    """预算数 spans two columns with no sub-label row; the row's 执行率 contradicts the figure under it."""
    money = [
        ["项目资金（万元）", "预算数", "", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "300.00", "348.57", "329.05", "10", "94.40%", "9.44"],
    ]
    total = line(None, "3485700.00", "3290500.00", weight=10, execution_rate_pct=94.4, score=9.44)
    truth = form(funds={"total": total})
    truth["may_be_null"] = [["fund total", "budget_full_year_yuan"], ["fund total", "executed_yuan"]]
    return {"forms": [truth], "anomalies": ["funds.header_unread"]}, TITLE + tab(whole(money))


def percent_under_weight() -> tuple[Truth, str]:
    """The header names 执行率 before 分值, the rows are filled 分值 first (TAB export): a % under 分值."""
    money = [
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分"],
        ["年度资金总额", "348.57", "348.57", "329.05", "10", "94.40%", "9.44"],
        ["其中：当年财政拨款", "313.71", "313.71", "296.21", "—", "94.42%", "—"],
    ]
    truth = form()
    truth["may_be_null"] = [
        [f"fund {k}", f] for k in ("total", "current_year_appropriation") for f in (*TOTAL, "weight")
    ]
    return {"forms": [truth], "anomalies": ["funds.unplaced_figures"]}, TITLE + tab(whole(money))


def parenthesized_scores() -> tuple[Truth, str]:
    """分值/得分 written in parentheses, "（10分）", "(30)", "（100分）": annotations, never a minus sign."""
    money = money_rows()
    money[1] = ["年度资金总额", "348.57", "348.57", "329.05", "（10分）", "94.40%", "9.44"]
    inds = [list(r) for r in INDICATORS]
    inds[0][5], inds[1][5], inds[1][6] = "（30分）", "(30)", "(30)"
    rows = [*HEAD, *money, *GOALS, IND_HEADER, *inds, ["总分", "（100分）", "97.44"]]
    return {"forms": [form()]}, TITLE + tab(rows)


def wrapped_money_header() -> tuple[Truth, str]:
    """Flattened rows; the money header wraps onto a second line (年初 全年 全年 … / 预算数 预算数 执行数)."""
    text = TITLE + "\n".join(
        [
            "项目名称 乡村道路养护补助",
            "主管部门 某县交通运输局 实施单位 县公路养护中心",
            "项目资金（万元） 年初 全年 全年 分值 执行率 得分",
            "预算数 预算数 执行数",
            "年度资金总额 300.00 348.57 329.05 10 94.40% 9.44",
            "年度总体目标 预期目标 实际完成情况",
            "完成乡村道路养护任务。 已完成乡村道路养护任务。",
            " ".join(IND_HEADER),
            *(" ".join(c for c in r if c) for r in INDICATORS),
            "总分 100 97.44",
        ]
    )
    total = line("3000000.00", "3485700.00", "3290500.00", weight=10, execution_rate_pct=94.4, score=9.44)
    truth = form(funds={"total": total})
    truth["may_be_null"] = [["fund total", f] for f in TOTAL]
    return {"forms": [truth]}, text + "\n"


def layout(rows: list[list[list[str]]], starts: list[int]) -> str:
    """PDF text laid out by columns (``pdftotext -layout``): each cell's lines from its column's start,
    a Chinese or full-width character two columns wide."""
    out: list[str] = []
    for row in rows:
        for k in range(max(len(cell) for cell in row)):
            text = ""
            for start, cell in zip(starts, row, strict=False):
                piece = cell[k] if k < len(cell) else ""
                if piece:
                    width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
                    text += " " * max(start - width, 1 if text else 0) + piece
            out.append(text.rstrip())
    return "\n".join(out) + "\n"


_LAYOUT_COLUMNS = [0, 18, 34, 50, 62, 74, 83, 91]
_LAYOUT_TAIL = [
    [["年度总体目标"], ["完成乡村道路养护任务。"], [], [], ["已完成乡村道路养护任务。"]],
    [["一级指标"], ["二级指标"], ["三级指标"], ["年度指标值"], ["实际完成值"], ["分值"], ["得分"]],
    [["产出指标"], ["数量指标"], ["养护里程"], ["≥40公里"], ["44公里"], ["30"], ["30"]],
    [["效益指标"], ["社会效益指标"], ["服务覆盖率"], ["≥90%"], ["93%"], ["30"], ["30"]],
    [["满意度指标"], ["服务对象满意"], ["群众满意度"], ["≥90%"], ["94%"], ["30"], ["28"], ["资金拨付滞后"]],
    [["总分"], ["100"], [], [], [], [], ["97.44"]],
]


def layout_cut_after_fullwidth_separator() -> tuple[Truth, str]:
    """PDF layout text of a 元 form typed with the full-width comma (3，290，500.00): a figure cut after
    its "，" or "." at the column's edge goes on below it (3，290， / 500.00, 328，400. / 00, 94. / 21%);
    read alone the cut head would be 3290 元, 328,400.00 and 94 (trailing punctuation removed)."""
    rows = [
        [["项目名称"], ["乡村道路养护补助"]],
        [["主管部门"], ["某县交通运输局"], [], ["实施单位"], [], ["县公路养护中心"]],
        [
            ["项目资金", "（元）"],
            ["年初预算数"],
            ["全年预算数"],
            ["全年执行", "数"],
            ["分值"],
            ["执行率"],
            ["得分"],
        ],
        [
            ["年度资金总额"],
            ["3，485，700.00"],
            ["3，485，700.00"],
            ["3，290，", "500.00"],
            ["10"],
            ["94.", "40%"],
            ["9.44"],
        ],
        [
            ["其中：当年财政拨", "款"],
            ["3，137，100.00"],
            ["3，137，100.00"],
            ["2，962，", "100.00"],
            ["—"],
            ["94.", "42%"],
            ["—"],
        ],
        [
            ["上年结转资金"],
            ["348，600.00"],
            ["348，600.00"],
            ["328，400.", "50"],
            ["—"],
            ["94.", "21%"],
            ["—"],
        ],
        *_LAYOUT_TAIL,
    ]
    carryover = line("348600.00", "348600.00", "328400.50", weight=None, execution_rate_pct=94.21, score=None)
    funds = {"total": TOTAL, "current_year_appropriation": APPROPRIATION, "prior_year_carryover": carryover}
    truth = form(funds=funds)
    truth["may_be_null"] = [["fund total", f] for f in TOTAL]
    return {"forms": [truth]}, TITLE + layout(rows, _LAYOUT_COLUMNS)


def layout_header_labels_one_space_apart() -> tuple[Truth, str]:
    """PDF layout text whose columns stand close: the indicator header's 实际完成值 and 分值 are one space
    apart (实际完成值 分值). They are two columns; read as one, each indicator row no longer lay under the
    header and its 分值 figure was taken for its 得分 (群众满意度 30 for 28)."""
    rows = [
        [["项目名称"], ["乡村道路养护补助"]],
        [
            ["项目资金", "（万元）"],
            ["年初预算数"],
            ["全年预算数"],
            ["全年执行", "数"],
            ["分值"],
            ["执行率"],
            ["得分"],
        ],
        [["年度资金总额"], ["348.57"], ["348.57"], ["329.05"], ["10"], ["94.40%"], ["9.44"]],
        [["其中：当年财政拨", "款"], ["313.71"], ["313.71"], ["296.21"], ["—"], ["94.42%"], ["—"]],
        *_LAYOUT_TAIL,
    ]
    return {"forms": [form()]}, TITLE + layout(rows, [0, 18, 34, 50, 61, 72, 80, 88])


SAMPLES: dict[str, Callable[[], tuple[Truth, str]]] = {
    "two_projects_one_title": two_projects_one_title,
    "note_table_last_year": note_table_last_year,
    "detail_table_other_funds": detail_table_other_funds,
    "negated_fund_line_tab": negated_fund_line,
    "total_row_blank_weight": total_row_blank_weight,
    "two_level_budget_header_tab": two_level_budget_header,
    "two_level_header_unread_tab": two_level_header_unread,
    "spanning_budget_contradicted_tab": spanning_budget_contradicted,
    "percent_under_weight_tab": percent_under_weight,
    "parenthesized_scores_tab": parenthesized_scores,
    "wrapped_money_header_flat": wrapped_money_header,
    "layout_cut_after_fullwidth_separator": layout_cut_after_fullwidth_separator,
    "layout_header_labels_one_space_apart": layout_header_labels_one_space_apart,
}


def _xlsx(text: str) -> bytes:
    """The pipe rows of a text sample as one sheet (each row's cells in columns, paragraphs in column A)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in text.splitlines():
        if "|" in row:
            ws.append([c.strip() for c in row.split("|")][:-1])
        elif row.strip():
            ws.append([row.strip()])
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()


TWINS = {"two_projects_one_title": "xlsx"}  # the same quirk through a reader that keeps the grid


def _formatted_sheet(figures: list[list[float]], number_format: str) -> bytes:
    """The form as one sheet whose money cells hold ``figures`` (年初, 全年, 执行数 per line) as numbers
    under ``number_format``, the way a clerk's workbook stores them."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in TITLE.splitlines():
        ws.append([row])
    money = money_rows()
    for row in whole(money):
        ws.append(list(row))
        if row[0] in ("年度资金总额", "其中：当年财政拨款"):
            stored = figures[0 if row[0] == "年度资金总额" else 1]
            for col, number in enumerate(stored, start=2):
                cell = ws.cell(ws.max_row, col)
                cell.value, cell.number_format = number, number_format
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()


_IN_YUAN = [[3485700, 3485700, 3290500], [3137100, 3137100, 2962100]]


def unit_drawn_by_format() -> tuple[Truth, bytes]:
    """Money stored in 元 under a （万元） header, each cell formatted #,##0.00"元": the sheet shows
    3,485,700.00元 — the unit is the cell's own, drawn by its number format, not the header's."""
    return {"forms": [form()]}, _formatted_sheet(_IN_YUAN, '#,##0.00"元"')


def wan_trick_through_libreoffice() -> tuple[Truth, bytes]:
    """Money stored in 元 under a （万元） header, shown in 万元 by Excel's 0!.0000 (3485700 shows 348.5700),
    as LibreOffice writes that format when it converts an .xls: 0\\!.0000."""
    return {"forms": [form()]}, _formatted_sheet(_IN_YUAN, "0\\!.0000")


def _page(rows: Rows, hidden_row: list[str], how: str) -> bytes:
    """The form as a saved web page, with ``hidden_row`` before the money block's first line, hidden by
    ``how`` (an attribute of its ``<tr>``); the page's stylesheet hides the class ``old``."""
    cells = ["".join(f"<td>{c}</td>" for c in r) for r in rows]
    at = next(n for n, r in enumerate(rows) if r and r[0] == "年度资金总额")
    hidden = "".join(f"<td>{c}</td>" for c in hidden_row)
    body = "\n".join([*(f"<tr>{c}</tr>" for c in cells[:at]), f"<tr {how}>{hidden}</tr>"])
    body += "\n" + "\n".join(f"<tr>{c}</tr>" for c in cells[at:])
    title = "".join(f"<p>{t}</p>" for t in TITLE.splitlines())
    style = "<style>td { padding: 2px } .old { display: none }</style>"
    page = f"<html><head><meta charset='utf-8'>{style}</head><body>{title}<table border=1>\n{body}\n</table>"
    return (page + "</body></html>\n").encode("utf-8")


_LAST_YEAR = ["年度资金总额", "300.00", "310.00", "305.00", "10", "98.39%", "9.84"]


def hidden_row_inline() -> tuple[Truth, bytes]:
    """A saved page keeps last year's 年度资金总额 row above this year's, hidden (style="display:none"): a
    browser does not show it, so it is not read (the first 年度资金总额 would otherwise win)."""
    return {"forms": [form()]}, _page(whole(money_rows()), _LAST_YEAR, 'style="display:none"')


def hidden_row_by_class() -> tuple[Truth, bytes]:
    """The same hidden row, hidden by a class the page's own stylesheet hides (.old { display: none })."""
    return {"forms": [form()]}, _page(whole(money_rows()), _LAST_YEAR, 'class="old"')


def placeholder_content_control() -> tuple[Truth, bytes]:
    """A Word form whose 上年结转资金 年初预算数 is a content control still showing its template's grey
    placeholder 0.00 (w:showingPlcHdr): the clerk never filled it in, so it is blank, not 0."""
    import docx

    money = [*money_rows(), ["上年结转资金", "PLACEHOLDER", "34.86", "32.84", "—", "94.21%", "—"]]
    rows = whole(money)
    document = docx.Document()
    for text in TITLE.splitlines():
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=8)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    bio = io.BytesIO()
    document.save(bio)
    control = (
        "<w:sdt><w:sdtPr><w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent>"
        '<w:r><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>0.00</w:t></w:r></w:sdtContent></w:sdt>'
    )
    parts = {}
    with zipfile.ZipFile(io.BytesIO(bio.getvalue())) as package:
        for name in package.namelist():
            parts[name] = package.read(name)
    body = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = re.sub("<w:r><w:t>PLACEHOLDER</w:t></w:r>", control, body).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():  # fixed times: the same bytes every run
            package.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
    carryover = line(None, "348600.00", "328400.00", weight=None, execution_rate_pct=94.21, score=None)
    funds = {"total": TOTAL, "current_year_appropriation": APPROPRIATION, "prior_year_carryover": carryover}
    return {"forms": [form(funds=funds)]}, out.getvalue()


# Samples that exist only as workbooks or pages: the quirk needs a cell's stored number and its format,
# or an element's style.
SHEETS: dict[str, Callable[[], tuple[Truth, bytes]]] = {
    "unit_drawn_by_format_xlsx": unit_drawn_by_format,
    "wan_trick_through_libreoffice_xlsx": wan_trick_through_libreoffice,
    "hidden_row_inline_html": hidden_row_inline,
    "hidden_row_by_class_html": hidden_row_by_class,
    "placeholder_content_control_docx": placeholder_content_control,
}


def write_all(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, build in SAMPLES.items():
        truth, text = build()
        stems = [(name, "txt"), *([(f"{name}_xlsx", "xlsx")] if name in TWINS else [])]
        for stem, fmt in stems:
            path = out / f"{stem}.{fmt}"
            doc = {
                "sample": path.name,
                "family": "wrong_numbers",
                "quirk": (build.__doc__ or "").strip(),
                "made_by": "scripts/make_wrong_number_samples.py",
                **truth,
            }
            truth_path = out / f"{stem}.truth.json"  # the truth first, then the sample
            truth_path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            if fmt == "txt":
                path.write_text(text, encoding="utf-8")
            else:
                path.write_bytes(_xlsx(text))
            written += [truth_path, path]
    for name, make in SHEETS.items():
        truth, data = make()
        path = out / f"{name}.{name.rsplit('_', 1)[1]}"
        doc = {
            "sample": path.name,
            "family": "wrong_numbers",
            "quirk": (make.__doc__ or "").strip(),
            "made_by": "scripts/make_wrong_number_samples.py",
            **truth,
        }
        truth_path = out / f"{name}.truth.json"  # the truth first, then the sample
        truth_path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        path.write_bytes(data)
        written += [truth_path, path]
    return written


if __name__ == "__main__":
    for p in write_all():
        print(p.relative_to(OUT.parent.parent))
