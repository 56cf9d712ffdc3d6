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
- ``extra`` sheets (the wide tables of ``jixiao panel``) follow the contract's, through this same route.
- Deterministic: same tables, same bytes (fixed document timestamps and zip entry dates).
- Jobs by module: this one plans the sheets and feeds them rows; :mod:`emit.xlsx_sheet` writes one
  sheet's XML; :mod:`emit.xlsx_package` the other parts of the package.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from jixiao.emit.parquet_out import iter_parquet_columns
from jixiao.emit.sheet_content import SharedStrings, SheetContext, SheetSpec, sheet_spec
from jixiao.emit.xlsx_cells import LINKED_SHEET, cell_text
from jixiao.emit.xlsx_package import quoted, sheet_name, write_package, zip_entry
from jixiao.emit.xlsx_sheet import HEADER_ROWS, SheetPart, SheetStream
from jixiao.schemas import TABLES

XLSX_NAME = "jixiao.xlsx"
EXCEL_MAX_ROWS = 1_048_576
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
FIRST_SHEET = LINKED_SHEET  # 异常 first
_READ_ROWS = 2_000  # rows per piece read back from Parquet
_EXTRA = "\0extra-"  # the key of an extra sheet's rows: never a table's name


@dataclass(frozen=True, slots=True)
class ExtraSheet:
    """A sheet beyond the contract's tables (a wide panel table): its title, Parquet file and columns."""

    title: str
    path: Path
    spec: SheetSpec


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


# ---------------------------------------------------------------- the workbook


class _Targets:
    """Link targets: form_id → its row in 自评表, doc_id → its first row in 文件."""

    def __init__(self) -> None:
        self.form: dict[str, str] = {}
        self.doc: dict[str, str] = {}

    def note(
        self,
        part: SheetPart,
        cols: Mapping[str, Sequence[Any]],
        first_row: int,
        wanted: set[str] | None = None,
    ) -> None:
        """Targets of ``cols`` (rows of 自评表/文件 from ``first_row``); only ``wanted`` ids if given."""
        key = {"forms": "form_id", "documents": "doc_id"}.get(part.table)
        if key is None:
            return
        into = self.form if part.table == "forms" else self.doc
        sheet = quoted(part.name)
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


def _plan(
    tables: Mapping[str, Path], max_rows: int, extra: Sequence[ExtraSheet] = ()
) -> tuple[list[SheetPart], _Years | None]:
    order = [FIRST_SHEET, *(t for t in TABLES if t != FIRST_SHEET)]
    taken: set[str] = set()
    parts: list[SheetPart] = []
    years: _Years | None = None
    for table in order:
        if table not in tables:
            continue
        title = TABLES[table].title
        n = pq.read_metadata(tables[table]).num_rows
        if n <= max_rows:
            parts.append(SheetPart(table, sheet_name(title, taken), n, sheet_spec(table)))
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
                parts.append(
                    SheetPart(table, sheet_name(name, taken), size, sheet_spec(table), year, split=True)
                )
    for k, sheet in enumerate(extra):  # never split: a wide table has a row per unit or project
        n = pq.read_metadata(sheet.path).num_rows
        if n > max_rows:
            raise ValueError(f"{sheet.path}: {n} rows do not fit one sheet")
        parts.append(SheetPart(f"{_EXTRA}{k}", sheet_name(sheet.title, taken), n, sheet.spec))
    return parts, years


def _part_rows(
    parts: list[SheetPart], tables: Mapping[str, Path], years: _Years | None
) -> Iterator[tuple[SheetPart, dict[str, list[Any]]]]:
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


def write_xlsx_parquet(
    out_dir: str | os.PathLike[str],
    tables: Mapping[str, Path],
    *,
    max_rows: int = EXCEL_MAX_ROWS - HEADER_ROWS,
    extra: Sequence[ExtraSheet] = (),
) -> Path:
    """The tables' Parquet files (``name → path``) → ``out_dir/jixiao.xlsx``, streamed; returns its path.

    ``extra`` sheets come after the tables' (``jixiao panel``'s wide tables)."""
    out = Path(out_dir) / XLSX_NAME
    parts, years = _plan(tables, max_rows, extra)
    tables = {**tables, **{f"{_EXTRA}{k}": s.path for k, s in enumerate(extra)}}
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
            write_package(zout, parts)
            shared = SharedStrings()
            stream: SheetStream | None = None
            for part, cols in _part_rows(parts, tables, years):
                if stream is None or stream.part is not part:
                    fh = zout.open(
                        zip_entry(f"xl/worksheets/sheet{sheet_no[id(part)]}.xml"), "w", force_zip64=True
                    )
                    links = targets.for_anomalies if part.table == FIRST_SHEET else (lambda c, _: None)
                    stream = SheetStream(fh, part, links, context=context, shared=shared)
                if cols:
                    stream.add(cols)
                else:
                    stream.close()
                    stream.fh.close()
                    stream = None
            zout.writestr(zip_entry("xl/sharedStrings.xml"), shared.xml(cell_text))
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
