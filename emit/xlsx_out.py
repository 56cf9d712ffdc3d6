"""The auditors' workbook ``jixiao.xlsx``: one sheet per contract table, the 异常 sheet first.

- Row 1 holds the Chinese column titles from ``schemas``, row 2 the English column names (grey); both
  are frozen and row 2 carries the autofilter.
- Each sheet shows its table's columns with 文件名, 单位, 项目, 年度 right after the ids, and on 异常 the
  rule and severity in Chinese beside the English ids (:mod:`emit.sheet_content` says what each sheet
  shows). Those names repeat on every row of a document, so they go once into ``xl/sharedStrings.xml``.
- Money is written from the exact ``Decimal`` as a real number (``#,##0.00``); ``*_pct`` columns are
  numbers in percent points shown as ``99.99%`` (the stored number stays ``99.99``, as in the CSV).
- **Formula safety**: every text cell is an inline string (``t="inlineStr"``), so text from a
  submission that starts with ``=``/``+``/``-``/``@`` is never a formula, and nothing becomes a link
  except the links we make ourselves (anomaly → the form's row in 自评表, or its file's row in 文件).
- Excel cannot hold some control characters nor more than 32,767 characters in a cell: such text is
  shown with the character as ``\\x0b`` / cut with a note; the Parquet/CSV files keep the exact text.
- **One route, streamed**: :func:`write_xlsx_parquet` (the only writer of the workbook: the run calls
  it at close on the staged tables) reads the Parquet files one row group at a time and ``zipfile``
  writes each sheet's XML once (our own few-line SpreadsheetML: openpyxl's per-cell objects cost
  ~70 µs a row, ten times this), so memory stays flat whatever the row count. The 异常
  sheet is sorted by severity with one pass over ``anomalies.parquet`` per severity. Link targets need
  one small map entry per form and per document (~150 bytes each) while the 异常 sheet is written.
- A table longer than a sheet (1,048,574 data rows) is split into one sheet per year (then numbered
  parts if a year alone is still too long), one pass per year; this needs a form → year map.
- Deterministic: same tables, same bytes (fixed document timestamps and zip entry dates).
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyarrow.parquet as pq
from jixiao.emit.parquet_out import iter_parquet_columns, write_parquet
from jixiao.emit.sheet_content import SHARED_TEXT_COLUMNS, SharedStrings, SheetContext, sheet_spec
from jixiao.emit.xlsx_cells import (
    LINKED_SHEET,
    S_LINK,
    S_NAME,
    S_TITLE,
    cell_text,
    cell_writer,
    column_letter,
    rows_xml,
    text_cell,
    xml_escape,
)
from jixiao.schemas import TABLES, Column

if TYPE_CHECKING:
    import pandas as pd

XLSX_NAME = "jixiao.xlsx"
EXCEL_MAX_ROWS = 1_048_576
HEADER_ROWS = 2
MONEY_FORMAT = "#,##0.00"
PCT_FORMAT = '0.00"%"'  # the number stays in percent points (99.99), only the display adds "%"
INT_FORMAT = "0"  # no thousands separator: years and sequence numbers
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
FIRST_SHEET = LINKED_SHEET  # 异常 first
# fixed document timestamps, so reruns give the same bytes (the text openpyxl wrote for them)
_CORE_XML = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
    '<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">jixiao</dc:creator>'
    '<dcterms:created xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z'
    "</dcterms:created>"
    '<dcterms:modified xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z'
    "</dcterms:modified></cp:coreProperties>"
)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_WIDTH_SAMPLE_ROWS = 300
_READ_ROWS = 2_000  # rows per piece read back from Parquet
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# cellXfs indexes: emit.xlsx_cells.S_*  NOTE: keep in sync
_STYLES = (
    f'{_DECL}<styleSheet xmlns="{_MAIN_NS}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.00"/>'
    '<numFmt numFmtId="165" formatCode="0.00&quot;%&quot;"/></numFmts>'
    '<fonts count="4"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><i val="1"/><color rgb="00808080"/><sz val="9"/><name val="Calibri"/><family val="2"/></font>'
    '<font><u val="single"/><color rgb="000563C1"/><sz val="11"/><name val="Calibri"/>'
    '<family val="2"/></font>'
    "</fonts>"
    '<fills count="3"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="00DDE4EE"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _display_width(text: str) -> int:
    # East Asian wide characters take two columns in Excel's default fonts.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _column_width(col: Column, values: list[Any]) -> float:
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


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


@dataclass(slots=True)
class _Part:
    """One sheet's worth of one table: rows of one year (or all), at most ``max_rows`` of them."""

    table: str
    name: str
    rows: int
    year: Any = None  # the year filter; only when ``split``
    split: bool = False


# ---------------------------------------------------------------- years (only for oversized tables)


class _Years:
    """form_id → year and doc_id → first year, from ``forms.parquet`` (built only when a table splits)."""

    def __init__(self, forms: Path | None) -> None:
        self.form: dict[str, Any] = {}
        self.doc: dict[str, Any] = {}
        if forms is None or not forms.exists():
            return
        for cols in iter_parquet_columns(forms, _READ_ROWS):
            for fid, did, year in zip(cols["form_id"], cols["doc_id"], cols["year"], strict=True):
                self.form[fid] = year
                if year is not None and (self.doc.get(did) is None or year < self.doc[did]):
                    self.doc[did] = year

    def of(self, table: str, cols: Mapping[str, list[Any]]) -> list[Any]:
        if table == "forms":
            return list(cols["year"])
        if "form_id" in cols:
            years = [self.form.get(f) for f in cols["form_id"]]
            if "doc_id" in cols:  # anomalies: a document-level row has no form
                years = [
                    y if y is not None else self.doc.get(d)
                    for y, d in zip(years, cols["doc_id"], strict=True)
                ]
            return years
        if "doc_id" in cols:
            return [self.doc.get(d) for d in cols["doc_id"]]
        return [None] * len(next(iter(cols.values()), []))


def _year_order(y: Any) -> tuple[bool, Any]:
    return (y is None, y if y is not None else 0)


# ---------------------------------------------------------------- reading rows back in sheet order


def _pieces(path: Path, *, severity: int | None = None) -> Iterator[dict[str, list[Any]]]:
    """The table's rows in pieces; with ``severity`` (a rank, 3 = any other) only those anomalies."""
    for cols in iter_parquet_columns(path, _READ_ROWS):
        if severity is None:
            yield cols
            continue
        keep = [i for i, s in enumerate(cols["severity"]) if SEVERITY_RANK.get(s, 3) == severity]
        if keep:
            yield {name: [values[i] for i in keep] for name, values in cols.items()}


def _ordered(table: str, path: Path) -> Iterator[dict[str, list[Any]]]:
    if table != FIRST_SHEET:
        yield from _pieces(path)
        return
    for rank in range(len(SEVERITY_RANK) + 1):  # stable: within a severity the contract order stays
        yield from _pieces(path, severity=rank)


# ---------------------------------------------------------------- one sheet


class _SheetStream:
    """Writes one sheet's XML into the open zip entry: header rows, data rows, filter, links."""

    def __init__(
        self,
        fh: IO[bytes],
        part: _Part,
        links: Callable[[dict[str, list[Any]], int], Any],
        *,
        context: SheetContext | None = None,
        shared: SharedStrings | None = None,
    ) -> None:
        self.fh, self.part, self.links = fh, part, links
        self.spec = sheet_spec(part.table)  # the table's columns with 文件名/单位/项目/年度 beside the ids
        self.context = context if context is not None else SheetContext()
        self.letters = [column_letter(j) for j in range(1, len(self.spec.columns) + 1)]
        self.writers = [
            shared.cell if shared is not None and c.name in SHARED_TEXT_COLUMNS else cell_writer(c)
            for c in self.spec.columns
        ]
        self.row = HEADER_ROWS
        self._sample: list[dict[str, list[Any]]] = []
        self._sampled = 0
        self._started = False
        self._links_fh: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def add(self, table_cols: dict[str, list[Any]]) -> None:
        """Rows of the table (as columns), drawn with their sheet's context columns."""
        cols = self.context.sheet_columns(self.part.table, table_cols)
        if not self._started:
            self._sample.append(cols)
            self._sampled += len(next(iter(cols.values()), []))
            if self._sampled >= _WIDTH_SAMPLE_ROWS:
                self._start()
            return
        self._rows(cols)

    def _start(self) -> None:
        """The header (column widths from the first rows), then the rows held for it."""
        self._started = True
        sample: dict[str, list[Any]] = {c: [] for c in self.spec.names}
        for piece in self._sample:
            for name in self.spec.names:
                sample[name].extend(piece[name][: _WIDTH_SAMPLE_ROWS - len(sample[name])])
        self.fh.write(self.header(sample))
        for piece in self._sample:
            self._rows(piece)
        self._sample = []

    def header(self, sample: dict[str, list[Any]]) -> bytes:
        """The sheet's XML up to its first data row (widths from the first rows' values)."""
        last = self.letters[-1]
        end = HEADER_ROWS + max(self.part.rows, 1)
        cols = "".join(
            f'<col min="{j}" max="{j}" width="{_column_width(c, sample[c.name])}" customWidth="1"/>'
            for j, c in enumerate(self.spec.columns, start=1)
        )
        titles = "".join(
            text_cell(f"{L}1", c.title, S_TITLE) for L, c in zip(self.letters, self.spec.columns, strict=True)
        )
        names = "".join(
            text_cell(f"{L}2", c.name, S_NAME) for L, c in zip(self.letters, self.spec.columns, strict=True)
        )
        return (
            f'{_DECL}<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
            '<sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr/></sheetPr>'
            f'<dimension ref="A1:{last}{end}"/>'
            '<sheetViews><sheetView workbookViewId="0">'
            f'<pane ySplit="{HEADER_ROWS}" topLeftCell="A{HEADER_ROWS + 1}" activePane="bottomLeft" '
            f'state="frozen"/><selection pane="bottomLeft" activeCell="A{HEADER_ROWS + 1}" '
            f'sqref="A{HEADER_ROWS + 1}"/></sheetView></sheetViews>'
            f'<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
            f'<row r="1">{titles}</row><row r="2">{names}</row>'
        ).encode()

    def _rows(self, cols: dict[str, list[Any]]) -> None:
        names, letters, writers = self.spec.names, self.letters, self.writers
        columns = [cols[n] for n in names]
        link_of = self.links(cols, 0)
        out: list[str] = []
        if link_of is None:  # no links: rows need no positions (a row or cell without one takes the next)
            rows = rows_xml(writers, columns)
            self.row += len(rows)
            self.fh.write("".join(rows).encode())
            return
        for i, values in enumerate(zip(*columns, strict=True)):
            self.row += 1
            r = self.row
            link = link_of(i) if link_of is not None else None
            cells = []
            for j, v in enumerate(values):  # positioned: the links name their cells
                if v is None:
                    continue
                ref = f"{letters[j]}{r}"
                if link is not None and link[0] == j:
                    cells.append(text_cell(ref, v, S_LINK))
                    self._links_fh.write(
                        f'<hyperlink ref="{ref}" location="{xml_escape(link[1])}" tooltip="转到所涉表格"/>'
                    )
                else:
                    cells.append(writers[j](ref, v))
            out.append(f'<row r="{r}">{"".join(cells)}</row>')
        self.fh.write("".join(out).encode())

    def close(self) -> None:
        if not self._started:
            self._start()
        last = self.letters[-1]
        end = HEADER_ROWS + max(self.part.rows, 1)
        tail = f'</sheetData><autoFilter ref="A{HEADER_ROWS}:{last}{end}"/>'
        self._links_fh.seek(0)
        first = self._links_fh.read(1 << 20)
        if first:
            self.fh.write((tail + "<hyperlinks>" + first).encode())
            while chunk := self._links_fh.read(1 << 20):
                self.fh.write(chunk.encode())
            tail = "</hyperlinks>"
        self._links_fh.close()
        margins = '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        self.fh.write((tail + margins + "</worksheet>").encode())


# ---------------------------------------------------------------- the workbook


class _Targets:
    """Link targets: form_id → its row in 自评表, doc_id → its first row in 文件."""

    def __init__(self) -> None:
        self.form: dict[str, str] = {}
        self.doc: dict[str, str] = {}

    def note(
        self, part: _Part, cols: Mapping[str, Sequence[Any]], first_row: int, wanted: set[str] | None = None
    ) -> None:
        """Targets of ``cols`` (rows of 自评表/文件 from ``first_row``); only ``wanted`` ids if given."""
        key = {"forms": "form_id", "documents": "doc_id"}.get(part.table)
        if key is None:
            return
        into = self.form if part.table == "forms" else self.doc
        sheet = _quoted(part.name)
        for k, value in enumerate(cols[key]):
            if value not in into and (wanted is None or value in wanted):
                into[value] = f"{sheet}!A{first_row + k}"

    @staticmethod
    def wanted(anomalies: Path) -> set[str]:
        """The form and document ids the 异常 sheet links to: the map holds these, not every id
        (memory stays flat through a long run)."""
        wanted: set[str] = set()
        for cols in iter_parquet_columns(anomalies, _READ_ROWS):
            wanted.update(f for f in cols["form_id"] if f is not None)
            wanted.update(cols["doc_id"])
        return wanted

    def for_anomalies(self, cols: dict[str, list[Any]], _: int) -> Callable[[int], tuple[int, str] | None]:
        names = sheet_spec(FIRST_SHEET).names
        form_j, doc_j = names.index("form_id"), names.index("doc_id")
        doc_ids, form_ids = cols["doc_id"], cols["form_id"]

        def link(i: int) -> tuple[int, str] | None:
            fid = form_ids[i]
            if fid is not None and fid in self.form:
                return (form_j, self.form[fid])
            if doc_ids[i] in self.doc:
                return (doc_j, self.doc[doc_ids[i]])
            return None

        return link


def _plan(tables: Mapping[str, Path], max_rows: int) -> tuple[list[_Part], _Years | None]:
    order = [FIRST_SHEET, *(t for t in TABLES if t != FIRST_SHEET)]
    taken: set[str] = set()
    parts: list[_Part] = []
    years: _Years | None = None
    for table in order:
        if table not in tables:
            continue
        title = TABLES[table].title
        n = pq.read_metadata(tables[table]).num_rows
        if n <= max_rows:
            parts.append(_Part(table, _sheet_name(title, taken), n))
            continue
        years = years or _Years(tables.get("forms"))
        counts: dict[Any, int] = {}
        for cols in _pieces(tables[table]):
            for y in years.of(table, cols):
                counts[y] = counts.get(y, 0) + 1
        for year in sorted(counts, key=_year_order):
            label = f"{title} {year}" if year is not None else f"{title} 年度不详"
            sizes = [min(max_rows, counts[year] - k) for k in range(0, counts[year], max_rows)]
            for k, size in enumerate(sizes, start=1):
                name = label if len(sizes) == 1 else f"{label} ({k})"
                parts.append(_Part(table, _sheet_name(name, taken), size, year, split=True))
    return parts, years


def _part_rows(
    parts: list[_Part], tables: Mapping[str, Path], years: _Years | None
) -> Iterator[tuple[_Part, dict[str, list[Any]]]]:
    """Each part with the row pieces that fill it, in sheet order (a year's parts fill one by one)."""
    i = 0
    while i < len(parts):
        part = parts[i]
        if not part.split:
            for cols in _ordered(part.table, tables[part.table]):
                yield part, cols
            yield part, {}
            i += 1
            continue
        assert years is not None
        group = [p for p in parts[i:] if p.table == part.table and p.year == part.year and p.split]
        k, room = 0, group[0].rows
        for cols in _ordered(part.table, tables[part.table]):
            keep = [j for j, y in enumerate(years.of(part.table, cols)) if y == part.year]
            while keep:
                take, keep = keep[:room], keep[room:]
                yield group[k], {name: [values[j] for j in take] for name, values in cols.items()}
                room -= len(take)
                if room == 0 and k + 1 < len(group):
                    yield group[k], {}
                    k, room = k + 1, group[k + 1].rows
        yield group[k], {}
        i += len(group)


def _zip_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    info._compresslevel = 1  # type: ignore[attr-defined]  # speed over a few % of size
    return info


def _package(zout: zipfile.ZipFile, parts: list[_Part]) -> None:
    for name, text in package_files(parts, shared_strings=True).items():
        zout.writestr(_zip_entry(name), text)


def package_files(parts: list[_Part], *, shared_strings: bool = False) -> dict[str, str]:
    """Everything but the sheets (and ``xl/sharedStrings.xml``, written after them when
    ``shared_strings``): workbook, relationships, styles, content types, properties."""
    n = len(parts)
    sheets = "".join(
        f'<sheet name="{xml_escape(p.name)}" sheetId="{i}" state="visible" r:id="rId{i}"/>'
        for i, p in enumerate(parts, start=1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{xml_escape(_quoted(p.name))}!$A${HEADER_ROWS}:${column_letter(len(sheet_spec(p.table).columns))}"
        f"${HEADER_ROWS + max(p.rows, 1)}</definedName>"
        for i, p in enumerate(parts)
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument"
    files = {
        "[Content_Types].xml": (
            f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                f'ContentType="{ct}.spreadsheetml.worksheet+xml"/>'
                for i in range(1, n + 1)
            )
            + f'<Override PartName="/xl/styles.xml" ContentType="{ct}.spreadsheetml.styles+xml"/>'
            + (
                '<Override PartName="/xl/sharedStrings.xml" '
                f'ContentType="{ct}.spreadsheetml.sharedStrings+xml"/>'
                if shared_strings
                else ""
            )
            + '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{ct}.extended-properties+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"
        ),
        "docProps/app.xml": (
            f'{_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>jixiao</Application></Properties>"
        ),
        "docProps/core.xml": _CORE_XML,
        "xl/workbook.xml": (
            f'{_DECL}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><workbookPr/>'
            f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
            f"<definedNames>{names}</definedNames>"
            * bool(names)
            + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, n + 1)
            )
            + f'<Relationship Id="rId{n + 1}" Type="{rel}/styles" Target="styles.xml"/>'
            + (
                f'<Relationship Id="rId{n + 2}" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
                if shared_strings
                else ""
            )
            + "</Relationships>"
        ),
        "xl/styles.xml": _STYLES,
    }
    return files


def write_xlsx_parquet(
    out_dir: str | os.PathLike[str],
    tables: Mapping[str, Path],
    *,
    max_rows: int = EXCEL_MAX_ROWS - HEADER_ROWS,
) -> Path:
    """The tables' Parquet files (``name → path``) → ``out_dir/jixiao.xlsx``, streamed; returns its path."""
    out = Path(out_dir) / XLSX_NAME
    parts, years = _plan(tables, max_rows)
    sheet_no = {id(p): i for i, p in enumerate(parts, start=1)}
    # Targets must be known before the 异常 sheet is written: note them in a first, cheap pass.
    targets = _Targets()
    wanted = _Targets.wanted(tables[FIRST_SHEET]) if FIRST_SHEET in tables else set()
    for table in ("forms", "documents"):
        current, row = None, HEADER_ROWS + 1
        for p, cols in _part_rows([p for p in parts if p.table == table], tables, years):
            if p is not current:
                current, row = p, HEADER_ROWS + 1
            if cols:
                targets.note(p, cols, row, wanted)
                row += len(next(iter(cols.values())))
    context = SheetContext.of(
        *(
            iter_parquet_columns(tables[t], _READ_ROWS) if t in tables else iter(())
            for t in ("forms", "documents")
        )
    )
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
            _package(zout, parts)
            shared = SharedStrings()
            stream: _SheetStream | None = None
            for part, cols in _part_rows(parts, tables, years):
                if stream is None or stream.part is not part:
                    fh = zout.open(
                        _zip_entry(f"xl/worksheets/sheet{sheet_no[id(part)]}.xml"), "w", force_zip64=True
                    )
                    links = targets.for_anomalies if part.table == FIRST_SHEET else (lambda c, _: None)
                    stream = _SheetStream(fh, part, links, context=context, shared=shared)
                if cols:
                    stream.add(cols)
                else:
                    stream.close()
                    stream.fh.close()
                    stream = None
            zout.writestr(_zip_entry("xl/sharedStrings.xml"), shared.xml(cell_text))
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def write_xlsx(
    out_dir: str | os.PathLike[str],
    frames: Mapping[str, pd.DataFrame],
    *,
    max_rows: int = EXCEL_MAX_ROWS - HEADER_ROWS,
) -> Path:
    """Every table in ``frames`` → ``out_dir/jixiao.xlsx`` (the 异常 sheet first); returns its path.

    The frames are staged as Parquet first, then written by :func:`write_xlsx_parquet`. ``max_rows``
    (data rows per sheet) is Excel's limit; tests lower it to exercise the year split.
    """
    with tempfile.TemporaryDirectory(prefix=".jixiao-xlsx-", dir=out_dir) as tmp:
        paths: dict[str, Path] = {}
        for table, frame in frames.items():
            paths[table] = Path(tmp) / f"{table}.parquet"
            write_parquet(paths[table], table, frame)
        return write_xlsx_parquet(out_dir, paths, max_rows=max_rows)
