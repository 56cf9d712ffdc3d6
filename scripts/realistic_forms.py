"""The forms of ``samples/realistic/``: template variants seen in published self-evaluation forms.

Each builder returns ``(blocks, truths)``: paragraphs and tables in ``template_dsl`` terms, and the truth of
every form in them, written here by hand from the values below (never by running jixiao). The layouts follow
published templates (where from: ``samples/realistic/README.md``); names and figures are invented, and the
figures keep the forms' own identities (执行率 = 执行数 / 预算数, parts' scores adding up to the total).
"""

from __future__ import annotations

from typing import Any

from template_dsl import Blocks, C, TableSpec, Truth, form, fund, ind, wan

Built = tuple[Blocks, list[Truth]]


_form = form  # a form's truth: every compared field (truth_fields.FORM_FIELDS) present, null unless given


def _yuan(
    bi: str | None, bf: str | None, ex: str | None, w: Any = None, rate: Any = None, score: Any = None
) -> Truth:
    """A fund line's truth with money already in 元."""
    return {
        "budget_initial_yuan": bi,
        "budget_full_year_yuan": bf,
        "executed_yuan": ex,
        "weight": w,
        "execution_rate_pct": rate,
        "score": score,
    }


def _merged_groups(rows: list[tuple[str, str, list[str]]]) -> TableSpec:
    """Indicator rows with 一级 and 二级 merged down over their runs, as Word and web tables draw them."""
    out: TableSpec = []
    for n, (l1, l2, rest) in enumerate(rows):
        cells: list[str | C] = []
        if n == 0 or rows[n - 1][0] != l1:
            span = 1
            while n + span < len(rows) and rows[n + span][0] == l1:
                span += 1
            cells.append(C(l1, rows=span))
        if n == 0 or rows[n - 1][:2] != (l1, l2):
            span = 1
            while n + span < len(rows) and rows[n + span][:2] == (l1, l2):
                span += 1
            cells.append(C(l2, rows=span))
        out.append([*cells, *rest])
    return out


# ---------- Sichuan 部门预算项目支出绩效自评表 (2023): 指标性质/度量单位, 权重, 未完成原因分析 ------

SC_NOTE = (
    "1.预算执行率=预算执行数/调整后预算数，预算执行率未达到90%的需说明原因（100字以内）；"
    "2.年中发生预算调整的（追加或调减），应单独说明理由；3.其他资金包括：社会投入资金、银行贷款。"
)


def sichuan(
    project: str,
    dept: str,
    unit: str,
    money: tuple[str, str, str, str],
    inds: list[Any],
    scored: bool = True,
) -> Built:
    """One 四川 form; ``money`` = (年初, 调整后, 执行, 执行率) in 万元; ``inds`` rows of
    (一级, 二级, 三级, 性质, 指标值, 单位, 完成值, 权重, 得分, 原因, target_raw, op, value).
    ``scored=False``: published before the scoring, every 得分 left empty (the totals' too)."""
    bi, bf, ex, rate = money
    fund_score = f"{float(rate.rstrip('%')) / 10:.2f}".rstrip("0").rstrip(".") if scored else ""
    goal_e = f"保障{project.split('-', 1)[1]}按计划实施，资金及时足额拨付。"
    goal_a = "已按计划完成年度任务，资金全部拨付到位。"
    zero = ["0.00", "0.00", "0.00", "0.00%", "/", "/"]
    table: TableSpec = [
        ["项目名称", C(project, cols=10)],
        ["主管部门", C(dept, cols=4), C("实施单位（盖章）", cols=2), C(unit, cols=4)],
        [
            C("项目基本情况", rows=3),
            C("1.项目年度目标完成情况", cols=2, rows=2),
            C("项目年度目标", cols=4),
            C("年度目标完成情况", cols=4),
        ],
        [C(goal_e, cols=4), C(goal_a, cols=4)],
        [C("2.项目实施内容及过程概述", cols=2), C("按年度计划组织实施，资金按进度拨付。", cols=8)],
        [
            C("预算执行情况（10分）", rows=6),
            C("年度预算数（万元）", cols=2),
            *("年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"),
            C("原因", cols=2),
        ],
        [C("总额", cols=2), bi, bf, ex, rate, "10", fund_score, C(SC_NOTE, cols=2, rows=5)],
        [C("其中：财政资金", cols=2), bi, bf, ex, rate, "/", "/"],
        [C("财政专户管理资金", cols=2), *zero],
        [C("单位资金", cols=2), *zero],
        [C("其他资金", cols=2), "", "", "", "", "/", "/"],
    ]
    head = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "完成值",
        "权重",
        "得分",
        "未完成原因分析",
    ]
    body = _merged_groups([(r[0], r[1], list(r[2:10])) for r in inds])
    table += [[C("绩效指标（90分）", rows=1 + len(body)), *head], *body]
    total = float(fund_score) + sum(float(r[8]) for r in inds) if scored else 0.0
    total_text = f"{total:.2f}".rstrip("0").rstrip(".") if scored else ""
    table += [
        [C("合计", cols=8), "100", total_text, ""],
        ["评价结论", C("项目按计划完成，资金使用规范，达到预期效果。", cols=10)],
        ["存在问题", C("无", cols=10)],
        ["改进措施", C("无", cols=10)],
        [C("项目负责人：王某", cols=5), C("财务负责人：李某", cols=6)],
    ]
    blocks: Blocks = ["报表编号：510000_0013zp", "部门预算项目支出绩效自评表（2023年度）", table]
    sub = {"budget_initial": wan(bi), "full": wan(bf), "ex": wan(ex)}
    zero_line = _yuan("0.00", "0.00", "0.00", None, 0, None)
    truth = _form(
        "project",
        # the title as written, its year kept (as in samples/templates)
        title="部门预算项目支出绩效自评表（2023年度）",
        year=2023,
        project=project,
        competent_department=dept,
        implementing_unit=unit,
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=_num(total_text) if scored else None,
    )
    rate_n = _num(rate.rstrip("%"))
    truth["funds"] = {
        "total": _yuan(
            sub["budget_initial"], sub["full"], sub["ex"], 10, rate_n, _num(fund_score) if scored else None
        ),
        "fiscal_funds": _yuan(sub["budget_initial"], sub["full"], sub["ex"], None, rate_n, None),
        "special_account_funds": zero_line,
        "unit_funds": zero_line,
        "other_funds": _yuan(None, None, None),
    }
    for r in inds:
        l1, l2, l3, _nature, _val, _unit, actual, w, s, why, target_raw, op, value = r
        truth["indicators"].append(
            ind(
                l1,
                None,
                l2,
                l3,
                target_raw,
                op,
                value,
                _unit,
                actual or None,
                _num(w),
                _num(s) if s else None,
                why or None,
            )
        )
    return blocks, [truth]


def _num(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


SICHUAN_A = sichuan(
    "51010022T000004417788-乡镇敬老院运营补助",
    "某县民政局",
    "某县民政局",
    ("120.00", "135.50", "132.79", "98.00%"),
    [
        (
            "产出指标",
            "数量指标",
            "入住老人人数",
            "≥",
            "120",
            "人",
            "126",
            "20",
            "20",
            "",
            "≥120人",
            ">=",
            120,
        ),
        ("产出指标", "质量指标", "安全事故发生率", "≤", "0", "%", "0", "20", "20", "", "≤0%", "<=", 0),
        (
            "产出指标",
            "时效指标",
            "补助资金拨付及时率",
            "=",
            "100",
            "%",
            "100",
            "10",
            "10",
            "",
            "=100%",
            "=",
            100,
        ),
        (
            "效益指标",
            "社会效益指标",
            "特困老人集中供养率",
            "≥",
            "60",
            "%",
            "58",
            "20",
            "18",
            "部分老人自愿分散供养",
            "≥60%",
            ">=",
            60,
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "入住老人满意度",
            "≥",
            "90",
            "%",
            "95",
            "20",
            "20",
            "",
            "≥90%",
            ">=",
            90,
        ),
    ],
)
SICHUAN_B = sichuan(
    "51010022T000004502316-应急广播系统运行维护",
    "某县文化广播电视和旅游局",
    "某县融媒体中心",
    ("0.00", "8.60", "8.60", "100.00%"),
    [
        (
            "产出指标",
            "质量指标",
            "应急广播正常运行率",
            "≥",
            "95",
            "%",
            "98",
            "60",
            "60",
            "",
            "≥95%",
            ">=",
            95,
        ),
        (
            "效益指标",
            "社会效益指标",
            "覆盖行政村数",
            "≥",
            "86",
            "个",
            "86",
            "30",
            "30",
            "",
            "≥86个",
            ">=",
            86,
        ),
    ],
)


# ---------- 财政部 2020 template as a county fills it: 年度资金总额 zeros, 本年财政拨款 holds the money


def anhui() -> Built:
    """The standard 项目支出绩效自评表 with the quirks of a published 2022 county form: a colon in the
    total's label, the total left at zeros (its score too), unit words such as ``百分比`` in targets,
    qualitative actuals (``达成预期指标``) and code-prefixed department names."""
    goal_e = "本项目申请预算资金48.6万元，用于全县12所乡村学校少年宫日常运行，全年开展活动不少于40次。"
    goal_a = "本项目实际支出47.628万元，12所少年宫正常运行，全年开展活动46次。"
    table: TableSpec = [
        ["项目名称", C("乡村学校少年宫运行经费", cols=8)],
        ["主管部门", C("318-某县教育局", cols=3), "实施单位", C("318001-某县第二中学", cols=4)],
        [
            C("项目资金\n（万元）", rows=5),
            C("", cols=2),
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        [C("年度资金总额：", cols=2), "0", "0", "0", "10", "0", "0"],
        [C("其中：本年财政拨款", cols=2), "45", "48.6", "47.628", "", "", ""],
        [C("上年结转资金", cols=2), "", "", "", "", "", ""],
        [C("其他资金", cols=2), "", "", "", "", "", ""],
        [C("年度总体目标", rows=2), C("预期目标", cols=4), C("实际完成情况", cols=4)],
        [C(goal_e, cols=4), C(goal_a, cols=4)],
    ]
    rows = [
        ("产出指标（50分）", "数量指标", ["少年宫开展活动次数", "≥40次", "46次", "10", "10", ""]),
        ("产出指标（50分）", "数量指标", ["参与学生人数", "≥600人", "652", "10", "10", ""]),
        ("产出指标（50分）", "质量指标", ["活动开展合格率", "≥100百分比", "100", "10", "10", ""]),
        (
            "产出指标（50分）",
            "时效指标",
            ["资金支付及时性", "在项目计划完成时间内完成", "达成预期指标", "10", "10", ""],
        ),
        ("产出指标（50分）", "成本指标", ["项目总成本", "≤48.6万元", "47.628", "10", "10", ""]),
        (
            "效益指标（30分）",
            "社会效益指标",
            ["学生综合素质提升", "效果明显", "达成预期指标", "15", "14", "部分活动受天气影响"],
        ),
        (
            "效益指标（30分）",
            "可持续影响指标",
            ["少年宫长效运行机制", "效果明显", "达成预期指标", "15", "15", ""],
        ),
        ("满意度指标（10分）", "服务对象满意度指标", ["学生及家长满意度", "≥90%", "95%", "10", "10", ""]),
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
    table += [[C("绩效指标", rows=1 + len(body)), *head], *body]
    table += [[C("总分", cols=6), "100", "89", ""]]
    blocks: Blocks = ["附件：", "项目支出绩效自评表", "（2022年度）", table]
    truth = _form(
        "project",
        title="项目支出绩效自评表",
        year=2022,
        project="乡村学校少年宫运行经费",
        competent_department="318-某县教育局",
        implementing_unit="318001-某县第二中学",
        goal_expected=goal_e,
        goal_actual=goal_a,
        total_weight=100,
        total_score=89,
    )
    empty = _yuan(None, None, None)
    truth["funds"] = {
        "total": _yuan("0.00", "0.00", "0.00", 10, 0, 0),
        "current_year_appropriation": fund("45", "48.6", "47.628"),
        "prior_year_carryover": empty,
        "other_funds": empty,
    }
    parsed = {  # target as written → (op, value, unit)
        "≥40次": (">=", 40, "次"),
        "≥600人": (">=", 600, "人"),
        "≥100百分比": (">=", 100, "百分比"),
        "在项目计划完成时间内完成": (None, None, None),
        "≤48.6万元": ("<=", 48.6, "万元"),
        "效果明显": (None, None, None),
        "≥90%": (">=", 90, "%"),
    }
    for l1, l2, (l3, target, actual, w, s, why) in rows:
        op, value, unit = parsed[target]
        l1_name, l1_weight = l1.split("（")[0], _num(l1.split("（")[1].rstrip("分）"))
        truth["indicators"].append(
            ind(l1_name, l1_weight, l2, l3, target, op, value, unit, actual, _num(w), _num(s), why or None)
        )
    return blocks, [truth]


ANHUI = anhui()
