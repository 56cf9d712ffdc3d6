"""Runtime dependencies are exactly what the package imports (each with a why-comment in pyproject)."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIRS = ("extract", "normalize", "emit", "schemas", "jixiao")
IMPORT_NAME = {"python-docx": "docx", "pyarrow": "pyarrow"}  # distribution → import name, where they differ
# declared for a dependency that imports it without declaring it: (its import name, the dependency)
FOR_A_DEPENDENCY = {"pyahocorasick": ("ahocorasick", "cpca-new")}


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
    declared = _declared()
    for dist, (_, user) in FOR_A_DEPENDENCY.items():
        assert dist not in declared or user in declared, f"{dist} is declared for {user}, which is not"
    unused = sorted(d for d, name in declared.items() if name not in imported and d not in FOR_A_DEPENDENCY)
    assert unused == [], f"declared but never imported by the package: {unused}"


def test_every_runtime_dependency_says_why() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    deps = [(line, lines[i - 1] if i else "") for i, line in enumerate(lines) if line.startswith('"')]
    assert deps
    for line, before in deps:  # a comment on the line, or a comment block just above it
        assert "#" in line or before.startswith("#"), line


def test_what_a_dependency_forgot_to_declare_is_importable() -> None:
    import importlib

    for _, (name, _) in FOR_A_DEPENDENCY.items():
        importlib.import_module(name)
