"""The wide panel: one row per unit (or project), one column per year, for one metric.

Metrics (each a value of the unit's department form, or of the project's form, in that year):

- ``execution_rate``: 预算执行率 of the form's 年度资金总额 line as written (``funds.execution_rate_pct``);
- ``score``: 总分得分 as written (``forms.total_score``);
- ``executed_yuan`` / ``budget_yuan``: 全年执行数 / 全年预算数 of the total line, in 元.

A unit with two forms in one year that disagree gets no value for that year (never a pick), and the
``conflicts`` count of the result says how many cells that left empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where a panel is made: `jixiao extract` lists these choices, never uses pandas
    import pandas as pd

METRICS = {
    "execution_rate": ("funds", "execution_rate_pct", "执行率(%)"),
    "score": ("forms", "total_score", "总分得分"),
    "executed_yuan": ("funds", "executed_yuan", "全年执行数(元)"),
    "budget_yuan": ("funds", "budget_full_year_yuan", "全年预算数(元)"),
}
BY = ("unit", "project")
PANEL_DIR = "panel"
WORKBOOK = "panel.xlsx"


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


def write_panel(out_dir: Path, panel: Panel, by: str, metric: str) -> list[Path]:
    """``OUT/panel/<by>_<metric>.csv`` (UTF-8 with BOM) and ``.parquet``, and its sheet in ``panel.xlsx``."""
    import pandas as pd

    dest = out_dir / PANEL_DIR
    dest.mkdir(exist_ok=True)
    stem = dest / f"{by}_{metric}"
    panel.frame.to_csv(stem.with_suffix(".csv"), index=False, encoding="utf-8-sig", lineterminator="\r\n")
    panel.frame.to_parquet(stem.with_suffix(".parquet"), index=False)
    workbook = dest / WORKBOOK
    sheets = {p.stem: pd.read_parquet(p) for p in sorted(dest.glob("*.parquet"))}  # every panel made so far
    tmp = workbook.with_name(f".{WORKBOOK}.tmp")
    with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
        for name, frame in sheets.items():
            frame.to_excel(xl, sheet_name=name[:31], index=False)
    tmp.replace(workbook)
    return [stem.with_suffix(".csv"), stem.with_suffix(".parquet"), workbook]
