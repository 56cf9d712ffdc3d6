"""The auditor's checks: missed targets scored full, misses with no reason, 预算执行率 full below 100%."""

from __future__ import annotations

import pytest
from form_text import indicator_form

from jixiao.pipeline import process_bytes

_AUDIT = {
    "indicator.missed_full_score",
    "indicator.missed_no_reason",
    "indicator.score_exceeds_weight",
    "funds.rate_full_score",
}


def _audit_rules(text: str) -> list[str]:
    result = process_bytes(text.encode("utf-8"), "t.txt")
    return sorted(a.rule for a in result.anomalies if a.rule in _AUDIT)


def _one(target: str, actual: str, score: str, reason: str, level2: str = "数量指标") -> str:
    rows = [("产出指标\n(90分)", level2, target, actual, "90", score, reason)]
    return indicator_form(rows, total=("100", str(int(score) + 10)))


CASES = [
    pytest.param(_one("≥95%", "98%", "90", ""), [], id="met-full-marks-fine"),
    pytest.param(
        _one("≥95%", "90%", "90", ""),
        ["indicator.missed_full_score", "indicator.missed_no_reason"],
        id="missed-full-marks-no-reason",
    ),
    pytest.param(_one("≥95%", "90%", "80", "人手不足"), [], id="missed-scored-down-with-reason"),
    pytest.param(_one("≥95%", "90%", "80", ""), ["indicator.missed_no_reason"], id="missed-without-reason"),
    pytest.param(
        _one("100%", "90%", "90", "已说明"),
        ["indicator.missed_full_score"],
        id="bare-target-missed-full-marks",
    ),
    pytest.param(_one("达到预期", "基本达到", "90", ""), [], id="qualitative-not-audited"),
    pytest.param(_one("2023年度", "1", "90", ""), [], id="units-differ-not-audited"),
    pytest.param(_one("≤10万元", "8万元", "90", "", "成本指标"), [], id="cost-under-ceiling"),
    pytest.param(_one("≥95%", "98%", "95", ""), ["indicator.score_exceeds_weight"], id="score-above-weight"),
    pytest.param(
        indicator_form(
            [("产出指标\n(90分)", "数量指标", "≥95%", "98%", "90", "90", "")],
            money=("80", "80", "72", "10", "90%", "10"),
        ),
        ["funds.rate_full_score"],
        id="rate-below-100-full-score",
    ),
    pytest.param(
        indicator_form(
            [("产出指标\n(90分)", "数量指标", "≥95%", "98%", "90", "90", "")],
            money=("80", "80", "72", "10", "90%", "9"),
            total=("100", "99"),
        ),
        [],
        id="rate-below-100-scored-down",
    ),
    pytest.param(
        indicator_form(
            [("产出指标\n(90分)", "数量指标", "≥95%", "98%", "90", "90", "")],
            money=("80", "80", "80", "10", "100%", "12"),
            total=("100", "102"),
        ),
        ["indicator.score_exceeds_weight"],
        id="budget-score-above-its-weight",
    ),
]


@pytest.mark.parametrize(("text", "rules"), CASES)
def test_audit(text: str, rules: list[str]) -> None:
    assert _audit_rules(text) == rules


def test_indicator_columns_say_what_was_compared() -> None:
    result = process_bytes(_one("≥95%", "90%", "80", "人手不足").encode("utf-8"), "t.txt")
    first = result.indicators[0]
    assert (first.target_met, first.target_comparison) == (False, "90 >= 95")
    budget = result.indicators[-1]  # 预算执行率: no target written, nothing compared
    assert (budget.target_met, budget.target_comparison) == (None, None)
