"""The bounds themselves, at the reader level: where each one sits, and that it costs nothing to hold."""

from __future__ import annotations

import codecs
import re
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hostile_files import (
    CONTENT_TYPES,
    DOC_PART,
    PACKAGE_RELS,
    Member,
    deflate_stream,
    document,
    forge_zip,
    minimal_docx,
    para,
)
from jixiao.extract.decode import decode_bytes
from jixiao.extract.docx_source import read_docx_layout
from jixiao.extract.errors import DecodeError, FormatError, LimitError
from jixiao.extract.limits import MAX_DECODE_REPAIRS, MAX_LINE_CHARS, XML_MAX_DEPTH
from jixiao.extract.ooxml import Package, parse_xml
from jixiao.extract.text_source import parse_text_layout, split_lines

ROOT = Path(__file__).resolve().parents[2]

# --- containers -----------------------------------------------------------------------------------


def test_lying_member_is_stopped_by_the_read_cap_not_by_memory() -> None:
    payload, crc, _ = deflate_stream(b"\0" * (1 << 20), 256)  # 256 MB of zeros, declared as 4 KB
    blob = forge_zip(
        [
            Member("[Content_Types].xml", CONTENT_TYPES),
            Member("_rels/.rels", PACKAGE_RELS),
            Member(DOC_PART, payload, zipfile.ZIP_DEFLATED, crc, 4096),
        ]
    )
    pkg = Package(blob)
    tracemalloc.start()
    try:
        with pytest.raises(LimitError, match="inflates past its declared 4,096 bytes"):
            pkg.read(DOC_PART)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024


def test_member_that_inflates_short_of_its_declared_size_is_damaged() -> None:
    doc = document(para("x"))
    payload, crc, _ = deflate_stream(doc, 1)
    blob = forge_zip([Member(DOC_PART, payload, zipfile.ZIP_DEFLATED, crc, len(doc) + 10)])
    with pytest.raises(FormatError, match=f"holds {len(doc)} bytes but declares {len(doc) + 10}"):
        Package(blob).read(DOC_PART)


def test_cut_deflate_stream_is_damaged() -> None:
    doc = document(para("正文" * 100))
    payload, crc, _ = deflate_stream(doc, 1)
    blob = forge_zip([Member(DOC_PART, payload[:-6], zipfile.ZIP_DEFLATED, crc, len(doc))])
    with pytest.raises(FormatError, match="deflate stream that ends early"):
        Package(blob).read(DOC_PART)


def test_unknown_compression_method_is_refused() -> None:
    blob = forge_zip([Member(DOC_PART, b"BZh9...", 12, 0, 10)])  # bzip2: Office never writes it
    with pytest.raises(FormatError, match="compression method 12"):
        Package(blob).read(DOC_PART)


def test_member_past_the_central_directory_is_damaged() -> None:
    doc = document(para("x"))
    blob = bytearray(forge_zip([Member(DOC_PART, doc)]))
    cd = blob.index(b"PK\x01\x02")
    blob[cd + 20 : cd + 24] = (len(doc) + 500).to_bytes(4, "little")  # compressed size runs on
    with pytest.raises(FormatError, match="runs past the central directory"):
        Package(bytes(blob))


def test_a_good_package_reads_every_part_exactly() -> None:
    doc = document(para("正文"))
    pkg = Package(minimal_docx(doc))
    assert pkg.read(DOC_PART) == doc
    assert pkg.read("WORD/document.xml") == doc  # OPC names are case-insensitive
    assert pkg.notes == []


# --- XML ------------------------------------------------------------------------------------------


def _nested(depth: int) -> bytes:
    return b"<a>" * depth + b"</a>" * depth


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        pytest.param(_nested(XML_MAX_DEPTH + 1), LimitError, "deeper than 256", id="depth-257"),
        pytest.param(b"<a>" + b"x" * 10_000_001 + b"</a>", LimitError, "text node", id="text-node-10MB"),
        pytest.param(b"<a>&#1;</a>", FormatError, "invalid xmlChar value 1", id="charref-control"),
        pytest.param(b"<a>&#xFFFE;</a>", FormatError, "invalid xmlChar value 65534", id="charref-nonchar"),
        pytest.param(b"<a>\x01</a>", FormatError, "not well-formed", id="raw-control-char"),
        pytest.param(b"<a>&undefined;</a>", FormatError, "not well-formed", id="undefined-entity"),
        pytest.param(
            b'<!DOCTYPE a SYSTEM "http://127.0.0.1:9/x.dtd"><a/>', LimitError, "DOCTYPE", id="ext-dtd"
        ),
        pytest.param(
            '<?xml version="1.0" encoding="UTF-32"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'.encode(
                "utf-32"
            ),
            LimitError,
            "DOCTYPE",
            id="doctype-in-utf32",
        ),
        pytest.param(
            b'<?xml version="1.0" encoding="x-nonsense"?><a/>', FormatError, "x-nonsense", id="bad-encoding"
        ),
    ],
)
def test_xml_bounds_and_damage(data: bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)) as info:
        parse_xml(data, "word/document.xml")
    assert "\n" not in str(info.value)


def test_nesting_at_the_bound_is_read() -> None:
    assert parse_xml(_nested(XML_MAX_DEPTH), "p").tag == "a"


def test_word_nesting_at_the_bound_reads_without_recursion_error() -> None:
    # body (2 levels used by document/body) + sdt wrappers up to the bound: the walker must not overflow.
    depth = (XML_MAX_DEPTH - 6) // 2
    body = "<w:sdt><w:sdtContent>" * depth + para("深") + "</w:sdtContent></w:sdt>" * depth
    layout = read_docx_layout(minimal_docx(document(body)))
    assert [b.text for b in layout.blocks] == ["深"]  # type: ignore[union-attr]


def test_hardened_parser_flags_are_never_relaxed() -> None:
    """``recover`` silently drops text; ``huge_tree`` lifts the depth/text bounds: neither may appear."""
    offenders = []
    for path in sorted((ROOT / "extract").glob("*.py")):
        src = path.read_text(encoding="utf-8")
        for flag in ("recover=True", "huge_tree=True", "resolve_entities=True", "load_dtd=True"):
            if flag in src.replace(" ", ""):
                offenders.append(f"{path.name}: {flag}")
    assert offenders == []


def test_decoder_never_uses_gbk_or_gb2312() -> None:
    src = (ROOT / "extract" / "decode.py").read_text(encoding="utf-8")
    assert not re.search(r"""["'](gbk|gb2312|cp936)["']""", src, re.IGNORECASE)


# --- text -----------------------------------------------------------------------------------------

TEXT = "附件1\n\t名称\n\t巡察办\n\n正文 100 元\n"
BOMS = [
    pytest.param(codecs.BOM_UTF8, "utf-8", "utf-8-sig", id="utf-8"),
    pytest.param(codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le", id="utf-16-le"),
    pytest.param(codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be", id="utf-16-be"),
    pytest.param(codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le", id="utf-32-le"),
    pytest.param(codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be", id="utf-32-be"),
    pytest.param(b"\x84\x31\x95\x33", "gb18030", "gb18030", id="gb18030"),
]


@pytest.mark.parametrize(("bom", "codec", "name"), BOMS)
def test_every_bom_is_stripped(bom: bytes, codec: str, name: str) -> None:
    got = decode_bytes(bom + TEXT.encode(codec))
    assert (got.text, got.encoding, got.bom, got.notes) == (TEXT, name, True, ())


def test_bom_inside_the_text_is_removed_and_noted() -> None:
    got = decode_bytes(("\ufeff" + TEXT + "\ufeff附件2\n").encode())
    assert got.text == TEXT + "附件2\n"
    assert got.notes == ("decoding: 1 byte-order mark character(s) U+FEFF removed from the text",)


CASCADE = [
    pytest.param(TEXT.encode(), "utf-8", id="utf-8"),
    pytest.param(TEXT.encode("gb18030"), "gb18030", id="gb18030"),
    pytest.param("𠀀𡃁 异体字".encode("gb18030"), "gb18030", id="gb18030-four-byte"),
    pytest.param(TEXT.encode("utf-16-le"), "utf-16-le", id="utf-16-le-no-bom"),
    pytest.param(TEXT.encode("utf-16-be"), "utf-16-be", id="utf-16-be-no-bom"),
]


@pytest.mark.parametrize(("data", "codec"), CASCADE)
def test_cascade_order(data: bytes, codec: str) -> None:
    got = decode_bytes(data)
    assert got.encoding == codec
    assert got.replaced == 0


LONG = ("附件1 项目支出绩效自评表 预算执行率 100%\n" * 500).encode()  # ~25 KB: a 25-byte repair budget


@pytest.mark.parametrize(
    ("data", "codec", "offsets"),
    [
        # LONG's characters start at bytes 0, 3, 6, 7, 8, 11 …: damage on a boundary is one U+FFFD a byte.
        pytest.param(LONG[:8] + b"\xff" + LONG[8:], "utf-8", [8], id="one-bad-byte"),
        pytest.param(LONG[:7] + b"\x00" + LONG[7:], "utf-8", [7], id="one-nul"),
        pytest.param(LONG[:9] + b"\xff" + LONG[9:], "utf-8", [8, 9, 10, 11], id="bad-byte-inside-a-char"),
        pytest.param(LONG + "附".encode()[:2], "utf-8", [len(LONG), len(LONG) + 1], id="truncated-last-char"),
        pytest.param(
            b"\xef\xbb\xbf" + LONG[:35] + b"\x80\x80" + LONG, "utf-8-sig", [38, 39], id="bom-then-bad"
        ),
    ],
)
def test_lossy_repair_counts_and_places_every_replacement(
    data: bytes, codec: str, offsets: list[int]
) -> None:
    got = decode_bytes(data)
    assert (got.encoding, got.replaced) == (codec, len(offsets))
    assert got.text.count("\ufffd") == len(offsets)
    assert f"at byte offset(s) {', '.join(map(str, offsets))}" in got.notes[0]


def test_repair_note_reaches_the_layout() -> None:
    layout = parse_text_layout("x")  # no notes by default
    assert layout.notes == ()
    from jixiao.extract.text_source import read_text_layout

    got = read_text_layout(LONG[:8] + b"\xff" + LONG[8:])
    assert got.notes and "U+FFFD" in got.notes[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            LONG + b"\xff" * (MAX_DECODE_REPAIRS + 1), "invalid byte at offset", id="too-many-bad-bytes"
        ),
        pytest.param(b"abc" + b"\x00" * 40, "utf-8: NUL byte at offset 3", id="nul-run"),
        pytest.param(
            b"\xff\xfe" + "正文".encode("utf-16-le") + b"\x00\xd8", "byte 6 is not utf-16-le", id="bom-16"
        ),
    ],
)
def test_refusal_names_the_offset(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=re.escape(message)) as info:
        decode_bytes(data)
    assert "\n" not in str(info.value)


def test_lines_split_on_cr_lf_only() -> None:
    odd = "甲\u2028乙\u2029丙\x85丁\x0b戊\x0c己\x1c庚\x1d辛\x1e壬"
    assert split_lines(odd + "\r\n癸\r子\n丑") == [odd, "癸", "子", "丑"]
    assert (
        "splitlines" not in (ROOT / "extract" / "text_source.py").read_text(encoding="utf-8").split('"""')[-1]
    )


def test_line_bound_is_exact() -> None:
    assert len(parse_text_layout("x" * MAX_LINE_CHARS).blocks) == 1
    with pytest.raises(LimitError, match=f"line 2 has {MAX_LINE_CHARS + 1:,} characters"):
        parse_text_layout("ok\n" + "x" * (MAX_LINE_CHARS + 1))
