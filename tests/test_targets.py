"""parse_target: operator, number, unit and kind of indicator values."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jixiao.normalize.targets import Target, compare_target, parse_target

D = Decimal

# (raw, op, value, unit, kind)
CASES = [
    pytest.param("≥95%", ">=", D("95"), "%", "numeric", id="ge-symbol"),
    pytest.param("≧90%", ">=", D("90"), "%", "numeric", id="ge-variant"),
    pytest.param("＞90%", ">", D("90"), "%", "numeric", id="fullwidth-gt"),
    pytest.param(">=90%", ">=", D("90"), "%", "numeric", id="ascii-ge"),
    pytest.param("≤30天", "<=", D("30"), "天", "numeric", id="le-days"),
    pytest.param("=8个", "=", D("8"), "个", "numeric", id="eq-count"),
    pytest.param("＝8个", "=", D("8"), "个", "numeric", id="fullwidth-eq"),
    pytest.param("不低于95%", ">=", D("95"), "%", "numeric", id="bu-di-yu"),
    pytest.param("不高于5%", "<=", D("5"), "%", "numeric", id="bu-gao-yu"),
    pytest.param("大于等于90%", ">=", D("90"), "%", "numeric", id="da-yu-deng-yu"),
    pytest.param("小于3次", "<", D("3"), "次", "numeric", id="xiao-yu"),
    pytest.param("95%以上", ">=", D("95"), "%", "numeric", id="yi-shang"),
    pytest.param("30天内", "<=", D("30"), "天", "numeric", id="tian-nei"),
    pytest.param("5个工作日以内", "<=", D("5"), "个工作日", "numeric", id="yi-nei"),
    pytest.param("100%", None, D("100"), "%", "numeric", id="no-operator-written"),
    pytest.param("1", None, D("1"), None, "numeric", id="bare-one"),
    pytest.param("2轮", None, D("2"), "轮", "numeric", id="rounds"),
    pytest.param("三轮", None, D("3"), "轮", "numeric", id="chinese-rounds"),
    pytest.param("2023年度", None, D("2023"), "年度", "numeric", id="year"),
    pytest.param("100%\n\u3000", None, D("100"), "%", "numeric", id="whitespace-after"),
    pytest.param("\u3000\n\u3000100%", None, D("100"), "%", "numeric", id="whitespace-before"),
    pytest.param("≥\u3000９５％", ">=", D("95"), "%", "numeric", id="space-after-operator"),
    pytest.param("90%-100%", None, D("90"), "%", "numeric", id="range"),
    pytest.param("9月前", "<=", D("9"), "月", "deadline", id="month-deadline"),
    pytest.param("12月底前", "<=", D("12"), "月", "deadline", id="month-end-deadline"),
    pytest.param("十二月前", "<=", D("12"), "月", "deadline", id="chinese-month"),
    pytest.param("2023年12月31日前", "<=", None, None, "deadline", id="full-date"),
    pytest.param("年底前", "<=", None, None, "deadline", id="year-end"),
    pytest.param("达到预期", None, None, None, "qualitative", id="as-expected"),
    pytest.param("良好", None, None, None, "qualitative", id="good"),
    pytest.param("有效提升", None, None, None, "qualitative", id="improved"),
    pytest.param("万无一失", None, None, None, "qualitative", id="idiom"),
    pytest.param("无", None, None, None, "qualitative", id="none-is-a-target"),
    pytest.param("—", None, None, None, "empty", id="em-dash"),
    pytest.param("/", None, None, None, "empty", id="slash"),
    pytest.param("", None, None, None, "empty", id="blank"),
]


@pytest.mark.parametrize(("raw", "op", "value", "unit", "kind"), CASES)
def test_parse_target(raw: str, op: str | None, value: Decimal | None, unit: str | None, kind: str) -> None:
    got = parse_target(raw)
    assert (got.op, got.value, got.unit, got.kind) == (op, value, unit, kind)


STATUS = [
    pytest.param("≥95%", "ok", id="clean"),
    pytest.param("≥９５%", "repaired", id="fullwidth-digits"),
    pytest.param("不高于", "invalid", id="operator-without-number"),
    pytest.param("达到预期", "ok", id="qualitative-is-ok"),
    pytest.param("—", "empty", id="empty"),
    pytest.param("≥9.5.5%", "ambiguous", id="two-points"),
]


@pytest.mark.parametrize(("raw", "status"), STATUS)
def test_target_status(raw: str, status: str) -> None:
    assert parse_target(raw).status == status


def test_range_keeps_upper() -> None:
    assert parse_target("90%-100%").upper == D("100")


@settings(max_examples=300)
@given(st.text(max_size=20))
def test_never_raises(text: str) -> None:
    got = parse_target(text)
    assert isinstance(got, Target)
    assert got.op in {None, "=", ">=", "<=", ">", "<"}
    assert got.kind in {"numeric", "qualitative", "deadline", "empty"}


COMPARE_CASES = [
    pytest.param("≥95%", "98.5%", False, True, "98.5 >= 95", id="ge-met"),
    pytest.param("≥95%", "90%", False, False, "90 >= 95", id="ge-missed"),
    pytest.param("100%", "90%", False, False, "90 >= 100", id="bare-target-means-reach-it"),
    pytest.param("100%", "100%", False, True, "100 >= 100", id="bare-target-reached"),
    pytest.param("≤10万元", "12万元", False, False, "12 <= 10", id="le-missed"),
    pytest.param("10万元", "8万元", True, True, "8 <= 10", id="bare-cost-target-is-a-ceiling"),
    pytest.param("90%-100%", "95%", False, True, "90 <= 95 <= 100", id="range-inside"),
    pytest.param("90%-100%", "85%", False, False, "90 <= 85 <= 100", id="range-below"),
    pytest.param("=2轮", "2轮", False, True, "2 = 2", id="equal"),
    pytest.param("2023年度", "1", False, None, None, id="units-differ-not-compared"),
    pytest.param("100%", "1", False, None, None, id="percent-against-bare-not-compared"),
    pytest.param("达到预期", "达到", False, None, None, id="qualitative-skipped"),
    pytest.param("9月前", "8月", False, None, None, id="deadline-not-compared"),
    pytest.param("≥95%", "≥95%", False, None, None, id="actual-with-operator-not-compared"),
    pytest.param("", "90%", False, None, None, id="empty-target"),
]


@pytest.mark.parametrize(("target", "actual", "lower", "met", "comparison"), COMPARE_CASES)
def test_compare_target(
    target: str, actual: str, lower: bool, met: bool | None, comparison: str | None
) -> None:
    got = compare_target(parse_target(target), parse_target(actual), lower_is_better=lower)
    assert (got.met, got.comparison) == (met, comparison)
