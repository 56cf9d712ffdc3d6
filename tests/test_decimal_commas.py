"""A thousands grouping the form's identities speak against (``100,017`` for ``100.017``): its two readings,
and the rule that only identities make it unread or settle it (samples/evidence/ holds the forms)."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from form_text import department_form, other_form, project_form
from jixiao.extract.layout import Location
from jixiao.extract.records import RawText
from jixiao.normalize.decimal_commas import comma_as_point, decimal_reading
from jixiao.normalize.forms import CellValue, _money

from jixiao.pipeline import process_bytes

D = Decimal


def _cell(text: str, unit: str | None) -> CellValue:
    return _money("funds", "total", "executed", RawText(text, Location()), unit)


@pytest.mark.parametrize(
    ("text", "unit", "decimal"),
    [
        ("100,017", "万元", D("1000170.00")),  # both readings whole cents in 万元
        ("1,200", "万元", D("12000.00")),
        ("1,234,567", "万元", D("12345670.00")),
        ("100,017万元", None, D("1000170.00")),  # the cell's own unit
        ("１００，０１７", "万元", D("1000170.00")),  # full-width
        ("348,600", "元", D("348.60")),  # a group ending in 0: 348.60 元 is money
        ("1,234", "元", None),  # 1.234 元 is not whole cents: one reading only
        ("1,234.50", "万元", None),  # a point already: the comma is a separator
        ("12,34", "万元", None),  # no valid grouping (the parser's own readings handle it)
        ("1200", "万元", None),
        ("约1,200", "万元", None),  # approximate: not exact, never doubted
    ],
)
def test_the_decimal_reading_of_a_grouping(text: str, unit: str, decimal: Decimal | None) -> None:
    assert decimal_reading(_cell(text, unit)) == decimal


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("100,017", "100.017"),
        ("1,234,567万元", "1234.567万元"),
        ("１００，０１７", "100.017"),
        ("1,234.50", None),
        ("12,34", None),
        ("1200", None),
        ("", None),
    ],
)
def test_a_grouping_written_with_its_last_comma_as_the_point(text: str, written: str | None) -> None:
    # (asked before decimal_reading of every money cell: a text it says None of has no decimal reading)
    assert comma_as_point(text) == written
    if written is None:
        assert decimal_reading(_cell(text, "万元")) is None


def _executed(text: str) -> tuple[Decimal | None, str]:
    result = process_bytes(text.encode("utf-8"), "t.txt")
    cell = next(v for v in result.values if v.row_key == "total" and v.field == "executed_yuan")
    rules = {a.rule for a in result.anomalies}
    return (Decimal(cell.value) if cell.value and "|" not in cell.value else None), (
        "doubted" if "value.decimal_comma" in rules else "kept"
    )


@pytest.mark.parametrize(
    ("money", "expected"),
    [
        # 执行率 57.13 ÷ 58.00 = 98.50%: the comma is the point (571,300.00 元)
        (("56.40", "58.00", "57,130", "10", "98.50%", "9.85"), (D("571300.00"), "doubted")),
        # 57130 ÷ 58000 = 98.50%: the grouping is right and breaks nothing
        (("56,400", "58,000", "57,130", "10", "98.50%", "9.85"), (D("571300000.00"), "kept")),
        # no 执行率: nothing speaks against the grouping
        (("56.40", "58.00", "57,130", "10", "", ""), (D("571300000.00"), "kept")),
        # a rate neither reading keeps: the grouping stands (the rate check flags it)
        (("56.40", "58.00", "57,130", "10", "90.00%", "9"), (D("571300000.00"), "kept")),
    ],
)
def test_only_the_rows_rate_doubts_an_executed_grouping(
    money: tuple[str, ...], expected: tuple[Decimal | None, str]
) -> None:
    assert _executed(project_form(money=money)) == expected


def test_another_cell_holding_the_digits_is_no_evidence() -> None:
    """Another project form whose figure is 57.13 (the decimal reading's digits) relates to nothing here."""
    text = project_form(money=("56.40", "58.00", "57,130", "10", "", "")) + other_form("57.13")
    assert _executed(text) == (D("571300000.00"), "kept")


def _department_case(rng: random.Random) -> tuple[str, dict[str, Decimal]]:
    """A department form (万元 to three places, or whole 元) whose money cells may be written with a right
    thousands grouping, or with a comma typed for the point where the figure allows; its truth in 元."""
    wan = rng.random() < 0.6
    places = Decimal("0.001") if wan else Decimal(1)
    scale = Decimal(1000) if wan else Decimal(1)
    basic = (Decimal(rng.randint(100_000, 50_000_000)) / scale).quantize(places)
    project = (Decimal(rng.randint(1_000, 900_000)) / scale).quantize(places)
    total = basic + project
    executed = (total * Decimal(rng.uniform(0.85, 1.0))).quantize(Decimal("0.01"))
    rate = (executed / total * 100).quantize(Decimal("0.01"))

    def written(v: Decimal) -> str:
        s, r = f"{v:f}", rng.random()
        if r < 0.3 and "." not in s and len(s) > 3:
            return f"{int(v):,}"  # a right grouping
        whole, _, frac = s.partition(".")
        if r < 0.6 and len(frac) == 3 and len(whole) <= 3:
            return f"{whole},{frac}"  # the point typed as a comma
        return s

    money = (written(total), written(total), written(executed), "10", f"{rate}%", "9.9")
    text = department_form(money, written(basic), written(project), "（万元）" if wan else "（元）")
    f = Decimal(10000) if wan else Decimal(1)
    truth = {"budget_full_year": total, "executed": executed, "basic": basic, "project": project}
    return text, {k: (v * f).quantize(Decimal("0.01")) for k, v in truth.items()}


def test_no_grouping_or_slipped_comma_gives_a_wrong_value() -> None:
    """300 forms: each money figure as its truth or null, never the other reading."""
    wrong = []
    for seed in range(300):
        text, truth = _department_case(random.Random(seed))
        result = process_bytes(text.encode("utf-8"), "t.txt")
        total = next(f for f in result.funds if f.line == "total")
        parts = {b.line: b.amount_yuan for b in result.fund_breakdown}
        got = {
            "budget_full_year": total.budget_full_year_yuan,
            "executed": total.executed_yuan,
            "basic": parts.get("basic_expenditure"),
            "project": parts.get("project_expenditure"),
        }
        wrong += [(seed, k, v) for k, v in got.items() if v is not None and v != truth[k]]
    assert wrong == []
