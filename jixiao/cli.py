"""The ``jixiao`` command.

    jixiao extract INPUT... -o OUT [--jobs N] [--incremental] [--engine local|dask]
                   [--scheduler ADDR] [--timeout S] [--memory-mb MB] [--quiet] [--format csv,parquet,...]
    jixiao review OUT
    jixiao panel OUT [--by unit|project] [--metric execution_rate|score|executed_yuan|budget_yuan]

Exit codes: 0 every file was read; 1 some files failed (the output is still written, failures are
in ``documents``); 2 usage error (bad arguments, no inputs found, unknown format); 3 the output could
not be written (the previous output is left as it was).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# emit and jixiao.batch are imported in main(), after the worker fork server has been started
# (jixiao.pool_context): it then imports the pipeline while this process imports pyarrow.

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3
DEFAULT_FORMATS = ("csv", "parquet", "xlsx", "review")  # what auditors open, written by default

EPILOG = """exit codes:
  0  every file was read
  1  some files failed (output still written; see documents.status / error)
  2  usage error: bad arguments, no inputs found, unknown or unavailable format
  3  the output could not be written (the previous output is left intact)
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
    ex.add_argument("--quiet", action="store_true", help="no progress bar")
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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "review":
        from jixiao.review_cmd import review_main

        return review_main(args.out)
    if args.command == "panel":
        from jixiao.panel_cmd import panel_main

        return panel_main(args.out, args.by, args.metric)
    if args.scheduler and args.engine != "dask":
        print("jixiao: --scheduler needs --engine dask", file=sys.stderr)
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
    )
    try:
        summary = run_batch(args.inputs, args.out, options)
    except NoInputsError as exc:
        print(f"jixiao: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ImportError as exc:  # --engine dask without dask installed
        print(f"jixiao: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as exc:
        print(f"jixiao: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        print("jixiao: interrupted; the previous output is unchanged", file=sys.stderr)
        return 130
    print(summary.line())
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
