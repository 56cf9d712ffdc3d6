"""Scores, weights and counts → Decimal: ``parse_number("10分") -> Number(value=10, unit="分")``.

Same statuses and repair slugs as ``normalize/amounts.py`` (``ok``/``repaired``/``ambiguous``/
``invalid``/``empty``), without money scaling: the unit written after the number (``分``, ``%``,
``个``, ``轮``, ``年度`` …) is returned as text, and the caller decides whether it fits the column.
Chinese numerals are read (``十分`` → 10 分, ``两次`` → 2 次). Pure surrounding whitespace is not a repair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from jixiao.extract.quick_init import quick_init
from jixiao.normalize.amount_readings import read_digits
from jixiao.normalize.amount_repairs import apply_repairs, clean_cell
from jixiao.normalize.numerals import (
    CN_NUMERAL_CHARS,
    parse_chinese_numeral,
)

_ARABIC_RE = re.compile(
    r"""
    ^(?P<sign>[-−+])?                                               # optional sign
    (?P<num>[0-9.,\s]*[0-9](?:[0-9.,\s]*[0-9.])?(?:[eE][+-]?[0-9]+)?)   # the number, maybe messy
    (?P<unit>[^0-9\s][^0-9]{0,5})?$                                 # a short unit: 分, %, 个, 人次, 年度
    """,
    re.VERBOSE,
)

_CHINESE_RE = re.compile(
    rf"""
    ^(?P<num>[{CN_NUMERAL_CHARS}]+(?:点[{CN_NUMERAL_CHARS}]+)?)   # 十, 两, 一百二十, 九十五点五
    (?P<unit>[^{CN_NUMERAL_CHARS}0-9][^0-9]{{0,5}})?$             # 分, 次, 轮
    """,
    re.VERBOSE,
)

_UNIT_RE = re.compile(
    r"""
    ^(?:[\u4e00-\u9fff]{1,6}                  # Han units: 分, 个, 人次, 年度, 个百分点
      | [%‰℃㎡]                               # symbols
      | [\u4e00-\u9fff]{0,3}/[\u4e00-\u9fff]{1,3}   # 元/人, 次/年
    )$
    """,
    re.VERBOSE,
)

# A Chinese numeral is only read as a quantity before one of these: 万无一失 and 三公经费 are words.
CHINESE_NUMERAL_UNITS = frozenset(
    (
        *("分", "个", "次", "人", "人次", "户", "家", "项", "件", "份", "篇", "场", "期", "轮", "批"),
        *("天", "日", "月", "年", "年度", "周", "小时", "分钟", "名", "位", "本", "册", "张", "类"),
        *("处", "条", "台", "套", "座", "所", "辆", "吨", "亩", "公里", "米", "平方米", "%", "个百分点"),
        *("元", "万元", "亿元", "千元"),
    )
)


@quick_init
@dataclass(frozen=True, slots=True)
class Number:
    """A score, weight or count as written, with its unit."""

    raw: str  # the text exactly as given
    value: Decimal | None  # None when empty/invalid/ambiguous
    unit: str | None = None  # the unit written after the number (分, %, 个 …)
    status: str = "ok"  # ok | repaired | ambiguous | invalid | empty
    repairs: tuple[str, ...] = ()  # slugs in order applied
    candidates: tuple[Decimal, ...] = ()  # for ambiguous, most plausible first


@lru_cache(maxsize=1 << 15)  # the same cell is cleaned by several readers; the result is immutable
def parse_number(text: str) -> Number:
    """Read a number with an optional short unit.

    >>> parse_number("10分")
    Number(raw='10分', value=Decimal('10'), unit='分', status='ok', repairs=(), candidates=())
    >>> parse_number("\u3000 98.99").value, parse_number("-").status, parse_number("详见附表").status
    (Decimal('98.99'), 'empty', 'invalid')
    """
    cleaned, slugs = clean_cell(text)
    if not cleaned:
        return Number(text, None, status="empty")
    return read_quantity(text, cleaned, slugs)


_ENCLOSED = re.compile(r"^\s*[(（]?\s*(?P<inner>[^()（）]*?)\s*[)）]?\s*$")  # "(50分)", and "(50分"


@lru_cache(maxsize=1 << 15)  # a form's 分值 and 得分 repeat (10, 20, —); the result is immutable
def parse_score(text: str) -> Number:
    """A 分值 or 得分: never negative, so parentheses around it are an annotation, not a sign, and a
    figure with a minus sign (``-2``: the points taken off, not the score) is no score: invalid.

    >>> parse_score("（10分）").value, parse_score("(30)").value, parse_score("(30)").status
    (Decimal('10'), Decimal('30'), 'ok')
    >>> parse_score("-2").value, parse_score("-2").status
    (None, 'invalid')
    """
    m = _ENCLOSED.match(text)
    if m is None or m["inner"] == text:
        got = parse_number(text)
    else:
        inner = parse_number(m["inner"])
        got = Number(text, inner.value, inner.unit, inner.status, inner.repairs, inner.candidates)
    if (got.value is not None and got.value < 0) or any(c < 0 for c in got.candidates):
        return Number(text, None, got.unit, "invalid", got.repairs)
    return got


def read_quantity(raw: str, cleaned: str, slugs: tuple[str, ...]) -> Number:
    """Number + unit from an already cleaned cell (shared by percent and target parsing)."""
    cleaned, sign_slugs = apply_repairs(cleaned, ("parenthesized_negative", "triangle_negative"))
    slugs += sign_slugs
    m = _ARABIC_RE.match(cleaned)
    if m is not None:
        unit = m["unit"]
        if unit is not None and not _UNIT_RE.match(unit):
            return Number(raw, None, status="invalid", repairs=slugs)
        readings = read_digits(m["num"])
        if not readings:
            return Number(raw, None, unit, "invalid", slugs)
        negative = m["sign"] in ("-", "−")
        values = list(dict.fromkeys(-r.value + 0 if negative else r.value for r in readings))
        if len(values) > 1:
            shared = tuple(s for s in readings[0].slugs if all(s in r.slugs for r in readings))
            return Number(raw, None, unit, "ambiguous", slugs + shared, tuple(values))
        slugs += readings[0].slugs
        return Number(raw, values[0], unit, "repaired" if slugs else "ok", slugs)
    m = _CHINESE_RE.match(cleaned)
    if m is not None:
        value = parse_chinese_numeral(m["num"])
        unit = m["unit"]
        if value is not None and (unit is None or unit in CHINESE_NUMERAL_UNITS):
            return Number(raw, value, unit, "repaired" if slugs else "ok", slugs)
    return Number(raw, None, status="invalid", repairs=slugs)
