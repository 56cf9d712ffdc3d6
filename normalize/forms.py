"""``RawForm`` → a ``FormWork``: every source cell parsed into a ``CellValue``, ready for reconciliation.

Reconciliation (``normalize.reconcile``) may still choose among an ambiguous cell's candidates or fix a
unit, so cells stay mutable here; ``to_rows`` freezes them into the contract's rows at the end.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal
from types import MappingProxyType

from jixiao.extract.layout import Location
from jixiao.extract.records import RawForm, RawFundLine, RawText
from jixiao.normalize.amounts import parse_amount
from jixiao.normalize.numbers import parse_score
from jixiao.normalize.percent import parse_percent
from jixiao.normalize.text import clean_inline
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
    # What its ``label`` is made of: the form's name and the row's (set by build_form; the label is
    # only read when a sentence needs it, so it is not made for every cell).
    named: tuple[str, str] | None = None
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
    def label(self) -> str:
        """What a reviewer calls this cell: "附件1 年度资金总额全年预算数", "附件1 基本支出"."""
        if self.named is None:
            return ""
        where, head = self.named
        return f"{where} {head}{FIELD_ZH.get(self.field, self.field)}".strip()

    @property
    def text(self) -> str:
        """The cell as written (``""`` when the form has no such cell)."""
        return self.raw.text if self.raw else ""

    @property
    def shown(self) -> str:
        """The cell as written, for a sentence: trimmed."""
        return self.text.strip()


_NO_CELLS: Mapping[str, CellValue] = MappingProxyType({})


@dataclass(slots=True)
class FormWork:
    form_id: str
    doc_id: str
    raw: RawForm
    cells: list[CellValue] = dc_field(default_factory=list)  # made by ``build_form`` only (it indexes them)
    lines: tuple[RawFundLine, ...] = ()  # the money lines that have cells (``first_lines``), in order
    sources: tuple[str, ...] = ()  # the keys of those lines that add up to the total, in FUND_SOURCES order
    # The money cells of ``cells``, in the same order (made by ``build_form``): what the unit and comma
    # decisions walk, a third of the form's cells.
    money: list[CellValue] = dc_field(default_factory=list)
    # The cells whose 分值 and 得分 add up to 总分's: every indicator's and the money total's (its 分值,
    # 执行率, 得分 too), in ``cells`` order (made by ``build_form``; ``checks`` picks the field it sums).
    scored: list[CellValue] = dc_field(default_factory=list)
    # The cells by (table, row_key), then field; the first cell of a key is its value.
    _rows: dict[tuple[str, str], dict[str, CellValue]] = dc_field(default_factory=dict, repr=False)

    def get(self, table: str, row_key: str, field_name: str) -> CellValue | None:
        return self._rows.get((table, row_key), _NO_CELLS).get(field_name)

    def row(self, table: str, row_key: str) -> Mapping[str, CellValue]:
        """One row's cells by field name (``get`` for each field; empty when the form has no such row)."""
        return self._rows.get((table, row_key), _NO_CELLS)

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
    lines = tuple(first_lines(raw))
    keys = {line.line for line in lines}
    sources = tuple(k for k in FUND_SOURCES if k in keys)
    work = FormWork(form_id, doc_id, raw, lines=lines, sources=sources)
    cells, rows, money, scored = work.cells, work._rows, work.money, work.scored
    where = raw.attachment or form_id  # a label's first part (``CellValue.named``): the form
    for line in work.lines:  # one line per key (first_lines)
        key, written = line.line, line.cells
        row = {name: _money("funds", key, name, written.get(name), line.unit) for name in FUND_MONEY_KEYS}
        row["weight"] = _number("funds", key, "weight", written.get("weight"))
        row["execution_rate"] = _percent("funds", key, "execution_rate", written.get("execution_rate"))
        row["score"] = _number("funds", key, "score", written.get("score"))
        _name_row(row, (where, clean_inline(line.label.text) or key))
        rows[("funds", key)] = row
        cells += row.values()
        money += (row[name] for name in FUND_MONEY_KEYS)
        if key == "total":
            scored += row.values()
    # A breakdown key written twice is named by its last line.
    part_names = {f"{b.basis}.{b.line}": clean_inline(b.label.text) or b.line for b in raw.breakdown}
    for b in raw.breakdown:
        part = _money("fund_breakdown", f"{b.basis}.{b.line}", "amount", b.amount, b.unit)
        part.named = (where, part_names[part.row_key])
        rows.setdefault(("fund_breakdown", part.row_key), {}).setdefault("amount", part)
        cells.append(part)
        money.append(part)
    group_cell: RawText | None = None
    for seq, ind in enumerate(raw.indicators, start=1):
        key = f"{seq:03d}"
        weight = _group_weight(key, ind.level1_weight)
        if ind.level1_weight is not None and ind.level1_weight is group_cell:
            weight.raw = None  # inherited down a merged cell: one source cell, one ``values`` row
        group_cell = ind.level1_weight
        row = {
            "level1_weight": weight,
            "weight": _number("indicators", key, "weight", ind.weight),
            "score": _number("indicators", key, "score", ind.score),
        }
        _name_row(row, (where, f"第{seq}项指标"))
        rows[("indicators", key)] = row
        cells += row.values()
        scored += row.values()
    row = {
        "total_weight": _number("forms", "form", "total_weight", raw.total_weight),
        "total_score": _number("forms", "form", "total_score", raw.total_score),
    }
    _name_row(row, (where, ""))
    rows[("forms", "form")] = row
    cells += row.values()
    return work


def _name_row(row: dict[str, CellValue], named: tuple[str, str]) -> None:
    for c in row.values():
        c.named = named


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
