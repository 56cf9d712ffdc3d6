"""What one cell text is to each vocabulary a form's rows are classified by, asked once per distinct text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jixiao.extract.labels import clean_label, match_label, strip_annotations
from jixiao.extract.layout import Cell, Row
from jixiao.schemas.labels import (
    BREAKDOWN_BASIS,
    FUND_COLUMNS,
    GOAL_LABELS,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    SCORE_TOTAL_LABELS,
)


def worded(row: Row) -> list[Cell]:
    """The cells a vocabulary may match. Every wording of ``schemas.labels`` holds Chinese, and an ASCII
    text (a figure, a percentage, a date) is too far from any of them to match even fuzzily (checked in
    ``tests/test_labels.py``): a row's figures need not be asked about every vocabulary."""
    return [c for c in row.cells if not c.text.isascii()]


@dataclass(frozen=True, slots=True)
class Hits:
    """What one cell text is to each vocabulary a row is classified by (exact, but the goals fuzzy, as
    their reader matches them)."""

    indicator: str | None  # an INDICATOR_COLUMNS key
    fund: str | None  # a FUND_COLUMNS key
    basis: bool  # a BREAKDOWN_BASIS wording
    goal: str | None  # a GOAL_LABELS key
    header: str | None  # a HEADER_FIELDS key
    score_total: bool  # 自评得分, 自评总分 …: the form's score among the header fields


@lru_cache(maxsize=1 << 16)  # every row asks all of them of every worded cell: once per distinct text
def cell_hits(text: str) -> Hits:
    def key(vocab: dict[str, tuple[str, ...]], fuzzy: bool = False) -> str | None:
        m = match_label(text, vocab, fuzzy=fuzzy)
        return m.key if m is not None else None

    return Hits(
        key(INDICATOR_COLUMNS),
        key(FUND_COLUMNS),
        key(BREAKDOWN_BASIS) is not None,
        key(GOAL_LABELS, True),
        key(HEADER_FIELDS),
        strip_annotations(clean_label(text)) in SCORE_TOTAL_LABELS,
    )
