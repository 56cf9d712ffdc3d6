"""Two more published variants for ``samples/realistic/`` (see ``realistic_forms.py``):

- 湖南/湖北 2018 部门整体支出绩效自评表 on the older framework (财预〔2013〕53号's 共性指标体系框架): no money
  block, 一级指标 written bare with their weights (投入（20分）, 过程, 产出, 效果), 二级指标 of the framework
  (目标设定, 预算配置, 预算执行 …), 分值 | 评分标准 | 自评得分, 合计 — and a 三级指标 named 实际完成率 that is
  no goal heading;
- 陕西 2021 项目支出绩效自评表 with (A)/(B) column references, its header declaring （元） while the figures
  are 万元 to four places (38.2460 元 is no whole-cent sum);
- 河北 2017 项目支出绩效自评表: 预算安排数 | 资金到位数 | 实际支出数 | 预算执行率 (到位 is no column of the
  contract), no 分值/得分 in the money block, a figure copied with its commas astray (``7,8.4,2``);
- 江苏 2019 项目支出绩效自评表: the money block lists its sources first (财政资金, 其他资金) and closes with
  their 合计, the line 分值/执行率/得分 stand on (合计 is also the word of a 总分 row).

Layouts as published, names and figures invented, truths written by hand from the values below.
"""

from __future__ import annotations

from realistic_forms import Built, _form, _merged_groups
from realistic_forms_coast import Rows, _goals, _head, _indicators
from realistic_forms_provinces import IND_HEAD
from template_dsl import Blocks, C, TableSpec, fund, ind

# (一级 with its weight, 二级, [三级, 分值, 评分标准, 自评得分])
_FRAMEWORK_ROWS = [
    ("投入（20分）", "目标设定", ["绩效目标合理性", "4", "目标符合部门职能、依据充分的得4分", "4"]),
    ("投入（20分）", "目标设定", ["绩效指标明确性", "4", "指标细化量化的得4分", "3.5"]),
    ("投入（20分）", "预算配置", ["在职人员控制率", "4", "控制率≤100%的得4分", "4"]),
    ("投入（20分）", "预算配置", ["“三公经费”变动率", "4", "变动率≤0的得4分", "4"]),
    ("投入（20分）", "预算配置", ["重点支出安排率", "4", "安排率≥80%的得4分", "4"]),
    ("过程（30分）", "预算执行", ["预算完成率", "6", "完成率×分值", "5.8"]),
    ("过程（30分）", "预算执行", ["预算调整率", "6", "调整率≤10%的得6分", "5"]),
    ("过程（30分）", "预算管理", ["管理制度健全性", "6", "制度健全的得6分", "6"]),
    ("过程（30分）", "预算管理", ["资金使用合规性", "6", "无违规的得6分", "6"]),
    ("过程（30分）", "资产管理", ["固定资产利用率", "6", "利用率≥90%的得6分", "6"]),
    ("产出（25分）", "职责履行", ["实际完成率", "10", "完成率×分值", "10"]),
    ("产出（25分）", "职责履行", ["完成及时率", "8", "及时率×分值", "7.5"]),
    ("产出（25分）", "职责履行", ["质量达标率", "7", "达标率×分值", "7"]),
    ("效果（25分）", "履职效益", ["社会效益", "10", "效益明显的得10分", "9"]),
    ("效果（25分）", "履职效益", ["可持续影响", "7", "影响明显的得7分", "7"]),
    ("效果（25分）", "履职效益", ["社会公众或服务对象满意度", "8", "满意度≥90%的得8分", "8"]),
]


def framework_department() -> Built:
    table: TableSpec = [
        ["单位名称", C("某县文化旅游广电局", cols=5)],
        ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "自评得分"],
        *_merged_groups(_FRAMEWORK_ROWS),
        [C("合计", cols=3), "100", "", "96.8"],
    ]
    blocks: Blocks = ["附件2", "部门整体支出绩效自评表", "（2018年度）", table]
    truth = _form(
        "department",
        attachment="附件2",
        title="部门整体支出绩效自评表",
        year=2018,
        department="某县文化旅游广电局",
        total_weight=100,
        total_score=96.8,
    )
    for l1, l2, (l3, w, _criteria, s) in _FRAMEWORK_ROWS:
        name, weight = l1.split("（")[0], float(l1.split("（")[1].removesuffix("分）"))
        truth["indicators"].append(
            ind(name, weight, l2, l3, None, None, None, None, None, float(w), float(s), None)
        )
    return blocks, [truth]


FRAMEWORK_DEPARTMENT = framework_department()


def shaanxi() -> Built:
    goal_e = "完成城区12所学校校舍维修改造，消除校舍安全隐患。"
    goal_a = "完成12所学校校舍维修改造，竣工验收全部合格。"
    table: TableSpec = [
        *_head("中小学校舍维修改造", "某区教育局", "某区教育基建服务中心"),
        [
            C("项目资金（元）", rows=4),
            "",
            "年初预算数",
            "全年预算数（A）",
            "全年执行数（B）",
            "分值",
            "执行率（B/A）",
            "得分",
        ],
        ["年度资金总额", "36.5000", "38.2460", "37.8253", "10", "98.90%", "9.89"],
        ["其中：财政拨款", "36.5000", "38.2460", "37.8253", "—", "98.90%", "—"],
        ["其他资金", "0", "0", "0", "—", "—", "—"],
        *_goals(8, goal_e, goal_a),
    ]
    rows: Rows = [
        ("产出指标", "数量指标", ["维修改造学校数", "≥12所", "12所", "30", "30", ""]),
        ("产出指标", "质量指标", ["竣工验收合格率", "100%", "100%", "20", "20", ""]),
        ("效益指标", "社会效益指标", ["校舍安全隐患消除率", "100%", "100%", "20", "20", ""]),
        (
            "满意度指标",
            "服务对象满意度指标",
            ["师生满意度", "≥90%", "88%", "20", "18", "部分学校施工影响教学"],
        ),
    ]
    table += [IND_HEAD, *_merged_groups(rows), [C("总分", cols=5), "100", "97.89", ""]]
    blocks: Blocks = ["项目支出绩效自评表", "（2021年度）", table]
    truth = _form(
        "project",
        title="项目支出绩效自评表",
        year=2021,
        project="中小学校舍维修改造",
        competent_department="某区教育局",
        implementing_unit="某区教育基建服务中心",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=97.89,
    )
    # the header's 元 is the slip: 38.2460 and 37.8253 are whole cents only in 万元
    truth["funds"] = {
        "total": fund("36.5000", "38.2460", "37.8253", 10, 98.9, 9.89),
        "current_year_appropriation": fund("36.5000", "38.2460", "37.8253", None, 98.9),
        "other_funds": fund("0", "0", "0"),
    }
    truth["indicators"] = _indicators(rows)
    return blocks, [truth]


SHAANXI = shaanxi()


_OLDER_MONEY = ["预算安排数", "资金到位数", "实际支出数"]


def hebei_2017() -> Built:
    goal_e = "完成全县35处农村饮水工程维修养护，保障2.4万农村人口饮水安全。"
    goal_a = "完成36处工程维修养护，受益人口2.45万人，个别工程维修滞后。"
    table: TableSpec = [
        *_head("农村饮水工程维修养护", "某县水利局", "某县农村供水管理站"),
        [C("项目资金（万元）", rows=3), "", *_OLDER_MONEY, C("预算执行率", cols=3)],
        ["年度资金总额", "86.50", "80.00", "7,8.4,2", C("90.66%", cols=3)],
        ["其中：财政拨款", "86.50", "80.00", "78.42", C("90.66%", cols=3)],
        *_goals(8, goal_e, goal_a),
    ]
    rows: Rows = [
        ("产出指标", "数量指标", ["维修养护工程处数", "≥35处", "36处", "30", "30", ""]),
        ("产出指标", "质量指标", ["工程完好率", "≥95%", "96%", "30", "29", "个别工程维修滞后"]),
        ("效益指标", "社会效益指标", ["受益农村人口", "≥2.4万人", "2.45万人", "20", "20", ""]),
        ("满意度指标", "服务对象满意度指标", ["受益群众满意度", "≥90%", "92%", "20", "20", ""]),
    ]
    table += [IND_HEAD, *_merged_groups(rows), [C("总分", cols=5), "100", "99", ""]]
    blocks: Blocks = ["项目支出绩效自评表", "（2017年度）", table]
    truth = _form(
        "project",
        title="项目支出绩效自评表",
        year=2017,
        project="农村饮水工程维修养护",
        competent_department="某县水利局",
        implementing_unit="某县农村供水管理站",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=99,
    )
    # 预算安排数 is the budget the rate divides by (78.42 ÷ 86.50 = 90.66%); 资金到位数 has no field
    truth["funds"] = {
        "total": fund(None, "86.50", "78.42", None, 90.66),
        "current_year_appropriation": fund(None, "86.50", "78.42", None, 90.66),
    }
    truth["indicators"] = _indicators(rows)
    return blocks, [truth]


HEBEI_2017 = hebei_2017()


def jiangsu_2019() -> Built:
    goal_e = "完成全区老旧小区改造8个，惠及居民2400户。"
    goal_a = "完成老旧小区改造8个，惠及居民2460户，1个小区配套工程顺延。"
    table: TableSpec = [
        *_head("老旧小区改造补助", "某区住房和城乡建设局", "某区城市更新服务中心"),
        [C("项目资金（万元）", rows=4), "", *_MONEY],
        ["财政资金", "100.00", "100.00", "94.00", "—", "94.00%", "—"],
        ["其他资金", "20.00", "20.00", "18.80", "—", "94.00%", "—"],
        ["合计", "120.00", "120.00", "112.80", "10", "94.00%", "9.4"],
        *_goals(8, goal_e, goal_a),
    ]
    rows: Rows = [
        ("产出指标", "数量指标", ["改造小区数量", "≥8个", "8个", "30", "30", ""]),
        ("产出指标", "时效指标", ["按期完工率", "100%", "88%", "20", "17", "1个小区配套工程顺延"]),
        ("效益指标", "社会效益指标", ["惠及居民户数", "≥2400户", "2460户", "20", "20", ""]),
        ("满意度指标", "服务对象满意度指标", ["居民满意度", "≥90%", "95%", "20", "20", ""]),
    ]
    table += [IND_HEAD, *_merged_groups(rows), [C("总分", cols=5), "100", "96.4", ""]]
    blocks: Blocks = ["项目支出绩效自评表", "（2019年度）", table]
    truth = _form(
        "project",
        title="项目支出绩效自评表",
        year=2019,
        project="老旧小区改造补助",
        competent_department="某区住房和城乡建设局",
        implementing_unit="某区城市更新服务中心",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=96.4,
    )
    truth["funds"] = {
        "fiscal_funds": fund("100.00", "100.00", "94.00", None, 94),
        "other_funds": fund("20.00", "20.00", "18.80", None, 94),
        "total": fund("120.00", "120.00", "112.80", 10, 94, 9.4),
    }
    truth["indicators"] = _indicators(rows)
    return blocks, [truth]


_MONEY = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
JIANGSU_2019 = jiangsu_2019()

FRAMEWORK_FORMS = {
    "framework_department_2018": FRAMEWORK_DEPARTMENT,
    "shaanxi_2021": SHAANXI,
    "hebei_2017": HEBEI_2017,
    "jiangsu_2019": JIANGSU_2019,
}
