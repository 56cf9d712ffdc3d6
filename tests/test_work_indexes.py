"""What a form's work keeps at hand so that its readers need not walk every cell: each index must give
exactly what the walk over all the cells gives, on every sample form (the tables of shapes and units)."""

from __future__ import annotations

from pathlib import Path

import pytest
from jixiao.extract.segment import segment_layout
from jixiao.extract.text_source import read_text_layout
from jixiao.normalize.document import form_id_for
from jixiao.normalize.forms import FormWork, build_form

_SAMPLES = Path(__file__).resolve().parent.parent / "samples"
_FILES = sorted([*(_SAMPLES / "shapes").glob("*.txt"), *(_SAMPLES / "units").glob("*.txt")])


def _works(path: Path) -> list[FormWork]:
    raw = segment_layout(read_text_layout(path.read_bytes()))
    return [build_form(f, form_id=form_id_for("d" * 16, n), doc_id="d") for n, f in enumerate(raw.forms, 1)]


def test_there_are_sample_forms_with_money_and_breakdowns() -> None:
    works = [w for p in _FILES for w in _works(p)]
    assert sum(len(w.money) for w in works) > 1000
    assert any(c.table == "fund_breakdown" for w in works for c in w.money)


@pytest.mark.parametrize("path", _FILES, ids=lambda p: p.stem)
def test_money_index_is_the_money_cells_in_order(path: Path) -> None:
    for work in _works(path):
        walked = [c for c in work.cells if c.kind == "money"]
        assert len(work.money) == len(walked)
        assert all(a is b for a, b in zip(work.money, walked, strict=True))
