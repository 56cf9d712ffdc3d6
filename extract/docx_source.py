r"""Word ``.docx`` → ``Layout``: the body of ``word/document.xml`` walked in document order with lxml.

No python-docx object tree is built (that alone costs more than our whole pipeline may): the package
is opened by ``extract.ooxml`` and the XML walked directly (``extract.docx_body``). What is read, and how:

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

import functools
from collections.abc import Callable

from jixiao.extract.docx_body import BodyWalker
from jixiao.extract.docx_numbering import ListNumbering
from jixiao.extract.docx_xml import KIND, WORD_NAMESPACES, child_of
from jixiao.extract.errors import FormatError, LimitError
from jixiao.extract.layout import Layout, Location, Paragraph
from jixiao.extract.ooxml import Package, Relationship
from jixiao.extract.page_numbers import is_page_number
from lxml import etree


def _read_part(pkg: Package, target: str, what: str, notes: list[str]) -> etree._Element | None:
    """A related part's XML; a damaged one is a note and None (the body is still worth reading)."""
    try:
        return pkg.read_xml(target)
    except LimitError:
        raise  # a DOCTYPE or a bomb is an attack on the whole file, not a damaged part
    except FormatError as err:
        notes.append(f"{what} not read: {err}")
        return None


def _lazy_part(
    pkg: Package, rels: tuple[Relationship, ...], short_type: str, notes: list[str]
) -> Callable[[], etree._Element | None]:
    """The related part of a type (styles, numbering), parsed on the first call only."""
    target = next(
        (r.target for r in rels if r.short_type == short_type and not r.external and pkg.has(r.target)),
        None,
    )

    @functools.cache
    def root() -> etree._Element | None:
        return None if target is None else _read_part(pkg, target, short_type, notes)

    return root


_COUNT_NOTES = {
    "altChunk": "{n} embedded alternative-format chunks (w:altChunk) not read",
    "subDoc": "{n} subdocument links (w:subDoc) not read",
    "object": "{n} embedded objects (OLE, e.g. a pasted Excel sheet) not read",
    "footnoteReference": "{n} footnote references; footnote text not read",
    "endnoteReference": "{n} endnote references; endnote text not read",
    "sym": "{n} symbol characters (w:sym) not read",
    "hidden_chars": "{n} characters of hidden text (w:vanish) not read",
    "deleted_rows": "{n} table rows deleted with tracked changes not read",
    "placeholders": "{n} content controls showing their placeholder text (w:showingPlcHdr) read as empty",
    "bad_numbers": "{n} malformed grid numbers (gridSpan/gridBefore/gridAfter) read as their default",
}


_SIDE_PARTS = ("header", "footer", "comments")  # relationship types whose text is not the body's


def _line_key(text: str) -> str:
    return "".join(text.split())


def _side_paragraphs(
    pkg: Package, rels: tuple[Relationship, ...], walker_for: BodyWalker, body: Layout, notes: list[str]
) -> list[Paragraph]:
    """Lines of headers, footers and comments that the body does not hold (see the module docstring)."""
    seen = {_line_key(line) for text, _ in body.iter_text() for line in text.split("\n")}
    out: list[Paragraph] = []
    targets = sorted({r.target for r in rels if r.short_type in _SIDE_PARTS and not r.external})
    for target in targets:
        if not pkg.has(target):
            continue
        root = _read_part(pkg, target, target, notes)
        if root is None:
            continue
        side = BodyWalker(
            walker_for.val[1 : walker_for.val.index("}")], walker_for.load_styles, walker_for.lists
        )
        side.style_names = walker_for.style_names
        side.walk_blocks(root, None)
        number = 0
        for text, _ in Layout(tuple(side.blocks), "docx").iter_text():
            for line in text.split("\n"):
                key = _line_key(line)
                if not key or key in seen or is_page_number(key):
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
    if ns not in WORD_NAMESPACES or KIND.get(tag) != "document":
        raise FormatError(f"{main} is not a WordprocessingML document (root {tag or '?'})")
    body = child_of(root, "body")
    if body is None:
        raise FormatError(f"{main} has no w:body: the file is damaged")
    rels = pkg.relationships(main)
    notes: list[str] = list(pkg.notes)
    styles = _lazy_part(pkg, rels, "styles", notes)
    lists = ListNumbering(_lazy_part(pkg, rels, "numbering", notes)(), styles)
    walker = BodyWalker(ns, styles, lists)
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
