"""Cropped page images beside a PDF cell that was repaired or flagged: where on the page a value came from.

A PDF cell's ``Location`` holds its page and box (points, top-down). For the cells a reviewer must look
at — a value whose status is not ``ok`` (:data:`emit.review_html.FLAGGED_STATUSES`), an anomaly placed
on a cell — the extraction worker renders that part of the page with pypdfium2 (small grey PNGs, at most
:data:`MAX_CROPS` a document); the page drawn there puts each image under its cell as a ``data:`` URI
(the pages' Content-Security-Policy allows no other image source), and the crops are kept beside the
document's layout as ``<name>.crops.json`` (crop key → PNG, base64) for pages drawn again from the
stored tables. Nothing is rendered in the parent process, and nothing at all for documents without a
flagged PDF cell.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from jixiao.emit.review_html import FLAGGED_STATUSES, esc
from jixiao.extract.layout import Layout, Location
from jixiao.normalize.records import DocumentResult

SCALE = 1.5  # pixels per point: a 10-point glyph is 15 pixels high, legible and small
MARGIN = 6.0  # points shown around the cell's box
MAX_CROPS = 100  # a document with more flagged cells shows the first ones only: pages stay light


def crop_key(loc: Location) -> str | None:
    """The key of a located PDF cell's crop (page and box), None for a location without a box.

    >>> crop_key(Location(page=2, box=(72.0, 100.5, 132.0, 120.0)))
    '2:72,100.5,132,120'
    """
    if loc.page is None or loc.box is None:
        return None
    return f"{loc.page}:" + ",".join(f"{v:g}" for v in loc.box)


def crops_path(layout_path: str | Path) -> Path:
    """Where a document's crops are kept: beside its layout file."""
    path = Path(layout_path)
    return path.with_name(f"{path.stem}.crops.json")


def flagged_cells(result: DocumentResult, layout: Layout) -> list[Location]:
    """The located cells of ``layout`` that a flagged value or an anomaly of ``result`` points at.

    NOTE: keep in sync with :func:`cell_crop_html`'s test of a flagged cell (the page drawer's marks).
    """
    wanted = {v.location for v in result.values if v.status in FLAGGED_STATUSES and v.location}
    wanted |= {a.location for a in result.anomalies if a.location is not None}
    seen: set[str] = set()
    out: list[Location] = []
    for _, loc in layout.iter_text():
        key = crop_key(loc)
        if key is not None and loc.para is None and loc in wanted and key not in seen:  # cells only
            seen.add(key)
            out.append(loc)
    return out[:MAX_CROPS]


def render_crops(pdf: bytes, cells: Iterable[Location]) -> dict[str, bytes]:
    """PNG images of the given cells' boxes (with a margin), keyed by :func:`crop_key`."""
    import pypdfium2  # only a PDF with flagged cells pays for it

    out: dict[str, bytes] = {}
    doc = pypdfium2.PdfDocument(pdf)
    try:
        for loc in cells:
            key = crop_key(loc)
            if key is None or loc.box is None or loc.page is None or not 0 < loc.page <= len(doc):
                continue
            page = doc[loc.page - 1]
            width, height = page.get_size()
            x0, top, x1, bottom = loc.box
            crop = (
                max(0.0, x0 - MARGIN),
                max(0.0, height - bottom - MARGIN),
                max(0.0, width - x1 - MARGIN),
                max(0.0, top - MARGIN),
            )
            image = page.render(scale=SCALE, crop=crop, grayscale=True).to_pil()
            buf = io.BytesIO()
            image.save(buf, "PNG", optimize=True)
            out[key] = buf.getvalue()
            page.close()
    finally:
        doc.close()
    return out


def pdf_crops(pdf: bytes, result: DocumentResult) -> dict[str, bytes]:
    """The crops of a PDF document's flagged cells, by key (empty for any other document)."""
    if result.layout is None or result.layout.source_format != "pdf":
        return {}
    cells = flagged_cells(result, result.layout)
    return render_crops(pdf, cells) if cells else {}


def crop_uris(crops: Mapping[str, bytes]) -> dict[str, str]:
    """Crops as the ``data:`` URIs a page embeds."""
    return {k: "data:image/png;base64," + base64.b64encode(v).decode("ascii") for k, v in crops.items()}


def save_crops(layout_path: str | Path, crops: Mapping[str, bytes]) -> None:
    """Keep a document's crops beside its layout, for pages drawn again later (``jixiao review OUT``)."""
    if crops:
        text = json.dumps({k: base64.b64encode(v).decode("ascii") for k, v in crops.items()})
        crops_path(layout_path).write_text(text, encoding="utf-8")


def read_crops(layout_path: str | Path) -> dict[str, str]:
    """A document's crops as ``data:`` URIs by key; empty when it has none (or the file is unreadable)."""
    path = crops_path(layout_path)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict):
        return {}
    return {str(k): f"data:image/png;base64,{v}" for k, v in stored.items() if isinstance(v, str)}


def cell_crop_html(loc: Location, flagged: bool, crops: Mapping[str, str]) -> str:
    """The crop shown under a flagged PDF cell ("" for any other cell)."""
    key = crop_key(loc)
    uri = crops.get(key) if flagged and key is not None else None
    if uri is None:
        return ""
    alt = f"第{loc.page}页 原文位置"
    return f'<img class="crop" src="{esc(uri)}" alt="{esc(alt)}" title="{esc(alt)} {esc(key or "")}">'
