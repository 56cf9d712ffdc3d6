"""Review pages: ``OUT/review/index.html`` plus one page per document — assembled by :func:`write_site` only.

A document's page is drawn by :func:`doc_page` (the one function that draws it) from its records and
layout. During ``jixiao extract`` the worker that reads a file draws its page at once
(:func:`result_page`, under the file's time and memory limits) and saves its layout as
``review/layouts/<doc>.json`` (:mod:`emit.layout_json`). At close, and for ``jixiao review OUT``,
:func:`write_site` walks the tables in document order (they are all sorted by document: ``doc_id``,
or ``form_id`` whose first 16 characters are the ``doc_id``'s), joins them one document at a time,
draws the index from a short line per document (:class:`emit.review_index.IndexBuilder`) and hands
the pages still to draw (all of them for ``jixiao review``; at close only those no worker drew) to
page jobs (:func:`draw_page`), which the batch runner runs in its worker pool. Nothing holds every
table or every layout.
"""

from __future__ import annotations

import os
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.emit.frames import Columns, rows_to_columns
from jixiao.emit.layout_json import LayoutFileError, layout_text, read_layout
from jixiao.emit.review_crops import read_crops
from jixiao.emit.review_doc import DocData
from jixiao.emit.review_html import SEVERITIES, page_name
from jixiao.emit.review_index import IndexBuilder
from jixiao.emit.review_page import render_doc_page
from jixiao.emit.review_text import Record
from jixiao.emit.review_units import write_unit_pages
from jixiao.emit.sheet_content import UNIT_FIELDS, DocTraits, doc_traits
from jixiao.extract.layout import Layout, Location
from jixiao.schemas import TABLES

if TYPE_CHECKING:
    import pandas as pd
    from jixiao.normalize.records import DocumentResult

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


def doc_page(
    doc_id: str,
    recs: Mapping[str, list[dict[str, Any]]],
    layout: Layout | None,
    crops: Mapping[str, str] | None = None,
) -> str:
    """One document's page (the one function that draws it), from its records (``table → rows``, as
    stored) and its layout (None: the page shows the report text as read)."""
    forms = recs.get("forms", [])
    form_ids = {f["form_id"] for f in forms}
    values = [v for v in recs.get("values", []) if v["form_id"] in form_ids]
    for v in values:
        v["doc_id"] = doc_id
    data = DocData(
        doc_id=doc_id,
        documents=list[Record](recs["documents"]),
        forms=list[Record](forms),
        values=list[Record](values),
        anomalies=list[Record](recs.get("anomalies", [])),
        facts=list[Record](recs.get("facts", [])),
        sections=list[Record](recs.get("report_sections", [])),
        layout=layout,
        crops=dict(crops or {}),
    )
    return render_doc_page(data)


def result_page(
    result: DocumentResult,
    tables: Mapping[str, Sequence[Any]],
    columns: Mapping[str, Columns],
    crops: Mapping[str, str] | None = None,
) -> tuple[str | None, str]:
    """A run's own document (in the worker that read it): its layout as JSON (None without one) and
    its page. ``tables``: its rows per table in table order, ``documents`` with every copy's row;
    ``columns``: the same rows as checked columns (:func:`emit.prepared.prepare`); ``crops``: a PDF's
    flagged cells' page crops (:mod:`emit.review_crops`). The page is what :func:`write_site` draws from
    the stored tables and layout (``jixiao review OUT``)."""
    recs = {}
    for table in PAGE_TABLES:
        rows = tables.get(table, ())
        if table == "documents":
            cols = rows_to_columns(table, rows, presorted=True)
        else:
            cols = columns.get(table) or {}
        recs[table] = records(as_stored(table, cols), rows) if rows else []
    layout = result.layout
    page = doc_page(result.document.doc_id, recs, layout, crops)
    return (layout_text(layout) if layout is not None else None), page


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
    crops = read_crops(job.layout_path) if layout is not None else None
    write_text(Path(job.page_path), doc_page(job.doc_id, job.recs, layout, crops))
    return problem


def draw_here(jobs: Iterable[PageJob], total: int) -> Iterator[str | None]:
    """Pages drawn in this process, in order (no worker pool: the library used directly)."""
    return (draw_page(job) for job in jobs)


PageRunner = Callable[[Iterable[PageJob], int], Iterator["str | None"]]  # jobs, how many → problems


# ---------------------------------------------------------------- the tables joined by document

Pieces = Callable[[str], Iterator[Columns]]  # table → its rows in pieces, in file order


_Summary = tuple[dict[str, int], DocTraits, list[float], list[float]]  # counts, traits, rates, scores
# what the index needs of the tables whose pages are already drawn (read without parsing locations)
INDEX_COLUMNS = {
    "forms": ("form_id", *UNIT_FIELDS, "year", "project", "total_score"),
    "funds": ("form_id", "line", "execution_rate_pct"),
    "anomalies": ("doc_id", "severity", "rule"),
}


class _Grouped:
    """One table's rows, handed out by document in file order; only the rows asked for become dicts."""

    def __init__(self, table: str, pieces: Iterator[Columns]) -> None:
        self.key_column = "doc_id" if "doc_id" in TABLES[table].names else "form_id"
        self.by_form = self.key_column == "form_id"
        self._pieces = pieces
        self._cols: Columns = {}
        self._keys: list[str] = []
        self._pos = 0

    def _ready(self) -> bool:
        while self._pos >= len(self._keys):
            piece = next(self._pieces, None)
            if piece is None:
                return False
            keys = piece[self.key_column]
            self._cols, self._pos = piece, 0
            self._keys = [k[:16] for k in keys] if self.by_form else list(keys)
        return True

    def next_doc(self) -> str | None:
        """The doc_id of the next row (the documents table)."""
        return self._keys[self._pos] if self._ready() else None

    def _records(self, start: int, end: int, names: Sequence[str] | None) -> list[dict[str, Any]]:
        if names is None:
            return records({n: v[start:end] for n, v in self._cols.items()})
        cols = {n: self._cols[n][start:end] for n in names}
        return [dict(zip(names, row, strict=True)) for row in zip(*cols.values(), strict=True)]

    def take(
        self,
        doc_id: str,
        names: Sequence[str] | None = None,
        *,
        skipped: list[dict[str, Any]] | None = None,
        wanted: bool = True,
    ) -> list[dict[str, Any]]:
        """The rows of ``doc_id`` (``names``: only those columns, as stored; ``wanted`` False: none,
        they are passed over); rows of no document before it go to ``skipped``."""
        want = doc_id[:16] if self.by_form else doc_id
        out: list[dict[str, Any]] = []
        while self._ready():
            first = bisect_left(self._keys, want, lo=self._pos)
            end = bisect_right(self._keys, want, lo=first)
            if skipped is not None and first > self._pos:
                skipped.extend(self._records(self._pos, first, names))
            if wanted and end > first:
                out.extend(self._records(first, end, names))
            self._pos = end
            if end < len(self._keys):
                break
        return out

    def rest(self, names: Sequence[str] | None = None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        while self._ready():
            out.extend(self._records(self._pos, len(self._keys), names))
            self._pos = len(self._keys)
        return out


def write_site(
    review_dir: Path,
    pieces: Pieces,
    documents: int,
    run: PageRunner = draw_here,
    draw: Collection[str] | None = None,
) -> tuple[int, list[str]]:
    """The index, the unit pages and the document pages ``draw`` asks for (None: every one; a run's
    workers drew the others as they read the files), the latter through ``run``; (pages drawn here,
    problems). ``documents``: the documents table's row count (sizes the pool's batches)."""
    (review_dir / LAYOUT_DIR).mkdir(parents=True, exist_ok=True)
    index = IndexBuilder()
    docs = _Grouped("documents", pieces("documents"))
    needed = PAGE_TABLES if draw is None or draw else INDEX_COLUMNS  # the rest only for pages drawn here
    others = {t: _Grouped(t, pieces(t)) for t in PAGE_TABLES if t != "documents" and t in needed}
    stray_funds: list[dict[str, Any]] = []
    waiting: deque[tuple[list[dict[str, Any]], _Summary]] = deque()  # sent, for the index

    def summarise(rows: list[dict[str, Any]], summary: _Summary, has_page: bool) -> None:
        counts, traits, rates, scores = summary
        index.add_counts(counts)
        index.add_values(rates, scores)
        for d in rows:
            index.add_document(d, counts, has_page, traits)

    def jobs() -> Iterator[PageJob]:
        while (doc_id := docs.next_doc()) is not None:
            here = draw is None or doc_id in draw
            recs = {"documents": docs.take(doc_id)}
            for table, grouped in others.items():
                names = None if here else INDEX_COLUMNS.get(table)
                stray = stray_funds if table == "funds" else None
                recs[table] = grouped.take(doc_id, names, skipped=stray, wanted=here or names is not None)
            name = page_name(doc_id)
            if not here:  # drawn by the worker that read it, or kept from the previous output
                summarise(recs["documents"], _summary(recs), (review_dir / f"{name}.html").exists())
                continue
            waiting.append((recs["documents"], _summary(recs)))
            layout = review_dir / LAYOUT_DIR / f"{name}.json"
            yield PageJob(doc_id, recs, str(layout), str(review_dir / f"{name}.html"))

    pages, problems = 0, []
    for problem in run(jobs(), documents):
        rows, summary = waiting.popleft()
        drawn = problem is None or "page not drawn" not in problem
        pages += drawn
        if problem is not None:
            problems.append(problem)
        summarise(rows, summary, drawn)
    stray_funds.extend(others["funds"].rest(INDEX_COLUMNS["funds"]))
    index.add_values(_rates(stray_funds), [])  # the index charts count every form's rate
    with open(review_dir / "index.html", "w", encoding="utf-8", newline="\n") as fh:
        index.render_to(fh)
    index.close()
    write_unit_pages(review_dir, pieces)  # the years side by side, per unit
    return pages, problems


def _summary(recs: Mapping[str, list[dict[str, Any]]]) -> _Summary:
    counts: dict[str, int] = {}
    for a in recs["anomalies"]:
        counts[a["severity"]] = counts.get(a["severity"], 0) + 1
    return counts, doc_traits(recs["forms"], recs["anomalies"]), _rates(recs["funds"]), _scores(recs["forms"])


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
