"""Every rule the pipeline reports is in the catalogue, with a Chinese name and a known severity."""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.schemas.rules import RULES, SEVERITY_ZH
from sample_paths import ROOT

RULE_ID = re.compile(r'"((?:value|unit|score|weight|indicator|funds|cross|document|target|report)\.[a-z_]+)"')


def test_every_rule_named_in_the_code_is_catalogued() -> None:
    used: set[str] = set()
    for folder in ("extract", "normalize"):
        for path in Path(ROOT / folder).glob("*.py"):
            used |= set(RULE_ID.findall(path.read_text("utf-8")))
    used -= {"expenditure.basic_expenditure"}  # a breakdown line's label, not a rule
    assert used and used <= set(RULES), sorted(used - set(RULES))


def test_catalogue_entries_are_complete() -> None:
    for rule in RULES.values():
        assert rule.severity in SEVERITY_ZH and rule.name_zh and rule.description.endswith(".")
