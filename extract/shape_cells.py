"""How each text shape's delimiters cut a form region into cells (``Token``s with locations and rows).

Pipes (``|`` or ``｜``, Markdown rules dropped), one cell per line (a trailing bar dropped), one cell per
paragraph (blank lines between), flattened rows (runs of spaces), and ``pdftotext -layout`` columns
(``extract.column_cells``). A title, an attachment heading, a contents line or a page number is one cell
whatever the shape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import regex
from jixiao.extract.cell_kinds import Token, classify
from jixiao.extract.column_cells import Cut, cell_location, stands_alone, tokens_layout
from jixiao.extract.layout import Location, nonblank_chars

_PIPE = regex.compile(r"[|｜\t]")  # a bar, or a TAB in a row of cells parted by TABs (extract.text_shapes)
_BAR = regex.compile(r"[|｜]")
_MD_RULE = regex.compile(r"^:?-{2,}:?$")  # a Markdown table's |---|---| line
_PAGE_HINT = regex.compile(r"[页頁]|^\s*[-—–]")  # what a page number's line holds (see extract.page_numbers)
_INLINE_PAGE_MARK = regex.compile(
    r"""(?<!\S)(?: (?P<dash>[-—–]) \s? [1-9][0-9]{0,2} \s? (?P=dash)       # "- 3 -", "—12—": the same dash
              | 第\s?[0-9]{1,3}\s?[页頁] \s? [,，/]? \s? 共\s?[0-9]{1,3}\s?[页頁]  # "第 3 页 共 4 页"
              | 共\s?[0-9]{1,3}\s?[页頁] \s? [,，/]? \s? 第\s?[0-9]{1,3}\s?[页頁] )(?!\S)""",
    regex.VERBOSE,
)
_AFTER_PAGE = frozenset(("level1", "level2", "ind_col", "total", "title", "attachment"))


def tokens_pipe(lines: Sequence[str], first: int) -> Cut:
    out: list[Token] = []
    borders = 0
    for k, line in enumerate(lines):
        ln = first + k
        if not line.strip():
            continue
        if not _PIPE.search(line):
            out.append(Token(line.strip(), cell_location(ln, ln), ln))
            continue
        # Spaces only: a TAB opening the line parts an empty first cell off, as a bar opening it does.
        parts = _PIPE.split(line.strip(" \u3000\r\n\f\v"))
        if all(_MD_RULE.match(p.strip()) for p in parts if p.strip()) and any(p.strip() for p in parts):
            borders += nonblank_chars(line)
            continue
        borders += len(_BAR.findall(line))  # a TAB is blank: no border character
        if parts and not parts[0].strip():
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
        loc = cell_location(ln, ln)  # one for the line's cells (a Location is immutable)
        out.extend(Token(p.strip(), loc, ln) for p in parts)
    return out, borders


def _unbar(line: str) -> tuple[str, int]:
    if "|" not in line and "｜" not in line:
        return line.strip(), 0
    text = line.strip().strip("|｜").strip()
    # Only spaces and bars were cut off: the borders are the bars that are no longer in the text.
    return text, line.count("|") + line.count("｜") - text.count("|") - text.count("｜")


def tokens_lines(lines: Sequence[str], first: int) -> Cut:
    out: list[Token] = []
    borders = 0
    barred = _bar_ended(lines)
    for k, line in enumerate(lines, start=first):
        if "|" in line or "｜" in line:
            text, bars = _unbar(line)
            borders += bars
            if not text and barred:
                # A bare bar where every cell ends with one is a cell left empty (``得分 |`` above ``|``):
                # kept, so that the cells after it stay under their columns.
                out.append(Token("", Location(line=k)))
                continue
        else:
            text = line.strip()
        if text:
            out.append(Token(text, Location(line=k)))
    return out, borders


def _bar_ended(lines: Sequence[str]) -> bool:
    """One cell a line with a bar after each (``56.40 |``): most lines end with a bar."""
    nonblank = [ln.rstrip() for ln in lines if ln.strip()]
    ended = sum(ln.endswith(("|", "｜")) for ln in nonblank)
    return bool(nonblank) and ended >= 0.8 * len(nonblank)


def _one_cell(line: str) -> bool:
    """A line that is one cell whatever the shape: a title, heading, contents line or page number."""
    if stands_alone(line):
        return True
    return len(line) <= 30 and bool(_PAGE_HINT.search(line)) and classify(line.strip()) == "chrome"


def tokens_paragraphs(lines: Sequence[str], first: int) -> Cut:
    out: list[Token] = []
    texts: list[str] = []  # the open paragraph's lines
    start = 0  # and its first line number
    borders = 0

    def close(last: int) -> None:
        out.append(Token(texts[0] if len(texts) == 1 else "\n".join(texts), cell_location(start, last)))
        texts.clear()

    for k, line in enumerate(lines, start=first):
        stripped = line.strip()
        if not stripped:
            if texts:
                close(k - 1)
        elif _one_cell(line):
            if texts:
                close(k - 1)
            out.append(Token(stripped, Location(line=k)))
        else:
            if "|" in line or "｜" in line:
                stripped, bars = _unbar(line)
                borders += bars
            if not texts:
                start = k
            texts.append(stripped)
    if texts:
        close(first + len(lines) - 1)
    return out, borders


def tokens_flat(lines: Sequence[str], first: int) -> Cut:
    out: list[Token] = []
    for k, line in enumerate(lines):
        loc = cell_location(first + k, first + k)
        if len(line) <= 60 and _one_cell(line):
            out.append(Token(line.strip(), loc))
            continue
        # A page number printed between two rows of a form flattened onto one line ("- 3 -",
        # "第 3 页 共 4 页") is one cell, not placeholders around a figure: a page breaks between rows, so
        # the cell after it opens a row of the indicator table or the form's end. A fund line's
        # "— 99 —" (分值, 执行率, 得分) is followed by the next fund line or the goals: never a page.
        at = 0
        for m in _INLINE_PAGE_MARK.finditer(line):
            after = line[m.end() :].split(maxsplit=1)
            if not m.group().startswith(("第", "共")) and (
                classify(after[0]) not in _AFTER_PAGE if after else m.start() > 0
            ):
                continue  # "— 99 —" ending a row a line (分值, 执行率, 得分): a page number has its own line
            out.extend([Token(part, loc) for part in line[at : m.start()].split()])
            out.append(Token(m.group().strip(), loc))
            at = m.end()
        out.extend([Token(part, loc) for part in line[at:].split()])
    return out, 0


TOKENIZERS: dict[str, Callable[[Sequence[str], int], Cut]] = {
    "pipe": tokens_pipe,
    "lines": tokens_lines,
    "paragraphs": tokens_paragraphs,
    "flat": tokens_flat,
    "layout": tokens_layout,
}

__all__ = [
    "TOKENIZERS",
    "Cut",
    "tokens_flat",
    "tokens_layout",
    "tokens_lines",
    "tokens_paragraphs",
    "tokens_pipe",
]
