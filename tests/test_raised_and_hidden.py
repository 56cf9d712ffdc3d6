"""A figure's neighbours that are not part of it: a raised note mark, hidden anti-copy characters.

``348.57<sup>1</sup>`` is 348.57 with note mark 1, never 348.571;
``<font style="visibility:hidden">9</font>348.57`` shows 348.57. Word's superscript runs are the same
mark. Each reader keeps the mark visible as a superscript character and the number readers drop it with a
``footnote_marker`` repair; hidden text is counted in a note.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from docx_factory import make_docx, p, tbl, tc, tr
from jixiao.extract.docx_source import read_docx_layout
from jixiao.extract.html_source import read_html_layout
from jixiao.extract.layout import Table
from jixiao.normalize.amounts import parse_amount
from jixiao.normalize.numbers import parse_number


def _cells(tables: list[Table]) -> list[str]:
    return [c.text for t in tables for row in t.rows for c in row.cells]


@pytest.mark.parametrize(
    ("cell", "shown", "note"),
    [
        pytest.param("348.57<sup>1</sup>", "348.57¹", None, id="sup-note-mark"),
        pytest.param("348.57<sup>12</sup>", "348.57¹²", None, id="sup-two-digits"),
        pytest.param(
            '<font style="visibility:hidden">9</font>348.57', "348.57", "1 characters", id="visibility"
        ),
        pytest.param(
            '<span style="DISPLAY: none">0</span>348.57', "348.57", "1 characters", id="display-none"
        ),
        pytest.param("<span hidden>77</span>348.57", "348.57", "2 characters", id="hidden-attribute"),
        pytest.param(
            '348.57<span style="font-size:0px">1</span>', "348.57", "1 characters", id="font-size-zero"
        ),
        pytest.param('348<span style="font-size:0.5em">.</span>57', "348.57", None, id="small-is-shown"),
        pytest.param("<b>348</b>.57", "348.57", None, id="bold-is-shown"),
    ],
)
def test_html_cell_as_shown(cell: str, shown: str, note: str | None) -> None:
    page = f"<html><body><table><tr><td>全年预算数</td><td>{cell}</td></tr></table></body></html>"
    layout = read_html_layout(page.encode("utf-8"))
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    assert _cells(tables) == ["全年预算数", shown]
    assert any(note in n for n in layout.notes) if note else not any("hidden" in n for n in layout.notes)


def test_word_superscript_run_is_a_raised_mark() -> None:
    raised = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>1</w:t></w:r>'
    lowered = '<w:r><w:rPr><w:vertAlign w:val="subscript"/></w:rPr><w:t>2</w:t></w:r>'
    cell = p("<w:r><w:t>348.57</w:t></w:r>" + raised, raw=True)
    other = p("<w:r><w:t>H</w:t></w:r>" + lowered + "<w:r><w:t>O</w:t></w:r>", raw=True)
    layout = read_docx_layout(make_docx(tbl(tr(tc("全年预算数"), tc(cell, raw=True), tc(other, raw=True)))))
    assert _cells([b for b in layout.blocks if isinstance(b, Table)]) == ["全年预算数", "348.57¹", "H2O"]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        pytest.param("348.57¹", Decimal("348.57"), id="after-digits"),
        pytest.param("94.40%²", Decimal("94.40"), id="after-percent"),
        pytest.param("100m²", None, id="a-unit-power-is-not-a-mark"),
    ],
)
def test_number_readers_drop_a_raised_mark(raw: str, value: Decimal | None) -> None:
    got = parse_number(raw)
    assert got.value == value
    assert ("footnote_marker" in got.repairs) == (value is not None)


def test_amount_reader_drops_a_raised_mark_with_a_note() -> None:
    got = parse_amount("348.57万元¹")
    assert (got.yuan, got.status, got.repairs) == (Decimal("3485700.00"), "repaired", ("footnote_marker",))


@pytest.mark.parametrize(
    ("head", "rows", "shown", "note"),
    [
        pytest.param(
            "",
            '<tr style="display:none"><td>年度资金总额</td><td>300</td></tr>'
            "<tr><td>年度资金总额</td><td>348.57</td></tr>",
            ["年度资金总额", "348.57"],
            "9 characters",
            id="hidden-row",
        ),
        pytest.param(
            "",
            "<tbody hidden><tr><td>旧</td><td>300</td></tr></tbody>"
            "<tbody><tr><td>新</td><td>348.57</td></tr></tbody>",
            ["新", "348.57"],
            "4 characters",
            id="hidden-body",
        ),
        pytest.param(
            "",
            '<tr><td>全年预算数</td><td style="display:none">300</td><td>348.57</td></tr>'
            "<tr><td>a</td><td>b</td></tr>",
            ["全年预算数", "348.57", "a", "b"],
            "3 characters",
            id="hidden-cell-takes-no-slot",
        ),
        pytest.param(
            "<style>p { color: red } tr.old, .gone { display : none }</style>",
            '<tr class="old"><td>年度资金总额</td><td>300</td></tr>'
            '<tr><td>年度资金总额</td><td><span class="gone">1</span>348.57</td></tr>',
            ["年度资金总额", "348.57"],
            "10 characters",
            id="classes-the-page-hides",
        ),
    ],
)
def test_html_rows_and_cells_a_browser_hides_are_not_read(
    head: str, rows: str, shown: list[str], note: str
) -> None:
    page = f"<html><head>{head}</head><body><table>{rows}</table></body></html>"
    layout = read_html_layout(page.encode("utf-8"))
    assert _cells([b for b in layout.blocks if isinstance(b, Table)]) == shown
    assert any(note in n for n in layout.notes)
