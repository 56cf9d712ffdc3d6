"""Layout independence: the sample as a text export and as its Word twin give the same contract tables.

The twin (``samples/lukou_xunchaban_2023.docx``, written by ``scripts/make_docx_twin.py`` with real
vMerge/gridSpan merges) differs only in where things are (locations, ids) and in ``documents`` metadata.
"""

from __future__ import annotations

import pandas as pd
import pytest
import regex
from sample_paths import SAMPLES, TWIN_TABLES

import jixiao

_LOCATION = regex.compile(
    r"lines? [0-9]+(?:-[0-9]+)?|table [0-9]+ row [0-9]+ col [0-9]+(?: para [0-9]+)?|para [0-9]+"
)
_IDS = ("doc_id", "form_id", "location")


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.drop(columns=[c for c in _IDS if c in frame.columns]).reset_index(drop=True)
    if "message" in out.columns:
        out["message"] = out["message"].str.replace(_LOCATION.pattern, "<loc>", regex=True)
    return out


@pytest.fixture(scope="module")
def both() -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    return (
        jixiao.read_file(SAMPLES / "lukou_xunchaban_2023.txt"),
        jixiao.read_file(SAMPLES / "lukou_xunchaban_2023.docx"),
    )


@pytest.mark.parametrize("table", TWIN_TABLES)
def test_text_and_docx_give_equal_tables(both, table: str) -> None:  # type: ignore[no-untyped-def]
    text, docx = both
    assert len(text[table]) == len(docx[table])
    pd.testing.assert_frame_equal(_comparable(text[table]), _comparable(docx[table]))


def test_docx_documents_row(both) -> None:  # type: ignore[no-untyped-def]
    _, docx = both
    doc = docx["documents"].iloc[0]
    assert (doc.source_format, doc.status, doc.form_count, doc.report_count) == ("docx", "ok", 2, 2)
    assert doc.coverage_pct == 100.0


def test_docx_locations_name_word_cells(both) -> None:  # type: ignore[no-untyped-def]
    _, docx = both
    values = docx["values"]
    cell = values[(values.row_key == "total") & (values.field == "executed_yuan")]
    assert cell.location.tolist() == ["table 1 row 3 col 6", "table 2 row 4 col 6"]
