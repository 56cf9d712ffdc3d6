"""One document's rows made ready to append, in the worker process, so the parent only appends.

:func:`prepare` turns a :class:`normalize.records.DocumentResult` into checked, sorted columns per
table (the contract's rows, one list a column: cheap to send between processes) and their CSV lines.
The writer (:mod:`emit.writer`) appends them in document order. No pandas/pyarrow here: workers stay lean.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    layout_json: str | None = None  # when the worker could not write it itself (Dask)
    stage_seconds: dict[str, float] = field(default_factory=dict)


def prepare(result: DocumentResult, *, csv: bool = True, layout_json: str | None = None) -> Prepared:
    """``result`` as :class:`Prepared`; ``ValueError``/``TypeError`` if a row is unwritable."""
    if len(result.documents) != 1:
        raise ValueError(f"expected 1 documents row, got {len(result.documents)}")
    columns: dict[str, Columns] = {}
    for name in TABLES:
        rows = getattr(result, name)
        if rows:
            columns[name] = rows_to_columns(name, sort_rows(TABLES[name], rows), presorted=True)
    text = {name: format_lines(name, cols).encode("utf-8") for name, cols in columns.items()} if csv else {}
    return Prepared(result.document, columns, text, layout_json, dict(result.stage_seconds))
