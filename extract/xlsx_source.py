"""Excel workbooks (.xlsx) → ``Layout``: each worksheet one table, title rows above it paragraphs.

Decisions (so that segmentation sees the same shapes as from Word):

* Values as *stored*, at Excel's own 15 significant digits (what it shows; a formula's sum stored as
  ``329.04999999999995`` is the ``329.05`` on screen): ``321.013328`` stays ``321.013328``, ``80.0`` is
  ``80``. Rounding formats are not applied to what a clerk typed (a ``0.00`` format would round away digits we
  must keep); formats that change the magnitude are: 0.9899 under ``0.00%`` reads ``98.99%``; ``#,##0.00,``
  shows thousands and ``0"."0000`` (``0!.0000``, the "显示为万元" trick) ten-thousands, so the text is the
  figure the column's unit speaks of. A computed value (more digits than anyone types) reads at its format's
  decimals, as the sheet shows it. Dates are ISO
  (``2023-12-31``; with a time ``2023-12-31T08:30:00``), booleans ``TRUE``/``FALSE``.
* A merged range is one ``Cell`` at its top-left with ``row_span``/``col_span``; covered slots produce no
  cell. Every other slot inside the table's bounding box produces a cell, empty ones included, as Word
  tables do.
* Title rows: from the top of the sheet, a row whose only non-blank value is a single cell (alone, or a
  merged range spanning the row, even several rows tall) becomes a ``Paragraph`` — ``项目支出绩效自评表``,
  ``填报单位：…``. The first row with two values (or reached by a merge from above) starts the table,
  which runs to the last non-blank row. A sheet of single-value rows only is all paragraphs.
* Locations are *sheet* coordinates, so a reviewer can go straight to the cell:
  ``Location(part="Sheet1", table=T, row=R, col=C)`` with R, C the Excel row and column numbers (1-based),
  ``grid_col = C - 1``; ``Row.grid_before`` counts empty columns left of the table. Title paragraphs have
  ``Location(part=sheet, row=R, col=C)``. ``T`` numbers tables across the workbook.
* A formula cell is read from its cached value; a file saved by a program that never computed it has
  none, and reads empty.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import openpyxl
import regex
from jixiao.extract.errors import FormatError, LimitError
from jixiao.extract.layout import Block, Cell, Layout, Location, Paragraph, Row, Table, nonblank_chars
from jixiao.extract.limits import MAX_GRID_SLOTS, MAX_XLSX_BYTES
from jixiao.extract.ooxml import OLE_MAGIC, Package
from lxml import etree

_RANGE = regex.compile(r"\$?([A-Za-z]{0,3})\$?([0-9]{0,7})")  # B5, $A$1, A (whole column), 5 (whole row)
_SHEET_ROWS, _SHEET_COLS = 1_048_576, 16_384
# The fallback for XML the parser stops in (openpyxl's parser may read further): ref="…" searched for
_MERGE_REF = regex.compile(rb"""<(?:[A-Za-z0-9_]+:)?mergeCell\s[^>]*?ref\s*=\s*["']([^"']*)["']""")
_SCAN_PIECE = 1 << 20  # bytes of a worksheet fed to the merge counter at a time


def _column_number(letters: bytes) -> int:
    """b"A" → 1, b"AA" → 27 (lower case as upper)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _range_area(ref: str) -> int:
    """Slots of one ``A1:B2`` range as openpyxl reads it; whole columns (``A:C``) and rows (``1:5``) too."""
    corners = []
    for corner in ref.split(":")[:2]:
        m = _RANGE.fullmatch(corner.strip())
        if m is None:
            return 0  # not a range openpyxl can expand either (it refuses the file)
        corners.append((_column_number(m[1].encode()) or None, int(m[2]) if m[2] else None))
    (c1, r1), (c2, r2) = corners[0], corners[-1]
    rows = _SHEET_ROWS if r1 is None or r2 is None else abs(r2 - r1) + 1
    cols = _SHEET_COLS if c1 is None or c2 is None else abs(c2 - c1) + 1
    return rows * cols


class _MergeCounter:
    """An lxml parser target: sums the areas of ``mergeCell`` ranges without building a tree."""

    def __init__(self) -> None:
        self.total = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag.rpartition("}")[2] == "mergeCell":
            self.total += sum(_range_area(ref) for ref in attrib.get("ref", "").split())

    def close(self) -> int:
        return self.total


def merge_area(sheet_xml: bytes) -> int:
    """Grid slots the merged ranges of one worksheet XML cover.

    openpyxl makes an object per covered slot while loading, so a 2 KB file merging A1:XFD1048576 would
    exhaust memory before we see a single cell: we count before handing it over. The XML is parsed (not
    searched): quoting, spacing and character references cannot hide a range.

    >>> merge_area(b'<mergeCells><mergeCell ref="A1:E1"/><mergeCell ref="B5:B6"/></mergeCells>')
    7
    >>> merge_area(b'<mergeCell ref="$A$1:$XFD$1048576"/>'), merge_area(b"<mergeCell ref = 'A&#58;B'/>")
    (17179869184, 2097152)
    """
    counter = _MergeCounter()
    # NOTE: hardened like ooxml.parse_xml (a DTD was refused before this is called)
    parser = etree.XMLParser(
        target=counter, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        for at in range(0, len(sheet_xml), _SCAN_PIECE):
            parser.feed(sheet_xml[at : at + _SCAN_PIECE])
        parser.close()
    except etree.XMLSyntaxError:  # not XML (an image), or damaged: every ref="…" found counts
        found = (m[1].decode("ascii", "replace") for m in _MERGE_REF.finditer(sheet_xml))
        return max(counter.total, sum(_range_area(ref) for refs in found for ref in refs.split()))
    return counter.total


def _looks_like_xml(blob: bytes) -> bool:
    return blob[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _check_package(data: bytes) -> None:
    """Refuse what openpyxl should not be handed: not a zip, legacy .xls, zip bombs, DTDs, vast merges.

    One pass: :meth:`Package.scanned_parts` inflates each member once, capped, and refuses a DTD in
    any of them (a part's name need not end in .xml); each one that looks like XML has its merged
    ranges counted (a worksheet may sit at any name its relationship gives).
    """
    if len(data) > MAX_XLSX_BYTES:
        raise LimitError(f"workbook of {len(data):,} bytes exceeds the {MAX_XLSX_BYTES:,}-byte bound")
    if data.startswith(OLE_MAGIC):
        raise FormatError(
            "a legacy .xls or password-protected workbook (OLE file): open it in Excel/WPS, remove any "
            "password and save as .xlsx"
        )
    try:
        package = Package(data)
    except FormatError:
        if zipfile.is_zipfile(io.BytesIO(data)):
            raise  # a zip, damaged or forged: the package says how
        raise FormatError(
            f"not an .xlsx workbook: not a zip package (starts with {data[:8].hex(' ')})"
        ) from None
    merged = 0
    for _name, blob in package.scanned_parts(every=True):
        if _looks_like_xml(blob):
            merged += merge_area(blob)
            if merged > MAX_GRID_SLOTS:
                raise LimitError(f"merged ranges cover {merged:,} cells (bound {MAX_GRID_SLOTS:,}; refused)")


def _decimal_text(value: Decimal) -> str:
    """Plain notation, no exponent, no trailing zeros.

    >>> [_decimal_text(Decimal(s)) for s in ("321.013328", "80.0", "1E+3", "0.000012")]
    ['321.013328', '80', '1000', '0.000012']
    """
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def format_value(value: Any, number_format: str = "General") -> str:
    """A cell value as text, as a clerk reads it (see the module notes).

    >>> [format_value(v) for v in (321.013328, 80.0, 3, True, None, dt.date(2023, 12, 31))]
    ['321.013328', '80', '3', 'TRUE', '', '2023-12-31']
    >>> format_value(0.9899, "0.00%")
    '98.99%'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        # Excel keeps and shows 15 significant digits: the rest of a float is binary noise.
        number = Decimal(format(value, f".{_EXCEL_DIGITS}g")) if isinstance(value, float) else Decimal(value)
        return _shown(number, value, number_format)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


# Literal text of a number format, padding, and [colour] / [$-804] / [DBNum2] sections.
_QUOTED = regex.compile(r'"[^"]*"|\\.|![^!]|_.|\*.|\[[^\]]*\]')
# The literal text a format draws beside the figure: quoted, escaped (\元, !元) or written bare (0.00元).
_DRAWN_TEXT = regex.compile(r'"([^"]*)"|[\\!](.)|(\p{Han}+)')
# 0.00"万元" shows 348.57万元, 0.00"万" 348.57万: the unit is the cell's own (not 0.00"万人", a count)
_DRAWN_UNIT = regex.compile(r"\s*[￥¥]?\s*(?P<unit>[千万亿]元?|元)\s*")
_BRACKETS = regex.compile(r"\[[^\]]*\]")  # [$-804], [Red], [DBNum2]: no text drawn
_LITERAL_POINT = regex.compile(r'(?:"\."|\\\.|!\.)([0#?]+)')  # 0"."0000: a point drawn, not a decimal point
# Excel keeps 15 significant digits of what is typed: a float that needs more was computed (a formula's).
_EXCEL_DIGITS = 15


def _shown(number: Decimal, value: Any, number_format: str) -> str:
    """A number as its format shows its magnitude (see the module notes).

    >>> [_shown(Decimal(v), None, f) for v, f in (("3485700", '0"."0000'), ("3485700", "#,##0.00,"))]
    ['348.57', '3485.7']
    >>> _shown(Decimal("0.943999770490863"), 0.9439997704908627, "0.00%")
    '94.40%'
    >>> [_shown(Decimal("3485700"), None, f) for f in ('#,##0.00"元"', "0\\\\!.0000", '[$-804]0.00')]
    ['3485700元', '348.57', '3485700']
    """
    section = number_format.split(";", 1)[0]
    if section in ("General", "@", ""):
        return _decimal_text(number)
    # LibreOffice, converting an .xls, writes Excel's 0!.0000 (a point drawn before the last four digits,
    # the "显示为万元" trick) as 0\!.0000; no one writes a literal "!" before a decimal point.
    section = section.replace("\\!.", "!.")
    return _shown_figure(number, value, section) + _drawn_unit(section)


def _drawn_unit(section: str) -> str:
    """The money unit a format draws as text beside the figure (``#,##0.00"元"`` shows 3,485,700.00元),
    so that the cell says it as the sheet shows it; else ``""``."""
    drawn = "".join(a or b or c for a, b, c in _DRAWN_TEXT.findall(_BRACKETS.sub("", section)))
    unit = _DRAWN_UNIT.fullmatch(drawn.replace(".", ""))  # a literal point (0"."0000) draws no text
    return unit["unit"] if unit else ""


def _shown_figure(number: Decimal, value: Any, section: str) -> str:
    bare = _QUOTED.sub("", section)
    drawn = _LITERAL_POINT.search(section)
    if drawn is not None and "." not in bare:
        places = len(drawn.group(1))  # the integer's last digits drawn after a literal point
        return _decimal_text(number.to_integral_value() / Decimal(10) ** places)
    digits = regex.search(r"[0#?](?:[0#?,. ]*[0#?])?(,*)", bare)
    if digits is not None and digits.group(1):
        number /= Decimal(1000) ** len(digits.group(1))  # each comma after the last digit shows thousands
    if "%" in bare:
        number *= 100
    sign = "%" if "%" in bare else ""
    if isinstance(value, float) and len(Decimal(repr(value)).as_tuple().digits) > _EXCEL_DIGITS:
        decimals = regex.search(r"\.([0#?]+)", bare)
        places = len(decimals.group(1)) if decimals else 0
        return format(number.quantize(Decimal(1).scaleb(-places)), "f") + sign  # its written precision
    return _decimal_text(number) + sign


@dataclass(frozen=True, slots=True)
class _Slot:
    text: str
    rows: int = 1
    cols: int = 1


def _hidden_lines(ws: Any) -> tuple[set[int], set[int]]:
    """Rows and columns the sheet hides: not what the form shows (an old year's row kept out of sight)."""
    rows = {r for r, dim in ws.row_dimensions.items() if dim.hidden}
    cols: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min and dim.max:
            cols.update(range(dim.min, min(dim.max, _SHEET_COLS) + 1))
    return rows, cols


def _read_sheet(ws: Any, hidden: list[int]) -> tuple[dict[tuple[int, int], _Slot], set[tuple[int, int]]]:
    """(slots that start a cell, keyed (row, col); covered slots) of one worksheet; ``hidden[0]`` counts
    the characters of hidden rows and columns, which are not read."""
    hidden_rows, hidden_cols = _hidden_lines(ws)
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    area = sum(r.size["rows"] * r.size["columns"] for r in ws.merged_cells.ranges)
    if area > MAX_GRID_SLOTS:
        raise LimitError(f"worksheet {ws.title!r} merges {area:,} cells (bound {MAX_GRID_SLOTS:,}; refused)")
    for rng in ws.merged_cells.ranges:
        spans[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered.add((r, c))
    slots: dict[tuple[int, int], _Slot] = {}
    # ws._cells holds only the cells the file defines; iter_rows() would create every slot of the
    # used range, which a sheet formatted down to row 1,048,576 makes enormous.
    for (r, c), cell in ws._cells.items():
        if (r, c) in covered:
            continue
        text = format_value(cell.value, cell.number_format or "General")
        if r in hidden_rows or c in hidden_cols:
            hidden[0] += nonblank_chars(text)
            continue
        if nonblank_chars(text) or (r, c) in spans:
            rows, cols = spans.get((r, c), (1, 1))
            slots[(r, c)] = _Slot(text, rows, cols)
    for (r, c), (rows, cols) in spans.items():
        slots.setdefault((r, c), _Slot("", rows, cols))  # a merged range with no value is still a cell
    return slots, covered


def _title_rows(
    slots: dict[tuple[int, int], _Slot], top: int, bottom: int
) -> tuple[list[tuple[int, int, _Slot]], int]:
    """Leading single-value rows as (row, col, slot), and the first row of the table proper."""
    by_row: dict[int, list[int]] = {}
    for (r, c), slot in slots.items():
        if nonblank_chars(slot.text):
            by_row.setdefault(r, []).append(c)
    # Rows a merge reaches from above: a title row never sits inside a tall merged cell.
    reached = {r for (r0, _), slot in slots.items() for r in range(r0 + 1, r0 + slot.rows)}
    titles: list[tuple[int, int, _Slot]] = []
    r = top
    while r <= bottom:
        cols = by_row.get(r, [])
        if len(cols) > 1 or (cols and r in reached):
            break  # two values, or a merge from above reaches this row: the table starts here
        if not cols:
            r += 1
            continue
        slot = slots[(r, cols[0])]
        if any(by_row.get(below) for below in range(r + 1, r + slot.rows)):
            break  # a tall cell beside other values is a row label, not a title
        titles.append((r, cols[0], slot))
        r += slot.rows
    return titles, r


def _sheet_blocks(ws: Any, table_no: int, budget: list[int], hidden: list[int]) -> list[Block]:
    slots, covered = _read_sheet(ws, hidden)
    texted = [(r, c) for (r, c), s in slots.items() if nonblank_chars(s.text)]
    if not texted:
        return []
    part = ws.title
    top = min(r for r, _ in texted)
    bottom = max(r + slots[(r, c)].rows - 1 for r, c in texted)
    titles, first = _title_rows(slots, top, bottom)
    blocks: list[Block] = [Paragraph(slot.text, Location(part=part, row=r, col=c)) for r, c, slot in titles]
    if first > bottom:
        return blocks
    starts = [(r, c) for (r, c) in slots if first <= r <= bottom]
    texted_cols = [c for r, c in texted if r >= first]
    left = min(texted_cols)
    right = max(c + slots[(r, c)].cols - 1 for r, c in texted if r >= first)
    for r, c in starts:  # merges inside the table (even empty ones) may widen or lengthen it
        if left <= c <= right:
            right = max(right, c + slots[(r, c)].cols - 1)
            bottom = max(bottom, r + slots[(r, c)].rows - 1)
    budget[0] -= (bottom - first + 1) * (right - left + 1)
    if budget[0] < 0:
        raise LimitError(f"worksheet {part!r} has more than {MAX_GRID_SLOTS:,} cells in its tables (refused)")
    rows: list[Row] = []
    for r in range(first, bottom + 1):
        cells: list[Cell] = []
        for c in range(left, right + 1):
            if (r, c) in covered:
                continue
            slot = slots.get((r, c), _Slot(""))
            loc = Location(part=part, table=table_no, row=r, col=c)
            cells.append(Cell(slot.text, loc, grid_col=c - 1, col_span=slot.cols, row_span=slot.rows))
        rows.append(Row(tuple(cells), Location(part=part, table=table_no, row=r), grid_before=left - 1))
    blocks.append(Table(tuple(rows), Location(part=part, table=table_no)))
    return blocks


def read_xlsx_layout(data: bytes) -> Layout:
    """Read every worksheet of an .xlsx workbook into one layout (empty sheets skipped)."""
    _check_package(data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True, keep_links=False)
    except Exception as err:  # openpyxl raises anything from KeyError to its own InvalidFileException
        raise FormatError(f"not a readable .xlsx workbook ({type(err).__name__}: {err})") from None
    blocks: list[Block] = []
    notes: list[str] = []
    budget, hidden = [MAX_GRID_SLOTS], [0]
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                notes.append(f"worksheet {ws.title!r} is hidden: not read")
                continue
            table_no = sum(isinstance(b, Table) for b in blocks) + 1
            got = _sheet_blocks(ws, table_no, budget, hidden)
            if not got:
                notes.append(f"worksheet {ws.title!r} is empty")
            blocks.extend(got)
    finally:
        wb.close()
    if hidden[0]:
        notes.append(f"{hidden[0]} characters in hidden rows or columns not read")
    return Layout(tuple(blocks), "xlsx", notes=tuple(notes))
