"""Shortcuts the text-shape reader takes for speed give the answers of the full path they skip.

Each test runs a quick test against the slower definition it stands for, over generated inputs.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from jixiao.extract.cell_kinds import _classify
from jixiao.extract.column_cells import _FRAGMENT
from jixiao.extract.shape_cells import _MD_RULE, _one_cell, tokens_pipe
from jixiao.extract.text_shapes import _GAP_RUN, _PIPE, _SINGLE_SPACE, _pipe_row, _two_cells
from jixiao.extract.white_space import NON_SPACE
from jixiao.extract.wrapped_header import _in_run
from jixiao.schemas.labels import (
    FUND_COLUMNS,
    FUND_LINES,
    GOAL_LABELS,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    LEVEL1_LABELS,
    LEVEL2_LABELS,
    TOTAL_ROW_LABELS,
)

SHAPES = Path(__file__).resolve().parent.parent / "samples" / "shapes"

# Lines made of what the shape tests look at: bars, TABs, spaces of several kinds, text and figures.
_LINE_CHARS = st.sampled_from(["|", "｜", "\t", " ", "\u3000", "\x1c", "\xa0", "a", "年", "5", ".", "%"])
LINES = st.lists(_LINE_CHARS, max_size=40).map("".join)


def _two_cells_by_split(line: str) -> bool:
    return sum(1 for part in _PIPE.split(line) if part.strip()) >= 2


@settings(max_examples=2000, deadline=None)
@given(LINES)
def test_two_cells_quick_rejection_agrees_with_splitting(line: str) -> None:
    assert _two_cells(line) == _two_cells_by_split(line)


def _pipe_row_by_pattern(line: str) -> bool:
    if len(line) <= 11:
        return True
    words = line.split()
    bars = len(_PIPE.findall(line.strip()))
    return len(words) - words.count("|") - words.count("｜") <= 3 * (bars + 1)


@settings(max_examples=2000, deadline=None)
@given(LINES)
def test_pipe_row_counts_bars_as_the_pattern_finds_them(line: str) -> None:
    assert _pipe_row(line) == _pipe_row_by_pattern(line)


@settings(max_examples=1000, deadline=None)
@given(st.lists(LINES, max_size=6))
def test_gaps_counted_over_joined_lines_as_line_by_line(lines: list[str]) -> None:
    joined = "\n".join(lines)
    for pattern, looking_back_first in (
        (_GAP_RUN, re.compile(rf"(?<={NON_SPACE})(?: {{2,}}|\u3000{{2,}})(?={NON_SPACE})")),
        (_SINGLE_SPACE, re.compile(rf"(?<={NON_SPACE})[ \u3000](?={NON_SPACE})")),
    ):
        assert len(pattern.findall(joined)) == sum(len(looking_back_first.findall(ln)) for ln in lines)


# Cell texts made of the vocabulary's words cut up and run together with what the rules of classify
# look for (annotations, numbers, colons, units, titles, traditional forms) and characters no wording has.
_VOCABS = (FUND_LINES, FUND_COLUMNS, INDICATOR_COLUMNS, GOAL_LABELS, HEADER_FIELDS)
_WORDS = sorted(
    {w for vocab in _VOCABS for ws in vocab.values() for w in ws}
    | {*TOTAL_ROW_LABELS, *LEVEL1_LABELS, *LEVEL2_LABELS}
)
# Pieces the rules look for, and characters no wording has.
_OTHERS = (
    "其中：|（万元）|(50分)|1.|（一）|二、|：|附件2|绩效自评表|报告|总分|元"
    "|里|乡村|≥|28|公里|資金|總額|—| |%|56.40|第3页|④=①+②|基本支出：43|Page|of|-|A|：7.5"
)
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).flatmap(lambda w: st.integers(0, len(w)).map(lambda k: w[:k])),
    st.sampled_from(_WORDS).flatmap(lambda w: st.integers(0, len(w)).map(lambda k: w[k:])),
    st.sampled_from([*_OTHERS.split("|"), "\n"]),
)
CELLS = st.lists(_PIECES, min_size=1, max_size=4).map("".join)


@settings(max_examples=3000, deadline=None)
@given(CELLS)
def test_classify_quick_text_rule_agrees_with_every_rule(text: str) -> None:
    assert _classify(text) == _classify(text, quick=False)


def test_classify_quick_text_rule_agrees_on_the_shape_samples() -> None:
    seen = 0
    for path in sorted(SHAPES.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for text in {line, *line.split(), *line.split("|")}:
                assert _classify(text) == _classify(text, quick=False), text
                seen += 1
    assert seen > 10_000


@settings(max_examples=1000, deadline=None)
@given(LINES)
def test_pipe_cells_split_in_c_as_the_pattern_splits_them(line: str) -> None:
    text, cells = line.strip(" \u3000\r\n\f\v"), tokens_pipe([line], 1)[0]
    if "|" in line and text.strip():
        assert [c.text for c in cells] == _cells_by_pattern(text)


def _cells_by_pattern(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"[|｜\t]", text)]
    if all(_MD_RULE.match(p) for p in parts if p) and any(parts) and "--" in text:
        return []
    parts = parts[1:] if parts and not parts[0] else parts
    return parts[:-1] if parts and not parts[-1] else parts


@settings(max_examples=2000, deadline=None)
@given(LINES)
def test_pdf_fragments_found_possessively_as_greedily(line: str) -> None:
    greedy = re.compile(rf"{NON_SPACE}+(?:[ \u3000]{NON_SPACE}+)*")
    assert [m.span() for m in _FRAGMENT.finditer(line)] == [m.span() for m in greedy.finditer(line)]


def test_cached_cell_tests_answer_as_computed_afresh() -> None:
    """_in_run and _one_cell are kept per distinct text: a cached answer is the function's own."""
    kinds = ("text", "goal", "fund_col", "ind_col", "unit", "value")
    for path in sorted(SHAPES.glob("shape_[bcd]_*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert _one_cell(line) == _one_cell.__wrapped__(line)
            for kind in kinds:
                assert _in_run(line.strip(), kind) == _in_run.__wrapped__(line.strip(), kind)
