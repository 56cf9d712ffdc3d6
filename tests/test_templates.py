"""Template quirks: every sample in samples/templates/ against its hand-written truth, plus the pieces
(split targets, name prefixes, two-row headers) and the bench itself."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from jixiao.extract.form_indicators import join_target, strip_name_prefix
from jixiao.extract.layout import Cell, Location
from jixiao.extract.segment import segment_layout
from jixiao.extract.text_source import read_text_layout
from sample_paths import assert_reproducible

from bench.templates import Check, evaluate, format_report
from bench.templates import check_sample as bench_check

ROOT = Path(__file__).resolve().parent.parent  # not from conftest: tests/hostile/ has its own
TEMPLATES = ROOT / "samples" / "templates"
TRUTHS = sorted(TEMPLATES.glob("*.truth.json"))


def _truth(path: Path) -> dict[str, Any]:
    truth: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return truth


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.name.removesuffix(".truth.json") for p in TRUTHS])
def test_sample_matches_truth(truth_path: Path) -> None:
    truth = _truth(truth_path)
    misses = [c for c in bench_check(TEMPLATES / truth["sample"], truth) if not c.exact]
    assert [(c.where, c.field, c.expected, c.got) for c in misses] == []


def test_accuracy_goal_and_nothing_invented() -> None:
    report = evaluate(TEMPLATES)
    assert report.fields > 1500
    assert report.exact_pct >= 97.0
    assert report.invented == 0
    assert {
        "labels",
        "columns",
        "indicator_cells",
        "totals",
        "multi_form",
        "headings",
        "rubric",
        "look_alikes",
        "formats",
    } <= set(report.families)


def test_every_quirk_family_has_a_txt_and_the_readers_have_their_twins() -> None:
    names = {_truth(p)["sample"] for p in TRUTHS}
    assert {
        "label_variants_a_xlsx.xlsx",
        "extra_columns_html.html",
        "split_target_two_rows_html.html",
    } <= names
    assert len([n for n in names if n.endswith(".txt")]) >= 20


def test_samples_are_reproducible(tmp_path: Path) -> None:
    assert_reproducible("make_template_samples", TEMPLATES, tmp_path)


def test_bench_catches_a_wrong_and_an_invented_value(tmp_path: Path) -> None:
    truth = _truth(TEMPLATES / "total_row_variants.truth.json")
    shutil.copy(TEMPLATES / truth["sample"], tmp_path / truth["sample"])
    form = truth["forms"][0]
    form["total_weight"] = 99  # wrong
    form["project"] = None  # the source has one: jixiao's value now counts as invented
    del form["indicators"][-1]  # an indicator the truth lacks: its values are invented
    (tmp_path / "x.truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    report = evaluate(tmp_path)
    wrong = {(c.where, c.field) for c in report.misses()}
    assert ("form 1", "total_weight") in wrong
    assert ("form 1", "project") in wrong
    assert report.invented == 1 + 10  # project + the extra indicator's ten non-null fields (score is empty)
    assert "INVENTED" in format_report(report)


def test_check_equality_rules() -> None:
    from decimal import Decimal

    assert Check("s", "f", "w", "x", "1200000.00", Decimal("1200000")).exact
    assert Check("s", "f", "w", "x", 96, 96.0).exact
    assert not Check("s", "f", "w", "x", 0, None).exact
    assert Check("s", "f", "w", "x", None, 0.0).invented


LOC = Location(line=1)


@pytest.mark.parametrize(
    ("nature", "value", "unit", "expected"),
    [
        pytest.param("≥", "95", "%", "≥95%", id="ge-percent"),
        pytest.param("＝", "100", "%", "＝100%", id="fullwidth-eq"),
        pytest.param("≤", "15", "天", "≤15天", id="le-days"),
        pytest.param("不低于", "3000", "人次", "不低于3000人次", id="words"),
        pytest.param("定量", "20", "条", "20条", id="kind-is-not-an-operator"),
        pytest.param("定性", "有效减轻", "", "有效减轻", id="qualitative"),
        pytest.param("≥", "/", "%", "/", id="placeholder-stays-a-placeholder"),
        pytest.param("≥", "95%", "%", "≥95%", id="unit-already-written"),
        pytest.param("≥", "95", "—", "≥95", id="unit-placeholder"),
        pytest.param("", "95", "%", "95%", id="no-operator"),
    ],
)
def test_join_target(nature: str, value: str, unit: str, expected: str) -> None:
    got = join_target(Cell(value, LOC), Cell(nature, LOC), Cell(unit, LOC))
    assert (got.text, got.location) == (expected, LOC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("指标1：巡护里程", "巡护里程", id="fullwidth-colon"),
        pytest.param("指标2:防火宣传场次", "防火宣传场次", id="ascii-colon"),
        pytest.param("指标十、群众满意度", "群众满意度", id="chinese-numeral"),
        pytest.param("指标解释清晰度", "指标解释清晰度", id="no-number-no-prefix"),
        pytest.param("指标1：", "指标1：", id="nothing-after-the-prefix"),
    ],
)
def test_strip_name_prefix(text: str, expected: str) -> None:
    assert strip_name_prefix(Cell(text, LOC)).text == expected


def test_target_table_is_its_own_form_type_without_results() -> None:
    doc = segment_layout(read_text_layout((TEMPLATES / "target_table.txt").read_bytes()))
    (form,) = doc.forms
    assert form.form_type == "target"
    assert all(i.actual is None and i.score is None for i in form.indicators)
    assert (form.total_weight, form.total_score) == (None, None)


def test_table_of_contents_yields_no_form() -> None:
    doc = segment_layout(read_text_layout((TEMPLATES / "table_of_contents.txt").read_bytes()))
    assert [(f.form_type, f.attachment) for f in doc.forms] == [("department", "附件1")]
    assert [t.text[:3] for _, t in doc.residuals] == ["目\u3000\u3000", "附件1", "附件2", "附件3"]


def test_held_out_samples_are_exact_and_invent_nothing() -> None:
    from bench.templates import HOLDOUT, evaluate

    report = evaluate(HOLDOUT)
    assert report.fields > 100
    assert (report.exact_pct, report.invented) == (100.0, 0), report.misses()
