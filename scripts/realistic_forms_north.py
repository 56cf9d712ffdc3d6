"""Two more published variants for ``samples/realistic/`` (see ``realistic_forms.py``), in the wordings
provinces use for the same columns and lines:

- 山西 2022 项目支出绩效自评表: 年初批复预算 | 全年预算数（调整后） | 全年执行数（决算数） | 分值 |
  资金执行率 | 得分, lines 其中：财政拨款资金 and 其中：中央资金 (the transfer's central share), 万元 written
  in each money cell (``120.5万元``) under a header that names none;
- 吉林 2021 部门整体支出绩效自评表: 部门（单位）名称 with 填报人 and 联系电话, 实际支出金额 and 执行率% over
  元 figures grouped with full-width commas (``1，286，400.00`` as a Chinese input method types them),
  and its 总分 row written 自评总分.

Layouts as published, names and figures invented, truths written by hand from the values below.
"""

from __future__ import annotations

from realistic_forms import Built, _form, _merged_groups, _yuan
from realistic_forms_coast import Rows, _goals, _head, _indicators
from realistic_forms_provinces import IND_HEAD
from template_dsl import Blocks, C, TableSpec, fund


def shanxi() -> Built:
    goal_e = "完成15个行政村生活污水治理，农村生活污水治理率达到60%以上。"
    goal_a = "完成16个行政村生活污水治理，治理率62%，设施运行正常。"
    table: TableSpec = [
        *_head("农村生活污水治理", "某县生态环境局", "某县农村环境整治服务中心"),
        [
            C("项目资金（万元）", rows=4),
            "",
            "年初批复预算",
            "全年预算数（调整后）",
            "全年执行数（决算数）",
            "分值",
            "资金执行率",
            "得分",
        ],
        ["年度资金总额", "120.5万元", "128.0万元", "125.44万元", "10", "98.00%", "9.8"],
        ["其中：财政拨款资金", "80.5万元", "88.0万元", "85.44万元", "—", "97.09%", "—"],
        ["其中：中央资金", "40万元", "40万元", "40万元", "—", "100%", "—"],
        *_goals(8, goal_e, goal_a),
    ]
    rows: Rows = [
        ("产出指标", "数量指标", ["治理行政村数量", "≥15个", "16个", "30", "30", ""]),
        ("产出指标", "质量指标", ["设施正常运行率", "≥95%", "96%", "20", "20", ""]),
        ("效益指标", "生态效益指标", ["农村生活污水治理率", "≥60%", "62%", "20", "20", ""]),
        ("满意度指标", "服务对象满意度指标", ["村民满意度", "≥90%", "88%", "20", "18", "部分村管网入户率低"]),
    ]
    table += [IND_HEAD, *_merged_groups(rows), [C("总分", cols=5), "100", "97.8", ""]]
    blocks: Blocks = ["项目支出绩效自评表", "（2022年度）", table]
    truth = _form(
        "project",
        title="项目支出绩效自评表",
        year=2022,
        project="农村生活污水治理",
        competent_department="某县生态环境局",
        implementing_unit="某县农村环境整治服务中心",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=97.8,
    )
    truth["funds"] = {
        "total": fund("120.5", "128.0", "125.44", 10, 98, 9.8),
        "current_year_appropriation": fund("80.5", "88.0", "85.44", None, 97.09),
        "central_subsidy": fund("40", "40", "40", None, 100),
    }
    truth["indicators"] = _indicators(rows)
    return blocks, [truth]


SHANXI = shanxi()


_JILIN_MONEY = ["年初预算数", "全年预算数", "实际支出金额", "分值", "执行率%", "得分"]


def jilin_department() -> Built:
    goal_e = "做好全县公共文化服务，开展文化惠民演出120场以上，公共图书馆全年免费开放。"
    goal_a = "全年开展文化惠民演出126场，图书馆免费开放，接待读者8.6万人次。"
    table: TableSpec = [
        ["部门（单位）名称", C("某县文化广播电视和旅游局", cols=7)],
        ["填报人", C("赵某", cols=3), "联系电话", C("0431-80000000", cols=3)],
        [C("年度预算执行情况（元）", rows=4), "", *_JILIN_MONEY],
        ["年度资金总额", "1，286，400.00", "1，635，000.00", "1，594，125.00", "10", "97.50", "9.75"],
        ["其中：财政拨款", "1，286，400.00", "1，535，000.00", "1，494，125.00", "—", "97.34", "—"],
        ["其他资金", "0.00", "100，000.00", "100，000.00", "—", "100.00", "—"],
        *_goals(8, goal_e, goal_a),
    ]
    rows: Rows = [
        ("产出指标", "数量指标", ["文化惠民演出场次", "≥120场", "126场", "30", "30", ""]),
        ("产出指标", "时效指标", ["图书馆免费开放时间", "全年", "全年", "20", "20", ""]),
        ("效益指标", "社会效益指标", ["接待读者人次", "≥8万人次", "8.6万人次", "20", "20", ""]),
        ("满意度指标", "服务对象满意度指标", ["群众满意度", "≥90%", "91%", "20", "19", ""]),
    ]
    table += [IND_HEAD, *_merged_groups(rows), [C("自评总分", cols=5), "100", "98.75", ""]]
    blocks: Blocks = ["部门整体支出绩效自评表", "（2021年度）", table]
    truth = _form(
        "department",
        title="部门整体支出绩效自评表",
        year=2021,
        department="某县文化广播电视和旅游局",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=98.75,
    )
    truth["funds"] = {
        "total": _yuan("1286400.00", "1635000.00", "1594125.00", 10, 97.5, 9.75),
        "current_year_appropriation": _yuan("1286400.00", "1535000.00", "1494125.00", None, 97.34),
        "other_funds": _yuan("0.00", "100000.00", "100000.00", None, 100),
    }
    truth["indicators"] = _indicators(rows)
    return blocks, [truth]


JILIN_DEPARTMENT = jilin_department()

NORTH_FORMS = {"shanxi_2022": SHANXI, "jilin_department_2021": JILIN_DEPARTMENT}
