"""Unit and project names as written → one canonical spelling, a budget code and a matching key.

A name in an archive comes with the typist's habits: full-width letters and brackets, spaces inside,
a ``（盖章）`` note from the 填报单位 line, a budget-code prefix on a project
(``51000021R000000019951-巡察专项经费``), ``中共`` before a party body or not. :func:`parse_name`
gives the canonical spelling (what ``units.name`` shows) with what was taken off, and
:func:`abbreviates` says whether a short form is a Chinese abbreviation of a long one
(``区委巡察办`` of ``…区委巡察工作领导小组办公室``): the first characters agree, every character of
the short form appears in order in the long one, and the kind of body (办/局/中心 …) is the same.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import regex
from jixiao.extract.labels import SPACE_LIKE

_NOTE = regex.compile(
    r"""[(\[【〔]?                     # an optional bracket
    (?:[盖蓋]章|公章|[签簽]章|印章|章)  # the stamp note of a 填报单位 line (traditional too)
    [)\]】〕]?""",
    regex.VERBOSE,
)
_LABEL = regex.compile(
    r"^(?:填报单位|单位名称|预算部门名称?|项目支出名称|项目名称)[:：]?"
)  # a label typed in
_CODE = regex.compile(
    r"""^(?P<code>[0-9]{4,}[0-9A-Z]*[0-9])   # a budget code: digits, maybe letters (R), ends in a digit
    \s*[-_—－:：.、]?\s*                     # its separator
    (?=\p{Han})                             # and the name follows""",
    regex.VERBOSE,
)
_YEAR = regex.compile(r"^(?:19|20)[0-9]{2}年度?")  # 2023年 / 2023年度 before a project name
_EDGE_PUNCT = " ,.;:、，。；：-—_"
_DIGITS = regex.compile(r"[0-9一二三四五六七八九十百零〇两]+")
# the kind of body a name ends in; an abbreviation keeps it (办 stands for 办公室)
_KINDS = (
    ("办公室", "办"),
    ("委员会", "委"),
    ("中心", "中心"),
    ("局", "局"),
    ("部", "部"),
    ("院", "院"),
    ("所", "所"),
    ("站", "站"),
    ("校", "校"),
    ("学", "学"),
    ("队", "队"),
    ("馆", "馆"),
    ("会", "会"),
)


@dataclass(frozen=True, slots=True)
class ParsedName:
    raw: str  # as written
    name: str | None  # canonical spelling; None when nothing is left
    code: str | None = None  # budget-code prefix, kept as project_code
    notes: tuple[str, ...] = ()  # what was taken off, in order: stamp_note, label, code_prefix, year_prefix


@functools.lru_cache(maxsize=1 << 16)  # an archive repeats its names thousands of times
def parse_name(raw: str | None, *, project: bool = False) -> ParsedName:
    """A unit or project name → its canonical spelling, with its code prefix and notes.

    >>> parse_name("（盖章）区委巡察办 ")
    ParsedName(raw='（盖章）区委巡察办 ', name='区委巡察办', code=None, notes=('stamp_note',))
    >>> parse_name("51000021R000000019951-巡察专项经费", project=True).code
    '51000021R000000019951'
    >>> parse_name("中共株洲市渌口区委　巡察工作领导小组办公室").name
    '中共株洲市渌口区委巡察工作领导小组办公室'
    >>> parse_name("２０２３年巡察专项经费（一期）", project=True).name
    '巡察专项经费(一期)'
    """
    if raw is None:
        return ParsedName("", None)
    text = SPACE_LIKE.sub("", unicodedata.normalize("NFKC", raw))  # full width → half width, no spaces
    notes: list[str] = []
    stripped = _NOTE.sub("", text)
    if stripped != text:
        notes.append("stamp_note")
    text = stripped
    m = _LABEL.match(text)
    if m:
        notes.append("label")
        text = text[m.end() :]
    code = None
    m = _CODE.match(text)
    if m:
        code = m.group("code")
        notes.append("code_prefix")
        text = text[m.end() :]
    if project:
        m = _YEAR.match(text)
        if m and len(text) > m.end():
            notes.append("year_prefix")  # the same project is 2022年… and 2023年… in two years
            text = text[m.end() :]
    text = text.strip(_EDGE_PUNCT)
    return ParsedName(raw, text or None, code, tuple(notes))


def kind_of(name: str) -> str | None:
    """The kind of body a name ends in (``办`` for 办/办公室), or None.

    >>> kind_of("区委巡察工作领导小组办公室"), kind_of("区委巡察办"), kind_of("区财政事务中心")
    ('办', '办', '中心')
    """
    for long, short in _KINDS:
        if name.endswith(long):
            return short
    for short in ("办", "委"):  # 区委巡察办, 区纪委: the abbreviated kinds
        if name.endswith(short):
            return short
    return None


def numerals(name: str) -> tuple[str, ...]:
    """The numbers a name holds (``第一中学`` → ``('一',)``): names that differ here never merge.

    >>> numerals("区第二中学"), numerals("区财政局")
    (('二',), ())
    """
    return tuple(_DIGITS.findall(name))


def abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` is an abbreviation of ``long``: same start, same kind, its characters in order.

    >>> abbreviates("区委巡察办", "区委巡察工作领导小组办公室")
    True
    >>> abbreviates("区人社局", "区人力资源和社会保障局")
    True
    >>> abbreviates("区财政局", "区财政事务中心")
    False
    >>> abbreviates("区第一中学", "区第二中学")
    False
    """
    if not short or not long or len(short) >= len(long) or short[0] != long[0]:
        return False
    if kind_of(short) != kind_of(long) or numerals(short) != numerals(long):
        return False
    pos = 0
    for ch in short:
        pos = long.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True
