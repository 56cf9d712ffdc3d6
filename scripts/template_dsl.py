"""A tiny layout DSL for the template samples: paragraphs and tables with merged cells, rendered as
Word's tab-laden text export, as an .xlsx workbook and as an .html page.

A table is a list of rows; a row lists the cells that *start* in it (``str`` or ``C`` with spans).
Slots covered by a vertical merge from above are filled in automatically, as Word does:

* text export: a covered slot is an empty cell (``\\t`` alone on its line); a horizontal merge is one cell;
* xlsx: ``merge_cells`` over the span; html: ``rowspan``/``colspan``.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from truth_fields import FORM_FIELDS


@dataclass(frozen=True)
class C:
    """A cell with spans."""

    text: str
    cols: int = 1
    rows: int = 1


Row = list[str | C]
TableSpec = list[Row]
Blocks = list[str | TableSpec]
Truth = dict[str, Any]
S = "\u3000"  # the full-width space clerks pad cells with


@dataclass(frozen=True)
class _Placed:
    cell: C
    row: int
    col: int


def layout_grid(table: TableSpec) -> list[list[_Placed | tuple[str, _Placed]]]:
    """Per row, the grid slots in order: a placed cell, or ('v', owner) for a slot merged from above."""
    covered: dict[tuple[int, int], _Placed] = {}
    out: list[list[_Placed | tuple[str, _Placed]]] = []
    for r, row in enumerate(table):
        slots: list[_Placed | tuple[str, _Placed]] = []
        col = 0
        queue = [x if isinstance(x, C) else C(x) for x in row]
        while queue or (r, col) in covered:
            if (r, col) in covered:
                owner = covered[(r, col)]
                slots.append(("v", owner))
                col += owner.cell.cols
                continue
            cell = queue.pop(0)
            placed = _Placed(cell, r, col)
            slots.append(placed)
            for dr in range(1, cell.rows):
                covered[(r + dr, col)] = placed
            col += cell.cols
        out.append(slots)
    return out


def render_txt(blocks: list[str | TableSpec]) -> str:
    """Word's "save as text" with table cells on their own lines."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            lines.extend(block.split("\n"))
            continue
        for slots in layout_grid(block):
            for slot in slots:
                text = "" if isinstance(slot, tuple) else slot.cell.text
                assert all(ln.strip(" ") for ln in text.split("\n")[1:]), f"blank line inside cell {text!r}"
                lines.append("\t" + text)
            lines.append("")
    return "\n".join(lines) + "\n"


def render_html(blocks: list[str | TableSpec], title: str) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8"><title>' + html.escape(title) + "</title></head><body>",
    ]
    for block in blocks:
        if isinstance(block, str):
            parts.extend(f"<p>{html.escape(ln)}</p>" for ln in block.split("\n"))
            continue
        parts.append('<table border="1">')
        for slots in layout_grid(block):
            parts.append("<tr>")
            for slot in slots:
                if isinstance(slot, tuple):
                    continue
                attrs = ""
                if slot.cell.cols > 1:
                    attrs += f' colspan="{slot.cell.cols}"'
                if slot.cell.rows > 1:
                    attrs += f' rowspan="{slot.cell.rows}"'
                body = "<br>".join(html.escape(ln) for ln in slot.cell.text.split("\n"))
                parts.append(f"<td{attrs}>{body}</td>")
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render_xlsx(blocks: list[str | TableSpec]) -> bytes:
    """One sheet: paragraphs as single-cell rows in column A, then the table with real merges."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    r0 = 1
    for block in blocks:
        if isinstance(block, str):
            for ln in block.split("\n"):
                ws.cell(row=r0, column=1, value=ln)
                r0 += 1
            continue
        for r, slots in enumerate(layout_grid(block)):
            for slot in slots:
                if isinstance(slot, tuple):
                    continue
                row, col = r0 + r, slot.col + 1
                ws.cell(row=row, column=col, value=slot.cell.text or None)
                if slot.cell.cols > 1 or slot.cell.rows > 1:
                    ws.merge_cells(
                        start_row=row,
                        start_column=col,
                        end_row=row + slot.cell.rows - 1,
                        end_column=col + slot.cell.cols - 1,
                    )
        r0 += len(block)
    fixed = datetime(2024, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    # Rewrite the zip with fixed member times so that the sample is byte-for-byte reproducible.
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
            dst.writestr(member, data)
    return out.getvalue()


# ---------- truth helpers -------------------------------------------------------------------------


def wan(text: str | None) -> str | None:
    """万元 as written → 元 with 2 places (the truth's money)."""
    return None if text is None else f"{Decimal(text) * 10000:.2f}"


def fund(
    bi: str | None,
    bf: str | None,
    ex: str | None,
    w: float | None = None,
    rate: float | None = None,
    score: float | None = None,
) -> dict[str, Any]:
    """One fund line's truth; money given in 万元 as written."""
    return {
        "budget_initial_yuan": wan(bi),
        "budget_full_year_yuan": wan(bf),
        "executed_yuan": wan(ex),
        "weight": w,
        "execution_rate_pct": rate,
        "score": score,
    }


def ind(
    l1: str,
    l1w: float | None,
    l2: str | None,
    l3: str | None,
    target: str | None,
    op: str | None,
    value: float | None,
    unit: str | None,
    actual: str | None,
    weight: float | None,
    score: float | None,
    deviation: str | None = None,
) -> dict[str, Any]:
    """One indicator's truth (contract column names)."""
    return {
        "level1": l1,
        "level1_weight": l1w,
        "level2": l2,
        "level3": l3,
        "target_raw": target,
        "target_op": op,
        "target_value": value,
        "target_unit": unit,
        "actual_raw": actual,
        "weight": weight,
        "score": score,
        "deviation_reason": deviation,
    }


def form(form_type: str, **fields: Any) -> Truth:
    """A form's truth: every compared field present, null unless given."""
    base: Truth = dict.fromkeys(FORM_FIELDS)
    base["form_type"] = form_type
    base["funds"] = {}
    base["indicators"] = []
    unknown = set(fields) - set(base)
    assert not unknown, unknown
    base.update(fields)
    return base


# ---------- layout builders -----------------------------------------------------------------------


def header_rows(width: int, pairs: list[list[tuple[str, str]]]) -> TableSpec:
    """Rows of label → value pairs (one or two per row), spread over ``width`` grid columns."""
    rows: TableSpec = []
    for row in pairs:
        if len(row) == 1:
            ((label, value),) = row
            rows.append([label, C(value, cols=width - 1)])
        else:
            (l1, v1), (l2, v2) = row
            a = (width - 2) // 2
            rows.append([l1, C(v1, cols=a), l2, C(v2, cols=width - 2 - a)])
    return rows


def fund_rows(width: int, corner: str, cols: list[str], lines: list[tuple[str, list[str]]]) -> TableSpec:
    """The money block: a corner cell merged down, a label column, then one column per ``cols``."""
    label_cols = width - 1 - len(cols)
    rows: TableSpec = [[C(corner, rows=1 + len(lines)), C("", cols=label_cols), *cols]]
    for label, values in lines:
        assert len(values) == len(cols), label
        rows.append([C(label, cols=label_cols), *values])
    return rows


def goal_rows(width: int, label: str, heads: tuple[str, str], texts: tuple[str, str]) -> TableSpec:
    a = (width - 1) // 2
    return [
        [C(label, rows=2), C(heads[0], cols=a), C(heads[1], cols=width - 1 - a)],
        [C(texts[0], cols=a), C(texts[1], cols=width - 1 - a)],
    ]


Group = tuple[str, list[tuple[str, list[list[str | C]]]]]  # (一级指标, [(二级指标, [rest-of-row, …])])


def indicator_rows(corner: str | None, cols: list[str], groups: list[Group]) -> TableSpec:
    """The indicator block: optional corner (绩效指标) merged down, level 1 and 2 merged down their rows."""
    n = sum(len(rs) for _, l2s in groups for _, rs in l2s)
    head: list[str | C] = [C(corner, rows=1 + n)] if corner is not None else []
    rows: TableSpec = [[*head, *cols]]
    for l1, l2s in groups:
        l1_rows = sum(len(rs) for _, rs in l2s)
        for j, (l2, rs) in enumerate(l2s):
            for k, rest in enumerate(rs):
                row: list[str | C] = []
                if j == 0 and k == 0:
                    row.append(C(l1, rows=l1_rows))
                if k == 0:
                    row.append(C(l2, rows=len(rs)))
                rows.append([*row, *rest])
    return rows
