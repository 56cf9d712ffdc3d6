"""The per-file function: bytes → ``DocumentResult``. Used alike by the API, the process pool and Dask.

It never raises for bad input: an unreadable file becomes one ``documents`` row with ``status=failed``
and a one-line ``error``.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePosixPath

from jixiao.extract.decode import xml_forbidden_notes
from jixiao.extract.errors import JixiaoError
from jixiao.extract.layout import Layout
from jixiao.extract.segment import segment_layout
from jixiao.gc_pause import collector_paused
from jixiao.normalize.document import normalize_document
from jixiao.normalize.records import DocumentResult, failed_result

SUPPORTED_FORMATS = ("txt", "docx", "xlsx", "html", "pdf", "doc", "wps", "rtf", "xls", "et")
_OFFICE_FORMATS = ("doc", "wps", "rtf", "xls", "et")  # read through LibreOffice (extract.office_convert)
_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".doc": "doc",
    ".dot": "doc",
    ".wps": "wps",
    ".rtf": "rtf",
    ".xls": "xls",
    ".et": "et",
}
_OLE_STREAMS = (  # an OLE file's main stream names (UTF-16 in its directory) → the format they make
    ("WordDocument".encode("utf-16-le"), "doc"),
    ("Workbook".encode("utf-16-le"), "xls"),
    ("Book".encode("utf-16-le"), "xls"),
)


def sniff_format(data: bytes, source_path: str) -> str:
    """The reader to use: by the bytes where they are decisive, else by the file name.

    >>> sniff_format(b"PK\\x03\\x04...word/document.xml", "a.bin")
    'docx'
    >>> sniff_format("附件1".encode(), "x/a.TXT")
    'txt'
    >>> sniff_format(b"%PDF-1.7 ...", "scan.bin"), sniff_format(b"{\\\\rtf1 ...", "a.doc")
    ('pdf', 'rtf')
    """
    head = data[:4096]
    if head.startswith(b"PK\x03\x04"):
        if b"xl/" in data[:65536] and b"word/" not in data[:65536]:
            return "xlsx"
        return "docx" if not source_path.lower().endswith(".xlsx") else "xlsx"
    suffix = PurePosixPath(source_path.replace("\\", "/")).suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE: legacy Word/Excel/WPS, or an encrypted .docx
        if _EXTENSIONS.get(suffix) in _OFFICE_FORMATS:
            return _EXTENSIONS[suffix]
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "docx"  # the docx reader says it is encrypted
        return next((fmt for name, fmt in _OLE_STREAMS if name in data), "docx")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def _reader(fmt: str) -> Callable[[bytes], Layout]:
    # Imported lazily so that a missing optional reader never stops the others.
    if fmt == "txt":
        from jixiao.extract.text_source import read_text_layout

        return read_text_layout
    if fmt == "docx":
        from jixiao.extract.docx_source import read_docx_layout

        return read_docx_layout
    if fmt == "xlsx":
        from jixiao.extract.xlsx_source import read_xlsx_layout

        return read_xlsx_layout
    if fmt == "html":
        from jixiao.extract.html_source import read_html_layout

        return read_html_layout
    if fmt == "pdf":
        from jixiao.extract.pdf_source import read_pdf_layout

        return read_pdf_layout
    if fmt in _OFFICE_FORMATS:
        from jixiao.extract.office_convert import read_office_layout

        return functools.partial(read_office_layout, fmt=fmt)
    raise JixiaoError(f"unsupported format {fmt!r}; supported: {', '.join(SUPPORTED_FORMATS)}")


def _noting_forbidden_characters(layout: Layout) -> Layout:
    """Text may hold characters XML 1.0 forbids whatever the format (an HTML ``&#1;``, a PDF's text
    layer), not only decoded bytes: noted once (see ``decode.xml_forbidden_notes``)."""
    if layout.source_format == "txt" or any("XML 1.0 forbids" in note for note in layout.notes):
        return layout  # a text file's layout is cut from its decoded text, which decode_bytes checked
    notes = xml_forbidden_notes("\n".join(text for text, _ in layout.iter_text()))
    return replace(layout, notes=(*layout.notes, *notes)) if notes else layout


def process_bytes(
    data: bytes, source_path: str, *, source_format: str | None = None, keep_layout: bool = False
) -> DocumentResult:
    """Read one submission file's bytes into the contract's rows (see ``normalize.records``)."""
    doc_id = hashlib.sha256(data).hexdigest()
    fmt = source_format or sniff_format(data, source_path)
    t0 = time.perf_counter()
    try:
        with collector_paused():  # one document's many short-lived objects (see jixiao.gc_pause)
            layout = _noting_forbidden_characters(_reader(fmt)(data))
            t1 = time.perf_counter()
            raw = segment_layout(layout)
            t2 = time.perf_counter()
            result = normalize_document(raw, doc_id=doc_id, source_path=source_path)
            t3 = time.perf_counter()
    except JixiaoError as exc:
        return failed_result(doc_id, source_path, fmt, str(exc))
    except (MemoryError, RecursionError) as exc:
        return failed_result(doc_id, source_path, fmt, f"{type(exc).__name__}: input too large or too deep")
    except Exception as exc:  # a bug of ours must not stop a batch; it is reported as such
        return failed_result(doc_id, source_path, fmt, f"internal error ({type(exc).__name__}: {exc})")
    timings = {"read": t1 - t0, "segment": t2 - t1, "normalize": t3 - t2}
    return replace(result, stage_seconds=timings, layout=layout if keep_layout else None)
