"""Write the template variants of ``scripts/realistic_forms_coast.py``, ``realistic_forms_framework.py`` and
``realistic_forms_north.py`` into samples/realistic/.

广东, 浙江, 湖北 部门整体, 北京, 福建, 广西, the older 部门整体 framework, 陕西, 河北, 江苏, 山西 and 吉林
部门整体, each in two of the shapes real documents arrive in (the matrix of ``python -m bench realistic``
tries every shape). Each truth (``NAME.truth.json``) is written from the builders' values, and written
before its sample.

Run: ``.venv/bin/python scripts/make_coast_samples.py``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realistic_forms import Built
from realistic_forms_coast import BEIJING, FUJIAN, GUANGDONG, GUANGXI, HUBEI_DEPARTMENT, ZHEJIANG
from realistic_forms_framework import FRAMEWORK_DEPARTMENT, HEBEI_2017, JIANGSU_2019, SHAANXI
from realistic_forms_north import JILIN_DEPARTMENT, SHANXI
from realistic_render import (
    render_cells,
    render_cells_bar,
    render_flat,
    render_markdown,
    render_paras,
    render_pdf_layout,
    render_saved_page,
    render_web_pipe,
)
from realistic_wrapped import render_rows_wrapped
from template_dsl import render_txt

OUT = Path(__file__).resolve().parent.parent / "samples" / "realistic"


def _t(text: str) -> bytes:
    return text.encode("utf-8")


# name → (what it is, the built forms, bytes)
SAMPLES: dict[str, tuple[str, Built, Callable[[Built], bytes]]] = {
    "guangdong_2022_pipe.txt": (
        "广东 2022: 上年结转资金 typed in 元 under the （万元） header; copied pipe rows",
        GUANGDONG,
        lambda b: _t(render_web_pipe(b[0])),
    ),
    "guangdong_2022_layout.txt": (
        "广东 2022: 上年结转资金 typed in 元 under the （万元） header; pdftotext -layout",
        GUANGDONG,
        lambda b: _t(render_pdf_layout(b[0])),
    ),
    "zhejiang_2021_layout.txt": (
        "浙江 2021: 2,58.4,36215 (group commas astray), a label broken over two lines, 产出指标（50分）; "
        "pdftotext -layout",
        ZHEJIANG,
        lambda b: _t(render_pdf_layout(b[0])),
    ),
    "zhejiang_2021_cells.txt": (
        "浙江 2021: 2,58.4,36215, a broken label, weighted 一级指标; one cell per line",
        ZHEJIANG,
        lambda b: _t(render_cells(b[0])),
    ),
    "hubei_department_2022_page.html": (
        "湖北 2022 部门整体: 部门整体支出总额 / 财政资金 / 财政专户管理资金 / 单位资金, grouped figures, "
        "a 年初 total that does not add up; saved page",
        HUBEI_DEPARTMENT,
        lambda b: render_saved_page(b[0], "部门整体支出绩效自评表"),
    ),
    "hubei_department_2022_paragraphs.txt": (
        "湖北 2022 部门整体, a 年初 total that does not add up; one cell per paragraph",
        HUBEI_DEPARTMENT,
        lambda b: _t(render_paras(b[0])),
    ),
    "beijing_2023_markdown.txt": (
        "北京 2023: 项目负责人 / 联系电话, 万元 to four places, 执行率 99.5%; a converter's Markdown table",
        BEIJING,
        lambda b: _t(render_markdown(b[0])),
    ),
    "beijing_2023_flat.txt": (
        "北京 2023: 万元 to four places, 执行率 to one place; flattened onto one line",
        BEIJING,
        lambda b: _t(render_flat(b[0])),
    ),
    "fujian_2021_tab.txt": (
        "福建 2021: 金额单位：元, grouped 元 figures, a 上年结转 of 348,600; Word's TAB export",
        FUJIAN,
        lambda b: _t(render_txt(b[0])),
    ),
    "fujian_2021_bar.txt": (
        "福建 2021: 金额单位：元, 348,600 a thousands separator; one cell per line ending ' |'",
        FUJIAN,
        lambda b: _t(render_cells_bar(b[0])),
    ),
    "guangxi_2020_tab.txt": (
        "广西 2020: 2020年度项目自评表, 单位名称 and 填报日期 on one line, 资金情况（万元） a row above the "
        "money header; Word's TAB export",
        GUANGXI,
        lambda b: _t(render_txt(b[0])),
    ),
    "guangxi_2020_wrapped_rows.txt": (
        "广西 2020: 项目自评表, the unit on a row of its own; a row a line, header cells wrapped",
        GUANGXI,
        lambda b: _t(render_rows_wrapped(b[0])),
    ),
    "framework_department_2018_pipe.txt": (
        "部门整体 2018 on the older framework (投入（20分） / 过程 / 产出 / 效果, 目标设定 …, 评分标准), "
        "a 三级指标 named 实际完成率; copied pipe rows",
        FRAMEWORK_DEPARTMENT,
        lambda b: _t(render_web_pipe(b[0])),
    ),
    "framework_department_2018_layout.txt": (
        "部门整体 2018 on the older framework; pdftotext -layout",
        FRAMEWORK_DEPARTMENT,
        lambda b: _t(render_pdf_layout(b[0])),
    ),
    "shaanxi_2021_tab.txt": (
        "陕西 2021: 全年预算数（A） / 全年执行数（B） / 执行率（B/A）, the header's （元） a slip for 万元 "
        "(38.2460); Word's TAB export",
        SHAANXI,
        lambda b: _t(render_txt(b[0])),
    ),
    "shaanxi_2021_cells.txt": (
        "陕西 2021: (A)/(B) columns, the header's （元） a slip for 万元; one cell per line",
        SHAANXI,
        lambda b: _t(render_cells(b[0])),
    ),
    "hebei_2017_cells.txt": (
        "河北 2017: 预算安排数 | 资金到位数 | 实际支出数 | 预算执行率, 7,8.4,2 (commas astray); "
        "one cell per line",
        HEBEI_2017,
        lambda b: _t(render_cells(b[0])),
    ),
    "hebei_2017_layout.txt": (
        "河北 2017: 资金到位数 a column of no field, 7,8.4,2; pdftotext -layout",
        HEBEI_2017,
        lambda b: _t(render_pdf_layout(b[0])),
    ),
    "jiangsu_2019_cells.txt": (
        "江苏 2019: the money block's sources first, then their 合计 (分值/执行率/得分 on it); "
        "one cell per line",
        JIANGSU_2019,
        lambda b: _t(render_cells(b[0])),
    ),
    "jiangsu_2019_pipe.txt": (
        "江苏 2019: the money block closed by its 合计; copied pipe rows",
        JIANGSU_2019,
        lambda b: _t(render_web_pipe(b[0])),
    ),
    "shanxi_2022_paragraphs.txt": (
        "山西 2022: 年初批复预算 / 全年预算数（调整后） / 全年执行数（决算数） / 资金执行率, "
        "财政拨款资金 and 中央资金 lines, 万元 written in each cell; one cell per paragraph",
        SHANXI,
        lambda b: _t(render_paras(b[0])),
    ),
    "shanxi_2022_layout.txt": (
        "山西 2022: the provinces' other wordings of the money columns; pdftotext -layout",
        SHANXI,
        lambda b: _t(render_pdf_layout(b[0])),
    ),
    "jilin_department_2021_flat.txt": (
        "吉林 2021 部门整体: 实际支出金额, 执行率% with bare figures, 元 grouped with full-width commas, "
        "自评总分; flattened onto one line",
        JILIN_DEPARTMENT,
        lambda b: _t(render_flat(b[0])),
    ),
    "jilin_department_2021_page.html": (
        "吉林 2021 部门整体: 元 figures grouped with full-width commas; saved page",
        JILIN_DEPARTMENT,
        lambda b: render_saved_page(b[0], "部门整体支出绩效自评表"),
    ),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (quirk, built, render) in SAMPLES.items():
        truth = {
            "sample": name,
            "family": "realistic",
            "quirk": quirk,
            "made_by": "scripts/make_coast_samples.py",
            "forms": built[1],
        }
        stem = name.rsplit(".", 1)[0]
        (OUT / f"{stem}.truth.json").write_text(  # the truth first, then the sample
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        (OUT / name).write_bytes(render(built))
    print(f"wrote {len(SAMPLES)} samples to {OUT}")


if __name__ == "__main__":
    main()
