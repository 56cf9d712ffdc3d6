"""The wide panel: one row per unit (or project), one column per year, for one metric.

Metrics (each a value of the unit's department form, or of the project's form, in that year):

- ``execution_rate``: 预算执行率 of the form's 年度资金总额 line as written (``funds.execution_rate_pct``);
- ``score``: 总分得分 as written (``forms.total_score``);
- ``executed_yuan`` / ``budget_yuan``: 全年执行数 / 全年预算数 of the total line, in 元.

A unit with two forms in one year that disagree gets no value for that year (never a pick), and the
``conflicts`` count of the result says how many cells that left empty.

``jixiao panel`` changes a finished output, so it publishes like a run (:mod:`emit.publish`): a new
generation holds the output's files (hard links), ``panel/<by>_<metric>.csv|parquet`` and, when the
output has a workbook, ``jixiao.xlsx`` written again by :func:`emit.xlsx_out.write_xlsx_parquet` (the
one workbook route) with one sheet per wide table made so far after the contract's sheets; one rename
makes it the output, so a reader sees the old files or the new ones, never a mix.
An ``extract`` run over the folder (fresh or incremental) publishes its own generation without the
wide tables: their ids may have moved, so ``jixiao panel`` is run again to make them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where a panel is made: `jixiao extract` lists these choices, never uses pandas
    import pandas as pd
    from jixiao.emit.xlsx_out import ExtraSheet

METRICS = {
    "execution_rate": ("funds", "execution_rate_pct", "执行率(%)"),
    "score": ("forms", "total_score", "总分得分"),
    "executed_yuan": ("funds", "executed_yuan", "全年执行数(元)"),
    "budget_yuan": ("funds", "budget_full_year_yuan", "全年预算数(元)"),
}
BY = ("unit", "project")
PANEL_DIR = "panel"
_BY_ZH = {"unit": "单位", "project": "项目"}


@dataclass(frozen=True, slots=True)
class Panel:
    frame: pd.DataFrame  # id, name, region_code, then one column per year
    conflicts: int


def _one(values: pd.Series) -> Any:
    distinct = values.dropna().unique()
    return distinct[0] if len(distinct) == 1 else None


def build_panel(out_dir: Path, by: str = "unit", metric: str = "execution_rate") -> Panel:
    """The wide table of ``metric`` by ``by`` and year, from an output folder's Parquet tables."""
    import pandas as pd

    if by not in BY or metric not in METRICS:
        raise ValueError(f"by must be one of {BY} and metric one of {tuple(METRICS)}")
    table, column, _ = METRICS[metric]
    form_type = "department" if by == "unit" else "project"
    key = f"{by}_id"
    forms = pd.read_parquet(
        out_dir / "forms.parquet", columns=["form_id", "form_type", "unit_id", "project_id", "year"]
    )
    forms = forms[(forms["form_type"] == form_type) & forms[key].notna() & forms["year"].notna()]
    if table == "funds":
        funds = pd.read_parquet(out_dir / "funds.parquet", columns=["form_id", "line", column])
        values = funds[funds["line"] == "total"][["form_id", column]]
        data = forms.merge(values, on="form_id", how="left")
    else:
        extra = pd.read_parquet(out_dir / "forms.parquet", columns=["form_id", column])
        data = forms.merge(extra, on="form_id", how="left")
    cells = data.groupby([key, "year"])[column].agg(_one)
    counts = data.groupby([key, "year"])[column].nunique()
    conflicts = int((counts > 1).sum())
    wide = cells.unstack("year")
    wide.columns = [str(int(y)) for y in wide.columns]
    dims = pd.read_parquet(out_dir / f"{by}s.parquet")
    names = dims[[key, "name"] + (["region_code"] if by == "unit" else ["unit_id"])]
    frame = names.merge(wide.reset_index(), on=key, how="inner").sort_values(key, kind="stable")
    if column.endswith("_yuan"):  # money stays exact: Decimal cells, never floats
        for col in frame.columns[3:]:
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    else:
        for col in frame.columns[3:]:
            frame[col] = pd.to_numeric(frame[col]).astype("Float64")
    return Panel(frame.reset_index(drop=True), conflicts)


def publish_panel(out_dir: Path, panel: Panel, by: str, metric: str) -> list[Path]:
    """``OUT/panel/<by>_<metric>.csv`` (UTF-8 with BOM) and ``.parquet``, and its sheet in ``jixiao.xlsx``
    (when the output has one), published as a new generation of the output; returns the paths written.

    Raises :class:`emit.publish.OutputError` when the output cannot be written (another run holds it)."""
    from jixiao.emit.publish import Staging, stage_copy
    from jixiao.emit.xlsx_out import XLSX_NAME, write_xlsx_parquet
    from jixiao.schemas import TABLES
    from jixiao.schemas.outputs import MANIFEST

    stage = Staging(out_dir)
    try:
        stage_copy(out_dir, stage.dir, skip=frozenset({XLSX_NAME, MANIFEST}))
        dest = stage.dir / PANEL_DIR
        dest.mkdir(exist_ok=True)
        stem = f"{by}_{metric}"
        # written under new names, then renamed: the copied files are hard links to the published ones
        tmp_csv, tmp_parquet = dest / f".{stem}.csv.tmp", dest / f".{stem}.parquet.tmp"
        panel.frame.to_csv(tmp_csv, index=False, encoding="utf-8-sig", lineterminator="\r\n")
        panel.frame.to_parquet(tmp_parquet, index=False)
        os.replace(tmp_csv, dest / f"{stem}.csv")
        os.replace(tmp_parquet, dest / f"{stem}.parquet")
        written = [out_dir / PANEL_DIR / f"{stem}.csv", out_dir / PANEL_DIR / f"{stem}.parquet"]
        manifest = (
            json.loads((out_dir / MANIFEST).read_text("utf-8")) if (out_dir / MANIFEST).exists() else {}
        )
        kinds = {f"{b}_{m}" for b in BY for m in METRICS}
        panels = sorted(p.stem for p in dest.glob("*.parquet") if p.stem in kinds)
        if (out_dir / XLSX_NAME).exists():
            tables = {t: stage.dir / f"{t}.parquet" for t in TABLES if (stage.dir / f"{t}.parquet").exists()}
            extra = [_sheet(dest / f"{p}.parquet") for p in panels]
            write_xlsx_parquet(stage.dir, tables, extra=extra)
            written.append(out_dir / XLSX_NAME)
        with open(stage.dir / MANIFEST, "w", encoding="utf-8", newline="\n") as fh:
            json.dump({**manifest, "panels": panels}, fh, ensure_ascii=False, indent=2, sort_keys=True)
            fh.write("\n")
        stage.publish()
    except BaseException:
        stage.abort()
        raise
    return written


def _sheet(path: Path) -> ExtraSheet:
    """A wide table's sheet: its title and columns (``<by>_<metric>.parquet``, as :func:`build_panel`)."""
    import pyarrow.parquet as pq
    from jixiao.emit.sheet_content import SheetSpec
    from jixiao.emit.xlsx_out import ExtraSheet
    from jixiao.schemas import Column

    by, _, metric = path.stem.partition("_")
    label = METRICS[metric][2]
    names = pq.read_schema(path).names
    kind = "money" if metric.endswith("_yuan") else "float"
    columns = [
        Column(f"{by}_id", "string", f"{_BY_ZH[by]}编号"),
        Column("name", "string", f"{_BY_ZH[by]}名称"),
        Column(names[2], "string", "行政区划代码" if names[2] == "region_code" else "单位编号"),
        *(Column(year, kind, f"{year} {label}") for year in names[3:]),
    ]
    return ExtraSheet(f"面板 {_BY_ZH[by]} {label}", path, SheetSpec(f"panel:{path.stem}", tuple(columns)))
