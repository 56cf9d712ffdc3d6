"""The contract is defined once: every row type of ``normalize.records`` matches its ``schemas`` table.

Names and order of the fields are the table's columns; each field's type is one the column's type
accepts; a nullable column is an optional field (and a required one is not). Rows survive pickling
(the trip from a worker process) with every field, and their text form is written in one place.
"""

from __future__ import annotations

import dataclasses
import pickle
import types
import typing
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jixiao.emit.frames import rows_to_columns
from jixiao.extract.layout import Location
from jixiao.normalize.entities import ProjectRow, UnitRow
from jixiao.normalize.link_clusters import LinkRow
from jixiao.normalize.records import TABLE_ROWS, DocumentResult, ValueRow
from jixiao.schemas import TABLES

# every table's row type: a document's tables, then the panel's (filled at close over all documents)
ROW_TYPES: dict[str, type] = {**TABLE_ROWS, "units": UnitRow, "projects": ProjectRow, "links": LinkRow}
# what a field of each column type may hold (besides None)
_ACCEPTS: dict[str, tuple[object, ...]] = {
    "string": (str, Location, tuple[str, ...]),
    "int": (int,),
    "float": (float,),
    "money": (Decimal,),
    "bool": (bool,),
}


def _split(hint: object) -> tuple[object, bool]:
    """``X | None`` → (X, True); ``X`` → (X, False)."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        assert len(args) == 1, hint
        return args[0], True
    return hint, False


def test_every_table_has_one_row_type() -> None:
    assert list(ROW_TYPES) == list(TABLES)
    result_tables = [f.name for f in dataclasses.fields(DocumentResult) if f.name in TABLES]
    assert result_tables == list(TABLES)  # the panel's stay empty per document


@pytest.mark.parametrize("table", list(TABLES))
def test_row_fields_are_the_table_columns(table: str) -> None:
    row_type = ROW_TYPES[table]
    assert [f.name for f in dataclasses.fields(row_type)] == TABLES[table].names


@pytest.mark.parametrize("table", list(TABLES))
def test_row_field_types_match_column_types(table: str) -> None:
    hints = typing.get_type_hints(ROW_TYPES[table])
    for col in TABLES[table].columns:
        inner, optional = _split(hints[col.name])
        assert inner in _ACCEPTS[col.type], f"{table}.{col.name}: {inner} in a {col.type} column"
        if inner == tuple[str, ...]:
            assert col.nullable, f"{table}.{col.name}: an empty tuple is written as null"
        else:
            assert optional == col.nullable, (
                f"{table}.{col.name}: nullable={col.nullable}, hint {hints[col.name]}"
            )


def _sample(hint: object, n: int) -> object:
    inner, _ = _split(hint)
    samples: dict[object, object] = {
        str: f"s{n}",
        int: n,
        float: n + 0.5,
        Decimal: Decimal(n) / 100,
        bool: True,
        Location: Location(line=n),
        tuple[str, ...]: (f"slug{n}", "other"),
    }
    return samples[inner]


@pytest.mark.parametrize("table", list(TABLES))
def test_rows_keep_every_field_through_pickling(table: str) -> None:
    row_type = ROW_TYPES[table]
    hints = typing.get_type_hints(row_type)
    row = row_type(*(_sample(hints[f.name], i) for i, f in enumerate(dataclasses.fields(row_type), 1)))
    back = pickle.loads(pickle.dumps(row, protocol=5))
    assert back == row and type(back) is row_type


def test_typed_values_are_written_as_text_once() -> None:
    row = ValueRow(
        "f-1",
        "funds",
        "total",
        "executed_yuan",
        "1,0",
        "10",
        "元",
        "repaired",
        ("stray_separators", "x"),
        None,
    )
    loc = Location(table=2, row=3, col=4)
    cols = rows_to_columns("values", [row, dataclasses.replace(row, row_key="z", repairs=(), location=loc)])
    assert cols["repairs"] == ["stray_separators;x", None]
    assert cols["location"] == [None, "table 2 row 3 col 4"]


_N = st.integers(min_value=1, max_value=10_000)
_PART = st.text(alphabet="项目表说明 Sheet1./!_", min_size=1, max_size=12).filter(
    lambda p: p == p.strip() and "  " not in p and Location.from_text(p) == Location(part=p)
)


@st.composite
def _locations(draw: st.DrawFn) -> Location:
    line = draw(st.none() | _N)
    line_end = draw(st.none() | st.integers(min_value=line + 1, max_value=20_000)) if line else None
    return Location(
        line=line,
        line_end=line_end,
        table=draw(st.none() | _N),
        row=draw(st.none() | _N),
        col=draw(st.none() | _N),
        para=draw(st.none() | _N),
        part=draw(st.none() | _PART),
    )


@given(_locations())
def test_location_text_reads_back_to_the_same_location(loc: Location) -> None:
    assert Location.from_text(str(loc)) == loc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("line 23", Location(line=23), id="line"),
        pytest.param("lines 7-9", Location(line=7, line_end=9), id="lines"),
        pytest.param("table 1 row 2 col 1 para 2", Location(table=1, row=2, col=1, para=2), id="word-para"),
        pytest.param(
            "项目表 table 1 row 4 col 3", Location(part="项目表", table=1, row=4, col=3), id="sheet"
        ),
        pytest.param(
            "a.zip!/x y.docx para 3", Location(part="a.zip!/x y.docx", para=3), id="part-with-space"
        ),
        pytest.param("line ٣", Location(part="line ٣"), id="arabic-digit-is-not-a-number"),
        pytest.param("", Location(), id="empty"),
    ],
)
def test_location_from_text(text: str, expected: Location) -> None:
    assert Location.from_text(text) == expected
