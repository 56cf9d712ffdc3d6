"""Money units by weight of evidence: the written header, the row's magnitudes, the digits, the reports.

Five decisions, in order, each symmetric in column order and never made on one sibling's word:

1. **No unit written** (the block's ``资金情况（万元）`` line was not found, the cell writes none): the
   unit is not assumed. 万元 is taken when at least two cells' digits need it (``321.013328`` is not whole
   cents in 元) or at least two report figures state the cells in 万元, and nothing speaks for 元; 元
   likewise from the reports; a cell whose own digits need 万元 is read so. Otherwise the cell keeps its
   raw text, value null, ``unit.uncertain``.
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
from dataclasses import dataclass
from decimal import Decimal

from jixiao.normalize.amounts import EXACT, parse_amount, whole_cents
from jixiao.normalize.evidence import cross_identities, form_identities, satisfying
from jixiao.normalize.forms import FUND_MONEY_KEYS, FUND_SOURCES, CellValue, FormWork
from jixiao.normalize.records import FactRow
from jixiao.normalize.written_units import written_unit_conflicts

_WAN = Decimal(10000)
_NEAR = Decimal(3)  # two figures of one row "agree in scale" within a factor of 3
_OTHER = {"万元": "元", "元": "万元"}


@dataclass(frozen=True, slots=True)
class UnitNote:
    """What a unit decision did to a cell, for the anomaly row."""

    cell: CellValue
    rule: str  # unit.mislabeled | unit.uncertain | unit.inferred
    severity: str
    message: str
    expected: str | None
    observed: str | None


def _money_cells(work: FormWork) -> list[CellValue]:
    return [
        c
        for c in work.cells
        if c.kind == "money" and c.raw is not None and c.status != "empty" and c.unit_written is None
    ]


def _reading(cell: CellValue, unit: str) -> Decimal | None:
    """The cell read in ``unit`` when that gives one exact whole-cent value."""
    got = parse_amount(cell.text, unit)
    return got.yuan if got.status in EXACT else None


def _needs_wan(cell: CellValue) -> bool:
    """The digits make whole cents only in 万元: ``321.013328``. (Never the other way: a figure in whole
    cents of 元 is whole cents of 万元 too, so the digits can only ever speak for 万元.)"""
    text = cell.text
    here, there = parse_amount(text, "万元"), parse_amount(text, "元")
    return here.status in EXACT and "sub_cent_rounded" in there.repairs


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
    return len({v for c in cells if (v := _reading(c, unit)) is not None and v in stated})


def _reread(cell: CellValue, unit: str, slug: str) -> None:
    got = parse_amount(cell.text, unit)
    cell.value, cell.status, cell.candidates = got.yuan, got.status, tuple(got.candidates)
    cell.repairs = (*got.repairs, slug)
    if got.status in EXACT:
        cell.status = "repaired"
    cell.declared_unit = unit


def _readings(cell: CellValue, unit: str) -> tuple[Decimal, ...]:
    """Every whole-cent reading of the cell in ``unit`` (one, or an ambiguous text's candidates)."""
    got = parse_amount(cell.text, unit)
    if got.status in EXACT and got.yuan is not None:
        return (got.yuan,)
    return tuple(c for c in got.candidates if whole_cents(c)) if got.status == "ambiguous" else ()


def _unsure(cell: CellValue, why: str) -> UnitNote:
    readings = [*_readings(cell, "元"), *_readings(cell, "万元")]
    cell.value, cell.status, cell.candidates = None, "ambiguous", tuple(dict.fromkeys(readings))
    shown = "、".join(f"{r:,.2f}元" for r in readings)
    return UnitNote(
        cell,
        "unit.uncertain",
        "error",
        f"{cell.label}“{cell.shown}”{why}（可能为{shown}），未取值；核对原表或报告中的金额单位可确定",
        None,
        cell.text,
    )


def decide_units(forms: Sequence[FormWork], facts: Sequence[FactRow]) -> list[UnitNote]:
    """Run the decisions on every form (cells updated in place)."""
    notes: list[UnitNote] = []
    stated = _stated(facts)  # once per document: a file can hold hundreds of forms
    departments = [w for w in forms if w.raw.form_type == "department"]
    projects = [w for w in forms if w.raw.form_type == "project"]
    for work in forms:
        notes += _written_unit_slips(work)
        notes += _unwritten_units(work, stated)
        # Only the document's one department form is summed against the project forms.
        summed = projects if departments == [work] else []
        notes += _header_against_report(work, summed, stated)
        notes += _row_slips(work)
        notes += _part_above_total(work)
        notes += _identity_slips(work)
    return notes


def _written_unit_slips(work: FormWork) -> list[UnitNote]:
    """A cell's own unit against its header's when its digits agree with its row only in the header's
    (``normalize.written_units``): left unread with both readings, and never evidence for another cell,
    since taking it as written would re-read its row against the header and the block's own sums."""
    notes: list[UnitNote] = []
    for found in written_unit_conflicts(work):
        cell = found.cell
        cell.value, cell.status, cell.doubted = None, "ambiguous", True
        cell.candidates = (found.as_written, found.in_header)
        readings = f"按所写{found.as_written:,.2f}元，按表头{found.in_header:,.2f}元"
        why = f"写明{cell.unit_written}而表头为{cell.header_unit}，数字只按表头单位与同行相符"
        message = f"{cell.label}“{cell.shown}”{why}，无法判断哪一方写错（{readings}），未取值；核对原表可确定"
        notes.append(UnitNote(cell, "unit.uncertain", "error", message, None, cell.text))
    return notes


def _unwritten_units(work: FormWork, stated: set[Decimal]) -> list[UnitNote]:
    # Two units declared on the form (``unit.conflicting``, from the reader) count as none: say which.
    conflict = any(a.rule == "unit.conflicting" for a in work.raw.anomalies)
    unread, read = _UNWRITTEN_WHY[conflict]
    cells = [c for c in _money_cells(work) if c.declared_unit is None]
    if not cells:
        return []
    votes = {u: _report_votes(cells, stated, u) for u in ("万元", "元")}
    votes["万元"] += sum(1 for c in cells if _needs_wan(c))
    winner = next((u for u in ("万元", "元") if votes[u] >= 2 and votes[_OTHER[u]] == 0), None)
    notes: list[UnitNote] = []
    for cell in cells:
        if cell.value == 0:
            continue  # nothing is zero in one unit and not in the other
        unit = winner or ("万元" if _needs_wan(cell) else None)  # its own digits
        if unit is None:
            notes.append(_unsure(cell, unread))
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
    mine = _reading(part, unit)
    if mine in (None, Decimal(0)):
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
    cells = [c for c in _money_cells(work) if c.declared_unit in _OTHER]
    headers = {c.declared_unit for c in cells}
    if len(headers) != 1:
        return []
    (header,) = headers
    assert header is not None
    other = _OTHER[header]

    def votes(unit: str) -> tuple[int, int, int, int]:
        return (
            _report_votes(cells, stated, unit),
            _project_sum_vote(work, projects, unit),
            sum(1 for c in cells if _needs_wan(c)) if unit == "万元" else 0,  # 79.988524 under a 元 header
            _scale_vote(cells, header, unit),
        )

    for_header, for_other = votes(header), votes(other)
    if sum(for_header) or sum(for_other) < 2:
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


def _near(a: Decimal, b: Decimal) -> bool:
    return b != 0 and 1 / _NEAR <= abs(a / b) <= _NEAR


def _row_slips(work: FormWork) -> list[UnitNote]:
    notes: list[UnitNote] = []
    plan: list[tuple[CellValue, Decimal | None]] = []
    for line in dict.fromkeys(c.row_key for c in work.cells if c.table == "funds"):
        row = [work.get("funds", line, f) for f in FUND_MONEY_KEYS]
        cells = [c for c in row if c is not None and c.value not in (None, Decimal(0)) and c.raw is not None]
        for cell in cells:
            if cell.unit_written is not None or cell.declared_unit not in _OTHER:
                continue
            # Read in the other unit: under 万元 that is 10⁴ smaller (元 written), under 元 10⁴ larger.
            other = _OTHER[cell.declared_unit or ""]
            alt = _reading(cell, other)
            # 0.5001 in a 元 column is no money in 元 (not whole cents) but is in 万元: the digits vote too.
            digits = 1 if cell.status == "approximate" and other == "万元" and _needs_wan(cell) else 0
            own = cell.value if cell.status in EXACT else None
            if own is None and not digits:
                continue  # 约…, 余…: approximate on purpose, not a unit question
            others = [o.value for o in cells if o is not cell and o.status in EXACT and o.value is not None]
            for_slip = sum(1 for o in others if alt is not None and _near(alt, o)) + digits
            for_header = sum(1 for o in others if own is not None and _near(own, o))
            if alt is not None and for_slip >= 2 and for_header == 0:
                plan.append((cell, alt))
            elif for_slip >= 1:
                plan.append((cell, None))
    # Decided on the rows as written, then applied: order cannot matter. A figure the form's own identities
    # confirm as written (35.00 of 500000.00 元 at 执行率 0.01%) is no slip, however small beside its row.
    plan = _keep_written_identities(work, plan)
    for cell, fixed in plan:
        if fixed is None:
            notes.append(_unsure(cell, "与同行数值相差约一万倍，无法判断哪一方单位写错"))
            continue
        before = cell.value
        slug = (
            "unit_mislabeled_yuan_in_wan_column"
            if cell.declared_unit == "万元"
            else "unit_mislabeled_wan_in_yuan_column"
        )
        cell.choose(fixed, slug)
        notes.append(
            UnitNote(
                cell,
                "unit.mislabeled",
                "warning",
                f"{cell.label}“{cell.shown}”与同行数值相差约一万倍，按单位误写修正为{fixed:,.2f}元",
                f"{fixed:.2f}",
                None if before is None else f"{before:.2f}",
            )
        )
    return notes


def _keep_written_identities(
    work: FormWork, plan: list[tuple[CellValue, Decimal | None]]
) -> list[tuple[CellValue, Decimal | None]]:
    """The planned slips minus those that would break an identity of the form that holds as written.

    Magnitude alone never outweighs the form's own arithmetic: when 执行率 = 执行数 ÷ 预算数 (at the
    written precision) or 总额 = 各来源之和 holds as the cells are written and fails once the planned cells
    are read in the other unit, none of that identity's planned cells is re-read (nor left unread). Planned
    cells are judged together (a column that slipped on every line keeps its sum), until nothing changes.
    """
    identities = form_identities(work)
    while True:
        shifted = {id(c): _reading(c, _OTHER[c.declared_unit or ""]) for c, _ in plan}
        kept: set[int] = set()
        for identity in identities:
            planned = [c for c in identity.cells if id(c) in shifted]
            if not planned or not satisfying(identity):
                continue  # no planned cell in it, or it does not hold (or cannot be judged) as written
            alts = {id(c): shifted[id(c)] for c in planned}
            if any(v is None for v in alts.values()) or not satisfying(
                identity, {k: v for k, v in alts.items() if v is not None}
            ):
                kept.update(alts)
        if not kept:
            return plan
        plan = [(c, fixed) for c, fixed in plan if id(c) not in kept]


def _part_above_total(work: FormWork) -> list[UnitNote]:
    """A source line or breakdown part 100× or more above its 年度资金总额 cannot be: one of them slipped.

    Under a 万元 header only a cell that is too large can have slipped (元 written), so the part is the
    suspect; under 元 only one too small, so the total is. The suspect is left unread with both readings,
    and the block's own identity (总额 = 各来源之和) may then settle it exactly.
    """
    notes: list[UnitNote] = []
    for name in FUND_MONEY_KEYS:
        total = work.get("funds", "total", name)
        if total is None or total.value in (None, Decimal(0)) or total.status not in EXACT:
            continue
        parts = [work.get("funds", key, name) for key in FUND_SOURCES]
        if name == "budget_full_year":  # the breakdowns add up to 全年预算数
            parts += [c for c in work.cells if c.table == "fund_breakdown"]
        for part in parts:
            if part is None or part.value is None or part.status not in EXACT:
                continue
            if abs(part.value) < abs(total.value) * 100:
                continue
            suspect = part if part.declared_unit == "万元" else total if total.declared_unit == "元" else None
            if suspect is None or suspect.unit_written is not None or suspect.status == "ambiguous":
                continue
            notes.append(_unsure(suspect, "与年度资金总额相差约一万倍（分项不能大于总额），无法判断单位"))
    return notes


def _identity_slips(work: FormWork) -> list[UnitNote]:
    """A cell that breaks an identity of its form as written, and keeps it when read in the other unit.

    (``8E+5`` in a 万元 年初预算数 whose 当年财政拨款 says ``80``.) The cell is left unread with both
    readings; the identities then settle it (``normalize.evidence``): the exact sum, not a sibling, decides.
    """
    notes: list[UnitNote] = []
    suspects: dict[int, CellValue] = {}
    for identity in form_identities(work):
        as_written = satisfying(identity)
        if as_written is None or as_written:
            continue  # cannot be judged, or holds as written: no cell of it is suspect
        for cell in identity.cells:
            if cell.unit_written is not None or cell.declared_unit not in _OTHER or cell.raw is None:
                continue
            if cell.status not in EXACT or cell.value in (None, Decimal(0)) or id(cell) in suspects:
                continue
            alt = _reading(cell, _OTHER[cell.declared_unit or ""])
            if alt is None:
                continue
            if satisfying(identity, {id(cell): alt}):
                suspects[id(cell)] = cell
    for cell in suspects.values():
        notes.append(_unsure(cell, "与本表勾稽关系相差约一万倍，单位可能写错"))
    return notes
