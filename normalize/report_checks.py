"""The narrative reports against the forms: unit slips in the report, a project's spending stated otherwise.

A report figure whose digits equal an exact form figure but whose written unit makes it 10⁴ times larger
(or smaller) is flagged — the form's unit was already decided on the weight of evidence
(``normalize.units``), so here the report is the side that slipped. The ``facts`` row itself is corrected
only when the report confirms it too: the figures stated as its parts in the same sentence
(``其中：人员经费…，公用经费…``) add up to the corrected amount. Approximate figures (约, 余, not
whole cents) are never compared.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

from jixiao.normalize.amounts import EXACT
from jixiao.normalize.checks import anomaly, yuan_text
from jixiao.normalize.forms import CellValue, FormWork
from jixiao.normalize.records import AnomalyRow, FactRow
from jixiao.normalize.text import clean_inline
from jixiao.normalize.units import specific

_WAN = Decimal(10000)
_OTHER_UNIT = {"万元": "元", "元": "万元"}


def _label(work: FormWork, cell: CellValue) -> str:
    return cell.label or f"{work.form_id} {cell.row_key} {cell.field}"


def _parts_confirm(fact: FactRow, facts: Sequence[FactRow], corrected: Decimal) -> bool:
    """The exact figures after ``fact`` in its sentence, following a 其中, add up to ``corrected``."""
    sentence = fact.sentence or ""
    if "其中" not in sentence[sentence.find(fact.raw) :]:
        return False
    after = [
        f for f in facts if f.sentence == fact.sentence and f.location == fact.location and f.seq > fact.seq
    ]
    values = [f.amount_yuan for f in after if f.status in EXACT and f.amount_yuan is not None]
    return len(values) >= 2 and sum(values, Decimal(0)) == corrected


def check_facts(
    forms: Sequence[FormWork], facts: Sequence[FactRow]
) -> tuple[list[AnomalyRow], list[FactRow]]:
    """Anomalies for report figures that disagree with the forms, and the facts (unit slips corrected)."""
    out: list[AnomalyRow] = []
    fixed: list[FactRow] = []
    # the forms' exact figures, first place of each (dicts: a file can hold hundreds of forms and facts)
    stated: dict[Decimal, tuple[FormWork, CellValue]] = {}
    for w in forms:
        for c in w.money:
            if c.value and c.status in EXACT:
                stated.setdefault(c.value, (w, c))
    for fact in facts:
        amount = fact.amount_yuan
        if amount is None or fact.status not in EXACT or amount in stated:
            fixed.append(fact)
            continue
        # 80元 in a report and 80万元 in a form: too round to tie the two together (``specific``)
        if fact.unit_written in _OTHER_UNIT:
            # the form's figure the report meant, had it written the other unit
            value = amount / _WAN if fact.unit_written == "万元" else amount * _WAN
            right = _OTHER_UNIT[fact.unit_written]
            if value in stated and specific(value):
                w, c = stated[value]
                corrected = _parts_confirm(fact, facts, value)
                how = f"，其后所列各分项合计亦为{yuan_text(value)}，已按{right}更正" if corrected else ""
                out.append(
                    anomaly(
                        w,
                        "unit.mislabeled",
                        "warning",
                        f"报告中“{fact.raw}”应为{right}：等于{_label(w, c)}{yuan_text(value)}{how}",
                        f"{value:.2f}",
                        f"{amount:.2f}",
                        fact.location,
                    )
                )
                if corrected:
                    fact = dataclasses.replace(fact, amount_yuan=value, unit_written=right, status="repaired")
        fixed.append(fact)
    out += _project_spending(forms, fixed)
    return out, fixed


def _project_spending(forms: Sequence[FormWork], facts: Sequence[FactRow]) -> list[AnomalyRow]:
    """``巡察专项经费…支出799833.22元`` against that project form's 全年执行数."""
    out: list[AnomalyRow] = []
    departments = [w for w in forms if w.raw.form_type == "department"]
    # Each project's name and 全年执行数 once: a file of hundreds of forms meets every fact with every one.
    projects = [
        (proj, name, executed)
        for proj in forms
        if proj.raw.form_type == "project"
        and "project" in proj.raw.header
        and (name := clean_inline(proj.raw.header["project"].text))
        and (executed := proj.value("funds", "total", "executed")) is not None
    ]
    for fact in facts:
        amount = fact.amount_yuan
        subject = fact.subject or ""
        if amount is None or fact.status not in EXACT or "支出" not in subject:
            continue
        for proj, name, executed in projects:
            if name not in subject:
                continue
            if amount == executed:
                continue
            why = ""
            for dept in departments:
                d_exec = dept.value("funds", "total", "executed")
                basic = dept.value("fund_breakdown", "expenditure.basic_expenditure", "amount")
                if d_exec is not None and basic is not None and d_exec - basic == amount:
                    why = f"；该数等于部门整体执行数{yuan_text(d_exec)}减基本支出{yuan_text(basic)}"
            out.append(
                anomaly(
                    proj,
                    "cross.project_executed",
                    "warning",
                    f"报告中{name}支出“{fact.raw}”与项目支出绩效自评表全年执行数{yuan_text(executed)}不一致{why}",
                    f"{executed:.2f}",
                    f"{amount:.2f}",
                    fact.location,
                )
            )
    return out
