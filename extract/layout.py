"""The format-neutral layout model: what every reader (text, Word, …) produces.

A document is a sequence of blocks, paragraphs and tables interleaved in reading order. A table is rows
of cells; a merged cell is one ``Cell`` with spans (never its text copied into every grid slot), and
``grid_col`` keeps its column on the table's grid so that gaps never shift columns. Every piece of text
keeps a ``Location`` so that any value can be traced back to the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from jixiao.extract.quick_init import quick_init


@quick_init
@dataclass(frozen=True, slots=True)
class Location:
    """Where a piece of text came from: a line range (text exports) or a table cell (Word, xlsx, html, PDF).

    >>> str(Location(line=7, line_end=9))
    'lines 7-9'
    >>> str(Location(table=2, row=3, col=4))
    'table 2 row 3 col 4'
    >>> str(Location(table=1, row=2, col=1).sub(1))
    'table 1 row 2 col 1 para 2'
    >>> str(Location(page=2, table=1, row=3, col=4, box=(166.0, 72.3, 216.0, 98.1)))
    'page 2 table 1 row 3 col 4'

    The tables' ``location`` columns hold this text; :meth:`from_text` reads it back (the exact inverse).
    """

    line: int | None = None  # 1-based first line (text exports)
    line_end: int | None = None  # last line when the text spans several
    table: int | None = None  # 1-based table number in the document
    row: int | None = None  # 1-based row within the table
    col: int | None = None  # 1-based grid column within the row
    para: int | None = None  # 1-based paragraph (inside a cell, or a body paragraph)
    part: str | None = None  # container member or sheet name, when the source has several
    page: int | None = None  # 1-based page (PDF)
    # PDF points: x0, top, x1, bottom on the page. Detail, not identity: not in the text nor in ==.
    box: tuple[float, float, float, float] | None = field(default=None, compare=False)

    def __reduce__(self) -> tuple[type[Location], tuple[object, ...]]:
        # one constructor call when unpickled (rows carry a Location each to the parent process)
        return (Location, tuple(map(self.__getattribute__, self.__match_args__)))

    def __str__(self) -> str:
        bits: list[str] = []
        if self.part:
            bits.append(self.part)
        if self.page is not None:
            bits.append(f"page {self.page}")
        if self.line is not None:
            end = self.line_end if self.line_end is not None else self.line
            bits.append(f"line {self.line}" if end == self.line else f"lines {self.line}-{end}")
        if self.table is not None:
            bits.append(f"table {self.table}")
        if self.row is not None:
            bits.append(f"row {self.row}")
        if self.col is not None:
            bits.append(f"col {self.col}")
        if self.para is not None:
            bits.append(f"para {self.para}")
        return " ".join(bits)

    @classmethod
    def from_text(cls, text: str) -> Location:
        """The location whose ``str`` is ``text`` (a ``location`` column read back from a table).

        Trailing ``para N``, ``col N``, ``row N``, ``table N``, ``line N``/``lines N-M`` and ``page N`` are
        taken in the order ``__str__`` writes them; what precedes them is the part. (A PDF cell's ``box``
        is not in the text.)

        >>> Location.from_text("项目表 table 1 row 4 col 3") == Location(table=1, row=4, col=3, part="项目表")
        True
        >>> Location.from_text("lines 7-9") == Location(line=7, line_end=9)
        True
        >>> Location.from_text("page 2 table 1 row 3 col 4") == Location(page=2, table=1, row=3, col=4)
        True
        """
        words = text.split(" ") if text else []
        found: dict[str, int] = {}
        for key in ("para", "col", "row", "table"):
            if len(words) >= 2 and words[-2] == key and _is_number(words[-1]):
                found[key] = int(words.pop())
                words.pop()
        line = line_end = None
        if len(words) >= 2 and words[-2] == "line" and _is_number(words[-1]):
            line = int(words.pop())
            words.pop()
        elif len(words) >= 2 and words[-2] == "lines":
            first, dash, last = words[-1].partition("-")
            if dash and _is_number(first) and _is_number(last):
                line, line_end = int(first), int(last)
                del words[-2:]
        page = None
        if len(words) >= 2 and words[-2] == "page" and _is_number(words[-1]):
            page = int(words.pop())
            words.pop()
        return cls(
            line=line,
            line_end=line_end,
            table=found.get("table"),
            row=found.get("row"),
            col=found.get("col"),
            para=found.get("para"),
            part=" ".join(words) or None,
            page=page,
        )

    def sub(self, index: int, count: int = 1) -> Location:
        """The location of the ``index``-th (0-based) line of a multi-line text held here.

        For line-based sources this is an exact line; for cells it is the paragraph within the cell.
        """
        if self.line is not None:
            first = self.line + index
            last = first + count - 1
            return replace(self, line=first, line_end=last if last != first else None)
        return replace(self, para=(self.para or 1) + index)


def span(first: Location, last: Location) -> Location:
    """From ``first`` through ``last``: a line range when both are lines of one page, else ``first``.

    Everything else is ``first``'s (its page, part, column); a PDF cell's box covers both.

    >>> str(span(Location(line=3), Location(line=5, line_end=6)))
    'lines 3-6'
    >>> str(span(Location(page=2, line=8, col=4), Location(page=2, line=9, col=4)))
    'page 2 lines 8-9 col 4'
    """
    if first.line is None or last.line is None or first.page != last.page:
        return first
    end = last.line_end if last.line_end is not None else last.line
    box = first.box
    if box is not None and last.box is not None:
        box = (
            min(box[0], last.box[0]),
            min(box[1], last.box[1]),
            max(box[2], last.box[2]),
            max(box[3], last.box[3]),
        )
    return replace(first, line_end=end if end != first.line else None, box=box)


def _is_number(word: str) -> bool:
    return word.isascii() and word.isdigit()  # [0-9]+ only: str.isdigit alone takes every script's digits


@quick_init
@dataclass(frozen=True, slots=True)
class Cell:
    """One (possibly merged) table cell. ``text`` keeps line breaks as ``\\n``."""

    text: str
    location: Location
    grid_col: int = 0  # 0-based first grid column this cell occupies
    col_span: int = 1
    row_span: int = 1  # >1 for the cell that starts a vertical merge
    nested: tuple[Table, ...] = ()  # tables nested inside this cell (Word)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@quick_init
@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    location: Location
    grid_before: int = 0  # empty grid columns before the first cell (w:gridBefore)
    grid_after: int = 0

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@quick_init
@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[Row, ...]
    location: Location
    kind: str = field(default="table", init=False)


@quick_init
@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    location: Location
    style: str | None = None  # e.g. Word's "Heading 1", when the source says so
    kind: str = field(default="paragraph", init=False)


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class Layout:
    """A whole source file as blocks in reading order, plus how it was read."""

    blocks: tuple[Block, ...]
    source_format: str  # "txt", "docx", "xlsx", "html", "pdf"; converted office files keep theirs ("doc" …)
    encoding: str | None = None  # text sources: the encoding detected
    notes: tuple[str, ...] = ()  # reader warnings (lossy decoding, skipped parts …)
    delimiter_chars: int = 0  # non-blank characters read as cell borders, not text (a text's pipes, |---|)

    def iter_text(self) -> list[tuple[str, Location]]:
        """Every piece of text with its location, in reading order (cells row by row)."""
        out: list[tuple[str, Location]] = []

        def walk_table(table: Table) -> None:
            for row in table.rows:
                for cell in row.cells:
                    out.append((cell.text, cell.location))
                    for inner in cell.nested:
                        walk_table(inner)

        for block in self.blocks:
            if isinstance(block, Paragraph):
                out.append((block.text, block.location))
            else:
                walk_table(block)
        return out


# A raised digit (<sup>, Word's superscript run) is a note's mark, never a digit of the figure it follows:
# kept visible, but as a superscript character the number readers can tell apart (and drop, with a note).
RAISED_DIGITS = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def nonblank_chars(text: str) -> int:
    """Count of characters that are not white space (full-width space U+3000 included).

    >>> nonblank_chars(" 附件 2\\u3000\\n"), nonblank_chars("56.40")
    (3, 5)
    """
    if text.isprintable() and " " not in text:
        return len(text)  # most cells: no space at all (every white space but " " is unprintable)
    return len("".join(text.split()))  # str.split() splits on every Unicode space, in C
