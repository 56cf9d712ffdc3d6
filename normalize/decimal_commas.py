"""A thousands grouping that may be a decimal comma: ``100,017`` typed for ``100.017`` (万元).

``1,200`` is a thousands separator (common, and right) wherever the form's identities leave it so. It is
doubted only where they speak against it: an identity the cell takes part in (执行率 = 执行数 ÷ 预算数, a sum
of parts) fails as written and holds with the last comma read as the decimal point, and no identity of the
cell holds as written and only so (a sum whose parts and total all carry the slip holds both ways: it says
nothing). Then the cell is unread — ``ambiguous``, both readings its candidates — and only the identities
settle it (``normalize.evidence.settle_by_identities``); the decimal reading so chosen is ``repaired`` with
``comma_read_as_decimal_point``, and one unsettled stays null. Another cell holding the same digits is never
evidence. In rounds: a total settled so may then speak against its parts. In 元, ``1,234`` has one reading
(1.234 元 is not whole cents), so only a group ending in 0 (``348,600``: 348,600 元 or 348.60 元) can be
doubted there; in 万元 both are cents.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from jixiao.normalize.amount_repairs import clean_cell
from jixiao.normalize.amounts import EXACT, parse_amount
from jixiao.normalize.checks import anomaly, yuan_text
from jixiao.normalize.evidence import Choice, Identity, exact, satisfying
from jixiao.normalize.forms import CellValue, FormWork
from jixiao.normalize.records import AnomalyRow

SLUG = "comma_read_as_decimal_point"
RULE = "value.decimal_comma"

_GROUPED_RE = re.compile(
    r"""
    ^(?P<digits>[0-9]{1,3}(?:,[0-9]{3})+)   # a well-formed grouping, no point: 100,017 or 1,234,567
    (?P<unit>[^0-9.,]*)$                     # nothing after it but a written unit (万元, 元)
    """,
    re.VERBOSE,
)
_MAX_CELLS = 6  # commas doubted together in one identity: 2^n readings are tried


@dataclass(frozen=True, slots=True)
class Doubt:
    """A cell made unread here, with its two readings and what it was before."""

    cell: CellValue
    thousands: Decimal
    decimal: Decimal
    status: str  # as read before it was doubted
    repairs: tuple[str, ...]
    broken: tuple[str, ...]  # the identities that fail as written and hold with the decimal comma


def decimal_reading(cell: CellValue) -> Decimal | None:
    """The cell's value with its last grouping comma read as the decimal point, when that is money in the
    cell's unit and differs from the thousands reading; None otherwise.

    Only a cell read exactly as written counts (a unit re-read by magnitude is a judgement already)."""
    if cell.kind != "money" or cell.status not in EXACT or cell.doubted or exact(cell) is None:
        return None
    text = comma_as_point(cell.text)
    if text is None:
        return None
    got = parse_amount(text, cell.declared_unit)
    if got.status not in EXACT or got.yuan is None or got.yuan == cell.value:
        return None
    return got.yuan


@lru_cache(maxsize=1 << 14)  # asked of every money cell in each round: the text alone decides
def comma_as_point(raw: str) -> str | None:
    """The text with its last grouping comma written as the decimal point, when it is a well-formed
    grouping (``100,017万元`` → ``100.017万元``); None for any other text (most cells: no comma)."""
    text, _ = clean_cell(raw)
    m = _GROUPED_RE.match(text)
    if m is None:
        return None
    head, _, tail = m["digits"].rpartition(",")
    return f"{head.replace(',', '')}.{tail}{m['unit']}"


def doubt_decimal_commas(
    forms: Sequence[FormWork], identities: Sequence[Identity], done: set[int] | None = None
) -> list[Doubt]:
    """Make unread every grouping the identities speak against (see the module); the doubts, in order.

    ``done``: cells doubted in an earlier round, never again. An identity that holds both as written and
    with a cell's decimal comma (a sum whose parts and total all carry the slip) speaks for neither reading.
    """
    readings = {
        id(c): (c, d)
        for w in forms
        for c in w.money  # (decimal_reading: money cells only; most write no comma, asked first)
        if c.raw is not None  # (a cell with no text has no grouping)
        and comma_as_point(c.raw.text) is not None
        and id(c) not in (done or ())
        and (d := decimal_reading(c)) is not None
    }
    if not readings:
        return []
    held: set[int] = set()
    broken: dict[int, list[str]] = {}
    for identity in identities:
        mine = [c for c in identity.cells if id(c) in readings]
        if not mine or len(mine) > _MAX_CELLS:
            continue
        as_written = satisfying(identity)
        if as_written is None:
            continue  # not judged as written: it says nothing either way
        keeping: set[int] = set()  # cells some assignment with their decimal comma satisfies
        for combo in itertools.product((False, True), repeat=len(mine)):
            points = [c for c, point in zip(mine, combo, strict=True) if point]
            if points and satisfying(identity, fixed={id(c): readings[id(c)][1] for c in points}):
                keeping.update(id(c) for c in points)
        for c in mine:
            if as_written and id(c) not in keeping:
                held.add(id(c))  # holds as written, and only so: the thousands reading
            elif not as_written and id(c) in keeping:
                broken.setdefault(id(c), []).append(identity.name)
    out: list[Doubt] = []
    for key, names in broken.items():
        if key in held:
            continue
        cell, decimal = readings[key]
        assert cell.value is not None
        doubt = Doubt(cell, cell.value, decimal, cell.status, cell.repairs, tuple(dict.fromkeys(names)))
        out.append(doubt)
        cell.value, cell.status, cell.candidates = None, "ambiguous", (decimal, doubt.thousands)
    return out


def settle_decimal_commas(
    owner: dict[int, FormWork], doubts: Sequence[Doubt], choices: Sequence[Choice]
) -> tuple[list[AnomalyRow], set[int]]:
    """After the identities had their say: name each doubted cell's outcome in one row; the cells told."""
    chosen = {id(ch.cell): ch for ch in choices}
    out: list[AnomalyRow] = []
    for d in doubts:
        cell, work = d.cell, owner[id(d.cell)]
        head = f"{cell.label}“{cell.shown}”按千分位读作{yuan_text(d.thousands)}不符合{'、'.join(d.broken)}"
        choice = chosen.get(id(cell))
        if choice is not None and cell.value == d.decimal:
            cell.repairs = (*d.repairs, SLUG)  # the decimal comma, named; not a generic choice
            how = "、".join(choice.identities)
            message = f"{head}，逗号应为小数点：按{how}读作{yuan_text(d.decimal)}"
            out.append(_row(work, cell, "info", message, d.decimal))
        elif choice is not None:  # an identity confirmed the thousands reading after all: as written
            cell.status, cell.repairs = d.status, d.repairs
            message = f"{head}，但{'、'.join(choice.identities)}确认按千分位读作{yuan_text(d.thousands)}"
            out.append(_row(work, cell, "info", message, d.thousands))
        else:
            message = (
                f"{head}，按小数点读作{yuan_text(d.decimal)}则相符；勾稽关系无法确定读法"
                f"（可能为{yuan_text(d.decimal)}、{yuan_text(d.thousands)}），未取值"
            )
            out.append(_row(work, cell, "error", message, None))
    return out, {id(d.cell) for d in doubts}


def _row(work: FormWork, cell: CellValue, severity: str, message: str, value: Decimal | None) -> AnomalyRow:
    expected = None if value is None else f"{value:.2f}"
    observed = cell.raw.text if cell.raw else None
    return anomaly(work, RULE, severity, message, expected, observed, cell.location)


__all__ = ["RULE", "SLUG", "decimal_reading", "doubt_decimal_commas", "settle_decimal_commas"]
