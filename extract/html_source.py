"""Web pages saved from government sites (.html) → ``Layout``.

* Encoding: a byte-order mark wins; then ``<meta charset>`` / ``http-equiv`` / the XML declaration, when
  the bytes really decode in it (GB2312/GBK labels read as GB18030, their superset; a page labelled GB
  whose bytes are valid UTF-8 with non-ASCII text is UTF-8 — a common mislabel); else the cascade of
  ``extract.decode``. Each fallback leaves a note. A page whose ``<meta>`` declares UTF-16 or UTF-32
  is read as UTF-8, as browsers do (WHATWG: a declaration readable as ASCII cannot be UTF-16); UTF-8
  bytes that GB18030 reads as Chinese and UTF-8 as no Chinese at all are read as GB18030 (noted).
* Parsing: lxml.html with no network access; ``<head>``, ``<script>``, ``<style>``, ``<noscript>``,
  ``<template>`` and comments are dropped.
* Form fields: an ``<input>``'s ``value`` as the page shows it (every type but hidden, password,
  checkbox, radio, file, image, range, color and buttons; an unknown type is a text box) and the
  chosen ``<option>`` of a ``<select>`` (the ``selected`` one, else the first) are text; other options
  are not.
* Body text: ``<p>``, ``<div>``, ``<h1>``–``<h6>``, ``<li>`` and other block elements end a paragraph;
  ``<br>`` is a line break. Outside tables each line becomes its own ``Paragraph`` (as in text exports,
  where sites that set a whole report in one ``<div>`` with ``<br>`` are common); ``Location(para=N)``
  numbers them from 1. Headings carry ``style="Heading N"``.
* Tables: ``<table>`` → ``Table`` with ``Location(table=T, row=R, col=C)``; ``rowspan``/``colspan`` become
  spans and grid columns are computed as browsers do (a rowspan occupies its slots in later rows, so the
  next cell of that row moves right). A cell's paragraphs and ``<br>`` join with ``\\n``; tables inside
  a cell are its ``nested`` tables. A ``<caption>`` is a paragraph before its table. A table none of
  whose rows has two cells is page layout, not data: its content is read as body; so is a table of a
  few rows whose cells hold tables (an old site's frame: a menu column beside the content).
* Hidden: what a browser does not show is not read — an element, row, row group or cell with
  ``display:none``, ``visibility:hidden``, ``font-size:0`` or the ``hidden`` attribute, or of a class the
  page's own ``<style>`` hides (``.old { display: none }``: last year's row kept out of sight, anti-copy
  digits); a hidden cell takes no slot. The characters left out are counted in a note.
"""

from __future__ import annotations

import codecs

import regex
from jixiao.extract.decode import (
    GB_OVER_UTF8_NOTE,
    decode_bytes,
    gb18030_rather_than_utf8,
    rather_than_declared,
    xml_forbidden_notes,
)
from jixiao.extract.errors import FormatError, LimitError
from jixiao.extract.layout import (
    RAISED_DIGITS,
    Block,
    Cell,
    Layout,
    Location,
    Paragraph,
    Row,
    Table,
    nonblank_chars,
)
from jixiao.extract.limits import HTML_MAX_DEPTH, MAX_COL_SPAN, MAX_GRID_SLOTS, MAX_HTML_BYTES
from lxml import etree
from lxml import html as lxml_html

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "gb_2312-80", "csgb2312", "euc-cn"}
# WHATWG: Latin-1 labels mean windows-1252 on the web.
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}

_DECLARED = regex.compile(
    rb"""
    (?: <meta [^>]*? charset \s* = \s* ["']? \s*          # <meta charset=...> or content="...; charset=..."
      | ^ \s* <\?xml [^>]*? encoding \s* = \s* ["'] )     # <?xml version="1.0" encoding="..."?>
    (?P<label> [A-Za-z0-9_.:-]+ )
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
_XML_DECLARATION = regex.compile(
    r"""
    ^ \s* <\?xml [^>]*? \?>     # lxml refuses str input that carries its own encoding declaration
    """,
    regex.VERBOSE,
)
_HTML_SPACE = regex.compile(r"[ \t\n\r\f]+")  # HTML collapses these; U+3000 is content

_DROPPED = frozenset({"head", "script", "style", "noscript", "template"})
_BLOCK = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "section", "article", "header"}
    | {"footer", "main", "nav", "aside", "center", "address", "form", "fieldset", "figure", "figcaption"}
    | {"hr", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "body", "html"}
)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"\x84\x31\x95\x33")
_LEADING_INT = regex.compile(r"^\s*([0-9]+)")
_HIDDEN = regex.compile(  # what a browser does not show; font-size:0 is the anti-copy digits' other trick
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0+(?:\.0+)?(?:[a-z%]+)?\s*(?:;|!|$)",
    regex.IGNORECASE,
)
# <input type=…> whose value= is not shown as text. Every other type shows it — a browser draws a type
# it does not know (type="money") as a text box, and date, email, url … show their value too.
_UNSHOWN_INPUTS = frozenset(
    {"hidden", "password", "checkbox", "radio", "file", "image", "range", "color"}
    | {"submit", "reset", "button"}  # a button's value is its label
)


def decode_html(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding, notes): BOM, then the declared charset if it fits, else the text cascade.

    >>> decode_html('<meta charset="gb2312"><p>表</p>'.encode("gb18030"))[1]
    'gb18030'
    >>> decode_html('<meta charset="gbk"><p>表</p>'.encode("utf-8"))[1:]
    ('utf-8', ['page declares charset gbk but its bytes are UTF-8; read as UTF-8'])
    """
    if data.startswith(_BOMS):
        got = decode_bytes(data)
        return got.text, got.encoding, list(got.notes)
    notes: list[str] = []
    found = _DECLARED.search(data[:4096])
    if found:
        label = found["label"].decode("ascii").lower()
        codec = "gb18030" if label in _GB_FAMILY else _LABEL_ALIASES.get(label, label)
        try:
            codec = codecs.lookup(codec).name
        except LookupError:
            notes.append(f"page declares unknown charset {label}; encoding detected instead")
        else:
            if codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"):
                notes.append(
                    f"page declares charset {label}, which a readable <meta> cannot be; read as UTF-8"
                )
                codec = "utf-8"  # WHATWG's prescan rule: browsers read such a page as UTF-8
            if codec == "gb18030" and not data.isascii():
                try:
                    return (
                        data.decode("utf-8"),
                        "utf-8",
                        [f"page declares charset {label} but its bytes are UTF-8; read as UTF-8"],
                    )
                except UnicodeDecodeError:
                    pass
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                notes.append(f"page declares charset {label} but byte {err.start} is not {codec}")
            else:
                other = rather_than_declared(data, text) if codec not in ("utf-8", "gb18030") else None
                if other is not None:  # a legacy charset that decodes anything: mojibake with no error
                    said = f"page declares charset {label} but its bytes are {other[1]}; read as {other[1]}"
                    return other[0], other[1], [*notes, said, *xml_forbidden_notes(other[0])]
                gb = gb18030_rather_than_utf8(data, text) if codec == "utf-8" else None
                if gb is not None:
                    return gb, "gb18030", [*notes, GB_OVER_UTF8_NOTE, *xml_forbidden_notes(gb)]
                return text, codec, [*notes, *xml_forbidden_notes(text)]
    got = decode_bytes(data)
    return got.text, got.encoding, [*notes, *got.notes]  # a lossy repair must show in the documents row


def _span_attr(el: etree._Element, name: str) -> int | None:
    """An integer span attribute; None when missing or unreadable (browsers then use 1)."""
    m = _LEADING_INT.match(el.get(name) or "")
    return int(m.group(1)) if m else None


def _direct_rows(table: etree._Element) -> list[etree._Element]:
    return list(table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"))


def _hides(el: etree._Element) -> bool:
    """An element a browser does not show (display:none, visibility:hidden, the hidden attribute)."""
    return bool(_HIDDEN.search(el.get("style") or "")) or el.get("hidden") is not None


def _row_cells(tr: etree._Element) -> list[etree._Element]:
    """The cells a row shows: a hidden cell takes no slot (the row's later cells move left, as drawn)."""
    return [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th") and not _hides(c)]


class _Walker:
    """Collects blocks in reading order; one per body, one per table cell (sharing the table counter)."""

    def __init__(self, counters: dict[str, int]) -> None:
        self.counters = counters  # "table": last number, "slots": grid slots used, "hidden": chars not shown
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.style: str | None = None
        self.pre = 0
        self.para = 0

    def add_text(self, text: str | None) -> None:
        if text:
            text = text.replace("\xa0", " ")  # &nbsp; is page spacing, a plain space in Word terms
            self.buf.append(text if self.pre else _HTML_SPACE.sub(" ", text))

    def flush(self) -> None:
        lines = [line.strip() for line in "".join(self.buf).split("\n")]
        self.buf = []
        for line in lines:
            if nonblank_chars(line):
                self.para += 1
                self.blocks.append(Paragraph(line, Location(para=self.para), self.style))

    def walk(self, el: etree._Element, depth: int = 0) -> None:
        if depth > HTML_MAX_DEPTH:
            raise LimitError(f"HTML nested deeper than {HTML_MAX_DEPTH} elements (refused)")
        if not isinstance(el.tag, str):
            return  # comment or processing instruction; its tail is read by the parent
        tag = el.tag.lower()
        if tag in _DROPPED:
            return
        if _hides(el):
            self.counters["hidden"] += nonblank_chars(el.text_content())  # not shown (anti-copy digits)
            return
        if tag == "sup":
            self.add_text(el.text_content().translate(RAISED_DIGITS))
            return
        if tag == "br":
            self.buf.append("\n")
            return
        if tag == "input":  # a form's filled-in amount lives in value=, not in text
            if (el.get("type") or "").strip().lower() not in _UNSHOWN_INPUTS:
                self.add_text(f" {el.get('value') or ''} ")
            return
        if tag == "select":
            options = [o for o in el.iter("option")]
            chosen = next(
                (o for o in options if o.get("selected") is not None), options[0] if options else None
            )
            if chosen is not None:
                self.add_text(f" {chosen.text_content()} ")
            return
        if tag == "table":
            self.flush()
            self.table(el, depth)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.style = f"Heading {tag[1]}"
        self.pre += tag == "pre"
        self.add_text(el.text)
        for child in el:
            self.walk(child, depth + 1)
            self.add_text(child.tail)
        self.pre -= tag == "pre"
        if block:
            self.flush()
            self.style = None

    def walk_children(self, el: etree._Element, depth: int) -> None:
        self.add_text(el.text)
        for child in el:
            self.walk(child, depth + 1)
            self.add_text(child.tail)
        self.flush()

    def table(self, el: etree._Element, depth: int) -> None:
        rows = []
        for tr in _direct_rows(el):  # a hidden row (last year's figures kept out of sight) is not read
            tds = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
            if _hides(tr) or (tr.getparent() is not el and _hides(tr.getparent())):
                self.counters["hidden"] += nonblank_chars(tr.text_content())
                continue
            self.counters["hidden"] += sum(nonblank_chars(c.text_content()) for c in tds if _hides(c))
            rows.append(tr)
        for caption in el.findall("caption"):
            self.walk(caption, depth + 1)
        if all(len(_row_cells(tr)) <= 1 for tr in rows) or _frames_tables(rows):
            for tr in rows:  # a layout table: its content is body text and tables
                for td in _row_cells(tr):
                    self.walk_children(td, depth + 2)
            return
        self.counters["table"] += 1
        number = self.counters["table"]
        taken: set[tuple[int, int]] = set()  # (row, col) slots occupied by cells above or to the left
        out: list[Row] = []
        for i, tr in enumerate(rows):
            col = 0
            cells: list[Cell] = []
            for td in _row_cells(tr):
                while (i, col) in taken:
                    col += 1
                col_span = min(max(_span_attr(td, "colspan") or 1, 1), MAX_COL_SPAN)
                row_span = _span_attr(td, "rowspan")
                left = len(rows) - i  # rowspan=0 means "to the end"; no span leaves the table
                row_span = left if row_span == 0 else min(max(row_span or 1, 1), left)
                self.counters["slots"] += row_span * col_span
                if self.counters["slots"] > MAX_GRID_SLOTS:
                    raise LimitError(f"HTML tables span more than {MAX_GRID_SLOTS:,} grid slots (refused)")
                taken.update((i + r, col + c) for r in range(row_span) for c in range(col_span))
                inner = _Walker(self.counters)
                inner.walk_children(td, depth + 2)
                text = "\n".join(b.text for b in inner.blocks if isinstance(b, Paragraph))
                nested = tuple(b for b in inner.blocks if isinstance(b, Table))
                loc = Location(table=number, row=i + 1, col=col + 1)
                cells.append(
                    Cell(text, loc, grid_col=col, col_span=col_span, row_span=row_span, nested=nested)
                )
                col += col_span
            out.append(Row(tuple(cells), Location(table=number, row=i + 1)))
        self.blocks.append(Table(tuple(out), Location(table=number)))


def _frames_tables(rows: list[etree._Element]) -> bool:
    """A table of a few rows whose cells hold bigger tables: an old site's page frame (a menu column
    beside the content), not data. Its cells' content, the form's own table included, is read as body.

    A sub-table inside a data table's cell (Word's nested tables) is smaller than the table holding it;
    that table stays data, with the sub-table as its cell's ``nested``."""
    if len(rows) > 3:  # a page's frame: a header, a body (menu | content), a footer
        return False
    inner = (t for tr in rows for td in _row_cells(tr) for t in td.iter("table"))
    return any(len(_direct_rows(t)) > len(rows) for t in inner)


# A page's own stylesheet rule that hides a class: .hide { display: none } (anti-copy digits, old rows).
_HIDING_RULE = regex.compile(r"([^{}]+)\{([^{}]*)\}")
_CLASS_SELECTOR = regex.compile(r"^\s*(?:[a-zA-Z0-9]+)?\.([\w-]+)\s*$")


def _mark_hidden_classes(root: etree._Element) -> None:
    """Give every element of a class the page's ``<style>`` hides (a plain ``.name`` or ``tag.name``
    selector) the ``hidden`` attribute, so the walk treats it like an inline ``display:none``."""
    hidden: set[str] = set()
    for style in root.iter("style"):
        for selectors, body in _HIDING_RULE.findall(style.text or ""):
            if _HIDDEN.search(body):
                hidden.update(m[1] for sel in selectors.split(",") if (m := _CLASS_SELECTOR.match(sel)))
    if not hidden:
        return
    for el in root.iter():
        if isinstance(el.tag, str) and hidden & set((el.get("class") or "").split()):
            el.set("hidden", "")


def read_html_layout(data: bytes) -> Layout:
    """Read a saved web page into paragraphs and tables (see the module notes for the rules)."""
    if len(data) > MAX_HTML_BYTES:
        raise LimitError(f"page of {len(data):,} bytes exceeds the {MAX_HTML_BYTES:,}-byte bound")
    text, encoding, notes = decode_html(data)
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return Layout((), "html", encoding=encoding, notes=(*notes, "empty page"))
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise FormatError(f"not a readable HTML page ({err})") from None
    _mark_hidden_classes(root)
    body = root.find("body")
    walker = _Walker({"table": 0, "slots": 0, "hidden": 0})
    walker.walk(body if body is not None else root)
    walker.flush()
    if hidden := walker.counters["hidden"]:
        notes.append(f"{hidden} characters of hidden elements (display:none, visibility:hidden) not read")
    return Layout(tuple(walker.blocks), "html", encoding=encoding, notes=tuple(notes))
