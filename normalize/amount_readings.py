"""Every plausible reading of a run of Arabic digits and separators, most plausible first.

``read_digits("3,21.0,13328")`` gives one reading (``321.013328``, repaired: stray separators);
``read_digits("79.98852.24")`` gives four (a digit typed twice around a stray point, or either point
dropped). The caller scales readings by the unit and decides: one reading → a value, several →
``ambiguous`` with candidates. Nothing here guesses silently: a reading carries the slugs that made it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.normalize.amount_repairs import NUMBER_REPAIRS, apply_repairs

_PLAIN_RE = re.compile(
    r"""
    ^(?:[0-9]+(?:\.[0-9]+)?   # 123 or 123.45
      | \.[0-9]+              # .5 (a spreadsheet's leading point)
    )$
    """,
    re.VERBOSE,
)

_GROUPED_RE = re.compile(
    r"""
    ^[0-9]{1,3}(?:,[0-9]{3})+   # well-formed thousands groups
    (?:\.[0-9]+)?$              # optional decimals
    """,
    re.VERBOSE,
)

_COMMAS_ONLY_RE = re.compile(
    r"""
    ^[0-9]+(?:,[0-9]+)+$   # digits split by commas in bad positions, no point at all
    """,
    re.VERBOSE,
)

_POINTS_RE = re.compile(
    r"""
    ^[0-9]*(?:\.[0-9]*){2,}$   # several decimal points (commas already judged stray)
    """,
    re.VERBOSE,
)

_SPACE_BETWEEN_DIGITS_RE = re.compile(
    r"""
    (?<=[0-9])    # after a digit
    [^\S\n]+      # spaces, no line break (a cell's line break wraps one figure)
    (?=[0-9])     # before a digit
    """,
    re.VERBOSE,
)

_SPACE_GROUPS_RE = re.compile(
    r"""
    ^[0-9]{1,3}(?:[^\S\n]+[0-9]{3})+   # thousands groups parted by spaces: 1 234 567
    (?:[.,][0-9]+)?$                  # optional decimals
    """,
    re.VERBOSE,
)

MAX_DIGITS = 24  # money in 元 fits decimal(18,2); longer digit runs are not money
_MAX_POINTS = 4  # readings grow as 2^points; four stray points is already not a number


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read the digits: a plain decimal string, the slugs that produced it, its rank."""

    text: str  # plain decimal: [0-9]+(.[0-9]+)?
    slugs: tuple[str, ...] = ()
    rank: tuple[int, ...] = ()  # lower sorts first; ties broken by generation order

    @property
    def value(self) -> Decimal:
        return Decimal(self.text)


def read_digits(text: str) -> tuple[Reading, ...]:
    """All readings of ``text`` (ASCII digits, ``.``, ``,``, whitespace, exponent), best first; () if none.

    >>> [r.text for r in read_digits("3,21.0,13328")]
    ['321.013328']
    >>> [r.text for r in read_digits("79.98852.24")]
    ['79.988524', '798852.24', '79.9885224', '7998852.24']
    >>> [r.text for r in read_digits("12,345,67")]
    ['12345.67', '1234567']
    """
    if len(text) <= MAX_DIGITS and _PLAIN_RE.match(text):
        return (Reading(_canonical(text)),)  # plain digits (most cells): no repair below changes them
    return _read_repaired(text)


def _read_repaired(text: str) -> tuple[Reading, ...]:
    """``read_digits`` the long way: every repair tried, every reading kept."""
    if _SPACE_BETWEEN_DIGITS_RE.search(text) and not _SPACE_GROUPS_RE.match(text.strip()):
        return _spaced_readings(text)
    fixed, slugs = apply_repairs(text, NUMBER_REPAIRS)
    found = _readings_of(fixed, slugs)
    half = len(text) // 2
    if len(found) > 1 and len(text) % 2 == 0 and text[:half] == text[half:]:
        # 35.4135.41: a cell's text run into a copy of itself (merged cells exported twice). The copy is
        # offered first, never alone: the other readings stay candidates for the evidence to weigh.
        copy = _readings_of(*apply_repairs(text[:half], NUMBER_REPAIRS))
        if len(copy) == 1:
            glued = Reading(copy[0].text, (*copy[0].slugs, "glued_copy"), (-1,))
            found = (glued, *(r for r in found if Decimal(r.text) != glued.value))
    if "european_grouping" in slugs:
        # 1.234,56 may be European, or 1.23456 with a stray comma: the other readings stay candidates
        # (the caller keeps the European one only when it alone is whole cents in the unit).
        other = tuple(s for s in NUMBER_REPAIRS if s != "european_grouping")
        alt_fixed, alt_slugs = apply_repairs(text, other)
        seen = {Decimal(r.text) for r in found}
        found += tuple(
            Reading(r.text, r.slugs, (9, *r.rank))
            for r in _readings_of(alt_fixed, alt_slugs)
            if Decimal(r.text) not in seen
        )
    return found


def _spaced_readings(text: str) -> tuple[Reading, ...]:
    """``348.57 1``: figures parted by a space that is no thousands group. The first may be the figure and
    the rest a note mark or a digit strayed from the next column — or the last one the figure, or all one
    figure with a space typed in. Each is a reading; none is taken alone (the evidence may settle one).

    >>> [(r.text, r.slugs[-1]) for r in read_digits("348.57 1")]
    [('348.57', 'stray_token_dropped'), ('348.571', 'inner_whitespace'), ('1', 'stray_token_dropped')]
    >>> [r.text for r in read_digits("1 234 567.00")]
    ['1234567.00']
    """
    pieces = _SPACE_BETWEEN_DIGITS_RE.split(text.strip())
    joined = apply_repairs(text, NUMBER_REPAIRS)
    tries = [
        (_readings_of(*apply_repairs(pieces[0], NUMBER_REPAIRS)), "stray_token_dropped"),
        (_readings_of(*joined), ""),
        (_readings_of(*apply_repairs(pieces[-1], NUMBER_REPAIRS)), "stray_token_dropped"),
    ]
    found: dict[Decimal, Reading] = {}
    for n, (readings, slug) in enumerate(tries):
        for r in readings:
            slugs = (*r.slugs, slug) if slug else r.slugs
            found.setdefault(r.value, Reading(r.text, slugs, (n, *r.rank)))
    return tuple(found.values())


def _readings_of(fixed: str, slugs: tuple[str, ...]) -> tuple[Reading, ...]:
    """The readings of already-repaired digits."""
    if sum(ch.isdigit() for ch in fixed) > MAX_DIGITS:
        return ()
    if _PLAIN_RE.match(fixed):
        return (Reading(_canonical(fixed), slugs),)
    if _GROUPED_RE.match(fixed):
        return (Reading(_canonical(fixed.replace(",", "")), slugs),)
    if _COMMAS_ONLY_RE.match(fixed):
        return _comma_readings(fixed, slugs)
    if "," in fixed and "." in fixed:
        # Several points and commas: the commas cannot be groups (a point would end them).
        fixed, slugs = fixed.replace(",", ""), (*slugs, "stray_separators")
    if _POINTS_RE.match(fixed):
        return _point_readings(fixed, slugs)
    return ()


def _canonical(text: str) -> str:
    """``.5`` → ``0.5``; leading zeros kept out of the way by Decimal later."""
    return "0" + text if text.startswith(".") else text


def _comma_readings(text: str, slugs: tuple[str, ...]) -> tuple[Reading, ...]:
    """``12,345,67``: the last comma as a decimal comma, or every comma stray."""
    head, _, tail = text.rpartition(",")
    decimal_comma = head.replace(",", "") + "." + tail
    all_stray = text.replace(",", "")
    # A decimal comma is the likelier slip when what precedes it is well grouped and 1-2 decimals follow.
    head_ok = "," not in head or bool(_GROUPED_RE.match(head))
    comma_first = head_ok and len(tail) <= 2
    readings = [
        Reading(decimal_comma, (*slugs, "decimal_comma"), (0 if comma_first else 1,)),
        Reading(all_stray, (*slugs, "stray_separators"), (1 if comma_first else 0,)),
    ]
    return tuple(sorted(readings, key=lambda r: r.rank))


def _point_readings(text: str, slugs: tuple[str, ...]) -> tuple[Reading, ...]:
    """Keep one point as the decimal point; each other one was dropped in, or doubled a digit (2.2→2)."""
    points = [i for i, ch in enumerate(text) if ch == "."]
    if len(points) > _MAX_POINTS:
        return ()
    found: dict[str, Reading] = {}
    order = 0
    for keep_rank, keep in enumerate(points):
        others = [p for p in points if p != keep]
        choices = [_stray_choices(text, p) for p in others]
        for combo in itertools.product(*choices):
            deletions: set[int] = set()
            dedups = 0
            for pos, action in zip(others, combo, strict=True):
                deletions.add(pos)
                if action == "dedup":
                    deletions.add(pos + 1)
                    dedups += 1
            out = "".join(ch for i, ch in enumerate(text) if i not in deletions)
            if not _PLAIN_RE.match(out):
                continue
            out = _canonical(out)
            tags = ("doubled_digit_point",) if dedups else ("extra_decimal_points",)
            # Fewer unexplained points first: a doubled digit explains both the point and a digit.
            rank = (len(others) - dedups, keep_rank, order)
            order += 1
            key = str(Decimal(out))
            if key not in found or rank < found[key].rank:
                found[key] = Reading(out, (*slugs, *tags), rank)
    return tuple(sorted(found.values(), key=lambda r: r.rank))


def _stray_choices(text: str, pos: int) -> tuple[str, ...]:
    """A stray point is dropped, or — when the digits either side are equal — took a doubled digit with it."""
    before, after = text[pos - 1 : pos], text[pos + 1 : pos + 2]
    if before.isdigit() and before == after:
        return ("dedup", "drop")
    return ("drop",)
