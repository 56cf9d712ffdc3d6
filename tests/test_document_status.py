"""A document's status comes with its one-line reason: ``partial`` says why (nothing found, or the first of
the reader's notes, which are also ``document.note`` anomalies); ``ok`` has none."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import jixiao

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.mark.parametrize(
    ("sample", "status", "reason"),
    [
        ("lukou_xunchaban_2023.txt", "ok", None),
        ("realistic/decoy_toc.txt", "partial", "no form or report found"),
        ("wrong_numbers/hidden_row_inline_html.html", "partial", "characters of hidden elements"),
        ("wrong_numbers/placeholder_content_control_docx.docx", "partial", "placeholder"),
    ],
)
def test_status_and_its_one_line_reason(sample: str, status: str, reason: str | None) -> None:
    doc = jixiao.read_file(SAMPLES / sample)["documents"].iloc[0]
    assert doc.status == status
    if reason is None:
        assert pd.isna(doc.error)
    else:
        assert reason in doc.error and "\n" not in doc.error
