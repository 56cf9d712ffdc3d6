"""Safe access to an Office Open XML package: the zip, its relationships and its XML parts.

Every way a file can fail to be a package ends here as one ``FormatError`` (or ``LimitError``) with a
one-line message that says what the file really is and what to do. Guards, all cheap:

* the bytes are sniffed first (empty, legacy OLE ``.doc``, password-protected ``.docx``, RTF, HTML …);
* zip bombs: a member whose declared size exceeds ``MAX_MEMBER_BYTES``, or whose size/compressed ratio
  exceeds ``MAX_RATIO``, is refused, and every read is capped at the declared size;
* XML: a hardened lxml parser (no DTD loading, no entity resolution, no network, no huge trees), and
  any ``<!DOCTYPE`` is refused outright — no Office application writes one.
"""

from __future__ import annotations

import codecs
import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from extract.errors import FormatError, LimitError

MAX_MEMBER_BYTES = 200 * 1024 * 1024  # a form's document.xml is well under 10 MB
MAX_RATIO = 200  # XML compresses ~5-30x; far beyond that is a bomb
RATIO_FLOOR_BYTES = 1024 * 1024  # small members can compress absurdly well and harm no one
MAX_MEMBERS = 10_000

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
_DOCTYPE = b"<!DOCTYPE"

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


def sniff_not_zip(data: bytes) -> str | None:
    """Why ``data`` cannot be an OOXML package, in words; None when it starts like a zip.

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
    if _looks_like_text(data[:512]):
        return "a text file renamed .docx (read it as text instead)"
    return f"not a .docx: not a zip package (starts with {data[:8].hex(' ')})"


def parse_xml(data: bytes, part: str) -> etree._Element:
    """Parse one XML part with the hardened parser; refuse DTDs; FormatError on malformed XML."""
    if _DOCTYPE in data:
        raise FormatError(f"{part} contains a <!DOCTYPE> declaration (refused: Office never writes one)")
    # A parser per call: lxml parsers are not safe to share across threads, and creating one is cheap.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        msg = str(err).replace("\n", " ")
        raise FormatError(f"{part} is not well-formed XML ({msg}): the file is damaged") from None
    except ValueError as err:  # e.g. an unknown encoding declaration
        raise FormatError(f"{part} cannot be parsed as XML ({err})") from None
    # Catches a DOCTYPE the byte search could not see (UTF-16 parts).
    if root.getroottree().docinfo.doctype:
        raise FormatError(f"{part} contains a <!DOCTYPE> declaration (refused: Office never writes one)")
    return root


class Package:
    """An opened OOXML zip. Part names are matched case-insensitively, as OPC requires."""

    def __init__(self, data: bytes) -> None:
        why = sniff_not_zip(data)
        if why is not None:
            raise FormatError(why)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except _ZIP_ERRORS as err:
            raise FormatError(f"corrupt or truncated zip package ({err}): the file is damaged") from None
        if len(infos) > MAX_MEMBERS:
            raise LimitError(f"zip has {len(infos):,} members (bound {MAX_MEMBERS:,}); refused")
        self._infos = {info.filename.lower(): info for info in infos}

    def has(self, name: str) -> bool:
        return name.lower() in self._infos

    def read(self, name: str) -> bytes:
        """The bytes of one member, refusing bombs and reporting damage as FormatError."""
        info = self._infos.get(name.lower())
        if info is None:
            raise FormatError(f"package has no part {name}")
        if info.flag_bits & 0x1:
            raise FormatError(f"zip member {name} is encrypted: not a normal .docx")
        if info.file_size > MAX_MEMBER_BYTES:
            raise LimitError(
                f"{name} declares {info.file_size:,} bytes (bound {MAX_MEMBER_BYTES:,}); refused"
            )
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise LimitError(f"{name} expands {info.file_size // max(info.compress_size, 1)}x (zip bomb?)")
        try:
            with self._zip.open(info) as fh:
                # zipfile stops at the declared size; the cap makes that explicit.
                blob = fh.read(MAX_MEMBER_BYTES + 1)
        except _ZIP_ERRORS as err:
            raise FormatError(f"cannot read {name} from the zip ({err}): the file is damaged") from None
        if len(blob) > MAX_MEMBER_BYTES:  # pragma: no cover - zipfile already caps at file_size
            raise LimitError(f"{name} exceeds {MAX_MEMBER_BYTES:,} bytes; refused")
        return blob

    def read_xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), name)

    def relationships(self, source: str) -> tuple[Relationship, ...]:
        """Relationships of part ``source`` ("" for the package), targets resolved to part names."""
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
