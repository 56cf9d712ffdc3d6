"""A form's header fields: 填报单位, 项目名称, 主管部门 … and the year, on lines of their own above the table
or in its rows (``项目名称 | X``), and the 自评总分 some templates write among them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex
from jixiao.extract.form_hits import cell_hits
from jixiao.extract.form_indicators import is_blank, raw_text
from jixiao.extract.form_ledger import Ledger
from jixiao.extract.form_state import FIGURE, UNIT_LINE, FormState, place_all, unit_in
from jixiao.extract.labels import clean_label
from jixiao.extract.layout import Cell, Paragraph, Row
from jixiao.extract.records import RawAnomaly, RawText
from jixiao.schemas.labels import HEADER_FIELDS

_FILL_UNIT = regex.compile(
    r"""填\s*报\s*单\s*位\s*
    (?:[(（]\s*[盖蓋]\s*章\s*[)）])?\s*[:：]\s*  # "填报单位（盖章）：" (the seal's note before the colon)
    (?:[(（]\s*[盖蓋]\s*章\s*[)）])?\s*        # "（盖章）" placeholder
    (?P<unit>.*?)\s*
    (?:[(（]?\s*(?P<year>(?:19|20|１９|２０)[0-9０-９]{2})\s*年\s*度?\s*[)）]?)?\s*$""",
    regex.VERBOSE,
)
# A second field on the same line ends the first: "某市档案馆　　　　填报日期：2022年3月10日".
_NEXT_FIELD = regex.compile(
    r"""(?:[\s\u3000]{2,}                                        # a wide gap before another label, or
       |[\s\u3000]*(?=填\s*报\s*日\s*期|联\s*系\s*电\s*话|填\s*表\s*人))  # a known label right after
    \S{1,8}?[:：]""",
    regex.VERBOSE,
)
# "2023年度" in a title or header line; never the year of a date ("填报日期：2022年3月10日" is when the
# form was filled, mostly the year after the one it evaluates).
# Nor either end of a span of years ("2021-2023年度").
YEAR = regex.compile(
    r"""(?<![0-9])(?<![0-9]\s*年?\s*[-－—–~～至到]\s*)   # not a span's second end
    ((?:19|20)[0-9]{2})\s*年
    (?!\s*[0-9０-９]{1,2}\s*月)                        # not a date
    (?!\s*度?\s*[-－—–~～至到]\s*(?:19|20)[0-9]{2})     # not a span's first end""",
    regex.VERBOSE,
)
# A span of years "（2021-2023年度）": no one year of the form (kept as written, with an anomaly).
YEAR_SPAN = regex.compile(r"(?:19|20)[0-9]{2}\s*年?\s*[-－—–~～至到]\s*(?:19|20)[0-9]{2}\s*年")
# A figure, maybe with its unit: what a breakdown line (项目支出：76.62元) writes after its colon: no name.
_AMOUNT = regex.compile(r"^[-+]?[0-9][0-9,.]*(?:%|亿元|万元|元)?$")
# "项目名称：X" on a line of its own, one pattern per wording, in the vocabulary's order (compiled once).
_HEADER_FIELD_LINES = tuple(
    (key, regex.compile(rf"^\s*{regex.escape(v)}\s*[:：]\s*(.+?)\s*$"))
    for key, variants in HEADER_FIELDS.items()
    for v in variants
)


def read_header_paragraph(p: Paragraph, st: FormState, ledger: Ledger, *, unit_here: bool) -> None:
    line = _header_line(p.text)
    if unit_here and line.unit is not None:  # "（单位：万元）" above the table, or in the title line
        st.paragraph_unit = st.paragraph_unit or line.unit
        if line.unit_line:
            ledger.place(p)
            return
    if line.fill is not None:
        unit, year = line.fill
        if unit:
            st.header.setdefault("fill_unit", RawText(unit, p.location))
        if year:
            st.year = st.year or RawText(year, p.location)
        ledger.place(p)
    elif line.field is not None:
        key, value = line.field
        st.header.setdefault(key, RawText(value, p.location))
        ledger.place(p)
    elif line.year is not None:
        st.year = st.year or RawText(line.year, p.location)
        ledger.place(p)
    elif line.span is not None:
        note_year_span(st, RawText(p.text, p.location), line.span)
        ledger.place(p)


@dataclass(frozen=True, slots=True)
class _HeaderLine:
    """What a line above a form's table says (at most one of fill, field, year, span; a unit besides)."""

    unit: str | None = None  # the money unit it writes
    unit_line: bool = False  # it says nothing but the unit
    fill: tuple[str, str | None] | None = None  # 填报单位：name (and the year after it)
    field: tuple[str, str] | None = None  # 项目名称：X and the other header fields
    year: str | None = None  # a lone "（2023年度）"
    span: str | None = None  # a lone span of years "2021-2023年度"


@lru_cache(maxsize=1 << 12)  # every form of a document repeats its title and year lines
def _header_line(text: str) -> _HeaderLine:
    unit = unit_in(text)
    unit_line = unit is not None and bool(UNIT_LINE.match(text))
    m = _FILL_UNIT.search(text)
    if m:
        name = m.group("unit")
        nxt = _NEXT_FIELD.search(name)
        name = (name[: nxt.start()] if nxt else name).strip(" \u3000|")  # "某局 |": a copied cell's bar
        return _HeaderLine(unit, unit_line, fill=(name, m.group("year")))
    for key, pattern in _HEADER_FIELD_LINES if (":" in text or "：" in text) else ():
        head = pattern.match(text)
        if head and not _AMOUNT.match(clean_label(head.group(1))):  # "项目支出：60.15元": a breakdown line
            # "单位名称：某县林业局 填报日期：2021.5.18": the second field ends the first's value
            value = head.group(1)
            nxt = _NEXT_FIELD.search(value)
            return _HeaderLine(unit, unit_line, field=(key, (value[: nxt.start()] if nxt else value).strip()))
    y = YEAR.search(text)
    if y and len(clean_label(text)) <= 20:  # a lone "（2023年度）" line
        return _HeaderLine(unit, unit_line, year=y.group(1))
    if (span := YEAR_SPAN.search(text)) and len(clean_label(text)) <= 20:
        return _HeaderLine(unit, unit_line, span=span.group())
    return _HeaderLine(unit, unit_line)


def note_year_span(st: FormState, raw: RawText, span: str) -> None:
    """A form headed by a span of years (``2021-2023年度``): its year is none of them (left null)."""
    if not any(a.rule == "document.year_span" for a in st.anomalies):
        message = f"表的年度写作区间“{span}”，不是单一年度，年度未取值（原文保留）"
        st.anomalies.append(RawAnomaly("document.year_span", message, raw))


def read_header_fields(row: Row, st: FormState, ledger: Ledger) -> bool:
    found = False
    cells = list(row.cells)
    for i, cell in enumerate(cells):
        if cell.text.isascii():
            continue  # a figure is no label (see ``form_hits.row_hits``)
        hits = cell_hits(cell.text)
        if hits.score_total and i > 0:
            # "自评总分（分） | 96.74" among the header fields (重庆's 部门整体绩效自评表)
            score = next((c for c in cells[i + 1 :] if not is_blank(c)), None)
            if score is not None and st.total_score is None:
                st.total_score = raw_text(score)
                place_all(ledger, [cell, score])
            continue
        key = hits.header
        if key is None:
            if "：" in cell.text or ":" in cell.text:  # (``_inline_fields`` says False of any other cell)
                found = _inline_fields(cell, st, ledger) or found
            continue
        found = True
        ledger.place(cell)
        for nxt in cells[i + 1 :]:
            if not nxt.text.isascii() and cell_hits(nxt.text).header is not None:
                break
            if not is_blank(nxt):
                if FIGURE.match(clean_label(nxt.text)):
                    break  # a name is never a bare figure ("项目支出 | 60.15" is a breakdown line)
                value = raw_text(nxt)
                if key == "fill_unit":
                    value = RawText(_fill_unit_name(nxt.text), nxt.location)
                st.header.setdefault(key, value)
                ledger.place(nxt)
                break
    return found


def _inline_fields(cell: Cell, st: FormState, ledger: Ledger) -> bool:
    """``单位名称：塘湖镇政府　填报日期：…`` in one cell of the table (a row merged across above the form's
    rows): its fields, read as on a line of their own; False when it names none."""
    if "：" not in cell.text and ":" not in cell.text:
        return False
    before = (len(st.header), st.year)
    read_header_paragraph(Paragraph(cell.text, cell.location), st, Ledger(), unit_here=False)
    if (len(st.header), st.year) == before:
        return False
    ledger.place(cell)
    return True


_SEAL_AND_YEAR = regex.compile(
    r"""^[\s\u3000]*(?:[(（]\s*[盖蓋]\s*章\s*[)）])?[\s\u3000]*   # "（盖章）" placeholder
    (?P<unit>.*?)[\s\u3000|]*                                # the unit's name
    (?:[(（]?\s*(?:19|20|１９|２０)[0-9０-９]{2}\s*年\s*度?\s*[)）]?)?  # "（2022年度）" after it
    [\s\u3000|]*$""",
    regex.VERBOSE,
)


def _fill_unit_name(text: str) -> str:
    """A 填报单位 cell's name without the seal's placeholder and the year beside it.

    >>> _fill_unit_name("（盖章）某县档案馆　　　（2022年度） |")
    '某县档案馆'
    """
    m = _SEAL_AND_YEAR.match(text)
    return m.group("unit") if m and m.group("unit") else text
