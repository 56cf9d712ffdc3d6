"""Review pages of a run: drawn by the worker that read each file, under the per-file limits; at close
only the index, the unit pages and the pages no worker drew (a file that killed its worker)."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import lxml.html
import pandas as pd
import pytest
from jixiao.emit.review import PageJob
from jixiao.emit.review_html import page_name
from sample_paths import LUKOU_DOCX, LUKOU_TXT, SAMPLES

from jixiao.batch import BatchOptions, run_batch
from jixiao.pool import Pool
from jixiao.review_cmd import review_main
from jixiao.worker import FAULTS_ENV

TEMPLATES = sorted((SAMPLES / "templates").glob("*.txt"))[:4]
FORMATS = ("csv", "parquet", "review")


def _corpus(root: Path, extra: dict[str, Path]) -> Path:
    src = root / "archive"
    src.mkdir(parents=True)
    for f in [LUKOU_TXT, LUKOU_DOCX, *TEMPLATES]:
        shutil.copy(f, src / f.name)
    shutil.copy(TEMPLATES[0], src / "z_copy.txt")  # a second copy: its page lists both paths
    (src / "notes.json").write_text("{}", encoding="utf-8")  # skipped: its page says why, drawn at close
    for name, f in extra.items():
        shutil.copy(f, src / name)
    return src


@pytest.fixture
def drawn_at_close(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source paths of the pages the close sends to the pool."""
    seen: list[str] = []
    draw = Pool.draw_pages

    def recording(self: Pool, jobs: Iterable[PageJob], total: int) -> Iterator[str | None]:
        def noted() -> Iterator[PageJob]:
            for job in jobs:
                seen.append(job.recs["documents"][0]["source_path"])
                yield job

        return draw(self, noted(), total)

    monkeypatch.setattr(Pool, "draw_pages", recording)
    return seen


def _pages(review: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(review.glob("*.html"))}


def _run(src: Path, out: Path, **kw: object) -> None:
    run_batch([str(src)], out, BatchOptions(**{"jobs": 2, "progress": False, "formats": FORMATS, **kw}))  # type: ignore[arg-type]


def test_pages_come_from_the_workers_and_equal_jixiao_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drawn_at_close: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    src = _corpus(tmp_path, {})
    _run(src.relative_to(tmp_path), tmp_path / "out")
    review = tmp_path / "out" / "review"
    assert drawn_at_close == ["archive/notes.json"]  # every file read had its page drawn as it was read
    pages = _pages(review)
    assert len(pages) == 1 + 7  # the index and one page per document (the copy has none of its own)
    copy_doc = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("source_path")
    page = pages[f"{page_name(copy_doc.loc['archive/z_copy.txt'].doc_id)}.html"].decode("utf-8")
    title = lxml.html.fromstring(page).xpath("//h1/text()")[0]
    assert title == f"archive/{TEMPLATES[0].name}；archive/z_copy.txt"
    for p in review.glob("*.html"):
        p.unlink()
    assert review_main(tmp_path / "out", stderr=io.StringIO()) == 0
    assert _pages(review) == pages


def test_a_file_that_kills_its_worker_gets_its_page_at_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drawn_at_close: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(FAULTS_ENV, "1")
    src = _corpus(tmp_path, {"__crash__.txt": TEMPLATES[3]})
    _run(src.relative_to(tmp_path), tmp_path / "out", timeout_s=10)
    assert sorted(drawn_at_close) == ["archive/__crash__.txt", "archive/notes.json"]
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("source_path")
    crashed = docs.loc["archive/__crash__.txt"]
    assert crashed.status == "failed"
    review = tmp_path / "out" / "review"
    page = (review / f"{page_name(crashed.doc_id)}.html").read_text("utf-8")
    assert "worker crashed" in page
    pages = _pages(review)
    assert review_main(tmp_path / "out", stderr=io.StringIO()) == 0
    assert _pages(review) == pages


def test_a_page_that_hangs_is_stopped_by_the_time_limit_and_the_rows_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drawn_at_close: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(FAULTS_ENV, "1")
    src = _corpus(tmp_path, {"__pagehang__.txt": TEMPLATES[3]})
    _run(src.relative_to(tmp_path), tmp_path / "out", timeout_s=1.5)
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("source_path")
    hung = docs.loc["archive/__pagehang__.txt"]
    assert hung.status == "ok" and hung.form_count > 0  # the document's rows are not the page's
    name = page_name(hung.doc_id)
    assert not (tmp_path / "out" / "review" / f"{name}.html").exists()
    assert drawn_at_close == ["archive/notes.json"]  # the hung page is not tried again at close
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert manifest["review_problems"] == [f"{name}.html: page not drawn (timed out after 1.5 s)"]
    index = lxml.html.fromstring((tmp_path / "out" / "review" / "index.html").read_text("utf-8"))
    row = index.xpath(f'//tr[@data-doc="{hung.doc_id}"]')[0]
    assert not row.xpath(f'.//a[@href="{name}.html"]')  # listed, without a link to a page
