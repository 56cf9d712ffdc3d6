"""Second batch of template samples (see ``make_template_samples.py``): indicator cells, totals, headings,
several forms in one file, and look-alikes that are not self-evaluations. Truth written by hand."""

from __future__ import annotations

from collections.abc import Callable

from template_dsl import (
    Blocks,
    C,
    S,
    TableSpec,
    Truth,
    form,
    fund,
    fund_rows,
    goal_rows,
    header_rows,
    ind,
    indicator_rows,
)

STD_FUND_COLS = ["年初\n预算数", "全年\n预算数", "全年\n执行数", "分值", "执行率", "得分"]
STD_IND_COLS = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度\n指标值",
    "实际\n完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]


def split_target() -> tuple[Blocks, Truth]:
    """Targets split over 指标性质 | 指标值 | 度量单位 columns (combined into ``≥95%``)."""
    w = 11
    table: TableSpec = [
        *header_rows(
            w,
            [
                [("项目名称", "城乡居民医疗救助资金")],
                [("主管部门", "某县医疗保障局"), ("实施单位", "某县医疗保障局")],
            ],
        ),
        *fund_rows(
            w,
            "项目资金\n（万元）",
            STD_FUND_COLS,
            [("年度资金总额", ["520", "560", "548.8", "10", "98%", "9.8"])],
        ),
        *indicator_rows(
            "绩效\n指标",
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "指标性质",
                "指标值",
                "度量单位",
                "实际完成值",
                "分值",
                "得分",
                "偏差原因",
            ],
            [
                (
                    "产出指标\n（50分）",
                    [
                        ("数量指标", [["救助人次", "≥", "3000", "人次", "3256人次", "20", "20", S]]),
                        ("质量指标", [["救助对象认定准确率", "=", "100", "%", "100%", "15", "15", S]]),
                        ("时效指标", [["救助资金发放周期", "≤", "15", "天", "12天", "15", "15", S]]),
                    ],
                ),
                (
                    "效益指标\n（30分）",
                    [
                        (
                            "社会效益指标",
                            [["困难群众医疗负担", "定性", "有效减轻", "", "有效减轻", "30", "30", S]],
                        )
                    ],
                ),
                (
                    "满意度指标\n（10分）",
                    [
                        (
                            "服务对象满意度指标",
                            [
                                [
                                    "救助对象满意度",
                                    "≥",
                                    "95",
                                    "%",
                                    "93%",
                                    "10",
                                    "9",
                                    "个别对象对报销比例有意见",
                                ]
                            ],
                        )
                    ],
                ),
            ],
        ),
        [C("总分", cols=8), "100", "98.8", ""],
    ]
    blocks: Blocks = ["附件3", "项目支出绩效自评表", "（2023年度）", table]
    truth = form(
        "project",
        attachment="附件3",
        title="项目支出绩效自评表",
        year=2023,
        project="城乡居民医疗救助资金",
        competent_department="某县医疗保障局",
        implementing_unit="某县医疗保障局",
        total_weight=100,
        total_score=98.8,
        funds={"total": fund("520", "560", "548.8", 10, 98, 9.8)},
        indicators=[
            ind("产出指标", 50, "数量指标", "救助人次", "≥3000人次", ">=", 3000, "人次", "3256人次", 20, 20),
            ind("产出指标", 50, "质量指标", "救助对象认定准确率", "=100%", "=", 100, "%", "100%", 15, 15),
            ind("产出指标", 50, "时效指标", "救助资金发放周期", "≤15天", "<=", 15, "天", "12天", 15, 15),
            ind(
                "效益指标",
                30,
                "社会效益指标",
                "困难群众医疗负担",
                "有效减轻",
                None,
                None,
                None,
                "有效减轻",
                30,
                30,
            ),
            ind(
                "满意度指标",
                10,
                "服务对象满意度指标",
                "救助对象满意度",
                "≥95%",
                ">=",
                95,
                "%",
                "93%",
                10,
                9,
                "个别对象对报销比例有意见",
            ),
        ],
    )
    return blocks, truth


def formula_headers() -> tuple[Blocks, Truth]:
    """Money header with formulas: 年初预算数① 预算调整数② 全年预算数③=①+② 全年执行数④ 执行率⑤=④/③."""
    w = 10
    table: TableSpec = [
        *header_rows(w, [[("预算部门名称", "某县司法局")]]),
        *fund_rows(
            w,
            "年度预算\n申请\n（万元）",
            [
                "年初预算数\n①",
                "预算调整数\n②",
                "全年预算数\n③=①+②",
                "全年执行数\n④",
                "分值",
                "执行率\n⑤=④/③",
                "得分",
            ],
            [
                ("年度资金总额", ["410.25", "-12.05", "398.2", "390.24", "10", "98%", "9.8"]),
            ],
        ),
        *indicator_rows(
            "绩效指标",
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
                C("偏差原因分析及改进措施", cols=2),
            ],
            [
                (
                    "产出指标\n（60分）",
                    [
                        ("数量指标", [["人民调解案件受理数", "≥800件", "912件", "30", "30", C("", cols=2)]]),
                        ("质量指标", [["调解成功率", "≥95%", "97.3%", "30", "30", C("", cols=2)]]),
                    ],
                ),
                (
                    "满意度指标\n（30分）",
                    [("服务对象满意度指标", [["当事人满意度", "≥90%", "91%", "30", "30", C("", cols=2)]])],
                ),
            ],
        ),
        [C("总分", cols=6), "100", "99.8", C("", cols=2)],
    ]
    blocks: Blocks = [
        "附件1",
        "部门整体支出绩效自评表",
        "填报单位：（盖章）某县司法局" + " " * 12 + "（2023年度）",
        table,
    ]
    truth = form(
        "department",
        attachment="附件1",
        title="部门整体支出绩效自评表",
        year=2023,
        fill_unit="某县司法局",
        department="某县司法局",
        total_weight=100,
        total_score=99.8,
        funds={"total": fund("410.25", "398.2", "390.24", 10, 98, 9.8)},
        indicators=[
            ind("产出指标", 60, "数量指标", "人民调解案件受理数", "≥800件", ">=", 800, "件", "912件", 30, 30),
            ind("产出指标", 60, "质量指标", "调解成功率", "≥95%", ">=", 95, "%", "97.3%", 30, 30),
            ind("满意度指标", 30, "服务对象满意度指标", "当事人满意度", "≥90%", ">=", 90, "%", "91%", 30, 30),
        ],
    )
    return blocks, truth


def spaced_labels() -> tuple[Blocks, Truth]:
    """Labels spaced out (``绩 效 指 标``, ``年 度 资 金 总 额``) and broken over lines."""
    w = 9
    table: TableSpec = [
        *header_rows(w, [[("预 算 部 门 名 称", "某县统计局")]]),
        *fund_rows(
            w,
            "年 度 预\n算 申 请\n（万元）",
            ["年 初\n预 算 数", "全 年\n预 算 数", "全 年\n执 行 数", "分　值", "执 行 率", "得　分"],
            [
                ("年 度 资 金 总 额", ["186.4", "190.2", "188.3", "10", "99%", "9.9"]),
                ("其中：当 年 财 政 拨 款", ["186.4", "190.2", "188.3", "", "99%", ""]),
            ],
        ),
        *goal_rows(
            w,
            "年 度 总 体 目 标",
            ("预 期 目 标", "实 际 完 成 情 况"),
            ("完成第五次全国经济普查各阶段工作。", "按时完成经济普查清查登记工作。"),
        ),
        *indicator_rows(
            "绩\u3000效\u3000指\u3000标",
            [
                "一 级 指 标",
                "二 级 指 标",
                "三 级 指 标",
                "年 度\n指 标 值",
                "实 际\n完 成 值",
                "分　值",
                "得　分",
                "偏 差 原 因 分 析\n及 改 进 措 施",
            ],
            [
                (
                    "产 出 指 标\n（60分）",
                    [("数 量 指 标", [["普查登记单位数", "≥6500家", "6721家", "60", "60", S]])],
                ),
                (
                    "满 意 度 指 标\n（30分）",
                    [("服 务 对 象 满 意 度 指 标", [["普查对象满意度", "≥90%", "92%", "30", "30", S]])],
                ),
            ],
        ),
        [C("总　　分", cols=6), "100", "99.9", ""],
    ]
    blocks: Blocks = ["附件1", "部门整体支出绩效自评表", "填报单位：（盖章）某县统计局（2023年度）", table]
    truth = form(
        "department",
        attachment="附件1",
        title="部门整体支出绩效自评表",
        year=2023,
        fill_unit="某县统计局",
        department="某县统计局",
        goal_expected="完成第五次全国经济普查各阶段工作。",
        goal_actual="按时完成经济普查清查登记工作。",
        total_weight=100,
        total_score=99.9,
        funds={
            "total": fund("186.4", "190.2", "188.3", 10, 99, 9.9),
            "current_year_appropriation": fund("186.4", "190.2", "188.3", None, 99, None),
        },
        indicators=[
            ind("产出指标", 60, "数量指标", "普查登记单位数", "≥6500家", ">=", 6500, "家", "6721家", 60, 60),
            ind(
                "满意度指标", 30, "服务对象满意度指标", "普查对象满意度", "≥90%", ">=", 90, "%", "92%", 30, 30
            ),
        ],
    )
    return blocks, truth


def _project_table(
    name: str,
    dept: str,
    unit: str,
    money: list[str],
    rows: list[tuple[str, list[tuple[str, list[list[str]]]]]],
    total: tuple[str, str],
    w: int = 9,
) -> TableSpec:
    return [
        *header_rows(w, [[("项目名称", name)], [("主管部门", dept), ("实施单位", unit)]]),
        *fund_rows(w, "项目资金\n（万元）", STD_FUND_COLS, [("年度资金总额", money)]),
        *indicator_rows("绩\n效\n指\n标", STD_IND_COLS, rows),
        [C("总分", cols=6), total[0], total[1], ""],
    ]


def _department_table(
    name_label: str,
    name: str,
    money: list[str],
    rows: list[tuple[str, list[tuple[str, list[list[str]]]]]],
    total_score: str,
) -> TableSpec:
    """A department form's one table: its name, the 年度资金总额 line, the indicators, 总分 of 100."""
    w = 9
    return [
        *header_rows(w, [[(name_label, name)]]),
        *fund_rows(w, "年度预\n算申请\n（万元）", STD_FUND_COLS, [("年度资金总额", money)]),
        *indicator_rows("绩\n效\n指\n标", STD_IND_COLS, rows),
        [C("总分", cols=6), "100", total_score, ""],
    ]


def indicator_prefix() -> tuple[Blocks, Truth]:
    """Indicator names prefixed ``指标1：`` (the prefix is a numbering, not part of the name)."""
    table = _project_table(
        "森林防火专项经费",
        "某县林业局",
        "县森林消防大队",
        ["45", "45", "44.1", "10", "98%", "9.8"],
        [
            (
                "产出指标\n（50分）",
                [
                    (
                        "数量指标",
                        [
                            ["指标1：巡护里程", "≥2000公里", "2150公里", "25", "25", S],
                            ["指标2:防火宣传场次", "≥20场", "24场", "25", "25", S],
                        ],
                    )
                ],
            ),
            (
                "效益指标\n（40分）",
                [("生态效益指标", [["指标3：森林火灾受害率", "≤0.9‰", "0", "40", "40", S]])],
            ),
        ],
        ("100", "99.8"),
    )
    blocks: Blocks = ["附件2", "项目支出绩效自评表", "（2023年度）", table]
    truth = form(
        "project",
        attachment="附件2",
        title="项目支出绩效自评表",
        year=2023,
        project="森林防火专项经费",
        competent_department="某县林业局",
        implementing_unit="县森林消防大队",
        total_weight=100,
        total_score=99.8,
        funds={"total": fund("45", "45", "44.1", 10, 98, 9.8)},
        indicators=[
            ind("产出指标", 50, "数量指标", "巡护里程", "≥2000公里", ">=", 2000, "公里", "2150公里", 25, 25),
            ind("产出指标", 50, "数量指标", "防火宣传场次", "≥20场", ">=", 20, "场", "24场", 25, 25),
            ind("效益指标", 40, "生态效益指标", "森林火灾受害率", "≤0.9‰", "<=", 0.9, "‰", "0", 40, 40),
        ],
    )
    return blocks, truth


def operators() -> tuple[Blocks, Truth]:
    """Operators written ``≧``, ``＞``, ``不低于``, ``≤`` and ``以上``."""
    table = _project_table(
        "城区公厕运维经费",
        "某县城市管理局",
        "县环卫所",
        ["60", "60", "58.2", "10", "97%", "9.7"],
        [
            (
                "产出指标\n（50分）",
                [
                    (
                        "数量指标",
                        [
                            ["公厕保洁座数", "≧48座", "48座", "20", "20", S],
                            ["日均保洁频次", "＞3次", "4次", "15", "15", S],
                        ],
                    ),
                    ("质量指标", [["设施完好率", "不低于95%", "96%", "15", "15", S]]),
                ],
            ),
            (
                "效益指标\n（30分）",
                [
                    (
                        "社会效益指标",
                        [
                            ["投诉处理时限", "≤2个工作日", "1个工作日", "15", "15", S],
                            ["如厕环境改善", "80%以上", "85%", "15", "15", S],
                        ],
                    )
                ],
            ),
            (
                "满意度指标\n（10分）",
                [("服务对象满意度指标", [["市民满意度", "≧90%", "88%", "10", "8", "部分公厕异味问题"]])],
            ),
        ],
        ("100", "97.7"),
    )
    blocks: Blocks = ["附件2", "项目支出绩效自评表", "（2023年度）", table]
    truth = form(
        "project",
        attachment="附件2",
        title="项目支出绩效自评表",
        year=2023,
        project="城区公厕运维经费",
        competent_department="某县城市管理局",
        implementing_unit="县环卫所",
        total_weight=100,
        total_score=97.7,
        funds={"total": fund("60", "60", "58.2", 10, 97, 9.7)},
        indicators=[
            ind("产出指标", 50, "数量指标", "公厕保洁座数", "≧48座", ">=", 48, "座", "48座", 20, 20),
            ind("产出指标", 50, "数量指标", "日均保洁频次", "＞3次", ">", 3, "次", "4次", 15, 15),
            ind("产出指标", 50, "质量指标", "设施完好率", "不低于95%", ">=", 95, "%", "96%", 15, 15),
            ind(
                "效益指标",
                30,
                "社会效益指标",
                "投诉处理时限",
                "≤2个工作日",
                "<=",
                2,
                "个工作日",
                "1个工作日",
                15,
                15,
            ),
            ind("效益指标", 30, "社会效益指标", "如厕环境改善", "80%以上", ">=", 80, "%", "85%", 15, 15),
            ind(
                "满意度指标",
                10,
                "服务对象满意度指标",
                "市民满意度",
                "≧90%",
                ">=",
                90,
                "%",
                "88%",
                10,
                8,
                "部分公厕异味问题",
            ),
        ],
    )
    return blocks, truth


def placeholders() -> tuple[Blocks, Truth]:
    """``/`` and ``—`` in money, target, weight and score cells: null, never 0."""
    table = _project_table(
        "乡村振兴衔接资金",
        "某县乡村振兴局",
        "某县乡村振兴局",
        ["/", "200", "196", "10", "98%", "9.8"],
        [
            (
                "产出指标\n（50分）",
                [
                    (
                        "数量指标",
                        [
                            ["帮扶产业项目", "≥5个", "6个", "25", "25", S],
                            ["技能培训人次", "/", "—", "—", "/", "本年度未安排"],
                        ],
                    ),
                    ("时效指标", [["资金拨付时限", "—", "按时", "25", "25", S]]),
                ],
            ),
            (
                "满意度指标\n（40分）",
                [("服务对象满意度指标", [["脱贫户满意度", "≥90%", "95%", "40", "40", S]])],
            ),
        ],
        ("100", "99.8"),
    )
    blocks: Blocks = ["附件2", "项目支出绩效自评表", "（2023年度）", table]
    truth = form(
        "project",
        attachment="附件2",
        title="项目支出绩效自评表",
        year=2023,
        project="乡村振兴衔接资金",
        competent_department="某县乡村振兴局",
        implementing_unit="某县乡村振兴局",
        total_weight=100,
        total_score=99.8,
        funds={"total": fund(None, "200", "196", 10, 98, 9.8)},
        indicators=[
            ind("产出指标", 50, "数量指标", "帮扶产业项目", "≥5个", ">=", 5, "个", "6个", 25, 25),
            ind(
                "产出指标",
                50,
                "数量指标",
                "技能培训人次",
                "/",
                None,
                None,
                None,
                "—",
                None,
                None,
                "本年度未安排",
            ),
            ind("产出指标", 50, "时效指标", "资金拨付时限", "—", None, None, None, "按时", 25, 25),
            ind("满意度指标", 40, "服务对象满意度指标", "脱贫户满意度", "≥90%", ">=", 90, "%", "95%", 40, 40),
        ],
    )
    return blocks, truth


def total_row_variants() -> tuple[Blocks, Truth]:
    """总分 row written ``100分`` with its score cell left empty (null, not invented)."""
    table = _project_table(
        "残疾人两项补贴",
        "某县残疾人联合会",
        "某县残疾人联合会",
        ["96", "96", "96", "10", "100%", ""],
        [
            ("产出指标\n（50分）", [("数量指标", [["补贴发放人数", "≥1800人", "1862人", "50", "", S]])]),
            (
                "满意度指标\n（40分）",
                [("服务对象满意度指标", [["补贴对象满意度", "≥90%", "96%", "40", "", S]])],
            ),
        ],
        ("100分", S),
    )
    blocks: Blocks = ["附件2", "项目支出绩效自评表", "（2023年度）", table]
    truth = form(
        "project",
        attachment="附件2",
        title="项目支出绩效自评表",
        year=2023,
        project="残疾人两项补贴",
        competent_department="某县残疾人联合会",
        implementing_unit="某县残疾人联合会",
        total_weight=100,
        total_score=None,
        funds={"total": fund("96", "96", "96", 10, 100, None)},
        indicators=[
            ind("产出指标", 50, "数量指标", "补贴发放人数", "≥1800人", ">=", 1800, "人", "1862人", 50, None),
            ind(
                "满意度指标",
                40,
                "服务对象满意度指标",
                "补贴对象满意度",
                "≥90%",
                ">=",
                90,
                "%",
                "96%",
                40,
                None,
            ),
        ],
    )
    return blocks, truth


PROJECTS = [  # (name, implementing unit, 万元 budget, executed, rate, target count, actual count, score)
    ("政务服务中心运行经费", "县政务服务中心", "80", "78.4", "98", "≥12万件", "12.6万件", 12, "12.6万件"),
    ("12345热线运维经费", "县政务服务中心", "35", "35", "100", "≥3万件", "3.4万件", 3, "3.4万件"),
    ("一网通办平台升级", "县大数据中心", "120", "96", "80", "≥150项", "162项", 150, "162项"),
    ("政务云租赁费", "县大数据中心", "66", "66", "100", "≥40个", "42个", 40, "42个"),
    ("电子证照归集", "县大数据中心", "28", "27.16", "97", "≥20类", "22类", 20, "22类"),
    ("帮代办服务经费", "县政务服务中心", "15", "14.7", "98", "≥500件", "618件", 500, "618件"),
    ("窗口人员培训经费", "县政务服务中心", "8", "8", "100", "≥6期", "6期", 6, "6期"),
    ("营商环境评价经费", "县营商环境服务中心", "40", "38", "95", "1次", "1次", 1, "1次"),
    ("政务公开专项经费", "县政务服务中心", "12", "11.4", "95", "≥300条", "356条", 300, "356条"),
    ("数据安全等保测评", "县大数据中心", "25", "25", "100", "3个", "3个", 3, "3个"),
]


def several_forms() -> tuple[Blocks, list[Truth]]:
    """A unit's department form followed by ten project forms, one 附件 heading for all of them."""
    dept_table = _department_table(
        "预算部门名称",
        "某县政务服务中心" + S,
        ["1020.5", "1068.3", "1040.16", "10分", "97.37%", "9.74"],
        [
            (
                "产出指标\n（60分）",
                [("数量指标", [["政务服务事项办件量", "≥12万件", "12.6万件", "60", "60", S]])],
            ),
            (
                "满意度指标\n（30分）",
                [("服务对象满意度指标", [["办事群众满意度", "≥95%", "98.2%", "30", "30", S]])],
            ),
        ],
        "99.74",
    )
    blocks: Blocks = [
        "附件1",
        "部门整体支出绩效自评表",
        "填报单位：（盖章）某县政务服务中心" + " " * 10 + "（2023年度）",
        dept_table,
        "附件2",
    ]
    truths: list[Truth] = [
        form(
            "department",
            attachment="附件1",
            title="部门整体支出绩效自评表",
            year=2023,
            fill_unit="某县政务服务中心",
            department="某县政务服务中心",
            total_weight=100,
            total_score=99.74,
            funds={"total": fund("1020.5", "1068.3", "1040.16", 10, 97.37, 9.74)},
            indicators=[
                ind(
                    "产出指标",
                    60,
                    "数量指标",
                    "政务服务事项办件量",
                    "≥12万件",
                    ">=",
                    12,
                    "万件",
                    "12.6万件",
                    60,
                    60,
                ),
                ind(
                    "满意度指标",
                    30,
                    "服务对象满意度指标",
                    "办事群众满意度",
                    "≥95%",
                    ">=",
                    95,
                    "%",
                    "98.2%",
                    30,
                    30,
                ),
            ],
        )
    ]
    for name, unit, budget, executed, rate, target, actual, value, _ in PROJECTS:
        score = "9.5" if rate != "100" else "10"
        table = _project_table(
            name,
            "某县政务服务中心",
            unit,
            [budget, budget, executed, "10", rate + "%", score],
            [
                ("产出指标\n（50分）", [("数量指标", [["完成工作量", target, actual, "50", "50", S]])]),
                (
                    "满意度指标\n（40分）",
                    [("服务对象满意度指标", [["服务对象满意度", "≥90%", "95%", "40", "40", S]])],
                ),
            ],
            ("100", str(90 + float(score)).removesuffix(".0")),
        )
        blocks += ["项目支出绩效自评表", "（2023年度）", table]
        t_unit = target.lstrip("≥").removeprefix(str(value))
        truths.append(
            form(
                "project",
                attachment="附件2",
                title="项目支出绩效自评表",
                year=2023,
                project=name,
                competent_department="某县政务服务中心",
                implementing_unit=unit,
                total_weight=100,
                total_score=90 + float(score),
                funds={"total": fund(budget, budget, executed, 10, float(rate), float(score))},
                indicators=[
                    ind(
                        "产出指标",
                        50,
                        "数量指标",
                        "完成工作量",
                        target,
                        ">=" if target.startswith("≥") else None,
                        value,
                        t_unit,
                        actual,
                        50,
                        50,
                    ),
                    ind(
                        "满意度指标",
                        40,
                        "服务对象满意度指标",
                        "服务对象满意度",
                        "≥90%",
                        ">=",
                        90,
                        "%",
                        "95%",
                        40,
                        40,
                    ),
                ],
            )
        )
    return blocks, truths


def no_attachment_heading() -> tuple[Blocks, Truth]:
    """A form with no 附件 heading: the title (with its year glued on) is the first line."""
    table = _project_table(
        "老年人高龄津贴",
        "某县民政局",
        "某县民政局",
        ["150", "150", "150", "10", "100%", "10"],
        [
            ("产出指标\n（50分）", [("数量指标", [["津贴发放人数", "≥4100人", "4188人", "50", "50", S]])]),
            (
                "满意度指标\n（40分）",
                [("服务对象满意度指标", [["老年人满意度", "≥95%", "97%", "40", "40", S]])],
            ),
        ],
        ("100", "100"),
    )
    blocks: Blocks = ["2023年度项目支出绩效自评表", table]
    truth = form(
        "project",
        title="2023年度项目支出绩效自评表",
        year=2023,
        project="老年人高龄津贴",
        competent_department="某县民政局",
        implementing_unit="某县民政局",
        total_weight=100,
        total_score=100,
        funds={"total": fund("150", "150", "150", 10, 100, 10)},
        indicators=[
            ind("产出指标", 50, "数量指标", "津贴发放人数", "≥4100人", ">=", 4100, "人", "4188人", 50, 50),
            ind("满意度指标", 40, "服务对象满意度指标", "老年人满意度", "≥95%", ">=", 95, "%", "97%", 40, 40),
        ],
    )
    return blocks, truth


def dept_eval_heading() -> tuple[Blocks, Truth]:
    """Department form titled 部门整体支出绩效评价自评表."""
    table = _department_table(
        "部门（单位）名称",
        "某县档案馆",
        ["98.6", "102.4", "101.38", "10", "99%", "9.9"],
        [
            (
                "产出指标\n（50分）",
                [("数量指标", [["档案数字化页数", "≥50万页", "52万页", "50", "50", S]])],
            ),
            (
                "满意度指标\n（40分）",
                [("服务对象满意度指标", [["查档群众满意度", "≥95%", "96%", "40", "40", S]])],
            ),
        ],
        "99.9",
    )
    blocks: Blocks = [
        "附件1",
        "部门整体支出绩效评价自评表",
        "填报单位：某县档案馆" + S * 6 + "2023年度",
        table,
    ]
    truth = form(
        "department",
        attachment="附件1",
        title="部门整体支出绩效评价自评表",
        year=2023,
        fill_unit="某县档案馆",
        department="某县档案馆",
        total_weight=100,
        total_score=99.9,
        funds={"total": fund("98.6", "102.4", "101.38", 10, 99, 9.9)},
        indicators=[
            ind("产出指标", 50, "数量指标", "档案数字化页数", "≥50万页", ">=", 50, "万页", "52万页", 50, 50),
            ind(
                "满意度指标", 40, "服务对象满意度指标", "查档群众满意度", "≥95%", ">=", 95, "%", "96%", 40, 40
            ),
        ],
    )
    return blocks, truth


def sichuan_project() -> tuple[Blocks, Truth]:
    """Sichuan's 部门预算项目支出绩效自评表: the year in the title, 当年财政拨款 / 上年结转资金 lines."""
    w = 9
    goals = ("完成全县义务教育学校校舍维修改造，消除安全隐患。", "完成12所学校校舍维修改造，均通过竣工验收。")
    table: TableSpec = [
        *header_rows(
            w,
            [
                [("项目名称", "义务教育薄弱环节改善与能力提升")],
                [("主管部门", "某县教育和体育局"), ("实施单位", "某县教育和体育局")],
            ],
        ),
        *fund_rows(
            w,
            "项目资金\n（万元）",
            STD_FUND_COLS,
            [
                ("年度资金总额", ["860", "920", "874", "10", "95%", "9.5"]),
                ("其中：当年财政拨款", ["800", "860", "817", "—", "95%", "—"]),
                ("上年结转资金", ["60", "60", "57", "—", "95%", "—"]),
                ("其他资金", ["—", "—", "—", "—", "—", "—"]),
            ],
        ),
        *goal_rows(w, "年度总体目标", ("预期目标", "实际完成情况"), goals),
        *indicator_rows(
            "绩效指标",
            STD_IND_COLS,
            [
                (
                    "产出指标\n（50分）",
                    [
                        ("数量指标", [["维修改造学校数", "12所", "12所", "25", "25", S]]),
                        ("质量指标", [["竣工验收合格率", "100%", "100%", "25", "25", S]]),
                    ],
                ),
                (
                    "效益指标\n（30分）",
                    [("社会效益指标", [["校舍安全隐患消除率", "100%", "100%", "30", "30", S]])],
                ),
                (
                    "满意度指标\n（10分）",
                    [("服务对象满意度指标", [["师生满意度", "≥90%", "90%", "10", "10", S]])],
                ),
            ],
        ),
        [C("总分", cols=6), "100", "99.5", ""],
    ]
    blocks: Blocks = ["附件2", "2023年度部门预算项目支出绩效自评表", table]
    truth = form(
        "project",
        attachment="附件2",
        title="2023年度部门预算项目支出绩效自评表",
        year=2023,
        project="义务教育薄弱环节改善与能力提升",
        competent_department="某县教育和体育局",
        implementing_unit="某县教育和体育局",
        goal_expected=goals[0],
        goal_actual=goals[1],
        total_weight=100,
        total_score=99.5,
        funds={
            "total": fund("860", "920", "874", 10, 95, 9.5),
            "current_year_appropriation": fund("800", "860", "817", None, 95, None),
            "prior_year_carryover": fund("60", "60", "57", None, 95, None),
            "other_funds": fund(None, None, None),
        },
        indicators=[
            ind("产出指标", 50, "数量指标", "维修改造学校数", "12所", None, 12, "所", "12所", 25, 25),
            ind("产出指标", 50, "质量指标", "竣工验收合格率", "100%", None, 100, "%", "100%", 25, 25),
            ind("效益指标", 30, "社会效益指标", "校舍安全隐患消除率", "100%", None, 100, "%", "100%", 30, 30),
            ind("满意度指标", 10, "服务对象满意度指标", "师生满意度", "≥90%", ">=", 90, "%", "90%", 10, 10),
        ],
    )
    return blocks, truth


def rubric() -> tuple[Blocks, Truth]:
    """Department-wide scoring rubric: 分值 / 指标解释 / 评分标准 / 自评得分, no targets or actuals."""
    table: TableSpec = [
        *indicator_rows(
            None,
            ["一级指标", "二级指标", "三级指标", "分值", "指标解释", "评分标准", "自评得分"],
            [
                (
                    "投入\n（20分）",
                    [
                        (
                            "预算配置",
                            [
                                [
                                    "在职人员控制率",
                                    "10",
                                    "在职人员数/编制数×100%",
                                    "≤100%得10分，每超1%扣1分",
                                    "10",
                                ],
                                [
                                    "“三公经费”变动率",
                                    "10",
                                    "（本年“三公经费”－上年）/上年×100%",
                                    "≤0得10分，否则不得分",
                                    "10",
                                ],
                            ],
                        )
                    ],
                ),
                (
                    "过程\n（30分）",
                    [
                        (
                            "预算执行",
                            [["预算执行率", "15", "实际支出/全年预算数×100%", "按执行率计分", "14.2"]],
                        ),
                        (
                            "预算管理",
                            [["管理制度健全性", "15", "是否制定相应的预算资金管理办法", "健全得15分", "15"]],
                        ),
                    ],
                ),
                (
                    "产出及效益\n（50分）",
                    [
                        (
                            "职责履行",
                            [["重点工作完成率", "50", "完成重点工作数/计划数×100%", "按完成率计分", "48"]],
                        )
                    ],
                ),
            ],
        ),
        [C("总分", cols=3), "100", "", "", "97.2"],
    ]
    blocks: Blocks = [
        "附件1",
        "部门整体支出绩效自评表",
        "填报单位：（盖章）某县文化旅游广电体育局" + " " * 8 + "（2023年度）",
        table,
    ]
    truth = form(
        "department",
        attachment="附件1",
        title="部门整体支出绩效自评表",
        year=2023,
        fill_unit="某县文化旅游广电体育局",
        total_weight=100,
        total_score=97.2,
        indicators=[
            ind("投入", 20, "预算配置", "在职人员控制率", None, None, None, None, None, 10, 10),
            ind("投入", 20, "预算配置", "“三公经费”变动率", None, None, None, None, None, 10, 10),
            ind("过程", 30, "预算执行", "预算执行率", None, None, None, None, None, 15, 14.2),
            ind("过程", 30, "预算管理", "管理制度健全性", None, None, None, None, None, 15, 15),
            ind("产出及效益", 50, "职责履行", "重点工作完成率", None, None, None, None, None, 50, 48),
        ],
    )
    return blocks, truth


def target_table() -> tuple[Blocks, Truth]:
    """A 项目支出绩效目标表 (targets only): form_type target, no invented actuals or scores."""
    table: TableSpec = [
        *header_rows(
            7,
            [
                [("项目名称", "全民健身设施建设")],
                [("主管部门", "某县教育和体育局"), ("实施单位", "县全民健身中心")],
            ],
        ),
        ["年度\n绩效\n目标", C("新建健身路径20条，验收合格后向群众开放，群众健身条件明显改善。", cols=6)],
        *indicator_rows(
            None,
            ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", C("备注", cols=1)],
            [
                (
                    "产出指标",
                    [
                        ("数量指标", [["新建健身路径", "≥", "20", "条", S]]),
                        ("质量指标", [["验收合格率", "=", "100", "%", S]]),
                    ],
                ),
                ("满意度指标", [("服务对象满意度指标", [["群众满意度", "≥", "90", "%", S]])]),
            ],
        ),
    ]
    blocks: Blocks = ["附件5", "项目支出绩效目标表", "（2024年度）", table]
    truth = form(
        "target",
        attachment="附件5",
        title="项目支出绩效目标表",
        year=2024,
        project="全民健身设施建设",
        competent_department="某县教育和体育局",
        implementing_unit="县全民健身中心",
        goal_expected="新建健身路径20条，验收合格后向群众开放，群众健身条件明显改善。",
        indicators=[
            ind("产出指标", None, "数量指标", "新建健身路径", "≥20条", ">=", 20, "条", None, None, None),
            ind("产出指标", None, "质量指标", "验收合格率", "=100%", "=", 100, "%", None, None, None),
            ind(
                "满意度指标",
                None,
                "服务对象满意度指标",
                "群众满意度",
                "≥90%",
                ">=",
                90,
                "%",
                None,
                None,
                None,
            ),
        ],
    )
    return blocks, truth


def table_of_contents() -> tuple[Blocks, Truth]:
    """A 目录 naming the forms (``附件1 部门整体支出绩效自评表……1``) yields no form; the form after does."""
    table = _department_table(
        "预算部门名称",
        "某县气象局",
        ["210", "215", "212.85", "10", "99%", "9.9"],
        [
            (
                "产出指标\n（50分）",
                [("数量指标", [["气象预警信息发布", "≥300期", "326期", "50", "50", S]])],
            ),
            (
                "满意度指标\n（40分）",
                [("服务对象满意度指标", [["公众气象服务满意度", "≥90%", "93%", "40", "40", S]])],
            ),
        ],
        "99.9",
    )
    blocks: Blocks = [
        "目　　录",
        "附件1　部门整体支出绩效自评表……………………………1",
        "附件2　部门整体支出绩效自评报告…………………………2",
        "附件3　项目支出绩效自评表………………………………6",
        "附件1",
        "部门整体支出绩效自评表",
        "填报单位：（盖章）某县气象局" + " " * 12 + "（2023年度）",
        table,
    ]
    truth = form(
        "department",
        attachment="附件1",
        title="部门整体支出绩效自评表",
        year=2023,
        fill_unit="某县气象局",
        department="某县气象局",
        total_weight=100,
        total_score=99.9,
        funds={"total": fund("210", "215", "212.85", 10, 99, 9.9)},
        indicators=[
            ind("产出指标", 50, "数量指标", "气象预警信息发布", "≥300期", ">=", 300, "期", "326期", 50, 50),
            ind(
                "满意度指标",
                40,
                "服务对象满意度指标",
                "公众气象服务满意度",
                "≥90%",
                ">=",
                90,
                "%",
                "93%",
                40,
                40,
            ),
        ],
    )
    return blocks, truth


Builder = Callable[[], tuple[Blocks, Truth | list[Truth]]]
MORE: dict[str, tuple[str, tuple[str, ...], Builder]] = {
    "split_target": ("indicator_cells", ("txt",), split_target),
    "formula_headers": ("labels", ("txt",), formula_headers),
    "spaced_labels": ("labels", ("txt",), spaced_labels),
    "indicator_prefix": ("indicator_cells", ("txt",), indicator_prefix),
    "operators": ("indicator_cells", ("txt",), operators),
    "placeholders": ("indicator_cells", ("txt",), placeholders),
    "total_row_variants": ("totals", ("txt",), total_row_variants),
    "several_forms": ("multi_form", ("txt",), several_forms),
    "no_attachment_heading": ("headings", ("txt",), no_attachment_heading),
    "dept_eval_heading": ("headings", ("txt",), dept_eval_heading),
    "sichuan_project": ("headings", ("txt",), sichuan_project),
    "rubric": ("rubric", ("txt",), rubric),
    "target_table": ("look_alikes", ("txt",), target_table),
    "table_of_contents": ("look_alikes", ("txt",), table_of_contents),
}


def split_target_two_rows() -> tuple[Blocks, Truth]:
    """年度指标值 merged over a second header row 指标性质 | 指标值 | 度量单位."""
    w = 11
    sub_cols = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因",
    ]
    body = indicator_rows(
        None,
        sub_cols,
        [
            (
                "产出指标\n（50分）",
                [
                    ("数量指标", [["培训农村实用人才", "≥", "600", "人次", "652人次", "25", "25", S]]),
                    ("质量指标", [["培训合格率", "≥", "95", "%", "97%", "25", "25", S]]),
                ],
            ),
            (
                "满意度指标\n（40分）",
                [("服务对象满意度指标", [["学员满意度", "≥", "90", "%", "88%", "40", "38", "课程安排偏紧"]])],
            ),
        ],
    )[1:]
    head: TableSpec = [
        [
            C("绩效\n指标", rows=2 + len(body)),
            C("一级指标", rows=2),
            C("二级指标", rows=2),
            C("三级指标", rows=2),
            C("年度指标值", cols=3),
            C("实际完成值", rows=2),
            C("分值", rows=2),
            C("得分", rows=2),
            C("偏差原因", rows=2),
        ],
        ["指标性质", "指标值", "度量单位"],
    ]
    table: TableSpec = [
        *header_rows(
            w, [[("项目名称", "高素质农民培育")], [("主管部门", "某县农业农村局"), ("实施单位", "县农广校")]]
        ),
        *fund_rows(
            w,
            "项目资金\n（万元）",
            STD_FUND_COLS,
            [("年度资金总额", ["90", "90", "88.2", "10", "98%", "9.8"])],
        ),
        *head,
        *body,
        [C("总分", cols=8), "100", "97.8", ""],
    ]
    blocks: Blocks = ["附件3", "项目支出绩效自评表", "（2023年度）", table]
    truth = form(
        "project",
        attachment="附件3",
        title="项目支出绩效自评表",
        year=2023,
        project="高素质农民培育",
        competent_department="某县农业农村局",
        implementing_unit="县农广校",
        total_weight=100,
        total_score=97.8,
        funds={"total": fund("90", "90", "88.2", 10, 98, 9.8)},
        indicators=[
            ind(
                "产出指标",
                50,
                "数量指标",
                "培训农村实用人才",
                "≥600人次",
                ">=",
                600,
                "人次",
                "652人次",
                25,
                25,
            ),
            ind("产出指标", 50, "质量指标", "培训合格率", "≥95%", ">=", 95, "%", "97%", 25, 25),
            ind(
                "满意度指标",
                40,
                "服务对象满意度指标",
                "学员满意度",
                "≥90%",
                ">=",
                90,
                "%",
                "88%",
                40,
                38,
                "课程安排偏紧",
            ),
        ],
    )
    return blocks, truth


MORE["split_target_two_rows"] = ("indicator_cells", ("txt", "html"), split_target_two_rows)
