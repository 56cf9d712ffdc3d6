"""Write samples/layout_figures/: PDF-layout text (``pdftotext -layout``) whose figures sit in the wrong slot.

Each sample is one quirk of text placed by where it starts: a 全年执行数 that runs into the blank 分值
cell beside it (``３２９．０５10``), the same with nothing in the form to tell the two readings apart, a
figure whose extra places the money block's sums confirm as written, a figure with a stray digit one space
on (``348.57 1``), the money block's merged 分值/得分 printed on a sub-line. The truth
(``NAME.truth.json``, the format of ``samples/templates/``) is written first, by hand, from what the
document states; ``may_be_null`` lists the fields the form does not let a reader settle (jixiao must leave
them null, never guess), and ``anomalies`` the rules that must say so. ``tests/test_layout_figures.py``
judges jixiao.

Run: ``.venv/bin/python scripts/make_layout_figure_samples.py`` (deterministic: same bytes every run).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "samples" / "layout_figures"
Truth = dict[str, Any]

# The c01 form of the review: a 2022 project form as pdftotext -layout prints it (wrapped cells included).
# {EX} is the 全年执行数 cell of 年度资金总额, {W} its 分值, {R} its 执行率 (two lines: 94. / 40%), {S} 得分,
# {A}/{C} the sub-lines' 全年执行数, {TOTAL} the 总分 row's figure.
LAYOUT = """            项目支出绩效自评表
             （2022年度）
项目名称          乡村道路养护补助
主管部门          某县交通运输局                            实施单位                      县公路养护中心
项目资金          年初预算数    全年预算数      全年执行   分值       执行率  得分
（万元）                                        数
年度资金总额      348.57        348.57          {EX}{W}{R1}{S}
                                                                      {R2}
其中：当年财政拨  313.71        313.71          {A}—          94.    —
款                                                                    42%
上年结转资金      34.86         34.86           {C}—          94.    —
                                                                      21%
其他资金
年度总体目标      预期目标                                  实际完成情况
                  完成乡村道路养护任务。                    已完成乡村道路养护任务。
一级指标          二级指标      三级指标        年度指标   实际完成   分值    得分    偏差原因分析及改进措
                                                值         值                         施
产出指标          数量指标      养护里程        ≥40公里    44公里     30      30
效益指标          社会效益指标  服务覆盖率      ≥90%       93%        30      30
满意度指标        服务对象满意  群众满意度      ≥90%       94%        30      28      资金拨付滞后
                  度指标
总分              {TOTAL}
"""
DEFAULTS = {
    "EX": "329.05     ",  # 全年执行数 and 分值 take 11 columns each
    "W": "10         ",
    "R1": "94.    ",
    "S": "9.44",
    "R2": "40%",
    "A": "296.21     ",
    "C": "32.84      ",
    "TOTAL": "100",
}


def layout(**cells: str) -> str:
    text = LAYOUT
    for key, value in (DEFAULTS | cells).items():
        text = text.replace("{" + key + "}", value)
    return text


def line(initial: str | None, full: str | None, executed: str | None, **more: Any) -> dict[str, Any]:
    return {"budget_initial_yuan": initial, "budget_full_year_yuan": full, "executed_yuan": executed, **more}


BLANK = line(None, None, None, weight=None, execution_rate_pct=None, score=None)


def form(
    total: dict[str, Any], *, executed: tuple[str, str] = ("2962100.00", "328400.00"), **fields: Any
) -> Truth:
    funds = {
        "total": total,
        "current_year_appropriation": line(
            "3137100.00", "3137100.00", executed[0], weight=None, execution_rate_pct=94.42, score=None
        ),
        "prior_year_carryover": line(
            "348600.00", "348600.00", executed[1], weight=None, execution_rate_pct=94.21, score=None
        ),
        "other_funds": BLANK,
    }
    indicators = [
        {"level3": "养护里程", "weight": 30, "score": 30},
        {"level3": "服务覆盖率", "weight": 30, "score": 30},
        {"level3": "群众满意度", "weight": 30, "score": 28},
    ]
    truth: Truth = {"project": "乡村道路养护补助", "year": 2022, "total_weight": 100, "total_score": None}
    return truth | {"funds": funds, "indicators": indicators} | fields


# ---------- the samples: (truth, text) -------------------------------------------------------------


def executed_runs_into_weight_fullwidth() -> tuple[Truth, str]:
    """全年执行数 ３２９．０５ (full-width) touches 分值 10: one run "３２９．０５10", the 分值 slot blank.
    Only the cut 329.05 | 10 makes 得分 9.44 = 10 × 94.40% and the sub-lines add up: it is split."""
    total = line("3485700.00", "3485700.00", "3290500.00", weight=10, execution_rate_pct=94.4, score=9.44)
    return {"forms": [form(total)]}, layout(EX="３２９．０５10", W=" " * 8)  # full-width: 2 columns each


def executed_runs_into_weight() -> tuple[Truth, str]:
    """The same run in ASCII, "329.0510": its rate still holds (329.0510 ÷ 348.57 = 94.40%), the other
    identities do not; split as above."""
    total = line("3485700.00", "3485700.00", "3290500.00", weight=10, execution_rate_pct=94.4, score=9.44)
    return {"forms": [form(total)]}, layout(EX="329.0510", W=" " * 14)


def executed_glued_undecided() -> tuple[Truth, str]:
    """ "329.0510" over a blank 分值, but the line has no 执行率 nor 得分, the sub-lines no figures and 总分
    none: 329.0510 and 329.05 | 10 are both possible, so neither is taken (null, both candidates)."""
    total = line("3485700.00", "3485700.00", None, weight=None, execution_rate_pct=None, score=None)
    truth = form(total, total_weight=None)
    truth["funds"] = {"total": total, "current_year_appropriation": BLANK, "prior_year_carryover": BLANK}
    truth["funds"]["other_funds"] = BLANK
    truth["may_be_null"] = [["fund total", "executed_yuan"]]
    text = layout(EX="329.0510", W=" " * 14, R1=" " * 7, S="", R2="", TOTAL="")
    lines = text.splitlines(keepends=True)
    for n in (8, 9, 10, 11):  # the sub-lines keep their labels only
        lines[n] = lines[n][:8].rstrip() + "\n" if n in (8, 10) else lines[n][:2] + "\n"
    text = "".join(lines)
    return {"forms": [truth], "anomalies": ["value.glued_neighbour"]}, text


def executed_places_confirmed_as_written() -> tuple[Truth, str]:
    """ "329.0512" over a blank 分值 (no 得分, no 总分 figure) where a sub-line is written to the 元 too
    (296.2112 + 32.84 = 329.0512): the money block's sum holds only as written, so it is kept whole."""
    total = line("3485700.00", "3485700.00", "3290512.00", weight=None, execution_rate_pct=94.4, score=None)
    truth = form(total, executed=("2962112.00", "328400.00"), total_weight=None)
    return {"forms": [truth]}, layout(EX="329.0512", W=" " * 14, S="", A="296.2112   ", TOTAL="")


STRAY = (
    "年度资金总额      348.57        348.57          ",
    "年度资金总额      348.57        348.57 1        ",
)


def budget_stray_digit_settled() -> tuple[Truth, str]:
    """全年预算数 "348.57 1": a figure and, one space on, a stray "1" (a note mark, a digit of the next
    column). 348.57, 348.571 or 1 — the sub-lines add up to 348.57 only: that reading is taken."""
    total = line("3485700.00", "3485700.00", "3290500.00", weight=10, execution_rate_pct=94.4, score=9.44)
    return {"forms": [form(total)], "anomalies": ["value.ambiguous_resolved"]}, layout().replace(*STRAY)


def budget_stray_digit_unsettled() -> tuple[Truth, str]:
    """The same "348.57 1" where the sub-lines add up to neither reading (313.70 + 34.86) and the rate
    (94.40%) fits 348.57 and 348.571 alike: nothing settles it, so it stays null with its candidates."""
    total = line("3485700.00", None, "3290500.00", weight=10, execution_rate_pct=94.4, score=9.44)
    truth = form(total)
    truth["funds"]["current_year_appropriation"]["budget_full_year_yuan"] = "3137000.00"
    truth["may_be_null"] = [["fund total", "budget_full_year_yuan"]]
    old = "其中：当年财政拨  313.71        313.71"
    text = layout().replace(*STRAY).replace(old, old[:-1] + "0")
    return {"forms": [truth], "anomalies": ["value.ambiguous"]}, text


# The c16 form of the review: 分值 and 得分 one cell merged down the money block, printed at its middle,
# i.e. on the 当年财政拨款 line; {TOTAL} the 总分 row's figures.
MERGED = """                      项目支出绩效自评表
                         （2022年度）
项目名称          乡村道路养护补助
主管部门          某县交通运输局                   实施单位       县公路养护中心
项目资金          年初预算数    全年预算数    全年执行数    分值    执行率     得分
（万元）
年度资金总额      348.57        348.57        329.05        94.40%
其中：当年财政拨款313.71        313.71        296.21  10    94.42%     9.44
上年结转资金      34.86         34.86         32.84         94.21%
其他资金
年度总体目标      预期目标                           实际完成情况
                  完成乡村道路养护任务。             已完成乡村道路养护任务。
一级指标          二级指标      三级指标      年度指标值  实际完成值  分值  得分  偏差原因分析
产出指标          数量指标      养护里程      ≥40公里     44公里      30    30
效益指标          社会效益指标  服务覆盖率    ≥90%        93%         30    30
满意度指标        服务对象满意  群众满意度    ≥90%        94%         30    28    资金拨付滞后
总分              {TOTAL}
"""


def _merged_truth(total_weight: int | None, total_score: float | None) -> Truth:
    total = line("3485700.00", "3485700.00", "3290500.00", weight=10, execution_rate_pct=94.4, score=9.44)
    truth = form(total, total_weight=total_weight, total_score=total_score)
    truth["funds"].pop("other_funds")
    truth["funds"]["other_funds"] = BLANK
    return truth


def block_score_on_sub_line() -> tuple[Truth, str]:
    """分值 10 and 得分 9.44 merged down the money block, printed on the 当年财政拨款 line: the block's.
    The parts then add up to 总分 100 / 97.44 (they do not with the figures on the sub-line)."""
    total_row = "100                                                       97.44"
    return {"forms": [_merged_truth(100, 97.44)]}, MERGED.replace("{TOTAL}", total_row)


def block_score_on_sub_line_undecided() -> tuple[Truth, str]:
    """The same with 总分 left blank: 9.44 is 10 × 94.40% and 10 × 94.42% alike, nothing says whether the
    figures are the block's or the sub-line's, so neither line takes them (null, with an anomaly)."""
    truth = _merged_truth(None, None)
    truth["may_be_null"] = [["fund total", "weight"], ["fund total", "score"]]
    return {"forms": [truth], "anomalies": ["funds.score_on_sub_line"]}, MERGED.replace("{TOTAL}", "")


SAMPLES: dict[str, Callable[[], tuple[Truth, str]]] = {
    "executed_runs_into_weight_fullwidth": executed_runs_into_weight_fullwidth,
    "executed_runs_into_weight": executed_runs_into_weight,
    "executed_glued_undecided": executed_glued_undecided,
    "executed_places_confirmed_as_written": executed_places_confirmed_as_written,
    "budget_stray_digit_settled": budget_stray_digit_settled,
    "budget_stray_digit_unsettled": budget_stray_digit_unsettled,
    "block_score_on_sub_line": block_score_on_sub_line,
    "block_score_on_sub_line_undecided": block_score_on_sub_line_undecided,
}


def write_all(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, build in SAMPLES.items():
        truth, text = build()
        path = out / f"{name}.txt"
        doc = {
            "sample": path.name,
            "family": "layout_figures",
            "quirk": " ".join((build.__doc__ or "").split()),
            "made_by": "scripts/make_layout_figure_samples.py",
            **truth,
        }
        truth_path = out / f"{name}.truth.json"  # the truth first, then the sample
        truth_path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        path.write_text(text, encoding="utf-8")
        written += [truth_path, path]
    return written


if __name__ == "__main__":
    for p in write_all():
        print(p.relative_to(OUT.parent.parent))
