"""Reconciliation on tiny forms: each identity that fails becomes exactly the anomaly it should."""

from __future__ import annotations

from decimal import Decimal

import pytest
from form_text import project_form

from jixiao.pipeline import process_bytes


def _run(text: str):  # type: ignore[no-untyped-def]
    return process_bytes(text.encode("utf-8"), "t.txt")


def _rules(text: str) -> set[str]:
    return {a.rule for a in _run(text).anomalies}


CASES = [
    pytest.param(project_form(), set(), id="consistent-form-has-no-anomaly"),
    pytest.param(project_form(total=("100", "99")), {"score.total"}, id="parts-do-not-add-up-to-total"),
    pytest.param(
        project_form(money=("80", "80", "79", "10", "90%", "9.88")),
        {"funds.execution_rate"},
        id="rate-is-not-executed-over-budget",
    ),
    pytest.param(
        project_form(money=("80", "80", "79", "10", "98.75%", "8"), total=("100", "96")),
        {"funds.score"},
        id="score-is-not-weight-times-rate",
    ),
    pytest.param(
        project_form(
            indicators=(
                ("产出指标\n(50分)", "数量指标", "40", "40"),
                ("满意度指标\n(40分)", "满意度", "40", "38"),
            ),
            total=("100", "87.88"),
        ),
        {"weight.group", "weight.total"},
        id="group-weight-disagrees",
    ),
    pytest.param(
        project_form(
            indicators=(
                ("产出指标\n(50分)", "数量指标", "50", "55"),
                ("满意度指标\n(40分)", "满意度", "40", "38"),
            ),
            total=("100", "102.88"),
        ),
        {"indicator.score_exceeds_weight"},
        id="score-above-weight",
    ),
    pytest.param(
        project_form(current_year=("70", "70", "69", "", "", "")),
        {"funds.lines_sum"},
        id="source-lines-do-not-sum",
    ),
    pytest.param(
        project_form(
            money=("80", "约80", "79", "10", "98.75%", "9.88"), current_year=("80", "79.9", "79", "", "", "")
        ),
        set(),
        id="an-approximate-total-checks-no-sum",  # 约80 against 79.9 was a failed sum
    ),
    pytest.param(
        project_form(money=("80", "80", "79.1.2", "10", "98.75%", "9.88")),
        {"value.ambiguous"},
        id="ambiguous-without-evidence-stays-unread",
    ),
]


@pytest.mark.parametrize(("text", "rules"), CASES)
def test_identities(text: str, rules: set[str]) -> None:
    assert _rules(text) == rules


def test_unit_slip_in_a_wan_column_is_repaired_from_sibling_magnitudes() -> None:
    result = _run(
        project_form(money=("253.7695", "2537695", "253.7695", "10", "100%", "10"), total=("100", "98"))
    )
    total = result.funds[0]
    assert total.budget_full_year_yuan == Decimal("2537695.00")
    assert {a.rule for a in result.anomalies} == {"unit.mislabeled"}
    cell = next(v for v in result.values if v.field == "budget_full_year_yuan")
    assert (cell.status, cell.repairs) == ("repaired", ("unit_mislabeled_yuan_in_wan_column",))


def test_ambiguous_value_settled_by_the_same_amount_elsewhere() -> None:
    text = project_form(
        money=("80", "79.98852.24", "79.98852.24", "10", "100%", "10"),
        current_year=("80", "79.988524", "79.988524", "", "", ""),
    )
    result = _run(text)
    total = result.funds[0]
    assert (total.budget_full_year_yuan, total.executed_yuan) == (Decimal("799885.24"), Decimal("799885.24"))
    assert [a.rule for a in result.anomalies].count("value.ambiguous_resolved") == 2


def test_computed_score_is_the_sum_of_the_parts() -> None:
    form = _run(project_form()).forms[0]
    assert (form.total_score, form.computed_score) == (97.88, 97.88)


def test_bare_fraction_rate_is_read_by_the_execution_ratio() -> None:
    result = _run(project_form(money=("80", "80", "79", "10", "0.9875", "9.88")))
    assert result.funds[0].execution_rate_pct == 98.75
    assert [a.rule for a in result.anomalies] == ["value.ambiguous_resolved"]
