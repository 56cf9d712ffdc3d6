"""Report sections: headings, levels and heading-vs-item on the real sample and on small cases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jixiao.extract.layout import Location, Paragraph
from jixiao.extract.records import RawText
from jixiao.extract.reports import parse_report
from jixiao.extract.text_source import read_text_layout
from sample_paths import LUKOU_REPORT_HEADINGS, LUKOU_TXT


def _sample_paragraphs(first: int, last: int) -> list[Paragraph]:
    layout = read_text_layout(LUKOU_TXT.read_bytes())
    return [
        b
        for b in layout.blocks
        if isinstance(b, Paragraph) and b.location.line is not None and first <= b.location.line <= last
    ]


def _paras(*texts: str) -> list[Paragraph]:
    return [Paragraph(t, Location(line=i)) for i, t in enumerate(texts, start=1)]


def _heads(texts: tuple[str, ...]) -> list[tuple[str | None, int, str | None]]:
    report = parse_report(_paras(*texts), attachment=None, title=None)
    return [(s.numbering, s.level, s.heading) for s in report.sections]


def test_sample_attachment2_headings() -> None:
    title = RawText("部门整体支出绩效自评报告", Location(line=183))
    report = parse_report(_sample_paragraphs(185, 207), attachment="附件2", title=title)
    assert [(s.numbering, s.level, s.heading) for s in report.sections] == LUKOU_REPORT_HEADINGS
    first = report.sections[0]
    # the intro paragraph and the eight duty items （一）…（八） stay paragraphs of 预算单位基本情况
    assert len(first.paragraphs) == 9
    assert [p.text[:3] for p in first.paragraphs[1:]] == [f"（{n}）" for n in "一二三四五六七八"]
    assert first.paragraphs[8].location == Location(line=194)
    assert str(first.location) == "lines 185-194"
    assert [s.seq for s in report.sections] == list(range(1, 9))
    assert str(report.location) == "lines 183-207"
    assert report.attachment == "附件2"


def test_sample_attachment4_headings() -> None:
    report = parse_report(_sample_paragraphs(409, 424), attachment="附件4", title=None)
    got = [(s.numbering, s.level) for s in report.sections]
    assert got == [
        ("一、", 1),
        ("二、", 1),
        ("（一）", 2),
        ("1.", 3),
        ("2.", 3),
        ("3.", 3),
        ("（二）", 2),
        ("1.", 3),
        ("2.", 3),
        ("三、", 1),
        ("四、", 1),
    ]
    funds_in_place = report.sections[3]
    assert funds_in_place.heading == "项目资金到位情况分析"
    assert funds_in_place.paragraphs[0].text.startswith("将巡察专项经费纳入部门预算，")
    assert funds_in_place.paragraphs[0].location == Location(line=413)
    assert report.sections[2].heading == "资金投入情况分析"  # the trailing 。 is not part of the heading
    assert report.sections[2].paragraphs == ()
    assert str(report.sections[7].location) == "lines 417-418"


HEADING_VS_ITEM = [
    pytest.param(
        ("主要职责是：", "（一）向领导报告；", "（二）办理其他事项。", "二、支出情况"),
        [(None, 0, None), ("二、", 1, "支出情况")],
        id="list-after-colon-is-items",
    ),
    pytest.param(
        ("（一）向领导小组报告工作情况，传达贯彻领导小组的决策和部署；",),
        [(None, 0, None)],
        id="sentence-with-comma-is-an-item",
    ),
    pytest.param(
        ("（一）负责制定本区年度巡察计划及组织实施；",),
        [(None, 0, None)],
        id="clause-ending-in-semicolon-is-an-item",
    ),
    pytest.param(("（一）基本支出情况",), [("（一）", 2, "基本支出情况")], id="bare-title-is-a-heading"),
    pytest.param(
        ("（一）资金投入、使用情况",), [("（一）", 2, "资金投入、使用情况")], id="dunhao-inside-a-title"
    ),
    pytest.param(
        ("一、概况", "1、基本情况", "2、职能", "二、支出"),
        [("一、", 1, "概况"), ("1、", 3, "基本情况"), ("2、", 3, "职能"), ("二、", 1, "支出")],
        id="arabic-under-chinese-is-level-3",
    ),
    pytest.param(
        ("1、概况", "2、支出", "三、绩效"),
        [("1、", 1, "概况"), ("2、", 1, "支出"), ("三、", 1, "绩效")],
        id="arabic-continuing-level-1",
    ),
    pytest.param(
        ("一、概况", "（一）收入", "(1)财政拨款", "①本级", "(二)支出"),
        [
            ("一、", 1, "概况"),
            ("（一）", 2, "收入"),
            ("(1)", 4, "财政拨款"),
            ("①", 4, "本级"),
            ("(二)", 2, "支出"),
        ],
        id="half-width-parens-and-circled",
    ),
    pytest.param(("1.5%的资金未到位。",), [(None, 0, None)], id="a-decimal-is-not-numbering"),
    pytest.param(
        ("1．资金到位：已全部到位。",), [("1．", 1, "资金到位")], id="fullwidth-dot-and-colon-split"
    ),
    pytest.param(
        ("四、问题", "（一）内设机构：", "1.办公室", "2.财务股"),
        [("四、", 1, "问题"), ("（一）", 2, "内设机构")],
        id="heading-ending-in-colon-then-untitled-list",
        marks=pytest.mark.xfail(
            strict=True, reason="a list opens only after a non-heading paragraph ending in ："
        ),
    ),
]


@pytest.mark.parametrize(("texts", "expected"), HEADING_VS_ITEM)
def test_heading_vs_item(texts: tuple[str, ...], expected: list[tuple[str | None, int, str | None]]) -> None:
    assert _heads(texts) == expected


def test_heading_body_split_keeps_location() -> None:
    report = parse_report(
        _paras("前言", "1.项目资金到位情况分析。将专项经费纳入预算。"), attachment=None, title=None
    )
    level0, section = report.sections
    assert (level0.numbering, level0.heading, level0.paragraphs[0].text) == (None, None, "前言")
    assert section.paragraphs == (RawText("将专项经费纳入预算。", Location(line=2)),)


def test_blank_paragraphs_are_skipped_and_empty_input_is_empty() -> None:
    assert parse_report(_paras(" ", "\u3000"), attachment=None, title=None).sections == ()
    report = parse_report(_paras("一、概况", "\u3000", "正文"), attachment=None, title=None)
    assert [p.text for p in report.sections[0].paragraphs] == ["正文"]
    assert str(report.sections[0].location) == "lines 1-3"


_ALPHABET = "一二十（）()1２.．、。；：，情况资金 \u3000①"


@given(st.lists(st.text(alphabet=_ALPHABET, max_size=12), max_size=12))
def test_nothing_is_lost(texts: list[str]) -> None:
    """Every non-blank paragraph is a section paragraph, or a heading (numbering + heading + its body)."""
    report = parse_report(_paras(*texts), attachment=None, title=None)
    kept = {p.location.line: p.text for s in report.sections for p in s.paragraphs}
    heads = {s.location.line: s for s in report.sections if s.numbering is not None}
    for line, text in enumerate(texts, start=1):
        if not text.strip():
            continue
        if line in heads:
            s = heads[line]
            stripped = text.strip()
            assert s.numbering is not None and s.heading is not None
            assert stripped.startswith(s.numbering) and s.heading in stripped
            assert line not in kept or stripped.endswith(kept[line])
        else:
            assert kept[line] == text.strip()
