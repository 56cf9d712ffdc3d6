"""Rows packed in the worker (emit.packed) become exactly the Arrow data the Python columns give."""

from __future__ import annotations

import struct
from decimal import Decimal
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from jixiao.emit.packed import pack_column, pack_table
from jixiao.emit.parquet_out import ParquetAppender, columns_to_batch, packed_table_batch
from jixiao.emit.prepared import UNPACKED, pack_chunk, prepare
from jixiao.schemas import TABLES
from sample_paths import LUKOU_DOCX, LUKOU_TXT, SAMPLES

from jixiao.pipeline import process_bytes


@pytest.mark.parametrize(
    ("kind", "values", "packed_kind", "data", "offsets", "validity"),
    [
        ("string", ["ab", None, "", "绩效"], "utf8", "ab绩效".encode(), [0, 2, 2, 2, 8], b"\x0d"),
        ("string", ["x"], "utf8", b"x", [0, 1], None),
        ("int", [3, None, -1], "q", struct.pack("=3q", 3, 0, -1), None, b"\x05"),
        ("float", [0.5, 2.0], "d", struct.pack("=2d", 0.5, 2.0), None, None),
        # Arrow takes or refuses these itself, as it did before packing
        ("int", [1, True], "py", [1, True], None, None),
        ("float", [1.5, 2], "py", [1.5, 2], None, None),
        ("money", [Decimal("1.50"), None], "py", [Decimal("1.50"), None], None, None),
        ("bool", [True, None], "py", [True, None], None, None),
    ],
)
def test_pack_column_lays_values_out_as_arrow_does(
    kind: str, values: list, packed_kind: str, data: object, offsets: list[int] | None, validity: bytes | None
) -> None:
    packed = pack_column(kind, values)
    assert (packed.kind, packed.data, packed.validity) == (packed_kind, data, validity)
    if offsets is not None:
        assert list(struct.unpack(f"={len(offsets)}i", packed.offsets)) == offsets


def test_a_string_that_is_not_utf8_encodable_leaves_the_table_unpacked() -> None:
    cols = {c.name: ["x"] if c.type == "string" else [None] for c in TABLES["facts"].columns}
    cols[TABLES["facts"].columns[-1].name] = ["\udce9"]  # a lone surrogate: Arrow refuses it too
    assert pack_table("facts", [cols]) is None


def _prepared_samples() -> list:
    paths = [LUKOU_TXT, LUKOU_DOCX, *sorted((SAMPLES / "templates").glob("*.txt"))[:8]]
    return [prepare(process_bytes(p.read_bytes(), p.name)) for p in paths]


def test_packed_tables_equal_the_arrow_batches_of_the_python_columns() -> None:
    docs = _prepared_samples()
    packed = pack_chunk(docs)
    tables_seen = set()
    for table in TABLES:
        python = [d.columns[table] for d in docs if table in d.columns]
        if not python:
            continue
        merged = {name: [v for cols in python for v in cols[name]] for name in python[0]}
        expected = columns_to_batch(table, merged)
        if table in UNPACKED:
            assert all(table in d.columns and table not in d.packed for d in packed)
            continue
        shares = [d.packed[table] for d in packed if table in d.packed]
        assert all(table not in d.columns for d in packed)
        assert [s.start for s in shares] == [sum(s.rows for s in shares[:i]) for i in range(len(shares))]
        got = packed_table_batch(shares[0].pack)
        assert got.equals(expected), table
        tables_seen.add(table)
    assert {"forms", "funds", "indicators", "values", "report_sections"} <= tables_seen


def test_parquet_bytes_do_not_depend_on_packing(tmp_path: Path) -> None:
    """Python rows, packed ranges and both interleaved give the same file (row groups of 7 rows)."""
    docs = _prepared_samples()
    packed = pack_chunk(docs)

    def write(path: Path, how: str) -> bytes:
        out = ParquetAppender(path, "values", row_group_rows=7)
        for i, (plain, pk) in enumerate(zip(docs, packed, strict=True)):
            use_packed = how == "packed" or (how == "mixed" and i % 2 == 0)
            if "values" in pk.packed and use_packed:
                out.add_packed(pk.packed["values"])
            elif "values" in plain.columns:
                out.add(plain.columns["values"])
        out.close()
        return path.read_bytes()

    python = write(tmp_path / "python.parquet", "python")
    assert write(tmp_path / "packed.parquet", "packed") == python
    assert write(tmp_path / "mixed.parquet", "mixed") == python
    assert pq.read_metadata(tmp_path / "python.parquet").num_row_groups > 3
