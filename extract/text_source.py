"""Tab-laden text exports of Word files → ``Layout``.

The grammar (what Word's "save as text" with table cells on their own lines produces):

* a line starting with TAB starts a table cell (further TABs on the line start further cells);
* a non-blank line without a leading TAB continues the open cell, or is a paragraph outside a row;
* a blank line ends the current table row; a paragraph line outside a row ends the table.

A text with no TAB-led line at all is handed to ``extract.text_shapes``, which finds the forms in the
other shapes they arrive in (pipes, one cell per line or paragraph, flattened rows, PDF columns); when it
finds no form vocabulary either, the text is read here as paragraphs, as before.

Lines are split on CR/LF only — never ``str.splitlines``, which also splits on U+2028, ``\\x1c`` … that
clerks' text may contain.
"""

from __future__ import annotations

import re

from jixiao.extract.decode import decode_bytes
from jixiao.extract.errors import LimitError
from jixiao.extract.layout import Block, Cell, Layout, Location, Paragraph, Row, Table
from jixiao.extract.limits import MAX_CELLS_PER_LINE, MAX_LINE_CHARS, MAX_TEXT_BYTES, MAX_TEXT_CHARS

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # CR/LF only, on purpose


def split_lines(text: str) -> list[str]:
    r"""Split on CR, LF or CRLF and nothing else.

    >>> split_lines("a\r\nb\u2028c\rd")
    ['a', 'b\u2028c', 'd']
    """
    if "\r" not in text:
        return text.split("\n")  # (the usual text: LF only, split in C)
    return _LINE_BREAK.split(text)


def _is_blank(line: str) -> bool:
    # Only ASCII spaces count: a line of full-width spaces is cell content in these exports.
    return line.strip(" ") == ""


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.rows: list[Row] = []
        self.cells: list[Cell] = []
        self.cell_lines: list[str] = []
        self.cell_start = 0
        self.row_start = 0

    def start_cell(self, text: str, lineno: int) -> None:
        self.close_cell(lineno - 1)
        if not self.cells:
            self.row_start = lineno
        self.cell_lines = [text]
        self.cell_start = lineno

    def close_cell(self, last_line: int) -> None:
        if not self.cell_lines:
            return
        end = max(last_line, self.cell_start)
        loc = Location(line=self.cell_start, line_end=end if end != self.cell_start else None)
        col = len(self.cells)
        self.cells.append(Cell("\n".join(self.cell_lines), loc, grid_col=col))
        self.cell_lines = []

    def close_row(self, last_line: int) -> None:
        self.close_cell(last_line)
        if self.cells:
            end = max(last_line, self.row_start)
            loc = Location(line=self.row_start, line_end=end if end != self.row_start else None)
            self.rows.append(Row(tuple(self.cells), loc))
        self.cells = []

    def close_table(self, last_line: int) -> None:
        self.close_row(last_line)
        if self.rows:
            first = self.rows[0].location.line
            tloc = Location(line=first, line_end=last_line if last_line != first else None)
            self.blocks.append(Table(tuple(self.rows), tloc))
        self.rows = []

    @property
    def in_row(self) -> bool:
        return bool(self.cell_lines or self.cells)


def _check_lines(lines: list[str]) -> None:
    if max(map(len, lines), default=0) <= MAX_LINE_CHARS:
        return  # (the longest line measured in C; the first too long one is named below)
    for lineno, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise LimitError(f"line {lineno} has {len(line):,} characters (bound {MAX_LINE_CHARS:,})")


def parse_text_layout(text: str, *, encoding: str | None = None, notes: tuple[str, ...] = ()) -> Layout:
    """Parse tab-laden text into paragraphs and tables with line locations.

    >>> lay = parse_text_layout("标题\\n\\t名称\\n\\t值\\n续\\n\\n段落")
    >>> [b.kind for b in lay.blocks]
    ['paragraph', 'table', 'paragraph']
    >>> lay.blocks[1].rows[0].texts
    ['名称', '值\\n续']
    >>> str(lay.blocks[1].rows[0].cells[1].location)
    'lines 3-4'
    """
    if len(text) > MAX_TEXT_CHARS:
        raise LimitError(f"text of {len(text):,} characters exceeds the {MAX_TEXT_CHARS:,} bound")
    lines = split_lines(text)
    if "\n\t" not in text and "\r\t" not in text and not text.startswith("\t"):
        # No TAB-led line at all: the forms, if any, are in another text shape (pipes, lines, PDF text …).
        from jixiao.extract.text_shapes import read_shaped_blocks

        _check_lines(lines)
        shaped = read_shaped_blocks(lines)
        if shaped is not None:
            return Layout(
                tuple(shaped.blocks),
                "txt",
                encoding=encoding,
                notes=notes,
                delimiter_chars=shaped.delimiter_chars,
            )
    b = _Builder()
    for lineno, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise LimitError(f"line {lineno} has {len(line):,} characters (bound {MAX_LINE_CHARS:,})")
        if line.startswith("\t"):
            if line.count("\t") > MAX_CELLS_PER_LINE:
                raise LimitError(
                    f"line {lineno} has {line.count(chr(9)):,} TABs (bound {MAX_CELLS_PER_LINE:,} cells)"
                )
            for part in line[1:].split("\t"):
                b.start_cell(part, lineno)
        elif _is_blank(line):
            if b.in_row:
                b.close_row(lineno - 1)
        elif b.in_row:
            if b.cell_lines:
                b.cell_lines.append(line)
            else:  # pragma: no cover - a row always has an open cell while in_row
                b.start_cell(line, lineno)
        else:
            b.close_table(lineno - 1)
            b.blocks.append(Paragraph(line, Location(line=lineno)))
    b.close_table(len(lines))
    return Layout(tuple(b.blocks), "txt", encoding=encoding, notes=notes)


def read_text_layout(data: bytes) -> Layout:
    """Decode a text export (see ``extract.decode``) and parse it.

    A lossy decoding repair (U+FFFD for a few bad bytes) is passed on as a layout note.
    """
    if len(data) > MAX_TEXT_BYTES:
        raise LimitError(f"text file of {len(data):,} bytes exceeds the {MAX_TEXT_BYTES:,} byte bound")
    decoded = decode_bytes(data)
    return parse_text_layout(decoded.text, encoding=decoded.encoding, notes=decoded.notes)
