"""Other members of the hostile families (issue 18): special files and links named on the command line
as well as found in a folder, zips with other methods, names and member kinds, workbooks whose parts
hide a DTD or a giant merge behind another name or spelling, outputs that are links. Each builds its
files here, runs the command once and checks every row, the exit code and that outputs stay valid."""

from __future__ import annotations

import bz2
import io
import os
import shutil
import socket
import stat
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import lxml.html
import openpyxl
import pandas as pd
import pytest
from hostile_files import SAMPLE_TXT, Member, deflate, deflate_stream, forge_zip
from jixiao.extract.errors import FormatError, LimitError
from jixiao.extract.xlsx_source import merge_area, read_xlsx_layout

ROOT = Path(__file__).resolve().parents[2]
XLSX_SAMPLE = ROOT / "samples" / "templates" / "label_variants_a_xlsx.xlsx"


def _run(args: list[str], out: Path, cwd: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "jixiao", "extract", *args, "-o", str(out), "--jobs", "1", "-q", *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def _rows(out: Path) -> dict[str, tuple[str, str]]:
    docs = pd.read_parquet(out / "documents.parquet")
    return {
        p: (s, e if isinstance(e, str) else "")
        for p, s, e in zip(docs.source_path, docs.status, docs.error, strict=True)
    }


def _outputs_valid(out: Path) -> None:
    book = openpyxl.load_workbook(out / "jixiao.xlsx", read_only=True)
    for ws in book.worksheets:
        for _ in ws.iter_rows(values_only=True):
            pass
    for page in (out / "review").rglob("*.html"):
        assert lxml.html.fromstring(page.read_bytes().decode("utf-8")) is not None


# --- special files and links ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def special_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    base = tmp_path_factory.mktemp("special")
    batch = base / "batch"
    batch.mkdir()
    shutil.copy(SAMPLE_TXT, batch / "good.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(batch / "sock.txt"))  # a socket inside the folder
    os.mkfifo(base / "fifo_arg.txt")  # FIFO named on the command line
    (batch / "chain1.txt").symlink_to("chain2.txt")  # chain of relative links to a file inside
    (batch / "chain2.txt").symlink_to("good.txt")
    (batch / "zz.txt").symlink_to("zz2.txt")  # a link to a link to /dev/zero
    (batch / "zz2.txt").symlink_to("/dev/zero")
    (batch / "dangling.txt").symlink_to("nope.txt")
    (base / "outside").mkdir()
    shutil.copy(SAMPLE_TXT, base / "outside" / "o.txt")
    (batch / "outdir").symlink_to("../outside")  # a folder outside the roots
    (batch / "self").symlink_to(".")
    (base / "dangling_arg.txt").symlink_to("nothere.txt")
    (base / "loop_arg.txt").symlink_to("loop_arg.txt")  # a loop named on the command line: was a traceback
    args = ["batch", "fifo_arg.txt", "dangling_arg.txt", "loop_arg.txt", "/dev/null"]
    done = _run(args, base / "out", base)
    server.close()
    return done, base / "out"


SPECIAL = [
    ("batch/good.txt", "ok", ""),
    ("batch/sock.txt", "skipped", "a socket, not a regular file; not read"),
    ("fifo_arg.txt", "skipped", "a FIFO (named pipe), not a regular file; not read"),
    ("batch/zz.txt", "skipped", "outside the input folders"),
    ("batch/zz2.txt", "skipped", "outside the input folders"),
    ("batch/dangling.txt", "skipped", "broken link"),
    ("batch/outdir", "skipped", "link to a folder outside the input folders"),
    ("batch/self", "skipped", "link loop"),
    ("dangling_arg.txt", "skipped", "broken link"),
    ("loop_arg.txt", "skipped", "link loop"),
    ("null", "skipped", "a character device, not a regular file; not read"),
]


@pytest.mark.parametrize(("path", "status", "says"), [pytest.param(*c, id=c[0]) for c in SPECIAL])
def test_special_files_named_or_found_are_rows(
    special_run: tuple[subprocess.CompletedProcess[str], Path], path: str, status: str, says: str
) -> None:
    done, out = special_run
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    rows = _rows(out)
    assert rows[path][0] == status and says in rows[path][1], rows.get(path)
    assert "\n" not in rows[path][1]


def test_links_to_a_file_inside_are_that_file_once(
    special_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, out = special_run
    rows = _rows(out)
    assert not any(p.startswith("batch/chain") for p in rows)  # the same file as good.txt: read once
    assert not any("outside/o.txt" in p for p in rows)
    _outputs_valid(out)


# --- zips -----------------------------------------------------------------------------------------


def _zip_with(entries: list[tuple[str, int, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, mode, payload in entries:
            info = zipfile.ZipInfo(name)
            info.external_attr, info.create_system = mode << 16, 3
            zf.writestr(info, payload)
    return buf.getvalue()


def _zips(data: bytes) -> dict[str, bytes]:
    lzma_zip = io.BytesIO()
    with zipfile.ZipFile(lzma_zip, "w", zipfile.ZIP_LZMA) as zf:
        zf.writestr("a.txt", data)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("in.txt", data)
    nested = io.BytesIO()
    with zipfile.ZipFile(nested, "w") as zf:
        zf.writestr("inner.ZIP", inner.getvalue())
    big = b"\0" * (8 << 20)
    bomb, crc, _ = deflate_stream(b"\0" * (1 << 20), 16)
    encrypted = bytearray(forge_zip([Member("enc.txt", data)]))
    encrypted[6] |= 1
    encrypted[encrypted.index(b"PK\x01\x02") + 8] |= 1
    return {
        "lzma.zip": lzma_zip.getvalue(),
        "deflate64.zip": forge_zip([Member("a.txt", b"\0" * 50, 9, 0, 100)]),
        "bz2bomb.zip": forge_zip(
            [Member("a.txt", bz2.compress(big, 9), zipfile.ZIP_BZIP2, zlib.crc32(big), 4096)]
        ),
        "deflbomb.zip": forge_zip([Member("a.txt", bomb, zipfile.ZIP_DEFLATED, crc, 4096)]),
        "storedlie.zip": forge_zip([Member("s.txt", data, zipfile.ZIP_STORED, None, 10)]),
        "declbig.zip": forge_zip(
            [Member("a.txt", deflate(data), zipfile.ZIP_DEFLATED, zlib.crc32(data), 200 << 20)]
        ),
        "nested.zip": nested.getvalue(),
        "names.zip": forge_zip(
            [
                Member(n, data + n.encode())
                for n in ("../../up.txt", "/abs/x.txt", "C:\\w\\y.txt", "a/../../z.txt", "")
            ]
            + [Member("dir/", b"")]
        ),
        "dup.zip": forge_zip([Member("same.txt", data), Member("same.txt", data + b"\n\xe5\x8f\xa6\n")]),
        "kinds.zip": _zip_with(
            [
                ("link.txt", stat.S_IFLNK | 0o777, b"/etc/passwd"),
                ("fifo.txt", stat.S_IFIFO | 0o644, b""),
                ("dev.txt", stat.S_IFCHR | 0o644, b""),
                ("ok.txt", stat.S_IFREG | 0o644, data + b"\n5"),
            ]
        ),
        "empty.zip": b"PK\x05\x06" + b"\0" * 18,
        "encrypted.zip": bytes(encrypted),
    }


ZIP_ROWS = [
    ("lzma.zip!/a.txt", "failed", "compressed with lzma"),
    ("deflate64.zip!/a.txt", "failed", "compressed with deflate64"),
    ("bz2bomb.zip!/a.txt", "failed", "inflates past its declared 4,096 bytes"),
    ("deflbomb.zip!/a.txt", "failed", "inflates past its declared 4,096 bytes"),
    ("storedlie.zip!/s.txt", "failed", "inflates past its declared 10 bytes"),
    ("declbig.zip!/a.txt", "failed", "refused as a zip bomb"),
    ("nested.zip!/inner.ZIP", "failed", "nested archive"),
    ("names.zip!/../../up.txt", "failed", "unsafe member name"),
    ("names.zip!/abs/x.txt", "failed", "unsafe member name"),
    ("names.zip!/C:/w/y.txt", "failed", "unsafe member name"),
    ("names.zip!/a/../../z.txt", "failed", "unsafe member name"),
    ("names.zip!/", "skipped", "empty name"),  # crashed the walk (IndexError in zipfile)
    ("dup.zip!/same.txt", "ok", ""),
    ("dup.zip!/same (2).txt", "ok", ""),  # one name twice in a zip: the second member was lost
    ("kinds.zip!/link.txt", "skipped", "a symbolic link inside the archive"),
    ("kinds.zip!/fifo.txt", "skipped", "a FIFO (named pipe) inside the archive"),
    ("kinds.zip!/dev.txt", "skipped", "a character device inside the archive"),
    ("kinds.zip!/ok.txt", "ok", ""),
    ("empty.zip", "failed", "empty archive"),  # had no row at all
    ("encrypted.zip!/enc.txt", "failed", "encrypted"),
]


@pytest.fixture(scope="module")
def zip_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    base = tmp_path_factory.mktemp("zips")
    batch = base / "z"
    batch.mkdir()
    for name, blob in _zips(SAMPLE_TXT.read_bytes()).items():
        (batch / name).write_bytes(blob)
    return _run(["z"], base / "out", base), base / "out"


@pytest.mark.parametrize(("path", "status", "says"), [pytest.param(*c, id=c[0]) for c in ZIP_ROWS])
def test_zip_variants_each_have_their_row(
    zip_run: tuple[subprocess.CompletedProcess[str], Path], path: str, status: str, says: str
) -> None:
    done, out = zip_run
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    rows = _rows(out)
    got = rows.get(f"z/{path}")
    assert got is not None and got[0] == status and says in got[1], (got, sorted(rows))


def test_zip_variants_leave_valid_outputs_and_no_stray_rows(
    zip_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, out = zip_run
    assert sorted(_rows(out)) == sorted(f"z/{p}" for p, _, _ in ZIP_ROWS)
    _outputs_valid(out)


# --- workbooks: what the pre-checks must see whatever the part is called or how it is spelled ------

LAUGHS = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
WHOLE = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'


def _xlsx(sheet_name: str = "xl/worksheets/sheet1.xml", *, merge: bytes = b"", dtd: bool = False) -> bytes:
    with zipfile.ZipFile(XLSX_SAMPLE) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    sheet = parts.pop("xl/worksheets/sheet1.xml")
    if merge:
        sheet = sheet.replace(b"<mergeCells", b"<ignoredM", 1).replace(b"</mergeCells>", b"</ignoredM>")
        sheet = sheet.replace(b"</worksheet>", merge + b"</worksheet>")
    parts[sheet_name] = (LAUGHS if dtd else b"") + sheet
    for meta in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        parts[meta] = parts[meta].replace(b"/xl/worksheets/sheet1.xml", b"/" + sheet_name.encode())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in parts.items():
            zf.writestr(name, blob)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        pytest.param(
            _xlsx("xl/worksheets/sheet1.dat", dtd=True), FormatError, "DTD", id="dtd-in-sheet-not-named-xml"
        ),
        pytest.param(
            _xlsx("xl/worksheets/sheet1.dat", merge=WHOLE), LimitError, "merged", id="merge-sheet-dat"
        ),
        pytest.param(
            _xlsx("xl/worksheets/sheet1.XML", merge=WHOLE), LimitError, "merged", id="merge-sheet-XML"
        ),
        pytest.param(_xlsx("xl/sheets/s.xml", merge=WHOLE), LimitError, "merged", id="merge-other-folder"),
        pytest.param(
            _xlsx(merge=WHOLE.replace(b'ref="', b'ref = "')),
            LimitError,
            "merged",
            id="merge-spaces-around-equals",
        ),
        pytest.param(_xlsx(merge=WHOLE.replace(b":", b"&#58;")), LimitError, "merged", id="merge-char-ref"),
        pytest.param(
            _xlsx(merge=WHOLE.replace(b'"A1:XFD1048576"', b"'A1:XFD1048576'")),
            LimitError,
            "merged",
            id="merge-quote",
        ),
        pytest.param(
            _xlsx(merge=WHOLE.replace(b"A1:XFD1048576", b"A:XFD")), LimitError, "merged", id="whole-cols"
        ),
        pytest.param(
            _xlsx(merge=WHOLE.replace(b"A1:XFD1048576", b"1:1048576")), LimitError, "merged", id="whole-rows"
        ),
    ],
)
def test_workbook_pre_checks_see_every_part_and_spelling(
    data: bytes, error: type[Exception], message: str
) -> None:
    """Each of these reached openpyxl: a DTD in a part not named .xml was read, and a whole-sheet merge
    in a part elsewhere or spelled otherwise ran the worker out of memory (~1 GB, 20 s)."""
    with pytest.raises(error, match=message):
        read_xlsx_layout(data)


def test_merge_area_counts_what_openpyxl_would_expand() -> None:
    assert merge_area(b'<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="C3"/></mergeCells>') == 5
    assert merge_area(b"<x:mergeCell xmlns:x='u' ref='B:C'/>") == 2 * 1_048_576
    assert merge_area(b"\x89PNG not xml") == 0


# --- outputs --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a.txt and ``out``, the output of one run over it (copied by each test)."""
    base = tmp_path_factory.mktemp("published")
    shutil.copy(SAMPLE_TXT, base / "a.txt")
    assert _run(["a.txt"], base / "out", base).returncode == 0
    return base


def _copy_published(published: Path, tmp_path: Path) -> Path:
    shutil.copy(published / "a.txt", tmp_path / "a.txt")
    shutil.copytree(published / "out", tmp_path / "out", symlinks=True)  # its links are relative
    return tmp_path / "out"


def test_an_output_path_that_is_a_link_loop_is_exit_3_in_one_line(tmp_path: Path) -> None:
    shutil.copy(SAMPLE_TXT, tmp_path / "a.txt")
    (tmp_path / "loop").symlink_to("loop")
    done = _run(["a.txt"], tmp_path / "loop", tmp_path)
    assert done.returncode == 3 and done.stderr.strip().count("\n") == 0, done.stderr
    assert "link loop" in done.stderr and "Traceback" not in done.stderr


def test_an_incremental_rerun_with_nothing_new_exits_0_and_counts_kept_rows(tmp_path: Path) -> None:
    """Exit 1 said some file failed, and the line read '(0 ok, …)', when every row was kept."""
    shutil.copy(SAMPLE_TXT, tmp_path / "a.txt")
    assert _run(["a.txt"], tmp_path / "out", tmp_path).returncode == 0
    again = _run(["a.txt"], tmp_path / "out", tmp_path, "--incremental")
    assert again.returncode == 0, again.stderr
    assert "1 kept" in again.stdout and _rows(tmp_path / "out")["a.txt"][0] == "ok"


# --- text that reaches the workbook and the review pages ------------------------------------------


def test_forbidden_characters_in_file_names_and_fields_keep_outputs_valid(tmp_path: Path) -> None:
    batch = tmp_path / "in"
    batch.mkdir()
    text = SAMPLE_TXT.read_text("utf-8")
    (batch / "unit.txt").write_text(
        text.replace("区委巡察办", "区委巡察办\x0b\x1f\uffff", 1), encoding="utf-8"
    )
    (batch / "name\x01\x1b.txt").write_text(text + "\n1", encoding="utf-8")
    (batch / "name\uffff\u202e.txt").write_text(text + "\n2", encoding="utf-8")
    with open(os.path.join(bytes(batch), b"\xff\xfe\x80bad.txt"), "wb") as fh:  # surrogate escapes
        fh.write((text + "\n3").encode())
    done = _run(["in"], tmp_path / "out", tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert len(_rows(tmp_path / "out")) == 4
    _outputs_valid(tmp_path / "out")
    for page in (tmp_path / "out" / "review").rglob("*.html"):
        body = page.read_text("utf-8")
        assert not any(ch in body for ch in "\x01\x0b\x1b\x1f\uffff"), page.name


# --- Word: grid numbers that are 1 KB in the XML and 10^12 slots in the grid ----------------------


def _word_table(rows: str) -> bytes:
    from hostile_files import document, minimal_docx, para

    return minimal_docx(document(para("附件3") + f"<w:tbl>{rows}</w:tbl>"))


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(
            '<w:tr><w:trPr><w:gridBefore w:val="1000000000000"/></w:trPr>' + _tc("a") + "</w:tr>", id="before"
        ),
        pytest.param(
            '<w:tr><w:trPr><w:gridAfter w:val="999999999999"/></w:trPr>' + _tc("a") + "</w:tr>", id="after"
        ),
        pytest.param(
            "<w:tr>" + _tc("a", '<w:gridSpan w:val="1000000000"/><w:vMerge w:val="restart"/>') + "</w:tr>"
            "<w:tr>" + _tc("", '<w:gridSpan w:val="1000000000"/><w:vMerge/>') + "</w:tr>",
            id="merged-span",
        ),
        pytest.param(
            ("<w:tr>" + _tc("x", '<w:gridSpan w:val="100000"/>') * 30 + "</w:tr>") * 30, id="many-wide"
        ),
    ],
)
def test_gigantic_word_grids_are_refused_when_read(rows: str) -> None:
    """They were read 'ok'; the review page then walked the grid slot by slot until the time limit
    (gridBefore=10^12: 60 s of a worker for a 1 KB file, on every run)."""
    from jixiao.pipeline import process_bytes

    got = process_bytes(_word_table(rows), "g.docx")
    assert got.document.status == "failed"
    assert got.document.error == "Word tables span more than 1,000,000 grid slots (refused)"


def test_an_ordinary_word_grid_is_read() -> None:
    from jixiao.pipeline import process_bytes

    row = (
        '<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>'
        + _tc("项目", '<w:gridSpan w:val="3"/>')
        + "</w:tr>"
    )
    got = process_bytes(_word_table(row * 50), "g.docx")
    assert got.document.status != "failed", got.document.error


@pytest.mark.parametrize("table", ["documents", "forms", "funds"])
def test_a_previous_table_of_another_shape_is_refused_not_a_traceback(
    published: Path, tmp_path: Path, table: str
) -> None:
    """A table swapped for another Parquet file with the manifest's row count passed the check and
    crashed the incremental run (KeyError: 'doc_id')."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = _copy_published(published, tmp_path)
    path = Path(os.path.realpath(out / ".jixiao" / "current")) / f"{table}.parquet"
    rows = pq.read_metadata(path).num_rows
    path.unlink()
    pq.write_table(pa.table({"x": list(range(rows))}), path)
    before = path.read_bytes()
    (tmp_path / "b.txt").write_bytes(SAMPLE_TXT.read_bytes() + b"\nb")
    done = _run(["a.txt", "b.txt"], out, tmp_path, "--incremental")
    assert done.returncode == 3 and "Traceback" not in done.stderr, done.stderr
    assert f"{table}.parquet does not have the columns" in done.stderr
    assert (out / f"{table}.parquet").read_bytes() == before  # the previous output is left as it was


def test_output_folder_given_as_the_input_says_why_nothing_was_read(tmp_path: Path) -> None:
    shutil.copy(SAMPLE_TXT, tmp_path / "a.txt")
    done = _run(["."], tmp_path, tmp_path)  # cd archive && jixiao extract . -o .
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "is the output folder or an earlier jixiao output: never read as input" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # nothing written


def test_a_fifo_put_in_an_archives_place_after_the_walk_is_not_read(tmp_path: Path) -> None:
    """The archive was opened with a blocking open(): the parent hung hashing its members."""
    from jixiao.inputs import close_archives, find_inputs, hash_item, read_item, unread_doc_id

    archive = tmp_path / "a.zip"
    archive.write_bytes(forge_zip([Member("a.txt", SAMPLE_TXT.read_bytes())]))
    (item,) = find_inputs([str(archive)]).items
    close_archives()
    archive.unlink()
    os.mkfifo(archive)
    assert hash_item(item) == unread_doc_id(item.source_path)
    with pytest.raises(OSError, match="FIFO"):
        read_item(item)


def test_an_archive_read_from_its_members_is_closed_with_them(tmp_path: Path) -> None:
    from jixiao.inputs import close_archives, find_inputs, read_item

    archive = tmp_path / "a.zip"
    archive.write_bytes(forge_zip([Member("a.txt", b"x"), Member("b.txt", b"y")]))
    items = find_inputs([str(archive)]).items
    assert [read_item(i) for i in items] == [b"x", b"y"]
    before = len(os.listdir("/proc/self/fd"))
    close_archives()
    assert len(os.listdir("/proc/self/fd")) == before - 1


def test_one_member_name_that_is_not_utf8_loses_only_that_member(tmp_path: Path) -> None:
    from jixiao.inputs import find_inputs

    blob = forge_zip([Member("ok.txt", b"x"), Member("badXX.txt", b"y")])
    (tmp_path / "a.zip").write_bytes(blob.replace(b"badXX", b"b\xff\xfeXd"))  # UTF-8 flag set, not UTF-8
    found = find_inputs([str(tmp_path / "a.zip")])
    assert any(i.source_path.endswith("a.zip!/ok.txt") and i.refused is None for i in found.items)


@pytest.mark.parametrize("target", ["elsewhere", "nowhere", "loop"])
def test_a_current_link_pointing_elsewhere_is_replaced_and_its_target_left_alone(
    published: Path, tmp_path: Path, target: str
) -> None:
    out = _copy_published(published, tmp_path)
    mine = tmp_path / "elsewhere"
    mine.mkdir()
    (mine / "precious.txt").write_text("keep me", encoding="utf-8")
    current = out / ".jixiao" / "current"
    current.unlink()
    current.symlink_to({"elsewhere": str(mine), "nowhere": "gen-none", "loop": "current"}[target])
    for extra in ((), ("--incremental",)):
        done = _run(["a.txt"], out, tmp_path, *extra)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (extra, done.stderr)
        assert _rows(out)["a.txt"][0] == "ok"
    assert sorted(p.name for p in mine.iterdir()) == ["precious.txt"]
    assert (mine / "precious.txt").read_text(encoding="utf-8") == "keep me"
    _outputs_valid(out)


def test_forbidden_characters_from_html_character_references_are_noted() -> None:
    """The note was made for decoded bytes only: ``&#1;`` in a page reached the tables silently ('ok')."""
    from jixiao.pipeline import process_bytes

    page = (ROOT / "samples" / "templates" / "extra_columns_html.html").read_text("utf-8")
    got = process_bytes(page.replace("</body>", "<p>备注&#1;&#xFFFF;核对</p></body>").encode(), "a.html")
    assert any("备注\x01\uffff核对" in r.text for r in got.residuals)  # the exact text is kept
    assert got.document.status == "partial"
    assert any("XML 1.0 forbids (first U+0001" in a.message for a in got.anomalies)


@pytest.mark.parametrize("extra", [(), ("--incremental",)], ids=["fresh", "incremental"])
def test_a_current_that_is_a_real_folder_is_published_over(
    published: Path, tmp_path: Path, extra: tuple[str, ...]
) -> None:
    """OUT copied by a tool that follows links: .jixiao/current became a folder, and every later run
    failed (exit 3, 'Is a directory: current.tmp-N -> current') after removing the generation folders."""
    out = _copy_published(published, tmp_path)
    current = out / ".jixiao" / "current"
    real = Path(os.path.realpath(current))
    current.unlink()
    shutil.copytree(real, current)
    shutil.rmtree(real)
    done = _run(["a.txt"], out, tmp_path, *extra)
    assert done.returncode == 0, done.stderr
    assert current.is_symlink() and _rows(out)["a.txt"][0] == "ok"
    assert len([p for p in (out / ".jixiao").iterdir() if p.name.startswith("gen-")]) == 1
    _outputs_valid(out)


def test_a_run_killed_while_it_relinks_current_is_repaired_by_the_next(
    published: Path, tmp_path: Path
) -> None:
    out = _copy_published(published, tmp_path)
    current = out / ".jixiao" / "current"
    real = Path(os.path.realpath(current))
    current.unlink()
    real.rename(out / ".jixiao" / "gen-1-held")  # renamed, the link not yet made: the moment of the kill
    from jixiao.emit.publish import Staging

    Staging(out).abort()  # the next run's staging: the held generation is linked back, not removed
    assert current.is_symlink() and _rows(out)["a.txt"][0] == "ok"


@pytest.mark.parametrize("extra", [(), ("--incremental",)], ids=["fresh", "incremental"])
def test_a_file_of_the_users_where_the_review_folder_goes_stops_the_run_unchanged(
    published: Path, tmp_path: Path, extra: tuple[str, ...]
) -> None:
    """It was overwritten (fresh run), or the run failed with 'Not a directory' (--incremental)."""
    out = _copy_published(published, tmp_path)
    (out / "review").unlink()
    (out / "review").write_text("mine", encoding="utf-8")
    done = _run(["a.txt"], out, tmp_path, *extra)
    assert done.returncode == 3 and "Traceback" not in done.stderr, done.stderr
    assert "is a file that jixiao did not write" in done.stderr
    assert (out / "review").read_text(encoding="utf-8") == "mine"
