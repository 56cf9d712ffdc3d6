"""Cells of a delimiter-less text, and what the forms' vocabulary says each one is.

Every text shape (pipes, one cell per line, paragraphs, flattened rows, PDF columns) is cut into a stream of
``Token``s; ``classify`` names each by the vocabulary of ``schemas.labels`` (a fund column, a fund line, an
一级指标 …) so that ``extract.cell_stream`` can rebuild the form's rows without trusting the delimiters.
Matching runs on the simplified, cleaned text; the token keeps the text as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import regex
from jixiao.extract.form_state import UNIT_LINE
from jixiao.extract.labels import clean_label, exact_key, match_label, strip_annotations
from jixiao.extract.layout import Location
from jixiao.extract.page_numbers import is_page_mark
from jixiao.extract.quick_init import quick_init
from jixiao.extract.segment import classify_title, match_attachment
from jixiao.extract.white_space import SPACE
from jixiao.schemas.labels import (
    BREAKDOWN_BASIS,
    BREAKDOWN_LINES,
    FUND_COLUMNS,
    FUND_CORNERS,
    FUND_LINES,
    GOAL_LABELS,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    INDICATOR_CORNERS,
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    NOTHING_MARKS,
    TOTAL_ROW_LABELS,
)


@quick_init
@dataclass(frozen=True, slots=True)
class Token:
    """One cell as a shape's delimiters cut it: text as written, where, and the source row it sat in."""

    text: str
    location: Location
    row: int = -1  # id of the source row (a pipe line, a PDF row); -1 when the shape marks no rows


_UNIT_ANNOTATION = re.compile(
    rf"[(（]{SPACE}*(?:单{SPACE}*位{SPACE}*[:：]{SPACE}*)?(?:亿元|万元|千元|元){SPACE}*[)）]"
)
_POINTS_ONLY = re.compile(rf"^[(（]{SPACE}*[0-9]+(?:\.[0-9]+)?{SPACE}*分{SPACE}*[)）]$")  # "(50分)" alone
_VALUE = re.compile(
    rf"""^(?: [-+]?[0-9][0-9,.]*{SPACE}*(?:%|万元|元|分)?  # 56.40, 3,21.0,13328, 98.50%, 10, 56.40万元, 10分
          | [{NOTHING_MARKS}]+                    # a placeholder typed for "nothing"
          | 无 | 不适用 )$""",
    re.VERBOSE,
)
# A web page's own furniture around a copied form (menus, footers, page meta): never a cell of the form.
_SITE_CHROME = re.compile(r"打印本页|关闭窗口|版权所有|网站标识码|ICP备|返回顶部|浏览次数|当前位置[:：]")
_PLACEHOLDER_ONLY = re.compile(rf"^[{NOTHING_MARKS}]+$")
_NUMBER = re.compile(r"^[-+]?[0-9][0-9,.]*$")
# A label with figures glued to it: "年度资金总额:56.4058.0057.131098.50%9.85".
# The label keeps its colon: a split never drops a source character.
_LABEL_THEN_FIGURES = regex.compile(
    r"^(?P<label>(?P<name>[^0-9]*?\p{Han}[)）]?)\s*[:：]?)\s*(?P<rest>[0-9][0-9.,%—\-/分]*)$"
)
_FIGURE_ENDS = frozenset("0123456789.,%—-/分")  # how that run of figures may end
# A 按收入/支出性质分 line (cleaned): "其中：一般公共预算：321.01", "项目支出：79.99", "政府性基金拨款：".
_BREAKDOWN_PART = re.compile(
    r"^(?:其中:)?(?P<label>[^:0-9]+?)(?::(?P<amount>[0-9][0-9.,]*(?:万元|元)?))?$"  # amount read later
)
_INLINE_FIELD = re.compile(
    rf"^(?P<label>(?P<name>[^:：]{{2,12}}?){SPACE}*[:：]){SPACE}*(?P<value>.+)$", re.DOTALL
)


_LEVEL1 = frozenset(LEVEL1_LABELS)
_LEVEL2 = frozenset(LEVEL2_LABELS)
_CORNERS = frozenset((*FUND_CORNERS, *INDICATOR_CORNERS))  # a block's corner, never a cell's text


@lru_cache(maxsize=1 << 16)
def classify(text: str) -> str:
    """The kind of a cell: a vocabulary role, ``value``, ``empty``, ``chrome`` (a page number) or ``text``.

    (See ``_classify``; once per distinct text.)

    >>> [classify(t) for t in ("年度資金總額", "全年 预算数", "98.50%", "（万元）", "产出指标（50分）", "巡")]
    ['fund_line', 'fund_col', 'value', 'unit', 'level1', 'text']
    >>> classify("第 7 页 共 8 页"), classify("- 6 -"), classify("第7批"), classify("【打印本页】")
    ('chrome', 'chrome', 'text', 'chrome')
    >>> classify("其中：本年财政拨款"), classify("其中：上年结转资金"), classify("其中：巡察经费")
    ('fund_line', 'fund_line', 'text')
    """
    return _classify(text)


def _classify(text: str, *, quick: bool = True) -> str:
    """``classify`` itself; ``quick=False`` reads every rule even where ``_no_label`` says none can match
    (for the test that says the two agree)."""
    cleaned = clean_label(text)
    if not cleaned:
        return "empty"
    if _VALUE.match(cleaned):
        return "value"
    # A page's number printed between two rows where the source turned a page; a site's furniture.
    if is_page_mark(cleaned) or (len(cleaned) <= 60 and _SITE_CHROME.search(cleaned)):
        return "chrome"
    if quick and _no_label(cleaned):
        return "text"
    key = strip_annotations(cleaned)
    if UNIT_LINE.match(cleaned):
        return "unit"
    if _POINTS_ONLY.match(cleaned):
        return "points"
    if len(key) > 40:
        return "text"
    if key in TOTAL_ROW_LABELS or (key.startswith("总分") and len(key) <= 6):
        return "total"
    if key in _LEVEL1:
        return "level1"
    if key in _LEVEL2:
        return "level2"
    if key in _CORNERS:
        return "corner"
    kind = _vocab_kinds().get(key)  # what match_label(fuzzy=False) does, on the key at hand
    if kind is not None:
        return kind
    if key.startswith("其中:") and exact_key(key[3:], FUND_LINES) is not None:
        return "fund_line"  # 其中：本年财政拨款, 其中：上年结转资金: a part of the total, however worded
    if match_label(key, FUND_LINES, fuzzy=False) is not None:
        return "fund_line"  # numbered: 1.财政拨款, （1）当年财政拨款 (labels.unnumbered)
    if breakdown_key(cleaned) is not None:
        return "part"
    if "附" in key and match_attachment(text):
        return "attachment"
    if ("表" in key or "报告" in key) and classify_title(text):
        return "title"
    if len(key) <= 12 and _UNIT_ANNOTATION.search(cleaned):
        return "corner"  # "年度预算申请（万元）": a block's corner cell that names the unit
    return "text"


# What the rules after the page-number test can match only with these characters in the text: the
# 总分 prefix, a title's 表 or 报告, a 附件 heading, a unit (元) in a corner's annotation.
_FREE_RULE_CHARS = re.compile(r"[总表报附元]")


def _no_label(cleaned: str) -> bool:
    """Whether no rule of ``classify`` after its page-number test can match a cleaned text: it holds a
    character that is in no wording of the vocabulary, no annotation, number or unit pattern the rules
    strip or match (so no key built from it is a wording), and none of the characters the rules that
    admit any other text look for; or it is ASCII, and no wording is. Only for text in GB2312 (simplified,
    as cleaning leaves it; dashes and ≥ ≤ aside, which are no Chinese characters): a vocabulary match
    cleans the key again, and a character that simplifying again could change is left to the rules."""
    if cleaned.isascii():
        return not _ascii_wording()  # (the value and page-number tests are behind it)
    if _FREE_RULE_CHARS.search(cleaned) or not _foreign_chars().search(cleaned):
        return False
    try:
        cleaned.translate(_NOT_CHINESE).encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


_NOT_CHINESE = str.maketrans("", "", "—–―─≥≤")  # placeholders and bounds GB2312 lacks: no simplifying


@lru_cache(maxsize=1)
def _ascii_wording() -> bool:
    """Whether a wording the rules compare keys with is ASCII (none is: an ASCII text is no label)."""
    return any(w.isascii() for w in _rule_words())


@lru_cache(maxsize=1)
def _foreign_chars() -> re.Pattern[str]:
    """A non-ASCII character outside every wording ``classify``'s rules compare keys with (as written
    and cleaned), the annotations ``strip_annotations`` drops, the numbers ``labels.unnumbered`` drops, the
    punctuation cleaning drops and the characters of the unit, points and breakdown patterns."""
    words = [
        *_rule_words(),
        "亿万千元分（）：；，。、×÷",
        "一二三四五六七八九十",
        "金额单位",
        "０１２３４５６７８９",
    ]
    chars = sorted({c for w in words for c in w if not c.isascii()})
    return re.compile(f"[^\x00-\x7f{re.escape(''.join(chars))}]")


def _rule_words() -> list[str]:
    """Every wording a rule of ``classify`` compares a key with, as written and cleaned."""
    words: list[str] = [*TOTAL_ROW_LABELS, *LEVEL1_LABELS, *LEVEL2_LABELS, *_CORNERS, "其中", "总分"]
    for vocab in (*(v for _, v in _VOCABS), BREAKDOWN_LINES):
        words += [w for variants in vocab.values() for w in variants]
    return words + [clean_label(w) for w in words]


_VOCABS: tuple[tuple[str, dict[str, tuple[str, ...]]], ...] = (
    ("fund_line", FUND_LINES),
    ("fund_col", FUND_COLUMNS),
    ("ind_col", INDICATOR_COLUMNS),
    ("goal", GOAL_LABELS),
    ("header", HEADER_FIELDS),
    ("basis", BREAKDOWN_BASIS),
)


@lru_cache(maxsize=1)
def _vocab_kinds() -> dict[str, str]:
    """Each cleaned wording of ``_VOCABS`` → the kind of the first vocabulary that has it (one look-up
    for the six ``exact_key`` calls, in their order)."""
    out: dict[str, str] = {}
    for kind, vocab in _VOCABS:
        for variants in vocab.values():
            for wording in variants:
                out.setdefault(clean_label(wording), kind)
    return out


LABEL_KINDS = frozenset(
    (
        "fund_line",
        "fund_col",
        "ind_col",
        "goal",
        "header",
        "total",
        "level1",
        "level2",
        "corner",
        "title",
        "basis",
        "part",
    )
)


def breakdown_key(cleaned: str) -> str | None:
    """The breakdown line a cleaned cell writes (label, maybe its amount), or None.

    A bare label that is also a fund line or a header field (其他资金, 项目支出) is not one here: only
    the grammar, inside a breakdown, can tell.

    >>> breakdown_key("其中:一般公共预算:321.01"), breakdown_key("项目支出:79.99"), breakdown_key("项目支出")
    ('general_public_budget', 'project_expenditure', None)
    """
    m = _BREAKDOWN_PART.match(cleaned)
    if m is None:
        return None
    label = m.group("label")
    key = exact_key(label, BREAKDOWN_LINES)
    if key is None or exact_key(label, FUND_LINES) is not None:
        return None  # 其他资金 with a figure reads as a fund line outside a breakdown
    if m.group("amount") is None and exact_key(label, HEADER_FIELDS) is not None and label == cleaned:
        return None
    return key


@lru_cache(maxsize=1 << 14)  # asked of a row's cells again and again: once per distinct text
def is_number(text: str) -> bool:
    return bool(_NUMBER.match(clean_label(text)))


@lru_cache(maxsize=1 << 14)
def is_score(text: str) -> bool:
    """What a 分值 or 得分 cell holds: a plain number or a placeholder, never a percentage.

    >>> is_score("20"), is_score("—"), is_score("95%"), is_score("达标"), is_score("9.9分")
    (True, True, False, False, True)
    """
    cleaned = clean_label(text)
    points = cleaned.removesuffix("分")  # "10分", "9.9分": a score written with its unit (江西 2017)
    return bool(_NUMBER.match(points) or _PLACEHOLDER_ONLY.match(cleaned))


def goal_key(text: str) -> str | None:
    m = match_label(text, GOAL_LABELS, fuzzy=False)
    return m.key if m else None


def split_inline_field(token: Token) -> tuple[Token, Token] | None:
    """``项目名称：乡村道路养护补助`` → the label and the value, as two cells at the same place."""
    m = _INLINE_FIELD.match(token.text.strip())
    if not m or match_label(m.group("name"), HEADER_FIELDS, fuzzy=False) is None:
        return None
    if _VALUE.match(clean_label(m.group("value"))):
        return None  # "项目支出：60.15" is a breakdown line: a name is never a bare figure
    return Token(m.group("label"), token.location, token.row), Token(
        m.group("value"), token.location, token.row
    )


def split_glued_label(token: Token) -> tuple[Token, Token] | None:
    """``年度资金总额:56.4058.00…`` → the fund line's label and its figures, two cells at one place."""
    text = token.text.strip()
    if text[-1:] not in _FIGURE_ENDS:
        return None  # the figures end the cell (most texts end otherwise: no match to try)
    m = _LABEL_THEN_FIGURES.match(text)
    if not m or match_label(m.group("name"), FUND_LINES, fuzzy=False) is None:
        return None
    return Token(m.group("label"), token.location, token.row), Token(
        m.group("rest"), token.location, token.row
    )


__all__ = [
    "LABEL_KINDS",
    "Token",
    "breakdown_key",
    "classify",
    "goal_key",
    "is_number",
    "split_glued_label",
    "split_inline_field",
]
