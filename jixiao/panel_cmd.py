"""``jixiao panel OUT [--by unit|project] [--metric execution_rate|score|…]``: the year-by-year table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jixiao.emit.panel_table import BY, METRICS

EXIT_OK, EXIT_USAGE = 0, 2


def add_panel_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``panel`` subcommand's arguments (wired into ``jixiao.cli``)."""
    p = sub.add_parser(
        "panel",
        help="write a wide year-by-year table of one metric per unit or project",
        description="From an output folder of `jixiao extract`: OUT/panel/<by>_<metric>.csv|parquet "
        "and a sheet in OUT/panel/panel.xlsx; one row per unit (or project), one column per year.",
    )
    p.add_argument("out", metavar="OUT", help="an output folder written by `jixiao extract`")
    p.add_argument("--by", choices=BY, default="unit")
    p.add_argument("--metric", choices=tuple(METRICS), default="execution_rate")


def panel_main(out: str, by: str, metric: str) -> int:
    from jixiao.emit.panel_table import build_panel, write_panel

    folder = Path(out)
    if not (folder / "units.parquet").exists():
        print(
            f"jixiao: {folder} has no units.parquet; run `jixiao extract … -o {folder}` "
            "with parquet among its --format (the default) first",
            file=sys.stderr,
        )
        return EXIT_USAGE
    panel = build_panel(folder, by, metric)
    paths = write_panel(folder, panel, by, metric)
    note = f"; {panel.conflicts} cells left empty: forms of one year disagree" if panel.conflicts else ""
    print(f"{len(panel.frame)} {by}s × {len(panel.frame.columns) - 3} years → {paths[0].parent}{note}")
    return EXIT_OK
