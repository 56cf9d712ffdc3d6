"""The goals block (年度总体目标, 预期目标 | 实际完成情况) in a stream of cells → its rows.

Without delimiters a goal's text may come as several cells (one per line or paragraph): they are grouped
into as many texts as the block has columns, by sentence ends, or left ungrouped when that is not one
reading.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import regex
from jixiao.extract.cell_kinds import Token, goal_key
from jixiao.extract.cell_prepare import cells_after, span
from jixiao.extract.marked_cells import under_labels

_HEADS = frozenset(("ind_col", "fund_col"))  # kinds of a block's header labels
_SENTENCE_END = ("。", "；", ";", ".")
# A short numbered heading ("2.项目实施内容及过程概述" after 四川's goal texts): a label, never goal prose.
_NUMBERED_HEADING = regex.compile(r"^\s*[0-9]{1,2}\s*[.．、]\s*\p{Han}[^。；;]{1,18}$")


def read_goals(
    toks: Sequence[Token], kinds: Sequence[str], i: int
) -> tuple[list[list[Token | None]], Token, int, list[Token]]:
    """The goals block's rows from its first label at ``i``, the token that anchors them, next index, and
    texts inside the block that lie under no goal label (rows marked and boxed: kept as paragraphs)."""
    labels: list[Token] = []
    j = i
    while j < len(toks) and (goal_key(toks[j].text) or kinds[j] == "empty"):
        if kinds[j] != "empty":
            labels.append(toks[j])
        j += 1
    keys = [goal_key(t.text) for t in labels]
    texts = cells_after(toks, kinds, j, -1, ("text", "value", "empty"), 40)
    # Where rows are marked, a row holding a block's header labels (绩效指标 | 一级指标 | …) is not
    # more of the goals, its first cell a text though it is.
    after = labels[-1].row if labels else -1
    heads = itertools.compress(range(len(toks)), map(_HEADS.__contains__, kinds)) if after >= 0 else ()
    headed = {toks[k].row for k in heads if toks[k].row > after}
    texts = list(itertools.takewhile(lambda k: toks[k].row not in headed, texts))
    texts = [k for k in texts if kinds[k] != "empty"]
    heading = next((n for n, k in enumerate(texts) if _NUMBERED_HEADING.match(toks[k].text)), None)
    texts = texts if heading is None else texts[:heading]
    # 预期目标 | 实际完成情况, or three columns (重庆: 年初 | 调整 | 实际)
    sub_count = sum(k != "goal_block" for k in keys)
    want = sub_count if ("goal_expected" in keys or "goal_actual" in keys) else min(2, len(texts))
    end = (texts[-1] if texts else j - 1) + 1
    sub = [t for t in labels if goal_key(t.text) != "goal_block"]
    head = [t for t in labels if goal_key(t.text) == "goal_block"]
    columns = "goal_expected" in keys or "goal_actual" in keys
    placed = under_labels(sub, [toks[k] for k in texts], head) if columns else None
    if placed is not None:  # a PDF's positions: each text under its column's label, never regrouped
        return [[*head, *sub], [*(None for _ in head), *placed[0]]], labels[0], end, placed[1]
    groups = _group_sentences([toks[k] for k in texts], want)
    if groups is None:
        return [list(labels)], labels[0], j, []
    if columns:
        return [[*head, *sub], [*(None for _ in head), *groups]], labels[0], end, []
    return [[*labels, *groups]], labels[0], end, []


def _group_sentences(toks: list[Token], want: int) -> list[Token] | None:
    if want == 0:
        return []
    if len(toks) == want:
        return toks
    if len(toks) < want:
        return None
    groups: list[list[Token]] = [[]]
    for t in toks:
        groups[-1].append(t)
        if t.text.rstrip().endswith(_SENTENCE_END):
            groups.append([])
    groups = [g for g in groups if g]
    if len(groups) != want:
        return None
    return [Token(" ".join(x.text for x in g), span(g[0].location, g[-1].location), g[0].row) for g in groups]


__all__ = ["read_goals"]
