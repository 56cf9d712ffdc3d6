"""One pass over a Word body (or a header, footer, comments part) → our ``Block``s, in document order.

The reading rules are in ``extract.docx_source``'s docstring: blocks, text as shown with changes
accepted, merged cells keyed on ``w:tc``, list labels (``extract.docx_numbering``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from jixiao.extract.docx_numbering import ListNumbering
from jixiao.extract.docx_xml import (
    FALSE_VALUES,
    KIND,
    SKIP,
    child_of,
    iter_kind,
    pick_alternative,
    shows_placeholder,
)
from jixiao.extract.errors import LimitError
from jixiao.extract.layout import RAISED_DIGITS, Block, Cell, Location, Paragraph, Row, Table
from jixiao.extract.limits import MAX_GRID_SLOTS
from lxml import etree

_INLINE_TEXT = {"tab": " ", "ptab": " ", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
_LAYOUT_BREAKS = frozenset({"page", "column"})  # pagination, not text: a text export shows no line


@dataclass(slots=True)
class _CellBuilder:
    grid_col: int
    col_span: int
    lines: list[str] = field(default_factory=list)
    nested: list[Table] = field(default_factory=list)
    row_span: int = 1


class BodyWalker:
    """One pass over a document body; collects blocks and notes."""

    def __init__(
        self, ns: str, load_styles: Callable[[], etree._Element | None], lists: ListNumbering
    ) -> None:
        self.val = f"{{{ns}}}val"
        self.field_type = f"{{{ns}}}fldCharType"
        self.br_type = f"{{{ns}}}type"
        self.load_styles = load_styles
        self.lists = lists
        self.style_names: dict[str, str] | None = None  # parsed on first use: styles.xml can be big
        self.blocks: list[Block] = []
        self.notes: list[str] = []
        self.counts: Counter[str] = Counter()
        self.para_count = 0
        self.table_count = 0
        self.grid_slots = 0  # grid slots of every table row so far (gridBefore + spans + gridAfter)
        self.fields: list[bool] = []  # open complex fields: True once past their separator
        self.showing = True  # False while inside some field's instruction part

    # --- blocks -----------------------------------------------------------------------------------

    def walk_blocks(self, container: etree._Element, cell: _CellBuilder | None) -> None:
        """Paragraphs and tables of the body (cell is None), a cell or a text box, in order."""
        for child in container:
            kind = KIND.get(child.tag)
            if kind == "p":
                self._paragraph(child, cell)
            elif kind == "tbl":
                table = self._table(child)
                if cell is None:
                    self.blocks.append(table)
                else:
                    cell.nested.append(table)
            elif kind == "mc:AlternateContent":
                self.walk_blocks(pick_alternative(child), cell)
            elif kind in ("altChunk", "subDoc"):
                self.counts[kind] += 1
            elif kind == "sdt" and shows_placeholder(child):
                self.counts["placeholders"] += 1
            elif kind not in SKIP:  # sdt, sdtContent, customXml and wrappers we do not know
                self.walk_blocks(child, cell)

    def _paragraph(self, p: etree._Element, cell: _CellBuilder | None) -> None:
        parts: list[str] = []
        boxes: list[etree._Element] = []
        self._inline(p, parts, boxes)
        ppr = child_of(p, "pPr")
        style_el = child_of(ppr, "pStyle")
        style_id = style_el.get(self.val) if style_el is not None else None
        num_pr = child_of(ppr, "numPr")
        num_id = child_of(num_pr, "numId")
        ilvl = child_of(num_pr, "ilvl")
        label = self.lists.label(
            num_id.get(self.val) if num_id is not None else None,
            ilvl.get(self.val) if ilvl is not None else None,
            style_id,
        )
        text = label + "".join(parts)
        if cell is not None:
            cell.lines.append(text)
        else:
            self.para_count += 1
            if text.strip(" \n"):  # what a text export shows as a blank line
                style = self._style_name(style_id) if style_id else None
                self.blocks.append(Paragraph(text, Location(para=self.para_count), style))
        for box in boxes:
            self.walk_blocks(box, cell)

    def _style_name(self, style_id: str) -> str:
        if self.style_names is None:
            self.style_names = read_style_names(self.load_styles())
        return self.style_names.get(style_id, style_id)

    # --- text inside a paragraph ------------------------------------------------------------------

    def _inline(self, el: etree._Element, out: list[str], boxes: list[etree._Element]) -> None:
        for child in el:
            kind = KIND.get(child.tag)
            if kind == "t" or kind == "m:t":
                if self.showing:
                    out.append(child.text or "")
            elif kind == "br" and child.get(self.br_type) in _LAYOUT_BREAKS:
                continue
            elif kind in _INLINE_TEXT:
                if self.showing:
                    out.append(_INLINE_TEXT[kind])
            elif kind == "r":
                if self._hidden(child):
                    hidden: list[str] = []
                    self._inline(child, hidden, boxes)
                    self.counts["hidden_chars"] += len("".join(hidden))
                elif self._raised(child):
                    raised: list[str] = []
                    self._inline(child, raised, boxes)
                    out.append("".join(raised).translate(RAISED_DIGITS))
                else:
                    self._inline(child, out, boxes)
            elif kind == "fldChar":
                self._field_char(child.get(self.field_type))
            elif kind == "txbxContent":
                boxes.append(child)
            elif kind == "mc:AlternateContent":
                self._inline(pick_alternative(child), out, boxes)
            elif kind in ("sym", "object", "footnoteReference", "endnoteReference"):
                self.counts[kind] += 1
            elif kind == "softHyphen" or kind in SKIP:
                continue
            elif kind == "sdt" and shows_placeholder(child):
                self.counts["placeholders"] += 1
            else:  # hyperlink, smartTag, sdt, fldSimple, ins, moveTo, drawing, unknown wrappers …
                self._inline(child, out, boxes)

    def _hidden(self, run: etree._Element) -> bool:
        vanish = child_of(child_of(run, "rPr"), "vanish")
        return vanish is not None and vanish.get(self.val, "1").lower() not in FALSE_VALUES

    def _raised(self, run: etree._Element) -> bool:
        align = child_of(child_of(run, "rPr"), "vertAlign")
        return align is not None and align.get(self.val) == "superscript"

    def _field_char(self, char_type: str | None) -> None:
        if char_type == "begin":
            self.fields.append(False)
        elif char_type == "separate" and self.fields:
            self.fields[-1] = True
        elif char_type == "end" and self.fields:
            self.fields.pop()
        self.showing = all(self.fields)

    # --- tables -----------------------------------------------------------------------------------

    def _table(self, tbl: etree._Element) -> Table:
        self.table_count += 1
        t = self.table_count
        rows: list[tuple[int, int, list[_CellBuilder]]] = []  # grid_before, grid_after, started cells
        above: dict[int, _CellBuilder] = {}  # grid col → cell covering it in the previous row
        for tr in iter_kind(tbl, "tr"):
            trpr = child_of(tr, "trPr")
            if child_of(trpr, "del") is not None:  # a tracked row deletion: gone once accepted
                self.counts["deleted_rows"] += 1
                continue
            r = len(rows) + 1
            before = self._int_prop(trpr, "gridBefore", 0)
            col = before
            started: list[_CellBuilder] = []
            here: dict[int, _CellBuilder] = {}
            for tc in iter_kind(tr, "tc"):
                tcpr = child_of(tc, "tcPr")
                span = max(1, self._int_prop(tcpr, "gridSpan", 1))
                owner = above.get(col) if self._is_continue(tcpr) else None
                if owner is not None and owner.col_span == span:
                    owner.row_span += 1
                    self._merge_continue(tc, owner, f"table {t} row {r} col {col + 1}")
                    here[col] = owner
                else:
                    if self._is_continue(tcpr):
                        why = (
                            "nothing above it"
                            if owner is None
                            else f"a cell of span {owner.col_span} above it"
                        )
                        where = f"table {t} row {r} col {col + 1}"
                        self.notes.append(f"{where}: vMerge continue with {why}; kept as its own cell")
                    cell = _CellBuilder(col, span)
                    self.walk_blocks(tc, cell)
                    started.append(cell)
                    here[col] = cell
                col += span
            after = self._int_prop(trpr, "gridAfter", 0)
            # Word's grid numbers are unbounded in the XML (gridBefore="1000000000000" is 1 KB): whatever
            # walks the grid later (review pages, segmentation) would walk that far. Bound the whole.
            self.grid_slots += col + after
            if self.grid_slots > MAX_GRID_SLOTS:
                raise LimitError(f"Word tables span more than {MAX_GRID_SLOTS:,} grid slots (refused)")
            rows.append((before, after, started))
            above = here
        return Table(tuple(_freeze_row(t, r, row) for r, row in enumerate(rows, start=1)), Location(table=t))

    def _merge_continue(self, tc: etree._Element, owner: _CellBuilder, where: str) -> None:
        """A continue cell's own content is normally empty; if not, keep it in the merged cell."""
        extra = _CellBuilder(owner.grid_col, owner.col_span)
        self.walk_blocks(tc, extra)
        if any(line.strip() for line in extra.lines) or extra.nested:
            owner.lines.extend(extra.lines)
            owner.nested.extend(extra.nested)
            self.notes.append(f"{where}: text in a vMerge continue cell appended to the merged cell")

    def _is_continue(self, tcpr: etree._Element | None) -> bool:
        vmerge = child_of(tcpr, "vMerge")
        # ECMA-376 17.4.85: an absent val means "continue".
        return vmerge is not None and vmerge.get(self.val, "continue") != "restart"

    def _int_prop(self, parent: etree._Element | None, kind: str, default: int) -> int:
        el = child_of(parent, kind)
        if el is None:
            return default
        try:
            return max(0, int(el.get(self.val, default)))
        except ValueError:
            self.counts["bad_numbers"] += 1
            return default


def _freeze_row(t: int, r: int, row: tuple[int, int, list[_CellBuilder]]) -> Row:
    before, after, started = row
    cells = tuple(
        Cell(
            "\n".join(b.lines),
            Location(table=t, row=r, col=b.grid_col + 1),
            grid_col=b.grid_col,
            col_span=b.col_span,
            row_span=b.row_span,
            nested=tuple(b.nested),
        )
        for b in started
    )
    return Row(cells, Location(table=t, row=r), grid_before=before, grid_after=after)


def read_style_names(root: etree._Element | None) -> dict[str, str]:
    """styleId → display name ("Heading1" → "heading 1")."""
    names: dict[str, str] = {}
    for style in root if root is not None else ():
        if KIND.get(style.tag) != "style":
            continue
        ns = style.tag[1 : style.tag.index("}")]
        name = child_of(style, "name")
        style_id = style.get(f"{{{ns}}}styleId")
        if style_id and name is not None:
            names[style_id] = name.get(f"{{{ns}}}val", style_id)
    return names
