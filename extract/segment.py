"""Layout → attachments → forms and reports (raw records), with a ledger of every character placed.

Segmentation is format-neutral: it sees only ``Layout`` blocks. Steps:
1. ``unglue``: a heading that a text export glued to the end of a table's last cell (``98.99⏎ 附件2⏎…报告``)
   is cut back out into paragraphs.
2. ``split_segments``: a new segment starts at an ``附件N`` paragraph, or at a form/report title when the
   current segment already holds content (several forms without 附件 headings).
3. Each segment becomes a form (``extract.forms``), a report (``extract.reports``), or residual text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex
from jixiao.extract.form_state import UNIT_LINE
from jixiao.extract.forms import Ledger, parse_forms
from jixiao.extract.labels import clean_label
from jixiao.extract.layout import Block, Cell, Layout, Location, Paragraph, Row, Table
from jixiao.extract.records import RawDocument, RawForm, RawReport, RawText
from jixiao.extract.reports import parse_report
from jixiao.schemas.labels import FORM_TITLES

_ATTACHMENT = regex.compile(
    r"""^\s*
    附\s*(?P<kind>[件表])\s*                      # 附件 (or 附表), sometimes spaced
    (?P<n>[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})  # its number
    (?:\s*[-－—–]\s*(?P<sub>[0-9０-９]{1,3}))?      # "附件1-2": the second form of attachment 1
    \s*[:：.、]?\s*
    (?P<rest>.*?)\s*$                             # a title may follow on the same line
    """,
    regex.VERBOSE,
)
_CONTINUED = regex.compile(r"[（(]\s*续\s*[表)）]|续表")  # a title repeated on a continuation page
_MAX_TITLE_CHARS = 60  # a longer paragraph is prose, even if it mentions a form's name
_MAX_TITLE_TAIL = 14  # after the form's name only a year or province in brackets may follow
_SENTENCE_PUNCT = regex.compile(r"[，。；;,]")
# A web page's menu or category line ("首页 > 信息公开 > 绩效自评报告", "- 绩效自评报告") names a kind
# of page, not the document that follows.
_PAGE_CHROME = regex.compile(r"^\s*[-–·•]\s|[>›»]")
_TOC_LEADER = regex.compile(
    r"""(?:[…⋯]+|[.．·・]{3,}|-{3,}|—{2,})   # leader dots (or dashes) of a table of contents
    [\s\u3000]*[0-9０-９]+[\s\u3000]*$      # then the page number, at the end of the line""",
    regex.VERBOSE,
)


@lru_cache(maxsize=1 << 14)  # asked of every paragraph and title cell: a document repeats its titles
def match_attachment(text: str) -> tuple[str, str] | None:
    """``('附件2', rest)`` when the text is an attachment heading.

    >>> match_attachment(" 附件2")
    ('附件2', '')
    >>> match_attachment("附件 3  项目支出绩效自评表")
    ('附件3', '项目支出绩效自评表')
    >>> match_attachment("附件2所列项目") is None
    True
    >>> match_attachment("附件1　部门整体支出绩效自评表……………1") is None
    True
    >>> match_attachment("附件1-2 项目支出绩效自评表"), match_attachment("附表2：项目支出绩效自评表")
    (('附件1-2', '项目支出绩效自评表'), ('附表2', '项目支出绩效自评表'))
    >>> match_attachment("附件2　　　　　　单位：元")  # the label and the next form's unit on one line
    ('附件2', '单位：元')
    """
    m = _ATTACHMENT.match(text)
    if not m or _TOC_LEADER.search(text):
        return None  # "附件1 部门整体支出绩效自评表……1" is a table-of-contents line
    rest = m.group("rest")
    if rest and classify_title(rest) is None and not UNIT_LINE.match(rest):
        return None
    digits = str.maketrans("０１２３４５６７８９", "0123456789")
    number = m.group("n").translate(digits)
    if m.group("sub"):
        number += "-" + m.group("sub").translate(digits)
    return f"附{m.group('kind')}{number}", rest


@lru_cache(maxsize=1 << 14)
def classify_title(text: str) -> str | None:
    """The kind of block a title names: department | project | target | report, or None.

    >>> classify_title("部门整体支出绩效自评表")
    'department'
    >>> classify_title("项目支出绩效自评报告")
    'report'
    >>> classify_title("2023年度 部门预算项目支出绩效自评表（四川）")
    'project'
    >>> classify_title("项目支出绩效自评表………………6") is None
    True
    >>> classify_title("- 绩效自评报告") is None, classify_title("首页 > 信息公开 > 绩效自评报告") is None
    (True, True)
    """
    cleaned = clean_label(text)
    if not cleaned or len(cleaned) > _MAX_TITLE_CHARS or _TOC_LEADER.search(text):
        return None
    if _SENTENCE_PUNCT.search(cleaned):
        return None  # a sentence that mentions a form is prose, not its title
    if _PAGE_CHROME.search(text):
        return None
    for pattern, kind in FORM_TITLES:
        at = cleaned.find(pattern)
        if at >= 0 and len(cleaned) - at - len(pattern) <= _MAX_TITLE_TAIL:
            return kind
    return None


def unglue(blocks: Sequence[Block]) -> list[Block]:
    """Cut headings glued to the end of a table's last row back out into paragraphs, and split a table
    at the form titles written in rows of their own (several forms stacked in one table or sheet)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table) and block.rows:
            table, tail = _unglue_table(block)
            out.extend(_split_at_titles(table))
            out.extend(tail)
        else:
            out.append(block)
    return out


def _title_row(row: Row) -> Cell | None:
    """The one cell of a row that holds a form's title and nothing else (``部门预算项目支出绩效自评表
    （2023年度）`` across the top of a table, as the 四川 system and sheets of several forms write it)."""
    filled: Cell | None = None
    for cell in row.cells:
        if cell.text.strip(" \u3000\n"):
            if filled is not None:
                return None  # a second filled cell: a row of the form, not its title
            filled = cell
    if filled is None or classify_title(filled.text) not in ("department", "project", "target"):
        return None
    return filled


def _split_at_titles(table: Table) -> list[Block]:
    titles = [_title_row(row) for row in table.rows]
    if titles.count(None) == len(titles):
        return [table]  # (most tables: no title inside)
    out: list[Block] = []
    rows: list[Row] = []
    for row, cell in zip(table.rows, titles, strict=True):
        if cell is None:
            rows.append(row)
            continue
        lead = _lead_cells(rows)  # 单位：元 or 附件2 in rows of their own right above the title: its chrome
        rows = rows[: len(rows) - len(lead)]
        if rows:
            out.append(Table(tuple(rows), rows[0].location if out else table.location))
            rows = []
        out.extend(Paragraph(c.text.strip(), c.location) for c in lead)
        out.append(Paragraph(cell.text.strip(), cell.location))
    if rows:
        out.append(Table(tuple(rows), rows[0].location if out else table.location))
    return out


def _lead_cells(rows: Sequence[Row]) -> list[Cell]:
    """The one-cell rows at the end of ``rows`` that hold a unit line or an attachment heading."""
    lead: list[Cell] = []
    for row in reversed(rows):
        filled = [c for c in row.cells if c.text.strip(" \u3000\n")]
        if len(filled) != 1 or not (UNIT_LINE.match(filled[0].text) or match_attachment(filled[0].text)):
            break
        lead.insert(0, filled[0])
    return lead


def _unglue_table(table: Table) -> tuple[Table, list[Paragraph]]:
    last = table.rows[-1]
    for ci, cell in enumerate(last.cells):
        if "\n" not in cell.text:
            continue  # one line: nothing glued after it
        lines = cell.lines
        for li in range(1, len(lines)):
            if match_attachment(lines[li]) or classify_title(lines[li]):
                kept = "\n".join(lines[:li]).rstrip("\n")
                loc = cell.location
                if loc.line is not None:
                    end = loc.line + li - 1
                    loc = Location(line=loc.line, line_end=end if end != loc.line else None, part=loc.part)
                new_cell = Cell(kept, loc, cell.grid_col, cell.col_span, cell.row_span, cell.nested)
                tail = [
                    Paragraph(text, cell.location.sub(li + k))
                    for k, text in enumerate(lines[li:])
                    if text.strip()
                ]
                cells = (*last.cells[:ci], new_cell, *last.cells[ci + 1 :])
                rows = (*table.rows[:-1], Row(cells, last.location, last.grid_before, last.grid_after))
                return Table(rows, table.location), tail
    return table, []


@dataclass(slots=True)
class Segment:
    attachment: str | None = None
    attachment_block: Paragraph | None = None
    title: Paragraph | None = None
    kind: str | None = None  # department | project | target | report | None
    blocks: list[Block] = field(default_factory=list)
    repeats: list[Paragraph] = field(default_factory=list)  # its title again on a continuation page


def split_segments(blocks: Sequence[Block]) -> list[Segment]:
    """Split reading order into segments at 附件 headings and at titles that open a new form/report."""
    segments: list[Segment] = [Segment()]
    previous: Block | None = None
    for block in blocks:
        if previous is not None and previous.location.part is None and block.location.part is not None:
            segments.append(Segment())  # the body has ended: a header, footer or comment is no section's
        previous = block
        cur = segments[-1]
        if isinstance(block, Paragraph):
            att = match_attachment(block.text)
            if att:
                number, rest = att
                seg = Segment(attachment=number, attachment_block=block, blocks=_unit_lines_after_tables(cur))
                if rest and UNIT_LINE.match(rest):
                    seg.blocks.append(block)  # "附件2　　单位：元": the form below reads its unit here
                elif rest:
                    seg.title, seg.kind = block, classify_title(rest)
                segments.append(seg)
                continue
            kind = classify_title(block.text)
            if kind == "report" and cur.kind == "report" and _same_title(cur.title, block):
                cur.blocks.append(block)  # the title again (a cover, a page header): one report is one report
                continue
            if kind and kind == cur.kind and _CONTINUED.search(block.text):
                # "项目支出绩效自评表（续）" atop the next page: the same form goes on
                cur.repeats.append(block)
                continue
            if kind:
                if cur.title is None and not any(isinstance(b, Table) for b in cur.blocks):
                    cur.title, cur.kind = block, kind
                    continue
                # Ten project forms under one "附件2" heading all belong to 附件2; a form of another kind
                # (a report after the forms) without its own heading does not inherit it.
                inherited = cur.attachment if kind == cur.kind and kind != "report" else None
                moved = _unit_lines_after_tables(cur)
                segments.append(Segment(attachment=inherited, title=block, kind=kind, blocks=moved))
                continue
        cur.blocks.append(block)
    return [s for s in segments if s.blocks or s.title or s.attachment_block]


def _unit_lines_after_tables(segment: Segment) -> list[Block]:
    """Take the unit lines (``单位：元``) after the segment's last table: a new segment opens below them,
    so they state the unit of what follows, never of the form above (its unit comes before its table)."""
    last = max((n for n, b in enumerate(segment.blocks) if isinstance(b, Table)), default=-1)
    moved: list[Block] = [
        b for b in segment.blocks[last + 1 :] if isinstance(b, Paragraph) and UNIT_LINE.match(b.text)
    ]
    segment.blocks = [b for b in segment.blocks if not any(b is m for m in moved)]
    return moved


def _same_title(title: Paragraph | None, block: Paragraph) -> bool:
    return title is not None and clean_label(title.text) == clean_label(block.text)


def _looks_like_form(segment: Segment) -> str | None:
    """A segment with no recognised title still holds a form if its table has an indicator header."""
    tables = [b for b in segment.blocks if isinstance(b, Table)]
    # A 项目名称 row in any of the segment's tables names a project (a text export cuts one form's grid
    # into several tables: the name row need not be in the one with the indicator header).
    named = any("项目" in t and "名称" in t for b in tables for t in _cell_texts(b))
    for block in tables:
        texts = _cell_texts(block)
        if {"一级指标", "二级指标"} <= texts or {"年初预算数", "全年执行数"} <= texts:
            return "project" if named else "department"
    return None


def _cell_texts(table: Table) -> set[str]:
    return {clean_label(c.text) for row in table.rows[:40] for c in row.cells}


def iter_paragraphs(blocks: Sequence[Block]) -> Iterator[Paragraph]:
    return (b for b in blocks if isinstance(b, Paragraph))


def segment_layout(layout: Layout) -> RawDocument:
    """Find every form and report in a layout; whatever cannot be placed becomes a residual."""
    blocks = unglue(layout.blocks)
    ledger = Ledger()
    forms: list[RawForm] = []
    reports: list[RawReport] = []
    for seg in split_segments(blocks):
        context = seg.attachment or (seg.title.text.strip() if seg.title else None)
        for marker in (seg.attachment_block, seg.title, *seg.repeats):
            if marker is not None:
                ledger.place(marker)
        kind = seg.kind if seg.kind else _looks_like_form(seg)
        title = RawText(seg.title.text.strip(), seg.title.location) if seg.title else None
        if seg.title is not None and seg.title is seg.attachment_block:
            rest = match_attachment(seg.title.text)
            title = RawText(rest[1] if rest else seg.title.text.strip(), seg.title.location)
        if kind in ("department", "project", "target"):
            found = parse_forms(
                seg.blocks, form_type=kind, attachment=seg.attachment, title=title, ledger=ledger
            )
            if found:
                forms.extend(found)
                continue
        if kind == "report":
            paragraphs = [p for p in iter_paragraphs(seg.blocks) if p is not seg.attachment_block]
            reports.append(parse_report(paragraphs, attachment=seg.attachment, title=title))
            for p in paragraphs:
                ledger.place(p)
            for block in seg.blocks:
                if isinstance(block, Table):
                    ledger.note_context(block, context)
            continue
        for block in seg.blocks:
            ledger.note_context(block, context)
    residuals, total, placed = ledger.account(blocks)
    return RawDocument(
        source_format=layout.source_format,
        encoding=layout.encoding,
        forms=tuple(forms),
        reports=tuple(reports),
        residuals=tuple(residuals),
        total_chars=total,
        placed_chars=placed,
        notes=layout.notes,
    )


def coverage_pct(doc: RawDocument) -> float:
    """Share of the source's non-blank characters that landed in a field, label or report section."""
    if doc.total_chars == 0:
        return 100.0
    return round(100.0 * doc.placed_chars / doc.total_chars, 2)


__all__ = ["classify_title", "coverage_pct", "match_attachment", "segment_layout"]
