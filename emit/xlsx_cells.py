"""Sheet cells and data rows as SpreadsheetML text, lean enough to run in the worker processes.

Rows of sheets without links are written without ``r`` attributes on ``<row>`` and ``<c>``
(ECMA-376 §18.3.1.4/§18.3.1.73 make them optional: a row or cell without one takes the next position;
Excel, LibreOffice, Google Sheets and openpyxl read it so): less text to make and to compress.
A missing value inside a row is an empty ``<c/>`` that holds its place.
This module imports nothing heavy (no openpyxl, no pyarrow).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from decimal import Decimal
from typing import Any

from jixiao.emit.csv_out import format_float, format_money
from jixiao.emit.safety import xml_text
from jixiao.schemas import Column

MAX_CELL_CHARS = 32_767
LINKED_SHEET = "anomalies"  # the one sheet whose cells link elsewhere: drawn at close, with positions
_XML_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;"})
# cellXfs indexes in styles.xml  NOTE: keep in sync with emit.xlsx_package._STYLES
S_TITLE, S_NAME, S_MONEY, S_PCT, S_INT, S_LINK = 1, 2, 3, 4, 5, 6


def column_letter(n: int) -> str:
    """Excel's name of the n-th column (1-based).

    >>> [column_letter(n) for n in (1, 26, 27, 52, 703)]
    ['A', 'Z', 'AA', 'AZ', 'AAA']
    """
    name = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


def excel_text(text: str) -> str:
    r"""Text as a workbook cell can hold it: characters XML forbids spelled out (:func:`emit.safety.xml_text`,
    the one place cell text meets the sheet XML), overlong text cut.

    >>> excel_text("a\x0bb")
    'a\\x0bb'
    >>> len(excel_text("字" * 40_000)) <= 32_767
    True
    """
    text = xml_text(text)
    if len(text) > MAX_CELL_CHARS:
        note = f"…[截断：全文 {len(text)} 字，见 CSV/Parquet]"
        text = text[: MAX_CELL_CHARS - len(note)] + note
    return text


def number_text(value: Decimal | int | float) -> str:
    """The exact text of a number for the sheet XML: money with 2 places, floats shortest round-trip.

    >>> [number_text(v) for v in (Decimal("1234567890123456.78"), 99.99, 7, 1e16)]
    ['1234567890123456.78', '99.99', '7', '10000000000000000']
    """
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, float):
        return format_float(value)
    return str(int(value))


def xml_escape(text: str) -> str:
    return text.translate(_XML_ESCAPE)


_SEEN: dict[str, str] = {}  # text → its escaped cell text: ids, codes and labels repeat a lot
_SEEN_MAX = 20_000


def cell_text(text: str) -> str:
    got = _SEEN.get(text)
    if got is None:
        got = xml_escape(excel_text(text))
        if len(text) < 40:
            if len(_SEEN) >= _SEEN_MAX:
                _SEEN.clear()  # bounded: memory stays flat
            _SEEN[text] = got
    return got


def _at(ref: str) -> str:
    return f' r="{ref}"' if ref else ""  # "": the cell takes the next column


def text_cell(ref: str, text: str, style: int = 0) -> str:
    """An inline-string cell (never a formula, whatever the text starts with)."""
    s = f' s="{style}"' if style else ""
    return f'<c{_at(ref)}{s} t="inlineStr"><is><t xml:space="preserve">{cell_text(text)}</t></is></c>'


def column_style(col: Column) -> int:
    if col.type == "money":
        return S_MONEY
    if col.name.endswith("_pct"):
        return S_PCT
    if col.type == "int":
        return S_INT
    return 0


CellWriter = Callable[[str, Any], str]  # (ref or "", value not None) → <c>…</c>


def cell_writer(col: Column) -> CellWriter:
    if col.type == "string":
        return text_cell
    if col.type == "bool":
        return lambda ref, v: f'<c{_at(ref)} t="b"><v>{int(v)}</v></c>'
    style = column_style(col)
    s = f' s="{style}"' if style else ""
    return lambda ref, v: f"<c{_at(ref)}{s}><v>{number_text(v)}</v></c>"


def rows_xml(
    writers: Sequence[CellWriter], columns: Sequence[Sequence[Any]], in_row_order: Collection[int] = ()
) -> list[str]:
    """Rows (``columns``, one writer each) as ``<row>`` elements without positions (see the module
    docstring): an empty ``<c/>`` holds each gap, so every value stays in its column; a row's trailing
    gaps are left out. The cells are made a column at a time, but for the columns ``in_row_order``,
    whose writer numbers what it sees (shared strings), made row by row as the sheet reads them."""
    cells: list[list[str]] = []
    for j, (write, values) in enumerate(zip(writers, columns, strict=True)):
        if j in in_row_order:
            cells.append([])
        elif write is text_cell:  # most cells: text_cell("", v) inline, cell_text's memo first
            seen, gap, open_, close = _SEEN, _GAP, _TEXT_OPEN, _TEXT_CLOSE
            texts = [gap if v is None else f"{open_}{seen.get(v) or cell_text(v)}{close}" for v in values]
            cells.append(texts)
        else:
            cells.append([_GAP if v is None else write("", v) for v in values])
    if in_row_order:
        ordered = [(writers[j], columns[j], cells[j]) for j in sorted(in_row_order)]
        for i in range(len(columns[0])):
            for write, values, out in ordered:
                v = values[i]
                out.append(_GAP if v is None else write("", v))
    rows: list[str] = []
    for row_cells in zip(*cells, strict=True):
        row = "".join(row_cells)
        while row.endswith(_GAP):
            row = row[: -len(_GAP)]
        rows.append(f"<row>{row}</row>")
    return rows


_GAP = "<c/>"  # an empty cell: keeps the following values in their columns
_TEXT_OPEN, _TEXT_CLOSE = '<c t="inlineStr"><is><t xml:space="preserve">', "</t></is></c>"
