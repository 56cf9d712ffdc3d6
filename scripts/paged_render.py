"""Word files of ``samples/paged/`` and of the forms drawn for the twins' tests: ``render_docx`` (of
``realistic_render``) with what page breaks are about — page breaks, A4 landscape, header rows repeated on
every page, cells centred both ways, rows kept whole, running heads and page-field feet.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from paged_forms import PAGE_BREAK
from realistic_render import render_docx


def render_paged(
    blocks: Any,
    *,
    landscape: bool = False,
    repeat_header: str | None = None,
    header_rows: int = 1,
    centred: bool = False,
    cant_split: bool = False,
    head_and_foot: str | None = None,
) -> bytes:
    """``render_docx``, then: page breaks where :data:`PAGE_BREAK` stands, A4 landscape, the first row of
    each table starting with ``repeat_header`` (``header_rows`` rows) marked as header rows Word repeats on
    every page, every
    cell's text centred both ways (as many bureaus' templates set it), rows that may not break over pages,
    and ``head_and_foot``: a running head, and a foot ``第 N 页，共 M 页`` of page fields."""
    document = docx.Document(io.BytesIO(render_docx(blocks)))
    if head_and_foot:
        section = document.sections[0]
        section.header.paragraphs[0].text = head_and_foot
        foot = section.footer.paragraphs[0]
        for text in ("第 ", "PAGE", " 页，共 ", "NUMPAGES", " 页"):
            if text.isupper():
                field = OxmlElement("w:fldSimple")
                field.set(qn("w:instr"), text)
                run = OxmlElement("w:r")
                run_text = OxmlElement("w:t")
                run_text.text = "1"
                run.append(run_text)
                field.append(run)
                foot._p.append(field)
            else:
                foot.add_run(text)
    for table in document.tables:
        for tr in table._tbl.tr_lst:
            if cant_split:
                tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for tc in tr.tc_lst if centred else ():
                v_align = OxmlElement("w:vAlign")
                v_align.set(qn("w:val"), "center")
                tc.get_or_add_tcPr().append(v_align)
                for p in tc.iter(qn("w:p")):
                    jc = OxmlElement("w:jc")
                    jc.set(qn("w:val"), "center")
                    p.get_or_add_pPr().append(jc)
    for para in document.paragraphs:
        if para.text == PAGE_BREAK:
            for run in para.runs:
                run.text = ""
            para.runs[0].add_break(WD_BREAK.PAGE)
    if landscape:
        for section in document.sections:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
    for table in document.tables:
        if repeat_header and table.rows[0].cells[0].text == repeat_header:
            for row in table.rows[:header_rows]:
                tr_pr = row._tr.get_or_add_trPr()
                tr_pr.append(OxmlElement("w:tblHeader"))
                tr_pr[-1].set(qn("w:val"), "true")
    buf = io.BytesIO()
    document.save(buf)
    out = io.BytesIO()  # fixed member dates: rerunning gives the same bytes
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data
                )
            dst.writestr(
                zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )
    return out.getvalue()
