"""Write samples/templates/: one tiny form per template quirk, each with its hand-written truth.

Every sample mimics the real export (samples/lukou_xunchaban_2023.txt): full-width spaces, labels broken
over lines, 万元 money columns, vertical merges shown as empty cells. The layouts are written in
``scripts/template_dsl.py``'s notation (cells with spans) and rendered as the text export; two are also
rendered as .xlsx and .html (real merges) to show that segmentation does not depend on the reader.

The truth (``NAME.truth.json``) is written by hand below, value by value, never computed by jixiao:
per form the contract's fields (null where the source holds nothing), its fund lines and indicators.
The bench (``bench/templates.py``) compares jixiao's tables with it.

Run: ``.venv/bin/python scripts/make_template_samples.py`` (deterministic: same bytes every run).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
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
    render_html,
    render_txt,
    render_xlsx,
)
from template_samples_more import MORE

OUT = Path(__file__).resolve().parent.parent / "samples" / "templates"


# ---------- the samples ---------------------------------------------------------------------------

PROJECT_GOALS = (
    "完成城区主次干道及背街小巷日常清扫保洁，垃圾日产日清，提升城乡环境卫生水平。",
    "全年完成主次干道清扫保洁任务，垃圾日产日清，群众对环境卫生满意度明显提升。" + S,
)


def label_variants_a() -> tuple[Blocks, Truth]:
    """Project form; labels 年初预算 / 调整后预算数 / 实际支出 / 权重 / 预算执行率 / 资金总额 / 实际值."""
    w = 9
    table: TableSpec = [
        *header_rows(
            w,
            [
                [("项目名称", "城乡环境卫生整治经费" + S)],
                [("主管部门", "某县城市管理局"), ("实施单位", "县环境卫生服务中心")],
            ],
        ),
        *fund_rows(
            w,
            "项目资金\n（万元）",
            ["年初\n预算", "调整后\n预算数", "实际\n支出", "权重", "预算\n执行率", "得分"],
            [
                ("资金总额", ["120", "135.5", "130.08", "10", "96%", "9.6"]),
                ("其中：财政拨款", ["120", "135.5", "130.08", "—", "96%", "—"]),
                ("其他资金", ["", "", "", "", "", ""]),
            ],
        ),
        *goal_rows(w, "年度总体目标", ("预期目标", "实际完成情况"), PROJECT_GOALS),
        *indicator_rows(
            "绩\n效\n指\n标",
            ["一级指标", "二级指标", "三级指标", "指标值", "实际值", "权重", "得分", "原因"],
            [
                (
                    "产出指标\n（50分）",
                    [
                        ("数量\n指标", [["清扫保洁面积", "120万平方米", "120万平方米", "20", "20", S]]),
                        ("质量\n指标", [["垃圾清运率", "100%", "98%", "15", "14", "个别偏远村组清运不及时"]]),
                        ("时效指标", [["垃圾日产日清", "当日", "当日", "15", "15", ""]]),
                    ],
                ),
                (
                    "满意度指标\n（40分）",
                    [("服务对象满意度指标", [["群众满意度", "≥90%", "92%", "40", "37", S]])],
                ),
            ],
        ),
        [C("总分", cols=6), "100", "95.6", ""],
    ]
    blocks: Blocks = ["附件2", "项目支出绩效自评表", "（2023年度）", table]
    truth = form(
        "project",
        attachment="附件2",
        title="项目支出绩效自评表",
        year=2023,
        project="城乡环境卫生整治经费",
        competent_department="某县城市管理局",
        implementing_unit="县环境卫生服务中心",
        goal_expected=PROJECT_GOALS[0],
        goal_actual=PROJECT_GOALS[1].strip(S),
        total_weight=100,
        total_score=95.6,
        funds={
            "total": fund("120", "135.5", "130.08", 10, 96, 9.6),
            "current_year_appropriation": fund("120", "135.5", "130.08", None, 96, None),
            "other_funds": fund(None, None, None),
        },
        indicators=[
            ind(
                "产出指标",
                50,
                "数量指标",
                "清扫保洁面积",
                "120万平方米",
                None,
                120,
                "万平方米",
                "120万平方米",
                20,
                20,
            ),
            ind(
                "产出指标",
                50,
                "质量指标",
                "垃圾清运率",
                "100%",
                None,
                100,
                "%",
                "98%",
                15,
                14,
                "个别偏远村组清运不及时",
            ),
            ind("产出指标", 50, "时效指标", "垃圾日产日清", "当日", None, None, None, "当日", 15, 15),
            ind("满意度指标", 40, "服务对象满意度指标", "群众满意度", "≥90%", ">=", 90, "%", "92%", 40, 37),
        ],
    )
    return blocks, truth


def label_variants_b() -> tuple[Blocks, Truth]:
    """Department form; labels 预算数（A） / 执行数（B） / 执行率（B/A） / 当年财政拨款 / 完成值."""
    w = 9
    goals = ("保障机关正常运转，完成年度农业技术推广任务。", "机关运转正常，完成农业技术推广培训12期。")
    table: TableSpec = [
        *header_rows(w, [[("部门名称", "某县农业农村局" + S)]]),
        *fund_rows(
            w,
            "年度预算\n申请\n（万元）",
            ["年初\n预算数", "预算数\n（A）", "执行数\n（B）", "分值", "执行率\n（B/A）", "得分"],
            [
                ("年度资金总额", ["856.32", "901.5", "890.1", "10分", "98.74%", "9.87"]),
                ("当年财政拨款", ["856.32", "901.5", "890.1", "", "98.74%", ""]),
                ("上年结转资金", ["", "", "", "", "", ""]),
            ],
        ),
        *goal_rows(w, "年度总体目标", ("预期目标", "实际完成情况"), goals),
        *indicator_rows(
            "绩\n效\n指\n标",
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "年度\n指标值",
                "完成值",
                "分值",
                "得分",
                "偏差原因分析及改进措施",
            ],
            [
                (
                    "产出指标\n（50分）",
                    [
                        (
                            "数量指标",
                            [
                                ["农技培训期数", "12期", "12期", "25", "25", S],
                                ["示范基地建设", "3个", "3个", "25", "25", S],
                            ],
                        ),
                    ],
                ),
                (
                    "效益指标\n（30分）",
                    [("社会效益指标", [["农户技术覆盖率", "≥85%", "88%", "30", "30", S]])],
                ),
                (
                    "满意度指标\n（10分）",
                    [
                        (
                            "服务对象满意度指标",
                            [["培训对象满意度", "≥90%", "89%", "10", "9", "部分培训内容针对性不强"]],
                        )
                    ],
                ),
            ],
        ),
        [C("总分", cols=6), "100", "98.87", ""],
    ]
    blocks: Blocks = [
        "附件1",
        "部门整体支出绩效自评表",
        "填报单位：（盖章）某县农业农村局" + " " * 16 + "（2023年度）",
        table,
    ]
    truth = form(
        "department",
        attachment="附件1",
        title="部门整体支出绩效自评表",
        year=2023,
        fill_unit="某县农业农村局",
        department="某县农业农村局",
        goal_expected=goals[0],
        goal_actual=goals[1],
        total_weight=100,
        total_score=98.87,
        funds={
            "total": fund("856.32", "901.5", "890.1", 10, 98.74, 9.87),
            "current_year_appropriation": fund("856.32", "901.5", "890.1", None, 98.74, None),
            "prior_year_carryover": fund(None, None, None),
        },
        indicators=[
            ind("产出指标", 50, "数量指标", "农技培训期数", "12期", None, 12, "期", "12期", 25, 25),
            ind("产出指标", 50, "数量指标", "示范基地建设", "3个", None, 3, "个", "3个", 25, 25),
            ind("效益指标", 30, "社会效益指标", "农户技术覆盖率", "≥85%", ">=", 85, "%", "88%", 30, 30),
            ind(
                "满意度指标",
                10,
                "服务对象满意度指标",
                "培训对象满意度",
                "≥90%",
                ">=",
                90,
                "%",
                "89%",
                10,
                9,
                "部分培训内容针对性不强",
            ),
        ],
    )
    return blocks, truth


def column_order() -> tuple[Blocks, Truth]:
    """Project form with the money columns and the indicator columns in another order."""
    w = 9
    table: TableSpec = [
        *header_rows(
            w,
            [
                [("项目名称", "农村公路养护资金")],
                [("主管部门", "某县交通运输局"), ("实施单位", "县公路事务中心")],
            ],
        ),
        *fund_rows(
            w,
            "项目资金\n（万元）",
            ["全年\n预算数", "全年\n执行数", "执行率", "年初\n预算数", "分值", "得分"],
            [
                ("年度资金总额", ["300", "285", "95%", "300", "10", "9.5"]),
                ("其中：当年财政拨款", ["300", "285", "95%", "300", "", ""]),
            ],
        ),
        *indicator_rows(
            "绩效\n指标",
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "分值",
                "得分",
                "年度指标值",
                "实际完成值",
                "偏差原因分析及改进措施",
            ],
            [
                (
                    "产出指标\n（60分）",
                    [
                        ("数量指标", [["养护里程", "30", "30", "≥120公里", "126公里", ""]]),
                        ("质量指标", [["优良路率", "30", "27", "≥80%", "76%", "部分路段水毁未及时修复"]]),
                    ],
                ),
                (
                    "满意度指标\n（30分）",
                    [("服务对象满意度指标", [["沿线群众满意度", "30", "30", "≥90%", "93%", ""]])],
                ),
            ],
        ),
        [C("总分", cols=4), "100", "96.5", C("", cols=3)],
    ]
    blocks: Blocks = ["附件3", "项目支出绩效自评表", "（2023年度）", table]
    truth = form(
        "project",
        attachment="附件3",
        title="项目支出绩效自评表",
        year=2023,
        project="农村公路养护资金",
        competent_department="某县交通运输局",
        implementing_unit="县公路事务中心",
        total_weight=100,
        total_score=96.5,
        funds={
            "total": fund("300", "300", "285", 10, 95, 9.5),
            "current_year_appropriation": fund("300", "300", "285", None, 95, None),
        },
        indicators=[
            ind("产出指标", 60, "数量指标", "养护里程", "≥120公里", ">=", 120, "公里", "126公里", 30, 30),
            ind(
                "产出指标",
                60,
                "质量指标",
                "优良路率",
                "≥80%",
                ">=",
                80,
                "%",
                "76%",
                30,
                27,
                "部分路段水毁未及时修复",
            ),
            ind(
                "满意度指标", 30, "服务对象满意度指标", "沿线群众满意度", "≥90%", ">=", 90, "%", "93%", 30, 30
            ),
        ],
    )
    return blocks, truth


def missing_initial_budget() -> tuple[Blocks, Truth]:
    """Project form without a 年初预算数 column; lines 总额 / 本年财政拨款 / 上年结转."""
    w = 8
    table: TableSpec = [
        *header_rows(
            w,
            [
                [("项目支出名称", "学生营养改善计划")],
                [("主管部门", "某县教育局"), ("实施单位", "县学生资助中心")],
            ],
        ),
        *fund_rows(
            w,
            "项目资金\n（万元）",
            ["全年预算数", "全年执行数", "分值", "执行率", "得分"],
            [
                ("总额", ["412.6", "412.6", "10", "100%", "10"]),
                ("本年财政拨款", ["380", "380", "", "100%", ""]),
                ("上年结转", ["32.6", "32.6", "", "100%", ""]),
            ],
        ),
        *indicator_rows(
            "绩效指标",
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            [
                (
                    "产出指标\n（50分）",
                    [
                        ("数量指标", [["受益学生人数", "≥5200人", "5316人", "25", "25"]]),
                        ("时效指标", [["资金拨付及时率", "100%", "100%", "25", "25"]]),
                    ],
                ),
                (
                    "效益指标\n（40分）",
                    [("社会效益指标", [["学生营养状况改善", "有所改善", "明显改善", "40", "40"]])],
                ),
            ],
        ),
        [C("总分", cols=5), "100", "100"],
    ]
    blocks: Blocks = ["附件2", "项目支出绩效自评表", "（2023年度）", table]
    truth = form(
        "project",
        attachment="附件2",
        title="项目支出绩效自评表",
        year=2023,
        project="学生营养改善计划",
        competent_department="某县教育局",
        implementing_unit="县学生资助中心",
        total_weight=100,
        total_score=100,
        funds={
            "total": fund(None, "412.6", "412.6", 10, 100, 10),
            "current_year_appropriation": fund(None, "380", "380", None, 100, None),
            "prior_year_carryover": fund(None, "32.6", "32.6", None, 100, None),
        },
        indicators=[
            ind("产出指标", 50, "数量指标", "受益学生人数", "≥5200人", ">=", 5200, "人", "5316人", 25, 25),
            ind("产出指标", 50, "时效指标", "资金拨付及时率", "100%", None, 100, "%", "100%", 25, 25),
            ind(
                "效益指标",
                40,
                "社会效益指标",
                "学生营养状况改善",
                "有所改善",
                None,
                None,
                None,
                "明显改善",
                40,
                40,
            ),
        ],
    )
    return blocks, truth


def extra_columns() -> tuple[Blocks, Truth]:
    """Indicator table with 指标解释, 评分标准, 核心指标 是/否 and 原因 columns besides the contract's."""
    w = 11
    table: TableSpec = [
        *header_rows(
            w,
            [
                [("项目名称", "农村饮水安全巩固提升工程")],
                [("主管部门", "某县水利局"), ("实施单位", "县农村供水站")],
            ],
        ),
        *fund_rows(
            w,
            "项目资金\n（万元）",
            ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            [
                ("年度资金总额", ["650", "650", "598", "10", "92%", "9.2"]),
            ],
        ),
        *indicator_rows(
            None,
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "指标解释",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
                "评分标准",
                "核心指标\n是/否",
                "原因",
            ],
            [
                (
                    "产出指标\n（50分）",
                    [
                        (
                            "数量指标",
                            [
                                [
                                    "新建供水工程",
                                    "新建集中供水工程处数",
                                    "8处",
                                    "8处",
                                    "25",
                                    "25",
                                    "完成得满分",
                                    "是",
                                    S,
                                ]
                            ],
                        ),
                        (
                            "质量指标",
                            [
                                [
                                    "工程验收合格率",
                                    "验收合格工程/完工工程",
                                    "100%",
                                    "100%",
                                    "25",
                                    "25",
                                    "每降1%扣1分",
                                    "否",
                                    S,
                                ]
                            ],
                        ),
                    ],
                ),
                (
                    "效益指标\n（40分）",
                    [
                        (
                            "社会效益指标",
                            [
                                [
                                    "受益人口",
                                    "工程覆盖受益人数",
                                    "≥1.2万人",
                                    "1.1万人",
                                    "40",
                                    "36",
                                    "按比例扣分",
                                    "是",
                                    "2处工程跨年度实施",
                                ]
                            ],
                        )
                    ],
                ),
            ],
        ),
        [C("总分", cols=6), "100", "95.2", C("", cols=3)],
    ]
    blocks: Blocks = ["附件4", "项目支出绩效自评表", "（2023年度）", table]
    truth = form(
        "project",
        attachment="附件4",
        title="项目支出绩效自评表",
        year=2023,
        project="农村饮水安全巩固提升工程",
        competent_department="某县水利局",
        implementing_unit="县农村供水站",
        total_weight=100,
        total_score=95.2,
        funds={"total": fund("650", "650", "598", 10, 92, 9.2)},
        indicators=[
            ind("产出指标", 50, "数量指标", "新建供水工程", "8处", None, 8, "处", "8处", 25, 25),
            ind("产出指标", 50, "质量指标", "工程验收合格率", "100%", None, 100, "%", "100%", 25, 25),
            ind(
                "效益指标",
                40,
                "社会效益指标",
                "受益人口",
                "≥1.2万人",
                ">=",
                1.2,
                "万人",
                "1.1万人",
                40,
                36,
                "2处工程跨年度实施",
            ),
        ],
    )
    return blocks, truth


SAMPLES: dict[str, tuple[str, tuple[str, ...], Callable[[], tuple[Blocks, Truth]]]] = {
    # name: (family, formats, builder)
    "label_variants_a": ("labels", ("txt", "xlsx"), label_variants_a),
    "label_variants_b": ("labels", ("txt",), label_variants_b),
    "column_order": ("columns", ("txt",), column_order),
    "missing_initial_budget": ("columns", ("txt",), missing_initial_budget),
    "extra_columns": ("columns", ("txt", "html"), extra_columns),
}


def write_all(out: Path = OUT) -> list[Path]:
    """Render every sample in its formats, with its truth; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, (family, formats, build) in {**SAMPLES, **MORE}.items():
        blocks, truth = build()
        for fmt in formats:
            stem = name if fmt == "txt" else f"{name}_{fmt}"
            path = out / f"{stem}.{fmt}"
            if fmt == "txt":
                path.write_text(render_txt(blocks), encoding="utf-8")
            elif fmt == "html":
                path.write_text(render_html(blocks, name), encoding="utf-8")
            else:
                path.write_bytes(render_xlsx(blocks))
            doc = {
                "sample": path.name,
                "family": family if fmt == "txt" else "formats",
                "quirk": (build.__doc__ or "").strip(),
                "made_by": "scripts/make_template_samples.py",
                "forms": truth if isinstance(truth, list) else [truth],
            }
            truth_path = out / f"{stem}.truth.json"
            truth_path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            written += [path, truth_path]
    return written


if __name__ == "__main__":
    for p in write_all():
        print(p.relative_to(OUT.parent.parent))
