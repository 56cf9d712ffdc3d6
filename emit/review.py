"""Review pages: ``OUT/review/index.html`` plus one page per document — written by :func:`write_site` only.

During ``jixiao extract`` the workers save each document's layout as ``review/layouts/<doc>.json``
(:mod:`emit.layout_json`); at close, and for ``jixiao review OUT``, :func:`write_site` walks the
tables in document order (they are all sorted by document: ``doc_id``, or ``form_id`` whose first 16
characters are the ``doc_id``'s), joins them one document at a time and hands each document's rows and
layout path to a page job (:func:`draw_page`). The batch runner runs those jobs in its worker pool
(a layout is parsed there, under the time and memory limits); without a pool they run here. The index
is drawn from a short line per document (:class:`emit.review_index.IndexBuilder`). Nothing holds
every table or every layout.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.emit.frames import Columns
from jixiao.emit.layout_json import LayoutFileError, read_layout
from jixiao.emit.review_crops import read_crops
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
    doc_id: str,
    recs: Mapping[str, list[dict[str, Any]]],
    layout: Layout | None,
    crops: dict[str, str] | None = None,
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
        crops=crops or {},
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


@dataclass(frozen=True, slots=True)
class PageJob:
    """One document's page to draw: its records (``table → rows``, as stored) and where things are."""

    doc_id: str
    recs: dict[str, list[dict[str, Any]]]
    layout_path: str
    page_path: str


def draw_page(job: PageJob) -> str | None:
    """Draw and write one page; a problem with its layout (the page is drawn without it), or None."""
    layout, problem = None, None
    if os.path.exists(job.layout_path):
        try:
            layout = read_layout(job.layout_path)
        except LayoutFileError as exc:
            problem = f"{Path(job.layout_path).name}: layout skipped, page drawn without it: {exc}"
    html, _ = doc_page(job.doc_id, job.recs, layout, read_crops(job.layout_path) if layout else None)
    write_text(Path(job.page_path), html)
    return problem


def draw_here(jobs: Iterable[PageJob], total: int) -> Iterator[str | None]:
    """Pages drawn in this process, in order (no worker pool: the library used directly)."""
    return (draw_page(job) for job in jobs)


PageRunner = Callable[[Iterable[PageJob], int], Iterator["str | None"]]  # jobs, how many → problems


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

    def peek(self) -> dict[str, Any] | None:
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
        while (row := self.peek()) is not None:
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
        while (row := self.peek()) is not None:
            self._pos += 1
            out.append(row)
        return out


def write_site(
    review_dir: Path, pieces: Pieces, documents: int, run: PageRunner = draw_here
) -> tuple[int, list[str]]:
    """Every document page (through ``run``) and the index; (pages, problems). ``documents``: the
    documents table's row count (sizes the pool's batches)."""
    (review_dir / LAYOUT_DIR).mkdir(parents=True, exist_ok=True)
    index = IndexBuilder()
    docs = _Grouped("documents", pieces("documents"))
    others = {t: _Grouped(t, pieces(t)) for t in PAGE_TABLES if t != "documents"}
    stray_funds: list[dict[str, Any]] = []
    waiting: deque[tuple[list[dict[str, Any]], dict[str, int], DocTraits]] = deque()  # sent, for the index

    def jobs() -> Iterator[PageJob]:
        while (first := docs.peek()) is not None:
            doc_id = first["doc_id"]
            recs = {"documents": docs.take(doc_id)}
            for table, grouped in others.items():
                recs[table] = grouped.take(doc_id, stray_funds if table == "funds" else None)
            counts: dict[str, int] = {}
            for a in recs["anomalies"]:
                counts[a["severity"]] = counts.get(a["severity"], 0) + 1
            index.add_counts(counts)
            index.add_values(_rates(recs["funds"]), _scores(recs["forms"]))
            waiting.append((recs["documents"], counts, doc_traits(recs["forms"], recs["anomalies"])))
            name = page_name(doc_id)
            layout = review_dir / LAYOUT_DIR / f"{name}.json"
            yield PageJob(doc_id, recs, str(layout), str(review_dir / f"{name}.html"))

    pages, problems = 0, []
    for problem in run(jobs(), documents):
        rows, counts, traits = waiting.popleft()
        drawn = problem is None or "page not drawn" not in problem
        pages += drawn
        if problem is not None:
            problems.append(problem)
        for d in rows:
            index.add_document(d, counts, drawn, traits)
    stray_funds.extend(others["funds"].rest())
    index.add_values(_rates(stray_funds), [])  # the index charts count every form's rate
    with open(review_dir / "index.html", "w", encoding="utf-8", newline="\n") as fh:
        index.render_to(fh)
    index.close()
    write_unit_pages(review_dir, pieces)  # the years side by side, per unit
    return pages, problems


def write_review(
    out_dir: str | os.PathLike[str], frames: Mapping[str, pd.DataFrame], layouts: Mapping[str, Layout]
) -> Path:
    """DataFrames and layouts in memory (small runs, tests) → ``OUT/review``, by :func:`write_site`."""
    from jixiao.emit.frames import frame_to_columns
    from jixiao.emit.layout_json import write_layout

    review_dir = Path(out_dir) / REVIEW_DIR
    (review_dir / LAYOUT_DIR).mkdir(parents=True, exist_ok=True)
    for doc_id in sorted(layouts):
        write_layout(review_dir / LAYOUT_DIR / f"{page_name(doc_id)}.json", layouts[doc_id])

    def pieces(table: str) -> Iterator[Columns]:
        if table in frames:
            yield as_stored(table, frame_to_columns(table, frames[table]))

    write_site(review_dir, pieces, len(frames.get("documents", ())))
    return review_dir


def rebuild_review(
    out_dir: str | os.PathLike[str], run: PageRunner = draw_here
) -> tuple[Path, int, list[str]]:
    """Redraw the review site of a finished output folder in place: (folder, pages, problems)."""
    import pyarrow.parquet as pq
    from jixiao.emit.review_tables import table_pieces

    out = Path(out_dir)
    pieces = table_pieces(out)
    parquet = out / "documents.parquet"
    documents = pq.read_metadata(parquet).num_rows if parquet.exists() else 1000  # a guess suffices
    pages, problems = write_site(out / REVIEW_DIR, pieces, documents, run)
    return out / REVIEW_DIR, pages, problems


__all__ = ["SEVERITIES", "PageJob", "draw_page", "rebuild_review", "write_review", "write_site"]
