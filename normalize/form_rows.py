"""A reconciled ``FormWork`` → the contract's rows (``forms``, ``funds``, ``fund_breakdown``,
``indicators``, ``values``), frozen; plus the target comparison the audit shares with the column."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from jixiao.extract.records import RawText
from jixiao.normalize.forms import CellValue, FormWork
from jixiao.normalize.records import BreakdownRow, FormRow, FundRow, IndicatorRow, ValueRow
from jixiao.normalize.targets import TargetCheck, compare_target, parse_target
from jixiao.normalize.text import clean_inline, clean_prose


def _f(v: Decimal | None) -> float | None:
    return float(v) if v is not None else None


def _values(work: FormWork, table: str, row_key: str) -> dict[str, Decimal | None]:
    """One row's values by field (``work.value`` for each; a field the row lacks is absent)."""
    return {name: c.value for name, c in work.row(table, row_key).items()}


def _text(raw: RawText | None) -> str | None:
    return raw.text if raw else None


def to_rows(
    work: FormWork, computed_score: Decimal | None
) -> tuple[FormRow, list[FundRow], list[BreakdownRow], list[IndicatorRow], list[ValueRow]]:
    """Freeze a reconciled form into the contract's rows."""
    raw = work.raw
    year = None
    if raw.year is not None and raw.year.text.strip().isdigit():
        year = int(raw.year.text.strip())
    form_values = _values(work, "forms", "form")
    form = FormRow(
        form_id=work.form_id,
        doc_id=work.doc_id,
        form_type=raw.form_type,
        attachment=raw.attachment,
        title=clean_inline(_text(raw.title)),
        fill_unit=clean_inline(_text(raw.header.get("fill_unit"))),
        year=year,
        department=clean_inline(_text(raw.header.get("department"))),
        project=clean_inline(_text(raw.header.get("project"))),
        competent_department=clean_inline(_text(raw.header.get("competent_department"))),
        implementing_unit=clean_inline(_text(raw.header.get("implementing_unit"))),
        goal_expected=clean_prose(_text(raw.goal_expected)),
        goal_actual=clean_prose(_text(raw.goal_actual)),
        total_weight=_f(form_values.get("total_weight")),
        total_score=_f(form_values.get("total_score")),
        computed_score=_f(computed_score),
        location=raw.location,
    )
    funds = []
    for line in work.lines:
        line_values = _values(work, "funds", line.line)
        funds.append(
            FundRow(
                form_id=work.form_id,
                line=line.line,
                label=clean_inline(line.label.text),
                budget_initial_yuan=line_values.get("budget_initial"),
                budget_full_year_yuan=line_values.get("budget_full_year"),
                executed_yuan=line_values.get("executed"),
                weight=_f(line_values.get("weight")),
                execution_rate_pct=_f(line_values.get("execution_rate")),
                score=_f(line_values.get("score")),
            )
        )
    breakdown = [
        BreakdownRow(
            form_id=work.form_id,
            basis=b.basis,
            line=b.line,
            label=clean_inline(b.label.text),
            amount_yuan=work.value("fund_breakdown", f"{b.basis}.{b.line}", "amount"),
        )
        for b in raw.breakdown
    ]
    indicators = []
    for seq, ind in enumerate(raw.indicators, start=1):
        key = f"{seq:03d}"
        target = parse_target(ind.target.text) if ind.target else None
        actual = parse_target(ind.actual.text) if ind.actual else None
        check = indicator_check(work, seq)
        ind_values = _values(work, "indicators", key)
        indicators.append(
            IndicatorRow(
                form_id=work.form_id,
                seq=seq,
                level1=clean_inline(_text(ind.level1)),
                level1_weight=_f(ind_values.get("level1_weight")),
                level2=clean_inline(_text(ind.level2)),
                level3=clean_prose(_text(ind.level3)),
                target_raw=clean_prose(_text(ind.target)),
                target_op=target.op if target else None,
                target_value=_f(target.value) if target else None,
                target_unit=target.unit if target else None,
                actual_raw=clean_prose(_text(ind.actual)),
                actual_op=actual.op if actual else None,
                actual_value=_f(actual.value) if actual else None,
                actual_unit=actual.unit if actual else None,
                weight=_f(ind_values.get("weight")),
                score=_f(ind_values.get("score")),
                deviation_reason=clean_prose(_text(ind.deviation)),
                location=ind.location,
                target_met=check.met,
                target_comparison=check.comparison,
            )
        )
    budget_row = _budget_execution_indicator(work, seq=len(indicators) + 1)
    if budget_row is not None:
        indicators.append(budget_row)
    values = [value_row(work.form_id, c) for c in work.cells if c.raw is not None]
    if raw.year is not None:
        values.append(
            ValueRow(
                work.form_id,
                "forms",
                "form",
                "year",
                raw.year.text,
                str(year) if year else None,
                "年",
                "ok" if year else "invalid",
                (),
                raw.year.location,
            )
        )
    return form, funds, breakdown, indicators, values


_LOWER_IS_BETTER = ("成本",)  # 成本指标: a bare target is a ceiling


def indicator_check(work: FormWork, seq: int) -> TargetCheck:
    """The target comparison of the form's ``seq``-th indicator (1-based): the column and the audit agree."""
    ind = work.raw.indicators[seq - 1]
    if ind.target is None or ind.actual is None:
        return TargetCheck(None, None)
    return _check_texts(ind.target.text, ind.actual.text, _text(ind.level2))


@lru_cache(maxsize=1 << 15)  # the column and the audit ask per indicator; it depends on these texts only
def _check_texts(target: str, actual: str, level2_text: str | None) -> TargetCheck:
    level2 = clean_inline(level2_text) or ""
    lower = any(word in level2 for word in _LOWER_IS_BETTER)
    return compare_target(parse_target(target), parse_target(actual), lower_is_better=lower)


BUDGET_EXECUTION = "预算执行率"


def _budget_execution_indicator(work: FormWork, seq: int) -> IndicatorRow | None:
    """The money block's 分值/得分 as the form's last indicator (一级指标 ``预算执行率``).

    The templates score budget execution in the money block (typically 10 of the 100 points); listing it
    with the indicators makes "the parts' scores add up to 总分" a plain sum. Its values are the money
    block's own cells (no second ``values`` row); the target is not written on the form, so it stays null.
    """
    total = next((line for line in work.raw.funds if line.line == "total"), None)
    if total is None:
        return None
    weight = work.get("funds", "total", "weight")
    score = work.get("funds", "total", "score")
    rate = work.get("funds", "total", "execution_rate")
    if not any(c is not None and c.value is not None for c in (weight, score)):
        return None
    return IndicatorRow(
        form_id=work.form_id,
        seq=seq,
        level1=BUDGET_EXECUTION,
        level1_weight=_f(weight.value) if weight else None,
        level2=None,
        level3=BUDGET_EXECUTION,
        target_raw=None,
        target_op=None,
        target_value=None,
        target_unit=None,
        actual_raw=clean_prose(rate.raw.text) if rate and rate.raw else None,
        actual_op=None,
        actual_value=_f(rate.value) if rate else None,
        actual_unit="%" if rate and rate.value is not None else None,
        weight=_f(weight.value) if weight else None,
        score=_f(score.value) if score else None,
        deviation_reason=None,
        location=total.label.location,
    )


def value_row(form_id: str, c: CellValue) -> ValueRow:
    table_field = f"{c.field}_yuan" if c.kind == "money" else c.field
    if c.table == "funds" and c.field == "execution_rate":
        table_field = "execution_rate_pct"
    value: str | None
    if c.value is not None:
        value = f"{c.value:.2f}" if c.kind == "money" else _plain(c.value)
    elif c.candidates:
        value = " | ".join(f"{x:.2f}" for x in c.candidates)
    else:
        value = None
    unit = c.unit_written or (c.header_unit if c.kind == "money" and c.status != "empty" else None)
    raw = c.raw
    return ValueRow(  # by position (26 thousand rows a MB): form_id, table, row_key, field, raw, value,
        form_id,  # unit_written, status, repairs, location
        c.table,
        c.row_key,
        table_field,
        raw.text if raw else None,
        value,
        unit,
        c.status,
        c.repairs,
        raw.location if raw else None,
    )


def _plain(d: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 98.990 → '98.99', 1E+2 → '100'."""
    text = format(d.normalize(), "f")
    return text
