"""The docstrings' examples run as written, imported the way users import them (``jixiao.…``)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import jixiao


def _modules() -> list[str]:
    names = ["jixiao"]
    for info in pkgutil.walk_packages(jixiao.__path__, "jixiao."):
        names.append(info.name)
    for stage in ("extract", "normalize", "emit", "schemas"):
        pkg = importlib.import_module(f"jixiao.{stage}")
        names += [i.name for i in pkgutil.walk_packages(pkg.__path__, f"jixiao.{stage}.")]
    return sorted(set(names) - {"jixiao.__main__"})  # __main__ runs the CLI on import


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
