"""Runtime dependencies are exactly what the package imports (each with a why-comment in pyproject)."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIRS = ("extract", "normalize", "emit", "schemas", "jixiao")
IMPORT_NAME = {"python-docx": "docx", "pyarrow": "pyarrow"}  # distribution → import name, where they differ


def _imported_top_names() -> set[str]:
    names: set[str] = set()
    for folder in PACKAGE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(a.name.split(".")[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names.add(node.module.split(".")[0])
    return names


def _declared() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    out = {}
    for spec in project["dependencies"]:
        dist = re.split(r"[<>=!~\[ ;]", spec, maxsplit=1)[0]
        out[dist] = IMPORT_NAME.get(dist, dist.replace("-", "_"))
    return out


def test_every_runtime_dependency_is_imported_by_the_package() -> None:
    imported = _imported_top_names()
    unused = sorted(dist for dist, name in _declared().items() if name not in imported)
    assert unused == [], f"declared but never imported by the package: {unused}"


def test_every_runtime_dependency_says_why() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    lines = [line for line in block.splitlines() if line.strip().startswith('"')]
    assert lines and all("#" in line for line in lines)
