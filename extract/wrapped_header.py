"""A header row whose cells wrapped onto a second line, in a text shape that marks no rows.

A PDF's text without ``-layout`` (or a copied page) writes a header's wrapped cells as two lines:
``项目资金（万元） 年初 全年 全年 分值 执行率 得分`` then ``预算数 预算数 执行数``, or
``… 全年执行 分值 …`` then ``数``; one cell a line gives the same cells in the same order. The second line's
fragments sit under the first line's cells that they complete, in order: each is joined to the cell it
completes where exactly one way of joining them makes every header cell a word of the vocabulary. Any
other run is left as it is (its cells then name no column, and the form reader says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import compress

import regex
from jixiao.extract.cell_kinds import Token, classify
from jixiao.extract.labels import clean_label
from jixiao.extract.layout import span
from jixiao.schemas.labels import FUND_COLUMNS, INDICATOR_COLUMNS

_WHOLE_KINDS = frozenset(("fund_col", "ind_col", "corner", "unit"))  # cells a header holds as they are
_RUN_KINDS = _WHOLE_KINDS | {"text", "goal"}  # what a header run's cells may be (see ``_in_run``)
_SHORT_NAME = regex.compile(r"^\p{Han}{2,4}$")
_MAX_FRAGMENT = 8  # a wrapped cell's rest: a character or a few (分析及改进措施)


@cache
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The header vocabulary (cleaned), its beginnings and its ends."""
    words = frozenset(
        clean_label(w) for vocab in (FUND_COLUMNS, INDICATOR_COLUMNS) for ws in vocab.values() for w in ws
    )
    heads = frozenset(w[:k] for w in words for k in range(2, len(w)))
    tails = frozenset(w[k:] for w in words for k in range(1, len(w)))
    return words, heads, tails


@lru_cache(maxsize=1 << 14)  # asked of every text cell of every region: once per distinct text
def _in_run(text: str, kind: str) -> bool:
    if kind in _WHOLE_KINDS:
        return True
    if kind != "text" and kind != "goal":
        return False  # a figure, a row label …: neither a piece of a header word nor a column name
    _, heads, tails = _words()
    key = clean_label(text)
    # "实际完成" is also a goal's label: a piece of a header word whatever else it names
    pieces = (key in heads or key in tails) and not any(c.isdigit() for c in key)
    return pieces or _unknown_column(key, kind)


def _unknown_column(key: str, kind: str) -> bool:
    """A short column name the vocabulary lacks (备注), whole as it stands: never a piece of a word."""
    _, heads, tails = _words()
    return (
        kind == "text"
        and 2 <= len(key) <= 4
        and bool(_SHORT_NAME.match(key))
        and key not in heads
        and key not in tails
    )


def _joins(head: Sequence[str], frags: Sequence[str], kinds: Sequence[str]) -> list[tuple[int, ...]]:
    """Every way to give each fragment, in order, to a head cell it completes into a word, the head
    cells left alone being whole; at most two (one is all that is acted on)."""
    words, _, _ = _words()
    out: list[tuple[int, ...]] = []

    def walk(k: int, after: int, acc: tuple[int, ...]) -> None:
        if len(out) > 1:
            return
        if k == len(frags):
            alone = set(range(len(head))) - set(acc)
            if all(kinds[j] in _WHOLE_KINDS or _unknown_column(head[j], kinds[j]) for j in alone):
                out.append(acc)
            return
        for j in range(after + 1, len(head)):
            # Two whole words make no wrapped cell (执行率 | 得分 is two columns, not 执行率得分).
            if head[j] + frags[k] in words and not (kinds[j] in _WHOLE_KINDS and frags[k] in words):
                walk(k + 1, j, (*acc, j))

    walk(0, -1, ())
    return out


def join_wrapped_headers(tokens: list[Token], kinds: list[str]) -> tuple[list[Token], list[str]]:
    """The cells with each wrapped header cell joined to its rest (see the module notes)."""
    # Whether each cell may stand in a header run, asked once a cell (rows marked: never).
    runs = [False] * len(tokens)
    for j in compress(range(len(tokens)), map(_RUN_KINDS.__contains__, kinds)):
        tok = tokens[j]
        runs[j] = tok.row < 0 and _in_run(tok.text, kinds[j])
    i = 0
    while True:
        try:
            i = runs.index(True, i)  # the next cell that may open a run (most cells may not)
        except ValueError:
            break
        start = i
        while start > 0 and runs[start - 1]:
            if _unknown_column(clean_label(tokens[start - 1].text), kinds[start - 1]):
                break  # a run opens on a word of the vocabulary or a piece of one, not on a field's value
            start -= 1
        end = i
        while end < len(tokens) and runs[end]:
            end += 1
        found = _split(tokens, kinds, start, end)
        if found is None:
            i = end
            continue
        cut, joins = found
        out_t, out_k = list(tokens[:start]), list(kinds[:start])
        given = dict(zip(joins, range(cut, end), strict=True))
        for j in range(start, cut):
            tok = tokens[j]
            if j - start in given:
                rest = tokens[given[j - start]]
                tok = Token(tok.text + rest.text, span(tok.location, rest.location), tok.row)
            out_t.append(tok)
            out_k.append(classify(tok.text) if j - start in given else kinds[j])
        heads = [
            tok.row < 0 and _in_run(tok.text, k) for tok, k in zip(out_t[start:], out_k[start:], strict=True)
        ]
        runs = [*runs[:start], *heads, *runs[end:]]
        tokens, kinds = [*out_t, *tokens[end:]], [*out_k, *kinds[end:]]
        i = len(out_t)
    return tokens, kinds


def _split(
    tokens: Sequence[Token], kinds: Sequence[str], start: int, end: int
) -> tuple[int, tuple[int, ...]] | None:
    """Where a header run ``start:end`` ends and its wrapped rest begins, and which head cell each piece
    of the rest completes; None unless exactly one reading joins something."""
    keys = [clean_label(t.text) for t in tokens[start:end]]
    run_kinds = kinds[start:end]
    if all(k in _WHOLE_KINDS for k in run_kinds):
        return None  # every cell whole already: nothing wrapped
    _, _, tails = _words()
    readings: list[tuple[int, tuple[int, ...]]] = []
    for cut in range(len(keys) - 1, 0, -1):
        frags = keys[cut:]
        if any(len(f) > _MAX_FRAGMENT or f not in tails for f in frags):
            break  # a longer rest would hold this piece too
        for joins in _joins(keys[:cut], frags, run_kinds[:cut]):
            readings.append((start + cut, joins))
    return readings[0] if len(readings) == 1 else None


__all__ = ["join_wrapped_headers"]
