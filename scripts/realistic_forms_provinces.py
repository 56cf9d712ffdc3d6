"""More published template variants for ``samples/realistic/`` (see ``realistic_forms.py``).

- 贵州 2019: 执行率 written without %, 分值/得分 with 分;
- 河南 2017 部门整体: a 年度主要任务 table with its own money, 资金情况（万元）;
- 云南 2018: 单位：万元 on its own line, a 执行率 column with bare figures, 指标内容 / 指标值 / 完成值;
- 山东 2020 printed a page at a time: the page number between two indicator rows and the indicator
  header repeated on the next page.

Layouts as published, names and figures invented, truths written by hand from the values below; the
figures keep the forms' identities (执行率 = 执行数 / 全年预算数, 得分 = 分值 × 执行率, parts adding up to
the total).
"""

from __future__ import annotations

from realistic_forms import Built, _form, _merged_groups
from template_dsl import Blocks, C, TableSpec, fund, ind

# What each target writes, as the normalizer types it: (operator, value, unit).
TARGETS = {
    "≥45公里": (">=", 45, "公里"),
    "100%": (None, 100, "%"),
    "≥95%": (">=", 95, "%"),
    "≥1.2万人": (">=", 1.2, "万人"),
    "≥90%": (">=", 90, "%"),
    "≥24万人": (">=", 24, "万人"),
    "≥75%": (">=", 75, "%"),
    "≥85%": (">=", 85, "%"),
    "≥300户": (">=", 300, "户"),
    "≥98%": (">=", 98, "%"),
    "≤12个月": ("<=", 12, "个月"),
    "≥18万人": (">=", 18, "万人"),
    "≥70%": (">=", 70, "%"),
}

IND_HEAD = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]


def _indicators(rows: list[tuple[str, str, list[str]]], strip: str = "") -> list[dict[str, object]]:
    """The truths of indicator rows (一级, 二级, [三级, 指标值, 完成值, 分值, 得分, 原因]); ``strip``: a
    suffix the form writes after 分值 and 得分 (``分``)."""
    out = []
    for l1, l2, (l3, target, actual, w, s, why) in rows:
        op, value, unit = TARGETS[target]
        weight, score = float(w.removesuffix(strip)), float(s.removesuffix(strip))
        out.append(ind(l1, None, l2, l3, target, op, value, unit, actual, weight, score, why or None))
    return out


# ---------- 贵州 项目支出绩效自评表 (2019): 执行率 without %, 分值/得分 with 分 ----------


def guizhou() -> Built:
    goal_e = "新建农村供水管网45公里，巩固提升1.2万农村人口饮水安全保障水平。"
    goal_a = "新建供水管网46.2公里，1.26万农村人口饮水条件改善，2处工程因雨季顺延完工。"
    table: TableSpec = [
        ["项目名称", C("农村饮水安全巩固提升工程", cols=7)],
        ["主管部门", C("某县水务局", cols=3), "实施单位", C("某县农村供水站", cols=3)],
        [
            C("项目资金（万元）", rows=4),
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率（%）",
            "得分",
        ],
        ["年度资金总额", "300.00", "320.00", "315.20", "10分", "98.50", "9.85分"],
        ["其中：财政拨款", "300.00", "320.00", "315.20", "—", "98.50", "—"],
        ["其他资金", "0.00", "0.00", "0.00", "—", "—", "—"],
        [C("年度总体目标", rows=2), C("预期目标", cols=3), C("实际完成情况", cols=4)],
        [C(goal_e, cols=3), C(goal_a, cols=4)],
    ]
    rows = [
        ("产出指标", "数量指标", ["新建供水管网长度", "≥45公里", "46.2公里", "20分", "20分", ""]),
        ("产出指标", "质量指标", ["工程验收合格率", "100%", "100%", "15分", "15分", ""]),
        ("产出指标", "时效指标", ["工程完工及时率", "≥95%", "92%", "15分", "13分", "2处工程因雨季顺延"]),
        ("效益指标", "社会效益指标", ["受益农村人口", "≥1.2万人", "1.26万人", "30分", "30分", ""]),
        ("满意度指标", "服务对象满意度指标", ["受益群众满意度", "≥90%", "96%", "10分", "10分", ""]),
    ]
    table += [IND_HEAD, *_merged_groups(rows)]
    table += [[C("总分", cols=5), "100分", "97.85分", ""]]
    blocks: Blocks = ["项目支出绩效自评表", "（2019年度）", table]
    truth = _form(
        "project",
        title="项目支出绩效自评表",
        year=2019,
        project="农村饮水安全巩固提升工程",
        competent_department="某县水务局",
        implementing_unit="某县农村供水站",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=97.85,
    )
    truth["funds"] = {
        "total": fund("300.00", "320.00", "315.20", 10, 98.5, 9.85),
        "current_year_appropriation": fund("300.00", "320.00", "315.20", None, 98.5, None),
        "other_funds": fund("0.00", "0.00", "0.00"),
    }
    truth["indicators"] = _indicators(rows, strip="分")
    return blocks, [truth]


GUIZHOU = guizhou()


# ---------- 河南 部门整体支出绩效自评表 (2017): 年度主要任务, 资金情况（万元） ----------


def henan_department() -> Built:
    """A department form whose 年度主要任务 table lists each task's 预算数/执行数 (planned money, not a fund
    line of the contract: residual text) above the 资金情况（万元） block with 年初/全年/执行/执行率."""
    goal_e = "全面落实基本公共卫生服务和计划生育奖励扶助政策，提升城乡居民健康水平。"
    goal_a = "基本公共卫生服务项目全部实施，奖励扶助资金按时足额发放。"
    table: TableSpec = [
        ["部门名称", C("某县卫生和计划生育委员会", cols=6)],
        [C("年度主要任务", rows=3), "任务名称", C("主要内容", cols=3), "预算数（万元）", "执行数（万元）"],
        ["基本公共卫生服务", C("为城乡居民免费提供12类基本公共卫生服务", cols=3), "420.00", "415.80"],
        ["计划生育奖励扶助", C("落实农村部分计划生育家庭奖励扶助政策", cols=3), "160.00", "160.00"],
        [C("资金情况（万元）", rows=4), C("", cols=2), "年初预算数", "全年预算数", "全年执行数", "执行率"],
        [C("年度资金总额", cols=2), "560.00", "580.00", "575.80", "99.28%"],
        [C("其中：财政拨款", cols=2), "540.00", "560.00", "555.80", "99.25%"],
        [C("其他资金", cols=2), "20.00", "20.00", "20.00", "100.00%"],
        [C("年度总体目标", rows=2), C("预期目标", cols=3), C("实际完成情况", cols=3)],
        [C(goal_e, cols=3), C(goal_a, cols=3)],
    ]
    rows = [
        ("产出指标", "数量指标", ["建立居民健康档案人数", "≥24万人", "24.6万人", "20", "20", ""]),
        ("产出指标", "质量指标", ["电子健康档案建档率", "≥75%", "78%", "20", "20", ""]),
        ("产出指标", "时效指标", ["奖励扶助资金发放及时率", "100%", "100%", "20", "20", ""]),
        (
            "效益指标",
            "社会效益指标",
            ["孕产妇系统管理率", "≥90%", "88%", "20", "18", "部分流动孕产妇未纳入管理"],
        ),
        ("满意度指标", "服务对象满意度指标", ["群众满意度", "≥85%", "91%", "20", "20", ""]),
    ]
    # No 偏差原因 column in this template: the last cell of each row below is not written.
    table += [IND_HEAD[:7], *_merged_groups([(l1, l2, r[:5]) for l1, l2, r in rows])]
    table += [[C("总分", cols=5), "100", "98"]]
    blocks: Blocks = ["部门整体支出绩效自评表", "（2017年度）", table]
    truth = _form(
        "department",
        title="部门整体支出绩效自评表",
        year=2017,
        department="某县卫生和计划生育委员会",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=98,
    )
    truth["funds"] = {
        "total": fund("560.00", "580.00", "575.80", None, 99.28),
        "current_year_appropriation": fund("540.00", "560.00", "555.80", None, 99.25),
        "other_funds": fund("20.00", "20.00", "20.00", None, 100),
    }
    truth["indicators"] = _indicators([(a, b, [*r[:5], ""]) for a, b, r in rows])
    return blocks, [truth]


HENAN_DEPARTMENT = henan_department()


# ---------- 山东 项目支出绩效自评表 (2020) printed one page at a time ------------------------------------


def shandong_paged() -> Built:
    """A form printed over two pages: the page number between two indicator rows, and the indicator
    table's header repeated at the top of the second page (as Word repeats a table's heading rows)."""
    goal_e = "完成300户农村危房改造，改造后房屋全部达到安全标准。"
    goal_a = "完成农村危房改造312户，竣工验收合格率100%。"
    top: TableSpec = [
        ["项目名称", C("农村危房改造补助", cols=7)],
        ["主管部门", C("某县住房和城乡建设局", cols=3), "实施单位", C("某县村镇建设服务中心", cols=3)],
        [
            C("项目资金（万元）", rows=3),
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        ["年度资金总额", "468.00", "468.00", "463.32", "10", "99.00%", "9.9"],
        ["其中：财政拨款", "468.00", "468.00", "463.32", "—", "99.00%", "—"],
        [C("年度总体目标", rows=2), C("预期目标", cols=3), C("实际完成情况", cols=4)],
        [C(goal_e, cols=3), C(goal_a, cols=4)],
    ]
    first = [
        ("产出指标", "数量指标", ["危房改造户数", "≥300户", "312户", "30", "30", ""]),
        ("产出指标", "质量指标", ["竣工验收合格率", "≥98%", "100%", "20", "20", ""]),
    ]
    second = [
        ("产出指标", "时效指标", ["改造完成时限", "≤12个月", "11个月", "10", "10", ""]),
        ("效益指标", "社会效益指标", ["住房安全保障率", "100%", "100%", "20", "20", ""]),
        ("满意度指标", "服务对象满意度指标", ["改造户满意度", "≥95%", "97%", "10", "10", ""]),
    ]
    page_one = [*top, IND_HEAD, *_merged_groups(first)]
    page_two = [IND_HEAD, *_merged_groups(second), [C("总分", cols=5), "100", "99.9", ""]]
    blocks: Blocks = [
        "项目支出绩效自评表",
        "（2020年度）",
        page_one,
        "第 1 页 共 2 页",
        page_two,
        "第 2 页 共 2 页",
    ]
    truth = _form(
        "project",
        title="项目支出绩效自评表",
        year=2020,
        project="农村危房改造补助",
        competent_department="某县住房和城乡建设局",
        implementing_unit="某县村镇建设服务中心",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=99.9,
    )
    truth["funds"] = {
        "total": fund("468.00", "468.00", "463.32", 10, 99, 9.9),
        "current_year_appropriation": fund("468.00", "468.00", "463.32", None, 99, None),
    }
    truth["indicators"] = _indicators([*first, *second])
    return blocks, [truth]


SHANDONG_PAGED = shandong_paged()


# ---------- 云南 项目支出绩效自评表 (2018): 单位：万元 above the table, bare 执行率 ----------


def yunnan() -> Built:
    """The unit on its own line above the table (the corner says 项目资金 only), 执行率 written as a bare
    figure under a header without (%), and the 2018 indicator columns 指标内容 / 指标值 / 完成值."""
    goal_e = "完成城乡居民基本医疗保险财政补助，保障18万参保群众基本医疗待遇。"
    goal_a = "补助资金全部拨付，参保18.3万人，住院费用报销比例68%。"
    table: TableSpec = [
        ["项目名称", C("城乡居民基本医疗保险补助", cols=7)],
        ["主管部门", C("某县医疗保障局", cols=3), "实施单位", C("某县医疗保险服务中心", cols=3)],
        [C("项目资金", rows=5), "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "1250.6", "1288.4", "1275.52", "10", "99", "9.9"],
        ["其中：财政拨款", "1250.6", "1288.4", "1275.52", "—", "99", "—"],
        ["上年结转资金", "0", "0", "0", "—", "—", "—"],
        ["其他资金", "0", "0", "0", "—", "—", "—"],
        [C("年度总体目标", rows=2), C("预期目标", cols=3), C("实际完成情况", cols=4)],
        [C(goal_e, cols=3), C(goal_a, cols=4)],
    ]
    why = "部分高值药品不在报销目录内"
    rows = [
        ("产出指标", "数量指标", ["参保人数", "≥18万人", "18.3万人", "30", "30", ""]),
        ("产出指标", "质量指标", ["财政补助标准落实率", "100%", "100%", "20", "20", ""]),
        ("产出指标", "时效指标", ["补助资金拨付及时率", "100%", "100%", "10", "10", ""]),
        ("效益指标", "社会效益指标", ["住院费用报销比例", "≥70%", "68%", "20", "17", why]),
        ("满意度指标", "服务对象满意度指标", ["参保群众满意度", "≥90%", "93%", "10", "10", ""]),
    ]
    head = ["一级指标", "二级指标", "指标内容", "指标值", "完成值", "分值", "得分", "偏差原因分析"]
    table += [head, *_merged_groups(rows), [C("总分", cols=5), "100", "96.9", ""]]
    blocks: Blocks = ["附件3", "项目支出绩效自评表", "（2018年度）", "单位：万元", table]
    truth = _form(
        "project",
        attachment="附件3",
        title="项目支出绩效自评表",
        year=2018,
        project="城乡居民基本医疗保险补助",
        competent_department="某县医疗保障局",
        implementing_unit="某县医疗保险服务中心",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=96.9,
    )
    truth["funds"] = {
        "total": fund("1250.6", "1288.4", "1275.52", 10, 99, 9.9),
        "current_year_appropriation": fund("1250.6", "1288.4", "1275.52", None, 99, None),
        "prior_year_carryover": fund("0", "0", "0"),
        "other_funds": fund("0", "0", "0"),
    }
    truth["indicators"] = _indicators(rows)
    return blocks, [truth]


YUNNAN = yunnan()
