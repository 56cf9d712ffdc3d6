"""The label vocabulary: canonical field ← every variant seen in the templates.

Variants are compared after ``clean_label`` (no spaces, line breaks, full-width forms or trailing
colons) and ``strip_annotations`` (no ``（万元）``, ``（50分）``, nor column references and formulas such as
``④=①+②+③`` or ``(B)``), so list each wording once.
NOTE: keep in sync with the tests in ``tests/test_labels.py``.
"""

from __future__ import annotations

# What a clerk types in a cell for "nothing" (a regex character class's body): dashes, slashes, dots.
NOTHING_MARKS = r"-—–―─_/\\~…·"

# Header fields of a form (label cell → value cell to its right).
HEADER_FIELDS: dict[str, tuple[str, ...]] = {
    "department": ("预算部门名称", "部门名称", "预算部门", "单位名称", "部门(单位)名称"),
    "project": ("项目支出名称", "项目名称", "项目支出", "转移支付(项目)名称", "转移支付名称"),
    "competent_department": ("主管部门", "主管部门及代码", "主管部门(盖章)"),
    # 四川's 2023 form asks for the seal beside the name: ``实施单位（盖章）``
    "implementing_unit": ("实施单位", "项目实施单位", "实施单位(盖章)", "项目实施单位(盖章)"),
    "fill_unit": ("填报单位", "填报单位(盖章)"),
}

# The money block's money columns (the others: 分值, 执行率, 得分).
FUND_MONEY_KEYS = ("budget_initial", "budget_full_year", "executed")

# Columns of the money block.
FUND_COLUMNS: dict[str, tuple[str, ...]] = {
    "budget_initial": (
        "年初预算数",
        "年初预算",
        "年初预算数(A)",
        "年初预算金额",
        "年初批复预算",
        "年初批复预算数",
        "年初预算安排数",
    ),
    "budget_full_year": (
        "全年预算数",
        "调整后预算数",
        "预算数(A)",
        "全年预算数(A)",
        "全年预算",
        "预算数",
        "全年(调整)预算数",  # 重庆 2021
        "预算安排数",  # 2016–2018 forms: 预算安排数 | 资金到位数 | 实际支出数 | 预算执行率
        "全年预算数(调整后)",
        "调整后全年预算数",
    ),
    "executed": (
        "全年执行数",
        "预算执行数",
        "实际支出",
        "执行数(B)",
        "全年执行数(B)",
        "执行数",
        "实际执行数",
        "实际支出数",
        "实际支出金额",
        "全年实际支出",
        "执行金额",
        "全年执行数(决算数)",
    ),
    "weight": ("分值", "权重", "权重(%)", "执行率权重"),
    "execution_rate": (
        "执行率",
        "预算执行率",
        "执行率(B/A)",
        "执行率(%)",
        "执行率%",
        "资金执行率",
        "预算执行率(%)",
    ),
    # 湖北's 项目自评表 scores the money block as 20 points times the rate: 得分（20分*执行率）
    "score": ("得分", "自评得分", "评分", "执行率得分", "得分(20分*执行率)", "得分(20分×执行率)"),
}

# Money columns the contract has no field for: their figures stay residual text, but a header that names
# one between the columns it knows is still the money header (资金到位数 of the 2016–2018 forms, 预算调整数).
FUND_COLUMNS_WITHOUT_FIELD: tuple[str, ...] = ("资金到位数", "到位资金", "到位数", "预算调整数")
# Lines of the money block (row labels).
FUND_LINES: dict[str, tuple[str, ...]] = {
    "total": (
        "年度资金总额",
        "总额",
        "资金总额",
        "年度资金总额:",
        "项目资金总额",
        "年度财政资金总额",
        "部门整体支出总额",
    ),
    "current_year_appropriation": (
        "当年财政拨款",
        "本年财政拨款",
        "其中:当年财政拨款",
        "其中:本年财政拨款",
        "其中:财政拨款",
        "财政拨款",
        "财政拨款资金",
        "其中:财政拨款资金",
    ),
    "prior_year_carryover": (
        "上年结转资金",
        "上年结转",
        "上年结余结转",
        "其中:上年结转",
        "其中:上年结转资金",
    ),
    "other_funds": ("其他资金", "其中:其他资金"),
    "fiscal_funds": ("财政资金", "其中:财政资金"),  # some provinces' wording for the fiscal line
    "special_account_funds": ("财政专户管理资金", "其中:财政专户管理资金"),
    "unit_funds": ("单位资金", "其中:单位资金", "单位自有资金"),
    # 中央对地方转移支付区域绩效目标自评表: the central subsidy and the local money beside it
    "central_subsidy": (
        "中央补助",
        "其中:中央补助",
        "中央补助资金",
        "其中:中央补助资金",
        "中央资金",
        "其中:中央资金",
        "中央财政资金",
        "其中:中央财政资金",
    ),
    "local_funds": ("地方资金", "其中:地方资金", "地方配套资金"),
}

# The lines that add up to the total (a form writes one set: 当年财政拨款 / 上年结转 / 其他, or 财政资金 /
# 财政专户管理资金 / 单位资金 / 其他, or 中央补助 / 地方资金); normalize calls them FUND_SOURCES.
FUND_PART_LINES: tuple[str, ...] = tuple(k for k in FUND_LINES if k != "total")

# The money block's corner cell (its unit often rides on it: ``资金情况（万元）``).
FUND_CORNERS: tuple[str, ...] = (
    "项目资金",
    "资金情况",
    "预算资金",
    "项目资金情况",
    "预算执行情况",
    "年度预算执行情况",
)

# The indicator block's corner cell (``绩效指标`` merged down beside the indicator header,
# ``绩效指标（90分）``).
INDICATOR_CORNERS: tuple[str, ...] = ("绩效指标", "年度绩效指标", "绩效指标完成情况")

# Indicator group labels: 一级指标 and 二级指标 as the templates write them. ``成本指标`` is a 一级指标 in the
# 2021+ templates and a 二级指标 under 产出指标 in older ones; the reader decides by the group above it.
# The older 部门整体支出 framework (财预〔2013〕53号's 共性指标体系框架, still in provinces' 2016–2019 forms)
# writes its levels bare: 投入 / 过程 / 产出 / 效果 over 目标设定, 预算配置, 预算执行 ….
LEVEL1_LABELS: tuple[str, ...] = (
    "产出指标",
    "效益指标",
    "满意度指标",
    "成本指标",
    "投入指标",
    "过程指标",
    "投入",
    "过程",
    "产出",
    "效果",
)
_FRAMEWORK_LEVEL2 = {
    "目标设定": "投入",
    "预算配置": "投入",
    "预算执行": "过程",
    "预算管理": "过程",
    "资产管理": "过程",
    "职责履行": "产出",
    "履职效益": "效果",
}
LEVEL2_LABELS: tuple[str, ...] = (
    *_FRAMEWORK_LEVEL2,
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
)
# The 一级指标 each unambiguous 二级指标 belongs to in every template (成本指标 is left out: it sits under
# 产出指标 in the older templates and is a 一级指标 of its own in the newer ones).
LEVEL2_PARENT: dict[str, str] = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
    **_FRAMEWORK_LEVEL2,
}

# The 按收入性质分 / 按支出性质分 breakdown.
BREAKDOWN_BASIS: dict[str, tuple[str, ...]] = {
    "income": ("按收入性质分",),
    "expenditure": ("按支出性质分",),
}
BREAKDOWN_LINES: dict[str, tuple[str, ...]] = {
    "general_public_budget": ("一般公共预算", "一般公共预算拨款", "一般公共预算财政拨款"),
    "government_fund": ("政府性基金拨款", "政府性基金", "政府性基金预算拨款"),
    "special_account_nontax": ("纳入专户管理的非税收入拨款", "纳入专户管理的非税收入", "专户管理的非税收入"),
    "state_capital": ("国有资本经营预算", "国有资本经营预算拨款"),
    "other_funds": ("其他资金", "其他收入"),
    "basic_expenditure": ("基本支出",),
    "personnel": ("人员经费", "人员支出"),
    "public_funds": ("公用经费", "公用支出"),
    "project_expenditure": ("项目支出",),
}
# The basis each breakdown line belongs to, for a breakdown written without its 按…性质分 header line.
BREAKDOWN_LINE_BASIS: dict[str, str] = {
    "general_public_budget": "income",
    "government_fund": "income",
    "special_account_nontax": "income",
    "state_capital": "income",
    "other_funds": "income",
    "basic_expenditure": "expenditure",
    "personnel": "expenditure",
    "public_funds": "expenditure",
    "project_expenditure": "expenditure",
}

# Goals.
GOAL_LABELS: dict[str, tuple[str, ...]] = {
    "goal_block": ("年度总体目标", "年度绩效目标", "总体目标", "年度目标", "当年绩效目标"),
    # 四川 2023 (项目年度目标 | 年度目标完成情况), 重庆 2021 (年初绩效目标 | … | 全年目标实际完成情况)
    "goal_expected": ("预期目标", "年度预期目标", "预期绩效目标", "项目年度目标", "年初绩效目标"),
    "goal_actual": (
        "实际完成情况",
        "实际完成",
        "目标实际完成情况",
        "年度总体目标完成情况",
        "年度目标完成情况",
        "全年目标实际完成情况",
    ),
    # a target table's 长期目标 column: a label, never a goal's text
    "goal_long_term": ("长期目标", "中长期目标"),
    # 重庆's middle column 全年（调整）绩效目标: a goal column the contract has no field for
    "goal_adjusted": ("全年(调整)绩效目标", "调整后绩效目标"),
}

# Indicator table columns.
INDICATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标", "指标名称", "具体指标", "指标内容"),
    "target": ("年度指标值", "指标值", "年度目标值", "目标值", "预期指标值"),
    "actual": ("实际完成值", "完成值", "实际值", "全年实际完成值", "实际完成情况", "全年完成值"),
    "weight": ("分值", "权重", "指标分值", "指标权重"),
    "score": ("得分", "自评得分", "评分", "指标得分"),
    "deviation": (
        "偏差原因分析及改进措施",
        "偏差原因分析",
        "偏差原因",
        "未完成原因分析",
        "原因",
        "原因分析",
        "未完成原因和改进措施",
        "未完成原因分析及改进措施",
        "偏差原因及改进措施",
    ),
    "nature": ("指标性质",),
    "unit": ("度量单位", "计量单位", "单位"),
    "explanation": ("指标解释",),
    "criteria": ("评分标准",),
    "core": ("核心指标", "是否核心指标", "核心指标是/否", "核心指标(是/否)"),
}

TOTAL_ROW_LABELS: tuple[str, ...] = ("总分", "合计", "总计", "分值合计", "自评总分")
# ``自评得分`` is not in TOTAL_ROW_LABELS: it is also a column header, so a text shape's token of it is a
# column label; a row led by it with one figure is the total (``extract.forms``, ``extract.cell_stream``).
# Total labels that name the score alone (``自评得分 | 93``, ``自评总分（分） | 96.74`` in a header row): the
# one figure beside them is the score, never the weight.
SCORE_TOTAL_LABELS: tuple[str, ...] = ("自评得分", "自评总分", "总得分")

# Titles → form type. Checked in order; the first pattern that appears in the cleaned title wins.
FORM_TITLES: tuple[tuple[str, str], ...] = (
    ("绩效自评报告", "report"),
    ("自评报告", "report"),
    ("绩效评价报告", "report"),
    ("部门整体支出绩效自评表", "department"),
    ("部门整体支出绩效评价自评表", "department"),
    ("部门整体支出绩效评价表", "department"),
    ("部门整体绩效自评表", "department"),
    ("整体支出绩效自评表", "department"),
    ("整体支出绩效自评情况表", "department"),
    ("部门预算项目支出绩效自评表", "project"),
    ("项目支出绩效自评表", "project"),
    ("项目绩效自评表", "project"),
    ("项目支出绩效评价自评表", "project"),
    ("绩效目标自评表", "project"),
    ("项目自评表", "project"),
    ("项目支出绩效自评情况表", "project"),
    ("项目支出绩效自评结果表", "project"),
    ("资金绩效自评表", "project"),  # 专项资金 / 补助资金绩效自评表: one fund's form, the project form's
    ("部门整体支出绩效目标表", "target"),
    ("项目支出绩效目标表", "target"),
    ("绩效目标表", "target"),
    ("绩效目标申报表", "target"),
)
