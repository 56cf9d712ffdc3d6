"""Raw records: what segmentation finds, still as source strings with their locations.

Nothing here is parsed into numbers; ``normalize`` turns these into typed rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.extract.layout import Location
from jixiao.extract.quick_init import quick_init


@quick_init
@dataclass(frozen=True, slots=True)
class RawText:
    """A source string and where it was read."""

    text: str
    location: Location


@quick_init
@dataclass(frozen=True, slots=True)
class RawFundLine:
    line: str  # canonical key: total, current_year_appropriation, …
    label: RawText
    cells: dict[str, RawText]  # budget_initial, budget_full_year, executed, weight, execution_rate, score
    unit: str | None  # unit declared by the block's header, e.g. 万元


@quick_init
@dataclass(frozen=True, slots=True)
class RawBreakdownLine:
    basis: str  # income | expenditure
    line: str  # canonical key, or "unmatched:<label>"
    label: RawText
    amount: RawText  # the part after the label ("321.013328"), may be empty
    unit: str | None


@quick_init
@dataclass(frozen=True, slots=True)
class RawIndicator:
    level1: RawText | None
    level1_weight: RawText | None  # the "(50分)" part of the level-1 cell
    level2: RawText | None
    level3: RawText | None
    target: RawText | None
    actual: RawText | None
    weight: RawText | None
    score: RawText | None
    deviation: RawText | None
    extra: dict[str, RawText]  # nature, unit, explanation, criteria … (none: an empty dict)
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class RawAnomaly:
    """A problem the form reader saw in the source itself (figures it could not place)."""

    rule: str  # an id of ``schemas.rules``
    message: str  # in Chinese, for the reviewer
    raw: RawText  # the text concerned, kept as written


@quick_init
@dataclass(frozen=True, slots=True)
class RawForm:
    form_type: str  # department | project | target
    attachment: str | None
    title: RawText | None
    header: dict[str, RawText]  # department, project, competent_department, implementing_unit, fill_unit
    year: RawText | None  # the text the year was read from
    funds: tuple[RawFundLine, ...]
    breakdown: tuple[RawBreakdownLine, ...]
    goal_expected: RawText | None
    goal_actual: RawText | None
    indicators: tuple[RawIndicator, ...]
    total_weight: RawText | None
    total_score: RawText | None
    location: Location
    anomalies: tuple[RawAnomaly, ...] = ()


@dataclass(frozen=True, slots=True)
class RawSection:
    seq: int
    numbering: str | None  # as written: "1、", "二、", "（一）", "1." …
    level: int  # 0 for text before any heading, 1 for 一、, 2 for （一）, 3 for 1., 4 for （1）
    heading: str | None
    paragraphs: tuple[RawText, ...]
    location: Location


@dataclass(frozen=True, slots=True)
class RawReport:
    attachment: str | None
    title: RawText | None
    sections: tuple[RawSection, ...]
    location: Location


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Everything segmentation found in one file, plus the character ledger for coverage."""

    source_format: str
    encoding: str | None
    forms: tuple[RawForm, ...]
    reports: tuple[RawReport, ...]
    residuals: tuple[tuple[str | None, RawText], ...]  # (context, text) the segmenter could not place
    total_chars: int  # non-blank characters in the source layout
    placed_chars: int  # of those, how many landed in a field, label or report section
    notes: tuple[str, ...] = ()
