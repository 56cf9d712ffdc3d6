"""Money a form writes that no field of the contract takes: said in an anomaly, never silent.

Two cases the form reader cannot see row by row: a money line left as text under a header that named no
column (a header cut beyond repair), and a 按收入/支出性质分 breakdown written with money columns of its own
(the contract holds one amount a breakdown line, and names no column for it). Their text stays in
``residuals``; the anomaly points at it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from jixiao.extract.form_hits import cell_hits
from jixiao.extract.form_state import FIGURE
from jixiao.extract.labels import clean_label, match_label
from jixiao.extract.layout import Block, Location, Paragraph
from jixiao.extract.records import RawAnomaly, RawText
from jixiao.schemas.labels import FUND_LINES


def _texts(blocks: Sequence[Block]) -> list[tuple[str, Location]]:
    """Each paragraph, and each row's cells that hold text, in order."""
    out: list[tuple[str, Location]] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append((b.text, b.location))
        else:
            for row in b.rows:
                out += [(c.text, c.location) for c in row.cells if c.text.strip()]
    return out


def _basis_paragraph(block: Block) -> bool:
    return isinstance(block, Paragraph) and not block.text.isascii() and cell_hits(block.text).basis


def unread_money(
    blocks: Sequence[Block], form_type: str, funds_read: bool, *, basis_in_rows: bool = True
) -> list[RawAnomaly]:
    """The anomalies for one form's blocks (see the module notes). ``basis_in_rows``: whether a cell of
    the blocks' rows is a 按…性质分 label (the form reader knows; most forms have none)."""
    if form_type == "target":
        return []
    if funds_read and not basis_in_rows and not any(map(_basis_paragraph, blocks)):
        return []  # its money read, and no breakdown basis written: nothing to say
    out: list[RawAnomaly] = []
    texts = _texts(blocks)
    for (line, at), (after, _) in pairwise(texts):
        if line.isascii():
            continue  # a figure names no line nor basis (``labels.match_label``)
        if not funds_read and FIGURE.match(clean_label(after)) and match_label(line, FUND_LINES, fuzzy=False):
            message = f"资金行“{clean_label(line)}”之上的表头无法确定各列，资金数字未取值"
            out.append(RawAnomaly("funds.header_unread", message, RawText(line, at)))
            funds_read = True  # said once a form
        elif cell_hits(line).basis and not after.isascii() and cell_hits(after).fund is not None:
            message = (
                f"“{clean_label(line)}”各项按年初/全年/执行等分列填写，资金构成每项只有一个金额且未规定取哪一列，"
                "各项未取值（原文保留）"
            )
            out.append(RawAnomaly("funds.breakdown_columns", message, RawText(line, at)))
    return out
