"""Shared fixtures: the real sample. Test modules import paths from ``sample_paths``, not from here."""

from __future__ import annotations

import pytest
from sample_paths import LUKOU_TXT, ROOT, SAMPLES

__all__ = ["LUKOU_TXT", "ROOT", "SAMPLES"]


@pytest.fixture(scope="session")
def lukou_bytes() -> bytes:
    return LUKOU_TXT.read_bytes()
