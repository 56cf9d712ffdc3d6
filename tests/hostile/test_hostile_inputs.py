"""Inputs that are not plain files, and archives that lie, through the whole command.

Each case builds its files here, runs ``jixiao extract`` and checks that the run ends, writes its
output, gives every file found a documents row that says what happened, and never reads what it
must not (a FIFO, a device, a link leaving the input folder, a member inflating past its size).
"""

from __future__ import annotations

import bz2
import hashlib
import os
import shutil
import subprocess
import sys
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pandas as pd
import pytest
from hostile_files import SAMPLE_TXT, Member, forge_zip

from jixiao.inputs import find_inputs, hash_item, read_item, unread_doc_id

ROOT = Path(__file__).resolve().parents[2]


def _run(inputs: list[str], out: Path, cwd: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    talk = [] if "-v" in extra else ["-q"]
    cmd = [sys.executable, "-m", "jixiao", "extract", *inputs, "-o", str(out), "--jobs", "1", *talk, *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def _rows(out: Path) -> dict[str, tuple[str, str]]:
    docs = pd.read_parquet(out / "documents.parquet")
    return {p: (s, e or "") for p, s, e in zip(docs.source_path, docs.status, docs.error, strict=True)}


def _bzip2_bomb(real: int, declared: int) -> Member:
    """A bzip2 member whose header declares ``declared`` bytes; it inflates to ``real``."""
    data = b"\0" * real
    return Member("bomb.txt", bz2.compress(data, 9), zipfile.ZIP_BZIP2, zlib.crc32(data), declared)


def test_bzip2_member_lying_about_its_size_is_stopped_while_hashing(tmp_path: Path) -> None:
    """A 5 KB bzip2 member declaring 4 KB used to inflate whole in the parent while it was hashed."""
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(forge_zip([_bzip2_bomb(20 * 1024 * 1024, 4096)]))
    assert archive.stat().st_size < 5000
    (item,) = find_inputs([str(archive)]).items
    assert item.refused is None  # the declared sizes look harmless
    tracemalloc.start()
    try:
        digest = hash_item(item)
        with pytest.raises(OSError, match="inflates past its declared 4,096 bytes"):
            read_item(item)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert digest == unread_doc_id(item.source_path)
    assert peak < 2 * 1024 * 1024  # the 20 MB never existed


@pytest.mark.parametrize(
    ("method", "message"),
    [
        pytest.param(zipfile.ZIP_LZMA, "compressed with lzma", id="lzma"),
        pytest.param(93, "compressed with zstd", id="zstd"),
    ],
)
def test_unread_compression_methods_are_refused_with_a_way_out(
    tmp_path: Path, method: int, message: str
) -> None:
    archive = tmp_path / "m.zip"
    archive.write_bytes(forge_zip([Member("a.txt", b"\x09\x04\x05\x00junk", method, 0, 10)]))
    (item,) = find_inputs([str(archive)]).items
    with pytest.raises(OSError, match=message):
        read_item(item)


def test_a_good_bzip2_member_is_read_exactly(tmp_path: Path) -> None:
    data = SAMPLE_TXT.read_bytes()
    archive = tmp_path / "ok.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_BZIP2) as zf:
        zf.writestr("a.txt", data)
        zf.writestr("b.txt", data[:100], compress_type=zipfile.ZIP_DEFLATED)
    items = find_inputs([str(archive)]).items
    assert [read_item(i) for i in items] == [data, data[:100]]
    assert hash_item(items[0]) == hashlib.sha256(data).hexdigest()


def test_a_member_failing_its_crc_is_damaged(tmp_path: Path) -> None:
    archive = tmp_path / "crc.zip"
    archive.write_bytes(forge_zip([Member("a.txt", b"hello", zipfile.ZIP_STORED, crc=1)]))
    (item,) = find_inputs([str(archive)]).items
    with pytest.raises(OSError, match="CRC"):
        read_item(item)


def test_a_folder_of_special_files_finishes_with_a_row_for_each(tmp_path: Path) -> None:
    """FIFO: hung forever. Link loop / link out of the folder: traceback, nothing written. Run from
    the folder above both, the outside file's text reached residuals and the workbook."""
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(SAMPLE_TXT, batch / "good.txt")
    os.mkfifo(batch / "pipe.txt")
    (batch / "loop.txt").symlink_to(batch / "loop.txt")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "private.txt").write_text("PRIVATE-TEXT-91c2 附件1", encoding="utf-8")
    (batch / "private.txt").symlink_to(tmp_path / "elsewhere" / "private.txt")
    (batch / "zero.txt").symlink_to("/dev/zero")
    (batch / "report.ofd").write_bytes(b"PK\x03\x04")  # a format jixiao does not read
    done = _run(["batch"], tmp_path / "out", tmp_path)
    assert done.returncode == 1, done.stderr  # files were skipped unread
    assert "Traceback" not in done.stderr
    rows = _rows(tmp_path / "out")
    assert rows["batch/good.txt"][0] == "ok"
    assert rows["batch/pipe.txt"] == ("skipped", "a FIFO (named pipe), not a regular file; not read")
    assert rows["batch/loop.txt"][1].startswith("link loop")
    assert "outside the input folders" in rows["batch/private.txt"][1]
    assert "outside the input folders" in rows["batch/zero.txt"][1]
    assert rows["batch/report.ofd"][0] == "skipped"
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert b"PRIVATE-TEXT-91c2" not in path.read_bytes(), path
    assert "batch/pipe.txt: skipped: a FIFO" in _run(["batch"], tmp_path / "o2", tmp_path, "-v").stderr


def test_run_from_root_with_a_link_to_dev_zero_ends(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(SAMPLE_TXT, batch / "good.txt")
    (batch / "zero.txt").symlink_to("/dev/zero")
    done = _run([str(batch)], tmp_path / "out", Path("/"), "--follow-links")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    (zero,) = [v for k, v in _rows(tmp_path / "out").items() if k.endswith("zero")]  # shown as its target
    assert zero == ("skipped", "a character device, not a regular file; not read")
