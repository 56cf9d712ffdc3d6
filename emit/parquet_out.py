"""Parquet output: the contract's Arrow schema, streaming row groups, verified atomic publish.

Types: string → ``string``, int → ``int64``, float → ``float64``, money → ``decimal128(18,2)``,
bool → ``bool``; required columns are non-nullable fields. No pandas metadata and no timestamps are
stored, and row groups are cut at fixed row counts by the caller, so equal rows give equal bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from emit.frames import Columns, frame_to_columns
from schemas import TABLES

if TYPE_CHECKING:  # pandas only where frames are built: the batch parent stays smaller
    import pandas as pd

_ARROW_TYPE = {
    "string": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "money": pa.decimal128(18, 2),
    "bool": pa.bool_(),
}
COMPRESSION = "zstd"


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of one contract table.

    >>> str(arrow_schema("funds").field("executed_yuan").type)
    'decimal128(18, 2)'
    """
    return pa.schema(
        [pa.field(c.name, _ARROW_TYPE[c.type], nullable=c.nullable) for c in TABLES[table].columns]
    )


def columns_to_batch(table: str, cols: Mapping[str, Sequence[Any]]) -> pa.RecordBatch:
    """Columns of checked Python values → one record batch of the table's schema."""
    schema = arrow_schema(table)
    arrays = [pa.array(list(cols[f.name]), type=f.type) for f in schema]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def batch_to_columns(batch: pa.RecordBatch | pa.Table) -> Columns:
    """Arrow data (e.g. read back from our own Parquet) → Python values per column."""
    return {name: batch.column(name).to_pylist() for name in batch.schema.names}


def fsync_path(path: Path) -> None:
    """Flush a file's (or a folder's) bytes to disk, so a rename after it publishes complete data."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ParquetAppender:
    """``NAME.parquet`` written as row groups; :meth:`close` fsyncs and checks the row count."""

    def __init__(self, path: Path, table: str) -> None:
        self.path, self.table, self.rows = path, table, 0
        self._writer = pq.ParquetWriter(path, arrow_schema(table), compression=COMPRESSION)

    def append(self, cols: Mapping[str, Sequence[Any]]) -> None:
        batch = columns_to_batch(self.table, cols)
        if batch.num_rows:
            self._writer.write_batch(batch, row_group_size=batch.num_rows)  # one call = one row group
            self.rows += batch.num_rows

    def close(self) -> None:
        self._writer.close()
        fsync_path(self.path)
        found = pq.read_metadata(self.path).num_rows
        if found != self.rows:
            raise OSError(f"{self.path}: wrote {self.rows} rows but the file holds {found}")


def write_parquet(path: str | os.PathLike[str], table: str, frame: pd.DataFrame) -> None:
    """One table's DataFrame → ``NAME.parquet``: temp file, fsync, row count verified, then rename."""
    final = Path(path)
    tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}")
    out = ParquetAppender(tmp, table)
    try:
        out.append(frame_to_columns(table, frame))
        out.close()
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)


def iter_parquet_columns(path: Path, batch_rows: int = 20_000) -> Iterator[Columns]:
    """Our own ``NAME.parquet`` read back in pieces of Python values, in file order (for merging)."""
    with pq.ParquetFile(path) as pf:
        for batch in pf.iter_batches(batch_size=batch_rows):
            yield batch_to_columns(batch)


def read_parquet_frame(path: Path, table: str) -> pd.DataFrame:
    """Our own ``NAME.parquet`` → a DataFrame with the contract dtypes (as :func:`rows_to_frame`)."""
    from emit.frames import columns_to_frame  # local: frames imports nothing from here

    return columns_to_frame(table, batch_to_columns(pq.read_table(path)))
