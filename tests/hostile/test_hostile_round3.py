"""Third round of the hostile families (issue 18): new variants, each built here.

Each test names what it found failing before its fix (or, for a check's shape, what it holds).
"""

from __future__ import annotations

import codecs
import io
import os
import signal
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from jixiao.extract import ooxml
from jixiao.extract.errors import FormatError
from jixiao.extract.xlsx_source import read_xlsx_layout

ROOT = Path(__file__).resolve().parents[2]
XLSX_SAMPLE = ROOT / "samples" / "templates" / "label_variants_a_xlsx.xlsx"


def _rezip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, blob in parts.items():
            zf.writestr(name, blob)
    return buf.getvalue()


def _sample_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(XLSX_SAMPLE) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


# --- the workbook pre-check: one pass, one DTD check ------------------------------------------------


def test_the_workbook_check_inflates_each_member_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """It inflated each member up to three times (DTD scan, XML sniff, merge count)."""
    inflated: Counter[str] = Counter()
    real = ooxml._inflate

    def counting(raw: bytes | memoryview, declared: int, name: str) -> bytes:
        inflated[name] += 1
        return real(raw, declared, name)

    monkeypatch.setattr(ooxml, "_inflate", counting)
    parts = {**_sample_parts(), "xl/media/image1.bin": b"\x89PNG" + bytes(range(256)) * 40}
    from jixiao.extract.xlsx_source import _check_package

    _check_package(_rezip(parts))
    assert set(inflated) == set(parts) and set(inflated.values()) == {1}


@pytest.mark.parametrize(
    "dtd",
    [
        pytest.param(b'<!DOCTYPE x [<!ENTITY a "b">]>', id="doctype"),
        pytest.param(b'<!ENTITY a "b">', id="entity-alone"),
        pytest.param('<!DOCTYPE x [<!ENTITY a "b">]>'.encode("utf-16-le"), id="utf16"),
    ],
)
@pytest.mark.parametrize("part", ["xl/styles.xml", "xl/media/image1.bin", "docProps/custom.dat"])
def test_a_dtd_in_any_workbook_member_is_refused_by_the_one_check(dtd: bytes, part: str) -> None:
    parts = _sample_parts()
    parts[part] = b" " * 70_000 + dtd + parts.get(part, b"<x/>")  # past any fixed head
    with pytest.raises(FormatError, match="contains a DTD"):
        read_xlsx_layout(_rezip(parts))


# --- HTML form fields -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "shown"),
    [
        pytest.param('<input type="money" value="321.01">', "321.01", id="unknown-type-is-a-text-box"),
        pytest.param('<input type="EMAIL " value="a@b.cn">', "a@b.cn", id="email"),
        pytest.param('<input type="date" value="2023-12-31">', "2023-12-31", id="date"),
        pytest.param("<input type=url value='http://x.cn/a'>", "http://x.cn/a", id="url-unquoted-type"),
        pytest.param('<input value="98.5%">', "98.5%", id="no-type"),
        pytest.param('<input type="hidden" value="secret">', "", id="hidden-not-shown"),
        pytest.param('<input type="checkbox" value="on" checked>', "", id="checkbox-not-shown"),
    ],
)
def test_an_input_shows_its_value_as_a_browser_does(field: str, shown: str) -> None:
    """Only text/number/tel/search values were read: type="money" (drawn as a text box by every
    browser), date, email or url values vanished with no note."""
    from jixiao.extract.html_source import read_html_layout

    page = f"<html><body><table><tr><td>年初预算数</td><td>{field}</td></tr></table></body></html>"
    assert [t for t, _ in read_html_layout(page.encode()).iter_text()] == ["年初预算数", shown]


# --- a wrong <meta charset> that decodes without error ------------------------------------------------

_PAGE = "<html><head><meta charset='{}'></head><body><p>{}</p><p>{}</p></body></html>"


@pytest.mark.parametrize(
    ("declared", "encoding", "lines", "read_as"),
    [
        pytest.param(
            "big5", "gbk", ("部门整体支出绩效自评表，", "预算执行率："), "gb18030", id="gbk-said-big5"
        ),
        pytest.param(
            "euc-kr", "gbk", ("部门整体支出绩效自评表，", "预算执行率："), "gb18030", id="gbk-said-euc-kr"
        ),
        pytest.param(
            "windows-1252", "gbk", ("部门整体支出绩效自评表", "预算执行率"), "gb18030", id="gbk-said-1252"
        ),
        pytest.param(
            "windows-1252", "utf-8", ("部门整体支出绩效自评表", "预算执行率"), "utf-8", id="utf8-said-1252"
        ),
        # the declaration stands where the page is what it says
        pytest.param("big5", "big5", ("部門整體支出績效自評表，", "預算執行率："), "big5", id="real-big5"),
        pytest.param(
            "euc-kr", "euc-kr", ("부문 전체 지출 성과 자체 평가표", "예산 집행률"), "euc_kr", id="real-euc-kr"
        ),
        pytest.param("windows-1252", "cp1252", ("Budget café", "Exécution"), "cp1252", id="real-1252"),
    ],
)
def test_a_declared_legacy_charset_that_misreads_the_page_is_overruled(
    declared: str, encoding: str, lines: tuple[str, str], read_as: str
) -> None:
    """GBK bytes decode without error as Big5, EUC-KR or windows-1252: the page was read as mojibake,
    its form lost, and no note said why."""
    from jixiao.extract.html_source import decode_html

    from jixiao.pipeline import process_bytes

    data = _PAGE.format(declared, *lines).encode(encoding)
    text, got, notes = decode_html(data)
    assert got == read_as and all(line in text for line in lines)
    overruled = [n for n in notes if n.startswith(f"page declares charset {declared} but its bytes are")]
    assert bool(overruled) is (read_as != codecs.lookup(declared).name)
    result = process_bytes(data, "a.html", keep_layout=True)
    assert result.layout is not None and [t for t, _ in result.layout.iter_text()] == list(lines)


# --- what a killed run (or anyone) leaves in OUT/.jixiao --------------------------------------------


@pytest.mark.parametrize(
    ("entry", "kind"),
    [
        pytest.param("tmp-12345", "fifo", id="staging-fifo"),  # rmtree opened it: waited for a writer
        pytest.param("gen-1", "fifo", id="generation-fifo"),
        pytest.param("tmp-12345", "file", id="staging-file"),
        pytest.param("tmp-12345", "link-to-folder", id="staging-link"),
        pytest.param("lock", "link-to-file", id="lock-link"),  # open("wb") truncated the link's target
        pytest.param("lock", "fifo", id="lock-fifo"),  # open("wb") waited for a reader
    ],
)
def test_odd_entries_left_in_the_output_home_neither_hang_nor_reach_outside(
    tmp_path: Path, entry: str, kind: str
) -> None:
    (tmp_path / "a.txt").write_bytes((ROOT / "samples" / "lukou_xunchaban_2023.txt").read_bytes())
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("precious", encoding="utf-8")
    home = tmp_path / "out" / ".jixiao"
    home.mkdir(parents=True)
    path = home / entry
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "file":
        path.write_text("x", encoding="utf-8")
    else:
        path.symlink_to(mine if kind == "link-to-folder" else mine / "keep.txt")
    cmd = [sys.executable, "-m", "jixiao", "extract", "a.txt", "-o", "out", "--jobs", "1", "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and not done.stderr, done.stderr
    assert (mine / "keep.txt").read_text(encoding="utf-8") == "precious"
    assert (tmp_path / "out" / "documents.csv").is_file()
    assert entry == "lock" or not os.path.lexists(path)


@pytest.mark.parametrize("name", ["forms.parquet", "documents.parquet", "manifest.json"])
def test_a_previous_table_replaced_by_a_fifo_is_refused_not_waited_on(tmp_path: Path, name: str) -> None:
    """--incremental handed the FIFO to Arrow's reader, which waited for a writer for good; no signal
    could stop it (SIGTERM too waited)."""
    (tmp_path / "a.txt").write_bytes((ROOT / "samples" / "lukou_xunchaban_2023.txt").read_bytes())
    cmd = [sys.executable, "-m", "jixiao", "extract", "a.txt", "-o", "out", "--jobs", "1", "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(cmd, cwd=tmp_path, env=env, check=True, capture_output=True, timeout=120)
    table = (tmp_path / "out" / name).resolve()
    table.unlink()
    os.mkfifo(table)
    with open(tmp_path / "err.txt", "w+", encoding="utf-8") as err:
        proc = subprocess.Popen(
            [*cmd, "--incremental"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
        try:
            code = proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("the run waited on the FIFO")
        err.seek(0)
        said = err.read()
    assert code == 3 and said.count("\n") == 1 and f"{name} is not a regular file" in said, said
