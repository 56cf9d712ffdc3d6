"""Identities inside one form that become anomalies when they fail (nothing changes here but a rate).

Scores add up to 总分 and 分值 to the total; each group's 分值 matches its ``(50分)``; no indicator
scores above its 分值; 执行率 = 执行数 ÷ 全年预算数 at the written precision; 得分 = 分值 × 执行率; the
money lines and the 按收入/支出性质分 breakdowns add up to the total; 人员经费 + 公用经费 = 基本支出.
A bare ``0.9999`` in a 执行率 cell is read by the one reading 执行数 ÷ 全年预算数 confirms. The sums are
``evidence.form_identities`` (one definition), checked only where every figure is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jixiao.extract.layout import Location
from jixiao.normalize.amounts import whole_cents
from jixiao.normalize.evidence import Identity, as_read, consistent, exact, form_identities
from jixiao.normalize.forms import (
    FIELD_ZH,
    CellValue,
    FormWork,
)
from jixiao.normalize.records import AnomalyRow
from jixiao.normalize.text import clean_inline


def yuan_text(d: Decimal | None) -> str:
    """Money for a sentence: grouped, 2 places — more only when the reading really has them."""
    if d is None:
        return ""
    return f"{d:,.2f}元" if whole_cents(d) else f"{d:,f}元"


def anomaly(
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


def _parts(work: FormWork, field: str) -> list[Decimal]:
    """``field`` (得分 or 分值) of every indicator and of the money block: the parts of the form's total."""
    return [c.value for c in work.scored if c.field == field and c.value is not None]


def computed_score(work: FormWork) -> Decimal | None:
    """Sum of the parts' scores: every indicator's 得分 plus the money block's 得分."""
    parts = _parts(work, "score")
    return sum(parts, Decimal(0)) if parts else None


def check_form(work: FormWork, identities: Sequence[Identity] | None = None) -> list[AnomalyRow]:
    """Every identity check on one form. ``identities``: the form's, when the caller holds them as
    ``form_identities`` would build them now (``normalize.reconcile``); else they are built here."""
    out: list[AnomalyRow] = []
    out += _check_scores(work)
    out += _check_funds(work)
    out += _check_sums(work, form_identities(work) if identities is None else identities)
    return out


def _check_scores(work: FormWork) -> list[AnomalyRow]:
    out: list[AnomalyRow] = []
    total = work.get("forms", "form", "total_score")
    computed = computed_score(work)
    if total and total.value is not None and computed is not None and total.value != computed:
        out.append(
            anomaly(
                work,
                "score.total",
                "error",
                f"各项得分合计{computed}与总分{total.value}不一致",
                expected=computed,
                observed=total.value,
                location=total.location,
            )
        )
    weights = _parts(work, "weight")
    weight_sum = sum(weights, Decimal(0))
    tw = work.get("forms", "form", "total_weight")
    if tw and tw.value is not None and weights and weight_sum != tw.value:
        out.append(
            anomaly(
                work,
                "weight.total",
                "warning",
                f"各项分值合计{weight_sum}与总分分值{tw.value}不一致",
                expected=weight_sum,
                observed=tw.value,
                location=tw.location,
            )
        )
    groups: dict[tuple[str, Decimal], list[Decimal]] = {}
    group_loc: dict[tuple[str, Decimal], Location | None] = {}
    for ind_seq, ind in enumerate(work.raw.indicators, start=1):
        row = work.row("indicators", f"{ind_seq:03d}")
        w, s = row.get("weight"), row.get("score")
        if w and s and w.value is not None and s.value is not None and s.value > w.value:
            out.append(
                anomaly(
                    work,
                    "indicator.score_exceeds_weight",
                    "error",
                    f"第{ind_seq}项指标得分{s.value}超过分值{w.value}",
                    expected=f"<= {w.value}",
                    observed=s.value,
                    location=s.location,
                )
            )
        gw = row.get("level1_weight")
        if gw and gw.value is not None and ind.level1 is not None:
            gkey = (clean_inline(ind.level1.text) or "", gw.value)
            groups.setdefault(gkey, []).append(w.value if w and w.value is not None else Decimal(0))
            group_loc.setdefault(gkey, gw.location)
    for (name, gweight), ws in groups.items():
        if (group_sum := sum(ws, Decimal(0))) != gweight:
            out.append(
                anomaly(
                    work,
                    "weight.group",
                    "warning",
                    f"{name}下各指标分值合计{group_sum}与标注的{gweight}分不一致",
                    expected=gweight,
                    observed=group_sum,
                    location=group_loc[(name, gweight)],
                )
            )
    return out


def _check_funds(work: FormWork) -> list[AnomalyRow]:
    out: list[AnomalyRow] = []
    for line in (f.line for f in work.lines):
        # Only exact figures speak for a rate: 约80 or a sub-cent 79.9920004 settles and checks nothing.
        row = work.row("funds", line)
        budget = exact(row.get("budget_full_year"))
        executed = exact(row.get("executed"))
        rate = row.get("execution_rate")
        if budget and executed is not None and rate and rate.status == "ambiguous":
            out += _settle_rate(work, rate, executed / budget * 100)
        if budget and executed is not None and rate and rate.value is not None:
            ratio = executed / budget * 100
            if not consistent(rate.value, ratio, rate.text):
                out.append(
                    anomaly(
                        work,
                        "funds.execution_rate",
                        "warning",
                        f"{rate.label}应为{ratio:.2f}%（执行数÷全年预算数），填写为{rate.value}%",
                        expected=f"{ratio:.2f}",
                        observed=rate.value,
                        location=rate.location,
                    )
                )
            weight_cell = row.get("weight")
            weight = weight_cell.value if weight_cell else None
            score = row.get("score")
            if weight is not None and score and score.value is not None:
                expected = weight * min(ratio, Decimal(100)) / 100
                if not consistent(score.value, expected, score.text):
                    out.append(
                        anomaly(
                            work,
                            "funds.score",
                            "warning",
                            f"{score.label}应为{expected:.2f}（分值×执行率），填写为{score.value}",
                            expected=f"{expected:.2f}",
                            observed=score.value,
                            location=score.location,
                        )
                    )
    return out


def _settle_rate(work: FormWork, rate: CellValue, exact: Decimal) -> list[AnomalyRow]:
    """A bare ``0.9999`` or ``1`` in a 执行率 column: the reading that 执行数 ÷ 全年预算数 confirms."""
    fitting = [c for c in rate.candidates if consistent(c, exact, str(c))]
    if len(fitting) != 1:
        return []
    rate.choose(fitting[0].normalize(), "rate_reading_chosen_by_execution")
    return [
        anomaly(
            work,
            "value.ambiguous_resolved",
            "info",
            f"执行率“{rate.shown}”按执行数÷全年预算数读作{fitting[0].normalize():f}%",
            expected=f"{fitting[0].normalize():f}",
            observed=rate.shown,
            location=rate.location,
        )
    ]


def _check_sums(work: FormWork, identities: Sequence[Identity]) -> list[AnomalyRow]:
    """The form's sum identities (``evidence.form_identities``) that fail on exact figures as read."""
    out: list[AnomalyRow] = []
    for identity in identities:
        if not identity.rule:
            continue
        assigned = as_read(identity)
        if assigned is None:
            continue  # an unread or approximate figure: nothing to check (reported apart)
        if identity.holds({**assigned}):  # (a copy: ``holds`` takes values that may be None)
            continue
        total, *parts = identity.cells
        whole, got = assigned[id(total)], sum((assigned[id(p)] for p in parts), Decimal(0))
        column = f"（{FIELD_ZH[total.field]}）" if identity.rule == "funds.lines_sum" else ""
        out.append(
            anomaly(
                work,
                identity.rule,
                "warning",
                f"{identity.parts}合计{yuan_text(got)}与{identity.name.split('＝')[0]}{yuan_text(whole)}"
                f"{column}不一致",
                expected=f"{whole:.2f}",
                observed=f"{got:.2f}",
                location=_SUM_LOCATION[identity.rule](total, parts[0]),
            )
        )
    return out


# Where a failed sum is shown: the money lines' total, a breakdown's first part, no one cell for 基本支出.
_SUM_LOCATION = {
    "funds.lines_sum": lambda total, first: total.location,
    "funds.breakdown_sum": lambda total, first: first.location,
    "funds.basic_sum": lambda total, first: None,
}
