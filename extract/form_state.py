"""What a form's rows have built so far, shared by the readers of its blocks (``forms``, ``form_money``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import regex
from jixiao.extract.form_header import ColumnHeader
from jixiao.extract.form_indicators import IndicatorState
from jixiao.extract.form_ledger import Ledger
from jixiao.extract.labels import to_simplified
from jixiao.extract.layout import Cell, Row
from jixiao.extract.records import RawAnomaly, RawBreakdownLine, RawFundLine, RawText

if TYPE_CHECKING:  # fund_short_lines reads a form's state: the type only, no cycle at run time
    from jixiao.extract.fund_short_lines import ShortLine

UNIT_IN_LABEL = regex.compile(
    r"""[(（]\s*(?:单\s*位\s*[:：]\s*)?(亿元|万元|千元|元)\s*[)）]   # "（万元）", "（单位：万元）"
    | 单\s*位\s*[:：]\s*(亿元|万元|千元|元)(?!\p{Han})""",  # "（金额）单位：万元", never 单位：元宝区…
    regex.VERBOSE,
)
# A line or cell that only names the unit: "（单位：万元）", "(万元)", "金额单位:万元".
UNIT_LINE = regex.compile(
    r"^\s*[(（]?\s*(?:金额)?\s*(?:单\s*位\s*[:：]\s*)?(?:亿元|万元|千元|元)\s*[)）]?\s*$"
)
FIGURE = regex.compile(r"^[-+]?[0-9][0-9,.]*%?$")  # a figure as a cell holds it: 1,250.00, 97.40, 97.4%


@lru_cache(maxsize=1 << 14)  # asked of header and label cells, which every form of a document repeats
def unit_in(text: str) -> str | None:
    """The money unit a label writes (``（万元）``, ``单位：万元``, traditional ``（萬元）`` too)."""
    u = UNIT_IN_LABEL.search(to_simplified(text))
    return (u.group(1) or u.group(2)) if u else None


@lru_cache(maxsize=1 << 14)
def units_in(text: str) -> tuple[str, ...]:
    """Every money unit a label writes, once each: ``项目资金（万元）（元）`` (a template's unit crossed out
    and another written beside it) declares two, which is no unit at all (``form_money.money_unit``)."""
    found = (u.group(1) or u.group(2) for u in UNIT_IN_LABEL.finditer(to_simplified(text)))
    return tuple(dict.fromkeys(found))


@dataclass(slots=True)
class FormState:
    """One form's header fields, money lines, goals, indicators and totals, and the block headers read."""

    form_type: str = "project"
    header: dict[str, RawText] = field(default_factory=dict)
    year: RawText | None = None
    funds: list[RawFundLine] = field(default_factory=list)
    breakdown: list[RawBreakdownLine] = field(default_factory=list)
    goal_expected: RawText | None = None
    goal_actual: RawText | None = None
    indicators: IndicatorState = field(default_factory=IndicatorState)
    total_weight: RawText | None = None
    total_score: RawText | None = None
    fund_header: ColumnHeader | None = None
    fund_corner: Cell | None = None  # the money header's unmapped first cell (部门预算执行情况（万元）)
    fund_header_row: Row | None = None  # the row the money header was read from
    fund_fresh: bool = False  # the row before was the money header
    fund_loose: dict[str, range | None] = field(default_factory=dict)  # ``form_header.loose_columns``
    fund_lines_read: int = 0  # lines read under the current money header
    fund_unit: str | None = None
    basis_header: ColumnHeader | None = None
    goal_header: ColumnHeader | None = None
    indicator_header: ColumnHeader | None = None
    indicator_fresh: bool = False  # the row before was the indicator header
    goal_fresh: bool = False  # the row before was the goal header
    paragraph_unit: str | None = None  # a unit written outside the table (its own line, the title)
    unit_conflict: bool = False  # two different money units declared (reported once, no unit taken)
    anomalies: list[RawAnomaly] = field(default_factory=list)
    short_lines: list[ShortLine] = field(default_factory=list)  # unplaced lines the block's sums may place


def place_all(ledger: Ledger, *groups: Sequence[Cell]) -> None:
    """Mark every cell of the groups as placed in a field or label."""
    for group in groups:
        ledger.place_many(group)
