"""Shared fixtures: the real sample and small helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
LUKOU_TXT = SAMPLES / "lukou_xunchaban_2023.txt"


@pytest.fixture(scope="session")
def lukou_bytes() -> bytes:
    return LUKOU_TXT.read_bytes()
