"""Narrative self-evaluation reports (自评报告): paragraphs → numbered sections with levels.

Clerks number headings loosely, so the level comes from the numbering *style* plus a little context:

* ``一、`` → level 1; ``（一）``/``(一)`` → level 2; ``（1）``/``(1)``/``①`` → level 4.
* Arabic ``1、``/``1.``/``1．`` is level 3 when it starts or continues a run of Arabic headings under the
  current section, otherwise level 1 when it starts or continues the level-1 sequence (the sample numbers
  its level-1 headings ``1、 二、 三、 四、 5、 六、``). The innermost sequence wins: under
  ``一、 > （一）``, ``1.`` then ``2.`` are level 3 although ``2.`` would also continue ``一、``.

A numbered paragraph is a list *item*, not a heading, when

* it continues a list: the paragraph before the list ended in ``：`` and the item numbers run 1, 2, 3 …
  in one style (``主要职责是：（一）…；（二）…；…（八）….``);
* or it reads as a sentence: a comma before its first full stop, a ``；`` ending its first clause, or a
  first clause longer than ``MAX_HEADING_CHARS``.

A heading followed by text in the same paragraph (``1.项目资金到位情况分析。将巡察专项经费…``) splits at
its first ``。``/``：``: the heading is the part before, the rest opens the section's paragraphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex
from jixiao.extract.layout import Location, Paragraph, nonblank_chars, span
from jixiao.extract.records import RawReport, RawSection, RawText

MAX_HEADING_CHARS = 40  # a longer first clause is a sentence, not a heading

_NUMBERED = regex.compile(
    r"""
    ^[ \t\u3000]*
    (?P<numbering>
        (?P<cn>[一二三四五六七八九十〇零]{1,3})[、．.]               # 一、 (level 1)
      | [（(](?P<cn_paren>[一二三四五六七八九十]{1,3})[）)]、?          # （一） (level 2)
      | (?P<ar>[0-9０-９]{1,2})(?:、|[.．](?![0-9０-９]))              # 1、 1. 1． but not 1.5
      | [（(](?P<ar_paren>[0-9０-９]{1,2})[）)]、?                     # （1） (level 4)
      | (?P<circled>[①-⑳])                                            # ① (level 4)
    )
    [ \t\u3000]*                                                       # clerks' space after 1、
    (?P<rest>.*)
    """,
    regex.VERBOSE | regex.DOTALL,
)
_FIRST_STOP = regex.compile(
    r"""
    [。；;！？：:]          # the first clause ends at a full stop, semicolon or colon
    """,
    regex.VERBOSE,
)
_COMMA = regex.compile(r"[，,]")  # inside a first clause: a sentence, not a title (、 lists are titles)
_OPENS_LIST = regex.compile(r"[：:][ \t\u3000]*$")  # 主要职责是：

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_FIXED_LEVEL = {"cn": 1, "cn_paren": 2, "ar_paren": 4, "circled": 4}


def _cn_value(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23; None for what is not a small Chinese number.

    >>> [_cn_value(t) for t in ("一", "十", "十二", "二十三", "二二")]
    [1, 10, 12, 23, None]
    """
    if "十" not in text:
        return _CN_DIGITS.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    t = _CN_DIGITS.get(tens, -1) if tens else 1
    u = _CN_DIGITS.get(units, -1) if units else 0
    return None if t < 0 or u < 0 else t * 10 + u


def _numbering(text: str) -> tuple[str, str, int | None, str] | None:
    """(numbering as written, style, value, rest) of a numbered paragraph, else None."""
    m = _NUMBERED.match(text)
    if m is None or not m["rest"].strip():
        return None
    style = next(k for k in ("cn", "cn_paren", "ar", "ar_paren", "circled") if m[k] is not None)
    raw = m[style]
    if style in ("cn", "cn_paren"):
        value = _cn_value(raw)
    elif style == "circled":
        value = ord(raw) - ord("①") + 1
    else:
        value = int(raw.translate(_FULLWIDTH_DIGITS))
    return m["numbering"], style, value, m["rest"].strip()


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _split_heading(rest: str) -> tuple[str, str] | None:
    """(heading, body) when ``rest`` starts with a title-like clause, else None (a sentence).

    >>> _split_heading("项目资金到位情况分析。将巡察专项经费纳入部门预算。")
    ('项目资金到位情况分析', '将巡察专项经费纳入部门预算。')
    >>> _split_heading("向领导小组报告工作情况，传达贯彻领导小组的决策和部署；") is None
    True
    """
    stop = _FIRST_STOP.search(rest)
    head = rest[: stop.start()] if stop else rest
    body = rest[stop.end() :].strip() if stop else ""
    head = head.strip()
    if not head or len(head) > MAX_HEADING_CHARS or _COMMA.search(head):
        return None
    if stop and stop.group() in "；;":
        return None  # an enumerated clause of a longer sentence
    return head, body


@dataclass(slots=True)
class _Open:
    """A section being filled."""

    numbering: str | None
    level: int
    heading: str | None
    location: Location
    paragraphs: list[RawText]


@dataclass(slots=True)
class _Context:
    """What decides levels and items: the running sequences and the open list."""

    last_level1: int | None = None  # value of the last level-1 heading
    last_level3: int | None = None  # value of the last Arabic level-3 heading in the current section
    in_heading: bool = False  # a heading has been seen (Arabic numbering may nest under it)
    list_style: str | None = None  # numbering style of the list being read
    list_last: int = 0
    list_pending: bool = False  # the previous paragraph ended in ：

    def arabic_level(self, value: int | None) -> int:
        if value is None:
            return 3 if self.in_heading else 1
        continues3 = value == 1 if self.last_level3 is None else value == self.last_level3 + 1
        if self.in_heading and continues3:
            return 3
        continues1 = value == 1 if self.last_level1 is None else value == self.last_level1 + 1
        if continues1:
            return 1
        return 3 if self.in_heading else 1

    def is_item(self, style: str, value: int | None) -> bool:
        """Does this numbered paragraph start or continue a list? Updates the list state."""
        if self.list_pending and value == 1:
            self.list_style, self.list_last = style, 1
            return True
        if self.list_style == style and value is not None and value == self.list_last + 1:
            self.list_last = value
            return True
        return False

    def heading_seen(self, level: int, value: int | None) -> None:
        self.in_heading = True
        self.list_style = None
        if level == 1:
            self.last_level1 = value
        if level <= 2:
            self.last_level3 = None
        elif level == 3:
            self.last_level3 = value


def parse_report(
    paragraphs: Sequence[Paragraph], *, attachment: str | None, title: RawText | None
) -> RawReport:
    """Split a report's body paragraphs (title excluded) into numbered sections.

    >>> paras = [Paragraph(t, Location(line=i)) for i, t in enumerate(["说明", "一、概况", "正文。"], 1)]
    >>> [(s.numbering, s.level, s.heading, len(s.paragraphs)) for s in
    ...  parse_report(paras, attachment="附件2", title=None).sections]
    [(None, 0, None, 1), ('一、', 1, '概况', 1)]
    """
    ctx = _Context()
    sections: list[_Open] = []
    for para in paragraphs:
        text = para.text.strip()
        if nonblank_chars(text) == 0:
            continue
        is_heading = False
        found = _numbering(text)
        if found is not None:
            numbering, style, value, rest = found
            split = None if ctx.is_item(style, value) else _split_heading(rest)
            if split is not None:
                level = _FIXED_LEVEL.get(style) or ctx.arabic_level(value)
                ctx.heading_seen(level, value)
                heading, body = split
                sections.append(_Open(numbering, level, heading, para.location, []))
                if body:
                    sections[-1].paragraphs.append(RawText(body, para.location))
                is_heading = True
        else:
            ctx.list_style = None
        if not is_heading:
            if not sections:
                sections.append(_Open(None, 0, None, para.location, []))
            sections[-1].paragraphs.append(RawText(text, para.location))
        ctx.list_pending = not is_heading and bool(_OPENS_LIST.search(text))
    out = tuple(
        RawSection(
            seq=i,
            numbering=s.numbering,
            level=s.level,
            heading=s.heading,
            paragraphs=tuple(s.paragraphs),
            location=span(s.location, s.paragraphs[-1].location) if s.paragraphs else s.location,
        )
        for i, s in enumerate(sections, start=1)
    )
    first = title.location if title else (out[0].location if out else Location())
    last = out[-1].location if out else first
    return RawReport(attachment=attachment, title=title, sections=out, location=span(first, last))
