"""Cells as a shape cut them → cells as the form wrote them, before the grammar reads the rows.

A shape's delimiters cut some cells in two and run others together: a label and its value in one
cell (``项目名称：X``, ``年度资金总额:56.4058…``), two header fields on one line (``单位名称:… 填报日期:…``),
a label cut over cells (``年初`` ``预算数``, ``项目资金`` ``（万元）``, ``产出指标`` ``（50分）``).
``prepare`` splits and joins them by the vocabulary and names each cell's kind once
(``extract.cell_kinds.classify``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress, islice, repeat
from operator import and_, contains

from jixiao.extract.cell_kinds import LABEL_KINDS, Token, classify, split_glued_label, split_inline_field
from jixiao.extract.layout import span
from jixiao.extract.white_space import NON_SPACE, SPACE, WHITE
from jixiao.extract.wrapped_header import join_wrapped_headers

# "单位名称:… 填报日期:…"
_FIELDS_ON_ONE_LINE = re.compile(rf"{SPACE}+(?=[^{WHITE}:：]{{2,8}}{SPACE}*[:：])")
_DIGIT = re.compile(r"[0-9]")
# "…　（2022年度）", its digits maybe full-width.
_YEAR_AFTER_GAP = re.compile(
    rf"^(?P<head>.*{NON_SPACE})(?:[ \t]{{2,}}|\u3000+)"
    rf"(?P<year>[(（]{SPACE}*[0-9０-９]{{4}}{SPACE}*年度?{SPACE}*[)）]){SPACE}*$"
)
_PIECE_KINDS = frozenset(("text", "unit", "fund_col", "ind_col"))
_MAX_FRAGMENT = 8  # a label cut over cells is cut into short pieces (``年初`` ``预算数``)


def join_cells(tokens: Sequence[Token]) -> Token:
    return Token(
        "\n".join(t.text for t in tokens), span(tokens[0].location, tokens[-1].location), tokens[0].row
    )


def cells_after(
    toks: Sequence[Token], kinds: Sequence[str], i: int, row: int, allowed: tuple[str, ...], limit: int = -1
) -> list[int]:
    """Indices of the cells from ``i`` whose kinds are ``allowed``, on row ``row`` when rows are marked."""
    stop = len(toks) if limit < 0 else min(len(toks), i + limit)
    j = i
    if row >= 0:
        while j < stop and kinds[j] in allowed and toks[j].row == row:
            j += 1
    else:
        while j < stop and kinds[j] in allowed:
            j += 1
    return list(range(i, j))


def prepare(tokens: Sequence[Token]) -> tuple[list[Token], list[str]]:
    """Split cells holding two things (``项目名称：X``, ``年度资金总额:56.4…``); join labels cut up."""
    texts = [t.text for t in tokens]
    found = list(map(classify, texts))
    # Only a text (a label and its value, a glued fund line, a year set apart) or a cell with a colon
    # (fields on one line) may hold two things: the others (figures, labels) are copied as they are.
    two = set(compress(range(len(texts)), map(contains, texts, repeat(":"))))
    two.update(compress(range(len(texts)), map(contains, texts, repeat("："))))
    two.update(compress(range(len(texts)), map("text".__eq__, found)))
    out: list[Token] = []
    kinds: list[str] = []
    at = 0  # the first cell not yet copied
    for i in sorted(two):
        out += tokens[at:i]
        kinds += found[at:i]
        at = i + 1
        tok = tokens[i]
        text = tok.text
        if ":" in text or "：" in text:
            text = text.strip()
            if text.count(":") + text.count("：") >= 2 and _FIELDS_ON_ONE_LINE.search(text):
                for part in _FIELDS_ON_ONE_LINE.split(text):
                    if part:
                        _add(Token(part, tok.location, tok.row), out, kinds)
                continue
        if found[i] != "text":
            out.append(tok)
            kinds.append(found[i])
            continue
        _add(tok, out, kinds, "text")
    out += tokens[at:]
    kinds += found[at:]
    return join_wrapped_headers(*_merge_fragments(out, kinds))


def _add(tok: Token, out: list[Token], kinds: list[str], kind: str | None = None) -> None:
    """Append a cell with its kind (``kind``, when already known); a label and its value in one cell
    become two."""
    text = tok.text
    if "年" in text and ("（" in text or "(" in text) and (m := _YEAR_AFTER_GAP.match(text)):
        # "填报单位：（盖章）某县档案馆　　　（2022年度）": the form's year, set apart by a wide gap, is a
        # cell of its own, not part of the field's value.
        _add(Token(m.group("head"), tok.location, tok.row), out, kinds)
        _add(Token(m.group("year"), tok.location, tok.row), out, kinds)
        return
    if kind is None:
        kind = classify(tok.text)
    if kind == "text":
        text = tok.text
        # Cheap tests first: a field needs a colon, a glued fund line a digit.
        pair = split_inline_field(tok) if (":" in text or "：" in text) else None
        if pair is None and _DIGIT.search(text):
            pair = split_glued_label(tok)
        if pair is not None:
            out.extend(pair)
            kinds.extend(classify(t.text) for t in pair)
            return
    out.append(tok)
    kinds.append(kind)


# Kinds a merge may start on (a label cut up, a label and its annotation); any other cell stays as it is.
_MERGE_STARTS = frozenset(("corner", "level1", "fund_line", "text", "unit"))
_MERGE_NEXT = _PIECE_KINDS | {"points"}  # what the cell after it must be: a piece, or an annotation


def _merge_fragments(tokens: list[Token], kinds: list[str]) -> tuple[list[Token], list[str]]:
    """``年初`` + ``预算数`` → ``年初⏎预算数``; ``项目资金`` + ``（万元）``; ``产出指标`` + ``（50分）``."""
    out_t: list[Token] = []
    out_k: list[str] = []
    n = len(tokens)
    at = 0  # the first cell not yet copied or merged
    # A merge starts on a label cut up or a label before its annotation, and each takes the cell after it
    # (a piece of the label, or the annotation); the other cells (figures, the vocabulary's other
    # labels, a cell before a figure) are copied as they are.
    starts = map(_MERGE_STARTS.__contains__, kinds)
    takes_next = map(_MERGE_NEXT.__contains__, islice(kinds, 1, None))
    for i in compress(range(n - 1), map(and_, starts, takes_next)):
        if i < at:
            continue  # merged into the cell before it
        out_t += tokens[at:i]
        out_k += kinds[at:i]
        kind = kinds[i]
        annotation = "points" if kind == "level1" else "unit"
        if kind in ("corner", "level1", "fund_line") and i + 1 < n and kinds[i + 1] == annotation:
            out_t.append(join_cells(tokens[i : i + 2]))
            out_k.append(kind)
            at = i + 2
            continue
        text = tokens[i].text
        if kind == "text" and len(text.strip()) == 1:
            width = _vertical_width(tokens, kinds, i)
            if width:
                # "绩" "效" "指" "标": a label written down a narrow merged cell, a character a line.
                joined = join_cells(tokens[i : i + width])
                out_t.append(
                    Token("".join(t.text.strip() for t in tokens[i : i + width]), joined.location, joined.row)
                )
                out_k.append(classify(out_t[-1].text))
                at = i + width
                continue
        if (kind == "text" or kind == "unit") and len(text) <= _MAX_FRAGMENT:
            width = _fragment_width(tokens, kinds, i)
            if width:
                joined = join_cells(tokens[i : i + width])
                out_t.append(joined)
                out_k.append(classify(joined.text))
                at = i + width
                continue
        out_t.append(tokens[i])
        out_k.append(kind)
        at = i + 1
    out_t += tokens[at:]
    out_k += kinds[at:]
    return out_t, out_k


def _fragment_width(tokens: list[Token], kinds: list[str], i: int) -> int:
    """How many cells from ``i`` (a short one) make one label cut up (3 or 2), or 0."""
    nxt = i + 1
    if nxt >= len(tokens) or kinds[nxt] not in _PIECE_KINDS:
        return 0  # what every width needs of the next cell (mostly a figure follows: no piece of a label)
    row = tokens[i].row
    # Each width needs the cells after ``i`` short pieces of the label on its row.
    pieces = 1
    while pieces < 3 and i + pieces < len(tokens):
        tok = tokens[i + pieces]
        if len(tok.text) > _MAX_FRAGMENT or kinds[i + pieces] not in _PIECE_KINDS or tok.row != row:
            break
        pieces += 1
    for width in (3, 2):
        end = i + width
        # "年初" + "预算数": the tail may be a label of its own (预算数), the head may not.
        if width > pieces:
            continue
        kind = classify("\n".join(t.text for t in tokens[i:end]))
        if kind == "corner" and "corner" in (
            _joined_kind(tokens[i + 1 : end]),
            _joined_kind(tokens[i : end - 1]),
        ):
            # "某县档案馆" + "年度预算申请" + "（万元）", or the corner + "年初预算数": a corner whole without
            # the cell before or after it does not take that cell.
            continue
        if kind not in ("text", "value"):
            return width
    return 0


def _vertical_width(tokens: list[Token], kinds: list[str], i: int) -> int:
    """How many one-character cells from ``i`` spell a label (2 to 8 of them), or 0."""
    end = i
    while end < len(tokens) and end - i < 8 and kinds[end] == "text" and len(tokens[end].text.strip()) == 1:
        end += 1
    if end - i < 2 or any(t.row != tokens[i].row for t in tokens[i:end]):
        return 0
    return end - i if classify("".join(t.text.strip() for t in tokens[i:end])) in LABEL_KINDS else 0


def _joined_kind(tokens: list[Token]) -> str:
    return classify("\n".join(t.text for t in tokens))


__all__ = ["join_cells", "prepare", "span"]
