"""Renderers of ``samples/realistic/``: one layout (paragraphs and ``template_dsl`` tables) written the ways
real documents arrive — Word's TAB export (``template_dsl.render_txt``), pipe rows as a web page copies
them, a converter's Markdown, one cell per line with bars, cells, paragraphs, flattened, ``pdftotext
-layout`` columns, a saved government page, Word and an Excel sheet with numbers.
"""

from __future__ import annotations

import html
import io
import random
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docx
from docx.shared import Pt
from make_shape_samples import _width, render_paragraphs
from template_dsl import Blocks, TableSpec, layout_grid, render_xlsx

CHROME = ["首页 | 政务公开 | 政策文件 | 财政信息 | 互动交流", "当前位置：首页 > 政务公开 > 预算绩效管理"]
FOOTER = ["【打印本页】【关闭窗口】", "版权所有：某县人民政府　网站标识码：5100000000"]

Item = tuple[str, Any]


# ---------- the grid as rows of cells -----------------------------------------------------------------


def word_rows(table: TableSpec) -> list[list[str]]:
    """Rows as Word exports them: a horizontal merge is one cell, a slot merged from above is empty."""
    return [["" if isinstance(s, tuple) else s.cell.text for s in slots] for slots in layout_grid(table)]


def web_rows(table: TableSpec) -> list[list[str]]:
    """Rows as a browser copies them: a slot merged from above is not there at all."""
    return [[s.cell.text for s in slots if not isinstance(s, tuple)] for slots in layout_grid(table)]


def items(blocks: Blocks, rows: Callable[[TableSpec], list[list[str]]] = word_rows) -> list[Item]:
    out: list[Item] = []
    for block in blocks:
        if isinstance(block, str):
            out.extend(("p", line) for line in block.split("\n"))
        else:
            out.extend(("row", cells) for cells in rows(block))
    return out


# ---------- text shapes -------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return text.replace("\n", "")


def render_web_pipe(blocks: Blocks) -> str:
    """A copied web page: ``cell | cell |`` with each row padded to the widest by empty cells (``|||``)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out.append(block + " |")
            continue
        rows = web_rows(block)
        width = max(len(r) for r in rows)
        for cells in rows:
            out.append(" | ".join(_one_line(c) for c in cells) + " |" + "|" * (width - len(cells)))
    return "\n".join(out) + "\n"


def render_tsv(blocks: Blocks) -> str:
    """A table copied from a sheet into a text file: a row a line, its cells parted by TABs (cells merged
    from above gone, as in ``render_web_pipe``; no padding), a cell with a line break quoted as the sheet
    quotes it (``"项目资金`` / ``（万元）"``)."""

    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if "\n" in text else text

    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out.append(block)
            continue
        out.extend("\t".join(cell(c) for c in cells) for cells in web_rows(block))
    return "\n".join(out) + "\n"


def render_markdown(blocks: Blocks) -> str:
    """A converter's Markdown: every table row padded to the grid, a ``|---|`` rule under the first."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out += [block, ""]
            continue
        rows = word_rows(block)
        width = max(len(r) for r in rows)
        for n, cells in enumerate(rows):
            cells = [_one_line(c) for c in cells] + [""] * (width - len(cells))
            out.append("| " + " | ".join(cells) + " |")
            if n == 0:
                out.append("|" + "---|" * width)
        out.append("")
    return "\n".join(out) + "\n"


def render_cells_bar(blocks: Blocks) -> str:
    """One cell per line ending `` |``; an empty cell is a bare ``|`` line (a copied government page)."""
    out: list[str] = []
    for kind, body in items(blocks, web_rows):
        for cell in [body] if kind == "p" else body:
            out.append(f"{_one_line(cell)} |" if cell else "|")
    return "\n".join(out) + "\n"


def render_cells(blocks: Blocks) -> str:
    """One non-empty cell per line, a cell's own line breaks kept."""
    out: list[str] = []
    for kind, body in items(blocks):
        for cell in [body] if kind == "p" else [c for c in body if c]:
            out.extend(cell.split("\n"))
    return "\n".join(out) + "\n"


def render_flat(blocks: Blocks, prefix: str = "") -> str:
    """The whole document on one line, cells and paragraphs joined by single spaces."""
    parts = [prefix] if prefix else []
    for kind, body in items(blocks):
        parts += [body] if kind == "p" else [_one_line(c) for c in body if c]
    return " ".join(parts) + "\n"


_CAPS = [16, 12, 14, 9, 9, 6, 6, 20]  # column widths of the layout (display columns), as shape E's


def _wrap_cell(text: str, cap: int) -> list[str]:
    """A cell's text as a PDF lays it out in a column ``cap`` wide: a figure breaks after a separator
    (``3,20.6,`` / ``71591``) or before its ``%``, anything else at the column's edge; never past it."""
    lines: list[str] = []
    for part in text.split("\n"):
        while _width(part) > cap:
            cut = 0
            if part[0].isdigit():
                cut = max((i + 1 for i, ch in enumerate(part[:cap]) if ch in ",."), default=0)
                cut = cut or (part.index("%") if "%" in part[: cap + 1] else 0)
            if not cut:
                width = 0
                while cut < len(part) and width + _width(part[cut]) <= cap:
                    width += _width(part[cut])
                    cut += 1
                cut = max(cut, 1)
            lines.append(part[:cut])
            part = part[cut:]
        if part:
            lines.append(part)
    return lines


def render_pdf_layout(blocks: Blocks) -> str:
    """``pdftotext -layout``: each row's cells at fixed column positions, wrapped cells on the lines below."""
    rng = random.Random("realistic-layout")
    out: list[str] = []
    for kind, body in items(blocks):
        if kind == "p":
            out.append(" " * rng.randint(0, 20) + body)
            continue
        cols = [(40 if len(body) <= 4 and i else _CAPS[min(i, 7)]) for i in range(len(body))]
        if len(body) == 7 and body[0] and "%" in body[5]:
            cols[5] = 5  # a narrow rate column: "99.99" above "%"
        cells = [_wrap_cell(c, cap) for c, cap in zip(body, cols, strict=True)]
        for k in range(max((len(c) for c in cells), default=1)):
            line = ""
            for cell, cap in zip(cells, cols, strict=True):
                piece = cell[k] if k < len(cell) else ""
                line += piece + " " * (cap - _width(piece) + 2)
            out.append(line.rstrip())
    return "\n".join(out) + "\n"


def render_paras(blocks: Blocks) -> str:
    return "\n".join(render_paragraphs(items(blocks), random.Random("realistic-paras"))) + "\n"


# ---------- saved web page and Word --------------------------------------------------------------------


FRAME_OPEN = (  # an older site's page frame: the menu in one cell, the content in the next
    '<table width="1000" border="0"><tr><td width="200"><div>栏目导航</div><div>预算绩效管理</div>'
    '<div>政府信息公开</div></td><td valign="top">'
)


def render_saved_page(blocks: Blocks, title: str, *, framed: bool = False) -> bytes:
    """A government page saved from the browser: GB2312-labelled (GB18030 bytes), Word's MsoNormal table;
    ``framed``: an older site's frame, a table with the menu in one cell and the content in the next."""
    span = "<span style='font-size:10.5pt;font-family:宋体'>{}</span>"
    parts = [
        "<html><head>",
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        f"<title>{html.escape(title)}_某县人民政府</title>",
        "<script>var _hmt = _hmt || [];</script><style>.nav{color:#333}</style>",
        "</head><body>",
        *(f'<div class="nav">{html.escape(line)}</div>' for line in CHROME),
        '<div class="info">发布时间：2023-06-20　来源：某县财政局　浏览次数：'
        '<span id="hits">318</span></div>',
        *([FRAME_OPEN] if framed else []),
        '<div class="TRS_Editor">',
    ]
    for block in blocks:
        if isinstance(block, str):
            parts.append(f"<p class=MsoNormal align=center>{span.format(html.escape(block))}</p>")
            continue
        parts.append(
            "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0"
            " style='border-collapse:collapse'>"
        )
        for slots in layout_grid(block):
            parts.append("<tr style='height:20.0pt'>")
            for slot in slots:
                if isinstance(slot, tuple):
                    continue
                attrs = (f" colspan={slot.cell.cols}" if slot.cell.cols > 1 else "") + (
                    f" rowspan={slot.cell.rows}" if slot.cell.rows > 1 else ""
                )
                lines = slot.cell.text.split("\n") if slot.cell.text else ["&nbsp;"]
                paras = "".join(
                    "<p class=MsoNormal align=center>"
                    + span.format(ln if ln == "&nbsp;" else html.escape(ln))
                    + "</p>"
                    for ln in lines
                )
                parts.append(f"<td{attrs} valign=middle style='border:solid windowtext 1.0pt'>{paras}</td>")
            parts.append("</tr>")
        parts.append("</table>")
    parts += [
        "</div>",
        *(["</td></tr></table>"] if framed else []),
        *(f'<div class="footer">{html.escape(line)}</div>' for line in FOOTER),
        "</body></html>",
    ]
    return ("\n".join(parts) + "\n").encode("gb18030")


def render_docx(blocks: Blocks) -> bytes:
    """A Word document: paragraphs, and each table on its full grid with real merges (gridSpan, vMerge)."""
    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    props = doc.core_properties
    props.author = props.last_modified_by = "jixiao scripts/make_realistic_samples.py"
    for block in blocks:
        if isinstance(block, str):
            doc.add_paragraph(block)
            continue
        grid = layout_grid(block)
        width = max(
            sum(s[1].cell.cols if isinstance(s, tuple) else s.cell.cols for s in slots) for slots in grid
        )
        table = doc.add_table(rows=len(grid), cols=width)
        table.style = "Table Grid"
        for slots in grid:
            for slot in slots:
                if isinstance(slot, tuple):
                    continue
                cell = table.cell(slot.row, slot.col)
                if slot.cell.cols > 1 or slot.cell.rows > 1:
                    cell = cell.merge(
                        table.cell(slot.row + slot.cell.rows - 1, slot.col + slot.cell.cols - 1)
                    )
                for i, line in enumerate(slot.cell.text.split("\n")):
                    para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    if line:
                        para.add_run(line)
    doc.add_paragraph("")  # Word always ends a document with a paragraph (a table never comes last)
    buf = io.BytesIO()
    doc.save(buf)
    out = io.BytesIO()  # fixed member dates: rerunning gives the same bytes
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = _fixed_core(data)
            dst.writestr(
                zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


_NUMBER_TEXT = re.compile(r"^(?P<num>[0-9][0-9,]*(?:\.(?P<dec>[0-9]+))?)(?P<pct>%?)$")


def render_xlsx_numbers(blocks: Blocks) -> bytes:
    """An Excel sheet as clerks type it: figures stored as numbers with a display format (``#,##0.00``,
    ``0.00%`` holding 0.96), not as text."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(blocks)))
    for row in wb.active.iter_rows():
        for cell in row:
            m = _NUMBER_TEXT.match(cell.value) if isinstance(cell.value, str) else None
            if m is None:
                continue
            places = len(m.group("dec") or "")
            number = float(m.group("num").replace(",", ""))
            shown = "#,##0" if "," in m.group("num") else "0"
            shown += ("." + "0" * places) if places else ""
            if m.group("pct"):
                cell.value, cell.number_format = round(number / 100, places + 2), shown + "%"
            else:
                cell.value = int(number) if number.is_integer() and not places else number
                cell.number_format = shown if shown != "0" else "General"
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()  # fixed member dates and stamps: rerunning gives the same bytes
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = _fixed_core(data)
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            dst.writestr(member, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _fixed_core(data: bytes) -> bytes:
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
