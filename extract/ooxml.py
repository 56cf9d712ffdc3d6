"""Safe access to an Office Open XML package: the zip, its relationships and its XML parts.

Every way a file can fail to be a package ends here as one ``FormatError`` (or ``LimitError``) with a
one-line message that says what the file really is and what to do. Guards, all cheap:

* the bytes are sniffed first (empty, legacy OLE ``.doc``, password-protected ``.docx``, RTF, HTML …);
* the zip's layout is checked when it is opened: part names unique (case-insensitively, as OPC
  requires), every member's local header where the central directory says, and no two members'
  data overlapping (the "overlapping files" zip bomb, which Python 3.11's zipfile does not refuse);
* zip bombs: a part we read is refused from its *declared* sizes (over ``limits.MAX_PART_BYTES``,
  or expanding more than ``limits.ZIP_MAX_RATIO``), and is inflated here with ``zlib`` capped at the
  declared size plus one byte — a member whose declared size lies (small declared, huge actual) is
  stopped by that cap, never by memory running out. Nothing is ever extracted to disk, whatever the
  member names;
* XML: a hardened lxml parser (no DTD loading, no entity resolution, no network, never ``recover``
  or ``huge_tree``, so libxml2's own bounds hold: nesting ≤ 256 levels, one text node ≤ 10,000,000
  bytes), and any ``<!DOCTYPE`` is refused outright — no Office application writes one, and every
  entity attack (billion laughs, quadratic blow-up, external and parameter-entity XXE) needs one.
"""

from __future__ import annotations

import codecs
import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from jixiao.extract.errors import FormatError, LimitError
from jixiao.extract.limits import (
    MAX_PART_BYTES,
    MAX_SCAN_BYTES,
    XML_MAX_DEPTH,
    XML_MAX_TEXT,
    ZIP_MAX_MEMBERS,
    exceeds_ratio,
)
from lxml import etree

# What zipfile raises on damaged input (found by fuzzing: a bad version field, a negative seek …).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, (skipped), name length, extra length
_LOCAL_SIG = b"PK\x03\x04"
_END_SIG = b"PK\x05\x06"
# The markers of a DTD as they appear in the encodings an XML part may use (UTF-16 parts are legal).
_DTD_MARKERS = tuple(
    m.encode(c) for m in ("<!DOCTYPE", "<!ENTITY") for c in ("utf-8", "utf-16-le", "utf-16-be")
)

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL = f"{{{REL_NS}}}Relationship"
PACKAGE_RELS = "_rels/.rels"

_OLE_STREAMS: tuple[tuple[str, str], ...] = (
    # (stream name in the OLE directory, what it means) — first match wins
    (
        "EncryptionInfo",
        "a password-protected (encrypted) .docx: remove the password in Word/WPS "
        "(File → Info → Protect Document) and save again",
    ),
    (
        "WordDocument",
        "a legacy Word 97-2003 .doc renamed .docx: open it in Word/WPS and save as .docx "
        "(or: soffice --headless --convert-to docx)",
    ),
    ("Workbook", "a legacy Excel .xls file, not a Word document"),
)


@dataclass(frozen=True, slots=True)
class Relationship:
    rel_id: str
    type: str  # full relationship type URI
    target: str  # package part name (resolved, no leading "/") or the external URI
    external: bool

    @property
    def short_type(self) -> str:
        return self.type.rsplit("/", 1)[-1]


def _looks_like_text(head: bytes) -> bool:
    if any(b < 0x20 and b not in (9, 10, 13) for b in head):
        return False
    for codec in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(codec)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _has_end_record(data: bytes) -> bool:
    # The end-of-central-directory record sits in the last 64 KiB + 22 bytes (its comment ≤ 65535).
    return _END_SIG in data[-(65_535 + 22) :]


def sniff_not_zip(data: bytes) -> str | None:
    """Why ``data`` cannot be an OOXML package, in words; None when it may be a zip.

    >>> sniff_not_zip(b"")
    'empty file (0 bytes)'
    >>> sniff_not_zip(b"{\\\\rtf1 hello")[:11]
    'an RTF file'
    >>> sniff_not_zip(b"PK\\x03\\x04rest") is None
    True
    """
    if not data:
        return "empty file (0 bytes)"
    if data.startswith(b"PK"):
        return None
    if data.startswith(OLE_MAGIC):
        for stream, meaning in _OLE_STREAMS:
            # Directory entries hold stream names in UTF-16LE; a plain search is enough to tell.
            if stream.encode("utf-16-le") in data:
                return meaning
        return "an OLE compound file (legacy Office format), not a .docx: save it as .docx"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{\\rtf"):
        return "an RTF file renamed .docx: open it in Word/WPS and save as .docx"
    if head.startswith(b"%pdf"):
        return "a PDF file, not a Word document"
    if b"mime-version" in head:
        return "a single-file web page (.mht) renamed .docx: open it in Word/WPS and save as .docx"
    if b"<html" in head or b"<!doctype html" in head:
        return "an HTML file renamed .docx: open it in Word/WPS and save as .docx"
    if b"w:worddocument" in head or b"pkg:package" in head:
        return "a Word XML (flat) file renamed .docx: open it in Word/WPS and save as .docx"
    if _has_end_record(data):
        return None  # a zip with something in front of it (self-extractor, junk): Package notes it
    if _looks_like_text(data[:512]):
        return "a text file renamed .docx (read it as text instead)"
    return f"not a .docx: not a zip package (starts with {data[:8].hex(' ')})"


def _xml_error(err: etree.XMLSyntaxError, part: str) -> FormatError:
    msg = " ".join(str(err).split())
    # libxml2's resource bounds say "use/try XML_PARSE_HUGE": these are refusals, not damage.
    if "Excessive depth" in msg:
        return LimitError(f"{part} nests elements deeper than {XML_MAX_DEPTH} levels; refused")
    if "XML_PARSE_HUGE" in msg or "Resource limit" in msg:
        return LimitError(f"{part} has a text node or name over {XML_MAX_TEXT:,} bytes; refused")
    return FormatError(f"{part} is not well-formed XML ({msg}): the file is damaged")


def _doctype_error(part: str) -> LimitError:
    return LimitError(f"{part} contains a DTD (<!DOCTYPE or <!ENTITY; refused: Office never writes one)")


def has_dtd(data: bytes) -> bool:
    """Whether a DTD marker appears anywhere in ``data``: a prolog can be padded past any fixed head.

    >>> has_dtd(b" " * 70_000 + b"<!DOCTYPE x>"), has_dtd("<!ENTITY".encode("utf-16-le")), has_dtd(b"<a/>")
    (True, True, False)
    """
    return any(marker in data for marker in _DTD_MARKERS)


def parse_xml(data: bytes, part: str) -> etree._Element:
    """Parse one XML part with the hardened parser; refuse DTDs; FormatError on malformed XML."""
    if has_dtd(data):
        raise _doctype_error(part)
    # A parser per call: lxml parsers are not safe to share across threads, and creating one is cheap.
    # NOTE: never turn on ``recover`` (it silently drops what it cannot parse) nor ``huge_tree`` (it
    # lifts the depth and text-node bounds); tests/hostile/test_hostile_bounds.py checks the source.
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise _xml_error(err, part) from None
    except (ValueError, LookupError) as err:  # e.g. an unknown encoding declaration
        raise FormatError(f"{part} cannot be parsed as XML ({err})") from None
    # Catches a DOCTYPE the byte search could not see (UTF-32 parts, odd encodings).
    if root.getroottree().docinfo.doctype:
        raise _doctype_error(part)
    return root


def _suspicious_name(name: str) -> bool:
    """A member name that would escape a folder if someone extracted it (we never do)."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")


class Package:
    """An opened OOXML zip. Part names are matched case-insensitively, as OPC requires.

    ``notes`` lists what was odd but harmless (junk before the zip, member names that would escape a
    folder); readers pass them on so the document is marked ``partial``.
    """

    def __init__(self, data: bytes) -> None:
        why = sniff_not_zip(data)
        if why is not None:
            raise FormatError(why)
        self._data = data
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
            infos = zf.infolist()
        except _ZIP_ERRORS as err:
            raise FormatError(f"corrupt or truncated zip package ({err}): the file is damaged") from None
        if len(infos) > ZIP_MAX_MEMBERS:
            raise LimitError(f"zip has {len(infos):,} members (bound {ZIP_MAX_MEMBERS:,}); refused")
        self._infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            key = info.filename.lower()
            if key in self._infos:
                first = self._infos[key].filename
                raise FormatError(
                    f"zip holds two parts named {first!r} and {info.filename!r} "
                    "(OPC part names are case-insensitive and unique): the file is damaged or forged"
                )
            self._infos[key] = info
        self._data_start = self._check_layout(infos, zf.start_dir)
        self.notes: list[str] = []
        first_offset = min((i.header_offset for i in infos), default=0)
        if first_offset > 0:
            self.notes.append(f"{first_offset:,} bytes of unknown data before the zip package ignored")
        odd = [i.filename for i in infos if _suspicious_name(i.filename)]
        if odd:
            shown = ", ".join(repr(n) for n in odd[:3])
            self.notes.append(f"{len(odd)} zip member name(s) pointing outside the package ignored: {shown}")

    def _check_layout(self, infos: list[zipfile.ZipInfo], start_dir: int) -> dict[str, int]:
        """Where each member's data starts; refuse members that overlap or lie outside the zip."""
        starts: dict[str, int] = {}
        spans: list[tuple[int, int, str]] = []
        for info in infos:
            at = info.header_offset
            head = self._data[at : at + _LOCAL_HEADER.size]
            if len(head) < _LOCAL_HEADER.size or not head.startswith(_LOCAL_SIG):
                raise FormatError(f"zip member {info.filename} has no local header at its offset: damaged")
            _sig, name_len, extra_len = _LOCAL_HEADER.unpack(head)
            start = at + _LOCAL_HEADER.size + name_len + extra_len
            starts[info.filename.lower()] = start
            spans.append((at, start + info.compress_size, info.filename))
        spans.sort()
        for (_lo, hi, name), nxt in zip(spans, [*spans[1:], (start_dir, 0, "")], strict=True):
            if hi > nxt[0]:
                if nxt[2]:
                    raise LimitError(
                        f"zip members {name} and {nxt[2]} overlap (a zip-bomb construction); refused"
                    )
                raise FormatError(f"zip member {name} runs past the central directory: the file is damaged")
        return starts

    def has(self, name: str) -> bool:
        return name.lower() in self._infos

    def read(self, name: str) -> bytes:
        """The bytes of one member, refusing bombs and reporting damage as FormatError."""
        info = self._infos.get(name.lower())
        if info is None:
            raise FormatError(f"package has no part {name}")
        if info.flag_bits & 0x1:
            raise FormatError(f"zip member {name} is encrypted: not a normal Office file")
        if info.file_size > MAX_PART_BYTES:
            raise LimitError(f"{name} declares {info.file_size:,} bytes (bound {MAX_PART_BYTES:,}); refused")
        packed = max(info.compress_size, 1)
        if exceeds_ratio(info.file_size, packed):
            raise LimitError(f"{name} expands {info.file_size // packed}x (zip bomb?); refused")
        start = self._data_start[name.lower()]
        raw = memoryview(self._data)[start : start + info.compress_size]
        if len(raw) < info.compress_size:
            raise FormatError(f"{name} is cut short in the zip: the file is damaged")
        if info.compress_type == zipfile.ZIP_STORED:
            blob = raw.tobytes()
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            blob = _inflate(raw, info.file_size, name)
        else:
            raise FormatError(
                f"{name} uses zip compression method {info.compress_type}, which Office never writes"
            )
        if len(blob) != info.file_size:
            raise FormatError(
                f"{name} holds {len(blob):,} bytes but declares {info.file_size:,}: the file is damaged"
            )
        if zlib.crc32(blob) != info.CRC:
            raise FormatError(f"{name} fails its CRC check: the file is damaged")
        return blob

    def scanned_parts(self, *, every: bool = False) -> Iterator[tuple[str, bytes]]:
        """Each ``.xml``/``.rels`` member (``every``: each member, whatever its name), inflated once
        under the same caps as a read, ``MAX_SCAN_BYTES`` in all, and refused if it holds a DTD
        (:func:`has_dtd`) — read or not, a forged file; yields ``(name, bytes)`` for the caller's own
        checks. Nothing is parsed."""
        budget = MAX_SCAN_BYTES
        for key, info in self._infos.items():
            if not every and not key.endswith((".xml", ".rels")):
                continue
            budget -= info.file_size
            if budget < 0:
                raise LimitError(f"package parts declare over {MAX_SCAN_BYTES:,} bytes in all; refused")
            blob = self.read(info.filename)
            if has_dtd(blob):
                raise _doctype_error(info.filename)
            yield info.filename, blob

    def refuse_doctypes(self) -> None:
        """Refuse the package if *any* XML part holds a DTD (see :meth:`scanned_parts`)."""
        for _ in self.scanned_parts():
            pass

    def read_xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), name)

    def relationships(self, source: str) -> tuple[Relationship, ...]:
        """Relationships of part ``source`` ("" for the package), targets resolved to part names.

        External targets are recorded as written and never fetched.
        """
        base, leaf = posixpath.split(source)
        rels_name = posixpath.join(base, "_rels", f"{leaf}.rels") if source else PACKAGE_RELS
        if not self.has(rels_name):
            return ()
        out: list[Relationship] = []
        for rel in self.read_xml(rels_name).iter(_REL):
            target = rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            if not external:
                joined = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
                target = posixpath.normpath(joined)
            out.append(Relationship(rel.get("Id", ""), rel.get("Type", ""), target, external))
        return tuple(out)

    def main_document(self) -> str:
        """The part name of the main document (normally ``word/document.xml``)."""
        for rel in self.relationships(""):
            if rel.short_type == "officeDocument" and not rel.external and self.has(rel.target):
                return rel.target
        if self.has("word/document.xml"):
            return "word/document.xml"
        if self.has("xl/workbook.xml"):
            raise FormatError("an Excel workbook (.xlsx) renamed .docx, not a Word document")
        if self.has("ppt/presentation.xml"):
            raise FormatError("a PowerPoint file (.pptx) renamed .docx, not a Word document")
        raise FormatError("a zip without word/document.xml: not a Word .docx package")


def _inflate(raw: bytes | memoryview, declared: int, name: str) -> bytes:
    """Raw deflate → bytes, never producing more than ``declared + 1`` bytes whatever the input says."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        # max_length is the byte cap: a stream that would inflate past its declared size stops here.
        blob = inflater.decompress(raw, declared + 1)
    except zlib.error as err:
        raise FormatError(f"{name} has corrupt deflate data ({err}): the file is damaged") from None
    if len(blob) > declared:
        raise LimitError(
            f"{name} inflates past its declared {declared:,} bytes (zip bomb or forged sizes); refused"
        )
    if not inflater.eof:
        raise FormatError(f"{name} has a deflate stream that ends early: the file is damaged")
    return blob
