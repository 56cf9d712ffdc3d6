"""Money facts in report prose: figures, subjects, sentences, locations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jixiao.extract.layout import Location, Paragraph
from jixiao.extract.records import RawReport
from jixiao.extract.reports import parse_report
from jixiao.extract.text_source import read_text_layout
from jixiao.normalize.facts import extract_facts, iter_money, subject_before
from sample_paths import LUKOU_TXT


def _report(first: int, last: int, attachment: str) -> RawReport:
    layout = read_text_layout(LUKOU_TXT.read_bytes())
    paras = [
        b
        for b in layout.blocks
        if isinstance(b, Paragraph) and b.location.line is not None and first <= b.location.line <= last
    ]
    return parse_report(paras, attachment=attachment, title=None)


def test_sample_attachment2_facts() -> None:
    report = _report(185, 207, "附件2")
    facts = extract_facts(report, doc_id="lukou", first_seq=7)
    got = [(f.seq, f.subject, f.raw, f.amount_yuan, f.unit_written, f.status, str(f.location)) for f in facts]
    assert got == [
        (7, "全年支出", "2410248.04万元", Decimal("24102480400.00"), "万元", "ok", "line 197"),
        (8, "人员经费", "1951429.74元", Decimal("1951429.74"), "元", "ok", "line 197"),
        (9, "公用经费", "458818.3元", Decimal("458818.30"), "元", "ok", "line 197"),
        (10, "巡察专项经费全年支出", "799833.22元", Decimal("799833.22"), "元", "ok", "line 199"),
        (11, "收缴和清退违纪资金", "63万余元", Decimal("630000.00"), "万元", "approximate", "line 201"),
    ]
    assert {f.doc_id for f in facts} == {"lukou"} and {f.attachment for f in facts} == {"附件2"}
    assert facts[1].sentence == facts[0].sentence
    assert facts[0].sentence is not None and facts[0].sentence.startswith("2023年区委巡察办全年支出为")
    assert facts[0].sentence.endswith("公用经费458818.3元")  # split on 。, the terminator not kept
    assert facts[4].sentence is not None and facts[4].sentence.startswith("巡察了1个镇")


def test_sample_attachment4_has_one_fact() -> None:
    facts = extract_facts(_report(409, 424, "附件4"), doc_id="lukou")
    assert [(f.seq, f.raw, str(f.location)) for f in facts] == [(1, "63万余元", "line 410")]


MONEY = [
    pytest.param("人员经费1951429.74元", [("1951429.74元", "人员经费")], id="yuan"),
    pytest.param("全年支出为2410248.04万元", [("2410248.04万元", "全年支出")], id="wan-after-wei"),
    pytest.param("其中：人员经费1,951,429.74元", [("1,951,429.74元", "人员经费")], id="thousands-commas"),
    pytest.param("资金63万余元", [("63万余元", "资金")], id="wan-yu"),
    pytest.param("资金100多万元", [("100多万元", "资金")], id="duo-wan"),
    pytest.param("预算约1.5亿元左右", [("约1.5亿元左右", "预算")], id="qualifiers-kept-in-raw"),
    pytest.param("补助六十三万元", [("六十三万元", "补助")], id="chinese-numerals"),
    pytest.param("支出十万元", [("十万元", "支出")], id="chinese-ten-wan"),
    pytest.param("“三公”经费1.5万元", [("1.5万元", "“三公”经费")], id="quotes-are-not-clause-marks"),
    pytest.param("（其中人员经费100元）", [("100元", "人员经费")], id="qizhong-in-parens"),
    pytest.param("截至2023年12月31日我局累计支出50万元", [("50万元", "累计支出")], id="date-and-agency"),
    pytest.param("2023年", [], id="year-is-not-money"),
    pytest.param("在职人员5人", [], id="head-count"),
    pytest.param("反馈问题429个", [], id="item-count"),
    pytest.param("覆盖率达到50%", [], id="percent"),
    pytest.param("（单位：万元）", [], id="unit-label"),
    pytest.param("推进一元化管理", [], id="yi-yuan-hua"),
    pytest.param("第3单元", [], id="danyuan"),
    pytest.param("2023年元旦", [], id="yuandan"),
    pytest.param("办公费1000元", [("1000元", "办公费")], id="ban-is-not-an-agency-here"),
    # never the tail of a longer figure, a range or a fraction; a minus sign is the figure's
    pytest.param("全年支出1 234 567.89元", [], id="space-grouped-figure-no-tail"),
    pytest.param("全年支出12,3456.78元", [], id="stray-comma-figure-no-tail"),
    pytest.param("全年支出1.234,56元", [], id="european-figure-no-tail"),
    pytest.param("全年支出1,2万元", [], id="decimal-comma-no-tail"),
    pytest.param("全年支出1至2万元", [], id="range-no-upper-bound"),
    pytest.param("全年支出1-2万元", [], id="dash-range-no-upper-bound"),
    pytest.param("全年支出3/4万元", [], id="fraction-no-denominator"),
    pytest.param("结余资金-1.5万元", [("-1.5万元", "结余资金")], id="minus-sign-kept"),
    pytest.param(
        "收入5万元，2万元用于培训", [("5万元", "收入"), ("2万元", None)], id="clause-comma-is-no-grouping"
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), MONEY)
def test_iter_money(sentence: str, expected: list[tuple[str, str | None]]) -> None:
    assert iter_money(sentence) == expected


@pytest.mark.parametrize(
    ("clause", "subject"),
    [
        pytest.param("2023年区委巡察办全年支出为", "全年支出", id="agency-dropped"),
        pytest.param("2023年度巡察专项经费全年支出为", "巡察专项经费全年支出", id="no-agency"),
        pytest.param("全部为基本支出，其中：", None, id="nothing-left"),
        pytest.param("", None, id="empty"),
    ],
)
def test_subject_before(clause: str, subject: str | None) -> None:
    assert subject_before(clause) == subject


def test_heading_figures_and_locations() -> None:
    paras = [Paragraph(t, Location(line=i)) for i, t in enumerate(["一、支出100元", "约5万元；近3万元。"], 1)]
    facts = extract_facts(parse_report(paras, attachment=None, title=None), doc_id="d")
    got = [(f.raw, f.status, f.sentence, str(f.location)) for f in facts]
    assert got == [
        ("100元", "ok", "支出100元", "line 1"),
        ("约5万元", "approximate", "约5万元", "line 2"),
        ("近3万元", "approximate", "近3万元", "line 2"),
    ]


@given(
    st.text(alphabet="0123456789.,，约余多万亿千元年人%其中为：（）一二十区委办全年支出经费。；", max_size=40)
)
def test_every_figure_is_money_and_parses(text: str) -> None:
    """Never raises; every figure found ends in 元 and appears in its sentence as written."""
    paras = [Paragraph(text, Location(line=1))]
    for fact in extract_facts(parse_report(paras, attachment=None, title=None), doc_id="d"):
        assert fact.raw.rstrip("左右上下").endswith("元")
        assert fact.sentence is not None and fact.raw in fact.sentence
