"""Legacy office files through LibreOffice: the sample's Word twin saved as .doc/.rtf (by LibreOffice, at
test time) gives the .docx's contract tables; .xls likewise for a workbook; failures are one row each.

Tests that need LibreOffice skip with the reason where it is missing (``make system-deps`` installs it).
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from jixiao.extract import office_convert
from jixiao.extract.errors import FormatError, LimitError
from jixiao.extract.office_convert import convert_bytes, read_office_layout
from jixiao.extract.xlsx_source import read_xlsx_layout
from office_twins import convert_with_soffice, lukou_twin, soffice_or_skip
from sample_paths import LUKOU_DOCX, TWIN_TABLES

import jixiao
from jixiao.pipeline import process_bytes, sniff_format


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[c for c in ("doc_id", "form_id") if c in frame.columns]).reset_index(drop=True)


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, pd.DataFrame]]:
    root = Path(tmp_path_factory.getbasetemp())
    out = {"docx": jixiao.read_file(LUKOU_DOCX)}
    for ext in ("doc", "rtf"):
        out[ext] = jixiao.read_file(lukou_twin(ext, root))
    return out


@pytest.mark.parametrize("ext", ["doc", "rtf"])
@pytest.mark.parametrize("table", TWIN_TABLES)
def test_word_twin_saved_by_libreoffice_gives_the_docx_tables(twins, ext: str, table: str) -> None:  # type: ignore[no-untyped-def]
    # Locations too: the converted file has the same tables, rows and cells as the original.
    pd.testing.assert_frame_equal(_comparable(twins["docx"][table]), _comparable(twins[ext][table]))


@pytest.mark.parametrize("ext", ["doc", "rtf"])
def test_documents_row_keeps_the_original_format_and_bytes(twins, ext: str, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    doc = twins[ext]["documents"].iloc[0]
    data = lukou_twin(ext, Path(tmp_path_factory.getbasetemp())).read_bytes()
    assert (doc.source_format, doc.status, doc.form_count) == (ext, "ok", 2)
    assert doc.doc_id == hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def doc_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return lukou_twin("doc", Path(tmp_path_factory.getbasetemp())).read_bytes()


def _workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目表"
    ws["A1"] = "项目支出绩效自评表"
    ws.merge_cells("A1:C1")
    ws["A2"], ws["B2"], ws["C2"] = "年度资金总额", 80, "79.98852.24"
    ws["A3"], ws["B3"] = "其中：当年财政拨款", 80
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xls_reads_like_the_xlsx_it_was_saved_from(tmp_path: Path) -> None:
    source = tmp_path / "form.xlsx"
    source.write_bytes(_workbook())
    xls = convert_with_soffice(source, "xls", tmp_path).read_bytes()
    assert sniff_format(xls, "upload.bin") == "xls"
    expected = read_xlsx_layout(source.read_bytes())
    got = read_office_layout(xls, "xls")
    assert got.source_format == "xls"
    assert got.iter_text() == expected.iter_text()


def test_kingsoft_names_read_as_their_office_twins(tmp_path: Path, doc_bytes: bytes) -> None:
    # WPS Office saves .wps/.et in the Word/Excel 97 formats: a .doc named .wps reads as the .doc does.
    (doc,) = process_bytes(doc_bytes, "2011/自评.wps").documents
    assert (doc.source_format, doc.status, doc.form_count) == ("wps", "ok", 2)
    source = tmp_path / "form.xlsx"
    source.write_bytes(_workbook())
    xls = convert_with_soffice(source, "xls", tmp_path).read_bytes()
    assert sniff_format(xls, "2011/表.et") == "et"
    assert read_office_layout(xls, "et").iter_text() == read_xlsx_layout(source.read_bytes()).iter_text()


@pytest.mark.parametrize(
    ("head", "name", "fmt"),
    [
        (b"\xd0\xcf\x11\xe0" + "WordDocument".encode("utf-16-le"), "a.doc", "doc"),
        (b"\xd0\xcf\x11\xe0" + "WordDocument".encode("utf-16-le"), "no-extension", "doc"),
        (b"\xd0\xcf\x11\xe0" + "WordDocument".encode("utf-16-le"), "kingsoft.wps", "wps"),
        (b"\xd0\xcf\x11\xe0" + "Workbook".encode("utf-16-le"), "x.bin", "xls"),
        (b"\xd0\xcf\x11\xe0" + "Workbook".encode("utf-16-le"), "kingsoft.et", "et"),
        (b"\xd0\xcf\x11\xe0" + "EncryptedPackage".encode("utf-16-le"), "locked.docx", "docx"),
        (b"{\\rtf1\\ansi ...", "letter.doc", "rtf"),
        (b"{\\rtf1\\ansi ...", "x", "rtf"),
    ],
)
def test_office_formats_sniffed(head: bytes, name: str, fmt: str) -> None:
    assert sniff_format(head, name) == fmt


def test_missing_libreoffice_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(office_convert.SOFFICE_ENV, str(tmp_path / "no-such-soffice"))
    data = b"\xd0\xcf\x11\xe0" + "WordDocument".encode("utf-16-le")
    (doc,) = process_bytes(data, "2012/自评.doc").documents
    assert (doc.status, doc.source_format) == ("failed", "doc")
    assert "needs LibreOffice: install it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui" in (
        doc.error or ""
    )
    assert "JIXIAO_SOFFICE" in (doc.error or "") and "\n" not in (doc.error or "")


def _own_temp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(office_convert, "_OFFICE", {})  # a fresh office whose profile lives in ``temp``
    return temp


def test_damaged_file_fails_alone_and_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, doc_bytes: bytes
) -> None:
    soffice_or_skip()
    temp = _own_temp(monkeypatch, tmp_path)
    damaged = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8
    with pytest.raises(FormatError, match="LibreOffice could not"):
        convert_bytes(damaged, "doc")
    good = convert_bytes(doc_bytes, "doc")  # the same office goes on
    assert good.startswith(b"PK\x03\x04")
    office = office_convert._OFFICE[os.getpid()]
    assert [p.name for p in temp.iterdir()] == [office.profile.name]  # work folders removed
    office.remove_profile()
    assert list(temp.iterdir()) == []


def test_time_limit_kills_the_office_and_the_next_file_starts_a_new_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, doc_bytes: bytes
) -> None:
    soffice_or_skip()
    _own_temp(monkeypatch, tmp_path)
    data = doc_bytes
    convert_bytes(data, "doc")  # started
    office = office_convert._OFFICE[os.getpid()]
    if office.python is None:
        pytest.skip("no Python with uno (python3-uno): each file runs its own soffice")
    first = office.bridge
    monkeypatch.setattr(office_convert, "CONVERT_SECONDS", 0.001)
    with pytest.raises(LimitError, match="LibreOffice took over"):
        convert_bytes(data, "doc")
    assert office.bridge is None and first is not None and first.poll() is not None
    monkeypatch.setattr(office_convert, "CONVERT_SECONDS", 40.0)
    assert convert_bytes(data, "doc").startswith(b"PK\x03\x04")
    office.remove_profile()


def test_a_batch_of_doc_files_with_two_workers(tmp_path: Path, doc_bytes: bytes) -> None:
    from jixiao.batch import BatchOptions, run_batch

    doc = doc_bytes
    folder = tmp_path / "archive"
    folder.mkdir()
    for n in range(4):  # different bytes, one form each way: a trailing byte changes only the doc_id
        (folder / f"{n}.doc").write_bytes(doc + bytes([n]) * n)
    (folder / "broken.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    summary = run_batch(
        [str(folder)], tmp_path / "out", BatchOptions(jobs=2, formats=("csv",), progress=False)
    )
    documents = pd.read_csv(tmp_path / "out" / "documents.csv")
    statuses = dict(zip(documents.source_path.str.rsplit("/", n=1).str[-1], documents.status, strict=True))
    assert statuses == {"0.doc": "ok", "1.doc": "ok", "2.doc": "ok", "3.doc": "ok", "broken.doc": "failed"}
    assert summary.failed == 1
