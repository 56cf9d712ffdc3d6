"""What a form's headings and cells say: a span of years is no year, a contents line no form, a title
with （续） no new form, a count with a thousands point no fraction, spaces in a flattened name no border."""

from __future__ import annotations

import pytest

from jixiao.pipeline import process_bytes

ROWS = [
    "项目名称 | 乡村道路养护补助 |",
    "项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
    "年度资金总额 | 348.57 | 348.57 | 329.05 | 10 | 94.40% | 9.44 |",
    "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
    "产出指标 | 数量指标 | 养护里程 | ≥40公里 | 44公里 | 60 | 60 |  |",
    "满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 94% | 30 | 28 | 资金拨付滞后 |",
    "总分 | 100 | 97.44 |",
]

# (the lines above the table, the form's year, whether document.year_span is raised)
YEARS = [
    pytest.param("项目支出绩效自评表\n（2023年度）", 2023, False, id="one-year"),
    pytest.param("项目支出绩效自评表\n（2021-2023年度）", None, True, id="span-on-its-own-line"),
    pytest.param("项目支出绩效自评表（2021—2023年度）", None, True, id="span-in-the-title"),
    pytest.param("项目支出绩效自评表\n（2021年-2023年）", None, True, id="span-both-ends-with-nian"),
    pytest.param("项目支出绩效自评表\n（2021至2023年度）", None, True, id="span-with-zhi"),
    pytest.param(
        "项目支出绩效自评表\n（2022年度）\n填报日期：2023年3月10日", 2022, False, id="a-date-is-no-span"
    ),
]


@pytest.mark.parametrize(("head", "year", "flagged"), YEARS)
def test_a_span_of_years_is_no_year(head: str, year: int | None, flagged: bool) -> None:
    result = process_bytes(("\n".join([head, *ROWS]) + "\n").encode("utf-8"), "form.txt")
    (form,) = result.forms
    assert form.year == year
    assert ("document.year_span" in {a.rule for a in result.anomalies}) == flagged


TOC = (
    "目　录\n附件1 | 部门整体支出绩效自评表 | 23 |\n附件2 | 项目支出绩效自评表 | 25 |\n"
    "年度资金总额 | 全年预算数 | 全年执行数 | 27 |\n"
)
FORM = "附件2\n项目支出绩效自评表\n（2023年度）\n" + "\n".join(ROWS) + "\n"

# (the text, (forms, reports) read): a table of contents' line names a form, it is none.
CONTENTS = [
    pytest.param(TOC, (0, 0), id="pipe-contents-alone"),
    pytest.param(TOC + "\n" + FORM, (1, 0), id="pipe-contents-then-the-form"),
    pytest.param(FORM, (1, 0), id="the-form-alone"),
]


@pytest.mark.parametrize(("text", "counts"), CONTENTS)
def test_a_table_of_contents_line_is_no_form(text: str, counts: tuple[int, int]) -> None:
    result = process_bytes(text.encode("utf-8"), "doc.txt")
    (doc,) = result.documents
    assert (doc.form_count, doc.report_count) == counts
    assert all(f.project == "乡村道路养护补助" for f in result.forms)


# (the target as written, (op, value, unit, status)): a count is never fractional, a phone is no range.
TARGETS = [
    pytest.param("1.200人", (None, None, "人", "ambiguous"), id="count-with-thousands-point"),
    pytest.param("≥1.200人", (">=", None, "人", "ambiguous"), id="count-with-thousands-point-and-op"),
    pytest.param("1,200人", (None, "1200", "人", "ok"), id="count-with-thousands-comma"),
    pytest.param("1.20人", (None, "1.20", "人", "ok"), id="two-places-is-no-thousands"),
    pytest.param("1.200公里", (None, "1.200", "公里", "ok"), id="a-length-may-have-three-places"),
    pytest.param("0731-22334455", (None, None, None, "ok"), id="phone-number-is-no-range"),
    pytest.param("90%-100%", (None, "90", "%", "ok"), id="a-range-stays-a-range"),
]


@pytest.mark.parametrize(("raw", "want"), TARGETS)
def test_targets_read_honestly(raw: str, want: tuple[str | None, str | None, str | None, str]) -> None:
    from decimal import Decimal

    from jixiao.normalize.targets import parse_target

    got = parse_target(raw)
    value = Decimal(want[1]) if want[1] is not None else None
    assert (got.op, got.value, got.unit, got.status) == (want[0], value, want[2], want[3])
    assert got.upper is None or raw == "90%-100%"


def test_an_ambiguous_count_is_said() -> None:
    rows = [*ROWS[:4], "效益指标 | 社会效益指标 | 服务人数 | ≥1.200人 | 1.350人 | 10 | 10 |  |", *ROWS[4:]]
    result = process_bytes(("项目支出绩效自评表\n" + "\n".join(rows) + "\n").encode("utf-8"), "form.txt")
    served = [i for i in result.indicators if i.level3 == "服务人数"]
    assert [(i.target_value, i.actual_value, i.target_met) for i in served] == [(None, None, None)]
    assert [a.rule for a in result.anomalies].count("target.ambiguous") == 2


IND_HEADER = ROWS[3]

# (the title repeated atop the continuation page, the forms read): "（续）" goes on with the same form.
CONTINUED = [
    pytest.param("项目支出绩效自评表（续）", 1, id="xu-in-brackets"),
    pytest.param("项目支出绩效自评表(续表)", 1, id="xubiao-in-brackets"),
    pytest.param("续表：项目支出绩效自评表", 1, id="xubiao-first"),
    pytest.param("部门整体支出绩效自评表（续）", 2, id="another-kind-is-another-form"),
]


@pytest.mark.parametrize(("title", "forms"), CONTINUED)
def test_a_title_repeated_with_xu_continues_the_form(title: str, forms: int) -> None:
    rows = [*ROWS[:5], "- 1 -", title, IND_HEADER, *ROWS[5:]]
    result = process_bytes(("项目支出绩效自评表\n" + "\n".join(rows) + "\n").encode("utf-8"), "form.txt")
    assert len(result.forms) == forms
    first = result.forms[0]
    whole = (
        first.total_weight,
        first.total_score,
        len([i for i in result.indicators if i.form_id == first.form_id]),
    )
    assert whole == ((100.0, 97.44, 3) if forms == 1 else (None, None, 2))
    assert (title in {r.text for r in result.residuals}) is False  # the form's title again, not lost text


FLAT = [
    "项目支出绩效自评表",
    "项目名称 乡村道路养护补助",
    "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分",
    "年度资金总额 348.57 348.57 329.05 10 94.40% 9.44",
    "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施",
    "产出指标 数量指标 {NAME} ≥40公里 44公里 60 60",
    "满意度指标 服务对象满意度指标 群众满意度 ≥90% 94% 30 28 资金拨付滞后",
    "总分 100 97.44",
]

# (a 三级指标 written with spaces in a flattened row, the name read): the spaces are no cell borders.
NAMES = [
    pytest.param("养护里程", "养护里程", id="no-space"),
    pytest.param("农村公路 养护里程", "农村公路养护里程", id="one-space"),
    pytest.param("农村 公路 养护里程", "农村公路养护里程", id="two-spaces"),
    pytest.param("农村 公路 养护 里程", "农村公路养护里程", id="three-spaces"),
    pytest.param("G210 国道 养护里程", "G210国道养护里程", id="a-figure-in-the-name"),
]


@pytest.mark.parametrize("one_line", [False, True], ids=["flattened-rows", "one-line"])
@pytest.mark.parametrize(("name", "read"), NAMES)
def test_a_name_with_spaces_in_a_flattened_row(name: str, read: str, one_line: bool) -> None:
    lines = [line.replace("{NAME}", name) for line in FLAT]
    text = " ".join(lines) if one_line else "\n".join(lines)
    result = process_bytes((text + "\n").encode("utf-8"), "form.txt")
    got = [(i.level3, i.target_raw, i.weight, i.score) for i in result.indicators if i.level2 == "数量指标"]
    assert got == [(read, "≥40公里", 60.0, 60.0)]


def test_a_form_without_a_known_title_that_names_a_project_is_a_project_form() -> None:
    """A heading no title list knows ("2023年度项目绩效目标") over pipe rows cut into several tables:
    the 项目名称 row above the indicator header names a project, so the form is no department's."""
    rows = [
        "2023年度项目绩效目标",
        "（2023年度）",
        "项目名称 | 农村公路安全生命防护工程 |",
        "主管部门 | 某县交通运输局 | 实施单位 | 某县公路管理段 |",
        "项目资金（万元） | 年度资金总额 | 260 |",
        "年度绩效目标 | 完成危险路段防护栏安装45公里。 |",
        "一级指标 | 二级指标 | 三级指标 | 指标值 | 分值 |",
        "产出指标 | 数量指标 | 防护栏安装里程 | ≥45公里 | 30 |",
        "满意度指标 | 服务对象满意度指标 | 沿线群众满意度 | ≥90% | 20 |",
    ]
    result = process_bytes(("\n".join(rows) + "\n").encode("utf-8"), "form.txt")
    assert [(f.form_type, f.project) for f in result.forms] == [("project", "农村公路安全生命防护工程")]
