"""The dimension pass: units, projects and links over all staged documents, ids onto the fact tables.

Ids depend on every document of a run (a name is linked across years), so they are given once, at
close, by :func:`link_staged` on the staged output folder, before the workbook and the by-year copies
are made from it: it reads the names from the staged ``forms`` table, links them
(:func:`normalize.entities.link_entities`), writes ``units``, ``projects`` and ``links``, and rewrites
``forms``, ``funds``, ``indicators`` and ``anomalies`` (Parquet and CSV, same rows, same order) with
``unit_id``, ``project_id``, ``region_code`` and ``year`` filled, so a panel query is one filter.

Ids are a function of the final set of documents (see :mod:`normalize.entities`): an incremental run
gives, byte for byte, the tables a fresh run over the same final files gives. It passes the previous
output as ``seed_dir`` for two things only: its ``id_overrides.csv`` still applies, and the ids that
changed (a new document joined two units, or brought a name that now represents its unit) are
counted against its ``links`` (:func:`id_changes`, for the manifest): equality wins over keeping an
old id; a user who needs an id kept pins it in the override file. A user override file (CSV with
columns ``name`` and ``id``) wins over everything and is copied into the output as
``id_overrides.csv``, so the output records it.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq
from jixiao.emit.csv_out import CsvAppender
from jixiao.emit.frames import rows_to_columns
from jixiao.emit.panel_rewrite import IdTable, rewrite_table
from jixiao.emit.parquet_out import ParquetAppender
from jixiao.extract.errors import JixiaoError
from jixiao.normalize.entities import FormNames, Linked, link_entities
from jixiao.schemas.tables import PANEL_DIMENSION_TABLES, PANEL_FACT_TABLES

if TYPE_CHECKING:
    import pandas as pd

OVERRIDES_FILE = "id_overrides.csv"
_NAME_COLUMNS = tuple(f.name for f in fields(FormNames))  # the forms columns a FormNames is made of


class OverrideError(JixiaoError, ValueError):
    """The id override file cannot be used; the message says what to fix."""


def read_overrides(path: Path) -> dict[str, str]:
    """``name,id`` rows (UTF-8, with or without BOM; a header row naming both) → name → id.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "ids.csv"
    >>> _ = p.write_text("name,id\\n区委巡察办,U-xuncha\\n", encoding="utf-8-sig")
    >>> read_overrides(p)
    {'区委巡察办': 'U-xuncha'}
    """
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = [f.strip() for f in reader.fieldnames or []]
        if "name" not in fields or "id" not in fields:
            raise OverrideError(f"{path}: needs a header row with the columns name and id, got {fields}")
        out = {}
        for row in reader:
            row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            if row["name"] and row["id"]:
                out[row["name"]] = row["id"]
    return out


def _name_ids(path: Path) -> dict[tuple[str, str | None, str], str]:
    """(kind, scope, name) → id of the merged ``links`` rows of a ``links.parquet`` (none when absent)."""
    if not path.exists():
        return {}
    with pq.ParquetFile(path) as pf:  # not pq.read_table: it imports pyarrow.dataset and pandas
        table = pf.read(columns=["kind", "scope", "name", "target_id", "status"])
    cols = [table[c].to_pylist() for c in table.column_names]
    # a name without a region is known by its document only: its id moves only with that document
    return {
        (k, sc, n): t
        for k, sc, n, t, status in zip(*cols, strict=True)
        if status == "merged" and sc is not None
    }


def id_changes(previous: Path, staged: Path) -> dict[str, int]:
    """How many names of each kind the previous output gave another id than this one does."""
    before, after = _name_ids(previous), _name_ids(staged)
    changed = Counter(key[0] for key, old in before.items() if key in after and after[key] != old)
    return {kind: changed[kind] for kind in ("unit", "project")}


def _doc_paths(parquet: Mapping[str, Path]) -> dict[str, str]:
    """doc_id → its first source path (folder names often say the district)."""
    with pq.ParquetFile(parquet["documents"]) as pf:
        table = pf.read(columns=["doc_id", "source_path"])
    out: dict[str, str] = {}
    for doc_id, path in zip(table["doc_id"].to_pylist(), table["source_path"].to_pylist(), strict=True):
        out.setdefault(doc_id, path)
    return out


def read_form_names(forms_parquet: Path) -> list[FormNames]:
    """The names and years of every staged form."""
    with pq.ParquetFile(forms_parquet) as pf:
        table = pf.read(columns=list(_NAME_COLUMNS))
    cols = [table[c].to_pylist() for c in _NAME_COLUMNS]
    return [FormNames(*values) for values in zip(*cols, strict=True)]


def link_staged(
    staging: Path,
    parquet: Mapping[str, Path],
    *,
    csv_out: bool,
    seed_dir: Path | None = None,
    overrides_file: Path | None = None,
    batch_rows: int = 20_000,
) -> dict[str, int]:
    """Give ids over the staged tables in place; returns the rows of the dimension tables.

    ``seed_dir``: the previous output of an incremental run (its recorded overrides apply)."""
    overrides: dict[str, str] = {}
    recorded = seed_dir / OVERRIDES_FILE if seed_dir is not None else None
    if recorded is not None and recorded.exists():
        overrides.update(read_overrides(recorded))
    if overrides_file is not None:
        overrides.update(read_overrides(overrides_file))
    if overrides:  # the output keeps the overrides it used
        _write_overrides(staging / OVERRIDES_FILE, overrides)
    linked = link_entities(
        read_form_names(parquet["forms"]), overrides=overrides, doc_hints=_doc_paths(parquet)
    )
    ids = IdTable(linked.forms, linked.docs)
    for table in PANEL_FACT_TABLES:
        rewrite_table(table, parquet[table], staging / f"{table}.csv" if csv_out else None, ids)
    counts = {}
    for table, rows in (("units", linked.units), ("projects", linked.projects), ("links", linked.links)):
        cols = rows_to_columns(table, rows)
        _write_table(table, parquet[table], staging / f"{table}.csv" if csv_out else None, cols, batch_rows)
        counts[table] = len(rows)
    return counts


def link_frames(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The same pass over in-memory tables (``jixiao.read_file``): ids filled, dimension tables made."""
    from jixiao.emit.frames import columns_to_frame, frame_to_columns, rows_to_frame

    form_cols = frame_to_columns("forms", frames["forms"])
    names = [FormNames(*values) for values in zip(*(form_cols[c] for c in _NAME_COLUMNS), strict=True)]
    linked = link_entities(names)
    out = dict(frames)
    for table in PANEL_FACT_TABLES:
        cols = frame_to_columns(table, frames[table])
        _fill(table, cols, linked)
        out[table] = columns_to_frame(table, cols)
    for table, rows in (("units", linked.units), ("projects", linked.projects), ("links", linked.links)):
        out[table] = rows_to_frame(table, rows)
    return out


def _fill(table: str, cols: dict[str, list[Any]], linked: Linked) -> None:
    """The panel columns of in-memory rows. NOTE: keep in sync with emit.panel_rewrite.IdTable."""
    forms = [linked.forms.get(f) for f in cols["form_id"]]
    docs = [linked.docs.get(d) for d in cols["doc_id"]] if table == "anomalies" else [None] * len(forms)
    names = ("unit_id", "project_id", "region_code") + (("year",) if table != "forms" else ())
    for name in names:  # an anomaly without a form (or its value) takes its document's
        cols[name] = [
            getattr(f, name) if f is not None and getattr(f, name) is not None else getattr(d, name, None)
            for f, d in zip(forms, docs, strict=True)
        ]


def _write_overrides(path: Path, overrides: Mapping[str, str]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(["name", "id"])
        writer.writerows(sorted(overrides.items()))


def _write_table(table: str, path: Path, csv_path: Path | None, cols: Any, batch_rows: int) -> None:
    out = ParquetAppender(path, table, row_group_rows=batch_rows)
    out.add(cols)
    out.close()
    if csv_path is not None:
        text = CsvAppender(csv_path, table)
        text.append(cols)
        text.close()


__all__ = [
    "OVERRIDES_FILE",
    "PANEL_DIMENSION_TABLES",
    "OverrideError",
    "id_changes",
    "link_staged",
    "read_overrides",
]
