"""Two more forms of ``samples/realistic/`` (see ``realistic_forms.py``): the 部门整体支出绩效自评表 as 湖南's
counties fill it (年度预算申请, 按收入性质分 / 按支出性质分 in the money block), and an older county project
form with its money as label and figure pairs on one row. Names and figures invented, truths by hand.
"""

from __future__ import annotations

from realistic_forms import Built, _form, _merged_groups, _num, _yuan
from template_dsl import Blocks, C, TableSpec, fund, ind


def hunan_department() -> Built:
    goal_e = "保障机关正常运转，完成全年档案接收、整理和利用服务任务。"
    goal_a = "机关运转正常，接收档案1.2万卷，提供查阅利用服务3,600人次。"
    table: TableSpec = [
        [C("预算部门名称", cols=3), C("某县档案馆", cols=7)],
        [
            C("年度预算申请\n（万元）", rows=6),
            C("", cols=2),
            "年初预算数",
            "全年预算数",
            "全年执行数",
            C("分值", cols=2),
            "执行率",
            "得分",
        ],
        [C("年度资金总额", cols=2), "286.40", "301.25", "295.23", C("10", cols=2), "98.00%", "9.8"],
        [C("按收入性质分：", cols=4), C("按支出性质分：", cols=5)],
        [C("其中：一般公共预算：301.25", cols=4), C("其中：基本支出：241.10", cols=5)],
        [C("政府性基金拨款：", cols=4), C("项目支出：60.15", cols=5)],
        [C("其他资金：", cols=4), C("", cols=5)],
        [C("年度总体目标", rows=2), C("预期目标", cols=4), C("实际完成情况", cols=5)],
        [C(goal_e, cols=4), C(goal_a, cols=5)],
    ]
    rows = [
        ("产出指标\n（50分）", "数量指标", ["接收进馆档案", "≥1万卷", "1.2万卷", "20", "20", ""]),
        ("产出指标\n（50分）", "质量指标", ["档案整理合格率", "≥98%", "99%", "15", "15", ""]),
        ("产出指标\n（50分）", "时效指标", ["查档服务办结时限", "≤3个工作日", "2个工作日", "15", "15", ""]),
        ("效益指标\n（30分）", "社会效益指标", ["查阅利用人次", "≥3000人次", "3600人次", "30", "30", ""]),
        (
            "满意度指标\n（10分）",
            "服务对象满意度指标",
            ["查档群众满意度", "≥95%", "92%", "10", "8", "个别查档需求未及时响应，将增设预约"],
        ),
    ]
    body = _merged_groups([(a, b, [*rest[:-1], C(rest[-1], cols=2)]) for a, b, rest in rows])
    head = ["一级指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值", "分值", "得分"]
    table += [[C("绩\n效\n指\n标", rows=1 + len(body)), *head, C("偏差原因分析及改进措施", cols=2)], *body]
    table += [[C("总分", cols=6), "100", "97.8", C("", cols=2)]]
    blocks: Blocks = [
        "附件1",
        "部门整体支出绩效自评表",
        "填报单位：（盖章）某县档案馆　　　（2022年度）",
        table,
    ]
    truth = _form(
        "department",
        attachment="附件1",
        title="部门整体支出绩效自评表",
        year=2022,
        fill_unit="某县档案馆",
        department="某县档案馆",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=97.8,
    )
    truth["funds"] = {"total": fund("286.40", "301.25", "295.23", 10, 98, 9.8)}
    parsed = {
        "≥1万卷": (">=", 1, "万卷"),
        "≥98%": (">=", 98, "%"),
        "≤3个工作日": ("<=", 3, "个工作日"),
        "≥3000人次": (">=", 3000, "人次"),
        "≥95%": (">=", 95, "%"),
    }
    for l1, l2, (l3, target, actual, w, s, why) in rows:
        op, value, unit = parsed[target]
        name, points = l1.split("\n")
        truth["indicators"].append(
            ind(
                name,
                _num(points.strip("（分）")),
                l2,
                l3,
                target,
                op,
                value,
                unit,
                actual,
                _num(w),
                _num(s),
                why or None,
            )
        )
    return blocks, [truth]


HUNAN_DEPARTMENT = hunan_department()


def county_2017() -> Built:
    """An older county form (2016–2018 style): the money as label and figure pairs on one row
    (``项目资金（万元） | 全年预算数 | 38 | 全年执行数 | 36.1 | 执行率 | 95%``), 项目负责人 in the header,
    年度目标 with 预期目标 / 实际完成情况, and 分值 / 得分 columns."""
    goal_e = "维护全县沼气池200口，保障农户正常用气。"
    goal_a = "维护沼气池190口，10口因农户外出未能入户。"
    table: TableSpec = [
        ["项目名称", C("农村沼气池维护", cols=3), "项目负责人", C("孙某", cols=2)],
        ["主管部门", C("某县农业局", cols=3), "实施单位", C("某县农村能源站", cols=2)],
        ["项目资金（万元）", "全年预算数", "38", "全年执行数", "36.1", "执行率", "95%"],
        [C("年度目标", rows=2), C("预期目标", cols=3), C("实际完成情况", cols=3)],
        [C(goal_e, cols=3), C(goal_a, cols=3)],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "维护沼气池数", "200口", "190口", "40", "38"],
        ["产出指标", "质量指标", "维护后正常使用率", "≥90%", "95%", "30", "30"],
        ["满意度指标", "服务对象满意度指标", "农户满意度", "≥85%", "90%", "30", "30"],
        [C("总分", cols=5), "100", "98"],
    ]
    blocks: Blocks = ["项目支出绩效自评表", "（2017年度）", "填报单位：某县农业局", table]
    truth = _form(
        "project",
        title="项目支出绩效自评表",
        year=2017,
        fill_unit="某县农业局",
        project="农村沼气池维护",
        competent_department="某县农业局",
        implementing_unit="某县农村能源站",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=98,
    )
    truth["funds"] = {"total": fund(None, "38", "36.1", None, 95, None)}
    truth["indicators"] = [
        ind("产出指标", None, "数量指标", "维护沼气池数", "200口", None, 200, "口", "190口", 40, 38),
        ind("产出指标", None, "质量指标", "维护后正常使用率", "≥90%", ">=", 90, "%", "95%", 30, 30),
        ind("满意度指标", None, "服务对象满意度指标", "农户满意度", "≥85%", ">=", 85, "%", "90%", 30, 30),
    ]
    return blocks, [truth]


COUNTY_2017 = county_2017()


def cost_level1_2021() -> Built:
    """The 2021 财政部 project form as a 元 county fills it: whole-元 money without separators, 成本指标 a
    一级指标 of its own (经济成本指标 under it), 偏差原因分析及改进措施, 总分 with one decimal."""
    table: TableSpec = [
        ["项目名称", C("城区道路保洁服务", cols=7)],
        ["主管部门", C("某县城市管理局", cols=3), "实施单位", C("某县环境卫生服务中心", cols=3)],
        [
            C("项目资金\n（元）", rows=4),
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        ["年度资金总额", "2400000", "2520000", "2469600", "10", "98%", "9.8"],
        ["其中：当年财政拨款", "2400000", "2520000", "2469600", "—", "98%", "—"],
        ["其他资金", "", "", "", "—", "", "—"],
        [C("年度总体目标", rows=2), C("预期目标", cols=3), C("实际完成情况", cols=4)],
        [
            C("完成城区主次干道日常保洁，保洁面积不少于120万平方米。", cols=3),
            C("完成保洁面积126万平方米，道路清洁度明显提升。", cols=4),
        ],
    ]
    rows = [
        ("产出指标（40分）", "数量指标", ["保洁面积", "≥120万平方米", "126万平方米", "20", "20", ""]),
        ("产出指标（40分）", "质量指标", ["保洁达标率", "≥95%", "97%", "20", "20", ""]),
        (
            "成本指标（20分）",
            "经济成本指标",
            ["单位面积保洁成本", "≤2元/平方米", "1.96元/平方米", "20", "20", ""],
        ),
        (
            "效益指标（20分）",
            "社会效益指标",
            ["市容环境改善", "明显改善", "明显改善", "20", "18", "部分背街小巷仍需加强"],
        ),
        ("满意度指标（10分）", "服务对象满意度指标", ["市民满意度", "≥90%", "93%", "10", "10", ""]),
    ]
    body = _merged_groups(rows)
    head = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    table += [[C("绩效指标", rows=1 + len(body)), *head], *body, [C("总分", cols=6), "100", "97.8", ""]]
    blocks: Blocks = ["项目支出绩效自评表", "（2021年度）", table]
    truth = _form(
        "project",
        title="项目支出绩效自评表",
        year=2021,
        project="城区道路保洁服务",
        competent_department="某县城市管理局",
        implementing_unit="某县环境卫生服务中心",
        goal_expected="完成城区主次干道日常保洁，保洁面积不少于120万平方米。",
        goal_actual="完成保洁面积126万平方米，道路清洁度明显提升。",
        total_weight=100,
        total_score=97.8,
    )
    truth["funds"] = {
        "total": _yuan("2400000.00", "2520000.00", "2469600.00", 10, 98, 9.8),
        "current_year_appropriation": _yuan("2400000.00", "2520000.00", "2469600.00", None, 98, None),
        "other_funds": _yuan(None, None, None),
    }
    parsed = {
        "≥120万平方米": (">=", 120, "万平方米"),
        "≥95%": (">=", 95, "%"),
        "≤2元/平方米": ("<=", 2, "元/平方米"),
        "明显改善": (None, None, None),
        "≥90%": (">=", 90, "%"),
    }
    for l1, l2, (l3, target, actual, w, s, why) in rows:
        op, value, unit = parsed[target]
        name, points = l1.split("（")
        row = ind(
            name,
            _num(points.rstrip("分）")),
            l2,
            l3,
            target,
            op,
            value,
            unit,
            actual,
            _num(w),
            _num(s),
            why or None,
        )
        if target.startswith("≤2元"):
            del row["target_unit"]  # "元/平方米": whether a rate's unit is kept whole is not settled
        truth["indicators"].append(row)
    return blocks, [truth]


COST_2021 = cost_level1_2021()
