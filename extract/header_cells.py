"""A header row's labels in a stream of cells, and the columns the vocabulary lacks between them."""

from __future__ import annotations

from collections.abc import Sequence

import regex
from jixiao.extract.cell_kinds import Token
from jixiao.extract.cell_prepare import cells_after
from jixiao.extract.labels import clean_label, match_label, strip_annotations
from jixiao.extract.marked_cells import names_again
from jixiao.schemas.labels import FUND_COLUMNS, FUND_COLUMNS_WITHOUT_FIELD, SCORE_TOTAL_LABELS

_WITHOUT_FIELD = frozenset(FUND_COLUMNS_WITHOUT_FIELD)
# A column's name, not a value or prose.
_SHORT_LABEL = regex.compile(r"^(?=[^0-9]*\p{Han})[^。；;，,:：]{2,10}$")


def header_run(
    toks: Sequence[Token], kinds: Sequence[str], i: int, vocab: dict[str, tuple[str, ...]], gaps: bool = False
) -> tuple[list[tuple[Token, str]], int]:
    """The header labels from ``i`` and their keys. With ``gaps``, a short label the vocabulary lacks
    between two it knows (重庆's 年初指标值 | 调整指标值 | 得分系数) is a column too, keyed ``column_N``:
    its cells are claimed so that the columns after it keep their places."""
    run: list[tuple[Token, str]] = []
    while i < len(toks) and kinds[i] in ("fund_col", "ind_col", "goal", "empty", "text"):
        if kinds[i] == "empty":
            i += 1
            continue
        m = match_label(toks[i].text, vocab, fuzzy=False)
        if run and run[-1][0].row != toks[i].row and names_again(toks, i, {k for _, k in run}, vocab):
            break  # a marked row naming a column again refines the header (指标性质 | 指标值 | …)
        if m is None:
            # a money column the contract has no field for, named as such: a column, wherever it stands
            known = vocab is FUND_COLUMNS and strip_annotations(clean_label(toks[i].text)) in _WITHOUT_FIELD
            if not run or not (known or (gaps and _between_labels(toks, kinds, i, run[-1][0], vocab))):
                break
            run.append((toks[i], f"column_{len(run)}"))
        else:
            run.append((toks[i], m.key))
        i += 1
    return run, i


def _between_labels(
    toks: Sequence[Token], kinds: Sequence[str], i: int, before: Token, vocab: dict[str, tuple[str, ...]]
) -> bool:
    """Token ``i`` is a short unknown label, on ``before``'s row, with a known label after it within
    a few unknown ones."""
    unknown = 0
    for j in range(i, min(len(toks), i + 8)):
        tok, kind = toks[j], kinds[j]
        if tok.row != before.row:
            return False
        if kind == "empty":
            continue
        if match_label(tok.text, vocab, fuzzy=False) is not None:
            return unknown > 0
        if kind != "text" or not _SHORT_LABEL.match(clean_label(tok.text)) or unknown == 3:
            return False
        unknown += 1
    return False


def score_total_at(toks: Sequence[Token], kinds: Sequence[str], i: int) -> bool:
    """``自评得分`` (or 自评总分) with exactly one figure after it: the form's score, not a header."""
    if strip_annotations(clean_label(toks[i].text)) not in SCORE_TOTAL_LABELS:
        return False
    after = cells_after(toks, kinds, i + 1, toks[i].row, ("value", "empty"), 4)
    return sum(kinds[j] == "value" for j in after) == 1
