"""parse_number: scores, weights, counts with a unit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jixiao.normalize.numbers import Number, parse_number

D = Decimal

CASES = [
    pytest.param("10分", D("10"), "分", "ok", id="sample-weight"),
    pytest.param("9.99", D("9.99"), None, "ok", id="sample-score"),
    pytest.param("\u300098.99", D("98.99"), None, "ok", id="leading-ideographic-space"),
    pytest.param("8\u3000", D("8"), None, "ok", id="trailing-ideographic-space"),
    pytest.param("\u30001", D("1"), None, "ok", id="ideographic-space-one"),
    pytest.param("100分", D("100"), "分", "ok", id="hundred-points"),
    pytest.param("\n10\n分\n", D("10"), "分", "ok", id="line-breaks-around-and-before-unit"),
    pytest.param("１０分", D("10"), "分", "repaired", id="fullwidth"),
    pytest.param("十分", D("10"), "分", "ok", id="chinese-ten-points"),
    pytest.param("两次", D("2"), "次", "ok", id="chinese-liang"),
    pytest.param("1,000人", D("1000"), "人", "ok", id="grouped-count"),
    pytest.param("2023年度", D("2023"), "年度", "ok", id="year"),
    pytest.param("-1.5", D("-1.5"), None, "ok", id="negative"),
    pytest.param("9。5", D("9.5"), None, "repaired", id="ideographic-point"),
    pytest.param("-", None, None, "empty", id="dash"),
    pytest.param("—", None, None, "empty", id="em-dash"),
    pytest.param("", None, None, "empty", id="blank"),
    # A lone comma in a score slot is a blank (money reads it as no figure: test_amounts' comma-alone).
    pytest.param(",", None, None, "empty", id="comma-alone"),
    pytest.param("详见附表", None, None, "invalid", id="see-attachment"),
    pytest.param("万无一失", None, None, "invalid", id="idiom-starting-with-a-numeral"),
    pytest.param("三公经费", None, None, "invalid", id="word-starting-with-a-numeral"),
    pytest.param("9.9.9", None, None, "ambiguous", id="two-points"),
]


@pytest.mark.parametrize(("raw", "value", "unit", "status"), CASES)
def test_parse_number(raw: str, value: Decimal | None, unit: str | None, status: str) -> None:
    got = parse_number(raw)
    assert (got.value, got.unit, got.status) == (value, unit, status)


@settings(max_examples=200)
@given(st.text(max_size=20))
def test_never_raises(text: str) -> None:
    got = parse_number(text)
    assert isinstance(got, Number)
    assert (got.value is None) == (got.status in {"ambiguous", "invalid", "empty"})


@settings(max_examples=200)
@given(st.decimals(min_value=D("-1000000"), max_value=D("1000000"), places=3))
def test_format_then_parse_is_exact(value: Decimal) -> None:
    assert parse_number(f"{value}分").value == value
