"""Zip members whose name is flagged UTF-8 (general-purpose bit 11) but is not UTF-8 (issue 18).

``zipfile`` refuses the whole archive over one such name, so every other member was lost with it. Now
only that name is read another way (GB18030, else cp437) with a ``document.note`` on its row, and
every member is read. The archives are forged here: :func:`forge_zip` writes each name as UTF-8 with
the flag set, and a placeholder of the same length is then replaced by the raw bytes.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hostile_files import SAMPLE_TXT, Member, forge_zip

from jixiao.inputs import find_inputs, read_item
from jixiao.zip_archive import mended_members, open_zip

ROOT = Path(__file__).resolve().parents[2]
GB_NAME = "绩效自评.txt".encode("gb18030")  # a GBK name under a UTF-8 flag: what some archivers write
RANDOM = b"\xff\xfe\x80X"  # neither UTF-8 nor GB18030 (0xFF is no GB18030 lead byte)


def _zip_with(names: list[bytes], payloads: list[bytes] | None = None) -> bytes:
    """A stored zip, every member flagged UTF-8, whose names are exactly ``names`` (raw bytes)."""
    payloads = payloads or [f"member {n}".encode() for n in range(len(names))]
    holders = [f"{n}".encode() + b"Q" * (len(raw) - len(str(n))) for n, raw in enumerate(names)]
    blob = forge_zip(Member(h.decode(), p) for h, p in zip(holders, payloads, strict=True))
    for holder, raw in zip(holders, names, strict=True):
        assert blob.count(holder) == 2  # the local header's and the central directory's copies
        blob = blob.replace(holder, raw)
    return blob


CASES = [
    # (raw names, expected source names after "a.zip!/", how many got a note)
    pytest.param([b"ok.txt", b"b" + RANDOM + b".txt"], ["ok.txt", "b\xa0■ÇX.txt"], 1, id="random-bytes"),
    pytest.param([b"ok.txt", GB_NAME], ["ok.txt", "绩效自评.txt"], 1, id="gb18030-name"),
    pytest.param(
        [GB_NAME, b"ok.txt", RANDOM + b".txt"], ["绩效自评.txt", "ok.txt", "\xa0■ÇX.txt"], 2, id="two-bad"
    ),
    pytest.param(
        [b"2023/" + GB_NAME, "2023/部门/好.txt".encode(), b"2023/\xd6\xd0/x" + RANDOM + b".txt"],
        ["2023/绩效自评.txt", "2023/部门/好.txt", "2023/中/x\xa0■ÇX.txt"],
        2,
        id="bad-name-in-a-path",
    ),
]


@pytest.mark.parametrize(("names", "shown", "noted"), CASES)
def test_a_bad_name_costs_only_its_own_reading(
    tmp_path: Path, names: list[bytes], shown: list[str], noted: int
) -> None:
    payloads = [f"payload {n}".encode() for n in range(len(names))]
    (tmp_path / "a.zip").write_bytes(_zip_with(names, payloads))
    found = find_inputs([str(tmp_path / "a.zip")])
    got = {i.source_path.split("!/", 1)[1]: i for i in found.items}
    assert sorted(got) == sorted(shown) and not found.skipped
    for name, payload in zip(shown, payloads, strict=True):
        item = got[name]
        assert item.refused is None and read_item(item) == payload  # every member reads, its own bytes
    notes = [i.note for i in found.items if i.note]
    assert len(notes) == noted and all("marked UTF-8 but is not UTF-8" in n for n in notes)


def test_the_two_fallbacks_say_which_reading_was_used(tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_bytes(_zip_with([GB_NAME, RANDOM + b".txt"]))
    notes = {i.source_path: i.note for i in find_inputs([str(tmp_path / "a.zip")]).items}
    assert notes == {
        "a.zip!/绩效自评.txt": "member name is marked UTF-8 but is not UTF-8; read as GB18030",
        "a.zip!/\xa0■ÇX.txt": "member name is marked UTF-8 but is not UTF-8 (nor GB18030); "
        "shown partly as cp437",
    }


def test_only_the_bad_entries_have_their_flag_cleared() -> None:
    blob = _zip_with([b"ok.txt", "好.txt".encode(), RANDOM + b".txt", GB_NAME])
    with pytest.raises(UnicodeDecodeError):
        zipfile.ZipFile(io.BytesIO(blob))  # what zipfile alone does with it
    with open_zip(io.BytesIO(blob)) as zf:
        assert mended_members(zf) == {2: "name", 3: "name"}
        flags = [bool(i.flag_bits & 0x800) for i in zf.infolist()]
        assert flags == [True, True, False, False]
        assert [i.filename for i in zf.infolist()][:2] == ["ok.txt", "好.txt"]
    with open_zip(io.BytesIO(_zip_with([b"ok.txt"]))) as zf:
        assert mended_members(zf) == {}


def test_a_zip_whose_bad_name_is_no_name_at_all_still_fails_as_one_row(tmp_path: Path) -> None:
    """A central directory cut short: nothing to mend, so the archive is one failed row as before."""
    blob = _zip_with([b"ok.txt", RANDOM + b".txt"])
    end = blob.rindex(b"PK\x05\x06")
    (tmp_path / "a.zip").write_bytes(blob[: end - 8] + blob[end:])
    found = find_inputs([str(tmp_path / "a.zip")])
    assert [(i.source_path.endswith("a.zip"), bool(i.refused)) for i in found.items] == [(True, True)]


def test_the_cli_reads_every_member_and_notes_the_name(tmp_path: Path) -> None:
    text = SAMPLE_TXT.read_bytes()
    texts = [text + b"\n" * n for n in range(3)]  # three distinct documents, not duplicates
    (tmp_path / "a.zip").write_bytes(_zip_with([b"ok.txt", GB_NAME, b"x" + RANDOM + b".txt"], texts))
    cmd = [sys.executable, "-m", "jixiao", "extract", "a.zip", "-o", "out", "--jobs", "1", "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert sorted(docs.source_path) == sorted(["a.zip!/ok.txt", "a.zip!/绩效自评.txt", "a.zip!/x\xa0■ÇX.txt"])
    assert set(docs.status) == {"ok"} and docs.form_count.min() > 0
    anomalies = pd.read_parquet(tmp_path / "out" / "anomalies.parquet")
    notes = anomalies[anomalies.message.str.contains("marked UTF-8", regex=False)]
    by_path = dict(zip(docs.doc_id, docs.source_path, strict=True))
    assert sorted(by_path[d] for d in notes.doc_id) == ["a.zip!/x\xa0■ÇX.txt", "a.zip!/绩效自评.txt"]


def _needing_version(blob: bytes, entry: int, version: int) -> bytes:
    """``blob`` with the central-directory entry number ``entry`` saying it needs ``version``."""
    out, at = bytearray(blob), -1
    for _ in range(entry + 1):
        at = out.index(b"PK\x01\x02", at + 1)
    struct.pack_into("<H", out, at + 6, version)
    return bytes(out)


@pytest.mark.parametrize("version", [64, 0xFFFF])
def test_a_member_needing_a_later_zip_version_is_refused_alone(tmp_path: Path, version: int) -> None:
    """zipfile raised NotImplementedError for the whole archive, and the walk let it through: the run
    died with a traceback and wrote nothing."""
    blob = _zip_with([b"ok.txt", b"later.txt", GB_NAME], [b"one", b"two", b"three"])
    (tmp_path / "a.zip").write_bytes(_needing_version(blob, 1, version))
    found = {i.source_path: i for i in find_inputs([str(tmp_path / "a.zip")]).items}
    assert sorted(found) == ["a.zip!/later.txt", "a.zip!/ok.txt", "a.zip!/绩效自评.txt"]
    assert found["a.zip!/later.txt"].refused == (
        f"member needs zip version {version // 10}.{version % 10}, which jixiao does not read"
    )
    assert read_item(found["a.zip!/ok.txt"]) == b"one" and read_item(found["a.zip!/绩效自评.txt"]) == b"three"
    cmd = [sys.executable, "-m", "jixiao", "extract", "a.zip", "-o", "out", "--jobs", "1", "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("source_path")
    assert docs.status.to_dict() == {
        "a.zip!/later.txt": "failed",
        "a.zip!/ok.txt": "partial",
        "a.zip!/绩效自评.txt": "partial",
    }


def _many_members(count: int) -> bytes:
    """A stored zip of ``count`` empty ``.txt`` members (what a 29 MB file of 300,000 looks like)."""
    body, central = io.BytesIO(), io.BytesIO()
    for i in range(count):
        name = f"d/{i:07d}.txt".encode()
        fixed = (20, 0, 0, 0, 0x21, 0, 0, 0, len(name), 0)
        at = body.tell()
        body.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fixed) + name)
        central.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, *fixed, 0, 0, 0, 0, at) + name)
    cd, n = central.getvalue(), min(count, 0xFFFF)
    return (
        body.getvalue() + cd + struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, n, n, len(cd), body.tell(), 0)
    )


def test_an_archive_listing_too_many_members_is_refused_before_they_are_listed(tmp_path: Path) -> None:
    """Every entry became a ZipInfo and a documents row: 300,000 empty members in 29 MB took the parent
    to 221 MB before a byte was read, and the bound grows with the archive up to 256 MiB."""
    from jixiao.extract.limits import MAX_ARCHIVE_MEMBERS

    (tmp_path / "many.zip").write_bytes(_many_members(MAX_ARCHIVE_MEMBERS + 1))
    (tmp_path / "fine.zip").write_bytes(_many_members(3))
    found = find_inputs([str(tmp_path / "many.zip"), str(tmp_path / "fine.zip")])
    rows = {i.source_path: i.refused for i in found.items}
    refusal = f"not a readable zip archive: it lists over {MAX_ARCHIVE_MEMBERS:,} members; refused unread"
    assert rows == {
        "many.zip": refusal,
        **{f"fine.zip!/d/{i:07d}.txt": None for i in range(3)},
    }
