"""Inputs: folders, globs and zip archives found, named and read safely."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pytest

from jixiao.inputs import MAX_RATIO, find_inputs, hash_item, read_item, source_format_of, unread_doc_id


def _tree(root: Path) -> Path:
    files = {
        "arch/2023/b.txt": b"b",
        "arch/2023/a.docx": b"PK-not-really",
        "arch/2022/~$a.docx": b"lock",
        "arch/.hidden/x.txt": b"h",
        "arch/notes.jpg": b"\xff\xd8\xff",
        "arch/c.HTM": b"<html>",
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root / "arch"


def test_folder_walk_sorted_supported_only(tmp_path: Path) -> None:
    found = find_inputs([str(_tree(tmp_path))])
    assert [i.source_path for i in found.items] == ["arch/2023/a.docx", "arch/2023/b.txt", "arch/c.HTM"]
    assert found.skipped == ["arch/2022/~$a.docx", "arch/notes.jpg"]


def test_paths_relative_to_cwd_globs_and_explicit_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    found = find_inputs(["arch/2023/*.txt", "arch/notes.jpg", "arch/2023/b.txt", "missing/*.txt"])
    assert [i.source_path for i in found.items] == ["arch/2023/b.txt", "arch/notes.jpg"]  # named twice → once
    assert found.missing == ["missing/*.txt"]


def test_file_named_both_ways_is_one_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file reached through the folder walk, by name, and through a symlink is read once."""
    _tree(tmp_path)
    (tmp_path / "arch" / "link.txt").symlink_to(tmp_path / "arch" / "2023" / "b.txt")
    monkeypatch.chdir(tmp_path)
    found = find_inputs(["arch", "./arch/2023/../2023/b.txt"])
    assert [i.source_path for i in found.items] == ["arch/2023/a.docx", "arch/2023/b.txt", "arch/c.HTM"]
    assert all(Path(i.path).is_absolute() and not Path(i.path).is_symlink() for i in found.items)


def _zip(path: Path, members: dict[str, bytes], *, gbk_names: bool = False) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    if gbk_names:  # rewrite names as Chinese Windows tools do: GBK bytes, no UTF-8 flag
        raw = path.read_bytes()
        for name in members:
            stem, dot, ext = name.rpartition(".")
            gbk = stem.encode("gbk").ljust(len(stem.encode("utf-8")), b"_") + (dot + ext).encode()
            raw = raw.replace(name.encode("utf-8"), gbk)
        path.write_bytes(raw.replace(b"\x00\x08", b"\x00\x00"))  # clear flag bit 11 (0x0800)
    return path


def test_zip_members_named_and_read_in_place(tmp_path: Path) -> None:
    archive = _zip(
        tmp_path / "d.zip", {"2023/x.txt": "附件1".encode(), "2023/y.xlsx": b"x", "readme.md": b"m"}
    )
    found = find_inputs([str(archive)])
    assert [i.source_path for i in found.items] == ["d.zip!/2023/x.txt", "d.zip!/2023/y.xlsx"]
    assert found.skipped == ["d.zip!/readme.md"]
    item = found.items[0]
    assert (
        read_item(item) == "附件1".encode()
        and hash_item(item) == hashlib.sha256("附件1".encode()).hexdigest()
    )


def test_gbk_member_names_are_decoded(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "g.zip", {"自评表.txt": b"x"}, gbk_names=True)
    (item,) = find_inputs([str(archive)]).items
    assert item.source_path == "g.zip!/自评表___.txt" and item.refused is None
    assert read_item(item) == b"x"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        pytest.param("../../etc/x.txt", b"x", "unsafe member name", id="zip-slip"),
        pytest.param("/abs/x.txt", b"x", "unsafe member name", id="absolute"),
        pytest.param("bomb.txt", b"\0" * (8 * 1024 * 1024), "zip bomb", id="ratio"),
        pytest.param("inner.zip", b"PK", "nested archive", id="nested-zip"),
    ],
)
def test_dangerous_members_are_refused_unread(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    archive = _zip(tmp_path / "bad.zip", {name: data})
    (item,) = find_inputs([str(archive)]).items
    assert item.refused is not None and reason in item.refused
    assert hash_item(item) == unread_doc_id(item.source_path)
    with pytest.raises(OSError):
        read_item(item)


def test_ratio_limit_is_generous_for_real_documents() -> None:
    assert MAX_RATIO >= 100


def test_corrupt_zip_is_one_refused_item(tmp_path: Path) -> None:
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 truncated")
    (item,) = find_inputs([str(tmp_path / "broken.zip")]).items
    assert item.source_path == "broken.zip" and "not a readable zip archive" in (item.refused or "")


@pytest.mark.parametrize(
    ("path", "fmt"),
    [("a/b.TXT", "txt"), ("x.zip!/y.docx", "docx"), ("p.htm", "html"), ("noext", "unknown")],
)
def test_source_format_of(path: str, fmt: str) -> None:
    assert source_format_of(path) == fmt


def test_a_link_is_judged_by_its_own_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store of content-addressed blobs behind named links: the link's .docx name decides the kind."""
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "blob1").write_bytes(b"PK-not-really")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "report.docx").symlink_to(tmp_path / "store" / "blob1")
    monkeypatch.chdir(tmp_path)
    found = find_inputs(["docs"])
    assert [(i.source_path, Path(i.path).name) for i in found.items] == [("store/blob1", "blob1")]
    assert found.skipped == []


def test_a_gbk_file_name_is_shown_in_chinese_and_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Archives unpacked from Chinese Windows name files in GBK: not UTF-8, so Python sees surrogates,
    which no UTF-8 output can hold. source_path reads them as GB18030; the file opens by its real name."""
    folder = tmp_path / "档案"
    folder.mkdir()
    name = os.fsdecode("绩效自评表.txt".encode("gbk"))
    (folder / name).write_bytes(b"x")
    monkeypatch.chdir(tmp_path)
    found = find_inputs(["档案"])
    assert [i.source_path for i in found.items] == ["档案/绩效自评表.txt"]
    assert read_item(found.items[0]) == b"x"
