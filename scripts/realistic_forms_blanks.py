"""Forms of ``samples/realistic/`` with cells left empty where the published forms leave them.

A copied page keeps an empty cell as a bare ``|`` line (one cell a line ending `` |``), a plain export drops
it: the cells after it must not move into its column. Truth written here by hand, as in
``scripts/realistic_forms.py``; names and figures are invented.
"""

from __future__ import annotations

from realistic_forms import Built, _form, sichuan
from template_dsl import Blocks, C, TableSpec, fund, ind

# 四川 2023, published before the scoring (a county page of 工资性支出 forms): the total's 得分 empty beside
# its long 原因 note, indicators with 指标值 and 权重 but 完成值 and 得分 empty; one row filled in.
SICHUAN_UNSCORED: Built = sichuan(
    "51010023R000000031842-在职人员社会保障缴费",
    "某县水利局本级",
    "某县水利局",
    ("316.40", "342.75", "340.08", "99.22%"),
    [
        ("产出指标", "数量指标", "缴费人数覆盖率", "=", "100", "%", "", "40", "", "", "=100%", "=", 100),
        # a money unit in 度量单位 (a 大英县 page's 成本控制数 | ≤ | 30 | 万元): a cell of the row
        (
            "产出指标",
            "成本指标",
            "缴费成本控制数",
            "≤",
            "342.75",
            "万元",
            "",
            "10",
            "",
            "",
            "≤342.75万元",
            "<=",
            342.75,
        ),
        ("产出指标", "时效指标", "按月缴纳及时率", "≥", "95", "%", "100", "10", "", "", "≥95%", ">=", 95),
        ("效益指标", "社会效益指标", "参保职工满意度", "≥", "90", "%", "", "30", "", "", "≥90%", ">=", 90),
    ],
    scored=False,
)


def columned_breakdown() -> Built:
    """A 部门整体支出绩效自评表 whose 按收入性质分 / 按支出性质分 lines carry their own 年初 / 全年 / 执行
    columns (a county's variant of the 湖南 form): the contract holds one amount a breakdown line and names
    no column for it, so no breakdown amount (and no money line) may come of them."""
    goal_e = "保障河道日常巡查保洁，完成全年水利工程运行管护任务。"
    goal_a = "完成河道巡查保洁126公里，水利工程运行正常。"
    money = ["年初预算数", "全年预算数", "全年执行数"]
    # Eight grid columns: the corner merged down the money block, then a line's label and six figures.
    table: TableSpec = [
        ["部门名称", C("某县河道管理所", cols=7)],
        [C("年度预算申请（万元）", rows=8), "", *money, "分值", "执行率", "得分"],
        ["年度资金总额", "412.00", "436.80", "428.06", "10", "98.00%", "9.8"],
        ["按收入性质分", *money, C("", cols=3)],
        ["一般公共预算财政拨款", "392.00", "416.80", "408.06", C("", cols=3)],
        ["其他资金", "20.00", "20.00", "20.00", C("", cols=3)],
        ["按支出性质分", *money, C("", cols=3)],
        ["基本支出", "268.00", "271.50", "270.10", C("", cols=3)],
        ["项目支出", "144.00", "165.30", "157.96", C("", cols=3)],
        [C("年度总体目标", rows=2), C("预期目标", cols=4), C("实际完成情况", cols=3)],
        [C(goal_e, cols=4), C(goal_a, cols=3)],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
        ["产出指标", "数量指标", "巡查保洁河道长度", "≥120公里", "126公里", "45", "45", ""],
        ["效益指标", "生态效益指标", "河道水质达标率", "≥90%", "93%", "45", "45", ""],
        [C("总分", cols=5), "100", "99.8", ""],
    ]
    blocks: Blocks = ["部门整体支出绩效自评表", "（2023年度）", table]
    truth = _form(
        "department",
        title="部门整体支出绩效自评表",
        year=2023,
        department="某县河道管理所",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=99.8,
    )
    truth["funds"] = {"total": fund("412.00", "436.80", "428.06", 10, 98, 9.8)}
    truth["breakdown"] = {}  # judged: nothing may be read from the columned lines
    length = ("≥120公里", ">=", 120, "公里", "126公里", 45, 45)
    truth["indicators"] = [
        ind("产出指标", None, "数量指标", "巡查保洁河道长度", *length),
        ind("效益指标", None, "生态效益指标", "河道水质达标率", "≥90%", ">=", 90, "%", "93%", 45, 45),
    ]
    return blocks, [truth]


COLUMNED_BREAKDOWN = columned_breakdown()
