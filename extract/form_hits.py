"""What one cell text is to each vocabulary a form's rows are classified by, asked once per distinct text."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from jixiao.extract.labels import MAX_LABEL_CHARS, clean_label, exact_key, match_label, strip_annotations
from jixiao.extract.layout import Cell, Row
from jixiao.extract.quick_init import quick_init
from jixiao.schemas.labels import (
    BREAKDOWN_BASIS,
    FUND_COLUMNS,
    GOAL_LABELS,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    SCORE_TOTAL_LABELS,
    TOTAL_ROW_LABELS,
)


@quick_init
@dataclass(frozen=True, slots=True, eq=False)  # (one NO_HITS value: compared by identity)
class Hits:
    """What one cell text is to each vocabulary a row is classified by (exact, but the goals fuzzy, as
    their reader matches them)."""

    indicator: str | None  # an INDICATOR_COLUMNS key
    fund: str | None  # a FUND_COLUMNS key
    basis: bool  # a BREAKDOWN_BASIS wording
    goal: str | None  # a GOAL_LABELS key
    header: str | None  # a HEADER_FIELDS key
    score_total: bool  # 自评得分, 自评总分 …: the form's score among the header fields
    total: bool  # 总分, 合计 … (TOTAL_ROW_LABELS, or any label opening with 总分): a 总分 row's label


FORM_NAMES = ("project", "department")  # the header fields that name a form


def cell_hits(text: str) -> Hits:
    """What the text is to each vocabulary; ``NO_HITS`` (one shared value) when it is none of them.

    Every wording of ``schemas.labels`` holds Chinese, and an ASCII text (a figure, a percentage, a date)
    is too far from any of them to match even fuzzily (checked in ``tests/test_labels.py``): no figure
    is asked about, nor kept.
    """
    return NO_HITS if text.isascii() else _HITS[text]


def _cell_hits(text: str) -> Hits:
    cleaned = strip_annotations(clean_label(text))
    # match_label(text, vocab, fuzzy=False) for each vocabulary, the text cleaned once for all of them
    exact = 0 < len(cleaned) <= MAX_LABEL_CHARS
    goal = match_label(text, GOAL_LABELS)  # fuzzy, as the goal reader matches them
    found = (
        exact_key(cleaned, INDICATOR_COLUMNS) if exact else None,
        exact_key(cleaned, FUND_COLUMNS) if exact else None,
        exact and exact_key(cleaned, BREAKDOWN_BASIS) is not None,
        goal.key if goal is not None else None,
        exact_key(cleaned, HEADER_FIELDS) if exact else None,
        cleaned in SCORE_TOTAL_LABELS,
        cleaned in TOTAL_ROW_LABELS or cleaned.startswith("总分"),
    )
    return Hits(*found) if any(found) else NO_HITS


class _Memo(dict[str, Hits]):
    """Each worded cell text's hits, worked out the first time the text is met."""

    def __missing__(self, text: str) -> Hits:
        if len(self) >= 1 << 17:
            self.clear()  # (a long batch: the texts of documents read before are not met again)
        found = self[text] = _cell_hits(text)
        return found


_HITS = _Memo()
NO_HITS = Hits(None, None, False, None, None, False, False)  # most cells: names, targets, notes


@quick_init
@dataclass(frozen=True, slots=True)
class RowHits:
    """A row's label cells with what each is (``cell_hits``), worked out once for every reader of the
    row: a row is asked whether it opens the next form, which block's header it is, which header field."""

    cells: tuple[Cell, ...]  # the cells that are some vocabulary's label, in order (most rows: none)
    hits: tuple[Hits, ...]  # each one's hits
    names_form: bool  # one of them is 项目名称 or 单位名称 (``FORM_NAMES``)
    basis: bool  # one of them is a 按…性质分 label


NO_LABELS = RowHits((), (), False, False)  # a row of figures and text only (most rows)


def row_hits(row: Row) -> RowHits:
    """The row's label cells (see ``cell_hits``)."""
    known = _HITS  # (asked of every cell of every form: no call per cell)
    hits = [NO_HITS if c.text.isascii() else known[c.text] for c in row.cells]
    if hits.count(NO_HITS) == len(hits):
        return NO_LABELS
    pairs = [(c, h) for c, h in zip(row.cells, hits, strict=True) if h is not NO_HITS]
    cells, labels = zip(*pairs, strict=True)
    return RowHits(cells, labels, any(h.header in FORM_NAMES for h in labels), any(map(_BASIS, labels)))


_BASIS = attrgetter("basis")
