"""Build tiny .docx packages from WordprocessingML snippets, at test time (no binary blobs committed).

The packages are minimal but valid (Word opens them): ``[Content_Types].xml``, the package
relationships and ``word/document.xml``, plus any extra parts a test needs. Snippet helpers keep the
tests readable: ``tbl(tr(tc("a", span=2)), tr(tc("b", vmerge="restart")))``. List numbering:
``make_docx(num_p("概况", 1), numbering=numbering_xml(abstract_num(0, lvl(0, "chineseCounting",
"%1、")), num(1, 0)))``; ``styles=styles_xml(style("H1", "heading 1", num_id=1))`` adds a style sheet.
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
    body: str,
    *,
    extra: dict[str, bytes | str] | None = None,
    document: bytes | None = None,
    numbering: str | bytes | None = None,
    styles: str | bytes | None = None,
) -> bytes:
    """A minimal .docx whose body is ``body`` (block-level WordprocessingML).

    ``numbering``/``styles`` add ``word/numbering.xml``/``word/styles.xml`` with their relationships
    and content types (then ``extra`` must not hold the document's relationships).
    """
    content_types = CONTENT_TYPES
    parts: dict[str, bytes | str] = {
        "_rels/.rels": PACKAGE_RELS,
        "word/document.xml": document if document is not None else document_xml(body),
    }
    rels: list[tuple[str, str, str, bool]] = []
    for kind, blob in (("numbering", numbering), ("styles", styles)):
        if blob is not None:
            parts[f"word/{kind}.xml"] = blob
            rels.append((f"rId{len(rels) + 1}", kind, f"{kind}.xml", False))
            override = (
                f'<Override PartName="/word/{kind}.xml" ContentType="application/'
                f'vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>'
            )
            content_types = content_types.replace("</Types>", override + "</Types>")
    if rels:
        parts["word/_rels/document.xml.rels"] = rels_xml(*rels)
    parts["[Content_Types].xml"] = content_types
    parts.update(extra or {})
    return make_package(parts)


# --- list numbering and styles --------------------------------------------------------------------


def num_p(
    text: str, num_id: int | str | None = None, ilvl: int | str | None = None, *, style: str | None = None
) -> str:
    """A paragraph with ``w:numPr`` (only the parts given) and optionally a style."""
    numpr = ""
    if ilvl is not None:
        numpr += f'<w:ilvl w:val="{ilvl}"/>'
    if num_id is not None:
        numpr += f'<w:numId w:val="{num_id}"/>'
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        f"<w:numPr>{numpr}</w:numPr>" if numpr else ""
    )
    return f"<w:p><w:pPr>{props}</w:pPr>{r(text) if text else ''}</w:p>"


def lvl(
    ilvl: int | str,
    fmt: str | None = "decimal",
    text: str | None = "%1.",
    start: int | str | None = 1,
    *,
    suff: str | None = None,
    restart: int | str | None = None,
    legal: bool = False,
    style: str | None = None,
) -> str:
    """One ``w:lvl``; None leaves an element out (Word's defaults apply)."""
    inner = f'<w:start w:val="{start}"/>' if start is not None else ""
    inner += f'<w:numFmt w:val="{fmt}"/>' if fmt is not None else ""
    inner += f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else ""
    inner += f'<w:pStyle w:val="{style}"/>' if style else ""
    inner += "<w:isLgl/>" if legal else ""
    inner += f'<w:suff w:val="{suff}"/>' if suff is not None else ""
    inner += f'<w:lvlText w:val="{escape(text, {chr(34): "&quot;"})}"/>' if text is not None else ""
    inner += '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr>'
    return f'<w:lvl w:ilvl="{ilvl}">{inner}</w:lvl>'


def abstract_num(
    abstract_id: int, *levels: str, link: str | None = None, style_link: str | None = None
) -> str:
    """A ``w:abstractNum``; ``link`` makes it a ``w:numStyleLink`` to a numbering style."""
    head = '<w:multiLevelType w:val="multilevel"/>'
    head += f'<w:styleLink w:val="{style_link}"/>' if style_link else ""
    head += f'<w:numStyleLink w:val="{link}"/>' if link else ""
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{head}{"".join(levels)}</w:abstractNum>'


def lvl_override(ilvl: int | str, start: int | str | None = None, level: str = "") -> str:
    start_el = f'<w:startOverride w:val="{start}"/>' if start is not None else ""
    return f'<w:lvlOverride w:ilvl="{ilvl}">{start_el}{level}</w:lvlOverride>'


def num(num_id: int | str, abstract_id: int | str, *overrides: str) -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{"".join(overrides)}</w:num>'


def numbering_xml(*items: str) -> str:
    """``word/numbering.xml``: abstract definitions first, then lists (Word's order)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:numbering xmlns:w="{W_NS}">{"".join(items)}</w:numbering>'
    )


def style(
    style_id: str,
    name: str,
    *,
    num_id: int | str | None = None,
    ilvl: int | str | None = None,
    based_on: str | None = None,
    kind: str = "paragraph",
    default: bool = False,
) -> str:
    """A ``w:style``, with ``w:numPr`` when ``num_id``/``ilvl`` are given."""
    numpr = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    numpr += f'<w:numId w:val="{num_id}"/>' if num_id is not None else ""
    ppr = f"<w:pPr><w:numPr>{numpr}</w:numPr></w:pPr>" if numpr else ""
    base = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    flag = ' w:default="1"' if default else ""
    return (
        f'<w:style w:type="{kind}"{flag} w:styleId="{style_id}"><w:name w:val="{name}"/>{base}{ppr}</w:style>'
    )


def styles_xml(*styles: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:styles xmlns:w="{W_NS}">{"".join(styles)}</w:styles>'
    )
