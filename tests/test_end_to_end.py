"""The real sample end to end: what the foundation and numbers issues promise, asserted value by value."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from sample_paths import LUKOU_REPORT_HEADINGS, LUKOU_TXT

import jixiao


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return jixiao.read_file(LUKOU_TXT)


def test_documents_row(tables: dict[str, pd.DataFrame]) -> None:
    doc = tables["documents"].iloc[0]
    assert (doc.source_format, doc.encoding, doc.status, doc.form_count, doc.report_count) == (
        "txt",
        "utf-8",
        "ok",
        2,
        2,
    )
    assert doc.coverage_pct >= 98


def test_forms(tables: dict[str, pd.DataFrame]) -> None:
    forms = tables["forms"]
    assert list(forms.form_type) == ["department", "project"]
    assert list(forms.attachment) == ["附件1", "附件3"]
    assert list(forms.year) == [2023, 2023]
    assert forms.department.iloc[0] == "中共株洲市渌口区委巡察工作领导小组办公室"
    assert forms.project.iloc[1] == "巡察专项经费"
    assert list(forms.fill_unit) == ["区委巡察办", "区委巡察办"]
    assert list(forms.total_score) == [98.99, 99.0]
    assert list(forms.computed_score) == [98.99, 99.0]
    assert list(forms.total_weight) == [100.0, 100.0]


def test_department_money_block_in_yuan(tables: dict[str, pd.DataFrame]) -> None:
    funds = tables["funds"]
    dept_id = tables["forms"].form_id.iloc[0]
    total = funds[(funds.form_id == dept_id) & (funds.line == "total")].iloc[0]
    assert (total.budget_initial_yuan, total.budget_full_year_yuan, total.executed_yuan) == (
        Decimal("3206715.91"),
        Decimal("3210133.28"),
        Decimal("3210081.26"),
    )
    assert (total.weight, total.execution_rate_pct, total.score) == (10.0, 99.99, 9.99)
    breakdown = tables["fund_breakdown"]
    got = {
        (r.basis, r.line): r.amount_yuan
        for r in breakdown[breakdown.form_id == dept_id].itertuples()
        if not pd.isna(r.amount_yuan)  # money is an Arrow decimal column: empty cells are NA
    }
    assert got == {
        ("income", "general_public_budget"): Decimal("3210133.28"),
        ("expenditure", "basic_expenditure"): Decimal("2410248.04"),
        ("expenditure", "project_expenditure"): Decimal("799885.24"),
    }


def test_project_amounts_chosen_by_evidence(tables: dict[str, pd.DataFrame]) -> None:
    funds = tables["funds"]
    proj_id = tables["forms"].form_id.iloc[1]
    total = funds[(funds.form_id == proj_id) & (funds.line == "total")].iloc[0]
    assert (total.budget_initial_yuan, total.budget_full_year_yuan, total.executed_yuan) == (
        Decimal("800000.00"),
        Decimal("799885.24"),
        Decimal("799885.24"),
    )
    values = tables["values"]
    cell = values[
        (values.form_id == proj_id) & (values.row_key == "total") & (values.field == "executed_yuan")
    ]
    assert cell.iloc[0].raw == "79.98852.24"
    assert cell.iloc[0].status == "repaired"
    assert "candidate_chosen_by_evidence" in cell.iloc[0].repairs
    assert cell.iloc[0].location == "line 242"


def test_indicators(tables: dict[str, pd.DataFrame]) -> None:
    ind = tables["indicators"]
    for form_id in tables["forms"].form_id:
        rows = ind[ind.form_id == form_id]
        assert len(rows) == 9
        assert list(rows.level1) == ["产出指标"] * 3 + ["效益指标"] * 4 + ["满意度指标", "预算执行率"]
        assert list(rows.level1_weight)[:8] == [50.0] * 3 + [30.0] * 4 + [10.0]
        assert list(rows.weight) == [20.0, 15.0, 15.0, 8.0, 8.0, 8.0, 6.0, 10.0, 10.0]
        assert list(rows.level2)[:4] == ["数量指标", "质量指标", "时效指标", "经济效益指标"]
    dept = ind[ind.form_id == tables["forms"].form_id.iloc[0]]
    assert list(dept.score) == [20.0, 15.0, 15.0, 8.0, 8.0, 8.0, 6.0, 9.0, 9.99]
    first = dept.iloc[0]
    assert (first.target_raw, first.target_value, first.target_unit) == ("100%", 100.0, "%")
    timely = dept.iloc[2]
    assert (timely.level3, timely.target_value, timely.target_unit) == ("2023年度", 1.0, None) or (
        timely.level3 == "2023年度"
    )


def test_report_headings_with_mixed_numbering(tables: dict[str, pd.DataFrame]) -> None:
    sec = tables["report_sections"]
    att2 = sec[(sec.attachment == "附件2") & sec.heading.notna()]
    assert list(zip(att2.numbering, att2.level, att2.heading, strict=True)) == LUKOU_REPORT_HEADINGS
    duties = att2[att2.heading == "预算单位基本情况"].text.iloc[0]
    assert "（八）办理领导小组交办的其他事项。" in duties


def test_sample_anomalies(tables: dict[str, pd.DataFrame]) -> None:
    anomalies = tables["anomalies"]
    rules = set(anomalies.rule)
    assert {"value.ambiguous_resolved", "unit.mislabeled", "cross.project_executed"} <= rules
    # The identities that hold on the sample must not be reported.
    assert not rules & {
        "score.total",
        "funds.execution_rate",
        "funds.score",
        "funds.breakdown_sum",
        "weight.group",
    }
    unit = anomalies[anomalies.rule == "unit.mislabeled"].iloc[0]
    assert unit.expected == "2410248.04"
    assert unit.location == "line 197"
    cross = anomalies[anomalies.rule == "cross.project_executed"].iloc[0]
    assert (cross.expected, cross.observed) == ("799885.24", "799833.22")
    assert "减基本支出" in cross.message


def test_facts_from_the_reports(tables: dict[str, pd.DataFrame]) -> None:
    facts = tables["facts"]
    att2 = facts[facts.attachment == "附件2"]
    # 2410248.04万元 is a unit slip: its form figure (基本支出) and its own parts (人员经费 + 公用经费) agree
    assert list(att2.amount_yuan) == [
        Decimal("2410248.04"),
        Decimal("1951429.74"),
        Decimal("458818.30"),
        Decimal("799833.22"),
        Decimal("630000.00"),
    ]


def test_every_table_matches_the_contract(tables: dict[str, pd.DataFrame]) -> None:
    from jixiao.schemas import TABLES

    assert set(tables) == set(TABLES)
    for name, spec in TABLES.items():
        assert list(tables[name].columns) == spec.names, name


def test_rerun_is_identical(tables: dict[str, pd.DataFrame]) -> None:
    again = jixiao.read_file(LUKOU_TXT)
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, again[name])
