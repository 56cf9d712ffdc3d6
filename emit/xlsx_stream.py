"""The workbook written while results arrive, so closing the output only assembles it.

:func:`emit.xlsx_out.write_xlsx_parquet` reads every staged table back at close, after all
extraction; most of its time is making sheet XML. :class:`XlsxStream` makes that XML as the rows
come into :class:`emit.writer.OutputWriter` (already in contract order, the sheets' order), into
one body file per sheet in the staging folder, and notes the link targets (each form's and
document's first row) on the way. :meth:`XlsxStream.finish` then writes the zip: each sheet's
header (its size and column widths are known only at the end) followed by its body, and the 异常
sheet, which is sorted by severity, from ``anomalies.parquet`` as before.

The bytes are the same as :func:`~emit.xlsx_out.write_xlsx_parquet` on the same tables (a test
holds the two to it). A table longer than one sheet needs the year split, which only the
Parquet path does: once a table passes ``max_rows`` the stream gives up (its files are dropped) and
:meth:`finish` returns ``None``, so the caller falls back to the Parquet path.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from emit.xlsx_out import (
    EXCEL_MAX_ROWS,
    FIRST_SHEET,
    HEADER_ROWS,
    XLSX_NAME,
    _ordered,
    _package,
    _Part,
    _sheet_name,
    _SheetStream,
    _Targets,
    _zip_entry,
)
from schemas import TABLES

_COPY_BYTES = 1 << 20


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
            if table != FIRST_SHEET:
                fh = open(self.dir / f"{table}.xml", "wb")  # noqa: SIM115  (closed in finish/abort)
                self.sheets[table] = _SheetStream(fh, part, lambda c, _: None, defer_header=True)
        self.targets = _Targets()
        self.gave_up = False

    def add(self, table: str, cols: Mapping[str, Any], xml: str | None = None) -> None:
        """Rows of one table, in the table's order; ``xml``: the same rows already drawn by
        :func:`emit.xlsx_cells.rows_xml` (a worker's share of the work)."""
        sheet = self.sheets.get(table)
        if sheet is None or self.gave_up:
            return
        n = len(next(iter(cols.values()), []))
        if not n:
            return
        part = self.parts[table]
        if part.rows + n > self.max_rows:
            self.abort()  # the year split is the Parquet path's job
            return
        rows = dict(cols)  # the sheet keeps up to a few hundred rows as its width sample
        if table in ("forms", "documents"):
            self.targets.note(part, rows, HEADER_ROWS + 1 + part.rows)
        part.rows += n
        if xml is not None:
            sheet.add_xml(rows, xml)
        else:
            sheet.add(rows)

    def finish(self, out_dir: Path, anomalies: Path) -> Path | None:
        """Write ``out_dir/jixiao.xlsx``; ``None`` (nothing written) when the stream gave up."""
        if self.gave_up:
            return None
        for sheet in self.sheets.values():
            sheet.close()
            sheet.fh.close()
        first = self.parts[FIRST_SHEET]
        first.rows = pq.read_metadata(anomalies).num_rows
        parts = list(self.parts.values())
        out = out_dir / XLSX_NAME
        tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
        try:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
                _package(zout, parts)
                for i, part in enumerate(parts, start=1):
                    with zout.open(_zip_entry(f"xl/worksheets/sheet{i}.xml"), "w", force_zip64=True) as fh:
                        if part.table == FIRST_SHEET:
                            stream = _SheetStream(fh, part, self.targets.for_anomalies)
                            for cols in _ordered(part.table, anomalies):
                                stream.add(cols)
                            stream.close()
                            continue
                        fh.write(self.sheets[part.table].header())
                        with open(self.dir / f"{part.table}.xml", "rb") as body:
                            shutil.copyfileobj(body, fh, _COPY_BYTES)
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
        shutil.rmtree(self.dir, ignore_errors=True)
        return out

    def abort(self) -> None:
        """Stop streaming and drop the body files."""
        self.gave_up = True
        for sheet in self.sheets.values():
            sheet.fh.close()
            sheet._links_fh.close()
        shutil.rmtree(self.dir, ignore_errors=True)
