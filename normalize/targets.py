"""Indicator values (指标值 / 实际完成值) → comparison, number, unit: ``parse_target("≥95%")``.

Decisions:
- ``op`` is ``=``, ``>=``, ``<=``, ``>``, ``<`` only when the text writes one (``≥``, ``不低于``, ``以上``,
  ``以内`` …); a bare ``100%`` has ``op`` None (the contract's ``target_op`` null = "no operator written").
  ``以上``/``以下``/``以内`` include the figure (Chinese statutory usage), so they map to ``>=``/``<=``.
- ``kind``: ``numeric`` (a number was read), ``deadline`` (``9月前``: op ``<=``, value 9, unit ``月``;
  a full date keeps value None), ``qualitative`` (``达到预期``, ``无``, ``良好``), ``empty`` (blank, ``—``,
  ``/``). ``无`` is qualitative here ("no incidents" is a real target), unlike in money cells.
- A range (``90%-100%``) gives op None, value the low end, ``upper`` the high end.
- An operator with no number (``不高于``) is kind ``numeric``, status ``invalid``: a comparison was meant.
- ``2023年度`` gives value 2023, unit ``年度`` (kind numeric).
- A count written ``1.200人`` (thousands or 1.2 persons?) is ``ambiguous``: value None, the text kept.
- Two figures parted by a dash, one with a leading zero (``0731-22334455``), are a phone number, no range.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from jixiao.extract.quick_init import quick_init
from jixiao.normalize.amount_repairs import clean_cell
from jixiao.normalize.numbers import read_quantity
from jixiao.normalize.numerals import CN_DIGITS, parse_chinese_numeral

_OP_PREFIX_RE = re.compile(
    r"""
    ^(?: (?P<ge>≥|≧|⩾|>=|=>|大于等于|大于或等于|不低于|不少于|不小于|至少|达到|不低|≥=)
       | (?P<le>≤|≦|⩽|<=|=<|小于等于|小于或等于|不高于|不超过|不多于|不大于|至多|控制在|低于等于)
       | (?P<gt>>|大于|高于|超过|多于)
       | (?P<lt><|小于|低于|少于)
       | (?P<eq>==|=|等于)
    )
    """,
    re.VERBOSE,
)

_OP_SUFFIX_RE = re.compile(
    r"""
    (?: (?P<ge>及以上|以上)
      | (?P<le>及以下|以下|以内|之内|内)
    )$
    """,
    re.VERBOSE,
)

_DEADLINE_RE = re.compile(
    rf"""
    ^(?:(?P<year>[0-9]{{4}})年)?                  # optional year: 2023年
    (?:(?P<month>[0-9]{{1,2}}|[{CN_DIGITS}十]{{1,3}})月)?   # month: 9月, 十二月
    (?:(?P<day>[0-9]{{1,2}})[日号])?             # day: 31日
    (?:底|末|中旬|上旬|下旬|份)?                 # 月底, 年末
    (?:前|之前|以前|内|完成|前完成)$              # before
    """,
    re.VERBOSE,
)

_RANGE_RE = re.compile(
    r"""
    ^(?P<low>[0-9.]+%?)     # 90% or 90
    (?:-|~|～|至|到|—)       # range dash
    (?P<high>[0-9.]+%?)$    # 100%
    """,
    re.VERBOSE,
)

_OPS = {"ge": ">=", "le": "<=", "gt": ">", "lt": "<", "eq": "="}
# Units of things counted whole: "1.200人" is no 1.2 persons — 1,200 with a point for the thousands
# comma, or a slip; either way not one reading (value left null, the text kept).
_COUNT_UNITS = frozenset(
    {"人", "人次", "个", "户", "次", "家", "所", "辆", "台", "座", "名", "件", "套", "项", "场", "期"}
    | {"批", "篇", "本", "册", "处", "间", "张", "份", "株", "棵", "头", "只", "条", "部", "村", "校"}
)


@dataclass(frozen=True, slots=True)
class Target:
    """An indicator's target or actual value."""

    raw: str  # the text exactly as given
    op: str | None  # = >= <= > < ; None when no operator is written
    value: Decimal | None
    unit: str | None
    status: str = "ok"  # ok | repaired | ambiguous | invalid | empty
    kind: str = "numeric"  # numeric | qualitative | deadline | empty
    upper: Decimal | None = None  # high end of a written range
    repairs: tuple[str, ...] = ()  # slugs in order applied


@lru_cache(maxsize=1 << 15)  # a form's targets repeat (≥95%, 100%); Target is frozen
def parse_target(text: str) -> Target:
    """Read an indicator value.

    >>> t = parse_target("≥95%"); (t.op, t.value, t.unit, t.kind)
    ('>=', Decimal('95'), '%', 'numeric')
    >>> t = parse_target("9月前"); (t.op, t.value, t.unit, t.kind)
    ('<=', Decimal('9'), '月', 'deadline')
    >>> t = parse_target("达到预期"); (t.op, t.value, t.kind)
    (None, None, 'qualitative')
    """
    stripped = text.strip()
    cleaned, slugs = clean_cell(text)
    if not cleaned:
        if stripped in ("无",):
            return Target(text, None, None, None, "ok", "qualitative")
        return Target(text, None, None, None, "empty", "empty")
    deadline = _read_deadline(text, cleaned, slugs)
    if deadline is not None:
        return deadline

    op: str | None = None
    body = cleaned
    if m := _OP_PREFIX_RE.match(body):
        op, body = _OPS[m.lastgroup or ""], body[m.end() :]
    if m := _OP_SUFFIX_RE.search(body):
        suffix_op = _OPS[m.lastgroup or ""]
        if op is None or op == suffix_op:
            op, body = suffix_op, body[: m.start()]
    if rng := _RANGE_RE.match(body):
        return _read_range(text, rng["low"], rng["high"], slugs)
    if not body:
        return Target(text, op, None, None, "invalid", "numeric", repairs=slugs)
    number = read_quantity(text, body, slugs)
    if number.status == "invalid":
        if op is not None and _looks_numeric(body):
            return Target(text, op, None, None, "invalid", "numeric", repairs=slugs)
        return Target(text, None, None, None, "ok", "qualitative")
    if number.unit in _COUNT_UNITS and number.value is not None and _thousands_point(number.value):
        return Target(text, op, None, number.unit, "ambiguous", "numeric", repairs=number.repairs)
    return Target(text, op, number.value, number.unit, number.status, "numeric", repairs=number.repairs)


def _thousands_point(value: Decimal) -> bool:
    """``1.200``: three places after the point, one to three digits before it.

    >>> [_thousands_point(Decimal(t)) for t in ("1.200", "1.5", "1200")]
    [True, False, False]
    """
    return value.as_tuple().exponent == -3 and 0 < abs(value) < 1000


def _read_deadline(raw: str, cleaned: str, slugs: tuple[str, ...]) -> Target | None:
    """``9月前``, ``12月底前``, ``2023年12月31日前``, ``年底前`` → kind deadline, op ``<=``."""
    if cleaned in ("年底前", "年内", "年底", "年末前", "本年度内", "当年"):
        return Target(raw, "<=", None, None, "ok", "deadline", repairs=slugs)
    m = _DEADLINE_RE.match(cleaned)
    if m is None or not (m["month"] or m["year"]):
        return None
    status = "repaired" if slugs else "ok"
    if m["day"]:
        return Target(raw, "<=", None, None, status, "deadline", repairs=slugs)
    if m["month"]:
        month = Decimal(m["month"]) if m["month"].isdigit() else parse_chinese_numeral(m["month"])
        if month is None or not 1 <= month <= 12:
            return None
        return Target(raw, "<=", month, "月", status, "deadline", repairs=slugs)
    return Target(raw, "<=", Decimal(m["year"]), "年", status, "deadline", repairs=slugs)


def _read_range(raw: str, low: str, high: str, slugs: tuple[str, ...]) -> Target:
    """``90%-100%``: value the low end, upper the high end, op None."""
    if any(end[:1] == "0" and end[1:2].isdigit() for end in (low, high)):
        return Target(raw, None, None, None, "ok", "qualitative")  # "0731-22334455": a phone number
    lo, hi = read_quantity(raw, low, ()), read_quantity(raw, high, ())
    unit = hi.unit or lo.unit
    if lo.value is None or hi.value is None or lo.value > hi.value or (lo.unit and lo.unit != unit):
        return Target(raw, None, None, unit, "invalid", "numeric", repairs=slugs)
    return Target(raw, None, lo.value, unit, "repaired" if slugs else "ok", "numeric", hi.value, slugs)


def _looks_numeric(body: str) -> bool:
    return any(ch.isdigit() for ch in body)


@quick_init
@dataclass(frozen=True, slots=True)
class TargetCheck:
    """Whether an indicator's actual value meets its target, and the comparison that decided it."""

    met: bool | None  # None: qualitative, unparsable, units differ, or no direction to compare in
    comparison: str | None  # as an auditor would write it: ``98.5 >= 95``; None when not compared


_NOT_COMPARED = TargetCheck(None, None)
_COMPARE = {
    ">=": lambda a, t: a >= t,
    "<=": lambda a, t: a <= t,
    ">": lambda a, t: a > t,
    "<": lambda a, t: a < t,
    "=": lambda a, t: a == t,
}


def compare_target(target: Target, actual: Target, *, lower_is_better: bool = False) -> TargetCheck:
    """Does ``actual`` meet ``target``? One comparison, used by the ``indicators`` columns and the audit.

    A written operator is used as written. A bare target (``100%``) means "reach it": ``>=``, or ``<=``
    for an indicator where less is better (成本指标: pass ``lower_is_better``). A range needs the actual
    inside it. Qualitative, deadline or unparsable values, an operator on the actual side, or different
    units (``2023年度`` against ``1``) are not compared: ``met`` None.

    >>> compare_target(parse_target("≥95%"), parse_target("98.5%"))
    TargetCheck(met=True, comparison='98.5 >= 95')
    >>> compare_target(parse_target("100%"), parse_target("90%")).met
    False
    >>> compare_target(parse_target("达到预期"), parse_target("达到")).met is None
    True
    """
    if target.kind != "numeric" or actual.kind != "numeric" or actual.op is not None:
        return _NOT_COMPARED
    if target.value is None or actual.value is None or target.unit != actual.unit:
        return _NOT_COMPARED
    got, want = actual.value.normalize(), target.value.normalize()
    if target.upper is not None:
        high = target.upper.normalize()
        return TargetCheck(want <= got <= high, f"{want:f} <= {got:f} <= {high:f}")
    op = target.op or ("<=" if lower_is_better else ">=")
    return TargetCheck(bool(_COMPARE[op](got, want)), f"{got:f} {op} {want:f}")
