"""More forms of ``samples/realistic/`` (see ``realistic_forms.py``): 重庆 部门整体 (2021), a 元 form without
分值/得分, 江西 (2017). Layouts as published, names and figures invented, truths written by hand.
"""

from __future__ import annotations

from realistic_forms import Built, _form, _merged_groups, _num, _yuan
from template_dsl import Blocks, C, TableSpec, fund, ind

# ---------- 重庆 部门整体绩效自评表 (2021): one unlabelled money line, 年初/全年(调整) goal columns


def chongqing() -> Built:
    """Department form whose money block is a single unlabelled line under its header, with 自评总分 in the
    header, 执行率权重/执行率得分 columns and an indicator table without 一级/二级 levels (指标性质 here says
    定量/定性, not an operator; two target columns, 年初 and 调整)."""
    goal_a = "全年完成新闻宣传、融媒体平台运行等各项任务，履职目标全部实现。"
    table: TableSpec = [
        [
            "主管部门",
            C("某区融媒体中心", cols=3),
            C("财政处室", cols=2),
            C("教科文处", cols=2),
            C("自评总分（分）", cols=2),
            "96.74",
        ],
        ["部门联系人", C("陈某", cols=3), C("联系电话", cols=2), C("023-60000000", cols=5)],
        [
            C("部门预算执行情况（万元）", cols=2, rows=2),
            C("年初预算数", cols=2),
            C("全年（调整）预算数", cols=2),
            "全年执行数",
            "执行率（%）",
            C("执行率权重", cols=2),
            "执行率得分（分）",
        ],
        [C("1,250.00", cols=2), C("1,310.40", cols=2), "1,276.33", "97.40", C("10", cols=2), "9.74"],
        [
            C("当年绩效目标", cols=2, rows=2),
            C("年初绩效目标", cols=3),
            C("全年（调整）绩效目标", cols=3),
            C("全年目标实际完成情况", cols=3),
        ],
        [
            C("做好全区新闻宣传和融媒体平台运行，保障单位正常运转。", cols=3),
            C("无", cols=3),
            C(goal_a, cols=3),
        ],
    ]
    head = [
        "指标名称",
        "计量单位",
        "指标性质",
        "年初指标值",
        "调整指标值",
        "全年完成值",
        "得分系数（%）",
        "指标权重（分）",
        "指标得分（分）",
        "是否核心指标",
    ]
    inds = [
        ("播发稿件数量", "篇", "定量指标", "2200", "", "2859", "100", "20", "20", "是"),
        ("组织宣传活动次数", "次", "定量指标", "50", "", "45", "90", "20", "18", "是"),
        ("预算完成率", "%", "定量指标", "90", "", "97.4", "100", "15", "15", "否"),
        ("资金使用合规性", "", "定性指标", "好", "", "好", "100", "20", "20", "否"),
        ("公众满意度", "%", "定量指标", "90", "", "85", "93.33", "15", "14", "是"),
    ]
    table += [[C("绩效指标", rows=1 + len(inds)), *head], *[list(r) for r in inds]]
    blocks: Blocks = ["部门整体绩效自评表", "（2021年度）", table]
    truth = _form(
        "department",
        title="部门整体绩效自评表",
        year=2021,
        competent_department="某区融媒体中心",
        goal_actual=goal_a,
        total_score=96.74,
    )
    del truth["goal_expected"]  # 年初 vs 全年（调整）绩效目标: which one is "expected" is the reader's choice
    truth["funds"] = {"total": _yuan("12500000.00", "13104000.00", "12763300.00", 10, 97.4, 9.74)}
    for name, _unit, _nature, _t0, _t1, actual, _coef, w, s, _core in inds:
        row = ind("", None, None, name, None, None, None, None, actual, _num(w), _num(s))
        row["level1"] = None
        for key in ("target_raw", "target_op", "target_value", "target_unit"):
            del row[key]  # two target columns (年初, 调整): which one is the target is not judged
        truth["indicators"].append(row)
    return blocks, [truth]


CHONGQING = chongqing()


# ---------- a 元 form: 金额单位 line, 项目负责人/联系电话, 预算数/执行数/执行率 only, 自评得分


def yuan_project() -> Built:
    goal_e = "完成馆藏档案数字化加工120万页，提升档案查阅利用效率。"
    goal_a = "完成数字化加工118.6万页，档案查阅平均用时缩短一半。"
    table: TableSpec = [
        ["项目名称", C("档案数字化加工", cols=2), "项目负责人", "刘某", "联系电话", "0755-80000000"],
        ["主管部门", C("某市档案局", cols=2), "实施单位", C("某市档案馆", cols=3)],
        [C("资金情况", rows=4), C("", cols=3), "预算数", "执行数", "执行率"],
        [C("年度资金总额", cols=3), "1,860,000.00", "1,785,600.00", "96.00%"],
        [C("其中：财政资金", cols=3), "1,860,000.00", "1,785,600.00", "96.00%"],
        [C("其他资金", cols=3), "0.00", "0.00", "—"],
        [C("年度总体目标", rows=2), C("预期目标", cols=3), C("实际完成情况", cols=3)],
        [C(goal_e, cols=3), C(goal_a, cols=3)],
    ]
    rows = [
        (
            "产出指标",
            "数量指标",
            ["数字化加工档案页数", "≥120万页", "118.6万页", "受系统升级影响，剩余部分次年一季度完成"],
        ),
        ("产出指标", "质量指标", ["加工质量抽检合格率", "≥98%", "99.2%", ""]),
        ("效益指标", "社会效益指标", ["档案查阅利用效率", "明显提升", "明显提升", ""]),
        ("满意度指标", "服务对象满意度指标", ["查档群众满意度", "≥90%", "96%", ""]),
    ]
    body = _merged_groups(rows)
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "未完成原因和改进措施"]
    table += [[C("绩效指标", rows=1 + len(body)), *head], *body]
    table += [[C("自评得分", cols=4), C("93", cols=3)]]
    blocks: Blocks = [
        "附件2",
        "2021年度项目绩效自评表",
        "填报单位：某市档案馆　　　　填报日期：2022年3月10日",
        "金额单位：元",
        table,
    ]
    truth = _form(
        "project",
        attachment="附件2",
        title="2021年度项目绩效自评表",
        year=2021,
        fill_unit="某市档案馆",
        project="档案数字化加工",
        competent_department="某市档案局",
        implementing_unit="某市档案馆",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_score=93,
    )
    truth["funds"] = {
        "total": _yuan(None, "1860000.00", "1785600.00", None, 96, None),
        "fiscal_funds": _yuan(None, "1860000.00", "1785600.00", None, 96, None),
        "other_funds": _yuan(None, "0.00", "0.00", None, None, None),
    }
    parsed = {
        "≥120万页": (">=", 120, "万页"),
        "≥98%": (">=", 98, "%"),
        "明显提升": (None, None, None),
        "≥90%": (">=", 90, "%"),
    }
    for l1, l2, (l3, target, actual, why) in rows:
        op, value, unit = parsed[target]
        truth["indicators"].append(
            ind(l1, None, l2, l3, target, op, value, unit, actual, None, None, why or None)
        )
    return blocks, [truth]


YUAN_PROJECT = yuan_project()


# ---------- 江西 2017: 分值 before the targets, ``30分``/``99.3分`` with the unit, 评分标准 column


def jiangxi() -> Built:
    table: TableSpec = [
        ["项目名称", C("政协委员履职活动经费", cols=3), "主管部门", C("某县政协办公室", cols=3)],
        ["实施单位", C("某县政协办公室", cols=7)],
        [
            C("项目资金\n（万元）", rows=3),
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        ["年度资金总额", "50", "50", "49.5", "10分", "99%", "9.9分"],
        ["其中：本年财政拨款", "50", "50", "49.5", "—", "99%", "—"],
        [C("年度总体目标", rows=2), C("预期目标", cols=3), C("实际完成情况", cols=4)],
        [
            C("组织委员开展视察调研，履行政治协商、民主监督、参政议政职能。", cols=3),
            C("组织视察调研12次，提交调研报告10篇。", cols=4),
        ],
    ]
    rows = [
        ("产出指标（50分）", "数量指标", ["视察调研次数", "20分", "≥10次", "12次", "完成得满分", "20分"]),
        ("产出指标（50分）", "质量指标", ["调研报告采纳率", "20分", "≥60%", "55%", "每降5%扣2分", "18分"]),
        (
            "产出指标（50分）",
            "成本指标",
            ["成本控制率", "10分", "±10%", "达标", "控制率在±10%以内得满分", "10分"],
        ),
        ("效益指标（30分）", "社会效益指标", ["履职履责", "30分", "达标", "达标", "达标得满分", "30分"]),
        (
            "满意度指标（10分）",
            "服务对象满意度指标",
            ["群众满意度", "10分", "90%", "98%", "每降5%扣1分", "10分"],
        ),
    ]
    body = _merged_groups(rows)
    head = ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "评分标准", "得分"]
    table += [[C("绩效指标", rows=1 + len(body)), *head], *body]
    table += [[C("总分", cols=4), "100分", C("", cols=3), "97.9分"]]
    blocks: Blocks = ["项目支出绩效自评表", "（2017年度）", table]
    truth = _form(
        "project",
        title="项目支出绩效自评表",
        year=2017,
        project="政协委员履职活动经费",
        competent_department="某县政协办公室",
        implementing_unit="某县政协办公室",
        goal_expected="组织委员开展视察调研，履行政治协商、民主监督、参政议政职能。",
        goal_actual="组织视察调研12次，提交调研报告10篇。",
        total_weight=100,
        total_score=97.9,
    )
    truth["funds"] = {
        "total": fund("50", "50", "49.5", 10, 99, 9.9),
        "current_year_appropriation": fund("50", "50", "49.5", None, 99, None),
    }
    parsed = {
        "≥10次": (">=", 10, "次"),
        "≥60%": (">=", 60, "%"),
        "±10%": (None, None, None),
        "达标": (None, None, None),
        "90%": (None, 90, "%"),
    }
    for l1, l2, (l3, w, target, actual, _rule, s) in rows:
        op, value, unit = parsed[target]
        l1_name, l1_weight = l1.split("（")[0], _num(l1.split("（")[1].rstrip("分）"))
        row = ind(l1_name, l1_weight, l2, l3, target, op, value, unit, actual, _num(w[:-1]), _num(s[:-1]))
        if target == "±10%":
            for key in ("target_op", "target_value", "target_unit"):
                del row[key]  # a tolerance band: how to type it is not settled
        truth["indicators"].append(row)
    return blocks, [truth]


JIANGXI = jiangxi()


# ---------- 中央对地方转移支付区域绩效目标自评表: 中央补助 / 地方资金, (A)/(B)/(B/A), no 分值/得分 ---------


def transfer() -> Built:
    """The regional self-evaluation of a central transfer payment, as provinces publish it every year:
    转移支付（项目）名称, 中央/地方主管部门, 资金使用单位; 全年预算数（A） / 全年执行数（B） / 执行率（B/A）;
    其中：中央补助 / 地方资金; 指标值 / 全年实际完成值 / 未完成原因分析, and no 分值 or 得分 at all."""
    goal_e = "目标1：支持全省120个村开展美丽乡村建设；目标2：改善农村人居环境，村容村貌明显提升。"
    goal_a = "目标1：完成118个村美丽乡村建设，2个村因规划调整顺延；目标2：农村人居环境明显改善。"
    table: TableSpec = [
        ["转移支付（项目）名称", C("农村综合改革转移支付", cols=4)],
        ["中央主管部门", C("财政部", cols=4)],
        ["地方主管部门", C("某省财政厅", cols=2), "资金使用单位", "各市县财政局"],
        [C("资金情况\n（万元）", rows=4), "", "全年预算数（A）", "全年执行数（B）", "执行率（B/A）"],
        ["年度资金总额：", "36,000", "34,920", "97%"],
        ["其中：中央补助", "30,000", "29,400", "98%"],
        ["地方资金", "6,000", "5,520", "92%"],
        [C("年度总体目标", rows=2), C("预期目标", cols=2), C("实际完成情况", cols=2)],
        [C(goal_e, cols=2), C(goal_a, cols=2)],
    ]
    rows = [
        ("产出指标", "数量指标", ["美丽乡村建设村数", "≥120个", "118个", "2个村规划调整，顺延至次年"]),
        ("产出指标", "质量指标", ["项目验收合格率", "≥95%", "100%", ""]),
        ("产出指标", "时效指标", ["资金下达及时率", "100%", "100%", ""]),
        ("效益指标", "社会效益指标", ["受益农村人口", "≥50万人", "52.6万人", ""]),
        ("满意度指标", "服务对象满意度指标", ["受益群众满意度", "≥90%", "94%", ""]),
    ]
    body = _merged_groups(rows)
    head = ["一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因分析"]
    table += [[C("绩效指标", rows=1 + len(body)), *head[:2], *head[2:]], *body]
    blocks: Blocks = ["中央对地方转移支付区域绩效目标自评表", "（2022年度）", table]
    truth = _form(
        "project",
        title="中央对地方转移支付区域绩效目标自评表",
        year=2022,
        project="农村综合改革转移支付",
        goal_expected=goal_e,
        goal_actual=goal_a,
    )
    for key in ("competent_department", "implementing_unit"):
        del truth[key]  # 中央 vs 地方主管部门, 资金使用单位: which one a contract field means is not settled
    truth["funds"] = {
        "total": _yuan(None, "360000000.00", "349200000.00", None, 97, None),
        "central_subsidy": _yuan(None, "300000000.00", "294000000.00", None, 98, None),
        "local_funds": _yuan(None, "60000000.00", "55200000.00", None, 92, None),
    }
    parsed = {
        "≥120个": (">=", 120, "个"),
        "≥95%": (">=", 95, "%"),
        "100%": (None, 100, "%"),
        "≥50万人": (">=", 50, "万人"),
        "≥90%": (">=", 90, "%"),
    }
    for l1, l2, (l3, target, actual, why) in rows:
        op, value, unit = parsed[target]
        truth["indicators"].append(
            ind(l1, None, l2, l3, target, op, value, unit, actual, None, None, why or None)
        )
    return blocks, [truth]


TRANSFER = transfer()
