"""The workbook written while results arrive, so closing the output only assembles it.

:func:`emit.xlsx_out.write_xlsx_parquet` reads every staged table back at close, after all
extraction; most of its time is making and compressing sheet XML. :class:`XlsxStream` instead takes
each document's sheet rows already drawn and deflated by the worker
(:func:`emit.xlsx_cells.sheet_piece`) and appends them to one compressed body file per sheet in the
staging folder (rows that arrive as plain columns — copies, a previous output's rows — are drawn and
compressed here, the same way). :meth:`XlsxStream.finish` finds the anomalies' link targets (their
form's or document's first row) in the staged tables, then writes the zip (:mod:`emit.zip_parts`):
each sheet's header (its size and column widths are known only at the end, so it is compressed then
and put in front of the body) followed by its body, and the 异常 sheet, which is sorted by severity,
from ``anomalies.parquet`` as before.

The XML of every part is the same as :func:`~emit.xlsx_out.write_xlsx_parquet` makes from the same
tables (a test holds the two to it; the compressed bytes differ, and depend only on the rows). A
table longer than one sheet needs the year split, which only the Parquet path does: once a table
passes ``max_rows`` the stream gives up (its files are dropped) and :meth:`finish` returns ``None``,
so the caller falls back to the Parquet path; so it does when the workbook would need zip64 (4 GiB).
"""

from __future__ import annotations

import os
import shutil
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from jixiao.emit.xlsx_out import (
    EXCEL_MAX_ROWS,
    FIRST_SHEET,
    HEADER_ROWS,
    XLSX_NAME,
    _ordered,
    _Part,
    _sheet_name,
    _SheetStream,
    _Targets,
    package_files,
)
from jixiao.emit.zip_parts import (
    DeflateSink,
    Entry,
    Piece,
    Zip64Needed,
    crc32_combine,
    deflate_piece,
    write_zip,
)
from jixiao.schemas import TABLES
from jixiao.schemas.tables import PANEL_DIMENSION_TABLES, PANEL_FACT_TABLES

# sheets drawn at close from the staged Parquet, as 异常 is: emit.panel writes or rewrites them at close
AT_CLOSE = tuple(t for t in (*PANEL_FACT_TABLES, *PANEL_DIMENSION_TABLES) if t != FIRST_SHEET)


class XlsxStream:
    """Sheet bodies of every table but 异常, written as rows are added; see the module docstring."""

    def __init__(self, work_dir: Path, *, max_rows: int = EXCEL_MAX_ROWS - HEADER_ROWS) -> None:
        self.dir, self.max_rows = work_dir, max_rows
        self.dir.mkdir(parents=True, exist_ok=True)
        taken: set[str] = set()
        # NOTE: keep in sync with emit.xlsx_out._plan (sheet order and names when nothing splits)
        order = [FIRST_SHEET, *(t for t in TABLES if t != FIRST_SHEET)]
        self.parts = {t: _Part(t, _sheet_name(TABLES[t].title, taken), 0) for t in order}
        self.sheets: dict[str, _SheetStream] = {}
        for table, part in self.parts.items():
            if table != FIRST_SHEET and table not in AT_CLOSE:
                sink = DeflateSink(open(self._body(table), "wb"))  # noqa: SIM115  (closed in finish/abort)
                self.sheets[table] = _SheetStream(sink, part, lambda c, _: None, defer_header=True)
        self.gave_up = False

    def _body(self, table: str) -> Path:
        return self.dir / f"{table}.deflate"

    def add(self, table: str, cols: Mapping[str, Any], piece: Piece | None = None) -> None:
        """Rows of one table, in the table's order; ``piece``: the same rows as a worker drew and
        deflated them (else they are drawn here)."""
        n = len(next(iter(cols.values()), []))
        # the sheet keeps up to a few hundred rows as its width sample
        self.add_rows(table, n, piece, lambda: dict(cols))

    def add_rows(
        self, table: str, n: int, piece: Piece | None, values: Callable[[], dict[str, list[Any]]]
    ) -> None:
        """``n`` rows of one table; ``values()`` gives them as columns, asked for only when they
        must be drawn here or sampled for column widths."""
        sheet = self.sheets.get(table)
        if sheet is None or self.gave_up or not n:
            return
        part = self.parts[table]
        if part.rows + n > self.max_rows:
            self.abort()  # the year split is the Parquet path's job
            return
        part.rows += n
        if piece is not None:
            sheet.add_piece(n, piece, values)
        else:
            sheet.add(values())

    def finish(self, out_dir: Path, tables: Mapping[str, Path]) -> Path | None:
        """Write ``out_dir/jixiao.xlsx`` (``tables``: the staged Parquet files, for the 异常 sheet and
        its links); ``None`` (nothing written) when the stream gave up."""
        if self.gave_up:
            return None
        for sheet in self.sheets.values():
            sheet.close()
            sheet.fh.close()
        for table in (FIRST_SHEET, *AT_CLOSE):
            part = self.parts[table]
            part.rows = pq.read_metadata(tables[table]).num_rows
            if part.rows > self.max_rows:  # these too may need the year split
                self.abort()
                return None
        parts = list(self.parts.values())
        entries = [Entry.of(name, text.encode()) for name, text in package_files(parts).items()]
        for i, part in enumerate(parts, start=1):
            name = f"xl/worksheets/sheet{i}.xml"
            if part.table == FIRST_SHEET:
                entries.append(self._first_sheet(name, part, tables))
                continue
            if part.table in AT_CLOSE:
                entries.append(self._sheet_at_close(name, part, tables))
                continue
            sheet, body = self.sheets[part.table], self._body(part.table)
            assert isinstance(sheet.fh, DeflateSink)
            header = sheet.header()
            head = deflate_piece(header).deflated
            crc = crc32_combine(zlib.crc32(header), sheet.fh.crc, sheet.fh.size)
            entries.append(Entry(name, crc, len(header) + sheet.fh.size, [head, body]))
        out = out_dir / XLSX_NAME
        tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
        try:
            write_zip(tmp, entries)
            os.replace(tmp, out)
        except Zip64Needed:
            self.abort()
            return None
        finally:
            tmp.unlink(missing_ok=True)
        shutil.rmtree(self.dir, ignore_errors=True)
        return out

    def _first_sheet(self, name: str, part: _Part, tables: Mapping[str, Path]) -> Entry:
        """异常, sorted by severity, linking to the forms' and documents' rows, from the Parquet files."""
        targets = _Targets.for_anomalies_of(self.parts, tables)
        path = self._body(part.table)
        sink = DeflateSink(open(path, "wb"))  # noqa: SIM115  (closed below)
        stream = _SheetStream(sink, part, targets.for_anomalies)
        for cols in _ordered(part.table, tables[FIRST_SHEET]):
            stream.add(cols)
        stream.close()
        sink.close()
        return Entry(name, sink.crc, sink.size, [path])

    def _sheet_at_close(self, name: str, part: _Part, tables: Mapping[str, Path]) -> Entry:
        """A sheet without links (see AT_CLOSE), in table order, from its Parquet file."""
        path = self._body(part.table)
        sink = DeflateSink(open(path, "wb"))  # noqa: SIM115  (closed below)
        stream = _SheetStream(sink, part, lambda c, _: None)
        for cols in _ordered(part.table, tables[part.table]):
            stream.add(cols)
        stream.close()
        sink.close()
        return Entry(name, sink.crc, sink.size, [path])

    def abort(self) -> None:
        """Stop streaming and drop the body files."""
        self.gave_up = True
        for sheet in self.sheets.values():
            sheet.fh.close()
            sheet._links_fh.close()
        shutil.rmtree(self.dir, ignore_errors=True)
