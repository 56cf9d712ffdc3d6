"""Every hostile file through ``process_bytes``: the right status, a one-line error that says what is
wrong, good data still read where the file is only odd, nothing fetched, nothing written, no secret out."""

from __future__ import annotations

import dataclasses
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_files import CASES, SAMPLE_DOCX, SAMPLE_TXT, SECRET, Case, Context
from jixiao.normalize.records import DocumentResult

from jixiao.pipeline import process_bytes

COMPARED = ("forms", "funds", "fund_breakdown", "indicators", "values")
GOOD = {"txt": SAMPLE_TXT, "docx": SAMPLE_DOCX}
_good_cache: dict[str, DocumentResult] = {}


def good(kind: str) -> DocumentResult:
    if kind not in _good_cache:
        path = GOOD[kind]
        _good_cache[kind] = process_bytes(path.read_bytes(), path.name)
    return _good_cache[kind]


def tables_without_ids(result: DocumentResult) -> dict[str, list[tuple[object, ...]]]:
    """The compared tables with document-specific ids blanked (ids hash the bytes, which differ)."""
    out: dict[str, list[tuple[object, ...]]] = {}
    for name in COMPARED:
        rows = []
        for row in getattr(result, name):
            values = dataclasses.asdict(row)
            for key in ("doc_id", "form_id"):
                values.pop(key, None)
            rows.append(tuple(values.items()))
        out[name] = rows
    return out


def notes(result: DocumentResult) -> list[str]:
    return [a.message for a in result.anomalies if a.rule == "document.note"]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_hostile_file_is_accounted_for(case: Case, ctx: Context) -> None:
    data = case.build(ctx)
    t0 = time.perf_counter()
    result = process_bytes(data, case.name)
    elapsed = time.perf_counter() - t0
    doc = result.document
    assert doc.status == case.status, doc.error
    if case.status == "failed":
        assert doc.error is not None and case.says in doc.error
        assert "\n" not in doc.error and "internal error" not in doc.error
        assert len(doc.error) <= 500
    elif case.says:
        assert any(case.says in n for n in notes(result)), notes(result)
    if case.same_tables_as:
        assert tables_without_ids(result) == tables_without_ids(good(case.same_tables_as))
    assert elapsed < 10, f"{case.name} took {elapsed:.1f} s"


def test_no_secret_in_any_row(ctx: Context) -> None:
    """XXE cases point at a local file; its content must appear in no field of any table."""
    for case in CASES:
        result = process_bytes(case.build(ctx), case.name)
        for table in ("documents", *COMPARED, "report_sections", "anomalies", "residuals", "facts"):
            for row in getattr(result, table):
                assert SECRET not in repr(row), (case.name, table)


@pytest.fixture()
def http_server() -> Iterator[tuple[str, list[str]]]:
    """A loopback server that records every request it gets (there must be none)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"fetched")

        def log_message(self, *_: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", hits
    finally:
        server.shutdown()
        server.server_close()


def test_external_relationships_are_recorded_never_fetched(
    ctx: Context, http_server: tuple[str, list[str]]
) -> None:
    url, hits = http_server
    case = next(c for c in CASES if c.name == "external_rels.docx")
    result = process_bytes(case.build(dataclasses.replace(ctx, server_url=url)), case.name)
    recorded = [n for n in notes(result) if "external relationship ignored" in n]
    assert [n.split(" (")[-1] for n in recorded] == ["image)", "attachedTemplate)", "oleObject)"]
    assert any(url in n for n in recorded)
    assert hits == []


def test_path_traversal_names_are_never_extracted(
    ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    case = next(c for c in CASES if c.name == "path_traversal.docx")
    result = process_bytes(case.build(ctx), case.name)
    assert result.document.status == "partial"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b"]
    assert not Path("/tmp/jixiao-evil.txt").exists()
