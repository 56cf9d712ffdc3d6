"""One document's review page: the source redrawn in its layout, with what we read from it marked.

- Tables keep their merges (``colspan``/``rowspan`` from the ``Layout``) and grid gaps.
- A cell that became a value carries a class for its status (``v-repaired`` …), a ``title`` with the
  raw text, the value and the repair, and a link to its entry in the details panel (``:target``).
- Anomalies are written inside the cell or paragraph they concern (``.note``) and listed in the panel.
- Money amounts read from the narrative reports (``facts``) are ``<mark>``-ed inside their paragraph.

Everything is matched by typed ``Location`` (see :mod:`emit.review_locate`); what cannot be placed is
still listed in the panel, under 未定位.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from jixiao.emit.review_crops import cell_crop_html
from jixiao.emit.review_html import (
    FLAGGED_STATUSES,
    SEVERITIES,
    SEVERITY_LABEL,
    esc,
    esc_lines,
)
from jixiao.emit.review_locate import CELL, PARAGRAPH, ROW, TABLE, LocationIndex
from jixiao.emit.review_text import Record, anomaly_line, fact_anomalies, fact_title, value_title
from jixiao.extract.layout import Cell, Layout, Location, Paragraph, Row, Table
from jixiao.schemas.rules import rule_name_zh

_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_STATUS_RANK = {"invalid": 0, "ambiguous": 1, "approximate": 2, "repaired": 3, "ok": 4}


@dataclass
class DocData:
    """Everything one page shows, as records (dicts keyed by column name; ``location`` a ``Location``,
    ``repairs`` a tuple of slugs: see :func:`emit.review.records`)."""

    doc_id: str
    documents: list[Record]
    forms: list[Record] = field(default_factory=list)
    values: list[Record] = field(default_factory=list)
    anomalies: list[Record] = field(default_factory=list)
    facts: list[Record] = field(default_factory=list)
    sections: list[Record] = field(default_factory=list)
    layout: Layout | None = None
    crops: dict[str, str] = field(default_factory=dict)  # PDF cells' page crops (emit.review_crops)


@dataclass
class Marks:
    """What is attached to each element id."""

    values: dict[str, list[Record]] = field(default_factory=dict)
    anomalies: dict[str, list[Record]] = field(default_factory=dict)
    facts: dict[str, list[Record]] = field(default_factory=dict)
    banners: dict[int, list[Record]] = field(default_factory=dict)  # top-level block → forms
    unplaced: list[tuple[str, Record]] = field(default_factory=list)
    crops: Mapping[str, str] = field(default_factory=dict)  # crop key → data: URI

    def has(self, elem_id: str) -> bool:
        return elem_id in self.values or elem_id in self.anomalies or elem_id in self.facts


# ---------------------------------------------------------------- walking the layout


def _index_table(table: Table, prefix: str, block: int, index: LocationIndex, owner: dict[str, int]) -> None:
    index.add(table.location, prefix, TABLE)
    owner[prefix] = block
    for r, row in enumerate(table.rows):
        row_id = f"{prefix}r{r}"
        index.add(row.location, row_id, ROW)
        owner[row_id] = block
        for c, cell in enumerate(row.cells):
            cell_id = f"{row_id}c{c}"
            index.add(cell.location, cell_id, CELL)
            owner[cell_id] = block
            for n, inner in enumerate(cell.nested):
                _index_table(inner, f"{cell_id}n{n}", block, index, owner)


def index_layout(layout: Layout) -> tuple[LocationIndex, dict[str, int]]:
    """Element ids for every block, row and cell (``p3``, ``t5r2c1`` …) and the block each sits in."""
    index = LocationIndex()
    owner: dict[str, int] = {}
    for b, block in enumerate(layout.blocks):
        if isinstance(block, Paragraph):
            index.add(block.location, f"p{b}", PARAGRAPH)
            owner[f"p{b}"] = b
        else:
            _index_table(block, f"t{b}", b, index, owner)
    return index, owner


def place_marks(data: DocData, index: LocationIndex, owner: Mapping[str, int]) -> Marks:
    """Attach values, anomalies, facts and form banners to the elements their locations name."""
    marks = Marks()
    for v in data.values:
        if v["status"] == "empty":
            continue  # a blank cell read as blank: nothing to show
        elem = index.resolve(v.get("location"))
        if elem is None:
            if v["status"] in FLAGGED_STATUSES:
                marks.unplaced.append(("value", v))
        else:
            marks.values.setdefault(elem, []).append(v)
    located = (("anomaly", data.anomalies, marks.anomalies), ("fact", data.facts, marks.facts))
    for kind, rows, placed in located:
        for row in rows:
            elem = index.resolve(row.get("location"))
            if elem is None:
                marks.unplaced.append((kind, row))
            else:
                placed.setdefault(elem, []).append(row)
    for form in data.forms:
        elem = index.resolve(form.get("location"))
        if elem is not None:
            marks.banners.setdefault(owner[elem], []).append(form)
    return marks


# ---------------------------------------------------------------- rendering


def _marked_text(text: str, facts: Sequence[Record], anomalies: Sequence[Record]) -> str:
    """Escaped text with each fact's raw text wrapped in ``<mark>`` (in order, first unused match)."""
    if not facts:
        return esc_lines(text)
    spans: list[tuple[int, int, Record]] = []
    pos = 0
    for f in sorted(facts, key=lambda f: f.get("seq") or 0):
        at = text.find(f["raw"], pos) if f["raw"] else -1
        if at < 0:
            at = text.find(f["raw"]) if f["raw"] else -1
            if at < 0 or any(s <= at < e for s, e, _ in spans):
                continue  # not verbatim in this element: still listed in the panel
        spans.append((at, at + len(f["raw"]), f))
        pos = at + len(f["raw"])
    spans.sort(key=lambda s: s[0])
    out, cur = [], 0
    for start, end, f in spans:
        if start < cur:
            continue
        concerns = fact_anomalies(f, anomalies)
        cls = f"fact st-{esc(f['status'])}" + (" anom" if concerns else "")
        out.append(esc_lines(text[cur:start]))
        out.append(
            f'<mark class="{cls}" data-raw="{esc(f["raw"])}" title="{esc(fact_title(f, concerns))}">'
            f"{esc_lines(text[start:end])}</mark>"
        )
        cur = end
    out.append(esc_lines(text[cur:]))
    return "".join(out)


def _notes(anomalies: Sequence[Record], *, compact: bool) -> str:
    """Anomalies written beside their text; in table cells only severity and rule (the rest on hover),
    so that a narrow cell does not grow a paragraph."""
    if not anomalies:
        return ""
    out = []
    for a in sorted(anomalies, key=lambda a: _SEVERITY_RANK.get(a["severity"], 9)):
        sev = SEVERITY_LABEL.get(a["severity"], a["severity"])
        text = f"{sev} {rule_name_zh(a['rule'])}" if compact else anomaly_line(a)
        out.append(
            f'<span class="note sev-{esc(a["severity"])}" data-rule="{esc(a["rule"])}" '
            f'title="{esc(anomaly_line(a))}">⚠ {esc(text)}</span>'
        )
    return "".join(out)


def _element_attrs(elem_id: str, location: Location, marks: Marks, base: str) -> str:
    """The attributes of a cell or paragraph: id, location, status classes, and a title to hover."""
    classes = [base] if base else []
    titles: list[str] = []
    values = marks.values.get(elem_id, [])
    if values:
        worst = min(values, key=lambda v: _STATUS_RANK.get(v["status"], 9))["status"]
        classes.append(f"v-{worst}")
        titles += [value_title(v) for v in values]
    anomalies = marks.anomalies.get(elem_id, [])
    if anomalies:
        worst_sev = min(anomalies, key=lambda a: _SEVERITY_RANK.get(a["severity"], 9))["severity"]
        classes.append(f"anom-{worst_sev}")
        titles += [anomaly_line(a) for a in anomalies]
    attrs = f' id="{elem_id}" data-loc="{esc(str(location))}"'
    if classes:
        attrs += f' class="{esc(" ".join(classes))}"'
    if titles:
        attrs += f' title="{esc(chr(10).join(titles))}"'
    return attrs


def _content(elem_id: str, text: str, marks: Marks, *, compact: bool) -> str:
    anomalies = marks.anomalies.get(elem_id, [])
    body = _marked_text(text, marks.facts.get(elem_id, []), anomalies)
    if marks.has(elem_id):
        body = f'<a class="cell-link" href="#d-{elem_id}">{body}</a>'
    return body + _notes(anomalies, compact=compact)


def _render_table(table: Table, prefix: str, marks: Marks) -> str:
    out = [f'<table class="form" id="{prefix}" data-loc="{esc(str(table.location))}">']
    covered: dict[int, int] = {}  # grid column → rows still covered by a rowspan from above
    for r, row in enumerate(table.rows):
        row_id = f"{prefix}r{r}"
        out.append(f'<tr id="{row_id}" data-loc="{esc(str(row.location))}">')
        _render_row(out, row, row_id, marks, covered)
        out.append("</tr>")
        if covered:
            covered = {col: n - 1 for col, n in covered.items() if n > 1}
    out.append("</table>")
    return "".join(out)


def _gap(first: int, last: int, covered: Mapping[int, int]) -> str:
    """Empty grid slots between cells (w:gridBefore, gaps), skipping slots a rowspan covers."""
    out, run = [], 0
    for col in range(first, last):
        if col in covered:
            if run:
                out.append(f'<td class="gap" colspan="{run}"></td>' if run > 1 else '<td class="gap"></td>')
            run = 0
        else:
            run += 1
    if run:
        out.append(f'<td class="gap" colspan="{run}"></td>' if run > 1 else '<td class="gap"></td>')
    return "".join(out)


def _render_row(out: list[str], row: Row, row_id: str, marks: Marks, covered: dict[int, int]) -> None:
    """The row's cells (and grid gaps) appended to ``out``; ``covered`` gets the rowspans that start here."""
    col = 0
    new_cover: dict[int, int] = {}
    for c, cell in enumerate(row.cells):
        start = cell.grid_col if cell.grid_col > col else col
        if start > col:
            out.append(_gap(col, start, covered))
        cell_id = f"{row_id}c{c}"
        location = cell.location
        if cell.nested or location.box is not None or marks.has(cell_id):
            out.append(_render_cell(cell, cell_id, marks))
        else:  # most cells: nothing read from them is marked (what _render_cell draws for them)
            spans = ""
            if cell.col_span > 1:
                spans = f' colspan="{cell.col_span}"'
            if cell.row_span > 1:
                spans += f' rowspan="{cell.row_span}"'
            text = cell.text
            body = esc(text) if "\n" not in text else esc_lines(text)
            out.append(f'<td id="{cell_id}" data-loc="{esc(str(location))}"{spans}>{body}</td>')
        if cell.row_span > 1:
            for k in range(start, start + cell.col_span):
                new_cover[k] = cell.row_span
        col = start + cell.col_span
    if row.grid_after:
        out.append(_gap(col, col + row.grid_after, covered))
    covered.update(new_cover)


def _render_cell(cell: Cell, cell_id: str, marks: Marks) -> str:
    attrs = _element_attrs(cell_id, cell.location, marks, "")
    box = cell.location.box
    if box is not None:  # PDF: the cell's box on its page, in points (x0 top x1 bottom)
        attrs += f' data-page="{cell.location.page}" data-box="{" ".join(f"{v:g}" for v in box)}"'
    if cell.col_span > 1:
        attrs += f' colspan="{cell.col_span}"'
    if cell.row_span > 1:
        attrs += f' rowspan="{cell.row_span}"'
    inner = "".join(_render_table(t, f"{cell_id}n{n}", marks) for n, t in enumerate(cell.nested))
    if box is not None and marks.crops:
        flagged = cell_id in marks.anomalies or any(
            v["status"] in FLAGGED_STATUSES for v in marks.values.get(cell_id, [])
        )
        inner += cell_crop_html(cell.location, flagged, marks.crops)
    return f"<td{attrs}>{_content(cell_id, cell.text, marks, compact=True)}{inner}</td>"


def _banner(form: Record) -> str:
    kind = {"department": "部门整体", "project": "项目", "target": "绩效目标"}.get(form["form_type"], "")
    bits = [form.get("attachment") or "", form.get("title") or f"{kind}自评表"]
    if form.get("project"):
        bits.append(f"项目：{form['project']}")
    if form.get("total_score") is not None:
        bits.append(f"总分得分 {form['total_score']:g}")
    if form.get("computed_score") is not None:
        bits.append(f"计算得分 {form['computed_score']:g}")
    text = " · ".join(b for b in bits if b)
    return f'<div class="form-banner" id="form-{esc(form["form_id"])}">{esc(text)}</div>'


def render_layout(layout: Layout, marks: Marks) -> str:
    """The whole source in reading order, with marks."""
    out: list[str] = []
    for b, block in enumerate(layout.blocks):
        out += [_banner(f) for f in marks.banners.get(b, [])]
        if isinstance(block, Paragraph):
            attrs = _element_attrs(f"p{b}", block.location, marks, "para")
            out.append(f"<p{attrs}>{_content(f'p{b}', block.text, marks, compact=False)}</p>")
        else:
            out.append(_render_table(block, f"t{b}", marks))
    return "\n".join(out)
