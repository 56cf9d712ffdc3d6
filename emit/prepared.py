"""One document's rows made ready to append, in the worker process, so the parent only appends.

:func:`prepare` turns a :class:`normalize.records.DocumentResult` into checked, sorted columns per
table (the contract's rows, one list a column: cheap to send between processes) and their CSV lines.
The writer (:mod:`emit.writer`) appends them in document order. No pandas/pyarrow here: workers stay lean.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

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
    spool: str | None = None  # a large document's rows, in pieces in this file instead (read_spool)


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


# A large document's rows go from the worker to the parent through a file, in pieces of at most
# SPOOL_PIECE_ROWS rows, so the parent holds one piece at a time however large the document is.
SPOOL_ROWS = 20_000  # rows of a document that make it large
SPOOL_BYTES = 1 << 20  # or input bytes
SPOOL_PIECE_ROWS = 2_000
SPOOL_ROWS_ENV = "JIXIAO_SPOOL_ROWS"  # hidden knob (tests): overrides SPOOL_ROWS (and spools on rows only)


def spool_rows_wanted() -> int | None:
    """The rows that make a document large when :data:`SPOOL_ROWS_ENV` says (None: the defaults)."""
    limit = os.environ.get(SPOOL_ROWS_ENV)
    return int(limit) if limit else None


def spool_wanted(tables: dict[str, list[Any]], input_bytes: int, rows_limit: int | None = None) -> bool:
    """Whether a document's rows are large enough to go through a spool file."""
    rows = sum(len(r) for r in tables.values())
    if rows_limit is not None:
        return rows >= rows_limit
    return rows >= SPOOL_ROWS or input_bytes >= SPOOL_BYTES


def spool(prepared: Prepared, path: Path, *, csv: bool) -> Prepared:
    """``prepared``'s rows (its columns; CSV lines made here, a piece at a time) written to ``path``;
    returns it carrying only the path. ``prepared`` is made with ``csv=False``."""
    with open(path, "wb") as fh:
        for name, cols in prepared.columns.items():
            rows = len(next(iter(cols.values()), []))
            for start in range(0, rows, SPOOL_PIECE_ROWS):
                piece = {c: v[start : start + SPOOL_PIECE_ROWS] for c, v in cols.items()}
                text = format_lines(name, piece).encode("utf-8") if csv else None
                pickle.dump((name, piece, text), fh, protocol=pickle.HIGHEST_PROTOCOL)
    return replace(prepared, columns={}, csv={}, spool=str(path))


def read_spool(path: str) -> Iterator[tuple[str, Columns, bytes | None]]:
    """The pieces :func:`spool` wrote, in order: (table, columns, CSV lines or None)."""
    with open(path, "rb") as fh:
        yield from iter_pickled(fh)


def iter_pickled(fh: IO[bytes]) -> Iterator[Any]:
    """The objects pickled one after another into ``fh``, in order."""
    while True:
        try:
            yield pickle.load(fh)  # an unpickler a record: one for all would hold them all (memo)
        except EOFError:
            return
