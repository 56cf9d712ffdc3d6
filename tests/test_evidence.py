"""Evidence, not coincidence (issue 19): each reviewer's trap gives the true value or null, never a third.

Inputs are tiny forms in the sample's TAB grammar (``tests/form_text.py``) or the sample with one quirk
planted. ``TRUTH`` is what a careful reader knows the cell holds; ``None`` means the document cannot say.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from form_text import LUKOU_FIGURES_IN_YUAN, edit_sample, other_form, project_form, project_report
from jixiao.normalize.evidence import Identity, settle_by_identities
from jixiao.normalize.forms import CellValue
from jixiao.normalize.records import DocumentResult
from sample_paths import LUKOU_TXT, ROOT, assert_reproducible

from jixiao.pipeline import process_bytes

D = Decimal


def _run(text: str) -> DocumentResult:
    return process_bytes(text.encode("utf-8"), "t.txt")


def _total(result: DocumentResult, n: int = 0) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    row = [f for f in result.funds if f.line == "total"][n]
    return row.budget_initial_yuan, row.budget_full_year_yuan, row.executed_yuan


# (text, expected 年初/全年预算数/全年执行数 of the first form's 年度资金总额)
CASES = [
    pytest.param(
        project_form(money=("100", "100", "10.0.0", "10", "10%", "1"), total=("100", "89")),
        (D("1000000.00"), D("1000000.00"), D("100000.00")),
        id="coinciding-budget-in-the-row-is-not-evidence-the-rate-is",
    ),
    pytest.param(
        project_form(money=("100", "100", "10.0.0", "", "", "")),
        (D("1000000.00"), D("1000000.00"), None),
        id="coinciding-budget-alone-settles-nothing",
    ),
    pytest.param(
        project_form(money=("12.5", "12.5", "12.34.56", "10", "98.76%", "9.88")) + other_form("1234.56"),
        (D("125000.00"), D("125000.00"), D("123456.00")),
        id="unrelated-form-budget-ignored-row-rate-decides",
    ),
    pytest.param(
        project_form(money=("12.5", "12.5", "12.34.56", "", "", "")) + other_form("1234.56"),
        (D("125000.00"), D("125000.00"), None),
        id="unrelated-form-budget-alone-settles-nothing",
    ),
    pytest.param(
        project_form(money=("80", "800000", "799885.24", "10", "99.99%", "10")),
        (D("800000.00"), None, None),
        id="one-sibling-unit-vote-80-kept-the-rest-unread",
    ),
    pytest.param(
        project_form(money=("800000", "80", "799885.24", "10", "99.99%", "10")),
        (None, D("800000.00"), D("799885.24")),
        id="swapped-columns-80-kept-and-the-rate-settles-the-executed-unit",
    ),
    pytest.param(
        project_form(money=("80", "799885.24", "800000", "10", "", "")),
        (D("800000.00"), None, None),
        id="swapped-columns-no-rate",
    ),
    pytest.param(
        project_form(money=("253.7695", "2537695", "253.7695", "10", "100%", "10")),
        (D("2537695.00"), D("2537695.00"), D("2537695.00")),
        id="two-siblings-agree-yuan-in-wan-column-repaired",
    ),
    pytest.param(
        project_form(money=("2537695", "253.7695", "2537695", "10", "100%", "10")),
        (None, D("2537695.00"), D("2537695.00")),
        id="one-sibling-each-way-header-kept-rate-settles-executed",
    ),
    pytest.param(
        project_form(
            money=("80", "79.98852.24", "79.98852.24", "10", "", ""),
            current_year=("80", "79.9885224", "79.9885224", "", "", ""),
        ),
        (D("800000.00"), None, None),
        id="sub-cent-part-is-not-exact-evidence",
    ),
    pytest.param(
        project_form(
            money=("80", "79.98852.24", "79.98852.24", "10", "100%", "10"),
            current_year=("80", "79.988524", "79.988524", "", "", ""),
        ),
        (D("800000.00"), D("799885.24"), D("799885.24")),
        id="total-equals-its-only-part",
    ),
    pytest.param(
        project_form(unit="", money=("80", "80", "79", "10", "98.75%", "9.88")),
        (None, None, None),
        id="unit-line-missing-no-unit-assumed",
    ),
    pytest.param(
        project_form(unit="", money=("80.000000", "79.988524", "79.988524", "10", "100%", "10")),
        (D("800000.00"), D("799885.24"), D("799885.24")),
        id="unit-line-missing-digits-need-wan",
    ),
    pytest.param(
        project_form(unit="", money=("80", "79.988524", "79.98", "10", "", "")),
        (None, D("799885.24"), None),
        id="unit-line-missing-one-cell-settles-only-itself",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_true_value_or_null(text: str, expected: tuple[Decimal | None, ...]) -> None:
    assert _total(_run(text)) == expected


PART_CASES = [
    pytest.param(
        ("800000", "800000", "799900"),
        (D("800000.00"), D("800000.00"), D("799900.00")),
        id="part-line-in-yuan-settled-by-the-block-sum",
    ),
    pytest.param(
        ("800000", "800000", "799800"),
        (D("800000.00"), D("800000.00"), None),
        id="part-line-in-yuan-sum-disagrees-left-unread",
    ),
]


@pytest.mark.parametrize(("part", "expected"), PART_CASES)
def test_part_line_above_its_total(part: tuple[str, str, str], expected: tuple[Decimal | None, ...]) -> None:
    text = project_form(money=("80", "80", "79.99", "10", "99.99%", "10"), current_year=(*part, "", "", ""))
    line = next(f for f in _run(text).funds if f.line == "current_year_appropriation")
    assert (line.budget_initial_yuan, line.budget_full_year_yuan, line.executed_yuan) == expected


_ROUND_REPORT = project_report("按每人80元标准发放补助，共计79.99元的误餐费。")


def test_round_report_figures_do_not_vote_on_the_form_unit() -> None:
    """``80元`` in a report beside ``80`` in a 万元 form is a coincidence: neither is re-read or blamed."""
    result = _run(project_form(money=("80", "80", "79.99", "10", "98.75%", "9.88")) + _ROUND_REPORT)
    assert _total(result) == (D("800000.00"), D("800000.00"), D("799900.00"))
    assert not [a for a in result.anomalies if a.rule.startswith("unit.")]


_TWO_FIGURES_IN_YUAN = project_report("本项目全年预算799885.24元，全年支出799833.22元。")

HEADER_CASES = [
    pytest.param(
        project_form(money=("800000", "799885.24", "799833.22", "10", "99.99%", "10")) + _TWO_FIGURES_IN_YUAN,
        id="wan-header-two-report-figures-in-yuan",
    ),
    pytest.param(
        project_form(unit="元", money=("80", "79.988524", "79.983322", "10", "99.99%", "10")),
        id="yuan-header-digits-need-wan",
    ),
]


@pytest.mark.parametrize("text", HEADER_CASES)
def test_mislabeled_project_header_is_corrected(text: str) -> None:
    result = _run(text)
    assert _total(result) == (D("800000.00"), D("799885.24"), D("799833.22"))
    assert {a.rule for a in result.anomalies if a.rule.startswith("unit.")} == {"unit.mislabeled"}


def test_unread_cell_says_why_and_keeps_its_candidates() -> None:
    result = _run(project_form(money=("80", "800000", "799885.24", "10", "99.99%", "10")))
    uncertain = [a for a in result.anomalies if a.rule == "unit.uncertain"]
    assert {a.observed for a in uncertain} == {"800000", "799885.24"}
    cell = next(v for v in result.values if v.row_key == "total" and v.field == "budget_full_year_yuan")
    assert (cell.raw, cell.status, cell.value) == ("800000", "ambiguous", "800000.00 | 8000000000.00")


def test_missing_unit_is_flagged_not_read_as_yuan() -> None:
    result = _run(project_form(unit="", money=("80", "80", "79", "10", "98.75%", "9.88")))
    assert [a.rule for a in result.anomalies].count("unit.uncertain") == 3


def test_mislabeled_form_header_is_corrected_by_its_report_not_the_reverse() -> None:
    result = _run(edit_sample(LUKOU_TXT.read_text(encoding="utf-8"), LUKOU_FIGURES_IN_YUAN))
    assert _total(result) == (D("3206715.91"), D("3210133.28"), D("3210081.26"))
    basic = next(b for b in result.fund_breakdown if b.line == "basic_expenditure")
    assert basic.amount_yuan == D("2410248.04")
    mislabeled = [a for a in result.anomalies if a.rule == "unit.mislabeled"]
    assert mislabeled and all(a.location != "line 197" for a in mislabeled)  # never the report's line
    assert result.facts[0].amount_yuan == D("2410248.04")


def test_mislabeled_department_header_without_project_forms() -> None:
    """No project form to cross-check: the report's figure and the form's absurd scale (321亿) decide."""
    sample = LUKOU_TXT.read_text(encoding="utf-8")
    result = _run(edit_sample(sample[: sample.index("附件3")], LUKOU_FIGURES_IN_YUAN))
    assert _total(result) == (D("3206715.91"), D("3210133.28"), D("3210081.26"))
    assert all(a.location != "line 197" for a in result.anomalies if a.rule == "unit.mislabeled")


def test_one_slipped_cell_is_not_a_mislabeled_header() -> None:
    """One cell written in 元 under a 万元 header (the report agrees with it): only that cell is re-read,
    settled by 基本支出 + 项目支出 = 全年预算数; the header and the other figures stand."""
    edits = (("241.024804", "2410248.04"), ("2410248.04万元", "2410248.04元"))
    result = _run(edit_sample(LUKOU_TXT.read_text(encoding="utf-8"), edits))
    basic = next(b for b in result.fund_breakdown if b.line == "basic_expenditure")
    assert basic.amount_yuan == D("2410248.04")
    assert _total(result) == (D("3206715.91"), D("3210133.28"), D("3210081.26"))


def test_one_slipped_breakdown_cell_without_a_report() -> None:
    result = _run(edit_sample(LUKOU_TXT.read_text(encoding="utf-8"), (("241.024804", "2410248.04"),)))
    basic = next(b for b in result.fund_breakdown if b.line == "basic_expenditure")
    assert basic.amount_yuan == D("2410248.04")


def test_sample_report_unit_slip_is_corrected_in_facts() -> None:
    result = _run(LUKOU_TXT.read_text(encoding="utf-8"))
    fact = result.facts[0]
    assert (fact.raw, fact.amount_yuan, fact.unit_written, fact.status) == (
        "2410248.04万元",
        D("2410248.04"),
        "元",
        "repaired",
    )
    (row,) = [a for a in result.anomalies if a.rule == "unit.mislabeled"]
    assert str(row.location) == "line 197" and "已按元更正" in row.message


def test_every_repair_is_an_info_anomaly() -> None:
    result = _run(LUKOU_TXT.read_text(encoding="utf-8"))
    repaired = {v.location for v in result.values if v.status == "repaired"}
    told = {a.location for a in result.anomalies if a.severity == "info"}
    assert repaired and repaired <= told


def test_department_speaks_for_the_project_forms_only_when_its_own_breakdown_adds_up() -> None:
    """基本 + 项目 ≠ 总额 by a cent: the department's 项目支出 cannot settle another form."""
    result = _run(edit_sample(LUKOU_TXT.read_text(encoding="utf-8"), (("241.024804", "241.024805"),)))
    assert _total(result, 1) == (D("800000.00"), None, None)
    assert "value.ambiguous" in {a.rule for a in result.anomalies}


def test_report_unit_slip_without_its_parts_is_flagged_not_corrected() -> None:
    edits = (("，其中：人员经费1951429.74元，公用经费458818.3元", ""),)
    result = _run(edit_sample(LUKOU_TXT.read_text(encoding="utf-8"), edits))
    fact = result.facts[0]
    assert (fact.amount_yuan, fact.status) == (D("24102480400.00"), "ok")
    (row,) = [a for a in result.anomalies if a.rule == "unit.mislabeled"]
    assert str(row.location) == "line 197" and "更正" not in row.message


EVIDENCE = ROOT / "samples" / "evidence"
EVIDENCE_TRUTHS = sorted(EVIDENCE.glob("*.truth.json"))


@pytest.mark.parametrize(
    "truth_path", EVIDENCE_TRUTHS, ids=[p.name.removesuffix(".truth.json") for p in EVIDENCE_TRUTHS]
)
def test_evidence_sample_matches_its_truth(truth_path: Path) -> None:
    """samples/evidence/: each trap as its hand-written truth says (scripts/make_evidence_samples.py)."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    result = process_bytes((EVIDENCE / truth["sample"]).read_bytes(), truth["sample"])
    form_ids = [f.form_id for f in result.forms]
    got = {
        (form_ids.index(v.form_id) + 1, v.table, v.row_key, v.field): (v.value, v.status)
        for v in result.values
    }
    want = {
        (w["form"], w["table"], w["row_key"], w["field"]): (w["value"], w["status"]) for w in truth["values"]
    }
    assert {k: got.get(k) for k in want} == want
    rules = {a.rule for a in result.anomalies}
    assert set(truth["rules"]) <= rules
    assert not set(truth["not_rules"]) & rules


def test_evidence_samples_are_reproducible(tmp_path: Path) -> None:
    assert_reproducible("make_evidence_samples", EVIDENCE, tmp_path)


def _cell(name: str, value: str | None = None, candidates: tuple[str, ...] = ()) -> CellValue:
    status = "ambiguous" if value is None else "ok"
    cands = tuple(D(c) for c in candidates)
    return CellValue(
        "funds", name, "amount", None, "money", None if value is None else D(value), status, (), None, cands
    )


def test_a_sum_that_holds_only_through_a_ruled_out_total_pins_no_part() -> None:
    """total = 基本 + 项目 holds only with the total 17,413,000,000 (and 基本 9,751,280,000); the total's own
    row rules that reading out and settles it at 1,741,300: 基本 must stay unsettled, not take a reading
    from a world its total is not in."""
    total = _cell("total", candidates=("1741300", "17413000000"))
    basic = _cell("basic", candidates=("975128", "9751280000"))
    project = _cell("project", "7661720000")
    row = Identity("执行率", (total,), lambda v: v[id(total)] == D("1741300"), row=True)
    parts = (total, basic, project)
    sum_ = Identity(
        "总额＝各项之和", parts, lambda v: v[id(total)] == v[id(basic)] + v[id(project)], row=False
    )
    chosen = settle_by_identities([row, sum_])
    assert [(c.cell.row_key, c.value) for c in chosen] == [("total", D("1741300"))]
    assert (basic.value, basic.status) == (None, "ambiguous")


def test_a_pin_whose_premise_another_identity_pins_away_settles_nothing() -> None:
    """A = B + 10 pins A = 20 only with B = 10; B + C = 100 (C exact 0) pins B = 100. Two identities pinning
    B apart settle nothing, and A, pinned only through B = 10, stays unsettled too."""
    a = _cell("a", candidates=("20", "200"))
    b = _cell("b", candidates=("10", "100"))
    c = _cell("c", "0")
    first = Identity("A＝B＋10", (a, b), lambda v: v[id(a)] == v[id(b)] + 10, row=False)
    second = Identity("B＋C＝100", (b, c), lambda v: v[id(b)] + v[id(c)] == 100, row=False)
    chosen = settle_by_identities([first, second])
    assert chosen == []
    assert (a.value, b.value) == (None, None)
