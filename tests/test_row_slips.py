"""A money line's figure that slipped against its row (``normalize.unit_slips.row_slips``): a plain figure
near every other figure of its row is passed over without reading it in the other unit, since that
reading is exactly 10⁴ from its own and so near none of them. Both facts are checked here."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from jixiao.extract.layout import Location
from jixiao.extract.records import RawText
from jixiao.normalize.amounts import is_plain_figure
from jixiao.normalize.forms import _money
from jixiao.normalize.unit_slips import OTHER_UNIT, _near, reading

_PLAIN = st.from_regex(r"(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,2})?", fullmatch=True)
_FACTOR = {"元": Decimal(1), "万元": Decimal(10000)}


@given(_PLAIN, st.sampled_from(["元", "万元"]))
def test_a_plain_figure_read_in_the_other_unit_is_its_reading_times_ten_thousand(
    text: str, unit: str
) -> None:
    cell = _money("funds", "total", "executed", RawText(text, Location()), unit)
    assert is_plain_figure(text) and cell.value is not None
    other = OTHER_UNIT[unit]
    assert reading(cell, other) == cell.value * _FACTOR[other] / _FACTOR[unit]


@given(_PLAIN, _PLAIN, st.sampled_from([Decimal(10000), Decimal(1) / 10000]))
def test_a_figure_near_another_is_far_from_it_ten_thousand_times_over(a: str, b: str, scale: Decimal) -> None:
    own, other = Decimal(a), Decimal(b)
    if own and other and _near(own, other):
        assert not _near(own * scale, other)
