"""Golden end-to-end outputs of the real sample, as a reviewer reads them (CSV), reviewed by eye.

When a change is meant to alter them: ``python scripts/update_golden.py``, read the diff, commit.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sample_paths import LUKOU_TXT, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from update_golden import GOLDEN, extract_csvs


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden")
    extract_csvs(LUKOU_TXT, out)
    return out


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("*.csv")))
def test_sample_output_matches_golden(produced: Path, name: str) -> None:
    expected = (GOLDEN / name).read_bytes()
    got = (produced / name).read_bytes()
    assert got == expected, f"{name} changed: run scripts/update_golden.py and review the diff"


def test_golden_covers_every_table() -> None:
    from jixiao.schemas import TABLES

    assert sorted(p.stem for p in GOLDEN.glob("*.csv")) == sorted(TABLES)
