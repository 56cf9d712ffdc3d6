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
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from jixiao.extract.quick_init import quick_init
from jixiao.normalize.amount_body import UNIT_FACTORS, Body, read_body
from jixiao.normalize.amount_readings import Reading
from jixiao.normalize.amount_repairs import apply_repairs, clean_cell
from jixiao.normalize.numerals import (
    CN_NUMERAL_CHARS,
)

_CENT = Decimal("0.01")
EXACT = ("ok", "repaired")  # the statuses of a value read exactly (a repair is named, never a guess)
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

_THOUSANDS_DOT_RE = re.compile(
    r"""
    ^[1-9][0-9]{0,2}\.[0-9]{3}$   # 1.234: a decimal, or 1234 grouped with a dot (0.001 is not)
    """,
    re.VERBOSE,
)


@quick_init
@dataclass(frozen=True, slots=True)
class Amount:
    """A money cell read into 元, with how it was read."""

    raw: str  # the text exactly as given
    yuan: Decimal | None  # in 元, 2 places; None when empty/invalid/ambiguous
    status: str = "ok"  # ok | repaired | approximate | ambiguous | invalid | empty
    repairs: tuple[str, ...] = ()  # slugs in order applied (see amount_repairs.REPAIR_DESCRIPTIONS)
    candidates: tuple[Decimal, ...] = ()  # in 元, for ambiguous; exact, most plausible first
    unit: str | None = None  # the unit that applied
    unit_written: str | None = None  # the unit written in the text itself
    upper: Decimal | None = None  # for approximate: the ceiling when known


def normalize_unit(unit: str | None) -> str | None:
    """``万`` → ``万元``; ``（万元）`` → ``万元``; None stays None. Unknown units are a caller bug.

    >>> normalize_unit("（万元）"), normalize_unit("万"), normalize_unit(None)
    ('万元', '万元', None)
    """
    if unit in UNIT_FACTORS:
        return unit  # already canonical: what every caller but the first passes
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
    plain = plain_amount(text, declared)
    if plain is not None:
        return plain
    try:
        with decimal.localcontext() as ctx:
            ctx.prec = 60
            return _parse(text, declared)
    except ArithmeticError:  # a Decimal trap on absurd input: not money, and never a crash
        return Amount(text, None, "invalid", unit=declared)


# No sign, no leading zero, at most 12 digits and 2 places: one reading, whole cents in every unit.
_PLAIN_RE = re.compile(r"(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,2})?")


def is_plain_figure(text: str) -> bool:
    """What ``plain_amount`` reads (``56.40``, ``120``): one reading, in whole cents whatever the unit."""
    return _PLAIN_RE.fullmatch(text) is not None


def plain_amount(text: str, declared: str | None) -> Amount | None:
    """Most money cells are a plain figure (``56.40``, ``120``): read without the repair pipeline, the
    same Amount as it gives (``tests/test_amounts.py`` checks them equal); None for any other text.

    >>> plain_amount("56.40", "万元").yuan, plain_amount("56.4058.00", "万元")
    (Decimal('564000.00'), None)
    """
    if not _PLAIN_RE.fullmatch(text):
        return None
    unit = declared or "元"
    yuan = (Decimal(text) * UNIT_FACTORS[unit]).quantize(_CENT)
    return Amount(text, yuan, "ok", unit=unit) if yuan < _LIMIT else None


@dataclass(frozen=True, slots=True)
class _Written:
    """What a cell's text says before a unit applies (the same whichever unit the cell is read in)."""

    kind: str  # empty | invalid | range | body
    slugs: tuple[str, ...] = ()
    body: Body | None = None
    negative: bool = False
    approx: str = ""
    low: str = ""  # a range's two ends, as written
    high: str = ""


def _parse(raw: str, declared: str | None) -> Amount:
    read = _read_text(raw)
    if read.kind == "empty":
        return Amount(raw, None, "empty", unit=declared)
    if read.kind == "range":
        return _parse_range(raw, read.low, read.high, declared, read.slugs, read.negative)
    if read.body is None:
        return Amount(raw, None, "invalid", read.slugs, unit=declared)
    return _finish(raw, read.body, declared, read.slugs, read.negative, read.approx)


@functools.lru_cache(maxsize=16_384)  # a cell read in a second unit reads its text once (called with prec 60)
def _read_text(raw: str) -> _Written:
    text, slugs = clean_cell(raw)
    if not text and not slugs:
        return _Written("empty")  # a lone "," (slugs, no text) is no figure: invalid below
    text, sign_slugs = apply_repairs(text, ("parenthesized_negative", "triangle_negative"))
    slugs += sign_slugs

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
        return _Written("range", slugs, negative=negative, low=rng["low"], high=rng["high"])

    text, remainders = _REMAINDER_RE.subn("", text, count=1)
    if remainders:
        approx = approx or "remainder"
    body = read_body(text)
    return _Written("body" if body is not None else "invalid", slugs, body, negative, approx)


def _finish(
    raw: str, body: Body, declared: str | None, slugs: tuple[str, ...], negative: bool, approx: str
) -> Amount:
    """Scale the readings to 元 and decide the status."""
    unit = body.unit_written or declared or "元"
    factor = UNIT_FACTORS[unit]
    sign = Decimal(-1) if negative else Decimal(1)
    values: dict[Decimal, Reading] = {}
    for reading in body.readings:
        values.setdefault(reading.value * factor * sign + 0, reading)
    european = [v for v, r in values.items() if "european_grouping" in r.slugs and whole_cents(v)]
    if len(values) > 1 and len(european) == 1 and sum(map(whole_cents, values)) == 1:
        values = {european[0]: values[european[0]]}  # the other readings are not whole cents
    if len(values) > 1:
        return _ambiguous(raw, values, slugs, unit, body.unit_written)
    ((yuan, reading),) = values.items()
    slugs += reading.slugs
    if len(body.readings) == 1 and _THOUSANDS_DOT_RE.match(reading.text) and not whole_cents(yuan):
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
    if not whole_cents(yuan):
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
    order = sorted(values.items(), key=lambda kv: (not whole_cents(kv[0]), kv[1].rank))
    candidates = tuple(v.quantize(_CENT) if whole_cents(v) else v.normalize() for v, _ in order)
    shared = [s for s in order[0][1].slugs if all(s in r.slugs for _, r in order)]
    return Amount(raw, None, "ambiguous", (*slugs, *shared), candidates, unit, unit_written)


def _parse_range(
    raw: str, low_text: str, high_text: str, declared: str | None, slugs: tuple[str, ...], negative: bool
) -> Amount:
    """``50-60万元``: the high end's unit applies to a bare low end."""
    high = read_body(high_text)
    low = read_body(low_text)
    if negative or high is None or low is None or len(high.readings) != 1 or len(low.readings) != 1:
        return Amount(raw, None, "invalid", slugs, unit=declared)
    unit = high.unit_written or declared or "元"
    low_unit = low.unit_written or unit
    lo = low.readings[0].value * UNIT_FACTORS[low_unit]
    hi = high.readings[0].value * UNIT_FACTORS[unit]
    if lo > hi or abs(hi) >= _LIMIT:
        return Amount(raw, None, "invalid", slugs, unit=unit, unit_written=high.unit_written)
    slugs += low.readings[0].slugs + high.readings[0].slugs
    if not (whole_cents(lo) and whole_cents(hi)):
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


def _step(value: Decimal) -> Decimal:
    """One unit of the last written digit: 63 → 1, 100 → 100, 1.5 → 0.1 (for 余/多)."""
    exponent = value.normalize().as_tuple().exponent
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)


def whole_cents(value: Decimal) -> bool:
    """Money that cents can hold: ``12.30`` yes, ``799885.224`` no."""
    return value == value.quantize(_CENT, rounding=ROUND_FLOOR)
