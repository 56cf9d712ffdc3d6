"""One workbook sheet streamed into its zip entry: header rows, data rows, autofilter, links.

A sheet is a :class:`SheetPart`: one table's rows (or one year's of an oversized table), with the
columns :func:`emit.sheet_content.sheet_spec` gives it, or the columns a wide panel table carries
(``jixiao panel``). Column widths come from the first rows (held until :data:`WIDTH_SAMPLE_ROWS` have
arrived), then rows are written as they come: memory stays flat whatever the row count.
"""

from __future__ import annotations

import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from jixiao.emit.sheet_content import SHARED_TEXT_COLUMNS, SharedStrings, SheetContext, SheetSpec
from jixiao.emit.xlsx_cells import (
    S_LINK,
    S_NAME,
    S_TITLE,
    cell_writer,
    column_letter,
    rows_xml,
    text_cell,
    xml_escape,
)
from jixiao.schemas import Column

HEADER_ROWS = 2
WIDTH_SAMPLE_ROWS = 300
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
Links = Callable[[dict[str, list[Any]], int], Any]  # rows → (row index → (column, target) | None) | None


@dataclass(slots=True)
class SheetPart:
    """One sheet's worth of one table: rows of one year (or all), at most the sheet's limit of them."""

    table: str
    name: str
    rows: int
    spec: SheetSpec  # the sheet's columns
    year: Any = None  # the year filter; only when ``split``
    split: bool = False


def _display_width(text: str) -> int:
    # East Asian wide characters take two columns in Excel's default fonts.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_width(col: Column, values: list[Any]) -> float:
    """A width that shows the header and typical values without letting prose take over the sheet."""
    if col.type == "money":
        return 16
    if col.type in ("int", "float", "bool"):
        return max(8, _display_width(col.title) + 2, len(col.name) + 2)
    widest = max(
        [_display_width(col.title), len(col.name)]
        + [_display_width(str(v).split("\n", 1)[0]) for v in values[:WIDTH_SAMPLE_ROWS] if v is not None]
    )
    return float(min(max(widest + 2, 8), 50))


class SheetStream:
    """Writes one sheet's XML into the open zip entry: header rows, data rows, filter, links."""

    def __init__(
        self,
        fh: IO[bytes],
        part: SheetPart,
        links: Links,
        *,
        context: SheetContext | None = None,
        shared: SharedStrings | None = None,
    ) -> None:
        self.fh, self.part, self.links = fh, part, links
        self.spec = part.spec
        self.context = context if context is not None else SheetContext()
        self.letters = [column_letter(j) for j in range(1, len(self.spec.columns) + 1)]
        # a shared string's number is its order of first use: those cells are made in reading order
        self.shared_columns = {
            j for j, c in enumerate(self.spec.columns) if shared is not None and c.name in SHARED_TEXT_COLUMNS
        }
        self.writers = [
            shared.cell if shared is not None and j in self.shared_columns else cell_writer(c)
            for j, c in enumerate(self.spec.columns)
        ]
        self.row = HEADER_ROWS
        self._sample: list[dict[str, list[Any]]] = []
        self._sampled = 0
        self._started = False
        self._links_fh: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def add(self, table_cols: dict[str, list[Any]]) -> None:
        """Rows of the table (as columns), drawn with their sheet's context columns."""
        cols = self.context.sheet_columns(self.part.table, table_cols)
        if not self._started:
            self._sample.append(cols)
            self._sampled += len(next(iter(cols.values()), []))
            if self._sampled >= WIDTH_SAMPLE_ROWS:
                self._start()
            return
        self._rows(cols)

    def _start(self) -> None:
        """The header (column widths from the first rows), then the rows held for it."""
        self._started = True
        sample: dict[str, list[Any]] = {c: [] for c in self.spec.names}
        for piece in self._sample:
            for name in self.spec.names:
                sample[name].extend(piece[name][: WIDTH_SAMPLE_ROWS - len(sample[name])])
        self.fh.write(self.header(sample))
        for piece in self._sample:
            self._rows(piece)
        self._sample = []

    def header(self, sample: dict[str, list[Any]]) -> bytes:
        """The sheet's XML up to its first data row (widths from the first rows' values)."""
        last = self.letters[-1]
        end = HEADER_ROWS + max(self.part.rows, 1)
        cols = "".join(
            f'<col min="{j}" max="{j}" width="{column_width(c, sample[c.name])}" customWidth="1"/>'
            for j, c in enumerate(self.spec.columns, start=1)
        )
        titles = "".join(
            text_cell(f"{L}1", c.title, S_TITLE) for L, c in zip(self.letters, self.spec.columns, strict=True)
        )
        names = "".join(
            text_cell(f"{L}2", c.name, S_NAME) for L, c in zip(self.letters, self.spec.columns, strict=True)
        )
        return (
            f'{DECL}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            '<sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr/></sheetPr>'
            f'<dimension ref="A1:{last}{end}"/>'
            '<sheetViews><sheetView workbookViewId="0">'
            f'<pane ySplit="{HEADER_ROWS}" topLeftCell="A{HEADER_ROWS + 1}" activePane="bottomLeft" '
            f'state="frozen"/><selection pane="bottomLeft" activeCell="A{HEADER_ROWS + 1}" '
            f'sqref="A{HEADER_ROWS + 1}"/></sheetView></sheetViews>'
            f'<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
            f'<row r="1">{titles}</row><row r="2">{names}</row>'
        ).encode()

    def _rows(self, cols: dict[str, list[Any]]) -> None:
        names, letters, writers = self.spec.names, self.letters, self.writers
        columns = [cols[n] for n in names]
        link_of = self.links(cols, 0)
        out: list[str] = []
        if link_of is None:  # no links: rows need no positions (a row or cell without one takes the next)
            rows = rows_xml(writers, columns, self.shared_columns)
            self.row += len(rows)
            self.fh.write("".join(rows).encode())
            return
        for i, values in enumerate(zip(*columns, strict=True)):
            self.row += 1
            r = self.row
            link = link_of(i) if link_of is not None else None
            cells = []
            for j, v in enumerate(values):  # positioned: the links name their cells
                if v is None:
                    continue
                ref = f"{letters[j]}{r}"
                if link is not None and link[0] == j:
                    cells.append(text_cell(ref, v, S_LINK))
                    self._links_fh.write(
                        f'<hyperlink ref="{ref}" location="{xml_escape(link[1])}" tooltip="转到所涉表格"/>'
                    )
                else:
                    cells.append(writers[j](ref, v))
            out.append(f'<row r="{r}">{"".join(cells)}</row>')
        self.fh.write("".join(out).encode())

    def close(self) -> None:
        if not self._started:
            self._start()
        last = self.letters[-1]
        end = HEADER_ROWS + max(self.part.rows, 1)
        tail = f'</sheetData><autoFilter ref="A{HEADER_ROWS}:{last}{end}"/>'
        self._links_fh.seek(0)
        first = self._links_fh.read(1 << 20)
        if first:
            self.fh.write((tail + "<hyperlinks>" + first).encode())
            while chunk := self._links_fh.read(1 << 20):
                self.fh.write(chunk.encode())
            tail = "</hyperlinks>"
        self._links_fh.close()
        margins = '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        self.fh.write((tail + margins + "</worksheet>").encode())
