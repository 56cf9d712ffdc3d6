"""Reconciliation: a document's own evidence settles ambiguous values; identities that fail become anomalies.

Order matters and is fixed: (1) choose among an ambiguous cell's candidates where exactly one matches a
value stated elsewhere in the document; (2) repair units where sibling magnitudes prove a 万元/元 slip;
(3) check identities (scores add up to 总分, 执行率 = 执行数 ÷ 全年预算数, score = 分值 × 执行率, breakdown
lines sum to the total, group weights match ``(50分)``); (4) compare the narrative reports with the forms.
Every choice is recorded in the cell's repairs and as an anomaly row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from jixiao.extract.layout import Location
from jixiao.normalize.forms import FIELD_ZH, FUND_MONEY_FIELDS, CellValue, FormWork
from jixiao.normalize.records import AnomalyRow, FactRow
from jixiao.normalize.text import clean_inline

_WAN = Decimal(10000)
_CENT = Decimal("0.01")


def _yuan(d: Decimal | None) -> str:
    """Money for a sentence: grouped, 2 places — more only when the reading really has them."""
    if d is None:
        return ""
    return f"{d:,.2f}元" if d == d.quantize(_CENT) else f"{d:,f}元"


def _anomaly(
    work: FormWork,
    rule: str,
    severity: str,
    message: str,
    expected: object = None,
    observed: object = None,
    location: Location | None = None,
) -> AnomalyRow:
    return AnomalyRow(
        doc_id=work.doc_id,
        form_id=work.form_id,
        rule=rule,
        severity=severity,
        message=message,
        expected=None if expected is None else str(expected),
        observed=None if observed is None else str(observed),
        location=location,
    )


def _shown(cell: CellValue) -> str:
    return cell.raw.text.strip() if cell.raw else ""


def _label(work: FormWork, cell: CellValue) -> str:
    return cell.label or f"{work.form_id} {cell.row_key} {FIELD_ZH.get(cell.field, cell.field)}"


# --- 1. ambiguous values -------------------------------------------------------------------------------


def choose_candidates(forms: Sequence[FormWork]) -> list[AnomalyRow]:
    """Settle each ambiguous money cell whose candidates include exactly one value stated elsewhere."""
    out: list[AnomalyRow] = []
    settled: list[tuple[Decimal, FormWork, CellValue]] = [
        (c.value, w, c) for w in forms for c in w.cells if c.kind == "money" and c.value is not None
    ]
    for work in forms:
        for cell in work.cells:
            if cell.kind != "money" or cell.status != "ambiguous":
                continue
            support = {
                cand: (w, c) for cand in cell.candidates for v, w, c in settled if v == cand and c is not cell
            }
            if len(support) == 1:
                ((value, (ew, ec)),) = support.items()
                evidence = f"{_label(ew, ec)}（{ec.raw.text.strip() if ec.raw else ''}，{ec.location}）"
                cell.choose(value, "candidate_chosen_by_evidence")
                out.append(
                    _anomaly(
                        work,
                        "value.ambiguous_resolved",
                        "warning",
                        f"“{_shown(cell)}”有多种读法，依据{evidence}取{_yuan(value)}",
                        expected=f"{value:.2f}",
                        observed=cell.raw.text if cell.raw else None,
                        location=cell.location,
                    )
                )
    # Cells with the same raw text in the same form share the reading just chosen.
    for work in forms:
        chosen = {
            c.raw.text: c.value
            for c in work.cells
            if c.kind == "money" and c.raw and "candidate_chosen_by_evidence" in c.repairs
        }
        for cell in work.cells:
            same = chosen.get(cell.raw.text) if cell.raw else None
            if cell.status == "ambiguous" and same is not None and same in cell.candidates:
                cell.choose(same, "candidate_chosen_by_evidence")
    return out


def report_unsettled(forms: Sequence[FormWork]) -> list[AnomalyRow]:
    """What evidence could not settle: ambiguous cells stay unread (error), invalid text is flagged."""
    out: list[AnomalyRow] = []
    for work in forms:
        for cell in work.cells:
            if cell.status == "ambiguous":
                cands = "、".join(
                    _yuan(c) if cell.kind == "money" else f"{c.normalize():f}" for c in cell.candidates
                )
                out.append(
                    _anomaly(
                        work,
                        "value.ambiguous",
                        "error",
                        f"“{_shown(cell)}”无法确定读法（可能为{cands}），未取值",
                        expected=None,
                        observed=cell.raw.text if cell.raw else None,
                        location=cell.location,
                    )
                )
            elif cell.status == "invalid" and cell.raw and cell.raw.text.strip():
                out.append(
                    _anomaly(
                        work,
                        "value.invalid",
                        "warning",
                        f"{cell.label}“{cell.raw.text.strip()}”不是有效的数值",
                        observed=cell.raw.text,
                        location=cell.location,
                    )
                )
    return out


# --- 2. unit slips by sibling magnitude -----------------------------------------------------------------


def repair_unit_magnitudes(forms: Sequence[FormWork]) -> list[AnomalyRow]:
    """A 万元 column holding ``2537695`` beside ``253.77`` is really 元 (and the reverse)."""
    out: list[AnomalyRow] = []
    for work in forms:
        for line in {c.row_key for c in work.cells if c.table == "funds"}:
            cells = [work.get("funds", line, f) for f in FUND_MONEY_FIELDS]
            known = [c for c in cells if c is not None and c.value not in (None, Decimal(0))]
            for cell in known:
                others = [o.value for o in known if o is not cell and o.value is not None]
                assert cell.value is not None
                if len(others) < 1 or cell.unit_written:
                    continue  # a unit written in the cell itself is not second-guessed here
                ratios = [cell.value / o for o in others]
                if all(Decimal(5000) <= r <= Decimal(20000) for r in ratios):
                    fixed = (cell.value / _WAN).quantize(_CENT)
                    note = "unit_mislabeled_yuan_in_wan_column"
                elif all(Decimal(1) / 20000 <= r <= Decimal(1) / 5000 for r in ratios):
                    fixed = (cell.value * _WAN).quantize(_CENT)
                    note = "unit_mislabeled_wan_in_yuan_column"
                else:
                    continue
                before = cell.value
                cell.choose(fixed, note)
                out.append(
                    _anomaly(
                        work,
                        "unit.mislabeled",
                        "warning",
                        f"{_label(work, cell)}“{_shown(cell)}”与同行数值相差约一万倍，"
                        f"按单位误写修正为{_yuan(fixed)}",
                        expected=f"{fixed:.2f}",
                        observed=f"{before:.2f}",
                        location=cell.location,
                    )
                )
    return out


# --- 3. identities within a form -----------------------------------------------------------------------


def _places(raw: str | None) -> int:
    if not raw:
        return 0
    digits = "".join(ch for ch in raw if ch.isdigit() or ch == ".")
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def _consistent(written: Decimal, exact: Decimal, raw: str | None) -> bool:
    """True when ``written`` is ``exact`` rounded or truncated to the places the clerk wrote."""
    q = Decimal(1).scaleb(-_places(raw))
    return written in (exact.quantize(q, ROUND_HALF_UP), exact.quantize(q, ROUND_DOWN))


def computed_score(work: FormWork) -> Decimal | None:
    """Sum of the parts' scores: every indicator's 得分 plus the money block's 得分."""
    parts = [
        c.value
        for c in work.cells
        if c.field == "score"
        and c.value is not None
        and (c.table == "indicators" or (c.table == "funds" and c.row_key == "total"))
    ]
    return sum(parts, Decimal(0)) if parts else None


def check_form(work: FormWork) -> list[AnomalyRow]:
    out: list[AnomalyRow] = []
    out += _check_scores(work)
    out += _check_funds(work)
    out += _check_breakdown(work)
    return out


def _check_scores(work: FormWork) -> list[AnomalyRow]:
    out: list[AnomalyRow] = []
    total = work.get("forms", "form", "total_score")
    computed = computed_score(work)
    if total and total.value is not None and computed is not None and total.value != computed:
        out.append(
            _anomaly(
                work,
                "score.total",
                "error",
                f"各项得分合计{computed}与总分{total.value}不一致",
                expected=computed,
                observed=total.value,
                location=total.location,
            )
        )
    weights = [
        c.value
        for c in work.cells
        if c.field == "weight"
        and c.value is not None
        and (c.table == "indicators" or (c.table == "funds" and c.row_key == "total"))
    ]
    tw = work.get("forms", "form", "total_weight")
    if tw and tw.value is not None and weights and sum(weights, Decimal(0)) != tw.value:
        out.append(
            _anomaly(
                work,
                "weight.total",
                "warning",
                f"各项分值合计{sum(weights, Decimal(0))}与总分分值{tw.value}不一致",
                expected=sum(weights, Decimal(0)),
                observed=tw.value,
                location=tw.location,
            )
        )
    groups: dict[tuple[str, Decimal], list[Decimal]] = {}
    group_loc: dict[tuple[str, Decimal], Location | None] = {}
    for ind_seq, ind in enumerate(work.raw.indicators, start=1):
        key = f"{ind_seq:03d}"
        w, s = work.get("indicators", key, "weight"), work.get("indicators", key, "score")
        if w and s and w.value is not None and s.value is not None and s.value > w.value:
            out.append(
                _anomaly(
                    work,
                    "indicator.score_exceeds_weight",
                    "error",
                    f"第{ind_seq}项指标得分{s.value}超过分值{w.value}",
                    expected=f"<= {w.value}",
                    observed=s.value,
                    location=s.location,
                )
            )
        gw = work.get("indicators", key, "level1_weight")
        if gw and gw.value is not None and ind.level1 is not None:
            gkey = (clean_inline(ind.level1.text) or "", gw.value)
            groups.setdefault(gkey, []).append(w.value if w and w.value is not None else Decimal(0))
            group_loc.setdefault(gkey, gw.location)
    for (name, gweight), ws in groups.items():
        if sum(ws, Decimal(0)) != gweight:
            out.append(
                _anomaly(
                    work,
                    "weight.group",
                    "warning",
                    f"{name}下各指标分值合计{sum(ws, Decimal(0))}与标注的{gweight}分不一致",
                    expected=gweight,
                    observed=sum(ws, Decimal(0)),
                    location=group_loc[(name, gweight)],
                )
            )
    return out


def _check_funds(work: FormWork) -> list[AnomalyRow]:
    out: list[AnomalyRow] = []
    for line in dict.fromkeys(c.row_key for c in work.cells if c.table == "funds"):
        budget = work.value("funds", line, "budget_full_year")
        executed = work.value("funds", line, "executed")
        rate = work.get("funds", line, "execution_rate")
        if budget and executed is not None and rate and rate.status == "ambiguous":
            out += _settle_rate(work, rate, executed / budget * 100)
        if budget and executed is not None and rate and rate.value is not None:
            exact = executed / budget * 100
            if not _consistent(rate.value, exact, rate.raw.text if rate.raw else None):
                out.append(
                    _anomaly(
                        work,
                        "funds.execution_rate",
                        "warning",
                        f"{rate.label}应为{exact:.2f}%（执行数÷全年预算数），填写为{rate.value}%",
                        expected=f"{exact:.2f}",
                        observed=rate.value,
                        location=rate.location,
                    )
                )
            weight = work.value("funds", line, "weight")
            score = work.get("funds", line, "score")
            if weight is not None and score and score.value is not None:
                expected = weight * min(exact, Decimal(100)) / 100
                if not _consistent(score.value, expected, score.raw.text if score.raw else None):
                    out.append(
                        _anomaly(
                            work,
                            "funds.score",
                            "warning",
                            f"{score.label}应为{expected:.2f}（分值×执行率），填写为{score.value}",
                            expected=f"{expected:.2f}",
                            observed=score.value,
                            location=score.location,
                        )
                    )
    for name in FUND_MONEY_FIELDS:
        total = work.get("funds", "total", name)
        parts = [
            work.value("funds", k, name)
            for k in ("current_year_appropriation", "prior_year_carryover", "other_funds")
        ]
        present = [p for p in parts if p is not None]
        if total and total.value is not None and present and sum(present, Decimal(0)) != total.value:
            out.append(
                _anomaly(
                    work,
                    "funds.lines_sum",
                    "warning",
                    f"资金来源合计{_yuan(sum(present, Decimal(0)))}与年度资金总额{_yuan(total.value)}"
                    f"（{FIELD_ZH[name]}）不一致",
                    expected=f"{total.value:.2f}",
                    observed=f"{sum(present, Decimal(0)):.2f}",
                    location=total.location,
                )
            )
    return out


def _settle_rate(work: FormWork, rate: CellValue, exact: Decimal) -> list[AnomalyRow]:
    """A bare ``0.9999`` or ``1`` in a 执行率 column: the reading that 执行数 ÷ 全年预算数 confirms."""
    fitting = [c for c in rate.candidates if _consistent(c, exact, str(c))]
    if len(fitting) != 1:
        return []
    rate.choose(fitting[0].normalize(), "rate_reading_chosen_by_execution")
    return [
        _anomaly(
            work,
            "value.ambiguous_resolved",
            "info",
            f"执行率“{_shown(rate)}”按执行数÷全年预算数读作{fitting[0].normalize():f}%",
            expected=f"{fitting[0].normalize():f}",
            observed=_shown(rate),
            location=rate.location,
        )
    ]


def _check_breakdown(work: FormWork) -> list[AnomalyRow]:
    out: list[AnomalyRow] = []
    targets = {n: work.value("funds", "total", n) for n in FUND_MONEY_FIELDS}
    for basis, zh in (("income", "按收入性质分"), ("expenditure", "按支出性质分")):
        cells = [
            c
            for c in work.cells
            if c.table == "fund_breakdown"
            and c.row_key.startswith(basis + ".")
            and c.row_key.split(".", 1)[1] not in ("personnel", "public_funds")
        ]
        present = [c.value for c in cells if c.value is not None]
        if not present or not any(targets.values()):
            continue
        total = sum(present, Decimal(0))
        if total not in {v for v in targets.values() if v is not None}:
            expected = targets["budget_full_year"] or next(v for v in targets.values() if v is not None)
            out.append(
                _anomaly(
                    work,
                    "funds.breakdown_sum",
                    "warning",
                    f"{zh}各项合计{_yuan(total)}与年度资金总额{_yuan(expected)}不一致",
                    expected=f"{expected:.2f}",
                    observed=f"{total:.2f}",
                    location=cells[0].location,
                )
            )
    basic = work.value("fund_breakdown", "expenditure.basic_expenditure", "amount")
    people = [
        work.value("fund_breakdown", f"expenditure.{k}", "amount") for k in ("personnel", "public_funds")
    ]
    if basic is not None and all(p is not None for p in people):
        s = sum((p for p in people if p is not None), Decimal(0))
        if s != basic:
            out.append(
                _anomaly(
                    work,
                    "funds.basic_sum",
                    "warning",
                    f"人员经费与公用经费合计{_yuan(s)}与基本支出{_yuan(basic)}不一致",
                    expected=f"{basic:.2f}",
                    observed=f"{s:.2f}",
                )
            )
    return out


# --- 4. narrative reports against the forms ------------------------------------------------------------


def check_facts(forms: Sequence[FormWork], facts: Iterable[FactRow], doc_id: str) -> list[AnomalyRow]:
    """A report's amount that disagrees with its form is an anomaly (unit slips, other totals)."""
    out: list[AnomalyRow] = []
    stated = [(c.value, w, c) for w in forms for c in w.cells if c.kind == "money" and c.value]
    projects = [w for w in forms if w.raw.form_type == "project"]
    departments = [w for w in forms if w.raw.form_type == "department"]
    for fact in facts:
        if fact.amount_yuan is None:
            continue
        amount = fact.amount_yuan
        exact_match = any(v == amount for v, _, _ in stated)
        if not exact_match:
            for value, w, c in stated:
                if fact.unit_written == "万元" and amount == value * _WAN:
                    out.append(
                        _fact_anomaly(
                            doc_id,
                            "unit.mislabeled",
                            "warning",
                            f"报告中“{fact.raw}”应为元：等于{_label(w, c)}{_yuan(value)}",
                            f"{value:.2f}",
                            fact,
                            form_id=w.form_id,
                        )
                    )
                    break
                if fact.unit_written == "元" and amount * _WAN == value:
                    out.append(
                        _fact_anomaly(
                            doc_id,
                            "unit.mislabeled",
                            "warning",
                            f"报告中“{fact.raw}”应为万元：等于{_label(w, c)}{_yuan(value)}",
                            f"{value:.2f}",
                            fact,
                            form_id=w.form_id,
                        )
                    )
                    break
        subject = fact.subject or ""
        for proj in projects:
            name = clean_inline(proj.raw.header["project"].text) if "project" in proj.raw.header else None
            executed = proj.value("funds", "total", "executed")
            if not name or name not in subject or "支出" not in subject or executed is None:
                continue
            if amount != executed:
                why = ""
                for dept in departments:
                    d_exec = dept.value("funds", "total", "executed")
                    basic = dept.value("fund_breakdown", "expenditure.basic_expenditure", "amount")
                    if d_exec is not None and basic is not None and d_exec - basic == amount:
                        why = f"；该数等于部门整体执行数{_yuan(d_exec)}减基本支出{_yuan(basic)}"
                out.append(
                    _fact_anomaly(
                        doc_id,
                        "cross.project_executed",
                        "warning",
                        f"报告中{name}支出“{fact.raw}”与项目支出绩效自评表全年执行数{_yuan(executed)}不一致{why}",
                        f"{executed:.2f}",
                        fact,
                        form_id=proj.form_id,
                    )
                )
    return out


def _fact_anomaly(
    doc_id: str,
    rule: str,
    severity: str,
    message: str,
    expected: str,
    fact: FactRow,
    form_id: str | None = None,
) -> AnomalyRow:
    return AnomalyRow(
        doc_id=doc_id,
        form_id=form_id,
        rule=rule,
        severity=severity,
        message=message,
        expected=expected,
        observed=f"{fact.amount_yuan:.2f}" if fact.amount_yuan else fact.raw,
        location=fact.location,
    )


def reconcile(forms: Sequence[FormWork], facts: Sequence[FactRow], doc_id: str) -> list[AnomalyRow]:
    """Run every stage in order; cells are updated in place, anomalies returned."""
    out = choose_candidates(forms)
    out += repair_unit_magnitudes(forms)
    for work in forms:
        out += check_form(work)
    out += check_facts(forms, facts, doc_id)
    out += report_unsettled(forms)
    return out
