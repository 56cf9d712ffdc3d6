"""The figure of a money cell → its readings, in the unit written with it (if any).

``63万`` → 63 in 万元; ``1亿2000万`` → 12000 in 万元; ``叁仟伍佰元捌角`` → 3500.8 in 元;
``3,20.6,71591`` → the readings ``amount_readings.read_digits`` offers. Qualifiers (约, 余, ranges,
signs), scaling to 元 and the status are ``normalize.amounts``' job; nothing here decides between readings.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.normalize.amount_readings import Reading, read_digits
from jixiao.normalize.numerals import CN_DIGITS, chinese_numeral_readings, parse_chinese_numeral

UNIT_FACTORS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(10) ** 3,
    "万元": Decimal(10) ** 4,
    "十万元": Decimal(10) ** 5,
    "百万元": Decimal(10) ** 6,
    "千万元": Decimal(10) ** 7,
    "亿元": Decimal(10) ** 8,
}

_YUAN_SPLIT_RE = re.compile(
    rf"""
    ^(?P<pre>.*?)
    (?:
        元(?P<post>.*)                                                      # … 元 [角分]
      | (?P<coins>(?:[0-9{CN_DIGITS}]角)?(?:零?[0-9{CN_DIGITS}]分)?)        # or only 角/分 at the end
    )$
    """,
    re.VERBOSE | re.DOTALL,
)

_COINS_RE = re.compile(
    rf"""
    ^零?(?:(?P<jiao>[0-9{CN_DIGITS}])角)?   # 捌角
    零?(?:(?P<fen>[0-9{CN_DIGITS}])分)?$    # 玖分 (零玖分 when 角 is zero)
    """,
    re.VERBOSE,
)

_SEGMENT_RE = re.compile(
    r"""
    (?P<num>[0-9.,\s]*[0-9](?:[0-9.,\s]*[0-9.])?(?:[eE][+-]?[0-9]+)?)   # an Arabic number, maybe messy
    (?P<mult>亿|千万|百万|十万|万|千|百)?                                 # its multiplier
    """,
    re.VERBOSE,
)

_MULT_FACTORS = {
    "亿": 10**8,
    "千万": 10**7,
    "百万": 10**6,
    "十万": 10**5,
    "万": 10**4,
    "千": 10**3,
    "百": 100,
}
_MAX_COMBOS = 16


@dataclass(frozen=True, slots=True)
class Body:
    """Readings of the value part in ``unit_written`` (or the declared unit when None)."""

    readings: tuple[Reading, ...]
    unit_written: str | None


def read_body(text: str) -> Body | None:
    """The value part: ``63万``, ``1.5亿元``, ``六十三万元``, ``叁仟伍佰元捌角``, ``3,20.6,71591``."""
    split = _YUAN_SPLIT_RE.match(text)
    if split is None:
        return None
    pre = split["pre"]
    coins_text = split["post"] if split["post"] is not None else split["coins"]
    yuan_written = split["post"] is not None or bool(coins_text)
    coins = _read_coins(coins_text or "")
    if coins is None:
        return None
    if split["coins"] and pre:
        return None  # 10分 without 元 is a score, not ten fen
    if not pre:
        if not coins_text:
            return None
        return Body((Reading(str(coins)),), "元")
    readings = chinese_numeral_readings(pre)
    body = _read_chinese(pre, readings, yuan_written) if readings else _read_arabic(pre, yuan_written)
    if body is None or not coins:
        return body
    # 壹仟万元零壹分: the coins are in 元, so the whole figure is read in 元.
    factor = UNIT_FACTORS[body.unit_written or "元"]
    return Body(tuple(Reading(str(r.value * factor + coins), r.slugs, r.rank) for r in body.readings), "元")


def _read_coins(text: str) -> Decimal | None:
    """``捌角玖分`` → 0.89; ``""`` → 0; None if it is not 角/分."""
    if not text:
        return Decimal(0)
    m = _COINS_RE.match(text)
    if m is None or not (m["jiao"] or m["fen"]):
        return None
    jiao = _digit(m["jiao"]) if m["jiao"] else 0
    fen = _digit(m["fen"]) if m["fen"] else 0
    return Decimal(jiao) / 10 + Decimal(fen) / 100


def _digit(ch: str) -> int:
    value = ch if ch.isascii() else parse_chinese_numeral(ch)
    return int(value) if value is not None else 0


def _read_chinese(pre: str, values: tuple[Decimal, ...], yuan_written: bool) -> Body:
    """``六十三万`` → 63 in 万元; ``叁仟伍佰`` with 元 → 3500 in 元; ``六十三`` → 63 in the declared unit;
    ``八十一亿一千`` → its two readings in 元 (the caller leaves it ambiguous)."""
    for mult, unit in (("亿", "亿元"), ("万", "万元")):
        if pre.endswith(mult) or pre.endswith({"亿": "億", "万": "萬"}[mult]):
            return Body(tuple(Reading(str(v / UNIT_FACTORS[unit])) for v in values), unit)
    unit_written = "元" if yuan_written or any(ch in pre for ch in "万萬亿億") else None
    return Body(tuple(Reading(str(v)) for v in values), unit_written)


def _read_arabic(pre: str, yuan_written: bool) -> Body | None:
    """Arabic digits with optional multipliers: ``80``, ``1.5亿``, ``1亿2000万``, ``3,20.6,71591``."""
    segments: list[tuple[tuple[Reading, ...], str | None]] = []
    pos = 0
    for m in _SEGMENT_RE.finditer(pre):
        if m.start() != pos:
            return None
        readings = read_digits(m["num"])
        if not readings:
            return None
        segments.append((readings, m["mult"]))
        pos = m.end()
    if pos != len(pre) or not segments:
        return None
    mults = [mult for _, mult in segments]
    if any(mult is None for mult in mults[:-1]):
        return None  # two bare numbers in a row
    factors = [_MULT_FACTORS[mult] for mult in mults if mult is not None]
    if factors != sorted(set(factors), reverse=True):
        return None  # multipliers must fall: 1亿2000万, never 2000万1亿
    if not factors:
        return Body(segments[0][0], "元" if yuan_written else None)
    unit = "元" if mults[-1] is None else f"{mults[-1]}元"
    if unit not in UNIT_FACTORS:
        unit = "元"  # 5百元: read in 元 (百元 is no column unit)
    return Body(_combine(segments, UNIT_FACTORS[unit], yuan_written), unit)


def _combine(
    segments: list[tuple[tuple[Reading, ...], str | None]], unit_factor: Decimal, yuan_written: bool
) -> tuple[Reading, ...]:
    """Sum ``number × multiplier`` over the segments, for every combination of their readings."""
    out: list[Reading] = []
    for combo in itertools.islice(itertools.product(*(r for r, _ in segments)), _MAX_COMBOS):
        total = Decimal(0)
        slugs: tuple[str, ...] = ()
        rank: tuple[int, ...] = ()
        for reading, (_, mult) in zip(combo, segments, strict=True):
            total += reading.value * (_MULT_FACTORS[mult] if mult else 1)
            slugs += reading.slugs
            rank += reading.rank
        out.append(Reading(str(total / unit_factor), slugs, (0, *rank)))
        last, prev_mult = combo[-1], segments[-2][1] if len(segments) > 1 else None
        if segments[-1][1] is None and prev_mult and not yuan_written and len(last.text) == 1:
            # 3万5 said aloud is 3万5千: offer it first, the literal 30005 second.
            colloquial = total - last.value + last.value * _MULT_FACTORS[prev_mult] / 10
            out.insert(-1, Reading(str(colloquial / unit_factor), slugs, (-1, *rank)))
    return tuple(sorted(out, key=lambda r: r.rank))
