"""A formula typed into a submission reaches CSV neutralised (Excel will not run it) and Parquet exact."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow.parquet as pq
from hostile_files import FORMULA, Context, case
from jixiao.emit.writer import OutputWriter

from jixiao.pipeline import process_bytes


def test_formula_cell_is_neutralised_in_csv_and_exact_in_parquet(ctx: Context, tmp_path: Path) -> None:
    c = case("formula_cell.txt")
    result = process_bytes(c.build(ctx), c.name)
    assert [f.fill_unit for f in result.forms][:1] == [FORMULA]  # the hostile text really is a field
    writer = OutputWriter(tmp_path, formats=("csv", "parquet"))
    writer.add(result)
    writer.close({})
    raw = (tmp_path / "forms.csv").read_bytes().decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://x"",""y"")"' in raw  # quoted, quote-doubled, with a leading '
    assert '",=HYPERLINK' not in raw and "\r\n=HYPERLINK" not in raw  # never a bare leading =
    cells = [cell for row in csv.reader(io.StringIO(raw)) for cell in row]
    assert "'" + FORMULA in cells and FORMULA not in cells
    fills = pq.read_table(tmp_path / "forms.parquet").column("fill_unit").to_pylist()
    assert FORMULA in fills
