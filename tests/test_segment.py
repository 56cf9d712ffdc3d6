"""Segmentation: attachments, form kinds, header fields, money block, indicators, 总分 — on the real sample
and on tiny variants built here."""

from __future__ import annotations

import pytest
from jixiao.extract.labels import clean_label
from jixiao.extract.segment import classify_title, coverage_pct, match_attachment, segment_layout
from jixiao.extract.text_source import parse_text_layout, read_text_layout


@pytest.fixture(scope="module")
def lukou(lukou_bytes: bytes):  # type: ignore[no-untyped-def]
    return segment_layout(read_text_layout(lukou_bytes))


def test_sample_has_two_forms_and_two_reports(lukou) -> None:  # type: ignore[no-untyped-def]
    assert [(f.form_type, f.attachment) for f in lukou.forms] == [
        ("department", "附件1"),
        ("project", "附件3"),
    ]
    assert [(r.attachment, r.title.text) for r in lukou.reports] == [
        ("附件2", "部门整体支出绩效自评报告"),
        ("附件4", "项目支出绩效自评报告"),
    ]


def test_sample_header_fields(lukou) -> None:  # type: ignore[no-untyped-def]
    dept, proj = lukou.forms
    assert dept.header["fill_unit"].text == "区委巡察办"
    assert dept.year is not None and dept.year.text == "2023"
    assert clean_label(dept.header["department"].text) == "中共株洲市渌口区委巡察工作领导小组办公室"
    assert clean_label(proj.header["project"].text) == "巡察专项经费"
    assert clean_label(proj.header["implementing_unit"].text) == "区委巡察办"
    assert str(proj.header["competent_department"].location) == "line 221"


def test_sample_money_block(lukou) -> None:  # type: ignore[no-untyped-def]
    dept, proj = lukou.forms
    total = dept.funds[0]
    assert (total.line, total.unit) == ("total", "万元")
    assert {k: v.text for k, v in total.cells.items()} == {
        "budget_initial": "3,20.6,71591",
        "budget_full_year": "3,21.0,13328",
        "executed": "3,21.0,08126",
        "weight": "10分",
        "execution_rate": "99.99%",
        "score": "9.99",
    }
    assert [(b.basis, b.line, b.amount.text) for b in dept.breakdown if b.amount.text] == [
        ("income", "general_public_budget", "321.013328"),
        ("expenditure", "basic_expenditure", "241.024804"),
        ("expenditure", "project_expenditure", "79.988524"),
    ]
    assert [f.line for f in proj.funds] == [
        "total",
        "current_year_appropriation",
        "prior_year_carryover",
        "other_funds",
    ]


def test_sample_indicators_inherit_merged_levels(lukou) -> None:  # type: ignore[no-untyped-def]
    for form in lukou.forms:
        rows = [
            (
                clean_label(i.level1.text),
                clean_label(i.level2.text),
                i.weight.text.strip(),
                i.score.text.strip(),
            )
            for i in form.indicators
        ]
        assert rows == [
            ("产出指标", "数量指标", "20", "20"),
            ("产出指标", "质量指标", "15", "15"),
            ("产出指标", "时效指标", "15", "15"),
            ("效益指标", "经济效益指标", "8", "8"),
            ("效益指标", "社会效益指标", "8", "8"),
            ("效益指标", "生态效益指标", "8", "8"),
            ("效益指标", "可持续影响指标", "6", "6"),
            ("满意度指标", "服务对象满意度指标", "10", "9"),
        ]
        assert [clean_label(i.level1_weight.text) for i in form.indicators][::3] == [
            "(50分)",
            "(30分)",
            "(30分)",
        ]
    dept, proj = lukou.forms
    assert (dept.total_weight.text, dept.total_score.text.strip()) == ("100", "98.99")
    assert (proj.total_weight.text, proj.total_score.text.strip()) == ("100", "99")


def test_glued_heading_is_cut_out(lukou) -> None:  # type: ignore[no-untyped-def]
    dept = lukou.forms[0]
    assert dept.total_score.text == "\u300098.99"
    assert str(lukou.reports[0].title.location) == "line 183"


def test_sample_coverage_is_complete(lukou) -> None:  # type: ignore[no-untyped-def]
    assert coverage_pct(lukou) >= 98
    assert (
        lukou.placed_chars + sum(len(clean_label(t.text)) for _, t in lukou.residuals)
        >= lukou.total_chars - 5
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("附件1", ("附件1", ""), id="plain"),
        pytest.param(" 附 件 ２ ", ("附件2", ""), id="spaced-fullwidth"),
        pytest.param("附件三：项目支出绩效自评表", ("附件三", "项目支出绩效自评表"), id="with-title"),
        pytest.param("附件2所列项目已完成", None, id="prose-is-not-a-heading"),
    ],
)
def test_match_attachment(text: str, expected: tuple[str, str] | None) -> None:
    assert match_attachment(text) == expected


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        pytest.param("部门整体支出绩效自评表", "department", id="department"),
        pytest.param("部门整体支出绩效评价自评表", "department", id="department-variant"),
        pytest.param("项目支出绩效自评表", "project", id="project"),
        pytest.param("部门预算项目支出绩效自评表", "project", id="sichuan-project"),
        pytest.param("部门整体支出绩效自评报告", "report", id="report"),
        pytest.param("项目支出绩效目标表", "target", id="target-table"),
        pytest.param("2022年度项目支出绩效自评情况表", "project", id="project-情况表"),
        pytest.param("项目支出绩效自评结果表", "project", id="project-结果表"),
        pytest.param("部门整体支出绩效自评情况表", "department", id="department-情况表"),
        pytest.param("中央财政衔接推进乡村振兴补助资金绩效自评表", "project", id="one-fund's-form"),
        pytest.param(
            "关于报送2023年度部门整体支出绩效自评表等材料的说明，请各单位按时填报并加盖公章后报送",
            None,
            id="long-prose",
        ),
    ],
)
def test_classify_title(title: str, kind: str | None) -> None:
    assert classify_title(title) == kind


def test_forms_without_attachment_headings_split_on_titles() -> None:
    one = "项目支出绩效自评表\n\t项目支出名称\n\t甲项目\n\n"
    one += "\t一级指标\n\t二级指标\n\t三级指标\n\t分值\n\t得分\n\n"
    one += "\t产出指标\n\t数量指标\n\t完成数\n\t50\n\t50\n\n\t总分\n\t50\n\t50\n\n"
    doc = segment_layout(parse_text_layout(one + one.replace("甲项目", "乙项目")))
    assert [clean_label(f.header["project"].text) for f in doc.forms] == ["甲项目", "乙项目"]
    assert [len(f.indicators) for f in doc.forms] == [1, 1]


def test_unplaced_text_lands_in_residuals() -> None:
    text = "附件1\n项目支出绩效自评表\n\t项目支出名称\n\t甲\n\n"
    text += "\t一级指标\n\t二级指标\n\t分值\n\n\t神秘行\n\t\n\t\n\n"
    doc = segment_layout(parse_text_layout(text + "\n备注：本表由财务室填写"))
    residual_texts = [t.text for _, t in doc.residuals]
    assert "备注：本表由财务室填写" in residual_texts
    assert coverage_pct(doc) < 100


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("附件1　部门整体支出绩效自评表……………………1", None, id="toc-ellipsis"),
        pytest.param("项目支出绩效自评表..........6", None, id="toc-dots"),
        pytest.param("部门整体支出绩效自评表", "department", id="title-still-a-title"),
    ],
)
def test_table_of_contents_lines_are_not_titles(text: str, kind: str | None) -> None:
    assert classify_title(text) == kind
    assert match_attachment(text) is None or kind is not None


_PROJECT = (
    "项目支出绩效自评表\n\t项目支出名称\n\t{name}\n\n\t一级指标\n\t二级指标\n\t三级指标\n\t分值\n\t得分\n\n"
    "\t产出指标\n\t数量指标\n\t完成数\n\t50\n\t50\n\n\t总分\n\t50\n\t50\n\n"
)


def test_forms_under_one_attachment_heading_share_it() -> None:
    text = "附件2\n" + _PROJECT.format(name="甲") + _PROJECT.format(name="乙")
    text += "项目支出绩效自评报告\n一、基本情况\n正文。\n"
    doc = segment_layout(parse_text_layout(text))
    assert [(f.attachment, clean_label(f.header["project"].text)) for f in doc.forms] == [
        ("附件2", "甲"),
        ("附件2", "乙"),
    ]
    assert [r.attachment for r in doc.reports] == [None]  # a report is not one of the forms


def _two_row_header_text() -> str:
    rows = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["", "", "", "指标性质", "指标值", "度量单位", "", "", ""],
        ["产出指标", "数量指标", "培训人次", "≥", "600", "人次", "652人次", "25", "25"],
        ["总分", "25", "25"],
    ]
    return "项目支出绩效自评表\n" + "".join("".join(f"\t{c}\n" for c in r) + "\n" for r in rows)


def test_two_row_indicator_header_from_a_text_export() -> None:
    doc = segment_layout(parse_text_layout(_two_row_header_text()))
    (ind,) = doc.forms[0].indicators
    assert ind.target and ind.actual and ind.weight and ind.score
    assert (ind.target.text, ind.actual.text, ind.weight.text, ind.score.text) == (
        "≥600人次",
        "652人次",
        "25",
        "25",
    )
    assert sorted(ind.extra) == ["nature", "unit"]
    assert coverage_pct(doc) == 100.0
