"""Incremental runs: what the previous output holds, what this run reads again, and its old rows.

Keyed by path *and* content: the previous output's ``documents.parquet`` says which bytes each path
held. The final set of files is the previous one with this run's files added or replaced (a path given
again with new bytes replaces its old rows; files not given this time are kept: incremental never
deletes). A document is read again when its bytes are new, when it failed before (a file that now
reads replaces its ``failed`` row), or when a new copy sorts before its old first copy (:func:`plan`);
other documents' rows are handed back to the writer in doc order as the run streams
(:class:`OldTable`), so the result equals a fresh full run over the final set. A previous output whose
manifest and tables disagree is refused.
"""

from __future__ import annotations

import json
import stat
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jixiao.emit.frames import Columns
from jixiao.emit.parquet_out import arrow_schema, iter_parquet_columns
from jixiao.emit.publish import OutputError
from jixiao.emit.writer import OutputWriter
from jixiao.inputs import InputItem
from jixiao.normalize.records import DocumentRow
from jixiao.plan_store import Entry
from jixiao.schemas import TABLES
from jixiao.worker import Task

_FORM_TABLES = tuple(n for n, t in TABLES.items() if "doc_id" not in t.names and "form_id" in t.names)


@dataclass(slots=True)
class Previous:
    """What the previous output holds (incremental runs): its documents rows by path."""

    rows: dict[str, DocumentRow] = field(default_factory=dict)  # source_path → its documents row
    primaries: dict[str, DocumentRow] = field(default_factory=dict)  # doc_id → its read copy's row

    @classmethod
    def load(cls, out_dir: Path) -> Previous:
        prev = cls()
        path = out_dir / "documents.parquet"
        if not path.exists():
            return prev
        _check_manifest(out_dir)
        for cols in iter_parquet_columns(path):
            for values in zip(*(cols[n] for n in TABLES["documents"].names), strict=True):
                row = DocumentRow(*values)
                prev.rows[row.source_path] = row
                if row.duplicate_of is None:
                    prev.primaries[row.doc_id] = row
        return prev


def _columns(schema: Any) -> list[tuple[str, str]]:
    return [(f.name, str(f.type)) for f in schema]


def _regular_or_missing(path: Path) -> None:
    """A previous table (or manifest) that is a FIFO or device would be opened by Arrow's C++ reader,
    which no signal interrupts: a FIFO there hung the run for good (even SIGTERM waited)."""
    try:
        mode = path.stat().st_mode  # through our own links (OUT/NAME → .jixiao/current/NAME)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise ValueError(f"{path.name} is not a regular file")


def _check_manifest(out_dir: Path) -> None:
    """Refuse a previous output whose manifest and tables disagree (a damaged or mixed output)."""
    import pyarrow.parquet as pq

    try:
        for name in ("manifest.json", *(f"{table}.parquet" for table in TABLES)):
            _regular_or_missing(out_dir / name)
        counts = json.loads((out_dir / "manifest.json").read_text("utf-8"))["tables"]
        for table in TABLES:
            path = out_dir / f"{table}.parquet"
            found = pq.read_metadata(path).num_rows if path.exists() else None
            if found is not None and counts.get(table) != found:
                raise ValueError(f"{table}.parquet holds {found} rows, the manifest says {counts.get(table)}")
            if found is not None and _columns(pq.read_schema(path)) != _columns(arrow_schema(table)):
                raise ValueError(f"{table}.parquet does not have the columns of a jixiao {table} table")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OutputError(
            f"{out_dir} cannot be extended: its manifest and tables disagree ({exc}); "
            "run without --incremental to rebuild it"
        ) from exc


@dataclass(slots=True)
class Planned:
    """What :func:`plan` decides."""

    entries: list[Entry]  # every documents row of the final set, in output order
    kept: set[str] = field(default_factory=set)  # doc_ids whose old rows are kept
    kept_rows: dict[str, DocumentRow] = field(default_factory=dict)  # their first-copy rows
    stale_pages: set[str] = field(default_factory=set)  # kept doc_ids whose copies changed: page redrawn


def _groups(paths: Mapping[str, str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for path, doc_id in paths.items():
        groups.setdefault(doc_id, []).append(path)
    return groups


def plan(
    hashed: Sequence[tuple[str, InputItem]], prev: Previous, skipped: Mapping[str, str] | None = None
) -> Planned:
    """The ordered entries and what is kept of the previous output; see :class:`Planned`.
    ``skipped``: this run's files found and not read (``unread_doc_id`` → path): each is a row of its
    own, replacing what its path held."""
    skipped = skipped or {}
    given = {item.source_path: (doc_id, item) for doc_id, item in hashed}
    final = {path: row.doc_id for path, row in prev.rows.items()}
    final.update({path: doc_id for path, (doc_id, _) in given.items()})
    final.update({path: doc_id for doc_id, path in skipped.items()})
    groups = _groups(final)
    old_groups = _groups({path: row.doc_id for path, row in prev.rows.items()}) if prev.rows else {}
    out = Planned([])
    entries, kept, kept_rows = out.entries, out.kept, out.kept_rows
    for doc_id in sorted(groups):
        paths = sorted(groups[doc_id])
        if doc_id in skipped:  # written afresh (its reason may have changed)
            entries.append(Entry(doc_id, paths[0], None))
            continue
        old = prev.primaries.get(doc_id)
        readable = [p for p in paths if p in given]
        # reuse the old rows unless there is something new to read: the bytes, a failure, a new first copy
        if old is not None and (
            not readable
            or (old.status != "failed" and (old.source_path == paths[0] or paths[0] not in given))
        ):
            kept.add(doc_id)
            kept_rows[doc_id] = old if old.source_path == paths[0] else replace(old, source_path=paths[0])
            if sorted(old_groups.get(doc_id, ())) != paths:  # the page lists every copy's path
                out.stale_pages.add(doc_id)
            entries.append(Entry(doc_id, paths[0], None, kept=True))
            entries.extend(Entry(doc_id, p, None) for p in paths[1:])
            continue
        first = readable[0]  # paths[0] unless the first copy is an old file not given now
        copies = tuple(p for p in paths if p != first)
        entries.append(Entry(doc_id, first, Task(given[first][1], doc_id, copies=copies)))
        entries.extend(Entry(doc_id, p, None) for p in copies)
    return out


class OldTable:
    """The previous output's rows of one table, handed to the writer up to a key, in file order."""

    def __init__(self, out_dir: Path, table: str, kept: set[str], batch_rows: int) -> None:
        self.table = table
        self.kept = {d[:16] for d in kept} if table in _FORM_TABLES else kept
        path = out_dir / f"{table}.parquet"
        self._chunks: Iterator[Columns] = (
            iter(iter_parquet_columns(path, batch_rows)) if path.exists() else iter(())
        )
        self._cols: Columns = {}
        self._keys: list[Any] = []
        self._pos = 0

    def _key_of(self, cols: Columns) -> list[Any]:
        if self.table in _FORM_TABLES:
            return [f[:16] for f in cols["form_id"]]
        return list(cols["doc_id"])

    def bound(self, doc_id: str) -> Any:
        return doc_id[:16] if self.table in _FORM_TABLES else doc_id

    def emit_until(self, writer: OutputWriter, bound: Any | None) -> None:
        """Write old rows whose key sorts before ``bound`` (all remaining ones when None)."""
        while True:
            if self._pos >= len(self._keys):
                nxt = self._next_chunk()
                if nxt is None:
                    return
                self._cols, self._keys, self._pos = nxt, self._key_of(nxt), 0
                continue
            end = len(self._keys) if bound is None else bisect_left(self._keys, bound, lo=self._pos)
            if end > self._pos:
                self._write(writer, self._pos, end)
                self._pos = end
            if end < len(self._keys):
                return

    def _next_chunk(self) -> Columns | None:
        try:
            return next(self._chunks, None)
        except (OSError, ValueError) as exc:  # pyarrow's errors for a damaged file are both
            raise OutputError(
                f"the previous {self.table}.parquet cannot be read ({exc}); run without --incremental"
            ) from exc

    def _write(self, writer: OutputWriter, start: int, end: int) -> None:
        keep = [i for i in range(start, end) if self._keys[i] in self.kept]
        if len(keep) == len(self._keys):
            cols = self._cols
        else:
            cols = {name: [values[i] for i in keep] for name, values in self._cols.items()}
        if keep:
            writer.add_columns(self.table, cols)
