"""Decisions 3–5 of ``normalize.units``, made within one form: a cell that slipped against its row, a
part above its total, a cell that breaks an identity as written and keeps it in the other unit; and, first,
a cell whose own written unit its row contradicts (``written_unit_slips``).

Also the cell-level readings the unit decisions share (a cell read in the other unit, a cell left unread
with both readings).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from jixiao.normalize.amounts import EXACT, is_plain_figure, parse_amount, whole_cents
from jixiao.normalize.evidence import Identity, form_identities, satisfying
from jixiao.normalize.forms import FUND_MONEY_KEYS, CellValue, FormWork

_NEAR = Decimal(3)  # two figures of one row "agree in scale" within a factor of 3
_FAR_BELOW = 1 / _NEAR
OTHER_UNIT = {"万元": "元", "元": "万元"}


@dataclass(frozen=True, slots=True)
class UnitNote:
    """What a unit decision did to a cell, for the anomaly row."""

    cell: CellValue
    rule: str  # unit.mislabeled | unit.uncertain | unit.inferred
    severity: str
    message: str
    expected: str | None
    observed: str | None


def reading(cell: CellValue, unit: str) -> Decimal | None:
    """The cell read in ``unit`` when that gives one exact whole-cent value."""
    got = parse_amount(cell.text, unit)
    return got.yuan if got.status in EXACT else None


def needs_wan(cell: CellValue) -> bool:
    """The digits make whole cents only in 万元: ``321.013328``. (Never the other way: a figure in whole
    cents of 元 is whole cents of 万元 too, so the digits can only ever speak for 万元.)"""
    return _needs_wan(cell.text)


@lru_cache(maxsize=1 << 14)  # asked of every money cell by several unit decisions; the text alone decides
def _needs_wan(text: str) -> bool:
    if is_plain_figure(text):
        return False  # whole cents in 元 already: nothing to parse
    if parse_amount(text, "万元").status not in EXACT:
        return False  # (the 元 reading is only read when the 万元 one is exact)
    return "sub_cent_rounded" in parse_amount(text, "元").repairs


def _readings(cell: CellValue, unit: str) -> tuple[Decimal, ...]:
    """Every whole-cent reading of the cell in ``unit`` (one, or an ambiguous text's candidates)."""
    got = parse_amount(cell.text, unit)
    if got.status in EXACT and got.yuan is not None:
        return (got.yuan,)
    return tuple(c for c in got.candidates if whole_cents(c)) if got.status == "ambiguous" else ()


def unsure(cell: CellValue, why: str) -> UnitNote:
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


def _near(a: Decimal, b: Decimal) -> bool:
    return b != 0 and _FAR_BELOW <= abs(a / b) <= _NEAR


def row_slips(work: FormWork) -> list[UnitNote]:
    notes: list[UnitNote] = []
    plan: list[tuple[CellValue, Decimal | None]] = []
    for line in (f.line for f in work.lines):
        by_field = work.row("funds", line)
        row = [by_field.get(f) for f in FUND_MONEY_KEYS]
        # A figure: neither blank nor 0.
        cells = [c for c in row if c is not None and c.value and c.raw is not None]
        exact = [(o, o.value) for o in cells if o.status in EXACT and o.value is not None]
        for cell in cells:
            if cell.unit_written is not None or cell.declared_unit not in OTHER_UNIT:
                continue
            # Read in the other unit: under 万元 that is 10⁴ smaller (元 written), under 元 10⁴ larger.
            other = OTHER_UNIT[cell.declared_unit or ""]
            # 0.5001 in a 元 column is no money in 元 (not whole cents) but is in 万元: the digits vote too.
            digits = 1 if cell.status == "approximate" and other == "万元" and needs_wan(cell) else 0
            own = cell.value if cell.status in EXACT else None
            if own is None and not digits:
                continue  # 约…, 余…: approximate on purpose, not a unit question
            others = [v for o, v in exact if o is not cell]  # (the plan is applied after: none changes here)
            # (``_near`` written out: asked of every pair of a row's figures)
            for_header = 0
            if own is not None:
                for_header = sum(1 for o in others if o != 0 and _FAR_BELOW <= abs(own / o) <= _NEAR)
                if for_header == len(others) and is_plain_figure(cell.text):
                    # (most cells) read in the other unit a plain figure is exactly 10⁴ from its own
                    # reading, so far from every figure that one is near: no vote for a slip, no plan
                    continue
            alt = reading(cell, other)
            for_slip = digits
            if alt is not None:
                for_slip += sum(1 for o in others if o != 0 and _FAR_BELOW <= abs(alt / o) <= _NEAR)
            if alt is not None and for_slip >= 2 and for_header == 0:
                plan.append((cell, alt))
            elif for_slip >= 1:
                plan.append((cell, None))
    # Decided on the rows as written, then applied: order cannot matter. A figure the form's own identities
    # confirm as written (35.00 of 500000.00 元 at 执行率 0.01%) is no slip, however small beside its row.
    plan = _keep_written_identities(work, plan)
    for cell, fixed in plan:
        if fixed is None:
            notes.append(unsure(cell, "与同行数值相差约一万倍，无法判断哪一方单位写错"))
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
    if not plan:
        return plan
    identities = form_identities(work)
    while True:
        shifted = {id(c): reading(c, OTHER_UNIT[c.declared_unit or ""]) for c, _ in plan}
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


def part_above_total(work: FormWork) -> list[UnitNote]:
    """A source line or breakdown part 100× or more above its 年度资金总额 cannot be: one of them slipped.

    Under a 万元 header only a cell that is too large can have slipped (元 written), so the part is the
    suspect; under 元 only one too small, so the total is. The suspect is left unread with both readings,
    and the block's own identity (总额 = 各来源之和) may then settle it exactly.
    """
    notes: list[UnitNote] = []
    totals = work.row("funds", "total")
    sources = [work.row("funds", key) for key in work.sources]  # (a line the form does not write has none)
    for name in FUND_MONEY_KEYS:
        total = totals.get(name)
        if total is None or total.value is None or total.value == 0 or total.status not in EXACT:
            continue
        parts = [row.get(name) for row in sources]
        if name == "budget_full_year" and work.raw.breakdown:  # the breakdowns add up to 全年预算数
            parts += [c for c in work.money if c.table == "fund_breakdown"]
        for part in parts:
            if total.value is None:
                break  # the total itself was left unread over an earlier part: nothing to compare with
            if part is None or part.value is None or part.status not in EXACT:
                continue
            if abs(part.value) < abs(total.value) * 100:
                continue
            suspect = part if part.declared_unit == "万元" else total if total.declared_unit == "元" else None
            if suspect is None or suspect.unit_written is not None or suspect.status == "ambiguous":
                continue
            notes.append(unsure(suspect, "与年度资金总额相差约一万倍（分项不能大于总额），无法判断单位"))
    return notes


def _may_slip(cell: CellValue) -> bool:
    """An exact, non-zero figure read in its block's declared unit (none written in the cell)."""
    if cell.unit_written is not None or cell.declared_unit not in OTHER_UNIT or cell.raw is None:
        return False
    return cell.status in EXACT and cell.value is not None and cell.value != 0


def identity_slips(work: FormWork) -> tuple[list[UnitNote], list[Identity] | None]:
    """A cell that breaks an identity of its form as written, and keeps it when read in the other unit.

    (``8E+5`` in a 万元 年初预算数 whose 当年财政拨款 says ``80``.) The cell is left unread with both
    readings; the identities then settle it (``normalize.evidence``): the exact sum, not a sibling, decides.
    Also the form's identities when no cell was left unread: as ``form_identities`` would build them
    again, until another stage changes a cell (the last unit decision: reconciliation's next step uses them).
    """
    notes: list[UnitNote] = []
    suspects: dict[int, CellValue] = {}
    identities = form_identities(work)
    # (judged on the cells as read: the suspects are left unread only after the loop; a cell that may
    # slip is a money cell, and so is every cell of an identity)
    may_slip = {id(c) for c in work.money if _may_slip(c)}
    for identity in identities:
        open_cells = [c for c in identity.cells if id(c) in may_slip]
        if not open_cells:
            continue  # no cell of it could be read in the other unit: nothing to judge
        as_written = satisfying(identity)
        if as_written is None or as_written:
            continue  # cannot be judged, or holds as written: no cell of it is suspect
        for cell in open_cells:
            if id(cell) in suspects:
                continue
            alt = reading(cell, OTHER_UNIT[cell.declared_unit or ""])
            if alt is None:
                continue
            if satisfying(identity, {id(cell): alt}):
                suspects[id(cell)] = cell
    for cell in suspects.values():
        notes.append(unsure(cell, "与本表勾稽关系相差约一万倍，单位可能写错"))
    return notes, None if suspects else identities


_SCALE = {"元": Decimal(1), "万元": Decimal(10000)}


def _scale_siblings(work: FormWork, cell: CellValue) -> list[Decimal]:
    """The figures a cell's scale is judged by, read exactly in the header's unit (none of their own): its
    money line's, or for a 按收入/支出性质分 part the 全年预算数 its parts add up to and the other parts."""
    if cell.table == "funds":
        row = [work.get("funds", cell.row_key, name) for name in FUND_MONEY_KEYS]
    else:
        basis = cell.row_key.split(".")[0]
        row = [work.get("funds", "total", "budget_full_year")]
        row += [c for c in work.money if c.table == "fund_breakdown" and c.row_key.split(".")[0] == basis]
    return [
        c.value
        for c in row
        if c is not None and c is not cell and c.unit_written is None and c.status in EXACT and c.value
    ]


def written_unit_slips(work: FormWork) -> list[UnitNote]:
    """A cell writing its own unit against its header's whose digits agree with its row only in the
    header's unit: ``11562.01元`` in a 万元 row beside ``10318.57`` and ``7904.72``. Either its 元 or the
    header's 万元 is a slip (every figure in 元), the form's identities hold both ways, and nothing says
    which: the cell is left unread with both readings and is never evidence (``CellValue.doubted``), since
    taking it as written would re-read its row against the header and the block's own sums. A written
    unit that is a true conversion (``161620700.00元`` beside ``16162.07``) sits among its row as written.
    Judged on the cells as read, before any is changed."""
    found: list[tuple[CellValue, Decimal, Decimal]] = []
    for cell in work.money:
        own, header = cell.unit_written, cell.header_unit
        if own not in _SCALE or header not in _SCALE or own == header:
            continue
        if cell.value is None or cell.value == 0 or cell.status not in EXACT:
            continue
        in_header = cell.value / _SCALE[own] * _SCALE[header]
        others = _scale_siblings(work, cell)
        if not any(_near(cell.value, o) for o in others) and any(_near(in_header, o) for o in others):
            found.append((cell, cell.value, in_header))
    notes: list[UnitNote] = []
    for cell, as_written, in_header in found:
        cell.value, cell.status, cell.doubted = None, "ambiguous", True
        cell.candidates = (as_written, in_header)
        readings = f"按所写{as_written:,.2f}元，按表头{in_header:,.2f}元"
        why = f"写明{cell.unit_written}而表头为{cell.header_unit}，数字只按表头单位与同行相符"
        message = f"{cell.label}“{cell.shown}”{why}，无法判断哪一方写错（{readings}），未取值；核对原表可确定"
        notes.append(UnitNote(cell, "unit.uncertain", "error", message, None, cell.text))
    return notes
