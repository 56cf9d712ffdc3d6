"""Review pages without a browser: layout JSON, location matching, page content, rebuild from OUT."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from jixiao.emit.frames import result_frames
from jixiao.emit.layout_json import (
    LayoutFileError,
    layout_from_json,
    layout_text,
    read_layout,
    write_layout,
)
from jixiao.emit.review import write_review
from jixiao.emit.review_doc import index_layout
from jixiao.emit.review_html import page_name
from jixiao.emit.review_index import band_counts
from jixiao.emit.writer import OutputWriter
from jixiao.extract.layout import Cell, Layout, Location, Paragraph, Row, Table
from jixiao.normalize.records import AnomalyRow, DocumentResult
from sample_paths import LUKOU_TXT, SAMPLES

from jixiao.pipeline import process_bytes
from jixiao.review_cmd import review_main

LUKOU_DOCX = SAMPLES / "lukou_xunchaban_2023.docx"
HOSTILE = '<script>alert(1)</script>=HYPERLINK("http://x","y") & "quotes"'


def _result(path: Path) -> DocumentResult:
    return process_bytes(path.read_bytes(), path.name, keep_layout=True)


@pytest.fixture(scope="module")
def results() -> list[DocumentResult]:
    return [_result(LUKOU_TXT), _result(LUKOU_DOCX)]


@pytest.fixture(scope="module")
def review_dir(tmp_path_factory: pytest.TempPathFactory, results: list[DocumentResult]) -> Path:
    out = tmp_path_factory.mktemp("review")
    layouts = {r.document.doc_id: r.layout for r in results if r.layout is not None}
    return write_review(out, result_frames(results), layouts)


def _page(review_dir: Path, result: DocumentResult) -> lxml.html.HtmlElement:
    name = page_name(result.document.doc_id)
    return lxml.html.fromstring((review_dir / f"{name}.html").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- layout JSON


def _nested_layout() -> Layout:
    inner = Table(
        (Row((Cell("内", Location(table=2, row=1, col=1)),), Location(table=2, row=1)),), Location(table=2)
    )
    cell = Cell(
        "外\n两行", Location(table=1, row=1, col=2), grid_col=1, col_span=3, row_span=2, nested=(inner,)
    )
    row = Row((cell,), Location(table=1, row=1), grid_before=1, grid_after=2)
    return Layout(
        (Paragraph("标题", Location(para=1), style="Heading 1"), Table((row,), Location(table=1))),
        "docx",
        None,
        ("a reader note",),
    )


@pytest.mark.parametrize("path", [LUKOU_TXT, LUKOU_DOCX], ids=["txt", "docx"])
def test_layout_json_round_trip_on_samples(tmp_path: Path, path: Path) -> None:
    layout = _result(path).layout
    assert layout is not None
    write_layout(tmp_path / "l.json", layout)
    assert read_layout(tmp_path / "l.json") == layout


def test_layout_json_round_trip_keeps_spans_gaps_nesting_and_style() -> None:
    layout = _nested_layout()
    assert layout_from_json(json.loads(layout_text(layout))) == layout


@pytest.mark.parametrize(
    "data",
    [{"format": "other/9", "blocks": []}, {"format": "jixiao-layout/1"}, []],
    ids=["format", "damaged", "list"],
)
def test_layout_json_refuses_what_it_cannot_read(data: object) -> None:
    with pytest.raises(LayoutFileError, match="rerun jixiao extract"):
        layout_from_json(data)  # type: ignore[arg-type]


# ---------------------------------------------------------------- location matching

LOCATE_TXT = [
    pytest.param("line 241", "line 241", id="exact-cell"),
    pytest.param("lines 7-9", "lines 7-9", id="exact-multiline-cell"),
    pytest.param("line 8", "lines 7-9", id="inner-line-of-a-cell"),
    pytest.param("line 197", "line 197", id="report-paragraph"),
    pytest.param("lines 4-184", "lines 4-184", id="a-whole-table"),
    pytest.param("line 99999", None, id="past-the-end"),
    pytest.param("", None, id="empty"),
]


@pytest.mark.parametrize(("location", "element_loc"), LOCATE_TXT)
def test_locate_in_text_layout(
    review_dir: Path, results: list[DocumentResult], location: str, element_loc: str | None
) -> None:
    layout = results[0].layout
    assert layout is not None
    index, _ = index_layout(layout)
    elem = index.resolve(Location.from_text(location) if location else None)
    if element_loc is None:
        assert elem is None
    else:
        page = _page(review_dir, results[0])
        assert page.get_element_by_id(elem).get("data-loc") == element_loc


LOCATE_DOCX = [
    pytest.param("table 2 row 4 col 5", "table 2 row 4 col 5", id="cell"),
    pytest.param("table 1 row 2 col 1 para 2", "table 1 row 2 col 1", id="paragraph-inside-a-cell"),
    pytest.param("para 18", "para 18", id="body-paragraph"),
    pytest.param("table 1 row 3", "table 1 row 3", id="row"),
    pytest.param("table 9 row 1 col 1", None, id="no-such-table"),
]


@pytest.mark.parametrize(("location", "element_loc"), LOCATE_DOCX)
def test_locate_in_word_layout(
    review_dir: Path, results: list[DocumentResult], location: str, element_loc: str | None
) -> None:
    layout = results[1].layout
    assert layout is not None
    elem = index_layout(layout)[0].resolve(Location.from_text(location))
    if element_loc is None:
        assert elem is None
    else:
        assert _page(review_dir, results[1]).get_element_by_id(elem).get("data-loc") == element_loc


# ---------------------------------------------------------------- page content


def test_repaired_cells_show_raw_value_and_repair(review_dir: Path, results: list[DocumentResult]) -> None:
    page = _page(review_dir, results[0])
    for loc in ("line 241", "line 242"):
        (td,) = page.xpath(f'//td[@data-loc="{loc}"]')
        assert "v-repaired" in td.get("class") and "anom-info" in td.get("class")  # settled by an identity
        assert "原文：79.98852.24" in td.get("title") and "799885.24" in td.get("title")
        assert "candidate_chosen_by_evidence" in td.get("title")
        assert td.xpath('.//span[@data-rule="value.ambiguous_resolved"]')
        detail = page.get_element_by_id("d-" + td.get("id"))  # the click target in the details panel
        assert "79.98852.24" in detail.text_content() and td.xpath(".//a/@href") == ["#d-" + td.get("id")]
    (ok,) = page.xpath('//td[@data-loc="line 26"]')  # 99.99% read as written
    assert "v-ok" in ok.get("class")


def test_report_amount_marked_with_its_anomaly(review_dir: Path, results: list[DocumentResult]) -> None:
    page = _page(review_dir, results[0])
    (para,) = page.xpath('//p[@data-loc="line 197"]')
    (mark,) = para.xpath('.//mark[@data-raw="2410248.04万元"]')
    assert "anom" in mark.get("class").split() and mark.text_content() == "2410248.04万元"
    assert para.xpath('.//span[@data-rule="unit.mislabeled"]')
    (item,) = page.xpath('//ul[@id="anomaly-list"]/li[@data-rule="unit.mislabeled"]')
    assert item.get("data-loc") == "line 197" and item.xpath(".//a/@href") == ["#" + para.get("id")]
    assert len(para.xpath(".//mark")) == 3  # 2410248.04万元, 1951429.74元, 458818.3元


def test_word_merges_are_redrawn_as_merges(review_dir: Path, results: list[DocumentResult]) -> None:
    page = _page(review_dir, results[1])
    (label,) = page.xpath('//td[@data-loc="table 1 row 2 col 1"]')
    assert label.get("rowspan") == "7"
    (name,) = page.xpath('//td[@data-loc="table 1 row 1 col 2"]')
    assert name.get("colspan") == "8"
    # every row of the first form fills the 9-column grid exactly once, as a browser lays it out
    (table,) = page.xpath('//table[@data-loc="table 1"]')
    taken: set[tuple[int, int]] = set()
    for r, tr in enumerate(table.xpath("./tr")):
        col = 0
        for td in tr.xpath("./td"):
            while (r, col) in taken:
                col += 1
            span, rows = int(td.get("colspan", 1)), int(td.get("rowspan", 1))
            slots = {(r + dr, col + dc) for dr in range(rows) for dc in range(span)}
            assert not slots & taken
            taken |= slots
            col += span
        assert sorted(c for rr, c in taken if rr == r) == list(range(9)), f"row {r + 1}"


def test_everything_from_the_submission_is_escaped(tmp_path: Path) -> None:
    data = f"附件1\n部门整体支出绩效自评表\n\t{HOSTILE}\n\t3,20.6,71591\n".encode()
    result = process_bytes(data, "hostile<b>.txt", keep_layout=True)
    assert result.layout is not None
    review = write_review(tmp_path, result_frames([result]), {result.document.doc_id: result.layout})
    text = (review / f"{page_name(result.document.doc_id)}.html").read_text(encoding="utf-8")
    page = lxml.html.fromstring(text)
    assert not page.xpath("//script") and "<script>alert" not in text
    assert HOSTILE in page.text_content()
    assert "hostile<b>.txt" in lxml.html.fromstring((review / "index.html").read_text("utf-8")).text_content()
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "").replace("http://x", "")


def test_index_lists_documents_and_charts(review_dir: Path, results: list[DocumentResult]) -> None:
    index = lxml.html.fromstring((review_dir / "index.html").read_text(encoding="utf-8"))
    rows = index.xpath('//table[@id="documents"]/tbody/tr')
    assert sorted(r.get("data-doc") for r in rows) == sorted(r.document.doc_id for r in results)
    row = next(r for r in rows if r.get("data-doc") == results[0].document.doc_id)
    assert row.xpath(".//a/@href") == [page_name(results[0].document.doc_id) + ".html"]
    warnings = sum(1 for a in results[0].anomalies if a.severity == "warning")
    assert row.xpath('.//td[@data-sev="warning"]/text()') == [str(warnings)]
    # both forms of both copies: execution rates 99.99 and 100 fall in 95–100
    assert index.xpath('//svg[@id="chart-execution"]/g[@data-band="95–100"]/@data-count') == ["4"]
    assert index.xpath('//svg[@id="chart-score"]/g[@data-band="95–100"]/@data-count') == ["4"]


def test_bands() -> None:
    assert band_counts([59.9, 60, 99.99, 100, 100.01, 150]) == [1, 1, 0, 0, 2, 2]


# ---------------------------------------------------------------- jixiao review OUT


def test_review_main_rebuilds_identical_pages(tmp_path: Path, results: list[DocumentResult]) -> None:
    out = tmp_path / "out"
    writer = OutputWriter(out, formats=("csv", "parquet", "review"))
    for r in sorted(results, key=lambda r: r.document.doc_id):  # the batch runner's order
        writer.add(r)
    writer.close({"run": "test"})
    review = out / "review"
    first = {p.name: p.read_bytes() for p in review.glob("*.html")}
    assert len(first) == 3 and len(list((review / "layouts").glob("*.json"))) == 2
    for p in review.glob("*.html"):
        p.unlink()
    assert review_main(out, stderr=io.StringIO()) == 0
    assert {p.name: p.read_bytes() for p in review.glob("*.html")} == first
    for p in out.glob("*.parquet"):  # CSV only: the same pages
        p.unlink()
    assert review_main(out, stderr=io.StringIO()) == 0
    assert {p.name: p.read_bytes() for p in review.glob("*.html")} == first


def test_review_main_without_layouts_still_lists_everything(
    tmp_path: Path, results: list[DocumentResult]
) -> None:
    out = tmp_path / "out"
    writer = OutputWriter(out, formats=("parquet",))
    writer.add(results[0])
    writer.close({})
    assert review_main(out, stderr=io.StringIO()) == 0
    page = _page(out / "review", results[0])
    assert page.xpath('//ul[@id="anomaly-list"]/li[@data-rule="unit.mislabeled"]')
    assert page.xpath('//ul[@id="value-list"]/li[@data-loc="line 241"]')


def test_review_main_on_a_folder_without_tables(tmp_path: Path) -> None:
    err = io.StringIO()
    assert review_main(tmp_path, stderr=err) == 2
    assert "jixiao extract" in err.getvalue()


def test_word_report_amounts_are_marked(review_dir: Path, results: list[DocumentResult]) -> None:
    page = _page(review_dir, results[1])
    (mark,) = page.xpath('//p[@data-loc="para 18"]//mark[@data-raw="2410248.04万元"]')
    assert "anom" in mark.get("class").split()


def test_a_failed_file_is_listed_with_its_error(tmp_path: Path) -> None:
    failed = process_bytes(b"PK\x03\x04 not really a zip", "broken.docx", keep_layout=True)
    assert failed.document.status == "failed" and failed.layout is None
    review = write_review(tmp_path, result_frames([failed]), {})
    index = lxml.html.fromstring((review / "index.html").read_text(encoding="utf-8"))
    (row,) = index.xpath('//tr[@data-status="failed"]')
    assert failed.document.error and failed.document.error in row.text_content()
    page = _page(review, failed)
    assert "没有保存该文件的版式" in page.text_content() and failed.document.error in page.text_content()


# ---------------------------------------------------------------- names, badges, print, index (16.4)

TEMPLATES = SAMPLES / "templates"


@pytest.fixture(scope="module")
def several(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, DocumentResult]]:
    """Lukou, three templates (other units, another year), and one with an error anomaly added."""
    results = {
        p: _result(p) for p in (LUKOU_TXT, *(TEMPLATES / n for n in ("rubric.txt", "target_table.txt")))
    }
    several = _result(TEMPLATES / "several_forms.txt")
    doc = several.document
    extra = AnomalyRow(doc.doc_id, None, "value.invalid", "error", "无法识别", None, None, Location(line=3))
    results[TEMPLATES / "several_forms.txt"] = replace(several, anomalies=(*several.anomalies, extra))
    layouts = {r.document.doc_id: r.layout for r in results.values() if r.layout is not None}
    out = write_review(tmp_path_factory.mktemp("several"), result_frames(list(results.values())), layouts)
    return out, {p.name: r for p, r in results.items()}


def _index(review: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((review / "index.html").read_text(encoding="utf-8"))


def test_anomalies_are_named_in_chinese_with_the_id_beside(
    review_dir: Path, results: list[DocumentResult]
) -> None:
    page = _page(review_dir, results[0])
    (item,) = page.xpath('//ul[@id="anomaly-list"]/li[@data-rule="unit.mislabeled"]')
    assert item.xpath('./span[@class="rule-zh"]/text()') == ["金额单位疑似写错"]
    assert item.xpath('./span[@class="rule"]/text()') == ["unit.mislabeled"]
    assert item.xpath('./span[contains(@class,"badge")]/text()') == ["警告"]
    (note,) = page.xpath('//p[@data-loc="line 197"]//span[@data-rule="unit.mislabeled"]')
    assert (
        note.text_content()
        == "⚠ 警告 金额单位疑似写错（unit.mislabeled）：" + note.text_content().split("：", 1)[1]
    )
    assert "warning" not in note.text_content() and "error" not in page.xpath(
        "string(//ul[@id='anomaly-list'])"
    )


@pytest.mark.parametrize(
    ("name", "badge", "label"),
    [
        pytest.param("lukou_xunchaban_2023.txt", "warning", "有警告", id="warnings-only"),
        pytest.param("several_forms.txt", "error", "有错误", id="an-error"),
        pytest.param("rubric.txt", "ok", "正常", id="clean"),
    ],
)
def test_badge_shows_the_worst_severity(
    several: tuple[Path, dict[str, DocumentResult]], name: str, badge: str, label: str
) -> None:
    review, results = several
    result = results[name]
    header = _page(review, result).xpath('//header[@class="top"]')[0]
    (got,) = header.xpath(".//span[@data-badge]")
    assert (got.get("data-badge"), got.text_content()) == (badge, label)
    assert result.document.status == "ok"  # the file was read fine: the anomalies decide the badge
    row = _index(review).xpath(f'//tr[@data-doc="{result.document.doc_id}"]')[0]
    assert row.xpath(".//span[@data-badge]/text()") == [label] and row.get("data-badge") == badge
    if badge != "ok":
        assert not header.xpath('.//span[contains(@class,"st-ok")]')  # no green 正常 beside errors


def test_index_rows_carry_unit_year_and_rules(several: tuple[Path, dict[str, DocumentResult]]) -> None:
    review, results = several
    index = _index(review)
    got = {
        tr.get("data-doc"): (tr.get("data-unit"), tr.get("data-year"), tr.get("data-rules"))
        for tr in index.xpath('//table[@id="documents"]/tbody/tr')
    }
    assert got == {
        results["lukou_xunchaban_2023.txt"].document.doc_id: (
            "区委巡察办",
            "2023",
            "cross.project_executed unit.mislabeled value.ambiguous_resolved value.repaired",
        ),
        results["rubric.txt"].document.doc_id: ("某县文化旅游广电体育局", "2023", ""),
        results["target_table.txt"].document.doc_id: ("县全民健身中心", "2024", ""),  # 实施单位
        results["several_forms.txt"].document.doc_id: (
            "某县政务服务中心",
            "2023",
            "funds.score value.invalid",
        ),
    }


def test_index_filters_offer_what_the_rows_hold(several: tuple[Path, dict[str, DocumentResult]]) -> None:
    index = _index(several[0])

    def options(key: str) -> list[tuple[str, str]]:
        return [(o.get("value"), o.text_content()) for o in index.xpath(f'//select[@id="f-{key}"]/option')]

    units = ["区委巡察办", "县全民健身中心", "某县政务服务中心", "某县文化旅游广电体育局"]
    assert options("unit") == [("", "全部"), *((u, u) for u in units)]
    assert options("year") == [("", "全部"), ("2023", "2023"), ("2024", "2024")]
    assert ("unit.mislabeled", "金额单位疑似写错（unit.mislabeled）") in options("rule")
    assert options("status") == [("", "全部"), ("error", "有错误"), ("warning", "有警告"), ("ok", "正常")]
    heads = index.xpath('//table[@id="documents"]/thead/tr/th')
    assert [th.get("data-key") for th in heads if "sortable" in th.get("class")][:4] == [
        "file", "unit", "year", "status"
    ]  # fmt: skip


def test_index_script_is_the_only_one_and_allowed_by_its_hash(
    several: tuple[Path, dict[str, DocumentResult]],
) -> None:
    from jixiao.emit.review_html import script_hash
    from jixiao.emit.review_index import INDEX_SCRIPT

    text = (several[0] / "index.html").read_text(encoding="utf-8")
    index = lxml.html.fromstring(text)
    (script,) = index.xpath("//script")
    assert script.text == INDEX_SCRIPT and not script.get("src")
    (csp,) = index.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert (
        f"script-src {script_hash(INDEX_SCRIPT)}" in csp
        and "unsafe-inline'; img" not in csp.split("script-src")[1]
    )
    assert "connect-src" not in csp and "default-src 'none'" in csp  # still no network


def test_pages_carry_a_print_stylesheet_for_a4_landscape(
    review_dir: Path, results: list[DocumentResult]
) -> None:
    style = _page(review_dir, results[0]).xpath("//style/text()")[0]
    media = style.split("@media print", 1)[1]
    assert "size: A4 landscape" in media
    assert "main.doc { border:none; padding:0; overflow:visible; }" in media  # nothing scrolled out of view
    assert ".wrap { display:block;" in media  # the side panel no longer narrows the form


def test_page_header_names_unit_project_and_year(several: tuple[Path, dict[str, DocumentResult]]) -> None:
    review, results = several
    names = _page(review, results["lukou_xunchaban_2023.txt"]).xpath('//span[@class="names"]/text()')
    assert names == ["单位 区委巡察办 · 项目 巡察专项经费 · 年度 2023"]
    names = _page(review, results["target_table.txt"]).xpath('//span[@class="names"]/text()')
    assert names == ["单位 县全民健身中心 · 项目 全民健身设施建设 · 年度 2024"]


def test_page_records_keep_the_rows_typed_values(results: list[DocumentResult]) -> None:
    from jixiao.emit.frames import rows_to_columns, sort_rows
    from jixiao.emit.review import records
    from jixiao.schemas import TABLES

    rows = sort_rows(TABLES["values"], results[0].values)
    typed = records(rows_to_columns("values", rows, presorted=True), rows)
    assert all(
        rec["location"] is row.location for rec, row in zip(typed, rows, strict=True)
    )  # the same object
    read_back = records(rows_to_columns("values", rows, presorted=True))  # as from a finished folder
    assert [(r["location"], r["repairs"]) for r in read_back] == [(r.location, r.repairs) for r in rows]
    assert any(r["repairs"] == ("candidate_chosen_by_evidence",) for r in read_back)


def test_a_hostile_unit_name_is_escaped_in_the_index_filters(tmp_path: Path) -> None:
    text = (TEMPLATES / "rubric.txt").read_text(encoding="utf-8").replace("某县文化旅游广电体育局", HOSTILE)
    result = process_bytes(text.encode("utf-8"), "rubric.txt", keep_layout=True)
    (unit,) = [f.fill_unit for f in result.forms]
    assert unit is not None and unit.startswith("<script>alert(1)</script>=HYPERLINK(")
    review = write_review(tmp_path, result_frames([result]), {result.document.doc_id: result.layout})
    index = _index(review)
    assert index.xpath('//select[@id="f-unit"]/option/@value') == ["", unit]
    assert index.xpath("//tbody/tr/@data-unit") == [unit]
    assert len(index.xpath("//script")) == 1  # ours, not the submission's


def test_a_page_that_cannot_be_drawn_in_time_fails_alone_in_a_worker(
    tmp_path: Path, results: list[DocumentResult]
) -> None:
    """Pages are drawn in the worker pool under the time limit: a stored layout whose merged cell
    spans 10^9 columns (a loop of 10^9 steps) costs its own page, not the run."""
    import json

    out = tmp_path / "out"
    writer = OutputWriter(out, formats=("parquet", "review"))
    for r in sorted(results, key=lambda r: r.document.doc_id):
        writer.add(r)
    writer.close({})
    bad = next(
        r for r in results if r.layout is not None and any(isinstance(b, Table) for b in r.layout.blocks)
    )
    layout_file = (out / "review" / "layouts" / f"{page_name(bad.document.doc_id)}.json").resolve()
    data = json.loads(layout_file.read_text("utf-8"))
    table = next(b for b in data["blocks"] if b["kind"] == "table")
    table["rows"][0]["cells"][0].update(row_span=2, col_span=10**9)
    layout_file.unlink()  # a hard link is shared with the published generation: write a new file
    layout_file.write_text(json.dumps(data), "utf-8")
    err = io.StringIO()
    assert review_main(out, stderr=err, jobs=1, timeout_s=1.0) == 0
    assert f"{page_name(bad.document.doc_id)}.html: page not drawn (timed out after 1 s)" in err.getvalue()
    pages = {p.name for p in (out / "review").glob("*.html")}
    assert f"{page_name(bad.document.doc_id)}.html" not in pages and len(pages) == len(results)
    index = lxml.html.fromstring((out / "review" / "index.html").read_text("utf-8"))
    (row,) = index.xpath(f'//tr[@data-doc="{bad.document.doc_id}"]')
    assert not row.xpath(".//a")  # listed, without a link to a page that is not there
