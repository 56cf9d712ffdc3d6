"""Several documents' rows of one table, packed in the worker for a cheap trip to the parent.

A worker sends each chunk of documents in one message. Left as Python lists, every value is a
Python object the parent must unpickle and then hand to Arrow one by one — the parent's largest
per-document cost, and the parent is the one process that does not run in parallel. Packed, a
string column is one UTF-8 buffer with Arrow's int32 offsets and validity bitmap, an int or float
column one array of machine numbers: the parent unpickles a few byte strings and wraps them as
Arrow arrays without touching the values (:func:`emit.parquet_out.packed_batch`).
Money (Decimal) and bool columns stay Python lists, converted by Arrow as before.

The layout is Arrow's columnar format (in the machine's byte order, as Arrow holds it in memory: the
parent runs on the same machine; validity bit *i* of byte *i*//8 set for a present value), built
here without importing pyarrow so workers stay small. A table whose values
do not pack (a str that is not UTF-8-encodable, an int past 64 bits) is simply not packed: it goes
as Python lists and fails, if it must, exactly where it failed before.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from jixiao.emit.frames import Columns
from jixiao.schemas import TABLES

_MACHINE = {"int": "q", "float": "d"}  # contract type -> array typecode (int64, float64)


@dataclass(frozen=True, slots=True)
class Packed:
    """One column: ``kind`` "utf8" (data, offsets, validity), "q"/"d" (data, validity) or "py" (values)."""

    kind: str
    data: Any  # bytes, or the Python values for "py"
    offsets: bytes = b""
    validity: bytes | None = None  # None: no value missing


@dataclass(slots=True)
class PackedTable:
    """Rows of one table from consecutive documents, column by column in schema order."""

    table: str
    rows: int
    columns: dict[str, Packed]
    arrow: Any = field(default=None, compare=False)  # the parent's Arrow batch, built once

    def __reduce__(self) -> tuple[type[PackedTable], tuple[object, ...]]:
        return (PackedTable, (self.table, self.rows, self.columns))  # the cache stays home


@dataclass(frozen=True, slots=True)
class PackedRows:
    """One document's rows of a table: ``rows`` rows from ``start`` in ``pack`` (shared by the chunk)."""

    pack: PackedTable
    start: int
    rows: int


def _validity(values: Sequence[Any]) -> bytes | None:
    if None not in values:
        return None
    bits = bytearray((len(values) + 7) // 8)
    for i, v in enumerate(values):
        if v is not None:
            bits[i >> 3] |= 1 << (i & 7)
    return bytes(bits)


def pack_column(kind: str, values: Sequence[Any]) -> Packed:
    """``values`` of contract type ``kind`` in Arrow's layout (money, bool: as Python values); raises
    on a string that is not UTF-8-encodable or an int past 64 bits."""
    if kind == "string":
        encoded = [b"" if v is None else v.encode("utf-8") for v in values]
        ends = array("i", accumulate(map(len, encoded), initial=0))  # OverflowError past 2 GiB
        return Packed("utf8", b"".join(encoded), ends.tobytes(), _validity(values))
    code = _MACHINE.get(kind)
    exact = int if code == "q" else float
    # anything else (a bool in an int column, an int in a float one) goes as it is, for Arrow to
    # take or refuse as it always did: array() would convert it silently
    if code is None or any(type(v) is not exact for v in values if v is not None):
        return Packed("py", list(values))
    numbers = array(code, [0 if v is None else v for v in values])
    return Packed(code, numbers.tobytes(), b"", _validity(values))


def pack_table(table: str, parts: Sequence[Columns]) -> PackedTable | None:
    """The rows of ``parts`` (each a document's columns, in order) as one packed table; None when
    some value does not pack (the caller then sends the Python columns)."""
    spec = TABLES[table]
    rows = sum(len(next(iter(p.values()), [])) for p in parts)
    columns: dict[str, Packed] = {}
    try:
        for col in spec.columns:
            values = [v for p in parts for v in p[col.name]] if len(parts) > 1 else parts[0][col.name]
            columns[col.name] = pack_column(col.type, values)
    except (AttributeError, TypeError, ValueError, OverflowError, UnicodeError):
        return None
    return PackedTable(table, rows, columns)
