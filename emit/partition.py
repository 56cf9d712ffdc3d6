"""Year-partitioned copies of large tables: ``parquet_by_year/NAME/year=YYYY/part-0.parquet``.

``NAME.parquet`` stays the one file the contract promises (incremental runs read it back); a table
with at least ``partition_rows`` rows *also* gets a hive-partitioned copy, so a reader can load one
year of a large archive (``pyarrow.dataset.dataset(path, partitioning=hive_partitioning())``).

The year of a row comes from its form (``forms.year`` by ``form_id``); tables without a required
``form_id`` (documents, report_sections, facts, residuals, anomalies) take their document's first
form's year (by ``doc_id``). Rows without a year go to ``year=__null__``. The partition column is
not stored in the files (it is in the path, as hive readers expect); every other column is, in the
order of ``NAME.parquet``.

The copy is written at close from the staged ``NAME.parquet``, one row group at a time, with rows
held per year until ``row_group_rows`` of them are pending: memory stays flat, and the row groups —
hence the bytes — depend only on the rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq
from jixiao.emit.parquet_out import COMPRESSION
from jixiao.emit.publish import fsync_path
from jixiao.schemas import TABLES

if TYPE_CHECKING:  # pyarrow.dataset takes ~0.1 s to import: only readers of the copy need it
    import pyarrow.dataset as ds

PARTITION_ROWS = 1_000_000  # a table with at least this many rows also gets a by-year copy
PARTITION_DIR = "parquet_by_year"
PARTITION_COLUMN = "year"
NULL_PARTITION = "__null__"  # hive folder name for rows without a year


def hive_partitioning() -> ds.Partitioning:
    """How to read ``parquet_by_year/NAME`` back with ``pyarrow.dataset`` (``year`` as int64)."""
    import pyarrow.dataset as ds

    schema = pa.schema([pa.field(PARTITION_COLUMN, pa.int64())])
    return ds.HivePartitioning(schema, null_fallback=NULL_PARTITION)


def year_key(table: str) -> str:
    """The column a table's rows take their year through: ``form_id`` or ``doc_id``.

    >>> year_key("values"), year_key("anomalies"), year_key("forms")
    ('form_id', 'doc_id', 'form_id')
    """
    spec = TABLES[table]
    if "form_id" in spec.names and not spec.column("form_id").nullable:
        return "form_id"
    return "doc_id"


class YearIndex:
    """form_id → year and doc_id → first form's year, as Arrow arrays (built at close, only for a
    partitioned run): lookups run in Arrow, so a run of 100,000 forms needs no Python dict of them."""

    def __init__(self, forms: pa.Table) -> None:
        # forms are sorted by (doc_id, form_id): a doc_id's first match is its first form
        forms = forms.combine_chunks()  # once: every row group's lookup uses them whole
        self.form_ids, self.doc_ids = forms.column("form_id").chunk(0), forms.column("doc_id").chunk(0)
        self.year = forms.column("year").chunk(0)

    @classmethod
    def from_parquet(cls, forms: Path) -> YearIndex:
        """From the staged ``forms.parquet``."""
        with pq.ParquetFile(forms) as pf:  # one thread: a thread pool's arenas would stay resident
            return cls(pf.read(columns=["form_id", "doc_id", "year"], use_threads=False))

    def years(self, table: str, keys: pa.Array | pa.ChunkedArray) -> pa.Array:
        """The year of each row whose key (form_id or doc_id, by table) is ``keys``; null if unknown."""
        import pyarrow.compute as pc  # local: only large runs partition (26 ms to import)

        known = self.form_ids if year_key(table) == "form_id" else self.doc_ids
        at = pc.index_in(keys, value_set=known)  # first match, null if none
        return pc.take(self.year, at)


def _folder(year: int | None) -> str:
    return f"{PARTITION_COLUMN}={NULL_PARTITION if year is None else year}"


def write_partitions(
    source: Path, table: str, dest: Path, index: YearIndex, row_group_rows: int
) -> dict[str, int]:
    """``source`` (a staged ``NAME.parquet``) → ``dest/year=…/part-0.parquet``; rows per folder."""
    key = year_key(table)
    schema = pq.read_schema(source)
    if PARTITION_COLUMN in schema.names:  # forms: the year lives in the path
        schema = schema.remove(schema.get_field_index(PARTITION_COLUMN))
    writers: dict[str, pq.ParquetWriter] = {}
    pending: dict[str, list[pa.Table]] = {}
    counts: dict[str, int] = {}

    def write(folder: str, final: bool) -> None:
        parts = pending.get(folder, [])
        held = sum(p.num_rows for p in parts)
        if not held or (held < row_group_rows and not final):
            return
        if folder not in writers:
            (dest / folder).mkdir(parents=True)
            writers[folder] = pq.ParquetWriter(
                dest / folder / "part-0.parquet", schema, compression=COMPRESSION, write_page_checksum=True
            )
        rows = pa.concat_tables(parts)
        start = 0
        while held - start >= row_group_rows or (final and start < held):
            n = min(row_group_rows, held - start)
            batch = rows.slice(start, n).combine_chunks().to_batches()[0]
            writers[folder].write_batch(batch, row_group_size=n)
            start += n
        pending[folder] = [rows.slice(start).combine_chunks()] if start < held else []

    import pyarrow.compute as pc  # local: only large runs partition (26 ms to import)

    with pq.ParquetFile(source) as pf:
        for i in range(pf.num_row_groups):
            group = pf.read_row_group(i, use_threads=False)
            years = index.years(table, group.column(key)).combine_chunks()
            if PARTITION_COLUMN in group.schema.names:
                group = group.drop_columns([PARTITION_COLUMN])
            for year in sorted(set(years.to_pylist()), key=lambda y: (y is None, y or 0)):
                mask = years.is_null() if year is None else pc.equal(years, year)
                rows = group.filter(pc.fill_null(mask, False))
                folder = _folder(year)
                pending.setdefault(folder, []).append(rows)
                counts[folder] = counts.get(folder, 0) + rows.num_rows
                write(folder, final=False)
    for folder in sorted(pending):
        write(folder, final=True)
    for folder, writer in sorted(writers.items()):
        writer.close()
        fsync_path(dest / folder / "part-0.parquet")
    return dict(sorted(counts.items()))
