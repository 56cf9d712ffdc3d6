"""What the form reader works out once and shares: a row's label cells, a header row's reading, a trial
reading's placements (undone when the trial does not stand). Each must answer as if worked out afresh."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jixiao.extract.form_header import read_header
from jixiao.extract.form_hits import NO_HITS, NO_LABELS, cell_hits, row_hits
from jixiao.extract.form_ledger import Ledger
from jixiao.extract.forms import _row_label
from jixiao.extract.labels import clean_label, match_label
from jixiao.extract.layout import Cell, Location, Paragraph, Row, Table, nonblank_chars
from jixiao.schemas.labels import FUND_COLUMNS, HEADER_FIELDS, INDICATOR_COLUMNS


def _row(*texts: str, line: int = 1) -> Row:
    loc = Location(line=line)
    return Row(tuple(Cell(t, loc, grid_col=i) for i, t in enumerate(texts)), loc)


@pytest.mark.parametrize(
    ("texts", "labels", "names_form", "basis"),
    [
        pytest.param(
            ("年度资金总额", "56.40", "58.00", "57.13", "10", "98.50%"), [], False, False, id="money-line"
        ),
        pytest.param(
            ("产出指标", "数量指标", "巡护里程", "≥95%", "96%", "10", "10"), [], False, False, id="indicator"
        ),
        pytest.param(("项目名称", "乡村道路养护补助"), ["项目名称"], True, False, id="project-name"),
        pytest.param(
            ("主管部门", "某县交通运输局", "实施单位", "县公路养护中心"),
            ["主管部门", "实施单位"],
            False,
            False,
            id="two-fields",
        ),
        pytest.param(
            ("项目资金（万元）", "年初预算数", "全年预算数", "分值"),
            ["年初预算数", "全年预算数", "分值"],
            False,
            False,
            id="money-header",
        ),
        pytest.param(
            ("按收入性质分", "按支出性质分"), ["按收入性质分", "按支出性质分"], False, True, id="basis"
        ),
        pytest.param(("总分", "100", "98.97"), ["总分"], False, False, id="total"),
    ],
)
def test_row_hits_keeps_the_label_cells_only(
    texts: tuple[str, ...], labels: list[str], names_form: bool, basis: bool
) -> None:
    hits = row_hits(_row(*texts))
    assert [c.text for c in hits.cells] == labels
    assert (hits.names_form, hits.basis) == (names_form, basis)
    if not labels:
        assert hits is NO_LABELS


@pytest.mark.parametrize(
    "text", ["项目名称", "主管部门：", "全年\n执行数", "一级指标", "巡护里程", "98.50%", "2023"]
)
def test_cell_hits_agree_with_the_exact_matches(text: str) -> None:
    hits = cell_hits(text)

    def key(vocab: dict[str, tuple[str, ...]]) -> str | None:
        m = match_label(text, vocab, fuzzy=False)
        return m.key if m is not None else None

    assert (hits.header, hits.fund, hits.indicator) == (
        key(HEADER_FIELDS),
        key(FUND_COLUMNS),
        key(INDICATOR_COLUMNS),
    )
    if text.isascii():
        assert hits is NO_HITS


def test_a_header_read_again_takes_the_new_rows_cells() -> None:
    texts = ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数")
    first, first_labels = read_header(_row(*texts, line=3), FUND_COLUMNS, exact_grid=False)
    second_row = _row(*texts, line=30)
    second, second_labels = read_header(second_row, FUND_COLUMNS, exact_grid=False)
    assert second.keys == first.keys == {1: "budget_initial", 2: "budget_full_year", 3: "executed"}
    assert all(any(c is d for d in second_row.cells) for c in second_labels)
    assert [c.location.line for c in first_labels] == [3, 3, 3]
    assert [c.location.line for c in second_labels] == [30, 30, 30]


def test_undo_forgets_only_what_was_placed_after_the_mark() -> None:
    ledger = Ledger()
    before, again, after = (Cell(t, Location(line=n)) for n, t in enumerate(("甲", "乙", "丙")))
    ledger.place(before)
    ledger.place(again)
    mark = ledger.mark()
    ledger.place(again)  # placed before the mark too: it stays placed
    ledger.place_many([after])
    ledger.undo(mark)
    assert [ledger.is_placed(c) for c in (before, again, after)] == [True, True, False]


_SPACES = " \u3000\t\n\r\x0b\x0c\xa0\u2002\u2028\u200b\x85"  # (U+200B is no white space: a character)


@given(st.lists(st.text(alphabet=st.sampled_from("甲1.,%" + _SPACES), max_size=8), max_size=8))
def test_blank_free_count_of_joined_texts_is_the_sum_of_their_counts(texts: list[str]) -> None:
    # ``Ledger.account`` counts the document's characters over all its text at once.
    assert nonblank_chars("".join(texts)) == sum(map(nonblank_chars, texts))


def test_account_totals_every_piece_and_keeps_the_unplaced() -> None:
    cells = [Cell(t, Location(line=n)) for n, t in enumerate(("年度 资金", "56.40", "\u3000", "备注：无"))]
    para = Paragraph("附件2\u3000说明", Location(line=9))
    ledger = Ledger()
    ledger.place_many(cells[:2])
    residuals, total, placed = ledger.account(
        [Table((Row(tuple(cells), Location(line=0)),), Location(line=0)), para]
    )
    assert total == sum(nonblank_chars(c.text) for c in [*cells, para]) == 18
    assert [r.text for _, r in residuals] == ["备注：无", "附件2\u3000说明"]
    assert placed == total - nonblank_chars("备注：无附件2说明")


_CELL_TEXTS = st.lists(
    st.text(alphabet=st.sampled_from("甲a1 ：:（）\u3000%—"), max_size=5), min_size=1, max_size=6
)


@given(_CELL_TEXTS)
def test_row_label_is_the_first_cell_not_blank(texts: list[str]) -> None:
    row = _row(*texts)
    assert _row_label(row) is next((c for c in row.cells if clean_label(c.text)), None)
