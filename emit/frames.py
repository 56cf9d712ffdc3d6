"""Typed rows → columns of plain Python values → pandas DataFrames with the contract's dtypes.

Every writer (CSV, Parquet, workbooks) starts from the same *columns*: one list of Python values per
schema column (``str``/``int``/``float``/``Decimal``/``bool`` or ``None``), so all formats agree.
This is the one place typed row values become the tables' text: a ``Location`` is written as
``str(location)`` ("line 23", "table 2 row 3 col 4"), a tuple of repair slugs ``;``-joined.

DataFrame dtypes: string → ``string`` (nulls ``pd.NA``), int → ``Int64``, float → ``Float64``,
money → ``object`` column of exact ``decimal.Decimal`` (nulls ``None``), bool → ``boolean``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from jixiao.extract.layout import Location
from jixiao.normalize.records import DocumentResult
from jixiao.schemas import TABLES, TableSpec

if TYPE_CHECKING:  # pandas is imported where frames are built, so that worker processes stay lean
    import pandas as pd

Columns = dict[str, list[Any]]

_PANDAS_DTYPE = {"string": "string", "int": "Int64", "float": "Float64", "bool": "boolean"}
_MONEY_MAX = Decimal(10) ** 16  # decimal128(18,2): 16 digits before the point


def _sort_part(value: Any) -> tuple[int, Any]:
    # None sorts first, everywhere (Python and our writers agree; pandas' default would put NA last)
    if value is None:
        return (0, "")
    return (1, str(value) if isinstance(value, Location) else value)  # as written: by its text


def sort_rows(spec: TableSpec, rows: Iterable[Any]) -> list[Any]:
    """Rows in the table's ``sort_key`` order (nulls first), the order every writer uses."""
    rows = list(rows)
    if len(rows) < 2:
        return rows
    columns = [list(map(attrgetter(k), rows)) for k in spec.sort_key]
    for i, values in enumerate(columns):
        # a column without nulls or locations compares as its values do (every part would be (1, v))
        if any(v is None or isinstance(v, Location) for v in values):
            columns[i] = [_sort_part(v) for v in values]
    keys = list(zip(*columns, strict=True))
    return [rows[i] for i in sorted(range(len(rows)), key=keys.__getitem__)]  # stable, as sorted(rows) is


def _coerce(kind: str, value: Any) -> Any:
    """One value checked against its column type; a wrong type is a caller bug (``TypeError``)."""
    if value is None:
        return None
    if kind == "string":
        if isinstance(value, str):
            return value
        if isinstance(value, Location):
            return str(value)
        if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            return ";".join(value) or None  # repair slugs; no repair is null, not ""
    elif kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
    elif kind == "float":
        if isinstance(value, float | int) and not isinstance(value, bool):
            return None if value != value else float(value)  # NaN is "no value", as in Float64
        if isinstance(value, Decimal):
            return float(value)
    elif kind == "money":
        if isinstance(value, Decimal):
            if value.is_finite() and value == value.quantize(Decimal("0.01")) and abs(value) < _MONEY_MAX:
                return value
            raise ValueError(f"money value {value} is not an exact amount with at most 2 decimal places")
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
    elif kind == "bool" and isinstance(value, bool):
        return value
    raise TypeError(f"{type(value).__name__} {value!r} in a {kind} column")


def rows_to_columns(table: str, rows: Iterable[Any], *, presorted: bool = False) -> Columns:
    """Rows (dataclasses of ``normalize.records``) → one list of checked values per schema column."""
    spec = TABLES[table]
    ordered = list(rows) if presorted else sort_rows(spec, rows)
    cols: Columns = {}
    for col in spec.columns:
        name, kind = col.name, col.type
        values = list(map(attrgetter(name), ordered))
        as_is = set(map(type, values)) <= _AS_IS[kind]  # every value already what _coerce gives
        if not as_is or (kind == "float" and any(v != v for v in values)):  # NaN: None
            values = [_coerce(kind, v) for v in values]
        if not col.nullable and any(v is None for v in values):
            raise ValueError(f"{table}.{name} is required but a row has no value")
        cols[name] = values
    return cols


# the value types _coerce returns unchanged, by column type (but a NaN float; money it always checks)
_AS_IS: dict[str, set[type]] = {
    "string": {str, type(None)},
    "int": {int, type(None)},
    "float": {float, type(None)},
    "money": {type(None)},
    "bool": {bool, type(None)},
}


def columns_to_frame(table: str, cols: Mapping[str, Sequence[Any]]) -> pd.DataFrame:
    """Columns of Python values → a DataFrame with exactly the schema's columns, order and dtypes."""
    import pandas as pd

    spec = TABLES[table]
    data: dict[str, Any] = {}
    for col in spec.columns:
        values = list(cols[col.name])
        if col.type == "money":
            data[col.name] = pd.Series(values, dtype=object)
        else:
            data[col.name] = pd.array(values, dtype=_PANDAS_DTYPE[col.type])  # type: ignore[call-overload]
    return pd.DataFrame(data, columns=spec.names)


def frame_to_columns(table: str, frame: pd.DataFrame) -> Columns:
    """A DataFrame (e.g. from :func:`rows_to_frame`) → checked Python values per schema column."""
    spec = TABLES[table]
    cols: Columns = {}
    for col in spec.columns:
        cols[col.name] = [_coerce(col.type, None if _is_missing(v) else v) for v in frame[col.name].tolist()]
    return cols


def _is_missing(value: Any) -> bool:
    return value is None or type(value).__name__ == "NAType" or (isinstance(value, float) and value != value)


def rows_to_frame(table: str, rows: Iterable[Any]) -> pd.DataFrame:
    """Rows of one table → its DataFrame, sorted by the table's ``sort_key``.

    >>> from jixiao.normalize.records import FundRow
    >>> df = rows_to_frame("funds", [FundRow("f-1", "total", "年度资金总额", Decimal("3206715.91"),
    ...                                      None, None, 10, 99.99, None)])
    >>> df.loc[0, "budget_initial_yuan"], str(df["weight"].dtype), df.loc[0, "executed_yuan"]
    (Decimal('3206715.91'), 'Float64', None)
    """
    return columns_to_frame(table, rows_to_columns(table, rows))


def result_frames(results: Iterable[DocumentResult]) -> dict[str, pd.DataFrame]:
    """Every contract table (empty ones too) from a set of document results, each sorted by ``sort_key``."""
    rows: dict[str, list[Any]] = {name: [] for name in TABLES}
    for result in results:
        for name in TABLES:
            rows[name].extend(getattr(result, name))
    return {name: rows_to_frame(name, rows[name]) for name in TABLES}
