"""A form's 总分 row: the total 分值 and 得分, placed by column where the columns are known, by the form's
own identity (the parts' 得分 add up to 总分) where a lone figure stands in a row whose columns were lost."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import regex
from jixiao.extract.form_indicators import is_blank, raw_text
from jixiao.extract.form_ledger import Ledger
from jixiao.extract.form_state import FIGURE, FormState
from jixiao.extract.labels import clean_label, strip_annotations
from jixiao.extract.layout import Cell, Row
from jixiao.extract.records import RawAnomaly, RawText
from jixiao.schemas.labels import SCORE_TOTAL_LABELS

_POINTS = regex.compile(r"^[(（]?([0-9]+(?:\.[0-9]+)?)分?[)）]?$")  # 30, 30分, (30分)


def one_figure_after(row: Row, label: Cell) -> bool:
    values = [c for c in row.cells if c is not label and not is_blank(c)]
    return len(values) == 1 and bool(FIGURE.match(clean_label(values[0].text).removesuffix("分")))


def read_total(row: Row, label: Cell, st: FormState, ledger: Ledger) -> bool:
    ledger.place(label)
    values = [c for c in row.cells if c is not label and not is_blank(c)]
    hdr = st.indicator_header
    aligned = hdr.align(row) if hdr else {}

    weight: Cell | None
    score: Cell | None
    if strip_annotations(clean_label(label.text)) in SCORE_TOTAL_LABELS and len(values) == 1:
        weight, score = None, values[0]  # "自评得分 | 93": a score, and no weight written
    elif hdr and hdr.exact_grid and {"weight", "score"} & aligned.keys():
        weight, score = aligned.get("weight"), aligned.get("score")
    elif len(values) == 1:
        weight, score = _lone_figure(row, label, values[0], st)
    else:
        weight = values[0] if values else None
        score = values[1] if len(values) > 1 else None

    if weight is not None:
        st.total_weight = raw_text(weight)
        ledger.place(weight)
    if score is not None:
        st.total_score = raw_text(score)
        ledger.place(score)
    st.indicator_header = None  # the indicator table ends here
    return True


def _lone_figure(row: Row, label: Cell, cell: Cell, st: FormState) -> tuple[Cell | None, Cell | None]:
    """One figure in a 总分 row whose columns are not known ("总分 |  | 97.44" and "总分 | 100" look alike
    once the blanks are gone). The templates write 总分 | 分值 | 得分: the figure's slot after the label,
    blank cells counted, names its column, when the parts' sums do not contradict it; a slot past those
    two, or a slot the sums contradict, is read by the sums alone (the parts' 得分 add up to it and their
    分值 do not, or the other way). Otherwise it is left unread (a residual) with an anomaly."""
    figure = _points(cell.text)
    after = row.cells[row.cells.index(label) + 1 :]
    slot = next(n for n, c in enumerate(after) if c is cell)
    by_slot = {0: "weight", 1: "score"}.get(slot)
    sums = dict(zip(("weight", "score"), _sums(st), strict=True))
    by_sums = [k for k, total in sums.items() if figure is not None and total == figure]
    slot_fits = by_slot is not None and sums[by_slot] in (None, figure)  # no sum says it is not
    reading: str | None = None
    if slot_fits and (not by_sums or len(by_sums) == 2 or by_sums == [by_slot]):
        reading = by_slot
    elif not slot_fits and len(by_sums) == 1:
        reading = by_sums[0]  # the slot's column is contradicted, the other confirmed by its sum
    if reading == "weight":
        return cell, None
    if reading == "score":
        return None, cell
    message = f"总分行只写了一个数（{clean_label(cell.text)}），无法确定是总分值还是总得分，未取值"
    st.anomalies.append(RawAnomaly("total.unplaced", message, RawText(cell.text, cell.location)))
    return None, None


def _points(text: str | None) -> Decimal | None:
    m = _POINTS.match(clean_label(text or ""))
    if m is None:
        return None
    try:
        return Decimal(m.group(1))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numerals
        return None


def _sums(st: FormState) -> tuple[Decimal | None, Decimal | None]:
    """The parts' 分值 and 得分 sums (the indicators' and the money block's), None where one is unread."""
    parts: list[tuple[RawText | None, RawText | None]] = [
        (ind.weight, ind.score) for ind in st.indicators.indicators
    ]
    if not parts:
        return None, None  # no indicator read (a blank template): the money block alone sums nothing
    total = next((line for line in st.funds if line.line == "total"), None)
    if total is not None and ("weight" in total.cells or "score" in total.cells):
        parts.append((total.cells.get("weight"), total.cells.get("score")))
    return _total([w for w, _ in parts]), _total([s for _, s in parts])


def _total(cells: list[RawText | None]) -> Decimal | None:
    """The sum of the cells' points, None when one of them is not a plain figure."""
    total = Decimal(0)
    for cell in cells:
        points = _points(cell.text if cell else None)
        if points is None:
            return None
        total += points
    return total
