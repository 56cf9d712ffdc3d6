"""The workbook's package: every part but the sheets (workbook, relationships, styles, content types,
properties), zip entries with fixed dates, and legal sheet names.

Deterministic: same sheets, same bytes (fixed document timestamps and zip entry dates).
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence

from jixiao.emit.xlsx_cells import column_letter, xml_escape
from jixiao.emit.xlsx_sheet import DECL as _DECL
from jixiao.emit.xlsx_sheet import HEADER_ROWS, SheetPart
from jixiao.emit.xlsx_sheet import MAIN_NS as _MAIN_NS
from jixiao.emit.xlsx_sheet import REL_NS as _REL_NS

_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})
# fixed document timestamps, so reruns give the same bytes (the text openpyxl wrote for them)
_CORE_XML = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
    '<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">jixiao</dc:creator>'
    '<dcterms:created xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z'
    "</dcterms:created>"
    '<dcterms:modified xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z'
    "</dcterms:modified></cp:coreProperties>"
)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MONEY_FORMAT = "#,##0.00"
PCT_FORMAT = '0.00"%"'  # the number stays in percent points (99.99), only the display adds "%"
# cellXfs indexes: emit.xlsx_cells.S_*  NOTE: keep in sync
_STYLES = (
    f'{_DECL}<styleSheet xmlns="{_MAIN_NS}">'
    f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{xml_escape(MONEY_FORMAT)}"/>'
    f'<numFmt numFmtId="165" formatCode="{xml_escape(PCT_FORMAT)}"/></numFmts>'
    '<fonts count="4"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b val="1"/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><i val="1"/><color rgb="00808080"/><sz val="9"/><name val="Calibri"/><family val="2"/></font>'
    '<font><u val="single"/><color rgb="000563C1"/><sz val="11"/><name val="Calibri"/>'
    '<family val="2"/></font>'
    "</fonts>"
    '<fills count="3"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="00DDE4EE"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def sheet_name(text: str, taken: set[str]) -> str:
    """A legal, unique sheet name (≤31 characters, none of ``[]:*?/\\``)."""
    base = text.translate(_BAD_SHEET_CHARS)[:31] or "sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def zip_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    info._compresslevel = 1  # type: ignore[attr-defined]  # speed over a few % of size
    return info


def write_package(zout: zipfile.ZipFile, parts: Sequence[SheetPart]) -> None:
    for name, text in package_files(parts, shared_strings=True).items():
        zout.writestr(zip_entry(name), text)


def package_files(parts: Sequence[SheetPart], *, shared_strings: bool = False) -> dict[str, str]:
    """Everything but the sheets (and ``xl/sharedStrings.xml``, written after them when
    ``shared_strings``): workbook, relationships, styles, content types, properties."""
    n = len(parts)
    sheets = "".join(
        f'<sheet name="{xml_escape(p.name)}" sheetId="{i}" state="visible" r:id="rId{i}"/>'
        for i, p in enumerate(parts, start=1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{xml_escape(quoted(p.name))}!$A${HEADER_ROWS}:${column_letter(len(p.spec.columns))}"
        f"${HEADER_ROWS + max(p.rows, 1)}</definedName>"
        for i, p in enumerate(parts)
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument"
    files = {
        "[Content_Types].xml": (
            f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                f'ContentType="{ct}.spreadsheetml.worksheet+xml"/>'
                for i in range(1, n + 1)
            )
            + f'<Override PartName="/xl/styles.xml" ContentType="{ct}.spreadsheetml.styles+xml"/>'
            + (
                '<Override PartName="/xl/sharedStrings.xml" '
                f'ContentType="{ct}.spreadsheetml.sharedStrings+xml"/>'
                if shared_strings
                else ""
            )
            + '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{ct}.extended-properties+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"
        ),
        "docProps/app.xml": (
            f'{_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>jixiao</Application></Properties>"
        ),
        "docProps/core.xml": _CORE_XML,
        "xl/workbook.xml": (
            f'{_DECL}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><workbookPr/>'
            f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
            f"<definedNames>{names}</definedNames>"
            * bool(names)
            + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, n + 1)
            )
            + f'<Relationship Id="rId{n + 1}" Type="{rel}/styles" Target="styles.xml"/>'
            + (
                f'<Relationship Id="rId{n + 2}" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
                if shared_strings
                else ""
            )
            + "</Relationships>"
        ),
        "xl/styles.xml": _STYLES,
    }
    return files
