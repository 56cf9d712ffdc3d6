"""A money cell that writes its own unit against its block's header, when the two cannot both be right.

``11562.01元`` in a 万元 row beside ``10318.57`` and ``7904.72``: read as written it is 10⁴ from every
figure of its row, read in the header's unit it sits among them. Either the cell's 元 is a slip or the
header's 万元 is (every figure of the form in 元), and the form's identities hold in both worlds, so nothing
in it says which. A cell whose written unit is a true conversion (``161620700.00元`` beside ``16162.07``)
sits among its row as written and is no conflict.

The row is the cell's own money line (for a 按收入/支出性质分 part: the 全年预算数 its parts add up to and the
other parts), counting only figures read in the header's unit (no unit of their own), exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.normalize.amounts import EXACT
from jixiao.normalize.forms import FUND_MONEY_KEYS, CellValue, FormWork

_SCALE = {"元": Decimal(1), "万元": Decimal(10000)}
_NEAR = Decimal(3)  # two figures "agree in scale" within a factor of 3 (as normalize.units)


@dataclass(frozen=True, slots=True)
class WrittenUnitConflict:
    cell: CellValue
    as_written: Decimal  # the cell read in its own unit
    in_header: Decimal  # its digits read in the header's unit


def _near(a: Decimal, b: Decimal) -> bool:
    return b != 0 and 1 / _NEAR <= abs(a / b) <= _NEAR


def _siblings(work: FormWork, cell: CellValue) -> list[Decimal]:
    if cell.table == "funds":
        row = [work.get("funds", cell.row_key, name) for name in FUND_MONEY_KEYS]
    else:
        row = [work.get("funds", "total", "budget_full_year")]
        row += [
            c
            for c in work.cells
            if c.table == "fund_breakdown" and c.row_key.split(".")[0] == cell.row_key.split(".")[0]
        ]
    return [
        c.value
        for c in row
        if c is not None and c is not cell and c.unit_written is None and c.status in EXACT and c.value
    ]


def written_unit_conflicts(work: FormWork) -> list[WrittenUnitConflict]:
    """Cells whose own unit contradicts their header's and whose digits agree with their row only in the
    header's unit (judged on the cells as read, before any is changed)."""
    out: list[WrittenUnitConflict] = []
    for cell in work.cells:
        own, header = cell.unit_written, cell.header_unit
        if cell.kind != "money" or own not in _SCALE or header not in _SCALE or own == header:
            continue
        if cell.value in (None, Decimal(0)) or cell.status not in EXACT:
            continue
        in_header = cell.value / _SCALE[own] * _SCALE[header]
        others = _siblings(work, cell)
        if any(_near(cell.value, o) for o in others) or not any(_near(in_header, o) for o in others):
            continue  # a true conversion (it sits among its row as written), or nothing to judge by
        out.append(WrittenUnitConflict(cell, cell.value, in_header))
    return out


__all__ = ["WrittenUnitConflict", "written_unit_conflicts"]
