"""Never a wrong number: forms that once gave a wrong value with status ok (samples/wrong_numbers/), each
against its hand-written truth, plus the rules under them (a money line read once per form, a negation
never bridged by a near spelling, a 总分 figure placed by its slot and the parts' sums, sub-labels read with
their parent, a % figure only under 执行率, a score's parentheses never a sign)."""

from __future__ import annotations

import io
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jixiao.extract.labels import match_label, negated_label
from jixiao.normalize.numbers import parse_number, parse_score
from jixiao.schemas.labels import BREAKDOWN_LINES, FUND_LINES
from sample_paths import assert_reproducible

from bench.templates import check_sample
from jixiao.pipeline import process_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "wrong_numbers"
TRUTHS = sorted(SAMPLES.glob("*.truth.json"))


def _truth(path: Path) -> dict[str, Any]:
    truth: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return truth


def _judge(truth_path: Path) -> None:
    truth = _truth(truth_path)
    sample = SAMPLES / truth["sample"]
    allowed = {
        (f"form {n}", tuple(where_field))
        for n, f in enumerate(truth["forms"], start=1)
        for where_field in f.get("may_be_null", [])
    }
    misses = [
        (c.where, c.field, c.expected, c.got)
        for c in check_sample(sample, truth)
        if not c.exact
        and not (
            c.got is None and any(c.where == f"{form} {w}" and c.field == fld for form, (w, fld) in allowed)
        )
    ]
    assert misses == []
    result = process_bytes(sample.read_bytes(), sample.name)
    lines = Counter((f.form_id, f.line) for f in result.funds)
    assert [k for k, n in lines.items() if n > 1] == []  # one row per money line of a form
    assert set(truth.get("anomalies", [])) <= {a.rule for a in result.anomalies}


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.name.removesuffix(".truth.json"))
def test_sample_gives_its_truth_and_nothing_wrong(truth_path: Path) -> None:
    _judge(truth_path)


def test_a_wrapped_money_header_one_cell_per_line_is_not_shifted() -> None:
    """The flattened sample with one cell per line: the header's second line is no header on its own."""
    text = (SAMPLES / "wrapped_money_header_flat.txt").read_text(encoding="utf-8")
    head, body = text.split("项目资金（万元）", 1)
    cells = ("项目资金（万元）" + body).replace(" ", "\n")
    result = process_bytes((head + cells).encode("utf-8"), "form.txt")
    wrong = {Decimal("3000000.00"): "budget_full_year_yuan", Decimal("3485700.00"): "executed_yuan"}
    assert [f for f in result.funds if any(getattr(f, field) == v for v, field in wrong.items())] == []


def test_samples_are_reproducible(tmp_path: Path) -> None:
    assert_reproducible("make_wrong_number_samples", SAMPLES, tmp_path, stamped=(".xlsx",))


@pytest.mark.parametrize(
    ("text", "vocab"),
    [
        ("非财政拨款", FUND_LINES),
        ("其中：非财政拨款", FUND_LINES),
        ("非财政资金", FUND_LINES),
        ("非单位资金", FUND_LINES),
        ("非基本支出", BREAKDOWN_LINES),
        ("非项目支出", BREAKDOWN_LINES),
        ("非一般公共预算", BREAKDOWN_LINES),
    ],
)
def test_a_negated_label_never_matches_its_positive(text: str, vocab: dict[str, tuple[str, ...]]) -> None:
    assert match_label(text, vocab) is None
    positive = negated_label(text, vocab)
    assert positive is not None and match_label(positive.variant, vocab) is not None


@pytest.mark.parametrize(
    ("raw", "value"),
    [("（10分）", "10"), ("(30)", "30"), ("（100分）", "100"), ("(50分", "50"), ("30", "30"), ("—", None)],
)
def test_a_score_in_parentheses_is_not_negative(raw: str, value: str | None) -> None:
    got = parse_score(raw)
    assert got.value == (Decimal(value) if value is not None else None)
    assert "parenthesized_negative" not in got.repairs


@pytest.mark.parametrize("raw", ["-2", "−2", "-0.5分", "△2"])
def test_a_score_with_a_minus_sign_is_no_score(raw: str) -> None:
    """ "-2" in a 得分 cell is the points taken off, not the score: never a negative 得分 or 分值."""
    got = parse_score(raw)
    assert (got.value, got.status) == (None, "invalid")


def test_money_keeps_the_accounting_negative() -> None:
    """Only scores drop the parentheses: a quantity elsewhere still reads "(30)" as −30."""
    assert parse_number("(30)").value == Decimal(-30)


def test_a_second_money_line_of_a_key_never_overwrites_the_first() -> None:
    """Three 年度资金总额 rows (a hidden row, a copy, a note): the first one's figures, once, with a note."""
    rows = [
        "项目支出绩效自评表",
        "项目名称 | 乡村道路养护补助 |",
        "项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "年度资金总额 | 348.57 | 348.57 | 329.05 | 10 | 94.40% | 9.44 |",
        "年度资金总额 | 300.00 | 310.00 | 305.00 | 10 | 98.39% | 9.84 |",
        "年度资金总额 | 1.00 | 2.00 | 3.00 |  |  |  |",
    ]
    result = process_bytes("\n".join(rows).encode("utf-8"), "form.txt")
    assert [(f.line, f.budget_full_year_yuan) for f in result.funds] == [("total", Decimal("3485700.00"))]
    assert [a.rule for a in result.anomalies].count("funds.duplicate_line") == 2
    assert {"310.00", "2.00"} <= {r.text for r in result.residuals}


@pytest.mark.parametrize(
    ("total_row", "weight", "score"),
    [
        ("总分 | 100 | 97.44 |", 100, 97.44),  # the templates' order
        ("总分 |  | 97.44 |", None, 97.44),  # 分值 left blank: the parts' 得分 add up to 97.44
        ("总分 | 100 |", 100, None),  # 得分 left blank: the parts' 分值 add up to 100
        ("总分 | 97.44 |", None, 97.44),  # the slot says 分值, the sums say 得分
        ("总分 | 95 |", None, None),  # neither sum: unread, with an anomaly
    ],
)
def test_a_lone_total_figure_is_placed_by_slot_and_sums(
    total_row: str, weight: float | None, score: float | None
) -> None:
    rows = [
        "项目支出绩效自评表",
        "项目名称 | 乡村道路养护补助 |",
        "项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "年度资金总额 | 348.57 | 348.57 | 329.05 | 10 | 94.40% | 9.44 |",
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
        "产出指标 | 数量指标 | 养护里程 | ≥40公里 | 44公里 | 60 | 60 |  |",
        "满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 94% | 30 | 28 | 资金拨付滞后 |",
        total_row,
    ]
    result = process_bytes("\n".join(rows).encode("utf-8"), "form.txt")
    (form,) = result.forms
    assert (form.total_weight, form.total_score) == (weight, score)
    unplaced = any(a.rule == "total.unplaced" for a in result.anomalies)
    assert unplaced == (weight is None and score is None)


def test_two_level_money_header_in_a_word_table() -> None:
    """预算数 merged over 年初 | 全年, the other header cells merged down (real Word merges)."""
    from docx_factory import make_docx, p, tbl, tc, tr

    def row(*cells: str) -> str:
        return tr(*(tc(c) for c in cells))

    body = p("项目支出绩效自评表") + tbl(
        tr(tc("项目名称"), tc("乡村道路养护补助", span=6)),
        tr(
            tc("项目资金（万元）", vmerge="restart"),
            tc("预算数", span=2),
            *(tc(h, vmerge="restart") for h in ("全年执行数", "分值", "执行率", "得分")),
        ),
        tr(tc("", vmerge=""), tc("年初"), tc("全年"), *(tc("", vmerge="") for _ in range(4))),
        row("年度资金总额", "300.00", "348.57", "329.05", "10", "94.40%", "9.44"),
        row("其中：当年财政拨款", "270.00", "313.71", "296.21", "—", "94.42%", "—"),
        grid=7,
    )
    result = process_bytes(make_docx(body), "form.docx")
    got = [(f.line, f.budget_initial_yuan, f.budget_full_year_yuan, f.executed_yuan) for f in result.funds]
    assert got == [
        ("total", Decimal("3000000.00"), Decimal("3485700.00"), Decimal("3290500.00")),
        ("current_year_appropriation", Decimal("2700000.00"), Decimal("3137100.00"), Decimal("2962100.00")),
    ]


def test_the_header_rows_above_a_second_project_are_its_own() -> None:
    """填报单位 written above the second project's 项目名称: the second form's, not the first's."""
    text = (SAMPLES / "two_projects_one_title.txt").read_text(encoding="utf-8")
    second = "\n（2022年度）\n项目名称 | 农村"
    text = text.replace(second, second.replace("\n项目", "\n填报单位：县水利局\n项目"))
    result = process_bytes(text.encode("utf-8"), "form.txt")
    assert [(f.project, f.fill_unit) for f in result.forms] == [
        ("乡村道路养护补助", None),
        ("农村饮水安全巩固提升", "县水利局"),
    ]
    assert result.residuals == ()


def test_a_list_of_sub_projects_below_a_form_opens_no_form() -> None:
    """项目名称 heading a table of no money and no indicators (a sheet's list of sub-projects) is part
    of the form above, not a form of its own."""
    import openpyxl

    text = (SAMPLES / "note_table_last_year.txt").read_text(encoding="utf-8").split("\n说明")[0]
    rows = [[c.strip() for c in ln.split("|")][:-1] if "|" in ln else [ln] for ln in text.splitlines()]
    rows += [["附：子项目清单"], ["项目名称", "实施地点", "建设内容"], ["村道修补", "东片", "路面修补"]]
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    data = io.BytesIO()
    wb.save(data)
    result = process_bytes(data.getvalue(), "form.xlsx")
    assert [f.project for f in result.forms] == ["乡村道路养护补助"]
    assert [f.line for f in result.funds] == ["total", "current_year_appropriation"]


def test_a_spanning_header_over_one_figure_keeps_it_whatever_the_rate() -> None:
    """全年预算数 spanning two grid columns over one merged figure: the column is certain, so a rate the
    clerk got wrong is flagged by the checks but never drops the money."""
    from docx_factory import make_docx, p, tbl, tc, tr

    body = p("项目支出绩效自评表") + tbl(
        tr(tc("项目名称"), tc("乡村道路养护补助", span=6)),
        tr(
            *(tc(h) for h in ("项目资金（万元）", "年初预算数")),
            tc("全年预算数", span=2),
            tc("全年执行数"),
            tc("执行率"),
        ),
        tr(*(tc(c) for c in ("年度资金总额", "348.57")), tc("348.57", span=2), tc("329.05"), tc("98.00%")),
        grid=6,
    )
    result = process_bytes(make_docx(body), "form.docx")
    assert [(f.budget_full_year_yuan, f.executed_yuan) for f in result.funds] == [
        (Decimal("3485700.00"), Decimal("3290500.00"))
    ]
    assert "funds.header_unread" not in {a.rule for a in result.anomalies}
