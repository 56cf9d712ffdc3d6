"""Label vocabulary: every wording seen in the templates → its canonical key; look-alikes stay unmatched."""

from __future__ import annotations

import pytest
from jixiao.extract.form_header import read_header
from jixiao.extract.labels import FUZZY_THRESHOLD, clean_label, match_label, strip_annotations
from jixiao.extract.layout import Cell, Location, Row
from jixiao.schemas.labels import FUND_COLUMNS, FUND_LINES, HEADER_FIELDS, INDICATOR_COLUMNS

VOCABS = {
    "fund_columns": FUND_COLUMNS,
    "fund_lines": FUND_LINES,
    "indicator_columns": INDICATOR_COLUMNS,
    "header_fields": HEADER_FIELDS,
}

CASES = [
    # money columns
    pytest.param("fund_columns", "年初预算", "budget_initial", id="budget-initial-short"),
    pytest.param("fund_columns", "年初\n预算数", "budget_initial", id="budget-initial-broken"),
    pytest.param("fund_columns", "年初预算数\n①", "budget_initial", id="budget-initial-circled"),
    pytest.param("fund_columns", "全年预算数", "budget_full_year", id="full-year"),
    pytest.param("fund_columns", "调整后\n预算数", "budget_full_year", id="adjusted"),
    pytest.param("fund_columns", "预算数（A）", "budget_full_year", id="budget-a"),
    pytest.param("fund_columns", "全年预算数\n③=①+②", "budget_full_year", id="full-year-formula"),
    pytest.param("fund_columns", "全年执行数", "executed", id="executed"),
    pytest.param("fund_columns", "预算执行数", "executed", id="budget-executed"),
    pytest.param("fund_columns", "实际\n支出", "executed", id="actual-spending"),
    pytest.param("fund_columns", "执行数（B）", "executed", id="executed-b"),
    pytest.param("fund_columns", "全年执行数④=①+②+③", "executed", id="executed-formula"),
    pytest.param("fund_columns", "分值", "weight", id="weight"),
    pytest.param("fund_columns", "权重", "weight", id="weight-quan"),
    pytest.param("fund_columns", "执行率", "execution_rate", id="rate"),
    pytest.param("fund_columns", "预算\n执行率", "execution_rate", id="budget-rate"),
    pytest.param("fund_columns", "执行率（B/A）", "execution_rate", id="rate-b-over-a"),
    pytest.param("fund_columns", "执行率⑥=⑤/④", "execution_rate", id="rate-circled-formula"),
    pytest.param("fund_columns", "得　分", "score", id="score-spaced"),
    pytest.param("fund_columns", "分　值（10分）", "weight", id="weight-with-points"),
    # other provinces' wordings (scripts/realistic_forms_framework.py, realistic_forms_north.py)
    pytest.param("fund_columns", "预算安排数", "budget_full_year", id="arranged-budget"),
    pytest.param("fund_columns", "实际支出数", "executed", id="actual-spending-count"),
    pytest.param("fund_columns", "年初批复预算", "budget_initial", id="approved-initial"),
    pytest.param("fund_columns", "全年预算数（调整后）", "budget_full_year", id="full-year-adjusted"),
    pytest.param("fund_columns", "全年执行数（决算数）", "executed", id="executed-final-accounts"),
    pytest.param("fund_columns", "实际支出金额", "executed", id="actual-spending-amount"),
    pytest.param("fund_columns", "资金执行率", "execution_rate", id="funds-rate"),
    pytest.param("fund_columns", "执行率%", "execution_rate", id="rate-percent-sign"),
    pytest.param("fund_columns", "资金到位数", None, id="funds-arrived-is-no-column"),
    # money lines
    pytest.param("fund_lines", "年度资金总额", "total", id="total"),
    pytest.param("fund_lines", "年 度 资 金 总 额", "total", id="total-spaced"),
    pytest.param("fund_lines", "总额", "total", id="total-short"),
    pytest.param("fund_lines", "资金总额", "total", id="total-funds"),
    pytest.param("fund_lines", "当年财政拨款", "current_year_appropriation", id="appropriation"),
    pytest.param("fund_lines", "本年财政拨款", "current_year_appropriation", id="appropriation-benian"),
    pytest.param("fund_lines", "其中：财政拨款", "current_year_appropriation", id="appropriation-qizhong"),
    pytest.param(
        "fund_lines", "其中：当 年 财 政 拨 款", "current_year_appropriation", id="appropriation-spaced"
    ),
    pytest.param("fund_lines", "上年结转", "prior_year_carryover", id="carryover"),
    pytest.param("fund_lines", "其中：财政拨款资金", "current_year_appropriation", id="appropriation-funds"),
    pytest.param("fund_lines", "其中：中央资金", "central_subsidy", id="central-funds"),
    pytest.param("fund_lines", "一、年度资金总额", "total", id="numbered-total"),
    pytest.param("fund_lines", "（1）当年财政拨款", "current_year_appropriation", id="numbered-bracket"),
    pytest.param("fund_lines", "其中：1.财政拨款", "current_year_appropriation", id="numbered-after-qizhong"),
    pytest.param("fund_lines", "①本年财政拨款", "current_year_appropriation", id="numbered-circled"),
    pytest.param("fund_lines", "2、其他资金", "other_funds", id="numbered-comma"),
    pytest.param("fund_lines", "1.巡察经费", None, id="numbered-name-is-no-line"),
    # indicator columns
    pytest.param("indicator_columns", "一 级 指 标", "level1", id="level1-spaced"),
    pytest.param("indicator_columns", "年度\n指标值", "target", id="target"),
    pytest.param("indicator_columns", "指标值", "target", id="target-short"),
    pytest.param("indicator_columns", "实际\n完成值", "actual", id="actual"),
    pytest.param("indicator_columns", "完成值", "actual", id="actual-done"),
    pytest.param("indicator_columns", "实际值", "actual", id="actual-short"),
    pytest.param("indicator_columns", "权重", "weight", id="ind-weight"),
    pytest.param("indicator_columns", "自评得分", "score", id="self-score"),
    pytest.param("indicator_columns", "原因", "deviation", id="reason"),
    pytest.param(
        "indicator_columns", "偏 差 原 因 分 析\n及 改 进 措 施", "deviation", id="deviation-spaced"
    ),
    pytest.param("indicator_columns", "指标性质", "nature", id="nature"),
    pytest.param("indicator_columns", "度量单位", "unit", id="unit"),
    pytest.param("indicator_columns", "指标解释", "explanation", id="explanation"),
    pytest.param("indicator_columns", "评分标准", "criteria", id="criteria"),
    pytest.param("indicator_columns", "核心指标\n是/否", "core", id="core-yes-no"),
    # header fields
    pytest.param("header_fields", "预 算 部 门 名 称", "department", id="department-spaced"),
    pytest.param("header_fields", "部门（单位）名称", "department", id="department-unit"),
    pytest.param("header_fields", "项目名称", "project", id="project"),
    # look-alikes that must stay unmatched
    pytest.param("fund_columns", "预算调整数\n②", None, id="adjustment-is-not-full-year"),
    pytest.param("fund_columns", "巡察专项经费", None, id="a-name-is-not-a-column"),
    pytest.param("fund_lines", "项目资金\n（万元）", None, id="corner-is-not-a-line"),
    pytest.param("indicator_columns", "备注", None, id="remark"),
    pytest.param("indicator_columns", "指标1：巡护里程", None, id="indicator-name"),
]


@pytest.mark.parametrize(("vocab", "text", "key"), CASES)
def test_match_label(vocab: str, text: str, key: str | None) -> None:
    got = match_label(text, VOCABS[vocab])
    assert (got.key if got else None) == key


def test_match_records_the_variant_and_score() -> None:
    m = match_label("全年执行数④=①+②+③", FUND_COLUMNS)
    assert m is not None and (m.variant, m.score) == ("全年执行数", 100.0)
    fuzzy = match_label("调整预算数", FUND_COLUMNS)
    assert fuzzy is not None and fuzzy.variant == "调整后预算数" and 88 <= fuzzy.score < 100


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("全年执行数④=①+②+③", "全年执行数", id="circled-formula"),
        pytest.param("执行率⑥=⑤/④", "执行率", id="circled-ratio"),
        pytest.param("得分\n（C）", "得分", id="letter-ref"),
        pytest.param("执行率（B/A）", "执行率(B/A)", id="ratio-kept-as-a-variant"),
        pytest.param("年度预\n算申请\n（万元）", "年度预算申请", id="unit"),
        pytest.param("产出指标（50分）", "产出指标", id="points"),
        pytest.param("2023年", "2023年", id="a-year-is-not-a-reference"),
    ],
)
def test_strip_annotations(raw: str, expected: str) -> None:
    assert strip_annotations(clean_label(raw)) == expected


def _vocabularies() -> list[tuple[str, dict[str, tuple[str, ...]]]]:
    import jixiao.schemas.labels as labels

    return [
        (name, v)
        for name, v in vars(labels).items()
        if isinstance(v, dict) and v and all(isinstance(x, tuple) for x in v.values())
    ]


@pytest.mark.parametrize(("name", "vocab"), _vocabularies(), ids=[n for n, _ in _vocabularies()])
def test_no_ascii_text_can_match_a_vocabulary(name: str, vocab: dict[str, tuple[str, ...]]) -> None:
    """The form reader asks no vocabulary about ASCII cells (figures): ``extract.form_hits.row_hits``.

    An ASCII text can share only a wording's ASCII characters, so its best fuzzy score against the
    wording is 2a / (a + n) (a ASCII characters of n); it must stay below the fuzzy threshold.
    """
    for variants in vocab.values():
        for variant in variants:
            wording = strip_annotations(clean_label(variant))
            ascii_chars = sum(ch.isascii() for ch in wording)
            assert 200 * ascii_chars / (ascii_chars + len(wording)) < FUZZY_THRESHOLD, variant
    assert match_label("98.50%", FUND_COLUMNS) is None


def test_best_match_wins_a_key_whatever_the_order() -> None:
    loc = Location(line=1)
    row = Row(
        tuple(Cell(t, loc, grid_col=i) for i, t in enumerate(["", "调整预算数", "全年预算数", "全年执行数"])),
        loc,
    )
    header, labels = read_header(row, FUND_COLUMNS, exact_grid=False)
    assert header.keys == {2: "budget_full_year", 3: "executed"}
    assert [c.text for c in labels] == ["全年预算数", "全年执行数"]
