"""samples/units/: money-unit traps where a unit decision could claim a wrong number, each against the truth
written by hand before jixiao read it (``scripts/make_unit_samples.py``); the pipe samples again as .docx and
.xlsx built here from the same rows, and the barely-spent 元 form in every text shape."""

from __future__ import annotations

import io
import json
import random
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx_factory import make_docx, p, tbl, tc, tr
from jixiao.normalize.records import DocumentResult
from sample_paths import ROOT

from jixiao.pipeline import process_bytes

UNITS = ROOT / "samples" / "units"
TRUTHS = sorted(UNITS.glob("*.truth.json"))

sys.path.insert(0, str(ROOT / "scripts"))
try:
    from make_unit_samples import TINY, TITLE, form_rows, write_all
finally:
    sys.path.pop(0)


def _check(result: DocumentResult, truth: dict) -> None:
    form_ids = [f.form_id for f in result.forms]
    got = {
        (form_ids.index(v.form_id) + 1, v.table, v.row_key, v.field): (v.value, v.status)
        for v in result.values
    }
    want = {
        (w["form"], w["table"], w["row_key"], w["field"]): (w["value"], w["status"]) for w in truth["values"]
    }
    assert {k: got.get(k) for k in want} == want
    for w in truth.get("forms", ()):
        assert result.forms[w["form"] - 1].attachment == w["attachment"]
    rules = {a.rule for a in result.anomalies}
    assert set(truth["rules"]) <= rules
    assert not set(truth["not_rules"]) & rules


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.name.removesuffix(".truth.json") for p in TRUTHS])
def test_unit_sample_matches_its_truth(truth_path: Path) -> None:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    _check(process_bytes((UNITS / truth["sample"]).read_bytes(), truth["sample"]), truth)


def test_unit_samples_are_reproducible(tmp_path: Path) -> None:
    written = write_all(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in UNITS.iterdir())
    for path in written:
        assert path.read_bytes() == (UNITS / path.name).read_bytes(), path.name


Item = tuple[str, tuple[str, ...]]  # ("p", (text,)) | ("row", cells)


def _items(text: str) -> list[Item]:
    """A pipe-text sample back into its paragraphs and table rows."""
    out: list[Item] = []
    for line in text.splitlines():
        if line.endswith(" |"):
            out.append(("row", tuple(c.strip() for c in line.removesuffix(" |").split(" | "))))
        elif line.strip():
            out.append(("p", (line,)))
    return out


def _docx(items: list[Item]) -> bytes:
    """Paragraphs, and each run of rows as one Word table (a short row's last cell spans to the edge)."""
    body, rows = "", []
    for kind, cells in [*items, ("p", ("",))]:
        if kind == "row":
            rows.append(cells)
            continue
        if rows:
            width = max(map(len, rows))
            trs = [tr(*(tc(c) for c in r[:-1]), tc(r[-1], span=width - len(r) + 1)) for r in rows]
            body += tbl(*trs, grid=width)
            rows = []
        body += p(cells[0]) if cells[0] else ""
    return make_docx(body)


def _xlsx(items: list[Item]) -> bytes:
    """Every paragraph and row on one sheet, a paragraph in a cell of its own."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for _, cells in items:
        sheet.append(list(cells))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


PIPE_TRUTHS = [t for t in TRUTHS if not t.name.endswith("_tab.truth.json")]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize(
    "truth_path", PIPE_TRUTHS, ids=[p.name.removesuffix(".truth.json") for p in PIPE_TRUTHS]
)
def test_unit_sample_as_office_file_matches_its_truth(truth_path: Path, fmt: str) -> None:
    """The same traps as a Word table and an Excel sheet (the unit and 附件 lines as paragraphs or rows)."""
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    items = _items((UNITS / truth["sample"]).read_text(encoding="utf-8"))
    data = _docx(items) if fmt == "docx" else _xlsx(items)
    _check(process_bytes(data, f"{truth_path.name.removesuffix('.truth.json')}.{fmt}"), truth)


SHAPE_RENDERERS = ("pipe", "lines", "paragraphs", "flat", "layout", "glued")


@pytest.mark.parametrize("shape", SHAPE_RENDERERS)
def test_barely_spent_yuan_form_is_read_as_written_in_every_text_shape(shape: str) -> None:
    """The same form drawn in each text shape real documents arrive in (``scripts/make_shape_samples.py``)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import make_shape_samples as shapes
    finally:
        sys.path.pop(0)
    rows = form_rows(TINY, corner="项目资金（元）", total="88")
    items = [("p", line) for line in TITLE.splitlines()] + [("row", list(r)) for r in rows]
    rng = random.Random(shape)
    if shape == "glued":
        fund_rows = [n for n, (_, body) in enumerate(items) if body[0] in TINY]
        lines = shapes.render_glued(items, rng, fund_rows)
    else:
        lines = getattr(shapes, f"render_{shape}")(items, rng)
    result = process_bytes("\n".join(lines).encode("utf-8") + b"\n", f"tiny_{shape}.txt")
    (fund,) = [f for f in result.funds if f.line == "total"]
    got = (fund.budget_full_year_yuan, fund.executed_yuan)
    if shape == "glued":  # 500000.00500000.0035.00…: several splits fit, so the line may stay unread
        assert got in ((Decimal("500000.00"), Decimal("35.00")), (None, None))
    else:
        assert got == (Decimal("500000.00"), Decimal("35.00"))
    assert not {"unit.mislabeled", "value.ambiguous_resolved"} & {a.rule for a in result.anomalies}
