"""Where the committed samples are (a plain module: ``conftest`` names clash across test folders)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
LUKOU_TXT = SAMPLES / "lukou_xunchaban_2023.txt"
LUKOU_DOCX = SAMPLES / "lukou_xunchaban_2023.docx"

# the contract tables a twin of the same submission (Word, PDF, .doc, …) must give again (ids aside)
TWIN_TABLES = (
    "forms",
    "funds",
    "fund_breakdown",
    "indicators",
    "report_sections",
    "values",
    "anomalies",
    "facts",
    "residuals",
)
