"""Parquet output: the contract's Arrow schema, streaming row groups, verified atomic publish.

Types: string → ``string``, int → ``int64``, float → ``float64``, money → ``decimal128(18,2)``,
bool → ``bool``; required columns are non-nullable fields. No pandas metadata and no timestamps are
stored, and row groups are cut at fixed row counts, so equal rows give equal bytes. Every data page
carries a CRC32 checksum (``write_page_checksum``), which readers can verify with
``pq.ParquetFile(path, page_checksum_verification=True)``.

Memory: :class:`ParquetAppender` turns incoming rows into Arrow data every :data:`PIECE_ROWS` rows
(compact: a few hundred bytes a row instead of ~1 KB of Python objects) and writes a row group each
time ``row_group_rows`` rows or :data:`ROW_GROUP_BYTES` of them are pending, so a table never holds
more than one row group's worth, and a row group of long texts stays a few MB.
:func:`use_system_memory_pool` makes Arrow allocate with ``malloc``: its default (mimalloc) keeps the
pages it has freed, which in a long run showed as ~70 MB of resident memory that was never used again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from itertools import repeat
from operator import is_not
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from jixiao.emit.frames import Columns
from jixiao.emit.publish import fsync_path
from jixiao.schemas import TABLES

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
PIECE_ROWS = 2_000  # Python rows held per table before they become Arrow data
# a row group also ends once its rows hold this much Arrow data: tables of long texts (report
# sections, residuals) would otherwise hold ~20,000 of them, tens of MB, before writing any
ROW_GROUP_BYTES = 4 * 2**20


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
    arrays = [arrow_array(cols[f.name], f.type) for f in schema]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


_CENTS_MAX = 10**18  # decimal128(18, 2) holds 18 digits


def arrow_array(values: Sequence[Any], kind: pa.DataType) -> pa.Array:
    """Checked Python values (None for null) → an Arrow array of one of the contract's types.

    Not ``pa.array``: it imports pandas (~0.25 s) to ask whether a list is a pandas object, and a run
    that writes CSV or Parquet needs nothing else of pandas. The buffers are the ones Arrow's own
    conversion makes (validity bitmap; UTF-8 with int32 offsets; int64/float64; 128-bit cents).

    >>> from decimal import Decimal
    >>> arrow_array([Decimal("1.5"), None, Decimal("-0.01")], pa.decimal128(18, 2)).to_pylist()
    [Decimal('1.50'), None, Decimal('-0.01')]
    >>> arrow_array(["总额", None, ""], pa.string()).to_pylist()
    ['总额', None, '']
    """
    n = len(values)
    nulls = values.count(None)
    validity = None
    if nulls:
        present = np.fromiter(map(is_not, values, repeat(None)), dtype=bool, count=n)
        validity = pa.py_buffer(np.packbits(present, bitorder="little"))
    data: Any
    if pa.types.is_string(kind):
        return _string_array(values, n, validity, nulls)
    if pa.types.is_boolean(kind):
        data = np.packbits(np.array([v is True for v in values], dtype=bool), bitorder="little")
    elif pa.types.is_int64(kind):
        data = np.array([0 if v is None else v for v in values], dtype=np.int64)
    elif pa.types.is_float64(kind):
        data = np.array([0.0 if v is None else v for v in values], dtype=np.float64)
    elif pa.types.is_decimal(kind) and kind.scale == 2 and kind.precision == 18:
        cents = [0 if v is None else int(v.scaleb(2)) for v in values]
        for v, c in zip(values, cents, strict=True):
            if v is not None and (c != v.scaleb(2) or abs(c) >= _CENTS_MAX):
                raise ValueError(f"money value {v} does not fit {kind}")
        low = np.array(cents, dtype=np.int64)
        data = np.stack([low, low >> 63], axis=1)  # two's complement, little-endian: low word first
    else:
        raise TypeError(f"no Arrow conversion for {kind}")
    return pa.Array.from_buffers(kind, n, [validity, pa.py_buffer(data)], null_count=nulls)


_SEPARATOR = "\uffff"  # a noncharacter: between the texts of a column joined into one


def _string_array(values: Sequence[str | None], n: int, validity: pa.Buffer | None, nulls: int) -> pa.Array:
    # The texts joined, encoded and split again by Arrow: its offsets and data are the array's (all in
    # C, where encoding text by text costs ~3 times more). Text holding the separator is encoded alone.
    import pyarrow.compute as pc  # here: what reads Parquet back (the workbook's process) never needs it

    texts = ["" if v is None else v for v in values] if nulls else cast(Sequence[str], values)
    data = _SEPARATOR.join(texts).encode("utf-8")
    if len(data) >= 2**31:
        raise ValueError(f"{len(data)} bytes of text in one Arrow string array (at most 2 GiB)")
    whole = pa.Array.from_buffers(
        pa.string(), 1, [None, pa.py_buffer(np.array([0, len(data)], dtype=np.int32)), pa.py_buffer(data)]
    )
    parts = pc.split_pattern(whole, _SEPARATOR).values
    if len(parts) == n:
        offsets, data = parts.buffers()[1:]
        return pa.Array.from_buffers(pa.string(), n, [validity, offsets, data], nulls, parts.offset)
    encoded = [t.encode("utf-8") for t in texts]
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    buffers = [validity, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(b"".join(encoded))]
    return pa.Array.from_buffers(pa.string(), n, buffers, nulls)


def row_sizes(batch: pa.RecordBatch) -> np.ndarray:
    """Each row's bytes of Arrow data (text lengths plus fixed widths), for cutting row groups."""
    sizes = np.zeros(batch.num_rows, dtype=np.int64)
    for array in batch.columns:
        if pa.types.is_string(array.type):
            start = array.offset
            offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[start : start + len(array) + 1]
            sizes += np.diff(offsets) + 4
        else:
            sizes += max(1, array.type.bit_width // 8)
    return sizes


def batch_to_columns(batch: pa.RecordBatch | pa.Table) -> Columns:
    """Arrow data (e.g. read back from our own Parquet) → Python values per column."""
    return {name: batch.column(name).to_pylist() for name in batch.schema.names}


def use_system_memory_pool() -> None:
    """Arrow allocates with ``malloc`` from now on (see the module docstring), unless the user chose a
    pool with ``ARROW_DEFAULT_MEMORY_POOL``."""
    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        pa.set_memory_pool(pa.system_memory_pool())


class ParquetAppender:
    """``NAME.parquet`` written as row groups; :meth:`close` fsyncs and checks the row count.

    :meth:`add` collects rows and writes a row group of ``row_group_rows`` whenever that many are
    pending, or fewer once they hold ``row_group_bytes`` of data (the rest at :meth:`close`), so the row
    groups — hence the bytes — depend only on the rows, not on how they arrived.
    """

    def __init__(
        self, path: Path, table: str, row_group_rows: int = 20_000, row_group_bytes: int = ROW_GROUP_BYTES
    ) -> None:
        self.path, self.table, self.rows = path, table, 0
        self.row_group_rows = row_group_rows
        self.row_group_bytes = row_group_bytes
        self._sizes: list[np.ndarray] = []  # each pending row's Arrow bytes, per piece
        self.schema = arrow_schema(table)
        self._writer = pq.ParquetWriter(path, self.schema, compression=COMPRESSION, write_page_checksum=True)
        self._py: dict[str, list[Any]] = {name: [] for name in self.schema.names}
        self._py_rows = 0
        self._py_text = 0  # characters of text in _py
        self._text_columns = [f.name for f in self.schema if pa.types.is_string(f.type)]
        # pending rows, in order: record batches, then _py rows
        self._arrow: list[pa.RecordBatch] = []
        self._arrow_rows = 0  # in _arrow
        self._pieces: list[pa.RecordBatch] = []
        self._piece_rows = 0

    def _write(self, batch: pa.RecordBatch) -> None:
        if batch.num_rows:
            self._writer.write_batch(batch, row_group_size=batch.num_rows)  # one call = one row group
            self.rows += batch.num_rows

    def add(self, cols: Mapping[str, Sequence[Any]]) -> None:
        """Rows to be written in row groups of ``row_group_rows`` (in the order they are added)."""
        for name, values in self._py.items():
            values.extend(cols[name])
        self._py_rows += len(next(iter(cols.values()), []))
        self._py_text += sum(sum(map(len, filter(None, cols[name]))) for name in self._text_columns)
        # long texts become Arrow data (and meet the row-group byte bound) long before PIECE_ROWS rows:
        # a character is 1-4 bytes of UTF-8 in Arrow; a quarter of the bound keeps any text under it
        if self._py_rows + self._arrow_rows >= PIECE_ROWS or self._py_text >= self.row_group_bytes // 4:
            self._to_arrow()

    def _py_to_batches(self) -> None:
        self._arrow.append(columns_to_batch(self.table, self._py))
        self._arrow_rows += self._py_rows
        self._py = {name: [] for name in self.schema.names}
        self._py_rows = self._py_text = 0

    def _to_arrow(self) -> None:
        if self._py_rows:
            self._py_to_batches()
        if self._arrow_rows:
            merged = pa.Table.from_batches(self._arrow, schema=self.schema).combine_chunks()
            batch = merged.to_batches()[0]
            self._pieces.append(batch)
            self._sizes.append(row_sizes(batch))
            self._piece_rows += self._arrow_rows
        self._arrow, self._arrow_rows = [], 0
        while (n := self._cut()) is not None:
            self._write_pending(n)

    def _cut(self) -> int | None:
        """Rows of the next full row group: ``row_group_rows``, or fewer once they reach
        ``row_group_bytes`` (long texts); None while neither is pending. A function of the rows
        alone, however they were pieced together, so equal rows give equal row groups."""
        by_bytes = None
        if self._sizes:
            total = np.cumsum(np.concatenate(self._sizes))
            over = int(np.searchsorted(total, self.row_group_bytes))  # first row reaching the bound
            by_bytes = over + 1 if over < len(total) else None
        by_rows = self.row_group_rows if self._piece_rows >= self.row_group_rows else None
        cuts = [c for c in (by_rows, by_bytes) if c is not None]
        return min(cuts) if cuts else None

    def _write_pending(self, n: int) -> None:
        # one contiguous batch, as if built from one list: page cuts (hence bytes) do not depend on
        # how the rows were pieced together
        pending = pa.Table.from_batches(self._pieces, schema=self.schema)
        self._write(pending.slice(0, n).combine_chunks().to_batches()[0])
        rest = pending.slice(n)
        self._pieces = rest.combine_chunks().to_batches() if rest.num_rows else []
        sizes = np.concatenate(self._sizes)[n:]
        self._sizes = [sizes] if len(sizes) else []
        self._piece_rows -= n

    def flush(self) -> None:
        """Write every pending row (the last, short row group)."""
        self._to_arrow()
        if self._piece_rows:
            self._write_pending(self._piece_rows)

    def close(self) -> None:
        self.flush()
        self._writer.close()
        fsync_path(self.path)
        found = pq.read_metadata(self.path).num_rows
        if found != self.rows:
            raise OSError(f"{self.path}: wrote {self.rows} rows but the file holds {found}")


def iter_parquet_columns(path: Path, batch_rows: int = 20_000) -> Iterator[Columns]:
    """Our own ``NAME.parquet`` read back in pieces of Python values, in file order (for merging)."""
    with pq.ParquetFile(path) as pf:
        for batch in pf.iter_batches(batch_size=batch_rows):
            yield batch_to_columns(batch)


def read_parquet_frame(path: Path, table: str) -> pd.DataFrame:
    """Our own ``NAME.parquet`` → a DataFrame with the contract dtypes (as :func:`rows_to_frame`)."""
    from jixiao.emit.frames import columns_to_frame  # local: frames imports nothing from here

    return columns_to_frame(table, batch_to_columns(pq.read_table(path)))
