"""The auditors' workbook ``jixiao.xlsx``: one sheet per contract table, the 异常 sheet first.

- Row 1 holds the Chinese column titles from ``schemas``, row 2 the English column names (grey); both
  are frozen and row 2 carries the autofilter.
- Money is written from the exact ``Decimal`` as a real number (``#,##0.00``); ``*_pct`` columns are
  numbers in percent points shown as ``99.99%`` (the stored number stays ``99.99``, as in the CSV).
- **Formula safety**: every text cell is written as a string (``data_type = "s"`` after assigning), so
  text from a submission that starts with ``=``/``+``/``-``/``@`` is never a formula, and nothing
  becomes a link except the links we make ourselves (anomaly → the form's row in 自评表).
- Excel cannot hold some control characters nor more than 32,767 characters in a cell: such text is
  shown with the character as ``\\x0b`` / cut with a note; the Parquet/CSV files keep the exact text.
- Large runs: openpyxl's write-only mode streams rows to disk; a table longer than a sheet is split
  into one sheet per year (then into numbered parts if a year alone is still too long).
- Deterministic: same tables, same bytes (fixed document timestamps and zip entry dates).
"""

from __future__ import annotations

import datetime
import os
import shutil
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.packaging.core import DocumentProperties
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.xml.functions import tostring

from emit.csv_out import format_float, format_money
from emit.frames import frame_to_columns
from schemas import TABLES, Column

XLSX_NAME = "jixiao.xlsx"
EXCEL_MAX_ROWS = 1_048_576
HEADER_ROWS = 2
MAX_CELL_CHARS = 32_767
MONEY_FORMAT = "#,##0.00"
PCT_FORMAT = '0.00"%"'  # the number stays in percent points (99.99), only the display adds "%"
INT_FORMAT = "0"  # no thousands separator: years and sequence numbers
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
FIRST_SHEET = "anomalies"
_FIXED_TIME = datetime.datetime(2000, 1, 1)  # document timestamps, so reruns give the same bytes
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_WIDTH_SAMPLE_ROWS = 300
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})

_TITLE_FONT = Font(bold=True)
_TITLE_FILL = PatternFill("solid", fgColor="DDE4EE")
_NAME_FONT = Font(italic=True, color="808080", size=9)
_LINK_FONT = Font(color="0563C1", underline="single")


@dataclass(frozen=True, slots=True)
class SheetPart:
    """One sheet's worth of one table: which rows (indexes into the table's columns) and its name."""

    table: str
    name: str
    rows: list[int]


def excel_text(text: str) -> str:
    r"""Text as a workbook cell can hold it: illegal control characters spelled out, overlong text cut.

    >>> excel_text("a\x0bb")
    'a\\x0bb'
    >>> len(excel_text("字" * 40_000)) <= 32_767
    True
    """
    text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if len(text) > MAX_CELL_CHARS:
        note = f"…[截断：全文 {len(text)} 字，见 CSV/Parquet]"
        text = text[: MAX_CELL_CHARS - len(note)] + note
    return text


def _number_text(value: Decimal | int | float) -> str:
    """The exact text of a number for the sheet XML: money with 2 places, floats shortest round-trip.

    >>> [_number_text(v) for v in (Decimal("1234567890123456.78"), 99.99, 7, 1e16)]
    ['1234567890123456.78', '99.99', '7', '10000000000000000']
    """
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, float):
        return format_float(value)
    return str(int(value))


def _display_width(text: str) -> int:
    # East Asian wide characters take two columns in Excel's default fonts.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _number_format(col: Column) -> str | None:
    if col.type == "money":
        return MONEY_FORMAT
    if col.name.endswith("_pct"):
        return PCT_FORMAT
    if col.type == "int":
        return INT_FORMAT
    return None


def _column_width(col: Column, values: Sequence[Any]) -> float:
    """A width that shows the header and typical values without letting prose take over the sheet."""
    if col.type == "money":
        return 16
    if col.type in ("int", "float", "bool"):
        return max(8, _display_width(col.title) + 2, len(col.name) + 2)
    widest = max(
        [_display_width(col.title), len(col.name)]
        + [_display_width(str(v).split("\n", 1)[0]) for v in values[:_WIDTH_SAMPLE_ROWS] if v is not None]
    )
    return float(min(max(widest + 2, 8), 50))


def _sheet_name(text: str, taken: set[str]) -> str:
    """A legal, unique sheet name (≤31 characters, none of ``[]:*?/\\``)."""
    base = text.translate(_BAD_SHEET_CHARS)[:31] or "sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _row_years(
    table: str, cols: Mapping[str, Sequence[Any]], frames: Mapping[str, pd.DataFrame]
) -> list[Any]:
    """The year of each row (via its form, or its document's first form), for splitting by year."""
    forms = frames.get("forms")
    form_year: dict[str, Any] = {}
    doc_year: dict[str, Any] = {}
    if forms is not None and len(forms):
        for fid, did, year in zip(forms["form_id"], forms["doc_id"], forms["year"], strict=True):
            y = None if year is pd.NA else int(year)
            form_year[fid] = y
            if y is not None and (doc_year.get(did) is None or y < doc_year[did]):
                doc_year[did] = y
    if table == "forms":
        return list(cols["year"])
    if "form_id" in cols:
        years = [form_year.get(f) for f in cols["form_id"]]
        if "doc_id" in cols:  # anomalies: a document-level row has no form
            years = [
                y if y is not None else doc_year.get(d) for y, d in zip(years, cols["doc_id"], strict=True)
            ]
        return years
    if "doc_id" in cols:
        return [doc_year.get(d) for d in cols["doc_id"]]
    return [None] * len(next(iter(cols.values()), []))


def plan_sheets(
    table: str,
    cols: Mapping[str, Sequence[Any]],
    frames: Mapping[str, pd.DataFrame],
    taken: set[str],
    max_rows: int,
) -> list[SheetPart]:
    """One sheet for the table, or — past ``max_rows`` data rows — one per year, then numbered parts."""
    title = TABLES[table].title
    n = len(next(iter(cols.values()), []))
    if n <= max_rows:
        return [SheetPart(table, _sheet_name(title, taken), list(range(n)))]
    by_year: dict[Any, list[int]] = {}
    for i, year in enumerate(_row_years(table, cols, frames)):
        by_year.setdefault(year, []).append(i)
    parts: list[SheetPart] = []
    for year in sorted(by_year, key=lambda y: (y is None, y if y is not None else 0)):
        rows = by_year[year]
        label = f"{title} {year}" if year is not None else f"{title} 年度不详"
        chunks = [rows[i : i + max_rows] for i in range(0, len(rows), max_rows)]
        for k, chunk in enumerate(chunks, start=1):
            name = label if len(chunks) == 1 else f"{label} ({k})"
            parts.append(SheetPart(table, _sheet_name(name, taken), chunk))
    return parts


def _anomaly_order(cols: Mapping[str, Sequence[Any]]) -> list[int]:
    # Stable: within a severity the contract's sort order (doc, form, rule, location) is kept.
    n = len(cols["severity"])
    return sorted(range(n), key=lambda i: SEVERITY_RANK.get(cols["severity"][i], len(SEVERITY_RANK)))


def _reorder(cols: Mapping[str, Sequence[Any]], order: Sequence[int]) -> dict[str, list[Any]]:
    return {name: [values[i] for i in order] for name, values in cols.items()}


class _SheetWriter:
    """Cells for one write-only sheet, with the styles shared across its rows."""

    def __init__(self, wb: Workbook, part: SheetPart, cols: Mapping[str, Sequence[Any]]) -> None:
        self.ws = wb.create_sheet(part.name)
        self.spec = TABLES[part.table]
        self.formats = [_number_format(c) for c in self.spec.columns]
        for j, col in enumerate(self.spec.columns, start=1):
            picked = [cols[col.name][i] for i in part.rows[:_WIDTH_SAMPLE_ROWS]]
            self.ws.column_dimensions[get_column_letter(j)].width = _column_width(col, picked)
        # NOTE: freeze/autofilter must be set before the first row is streamed out
        self.ws.freeze_panes = f"A{HEADER_ROWS + 1}"
        last = get_column_letter(len(self.spec.columns))
        self.ws.auto_filter.ref = f"A{HEADER_ROWS}:{last}{HEADER_ROWS + max(len(part.rows), 1)}"
        self._header()

    def _header(self) -> None:
        titles, names = [], []
        for col in self.spec.columns:
            t = self._text(col.title)
            t.font, t.fill = _TITLE_FONT, _TITLE_FILL
            titles.append(t)
            n = self._text(col.name)
            n.font, n.fill = _NAME_FONT, _TITLE_FILL
            names.append(n)
        self.ws.append(titles)
        self.ws.append(names)

    def _text(self, text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=excel_text(text))
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell

    def cell(self, j: int, value: Any) -> WriteOnlyCell | None:
        if value is None:
            return None
        if isinstance(value, str):
            return self._text(value)
        if isinstance(value, bool):
            return WriteOnlyCell(self.ws, value=value)
        cell = WriteOnlyCell(self.ws)
        # openpyxl prints numbers with "%.16g", which rounds 18-digit money and turns 99.99 into
        # 99.98999999999999; handing it the exact text (type "n") writes that text verbatim.
        cell._value = _number_text(value)
        cell.data_type = "n"
        fmt = self.formats[j]
        if fmt is not None:
            cell.number_format = fmt
        return cell

    def link(self, text: str, location: str) -> WriteOnlyCell:
        cell = self._text(text)
        cell.hyperlink = Hyperlink(ref="", location=location, tooltip="转到所涉表格")
        cell.font = _LINK_FONT
        return cell


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _targets(parts: Sequence[SheetPart], cols: Mapping[str, Sequence[Any]], key: str) -> dict[str, str]:
    """``key`` value → ``'sheet'!A<row>`` of its first row, for links from the 异常 sheet."""
    out: dict[str, str] = {}
    for part in parts:
        for k, i in enumerate(part.rows):
            value = cols[key][i]
            if value is not None and value not in out:
                out[value] = f"{_quoted(part.name)}!A{HEADER_ROWS + 1 + k}"
    return out


def _iter_rows(
    sheet: _SheetWriter,
    part: SheetPart,
    cols: Mapping[str, Sequence[Any]],
    links: Mapping[int, tuple[str, str]],
) -> Iterator[list[WriteOnlyCell | None]]:
    names = sheet.spec.names
    for i in part.rows:
        link_col, target = links.get(i, ("", ""))
        row: list[WriteOnlyCell | None] = []
        for j, name in enumerate(names):
            value = cols[name][i]
            row.append(sheet.link(value, target) if name == link_col else sheet.cell(j, value))
        yield row


def _anomaly_links(
    cols: Mapping[str, Sequence[Any]], forms: Mapping[str, str], docs: Mapping[str, str]
) -> dict[int, tuple[str, str]]:
    """Row → (column, target): form_id links to the form's row; a document-level anomaly's doc_id to 文件."""
    out: dict[int, tuple[str, str]] = {}
    for i, (doc_id, form_id) in enumerate(zip(cols["doc_id"], cols["form_id"], strict=True)):
        if form_id is not None and form_id in forms:
            out[i] = ("form_id", forms[form_id])
        elif doc_id in docs:
            out[i] = ("doc_id", docs[doc_id])
    return out


def _stamp_and_rezip(src: Path, dest: Path) -> None:
    """Copy the workbook with fixed timestamps inside and on every zip entry (byte-identical reruns)."""
    props = DocumentProperties(creator="jixiao", created=_FIXED_TIME, modified=_FIXED_TIME)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            if info.filename == "docProps/core.xml":
                zout.writestr(fixed, tostring(props.to_tree()))
                continue
            with zin.open(info) as fin, zout.open(fixed, "w", force_zip64=True) as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)


def write_xlsx(
    out_dir: str | os.PathLike[str],
    frames: Mapping[str, pd.DataFrame],
    *,
    max_rows: int = EXCEL_MAX_ROWS - HEADER_ROWS,
) -> Path:
    """Every table in ``frames`` → ``out_dir/jixiao.xlsx`` (the 异常 sheet first); returns its path.

    ``max_rows`` (data rows per sheet) is Excel's limit; tests lower it to exercise the year split.
    """
    out = Path(out_dir) / XLSX_NAME
    order = [FIRST_SHEET, *(t for t in TABLES if t != FIRST_SHEET)]
    cols_by_table: dict[str, dict[str, list[Any]]] = {}
    parts_by_table: dict[str, list[SheetPart]] = {}
    taken: set[str] = set()
    for table in order:
        if table not in frames:
            continue
        cols = frame_to_columns(table, frames[table])
        if table == FIRST_SHEET:
            cols = _reorder(cols, _anomaly_order(cols))
        cols_by_table[table] = cols
        parts_by_table[table] = plan_sheets(table, cols, frames, taken, max_rows)

    wb = Workbook(write_only=True)
    for table, parts in parts_by_table.items():
        cols = cols_by_table[table]
        links: dict[int, tuple[str, str]] = {}
        if table == FIRST_SHEET:
            form_targets = _targets(
                parts_by_table.get("forms", []), cols_by_table.get("forms", {}), "form_id"
            )
            doc_targets = _targets(
                parts_by_table.get("documents", []), cols_by_table.get("documents", {}), "doc_id"
            )
            links = _anomaly_links(cols, form_targets, doc_targets)
        for part in parts:
            sheet = _SheetWriter(wb, part, cols)
            for row in _iter_rows(sheet, part, cols, links):
                sheet.ws.append(row)

    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    raw = out.with_name(f".{out.name}.raw-{os.getpid()}")
    try:
        wb.save(raw)
        _stamp_and_rezip(raw, tmp)
        os.replace(tmp, out)
    finally:
        raw.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)
    return out
