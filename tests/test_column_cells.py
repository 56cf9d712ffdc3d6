"""PDF text in columns (``pdftotext -layout``) → cells: wraps joined, empty cells kept (issue 14)."""

from __future__ import annotations

from jixiao.extract.column_cells import tokens_layout


def test_pdf_layout_bracket_closed_on_the_line_below() -> None:
    """``年度预算数（`` over ``万元）``: a bracket a header cell leaves open closes in the wrap below it."""
    lines = [
        "预算执行情况（10  年度预算数（  年初预算数  全年预算数",
        "分）              万元）",
    ]
    tokens, _ = tokens_layout(lines, 1)
    assert [t.text for t in tokens] == [
        "预算执行情况（10分）",
        "年度预算数（万元）",
        "年初预算数",
        "全年预算数",
    ]


def test_pdf_layout_empty_cells_keep_their_columns() -> None:
    """A PDF writes nothing for an empty cell: under a header row, one empty cell per header column a
    row skips, so that the cells after it stay under their columns (重庆's blank 调整指标值)."""
    lines = [
        "指标名称      年初指标值  调整指标值  全年完成值  指标权重  指标得分",
        "播发稿件数量  2200                    2859        20        20",
        "资金合规性    好                      好          20        20",
    ]
    tokens, _ = tokens_layout(lines, 1)
    rows: dict[int, list[str]] = {}
    for t in tokens:
        rows.setdefault(t.row, []).append(t.text)
    assert list(rows.values())[1:] == [
        ["播发稿件数量", "2200", "", "2859", "20", "20"],
        ["资金合规性", "好", "", "好", "20", "20"],
    ]


def test_pdf_layout_figures_under_two_columns_get_no_empty_cells() -> None:
    """A cell wider than its header column (it lies under two) says nothing about which one it fills."""
    lines = ["一级指标  二级指标  三级指标  分值  得分", "产出指标  数量指标数量指标数量  档案  50    50"]
    tokens, _ = tokens_layout(lines, 1)
    assert "" not in [t.text for t in tokens]


def test_pdf_layout_text_below_a_whole_label_starts_a_row() -> None:
    """``转移支付（项目）`` over ``名称`` is a whole label: the line below it is the next row."""
    lines = ["转移支付（项目）  农村综合改革转移支付", "名称", "中央主管部门      财政部"]
    tokens, _ = tokens_layout(lines, 1)
    assert [t.text for t in tokens] == [
        "转移支付（项目）名称",
        "农村综合改革转移支付",
        "中央主管部门",
        "财政部",
    ]


def test_pdf_layout_sentence_end_beside_a_cut_sentence_is_a_wrap() -> None:
    """Beside a cell cut mid-sentence, the text below a cell that ended a sentence is its too (a row's
    cells start on one line); two cells that both end sentences start a new row."""
    cut = [
        "目标          目标1：支持全省120个村开展建设；  目标1：完成118个村建设，2个村因",
        "              目标2：改善农村人居环境。          规划调整顺延；目标2：环境改善。",
    ]
    tokens, _ = tokens_layout(cut, 1)
    assert [t.text for t in tokens][1:] == [
        "目标1：支持全省120个村开展建设；目标2：改善农村人居环境。",
        "目标1：完成118个村建设，2个村因规划调整顺延；目标2：环境改善。",
    ]
    both_end = [cut[0].replace("2个村因", "2个村顺延；"), cut[1].replace("规划调整顺延；", "")]
    tokens, _ = tokens_layout(both_end, 1)
    assert len(tokens) == 5


def test_pdf_layout_trailing_empty_cells_and_a_label_column_without_header() -> None:
    """The money block's row labels sit in a column whose header cell is blank; the figures under the
    header keep their columns, and the columns after the last figure are empty cells."""
    lines = [
        "项目资金（万元）              年初预算数  全年预算数  全年执行数  分值  执行率  得分",
        "                其中：财政拨款  45          48.6        47.628",
    ]
    tokens, _ = tokens_layout(lines, 1)
    assert [t.text for t in tokens if t.row == 2] == ["其中：财政拨款", "45", "48.6", "47.628", "", "", ""]


def test_indicator_rows_are_not_header_rows() -> None:
    """``产出指标 数量指标 指标1： ≥**人`` holds level labels, not column names: it heads no rows."""
    lines = [
        "一级指标  二级指标  三级指标  年度指标值  分值  得分",
        "产出指标  数量指标  指标1：   ≥**人",
        "          质量指标  指标1：   ≥**%",
    ]
    tokens, _ = tokens_layout(lines, 1)
    assert [t.text for t in tokens if t.row == 2] == ["产出指标", "数量指标", "指标1：", "≥**人", "", ""]
    assert [t.text for t in tokens if t.row == 3] == ["质量指标", "指标1：", "≥**%", "", ""]


def test_pdf_layout_text_below_a_header_field_label_starts_a_row() -> None:
    """``部门（单位）名称`` is a whole field label: the line below it is the next row, not its wrap."""
    lines = ["部门（单位）名称  某县市场监督管理局", "年度履职目标      加强食品安全监管，规范市场秩序。"]
    tokens, _ = tokens_layout(lines, 1)
    assert [t.text for t in tokens] == [
        "部门（单位）名称",
        "某县市场监督管理局",
        "年度履职目标",
        "加强食品安全监管，规范市场秩序。",
    ]


def test_pdf_layout_breakdown_figure_cut_after_its_point_goes_on_below() -> None:
    """``財政撥款：7377985.`` over ``50``: the cents wrapped at the column's edge are the figure's, not a
    line of their own (read alone, the head would be 7,377,985.00 by its trailing point)."""
    lines = [
        "                  其中：一般公共預算  其中：基本支出：53",
        "                  財政撥款：7377985.  58747.00",
        "                  50",
        "                  政府性基金：388315  項目支出：2407553.",
        "                  .00                 00",
    ]
    tokens, _ = tokens_layout(lines, 1)
    assert [t.text for t in tokens] == [
        "其中：一般公共預算財政撥款：7377985.50",
        "其中：基本支出：5358747.00",
        "政府性基金：388315.00",
        "項目支出：2407553.00",
    ]


def test_pdf_layout_header_labels_one_space_apart_are_two_columns() -> None:
    """``实际完成值 分值``: two labels a narrow header left one space apart are two columns, so the rows
    below keep their figures under them (read as one, 分值's figure slid under 得分)."""
    lines = [
        "一级指标  三级指标  实际完成值 分值    得分",
        "产出指标  养护里程  44公里     30      28",
    ]
    tokens, _ = tokens_layout(lines, 1)
    rows: dict[int, list[str]] = {}
    for t in tokens:
        rows.setdefault(t.row, []).append(t.text)
    assert list(rows.values()) == [
        ["一级指标", "三级指标", "实际完成值", "分值", "得分"],
        ["产出指标", "养护里程", "44公里", "30", "28"],
    ]


def test_pdf_layout_label_rest_opening_the_next_rows_line() -> None:
    """``年度总体`` over ``目标``, centred in a cell merged over two rows, with the goal texts on the second
    line: the rest completes the label, and the texts are the next row's (the goal read ``目标 完成…``)."""
    lines = [
        "年度总体    预期目标                      实际完成情况",
        "目标        完成乡村道路养护任务。        已完成乡村道路养护任务。",
    ]
    tokens, _ = tokens_layout(lines, 1)
    rows: dict[int, list[str]] = {}
    for t in tokens:
        rows.setdefault(t.row, []).append(t.text)
    assert list(rows.values()) == [
        ["年度总体目标", "预期目标", "实际完成情况"],
        ["完成乡村道路养护任务。", "已完成乡村道路养护任务。"],
    ]
