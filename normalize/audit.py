"""The auditor's own checks on indicators and on the 预算执行率 score.

- an indicator whose actual value misses its target (``normalize.targets.compare_target``; qualitative
  targets are not compared) but was given full marks: ``indicator.missed_full_score``;
- a miss with no 偏差原因分析: ``indicator.missed_no_reason``;
- 执行率 below 100% scored the full 预算执行率 分值: ``funds.rate_full_score``;
- a 指标值 that reads two ways (``1.200人``): ``target.ambiguous``.

(得分 > 分值 is ``indicator.score_exceeds_weight``, checked with the score sums in ``normalize.reconcile``.)
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.normalize.checks import anomaly
from jixiao.normalize.form_rows import indicator_check
from jixiao.normalize.forms import FormWork
from jixiao.normalize.records import AnomalyRow
from jixiao.normalize.targets import parse_target
from jixiao.normalize.text import clean_prose


def audit_form(work: FormWork) -> list[AnomalyRow]:
    """Every auditor check on one form."""
    out: list[AnomalyRow] = []
    for seq, ind in enumerate(work.raw.indicators, start=1):
        check = indicator_check(work, seq)
        if check.met is not False:
            continue
        key = f"{seq:03d}"
        weight = work.value("indicators", key, "weight")
        score_cell = work.get("indicators", key, "score")
        where = ind.location
        name = clean_prose(ind.level3.text if ind.level3 else None) or f"第{seq}项指标"
        if weight and score_cell is not None and score_cell.value == weight:
            out.append(
                anomaly(
                    work,
                    "indicator.missed_full_score",
                    "warning",
                    f"第{seq}项指标“{name}”未达到年度指标值（{check.comparison} 不成立）却得满分{weight:f}",
                    f"< {weight:f}",
                    f"{score_cell.value:f}",
                    score_cell.location or where,
                )
            )
        if not clean_prose(ind.deviation.text if ind.deviation else None):
            out.append(
                anomaly(
                    work,
                    "indicator.missed_no_reason",
                    "warning",
                    f"第{seq}项指标“{name}”未达到年度指标值（{check.comparison} 不成立），未填写偏差原因",
                    "偏差原因分析",
                    "",
                    where,
                )
            )
    out += _rate_full_score(work)
    out += _budget_score_above_weight(work)
    out += _ambiguous_targets(work)
    return out


def _ambiguous_targets(work: FormWork) -> list[AnomalyRow]:
    """A 指标值 read two ways (``1.200人``: 1,200 or 1.2 persons): left null, said here."""
    out: list[AnomalyRow] = []
    for seq, ind in enumerate(work.raw.indicators, start=1):
        for name, raw in (("年度指标值", ind.target), ("实际完成值", ind.actual)):
            if raw is None or parse_target(raw.text).status != "ambiguous":
                continue
            message = f"第{seq}项指标{name}“{raw.text.strip()}”：整数计数写有三位小数，可能是千位分隔，未取值"
            out.append(anomaly(work, "target.ambiguous", "warning", message, None, raw.text, raw.location))
    return out


def _budget_score_above_weight(work: FormWork) -> list[AnomalyRow]:
    """The money block's 得分 above its 分值 (the indicators' own are checked with the score sums)."""
    weight = work.value("funds", "total", "weight")
    score = work.get("funds", "total", "score")
    if weight is None or score is None or score.value is None or score.value <= weight:
        return []
    return [
        anomaly(
            work,
            "indicator.score_exceeds_weight",
            "error",
            f"预算执行率得分{score.value.normalize():f}超过分值{weight.normalize():f}",
            f"<= {weight.normalize():f}",
            f"{score.value.normalize():f}",
            score.location,
        )
    ]


def _rate_full_score(work: FormWork) -> list[AnomalyRow]:
    rate = work.get("funds", "total", "execution_rate")
    weight = work.value("funds", "total", "weight")
    score = work.get("funds", "total", "score")
    if rate is None or rate.value is None or weight is None or score is None or score.value is None:
        return []
    if rate.value >= Decimal(100) or score.value != weight or weight == 0:
        return []
    return [
        anomaly(
            work,
            "funds.rate_full_score",
            "warning",
            f"预算执行率{rate.value.normalize():f}%低于100%，却得满分{weight.normalize():f}",
            f"< {weight.normalize():f}",
            f"{score.value.normalize():f}",
            score.location,
        )
    ]
