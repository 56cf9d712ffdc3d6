"""Review pages of PDF documents: a repaired or flagged cell shows its page crop, rendered in the worker.

The form is a template sample drawn as a PDF at test time (``pdf_forms``) with one amount written
``8,74`` (a stray separator: the value is repaired), so exactly that cell is flagged.
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import lxml.html
import pytest
from jixiao.emit.review_crops import crop_key, crops_path, flagged_cells, render_crops
from jixiao.emit.review_html import page_name
from jixiao.extract.layout import Location
from pdf_forms import form_pdf
from sample_paths import SAMPLES

from bench.pdf_redraw import without_rulings
from jixiao.batch import BatchOptions, run_batch
from jixiao.pipeline import process_bytes

REPAIRED_AT = "page 1 table 1 row 4 col 5"  # 全年执行数 of 年度资金总额


@pytest.fixture(scope="module")
def pdf() -> bytes:
    text = (SAMPLES / "templates" / "sichuan_project.txt").read_text(encoding="utf-8")
    return form_pdf(text.replace("\t874\n", "\t8,74\n", 1))


@pytest.mark.parametrize(
    ("rulings", "where"),
    [(True, REPAIRED_AT), (False, "page 1 line 8 col 4")],
    ids=["ruled", "without-rulings"],
)
def test_only_flagged_cells_are_cropped_small_and_legible(pdf: bytes, rulings: bool, where: str) -> None:
    from PIL import Image

    data = pdf if rulings else without_rulings(pdf)
    result = process_bytes(data, "a.pdf", keep_layout=True)
    assert result.layout is not None
    cells = flagged_cells(result, result.layout)
    assert [str(c) for c in cells] == [where]
    (png,) = render_crops(data, cells).values()
    image = Image.open(io.BytesIO(png))
    box = cells[0].box
    assert box is not None
    assert image.mode == "L" and len(png) < 8_000  # a small grey PNG
    assert abs(image.width - (box[2] - box[0] + 12) * 1.5) <= 2  # the cell's box and its margin


def test_batch_review_page_shows_the_crop_beside_the_repaired_cell(pdf: bytes, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "form.pdf").write_bytes(pdf)
    out = tmp_path / "out"
    run_batch([str(tmp_path / "in")], out, BatchOptions(jobs=1, progress=False, formats=("csv", "review")))
    result = process_bytes(pdf, "form.pdf")
    name = page_name(result.document.doc_id)
    stored = json.loads(crops_path(out / "review" / "layouts" / f"{name}.json").read_text(encoding="utf-8"))
    page = lxml.html.fromstring((out / "review" / f"{name}.html").read_text(encoding="utf-8"))
    (cell,) = page.xpath(f'//td[@data-loc="{REPAIRED_AT}"]')
    (img,) = cell.xpath(".//img[@class='crop']")
    key = crop_key(Location(page=1, box=tuple(float(v) for v in cell.get("data-box").split())))
    assert img.get("src") == f"data:image/png;base64,{stored[key]}"
    assert base64.b64decode(stored[key]).startswith(b"\x89PNG")
    assert len(page.xpath("//img[@class='crop']")) == 1  # ok cells show none


def test_no_crops_for_documents_without_flagged_pdf_cells(tmp_path: Path) -> None:
    text = (SAMPLES / "templates" / "sichuan_project.txt").read_text(encoding="utf-8")
    result = process_bytes(form_pdf(text), "b.pdf", keep_layout=True)
    assert result.layout is not None
    assert flagged_cells(result, result.layout) == []


def test_incremental_rerun_keeps_the_crops(pdf: bytes, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "form.pdf").write_bytes(pdf)
    out = tmp_path / "out"
    for _ in range(2):  # the second run reads nothing again: layouts and crops are carried over
        options = BatchOptions(jobs=1, progress=False, formats=("csv", "review"), incremental=True)
        run_batch([str(tmp_path / "in")], out, options)
    name = page_name(process_bytes(pdf, "form.pdf").document.doc_id)
    assert crops_path(out / "review" / "layouts" / f"{name}.json").is_file()
    page = lxml.html.fromstring((out / "review" / f"{name}.html").read_text(encoding="utf-8"))
    assert len(page.xpath("//img[@class='crop']")) == 1
