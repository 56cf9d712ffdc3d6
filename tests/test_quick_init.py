"""``extract.quick_init``: the records it speeds up behave exactly as the dataclasses they are."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest
from jixiao.extract.cell_kinds import Token
from jixiao.extract.layout import Cell, Location, Paragraph, Row, Table
from jixiao.extract.quick_init import quick_init
from jixiao.extract.records import RawFundLine, RawText
from jixiao.normalize.records import AnomalyRow, FundRow, IndicatorRow, ValueRow

LOC = Location(page=2, line=8, line_end=9, col=4, box=(1.0, 2.0, 3.0, 4.0))
SAMPLES = [
    LOC,
    Location(table=1, row=2, col=3, part="项目表"),
    Cell("56.40", LOC, 2, col_span=3),
    Row((Cell("年度资金总额", LOC),), LOC, grid_after=1),
    Table((Row((), LOC),), LOC),
    Paragraph("项目支出绩效自评表", LOC, style="Heading 1"),
    Token("98.50%", LOC, 7),
    RawText("58.00", LOC),
    ValueRow("f1", "funds", "total", "executed_yuan", "57.13", "571300.00", "万元", "ok", ("x",), LOC),
]


@pytest.mark.parametrize("record", SAMPLES, ids=lambda r: type(r).__name__)
def test_fields_equality_pickling_and_frozen(record: object) -> None:
    cls = type(record)
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(record) if f.init}  # type: ignore[arg-type]
    again = cls(**values)
    assert again == record and hash(again) == hash(record) and repr(again) == repr(record)
    back = pickle.loads(pickle.dumps(record))
    assert back == record and repr(back) == repr(record)  # repr: a Location's box (not in ==) too
    assert dataclasses.replace(record) == record  # type: ignore[type-var]
    first = dataclasses.fields(record)[0].name  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, first, getattr(record, first))


@pytest.mark.parametrize(
    "cls",
    [
        Location,
        Cell,
        Row,
        Table,
        Paragraph,
        Token,
        RawText,
        RawFundLine,
        ValueRow,
        FundRow,
        IndicatorRow,
        AnomalyRow,
    ],
)
def test_signature_is_the_dataclass_one(cls: type) -> None:
    """The parameters, in order, with the fields' defaults (``init=False`` fields set, not asked)."""
    expected = [
        (f.name, inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default)
        for f in dataclasses.fields(cls)
        if f.init
    ]
    got = [(p.name, p.default) for p in inspect.signature(cls).parameters.values()]
    assert got == expected
    assert Table((), LOC).kind == "table" and Paragraph("x", LOC).kind == "paragraph"


def test_refuses_what_it_would_not_build() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Listed:
        items: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        x: int

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass(slots=True)
    class Mutable:
        x: int

    for cls in (Listed, Checked, Mutable):
        with pytest.raises(TypeError):
            quick_init(cls)
