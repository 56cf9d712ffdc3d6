"""Write samples/evidence/: one tiny TAB-export form per evidence quirk, each with its hand-written truth.

A quirk here is a cell whose value may only be settled by the form's identities (``normalize.evidence``),
and a sample holds a trap where a weaker reading would claim a value. The truth (``NAME.truth.json``) is
written below by hand, before jixiao ran on the sample: the ``values`` rows that matter (value as the
``values`` table writes it, null when the document cannot say; status) and the anomaly rules that must
(``rules``) or must not (``not_rules``) be raised. ``tests/test_evidence.py`` compares.

Run: ``.venv/bin/python scripts/make_evidence_samples.py`` (deterministic: same bytes every run).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "samples" / "evidence"


def _row(*cells: str) -> str:
    """One table row of the Word text export: each cell after a TAB, a blank line after the row."""
    return "".join(f"\t{c}\n" for c in cells) + "\n"


_MONEY_HEADER = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
_INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")


def _indicators(total: str) -> str:
    text = _row("绩效指标", *_INDICATOR_HEADER)
    text += _row("", "产出指标\n(50分)", "数量指标", "某指标", "100%", "100%", "50", "50")
    text += _row("", "满意度指标\n(40分)", "满意度", "某指标", "100%", "100%", "40", "40")
    return text + _row("总分", "100", total)


def _project(
    attachment: str,
    name: str,
    money: Sequence[str],
    total: str,
    unit: str = "（万元）",
    current_year: Sequence[str] = (),
) -> str:
    """A project form in 万元 (``unit`` its header's unit); ``money`` is 年初预算数 … 得分 of 年度资金总额,
    ``current_year`` the same of a 其中：当年财政拨款 line (none when empty)."""
    text = f"{attachment}\n项目支出绩效自评表\n填报单位：测试单位  （2023年度）\n"
    text += _row("项目支出名称", name)
    text += _row(f"项目资金\n{unit}", "", *_MONEY_HEADER)
    text += _row("", "年度资金总额", *money)
    if current_year:
        text += _row("", "其中：当年财政拨款", *current_year)
    return text + _indicators(total)


def _department(money: Sequence[str], basic: str, project: str, total: str, unit: str = "（万元）") -> str:
    """A department form in 万元 (``unit`` its header's unit) with its breakdowns (all 一般公共预算; 基本支出
    and 项目支出)."""
    text = "附件1\n部门整体支出绩效自评表\n填报单位：测试厅  （2023年度）\n"
    text += _row("预算部门名称", "测试厅")
    text += _row(f"年度预算\n申请\n{unit}", "", *_MONEY_HEADER)
    text += _row("", "年度资金总额", *money)
    text += _row("", "按收入性质分：", "按支出性质分：")
    text += _row("", f"其中：一般公共预算：{money[1]}", f"其中：基本支出：{basic}")
    text += _row("", "政府性基金拨款：", f"项目支出：{project}")
    return text + _indicators(total)


def _value(row_key: str, field: str, value: str | None, status: str, table: str = "funds") -> dict[str, Any]:
    """A ``values`` row of the document's first form."""
    return {"form": 1, "table": table, "row_key": row_key, "field": field, "value": value, "status": status}


def rate_from_approximate_budget() -> tuple[str, dict[str, Any]]:
    """执行率 written ``0.9999`` (99.99% or 0.9999%) beside a 全年预算数 of ``约80``: 执行数 ÷ 预算数 cannot
    be worked out from an approximate figure, so the rate stays unread."""
    text = _project("附件1", "测试项目", ("80", "约80", "79.992", "10", "0.9999", "10"), "100")
    truth = {
        "values": [
            _value("total", "budget_full_year_yuan", "800000.00", "approximate"),
            _value("total", "executed_yuan", "799920.00", "ok"),
            _value("total", "execution_rate_pct", "99.99 | 1.00", "ambiguous"),
        ],
        "rules": ["value.ambiguous"],
        "not_rules": ["value.ambiguous_resolved"],
    }
    return text, truth


def rate_from_sub_cent_executed() -> tuple[str, dict[str, Any]]:
    """The same rate beside a 全年执行数 of ``79.9920004`` 万元 (799920.004 元, not whole cents): the
    executed figure is known only to the cent below, so it is no evidence for the rate."""
    text = _project("附件1", "测试项目", ("80", "80", "79.9920004", "10", "0.9999", "10"), "100")
    truth = {
        "values": [
            _value("total", "budget_full_year_yuan", "800000.00", "ok"),
            _value("total", "executed_yuan", "799920.00", "approximate"),
            _value("total", "execution_rate_pct", "99.99 | 1.00", "ambiguous"),
        ],
        "rules": ["value.ambiguous"],
        "not_rules": ["value.ambiguous_resolved"],
    }
    return text, truth


def project_sum_with_a_blank_project() -> tuple[str, dict[str, Any]]:
    """A provincial department's form in 万元 (150亿元: large enough that the scale alone suspects 元) whose
    项目支出 ``1000000`` read in 元 equals 项目A's 100万元 — but 项目B's 全年预算数 is blank, so the project
    forms' sum is not known and says nothing about the department's unit. The header stands."""
    text = _department(
        ("1500000", "1500000", "1480000", "10", "98.67%", "9.87"),
        basic="500000",
        project="1000000",
        total="99.87",
    )
    text += _project("附件2", "项目A", ("100", "100", "98", "10", "98%", "9.8"), "99.8")
    text += _project("附件3", "项目B", ("50", "", "49", "10", "98%", "9.8"), "99.8")
    truth = {
        "values": [
            _value("total", "budget_full_year_yuan", "15000000000.00", "ok"),
            _value("total", "executed_yuan", "14800000000.00", "ok"),
            _value(
                "expenditure.project_expenditure",
                "amount_yuan",
                "10000000000.00",
                "ok",
                table="fund_breakdown",
            ),
        ],
        "rules": [],
        "not_rules": ["unit.mislabeled"],
    }
    return text, truth


def cell_unit_against_header_in_its_row() -> tuple[str, dict[str, Any]]:
    """A 万元 form whose 全年预算数 writes ``11562.01元`` beside ``10318.57`` and ``7904.72``: read as written
    it is 10⁴ from its row, read in 万元 it sits among it. Either its 元 or the header's 万元 is a slip and
    every identity holds both ways, so the cell stays unread; it is no evidence to re-read 全年执行数
    against the header (its 执行率 with ``11562.01元`` taken as written would make it 7904.72 元)."""
    text = _project(
        "附件1", "测试项目", ("10318.57", "11562.01元", "7904.72", "10", "68.37%", "6.84"), "96.84"
    )
    truth = {
        "values": [
            _value("total", "budget_initial_yuan", "103185700.00", "ok"),
            _value("total", "budget_full_year_yuan", "11562.01 | 115620100.00", "ambiguous"),
            _value("total", "executed_yuan", "79047200.00", "ok"),
        ],
        "rules": ["unit.uncertain"],
        "not_rules": ["value.ambiguous_resolved", "unit.mislabeled"],
    }
    return text, truth


def breakdown_part_unit_against_header() -> tuple[str, dict[str, Any]]:
    """A 万元 department form whose 项目支出 writes ``76.62元`` (97.51 + 76.62 = 174.13, its 全年预算数, in
    万元): the part's 元 contradicts the header, so it stays unread — and it never makes 基本支出 97.51 元
    through 174.13 元 = 97.51 + 76.62, a total its own 执行率 (164.03046 ÷ 174.13 = 94.20%) rules out."""
    text = _department(
        ("156.717", "174.13", "164.03046", "10", "94.20%", "9.42"), "97.51", "76.62元", "99.42"
    )
    truth = {
        "values": [
            _value("total", "budget_full_year_yuan", "1741300.00", "ok"),
            _value("expenditure.basic_expenditure", "amount_yuan", "975100.00", "ok", table="fund_breakdown"),
            _value(
                "expenditure.project_expenditure",
                "amount_yuan",
                "76.62 | 766200.00",
                "ambiguous",
                table="fund_breakdown",
            ),
        ],
        "rules": ["unit.uncertain"],
        "not_rules": ["value.ambiguous_resolved", "unit.mislabeled"],
    }
    return text, truth


def one_cell_unit_in_a_block_without_one() -> tuple[str, dict[str, Any]]:
    """A form whose money block writes no unit, one cell of it ``11562.01元`` beside ``10318.57`` and
    ``7904.72``. That 元 is one vote for the other cells, no more: alone it settles none of them (taken as
    exact, the row's 执行率 would read them all in 元 — and if the 元 is the slip, all wrong)."""
    money = ("10318.57", "11562.01元", "7904.72", "10", "68.37%", "6.84")
    text = _project("附件1", "测试项目", money, "96.84", unit="")
    truth = {
        "values": [
            _value("total", "budget_initial_yuan", "10318.57 | 103185700.00", "ambiguous"),
            _value("total", "budget_full_year_yuan", "11562.01", "ok"),
            _value("total", "executed_yuan", "7904.72 | 79047200.00", "ambiguous"),
        ],
        "rules": ["unit.uncertain"],
        "not_rules": ["value.ambiguous_resolved"],
    }
    return text, truth


def part_written_far_above_its_total() -> tuple[str, dict[str, Any]]:
    """A 元 department form whose 基本支出 writes ``2160313万元`` (10⁴ above the 全年预算数 it is part of):
    the total is left unread — and the next part (项目支出) is then compared with nothing, not with a
    blank total (the document once failed on it)."""
    money = ("87513792.00", "87513792.00", "78815236.60", "10", "90.06%", "9.01")
    text = _department(money, "2160313万元", "85353479.00", "99.01", unit="（元）")
    truth = {
        "values": [
            _value("total", "executed_yuan", "78815236.60", "ok"),
            # with a part 10⁴ too large beside it, its sum says nothing of 项目支出: unread, both readings
            _value(
                "expenditure.project_expenditure",
                "amount_yuan",
                "85353479.00 | 853534790000.00",
                "ambiguous",
                table="fund_breakdown",
            ),
        ],
        "rules": ["unit.uncertain"],
        "not_rules": [],
    }
    return text, truth


# A comma in a thousands position (``100,017``) is a thousands separator unless the form's identities say it
# is the decimal point: a sum or 执行率 broken as written that holds with the comma read as a point, and no
# identity of the cell holding as written. Then the cell is unread, both readings candidates, and only the
# identities settle it (``value.decimal_comma``); a coincidence with another cell's digits never does.
_DECIMAL_COMMA = "value.decimal_comma"
_BD = "fund_breakdown"


def comma_for_point_in_unwritten_wan_block() -> tuple[str, dict[str, Any]]:
    """A department form whose money block writes no unit (``44462.517`` needs 万元) and whose 项目支出 is
    typed ``100,017`` for ``100.017``: read as thousands, 基本支出 44362.5 + 项目支出 100017 is not the
    全年预算数 44462.517; read with a decimal comma it is. 项目支出 is 1,000,170.00 元, never 10亿."""
    money = ("44462.517", "44462.517", "44188.32", "10", "99.38%", "9.94")
    text = _department(money, basic="44362.5", project="100,017", total="99.94", unit="")
    truth = {
        "values": [
            _value("total", "budget_full_year_yuan", "444625170.00", "repaired"),
            _value(
                "expenditure.basic_expenditure", "amount_yuan", "443625000.00", "repaired", "fund_breakdown"
            ),
            _value(
                "expenditure.project_expenditure", "amount_yuan", "1000170.00", "repaired", "fund_breakdown"
            ),
        ],
        "rules": [_DECIMAL_COMMA],
        "not_rules": ["funds.breakdown_sum"],
    }
    return text, truth


def comma_for_point_with_project_forms() -> tuple[str, dict[str, Any]]:
    """The same slip in a 万元 department form followed by its three project forms (their 全年预算数 add up
    to 100.017 万元): the department's own 基本支出 + 项目支出 = 全年预算数 and the project forms' sum both
    read ``100,017`` as 100.017 万元."""
    money = ("44462.517", "44462.517", "44188.32", "10", "99.38%", "9.94")
    text = _department(money, basic="44362.5", project="100,017", total="99.94")
    text += _project("附件2", "项目0", ("35.5035", "35.5035", "33.72", "10", "94.98%", "9.5"), "99.5")
    text += _project("附件3", "项目1", ("27.0975", "27.0975", "26.83", "10", "99.01%", "9.9"), "99.9")
    text += _project("附件4", "项目2", ("37.416", "37.416", "31.4", "10", "83.92%", "8.39"), "98.39")
    truth = {
        "values": [
            _value("total", "budget_full_year_yuan", "444625170.00", "ok"),
            _value("expenditure.basic_expenditure", "amount_yuan", "443625000.00", "ok", "fund_breakdown"),
            _value(
                "expenditure.project_expenditure", "amount_yuan", "1000170.00", "repaired", "fund_breakdown"
            ),
        ],
        "rules": [_DECIMAL_COMMA],
        "not_rules": ["funds.breakdown_sum"],
    }
    return text, truth


def comma_group_right_in_wan_column() -> tuple[str, dict[str, Any]]:
    """``1,200`` in a 万元 column where 基本支出 360 + 项目支出 1,200 = 1560, the 全年预算数: the thousands
    reading breaks nothing, so it stands (12,000,000.00 元, read as written)."""
    text = _department(("1560", "1560", "1540", "10", "98.72%", "9.87"), "360", "1,200", "99.87")
    truth = {
        "values": [
            _value("expenditure.project_expenditure", "amount_yuan", "12000000.00", "ok", "fund_breakdown"),
        ],
        "rules": [],
        "not_rules": [_DECIMAL_COMMA, "funds.breakdown_sum", "value.ambiguous"],
    }
    return text, truth


def comma_group_right_in_yuan_column() -> tuple[str, dict[str, Any]]:
    """``348,600`` in a 元 column where 3137100.00 + 348,600 = 3485700.00: a thousands separator (348,600
    元); its decimal-comma reading 348.60 元 would be whole cents too, but the sum holds as written."""
    money = ("3485700.00", "3485700.00", "3290500.00", "10", "94.40%", "9.44")
    text = _department(money, "3137100.00", "348,600", "99.44", unit="（元）")
    truth = {
        "values": [
            _value("expenditure.project_expenditure", "amount_yuan", "348600.00", "ok", "fund_breakdown"),
        ],
        "rules": [],
        "not_rules": [_DECIMAL_COMMA, "funds.breakdown_sum", "value.ambiguous"],
    }
    return text, truth


def comma_for_point_in_yuan_column() -> tuple[str, dict[str, Any]]:
    """A small 元 form whose 项目支出 is typed ``348,600`` for ``348.600``: 9651.40 + 348.60 = 10000.00, its
    全年预算数; read as thousands the parts would be 358,251.40 元."""
    money = ("10000.00", "10000.00", "9800.00", "10", "98.00%", "9.8")
    text = _department(money, "9651.40", "348,600", "99.8", unit="（元）")
    truth = {
        "values": [
            _value("expenditure.project_expenditure", "amount_yuan", "348.60", "repaired", "fund_breakdown"),
        ],
        "rules": [_DECIMAL_COMMA],
        "not_rules": ["funds.breakdown_sum"],
    }
    return text, truth


def executed_comma_for_point_by_rate() -> tuple[str, dict[str, Any]]:
    """A 万元 project form whose 全年执行数 is typed ``57,130`` for ``57.130``: its 执行率 98.50% is
    57.13 ÷ 58.00, not 57130 ÷ 58.00; read with a decimal comma it is 571,300.00 元."""
    text = _project("附件1", "测试项目", ("56.40", "58.00", "57,130", "10", "98.50%", "9.85"), "99.85")
    truth = {
        "values": [
            _value("total", "budget_full_year_yuan", "580000.00", "ok"),
            _value("total", "executed_yuan", "571300.00", "repaired"),
        ],
        "rules": [_DECIMAL_COMMA],
        "not_rules": ["funds.execution_rate"],
    }
    return text, truth


def comma_group_breaking_both_ways() -> tuple[str, dict[str, Any]]:
    """``1,201`` where 360 + 1,201 misses the 全年预算数 1560 by one and 360 + 1.201 misses it by far: the
    decimal comma satisfies nothing, so the thousands reading stands and the sum is flagged."""
    text = _department(("1560", "1560", "1540", "10", "98.72%", "9.87"), "360", "1,201", "99.87")
    truth = {
        "values": [
            _value("expenditure.project_expenditure", "amount_yuan", "12010000.00", "ok", "fund_breakdown"),
        ],
        "rules": ["funds.breakdown_sum"],
        "not_rules": [_DECIMAL_COMMA],
    }
    return text, truth


def comma_group_kept_by_its_rate() -> tuple[str, dict[str, Any]]:
    """全年执行数 ``1,200`` whose own 执行率 (100%: 1200 ÷ 1200) holds as written, while the 当年财政拨款
    line's ``1.2`` would make the block's sum hold with a decimal comma: an identity holding as written keeps
    the thousands reading (the sum is flagged, the part is the likelier slip)."""
    money = ("1200", "1200", "1,200", "10", "100%", "10")
    text = _project("附件1", "测试项目", money, "100", current_year=("1200", "1200", "1.2", "", "", ""))
    truth = {
        "values": [
            _value("total", "executed_yuan", "12000000.00", "ok"),
            _value("current_year_appropriation", "executed_yuan", "12000.00", "ok"),
        ],
        "rules": ["funds.lines_sum"],
        "not_rules": [_DECIMAL_COMMA],
    }
    return text, truth


def two_commas_either_for_point() -> tuple[str, dict[str, Any]]:
    """基本支出 and 项目支出 both typed ``1,200`` under a 全年预算数 of 1201.2 万元: one comma is the decimal
    point, but the sum holds with either one so, and nothing else tells which: both stay unread."""
    text = _department(("1201.2", "1201.2", "1190", "10", "99.07%", "9.91"), "1,200", "1,200", "99.91")
    both = "12000.00 | 12000000.00"
    truth = {
        "values": [
            _value("expenditure.basic_expenditure", "amount_yuan", both, "ambiguous", "fund_breakdown"),
            _value("expenditure.project_expenditure", "amount_yuan", both, "ambiguous", "fund_breakdown"),
        ],
        "rules": [_DECIMAL_COMMA],
        "not_rules": ["value.ambiguous_resolved"],
    }
    return text, truth


def comma_for_point_in_total_and_parts() -> tuple[str, dict[str, Any]]:
    """The slip in the total and both its parts (``457,924`` = ``272,645`` + ``185,279``, 万元): the sum holds
    both ways and says nothing, but the total's 执行率 (432.38 ÷ 457.924 = 94.42%) reads its comma as the
    point; then the sum, with the total settled, reads the parts' commas so too."""
    money = ("457,924", "457,924", "432.38", "10", "94.42%", "9.44")
    text = _department(money, basic="272,645", project="185,279", total="99.44")
    truth = {
        "values": [
            _value("total", "budget_full_year_yuan", "4579240.00", "repaired"),
            _value("total", "executed_yuan", "4323800.00", "ok"),
            _value("expenditure.basic_expenditure", "amount_yuan", "2726450.00", "repaired", _BD),
            _value("expenditure.project_expenditure", "amount_yuan", "1852790.00", "repaired", _BD),
        ],
        "rules": [_DECIMAL_COMMA],
        "not_rules": ["funds.breakdown_sum", "funds.execution_rate", "value.ambiguous"],
    }
    return text, truth


SAMPLES = {
    "rate_from_approximate_budget": rate_from_approximate_budget,
    "rate_from_sub_cent_executed": rate_from_sub_cent_executed,
    "project_sum_with_a_blank_project": project_sum_with_a_blank_project,
    "cell_unit_against_header_in_its_row": cell_unit_against_header_in_its_row,
    "breakdown_part_unit_against_header": breakdown_part_unit_against_header,
    "one_cell_unit_in_a_block_without_one": one_cell_unit_in_a_block_without_one,
    "part_written_far_above_its_total": part_written_far_above_its_total,
    "comma_for_point_in_unwritten_wan_block": comma_for_point_in_unwritten_wan_block,
    "comma_for_point_with_project_forms": comma_for_point_with_project_forms,
    "comma_group_right_in_wan_column": comma_group_right_in_wan_column,
    "comma_group_right_in_yuan_column": comma_group_right_in_yuan_column,
    "comma_for_point_in_yuan_column": comma_for_point_in_yuan_column,
    "executed_comma_for_point_by_rate": executed_comma_for_point_by_rate,
    "comma_group_breaking_both_ways": comma_group_breaking_both_ways,
    "comma_group_kept_by_its_rate": comma_group_kept_by_its_rate,
    "two_commas_either_for_point": two_commas_either_for_point,
    "comma_for_point_in_total_and_parts": comma_for_point_in_total_and_parts,
}


def write_all(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in SAMPLES.items():
        text, expected = build()
        sample = out / f"{name}.txt"
        sample.write_text(text, encoding="utf-8")
        quirk = " ".join((build.__doc__ or "").split())
        truth = {
            "sample": sample.name,
            "quirk": quirk,
            "made_by": "scripts/make_evidence_samples.py",
        } | expected
        path = out / f"{name}.truth.json"
        path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written += [sample, path]
    return written


if __name__ == "__main__":
    for p in write_all():
        print(p)
