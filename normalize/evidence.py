"""Ambiguous money cells settled by the identities that relate cells *by meaning* — never by coincidence.

A candidate reading of a cell is tested against the identities the cell takes part in:

- **row**: 执行率 = 全年执行数 ÷ 全年预算数 at the precision the rate is written in. (得分 = 分值 × 执行率
  adds nothing on the money: where a form scores that way its 得分 follows the *written* rate, so the
  rate identity already says all; it is checked, not used, in ``normalize.checks``);
- **block**: 年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金 (column by column); the 按收入性质分 /
  按支出性质分 parts add up to the total; 人员经费 + 公用经费 = 基本支出;
- **across forms, only where structural**: the department form's 项目支出 = the sum of *every* project
  form's 全年预算数 in the document (the column the department's own breakdown adds up to).

A candidate is chosen when an identity pins it (every way of satisfying that identity gives the cell
this value) and it violates none of its own row's identities; two identities pinning different values
settle nothing. An identity is judged without the readings the other cells' own rows rule out, and its pin
counts only through an assignment that no other identity contradicts (a sum that holds only if its total
takes a reading the total's 执行率 rules out confirms none of its parts). A cell whose own unit contradicts
its header (``CellValue.doubted``) is no evidence at all. Another cell that merely holds the same digits
is not an identity and never counts. Only exact values are evidence: an approximate (``sub_cent_rounded``,
约…) or still-ambiguous cell is not, nor one re-read as a unit slip by magnitude alone (``_JUDGED``).
Candidates that are not whole cents are never chosen (money is kept in cents). Choices are made in
rounds, so a settled total can then settle its parts.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from jixiao.extract.quick_init import quick_init
from jixiao.normalize.amounts import EXACT, whole_cents
from jixiao.normalize.forms import FUND_MONEY_KEYS, CellValue, FormWork, breakdown_parts

_MAX_COMBOS = 4096

Values = dict[int, Decimal | None]
# A cell re-read because its row's other figures are 10⁴ away (``normalize.units``) holds a judgement on
# magnitude, not a figure the form states: it is never evidence for settling or re-reading another cell.
_JUDGED = ("unit_mislabeled_yuan_in_wan_column", "unit_mislabeled_wan_in_yuan_column")


@quick_init
@dataclass(frozen=True, slots=True)
class Identity:
    """Cells related by meaning and a test over their values (None: the identity says nothing)."""

    name: str  # Chinese, for the anomaly message: 执行率＝执行数÷预算数 …
    cells: tuple[CellValue, ...]
    holds: Callable[[Values], bool | None]
    row: bool  # a row identity: a candidate that violates it is ruled out
    rule: str = ""  # a sum's anomaly rule when it fails as read (normalize.checks): funds.lines_sum …
    parts: str = ""  # a sum's parts in a sentence: 资金来源, 按收入性质分各项, 人员经费与公用经费


@functools.lru_cache(maxsize=1 << 12)  # a rate's text is asked each time an identity is built
def places(raw: str | None) -> int:
    """Decimal places as written: ``98.76%`` → 2, ``100%`` → 0."""
    if not raw:
        return 0
    digits = "".join(ch for ch in raw if ch.isdigit() or ch == ".")
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def consistent(written: Decimal, exact: Decimal, raw: str | None) -> bool:
    """True when ``written`` is ``exact`` rounded or truncated to the places the clerk wrote."""
    q = Decimal(1).scaleb(-places(raw))
    return written in (exact.quantize(q, ROUND_HALF_UP), exact.quantize(q, ROUND_DOWN))


def exact(cell: CellValue | None) -> Decimal | None:
    """The cell's value when it is evidence: read exactly (``ok``/``repaired``), not approximate or unread,
    and not re-read as a unit slip by magnitude (``_JUDGED``: it may not confirm the next repair)."""
    if cell is None or cell.status not in EXACT or (cell.repairs and any(r in _JUDGED for r in cell.repairs)):
        return None
    return cell.value


_ZERO = (Decimal(0),)


def domain(cell: CellValue | None) -> tuple[Decimal, ...] | None:
    """The values a cell may take as evidence: one exact value, 0 for a blank, whole-cent candidates."""
    if cell is None or cell.status == "empty":
        return _ZERO
    if cell.doubted:
        return None  # its own unit against its header's: either reading would decide the other cells
    if (value := exact(cell)) is not None:
        return (value,)
    if cell.status == "ambiguous" and cell.kind == "money":
        return tuple(c for c in cell.candidates if whole_cents(c)) or None
    return None  # approximate, invalid, unit-uncertain, a slip re-read by magnitude: not evidence


def as_read(identity: Identity) -> dict[int, Decimal] | None:
    """Each cell's one value as read; None when a figure is unread or approximate (or reads several ways)."""
    values: dict[int, Decimal] = {}
    for c in identity.cells:
        found = domain(c)
        if found is None or len(found) != 1:
            return None
        values[id(c)] = found[0]
    return values


def sum_identity(
    name: str, total: CellValue | None, parts: Sequence[CellValue | None], rule: str, parts_zh: str
) -> Identity | None:
    """``total`` = the sum of ``parts`` (blank parts are 0); None when the total or every part is blank."""
    present = [p for p in parts if p is not None]
    if total is None or total.status == "empty" or not present or all(p.status == "empty" for p in present):
        return None  # a blank total is not known to be 0
    cells = (total, *present)
    keys = [id(c) for c in cells]

    def holds(v: Values) -> bool | None:
        got = [v[k] for k in keys]
        if any(x is None for x in got):  # (not ``None in got``: a Decimal compared with None is slow)
            return None
        return got[0] == sum((x for x in got[1:] if x is not None), Decimal(0))

    return Identity(name, cells, holds, row=False, rule=rule, parts=parts_zh)


def _rate_identity(work: FormWork, line: str) -> Identity | None:
    row = work.row("funds", line)
    budget, executed, rate = row.get("budget_full_year"), row.get("executed"), row.get("execution_rate")
    if budget is None or executed is None or rate is None or rate.value is None or rate.status not in EXACT:
        return None
    written, raw = rate.value, rate.text
    budget_key, executed_key = id(budget), id(executed)

    def holds(v: Values) -> bool | None:
        b, e = v[budget_key], v[executed_key]
        if b is None or e is None or b == 0:
            return None
        return consistent(written, e / b * 100, raw)

    return Identity("执行率＝全年执行数÷全年预算数", (budget, executed), holds, row=True)


def form_identities(work: FormWork) -> list[Identity]:
    """Every identity inside one form (rows, then the block's sums)."""
    out: list[Identity | None] = []
    written = [line.line for line in work.lines]
    for line in written:
        out.append(_rate_identity(work, line))
    sources = [work.row("funds", k) for k in work.sources]  # a line the form does not write has no cell
    totals = work.row("funds", "total")
    for name in FUND_MONEY_KEYS:
        lines = [row.get(name) for row in sources]
        total = totals.get(name)
        out.append(sum_identity("年度资金总额＝各资金来源之和", total, lines, "funds.lines_sum", "资金来源"))
    if work.raw.breakdown:  # most forms write none: no breakdown cells to look up
        out += _breakdown_identities(work)
    return [i for i in out if i is not None]


def _breakdown_identities(work: FormWork) -> list[Identity | None]:
    out: list[Identity | None] = []
    for basis, zh in (("income", "按收入性质分各项"), ("expenditure", "按支出性质分各项")):
        parts = breakdown_parts(work, basis)
        total = _breakdown_total(work, parts)
        out.append(sum_identity(f"年度资金总额＝{zh}之和", total, parts, "funds.breakdown_sum", zh))
    basic = work.get("fund_breakdown", "expenditure.basic_expenditure", "amount")
    people = [work.get("fund_breakdown", f"expenditure.{k}", "amount") for k in ("personnel", "public_funds")]
    if all(p is not None for p in people):
        name = "基本支出＝人员经费＋公用经费"
        out.append(sum_identity(name, basic, people, "funds.basic_sum", "人员经费与公用经费"))
    return out


def _breakdown_total(work: FormWork, parts: Sequence[CellValue]) -> CellValue | None:
    """The total column a breakdown adds up to: 全年预算数 by default, the one its exact parts match."""
    exact = [domain(p) for p in parts]
    if parts and all(d is not None and len(d) == 1 for d in exact):
        s = sum((d[0] for d in exact if d), Decimal(0))
        for name in ("budget_full_year", "budget_initial", "executed"):
            c = work.get("funds", "total", name)
            if c is not None and c.status in EXACT and c.value == s:
                return c
    return work.get("funds", "total", "budget_full_year")


def cross_identities(forms: Sequence[FormWork]) -> list[Identity]:
    """The department's 项目支出 against the sum of every project form (one department form only)."""
    departments = [w for w in forms if w.raw.form_type == "department"]
    projects = [w for w in forms if w.raw.form_type == "project"]
    if len(departments) != 1 or not projects:
        return []
    dept = departments[0]
    project_part = dept.get("fund_breakdown", "expenditure.project_expenditure", "amount")
    parts = breakdown_parts(dept, "expenditure")
    column = _breakdown_total(dept, parts)
    exact = [c.value for c in parts if c.status in EXACT and c.value is not None]
    if column is None or column.value is None or len(exact) != len(parts) or sum(exact) != column.value:
        return []  # the department's own 基本 + 项目 = 总额 must hold before its 项目支出 speaks for others
    name = column.field
    cells = [p.get("funds", "total", name) for p in projects]
    if project_part is None or any(c is None or c.status == "empty" for c in cells):
        return []  # a project whose figure is missing or blank leaves the sum unknown, not short by 0
    found = sum_identity("部门项目支出＝全部项目表之和", project_part, cells, "", "")
    return [found] if found is not None else []


def satisfying(
    identity: Identity,
    fixed: dict[int, Decimal] | None = None,
    excluded: dict[int, set[Decimal]] | None = None,
) -> list[Values] | None:
    """Every assignment of the identity's cells that satisfies it (``fixed`` pins some cells to a value,
    ``excluded`` takes readings away from some cells); None when it cannot be judged."""
    if not excluded:  # the common case first: every cell one value, so one assignment to test
        assigned: Values = {}
        for c in identity.cells:
            key = id(c)
            if fixed and key in fixed:
                assigned[key] = fixed[key]
                continue
            d = domain(c)
            if d is None:
                return None
            if len(d) != 1:
                break  # several readings: the general case below
            assigned[key] = d[0]
        else:
            return [assigned] if identity.holds(assigned) else []
    fixed, excluded = fixed or {}, excluded or {}
    found = [(fixed[id(c)],) if id(c) in fixed else domain(c) for c in identity.cells]
    domains = [d for d in found if d is not None]
    if len(domains) < len(found):
        return None
    if excluded:
        domains = [
            tuple(v for v in d if v not in excluded.get(id(c), ()))
            for c, d in zip(identity.cells, domains, strict=True)
        ]
    if all(len(d) == 1 for d in domains):  # every cell one value (the common case): one assignment
        only: Values = {id(c): d[0] for c, d in zip(identity.cells, domains, strict=True)}
        return [only] if identity.holds(only) else []
    if math.prod(len(d) for d in domains) > _MAX_COMBOS:
        return None  # too many combinations to see them all; a partial look could pin a cell falsely
    keys = [id(c) for c in identity.cells]
    out: list[Values] = []
    for combo in itertools.product(*domains):
        values: Values = dict(zip(keys, combo, strict=True))
        if identity.holds(values):
            out.append(values)
    return out


@dataclass(frozen=True, slots=True)
class Choice:
    cell: CellValue
    value: Decimal
    identities: tuple[str, ...]  # the names of the identities that confirmed it


def _ruled_out(identities: Sequence[Identity]) -> dict[int, set[Decimal]]:
    """The readings of each ambiguous cell that one of its own row's identities rules out."""
    out: dict[int, set[Decimal]] = {}
    for identity in identities:
        found = satisfying(identity) if identity.row else None
        if found is None:
            continue
        for cell in identity.cells:
            if cell.status == "ambiguous":
                fitting = {a[id(cell)] for a in found}
                out.setdefault(id(cell), set()).update(v for v in domain(cell) or () if v not in fitting)
    return out


Pins = dict[int, dict[Decimal, list[Identity]]]


def _premise_holds(cell: CellValue, identity: Identity, found: list[Values], pins: Pins) -> bool:
    """Some assignment behind the identity's pin of ``cell`` gives each other unsettled cell of it a
    reading that no other identity pins away."""
    others = [c for c in identity.cells if c is not cell and c.status == "ambiguous"]

    def agrees(c: CellValue, assignment: Values) -> bool:
        return all(
            v == assignment[id(c)] or all(i is identity for i in ids)
            for v, ids in pins.get(id(c), {}).items()
        )

    return any(all(agrees(c, a) for c in others) for a in found)


def settle_by_identities(identities: Sequence[Identity]) -> list[Choice]:
    """Choose, in rounds, each ambiguous cell's single candidate that an identity confirms (cells updated).

    An identity is judged with each cell's readings that its own row rules out taken away, and it pins a
    cell only through an assignment whose other unsettled cells no other identity pins elsewhere: a sum
    that holds only if the total takes a reading its 执行率 rules out confirms none of its parts.
    """
    chosen: list[Choice] = []
    while True:
        pending = [i for i in identities if any(cell.status == "ambiguous" for cell in i.cells)]
        ruled_out = _ruled_out(pending)
        pins: Pins = {}
        found_by: dict[int, list[Values]] = {}
        cells: dict[int, CellValue] = {}
        for identity in pending:
            found = satisfying(identity, excluded=ruled_out)
            if found is None:
                continue
            found_by[id(identity)] = found
            for cell in identity.cells:
                if cell.status != "ambiguous":
                    continue
                cells[id(cell)] = cell
                fitting = {a[id(cell)] for a in found}
                if len(fitting) == 1:  # the identity pins this cell
                    (value,) = fitting
                    if value is not None:
                        pins.setdefault(id(cell), {}).setdefault(value, []).append(identity)

        made = False
        for key, cell in cells.items():
            options = {
                v: [i.name for i in ids if _premise_holds(cell, i, found_by[id(i)], pins)]
                for v, ids in pins.get(key, {}).items()
                if v not in ruled_out.get(key, ())
            }
            options = {v: names for v, names in options.items() if names}
            if len(options) == 1:
                ((value, names),) = options.items()
                cell.choose(value, "candidate_chosen_by_evidence")
                chosen.append(Choice(cell, value, tuple(dict.fromkeys(names))))
                made = True
        if not made:
            return chosen
