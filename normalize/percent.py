"""Percent cells → percent points: ``parse_percent("99.99%") -> Percent(value=99.99)``.

Decisions:
- The value is in percent points as written: ``99.99%`` and ``99.99`` both give 99.99; ``9.5‰`` gives 0.95.
- A bare fraction without a ``%`` sign, ``0 < x <= 1`` (``0.9999``, ``1``), reads either as a ratio
  (99.99 %) or as written (0.9999 %): status ``ambiguous``, value None, candidates ``(x*100, x)`` —
  the ratio first, since an execution rate of 0.9999 % is rarer than a spreadsheet ratio. The caller
  can choose with evidence (execution ÷ budget). With a ``%`` sign nothing is ambiguous.
- ``百分之九十`` gives 90. Any other unit (``10分``, ``2轮``) is ``invalid`` in a percent cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from jixiao.normalize.amount_repairs import clean_cell
from jixiao.normalize.numbers import read_quantity
from jixiao.normalize.numerals import parse_chinese_numeral

_CHINESE_PERCENT_RE = re.compile(
    r"""
    ^百分之(?P<num>.+)$   # 百分之九十, 百分之95
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Percent:
    """A percentage in percent points."""

    raw: str  # the text exactly as given
    value: Decimal | None  # percent points; None when empty/invalid/ambiguous
    status: str = "ok"  # ok | repaired | ambiguous | invalid | empty
    repairs: tuple[str, ...] = ()  # slugs in order applied
    candidates: tuple[Decimal, ...] = ()  # for ambiguous: ratio reading first


@lru_cache(maxsize=1 << 15)  # a form's rates repeat (100%, —); the result is immutable
def parse_percent(text: str) -> Percent:
    """Read a percent cell into percent points.

    >>> parse_percent("99.99%").value, parse_percent("１００％").value, parse_percent("—").status
    (Decimal('99.99'), Decimal('100'), 'empty')
    >>> parse_percent("0.9999").candidates
    (Decimal('99.9900'), Decimal('0.9999'))
    """
    cleaned, slugs = clean_cell(text)
    if not cleaned:
        return Percent(text, None, "empty")
    if m := _CHINESE_PERCENT_RE.match(cleaned):
        inner = m["num"]
        value = parse_chinese_numeral(inner)
        if value is None:
            number = read_quantity(text, inner, slugs)
            if number.unit is not None:
                return Percent(text, None, "invalid", slugs)
            return Percent(text, number.value, number.status, number.repairs, number.candidates)
        return Percent(text, value, "repaired" if slugs else "ok", slugs)
    number = read_quantity(text, cleaned, slugs)
    if number.status in ("invalid", "empty"):
        return Percent(text, None, number.status, number.repairs)
    if number.unit not in (None, "%", "‰"):
        return Percent(text, None, "invalid", number.repairs)
    if number.status == "ambiguous":
        return Percent(text, None, "ambiguous", number.repairs, number.candidates)
    value = number.value
    assert value is not None  # read_quantity gives a value whenever status is ok/repaired
    if number.unit == "‰":
        value = value / 10
    if number.unit is None and 0 < value <= 1:
        return Percent(text, None, "ambiguous", number.repairs, (value * 100, value))
    return Percent(text, value, number.status, number.repairs)
