"""Word's automatic list numbers: formats, counters, restarts, styles, notes, and report headings."""

from __future__ import annotations

import pytest
from docx_factory import (
    abstract_num,
    lvl,
    lvl_override,
    make_docx,
    num,
    num_p,
    numbering_xml,
    p,
    style,
    styles_xml,
    tbl,
    tc,
    tr,
)
from jixiao.extract.docx_list_formats import format_list_number
from jixiao.extract.docx_source import read_docx_layout
from jixiao.extract.errors import LimitError
from jixiao.extract.layout import Layout, Paragraph, Table

import jixiao


def read(body: str, numbering: str | None, styles: str | None = None) -> Layout:
    return read_docx_layout(make_docx(body, numbering=numbering, styles=styles))


def texts(layout: Layout) -> list[str]:
    """Body paragraphs, and each table cell's text, in reading order."""
    out: list[str] = []
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, Table):
            out.extend(cell.text for row in block.rows for cell in row.cells)
    return out


# Three paragraphs "项" in a one-level list: (numFmt, w:start, w:lvlText, what Word shows).
FORMAT_CASES = [
    pytest.param("decimal", 1, "%1.", ["1.项", "2.项", "3.项"], id="decimal"),
    pytest.param(None, 1, "%1.", ["1.项", "2.项", "3.项"], id="no-numFmt-is-decimal"),
    pytest.param("decimal", None, "%1.", ["0.项", "1.项", "2.项"], id="no-start-is-zero"),
    pytest.param("decimalZero", 8, "%1.", ["08.项", "09.项", "10.项"], id="decimalZero"),
    pytest.param("chineseCounting", 1, "%1、", ["一、项", "二、项", "三、项"], id="chineseCounting"),
    pytest.param("chineseCounting", 9, "%1、", ["九、项", "十、项", "十一、项"], id="chineseCounting-ten"),
    pytest.param(
        "chineseCounting", 99, "%1、", ["九十九、项", "一〇〇、项", "一〇一、项"], id="chineseCounting-100"
    ),
    pytest.param(
        "chineseCountingThousand",
        10,
        "（%1）",
        ["（十）项", "（十一）项", "（十二）项"],
        id="chineseCountingThousand",
    ),
    pytest.param(
        "chineseCountingThousand",
        100,
        "%1、",
        ["一百、项", "一百零一、项", "一百零二、项"],
        id="thousand-hundred",
    ),
    pytest.param(
        "chineseCountingThousand",
        110,
        "%1、",
        ["一百一十、项", "一百一十一、项", "一百一十二、项"],
        id="thousand-hundred-ten",
    ),
    pytest.param(
        "chineseLegalSimplified", 10, "%1、", ["壹拾、项", "壹拾壹、项", "壹拾贰、项"], id="legal-simplified"
    ),
    pytest.param(
        "ideographTraditional", 9, "%1、", ["壬、项", "癸、项", "11、项"], id="ideographTraditional"
    ),
    pytest.param("ideographZodiac", 1, "%1、", ["子、项", "丑、项", "寅、项"], id="ideographZodiac"),
    pytest.param("ideographDigital", 10, "%1、", ["一〇、项", "一一、项", "一二、项"], id="ideographDigital"),
    pytest.param("decimalEnclosedCircle", 19, "%1", ["⑲项", "⑳项", "21项"], id="circle-past-twenty"),
    pytest.param("decimalEnclosedCircleChinese", 1, "%1", ["①项", "②项", "③项"], id="circle-chinese"),
    pytest.param("decimalEnclosedParen", 1, "%1", ["⑴项", "⑵项", "⑶项"], id="enclosed-paren"),
    pytest.param("decimalEnclosedFullstop", 1, "%1", ["⒈项", "⒉项", "⒊项"], id="enclosed-fullstop"),
    pytest.param("ideographEnclosedCircle", 1, "%1", ["㊀项", "㊁项", "㊂项"], id="ideograph-circle"),
    pytest.param("decimalFullWidth", 9, "%1．", ["９．项", "１０．项", "１１．项"], id="decimalFullWidth"),
    pytest.param("upperLetter", 25, "%1.", ["Y.项", "Z.项", "AA.项"], id="upperLetter-repeats"),
    pytest.param("lowerLetter", 1, "%1)", ["a)项", "b)项", "c)项"], id="lowerLetter"),
    pytest.param("upperRoman", 3, "%1.", ["III.项", "IV.项", "V.项"], id="upperRoman"),
    pytest.param("lowerRoman", 8, "%1.", ["viii.项", "ix.项", "x.项"], id="lowerRoman"),
    pytest.param("bullet", 1, "\uf06c", ["项", "项", "项"], id="bullet-adds-nothing"),
    pytest.param("none", 1, "%1", ["项", "项", "项"], id="none"),
    pytest.param("none", 1, "注%1：", ["注：项", "注：项", "注：项"], id="none-keeps-the-label-text"),
]


@pytest.mark.parametrize(("fmt", "start", "text", "expected"), FORMAT_CASES)
def test_each_format_as_word_shows_it(
    fmt: str | None, start: int | None, text: str, expected: list[str]
) -> None:
    numbering = numbering_xml(abstract_num(0, lvl(0, fmt, text, start)), num(1, 0))
    layout = read(num_p("项", 1, 0) * 3, numbering)
    assert texts(layout) == expected
    assert layout.notes == ()


# A Chinese report's three levels: 一、 then （一） then 1. (tab after the label: shown as nothing).
REPORT_LEVELS = abstract_num(
    0,
    lvl(0, "chineseCounting", "%1、"),
    lvl(1, "chineseCountingThousand", "（%2）", suff="nothing"),
    lvl(2, "decimal", "%3."),
)
LISTS = numbering_xml(REPORT_LEVELS, num(1, 0))

COUNTER_CASES = [
    pytest.param(
        num_p("甲", 1, 0)
        + num_p("乙", 1, 1)
        + num_p("丙", 1, 2)
        + num_p("丁", 1, 2)
        + num_p("戊", 1, 1)
        # a higher level restarts the lower ones
        + num_p("己", 1, 0)
        + num_p("庚", 1, 1)
        + num_p("辛", 1, 2),
        LISTS,
        None,
        ["一、甲", "（一）乙", "1.丙", "2.丁", "（二）戊", "二、己", "（一）庚", "1.辛"],
        id="higher-level-resets-lower",
    ),
    pytest.param(
        num_p("甲", 1, 0) + p("正文") + num_p("乙", 2, 0) + num_p("丙", 1, 0),
        numbering_xml(abstract_num(0, lvl(0, "chineseCounting", "%1、")), num(1, 0), num(2, 0)),
        None,
        ["一、甲", "正文", "二、乙", "三、丙"],
        id="lists-of-one-abstract-share-counters",
    ),
    pytest.param(
        num_p("甲", 1, 0) + num_p("乙", 1, 0) + num_p("丙", 2, 0) + num_p("丁", 2, 0) + num_p("戊", 1, 0),
        numbering_xml(
            abstract_num(0, lvl(0, "chineseCounting", "%1、")), num(1, 0), num(2, 0, lvl_override(0, start=1))
        ),
        None,
        ["一、甲", "二、乙", "一、丙", "二、丁", "三、戊"],
        id="startOverride-restarts-in-its-own-counters",
    ),
    pytest.param(
        num_p("甲", 1, 0) + num_p("乙", 2, 0),
        numbering_xml(
            abstract_num(0, lvl(0, "chineseCounting", "%1、")),
            num(1, 0),
            num(2, 0, lvl_override(0, level=lvl(0, "decimal", "%1)", 5))),
        ),
        None,
        ["一、甲", "5)乙"],
        id="lvlOverride-replaces-the-level",
    ),
    pytest.param(
        num_p("甲", 1, 0) + num_p("乙", 1, 1) + num_p("丙", 1, 1) + num_p("丁", 1, 0) + num_p("戊", 1, 1),
        numbering_xml(
            abstract_num(0, lvl(0, "chineseCounting", "%1、"), lvl(1, "decimal", "%2.", restart=0)), num(1, 0)
        ),
        None,
        ["一、甲", "1.乙", "2.丙", "二、丁", "3.戊"],
        id="lvlRestart-0-never-restarts",
    ),
    pytest.param(
        num_p("甲", 1, 0)
        + num_p("乙", 1, 1)
        + num_p("丙", 1, 2)
        + num_p("丁", 1, 1)
        + num_p("戊", 1, 2)
        + num_p("己", 1, 0)
        + num_p("庚", 1, 2),
        numbering_xml(
            abstract_num(
                0,
                lvl(0, "chineseCounting", "%1、"),
                lvl(1, "chineseCountingThousand", "（%2）", suff="nothing"),
                lvl(2, "decimal", "%3.", restart=1),  # restarts after level 1 (一、) only
            ),
            num(1, 0),
        ),
        None,
        ["一、甲", "（一）乙", "1.丙", "（二）丁", "2.戊", "二、己", "1.庚"],
        id="lvlRestart-1-restarts-after-the-top-level-only",
    ),
    pytest.param(
        num_p("甲", 1, 0) + num_p("乙", 1, 1) + num_p("丙", 1, 2),
        numbering_xml(
            abstract_num(
                0,
                lvl(0, "chineseCounting", "第%1章"),
                lvl(1, "decimal", "%1.%2", suff="space"),
                lvl(2, "decimal", "%1.%2.%3", suff="space", legal=True),
            ),
            num(1, 0),
        ),
        None,
        ["第一章甲", "一.1 乙", "1.1.1 丙"],
        id="multi-level-label-and-isLgl",
    ),
    pytest.param(
        num_p("甲", 1, 1) + num_p("乙", 1, 0) + num_p("丙", 1, 2),
        numbering_xml(
            abstract_num(
                0, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2"), lvl(2, "decimal", "%1.%2.%3")
            ),
            num(1, 0),
        ),
        None,
        ["0.1甲", "1.乙", "1.0.1丙"],
        id="a-level-not-used-yet-shows-start-minus-one",
    ),
    pytest.param(
        num_p("甲", 1, 0) + num_p("乙", 2, 0) + num_p("丙", 3, 0) + num_p("丁", 4, 0),
        numbering_xml(
            abstract_num(0, lvl(0, "chineseCounting", "%1、", suff="space")),
            abstract_num(1, lvl(0, "chineseCounting", "%1、", suff="nothing")),
            abstract_num(2, lvl(0, "chineseCounting", "%1、", suff="tab")),
            abstract_num(3, lvl(0, "chineseCounting", "%1、")),
            *(num(i + 1, i) for i in range(4)),
        ),
        None,
        ["一、 甲", "一、乙", "一、丙", "一、丁"],
        id="suffix-space-nothing-tab-default",
    ),
    pytest.param(
        num_p("一级", style="H1")
        + num_p("二级", style="H2")
        + num_p("仍二级", style="H2b")
        + num_p("三级", style="H3")
        + num_p("再一级", style="H1"),
        numbering_xml(
            abstract_num(
                0,
                lvl(0, "chineseCounting", "%1、", style="H1"),
                lvl(1, "chineseCountingThousand", "（%2）", suff="nothing"),
                lvl(2, "decimal", "%3.", style="H3"),
            ),
            num(1, 0),
        ),
        styles_xml(
            style("Normal", "Normal", default=True),
            style("H1", "heading 1", num_id=1),  # no ilvl: the level whose w:pStyle is H1
            style("H2", "heading 2", num_id=1, ilvl=1),
            style("H2b", "heading 2 bis", based_on="H2"),  # inherits the list through w:basedOn
            style("H3", "heading 3", num_id=1),
        ),
        ["一、一级", "（一）二级", "（二）仍二级", "1.三级", "二、再一级"],
        id="numbering-from-the-paragraph-style",
    ),
    pytest.param(
        num_p("甲", style="H1")
        + num_p("不编号", 0, style="H1")
        + num_p("乙", 2, 0, style="H1")
        + num_p("丙", 0),
        numbering_xml(
            abstract_num(0, lvl(0, "chineseCounting", "%1、")),
            abstract_num(1, lvl(0, "decimal", "%1.")),
            num(1, 0),
            num(2, 1),
        ),
        styles_xml(style("H1", "heading 1", num_id=1, ilvl=0)),
        ["一、甲", "不编号", "1.乙", "丙"],
        id="numId-0-and-direct-numPr-override-the-style",
    ),
    pytest.param(
        p("正文") + p("也编号"),
        numbering_xml(abstract_num(0, lvl(0, "decimal", "%1.")), num(1, 0)),
        styles_xml(style("Normal", "Normal", num_id=1, default=True)),
        ["1.正文", "2.也编号"],
        id="default-paragraph-style-numbers",
        marks=pytest.mark.xfail(
            strict=True,
            reason="the default paragraph style's numPr is not read: it would parse styles.xml for every "
            "file (~4 ms, a third of a form's pipeline) and Word's dialogs never number Normal",
        ),
    ),
    pytest.param(
        num_p("甲", 1, 0)
        + tbl(tr(tc(num_p("乙", 1, 0) + num_p("丙", 1, 1), raw=True), tc("格")))
        + num_p("丁", 1, 0),
        LISTS,
        None,
        ["一、甲", "二、乙\n（一）丙", "格", "三、丁"],
        id="cells-count-in-document-order",
    ),
    pytest.param(
        num_p("甲", 1, 0) + num_p("", 1, 0) + num_p("丙", 1, 0),
        LISTS,
        None,
        ["一、甲", "二、", "三、丙"],
        id="an-empty-numbered-paragraph-shows-its-number",
    ),
    pytest.param(
        num_p("甲", 1, 0) + num_p("乙", 2, 0),
        numbering_xml(
            abstract_num(0, lvl(0, "chineseCounting", "%1、"), style_link="ReportList"),
            abstract_num(1, link="ReportList"),
            num(1, 0),
            num(2, 1),
        ),
        styles_xml(style("ReportList", "report list", num_id=1, kind="numbering")),
        ["一、甲", "二、乙"],
        id="numStyleLink-uses-the-linked-definition",
    ),
]


@pytest.mark.parametrize(("body", "numbering", "styles", "expected"), COUNTER_CASES)
def test_counters_as_word_counts(body: str, numbering: str, styles: str | None, expected: list[str]) -> None:
    layout = read(body, numbering, styles)
    assert texts(layout) == expected
    assert layout.notes == ()


NOTE_CASES = [
    pytest.param(
        num_p("甲", 7, 0),
        LISTS,
        ["甲"],
        ("1 paragraphs use list numbering that word/numbering.xml does not define; no number shown",),
        id="undefined-numId",
    ),
    pytest.param(
        num_p("甲", 1, 0) + num_p("乙", 2, 0),
        numbering_xml(REPORT_LEVELS, num(1, 0), num(2, 9)),
        ["一、甲", "乙"],
        ("1 paragraphs use list numbering that word/numbering.xml does not define; no number shown",),
        id="num-without-its-abstract",
    ),
    pytest.param(
        num_p("甲", 1, 3),
        LISTS,
        ["甲"],
        ("1 paragraphs use list numbering that word/numbering.xml does not define; no number shown",),
        id="level-not-defined",
    ),
    pytest.param(
        num_p("甲", 1, 9) + num_p("乙", 1, "x"),
        numbering_xml(abstract_num(0, lvl(9, "decimal", "%1.")), num(1, 0)),
        ["甲", "乙"],
        ("2 numbered paragraphs name a list level outside 0-8; no number shown",),
        id="level-past-nine-is-refused",
    ),
    pytest.param(
        num_p("甲", 1, 0),
        numbering_xml(abstract_num(0, lvl(0, "hebrew2", "%1.")), num(1, 0)),
        ["1.甲"],
        ("1 list numbers in formats not rendered (hebrew2) shown as decimal",),
        id="unknown-format-is-decimal",
    ),
    pytest.param(
        num_p("甲", 1, 0),
        numbering_xml(abstract_num(0, lvl(0, "lowerLetter", "%1.", 300)), num(1, 0)),
        ["300.甲"],
        ("1 list numbers too large for their letter/roman/Chinese format shown as decimal",),
        id="letters-past-ten-repeats-are-decimal",
    ),
    pytest.param(
        num_p("甲", 1, 0),
        numbering_xml(abstract_num(0, lvl(0, "decimal", "%1.", "abc")), num(1, 0)),
        ["0.甲"],
        ("1 malformed list start/restart values read as their default",),
        id="malformed-start",
    ),
    pytest.param(
        num_p("甲", 1, 0),
        numbering_xml(abstract_num(0, lvl(0, "decimal", "%1" + "。" * 64)), num(1, 0)),
        ["甲"],
        ("1 list labels (w:lvlText) over 64 characters not shown",),
        id="absurd-label",
    ),
]


@pytest.mark.parametrize(("body", "numbering", "expected", "notes"), NOTE_CASES)
def test_what_cannot_be_shown_is_noted(
    body: str, numbering: str, expected: list[str], notes: tuple[str, ...]
) -> None:
    layout = read(body, numbering)
    assert (texts(layout), layout.notes) == (expected, notes)


def test_a_broken_numbering_part_is_a_note_and_the_text_stays() -> None:
    layout = read(num_p("甲", 1, 0), "<w:numbering")
    assert texts(layout) == ["甲"]
    assert layout.notes[0].startswith("numbering not read: word/numbering.xml is not well-formed XML")
    assert layout.notes[1:] == (
        "1 paragraphs use list numbering that word/numbering.xml does not define; no number shown",
    )


@pytest.mark.parametrize(
    ("numbering", "message"),
    [
        pytest.param('<!DOCTYPE x [<!ENTITY a "b">]>' + LISTS, "DOCTYPE", id="doctype"),
        pytest.param(LISTS.replace("<w:num ", "<a>" * 300 + "</a>" * 300 + "<w:num "), "deeper", id="deep"),
    ],
)
def test_absurd_numbering_parts_are_refused(numbering: str, message: str) -> None:
    with pytest.raises(LimitError, match=message):
        read(num_p("甲", 1, 0), numbering)


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        pytest.param(1010, "chineseCountingThousand", "一千零一十", id="thousand-gap"),
        pytest.param(10010, "chineseCountingThousand", "一万零一十", id="myriad-gap"),
        pytest.param(20, "chineseCountingThousand", "二十", id="twenty"),
        pytest.param(0, "chineseCountingThousand", "零", id="zero"),
        pytest.param(3999, "upperRoman", "MMMCMXCIX", id="roman-max"),
        pytest.param(27, "lowerLetter", "aa", id="letters-repeat-not-base-26"),
        pytest.param(261, "lowerLetter", None, id="letters-eleven-repeats-refused"),
        pytest.param(11001, "upperRoman", None, id="roman-eleven-thousands-refused"),
        pytest.param(13, "ideographZodiac", "13", id="zodiac-past-twelve"),
        pytest.param(3, "taiwaneseCounting", None, id="unknown"),
    ],
)
def test_format_list_number(value: int, fmt: str, expected: str | None) -> None:
    assert format_list_number(value, fmt) == expected


# --- end to end: a report whose headings Word numbers reads like one typed by hand ----------------

REPORT = [  # (level or None for body text, text)
    (None, "部门整体支出绩效自评报告"),
    (0, "预算单位基本情况"),
    (None, "本单位为区一级预算单位，现有在职人员5人。"),
    (1, "单位职能"),
    (None, "负责巡察工作的组织协调。"),
    (1, "人员情况"),
    (2, "在职人员"),
    (None, "在职人员5人。"),
    (2, "退休人员"),
    (None, "退休人员0人。"),
    (0, "绩效目标完成情况"),
    (1, "产出指标"),
    (None, "全年完成巡察任务。"),
    (0, "存在的问题及原因分析"),
    (None, "无。"),
]
HAND_NUMBERED = ["一、", "二、", "三、"], ["（一）", "（二）", "（一）"], ["1.", "2."]


def _hand_typed() -> bytes:
    counters = [iter(n) for n in HAND_NUMBERED]
    return make_docx(
        "".join(p(text if level is None else next(counters[level]) + text) for level, text in REPORT)
    )


def _auto_numbered() -> bytes:
    body = "".join(p(text) if level is None else num_p(text, 1, level) for level, text in REPORT)
    return make_docx(body, numbering=LISTS)


def test_auto_numbered_report_gives_the_hand_typed_sections() -> None:
    columns = ["numbering", "level", "heading"]
    typed = jixiao.read_bytes(_hand_typed(), "x.docx")["report_sections"][columns]
    auto = jixiao.read_bytes(_auto_numbered(), "x.docx")["report_sections"][columns]
    assert list(typed.itertuples(index=False, name=None)) == [
        ("一、", 1, "预算单位基本情况"),
        ("（一）", 2, "单位职能"),
        ("（二）", 2, "人员情况"),
        ("1.", 3, "在职人员"),
        ("2.", 3, "退休人员"),
        ("二、", 1, "绩效目标完成情况"),
        ("（一）", 2, "产出指标"),
        ("三、", 1, "存在的问题及原因分析"),
    ]
    assert auto.equals(typed)
