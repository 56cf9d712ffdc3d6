r"""Word ``.docx`` → ``Layout``: the body of ``word/document.xml`` walked in document order with lxml.

No python-docx object tree is built (that alone costs more than our whole pipeline may): the package
is opened by ``extract.ooxml`` and the XML walked directly. What is read, and how:

* Blocks in order: body paragraphs and tables interleaved. Content controls (``w:sdt``),
  ``w:customXml`` and ``mc:AlternateContent`` (its first ``Choice``, else its ``Fallback`` — never both)
  are looked through.
* ``Location(para=N)``: N counts every body paragraph, empty ones included; paragraphs that are empty
  or only ASCII spaces / line breaks are not emitted (a text export shows them as blank lines). Text boxes
  (``w:txbxContent``) are read in place: in the body their paragraphs and tables follow the paragraph
  that anchors them (counted as body paragraphs); in a cell they become further lines / nested tables.
* Tables are numbered 1, 2, … in order of their start tags: a nested table takes the next number after
  its outer table (pre-order), before any table that follows the outer one.
* One ``Cell`` per ``w:tc`` that starts a cell, at its grid column (``w:gridBefore`` plus the spans
  before it); ``col_span`` = ``w:gridSpan``; ``row_span`` = 1 + the ``w:vMerge`` continue cells right
  below at the same grid column and span. Continue cells yield no ``Cell``. Irregular merges (a continue
  with no cell above at its grid column, or under a cell of another span) keep the continue as a
  cell of its own, with a note — its text is never dropped.
* Text as Word shows it with changes accepted: ``w:ins``/``w:moveTo`` kept, ``w:del``/``w:moveFrom``
  dropped; hyperlinks, smart tags, simple fields read; complex fields give their shown result, not
  their ``w:instrText``; ``w:br``/``w:cr`` → ``\n`` (page/column breaks → nothing); ``w:tab`` → one
  space (a text export cannot hold a TAB inside a cell); ``w:noBreakHyphen`` → ``-``; ``w:softHyphen``
  and ``w:sym`` skipped; hidden (``w:vanish``) runs skipped with a note. A cell's paragraphs are joined
  with ``\n``.
* Word's automatic list numbers (``w:numPr`` on a paragraph or its style) are counted as Word counts
  them and prepended to the text, in the body and in cells: ``一、预算单位基本情况`` reads as it shows
  (see ``extract.docx_numbering``); what cannot be shown is noted.
* Headers, footers and comments are not the body, but text found only there is kept: each of their
  lines that the body does not already hold (and that is not a page number) follows the body as a
  ``Paragraph`` located in its part (``Location(part="word/header1.xml", para=N)``), so it reaches
  the residuals instead of vanishing from a document read "100 %".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from jixiao.extract.docx_numbering import ListNumbering
from jixiao.extract.errors import FormatError, LimitError
from jixiao.extract.layout import Block, Cell, Layout, Location, Paragraph, Row, Table
from jixiao.extract.ooxml import Package, Relationship
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"  # ISO 29500 Strict saves
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://purl.oclc.org/ooxml/officeDocument/math",
)
_W_LOCALS = (  # noqa: SIM905 - a word list reads better than 50 quoted items
    "document body p tbl tr tc sdt sdtContent customXml r t tab ptab br cr noBreakHyphen softHyphen sym "
    "fldChar instrText delText delInstrText del moveFrom pPr rPr tcPr trPr tblPr tblGrid sdtPr sdtEndPr "
    "vMerge gridSpan gridBefore gridAfter vanish pStyle numPr numId ilvl txbxContent altChunk subDoc object "
    "footnoteReference endnoteReference sectPr style name"
).split()
# Clark tag → local name, for both WordprocessingML namespaces: one dict lookup per element.
_KIND: dict[object, str] = {f"{{{ns}}}{local}": local for ns in (W_NS, W_STRICT_NS) for local in _W_LOCALS}
_KIND.update(
    {
        f"{{{_MC_NS}}}AlternateContent": "mc:AlternateContent",
        f"{{{_MC_NS}}}Choice": "mc:Choice",
        f"{{{_MC_NS}}}Fallback": "mc:Fallback",
    }
)
_KIND.update({f"{{{ns}}}t": "m:t" for ns in _MATH_NS})

# Not descended into when looking for text: properties, deleted content, field instructions.
_SKIP = frozenset(
    "pPr rPr tcPr trPr tblPr tblGrid sdtPr sdtEndPr sectPr "  # noqa: SIM905
    "del moveFrom instrText delText delInstrText".split()
)
_INLINE_TEXT = {"tab": " ", "ptab": " ", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
_FALSE_VALUES = frozenset({"0", "false", "off"})
_LAYOUT_BREAKS = frozenset({"page", "column"})  # pagination, not text: a text export shows no line


def _kind(el: etree._Element) -> str | None:
    return _KIND.get(el.tag)


def _child(el: etree._Element | None, kind: str) -> etree._Element | None:
    if el is None:
        return None
    for c in el:
        if _KIND.get(c.tag) == kind:
            return c
    return None


@dataclass(slots=True)
class _CellBuilder:
    grid_col: int
    col_span: int
    lines: list[str] = field(default_factory=list)
    nested: list[Table] = field(default_factory=list)
    row_span: int = 1


class _Walker:
    """One pass over a document body; collects blocks and notes."""

    def __init__(self, ns: str, styles: _Part, lists: ListNumbering) -> None:
        self.val = f"{{{ns}}}val"
        self.field_type = f"{{{ns}}}fldCharType"
        self.br_type = f"{{{ns}}}type"
        self.styles = styles
        self.lists = lists
        self.style_names: dict[str, str] | None = None  # parsed on first use: styles.xml can be big
        self.blocks: list[Block] = []
        self.notes: list[str] = []
        self.counts: Counter[str] = Counter()
        self.para_count = 0
        self.table_count = 0
        self.fields: list[bool] = []  # open complex fields: True once past their separator
        self.showing = True  # False while inside some field's instruction part

    # --- blocks -----------------------------------------------------------------------------------

    def walk_blocks(self, container: etree._Element, cell: _CellBuilder | None) -> None:
        """Paragraphs and tables of the body (cell is None), a cell or a text box, in order."""
        for child in container:
            kind = _KIND.get(child.tag)
            if kind == "p":
                self._paragraph(child, cell)
            elif kind == "tbl":
                table = self._table(child)
                if cell is None:
                    self.blocks.append(table)
                else:
                    cell.nested.append(table)
            elif kind == "mc:AlternateContent":
                self.walk_blocks(_pick_alternative(child), cell)
            elif kind in ("altChunk", "subDoc"):
                self.counts[kind] += 1
            elif kind not in _SKIP:  # sdt, sdtContent, customXml and wrappers we do not know
                self.walk_blocks(child, cell)

    def _paragraph(self, p: etree._Element, cell: _CellBuilder | None) -> None:
        parts: list[str] = []
        boxes: list[etree._Element] = []
        self._inline(p, parts, boxes)
        ppr = _child(p, "pPr")
        style_el = _child(ppr, "pStyle")
        style_id = style_el.get(self.val) if style_el is not None else None
        num_pr = _child(ppr, "numPr")
        num_id = _child(num_pr, "numId")
        ilvl = _child(num_pr, "ilvl")
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
            self.style_names = _style_names(self.styles.root())
        return self.style_names.get(style_id, style_id)

    # --- text inside a paragraph ------------------------------------------------------------------

    def _inline(self, el: etree._Element, out: list[str], boxes: list[etree._Element]) -> None:
        for child in el:
            kind = _KIND.get(child.tag)
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
                else:
                    self._inline(child, out, boxes)
            elif kind == "fldChar":
                self._field_char(child.get(self.field_type))
            elif kind == "txbxContent":
                boxes.append(child)
            elif kind == "mc:AlternateContent":
                self._inline(_pick_alternative(child), out, boxes)
            elif kind in ("sym", "object", "footnoteReference", "endnoteReference"):
                self.counts[kind] += 1
            elif kind == "softHyphen" or kind in _SKIP:
                continue
            else:  # hyperlink, smartTag, sdt, fldSimple, ins, moveTo, drawing, unknown wrappers …
                self._inline(child, out, boxes)

    def _hidden(self, run: etree._Element) -> bool:
        vanish = _child(_child(run, "rPr"), "vanish")
        return vanish is not None and vanish.get(self.val, "1").lower() not in _FALSE_VALUES

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
        for tr in _iter_kind(tbl, "tr"):
            trpr = _child(tr, "trPr")
            if _child(trpr, "del") is not None:  # a tracked row deletion: gone once accepted
                self.counts["deleted_rows"] += 1
                continue
            r = len(rows) + 1
            before = self._int_prop(trpr, "gridBefore", 0)
            col = before
            started: list[_CellBuilder] = []
            here: dict[int, _CellBuilder] = {}
            for tc in _iter_kind(tr, "tc"):
                tcpr = _child(tc, "tcPr")
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
            rows.append((before, self._int_prop(trpr, "gridAfter", 0), started))
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
        vmerge = _child(tcpr, "vMerge")
        # ECMA-376 17.4.85: an absent val means "continue".
        return vmerge is not None and vmerge.get(self.val, "continue") != "restart"

    def _int_prop(self, parent: etree._Element | None, kind: str, default: int) -> int:
        el = _child(parent, kind)
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


def _iter_kind(parent: etree._Element, kind: str) -> list[etree._Element]:
    """Children of one kind (rows of a table, cells of a row), looking through sdt/customXml wrappers."""
    found: list[etree._Element] = []
    for child in parent:
        k = _KIND.get(child.tag)
        if k == kind:
            found.append(child)
        elif k in ("sdt", "sdtContent", "customXml"):
            found.extend(_iter_kind(child, kind))
        elif k == "mc:AlternateContent":
            found.extend(_iter_kind(_pick_alternative(child), kind))
    return found


def _pick_alternative(alt: etree._Element) -> etree._Element:
    """The first Choice (what current Word renders), else the Fallback; an empty element if neither."""
    for wanted in ("mc:Choice", "mc:Fallback"):
        chosen = _child(alt, wanted)
        if chosen is not None:
            return chosen
    return etree.Element("empty")


class _Part:
    """One related XML part (styles, numbering), parsed on first use; a broken part is a note."""

    def __init__(
        self, pkg: Package, rels: tuple[Relationship, ...], short_type: str, notes: list[str]
    ) -> None:
        self.pkg = pkg
        self.target = next(
            (r.target for r in rels if r.short_type == short_type and not r.external and pkg.has(r.target)),
            None,
        )
        self.short_type = short_type
        self.notes = notes
        self._root: etree._Element | None = None
        self._read = False

    def root(self) -> etree._Element | None:
        if not self._read:
            self._read = True
            if self.target is not None:
                try:
                    self._root = self.pkg.read_xml(self.target)
                except LimitError:
                    raise  # a DOCTYPE or a bomb is an attack on the whole file, not a damaged part
                except FormatError as err:
                    self.notes.append(f"{self.short_type} not read: {err}")
        return self._root


def _style_names(root: etree._Element | None) -> dict[str, str]:
    """styleId → display name ("Heading1" → "heading 1")."""
    names: dict[str, str] = {}
    for style in root if root is not None else ():
        if _KIND.get(style.tag) != "style":
            continue
        ns = style.tag[1 : style.tag.index("}")]
        name = _child(style, "name")
        style_id = style.get(f"{{{ns}}}styleId")
        if style_id and name is not None:
            names[style_id] = name.get(f"{{{ns}}}val", style_id)
    return names


_COUNT_NOTES = {
    "altChunk": "{n} embedded alternative-format chunks (w:altChunk) not read",
    "subDoc": "{n} subdocument links (w:subDoc) not read",
    "object": "{n} embedded objects (OLE, e.g. a pasted Excel sheet) not read",
    "footnoteReference": "{n} footnote references; footnote text not read",
    "endnoteReference": "{n} endnote references; endnote text not read",
    "sym": "{n} symbol characters (w:sym) not read",
    "hidden_chars": "{n} characters of hidden text (w:vanish) not read",
    "deleted_rows": "{n} table rows deleted with tracked changes not read",
    "bad_numbers": "{n} malformed grid numbers (gridSpan/gridBefore/gridAfter) read as their default",
}


_SIDE_PARTS = ("header", "footer", "comments")  # relationship types whose text is not the body's
_PAGE_NUMBER = re.compile(r"[\s第共页頁0-9/|.\-—–()（）PpageofOF]*")  # 第 1 页 共 5 页; Page 1 of 5


def _line_key(text: str) -> str:
    return "".join(text.split())


def _side_paragraphs(
    pkg: Package, rels: tuple[Relationship, ...], walker_for: _Walker, body: Layout, notes: list[str]
) -> list[Paragraph]:
    """Lines of headers, footers and comments that the body does not hold (see the module docstring)."""
    seen = {_line_key(line) for text, _ in body.iter_text() for line in text.split("\n")}
    out: list[Paragraph] = []
    targets = sorted({r.target for r in rels if r.short_type in _SIDE_PARTS and not r.external})
    for target in targets:
        if not pkg.has(target):
            continue
        try:
            root = pkg.read_xml(target)
        except LimitError:
            raise  # a DOCTYPE or a bomb is an attack on the whole file, not a damaged part
        except FormatError as err:
            notes.append(f"{target} not read: {err}")
            continue
        side = _Walker(walker_for.val[1 : walker_for.val.index("}")], walker_for.styles, walker_for.lists)
        side.style_names = walker_for.style_names
        side.walk_blocks(root, None)
        number = 0
        for text, _ in Layout(tuple(side.blocks), "docx").iter_text():
            for line in text.split("\n"):
                key = _line_key(line)
                if not key or key in seen or _PAGE_NUMBER.fullmatch(key):
                    continue
                seen.add(key)
                number += 1
                out.append(Paragraph(line.strip(), Location(para=number, part=target)))
    return out


def read_docx_layout(data: bytes) -> Layout:
    """Read a .docx file's body into paragraphs and tables (see the module docstring for the rules).

    Raises ``FormatError``/``LimitError`` with a one-line message when the bytes are not a usable .docx.
    """
    pkg = Package(data)
    main = pkg.main_document()
    pkg.refuse_doctypes()
    root = pkg.read_xml(main)
    tag = root.tag if isinstance(root.tag, str) else ""
    ns = tag[1 : tag.index("}")] if tag.startswith("{") else ""
    if ns not in (W_NS, W_STRICT_NS) or _KIND.get(tag) != "document":
        raise FormatError(f"{main} is not a WordprocessingML document (root {tag or '?'})")
    body = _child(root, "body")
    if body is None:
        raise FormatError(f"{main} has no w:body: the file is damaged")
    rels = pkg.relationships(main)
    notes: list[str] = list(pkg.notes)
    styles = _Part(pkg, rels, "styles", notes)
    lists = ListNumbering(_Part(pkg, rels, "numbering", notes).root(), styles.root)
    walker = _Walker(ns, styles, lists)
    walker.walk_blocks(body, None)
    side = _side_paragraphs(pkg, rels, walker, Layout(tuple(walker.blocks), "docx"), notes)
    walker.blocks.extend(side)
    notes.extend(walker.notes)
    notes.extend(lists.notes())
    if walker.fields:
        notes.append(f"{len(walker.fields)} complex field(s) never closed; text after them may be missing")
    for key, template in _COUNT_NOTES.items():
        if walker.counts[key]:
            notes.append(template.format(n=walker.counts[key]))
    for rel in (*pkg.relationships(""), *rels):
        # Recorded, never fetched. Hyperlinks are ordinary (their text is in the body), so not noted.
        if rel.external and rel.short_type != "hyperlink":
            notes.append(f"external relationship ignored: {rel.target} ({rel.short_type})")
    return Layout(tuple(walker.blocks), "docx", notes=tuple(notes))
