"""Inputs: folders, globs and zip archives found, named and read safely."""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pytest
from jixiao.extract.limits import ZIP_MAX_RATIO

from jixiao.inputs import (
    FoundInputs,
    find_inputs,
    hash_item,
    read_item,
    source_format_of,
    unread_doc_id,
)


def _skips(found: FoundInputs) -> list[str]:
    return [s.source_path for s in found.skipped]


def _tree(root: Path) -> Path:
    files = {
        "arch/2023/b.txt": b"b",
        "arch/2023/a.docx": b"PK-not-really",
        "arch/2022/~$a.docx": b"lock",
        "arch/.hidden/x.txt": b"h",
        "arch/notes.ofd": b"PK-ofd",  # a format archives hold that jixiao does not read
        "arch/c.HTM": b"<html>",
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root / "arch"


def test_folder_walk_sorted_supported_only(tmp_path: Path) -> None:
    found = find_inputs([str(_tree(tmp_path))])
    assert [i.source_path for i in found.items] == ["arch/2023/a.docx", "arch/2023/b.txt", "arch/c.HTM"]
    assert _skips(found) == ["arch/2022/~$a.docx", "arch/notes.ofd"]
    lock, ofd = found.skipped
    assert not lock.unread and ofd.unread and "unsupported format .ofd" in ofd.reason


def test_paths_relative_to_cwd_globs_and_explicit_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    found = find_inputs(["arch/2023/*.txt", "arch/notes.ofd", "arch/2023/b.txt", "missing/*.txt"])
    assert [i.source_path for i in found.items] == ["arch/2023/b.txt"]  # named twice → once
    assert _skips(found) == ["arch/notes.ofd"]  # named explicitly, still not a format jixiao reads
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
    assert _skips(found) == ["d.zip!/readme.md"] and not found.skipped[0].unread
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
    assert ZIP_MAX_RATIO >= 100


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
    found = find_inputs(["docs"], follow_links=True)  # the blobs lie outside the folder named
    assert [(i.source_path, Path(i.path).name) for i in found.items] == [("store/blob1", "blob1")]
    assert found.skipped == []
    found = find_inputs(["docs"])  # by default a link leaving the input folders is not followed
    assert found.items == [] and _skips(found) == ["docs/report.docx"]
    assert "outside the input folders" in found.skipped[0].reason


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


# --- inputs that are not plain files (each was a hang, a crash or a silent loss) ---------------------


def _reasons(found: FoundInputs) -> dict[str, str]:
    return {s.source_path: s.reason for s in found.skipped}


def test_special_files_are_skipped_rows_never_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / "pipe.txt")  # reading it would block forever
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "in" / "sock.txt"))
    (tmp_path / "in" / "zero.txt").symlink_to("/dev/zero")  # endless bytes
    (tmp_path / "in" / "a.txt").write_text("附件1")
    monkeypatch.chdir(tmp_path)
    try:
        found = find_inputs(["in"], follow_links=True)
        explicit = find_inputs(["in/pipe.txt"])
    finally:
        sock.close()
    assert [i.source_path for i in found.items] == ["in/a.txt"]
    reasons = _reasons(found)
    assert "a FIFO (named pipe), not a regular file" in reasons["in/pipe.txt"]
    assert "a socket" in reasons["in/sock.txt"] and "a character device" in reasons["in/zero.txt"]
    assert all(s.unread for s in found.skipped)
    assert explicit.items == [] and "FIFO" in explicit.skipped[0].reason


def test_a_fifo_put_in_a_files_place_after_the_walk_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x")
    (item,) = find_inputs([str(path)]).items
    path.unlink()
    os.mkfifo(path)
    assert hash_item(item) == unread_doc_id(item.source_path)
    with pytest.raises(OSError, match="FIFO"):
        read_item(item)


def test_link_loops_and_links_out_of_the_roots_are_skipped_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arch = tmp_path / "arch"
    (arch / "sub").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("not for the tables")
    (arch / "a.txt").write_text("附件1")
    (arch / "loop1.txt").symlink_to(arch / "loop2.txt")
    (arch / "loop2.txt").symlink_to(arch / "loop1.txt")
    (arch / "sub" / "up").symlink_to(arch)  # a folder loop
    (arch / "broken.txt").symlink_to(tmp_path / "gone.txt")
    (arch / "out.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (arch / "outdir").symlink_to(tmp_path / "outside")
    (arch / "inner.txt").symlink_to(arch / "a.txt")  # inside the roots: the file is read once
    monkeypatch.chdir(tmp_path)  # "run from a folder above both"
    found = find_inputs(["arch"])
    assert [i.source_path for i in found.items] == ["arch/a.txt"]
    reasons = _reasons(found)
    assert reasons["arch/loop1.txt"].startswith("link loop")
    assert reasons["arch/loop2.txt"].startswith("link loop")
    assert reasons["arch/sub/up"].startswith("link loop")
    assert reasons["arch/broken.txt"].startswith("broken link")
    assert "outside the input folders" in reasons["arch/out.txt"]
    assert "link to a folder outside" in reasons["arch/outdir"]
    followed = find_inputs(["arch"], follow_links=True)
    assert [i.source_path for i in followed.items] == ["arch/a.txt", "outside/secret.txt"]


def test_a_link_into_another_named_input_is_inside_the_roots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    (tmp_path / "b" / "x.txt").write_text("x")
    (tmp_path / "a" / "x.txt").symlink_to(tmp_path / "b" / "x.txt")
    monkeypatch.chdir(tmp_path)
    found = find_inputs(["a", "b"])
    assert [i.source_path for i in found.items] == ["b/x.txt"] and found.skipped == []


def test_an_unlistable_folder_is_a_skipped_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "arch" / "locked").mkdir(parents=True)
    (tmp_path / "arch" / "a.txt").write_text("x")
    real_scandir = os.scandir

    def scandir(path: object) -> object:  # root ignores chmod 000, so refuse the listing here
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.chdir(tmp_path)
    found = find_inputs(["arch"])
    assert [i.source_path for i in found.items] == ["arch/a.txt"]
    (skip,) = found.skipped
    assert skip.source_path == "arch/locked/" and "cannot be listed (Permission denied)" in skip.reason
    assert skip.unread


def test_size_limit_is_checked_from_stat_before_any_byte_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jixiao.inputs as inputs

    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", 1000)
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(5 * 1024**3)  # 5 GB, sparse: nothing to read, but hashing it all took minutes
    (item,) = find_inputs([str(big)]).items
    assert item.refused is not None and "5,368,709,120 bytes (limit 1,000); refused unread" in item.refused

    def no_open(*_: object, **__: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(os, "open", no_open)
    assert hash_item(item) == unread_doc_id(item.source_path)


def test_output_folder_and_earlier_outputs_are_not_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arch = tmp_path / "arch"
    for rel in ("a.txt", "out/forms.csv", "out/x.txt", "old/manifest.json", "old/forms.csv", "old/b.txt"):
        (arch / rel).parent.mkdir(parents=True, exist_ok=True)
        (arch / rel).write_text("x")
    (arch / "old" / "manifest.json").write_text('{"tool": "jixiao"}')
    (arch / "old" / "review").mkdir()
    (arch / "old" / "review" / "index.html").write_text("<html>")
    monkeypatch.chdir(arch)
    found = find_inputs(["."], out_dir="out")
    assert [i.source_path for i in found.items] == ["a.txt", "old/b.txt"]
    assert found.skipped == [] and found.own_outputs == ["old"]


def test_a_very_deep_tree_is_walked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    deep = "d"
    os.mkdir(deep)
    for _ in range(1200):  # deeper than Python's recursion limit (os.makedirs itself recurses)
        deep += "/x"
        os.mkdir(deep)
    Path(deep, "a.txt").write_text("x")
    try:
        found = find_inputs(["d"])
    finally:  # shutil.rmtree (and so pytest's clean-up) recurses per level: take it down from below
        os.remove(Path(deep, "a.txt"))
        while deep:
            os.rmdir(deep)
            deep = deep.rpartition("/")[0]
    assert [i.source_path for i in found.items] == ["d" + "/x" * 1200 + "/a.txt"]
