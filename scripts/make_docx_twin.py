"""Write samples/lukou_xunchaban_2023.docx: a faithful Word twin of samples/lukou_xunchaban_2023.txt.

The text sample is Word's tab-laden text export of a real submission; this script rebuilds the Word
file it came from, the way Word holds it, so that tests can prove the .docx reader and the text reader
lead to the same forms:

* paragraphs 附件1 / title / 填报单位 line, then each form as ONE 9-column table with real merges
  (python-docx ``merge`` writes ``w:gridSpan`` and ``w:vMerge`` restart/continue): 年度预算申请,
  年度总体目标, 绩效指标 and the 一级指标 labels merged down their rows; wide cells spanning grid columns;
* every value cell on the grid column of its header (the money block: 年初预算数 … 得分 on grid columns
  4-9; the indicator block: 一级指标 … 偏差原因分析及改进措施 on grid columns 2-9);
* cell texts exactly as exported (full-width spaces U+3000 kept; a line break in a cell is a new
  paragraph, or a ``w:br`` for the cells marked ``Br``); where the export shows an empty cell for a
  vertical merge, the twin has a ``vMerge`` continue;
* the export glued "附件2" + report title into the 总分 row's last cell; in Word they are paragraphs
  after the table, and that is where the twin puts them.

The output is byte-for-byte reproducible (fixed timestamps). Run: ``python scripts/make_docx_twin.py``.
"""

from __future__ import annotations

import argparse
import io
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.table import Table, _Cell

OUT = Path(__file__).resolve().parent.parent / "samples" / "lukou_xunchaban_2023.docx"
GRID_TWIPS = (1000, 1300, 1000, 2100, 950, 950, 700, 700, 1500)  # 9 grid columns, ~A4 landscape width
FIXED_TIME = datetime(2024, 1, 1, 0, 0, 0)


class Br(str):
    """Cell text whose line breaks are ``w:br`` inside one paragraph (others: one paragraph per line)."""


class _Cont:
    """A ``vMerge`` continue: the cell above extends into this row."""

    def __repr__(self) -> str:
        return "CONT"


CONT = _Cont()
Spec = str | _Cont | tuple[str | _Cont, int]  # a cell: text or CONT, with its grid span (default 1)

DEPARTMENT_HEAD = (
    "附件1",
    "部门整体支出绩效自评表",
    "填报单位：（盖章）区委巡察办                 （2023年度）",
)
DEPARTMENT_ROWS: list[list[Spec]] = [
    ["预算部门名称", ("中共株洲市渌口区委巡察工作领导小组办公室\u3000", 8)],
    [
        "年度预\n算申请\n（万元）",
        ("", 2),
        "年初\n预算数",
        "全年  预算数",
        "全年\n执行数",
        "分值",
        "执行率",
        "得分",
    ],
    [CONT, ("年度资金总额", 2), "3,20.6,71591", "3,21.0,13328", "3,21.0,08126", "10分", "99.99%", "9.99"],
    [CONT, ("按收入性质分：", 4), ("按支出性质分：", 4)],
    [CONT, ("  其中：  一般公共预算：321.013328", 4), ("其中：基本支出：241.024804", 4)],
    [CONT, ("政府性基金拨款：", 4), ("项目支出：79.988524", 4)],
    [CONT, ("纳入专户管理的非税收入拨款：", 4), ("", 4)],
    [CONT, ("其他资金：", 4), ("", 4)],
    ["年度总体目标", ("预期目标", 4), ("实际完成情况\u3000", 4)],
    [
        CONT,
        (
            "制定本年度巡察计划，按任务目标认真开展巡察工作；统筹协调各单位参与巡察工作中，发挥巡察机构的发起者、"
            "推动者、综合者的作用；向巡察工作领导小组报告工作情况，传达贯彻领导小组的决策和部署；统筹、协调、指导"
            "巡察组开展工作，承担情况综合、政策研究、制度建设、文档管理、后勤保障等工作；协调指导巡察组对区委、领导"
            "小组交办的事项进行督办及巡察意见建议；配合有关部门对巡察工作人员进行培训、考核、监督和管理。\u3000",
            4,
        ),
        (
            "按本年度巡察任务目标认真开展工作，完成二届区委第四轮、第五轮常规巡察及专项巡察；统筹协调各单位参与巡察"
            "工作中，发挥巡察利剑作用。及时向巡察工作领导小组报告工作情况，第一时间传达贯彻领导小组的决策和部署；统筹、"
            "协调、指导巡察组开展工作，做好了情况综合、政策研究、制度建设、文档管理、后勤保障等工作；对参与巡察的工作"
            "人员进行培训、考核、监督和管理。",
            4,
        ),
    ],
    [
        Br("绩\n效\n指\n标"),
        "一级指标",
        "二级指标",
        "三级指标",
        Br("年度\n指标值"),
        Br("实际\n完成值"),
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    [
        CONT,
        "产出指标\n(50分)",
        "数量\n指标",
        "2轮常规巡察及专项巡察。",
        "100%",
        "100%",
        "20",
        "20",
        "\u3000\n\u3000",
    ],
    [CONT, CONT, "质量\n指标", "高效开展巡察工作", "100%", "100%", "15", "15", "\u3000\n\u3000"],
    [CONT, CONT, "时效\n指标", "2023年度", "1", "\u30001", "15", "15", "\u3000\n\u3000"],
    [
        CONT,
        "效益指标\n（30分）\u3000",
        "经济效\n益指标",
        "巡察整改期间清退资金.",
        "\u3000\n\u3000100%",
        "\u3000\n\u3000100%",
        "\u3000\n8",
        "\u3000\n8",
        "\u3000\n\u3000",
    ],
    [
        CONT,
        CONT,
        "社会效\n益指标",
        "产生好的社会影响力，满足人民群众的需求。",
        "\u3000\n\u3000100%",
        "\u3000\n\u3000100%",
        "\u3000\n8\u3000",
        "\n8",
        "",
    ],
    [
        CONT,
        CONT,
        "生态效\n益指标",
        "政治巡察营造风清气正的环境。",
        "\u3000100%\n\u3000",
        "\u3000100%\n\u3000",
        "\u3000\n\u30008",
        "\u3000\n\u30008",
        "\u3000\n\u3000",
    ],
    [
        CONT,
        CONT,
        "可持续影响指标",
        "被巡察单位通过巡察能够及时整改，避免同类问题继续出现。",
        "100%",
        "100%",
        "6",
        "6",
        "\u3000\n\u3000",
    ],
    [
        CONT,
        "满意度指标\n（10分）",
        "服务对象满意度指标",
        "被巡察单位问题整改到位，群众满意。",
        "100%",
        "90%",
        "10",
        "9",
        "二届区委以来反馈整改问题未全部整改到位，正在整改中。",
    ],
    [("总分", 6), "100", ("\u300098.99", 2)],
]
DEPARTMENT_TAIL = (" 附件2", "部门整体支出绩效自评报告")

PROJECT_HEAD = (
    "附件3             ",
    "项目支出绩效自评表",
    "填报单位：（盖章）区委巡察办                    （2023年度）",
)
PROJECT_ROWS: list[list[Spec]] = [
    ["项目支出名称", ("巡察专项经费\u3000", 8)],
    ["主管部门", ("区委巡察办", 3), ("实施单位", 2), ("\u3000区委巡察办", 3)],
    [
        "项目  资金\n（万元）",
        ("\u3000", 2),
        "年初\n预算数",
        "全年\n预算数",
        "全年\n执行数",
        "分值",
        "执行率",
        "得分",
    ],
    [CONT, ("年度资金总额\u3000", 2), "\u300080", "79.98852.24", "79.98852.24", "10", "100%", "\u300010"],
    [CONT, ("其中：当年财政拨款\u3000", 2), "\u300080", "79.98852.24", "79.98852.24", "", "", "\u3000"],
    [CONT, ("上年结转资金\u3000", 2), "\u3000", "\u3000", "\u3000", "\u3000", "\u3000", "\u3000"],
    [CONT, ("其他资金", 2), "\u3000", "\u3000", "\u3000", "\u3000", "\u3000", "\u3000"],
    ["年度总体目标", ("预期目标", 4), ("实际完成情况\u3000", 4)],
    [
        CONT,
        ("完成二届区委常规巡察及专项巡察。展开巡察人员培训，整改督查。\u3000\u3000", 4),
        ("完成二届区委第四轮、第五轮常规巡察及专项巡察。展开巡察人员培训，整改督查。", 4),
    ],
    [
        Br("绩\n效\n指\n标"),
        "一级指标",
        "二级指标",
        "三级指标",
        Br("年度\n指标值"),
        Br("实际\n完成值"),
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    [
        CONT,
        "产出指标\n(50分)",
        "数量指标",
        "2轮常规巡察及专项巡察。",
        "100%",
        "100%",
        "20",
        "20",
        "\u3000\n\u3000",
    ],
    [CONT, CONT, "质量指标", "高效开展巡察工作", "100%", "100%", "15", "15", "\u3000\n\u3000"],
    [CONT, CONT, "时效指标", "2023年度", "1", "\u30001", "15", "15", "\u3000\n\u3000"],
    [
        CONT,
        "效益指标\n（30分）",
        "经济效\n益指标",
        "巡察整改期间清退资金.",
        "\u3000\n\u3000100%",
        "\u3000\n\u3000100%",
        "\n8",
        "\n8",
        "\u3000\n\u3000",
    ],
    [
        CONT,
        CONT,
        "社会效\n益指标",
        "产生好的社会影响力，满足人民群众的需求",
        "\u3000\n\u3000100%",
        "\u3000\n\u3000100%",
        "\n8",
        "8",
        "",
    ],
    [
        CONT,
        CONT,
        "生态效\n益指标",
        "政治巡察营造风清气正的环境。",
        "\u3000\n100%\n\u3000",
        "\u3000\n100%\n\u3000",
        "\n8",
        "\n8",
        "\u3000\n\u3000",
    ],
    [
        CONT,
        CONT,
        "可持续影响指标",
        "被巡察单位通过巡察能够及时整改，避免同类问题继续出现",
        "100%",
        "100%",
        "6",
        "6",
        "\u3000\n\u3000",
    ],
    [
        CONT,
        Br("满意度\n指标\n（10分）"),
        "服务对象满意度指标",
        "被巡察单位问题整改到位。",
        "100%",
        "90%",
        "10",
        "9",
        "反馈整改问题未全部整改到位，正在整改中。",
    ],
    [("总分", 6), "100", ("\u300099", 2)],
]
PROJECT_TAIL = (" 附件4", "项目支出绩效自评报告")

DEPARTMENT_REPORT = (
    "1、 预算单位基本情况",
    "中共株洲市渌口区委巡察工作领导小组办公室属区委的正科级行政机关，现有股室2个（综合室、督查联络室），在职人员5人，离休人员0人，退休人员0人，区委巡察一组在职人员4人，离休人员0人，退休人员0人；区委巡察二组在职人员4人，离休人员0人，退休人员0人；全系统共有人员13人，其中在职人员13人，离休人员0人，退休人员0人，属区一级预算单位。主要职责是：",
    "（一）向领导小组报告工作情况，传达贯彻领导小组的决策和部署；",
    "（二）负责省委巡视组、市委巡察组对本区开展巡视巡察工作的协调配合和联络服务；",
    "（三）负责对省委巡视组、市委巡察组反馈交办事项的整改落实、督查督办和情况反馈；",
    "（四）负责制定本区年度巡察计划及组织实施；",
    "（五）统筹、协调、指导巡察组开展工作，承担情况综合、政策研究、制度建设、文档管理、后勤保障等工作；",
    "（六）协调指导巡察组对区委、领导小组交办的事项进行督办及巡察意见建议；",
    "（七）配合有关部门对巡察工作人员进行培训、考核、监督和管理；",
    "（八）办理领导小组交办的其他事项。",
    "二、一般公共预算支出情况",
    "（一）基本支出情况",
    "2023年区委巡察办全年支出为2410248.04万元，全部为基本支出，其中：人员经费1951429.74元，公用经费458818.3元。资金使用全部通过财政国库集中支付，接受财政的审核和监督。",
    "（二）项目支出情况",
    "2023年度巡察专项经费全年支出为799833.22元，用于巡察专项工作开展。",
    "三、部门整体支出绩效情况",
    "2023年开展了常规巡察、专项巡察，进行巡察整改督查。巡察了1个镇、23个区直单位和35个村（社区）党组织，向被巡察党组织反馈问题429个，交办立行立改问题89个，移交问题线索6条，党纪政务处分10人，组织处理10人，收缴和清退违纪资金63万余元。截至目前，二届区委巡察覆盖率达到50%，确保了巡察全覆盖“时间过半、任务过半”。",
    "四、存在的问题及原因分析",
    "无。",
    "5、 下一步改进措施",
    "无。",
    "六、绩效自评结果拟应用和公开情况",
    "按财政要求做好公开等相关工作。",
)
PROJECT_REPORT = (
    "一、绩效自评工作开展情况",
    "2023年共开展常规巡察、专项巡察，巡察区直单位、镇、村村（社区）党组织。向被巡察党组织反馈问题429个，交办立行立改问题89个，移交问题线索6条，党纪政务处分10人，组织处理10人，收缴和清退违纪资金63万余元。截至目前，二届区委已开展6轮常规巡察、5轮专项巡察，共巡察8个镇、26个区直单位和72个村（社区）党组织，巡察覆盖率达到50%，确保了巡察全覆盖“时间过半、任务过半”。",
    "二、绩效目标自评完成情况分析",
    "（一）资金投入情况分析。",
    "1.项目资金到位情况分析。将巡察专项经费纳入部门预算，确保能够更好开展巡察工作，专项资金专项支出，发挥巡察利剑作用。",
    "2.项目资金执行情况分析。严格执行部门预算，合理高效使用巡察，资金使用全部通过财政国库集中支付，接受财政的审核和监督。",
    "3.项目资金管理情况分析。一是抓好厉行节约源头控制，严格执行部门预算，提高了资金的使用效率。二是规范支付流程。严格执行相关财务管理制度，事前预算，事中精算，事后决算，费用支付过程中，严格程序和审批手续，确保资金使用规范合理。",
    "（二）绩效目标完成情况分析。",
    "1.产出指标完成情况分析。",
    "巡察专项经费包含两轮常规巡察和专项巡察，在1年内完成巡察任务，高效完成巡察工作，彰显巡察利剑作用。",
    "2.满意度指标完成情况分析。",
    "巡察为政治巡察，从四个聚焦方面巡察被巡察单位，关注群众关心的问题，高质量完成任务让群众满意。",
    "三、偏离绩效目标的原因和下一步改进措施。",
    "无。",
    "四、绩效自评结果拟应用和公开情况",
    "按财政要求做好公开等相关工作。",
)


def _row_cells(row: list[Spec]) -> list[tuple[str | _Cont, int, int]]:
    """(content, first grid column, span) for each cell of a row spec."""
    out: list[tuple[str | _Cont, int, int]] = []
    col = 0
    for spec in row:
        content, span = spec if isinstance(spec, tuple) else (spec, 1)
        out.append((content, col, span))
        col += span
    if col != len(GRID_TWIPS):
        raise ValueError(f"row covers {col} grid columns, not {len(GRID_TWIPS)}: {row!r}")
    return out


def _fill(cell: _Cell, text: str) -> None:
    """Write ``text`` into an empty cell: one paragraph per line, or ``w:br`` breaks for ``Br``."""
    first = cell.paragraphs[0]
    lines = text.split("\n")
    if isinstance(text, Br):
        run = first.add_run()
        for i, line in enumerate(lines):
            if i:
                run.add_break()
            if line:
                run.add_text(line)
        return
    for i, line in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()
        if line:
            paragraph.add_run(line)


def add_form(doc: docx.document.Document, rows: list[list[Spec]]) -> Table:
    """One form as one table on the 9-column grid, merged the way Word merges (gridSpan, vMerge)."""
    layout = [_row_cells(row) for row in rows]
    table = doc.add_table(rows=len(rows), cols=len(GRID_TWIPS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, GRID_TWIPS, strict=True):
        column.width = Twips(width)
    for r, cells in enumerate(layout):
        for content, col, span in cells:
            if isinstance(content, _Cont):
                continue
            bottom = r  # extend down over the CONT cells right below at the same grid column and span
            while bottom + 1 < len(layout) and any(
                isinstance(c, _Cont) and (cc, s) == (col, span) for c, cc, s in layout[bottom + 1]
            ):
                bottom += 1
            cell = table.cell(r, col)
            if bottom > r or span > 1:
                cell = cell.merge(table.cell(bottom, col + span - 1))
            _fill(cell, content)
    return table


def _paragraph(
    doc: docx.document.Document, text: str, *, title: bool = False, page_break: bool = False
) -> None:
    paragraph = doc.add_paragraph()
    if page_break:
        paragraph.add_run().add_break(WD_BREAK.PAGE)
    if text:
        run = paragraph.add_run(text)
        if title:
            run.bold = True
            run.font.size = Pt(16)
    if title:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _setup(doc: docx.document.Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "宋体"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(16838), Twips(11906)  # A4 landscape
    props = doc.core_properties
    props.title = "渌口区委巡察办 2023 绩效自评（twin of lukou_xunchaban_2023.txt）"
    props.author = props.last_modified_by = "jixiao scripts/make_docx_twin.py"
    props.created = props.modified = FIXED_TIME
    props.revision = 1


def build() -> bytes:
    """The twin's bytes (reproducible)."""
    doc = docx.Document()
    _setup(doc)
    for i, text in enumerate(DEPARTMENT_HEAD):
        _paragraph(doc, text, title=i == 1)
    add_form(doc, DEPARTMENT_ROWS)
    for i, text in enumerate(DEPARTMENT_TAIL + DEPARTMENT_REPORT):
        _paragraph(doc, text, title=i == 1)
    for _ in range(6):  # the export's six blank lines before 附件3
        _paragraph(doc, "")
    for i, text in enumerate(PROJECT_HEAD):
        _paragraph(doc, text, title=i == 1, page_break=i == 0)
    add_form(doc, PROJECT_ROWS)
    for i, text in enumerate(PROJECT_TAIL + PROJECT_REPORT):
        _paragraph(doc, text, title=i == 1)
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_timestamps(buf.getvalue())


def _fixed_timestamps(blob: bytes) -> bytes:
    """Re-zip with fixed member dates, so that rerunning the script gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write (default {OUT})")
    args = parser.parse_args()
    args.out.write_bytes(build())
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
