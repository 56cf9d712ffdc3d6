"""Build tiny .docx packages from WordprocessingML snippets, at test time (no binary blobs committed).

The packages are minimal but valid (Word opens them): ``[Content_Types].xml``, the package
relationships and ``word/document.xml``, plus any extra parts a test needs. Snippet helpers keep the
tests readable: ``tbl(tr(tc("a", span=2)), tr(tc("b", vmerge="restart")))``.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def t(text: str) -> str:
    """A ``w:t`` keeping its spaces."""
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def r(text: str) -> str:
    """A run with one ``w:t``."""
    return f"<w:r>{t(text)}</w:r>"


def p(*content: str, style: str | None = None, raw: bool = False) -> str:
    """A paragraph; plain strings become runs unless ``raw`` (then they are XML already)."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    inner = "".join(content) if raw else "".join(r(c) for c in content)
    return f"<w:p>{ppr}{inner}</w:p>"


def tc(*paras: str, span: int = 1, vmerge: str | None = None, raw: bool = False) -> str:
    """A cell; each string is one paragraph (or raw block XML). ``vmerge``: "restart", "continue", ""."""
    props = ""
    if span != 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge is not None:
        props += f'<w:vMerge w:val="{vmerge}"/>' if vmerge else "<w:vMerge/>"
    tcpr = f"<w:tcPr>{props}</w:tcPr>" if props else ""
    body = "".join(paras) if raw else "".join(p(x) if x else "<w:p/>" for x in paras)
    return f"<w:tc>{tcpr}{body or '<w:p/>'}</w:tc>"


def tr(*cells: str, before: int = 0, after: int = 0, deleted: bool = False) -> str:
    props = ""
    if before:
        props += f'<w:gridBefore w:val="{before}"/>'
    if after:
        props += f'<w:gridAfter w:val="{after}"/>'
    if deleted:
        props += '<w:del w:id="9" w:author="a" w:date="2024-01-01T00:00:00Z"/>'
    trpr = f"<w:trPr>{props}</w:trPr>" if props else ""
    return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"


def tbl(*rows: str, grid: int = 3) -> str:
    cols = "".join('<w:gridCol w:w="1000"/>' for _ in range(grid))
    props = '<w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
    return f"<w:tbl>{props}<w:tblGrid>{cols}</w:tblGrid>{''.join(rows)}</w:tbl>"


def document_xml(body: str, *, ns_decl: str = NSDECL, prolog: str = "") -> bytes:
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<w:document {ns_decl}><w:body>{body}<w:sectPr/></w:body></w:document>"
    )
    return xml.encode("utf-8")


def rels_xml(*rels: tuple[str, str, str, bool]) -> bytes:
    """Relationships part from (id, short type, target, external) tuples."""
    items = "".join(
        f'<Relationship Id="{rid}" Type="{REL_TYPE}{kind}" Target="{escape(target)}"'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for rid, kind, target, external in rels
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>'
    ).encode()


def make_package(parts: dict[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of the given members (str members are UTF-8 encoded)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, blob in parts.items():
            zf.writestr(name, blob.encode("utf-8") if isinstance(blob, str) else blob)
    return buf.getvalue()


def make_docx(
    body: str, *, extra: dict[str, bytes | str] | None = None, document: bytes | None = None
) -> bytes:
    """A minimal .docx whose body is ``body`` (block-level WordprocessingML)."""
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/document.xml": document if document is not None else document_xml(body),
    }
    parts.update(extra or {})
    return make_package(parts)
