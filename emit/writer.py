"""The streaming output writer: results in, files out, published atomically.

Rows are buffered per table and flushed in fixed-size pieces (every ``batch_rows`` rows, so Parquet row
groups — and hence the bytes — depend only on the rows, not on how they arrived) into a staging folder
``OUT/.jixiao-tmp-<pid>/``. :meth:`OutputWriter.close` finishes the files, writes ``datapackage.json``
and ``manifest.json`` (the only file with timestamps), then renames each file into ``OUT``; until then
the previous output is untouched, and :meth:`OutputWriter.abort` (or a crash) leaves it so.

Formats: ``csv`` and ``parquet`` stream. Others are *finalisers* registered in :data:`FORMATS`: a
function ``fn(out_dir, frames)`` — or ``fn(out_dir, frames, layouts)`` when registered with
``needs_layouts`` (``layouts``: doc_id → ``extract.layout.Layout``) — called once at close on the
staging folder with every table as a DataFrame. Entries are ``"module:function"`` strings resolved only
when asked for, so a format whose module is not written yet simply reports itself unavailable.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from emit.csv_out import CsvAppender
from emit.frames import Columns, rows_to_columns, sort_rows
from emit.parquet_out import ParquetAppender, fsync_path, read_parquet_frame
from extract.errors import JixiaoError
from extract.layout import Layout
from normalize.records import DocumentResult
from schemas import TABLES, datapackage

STAGING_PREFIX = ".jixiao-tmp-"
STREAMING = ("csv", "parquet")


class OutputError(JixiaoError, OSError):
    """The output folder could not be written; the previous output (if any) is left as it was."""


@dataclass(frozen=True, slots=True)
class Finaliser:
    target: str | Callable[..., None]  # "module:function" (resolved lazily) or the function itself
    needs_layouts: bool = False


FORMATS: dict[str, Finaliser] = {
    # NOTE: module names are the other engineer's; edit here if they differ.
    "xlsx": Finaliser("emit.xlsx_out:write_xlsx"),
    "review": Finaliser("emit.review:write_review", needs_layouts=True),
}


def register_format(name: str, fn: Callable[..., None], *, needs_layouts: bool = False) -> None:
    """Add (or replace) a finalising output format."""
    FORMATS[name] = Finaliser(fn, needs_layouts)


def resolve_format(name: str) -> Callable[..., None]:
    """The function behind a finalising format; ``ValueError`` (saying why) when it is unavailable."""
    if name not in FORMATS:
        known = ", ".join([*STREAMING, *sorted(FORMATS)])
        raise ValueError(f"unknown output format {name!r}; choose from {known}")
    target = FORMATS[name].target
    if callable(target):
        return target
    module_name, _, attr = target.partition(":")
    try:
        fn = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"output format {name!r} is not available in this install ({exc})") from exc
    return fn


def available_formats() -> list[str]:
    """Format names that can be used now (streaming ones plus finalisers whose code is present)."""
    names = list(STREAMING)
    for name in sorted(FORMATS):
        with contextlib.suppress(ValueError):
            resolve_format(name)
            names.append(name)
    return names


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clear_stale_staging(out_dir: Path) -> None:
    """Remove staging folders left by killed runs; refuse if a live run is writing here."""
    for old in out_dir.glob(STAGING_PREFIX + "*"):
        suffix = old.name[len(STAGING_PREFIX) :]
        pid = int(suffix) if suffix.isdigit() else 0
        if pid and pid != os.getpid() and _pid_alive(pid):
            raise OutputError(
                f"another jixiao run (pid {pid}) is writing to {out_dir}; wait for it or remove {old}"
            )
        shutil.rmtree(old, ignore_errors=True)


class OutputWriter:
    """Streams document results into per-table files; see the module docstring."""

    def __init__(
        self,
        out_dir: str | os.PathLike[str],
        *,
        formats: Sequence[str] = STREAMING,
        batch_rows: int = 20_000,
    ) -> None:
        self.out_dir = Path(out_dir)
        self.formats = tuple(dict.fromkeys(formats))
        self.batch_rows = batch_rows
        self._finalisers = {f: resolve_format(f) for f in self.formats if f not in STREAMING}
        self.keep_layouts = any(FORMATS[f].needs_layouts for f in self._finalisers)
        self.layouts: dict[str, Layout] = {}
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            clear_stale_staging(self.out_dir)
            self.staging = self.out_dir / f"{STAGING_PREFIX}{os.getpid()}"
            self.staging.mkdir()
            (self.staging / "_internal").mkdir()
        except OSError as exc:
            raise OutputError(f"cannot write to {self.out_dir}: {exc}") from exc
        self._csv: dict[str, CsvAppender] = {}
        self._parquet: dict[str, ParquetAppender] = {}
        # Parquet is staged even when not published: finalisers read their frames back from it.
        parquet_dir = self.staging if "parquet" in self.formats else self.staging / "_internal"
        for name in TABLES:
            if "csv" in self.formats:
                self._csv[name] = CsvAppender(self.staging / f"{name}.csv", name)
            if "parquet" in self.formats or self._finalisers:
                self._parquet[name] = ParquetAppender(parquet_dir / f"{name}.parquet", name)
        self._buf: dict[str, Columns] = {name: {c: [] for c in TABLES[name].names} for name in TABLES}
        self.rows: dict[str, int] = dict.fromkeys(TABLES, 0)
        self._closed = False

    def _appenders(self) -> list[CsvAppender | ParquetAppender]:
        return [*self._csv.values(), *self._parquet.values()]

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is not None:
            self.abort()

    def add(self, result: DocumentResult) -> None:
        """All rows of one document, each table's rows in its ``sort_key`` order."""
        for name in TABLES:
            rows = getattr(result, name)
            if rows:
                self.add_columns(name, rows_to_columns(name, sort_rows(TABLES[name], rows), presorted=True))
        if self.keep_layouts and result.layout is not None:
            self.layouts[result.document.doc_id] = result.layout

    def add_columns(self, table: str, cols: Mapping[str, Sequence[Any]]) -> None:
        """Already ordered, already checked rows (e.g. read back from a previous output) appended as-is."""
        buf = self._buf[table]
        for name, values in cols.items():
            buf[name].extend(values)
        self.rows[table] += len(next(iter(cols.values()), []))
        while self._pending(table) >= self.batch_rows:
            self._flush(table, self.batch_rows)

    def _pending(self, table: str) -> int:
        buf = self._buf[table]
        return len(buf[next(iter(buf))])

    def _flush(self, table: str, n: int | None = None) -> None:
        buf = self._buf[table]
        n = self._pending(table) if n is None else n
        if n == 0:
            return
        piece = {name: values[:n] for name, values in buf.items()}
        self._buf[table] = {name: values[n:] for name, values in buf.items()}
        if table in self._csv:
            self._csv[table].append(piece)
        if table in self._parquet:
            self._parquet[table].append(piece)

    def close(self, manifest: Mapping[str, Any]) -> dict[str, int]:
        """Finish every file, then publish them all into ``out_dir``; returns rows per table."""
        try:
            for name in TABLES:
                self._flush(name)
            for appender in self._appenders():
                appender.close()
            if "csv" in self.formats:
                self._write_json(self.staging / "datapackage.json", datapackage())
            if self._finalisers:
                frames = {
                    name: read_parquet_frame(appender.path, name) for name, appender in self._parquet.items()
                }
                for fmt, fn in self._finalisers.items():
                    if FORMATS[fmt].needs_layouts:
                        fn(self.staging, frames, self.layouts)
                    else:
                        fn(self.staging, frames)
            shutil.rmtree(self.staging / "_internal")
            full = {**manifest, "formats": list(self.formats), "tables": dict(self.rows)}
            self._write_json(self.staging / "manifest.json", full)
            self._publish()
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot write the output to {self.out_dir}: {exc}") from exc
        except BaseException:
            self.abort()
            raise
        self._closed = True
        return dict(self.rows)

    @staticmethod
    def _write_json(path: Path, data: Mapping[str, Any]) -> None:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())

    def _publish(self) -> None:
        # manifest.json last: its presence with new content marks a complete publish
        entries = sorted(p for p in self.staging.iterdir() if p.name != "manifest.json")
        for src in [*entries, self.staging / "manifest.json"]:
            dest = self.out_dir / src.name
            if src.is_dir() and dest.exists():
                trash = self.out_dir / f"{STAGING_PREFIX}{os.getpid()}-old-{src.name}"
                os.replace(dest, trash)
                os.replace(src, dest)
                shutil.rmtree(trash, ignore_errors=True)
            else:
                os.replace(src, dest)
        fsync_path(self.out_dir)
        shutil.rmtree(self.staging, ignore_errors=True)

    def abort(self) -> None:
        """Drop everything staged; the previous output stays as it was."""
        if self._closed:
            return
        self._closed = True
        for appender in self._appenders():
            with contextlib.suppress(Exception):
                appender.close()
        shutil.rmtree(self.staging, ignore_errors=True)
