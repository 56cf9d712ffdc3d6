"""The tab-laden text grammar and the decoding cascade."""

from __future__ import annotations

import codecs

import pytest
from jixiao.extract.decode import decode_bytes
from jixiao.extract.errors import DecodeError
from jixiao.extract.layout import Paragraph, Table
from jixiao.extract.text_source import parse_text_layout, read_text_layout

TEXT = "附件1\r\n\t名称\r\n\t巡察办\u3000\r\n\r\n\t年度预\r\n算申请\r\n\t80\r\n\r\n正文"

ENCODINGS = [
    pytest.param(TEXT.encode("utf-8"), "utf-8", id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
    pytest.param(TEXT.encode("gb18030"), "gb18030", id="gb18030"),
    pytest.param(TEXT.encode("gbk"), "gb18030", id="gbk-read-as-gb18030"),
    pytest.param(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", id="utf-16-le-bom"),
    pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", id="utf-16-be-bom"),
    pytest.param(TEXT.encode("utf-16-le"), "utf-16-le", id="utf-16-le-no-bom"),
]


@pytest.mark.parametrize(("data", "encoding"), ENCODINGS)
def test_every_encoding_gives_the_same_layout(data: bytes, encoding: str) -> None:
    layout = read_text_layout(data)
    assert layout.encoding == encoding
    kinds = [b.kind for b in layout.blocks]
    assert kinds == ["paragraph", "table", "paragraph"]
    table = layout.blocks[1]
    assert isinstance(table, Table)
    assert [r.texts for r in table.rows] == [["名称", "巡察办\u3000"], ["年度预\n算申请", "80"]]
    assert str(table.rows[1].cells[0].location) == "lines 5-6"


def test_lf_and_crlf_agree() -> None:
    lf = parse_text_layout(TEXT.replace("\r\n", "\n"))
    crlf = parse_text_layout(TEXT)
    assert lf == crlf


def test_unicode_line_separators_do_not_split_lines() -> None:
    layout = parse_text_layout("甲\u2028乙\x1c丙\n丁")
    assert [b.text for b in layout.blocks if isinstance(b, Paragraph)] == ["甲\u2028乙\x1c丙", "丁"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"\xff\xfe\x00", "utf-16-le", id="truncated-utf16"),
        pytest.param(b"ab\x00cd", "NUL", id="nul-byte"),
        pytest.param(bytes([0x81, 0x20, 0xFF, 0xFF]), "not text", id="binary-junk"),
    ],
)
def test_undecodable_input_says_where(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        decode_bytes(data)


def test_sample_structure(lukou_bytes: bytes) -> None:
    layout = read_text_layout(lukou_bytes)
    tables = [b for b in layout.blocks if isinstance(b, Table)]
    assert len(tables) == 2
    assert [len(t.rows) for t in tables] == [20, 19]
    assert str(tables[0].location) == "lines 4-184"
    # The glued heading is still inside the last cell here; segmentation cuts it out.
    assert "附件2" in tables[0].rows[-1].cells[-1].text
