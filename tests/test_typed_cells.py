"""Indicator rows whose empty cells left no trace, read by what each column can hold
(``extract.typed_cells``): a cell is read only where every placement agrees; otherwise it stays raw."""

from __future__ import annotations

import pytest
from jixiao.extract.typed_cells import align

from jixiao import read_bytes

CHONGQING = ["level3", "unit", "nature", "column_3", "column_4", "actual", "column_6", "weight", "score"]
CHONGQING += ["core"]
SICHUAN = ["level3", "nature", "target", "unit", "actual", "weight", "score", "deviation"]

CASES = [
    pytest.param(
        ["播发稿件数量", "篇", "定量指标", "2200", "2859", "100", "20", "20", "是"],
        CHONGQING,
        True,
        ["level3", "unit", "nature", None, None, None, "weight", "score", "core"],
        id="chongqing-adjusted-target-dropped",
    ),
    pytest.param(
        ["资金使用合规性", "定性指标", "好", "好", "100", "20", "20", "否"],
        CHONGQING,
        True,
        ["level3", "nature", None, None, None, "weight", "score", "core"],
        id="chongqing-unit-and-adjusted-dropped",
    ),
    pytest.param(
        ["组织宣传活动次数", "次", "定量指标", "50", "45", "90", "20", "18", "是"],
        CHONGQING,
        False,
        ["level3", "unit", "nature", None, None, None, None, None, "core"],
        id="unscored-form-20-18-is-weight-score-or-coefficient-weight",
    ),
    pytest.param(
        ["缴费人数覆盖率", "=", "100", "%", "50"],
        SICHUAN,
        False,
        ["level3", "nature", "target", "unit", "weight"],
        id="sichuan-actual-and-score-dropped",
    ),
    pytest.param(
        ["按月缴纳及时率", "≥", "95", "%", "100%", "10"],
        SICHUAN,
        False,
        ["level3", "nature", "target", "unit", "actual", "weight"],
        id="actual-with-its-sign-is-no-weight",
    ),
    pytest.param(
        ["按月缴纳及时率", "≥", "95", "%", "100", "10"],
        SICHUAN,
        False,
        ["level3", "nature", "target", "unit", None, None],
        id="actual-and-weight-or-weight-and-score-stay-unread",
    ),
    pytest.param(
        ["资金到位率", "95", "%", "20", "30"],
        SICHUAN,
        True,
        None,
        id="score-above-weight-no-placement",
    ),
    pytest.param(["防护栏安装里程", "≥45公里"], SICHUAN, False, None, id="no-weight-no-row"),
]


@pytest.mark.parametrize(("texts", "slots", "scored", "expected"), CASES)
def test_align(texts: list[str], slots: list[str], scored: bool, expected: list[str | None] | None) -> None:
    assert align(texts, slots, scored) == expected


def test_target_read_only_when_settled() -> None:
    # "个" could be the 完成值's words or the 度量单位 after it: the target is not written from a guess.
    slots = ["level3", "nature", "target", "actual", "unit", "weight"]
    got = align(["覆盖村数", "≥", "86", "个", "30"], slots)
    assert got is not None and "target" not in got and "unit" not in got


_CELLS = """部门整体绩效自评表
（2021年度）
自评总分（分）
88.5
部门预算执行情况（万元）
年初预算数
全年（调整）预算数
全年执行数
执行率（%）
执行率权重
执行率得分（分）
300.00
320.00
304.00
95.00
10
9.5
指标名称
计量单位
指标性质
年初指标值
调整指标值
全年完成值
得分系数（%）
指标权重（分）
指标得分（分）
是否核心指标
巡查河道里程
公里
定量指标
120
131
100
40
40
是
群众满意度
%
定量指标
90
88
97.5
40
39
否
"""


def test_dropped_cells_never_shift() -> None:
    """A 重庆 form one cell a line with its 调整指标值 dropped: 分值 and 得分 read, the three figures before
    them kept raw and flagged, nothing under a wrong column."""
    tables = read_bytes(_CELLS.encode("utf-8"), "cells.txt")
    ind = tables["indicators"]
    rows = ind[ind["level3"].isin(["巡查河道里程", "群众满意度"])]
    assert rows[["level3", "weight", "score"]].values.tolist() == [
        ["巡查河道里程", 40, 40],
        ["群众满意度", 40, 39],
    ]
    assert rows["actual_raw"].isna().all()
    rules = tables["anomalies"]["rule"].tolist()
    assert rules.count("indicator.unplaced_cells") == 2
