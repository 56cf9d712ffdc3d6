"""Review pages: ``OUT/review/index.html`` plus one page per document, streamed one document at a time.

A page needs only its own document's rows and layout, so pages are drawn as documents arrive — in
the worker processes during ``jixiao extract`` (:func:`emit.prepared.prepare`), with the layout saved
as ``review/layouts/<doc>.json`` (:mod:`emit.layout_json`) — and the index is drawn at the end from a
short line per document (:class:`emit.review_index.IndexBuilder`). Nothing holds every table or
every layout.

:func:`rebuild_review` draws the pages again from a finished output folder (``jixiao review OUT``, and
incremental runs at close): it walks the tables in document order (they are all sorted by document:
``doc_id``, or ``form_id`` whose first 16 characters are the ``doc_id``'s) and joins them one document
at a time, so it too holds one document at a time. Both paths build the page from the same records
(:func:`doc_records`), so a rebuilt page is byte-identical to the streamed one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.emit.frames import Columns
from jixiao.emit.layout_json import LayoutFileError, read_layout
from jixiao.emit.review_doc import DocData, Record
from jixiao.emit.review_html import SEVERITIES, page_name
from jixiao.emit.review_index import IndexBuilder
from jixiao.emit.review_page import render_doc_page
from jixiao.emit.review_units import write_unit_pages
from jixiao.emit.sheet_content import DocTraits, doc_traits
from jixiao.extract.layout import Layout, Location
from jixiao.schemas import TABLES

if TYPE_CHECKING:
    import pandas as pd

REVIEW_DIR = "review"
LAYOUT_DIR = "layouts"
PAGE_TABLES = ("documents", "forms", "funds", "values", "anomalies", "facts", "report_sections")
_CENT = Decimal("0.01")
_MONEY = {name: [c.name for c in spec.columns if c.type == "money"] for name, spec in TABLES.items()}


def as_stored(table: str, cols: Columns) -> Columns:
    """Checked columns as they read back from Parquet (money with exactly 2 places, no ``-0``)."""
    money = _MONEY[table]
    if not money:
        return cols
    out = dict(cols)
    for name in money:
        out[name] = [None if v is None else v.quantize(_CENT) + 0 for v in cols[name]]
    return out


def records(cols: Columns, rows: Sequence[Any] | None = None) -> list[dict[str, Any]]:
    """Columns → one dict per row (None for null), in order, with the typed values the pages use.

    ``rows``: the same rows as typed row objects (a run's own results): their ``location`` and
    ``repairs`` are taken as they are. Without them (a finished output folder read back), a stored
    ``location`` is read into a ``Location`` (:meth:`Location.from_text`, the exact inverse of how it
    was written) and ``repairs`` into its tuple of slugs.
    """
    names = list(cols)
    out = [dict(zip(names, row, strict=True)) for row in zip(*cols.values(), strict=True)]
    if rows is not None:
        typed = [n for n in ("location", "repairs") if n in cols]
        for rec, row in zip(out, rows, strict=True):
            rec.update((n, getattr(row, n)) for n in typed)
        return out
    if "location" in cols:
        for rec in out:
            text = rec["location"]
            rec["location"] = None if text is None else Location.from_text(text)
    if "repairs" in cols:
        for rec in out:
            rec["repairs"] = tuple(rec["repairs"].split(";")) if rec["repairs"] else ()
    return out


class PageSummary:
    """What the index needs of one document: anomaly counts, execution rates, total scores, and the
    unit, year and rules it is filtered by."""

    __slots__ = ("counts", "rates", "scores", "traits")

    def __init__(
        self, counts: dict[str, int], rates: list[float], scores: list[float], traits: DocTraits | None = None
    ) -> None:
        self.counts, self.rates, self.scores = counts, rates, scores
        self.traits = traits if traits is not None else DocTraits()


def doc_page(
    doc_id: str, recs: Mapping[str, list[dict[str, Any]]], layout: Layout | None
) -> tuple[str, PageSummary]:
    """One document's page and its index summary, from its records (``table → rows``, as stored)."""
    forms = recs.get("forms", [])
    form_ids = {f["form_id"] for f in forms}
    values = [v for v in recs.get("values", []) if v["form_id"] in form_ids]
    for v in values:
        v["doc_id"] = doc_id
    anomalies = recs.get("anomalies", [])
    data = DocData(
        doc_id=doc_id,
        documents=list[Record](recs["documents"]),
        forms=list[Record](forms),
        values=list[Record](values),
        anomalies=list[Record](anomalies),
        facts=list[Record](recs.get("facts", [])),
        sections=list[Record](recs.get("report_sections", [])),
        layout=layout,
    )
    counts: dict[str, int] = {}
    for a in anomalies:
        counts[a["severity"]] = counts.get(a["severity"], 0) + 1
    summary = PageSummary(counts, _rates(recs.get("funds", [])), _scores(forms), doc_traits(forms, anomalies))
    return render_doc_page(data), summary


def _rates(funds: Sequence[Record]) -> list[float]:
    return [
        f["execution_rate_pct"] for f in funds if f["line"] == "total" and f["execution_rate_pct"] is not None
    ]


def _scores(forms: Sequence[Record]) -> list[float]:
    return [f["total_score"] for f in forms if f["total_score"] is not None]


def write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


class ReviewStream:
    """``review/`` filled one document at a time; :meth:`close` writes the index."""

    def __init__(self, out_dir: Path) -> None:
        self.dir = out_dir / REVIEW_DIR
        self.layout_dir = self.dir / LAYOUT_DIR
        self.layout_dir.mkdir(parents=True, exist_ok=True)
        self.index = IndexBuilder()
        self._last: tuple[str, PageSummary] = ("", PageSummary({}, [], []))
        self.pages = 0

    def add_page(self, doc_id: str, html: str | None, summary: PageSummary) -> None:
        """A page (``html`` None: already written into :attr:`dir` by a worker) and its summary."""
        if html is not None:
            write_text(self.dir / f"{page_name(doc_id)}.html", html)
        self.pages += 1
        self.index.add_counts(summary.counts)
        self.index.add_values(summary.rates, summary.scores)
        self._last = (doc_id, summary)

    def add_layout_json(self, doc_id: str, text: str) -> None:
        (self.layout_dir / f"{page_name(doc_id)}.json").write_text(text, encoding="utf-8")

    def add_documents(self, docs: Sequence[Record]) -> None:
        """Documents rows, after their document's page (a copy's row follows its first copy's page)."""
        for d in docs:
            summary = self._last[1] if d["doc_id"] == self._last[0] else PageSummary({}, [], [])
            self.index.add_document(d, summary.counts, True, summary.traits)

    def close(self) -> Path:
        with open(self.dir / "index.html", "w", encoding="utf-8", newline="\n") as fh:
            self.index.render_to(fh)
        self.index.close()
        return self.dir


# ---------------------------------------------------------------- the tables joined by document

Pieces = Callable[[str], Iterator[Columns]]  # table → its rows in pieces, in file order


class _Grouped:
    """One table's rows, handed out by document in file order."""

    def __init__(self, table: str, pieces: Iterator[Columns]) -> None:
        self.by_form = "doc_id" not in TABLES[table].names
        self._pieces = pieces
        self._rows: list[dict[str, Any]] = []
        self._pos = 0

    def _key(self, row: Mapping[str, Any]) -> str:
        return row["form_id"][:16] if self.by_form else row["doc_id"]

    def _peek(self) -> dict[str, Any] | None:
        while self._pos >= len(self._rows):
            piece = next(self._pieces, None)
            if piece is None:
                return None
            self._rows, self._pos = records(piece), 0
        return self._rows[self._pos]

    def take(self, doc_id: str, skipped: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """The rows of ``doc_id``; rows of no document before it go to ``skipped``."""
        want = doc_id[:16] if self.by_form else doc_id
        out: list[dict[str, Any]] = []
        while (row := self._peek()) is not None:
            key = self._key(row)
            if key > want:
                break
            self._pos += 1
            if key == want:
                out.append(row)
            elif skipped is not None:
                skipped.append(row)
        return out

    def rest(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while (row := self._peek()) is not None:
            self._pos += 1
            out.append(row)
        return out


def build_pages(review_dir: Path, pieces: Pieces, layout_of: Callable[[str], Layout | None]) -> int:
    """Every document page and the index from tables read one document at a time; the page count."""
    stream = ReviewStream(review_dir.parent)
    documents = _Grouped("documents", pieces("documents"))
    others = {t: _Grouped(t, pieces(t)) for t in PAGE_TABLES if t != "documents"}
    stray_funds: list[dict[str, Any]] = []
    while (first := documents._peek()) is not None:
        doc_id = first["doc_id"]
        recs = {"documents": documents.take(doc_id)}
        for table, grouped in others.items():
            recs[table] = grouped.take(doc_id, stray_funds if table == "funds" else None)
        html, summary = doc_page(doc_id, recs, layout_of(doc_id))
        stream.add_page(doc_id, html, summary)
        stream.add_documents(recs["documents"])
    stray_funds.extend(others["funds"].rest())
    stream.index.add_values(_rates(stray_funds), [])  # the index charts count every form's rate
    stream.close()
    write_unit_pages(review_dir, pieces)  # the years side by side, per unit
    return stream.pages


def write_review(
    out_dir: str | os.PathLike[str], frames: Mapping[str, pd.DataFrame], layouts: Mapping[str, Layout]
) -> Path:
    """All tables as DataFrames (small runs, tests) → ``OUT/review`` with layouts saved; returns it."""
    from jixiao.emit.frames import frame_to_columns
    from jixiao.emit.layout_json import write_layout

    review_dir = Path(out_dir) / REVIEW_DIR
    (review_dir / LAYOUT_DIR).mkdir(parents=True, exist_ok=True)
    for doc_id in sorted(layouts):
        write_layout(review_dir / LAYOUT_DIR / f"{page_name(doc_id)}.json", layouts[doc_id])

    def pieces(table: str) -> Iterator[Columns]:
        if table in frames:
            yield as_stored(table, frame_to_columns(table, frames[table]))

    build_pages(review_dir, pieces, layouts.get)
    return review_dir


def rebuild_review(out_dir: str | os.PathLike[str]) -> tuple[Path, int, list[str]]:
    """Rebuild ``OUT/review`` from the output's tables and stored layouts: (folder, pages, problems)."""
    from jixiao.emit.review_tables import table_pieces

    out = Path(out_dir)
    pieces = table_pieces(out)
    review_dir = out / REVIEW_DIR
    problems: list[str] = []

    def layout_of(doc_id: str) -> Layout | None:
        path = review_dir / LAYOUT_DIR / f"{page_name(doc_id)}.json"
        if not path.exists():
            return None
        try:
            return read_layout(path)
        except LayoutFileError as exc:
            problems.append(f"{path.name}: {exc}")
            return None

    pages = build_pages(review_dir, pieces, layout_of)
    return review_dir, pages, problems


__all__ = ["SEVERITIES", "ReviewStream", "build_pages", "doc_page", "rebuild_review", "write_review"]


def read_layout_or_none(layout_dir: Path, doc_id: str) -> Layout | None:
    """The stored layout of ``doc_id``, or None when there is none (or it cannot be read)."""
    path = layout_dir / f"{page_name(doc_id)}.json"
    if not path.exists():
        return None
    try:
        return read_layout(path)
    except LayoutFileError:
        return None
