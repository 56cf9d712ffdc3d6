"""Review pages in headless Chromium: a printed form fits A4 landscape; the index filters and sorts.

Printing used to cut off a form's right-hand columns (执行数/分值/执行率/得分): the side panel narrowed
the page and the form scrolled inside it. These tests lay the page out with the print rules at the
printable width of A4 landscape (297 mm − 2 × 10 mm margins = 1047 CSS px) and measure every cell.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from jixiao.emit.frames import result_frames
from jixiao.emit.review import write_review
from jixiao.emit.review_html import page_name
from jixiao.extract.layout import Location
from jixiao.normalize.records import AnomalyRow, DocumentResult
from sample_paths import LUKOU_DOCX, LUKOU_TXT, SAMPLES
from test_review_browser import chromium, needs_chromium

from jixiao.pipeline import process_bytes

A4_LANDSCAPE_PX = 1047  # 277 mm of printable width at 96 CSS px per inch
A4_LANDSCAPE_PT = (841.92, 594.96)
RIGHT_HAND_HEADERS = ("全年执行数", "分值", "执行率", "得分")
# measures, after layout, every form cell against the page and the main column (a test-only copy of
# the page: the CSP that forbids scripts is taken out so this one can run)
_PROBE = """<script>
var vw = document.documentElement.clientWidth;
var main = document.querySelector("main.doc").getBoundingClientRect();
var cells = [];
document.querySelectorAll("table.form td").forEach(function (td) {
  var r = td.getBoundingClientRect();
  cells.push([td.textContent.replace(/\\s+/g, ""), r.right]);
});
document.body.setAttribute("data-fit", JSON.stringify({vw: vw, main: main.right, cells: cells}));
</script>"""


def _result(path: Path) -> DocumentResult:
    return process_bytes(path.read_bytes(), path.name, keep_layout=True)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, DocumentResult]]:
    results = {
        p.name: _result(p) for p in (LUKOU_TXT, LUKOU_DOCX, SAMPLES / "templates" / "target_table.txt")
    }
    several = _result(SAMPLES / "templates" / "several_forms.txt")
    extra = AnomalyRow(
        several.document.doc_id, None, "value.invalid", "error", "x", None, None, Location(line=3)
    )
    results["several_forms.txt"] = replace(several, anomalies=(*several.anomalies, extra))
    layouts = {r.document.doc_id: r.layout for r in results.values() if r.layout is not None}
    return write_review(
        tmp_path_factory.mktemp("print"), result_frames(list(results.values())), layouts
    ), results


def _printed_layout(page: Path, width: int) -> dict[str, object]:
    text = page.read_text(encoding="utf-8")
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    text = text.replace("@media print {", "@media all {", 1).replace("</body>", _PROBE + "</body>")
    probe = page.with_name(f"_probe-{page.name}")
    probe.write_text(text, encoding="utf-8")
    html = chromium("--dump-dom", f"--window-size={width},800", "--hide-scrollbars", probe.as_uri())
    (fit,) = lxml.html.fromstring(html).xpath("//body/@data-fit")
    return dict(json.loads(fit))


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("name", [LUKOU_TXT.name, LUKOU_DOCX.name])
def test_printed_form_fits_a4_landscape(pages: tuple[Path, dict[str, DocumentResult]], name: str) -> None:
    review, results = pages
    fit = _printed_layout(review / f"{page_name(results[name].document.doc_id)}.html", A4_LANDSCAPE_PX)
    assert fit["vw"] == fit["main"] == A4_LANDSCAPE_PX  # the form has the whole page width
    cells = [(text, right) for text, right in fit["cells"]]  # type: ignore[attr-defined]
    assert len(cells) > 100
    assert [t for t, right in cells if right > A4_LANDSCAPE_PX + 0.5] == []  # nothing past the page
    for header in RIGHT_HAND_HEADERS:
        assert any(t == header for t, _ in cells), header


@pytest.mark.browser
@needs_chromium
def test_print_to_pdf_is_a4_landscape(pages: tuple[Path, dict[str, DocumentResult]]) -> None:
    review, results = pages
    pdf = review / "_print.pdf"
    page = review / f"{page_name(results[LUKOU_TXT.name].document.doc_id)}.html"
    chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", pdf.read_bytes()))
    assert boxes and all(
        (round(float(w), 1), round(float(h), 1)) == tuple(round(v, 1) for v in A4_LANDSCAPE_PT)
        for w, h in boxes
    )


def _index(review: Path, query: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(chromium("--dump-dom", (review / "index.html").as_uri() + query))


def _visible(index: lxml.html.HtmlElement) -> list[str]:
    return [
        tr.get("data-doc")
        for tr in index.xpath('//table[@id="documents"]/tbody/tr')
        if tr.get("hidden") is None
    ]


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param(
            "", ["several_forms.txt", LUKOU_DOCX.name, LUKOU_TXT.name, "target_table.txt"], id="all"
        ),
        pytest.param("?rule=unit.mislabeled", [LUKOU_DOCX.name, LUKOU_TXT.name], id="rule"),
        pytest.param("?year=2024", ["target_table.txt"], id="year"),
        pytest.param("?unit=县全民健身中心", ["target_table.txt"], id="unit"),
        pytest.param("?status=error", ["several_forms.txt"], id="status-by-worst-severity"),
        pytest.param("#status=ok&year=2023", [], id="fragment-and-two-filters"),
    ],
)
def test_index_filters_in_the_browser(
    pages: tuple[Path, dict[str, DocumentResult]], query: str, expected: list[str]
) -> None:
    review, results = pages
    index = _index(review, query)
    names = {r.document.doc_id: name for name, r in results.items()}
    assert sorted(names[d] for d in _visible(index)) == sorted(expected)
    assert index.xpath('string(//b[@id="shown"])') == str(len(expected))


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize(
    ("query", "first", "last"),
    [
        pytest.param("?sort=year&order=desc", "target_table.txt", None, id="year-desc"),
        pytest.param("?sort=year", None, "target_table.txt", id="year-asc"),
        pytest.param("?sort=error&order=desc", "several_forms.txt", None, id="errors-desc"),
        pytest.param("?sort=unit", None, "target_table.txt", id="unit-pinyin"),  # 县 (xian) after 区 (qu)
    ],
)
def test_index_sorts_in_the_browser(
    pages: tuple[Path, dict[str, DocumentResult]], query: str, first: str | None, last: str | None
) -> None:
    review, results = pages
    names = {r.document.doc_id: name for name, r in results.items()}
    index = _index(review, query)
    order = [names[d] for d in _visible(index)]
    assert len(order) == 4
    assert first is None or order[0] == first
    assert last is None or order[-1] == last
    key = query.split("sort=")[1].split("&")[0]
    (th,) = index.xpath(f'//th[@data-key="{key}"]')
    assert th.get("aria-sort") == ("descending" if "order=desc" in query else "ascending")
