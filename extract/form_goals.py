"""The goals row (年度总体目标: 预期目标 | 实际完成情况) of one form, under its header."""

from __future__ import annotations

import regex
from jixiao.extract.form_indicators import is_blank, raw_text
from jixiao.extract.form_ledger import Ledger
from jixiao.extract.form_state import FormState
from jixiao.extract.layout import Row

_HAN = regex.compile(r"\p{Han}")


def read_goals(row: Row, st: FormState, ledger: Ledger, fresh: bool) -> bool:
    """年度总体目标: the expected and actual goal texts under their header's columns."""
    assert st.goal_header is not None
    keys = [k for k in st.goal_header.keys.values() if k in ("goal_expected", "goal_actual")]
    if not st.goal_header.exact_grid and len(row.cells) < len(keys):
        return False  # fewer cells than goal columns in a text shape: which column each is, is a guess
    aligned = st.goal_header.align(row)
    texts = [c for c in row.cells if not is_blank(c)]
    if (
        fresh
        and not any(not is_blank(c) for k, c in aligned.items() if k in keys)
        and len(texts) == len(keys)
        and all(len(_HAN.findall(c.text)) >= 4 for c in texts)
    ):
        # A copied web page drops the cells merged from above and pads rows at the end, so the texts no
        # longer sit under their labels; one text per goal column, in the columns' order, is unambiguous.
        aligned = dict(zip(keys, texts, strict=True))
    found = False
    for key in ("goal_expected", "goal_actual"):
        cell = aligned.get(key)
        if cell is not None and not is_blank(cell):
            if key == "goal_expected" and st.goal_expected is None:
                st.goal_expected = raw_text(cell)
            elif key == "goal_actual" and st.goal_actual is None:
                if st.form_type == "target":
                    continue  # a target table states no actual: the text stays a residual
                st.goal_actual = raw_text(cell)
            ledger.place(cell)
            found = True
    if found:
        st.goal_header = None
    return found
