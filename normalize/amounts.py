"""Money cells → exact 元: ``parse_amount(text, unit) -> Amount``. Never raises on any str.

Decisions (documented here because auditors will ask):

- **Statuses.** ``ok`` read as written; ``repaired`` read after named repairs (``repairs`` lists them);
  ``approximate`` the text says 约/近/逾/余/多/左右/a range, or the value is not whole cents;
  ``ambiguous`` several readings survive (``yuan`` None, ``candidates`` in 元, most plausible first);
  ``invalid`` not money (``详见附表``, ``2023年度``, ``100%``, out of decimal(18,2) range); ``empty`` a
  null marker (blank, ``—``, ``-``, ``/``, ``无``). Pure surrounding whitespace is not a repair.
- **Units.** A unit written in the text (``万元``, ``万``, ``亿``, ``元``, Chinese ``六十三万``) beats the
  declared one; with neither the number is read in 元 (``unit`` = ``元``, ``unit_written`` None).
- **Approximations.** ``yuan`` is the written figure: the lower bound for 逾/超/余/多 and ranges. ``upper``
  is the ceiling when the text implies one: ``63万余元`` → 640000 (one unit of the last written digit),
  ``50-60万元`` → 600000, ``近50万元`` → 500000 (近/不足 put the figure as the ceiling); None for 约/逾.
- **Not whole cents** (``79.9885224万元`` = 799885.224 元): never rounded silently. ``approximate`` with
  slug ``sub_cent_rounded``; ``yuan`` is the floor to the cent, ``upper`` the ceiling. A lone ``1.234``
  in 元 is instead ``ambiguous`` (1234 with a thousands dot, or 1.234).
- **Candidates** are exact: a reading that is not whole cents keeps its extra places (it can never match
  a cents figure by rounding) and sorts after the whole-cent readings.
"""

from __future__ import annotations

import decimal
import functools
import itertools
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from jixiao.normalize.amount_readings import Reading, read_digits
from jixiao.normalize.amount_repairs import REPAIR_DESCRIPTIONS, apply_repairs, describe_repairs
from jixiao.normalize.numerals import (
    CN_DIGITS,
    CN_NUMERAL_CHARS,
    COSMETIC_SPACE_RE,
    NULL_RE,
    fold_symbols,
    parse_chinese_numeral,
)

__all__ = [
    "REPAIR_DESCRIPTIONS",
    "UNIT_FACTORS",
    "Amount",
    "describe_repairs",
    "normalize_unit",
    "parse_amount",
]

UNIT_FACTORS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(10) ** 3,
    "万元": Decimal(10) ** 4,
    "十万元": Decimal(10) ** 5,
    "百万元": Decimal(10) ** 6,
    "千万元": Decimal(10) ** 7,
    "亿元": Decimal(10) ** 8,
}
_CENT = Decimal("0.01")
_LIMIT = Decimal(10) ** 16  # decimal128(18,2) holds |x| < 10^16 元

_PREFIX_RE = re.compile(
    r"""
    ^(?:
        (?P<sign>[-−+]|负)                                    # sign (△ and (…) are repairs first)
      | (?P<currency>人民币|RMB|CNY|[¥￥])                    # currency marker
      | (?P<about>大约|约合|约为|约)                          # about: the figure, no bound
      | (?P<less>将近|接近|不足|不到|近)                      # nearly: the figure is a ceiling
      | (?P<more>超过|多达|逾|超)                             # more than: the figure is a floor
    )
    """,
    re.VERBOSE,
)

_SUFFIX_RE = re.compile(
    r"""
    (?: (?P<whole>整|正)        # 万元整: "exactly", no meaning for the value
      | (?P<about>左右|上下)    # 1.5万元左右
    )$
    """,
    re.VERBOSE,
)

_REMAINDER_RE = re.compile(
    rf"""
    (?<=[0-9{CN_NUMERAL_CHARS}])   # after a digit or a place word
    [余多]                         # 63万余元, 100余万元, 30多万元
    (?=[十百千万亿元]|$)           # before a place word, 元 or the end
    """,
    re.VERBOSE,
)

_RANGE_RE = re.compile(
    r"""
    ^(?P<low>[^-~～至到—]+?)    # 50 or 50万
    (?:-|~|～|至|到|—{1,2})     # range dash
    (?P<high>[^-~～至到—]+)$    # 60万元
    """,
    re.VERBOSE,
)

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

_THOUSANDS_DOT_RE = re.compile(
    r"""
    ^[1-9][0-9]{0,2}\.[0-9]{3}$   # 1.234: a decimal, or 1234 grouped with a dot (0.001 is not)
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
class Amount:
    """A money cell read into 元, with how it was read."""

    raw: str  # the text exactly as given
    yuan: Decimal | None  # in 元, 2 places; None when empty/invalid/ambiguous
    status: str = "ok"  # ok | repaired | approximate | ambiguous | invalid | empty
    repairs: tuple[str, ...] = ()  # slugs in order applied (see REPAIR_DESCRIPTIONS)
    candidates: tuple[Decimal, ...] = ()  # in 元, for ambiguous; exact, most plausible first
    unit: str | None = None  # the unit that applied
    unit_written: str | None = None  # the unit written in the text itself
    upper: Decimal | None = None  # for approximate: the ceiling when known


@dataclass(frozen=True, slots=True)
class _Body:
    """Readings of the value part in ``unit_written`` (or the declared unit when None)."""

    readings: tuple[Reading, ...]
    unit_written: str | None


def normalize_unit(unit: str | None) -> str | None:
    """``万`` → ``万元``; ``（万元）`` → ``万元``; None stays None. Unknown units are a caller bug.

    >>> normalize_unit("（万元）"), normalize_unit("万"), normalize_unit(None)
    ('万元', '万元', None)
    """
    if unit is None or not unit.strip():
        return None
    bare = re.sub(r"[\s()（）:：]|单位|人民币", "", unit)
    if bare in UNIT_FACTORS:
        return bare
    if bare + "元" in UNIT_FACTORS:
        return bare + "元"
    raise ValueError(f"unknown money unit {unit!r}: pass one of {', '.join(UNIT_FACTORS)} or None")


def parse_amount(text: str, unit: str | None = None) -> Amount:
    """Read a money cell into 元; ``unit`` is the declared unit, overridden by one written in the text.

    >>> a = parse_amount("3,20.6,71591", "万元")
    >>> a.yuan, a.status, a.repairs
    (Decimal('3206715.91'), 'repaired', ('stray_separators',))
    >>> parse_amount("63万余元").upper
    Decimal('640000.00')
    """
    return _parse_declared(text, normalize_unit(unit))


@functools.lru_cache(maxsize=16_384)  # reconciliation re-reads cells in both units; Amount is frozen
def _parse_declared(text: str, declared: str | None) -> Amount:
    try:
        with decimal.localcontext() as ctx:
            ctx.prec = 60
            return _parse(text, declared)
    except ArithmeticError:  # a Decimal trap on absurd input: not money, and never a crash
        return Amount(text, None, "invalid", unit=declared)


def _parse(raw: str, declared: str | None) -> Amount:
    text, slugs = apply_repairs(fold_symbols(raw.strip()), ("invisible_characters", "fullwidth_digits"))
    text = text.strip()
    if not text or NULL_RE.match(text):
        return Amount(raw, None, "empty", unit=declared)
    text, more_slugs = apply_repairs(text, ("trailing_punctuation", "ideographic_full_stop"))
    text = COSMETIC_SPACE_RE.sub("", text)
    text, sign_slugs = apply_repairs(text, ("parenthesized_negative", "triangle_negative"))
    slugs += more_slugs + sign_slugs

    negative, approx = False, ""
    seen: set[str] = set()
    while (m := _PREFIX_RE.match(text)) and m.lastgroup not in seen:
        kind = m.lastgroup or ""
        seen.add(kind)
        if kind == "sign":
            negative = m.group() in "-−负"
        elif kind != "currency":
            approx = kind
        text = text[m.end() :]
    while m := _SUFFIX_RE.search(text):
        if m.lastgroup == "about":
            approx = approx or "about"
        text = text[: m.start()]

    if approx == "" and (rng := _RANGE_RE.match(text)):
        return _parse_range(raw, rng["low"], rng["high"], declared, slugs, negative)

    text, remainders = _REMAINDER_RE.subn("", text, count=1)
    if remainders:
        approx = approx or "remainder"
    body = _read_body(text)
    if body is None:
        return Amount(raw, None, "invalid", slugs, unit=declared)
    return _finish(raw, body, declared, slugs, negative, approx)


def _finish(
    raw: str, body: _Body, declared: str | None, slugs: tuple[str, ...], negative: bool, approx: str
) -> Amount:
    """Scale the readings to 元 and decide the status."""
    unit = body.unit_written or declared or "元"
    factor = UNIT_FACTORS[unit]
    sign = Decimal(-1) if negative else Decimal(1)
    values: dict[Decimal, Reading] = {}
    for reading in body.readings:
        values.setdefault(reading.value * factor * sign + 0, reading)
    european = [v for v, r in values.items() if "european_grouping" in r.slugs and _whole_cents(v)]
    if len(values) > 1 and len(european) == 1 and sum(map(_whole_cents, values)) == 1:
        values = {european[0]: values[european[0]]}  # the other readings are not whole cents
    if len(values) > 1:
        return _ambiguous(raw, values, slugs, unit, body.unit_written)
    ((yuan, reading),) = values.items()
    slugs += reading.slugs
    if len(body.readings) == 1 and _THOUSANDS_DOT_RE.match(reading.text) and not _whole_cents(yuan):
        thousands = Decimal(reading.text.replace(".", "")) * factor * sign + 0
        return _ambiguous(raw, {thousands: reading, yuan: reading}, slugs, unit, body.unit_written)
    if abs(yuan) >= _LIMIT:
        return Amount(raw, None, "invalid", slugs, unit=unit, unit_written=body.unit_written)

    upper: Decimal | None = None
    if approx == "remainder":
        # 63万余: the written figure plus less than one unit of its last digit; for a negative figure
        # the far end is below it, so the bounds swap (yuan stays the lower bound).
        far = yuan + sign * _step(reading.value) * factor
        yuan, upper = min(yuan, far), max(yuan, far)
    elif approx == "less":
        upper = yuan
    if not _whole_cents(yuan):
        slugs += ("sub_cent_rounded",)
        upper = upper if upper is not None else yuan.quantize(_CENT, rounding=ROUND_CEILING)
        yuan = yuan.quantize(_CENT, rounding=ROUND_FLOOR)
        approx = approx or "sub_cent"
    status = "approximate" if approx else ("repaired" if slugs else "ok")
    return Amount(
        raw,
        yuan.quantize(_CENT),
        status,
        slugs,
        unit=unit,
        unit_written=body.unit_written,
        upper=None if upper is None else upper.quantize(_CENT, rounding=ROUND_CEILING),
    )


def _ambiguous(
    raw: str, values: dict[Decimal, Reading], slugs: tuple[str, ...], unit: str, unit_written: str | None
) -> Amount:
    """Several readings: no value, the candidates whole-cents first then by plausibility."""
    order = sorted(values.items(), key=lambda kv: (not _whole_cents(kv[0]), kv[1].rank))
    candidates = tuple(v.quantize(_CENT) if _whole_cents(v) else v.normalize() for v, _ in order)
    shared = [s for s in order[0][1].slugs if all(s in r.slugs for _, r in order)]
    return Amount(raw, None, "ambiguous", (*slugs, *shared), candidates, unit, unit_written)


def _parse_range(
    raw: str, low_text: str, high_text: str, declared: str | None, slugs: tuple[str, ...], negative: bool
) -> Amount:
    """``50-60万元``: the high end's unit applies to a bare low end."""
    high = _read_body(high_text)
    low = _read_body(low_text)
    if negative or high is None or low is None or len(high.readings) != 1 or len(low.readings) != 1:
        return Amount(raw, None, "invalid", slugs, unit=declared)
    unit = high.unit_written or declared or "元"
    low_unit = low.unit_written or unit
    lo = low.readings[0].value * UNIT_FACTORS[low_unit]
    hi = high.readings[0].value * UNIT_FACTORS[unit]
    if lo > hi or abs(hi) >= _LIMIT:
        return Amount(raw, None, "invalid", slugs, unit=unit, unit_written=high.unit_written)
    slugs += low.readings[0].slugs + high.readings[0].slugs
    if not (_whole_cents(lo) and _whole_cents(hi)):
        slugs += ("sub_cent_rounded",)
    return Amount(
        raw,
        lo.quantize(_CENT, rounding=ROUND_FLOOR),
        "approximate",
        slugs,
        unit=unit,
        unit_written=high.unit_written,
        upper=hi.quantize(_CENT, rounding=ROUND_CEILING),
    )


def _read_body(text: str) -> _Body | None:
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
        return _Body((Reading(str(coins)),), "元")
    if parse_chinese_numeral(pre) is not None:
        body = _read_chinese(pre, yuan_written)
    else:
        body = _read_arabic(pre, yuan_written)
    if body is None or not coins:
        return body
    # 壹仟万元零壹分: the coins are in 元, so the whole figure is read in 元.
    factor = UNIT_FACTORS[body.unit_written or "元"]
    return _Body(tuple(Reading(str(r.value * factor + coins), r.slugs, r.rank) for r in body.readings), "元")


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


def _read_chinese(pre: str, yuan_written: bool) -> _Body | None:
    """``六十三万`` → 63 in 万元; ``叁仟伍佰`` with 元 → 3500 in 元; ``六十三`` → 63 in the declared unit."""
    value = parse_chinese_numeral(pre)
    if value is None:
        return None
    for mult, unit in (("亿", "亿元"), ("万", "万元")):
        if pre.endswith(mult) or pre.endswith({"亿": "億", "万": "萬"}[mult]):
            return _Body((Reading(str(value / UNIT_FACTORS[unit])),), unit)
    if yuan_written or any(ch in pre for ch in "万萬亿億"):
        return _Body((Reading(str(value)),), "元")
    return _Body((Reading(str(value)),), None)


def _read_arabic(pre: str, yuan_written: bool) -> _Body | None:
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
        return _Body(segments[0][0], "元" if yuan_written else None)
    unit = "元" if mults[-1] is None else f"{mults[-1]}元"
    if unit not in UNIT_FACTORS:
        unit = "元"  # 5百元: read in 元 (百元 is no column unit)
    return _Body(_combine(segments, UNIT_FACTORS[unit], yuan_written), unit)


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


def _step(value: Decimal) -> Decimal:
    """One unit of the last written digit: 63 → 1, 100 → 100, 1.5 → 0.1 (for 余/多)."""
    exponent = value.normalize().as_tuple().exponent
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)


def _whole_cents(value: Decimal) -> bool:
    return value == value.quantize(_CENT, rounding=ROUND_FLOOR)
