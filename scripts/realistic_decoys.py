"""Look-alikes for ``samples/realistic/``: documents that name the forms' words and carry figures, but
hold no self-evaluation values — a 绩效目标申报表 (targets only), a 决算 table of contents, a 自评报告
whose figures are in prose, a 决算 table with money, and the form published blank. Truths written by
hand; a target table's truth lists no fund line and no actual or score, so anything the reader puts
there counts as invented.
"""

from __future__ import annotations

from realistic_forms import Built, _form, _merged_groups
from template_dsl import Blocks, C, TableSpec, ind


def target_table() -> Built:
    """A 2016-style county 财政支出项目绩效目标申报表: requested money (资金总额/财政拨款/其他),
    长期/年度目标,
    年度绩效指标 with 指标内容/指标值/备注. Not a self-evaluation: no fund line, no actual, no score."""
    table: TableSpec = [
        ["项目名称", C("农村公路安全生命防护工程", cols=5)],
        ["项目属性", C("新增项目□　延续项目√", cols=5)],
        ["主管部门", C("某县交通运输局", cols=2), "主管部门编码", C("215", cols=2)],
        ["项目实施单位", C("某县公路管理段", cols=5)],
        ["项目负责人", C("赵某", cols=2), "联系电话", C("0912-0000000", cols=2)],
        ["项目起止时间", C("2017年1月至2017年12月", cols=5)],
        [C("项目资金申请\n（万元）", rows=3), C("资金总额：", cols=2), C("260", cols=3)],
        [C("财政拨款：", cols=2), C("240", cols=3)],
        [C("其他：", cols=2), C("20", cols=3)],
        [C("项目绩效目标", rows=2), C("长期目标", cols=2), C("年度目标", cols=3)],
        [
            C("全县农村公路危险路段防护设施全覆盖。", cols=2),
            C("完成危险路段防护栏安装45公里，事故率明显下降。", cols=3),
        ],
    ]
    rows = [
        ("产出指标", "数量指标", ["防护栏安装里程", "≥45公里", ""], (">=", 45, "公里")),
        ("产出指标", "质量指标", ["工程验收合格率", "100%", ""], (None, 100, "%")),
        ("效益指标", "社会效益指标", ["农村公路交通事故率", "明显下降", ""], (None, None, None)),
        ("满意度指标", "服务对象满意度指标", ["沿线群众满意度", "≥90%", ""], (">=", 90, "%")),
    ]
    body = _merged_groups([(a, b, c) for a, b, c, _ in rows])
    table += [
        [C("年度绩效指标", rows=1 + len(body)), "一级指标", "二级指标", "指标内容", "指标值", "备注"],
        *body,
    ]
    blocks: Blocks = [
        "某县财政支出项目绩效目标申报表",
        "（2017年度）",
        "填报单位（盖章）：某县交通运输局",
        table,
    ]
    truth = _form(
        "target",
        year=2017,
        fill_unit="某县交通运输局",
        project="农村公路安全生命防护工程",
        competent_department="某县交通运输局",
        implementing_unit="某县公路管理段",
    )
    for key in ("title", "goal_expected"):
        del truth[key]  # a county's own title wording, and which of 长期/年度目标 is "expected": not judged
    for l1, l2, (l3, target, _), (op, value, unit) in rows:
        truth["indicators"].append(ind(l1, None, l2, l3, target, op, value, unit, None, None, None))
    return blocks, [truth]


TOC: Blocks = [
    "某县市场监督管理局2022年度部门决算",
    "目　录",
    "第一部分　部门概况",
    "一、主要职责",
    "二、机构设置",
    "第二部分　2022年度部门决算情况说明",
    "一、收入支出决算总体情况说明",
    "第三部分　名词解释",
    "第四部分　附件",
    "附件1　部门整体支出绩效自评表……………………………………23",
    "附件2　项目支出绩效自评表（年度资金总额、全年预算数、全年执行数）…………25",
    "附件3　部门整体支出绩效自评报告…………………………………27",
    "第五部分　附表",
    "一、收入支出决算总表",
    "二、收入决算表",
]

REPORT: Blocks = [
    "首页 > 信息公开 > 预算绩效管理",
    "索引号：11430000-2023-00117　发布机构：某县财政局　发布日期：2023-06-20",
    "某县财政局2022年度部门整体支出绩效自评报告",
    "一、自评得分情况",
    "根据部门整体支出绩效评价指标体系，对本局2022年度整体支出开展了绩效自评，综合评分为96分，评价等级为优。",
    "二、部门整体支出概况",
    "2022年度资金总额1,286.45万元，其中：当年财政拨款1,180.20万元，上年结转资金106.25万元。"
    "全年预算数1,286.45万元，全年执行数1,251.73万元，执行率97.30%，得分9.73分。",
    "三、绩效指标完成情况",
    "产出指标（50分）：数量指标、质量指标、时效指标均已完成，得50分；效益指标（30分）得28分；满意度指标（10分）得8.27分。",
    "四、存在问题及改进措施",
    "个别项目年底集中支付，下一步将加快支出进度。",
]

FINAL_ACCOUNTS: TableSpec = [
    [C("收入支出决算总表", cols=4)],
    [C("部门：某县档案馆", cols=3), "金额单位：元"],
    ["项目", "金额", "项目", "金额"],
    ["一、一般公共预算财政拨款收入", "3,218,400.00", "一、一般公共服务支出", "2,906,155.20"],
    ["二、政府性基金预算财政拨款收入", "", "二、社会保障和就业支出", "312,244.80"],
    ["本年收入合计", "3,218,400.00", "本年支出合计", "3,218,400.00"],
]
FINAL: Blocks = [
    "某县档案馆2022年度部门决算公开表",
    FINAL_ACCOUNTS,
    "注：本表反映部门本年度的总收支和年初、年末结转结余情况。",
]


def blank_template() -> Built:
    """The 项目支出绩效自评表 as a finance bureau publishes it to be filled in: empty cells, ``XX`` and ``**``
    placeholders, and a 填表说明 whose figures (10分, 50分, 90%) are rules, not values. It is a form, but
    none of its fields holds a value: every money, weight and score field must stay null."""
    table: TableSpec = [
        ["项目名称", C("XX项目", cols=7)],
        ["主管部门", C("", cols=3), "实施单位", C("", cols=3)],
        [
            C("项目资金\n（万元）", rows=5),
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        ["年度资金总额", "", "", "", "10", "", ""],
        ["其中：当年财政拨款", "", "", "", "—", "", "—"],
        ["上年结转资金", "", "", "", "—", "", "—"],
        ["其他资金", "", "", "", "—", "", "—"],
        [C("年度总体目标", rows=2), C("预期目标", cols=3), C("实际完成情况", cols=4)],
        [C("目标1：……", cols=3), C("", cols=4)],
    ]
    rows = [
        ("产出指标", "数量指标", ["指标1：", "≥**人", "", "", "", ""]),
        ("产出指标", "质量指标", ["指标1：", "≥**%", "", "", "", ""]),
        ("效益指标", "社会效益指标", ["指标1：", "", "", "", "", ""]),
        ("满意度指标", "服务对象满意度指标", ["指标1：", "≥**%", "", "", "", ""]),
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
    table += [[C("绩效指标", rows=1 + len(body)), *head], *body, [C("总分", cols=6), "100", "", ""]]
    notes = [
        "填表说明：1.执行率得分=执行率×10分，执行率低于60%的不得分；",
        "2.一级指标权重一般设为：产出指标50分、效益指标30分、满意度指标10分；",
        "3.满意度低于90%的，应说明原因。",
    ]
    blocks: Blocks = ["附件2", "项目支出绩效自评表", "（20  年度）", table, *notes]
    truth = _form(
        "project", attachment="附件2", title="项目支出绩效自评表", project="XX项目", total_weight=100
    )
    truth["funds"] = {
        "total": {
            "budget_initial_yuan": None,
            "budget_full_year_yuan": None,
            "executed_yuan": None,
            "execution_rate_pct": None,
            "score": None,
        },
    }
    for key in ("goal_expected",):
        del truth[key]  # "目标1：……" is the template's prompt: whether it is read as text is not judged
    for l1, l2, _ in rows:
        row = ind(l1, None, l2, None, None, None, None, None, None, None, None)
        for key in ("level3", "target_raw", "target_op", "target_unit"):
            del row[key]  # "指标1：", "≥**人": prompts; judged: no number comes out of them
        truth["indicators"].append(row)
    return blocks, [truth]


def department_target_table() -> Built:
    """The 部门整体支出绩效目标表 published with department budgets (2021 template): 年度履职目标, the
    年度主要任务 with their 预算金额 (总额 / 财政拨款 / 其他资金) and 金额合计, then 年度绩效指标 with targets
    only. A target table: the tasks' money is planned money, no fund line of a self-evaluation."""
    table: TableSpec = [
        ["部门（单位）名称", C("某县市场监督管理局", cols=5)],
        ["年度履职目标", C("加强食品安全监管，规范市场秩序，全年食品抽检不少于1200批次。", cols=5)],
        [
            C("年度主要任务", rows=5),
            C("任务名称", rows=2),
            C("主要内容", rows=2),
            C("预算金额（万元）", cols=3),
        ],
        ["总额", "财政拨款", "其他资金"],
        ["食品安全监管", "开展食品抽检和风险监测", "120", "120", "0"],
        ["市场秩序整治", "开展专项整治和执法检查", "80", "70", "10"],
        ["金额合计", "", "200", "190", "10"],
    ]
    rows = [
        ("产出指标", "数量指标", ["食品抽检批次", C("≥1200批次", cols=2)], (">=", 1200, "批次")),
        ("产出指标", "时效指标", ["抽检结果公布及时率", C("100%", cols=2)], (None, 100, "%")),
        ("效益指标", "社会效益指标", ["食品安全事件发生率", C("逐年下降", cols=2)], (None, None, None)),
    ]
    body = _merged_groups([(a, b, c) for a, b, c, _ in rows])
    table += [
        [C("年度绩效指标", rows=1 + len(body)), "一级指标", "二级指标", "三级指标", C("指标值", cols=2)],
        *body,
    ]
    blocks: Blocks = ["部门整体支出绩效目标表", "（2023年度）", table]
    truth = _form("target", title="部门整体支出绩效目标表", year=2023, department="某县市场监督管理局")
    del truth["goal_expected"]  # 年度履职目标: whether it is the expected goal is not judged
    for l1, l2, (l3, target), (op, value, unit) in rows:
        text = target.text if isinstance(target, C) else target
        truth["indicators"].append(ind(l1, None, l2, l3, text, op, value, unit, None, None, None))
    return blocks, [truth]
