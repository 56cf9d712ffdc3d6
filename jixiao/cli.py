"""The ``jixiao`` command.

    jixiao extract INPUT... -o OUT [--jobs N] [--incremental] [--engine local|dask]
                   [--scheduler ADDR] [--timeout S] [--memory-mb MB] [-q | -v] [--follow-links]
                   [--format csv,parquet,...]
    jixiao review OUT
    jixiao panel OUT [--by unit|project] [--metric execution_rate|score|executed_yuan|budget_yuan]
    jixiao --version

Exit codes (:data:`EPILOG`): 0 every file was read; 1 some files failed or were skipped unread (the
output is still written: see ``documents.status``/``error``); 2 usage error; 3 the output could not be
written (the previous output is left as it was); 130 interrupted (Ctrl-C); 143 terminated (SIGTERM).
The summary goes to stdout on one line; the failed files, one line each, to stderr.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao import __version__
from jixiao.start import EXIT_INTERRUPTED, EXIT_TERMINATED, Terminated, interrupted_line, on_term

if TYPE_CHECKING:
    from jixiao.batch import BatchSummary

# emit and jixiao.batch are imported in main(), after the worker fork server has been started
# (jixiao.pool_context): it then imports the pipeline while this process imports pyarrow.

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3
__all__ = ["EXIT_INTERRUPTED", "EXIT_TERMINATED", "Terminated", "main"]
DEFAULT_FORMATS = ("csv", "parquet", "xlsx", "review")  # what auditors open, written by default
FAILURES_SHOWN = 10  # failed files listed after the summary (all of them with -v)

EPILOG = """exit codes:
  0    every file was read
  1    some files failed or were skipped unread (.pdf, FIFO, link outside the
       inputs …), or an argument matched nothing; the output is still written:
       see documents.status / error
  2    usage error: bad arguments, no inputs found, unknown or unavailable format
  3    the output could not be written (disk full, no permission, damaged previous
       output); the previous output is left intact
  130  interrupted (Ctrl-C); 143 terminated (SIGTERM): nothing published, the
       previous output is left intact
"""


def _formats(text: str) -> tuple[str, ...]:
    from jixiao.emit.writer import STREAMING, resolve_format

    names = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))
    if not names:
        raise argparse.ArgumentTypeError("give at least one format")
    for name in names:
        if name not in STREAMING:
            try:
                resolve_format(name)
            except ValueError as exc:
                raise argparse.ArgumentTypeError(str(exc)) from exc
    return names


def _positive(kind: Callable[[str], Any]) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be > 0, got {text}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jixiao",
        description="Turn 绩效自评 submissions into clean, typed, traceable tables.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser(
        "extract",
        help="read submissions into tables",
        description="Read files, folders (recursive), globs and .zip archives into OUT/NAME.csv|parquet.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ex.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder, glob or .zip")
    ex.add_argument("-o", "--out", required=True, metavar="OUT", help="output folder")
    ex.add_argument("--jobs", type=_positive(int), default=0, help="worker processes (default: all cores)")
    ex.add_argument(
        "--incremental",
        action="store_true",
        help="keep OUT and read only files not seen before (adds parquet)",
    )
    ex.add_argument("--engine", choices=("local", "dask"), default="local")
    ex.add_argument("--scheduler", metavar="ADDR", help="dask scheduler address (with --engine dask)")
    ex.add_argument("--timeout", type=_positive(float), default=60.0, metavar="S", help="per-file limit (60)")
    ex.add_argument("--memory-mb", type=_positive(int), default=2048, metavar="MB", help="per-worker (2048)")
    talk = ex.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no list of failed files")
    talk.add_argument(
        "-v", "--verbose", action="store_true", help=f"list every failed file (default: {FAILURES_SHOWN})"
    )
    ex.add_argument(
        "--follow-links",
        action="store_true",
        help="read files that links lead to outside the input folders (default: skipped)",
    )
    ex.add_argument(
        "--ids",
        type=Path,
        metavar="FILE",
        help="CSV name,id: unit/project ids that win over linking (kept as OUT/id_overrides.csv)",
    )
    ex.add_argument(
        "--format",
        type=_formats,
        default=DEFAULT_FORMATS,
        metavar="LIST",
        help="comma-separated: csv, parquet, xlsx, review (default: all four)",
    )
    rv = sub.add_parser(
        "review",
        help="rebuild the review pages of an existing output folder",
        description="Rebuild OUT/review/ from the tables (and saved layouts) in OUT.",
    )
    rv.add_argument("out", metavar="OUT", help="an output folder written by `jixiao extract`")
    from jixiao.panel_cmd import add_panel_parser

    add_panel_parser(sub)
    return parser


def summary_line(summary: BatchSummary) -> str:
    """The one-line summary: documents by status, forms and anomalies, time."""
    counts = (
        f"{summary.ok} ok, {summary.partial} partial, {summary.failed} failed, "
        f"{summary.skipped_count} skipped, {summary.duplicates} duplicate"
        + (f", {summary.kept} kept" if summary.kept else "")  # --incremental: unchanged since the last run
    )
    return (
        f"{summary.documents} documents ({counts}), {summary.forms} forms, "
        f"{summary.anomalies} anomalies in {summary.seconds:.1f} s"
    )


def failure_lines(summary: BatchSummary, *, shown: int | None) -> list[str]:
    """One line per failed (or skipped unread) file, at most ``shown`` of them (None: all)."""
    total = summary.failed + summary.unread
    listed = summary.failures if shown is None else summary.failures[:shown]
    lines = [f"  {path}: {' '.join(error.split())}" for path, error in listed]
    if total > len(listed):
        more = total - len(listed)
        lines.append(f"  … and {more} more (jixiao extract -v lists all; see documents.csv)")
    return lines


@contextmanager
def _signals_as_exceptions() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated` (SIGINT already raises KeyboardInterrupt) while running."""

    try:
        old = signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread (an embedding program): leave its handlers alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _say(text: str, *, err: bool = False) -> None:
    """Print one line; a closed pipe (``jixiao … | head -0``) is no error of the run."""
    stream = sys.stderr if err else sys.stdout
    try:
        print(text, file=stream, flush=True)
    except BrokenPipeError:
        _drop_stream(stream)


def _drop_stream(stream: Any) -> None:
    # Python flushes stdout again at exit; pointing it at /dev/null keeps that from a second error
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """The command; returns the exit code (see the module docstring)."""
    run = _Run()
    try:
        with _signals_as_exceptions():
            return _main(argv, run)
    except (KeyboardInterrupt, Terminated) as exc:
        run.clean_staging()
        _say(interrupted_line(exc, run.published), err=True)
        return EXIT_INTERRUPTED if isinstance(exc, KeyboardInterrupt) else EXIT_TERMINATED
    except BrokenPipeError:
        run.clean_staging()
        _drop_stream(sys.stdout)
        _drop_stream(sys.stderr)
        return EXIT_SOME_FAILED


class _Run:
    """What an error path needs to know: the output folder, and whether the output was published."""

    def __init__(self) -> None:
        self.out: str | None = None
        self.published = False

    def clean_staging(self) -> None:
        """Remove this process's staging folder, wherever the run stopped (even while the writer was
        being set up, when no ``with`` block had begun to clean up after it)."""
        if self.out is None:
            return
        import shutil

        from jixiao.emit.writer import STAGING_PREFIX

        shutil.rmtree(os.path.join(self.out, f"{STAGING_PREFIX}{os.getpid()}"), ignore_errors=True)


def _main(argv: Sequence[str] | None, run: _Run) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "review":
        from jixiao.review_cmd import review_main

        return review_main(args.out)
    if args.command == "panel":
        from jixiao.panel_cmd import panel_main

        return panel_main(args.out, args.by, args.metric)
    if args.scheduler and args.engine != "dask":
        _say("jixiao: --scheduler needs --engine dask", err=True)
        return EXIT_USAGE
    if args.engine == "local":
        from jixiao.pool_context import start_early

        start_early()
    from jixiao.batch import BatchOptions, NoInputsError, run_batch
    from jixiao.emit.writer import OutputError

    options = BatchOptions(
        jobs=args.jobs,
        timeout_s=args.timeout,
        memory_mb=args.memory_mb,
        incremental=args.incremental,
        formats=args.format,
        engine=args.engine,
        scheduler=args.scheduler,
        progress=False if args.quiet else None,
        id_overrides=args.ids,
        follow_links=args.follow_links,
        failures_kept=None if args.verbose else FAILURES_SHOWN,
    )
    run.out = args.out
    try:
        Path(args.out).resolve()
    except (OSError, RuntimeError):  # RuntimeError: a link loop (Python 3.11)
        _say(f"jixiao: cannot write to {args.out}: it is a link loop", err=True)
        return EXIT_OUTPUT
    try:
        summary = run_batch(args.inputs, args.out, options)
        run.published = True
    except (NoInputsError, ImportError) as exc:  # ImportError: --engine dask without dask installed
        _say(f"jixiao: {exc}", err=True)
        return EXIT_USAGE
    except OutputError as exc:
        run.clean_staging()
        _say(f"jixiao: {_one_line(exc)}", err=True)
        return EXIT_OUTPUT
    except BrokenPipeError:
        raise
    except OSError as exc:  # a full disk or TMPDIR, no permission: what the output needs, not an input
        run.clean_staging()
        where = f" ({exc.filename})" if exc.filename else ""
        reason = exc.strerror or _one_line(exc)
        _say(
            f"jixiao: cannot write the output: {reason}{where}; the previous output is left intact", err=True
        )
        return EXIT_OUTPUT
    except Exception as exc:
        if type(exc).__module__.startswith("pyarrow"):  # a damaged previous output (--incremental)
            run.clean_staging()
            _say(
                f"jixiao: the output in {args.out} cannot be read or written ({_one_line(exc)}); "
                "remove it or run without --incremental",
                err=True,
            )
            return EXIT_OUTPUT
        raise
    _say(summary_line(summary))
    for arg in summary.missing:  # a typo among the arguments must not pass unnoticed
        _say(f"jixiao: nothing matched {arg!r}; no such file, folder or glob match", err=True)
    if not args.quiet:
        for line in failure_lines(summary, shown=None if args.verbose else FAILURES_SHOWN):
            _say(line, err=True)
    if args.verbose and summary.stage_seconds:
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in sorted(summary.stage_seconds.items()))
        _say(f"time by stage (all workers): {stages}", err=True)
    read = summary.ok or summary.partial or summary.duplicates or summary.kept
    bad = summary.failed or summary.unread or summary.missing or not read
    return EXIT_SOME_FAILED if bad else EXIT_OK


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
