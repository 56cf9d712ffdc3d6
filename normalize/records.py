"""Typed output rows, one dataclass per contract table (field names = ``schemas`` column names).

NOTE: keep in sync with ``schemas/tables.py``; ``tests/test_schemas.py`` checks that every row type has
its table's columns, in name, order, type and nullability.

Rows hold typed values to the end: a ``location`` is an ``extract.layout.Location`` and ``repairs`` a
tuple of slugs; ``emit.frames.rows_to_columns`` is the one place they become the tables' text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.extract.layout import Layout, Location
from jixiao.extract.quick_init import quick_init


class _Row:
    """Pickled as one constructor call over the fields (the dataclass default sets them one by one).

    The field list is the dataclass's own (``__match_args__``), so a new column can never be dropped
    between processes.
    """

    __slots__ = ()
    __match_args__: tuple[str, ...]

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (type(self), tuple(map(self.__getattribute__, self.__match_args__)))


@dataclass(frozen=True, slots=True)
class DocumentRow(_Row):
    doc_id: str
    source_path: str
    source_format: str
    encoding: str | None
    status: str  # ok | partial | failed
    error: str | None
    form_count: int
    report_count: int
    coverage_pct: float
    duplicate_of: str | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class FormRow(_Row):
    form_id: str
    doc_id: str
    form_type: str
    attachment: str | None
    title: str | None
    fill_unit: str | None
    year: int | None
    department: str | None
    project: str | None
    competent_department: str | None
    implementing_unit: str | None
    goal_expected: str | None
    goal_actual: str | None
    total_weight: float | None
    total_score: float | None
    computed_score: float | None
    location: Location | None
    # panel ids: filled at close over all documents (emit.panel), None per document
    unit_id: str | None = None
    project_id: str | None = None
    region_code: str | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class FundRow(_Row):
    form_id: str
    line: str
    label: str | None
    budget_initial_yuan: Decimal | None
    budget_full_year_yuan: Decimal | None
    executed_yuan: Decimal | None
    weight: float | None
    execution_rate_pct: float | None
    score: float | None
    # panel ids: filled at close over all documents (emit.panel), None per document
    unit_id: str | None = None
    project_id: str | None = None
    region_code: str | None = None
    year: int | None = None


@quick_init
@dataclass(frozen=True, slots=True)
class BreakdownRow(_Row):
    form_id: str
    basis: str
    line: str
    label: str | None
    amount_yuan: Decimal | None


@quick_init
@dataclass(frozen=True, slots=True)
class IndicatorRow(_Row):
    form_id: str
    seq: int
    level1: str | None
    level1_weight: float | None
    level2: str | None
    level3: str | None
    target_raw: str | None
    target_op: str | None
    target_value: float | None
    target_unit: str | None
    actual_raw: str | None
    actual_op: str | None
    actual_value: float | None
    actual_unit: str | None
    weight: float | None
    score: float | None
    deviation_reason: str | None
    location: Location | None
    target_met: bool | None = (
        None  # actual meets target (normalize.targets.compare_target); None: not compared
    )
    target_comparison: str | None = None  # the comparison used: "98.5 >= 95"
    # panel ids: filled at close over all documents (emit.panel), None per document
    unit_id: str | None = None
    project_id: str | None = None
    region_code: str | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class ReportSectionRow(_Row):
    doc_id: str
    attachment: str | None
    report_title: str | None
    seq: int
    numbering: str | None
    level: int
    heading: str | None
    text: str | None
    location: Location | None


@quick_init
@dataclass(frozen=True, slots=True)
class ValueRow(_Row):
    form_id: str
    table: str
    row_key: str
    field: str
    raw: str | None
    value: str | None
    unit_written: str | None
    status: str
    repairs: tuple[str, ...]  # slugs in the order applied; written `;`-joined
    location: Location | None


@quick_init
@dataclass(frozen=True, slots=True)
class AnomalyRow(_Row):
    doc_id: str
    form_id: str | None
    rule: str
    severity: str  # error | warning | info
    message: str
    expected: str | None
    observed: str | None
    location: Location | None
    # panel ids: filled at close over all documents (emit.panel), None per document
    unit_id: str | None = None
    project_id: str | None = None
    region_code: str | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class FactRow(_Row):
    doc_id: str
    attachment: str | None
    seq: int
    subject: str | None
    raw: str
    amount_yuan: Decimal | None
    unit_written: str | None
    status: str
    sentence: str | None
    location: Location | None


@quick_init
@dataclass(frozen=True, slots=True)
class ResidualRow(_Row):
    doc_id: str
    seq: int
    context: str | None
    text: str
    location: Location | None


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """All rows one input file contributes, table by table (attribute names = table names)."""

    documents: tuple[DocumentRow, ...]
    forms: tuple[FormRow, ...] = ()
    funds: tuple[FundRow, ...] = ()
    fund_breakdown: tuple[BreakdownRow, ...] = ()
    indicators: tuple[IndicatorRow, ...] = ()
    report_sections: tuple[ReportSectionRow, ...] = ()
    values: tuple[ValueRow, ...] = ()
    anomalies: tuple[AnomalyRow, ...] = ()
    facts: tuple[FactRow, ...] = ()
    residuals: tuple[ResidualRow, ...] = ()
    # the dimension tables (units, projects, links) are made at close over all documents: always empty
    units: tuple[object, ...] = ()
    projects: tuple[object, ...] = ()
    links: tuple[object, ...] = ()
    stage_seconds: dict[str, float] = field(default_factory=dict, compare=False)  # read/segment/normalize
    layout: Layout | None = field(default=None, compare=False)  # kept for review pages; may be dropped

    @property
    def document(self) -> DocumentRow:
        return self.documents[0]


TABLE_ROWS: dict[str, type[_Row]] = {  # table name → its row type (tests/test_schemas.py)
    "documents": DocumentRow,
    "forms": FormRow,
    "funds": FundRow,
    "fund_breakdown": BreakdownRow,
    "indicators": IndicatorRow,
    "report_sections": ReportSectionRow,
    "values": ValueRow,
    "anomalies": AnomalyRow,
    "facts": FactRow,
    "residuals": ResidualRow,
}


def failed_result(doc_id: str, source_path: str, source_format: str, error: str) -> DocumentResult:
    """The single row a file that could not be read contributes (its error on one line)."""
    one_line = " ".join(error.split())[:500]
    return DocumentResult(
        documents=(DocumentRow(doc_id, source_path, source_format, None, "failed", one_line, 0, 0, 0.0),)
    )
