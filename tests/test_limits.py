"""Every bound on hostile input is named once, in ``extract/limits.py``, and the readers use it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from jixiao.extract import limits

ROOT = Path(__file__).resolve().parent.parent
READERS = [
    *(ROOT / "extract" / f"{name}.py" for name in ("decode", "ooxml", "docx_source", "xlsx_source")),
    *(ROOT / "extract" / f"{name}.py" for name in ("html_source", "text_source")),
    ROOT / "jixiao" / "inputs.py",
]
# not bounds on the input: a cache size (archives kept open), a read size (bytes scanned at a time)
_NOT_A_BOUND = {"_MAX_OPEN", "_SCAN_PIECE", "_EXCEL_DIGITS"}  # a window, a piece, a precision


def _numeric(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int | float) and not isinstance(node.value, bool)
    if isinstance(node, ast.BinOp):
        return _numeric(node.left) and _numeric(node.right)
    return isinstance(node, ast.UnaryOp) and _numeric(node.operand)


@pytest.mark.parametrize("path", READERS, ids=lambda p: p.stem)
def test_no_reader_defines_a_bound_of_its_own(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = [
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign) and _numeric(node.value)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id not in _NOT_A_BOUND
    ]
    assert own == [], f"{path.name} defines {own}: name them in extract/limits.py"


def test_every_limit_says_why() -> None:
    source = (ROOT / "extract" / "limits.py").read_text(encoding="utf-8")
    for line in source.splitlines():
        if re.match(r"^[A-Z_]+ = ", line) and not line.startswith("MiB"):
            assert "  # " in line, line


def test_zip_gates_share_one_ratio_rule() -> None:
    mib = limits.MiB
    assert limits.exceeds_ratio(limits.ZIP_MAX_RATIO * mib + 1, mib)
    assert not limits.exceeds_ratio(limits.ZIP_MAX_RATIO * mib, mib)
    assert not limits.exceeds_ratio(limits.ZIP_RATIO_FLOOR_BYTES, 1)  # small members compress as they like
