"""A finished output folder's tables read back (Parquet when present, else our own CSV) for rebuilding.

CSV is read by its contract dialect (see :mod:`emit.csv_out`): the ``'`` added against formulas is
taken off again (:func:`emit.safety.restore_formula`), money becomes ``Decimal``. Python's ``csv``
cannot tell an empty unquoted field (null) from ``""``; for the review pages both are blank, so an
empty field is read as null in nullable columns.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd
from jixiao.emit.frames import Columns, columns_to_frame
from jixiao.emit.safety import restore_formula
from jixiao.extract.errors import JixiaoError
from jixiao.schemas import TABLES, Column


class OutputFolderError(JixiaoError, FileNotFoundError):
    """The folder holds no jixiao tables; run ``jixiao extract … -o OUT`` first."""


def _cell(col: Column, text: str) -> Any:
    if text == "" and col.nullable:
        return None
    if col.type == "string":
        return restore_formula(text)
    try:
        if col.type == "money":
            return Decimal(text)
        if col.type == "int":
            return int(text)
        if col.type == "float":
            return float(text)
        if col.type == "bool":
            return text == "true"
    except (ValueError, InvalidOperation) as exc:
        raise OutputFolderError(f"{col.name}: {text!r} is not a {col.type}; rerun jixiao extract") from exc
    raise OutputFolderError(f"unknown column type {col.type!r}")


def read_csv_frame(path: Path, table: str) -> pd.DataFrame:
    """Our own ``NAME.csv`` → a DataFrame with the contract dtypes."""
    spec = TABLES[table]
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header != spec.names:
            raise OutputFolderError(
                f"{path} has columns {header}, expected {spec.names}; rerun jixiao extract"
            )
        cols: Columns = {name: [] for name in spec.names}
        for row in reader:
            for col, text in zip(spec.columns, row, strict=True):
                cols[col.name].append(_cell(col, text))
    return columns_to_frame(table, cols)


def table_pieces(out_dir: Path) -> Callable[[str], Iterator[Columns]]:
    """``table → its rows in pieces`` for an output folder, read lazily (Parquet one batch at a time;
    a CSV-only folder is read one table at a time); ``OutputFolderError`` if there is no documents table.
    """
    from jixiao.emit.frames import frame_to_columns
    from jixiao.emit.parquet_out import iter_parquet_columns

    if not ((out_dir / "documents.parquet").exists() or (out_dir / "documents.csv").exists()):
        raise OutputFolderError(
            f"{out_dir} holds no documents table; run `jixiao extract … -o {out_dir}` first"
        )

    def pieces(table: str) -> Iterator[Columns]:
        parquet, csv_path = out_dir / f"{table}.parquet", out_dir / f"{table}.csv"
        if parquet.exists():
            yield from iter_parquet_columns(parquet, 2_000)  # as dicts, a row is ~1 KB
        elif csv_path.exists():
            yield frame_to_columns(table, read_csv_frame(csv_path, table))

    return pieces
