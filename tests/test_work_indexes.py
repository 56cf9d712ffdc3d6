"""What a form's work keeps at hand so that its readers need not walk every cell or build a thing twice:
each must give exactly what the full walk gives, on every sample form (the shapes, units and evidence
samples)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jixiao.normalize.reconcile as reconcile_module
import pytest
from jixiao.extract.segment import segment_layout
from jixiao.extract.text_source import read_text_layout
from jixiao.normalize.document import form_id_for
from jixiao.normalize.evidence import Identity, form_identities, satisfying
from jixiao.normalize.facts import extract_facts
from jixiao.normalize.forms import FormWork, build_form
from jixiao.normalize.records import AnomalyRow, FactRow
from jixiao.normalize.units import decide_units

from jixiao.pipeline import process_bytes

_SAMPLES = Path(__file__).resolve().parent.parent / "samples"
_FILES = sorted(p for d in ("shapes", "units", "evidence") for p in (_SAMPLES / d).glob("*.txt"))
_EVERY_TEXT = sorted([*_SAMPLES.glob("*.txt"), *_SAMPLES.glob("*/*.txt")])


def _works(path: Path) -> list[FormWork]:
    return _read(path)[0]


def _read(path: Path) -> tuple[list[FormWork], list[FactRow]]:
    raw = segment_layout(read_text_layout(path.read_bytes()))
    works = [build_form(f, form_id=form_id_for("d" * 16, n), doc_id="d") for n, f in enumerate(raw.forms, 1)]
    facts: list[FactRow] = []
    for report in raw.reports:
        facts += extract_facts(report, doc_id="d", first_seq=len(facts) + 1)
    return works, facts


def test_there_are_sample_forms_with_money_and_breakdowns() -> None:
    works = [w for p in _FILES for w in _works(p)]
    assert sum(len(w.money) for w in works) > 1000
    assert any(c.table == "fund_breakdown" for w in works for c in w.money)
    assert sum(len(w.scored) for w in works) > 1000


@pytest.mark.parametrize("path", _FILES, ids=lambda p: p.stem)
def test_money_index_is_the_money_cells_in_order(path: Path) -> None:
    for work in _works(path):
        walked = [c for c in work.cells if c.kind == "money"]
        assert len(work.money) == len(walked)
        assert all(a is b for a, b in zip(work.money, walked, strict=True))


@pytest.mark.parametrize("path", _FILES, ids=lambda p: p.stem)
def test_scored_index_is_the_indicator_and_money_total_cells_in_order(path: Path) -> None:
    for work in _works(path):
        walked = [
            c for c in work.cells if c.table == "indicators" or (c.table == "funds" and c.row_key == "total")
        ]
        assert len(work.scored) == len(walked)
        assert all(a is b for a, b in zip(work.scored, walked, strict=True))


@pytest.mark.parametrize("path", _FILES, ids=lambda p: p.stem)
def test_identities_kept_by_the_unit_decisions_are_built_afresh_alike(path: Path) -> None:
    works, facts = _read(path)
    _, built = decide_units(works, facts)
    for work in works:
        money = set(map(id, work.money))  # (identity_slips asks only money cells whether they may slip)
        assert all(id(c) in money for i in form_identities(work) for c in i.cells)
        if id(work) not in built:
            continue  # a cell was left unread: reconciliation builds them again
        kept, fresh = built[id(work)], form_identities(work)
        assert [(i.name, i.row, i.rule, i.parts) for i in kept] == [
            (i.name, i.row, i.rule, i.parts) for i in fresh
        ]
        assert all(
            a is b for i, j in zip(kept, fresh, strict=True) for a, b in zip(i.cells, j.cells, strict=True)
        )
        assert [satisfying(i) for i in kept] == [satisfying(i) for i in fresh]


def test_some_forms_keep_their_identities_and_some_do_not() -> None:
    kept = left = 0
    for path in _FILES:
        works, facts = _read(path)
        _, built = decide_units(works, facts)
        kept += sum(id(w) in built for w in works)
        left += sum(id(w) not in built for w in works)
    assert kept > 100 and left > 0


def test_identities_handed_to_the_checks_are_built_afresh_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    handed = built_again = 0
    check = reconcile_module.check_form

    def checking(work: FormWork, identities: Sequence[Identity] | None = None) -> list[AnomalyRow]:
        nonlocal handed, built_again
        if identities is None:
            built_again += 1
        else:
            handed += 1
            fresh = form_identities(work)
            assert [(i.name, i.rule, tuple(map(id, i.cells))) for i in identities] == [
                (i.name, i.rule, tuple(map(id, i.cells))) for i in fresh
            ]
        return check(work, identities)

    monkeypatch.setattr(reconcile_module, "check_form", checking)
    for path in _EVERY_TEXT:
        process_bytes(path.read_bytes(), path.name)
    assert handed > 100 and built_again > 0
