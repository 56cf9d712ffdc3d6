"""Figures in the wrong slot of layout text (samples/layout_figures/), each against its hand-written truth,
plus the rule under them: a figure run into its blank neighbour cell is cut only where the form's
identities admit one reading (``normalize.glued_cells``)."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sample_paths import assert_reproducible

from bench.templates import check_sample
from jixiao.pipeline import process_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "layout_figures"
TRUTHS = sorted(SAMPLES.glob("*.truth.json"))


def _judge(truth_path: Path) -> None:
    truth: dict[str, Any] = json.loads(truth_path.read_text(encoding="utf-8"))
    sample = SAMPLES / truth["sample"]
    allowed = {
        (f"form {n} {where}", field)
        for n, f in enumerate(truth["forms"], start=1)
        for where, field in f.get("may_be_null", [])
    }
    misses = [
        (c.where, c.field, c.expected, c.got)
        for c in check_sample(sample, truth)
        if not c.exact and not (c.got is None and (c.where, c.field) in allowed)
    ]
    assert misses == []
    result = process_bytes(sample.read_bytes(), sample.name)
    assert set(truth.get("anomalies", [])) <= {a.rule for a in result.anomalies}


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.name.removesuffix(".truth.json"))
def test_sample_gives_its_truth_and_nothing_wrong(truth_path: Path) -> None:
    _judge(truth_path)


def test_samples_are_reproducible(tmp_path: Path) -> None:
    assert_reproducible("make_layout_figure_samples", SAMPLES, tmp_path)


def _layout(**cells: str) -> str:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from make_layout_figure_samples import layout
    finally:
        sys.path.pop(0)
    text: str = layout(**cells)
    return text


# (the 年度资金总额 cells of the layout (see scripts/make_layout_figure_samples.py), the total line as read
# (全年执行数 元, 分值, 执行率, 得分), the status of its 全年执行数 and 执行率, the rule that must say so)
GLUED = [
    pytest.param(
        {"EX": "329.0510", "W": " " * 14},
        ("3290500.00", 10, 94.4, 9.44),
        ("repaired", "ok"),
        None,
        id="money-into-weight",
    ),
    pytest.param(
        {"R1": "94.40%9.44", "S": "", "R2": ""},  # the rate's cell on one line
        ("3290500.00", 10, 94.4, 9.44),
        ("ok", "ok"),  # the form reader's own split (``extract.glued``): the identities confirm one cut
        None,
        id="rate-into-score",
    ),
    pytest.param(
        {"EX": "329.0510", "W": " " * 14, "TOTAL": "", "A": "296.2110   "},
        (None, None, 94.4, 9.44),
        ("ambiguous", "ok"),
        "value.glued_neighbour",
        id="score-says-cut-sums-say-whole",
    ),
    pytest.param(
        {"EX": "329.0512", "W": " " * 14, "S": "", "TOTAL": "", "A": "296.2112   "},
        ("3290512.00", None, 94.4, None),
        ("ok", "ok"),
        None,
        id="sums-keep-it-whole",
    ),
    pytest.param(
        {"EX": "329.0510", "W": " " * 14, "S": "", "TOTAL": "", "C": "32.83      "},
        (None, None, 94.4, None),
        ("ambiguous", "ok"),
        "value.glued_neighbour",
        id="rate-holds-both-ways",
    ),
    pytest.param({}, ("3290500.00", 10, 94.4, 9.44), ("ok", "ok"), None, id="no-glue-untouched"),
]


@pytest.mark.parametrize(("cells", "want", "status", "rule"), GLUED)
def test_a_figure_run_into_its_blank_neighbour(
    cells: dict[str, str],
    want: tuple[str | None, float | None, float | None, float | None],
    status: tuple[str, str],
    rule: str | None,
) -> None:
    result = process_bytes(_layout(**cells).encode("utf-8"), "form.txt")
    (line,) = [f for f in result.funds if f.line == "total"]
    executed = Decimal(want[0]) if want[0] is not None else None
    assert (line.executed_yuan, line.weight, line.execution_rate_pct, line.score) == (executed, *want[1:])
    fields = ("executed_yuan", "execution_rate_pct")
    assert tuple(v.status for v in result.values if v.row_key == "total" and v.field in fields) == status
    rules = {a.rule for a in result.anomalies}
    assert ("value.glued_neighbour" in rules) == (rule is not None)


# A space between two digits joins them only where it parts thousands groups; otherwise each reading
# (the first figure alone, all joined, the last alone) is a candidate and the form's identities may settle.
SPACED = [
    pytest.param("348.57 1", "万元", None, ("3485700.00", "3485710.00", "10000.00"), id="stray-digit-after"),
    pytest.param("329.05 10", "万元", None, ("3290500.00", "3290510.00", "100000.00"), id="next-column"),
    pytest.param("34 8.57", "万元", None, ("340000.00", "3485700.00", "85700.00"), id="stray-digit-before"),
    pytest.param("1 234 567.00", None, "1234567.00", (), id="thousands-groups"),
    pytest.param("100 000", "元", "100000.00", (), id="thousands-groups-no-decimals"),
    pytest.param("348. 57", "万元", "3485700.00", (), id="space-after-the-point"),
    pytest.param("3,21.0,\n13328", "万元", "3210133.28", (), id="line-break-wraps-one-figure"),
    pytest.param("12 3456", "元", None, ("12.00", "123456.00", "3456.00"), id="not-a-group-of-three"),
]


@pytest.mark.parametrize(("raw", "unit", "yuan", "candidates"), SPACED)
def test_a_space_inside_a_figure_joins_only_thousands_groups(
    raw: str, unit: str | None, yuan: str | None, candidates: tuple[str, ...]
) -> None:
    from jixiao.normalize.amounts import parse_amount

    got = parse_amount(raw, unit)
    assert got.yuan == (Decimal(yuan) if yuan is not None else None)
    assert got.candidates == tuple(Decimal(c) for c in candidates)
    assert got.status == ("ambiguous" if candidates else "repaired")


def test_a_score_with_a_stray_digit_is_not_read() -> None:
    from jixiao.normalize.numbers import parse_score

    got = parse_score("9.44 1")
    assert (got.value, got.status, got.candidates) == (
        None,
        "ambiguous",
        tuple(map(Decimal, ("9.44", "9.441", "1"))),
    )


def _merged(total_row: str, sub_line: str = "296.21  10    94.42%     9.44") -> str:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from make_layout_figure_samples import MERGED
    finally:
        sys.path.pop(0)
    text: str = MERGED.replace("{TOTAL}", total_row)
    return text.replace("296.21  10    94.42%     9.44", sub_line)


# (the 总分 row's figures, the 当年财政拨款 line from 全年执行数 on, (total, sub-line) 分值 and 得分 as read,
# whether funds.score_on_sub_line is raised)
BLOCK = [
    pytest.param(
        "100" + " " * 55 + "97.44", None, ((10, 9.44), (None, None)), False, id="the-parts-add-up-to-total"
    ),
    pytest.param("", None, ((None, None), (None, None)), True, id="nothing-tells-whose"),
    pytest.param(
        "100" + " " * 55 + "97.44",
        "296.21  —     94.42%     —",
        ((None, None), (None, None)),
        False,
        id="no-figure-on-the-sub-line",
    ),
]


@pytest.mark.parametrize(("total_row", "sub_line", "want", "flagged"), BLOCK)
def test_the_block_score_printed_on_a_sub_line(
    total_row: str,
    sub_line: str | None,
    want: tuple[tuple[float | None, float | None], tuple[float | None, float | None]],
    flagged: bool,
) -> None:
    text = _merged(total_row, *([sub_line] if sub_line else []))
    result = process_bytes(text.encode("utf-8"), "form.txt")
    lines = {f.line: (f.weight, f.score) for f in result.funds}
    assert (lines["total"], lines["current_year_appropriation"]) == want
    assert ("funds.score_on_sub_line" in {a.rule for a in result.anomalies}) == flagged


# (the 群众满意度 row's 分值 | 得分 | 偏差原因 as printed, (分值, 得分) read): a 分值 run into its blank 得分.
INDICATOR_GLUED = [
    pytest.param("30      28      资金拨付滞后", (30, 28), id="apart"),
    pytest.param("3028            资金拨付滞后", (30, 28), id="weight-into-score"),
    pytest.param("3028", (30, 28), id="weight-into-score-no-reason"),
    pytest.param("30.528          资金拨付滞后", (30.5, 28), id="one-cut-the-score-sum-confirms"),
]


@pytest.mark.parametrize(("printed", "want"), INDICATOR_GLUED)
def test_an_indicator_weight_run_into_its_blank_score(printed: str, want: tuple[float, float]) -> None:
    total = "100" + " " * 43 + "97.44"
    text = _layout(TOTAL=total).replace("30      28      资金拨付滞后", printed)
    result = process_bytes(text.encode("utf-8"), "form.txt")
    got = [(i.weight, i.score) for i in result.indicators if i.level3 == "群众满意度"]
    assert got == [want]
