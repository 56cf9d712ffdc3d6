"""The money block's 分值/得分 printed on a sub-line: one cell merged down 年度资金总额 … 其他资金.

Many templates draw 分值 and 得分 as one cell spanning the whole money block; layout text and unruled
PDFs print its figures at the cell's vertical middle, i.e. on the text line of 当年财政拨款 or 上年结转资金,
and the 年度资金总额 line reads blank there. Where exactly one sub-line carries a 分值 or 得分, the total
line's are blank, and the form's identities (``normalize.evidence``: 得分 = 分值 × 执行率, the parts adding
up to 总分) tell the block's reading from the sub-line's, the figures are the block's: moved to the total
line (``block_score_from_sub_line``, their text and location kept). Nothing telling them apart: they are
not read (null, the figure a candidate), with ``funds.score_on_sub_line``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jixiao.extract.records import RawText
from jixiao.normalize.amounts import EXACT
from jixiao.normalize.checks import anomaly
from jixiao.normalize.forms import FIELD_ZH, CellValue, FormWork
from jixiao.normalize.reading_verdicts import judge_readings, telling
from jixiao.normalize.records import AnomalyRow
from jixiao.normalize.text import clean_inline

MOVED = "block_score_from_sub_line"
_FIELDS = ("weight", "score")


def _filled(cell: CellValue | None) -> bool:
    return cell is not None and cell.status in EXACT and cell.value is not None


def lift_block_scores(forms: Sequence[FormWork]) -> tuple[list[AnomalyRow], set[int]]:
    """Move each form's block 分值/得分 read on a sub-line to the total line where the identities say so;
    the anomalies, and the cells left unread here (their own row says why)."""
    out: list[AnomalyRow] = []
    told: set[int] = set()
    for work in forms:
        totals = [work.get("funds", "total", f) for f in _FIELDS]
        if any(c is None or c.raw is None or c.text.strip() for c in totals):
            continue  # no blank 分值/得分 slots on a total line
        carrying = []
        for line in work.lines:
            cells = [work.get("funds", line.line, f) for f in _FIELDS]
            if line.line != "total" and any(_filled(c) for c in cells):
                carrying.append((clean_inline(line.label.text) or line.line, cells))
        if len(carrying) != 1:
            continue
        label, cells = carrying[0]
        moves = [(t, s) for t, s in zip(totals, cells, strict=True) if t is not None and _filled(s)]
        block: list[tuple[CellValue, Decimal | None]] = [(t, s.value) for t, s in moves if s is not None]
        block += [(s, None) for _, s in moves if s is not None]
        left, results = judge_readings(work, [[], block])
        names = telling(results, 1) if left == [1] else []
        figures = "、".join(f"{FIELD_ZH[s.field]}{s.shown}" for _, s in moves if s is not None)
        if not names:  # the block's or this line's: neither is taken
            for _, sub in moves:
                if sub is not None and sub.value is not None:
                    sub.candidates = (sub.value,)
                    sub.value, sub.status = None, "ambiguous"
                    told.add(id(sub))
            message = (
                f"{label}一行写有{figures}，年度资金总额一行的分值、得分空白：无法确定是整个资金块"
                "（合并单元格）的还是该行的，未取值"
            )
            where = cells[0].location if cells[0] else None
            out.append(anomaly(work, "funds.score_on_sub_line", "warning", message, location=where))
            continue
        for total, sub in moves:
            if total is None or sub is None or sub.raw is None:
                continue
            total.raw, total.value, total.status = sub.raw, sub.value, "repaired"
            total.repairs, total.unit_written = (*sub.repairs, MOVED), sub.unit_written
            sub.raw, sub.value, sub.status, sub.repairs = RawText("", sub.raw.location), None, "empty", ()
        message = (
            f"{figures}印在{label}一行，是整个资金块（合并单元格）的分值、得分，"
            f"归入年度资金总额（按{'、'.join(names)}）"
        )
        where = totals[0].location if totals[0] else None
        out.append(anomaly(work, "value.repaired", "info", message, location=where))
    return out, told


__all__ = ["MOVED", "lift_block_scores"]
