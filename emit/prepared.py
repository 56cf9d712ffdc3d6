"""One document made ready to write, in the worker process, so the parent only appends.

:func:`prepare` turns a :class:`normalize.records.DocumentResult` into checked, sorted columns per
table, their CSV text, and — when review pages are wanted — the document's review page, its layout
JSON and the short summary the index needs. All of it is per-document work, so it runs in parallel
in the workers; the writer (:mod:`emit.writer`) then only appends text and columns in document order.
This module imports no pandas/pyarrow: workers stay lean.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jixiao.emit.csv_out import format_lines
from jixiao.emit.frames import Columns, rows_to_columns, sort_rows
from jixiao.emit.layout_json import layout_to_json
from jixiao.emit.packed import PackedRows, pack_table
from jixiao.emit.review import LAYOUT_DIR, PageSummary, as_stored, doc_page, records, write_text
from jixiao.emit.review_html import page_name
from jixiao.emit.xlsx_cells import LINKED_SHEET, sheet_piece
from jixiao.emit.zip_parts import Piece
from jixiao.normalize.records import DocumentResult, DocumentRow
from jixiao.schemas import TABLES


@dataclass(frozen=True, slots=True)
class Page:
    html: str | None  # None when already written into ``review_dir`` by the worker
    summary: PageSummary

    def __reduce__(self) -> tuple[type[Page], tuple[object, ...]]:
        # one constructor call when unpickled: the dataclass default sets fields one by one
        return (
            Page,
            (
                self.html,
                self.summary,
            ),
        )


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document's rows ready to append: columns (and CSV text) per non-empty table, page, layout."""

    document: DocumentRow
    columns: dict[str, Columns]
    csv: dict[str, bytes] = field(default_factory=dict)  # CSV lines, UTF-8
    xlsx: dict[str, Piece] = field(default_factory=dict)  # deflated workbook rows, sheets but 异常
    page: Page | None = None
    layout_json: str | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)
    # tables whose rows a worker packed with other documents' (see pack_chunk): not in ``columns``
    packed: dict[str, PackedRows] = field(default_factory=dict)

    def __reduce__(self) -> tuple[type[Prepared], tuple[object, ...]]:
        # one constructor call when unpickled: the dataclass default sets fields one by one
        return (
            Prepared,
            (
                self.document,
                self.columns,
                self.csv,
                self.xlsx,
                self.page,
                self.layout_json,
                self.stage_seconds,
                self.packed,
            ),
        )


def prepare(
    result: DocumentResult,
    *,
    csv: bool = True,
    xlsx: bool = False,
    page: bool = False,
    layout: bool = False,
    copies: Sequence[DocumentRow] = (),
    review_dir: str | None = None,
) -> Prepared:
    """``result`` as :class:`Prepared` (with ``xlsx``, its workbook rows too).

    ``copies``: documents rows of other copies of the same bytes (shown on the page; the caller
    writes them). With ``review_dir`` the page and layout files are written there now (in parallel,
    by the worker) instead of being returned. ``ValueError``/``TypeError`` if a row is unwritable.
    """
    columns: dict[str, Columns] = {}
    ordered: dict[str, list[Any]] = {}
    for name in TABLES:
        rows = getattr(result, name)
        if rows:
            ordered[name] = sort_rows(TABLES[name], rows)
            columns[name] = rows_to_columns(name, ordered[name], presorted=True)
    text = {name: format_lines(name, cols).encode("utf-8") for name, cols in columns.items()} if csv else {}
    sheet_rows = {n: sheet_piece(n, cols) for n, cols in columns.items() if n != LINKED_SHEET} if xlsx else {}
    doc_id = result.document.doc_id
    rendered = None
    if page:
        # the run's own rows: locations and repairs reach the page typed, never through their text
        recs = {name: records(as_stored(name, cols), ordered[name]) for name, cols in columns.items()}
        copy_cols = rows_to_columns("documents", copies, presorted=True)
        recs["documents"] = sorted([*recs["documents"], *records(copy_cols)], key=lambda d: d["source_path"])
        html, summary = doc_page(doc_id, recs, result.layout)
        rendered = Page(html, summary)
    layout_json = None
    if layout and result.layout is not None:
        layout_json = json.dumps(layout_to_json(result.layout), ensure_ascii=False, separators=(",", ":"))
        layout_json += "\n"  # NOTE: keep in sync with emit.layout_json.write_layout
    if review_dir is not None:
        name = page_name(doc_id)
        if rendered is not None and rendered.html is not None:
            write_text(Path(review_dir) / f"{name}.html", rendered.html)
            rendered = Page(None, rendered.summary)
        if layout_json is not None:
            (Path(review_dir) / LAYOUT_DIR / f"{name}.json").write_text(layout_json, encoding="utf-8")
            layout_json = None
    return Prepared(
        result.document,
        columns,
        text,
        sheet_rows,
        rendered,
        layout_json,
        dict(result.stage_seconds),
    )


UNPACKED = ("documents",)  # one row a document, read by the parent (index page, copies): kept as is


def pack_chunk(docs: Sequence[Prepared]) -> list[Prepared]:
    """``docs`` (consecutive documents of one chunk) with their rows of each table but
    :data:`UNPACKED` packed together (:mod:`emit.packed`): what a worker sends in one message."""
    out = [replace(d, columns=dict(d.columns), packed={}) for d in docs]
    for table in TABLES:
        if table in UNPACKED:
            continue
        having = [d for d in out if table in d.columns]
        if not having:
            continue
        pack = pack_table(table, [d.columns[table] for d in having])
        if pack is None:
            continue  # some value does not pack: the Python columns go, as before
        start = 0
        for d in having:
            rows = len(next(iter(d.columns[table].values()), []))
            d.packed[table] = PackedRows(pack, start, rows)
            del d.columns[table]
            start += rows
    return out
