"""CSV output: the exact bytes of every ``NAME.csv``.

Dialect (``schemas.datapackage.CSV_DIALECT``, which datapackage.json states):

- UTF-8 **with BOM** (Excel/WPS then read Chinese correctly), CRLF line ends, a header of column names.
- Every non-null field is quoted (``"`` doubled inside); a bare ``\\r`` or ``\\n`` inside text is kept.
- **Null is an empty unquoted field; an empty string is ``""``** — they stay distinct in the bytes
  (``pd.read_csv(keep_default_na=False)`` reads both as ``''``; the Parquet files keep the difference).
- Money: plain ``3206715.91`` — always 2 places, never scientific notation.
- Float: the shortest text that reads back as the same float (``98.99``), never scientific notation;
  an integral float is written without a point (``100``, not ``100.0``).
- Int: decimal digits. Bool: ``true`` / ``false``.
- Text that a spreadsheet would run as a formula (starts with ``= + - @`` TAB or CR) gets a leading
  ``'`` (see :mod:`emit.safety`); Parquet keeps the exact text.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from jixiao.emit.safety import FORMULA_FIRST, neutralise_formula
from jixiao.schemas import TABLES
from jixiao.schemas.datapackage import CSV_EOL

BOM = "\ufeff"
EOL = CSV_EOL
_CENT = Decimal("0.01")


def format_money(value: Decimal) -> str:
    """Exactly 2 places, plain digits.

    >>> format_money(Decimal("3206715.91")), format_money(Decimal("3E+6")), format_money(Decimal("-0"))
    ('3206715.91', '3000000.00', '0.00')
    """
    q = value.quantize(_CENT)
    if q != value:
        raise ValueError(f"money value {value} has more than 2 decimal places")
    return f"{q + 0:f}"  # + 0 turns -0.00 into 0.00


def format_float(value: float) -> str:
    """Shortest round-tripping text, never scientific; integral floats without a point.

    >>> [format_float(x) for x in (98.99, 100.0, -0.0, 1e16, 1.5e-7, 0.1 + 0.2)]
    ['98.99', '100', '0', '10000000000000000', '0.00000015', '0.30000000000000004']
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _formatter(kind: str) -> Callable[[Any], str]:
    if kind == "string":
        return lambda v: _quote(neutralise_formula(v))
    if kind == "money":
        return lambda v: _quote(format_money(v))
    if kind == "float":
        return lambda v: _quote(format_float(v))
    if kind == "int":
        return lambda v: _quote(str(v))
    if kind == "bool":
        return lambda v: '"true"' if v else '"false"'
    raise ValueError(f"unknown column type {kind!r}")


def header_text(table: str) -> str:
    """The header line (with BOM), as the first bytes of ``NAME.csv``."""
    return BOM + ",".join(_quote(n) for n in TABLES[table].names) + EOL


def format_lines(table: str, cols: Mapping[str, Sequence[Any]]) -> str:
    """Columns of checked Python values (see :mod:`emit.frames`) → CSV text, one CRLF line per row."""
    spec = TABLES[table]
    formatted: list[list[str]] = []
    for col in spec.columns:
        name = col.name
        if col.type == "string":  # most fields: the formatter's steps inline, each only when needed
            first, guard = FORMULA_FIRST, neutralise_formula
            formatted.append(
                [
                    "" if v is None else '"' + (guard(v) if v[:1] in first else v).replace('"', '""') + '"'
                    for v in cols[name]
                ]
            )
            continue
        fmt = _formatter(col.type)
        formatted.append(["" if v is None else fmt(v) for v in cols[name]])
    return "".join([",".join(cells) + EOL for cells in zip(*formatted, strict=True)])


class CsvAppender:
    """``NAME.csv`` written in pieces: header on open, lines appended, fsynced on close."""

    def __init__(self, path: Path, table: str) -> None:
        self.path, self.table, self.rows = path, table, 0
        # binary: workers send their lines already encoded, so this process neither decodes nor encodes
        self._fh: IO[bytes] = open(path, "wb")  # noqa: SIM115 (closed in close)
        self._fh.write(header_text(table).encode("utf-8"))

    def append(self, cols: Mapping[str, Sequence[Any]]) -> None:
        self._fh.write(format_lines(self.table, cols).encode("utf-8"))
        self.rows += len(next(iter(cols.values()), []))

    def append_text(self, lines: bytes, rows: int) -> None:
        """Lines formatted by :func:`format_lines` and encoded as UTF-8 (e.g. in a worker)."""
        self._fh.write(lines)
        self.rows += rows

    def close(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
