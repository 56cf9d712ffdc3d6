"""The review pages as headless Chromium sees them (DOM after parsing), plus the README screenshot.

Needs Debian's chromium (``apt-get install -y chromium fonts-noto-cjk``); the browser tests skip with
that hint when it is missing. ``JIXIAO_UPDATE_SCREENSHOT=1 pytest tests/test_review_browser.py``
retakes ``docs/review.png`` (palette-reduced so that it stays well under 200 KB).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from collections import Counter
from pathlib import Path

import lxml.html
import numpy as np
import pytest
from jixiao.emit.frames import result_frames
from jixiao.emit.review import write_review
from jixiao.emit.review_html import page_name
from jixiao.extract.layout import Table
from jixiao.normalize.records import DocumentResult
from sample_paths import LUKOU_TXT, ROOT, SAMPLES

from jixiao.pipeline import process_bytes

CHROMIUM = shutil.which("chromium")
SCREENSHOT = ROOT / "docs" / "review.png"
SCREENSHOT_MAX_BYTES = 200_000
WINDOW = (1280, 800)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless chromium not installed: apt-get update && apt-get install -y chromium fonts-noto-cjk",
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium(*args: str) -> str:
    """Run headless Chromium with a throw-away profile; its stdout (the DOM for ``--dump-dom``)."""
    assert CHROMIUM is not None
    profile = tempfile.mkdtemp(prefix="jixiao-chromium-")
    try:
        done = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return done.stdout


def dom(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(chromium("--dump-dom", path.as_uri()))


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[DocumentResult]]:
    results = [
        process_bytes(p.read_bytes(), p.name, keep_layout=True)
        for p in (LUKOU_TXT, SAMPLES / "lukou_xunchaban_2023.docx")
    ]
    layouts = {r.document.doc_id: r.layout for r in results if r.layout is not None}
    return write_review(tmp_path_factory.mktemp("out"), result_frames(results), layouts), results


@pytest.mark.browser
@needs_chromium
def test_sample_anomalies_and_repairs_where_they_belong(review: tuple[Path, list[DocumentResult]]) -> None:
    review_dir, results = review
    page_path = review_dir / f"{page_name(results[0].document.doc_id)}.html"
    page = dom(page_path)
    # the project form's 79.98852.24 cells: repaired, raw text and repair on hover, anomaly beside them
    for loc in ("line 241", "line 242"):
        (td,) = page.xpath(f'//td[@data-loc="{loc}"]')
        classes = td.get("class").split()
        assert "v-repaired" in classes and "anom-info" in classes  # settled by an identity
        assert "原文：79.98852.24" in td.get("title") and "取值：799885.24" in td.get("title")
        assert td.xpath('.//span[contains(@class,"note")]/@data-rule') == ["value.ambiguous_resolved"]
        (detail,) = page.xpath(f'//section[@id="d-{td.get("id")}"]')
        assert "candidate_chosen_by_evidence" in detail.text_content()
    # the department report's 2410248.04万元 at line 197 carries unit.mislabeled, marked in the text
    (para,) = page.xpath('//p[@data-loc="line 197"]')
    assert para.xpath('.//span[contains(@class,"note")]/@data-rule') == ["unit.mislabeled"]
    (mark,) = para.xpath('.//mark[@data-raw="2410248.04万元"]')
    assert "anom" in mark.get("class").split()
    # the browser's DOM has every cell our HTML wrote: nothing was mis-nested and re-parented
    source = lxml.html.fromstring(page_path.read_text(encoding="utf-8"))
    cells = sum(len(row.cells) for t in _tables(results[0]) for row in t.rows)
    assert len(page.xpath("//td[@data-loc]")) == len(source.xpath("//td[@data-loc]")) == cells
    assert not page.xpath("//script") and not page.xpath("//*[@src]")  # nothing to run, nothing to fetch


@pytest.mark.browser
@needs_chromium
def test_word_sample_keeps_its_merges(review: tuple[Path, list[DocumentResult]]) -> None:
    review_dir, results = review
    page = dom(review_dir / f"{page_name(results[1].document.doc_id)}.html")
    assert page.xpath('//td[@data-loc="table 1 row 2 col 1"]/@rowspan') == ["7"]
    assert page.xpath('//td[@data-loc="table 1 row 1 col 2"]/@colspan') == ["8"]
    (td,) = page.xpath('//td[@data-loc="table 2 row 4 col 5"]')  # 79.98852.24 again, in Word
    assert "v-repaired" in td.get("class").split()


@pytest.mark.browser
@needs_chromium
def test_index_links_every_document_page(review: tuple[Path, list[DocumentResult]]) -> None:
    review_dir, results = review
    index = dom(review_dir / "index.html")
    links = index.xpath('//table[@id="documents"]//a/@href')
    assert sorted(links) == sorted(f"{page_name(r.document.doc_id)}.html" for r in results)
    assert all((review_dir / link).exists() for link in links)
    assert index.xpath('//svg[@id="chart-execution"]//rect') and index.xpath('//svg[@id="chart-score"]//rect')


@pytest.mark.browser
@needs_chromium
def test_screenshot(review: tuple[Path, list[DocumentResult]], tmp_path: Path) -> None:
    review_dir, results = review
    # Headless screenshots ignore a URL's #fragment; a frame scrolled to the report paragraph does not.
    target = f"{page_name(results[0].document.doc_id)}.html#{_para_id(review_dir, results[0])}"
    frame = review_dir / "_screenshot.html"
    width, height = WINDOW
    frame.write_text(
        f'<!DOCTYPE html><body style="margin:0"><iframe src="{target}" '
        f'style="border:0;width:{width}px;height:{height}px"></iframe></body>',
        encoding="utf-8",
    )
    shot = tmp_path / "review.png"
    chromium(
        f"--screenshot={shot}",
        f"--window-size={width},{height}",
        "--hide-scrollbars",
        "--disable-lcd-text",
        "--virtual-time-budget=3000",
        frame.as_uri(),
    )
    data = shot.read_bytes()
    assert _png_size(data) == WINDOW
    small = shrink_png(data)
    assert _png_size(small) == WINDOW and len(small) < SCREENSHOT_MAX_BYTES
    if os.environ.get("JIXIAO_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        SCREENSHOT.write_bytes(small)


def test_committed_screenshot_is_a_small_png() -> None:
    data = SCREENSHOT.read_bytes()
    assert _png_size(data) == WINDOW and len(data) < SCREENSHOT_MAX_BYTES


# ---------------------------------------------------------------- screenshot tooling


def _tables(result: DocumentResult) -> list[Table]:
    assert result.layout is not None
    return [b for b in result.layout.blocks if isinstance(b, Table)]


def _para_id(review_dir: Path, result: DocumentResult) -> str:
    page = lxml.html.fromstring((review_dir / f"{page_name(result.document.doc_id)}.html").read_bytes())
    (para,) = page.xpath('//p[@data-loc="line 197"]')
    return str(para.get("id"))


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    out, pos = [], 8
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        out.append((data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]))
        pos += 12 + n
    return out


def _png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", _chunks(data)[0][1][:8])
    return width, height


def _unfilter(raw: bytes, width: int, height: int, bpp: int) -> np.ndarray:
    """PNG scanline filters undone (pure Python: a one-off for the screenshot, not a hot path)."""
    stride = width * bpp
    rows: list[bytearray] = []
    prev = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(line)
        prev = line
    return np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(height, width, bpp)


def shrink_png(data: bytes) -> bytes:
    """An 8-bit RGB(A) PNG as a 256-colour palette PNG (most frequent colours, others to the nearest)."""
    chunks = _chunks(data)
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert depth == 8 and color in (2, 6) and interlace == 0, "expected Chromium's 8-bit RGB(A) PNG"
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(d for t, d in chunks if t == b"IDAT"))
    pixels = _unfilter(raw, width, height, bpp)[:, :, :3].reshape(-1, 3)
    packed = (pixels[:, 0].astype(np.int64) << 16) | (pixels[:, 1].astype(np.int64) << 8) | pixels[:, 2]
    palette = np.array([c for c, _ in Counter(packed.tolist()).most_common(256)], dtype=np.int64)
    rgb = np.stack([(palette >> 16) & 255, (palette >> 8) & 255, palette & 255], axis=1)
    uniq, inverse = np.unique(packed, return_inverse=True)
    urgb = np.stack([(uniq >> 16) & 255, (uniq >> 8) & 255, uniq & 255], axis=1)
    nearest = np.argmin(((urgb[:, None, :] - rgb[None, :, :]) ** 2).sum(axis=2), axis=1).astype(np.uint8)
    indexed = nearest[inverse].reshape(height, width)
    scanlines = b"".join(b"\x00" + indexed[y].tobytes() for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"PLTE", rgb.astype(np.uint8).tobytes())
        + chunk(b"IDAT", zlib.compress(scanlines, 9))
        + chunk(b"IEND", b"")
    )
