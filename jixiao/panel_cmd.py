"""``jixiao panel OUT [--by unit|project] [--metric execution_rate|score|…]``: the year-by-year table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.emit.panel_table import BY, METRICS

EXIT_OK, EXIT_USAGE, EXIT_OUTPUT = 0, 2, 3


def add_panel_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``panel`` subcommand's arguments (wired into ``jixiao.cli``)."""
    p = sub.add_parser(
        "panel",
        help="write a wide year-by-year table of one metric per unit or project",
        description="From an output folder of `jixiao extract`: OUT/panel/<by>_<metric>.csv|parquet "
        "and a sheet in OUT/jixiao.xlsx (when the output has a workbook), published in one step; one "
        "row per unit (or project), one column per year. An extract run into OUT drops them (its ids "
        "may have moved): run this again after it.",
    )
    p.add_argument("out", metavar="OUT", help="an output folder written by `jixiao extract`")
    p.add_argument("--by", choices=BY, default="unit")
    p.add_argument("--metric", choices=tuple(METRICS), default="execution_rate")


def panel_main(out: str, by: str, metric: str) -> int:
    from jixiao.emit.panel_table import build_panel, publish_panel
    from jixiao.emit.publish import OutputError

    folder = Path(out)
    if not (folder / "units.parquet").exists():
        print(
            f"jixiao: {folder} has no units.parquet; run `jixiao extract … -o {folder}` "
            "with parquet among its --format (the default) first",
            file=sys.stderr,
        )
        return EXIT_USAGE
    panel = build_panel(folder, by, metric)
    try:
        paths = publish_panel(folder, panel, by, metric)
    except (OutputError, OSError) as exc:
        print(f"jixiao panel: cannot write {folder}: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    note = f"; {panel.conflicts} cells left empty: forms of one year disagree" if panel.conflicts else ""
    book = f" and a sheet in {paths[2]}" if len(paths) > 2 else ""
    print(f"{len(panel.frame)} {by}s × {len(panel.frame.columns) - 3} years → {paths[0].parent}{book}{note}")
    return EXIT_OK
