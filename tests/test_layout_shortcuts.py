"""Shortcuts the text-shape reader takes for speed give the answers of the full path they skip.

Each test runs a quick test against the slower definition it stands for, over generated inputs.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from jixiao.extract.text_shapes import _GAP_RUN, _PIPE, _SINGLE_SPACE, _pipe_row, _two_cells

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
    for pattern in (_GAP_RUN, _SINGLE_SPACE):
        assert len(pattern.findall(joined)) == sum(len(pattern.findall(ln)) for ln in lines)
