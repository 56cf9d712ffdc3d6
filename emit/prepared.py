"""One document's rows made ready to append, in the worker process, so the parent only appends.

:func:`prepare` turns a :class:`normalize.records.DocumentResult` into checked, sorted columns per
table (the contract's rows, one list a column: cheap to send between processes) and their CSV lines.
The writer (:mod:`emit.writer`) appends them in document order. No pandas/pyarrow here: workers stay lean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jixiao.emit.csv_out import format_lines
from jixiao.emit.frames import Columns, rows_to_columns, sort_rows
from jixiao.normalize.records import DocumentResult, DocumentRow
from jixiao.schemas import TABLES


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document's rows ready to append: columns and CSV lines per non-empty table."""

    document: DocumentRow
    columns: dict[str, Columns]
    csv: dict[str, bytes] = field(default_factory=dict)  # CSV lines, UTF-8
    stage_seconds: dict[str, float] = field(default_factory=dict)
    # its review page (emit.review.result_page), drawn by the worker that read the file
    page_drawn: bool = False  # False, without a problem: the page is drawn at close
    page_problem: str | None = None  # why the page was not drawn or lacks its layout
    layout_json: str | None = None  # page and layout as text when the worker cannot write them (Dask)
    page_html: str | None = None


def sorted_tables(result: DocumentResult) -> dict[str, list[Any]]:
    """The result's non-empty tables, each in its table's order."""
    return {name: sort_rows(TABLES[name], rows) for name in TABLES if (rows := getattr(result, name))}


def prepare(
    result: DocumentResult, *, csv: bool = True, tables: dict[str, list[Any]] | None = None
) -> Prepared:
    """``result`` as :class:`Prepared`; ``ValueError``/``TypeError`` if a row is unwritable.
    ``tables``: :func:`sorted_tables` of ``result``, when the caller has them."""
    if len(result.documents) != 1:
        raise ValueError(f"expected 1 documents row, got {len(result.documents)}")
    tables = sorted_tables(result) if tables is None else tables
    columns: dict[str, Columns] = {}
    for name, rows in tables.items():
        try:
            columns[name] = rows_to_columns(name, rows, presorted=True)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{name}: {exc}") from exc
    text = {name: format_lines(name, cols).encode("utf-8") for name, cols in columns.items()} if csv else {}
    return Prepared(result.document, columns, text, dict(result.stage_seconds))
