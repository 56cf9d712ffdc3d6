"""``RawForm`` → a ``FormWork``: every source cell parsed into a ``CellValue``, ready for reconciliation.

Reconciliation (``normalize.reconcile``) may still choose among an ambiguous cell's candidates or fix a
unit, so cells stay mutable here; ``to_rows`` freezes them into the contract's rows at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal

from jixiao.extract.layout import Location
from jixiao.extract.records import RawForm, RawFundLine, RawText
from jixiao.normalize.amounts import parse_amount
from jixiao.normalize.numbers import parse_score
from jixiao.normalize.percent import parse_percent
from jixiao.normalize.records import BreakdownRow, FormRow, FundRow, IndicatorRow, ValueRow
from jixiao.normalize.targets import TargetCheck, compare_target, parse_target
from jixiao.normalize.text import clean_inline, clean_prose
from jixiao.schemas.labels import FUND_MONEY_KEYS, FUND_PART_LINES

# The lines that add up to the total, whichever set a form writes (当年财政拨款 / 上年结转 / 其他, or
# 财政资金 / 财政专户管理资金 / 单位资金 / 其他, or 中央补助 / 地方资金): every fund line but the total.
FUND_SOURCES = FUND_PART_LINES


@dataclass(slots=True)
class CellValue:
    """One source cell on its way to a value; reconciliation may update ``value``/``status``."""

    table: str  # funds | fund_breakdown | indicators | forms
    row_key: str
    field: str
    raw: RawText | None
    kind: str  # money | percent | number | target | year
    value: Decimal | None
    status: str  # ok | repaired | approximate | ambiguous | invalid | empty
    repairs: tuple[str, ...] = ()
    unit_written: str | None = None
    candidates: tuple[Decimal, ...] = ()
    declared_unit: str | None = None  # the unit the cell is read in (a header reconciliation corrected too)
    label: str = ""  # what a reviewer calls this cell: "年度资金总额 全年预算数", "基本支出"
    header_unit: str | None = None  # the unit its block's header wrote, as written (never corrected)
    # Its own written unit contradicts its header's and nothing says which is the slip (normalize.units):
    # never evidence for another cell, never settled by one.
    doubted: bool = False

    def choose(self, value: Decimal, repair: str) -> None:
        """Settle an ambiguous or mislabeled value on evidence, recording why."""
        self.value = value
        self.status = "repaired"
        self.repairs = (*self.repairs, repair)
        self.candidates = ()

    @property
    def location(self) -> Location | None:
        return self.raw.location if self.raw else None

    @property
    def text(self) -> str:
        """The cell as written (``""`` when the form has no such cell)."""
        return self.raw.text if self.raw else ""

    @property
    def shown(self) -> str:
        """The cell as written, for a sentence: trimmed."""
        return self.text.strip()


@dataclass(slots=True)
class FormWork:
    form_id: str
    doc_id: str
    raw: RawForm
    cells: list[CellValue] = dc_field(default_factory=list)
    _by_key: dict[tuple[str, str, str], CellValue] = dc_field(default_factory=dict, repr=False)
    _indexed: int = dc_field(default=0, repr=False)  # how many cells ``_by_key`` has seen

    def get(self, table: str, row_key: str, field_name: str) -> CellValue | None:
        if self._indexed != len(self.cells):  # cells are only ever appended
            self._by_key = {}
            for c in self.cells:  # the first cell of a key is its value: a later one never overwrites
                self._by_key.setdefault((c.table, c.row_key, c.field), c)
            self._indexed = len(self.cells)
        return self._by_key.get((table, row_key, field_name))

    def value(self, table: str, row_key: str, field_name: str) -> Decimal | None:
        c = self.get(table, row_key, field_name)
        return c.value if c else None


def _money(table: str, row_key: str, name: str, raw: RawText | None, unit: str | None) -> CellValue:
    amount = parse_amount(raw.text if raw else "", unit)
    return CellValue(
        table,
        row_key,
        name,
        raw,
        "money",
        amount.yuan,
        amount.status,
        amount.repairs,
        amount.unit_written,
        tuple(amount.candidates),
        unit,
        header_unit=unit,
    )


def _number(table: str, row_key: str, name: str, raw: RawText | None) -> CellValue:
    # Every number of a form is a 分值 or 得分: "(50分)", "（10分）" are annotations, never a negative sign.
    num = parse_score(raw.text if raw else "")
    return CellValue(table, row_key, name, raw, "number", num.value, num.status, num.repairs, num.unit)


def _group_weight(row_key: str, raw: RawText | None) -> CellValue:
    return _number("indicators", row_key, "level1_weight", raw)


def _percent(table: str, row_key: str, name: str, raw: RawText | None) -> CellValue:
    pct = parse_percent(raw.text if raw else "")
    return CellValue(
        table,
        row_key,
        name,
        raw,
        "percent",
        pct.value,
        pct.status,
        pct.repairs,
        "%",
        tuple(pct.candidates),
    )


def first_lines(raw: RawForm) -> list[RawFundLine]:
    """The form's money lines, one per key: a second line of a key is never a value (the form reader
    already leaves it unread, with an anomaly; this keeps every consumer of the cells to one reading)."""
    seen: set[str] = set()
    out = []
    for line in raw.funds:
        if line.line not in seen:
            seen.add(line.line)
            out.append(line)
    return out


def build_form(raw: RawForm, *, form_id: str, doc_id: str) -> FormWork:
    """Parse every cell of a raw form (no cross-checks yet)."""
    work = FormWork(form_id, doc_id, raw)
    add = work.cells.append
    for line in first_lines(raw):
        for name in FUND_MONEY_KEYS:
            add(_money("funds", line.line, name, line.cells.get(name), line.unit))
        add(_number("funds", line.line, "weight", line.cells.get("weight")))
        add(_percent("funds", line.line, "execution_rate", line.cells.get("execution_rate")))
        add(_number("funds", line.line, "score", line.cells.get("score")))
    for b in raw.breakdown:
        add(_money("fund_breakdown", f"{b.basis}.{b.line}", "amount", b.amount, b.unit))
    group_cell: RawText | None = None
    for seq, ind in enumerate(raw.indicators, start=1):
        key = f"{seq:03d}"
        weight = _group_weight(key, ind.level1_weight)
        if ind.level1_weight is not None and ind.level1_weight is group_cell:
            weight.raw = None  # inherited down a merged cell: one source cell, one ``values`` row
        group_cell = ind.level1_weight
        add(weight)
        add(_number("indicators", key, "weight", ind.weight))
        add(_number("indicators", key, "score", ind.score))
    add(_number("forms", "form", "total_weight", raw.total_weight))
    add(_number("forms", "form", "total_score", raw.total_score))
    _name_cells(work)
    return work


FIELD_ZH = {
    "budget_initial": "年初预算数",
    "budget_full_year": "全年预算数",
    "executed": "全年执行数",
    "weight": "分值",
    "execution_rate": "执行率",
    "score": "得分",
    "level1_weight": "一级指标分值",
    "total_weight": "总分分值",
    "total_score": "总分得分",
    "amount": "",
}


def _name_cells(work: FormWork) -> None:
    lines = {f.line: clean_inline(f.label.text) or f.line for f in first_lines(work.raw)}
    parts = {f"{b.basis}.{b.line}": clean_inline(b.label.text) or b.line for b in work.raw.breakdown}
    where = work.raw.attachment or work.form_id
    for c in work.cells:
        if c.table == "funds":
            head = lines.get(c.row_key, c.row_key)
        elif c.table == "fund_breakdown":
            head = parts.get(c.row_key, c.row_key)
        elif c.table == "indicators":
            head = f"第{int(c.row_key)}项指标"
        else:
            head = ""
        c.label = f"{where} {head}{FIELD_ZH.get(c.field, c.field)}".strip()


def _f(v: Decimal | None) -> float | None:
    return float(v) if v is not None else None


def _text(raw: RawText | None) -> str | None:
    return raw.text if raw else None


def to_rows(
    work: FormWork, computed_score: Decimal | None
) -> tuple[FormRow, list[FundRow], list[BreakdownRow], list[IndicatorRow], list[ValueRow]]:
    """Freeze a reconciled form into the contract's rows."""
    raw = work.raw
    v = work.value
    year = None
    if raw.year is not None and raw.year.text.strip().isdigit():
        year = int(raw.year.text.strip())
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
        total_weight=_f(v("forms", "form", "total_weight")),
        total_score=_f(v("forms", "form", "total_score")),
        computed_score=_f(computed_score),
        location=raw.location,
    )
    funds = [
        FundRow(
            form_id=work.form_id,
            line=line.line,
            label=clean_inline(line.label.text),
            budget_initial_yuan=v("funds", line.line, "budget_initial"),
            budget_full_year_yuan=v("funds", line.line, "budget_full_year"),
            executed_yuan=v("funds", line.line, "executed"),
            weight=_f(v("funds", line.line, "weight")),
            execution_rate_pct=_f(v("funds", line.line, "execution_rate")),
            score=_f(v("funds", line.line, "score")),
        )
        for line in first_lines(raw)
    ]
    breakdown = [
        BreakdownRow(
            form_id=work.form_id,
            basis=b.basis,
            line=b.line,
            label=clean_inline(b.label.text),
            amount_yuan=v("fund_breakdown", f"{b.basis}.{b.line}", "amount"),
        )
        for b in raw.breakdown
    ]
    indicators = []
    for seq, ind in enumerate(raw.indicators, start=1):
        key = f"{seq:03d}"
        target = parse_target(ind.target.text) if ind.target else None
        actual = parse_target(ind.actual.text) if ind.actual else None
        check = indicator_check(work, seq)
        indicators.append(
            IndicatorRow(
                form_id=work.form_id,
                seq=seq,
                level1=clean_inline(_text(ind.level1)),
                level1_weight=_f(v("indicators", key, "level1_weight")),
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
                weight=_f(v("indicators", key, "weight")),
                score=_f(v("indicators", key, "score")),
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
    level2 = clean_inline(_text(ind.level2)) or ""
    lower = any(word in level2 for word in _LOWER_IS_BETTER)
    return compare_target(parse_target(ind.target.text), parse_target(ind.actual.text), lower_is_better=lower)


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
    return ValueRow(
        form_id=form_id,
        table=c.table,
        row_key=c.row_key,
        field=table_field,
        raw=c.raw.text if c.raw else None,
        value=value,
        unit_written=unit,
        status=c.status,
        repairs=c.repairs,
        location=c.location,
    )


def _plain(d: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 98.990 → '98.99', 1E+2 → '100'."""
    text = format(d.normalize(), "f")
    return text


def breakdown_parts(work: FormWork, basis: str) -> list[CellValue]:
    """The cells of one 按收入/支出性质分 breakdown (``income``/``expenditure``) that add up to its total.

    人员经费 and 公用经费 are parts of 基本支出, not of the total.
    """
    if not work.raw.breakdown:
        return []  # most forms write none (its cells come only from raw.breakdown): no walk over the cells
    return [
        c
        for c in work.cells
        if c.table == "fund_breakdown"
        and c.row_key.startswith(basis + ".")
        and c.row_key.split(".", 1)[1] not in ("personnel", "public_funds")
    ]
