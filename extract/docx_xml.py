"""WordprocessingML vocabulary shared by the ``.docx`` readers: namespaces, tag kinds, child lookups.

Both namespaces (transitional and ISO 29500 Strict) map to one local name per tag, so the readers
compare short strings; ``w:sdt``/``w:customXml`` wrappers and ``mc:AlternateContent`` are looked through.
"""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"  # ISO 29500 Strict saves
WORD_NAMESPACES = (W_NS, W_STRICT_NS)
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://purl.oclc.org/ooxml/officeDocument/math",
)
_W_LOCALS = (  # noqa: SIM905 - a word list reads better than 50 quoted items
    "document body p tbl tr tc sdt sdtContent customXml r t tab ptab br cr noBreakHyphen softHyphen sym "
    "fldChar instrText delText delInstrText del moveFrom pPr rPr tcPr trPr tblPr tblGrid sdtPr sdtEndPr "
    "vMerge gridSpan gridBefore gridAfter vanish pStyle numPr numId ilvl txbxContent altChunk subDoc object "
    "footnoteReference endnoteReference sectPr style name vertAlign showingPlcHdr"
).split()
# Clark tag → local name, for both WordprocessingML namespaces: one dict lookup per element.
KIND: dict[object, str] = {f"{{{ns}}}{local}": local for ns in WORD_NAMESPACES for local in _W_LOCALS}
KIND.update(
    {
        f"{{{_MC_NS}}}AlternateContent": "mc:AlternateContent",
        f"{{{_MC_NS}}}Choice": "mc:Choice",
        f"{{{_MC_NS}}}Fallback": "mc:Fallback",
    }
)
KIND.update({f"{{{ns}}}t": "m:t" for ns in _MATH_NS})

# Not descended into when looking for text: properties, deleted content, field instructions.
SKIP = frozenset(
    "pPr rPr tcPr trPr tblPr tblGrid sdtPr sdtEndPr sectPr "  # noqa: SIM905
    "del moveFrom instrText delText delInstrText".split()
)
FALSE_VALUES = frozenset({"0", "false", "off"})  # an on/off attribute that says off


def child_of(el: etree._Element | None, kind: str) -> etree._Element | None:
    """The first child of one kind (``pPr``, ``numPr`` …), or None."""
    if el is None:
        return None
    for c in el:
        if KIND.get(c.tag) == kind:
            return c
    return None


def iter_kind(parent: etree._Element, kind: str) -> list[etree._Element]:
    """Children of one kind (rows of a table, cells of a row), looking through sdt/customXml wrappers."""
    found: list[etree._Element] = []
    for child in parent:
        k = KIND.get(child.tag)
        if k == kind:
            found.append(child)
        elif k in ("sdt", "sdtContent", "customXml"):
            found.extend(iter_kind(child, kind))
        elif k == "mc:AlternateContent":
            found.extend(iter_kind(pick_alternative(child), kind))
    return found


def shows_placeholder(el: etree._Element) -> bool:
    """A content control (``w:sdt``) showing its placeholder (``w:showingPlcHdr``): the grey prompt text
    (单击此处输入文字, or a 0.00 a template put there) is no one's entry; the control is empty."""
    return child_of(child_of(el, "sdtPr"), "showingPlcHdr") is not None


def pick_alternative(alt: etree._Element) -> etree._Element:
    """The first Choice (what current Word renders), else the Fallback; an empty element if neither."""
    for wanted in ("mc:Choice", "mc:Fallback"):
        chosen = child_of(alt, wanted)
        if chosen is not None:
            return chosen
    return etree.Element("empty")
