"""Reconciliation: a document's evidence settles units and ambiguous values; failed identities are flagged.

Order is fixed: (1) money units by weight of evidence (``normalize.units``); (2) a thousands grouping the
identities speak against made unread (``normalize.decimal_commas``), then ambiguous cells settled by
identities that relate cells by meaning (``normalize.evidence``) — never by another cell holding the same
digits; (3) identities checked (``normalize.checks``) and the auditor's checks (``normalize.audit``);
(4) the reports against the forms (``normalize.report_checks``); (5) what stayed unsettled, and one
``info`` row per repair, so that every changed value can be reviewed from ``anomalies`` alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jixiao.normalize.amount_repairs import REPAIR_DESCRIPTIONS
from jixiao.normalize.audit import audit_form
from jixiao.normalize.block_scores import MOVED, lift_block_scores
from jixiao.normalize.checks import anomaly, check_form, yuan_text
from jixiao.normalize.decimal_commas import SLUG as DECIMAL_COMMA
from jixiao.normalize.decimal_commas import doubt_decimal_commas, settle_decimal_commas
from jixiao.normalize.evidence import Choice, cross_identities, form_identities, settle_by_identities
from jixiao.normalize.forms import CellValue, FormWork
from jixiao.normalize.glued_cells import SPLIT, split_glued_neighbours
from jixiao.normalize.records import AnomalyRow, FactRow
from jixiao.normalize.report_checks import check_facts
from jixiao.normalize.unit_slips import UnitNote
from jixiao.normalize.units import decide_units

# Slugs whose change is already told by its own anomaly row (unit and identity decisions).
_TOLD = {
    "candidate_chosen_by_evidence",
    "rate_reading_chosen_by_execution",
    "unit_mislabeled_yuan_in_wan_column",
    "unit_mislabeled_wan_in_yuan_column",
    "unit_header_corrected_by_evidence",
    "unit_inferred_from_evidence",
    SPLIT,
    MOVED,
    DECIMAL_COMMA,
}


# What a reviewer can supply or check to settle an unread money cell, by where it sits.
_WOULD_SETTLE = {
    "funds": "；同行写明执行率（执行数÷全年预算数）、或资金来源各行合计，即可确定",
    "fund_breakdown": "；分项合计与年度资金总额核对即可确定",
}


def _value_text(cell: CellValue, value: Decimal) -> str:
    """A reading of the cell for a sentence: money in 元, anything else as plain digits."""
    return yuan_text(value) if cell.kind == "money" else f"{value.normalize():f}"


def _choice_rows(
    owner: dict[int, FormWork], choices: Sequence[Choice], unit_unsure: set[int]
) -> list[AnomalyRow]:
    return [
        anomaly(
            owner[id(ch.cell)],
            "value.ambiguous_resolved",
            "info",
            f"{ch.cell.label}“{ch.cell.shown}”"
            f"{'单位存疑' if id(ch.cell) in unit_unsure else '有多种读法'}，"
            f"按{'、'.join(ch.identities)}取{yuan_text(ch.value)}",
            expected=f"{ch.value:.2f}",
            observed=ch.cell.raw.text if ch.cell.raw else None,
            location=ch.cell.location,
        )
        for ch in choices
    ]


def _unit_rows(owner: dict[int, FormWork], notes: Sequence[UnitNote]) -> list[AnomalyRow]:
    out = []
    for note in notes:
        if note.rule == "unit.uncertain" and note.cell.status != "ambiguous":
            continue  # an identity settled it after all: its own info row says how
        out.append(
            anomaly(
                owner[id(note.cell)],
                note.rule,
                note.severity,
                note.message,
                expected=note.expected,
                observed=note.observed,
                location=note.cell.location,
            )
        )
    return out


def _unsettled(forms: Sequence[FormWork], unit_unsure: set[int]) -> list[AnomalyRow]:
    """Ambiguous cells stay unread (error) and say what would settle them; invalid text is flagged."""
    out: list[AnomalyRow] = []
    for work in forms:
        for cell in work.cells:
            if cell.status == "ambiguous" and id(cell) not in unit_unsure:
                cands = "、".join(_value_text(cell, c) for c in cell.candidates)
                settle = (
                    _WOULD_SETTLE.get(cell.table, "") if cell.kind == "money" else "；执行数÷预算数可确定"
                )
                out.append(
                    anomaly(
                        work,
                        "value.ambiguous",
                        "error",
                        f"{cell.label}“{cell.shown}”无法确定读法（可能为{cands}），未取值{settle}",
                        observed=cell.raw.text if cell.raw else None,
                        location=cell.location,
                    )
                )
            elif cell.status == "invalid" and cell.shown:
                out.append(
                    anomaly(
                        work,
                        "value.invalid",
                        "warning",
                        f"{cell.label}“{cell.shown}”不是有效的数值",
                        observed=cell.text,
                        location=cell.location,
                    )
                )
    return out


def _repair_rows(forms: Sequence[FormWork]) -> list[AnomalyRow]:
    """One ``info`` row per cell read after a text repair (stray separators, full-width digits, …)."""
    out: list[AnomalyRow] = []
    for work in forms:
        for cell in work.cells:
            if not cell.repairs:
                continue  # most cells: read as written
            slugs = [s for s in cell.repairs if s not in _TOLD]
            if cell.value is None or cell.raw is None or not slugs or set(cell.repairs) & _TOLD:
                continue
            how = "；".join(REPAIR_DESCRIPTIONS.get(s, s).split(" / ")[0] for s in slugs)
            out.append(
                anomaly(
                    work,
                    "value.repaired",
                    "info",
                    f"{cell.label}“{cell.shown}”读作{_value_text(cell, cell.value)}（{how}）",
                    expected=f"{cell.value:.2f}" if cell.kind == "money" else f"{cell.value.normalize():f}",
                    observed=cell.raw.text,
                    location=cell.location,
                )
            )
    return out


def _blanks(work: FormWork) -> tuple[bool, ...]:
    """Which money cells of the form are blank: what its money lines' sum identities are made of."""
    return tuple(c.status == "empty" for c in work.money)


def reconcile(forms: Sequence[FormWork], facts: Sequence[FactRow]) -> tuple[list[AnomalyRow], list[FactRow]]:
    """Run every stage in order; cells are updated in place; anomalies and the (corrected) facts returned."""
    # (with the identities of each form that its last step built: no cell of that form changed since)
    notes, built = decide_units(forms, facts)
    unit_unsure = {id(n.cell) for n in notes if n.rule == "unit.uncertain"}
    per_form = [built.get(id(w)) or form_identities(w) for w in forms]
    identities = [i for ids in per_form for i in ids] + cross_identities(forms)
    blanks = [_blanks(w) for w in forms]
    doubts = doubt_decimal_commas(forms, identities)  # 100,017 for 100.017: unread where identities say so
    choices = settle_by_identities(identities)
    while more := doubt_decimal_commas(forms, identities, done={id(d.cell) for d in doubts}):
        doubts += more  # a settled total may speak against its parts' groupings in turn
        choices += settle_by_identities(identities)
    owner = {id(c): w for w in forms for c in w.cells}  # the form a noted cell belongs to
    comma_rows, comma_told = settle_decimal_commas(owner, doubts, choices)
    choices = [ch for ch in choices if id(ch.cell) not in comma_told]
    out = _unit_rows(owner, notes) + _choice_rows(owner, choices, unit_unsure) + comma_rows
    glued_rows, glued_told = split_glued_neighbours(forms)  # before the checks: they read the split
    block_rows, block_told = lift_block_scores(forms)
    out += glued_rows + block_rows
    for work, ids, blank in zip(forms, per_form, blanks, strict=True):
        # The sums are made of the same cells while no money cell turned blank or written since (its
        # breakdown's total is chosen by values too: a form that writes one has them built again).
        same = not work.raw.breakdown and _blanks(work) == blank
        out += check_form(work, ids if same else None)
        out += audit_form(work)
    fact_rows, fixed_facts = check_facts(forms, facts)
    out += fact_rows
    out += _unsettled(forms, unit_unsure | glued_told | block_told | comma_told)
    out += _repair_rows(forms)
    return out, fixed_facts
