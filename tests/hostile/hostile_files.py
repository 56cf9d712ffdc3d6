"""Hostile input files, built by script at test time (no binary blobs are committed).

Each ``Case`` is a file name, a builder ``(Context) -> bytes`` and what the pipeline must say about it:
``status`` (``failed``/``partial``/``ok``) and a phrase its one-line ``error`` (failed) or one of its
``document.note`` anomalies (partial) must contain. ``CASES`` is the whole catalogue; the batch test
writes every one into one folder next to the good samples.

Zip files that ``zipfile`` refuses to write (lying sizes, overlapping members, duplicate names) come
from :func:`forge_zip`, a ~40-line writer of local headers, central directory and end record.
"""

from __future__ import annotations

import codecs
import io
import os
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.extract.office_convert import find_soffice

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_TXT = ROOT / "samples" / "lukou_xunchaban_2023.txt"
SAMPLE_DOCX = ROOT / "samples" / "lukou_xunchaban_2023.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOC_PART = "word/document.xml"
SECRET = "JIXIAO-SECRET-7f3a9c"  # written to a temp file the XXE cases point at; must never surface


@dataclass(frozen=True)
class Context:
    secret_path: Path  # a local file holding SECRET
    server_url: str = "http://127.0.0.1:9/"  # external relationship targets (a test may serve it)


@dataclass(frozen=True)
class Case:
    name: str  # file name in the batch folder (its suffix picks the reader, as for real files)
    build: Callable[[Context], bytes]
    status: str
    says: str  # a phrase of the error (failed) or of a document.note anomaly (partial)
    same_tables_as: str | None = None  # a good sample whose forms/indicators this file must reproduce
    tags: tuple[str, ...] = field(default=())


# --- zip plumbing ---------------------------------------------------------------------------------


@dataclass
class Member:
    name: str
    payload: bytes  # exactly the bytes stored in the zip (already deflated when method=8)
    method: int = zipfile.ZIP_STORED
    crc: int | None = None  # default: CRC of payload (right for stored members)
    file_size: int | None = None  # declared uncompressed size; default len(payload)
    offset: int | None = None  # central-directory header offset override (for overlaps)


def deflate(data: bytes) -> bytes:
    """Raw deflate, as zip stores it."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return comp.compress(data) + comp.flush()


def deflate_stream(chunk: bytes, times: int) -> tuple[bytes, int, int]:
    """Raw deflate of ``chunk * times`` without holding it: (payload, crc, size)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    out, crc = [], 0
    for _ in range(times):
        out.append(comp.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    out.append(comp.flush())
    return b"".join(out), crc, len(chunk) * times


def forge_zip(members: Iterable[Member], *, prefix: bytes = b"") -> bytes:
    """A zip whose headers say exactly what the members say, true or not."""
    body = io.BytesIO()
    body.write(prefix)
    central = io.BytesIO()
    count = 0
    for m in members:
        name = m.name.encode("utf-8")
        crc = zlib.crc32(m.payload) if m.crc is None else m.crc
        size = len(m.payload) if m.file_size is None else m.file_size
        at = body.tell()
        fixed = (20, 0x800, m.method, 0, 0x21, crc, len(m.payload), size, len(name), 0)
        body.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fixed) + name + m.payload)
        offset = at - len(prefix) if m.offset is None else m.offset  # relative to the zip's own start
        central.write(
            struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, *fixed, 0, 0, 0, 0, offset) + name
        )
        count += 1
    start = body.tell()
    cd = central.getvalue()
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(cd), start - len(prefix), 0)
    # The end record's offset is relative to the zip's own start: what a prepended-junk file looks like.
    return body.getvalue() + cd + end


def sample_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(SAMPLE_DOCX) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def rezip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in parts.items():
            zf.writestr(zipfile.ZipInfo(name), blob, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def minimal_docx(document: bytes, **extra: bytes) -> bytes:
    """A small valid package around ``document`` (the word/document.xml bytes)."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        DOC_PART: document,
        **{name.replace("__", "/"): blob for name, blob in extra.items()},
    }
    return forge_zip(deflated(n, b) for n, b in parts.items())


def deflated(name: str, data: bytes) -> Member:
    return Member(name, deflate(data), zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data))


def document(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document xmlns:w="{W_NS}"><w:body>{body}'
        "</w:body></w:document>"
    ).encode()


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
    b'2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def ole_file(*streams: str) -> bytes:
    """A minimal but well-formed OLE compound file (CFB v3) whose directory names ``streams``."""
    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,
        1,
        0,
        4096,
        end,
        0,
        end,
        0,
    )  # 1 FAT sector, directory starts at sector 1, no mini FAT, no DIFAT sectors
    header += struct.pack("<109I", 0, *([free] * 108))  # DIFAT: the FAT is sector 0
    fat = struct.pack("<128I", fat_sect, end, *([free] * 126))
    entries = []
    names = ["Root Entry", *streams]
    for i, name in enumerate(names):
        raw = name.encode("utf-16-le") + b"\0\0"
        kind = 5 if i == 0 else 2
        child = 1 if i == 0 and len(names) > 1 else free
        right = i + 1 if 0 < i < len(names) - 1 else free
        entries.append(
            struct.pack(
                "<64sHBBIII16sI16sIQ",
                raw,
                len(raw),
                kind,
                1,
                free,
                right,
                child,
                b"\0" * 16,
                0,
                b"\0" * 16,
                end,
                0,
            )
        )
    directory = b"".join(entries).ljust(512, b"\0")
    return header + fat + directory


# --- builders -------------------------------------------------------------------------------------


def _bomb_ratio(_: Context) -> bytes:
    payload, crc, size = deflate_stream(b"\0" * (1 << 20), 5)  # 5 MB of zeros → ~5 KB
    return forge_zip([Member(DOC_PART, payload, zipfile.ZIP_DEFLATED, crc, size)])


def _bomb_size(_: Context) -> bytes:
    payload = deflate(document(para("x")))
    return forge_zip([Member(DOC_PART, payload, zipfile.ZIP_DEFLATED, 0, 100 * 1024 * 1024)])


def _bomb_lying_size(_: Context) -> bytes:
    # Declares 4 KB; the deflate stream really holds 64 MB of zeros. Only the read cap can stop it.
    payload, crc, _size = deflate_stream(b"\0" * (1 << 20), 64)
    return forge_zip(
        [
            Member("[Content_Types].xml", CONTENT_TYPES),
            Member("_rels/.rels", PACKAGE_RELS),
            Member(DOC_PART, payload, zipfile.ZIP_DEFLATED, crc, 4096),
        ]
    )


def _overlap(_: Context) -> bytes:
    # The styles member's local header and data sit *inside* the document member's stored data.
    inner_doc = document(para("x"))
    inner = (
        struct.pack(
            "<4sHHHHHIIIHH",
            b"PK\x03\x04",
            20,
            0,
            0,
            0,
            0x21,
            zlib.crc32(inner_doc),
            len(inner_doc),
            len(inner_doc),
            len(b"word/styles.xml"),
            0,
        )
        + b"word/styles.xml"
        + inner_doc
    )
    outer_at = 0
    outer_data_at = outer_at + 30 + len(DOC_PART)
    return forge_zip(
        [
            Member(DOC_PART, inner),
            Member("word/styles.xml", inner_doc, offset=outer_data_at),
        ]
    )


def _duplicate(second: str) -> Callable[[Context], bytes]:
    def build(_: Context) -> bytes:
        a, b = document(para("甲")), document(para("乙"))
        return forge_zip(
            [
                Member("[Content_Types].xml", CONTENT_TYPES),
                Member("_rels/.rels", PACKAGE_RELS),
                Member(DOC_PART, a),
                Member(second, b),
            ]
        )

    return build


def _truncated(_: Context) -> bytes:
    good = SAMPLE_DOCX.read_bytes()
    return good[: len(good) // 2]


def _crc_corrupt(_: Context) -> bytes:
    doc = document(para("正文一二三"))
    return forge_zip(
        [
            Member("[Content_Types].xml", CONTENT_TYPES),
            Member("_rels/.rels", PACKAGE_RELS),
            Member(DOC_PART, doc, crc=zlib.crc32(doc) ^ 0xFFFF),
        ]
    )


def _deflate_corrupt(_: Context) -> bytes:
    doc = document(para("正文" * 50))
    payload = bytearray(deflate(doc))
    payload[0] = 0x07  # final block with the reserved block type 11: "invalid block type"
    return forge_zip(
        [
            Member("[Content_Types].xml", CONTENT_TYPES),
            Member("_rels/.rels", PACKAGE_RELS),
            Member(DOC_PART, bytes(payload), zipfile.ZIP_DEFLATED, zlib.crc32(doc), len(doc)),
        ]
    )


def _junk_before(_: Context) -> bytes:
    parts = sample_parts()
    members = [deflated(n, b) for n, b in parts.items()]
    return forge_zip(members, prefix=b"MZ junk of a self-extractor \0\1\2" * 32)


def _traversal(_: Context) -> bytes:
    parts = sample_parts()
    parts.update({"../../evil.txt": b"EVIL", "/tmp/jixiao-evil.txt": b"EVIL", "..\\..\\evil2.txt": b"EVIL"})
    return rezip(parts)


def _external_rels(ctx: Context) -> bytes:
    parts = sample_parts()
    rels = parts["word/_rels/document.xml.rels"]
    extra = (
        f'<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/image" Target="{ctx.server_url}image.png" TargetMode="External"/>'
        f'<Relationship Id="rIdX2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/attachedTemplate" Target="{ctx.server_url}t.dotm" TargetMode="External"/>'
        f'<Relationship Id="rIdX3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/oleObject" Target="file://{ctx.secret_path}" TargetMode="External"/>'
    ).encode()
    parts["word/_rels/document.xml.rels"] = rels.replace(b"</Relationships>", extra + b"</Relationships>")
    return rezip(parts)


def _doc_with_prolog(prolog: str, body: str = "") -> Callable[[Context], bytes]:
    def build(ctx: Context) -> bytes:
        text = prolog.replace("SECRET_PATH", str(ctx.secret_path))
        return minimal_docx(document(body or para("&e;"), text))

    return build


def _doctype_in(part: str) -> Callable[[Context], bytes]:
    def build(ctx: Context) -> bytes:
        evil = (
            f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{ctx.secret_path}">]>'
            '<x xmlns="urn:x">&e;</x>'
        ).encode()
        parts = sample_parts()
        parts[part] = evil
        return rezip(parts)

    return build


def _deep(_: Context) -> bytes:
    depth = 10_000
    return minimal_docx(
        document("<w:sdt><w:sdtContent>" * depth + para("x") + "</w:sdtContent></w:sdt>" * depth)
    )


def _huge_text_node(_: Context) -> bytes:
    # > 10,000,000 bytes in one w:t, compressible ~80x (under the ratio bound, so the XML bound is hit).
    block = os.urandom(200).hex() + "x" * 39_600
    return minimal_docx(document(f"<w:p><w:r><w:t>{block * 260}</w:t></w:r></w:p>"))


def _text_variant(transform: Callable[[bytes], bytes]) -> Callable[[Context], bytes]:
    def build(_: Context) -> bytes:
        return transform(SAMPLE_TXT.read_bytes())

    return build


def _reencode(bom: bytes, codec: str) -> Callable[[bytes], bytes]:
    return lambda data: bom + data.decode("utf-8").encode(codec)


def _insert(at_text: str, junk: bytes) -> Callable[[bytes], bytes]:
    """Put ``junk`` right before the first occurrence of ``at_text`` (a prose line of the sample)."""

    def apply(data: bytes) -> bytes:
        at = data.index(at_text.encode())
        return data[:at] + junk + data[at:]

    return apply


def _formula_cell(data: bytes) -> bytes:
    # The 填报单位 value becomes a formula; it must reach CSV neutralised and Parquet exact.
    return data.replace("区委巡察办".encode(), FORMULA.encode(), 1)


FORMULA = '=HYPERLINK("http://x","y")'
PROSE = "二、一般公共预算支出情况"  # a report heading of the sample: damage inserted before it lands in prose

_XXE_EXTERNAL = '<!DOCTYPE w:document [<!ENTITY e SYSTEM "file://SECRET_PATH">]>'
_XXE_PARAMETER = '<!DOCTYPE w:document [<!ENTITY % p SYSTEM "file://SECRET_PATH"> %p;]>'
_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY l0 "lol">'
    + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    + '<!ENTITY e "&l9;">]>'
)
_QUADRATIC = f'<!DOCTYPE w:document [<!ENTITY e "{"x" * 50_000}">]>'


def _utf16_doctype(ctx: Context) -> bytes:
    xml = (
        f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document [<!ENTITY e SYSTEM '
        f'"file://{ctx.secret_path}">]><w:document xmlns:w="{W_NS}"><w:body>{para("&e;")}</w:body>'
        "</w:document>"
    )
    return minimal_docx(codecs.BOM_UTF16_LE + xml.encode("utf-16-le"))


CASES: list[Case] = [
    # containers
    Case("bomb_ratio.docx", _bomb_ratio, "failed", "zip bomb"),
    Case("bomb_size.docx", _bomb_size, "failed", "declares 104,857,600 bytes"),
    Case("bomb_lying_size.docx", _bomb_lying_size, "failed", "inflates past its declared 4,096 bytes"),
    Case("overlapping_entries.docx", _overlap, "failed", "overlap"),
    Case("duplicate_part.docx", _duplicate(DOC_PART), "failed", "two parts named"),
    Case("duplicate_part_case.docx", _duplicate("Word/Document.XML"), "failed", "two parts named"),
    Case("truncated.docx", _truncated, "failed", "corrupt or truncated zip"),
    Case("empty.docx", lambda _: b"", "failed", "empty file"),
    Case("crc_corrupt.docx", _crc_corrupt, "failed", "fails its CRC check"),
    Case("deflate_corrupt.docx", _deflate_corrupt, "failed", "corrupt deflate data"),
    Case("junk_before_zip.docx", _junk_before, "partial", "bytes of unknown data before", "docx"),
    # Legacy Word and RTF are read through LibreOffice whatever their name: an OLE shell with no document
    # in it fails there; a real RTF is read (no form in it) where LibreOffice is installed.
    Case("legacy_doc_renamed.docx", lambda _: ole_file("WordDocument", "1Table"), "failed", "LibreOffice"),
    Case(
        "rtf_renamed.docx",
        lambda _: b"{\\rtf1\\ansi\\deff0 {\\fonttbl}hello}",
        "partial" if find_soffice() else "failed",
        "" if find_soffice() else "LibreOffice",
    ),
    Case("html_renamed.docx", lambda _: b"<!DOCTYPE html><html><body>x</body></html>", "failed", "HTML file"),
    Case("text_renamed.docx", _text_variant(lambda d: d + b"\n"), "failed", "text file renamed"),
    Case(
        "encrypted.docx",
        lambda _: ole_file("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"),
        "failed",
        "password-protected",
    ),
    Case("path_traversal.docx", _traversal, "partial", "pointing outside the package", "docx"),
    Case("external_rels.docx", _external_rels, "partial", "external relationship ignored", "docx"),
    # XML
    Case("billion_laughs.docx", _doc_with_prolog(_LAUGHS), "failed", "DOCTYPE"),
    Case("quadratic_blowup.docx", _doc_with_prolog(_QUADRATIC), "failed", "DOCTYPE"),
    Case("xxe_external.docx", _doc_with_prolog(_XXE_EXTERNAL), "failed", "DOCTYPE"),
    Case("xxe_parameter.docx", _doc_with_prolog(_XXE_PARAMETER, para("x")), "failed", "DOCTYPE"),
    Case("xxe_utf16.docx", _utf16_doctype, "failed", "DOCTYPE"),
    Case("doctype_in_rels.docx", _doctype_in("_rels/.rels"), "failed", "DOCTYPE"),
    Case("doctype_in_styles.docx", _doctype_in("word/styles.xml"), "failed", "DOCTYPE"),
    Case("doctype_in_unread_part.docx", _doctype_in("docProps/core.xml"), "failed", "DOCTYPE"),
    Case("deep_nesting.docx", _deep, "failed", "deeper than 256 levels"),
    Case("huge_text_node.docx", _huge_text_node, "failed", "text node"),
    Case(
        "malformed_xml.docx",
        lambda _: minimal_docx(document(para("a") + "<w:p>")),
        "failed",
        "not well-formed",
    ),
    Case("bad_char_ref.docx", lambda _: minimal_docx(document(para("&#0;"))), "failed", "not well-formed"),
    Case(
        "bad_char_ref_surrogate.docx",
        lambda _: minimal_docx(document(para("&#xD800;"))),
        "failed",
        "not well-formed",
    ),
    # text
    Case("bom_utf8.txt", _text_variant(_reencode(codecs.BOM_UTF8, "utf-8")), "ok", "", "txt"),
    Case("bom_utf16le.txt", _text_variant(_reencode(codecs.BOM_UTF16_LE, "utf-16-le")), "ok", "", "txt"),
    Case("bom_utf16be.txt", _text_variant(_reencode(codecs.BOM_UTF16_BE, "utf-16-be")), "ok", "", "txt"),
    Case("bom_utf32le.txt", _text_variant(_reencode(codecs.BOM_UTF32_LE, "utf-32-le")), "ok", "", "txt"),
    Case("bom_utf32be.txt", _text_variant(_reencode(codecs.BOM_UTF32_BE, "utf-32-be")), "ok", "", "txt"),
    Case("bom_gb18030.txt", _text_variant(_reencode(b"\x84\x31\x95\x33", "gb18030")), "ok", "", "txt"),
    Case("nobom_gb18030.txt", _text_variant(_reencode(b"", "gb18030")), "ok", "", "txt"),
    Case("nobom_utf16le.txt", _text_variant(_reencode(b"", "utf-16-le")), "ok", "", "txt"),
    Case("one_nul.txt", _text_variant(_insert(PROSE, b"\0")), "partial", "replaced by U+FFFD", "txt"),
    Case("one_bad_byte.txt", _text_variant(_insert(PROSE, b"\xff")), "partial", "replaced by U+FFFD", "txt"),
    Case("binary.txt", lambda _: bytes(range(256)) * 64, "failed", "not text in UTF-8, GB18030 or UTF-16"),
    Case("long_line.txt", lambda _: b"x" * 200_001, "failed", "line 1 has 200,001 characters"),
    Case("many_tabs.txt", lambda _: b"\t" * 5_000 + b"\n", "failed", "TABs"),
    Case("huge.txt", lambda _: b"a\n" * (8 * 1024 * 1024 + 1), "failed", "exceeds the 16,777,216 byte bound"),
    Case("formula_cell.txt", _text_variant(_formula_cell), "ok", "", tags=("formula",)),
]


def case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


def write_all(folder: Path, ctx: Context, cases: Iterable[Case] = CASES) -> list[Path]:
    """Write every case into ``folder``; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for c in cases:
        path = folder / c.name
        path.write_bytes(c.build(ctx))
        out.append(path)
    return out
