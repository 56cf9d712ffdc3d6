"""Write samples/realistic/: published template variants in the shapes real documents arrive in.

The forms (``realistic_forms*.py``) and look-alikes (``realistic_decoys.py``) are laid out once and rendered
(``realistic_render.py``) as Word's TAB text export, pipe rows as a web page copies them (covered cells gone,
rows padded with ``|||``), a converter's Markdown table, one cell per line ending `` |`` with empty cells
kept, one cell per line or per paragraph, a whole form flattened onto one line (a document's text dumped
with its metadata first), ``pdftotext -layout`` columns, a saved web page (GB2312-labelled, Word's
``MsoNormal`` markup, site chrome around it), a .docx with real merges and an .xlsx sheet. Each sample's
truth (``NAME.truth.json``, the format of ``samples/templates/``) is written from the builders' values
before jixiao reads anything.

Run: ``.venv/bin/python scripts/make_realistic_samples.py``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_shape_samples import _to_traditional
from realistic_decoys import FINAL, REPORT, TOC, blank_template, department_target_table, target_table
from realistic_forms import ANHUI, SICHUAN_A, SICHUAN_B, Built
from realistic_forms_blanks import COLUMNED_BREAKDOWN, SICHUAN_UNSCORED
from realistic_forms_dept import COST_2021, COUNTY_2017, HUNAN_DEPARTMENT
from realistic_forms_more import CHONGQING, JIANGXI, TRANSFER, YUAN_PROJECT
from realistic_forms_provinces import GUIZHOU, YUNNAN
from realistic_real_shapes import REAL_SHAPE_SAMPLES
from realistic_render import (
    CHROME,
    FOOTER,
    render_cells,
    render_cells_bar,
    render_docx,
    render_flat,
    render_markdown,
    render_paras,
    render_pdf_layout,
    render_saved_page,
    render_tsv,
    render_web_pipe,
    render_xlsx_numbers,
)
from realistic_wrapped import render_cells_wrapped, render_rows, render_rows_wrapped
from template_dsl import Blocks, C, TableSpec, render_txt, render_xlsx

OUT = Path(__file__).resolve().parent.parent / "samples" / "realistic"
DOC_METADATA = (
    "张某 zlnb210061 1 2021-05-22T04:56:35Z 2006-09-13T11:21:51Z 2022-05-16T06:53:23Z 15.00 "
    "2052-11.1.0.11691 FEAB6FBF67D44AA19C24BC22CBB840E5 9300 22370 0 0 False False False"
)


# ---------- the samples --------------------------------------------------------------------------------


def _join(*built: Built) -> Built:
    blocks: Blocks = []
    truths: list[dict[str, Any]] = []
    for b, t in built:
        blocks += b
        truths += t
    return blocks, truths


def _chrome(built: Built) -> Built:
    return [*CHROME, *built[0], *FOOTER], built[1]


def _titles_in_table(built: Built) -> Built:
    """Every form's title lines as full-width rows at the top of its table, and all the forms stacked in
    one table (as the 四川 system exports them, and as one Excel sheet holds several forms)."""
    rows: TableSpec = []
    pending: list[str] = []
    for block in built[0]:
        if isinstance(block, str):
            pending.append(block)
            continue
        width = max(sum(c.cols if isinstance(c, C) else 1 for c in row) for row in block[:1])
        rows += [[C(text, cols=width)] for text in pending]
        rows += block
        pending = []
    return [rows, *pending], built[1]


def _numbered(built: Built, attachment: str, *, same_line: bool = False) -> Built:
    """The form's 附件 heading numbered ``附件1-2`` / ``附表3``, on its own line or before the title."""
    blocks = list(built[0])
    assert isinstance(blocks[0], str) and blocks[0].startswith("附件")
    if same_line:
        assert isinstance(blocks[1], str)
        blocks[:2] = [f"{attachment} {blocks[1]}"]
    else:
        blocks[0] = attachment
    return blocks, [t | {"attachment": attachment} for t in built[1]]


def _date_before_year(built: Built) -> Built:
    """The fill date on its own line above the ``（2021年度）`` line, the title without its year."""
    blocks = list(built[0])
    assert blocks[1] == "2021年度项目绩效自评表"
    blocks[1:3] = ["项目绩效自评表", "填报日期：2022年3月10日", "（2021年度）", "填报单位：某市档案馆"]
    return blocks, [t | {"title": "项目绩效自评表"} for t in built[1]]


def _traditional(built: Built) -> Built:
    """The same forms in traditional characters (cells too); the truth keeps the raw text as written."""
    conv = _to_traditional

    def cell(x: Any) -> Any:
        return C(conv(x.text), x.cols, x.rows) if isinstance(x, C) else conv(x)

    blocks = [conv(b) if isinstance(b, str) else [[cell(x) for x in row] for row in b] for b in built[0]]
    return blocks, conv(built[1])


def _t(text: str) -> bytes:
    return text.encode("utf-8")


NO_FORM: Built = ([], [])
# A unit's 自评报告 with its cover, figures in prose (the form's own figures among them), then the form as
# its 附件 — how most published project self-evaluations arrive (红河 2024, 南县 2020 pages).
REPORT_COVER: Blocks = [
    "2022年度乡村学校少年宫运行经费项目支出绩效自评报告",
    "项目名称：乡村学校少年宫运行经费",
    "项目单位：某县第二中学",
    "主管部门：某县教育局",
    "评价时间：2023年3月",
    "一、基本情况",
    "本项目年初预算45万元，全年预算48.6万元，全年执行47.628万元，预算执行率98.00%。",
    "二、绩效目标完成情况",
    "全年开展活动46次，参与学生652人，学生及家长满意度95%，自评得分89分。",
    "三、存在问题及改进措施",
    "年度资金总额一栏未按要求填列，下一年度将规范填报。",
]
# name → (what it is, the built forms, bytes)
SAMPLES: dict[str, tuple[str, Built, Callable[[Built], bytes]]] = {
    "sichuan_web_pipe.txt": (
        "四川 2023, two forms on one copied page, pipe rows padded with |||",
        _chrome(_join(SICHUAN_A, SICHUAN_B)),
        lambda b: _t(render_web_pipe(b[0])),
    ),
    "sichuan_unscored_bar.txt": (
        "四川 2023 published before the scoring, one cell per line ending ' |': "
        "empty 得分 and 完成值 as bare bars",
        SICHUAN_UNSCORED,
        lambda b: _t(render_cells_bar(b[0])),
    ),
    "sichuan_tsv.txt": (
        "四川 2023, two forms copied from a sheet into a text file: a row a line, cells parted by TABs "
        "(empty cells kept, merged ones gone, a cell with a line break quoted)",
        _join(SICHUAN_A, SICHUAN_B),
        lambda b: _t(render_tsv(b[0])),
    ),
    "hunan_department_tsv.txt": (
        "湖南 部门整体支出绩效自评表 copied from a sheet: cells parted by TABs, its breakdown lines too",
        HUNAN_DEPARTMENT,
        lambda b: _t(render_tsv(b[0])),
    ),
    "chongqing_cells.txt": (
        "重庆 部门整体, one cell per line with the empty cells dropped (调整指标值, a 计量单位)",
        CHONGQING,
        lambda b: _t(render_cells(b[0])),
    ),
    "sichuan_unscored_paragraphs.txt": (
        "四川 2023 published before the scoring, one cell per paragraph: the empty cells leave no trace",
        SICHUAN_UNSCORED,
        lambda b: _t(render_paras(b[0])),
    ),
    "anhui_wrapped_header_rows.txt": (
        "财政部 2020 form a row a line, header cells wrapped onto the line below (全年执行 / 数)",
        ANHUI,
        lambda b: _t(render_rows_wrapped(b[0])),
    ),
    "anhui_wrapped_header_cells.txt": (
        "财政部 2020 form one cell a line, the header's wrapped rests after its cells",
        ANHUI,
        lambda b: _t(render_cells_wrapped(b[0])),
    ),
    "guizhou_2019_wrapped_header_rows.txt": (
        "贵州 2019 form a row a line, header cells wrapped at three characters",
        GUIZHOU,
        lambda b: _t(render_rows_wrapped(b[0], 3)),
    ),
    "columned_breakdown_pipe.txt": (
        "部门整体 form whose 按收入/支出性质分 lines carry their own 年初/全年/执行 columns, "
        "copied pipe rows",
        COLUMNED_BREAKDOWN,
        lambda b: _t(render_web_pipe(b[0])),
    ),
    "columned_breakdown_cells.txt": (
        "部门整体 form whose breakdown lines carry their own money columns, one cell a line",
        COLUMNED_BREAKDOWN,
        lambda b: _t(render_cells(b[0])),
    ),
    "columned_breakdown_tab.txt": (
        "部门整体 form whose breakdown lines carry their own money columns, Word's TAB export",
        COLUMNED_BREAKDOWN,
        lambda b: _t(render_txt(b[0])),
    ),
    "yunnan_2018_rows.txt": (
        "云南 2018 form a row a line, a fund line ending — 99 — (分值, 执行率, 得分)",
        YUNNAN,
        lambda b: _t(render_rows(b[0])),
    ),
    "sichuan_cells_bar.txt": (
        "四川 2023, one cell per line ending ' |', empty cells as bare '|' lines",
        SICHUAN_A,
        lambda b: _t(render_cells_bar(b[0])),
    ),
    "sichuan_saved_page.html": (
        "四川 2023, saved government page (GB2312 label, MsoNormal table, site chrome)",
        SICHUAN_A,
        lambda b: render_saved_page(b[0], "部门预算项目支出绩效自评表"),
    ),
    "sichuan.docx": ("四川 2023, Word with merged cells", SICHUAN_B, lambda b: render_docx(b[0])),
    "sichuan_one_table.docx": (
        "四川 2023, two forms stacked in one Word table, title rows inside it",
        _titles_in_table(_join(SICHUAN_A, SICHUAN_B)),
        lambda b: render_docx(b[0]),
    ),
    "sichuan_one_sheet.xlsx": (
        "四川 2023, two forms stacked on one Excel sheet, title rows inside the grid",
        _titles_in_table(_join(SICHUAN_A, SICHUAN_B)),
        lambda b: render_xlsx(b[0]),
    ),
    "sichuan_layout.txt": ("四川 2023, pdftotext -layout", SICHUAN_A, lambda b: _t(render_pdf_layout(b[0]))),
    "transfer_layout.txt": (
        "转移支付区域绩效目标自评表, pdftotext -layout",
        TRANSFER,
        lambda b: _t(render_pdf_layout(b[0])),
    ),
    "yuan_flat.txt": ("元 form flattened onto one line", YUAN_PROJECT, lambda b: _t(render_flat(b[0]))),
    "sichuan_traditional_pipe.txt": (
        "四川 2023 in traditional characters, pipe rows",
        _traditional(SICHUAN_B),
        lambda b: _t(render_web_pipe(b[0])),
    ),
    "anhui_flat.txt": (
        "财政部 2020 template (county, 2022): whole document on one line after its metadata; "
        "年度资金总额 zeros, 本年财政拨款 with three figures",
        ANHUI,
        lambda b: _t(render_flat(b[0], DOC_METADATA)),
    ),
    "anhui_tab.txt": (
        "财政部 2020 template (county, 2022), Word's TAB text export",
        ANHUI,
        lambda b: _t(render_txt(b[0])),
    ),
    "anhui_saved_page.html": (
        "财政部 2020 template (county, 2022), saved web page",
        ANHUI,
        lambda b: render_saved_page(b[0], "项目支出绩效自评表"),
    ),
    "anhui_framed_page.html": (
        "财政部 2020 template (county, 2022), saved page of an older site: the form inside a frame table",
        ANHUI,
        lambda b: render_saved_page(b[0], "项目支出绩效自评表", framed=True),
    ),
    "anhui_report_then_form.docx": (
        "自评报告 (cover, figures in prose) with the form as its 附件, Word",
        (REPORT_COVER + ANHUI[0], ANHUI[1]),
        lambda b: render_docx(b[0]),
    ),
    "anhui_report_then_form_page.html": (
        "自评报告 with the form as its 附件, saved page",
        (REPORT_COVER + ANHUI[0], ANHUI[1]),
        lambda b: render_saved_page(b[0], "项目支出绩效自评报告"),
    ),
    "anhui_layout.txt": (
        "财政部 2020 template (county, 2022), pdftotext -layout",
        ANHUI,
        lambda b: _t(render_pdf_layout(b[0])),
    ),
    "chongqing_layout.txt": (
        "重庆 2021 部门整体绩效自评表, pdftotext -layout",
        CHONGQING,
        lambda b: _t(render_pdf_layout(b[0])),
    ),
    "chongqing.docx": ("重庆 2021 部门整体绩效自评表, Word", CHONGQING, lambda b: render_docx(b[0])),
    "chongqing_markdown.txt": (
        "重庆 2021 部门整体绩效自评表, a converter's Markdown table",
        CHONGQING,
        lambda b: _t(render_markdown(b[0])),
    ),
    "yuan_paragraphs.txt": (
        "元 form with 金额单位 line, only 预算数/执行数/执行率, 自评得分; one cell per paragraph",
        YUAN_PROJECT,
        lambda b: _t(render_paras(b[0])),
    ),
    "yuan.docx": (
        "元 form with 金额单位 line, only 预算数/执行数/执行率, 自评得分; Word",
        YUAN_PROJECT,
        lambda b: render_docx(b[0]),
    ),
    "yuan_numbers.xlsx": (
        "元 form on an Excel sheet, figures stored as numbers (#,##0.00; 0.96 under 0.00%)",
        YUAN_PROJECT,
        lambda b: render_xlsx_numbers(b[0]),
    ),
    "anhui_numbers.xlsx": (
        "财政部 2020 county form on an Excel sheet, figures stored as numbers (48.6, 47.628)",
        ANHUI,
        lambda b: render_xlsx_numbers(b[0]),
    ),
    "yuan_annex_dash.docx": (
        "元 form headed 附件1-2 (the second form of attachment 1), Word",
        _numbered(YUAN_PROJECT, "附件1-2"),
        lambda b: render_docx(b[0]),
    ),
    "yuan_annex_table_pipe.txt": (
        "元 form headed 附表3 on the title's line, copied pipe rows",
        _numbered(YUAN_PROJECT, "附表3", same_line=True),
        lambda b: _t(render_web_pipe(b[0])),
    ),
    "yuan_date_first_tab.txt": (
        "元 form whose fill date (2022年3月10日) stands above its （2021年度） line; TAB export",
        _date_before_year(YUAN_PROJECT),
        lambda b: _t(render_txt(b[0])),
    ),
    "yuan_layout.txt": (
        "元 form, pdftotext -layout: its reasons wrapped down the last, narrow column",
        YUAN_PROJECT,
        lambda b: _t(render_pdf_layout(b[0])),
    ),
    "yuan_cells.txt": ("元 form, one cell per line", YUAN_PROJECT, lambda b: _t(render_cells(b[0]))),
    "jiangxi_layout.txt": (
        "江西 2017: 分值 before targets, '30分' units, 评分标准; pdftotext -layout",
        JIANGXI,
        lambda b: _t(render_pdf_layout(b[0])),
    ),
    "jiangxi_tab.txt": (
        "江西 2017: 分值 before targets, '30分' units, 评分标准; TAB export",
        JIANGXI,
        lambda b: _t(render_txt(b[0])),
    ),
    "transfer_saved_page.html": (
        "中央对地方转移支付区域绩效目标自评表, saved page (中央补助 / 地方资金, no 分值/得分)",
        TRANSFER,
        lambda b: render_saved_page(b[0], "转移支付区域绩效目标自评表"),
    ),
    "transfer_web_pipe.txt": (
        "转移支付区域绩效目标自评表, copied pipe rows",
        TRANSFER,
        lambda b: _t(render_web_pipe(b[0])),
    ),
    "transfer.docx": ("转移支付区域绩效目标自评表, Word", TRANSFER, lambda b: render_docx(b[0])),
    "transfer_paragraphs.txt": (
        "转移支付区域绩效目标自评表, one cell per paragraph",
        TRANSFER,
        lambda b: _t(render_paras(b[0])),
    ),
    "hunan_department_page.html": (
        "湖南 部门整体支出绩效自评表 (年度预算申请, 按收入性质分 / 按支出性质分), saved page",
        HUNAN_DEPARTMENT,
        lambda b: render_saved_page(b[0], "部门整体支出绩效自评表"),
    ),
    "hunan_department_layout.txt": (
        "湖南 部门整体支出绩效自评表, pdftotext -layout",
        HUNAN_DEPARTMENT,
        lambda b: _t(render_pdf_layout(b[0])),
    ),
    "county_2017.docx": (
        "older county form: money as label and figure pairs on one row (全年预算数 | 38 | …), Word",
        COUNTY_2017,
        lambda b: render_docx(b[0]),
    ),
    "county_2017_pipe.txt": (
        "older county form, copied pipe rows",
        COUNTY_2017,
        lambda b: _t(render_web_pipe(b[0])),
    ),
    "cost_2021_flat.txt": (
        "2021 form, whole-元 money, 成本指标 as a 一级指标; flattened",
        COST_2021,
        lambda b: _t(render_flat(b[0])),
    ),
    "cost_2021.docx": (
        "2021 form, whole-元 money, 成本指标 as a 一级指标; Word",
        COST_2021,
        lambda b: render_docx(b[0]),
    ),
    "decoy_target_tab.txt": (
        "绩效目标申报表 (targets only): no fund value, actual or score",
        target_table(),
        lambda b: _t(render_txt(b[0])),
    ),
    "decoy_target.docx": ("绩效目标申报表 (targets only), Word", target_table(), lambda b: render_docx(b[0])),
    "decoy_department_target.docx": (
        "部门整体支出绩效目标表 (年度主要任务 with 预算金额 总额/财政拨款/其他资金): targets only",
        department_target_table(),
        lambda b: render_docx(b[0]),
    ),
    "decoy_department_target_pipe.txt": (
        "部门整体支出绩效目标表, copied pipe rows",
        department_target_table(),
        lambda b: _t(render_web_pipe(b[0])),
    ),
    "decoy_target_bar.txt": (
        "绩效目标申报表, one cell per line ending ' |' (the fill line's bar too)",
        target_table(),
        lambda b: _t(render_cells_bar(b[0])),
    ),
    "decoy_toc.txt": (
        "决算 table of contents naming the forms: no form",
        (TOC, []),
        lambda b: _t(render_txt(b[0])),
    ),
    "decoy_report.txt": (
        "自评报告 with the forms' figures in prose: no form",
        _chrome((REPORT, [])),
        lambda b: _t(render_txt(b[0])),
    ),
    "decoy_report_page.html": (
        "自评报告 as a saved page: no form",
        (REPORT, []),
        lambda b: render_saved_page(b[0], "部门整体支出绩效自评报告"),
    ),
    "decoy_blank_template_tab.txt": (
        "the form published blank to be filled (XX, ** placeholders, 填表说明 with figures): no value",
        blank_template(),
        lambda b: _t(render_txt(b[0])),
    ),
    "decoy_blank_template.docx": ("the blank form as Word", blank_template(), lambda b: render_docx(b[0])),
    "decoy_final_accounts_pipe.txt": (
        "决算 table with money (收入支出决算总表): no form",
        (FINAL, []),
        lambda b: _t(render_web_pipe(b[0])),
    ),
}


SAMPLES |= REAL_SHAPE_SAMPLES


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    stems = [name.rsplit(".", 1)[0] for name in SAMPLES]
    assert len(set(stems)) == len(stems), "two samples would share one truth file"
    for name, (quirk, built, render) in SAMPLES.items():
        (OUT / name).write_bytes(render(built))
        truth = {
            "sample": name,
            "family": "realistic_decoy" if name.startswith("decoy") else "realistic",
            "quirk": quirk,
            "made_by": "scripts/make_realistic_samples.py",
            "forms": built[1],
        }
        stem = name.rsplit(".", 1)[0]
        (OUT / f"{stem}.truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print(f"wrote {len(SAMPLES)} samples to {OUT}")


if __name__ == "__main__":
    main()
