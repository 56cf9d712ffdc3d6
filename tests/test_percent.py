"""parse_percent: percent points, width, blanks, the bare-fraction ambiguity."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jixiao.normalize.percent import Percent, parse_percent

D = Decimal

CASES = [
    pytest.param("99.99%", D("99.99"), "ok", id="sample-execution-rate"),
    pytest.param("１００％", D("100"), "repaired", id="fullwidth-digits-and-sign"),
    pytest.param("100％", D("100"), "ok", id="fullwidth-sign-only-is-no-repair"),
    pytest.param("\u3000100%", D("100"), "ok", id="leading-ideographic-space"),
    pytest.param("\u3000\n\u3000100%", D("100"), "ok", id="whitespace-and-line-break"),
    pytest.param("100%\n\u3000", D("100"), "ok", id="trailing-whitespace"),
    pytest.param("100", D("100"), "ok", id="no-sign"),
    pytest.param("99.99 %", D("99.99"), "ok", id="space-before-sign"),
    pytest.param("105.3%", D("105.3"), "ok", id="over-a-hundred"),
    pytest.param("0", D("0"), "ok", id="zero"),
    pytest.param("0%", D("0"), "ok", id="zero-percent"),
    pytest.param("-5%", D("-5"), "ok", id="negative"),
    pytest.param("9.5‰", D("0.95"), "ok", id="per-mille"),
    pytest.param("百分之九十", D("90"), "ok", id="chinese-baifenzhi"),
    pytest.param("百分之95", D("95"), "ok", id="chinese-baifenzhi-arabic"),
    pytest.param("99。99%", D("99.99"), "repaired", id="ideographic-full-stop"),
    pytest.param("0.9999", None, "ambiguous", id="bare-fraction"),
    pytest.param("1", None, "ambiguous", id="bare-one"),
    pytest.param("0.9999%", D("0.9999"), "ok", id="fraction-with-sign-is-as-written"),
    pytest.param("—", None, "empty", id="em-dash"),
    pytest.param("/", None, "empty", id="slash"),
    pytest.param("", None, "empty", id="blank"),
    pytest.param("\u3000", None, "empty", id="ideographic-blank"),
    pytest.param("10分", None, "invalid", id="score-in-percent-column"),
    pytest.param("详见附表", None, "invalid", id="see-attachment"),
    pytest.param("99.9.9%", None, "ambiguous", id="two-points"),
]


@pytest.mark.parametrize(("raw", "value", "status"), CASES)
def test_parse_percent(raw: str, value: Decimal | None, status: str) -> None:
    got = parse_percent(raw)
    assert (got.value, got.status) == (value, status)


def test_bare_fraction_offers_ratio_first() -> None:
    assert parse_percent("0.9999").candidates == (D("99.99"), D("0.9999"))


@settings(max_examples=200)
@given(st.text(max_size=20))
def test_never_raises(text: str) -> None:
    got = parse_percent(text)
    assert isinstance(got, Percent)
    assert (got.value is None) == (got.status in {"ambiguous", "invalid", "empty"})


@settings(max_examples=200)
@given(st.decimals(min_value=D("-1000"), max_value=D("1000"), places=2))
def test_format_then_parse_is_exact(value: Decimal) -> None:
    assert parse_percent(f"{value}%").value == value
