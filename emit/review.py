"""Review pages: ``OUT/review/index.html`` plus one page per document, from the tables and layouts.

:func:`write_review` is the ``review`` output format's finaliser (``fn(out_dir, frames, layouts)``,
see :mod:`emit.writer`): it stores each layout as ``review/layouts/<doc>.json`` (via
:mod:`emit.layout_json`) and builds the pages. :func:`rebuild_review` builds them again later from a
finished output folder (``jixiao review OUT``), reading the tables back with :mod:`emit.review_tables`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from emit.frames import frame_to_columns
from emit.layout_json import LayoutFileError, read_layout, write_layout
from emit.review_doc import DocData, Record
from emit.review_html import page_name
from emit.review_index import render_index
from emit.review_page import render_doc_page
from extract.layout import Layout

REVIEW_DIR = "review"
LAYOUT_DIR = "layouts"


def _records(frames: Mapping[str, pd.DataFrame], table: str) -> list[dict[str, Any]]:
    """A table's rows as dicts of plain Python values (None for null), in file order."""
    if table not in frames:
        return []
    cols = frame_to_columns(table, frames[table])
    names = list(cols)
    return [dict(zip(names, row, strict=True)) for row in zip(*cols.values(), strict=True)]


def _group(rows: list[dict[str, Any]], key: str) -> dict[Any, list[Record]]:
    out: dict[Any, list[Record]] = {}
    for r in rows:
        out.setdefault(r[key], []).append(r)
    return out


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def build_pages(review_dir: Path, frames: Mapping[str, pd.DataFrame], layouts: Mapping[str, Layout]) -> int:
    """Write ``index.html`` and every document page into ``review_dir``; returns the page count."""
    review_dir.mkdir(parents=True, exist_ok=True)
    documents = _records(frames, "documents")
    forms = _records(frames, "forms")
    form_doc = {f["form_id"]: f["doc_id"] for f in forms}
    values = _records(frames, "values")
    for v in values:
        v["doc_id"] = form_doc.get(v["form_id"])
    anomalies = _records(frames, "anomalies")
    by = {
        "documents": _group(documents, "doc_id"),
        "forms": _group(forms, "doc_id"),
        "values": _group(values, "doc_id"),
        "anomalies": _group(anomalies, "doc_id"),
        "facts": _group(_records(frames, "facts"), "doc_id"),
        "sections": _group(_records(frames, "report_sections"), "doc_id"),
    }
    pages: set[str] = set()
    for doc_id, docs in by["documents"].items():
        data = DocData(
            doc_id=doc_id,
            documents=docs,
            forms=by["forms"].get(doc_id, []),
            values=by["values"].get(doc_id, []),
            anomalies=by["anomalies"].get(doc_id, []),
            facts=by["facts"].get(doc_id, []),
            sections=by["sections"].get(doc_id, []),
            layout=layouts.get(doc_id),
        )
        _write(review_dir / f"{page_name(doc_id)}.html", render_doc_page(data))
        pages.add(doc_id)

    counts: dict[str, dict[str, int]] = {}
    for a in anomalies:
        per = counts.setdefault(a["doc_id"], {})
        per[a["severity"]] = per.get(a["severity"], 0) + 1
    rates = [
        f["execution_rate_pct"]
        for f in _records(frames, "funds")
        if f["line"] == "total" and f["execution_rate_pct"] is not None
    ]
    scores = [f["total_score"] for f in forms if f["total_score"] is not None]
    _write(review_dir / "index.html", render_index(documents, counts, rates, scores, pages))
    return len(pages)


def write_review(
    out_dir: str | os.PathLike[str], frames: Mapping[str, pd.DataFrame], layouts: Mapping[str, Layout]
) -> Path:
    """The ``review`` format: layouts saved as JSON, then the pages; returns ``OUT/review``."""
    review_dir = Path(out_dir) / REVIEW_DIR
    layout_dir = review_dir / LAYOUT_DIR
    layout_dir.mkdir(parents=True, exist_ok=True)
    for doc_id in sorted(layouts):
        write_layout(layout_dir / f"{page_name(doc_id)}.json", layouts[doc_id])
    build_pages(review_dir, frames, layouts)
    return review_dir


def load_layouts(review_dir: Path, doc_ids: list[str]) -> tuple[dict[str, Layout], list[str]]:
    """The stored layouts of ``doc_ids`` (those that have one) and a note for each unreadable file."""
    layouts: dict[str, Layout] = {}
    problems: list[str] = []
    for doc_id in doc_ids:
        path = review_dir / LAYOUT_DIR / f"{page_name(doc_id)}.json"
        if not path.exists():
            continue
        try:
            layouts[doc_id] = read_layout(path)
        except LayoutFileError as exc:
            problems.append(f"{path.name}: {exc}")
    return layouts, problems


def rebuild_review(out_dir: str | os.PathLike[str]) -> tuple[Path, int, list[str]]:
    """Rebuild ``OUT/review`` from the output's tables and stored layouts: (folder, pages, problems)."""
    from emit.review_tables import read_output_tables

    frames = read_output_tables(Path(out_dir))
    review_dir = Path(out_dir) / REVIEW_DIR
    doc_ids = sorted(set(frames["documents"]["doc_id"].tolist()))
    layouts, problems = load_layouts(review_dir, doc_ids)
    pages = build_pages(review_dir, frames, layouts)
    return review_dir, pages, problems
