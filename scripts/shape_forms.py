"""Random self-evaluation forms for the shape samples: the logical rows of a form, and its truth.

A form is drawn from a seeded ``random.Random`` over several provinces' templates (column orders, with or
without 年初预算数, 部门整体 vs 项目 forms, target tables) and written as paragraphs plus logical table rows
(``("row", [cells])``, "" for an empty or merged-down cell). ``make_shape_samples.py`` then renders the rows
in each text shape. The truth is written here from the values drawn, never by running jixiao.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from shape_breakdown import draw_breakdown
from truth_fields import FORM_FIELDS

Item = tuple[str, Any]  # ("p", text) | ("row", [cells])

PROJECTS = [
    ("乡村道路养护补助", "某县交通运输局", "县公路养护中心"),
    ("农村饮水安全巩固提升", "某县水利局", "县农村供水站"),
    ("城乡环境卫生整治经费", "某县城市管理局", "县环境卫生服务中心"),
    ("义务教育学校校舍维修", "某县教育和体育局", "县教育后勤服务中心"),
    ("公共文化服务体系建设", "某县文化旅游广电局", "县文化馆"),
    ("森林防火巡护经费", "某县林业局", "县森林防火指挥部办公室"),
    ("基层医疗卫生机构运行补助", "某县卫生健康局", "县疾病预防控制中心"),
    ("高标准农田建设", "某县农业农村局", "县农田建设服务站"),
]
DEPARTMENTS = ["某镇人民政府", "某县司法局", "某县档案馆", "某县统计局", "某县退役军人事务局", "某县图书馆"]
# (一级指标, 二级指标, 三级指标, target as written, op, value, unit, actual as written)
INDICATORS = [
    ("产出指标", "数量指标", "养护里程", "≥{n}公里", ">=", "n", "公里", "{m}公里"),
    ("产出指标", "数量指标", "服务人次", "≥{n}人", ">=", "n", "人", "{m}人"),
    ("产出指标", "质量指标", "验收合格率", "100%", None, 100, "%", "100%"),
    ("产出指标", "质量指标", "设施完好率", "≥95%", ">=", 95, "%", "97%"),
    ("产出指标", "时效指标", "完成及时率", "100%", None, 100, "%", "100%"),
    ("效益指标", "社会效益指标", "群众出行条件", "有效改善", None, None, None, "有效改善"),
    ("效益指标", "社会效益指标", "服务覆盖率", "≥90%", ">=", 90, "%", "93%"),
    ("效益指标", "可持续影响指标", "长效管护机制", "健全", None, None, None, "基本健全"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", ">=", 90, "%", "94%"),
    ("满意度指标", "服务对象满意度指标", "受益对象满意度", "≥85%", ">=", 85, "%", "91%"),
]
DEVIATIONS = ["部分路段受天气影响延期", "资金拨付滞后", "个别站点设备老化", "年底集中支付"]


@dataclass(frozen=True)
class Template:
    """One province's way of writing the form."""

    name: str
    kind: str  # project | department | target
    title: str
    fund_cols: tuple[str, ...]  # keys in order: bi bf ex w rate score
    fund_labels: dict[str, str]  # key → column label as written
    lines: tuple[tuple[str, str], ...]  # (fund line key, label as written)
    ind_cols: tuple[str, ...]  # indicator column labels as written
    corner: str = "项目资金\n（万元）"
    unit: str = "万元"


FULL = ("bi", "bf", "ex", "w", "rate", "score")
LABELS = {
    "bi": "年初预算数",
    "bf": "全年预算数",
    "ex": "全年执行数",
    "w": "分值",
    "rate": "执行率",
    "score": "得分",
}
STD_IND = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
TEMPLATES = [
    Template(
        "hunan",
        "project",
        "项目支出绩效自评表",
        FULL,
        LABELS
        | {"bi": "年初\n预算数", "bf": "全年\n预算数", "ex": "全年\n执行数"},  # labels broken in the cell
        (
            ("total", "年度资金总额"),
            ("current_year_appropriation", "其中：当年财政拨款"),
            ("prior_year_carryover", "上年结转资金"),
            ("other_funds", "其他资金"),
        ),
        STD_IND,
    ),
    Template(
        "sichuan",
        "project",
        "部门预算项目支出绩效自评表",
        ("bf", "ex", "w", "rate", "score"),
        LABELS | {"bf": "预算数", "ex": "执行数"},
        (
            ("total", "年度资金总额"),
            ("current_year_appropriation", "其中：财政拨款"),
            ("other_funds", "其他资金"),
        ),
        ("一级指标", "二级指标", "三级指标", "指标值", "实际值", "权重", "得分"),
    ),
    Template(
        "guangdong",
        "project",
        "绩效目标自评表",
        ("bi", "bf", "ex", "rate", "w", "score"),
        LABELS | {"bi": "年初预算", "bf": "调整后预算数", "ex": "实际支出"},
        (("total", "年度资金总额"), ("fiscal_funds", "其中：财政资金"), ("unit_funds", "单位资金")),
        ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析"),
        corner="资金情况\n（万元）",
    ),
    Template(
        "jiangxi",
        "department",
        "部门整体支出绩效自评表",
        FULL,
        LABELS,
        (
            ("total", "部门整体支出总额"),
            ("current_year_appropriation", "其中：当年财政拨款"),
            ("special_account_funds", "财政专户管理资金"),
            ("other_funds", "其他资金"),
        ),
        STD_IND,
        unit="元",
        corner="预算资金\n（元）",
    ),
    Template(
        "hubei",
        "department",
        "整体支出绩效自评表",
        ("bi", "bf", "ex", "w", "rate", "score"),
        LABELS,
        (
            ("total", "年度财政资金总额"),
            ("current_year_appropriation", "当年财政拨款"),
            ("other_funds", "其他资金"),
        ),
        STD_IND,
    ),
    Template(
        "target", "target", "项目支出绩效目标表", (), {}, (), ("一级指标", "二级指标", "三级指标", "指标值")
    ),
]


def _q(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _num(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral() else float(value)


@dataclass
class Drawn:
    """A form drawn at random: its logical rows and its truth."""

    items: list[Item] = field(default_factory=list)
    truth: dict[str, Any] = field(default_factory=dict)
    fund_rows: list[int] = field(default_factory=list)  # indexes of fund line rows in items


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _fund_values(
    rng: random.Random, tpl: Template, zeros_total: bool
) -> list[tuple[str, str, dict[str, str]]]:
    """Per line: (key, label, {slot: text as written}); '' for an empty cell."""
    scale = 10000 if tpl.unit == "元" else 1
    full = _money(rng, 30, 900) * scale
    carry = _q(full * Decimal(rng.choice(["0", "0.1", "0.2"])))
    sub = [k for k, _ in tpl.lines if k != "total"]
    amounts = {"total": full}
    if sub:
        amounts[sub[0]] = full - carry
    if len(sub) > 1 and sub[1] != "other_funds":
        amounts[sub[1]] = carry
    out = []
    for key, label in tpl.lines:
        bf = amounts.get(key, Decimal(0))
        if bf == 0:
            out.append((key, label, dict.fromkeys(tpl.fund_cols, "")))
            continue
        ex = _q(bf * Decimal(rng.randint(880, 1000)) / 1000)
        bi = bf if rng.random() < 0.5 else _q(bf * Decimal("0.9"))
        rate = _q(ex / bf * 100)
        vals = {"bi": f"{bi:.2f}", "bf": f"{bf:.2f}", "ex": f"{ex:.2f}", "rate": f"{rate:.2f}%"}
        if key == "total":
            vals |= {"w": "10", "score": f"{_q(rate / 10):.2f}"}
        else:
            vals |= {"w": "—", "score": "—"}
        out.append((key, label, {k: vals[k] for k in tpl.fund_cols}))
    if zeros_total:
        out[0] = (
            out[0][0],
            out[0][1],
            {k: ("0" if k not in ("w", "score") else v) for k, v in out[0][2].items()},
        )
        out[0][2]["rate"] = "0%"
        out[0][2]["score"] = "0"
    return out


def _fund_truth(vals: dict[str, str], unit: str) -> dict[str, Any]:
    def money(text: str | None) -> str | None:
        if not text or text == "—":
            return None
        return f"{Decimal(text) * (10000 if unit == '万元' else 1):.2f}"

    def number(text: str | None) -> float | int | None:
        if not text or text == "—":
            return None
        return _num(Decimal(text.rstrip("%")))

    return {
        "budget_initial_yuan": money(vals.get("bi")),
        "budget_full_year_yuan": money(vals.get("bf")),
        "executed_yuan": money(vals.get("ex")),
        "weight": number(vals.get("w")),
        "execution_rate_pct": number(vals.get("rate")),
        "score": number(vals.get("score")),
    }


def draw_form(
    rng: random.Random, tpl: Template, year: int, *, zeros_total: bool = False, breakdown: str | None = None
) -> Drawn:
    """Rows and truth of one form of template ``tpl`` (``breakdown``: a style of ``BREAKDOWN_SPELLINGS``)."""
    d = Drawn()
    name, dept, unit_name = rng.choice(PROJECTS)
    # form_type and year go last, as set below: the truth files' key order
    truth: dict[str, Any] = dict.fromkeys(f for f in FORM_FIELDS if f not in ("form_type", "year"))
    truth |= {"form_type": tpl.kind, "title": tpl.title, "year": year, "funds": {}, "breakdown": {}}
    truth["indicators"] = []
    d.items.append(("p", tpl.title))
    d.items.append(("p", f"（{year}年度）"))
    if tpl.kind == "department":
        org = rng.choice(DEPARTMENTS)
        d.items.append(("row", ["部门名称", org]))
        truth["department"] = org
    else:
        d.items.append(("row", ["项目名称", name]))
        d.items.append(("row", ["主管部门", dept, "实施单位", unit_name]))
        truth |= {"project": name, "competent_department": dept, "implementing_unit": unit_name}
    fund_score = Decimal(0)
    if tpl.fund_cols:
        d.items.append(("row", [tpl.corner, *(tpl.fund_labels[k] for k in tpl.fund_cols)]))
        for key, label, vals in _fund_values(rng, tpl, zeros_total):
            d.fund_rows.append(len(d.items))
            d.items.append(("row", [label, *(vals[k] for k in tpl.fund_cols)]))
            truth["funds"][key] = _fund_truth(vals, tpl.unit)
            if key == "total" and vals.get("score") not in (None, "", "—"):
                fund_score = Decimal(vals["score"])
            if key == "total" and breakdown == "before":  # between the total and its source lines
                rows, truth["breakdown"] = draw_breakdown(rng, breakdown, vals["bf"], tpl.unit)
                d.items += rows
        if breakdown is not None and breakdown != "before":
            total_bf = next(
                r[1][1 + tpl.fund_cols.index("bf")] for r in d.items if r[1][0] == tpl.lines[0][1]
            )
            rows, truth["breakdown"] = draw_breakdown(rng, breakdown, total_bf, tpl.unit)
            d.items += rows
    goal_e = f"完成{name}年度任务，资金使用规范，群众满意度提高。"
    goal_a = f"已完成{name}年度任务，资金按时支付，群众满意度达到预期。"
    if tpl.kind == "target":
        d.items.append(("row", ["年度绩效目标", goal_e]))
        truth["goal_expected"] = goal_e
    else:
        d.items.append(("row", ["年度总体目标", "预期目标", "实际完成情况"]))
        d.items.append(("row", ["", goal_e, goal_a]))
        truth |= {"goal_expected": goal_e, "goal_actual": goal_a}
    _indicators(rng, tpl, d, truth, fund_score)
    d.truth = truth
    return d


def _indicators(
    rng: random.Random, tpl: Template, d: Drawn, truth: dict[str, Any], fund_score: Decimal
) -> None:
    picks = sorted(rng.sample(range(len(INDICATORS)), rng.randint(3, 5)))
    chosen = [INDICATORS[i] for i in picks]
    scored = tpl.kind != "target"
    weights = [90 // len(chosen)] * len(chosen)
    weights[0] += 90 - sum(weights)
    groups: dict[str, int] = {}
    for (l1, *_), w in zip(chosen, weights, strict=True):
        groups[l1] = groups.get(l1, 0) + w
    d.items.append(("row", list(tpl.ind_cols)))
    total = fund_score
    last1 = last2 = None
    for (l1, l2, l3, tgt, op, val, unit, act), w in zip(chosen, weights, strict=True):
        n = rng.randint(12, 300)
        target = tgt.format(n=n)
        actual = act.format(m=n + rng.randint(0, 20))
        value = n if val == "n" else val
        score = w if rng.random() < 0.7 else w - rng.randint(1, 3)
        total += score
        deviation = rng.choice(DEVIATIONS) if score < w else ""
        with_points = scored and rng.random() < 0.5
        c1 = (l1 + (f"（{groups[l1]}分）" if with_points else "")) if l1 != last1 else ""
        c2 = l2 if (l1, l2) != (last1, last2) else ""
        row = [c1, c2, l3, target]
        if scored:
            row += [actual, str(w), str(score)]
            if len(tpl.ind_cols) == 8:
                row.append(deviation)
        d.items.append(("row", row))
        if l1 != last1:
            group_weight = groups[l1] if with_points else None
        last1, last2 = l1, l2
        truth["indicators"].append(
            {
                "level1": l1,
                "level1_weight": group_weight,
                "level2": l2,
                "level3": l3,
                "target_raw": target,
                "target_op": op,
                "target_value": value,
                "target_unit": unit,
                "actual_raw": actual if scored else None,
                "weight": w if scored else None,
                "score": score if scored else None,
                "deviation_reason": (deviation or None) if len(tpl.ind_cols) == 8 else None,
            }
        )
    if scored:
        d.items.append(("row", ["总分", "100", f"{total}"]))
        truth["total_weight"] = 100
        truth["total_score"] = _num(total)
