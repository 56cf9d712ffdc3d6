"""Build tiny tab-laden text forms for tests: one project form with a money block and indicators."""

from __future__ import annotations

from collections.abc import Sequence


def _row(*cells: str) -> str:
    return "".join(f"\t{c}\n" for c in cells) + "\n"


def project_form(
    *,
    money: Sequence[str] = ("80", "80", "79", "10", "98.75%", "9.88"),
    current_year: Sequence[str] | None = None,
    indicators: Sequence[tuple[str, str, str, str]] = (
        ("产出指标\n(50分)", "数量指标", "50", "50"),
        ("满意度指标\n(40分)", "满意度", "40", "38"),
    ),
    total: tuple[str, str] = ("100", "97.88"),
    unit: str = "万元",
    attachment: str = "附件1",
    project: str = "测试项目",
) -> str:
    """A project form; ``money`` is 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分 of 年度资金总额."""
    text = f"{attachment}\n项目支出绩效自评表\n填报单位：测试单位  （2023年度）\n"
    text += _row("项目支出名称", project)
    text += _row(
        f"项目资金\n（{unit}）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"
    )
    text += _row("", "年度资金总额", *money)
    if current_year is not None:
        text += _row("", "其中：当年财政拨款", *current_year)
    text += _row("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
    for level1, level2, weight, score in indicators:
        text += _row("", level1, level2, "某指标", "100%", "100%", weight, score)
    text += _row("总分", *total)
    return text


def department_form(money: Sequence[str], basic: str, project: str, unit: str = "（万元）") -> str:
    """A department form with its breakdowns (all 一般公共预算; 基本支出 and 项目支出): ``money`` is
    年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分 of 年度资金总额; ``unit`` its header's unit."""
    text = "附件1\n部门整体支出绩效自评表\n填报单位：测试厅  （2023年度）\n"
    text += _row("预算部门名称", "测试厅")
    head = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    text += _row(f"年度预算\n申请\n{unit}", "", *head)
    text += _row("", "年度资金总额", *money)
    text += _row("", "按收入性质分：", "按支出性质分：")
    text += _row("", f"其中：一般公共预算：{money[1]}", f"其中：基本支出：{basic}")
    text += _row("", "政府性基金拨款：", f"项目支出：{project}")
    text += _row("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
    text += _row("", "产出指标", "数量指标", "某指标", "100%", "100%", "90", "90")
    return text + _row("总分", "100", "99.9")


def other_form(budget: str) -> str:
    """A second project form (附件2, 其他项目): 年初预算数, 全年预算数 and 全年执行数 all ``budget``."""
    money = (budget, budget, budget, "10", "100%", "10")
    return project_form(attachment="附件2", project="其他项目", money=money, total=("100", "98"))


def project_report(body: str) -> str:
    """A 项目支出绩效自评报告 (附件2) after a form, whose 一、基本情况 says ``body``."""
    return f"\n附件2\n项目支出绩效自评报告\n一、基本情况\n{body}\n"


# The sample's 万元 figures written in 元 under its 万元 header (a mislabeled header): for edit_sample.
LUKOU_FIGURES_IN_YUAN = (
    ("3,20.6,71591", "3206715.91"),
    ("3,21.0,13328", "3210133.28"),
    ("3,21.0,08126", "3210081.26"),
    ("321.013328", "3210133.28"),
    ("241.024804", "2410248.04"),
    ("79.988524", "799885.24"),
    ("2410248.04万元", "2410248.04元"),
)


def indicator_form(
    rows: Sequence[tuple[str, str, str, str, str, str, str]],
    *,
    money: Sequence[str] = ("80", "80", "80", "10", "100%", "10"),
    total: tuple[str, str] = ("100", "100"),
) -> str:
    """A project form whose indicators are (一级, 二级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因)."""
    text = "附件1\n项目支出绩效自评表\n填报单位：测试单位  （2023年度）\n"
    text += _row("项目支出名称", "测试项目")
    text += _row("项目资金\n（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    text += _row("", "年度资金总额", *money)
    text += _row(
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    for level1, level2, target, actual, weight, score, reason in rows:
        text += _row("", level1, level2, "某指标", target, actual, weight, score, reason)
    text += _row("总分", *total)
    return text


def edit_sample(text: str, replacements: Sequence[tuple[str, str]]) -> str:
    """The sample with some exact strings replaced (each must occur): a quirk planted in real text."""
    for old, new in replacements:
        if old not in text:
            raise ValueError(f"{old!r} is not in the text")
        text = text.replace(old, new)
    return text
