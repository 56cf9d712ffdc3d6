"""Money units by weight of evidence: the written header, the row's magnitudes, the digits, the reports.

Five decisions, in order, each symmetric in column order and never made on one sibling's word:

1. **No unit written** (the block's ``资金情况（万元）`` line was not found, the cell writes none): the
   unit is not assumed. 万元 is taken when at least two cells' digits need it (``321.013328`` is not whole
   cents in 元) or at least two report figures state the cells in 万元, and nothing speaks for 元; 元
   likewise from the reports; a cell of the block that writes its own unit (``348.57万元``) is one vote
   too, and is evidence for settling the others only when its unit wins; a cell whose own digits need
   万元 is read so. Otherwise the cell keeps its raw text, value null, ``unit.uncertain``.
2. **A header contradicted by the document**: when two pieces of evidence speak for the other unit — report
   figures stating the form's figures in it, the department's 项目支出 equal to the project forms' sum only
   in it, cells whose digits are whole cents only in it — and nothing speaks for the header's unit, the
   *form* is corrected (all its unit-less money cells), never the report.
3. **One cell slipped** (``2537695`` beside ``253.7695`` in a 万元 row): the cell is re-read in the other
   unit when both other money cells of its row agree with the re-reading and none with the reading as
   written. When only one does (``80 | 800000 | 799885.24``), nobody can tell which side slipped: the
   cells that disagree with the header's scale are left unread with ``unit.uncertain``.
   A 万元 header only ever re-reads a cell down (a clerk wrote 元), a 元 header only up. Magnitude never
   outweighs the form's arithmetic: a cell an identity confirms as written (35.00 of 500000.00 元 at 执行率
   0.01%) is no slip, and a re-read cell is never evidence for another (``evidence.domain``).
4. **A part 100× above its total** (a 当年财政拨款 line or a breakdown part): the suspect is left unread.
5. **A cell that breaks an identity as written and keeps it in the other unit**: left unread.

Cells left unread carry both readings as candidates, so the form's identities (``normalize.evidence``)
may still settle them exactly; what stays unsettled is reported with what would settle it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jixiao.normalize.amounts import EXACT, parse_amount
from jixiao.normalize.evidence import Identity, cross_identities, satisfying
from jixiao.normalize.forms import CellValue, FormWork
from jixiao.normalize.records import FactRow
from jixiao.normalize.unit_slips import (
    OTHER_UNIT,
    UnitNote,
    identity_slips,
    needs_wan,
    part_above_total,
    reading,
    row_slips,
    unsure,
    written_unit_slips,
)


def _money_cells(work: FormWork) -> list[CellValue]:
    return [c for c in work.money if c.raw is not None and c.status != "empty" and c.unit_written is None]


_SPECIFIC = 5  # significant digits a report figure needs before its unit can vote: 80 or 800000 can coincide


def specific(d: Decimal) -> bool:
    """Enough significant digits (``2410248.04``) that an equal figure elsewhere is no coincidence."""
    return len(d.normalize().as_tuple().digits) >= _SPECIFIC


def _stated(facts: Sequence[FactRow]) -> set[Decimal]:
    """Report amounts that are exact, carry their own unit and are too specific to match by chance."""
    return {
        f.amount_yuan
        for f in facts
        if f.amount_yuan is not None and f.status in EXACT and specific(f.amount_yuan)
    }


def _report_votes(cells: Sequence[CellValue], stated: set[Decimal], unit: str) -> int:
    """How many distinct report amounts (``_stated``) state the cells' figures in ``unit`` (one vote each)."""
    if not stated:
        return 0  # no report figure: nothing to read the cells for
    return len({v for c in cells if (v := reading(c, unit)) is not None and v in stated})


def _reread(cell: CellValue, unit: str, slug: str) -> None:
    got = parse_amount(cell.text, unit)
    cell.value, cell.status, cell.candidates = got.yuan, got.status, tuple(got.candidates)
    cell.repairs = (*got.repairs, slug)
    if got.status in EXACT:
        cell.status = "repaired"
    cell.declared_unit = unit


def decide_units(
    forms: Sequence[FormWork], facts: Sequence[FactRow]
) -> tuple[list[UnitNote], dict[int, list[Identity]]]:
    """Run the decisions on every form (cells updated in place). Also each form's identities (by the
    form's ``id``) as the last decision built them, where it changed no cell (``identity_slips``)."""
    notes: list[UnitNote] = []
    built: dict[int, list[Identity]] = {}
    stated = _stated(facts)  # once per document: a file can hold hundreds of forms
    departments = [w for w in forms if w.raw.form_type == "department"]
    projects = [w for w in forms if w.raw.form_type == "project"]
    for work in forms:
        notes += written_unit_slips(work)
        notes += _unwritten_units(work, stated)
        # Only the document's one department form is summed against the project forms.
        summed = projects if departments == [work] else []
        notes += _header_against_report(work, summed, stated)
        notes += row_slips(work)
        notes += part_above_total(work)
        slips, identities = identity_slips(work)
        notes += slips
        if identities is not None:
            built[id(work)] = identities
    return notes, built


def _unwritten_units(work: FormWork, stated: set[Decimal]) -> list[UnitNote]:
    # Two units declared on the form (``unit.conflicting``, from the reader) count as none: say which.
    conflict = any(a.rule == "unit.conflicting" for a in work.raw.anomalies)
    unread, read = _UNWRITTEN_WHY[conflict]
    cells = [c for c in _money_cells(work) if c.declared_unit is None]
    if not cells:
        return []
    votes = {u: _report_votes(cells, stated, u) for u in ("万元", "元")}
    votes["万元"] += sum(1 for c in cells if needs_wan(c))
    # A cell writing its own unit (348.57万元) where the block writes none is one vote for the others, no
    # more: alone, or against another vote, it is no evidence to settle them by (its 元 may be the slip).
    written = [
        c for c in work.money if c.unit_written in OTHER_UNIT and c.header_unit is None and c.status in EXACT
    ]
    for c in written:
        votes[c.unit_written or ""] += 1
    winner = next((u for u in ("万元", "元") if votes[u] >= 2 and votes[OTHER_UNIT[u]] == 0), None)
    for c in written:
        c.doubted = c.unit_written != winner
    notes: list[UnitNote] = []
    for cell in cells:
        if cell.value == 0:
            continue  # nothing is zero in one unit and not in the other
        unit = winner or ("万元" if needs_wan(cell) else None)  # its own digits
        if unit is None:
            notes.append(unsure(cell, unread))
            continue
        before = cell.text
        _reread(cell, unit, "unit_inferred_from_evidence")
        notes.append(
            UnitNote(
                cell,
                "unit.inferred",
                "info",
                f"{cell.label}“{before.strip()}”{read}，依据数字位数与报告金额按{unit}读",
                None if cell.value is None else f"{cell.value:.2f}",
                before,
            )
        )
    return notes


# (left unread, read by the evidence) — no unit written; two different units written on one form.
_UNWRITTEN_WHY = {
    False: ("所在资金栏未写明金额单位", "所在资金栏未写明单位"),
    True: ("所在表格写了两种金额单位", "所在表格写了两种金额单位"),
}


def _project_sum_vote(work: FormWork, projects: Sequence[FormWork], unit: str) -> int:
    """1 when the department's 项目支出 read in ``unit`` can be the sum of every project form's 全年预算数
    (``projects``: the file's project forms when ``work`` is its one department form, else none).

    The sum is the document's own identity (``evidence.cross_identities``): none when a project's figure
    is missing or blank, since a sum with a hole in it is no evidence of either unit.
    """
    part = work.get("fund_breakdown", "expenditure.project_expenditure", "amount")
    if part is None or part.unit_written is not None or not projects:
        return 0
    mine = reading(part, unit)
    if mine is None or mine == 0:
        return 0
    for identity in cross_identities([work, *projects]):
        if identity.cells[0] is part:
            return 1 if satisfying(identity, {id(part): mine}) else 0
    return 0


_IMPLAUSIBLE_HIGH = Decimal(10) ** 10  # 100亿元: no one unit's self-evaluation form budgets that much
_IMPLAUSIBLE_LOW = Decimal(1000)  # a whole form under 1000元: a 万元 block read in 元


def _scale_vote(cells: Sequence[CellValue], header: str, unit: str) -> int:
    """1 for ``unit`` when the form's largest figure read under ``header`` is absurd and ``unit`` cures it.

    (A county office with a 512亿 budget; a project whose largest figure is 80元.) Never decides alone.
    """
    values = [abs(c.value) for c in cells if c.value is not None and c.status in EXACT]
    if unit == header or not values:
        return 0
    largest = max(values)
    if header == "万元":
        return 1 if largest >= _IMPLAUSIBLE_HIGH else 0
    return 1 if largest < _IMPLAUSIBLE_LOW else 0


def _header_against_report(
    work: FormWork, projects: Sequence[FormWork], stated: set[Decimal]
) -> list[UnitNote]:
    cells = [c for c in _money_cells(work) if c.declared_unit in OTHER_UNIT]
    headers = {c.declared_unit for c in cells}
    if len(headers) != 1:
        return []
    (header,) = headers
    assert header is not None
    other = OTHER_UNIT[header]

    def votes(unit: str) -> tuple[int, int, int, int]:
        return (
            _report_votes(cells, stated, unit),
            _project_sum_vote(work, projects, unit),
            sum(1 for c in cells if needs_wan(c)) if unit == "万元" else 0,  # 79.988524 under a 元 header
            _scale_vote(cells, header, unit),
        )

    if sum(votes(header)):
        return []  # the header has evidence of its own: kept (the other unit's votes are not needed)
    for_other = votes(other)
    if sum(for_other) < 2:
        return []
    why = "、".join(
        what
        for what, n in zip(
            ("本文件报告按" + other + "陈述同一组数字", "部门项目支出与项目表合计", "数字位数", "金额量级"),
            for_other,
            strict=True,
        )
        if n
    )
    notes = []
    for cell in cells:
        if cell.status == "empty" or cell.value == 0:
            continue
        before = cell.value
        _reread(cell, other, "unit_header_corrected_by_evidence")
        shown = "未取值" if cell.value is None else f"{cell.value:,.2f}元"
        notes.append(
            UnitNote(
                cell,
                "unit.mislabeled",
                "warning",
                f"{cell.label}“{cell.shown}”：表头写{header}，但{why}表明应为{other}，按{other}修正为{shown}",
                None if cell.value is None else f"{cell.value:.2f}",
                None if before is None else f"{before:.2f}",
            )
        )
    return notes
