"""The hostile suite: builders live in ``hostile_files`` (imported as a plain module, no package)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from hostile_files import SECRET, Context  # noqa: E402


@pytest.fixture(scope="session")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A local file whose content must never appear in any output (the XXE cases point at it)."""
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def ctx(secret_file: Path) -> Context:
    return Context(secret_path=secret_file)
