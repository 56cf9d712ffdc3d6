"""The names a jixiao output folder may hold: what the writer replaces and the input walk never reads.

NOTE: keep in sync with emit.writer (datapackage.json, manifest.json), emit.xlsx_out.XLSX_NAME,
emit.review.REVIEW_DIR and emit.partition.PARTITION_DIR (tests/test_cli.py checks a real output).
"""

from __future__ import annotations

from jixiao.schemas.tables import TABLES

MANIFEST = "manifest.json"
# id_overrides.csv: emit.panel.OVERRIDES_FILE; panel/: emit.panel_table.PANEL_DIR (`jixiao panel`)
OWN_FILES = (MANIFEST, "datapackage.json", "jixiao.xlsx", "id_overrides.csv")
OWN_DIRS = ("review", "parquet_by_year", "panel")
TABLE_SUFFIXES = (".csv", ".parquet")


def own_output_names() -> frozenset[str]:
    """Every top-level name jixiao writes into an output folder.

    >>> {"forms.csv", "jixiao.xlsx", "review"} <= own_output_names()
    True
    """
    return frozenset([*OWN_FILES, *OWN_DIRS, *(t + s for t in TABLES for s in TABLE_SUFFIXES)])
