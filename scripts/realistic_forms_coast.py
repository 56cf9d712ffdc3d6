"""More published template variants for ``samples/realistic/`` (see ``realistic_forms.py``), from provinces
the other files lack, each with a clerk's defect:

- 广东 2022 (the 财预〔2020〕10号 项目支出绩效自评表 as county pages publish it): the 上年结转资金 line
  typed in 元 under the （万元） header (its sum with the other lines says so);
- 浙江 2021: a figure copied from a spreadsheet with its group commas astray (``2,58.4,36215``), a fund
  line's label broken over two lines, 一级指标 with their weights (产出指标（50分）);
- 湖北 2022 部门整体: 年度预算执行情况（万元）, 部门整体支出总额 with 财政资金 / 财政专户管理资金 / 单位资金
  lines, figures grouped (1,286.54), and a 年初预算数 total that does not add up (a transposition);
- 北京 2023: 项目负责人 / 联系电话 in the header, 万元 to four places, 执行率 to one place (99.5%);
- 福建 2021: 金额单位：元 on its own line, grouped 元 figures (1,286,400.00) and a 上年结转 of ``348,600``
  (a thousands separator: the lines add up with it);
- 广西 2020: a title the older vocabulary lacked (项目自评表, its year in it), 单位名称 and 填报日期 on one
  line, the money block's unit on a row of its own above the header (资金情况（万元）).

Layouts as published, names and figures invented, truths written by hand from the values below (before
jixiao read them); the figures keep the forms' identities except where the defect is the point.
"""

from __future__ import annotations

from realistic_forms import Built, _form, _merged_groups, _yuan
from realistic_forms_provinces import IND_HEAD
from template_dsl import Blocks, C, TableSpec, fund, ind

# What each target writes, as the normalizer types it: (operator, value, unit).
TARGETS = {
    "≥3.6万吨": (">=", 3.6, "万吨"),
    "≥95%": (">=", 95, "%"),
    "100%": (None, 100, "%"),
    "明显改善": (None, None, None),
    "≥90%": (">=", 90, "%"),
    "≥45公里": (">=", 45, "公里"),
    "≥1.2万人": (">=", 1.2, "万人"),
    "≥1.5万件": (">=", 1.5, "万件"),
    "≤1%": ("<=", 1, "%"),
    "≤5个工作日": ("<=", 5, "个工作日"),
    "≥28.6万亩": (">=", 28.6, "万亩"),
    "按计划推进": (None, None, None),
    "≥120家": (">=", 120, "家"),
    "≥800人": (">=", 800, "人"),
    "≥2000亩": (">=", 2000, "亩"),
    "≥50公斤": (">=", 50, "公斤"),
    "≥3.5万亩": (">=", 3.5, "万亩"),
    "≥68%": (">=", 68, "%"),
    "≥12所": (">=", 12, "所"),
    "≥35处": (">=", 35, "处"),
    "≥2.4万人": (">=", 2.4, "万人"),
    "≥8个": (">=", 8, "个"),
    "≥2400户": (">=", 2400, "户"),
    "≥15个": (">=", 15, "个"),
    "≥60%": (">=", 60, "%"),
    "≥120场": (">=", 120, "场"),
    "全年": (None, None, None),
    "≥8万人次": (">=", 8, "万人次"),
}

IND_MONEY = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
Rows = list[tuple[str, str, list[str]]]  # (一级, 二级, [三级, 指标值, 完成值, 分值, 得分, 原因])


def _indicators(rows: Rows, weights: dict[str, float] | None = None) -> list[dict[str, object]]:
    """The truths of indicator rows; ``weights``: each 一级指标's weight as its label writes it (（50分）)."""
    out = []
    for l1, l2, (l3, target, actual, w, s, why) in rows:
        op, value, unit = TARGETS[target]
        name = l1.split("（")[0]
        l1w = (weights or {}).get(name)
        out.append(ind(name, l1w, l2, l3, target, op, value, unit, actual, float(w), float(s), why or None))
    return out


def _goals(width: int, expected: str, actual: str) -> TableSpec:
    a = (width - 1) // 2
    return [
        [C("年度总体目标", rows=2), C("预期目标", cols=a), C("实际完成情况", cols=width - 1 - a)],
        [C(expected, cols=a), C(actual, cols=width - 1 - a)],
    ]


def _head(project: str, dept: str, unit: str) -> TableSpec:
    return [
        ["项目名称", C(project, cols=7)],
        ["主管部门", C(dept, cols=3), "实施单位", C(unit, cols=3)],
    ]


# ---------- 广东 2022: 上年结转资金 typed in 元 under the 万元 header -----------------------------------


def guangdong() -> Built:
    goal_e = "完成全县城乡生活垃圾收运处理，生活垃圾无害化处理率达到95%以上。"
    goal_a = "全年清运生活垃圾3.82万吨，无害化处理率97%，农村人居环境明显改善。"
    table: TableSpec = [
        *_head("城乡生活垃圾收运处理补助", "某县住房和城乡建设局", "某县环境卫生管理站"),
        [C("项目资金（万元）", rows=5), "", *IND_MONEY],
        ["年度资金总额", "520.00", "538.60", "520.10", "10", "96.57%", "9.66"],
        ["其中：当年财政拨款", "520.00", "520.00", "503.00", "—", "96.73%", "—"],
        ["上年结转资金", "0.00", "186000.00", "171000.00", "—", "91.94%", "—"],
        ["其他资金", "0.00", "0.00", "0.00", "—", "—", "—"],
        *_goals(8, goal_e, goal_a),
    ]
    rows: Rows = [
        ("产出指标", "数量指标", ["生活垃圾清运量", "≥3.6万吨", "3.82万吨", "20", "20", ""]),
        ("产出指标", "质量指标", ["垃圾无害化处理率", "≥95%", "97%", "20", "20", ""]),
        ("产出指标", "时效指标", ["垃圾日产日清率", "100%", "98%", "10", "9", "雨季个别线路延误"]),
        ("效益指标", "社会效益指标", ["农村人居环境改善", "明显改善", "明显改善", "20", "19", ""]),
        ("满意度指标", "服务对象满意度指标", ["群众满意度", "≥90%", "92%", "20", "20", ""]),
    ]
    table += [IND_HEAD, *_merged_groups(rows), [C("总分", cols=5), "100", "97.66", ""]]
    blocks: Blocks = ["附件2", "项目支出绩效自评表", "（2022年度）", table]
    truth = _form(
        "project",
        attachment="附件2",
        title="项目支出绩效自评表",
        year=2022,
        project="城乡生活垃圾收运处理补助",
        competent_department="某县住房和城乡建设局",
        implementing_unit="某县环境卫生管理站",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=97.66,
    )
    truth["funds"] = {
        "total": fund("520.00", "538.60", "520.10", 10, 96.57, 9.66),
        "current_year_appropriation": fund("520.00", "520.00", "503.00", None, 96.73),
        # typed in 元: 520.00 + 18.60 = 538.60 and 503.00 + 17.10 = 520.10 (万元)
        "prior_year_carryover": _yuan("0.00", "186000.00", "171000.00", None, 91.94),
        "other_funds": fund("0.00", "0.00", "0.00"),
    }
    truth["indicators"] = _indicators(rows)
    return blocks, [truth]


GUANGDONG = guangdong()


# ---------- 浙江 2021: group commas astray, a label broken over two lines, weighted 一级指标 -----------


def zhejiang() -> Built:
    goal_e = "完成山区县农村公路提升改造45公里，改善沿线1.2万农村人口出行条件。"
    goal_a = "完成提升改造46.2公里，受益人口1.26万人，2个标段因征地顺延完工。"
    table: TableSpec = [
        *_head("山区县农村公路提升改造", "某县交通运输局", "某县公路与运输管理中心"),
        [C("项目资金\n（万元）", rows=4), "", *IND_MONEY],
        ["年度资金总额", "260.00", "262.50", "2,58.4,36215", "10", "98.45%", "9.85"],
        ["其中：本年财\n政拨款", "260.00", "262.50", "258.436215", "—", "98.45%", "—"],
        ["其他资金", "0", "0", "0", "—", "—", "—"],
        *_goals(8, goal_e, goal_a),
    ]
    rows: Rows = [
        ("产出指标（50分）", "数量指标", ["提升改造农村公路里程", "≥45公里", "46.2公里", "20", "20", ""]),
        ("产出指标（50分）", "质量指标", ["交工验收合格率", "100%", "100%", "15", "15", ""]),
        ("产出指标（50分）", "时效指标", ["按期完工率", "≥95%", "92%", "15", "13", "2个标段因征地顺延"]),
        ("效益指标（30分）", "社会效益指标", ["受益农村人口", "≥1.2万人", "1.26万人", "30", "30", ""]),
        ("满意度指标（10分）", "服务对象满意度指标", ["沿线群众满意度", "≥90%", "96%", "10", "10", ""]),
    ]
    table += [IND_HEAD, *_merged_groups(rows), [C("总分", cols=5), "100", "97.85", ""]]
    blocks: Blocks = ["项目支出绩效自评表", "（2021年度）", table]
    truth = _form(
        "project",
        title="项目支出绩效自评表",
        year=2021,
        project="山区县农村公路提升改造",
        competent_department="某县交通运输局",
        implementing_unit="某县公路与运输管理中心",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=97.85,
    )
    truth["funds"] = {
        "total": fund("260.00", "262.50", "258.436215", 10, 98.45, 9.85),
        "current_year_appropriation": fund("260.00", "262.50", "258.436215", None, 98.45),
        "other_funds": fund("0", "0", "0"),
    }
    truth["indicators"] = _indicators(rows, {"产出指标": 50, "效益指标": 30, "满意度指标": 10})
    return blocks, [truth]


ZHEJIANG = zhejiang()


# ---------- 湖北 2022 部门整体: 部门整体支出总额, grouped figures, a total that does not add up ----------


def hubei_department() -> Built:
    goal_e = "做好不动产登记、耕地保护和国土空间规划编制，保障全县重点项目用地。"
    goal_a = "全年办理不动产登记1.62万件，耕地保有量28.7万亩，村庄规划编制按计划推进。"
    table: TableSpec = [
        ["部门（单位）名称", C("某县自然资源和规划局", cols=7)],
        [C("年度预算执行情况（万元）", rows=5), "", *IND_MONEY],
        # 年初: 1,236.45 + 50.00 = 1,286.45, typed 1,286.54 (the form's figure stands as written)
        ["部门整体支出总额", "1,286.54", "1,352.80", "1,318.62", "10", "97.47%", "9.75"],
        ["其中：财政资金", "1,236.45", "1,302.80", "1,268.62", "—", "97.38%", "—"],
        ["财政专户管理资金", "0.00", "0.00", "0.00", "—", "—", "—"],
        ["单位资金", "50.00", "50.00", "50.00", "—", "100.00%", "—"],
        *_goals(8, goal_e, goal_a),
    ]
    rows: Rows = [
        ("产出指标", "数量指标", ["不动产登记业务量", "≥1.5万件", "1.62万件", "20", "20", ""]),
        ("产出指标", "质量指标", ["登记差错率", "≤1%", "0.3%", "10", "10", ""]),
        ("产出指标", "时效指标", ["一般登记办结时限", "≤5个工作日", "3个工作日", "10", "10", ""]),
        ("效益指标", "社会效益指标", ["耕地保有量", "≥28.6万亩", "28.7万亩", "20", "20", ""]),
        (
            "效益指标",
            "可持续影响指标",
            ["国土空间规划编制进度", "按计划推进", "按计划推进", "10", "9", "村庄规划编制滞后"],
        ),
        ("满意度指标", "服务对象满意度指标", ["办事群众满意度", "≥90%", "95%", "20", "20", ""]),
    ]
    table += [IND_HEAD, *_merged_groups(rows), [C("总分", cols=5), "100", "98.75", ""]]
    blocks: Blocks = ["部门整体支出绩效自评表", "（2022年度）", table]
    truth = _form(
        "department",
        title="部门整体支出绩效自评表",
        year=2022,
        department="某县自然资源和规划局",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=98.75,
    )
    truth["funds"] = {
        "total": fund("1286.54", "1352.80", "1318.62", 10, 97.47, 9.75),
        "fiscal_funds": fund("1236.45", "1302.80", "1268.62", None, 97.38),
        "special_account_funds": fund("0.00", "0.00", "0.00"),
        "unit_funds": fund("50.00", "50.00", "50.00", None, 100),
    }
    truth["indicators"] = _indicators(rows)
    return blocks, [truth]


HUBEI_DEPARTMENT = hubei_department()


# ---------- 北京 2023: 项目负责人 / 联系电话, 万元 to four places, 执行率 to one place ------------------


def beijing() -> Built:
    goal_e = "为辖区科技型中小企业提供孵化服务不少于120家，带动就业800人以上。"
    goal_a = "全年服务入孵企业126家，带动就业760人，资金按进度拨付。"
    table: TableSpec = [
        *_head("科技企业孵化服务补贴", "某区科学技术委员会", "某区科技企业服务中心"),
        ["项目负责人", C("刘某", cols=3), "联系电话", C("010-60000000", cols=3)],
        [C("项目资金\n（万元）", rows=4), "", *IND_MONEY[:2], "全年执行\n数", *IND_MONEY[3:]],
        ["年度资金总额", "90.00", "86.2543", "85.8231", "10", "99.5%", "9.95"],
        ["其中：财政拨款", "90.00", "86.2543", "85.8231", "—", "99.5%", "—"],
        ["其他资金", "0", "0", "0", "—", "—", "—"],
        *_goals(8, goal_e, goal_a),
    ]
    rows: Rows = [
        ("产出指标", "数量指标", ["孵化服务企业数量", "≥120家", "126家", "25", "25", ""]),
        ("产出指标", "质量指标", ["服务合格率", "≥95%", "98%", "15", "15", ""]),
        ("产出指标", "时效指标", ["资金拨付及时率", "100%", "100%", "10", "10", ""]),
        ("效益指标", "社会效益指标", ["带动就业人数", "≥800人", "760人", "20", "18", "部分企业缩减招聘"]),
        ("满意度指标", "服务对象满意度指标", ["入孵企业满意度", "≥90%", "93%", "20", "20", ""]),
    ]
    table += [IND_HEAD, *_merged_groups(rows), [C("总分", cols=5), "100", "97.95", ""]]
    blocks: Blocks = ["项目支出绩效自评表", "（2023年度）", table]
    truth = _form(
        "project",
        title="项目支出绩效自评表",
        year=2023,
        project="科技企业孵化服务补贴",
        competent_department="某区科学技术委员会",
        implementing_unit="某区科技企业服务中心",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=97.95,
    )
    truth["funds"] = {
        "total": fund("90.00", "86.2543", "85.8231", 10, 99.5, 9.95),
        "current_year_appropriation": fund("90.00", "86.2543", "85.8231", None, 99.5),
        "other_funds": fund("0", "0", "0"),
    }
    truth["indicators"] = _indicators(rows)
    return blocks, [truth]


BEIJING = beijing()


# ---------- 福建 2021: 金额单位：元, grouped 元 figures, a 上年结转 of 348,600 ---------------------------


def fujian() -> Built:
    goal_e = "建设高标准农田2000亩，配套灌溉排水设施，亩均增产50公斤以上。"
    goal_a = "建成高标准农田2150亩，亩均增产55公斤，部分田块灌溉设施尚未配套。"
    table: TableSpec = [
        *_head("高标准农田建设", "某县农业农村局", "某县农田建设服务中心"),
        [C("项目资金", rows=5), "", *IND_MONEY],
        ["年度资金总额", "1,286,400.00", "1,635,000.00", "1,594,125.00", "10", "97.50%", "9.75"],
        ["其中：当年财政拨款", "1,286,400.00", "1,286,400.00", "1,245,525.00", "—", "96.82%", "—"],
        ["上年结转资金", "0", "348,600", "348,600", "—", "100%", "—"],
        ["其他资金", "", "", "", "", "", ""],
        *_goals(8, goal_e, goal_a),
    ]
    rows: Rows = [
        ("产出指标", "数量指标", ["高标准农田建设面积", "≥2000亩", "2150亩", "30", "30", ""]),
        ("产出指标", "质量指标", ["工程验收合格率", "100%", "100%", "20", "20", ""]),
        ("效益指标", "经济效益指标", ["亩均增产", "≥50公斤", "55公斤", "20", "20", ""]),
        (
            "满意度指标",
            "服务对象满意度指标",
            ["受益农户满意度", "≥90%", "89%", "20", "18", "部分田块灌溉设施尚未配套"],
        ),
    ]
    table += [IND_HEAD, *_merged_groups(rows), [C("总分", cols=5), "100", "97.75", ""]]
    blocks: Blocks = ["项目支出绩效自评表", "（2021年度）", "金额单位：元", table]
    truth = _form(
        "project",
        title="项目支出绩效自评表",
        year=2021,
        project="高标准农田建设",
        competent_department="某县农业农村局",
        implementing_unit="某县农田建设服务中心",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=97.75,
    )
    truth["funds"] = {
        "total": _yuan("1286400.00", "1635000.00", "1594125.00", 10, 97.5, 9.75),
        "current_year_appropriation": _yuan("1286400.00", "1286400.00", "1245525.00", None, 96.82),
        "prior_year_carryover": _yuan("0.00", "348600.00", "348600.00", None, 100),
        "other_funds": _yuan(None, None, None),
    }
    truth["indicators"] = _indicators(rows)
    return blocks, [truth]


FUJIAN = fujian()


# ---------- 广西 2020: 项目自评表, 单位名称 and 填报日期 on one line, the unit on a row of its own ----------


def guangxi() -> Built:
    goal_e = "落实3.5万亩公益林管护责任，森林覆盖率保持在68%以上。"
    goal_a = "完成管护面积3.5万亩，森林覆盖率68.3%，未发生森林火灾。"
    table: TableSpec = [
        *_head("公益林管护补助", "某县林业局", "某县国有林场"),
        [C("资金情况（万元）", cols=8)],
        [C("", cols=2), *IND_MONEY],
        [C("年度资金总额", cols=2), "45.00", "45.00", "44.1", "10", "98%", "9.8"],
        [C("其中：财政资金", cols=2), "45.00", "45.00", "44.1", "—", "98%", "—"],
        [C("其他资金", cols=2), "", "", "", "", "", ""],
        *_goals(8, goal_e, goal_a),
    ]
    rows: Rows = [
        ("产出指标", "数量指标", ["公益林管护面积", "≥3.5万亩", "3.5万亩", "30", "30", ""]),
        ("产出指标", "质量指标", ["森林火灾受害率", "≤1%", "0", "20", "20", ""]),
        ("效益指标", "生态效益指标", ["森林覆盖率", "≥68%", "68.3%", "20", "20", ""]),
        ("满意度指标", "服务对象满意度指标", ["护林员满意度", "≥90%", "95%", "20", "18", ""]),
    ]
    table += [IND_HEAD, *_merged_groups(rows), [C("总分", cols=5), "100", "97.8", ""]]
    blocks: Blocks = ["2020年度项目自评表", "单位名称：某县林业局 填报日期：2021.5.18", table]
    truth = _form(
        "project",
        title="2020年度项目自评表",
        year=2020,
        department="某县林业局",
        project="公益林管护补助",
        competent_department="某县林业局",
        implementing_unit="某县国有林场",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=97.8,
    )
    truth["funds"] = {
        "total": fund("45.00", "45.00", "44.1", 10, 98, 9.8),
        "fiscal_funds": fund("45.00", "45.00", "44.1", None, 98),
        "other_funds": fund(None, None, None),
    }
    truth["indicators"] = _indicators(rows)
    return blocks, [truth]


GUANGXI = guangxi()

COAST_FORMS = {
    "guangdong": GUANGDONG,
    "zhejiang": ZHEJIANG,
    "hubei_department": HUBEI_DEPARTMENT,
    "beijing": BEIJING,
    "fujian": FUJIAN,
    "guangxi": GUANGXI,
}
