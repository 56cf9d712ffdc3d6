"""Property fuzzing (bounded: ≤ 200 examples each, so it runs in CI): the text grammar, and .docx parts
mutated byte-wise and with hostile XML fragments. The pipeline never raises, never reports an internal
error, and the text reader drops no character."""

from __future__ import annotations

import codecs

from hostile_files import CONTENT_TYPES, PACKAGE_RELS, deflated, document, forge_zip, minimal_docx, para
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jixiao.extract.decode import decode_bytes
from jixiao.extract.docx_source import read_docx_layout
from jixiao.extract.errors import FormatError
from jixiao.extract.layout import nonblank_chars
from jixiao.extract.segment import segment_layout
from jixiao.extract.text_source import read_text_layout

from jixiao.pipeline import process_bytes

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- text grammar ---------------------------------------------------------------------------------

WORDS = [
    "附件1",
    "部门整体支出绩效自评表",
    "年初预算数",
    "全年执行数",
    "得分",
    "一级指标",
    "二级指标",
    "总分",
    "321.013328",
    "99.99%",
    "10分",
    "　",
    " ",
    "（万元）",
    "=SUM(A1)",
    "\u2028",
    "\x0c",
    "\ufffd",
    "𠀀",
]
cell_text = st.lists(st.sampled_from(WORDS), max_size=4).map("".join)
table_line = st.lists(cell_text, min_size=1, max_size=6).map(lambda cells: "\t" + "\t".join(cells))
any_line = st.one_of(table_line, cell_text, st.just(""), st.text(max_size=12))
BREAKS = st.sampled_from(["\n", "\r\n", "\r"])
ENCODINGS = st.sampled_from(
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("gb18030", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
    ]
)


@FUZZ
@given(st.lists(st.tuples(any_line, BREAKS), max_size=40), ENCODINGS)
def test_text_grammar_never_breaks_and_drops_nothing(
    lines: list[tuple[str, str]], enc: tuple[str, bytes]
) -> None:
    text = "".join(line + brk for line, brk in lines).replace("\x00", "").replace("\ufeff", "")
    codec, bom = enc
    try:
        data = bom + text.encode(codec)
    except UnicodeEncodeError:  # a lone surrogate from st.text: not a file anyone can write
        return
    result = process_bytes(data, "fuzz.txt")
    doc = result.document
    assert doc.error is None or "internal error" not in doc.error
    if not data or doc.status == "failed":
        return
    layout = read_text_layout(data)
    decoded = decode_bytes(data).text
    in_layout = sum(nonblank_chars(t) for t, _ in layout.iter_text())
    # Pipes read as cell borders (a pipe-shaped text) are counted apart by the reader, like TABs.
    assert in_layout + layout.delimiter_chars == nonblank_chars(decoded.replace("\t", " "))
    raw = segment_layout(layout)
    assert raw.placed_chars + sum(nonblank_chars(t.text) for _, t in raw.residuals) == raw.total_chars
    assert process_bytes(data, "fuzz.txt") == result  # deterministic


# --- .docx parts ----------------------------------------------------------------------------------

BASE_BODY = (
    para("附件1")
    + para("部门整体支出绩效自评表")
    + "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>一级指标</w:t></w:r></w:p></w:tc>"
    '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>二级指标</w:t></w:r></w:p></w:tc></w:tr>'
    "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>10分</w:t></w:r></w:p></w:tc>"
    "</w:tr></w:tbl>"
)
BASE_DOC = document(BASE_BODY)
FRAGMENTS = [
    b"<!DOCTYPE x>",
    b"&#0;",
    b"&lol;",
    b"<w:tbl>",
    b"</w:tr>",
    b"<w:tc>",
    b'<w:gridSpan w:val="999999999"/>',
    b'<w:gridSpan w:val="-3"/>',
    b'<w:gridBefore w:val="x"/>',
    b'<w:vMerge w:val="restart"/>',
    b'<w:fldChar w:fldCharType="begin"/>',
    b"<w:txbxContent>",
    b"<w:sdt><w:sdtContent>",
    b"\xff\xfe",
    b'<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">',
    b"<w:t>\xe9\x99</w:t>",
    b"]]>",
    b"<![CDATA[",
    b"<?pi x?>",
    b"\x00",
]


def _check_docx(blob: bytes) -> None:
    try:
        read_docx_layout(blob)
    except FormatError as err:
        assert "\n" not in str(err)
    result = process_bytes(blob, "fuzz.docx")
    doc = result.document
    assert doc.status in ("ok", "partial", "failed")
    assert doc.error is None or ("internal error" not in doc.error and "\n" not in doc.error)


@FUZZ
@given(st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(FRAGMENTS)), min_size=1, max_size=4))
def test_docx_with_hostile_fragments_spliced_in(splices: list[tuple[int, bytes]]) -> None:
    doc = bytearray(BASE_DOC)
    for where, fragment in splices:
        at = where % (len(doc) + 1)
        doc[at:at] = fragment
    _check_docx(minimal_docx(bytes(doc)))


@FUZZ
@given(
    st.sampled_from(["document", "rels", "content_types"]),
    st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=6),
    st.integers(min_value=0),
)
def test_docx_parts_with_flipped_bytes(part: str, flips: list[tuple[int, int]], cut: int) -> None:
    original = {"document": BASE_DOC, "rels": PACKAGE_RELS, "content_types": CONTENT_TYPES}[part]
    blob = bytearray(original)
    for where, value in flips:
        blob[where % len(blob)] = value
    if cut % 4 == 0:  # sometimes also truncate the part
        del blob[cut % len(blob) :]
    parts = {"document": BASE_DOC, "rels": PACKAGE_RELS, "content_types": CONTENT_TYPES}
    parts[part] = bytes(blob)
    _check_docx(_rebuild(parts))


def _rebuild(parts: dict[str, bytes]) -> bytes:
    return forge_zip(
        [
            deflated("[Content_Types].xml", parts["content_types"]),
            deflated("_rels/.rels", parts["rels"]),
            deflated("word/document.xml", parts["document"]),
        ]
    )
