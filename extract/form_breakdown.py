"""A form's 按收入性质分 / 按支出性质分 breakdown rows → ``RawBreakdownLine``s.

Each cell holds one line and its amount (``其中：一般公共预算：321.013328``). Under a header row naming the
bases (``按收入性质分：`` | ``按支出性质分：``) a cell's column gives its basis; without one, the line names
it (``schemas.labels.BREAKDOWN_LINE_BASIS``: 一般公共预算 is income, 基本支出 expenditure).
"""

from __future__ import annotations

import regex
from jixiao.extract.form_header import ColumnHeader
from jixiao.extract.form_indicators import is_blank
from jixiao.extract.form_ledger import Ledger
from jixiao.extract.labels import clean_label, match_label
from jixiao.extract.layout import Cell, Row
from jixiao.extract.records import RawBreakdownLine, RawText
from jixiao.schemas.labels import BREAKDOWN_LINE_BASIS, BREAKDOWN_LINES, FUND_LINES

_BREAKDOWN_CELL = regex.compile(
    r"""^\s*(?:其\s*中\s*[:：]\s*)?           # "其中：" prefix on the first line of a basis
    (?P<label>[^:：]*?)\s*[:：]\s*           # the line's label up to its colon
    (?P<amount>.*?)\s*$""",
    regex.VERBOSE | regex.DOTALL,
)


def read_breakdown(
    row: Row, header: ColumnHeader | None, unit: str | None, ledger: Ledger
) -> list[RawBreakdownLine]:
    """The breakdown lines a row holds (under ``header`` when one was read); empty when it holds none."""
    found = _under_header(row, header, unit, ledger) if header is not None else []
    return found or _without_header(row, unit, ledger)


def _under_header(row: Row, header: ColumnHeader, unit: str | None, ledger: Ledger) -> list[RawBreakdownLine]:
    out: list[RawBreakdownLine] = []
    for basis, cell in header.align(row).items():
        if is_blank(cell):
            continue
        m = _BREAKDOWN_CELL.match(cell.text)
        if m is None:
            continue
        label_text = m.group("label").strip()
        key = match_label(label_text, BREAKDOWN_LINES)
        line = key.key if key else f"unmatched:{clean_label(label_text)}"
        out.append(
            RawBreakdownLine(
                basis,
                line,
                RawText(label_text, cell.location),
                RawText(m.group("amount"), cell.location),
                unit,
            )
        )
        ledger.place(cell)
    return out


def _without_header(row: Row, unit: str | None, ledger: Ledger) -> list[RawBreakdownLine]:
    """Breakdown lines written without their 按…性质分 header: each cell's line names its basis.

    Every non-blank cell must be ``line：amount`` of the breakdown's vocabulary, and one at least a line
    that is not also a fund line's wording (a lone ``其他资金：`` is the money block's).
    """
    found: list[tuple[Cell, str, str, str]] = []
    for cell in row.cells:
        if is_blank(cell):
            continue
        m = _BREAKDOWN_CELL.match(cell.text)
        key = match_label(m.group("label"), BREAKDOWN_LINES, fuzzy=False) if m else None
        if m is None or key is None:
            return []
        found.append((cell, key.key, m.group("label").strip(), m.group("amount")))
    if all(match_label(label, FUND_LINES, fuzzy=False) for _, _, label, _ in found):
        return []  # (no cell at all also ends here)
    out = []
    for cell, line, label, amount in found:
        basis = BREAKDOWN_LINE_BASIS[line]
        out.append(
            RawBreakdownLine(basis, line, RawText(label, cell.location), RawText(amount, cell.location), unit)
        )
        ledger.place(cell)
    return out


__all__ = ["read_breakdown"]
