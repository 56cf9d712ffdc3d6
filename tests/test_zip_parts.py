"""Zip entries from pieces deflated apart: they inflate to the joined data, CRCs and all."""

from __future__ import annotations

import random
import zipfile
import zlib
from pathlib import Path

import pytest
from jixiao.emit.zip_parts import DeflateSink, Entry, Zip64Needed, crc32_combine, deflate_piece, write_zip


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (b"", b""),
        (b"abc", b""),
        (b"", b"xyz"),
        (b"<row>" * 999, b"\x00" * 70_000),
        (b"a" * 3, b"b" * (1 << 21)),
    ],
)
def test_crc32_combine_equals_crc_of_the_join(a: bytes, b: bytes) -> None:
    assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def _stream(tmp_path: Path, chunks: list[tuple[str, bytes]]) -> tuple[Path, DeflateSink]:
    """Chunks written as ("own", data) through the sink's compressor or ("piece", data) deflated apart."""
    path = tmp_path / "body.deflate"
    sink = DeflateSink(open(path, "wb"))  # noqa: SIM115
    for kind, data in chunks:
        if kind == "own":
            sink.write(data)
        else:
            sink.write_piece(deflate_piece(data))
    sink.close()
    return path, sink


def test_pieces_and_own_writes_inflate_to_the_joined_data(tmp_path: Path) -> None:
    rng = random.Random(3)
    words = [b"<row>", b"<c/>", "项目支出".encode(), b"321013328.00", b"</row>"]
    chunks = []
    for i in range(60):
        data = b"".join(rng.choice(words) for _ in range(rng.randint(0, 3000)))
        chunks.append(("own" if i % 3 == 0 else "piece", data))
    path, sink = _stream(tmp_path, chunks)
    joined = b"".join(d for _, d in chunks)
    inflated = zlib.decompressobj(-15).decompress(path.read_bytes())
    assert inflated == joined  # back-references never cross a piece: a wrong join garbles this
    assert (sink.crc, sink.size) == (zlib.crc32(joined), len(joined))


def test_written_zip_is_read_by_zipfile_with_crcs_checked(tmp_path: Path) -> None:
    body, sink = _stream(
        tmp_path, [("piece", b"<sheetData>"), ("own", b"<row/>" * 500), ("piece", b"</sheetData>")]
    )
    header = b"<worksheet>"
    comp = zlib.compressobj(1, zlib.DEFLATED, -15)
    head = comp.compress(header) + comp.flush(zlib.Z_SYNC_FLUSH)
    crc = crc32_combine(zlib.crc32(header), sink.crc, sink.size)
    entries = [
        Entry.of("a.xml", "甲".encode() * 10),
        Entry("s.xml", crc, len(header) + sink.size, [head, body]),
    ]
    write_zip(tmp_path / "x.zip", entries)
    with zipfile.ZipFile(tmp_path / "x.zip") as z:
        assert z.testzip() is None
        assert z.namelist() == ["a.xml", "s.xml"]
        assert z.read("s.xml") == b"<worksheet><sheetData>" + b"<row/>" * 500 + b"</sheetData>"
        assert z.getinfo("a.xml").date_time == (1980, 1, 1, 0, 0, 0)


def test_too_large_for_plain_zip_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(Zip64Needed):
        write_zip(tmp_path / "x.zip", [Entry("big.xml", 0, 1 << 32, [b""])])
    assert not (tmp_path / "x.zip").exists()
