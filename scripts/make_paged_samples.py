"""Write samples/paged/: Word forms of several provinces' templates that go over page breaks.

The PDF and ``.doc`` twins of these (made by LibreOffice at test time, ``tests/test_paged_twins.py``) are
where page breaks cut rows, merged 一级/二级 cells and long 偏差原因; each ``NAME.truth.json`` is written from
the builders' values (``paged_forms.py``, ``realistic_forms*.py``) before jixiao reads the sample, with
``min_pdf_pages``: how many pages its LibreOffice PDF must at least have for the sample to test what it says.

Run: ``.venv/bin/python scripts/make_paged_samples.py``.
"""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from paged_forms import PAGE_BREAK, Ind, chongqing_long, department, mof_project
from realistic_forms import Built, sichuan
from realistic_forms_dept import HUNAN_DEPARTMENT
from realistic_forms_more import JIANGXI
from realistic_render import render_docx
from template_dsl import Blocks, C

OUT = Path(__file__).resolve().parent.parent / "samples" / "paged"

WHY_LONG = (
    "受汛期持续降雨影响，部分村组施工推迟至第四季度开展，已制定补建计划并落实专人跟踪督办，"
    "确保下一年度一季度前全部完工并组织验收。"
)
WHY_MID = "部分乡镇申报材料报送滞后，导致资金拨付延迟，下一步将建立月调度机制。"


def _ge(value: float, unit: str) -> tuple[str, str, float, str]:
    shown = f"{value:g}"
    return (f"≥{shown}{unit}", ">=", value, unit)


def _le(value: float, unit: str) -> tuple[str, str, float, str]:
    return (f"≤{value:g}{unit}", "<=", value, unit)


QUALITY = ("效果明显", None, None, None)

# 24 indicator rows of a rural water and roads project: 产出 50, 效益 30, 满意度 10 (plus 10 for money).
WATER_ROWS: list[Ind] = [
    ("产出指标（50分）", "数量指标", "新建集中供水工程", _ge(8, "处"), "8处", "4", "4", ""),
    ("产出指标（50分）", "数量指标", "改造供水管网长度", _ge(35, "公里"), "36.2公里", "4", "4", ""),
    (
        "产出指标（50分）",
        "数量指标",
        "新增蓄水池容积",
        _ge(1200, "立方米"),
        "1180立方米",
        "4",
        "3.8",
        WHY_LONG,
    ),
    ("产出指标（50分）", "数量指标", "受益行政村数", _ge(42, "个"), "42个", "4", "4", ""),
    ("产出指标（50分）", "数量指标", "水质检测点位", _ge(60, "个"), "64个", "3", "3", ""),
    ("产出指标（50分）", "质量指标", "工程验收合格率", ("=100%", "=", 100, "%"), "100%", "4", "4", ""),
    ("产出指标（50分）", "质量指标", "水质达标率", _ge(95, "%"), "96.5%", "4", "4", ""),
    ("产出指标（50分）", "质量指标", "管网漏损率", _le(12, "%"), "11.3%", "3", "3", ""),
    ("产出指标（50分）", "质量指标", "供水保证率", _ge(90, "%"), "88%", "3", "2.8", WHY_MID),
    ("产出指标（50分）", "时效指标", "工程开工及时率", _ge(95, "%"), "100%", "3", "3", ""),
    ("产出指标（50分）", "时效指标", "资金拨付及时率", ("=100%", "=", 100, "%"), "96%", "3", "2.5", WHY_MID),
    (
        "产出指标（50分）",
        "时效指标",
        "工程完工时限",
        ("2023年12月底前", "<=", 12, "月"),
        "2023年12月",
        "3",
        "3",
        "",
    ),
    ("产出指标（50分）", "成本指标", "单处工程平均造价", _le(45, "万元"), "43.8万元", "4", "4", ""),
    ("产出指标（50分）", "成本指标", "管网每公里造价", _le(6.5, "万元"), "6.2万元", "4", "4", ""),
    ("效益指标（30分）", "社会效益指标", "受益人口", _ge(1.2, "万人"), "1.26万人", "6", "6", ""),
    ("效益指标（30分）", "社会效益指标", "农村自来水普及率", _ge(92, "%"), "91.5%", "5", "4.5", WHY_LONG),
    ("效益指标（30分）", "社会效益指标", "群众饮水安全状况", QUALITY, "明显改善", "4", "4", ""),
    ("效益指标（30分）", "经济效益指标", "群众取水时间节约", _ge(30, "分钟/天"), "35分钟/天", "3", "3", ""),
    ("效益指标（30分）", "生态效益指标", "水源地保护覆盖率", _ge(85, "%"), "87%", "4", "4", ""),
    ("效益指标（30分）", "可持续影响指标", "工程管护机制", ("健全", None, None, None), "健全", "4", "4", ""),
    ("效益指标（30分）", "可持续影响指标", "管护人员到位率", ("=100%", "=", 100, "%"), "100%", "4", "4", ""),
    ("满意度指标（10分）", "服务对象满意度指标", "受益群众满意度", _ge(90, "%"), "93%", "5", "5", ""),
    ("满意度指标（10分）", "服务对象满意度指标", "村组干部满意度", _ge(90, "%"), "95%", "3", "3", ""),
    (
        "满意度指标（10分）",
        "服务对象满意度指标",
        "施工沿线群众满意度",
        _ge(85, "%"),
        "83%",
        "2",
        "1.8",
        WHY_MID,
    ),
]

WATER = mof_project(
    year=2023,
    project="农村供水保障工程",
    dept="某县水利局",
    unit="某县农村供水管理站",
    money=("1250.00", "1320.00", "1293.60"),
    goals=(
        "新建集中供水工程8处，改造管网35公里以上，解决1.2万农村人口饮水安全问题，水质达标率95%以上。",
        "建成集中供水工程8处，改造管网36.2公里，受益人口1.26万人，水质达标率96.5%，"
        "个别蓄水池因汛期推迟完工。",
    ),
    rows=WATER_ROWS,
)

# 18 rows of a county archives' department form: long reasons in the two-column reason cell.
ARCHIVE_ROWS: list[Ind] = [
    ("产出指标（50分）", "数量指标", "接收进馆档案", _ge(1, "万卷"), "1.2万卷", "5", "5", ""),
    ("产出指标（50分）", "数量指标", "档案数字化加工", _ge(120, "万页"), "118.6万页", "5", "4.8", WHY_LONG),
    ("产出指标（50分）", "数量指标", "编研成果", _ge(3, "部"), "3部", "4", "4", ""),
    ("产出指标（50分）", "数量指标", "档案业务培训", _ge(6, "期"), "6期", "4", "4", ""),
    ("产出指标（50分）", "质量指标", "档案整理合格率", _ge(98, "%"), "99%", "5", "5", ""),
    ("产出指标（50分）", "质量指标", "数字化成果验收合格率", ("=100%", "=", 100, "%"), "100%", "5", "5", ""),
    ("产出指标（50分）", "质量指标", "库房温湿度达标率", _ge(95, "%"), "93%", "4", "3.6", WHY_LONG),
    ("产出指标（50分）", "时效指标", "查档服务办结时限", _le(3, "个工作日"), "2个工作日", "5", "5", ""),
    ("产出指标（50分）", "时效指标", "档案移交接收及时率", _ge(95, "%"), "97%", "4", "4", ""),
    ("产出指标（50分）", "成本指标", "数字化加工单价", _le(0.35, "元/页"), "0.33元/页", "5", "5", ""),
    ("产出指标（50分）", "成本指标", "公用经费控制率", _le(100, "%"), "98%", "4", "4", ""),
    ("效益指标（30分）", "社会效益指标", "查阅利用人次", _ge(3000, "人次"), "3600人次", "8", "8", ""),
    ("效益指标（30分）", "社会效益指标", "档案信息公开条数", _ge(500, "条"), "520条", "6", "6", ""),
    (
        "效益指标（30分）",
        "社会效益指标",
        "馆藏档案安全",
        ("无事故", None, None, None),
        "无事故",
        "6",
        "6",
        "",
    ),
    ("效益指标（30分）", "可持续影响指标", "档案信息化水平", QUALITY, "逐步提升", "5", "4.5", WHY_MID),
    (
        "效益指标（30分）",
        "可持续影响指标",
        "档案安全长效机制",
        ("健全", None, None, None),
        "健全",
        "5",
        "5",
        "",
    ),
    ("满意度指标（10分）", "服务对象满意度指标", "查档群众满意度", _ge(95, "%"), "92%", "6", "5.2", WHY_LONG),
    ("满意度指标（10分）", "服务对象满意度指标", "立档单位满意度", _ge(90, "%"), "94%", "4", "4", ""),
]

ARCHIVES = department(
    year=2022,
    name="某县档案馆",
    money=("286.40", "301.25", "295.23"),
    goals=(
        "保障机关正常运转，完成全年档案接收、整理、数字化和利用服务任务，确保馆藏档案安全。",
        "机关运转正常，接收档案1.2万卷，数字化加工118.6万页，提供查阅利用服务3,600人次。",
    ),
    rows=ARCHIVE_ROWS,
    seed=7,
)


SICHUAN_NAMES = [
    "农技培训人次",
    "覆盖乡镇数",
    "科技示范户数",
    "技术推广面积",
    "新品种引进数",
    "病虫害防控面积",
    "测土配方施肥面积",
    "农机作业面积",
    "良种覆盖面积",
    "田间学校数",
    "技术服务次数",
    "信息发布条数",
    "土壤检测样本",
    "绿色防控示范区",
    "农技人员下乡天数",
    "现场观摩会次数",
    "技术手册发放",
    "试验示范点",
    "专家服务团人数",
    "培训教材种类",
]


def _sichuan_long() -> Built:
    """四川 rows (一级, 二级, 三级, 性质, 指标值, 单位, 完成值, 权重, 得分, 原因, target, op, value): 20 of 4
    points (one in four short of its target, with a long reason) and a 满意度 row of 10."""
    rows: list[Any] = []
    for k, name in enumerate(SICHUAN_NAMES):
        target = 100 + 10 * k
        got = target - 5 if k % 4 == 3 else target
        level2 = "数量指标" if k < 10 else "质量指标"
        short = got < target
        score, why = ("3.5", WHY_LONG) if short else ("4", "")
        rows.append(
            (
                "产出指标",
                level2,
                name,
                "≥",
                str(target),
                "个",
                str(got),
                "4",
                score,
                why,
                f"≥{target}个",
                ">=",
                target,
            )
        )
    rows.append(
        (
            "满意度指标",
            "服务对象满意度指标",
            "农户满意度",
            "≥",
            "90",
            "%",
            "92",
            "10",
            "10",
            "",
            "≥90%",
            ">=",
            90,
        )
    )
    return sichuan(
        "51010022T000004611020-农业技术推广补助",
        "某县农业农村局",
        "某县农业技术推广中心",
        ("180.00", "196.00", "192.08", "98.00%"),
        rows,
    )


SICHUAN_LONG = _sichuan_long()


ROAD_ROWS: list[Ind] = [
    ("产出指标（50分）", "数量指标", "养护农村公路里程", _ge(210, "公里"), "212公里", "10", "10", ""),
    ("产出指标（50分）", "数量指标", "修复坑槽面积", _ge(6000, "平方米"), "6300平方米", "10", "10", ""),
    ("产出指标（50分）", "质量指标", "优良中等路率", _ge(85, "%"), "86%", "10", "10", ""),
    ("产出指标（50分）", "时效指标", "水毁道路抢通时限", _le(48, "小时"), "36小时", "10", "10", ""),
    ("产出指标（50分）", "成本指标", "每公里养护成本", _le(1.6, "万元"), "1.58万元", "10", "10", ""),
    ("效益指标（30分）", "社会效益指标", "群众出行条件", QUALITY, "明显改善", "15", "15", ""),
    (
        "效益指标（30分）",
        "可持续影响指标",
        "养护长效机制",
        ("健全", None, None, None),
        "健全",
        "15",
        "14",
        WHY_MID,
    ),
    ("满意度指标（10分）", "服务对象满意度指标", "沿线群众满意度", _ge(90, "%"), "92%", "10", "10", ""),
]
BUS_ROWS: list[Ind] = [
    ("产出指标（50分）", "数量指标", "补贴客运站数", ("8个", None, 8, "个"), "8个", "20", "20", ""),
    ("产出指标（50分）", "质量指标", "客运站安全事故", ("0起", None, 0, "起"), "0起", "15", "15", ""),
    ("产出指标（50分）", "时效指标", "补贴发放及时率", ("=100%", "=", 100, "%"), "100%", "15", "15", ""),
    (
        "效益指标（30分）",
        "社会效益指标",
        "通客车建制村比例",
        ("=100%", "=", 100, "%"),
        "100%",
        "30",
        "30",
        "",
    ),
    ("满意度指标（10分）", "服务对象满意度指标", "乘客满意度", _ge(85, "%"), "88%", "10", "10", ""),
]


def _two_forms_page_each() -> Built:
    """Two forms of one unit, each on a page of its own (a page break between them)."""
    a = mof_project(
        year=2023,
        project="农村公路养护",
        dept="某县交通运输局",
        unit="某县公路养护中心",
        money=("320.00", "350.00", "343.00"),
        goals=("养护农村公路210公里，优良中等路率达到85%以上。", "养护农村公路212公里，优良中等路率86%。"),
        rows=ROAD_ROWS,
        attachment="附件2-1",
    )
    b = mof_project(
        year=2023,
        project="农村客运站运营补贴",
        dept="某县交通运输局",
        unit="某县道路运输服务中心",
        money=("60.00", "60.00", "60.00"),
        goals=("保障8个乡镇客运站正常运营。", "8个乡镇客运站全年正常运营。"),
        rows=BUS_ROWS,
        attachment="附件2-2",
    )
    return [*a[0], PAGE_BREAK, *b[0]], a[1] + b[1]


def _forms_a_page_same_heading() -> Built:
    """Two short forms of one unit without 附件 lines, a page each: the same title and year line at the
    same height on both pages, as a running head would stand."""

    def short(project: str, unit: str) -> Built:
        return mof_project(
            year=2023,
            project=project,
            dept="某县交通运输局",
            unit=unit,
            money=("60.00", "60.00", "60.00"),
            goals=("保障8个乡镇客运站正常运营。", "8个乡镇客运站全年正常运营。"),
            rows=BUS_ROWS,
            attachment=None,
        )

    a, b = short("农村客运站运营补贴", "某县道路运输服务中心"), short("城乡公交运营补贴", "某县公共交通公司")
    return [*a[0], PAGE_BREAK, *b[0]], a[1] + b[1]


CQ_ROWS = [  # 15 indicators of 6 points: long names wrap in the first column
    ("播发新闻稿件数量", "篇", "定量指标", "2200", "2859", "100", "6", "6", "是"),
    ("组织主题宣传活动次数", "次", "定量指标", "50", "45", "90", "6", "5.4", "是"),
    ("融媒体客户端日均活跃用户数", "人", "定量指标", "30000", "31200", "100", "6", "6", "否"),
    ("重大突发事件信息发布及时率", "%", "定量指标", "100", "100", "100", "6", "6", "是"),
    ("广播电视安全播出率", "%", "定量指标", "99.9", "99.95", "100", "6", "6", "是"),
    ("短视频作品发布数量", "条", "定量指标", "1200", "1356", "100", "6", "6", "否"),
    ("新闻作品获奖数量", "件", "定量指标", "5", "4", "80", "6", "4.8", "否"),
    ("预算完成率", "%", "定量指标", "90", "97.4", "100", "6", "6", "否"),
    ("资金使用合规性", "", "定性指标", "好", "好", "100", "6", "6", "否"),
    ("政府采购执行规范性", "", "定性指标", "规范", "规范", "100", "6", "6", "否"),
    ("固定资产利用率", "%", "定量指标", "85", "88", "100", "6", "6", "否"),
    ("舆论引导能力提升情况", "", "定性指标", "明显提升", "明显提升", "100", "6", "6", "是"),
    ("基层通讯员培训人次", "人次", "定量指标", "300", "320", "100", "6", "6", "否"),
    ("融媒体中心建设达标情况", "", "定性指标", "达标", "达标", "100", "6", "6", "否"),
    ("公众满意度", "%", "定量指标", "90", "85", "93.33", "6", "5.6", "是"),
]
CHONGQING_LONG = chongqing_long(
    name="某区融媒体中心",
    money=("1,250.00", "1,310.40", "1,276.33"),
    goals=(
        "做好全区新闻宣传和融媒体平台运行，保障单位正常运转。",
        "全年完成新闻宣传、融媒体平台运行等各项任务，履职目标全部实现。",
    ),
    rows=CQ_ROWS,
)
WATER_TITLED = mof_project(
    year=2023,
    project="农村供水保障工程",
    dept="某县水利局",
    unit="某县农村供水管理站",
    money=("1250.00", "1320.00", "1293.60"),
    goals=(WATER[1][0]["goal_expected"], WATER[1][0]["goal_actual"]),
    rows=WATER_ROWS,
    apart=True,
    apart_title="绩效指标完成情况",
)
WATER_APART = mof_project(
    year=2023,
    project="农村供水保障工程",
    dept="某县水利局",
    unit="某县农村供水管理站",
    money=("1250.00", "1320.00", "1293.60"),
    goals=(WATER[1][0]["goal_expected"], WATER[1][0]["goal_actual"]),
    rows=WATER_ROWS,
    apart=True,
)


# name → (what it is, the built forms, Word options, at least this many PDF pages)
SAMPLES: dict[str, tuple[str, Built, dict[str, Any], int]] = {
    "mof_three_pages.docx": (
        "财政部 2020 project form, 24 indicators under merged 一级/二级, long 偏差原因: three pages",
        WATER,
        {},
        3,
    ),
    "mof_landscape.docx": (
        "the same form on A4 landscape, a running head and a foot 第 N 页，共 M 页 on every page",
        WATER,
        {"landscape": True, "head_and_foot": "某县水利局2023年度项目支出绩效自评材料"},
        3,
    ),
    "mof_header_repeated.docx": (
        "财政部 2020 form, the indicator block a table of its own whose header row repeats on every page",
        WATER_APART,
        {"repeat_header": "一级指标"},
        3,
    ),
    "mof_two_header_rows.docx": (
        "财政部 2020 form, its indicator table headed by a title row and the column heads, both repeated on "
        "every page; landscape, cells centred both ways",
        WATER_TITLED,
        {"repeat_header": "绩效指标完成情况", "header_rows": 2, "centred": True, "landscape": True},
        3,
    ),
    "chongqing_long.docx": (
        "重庆 2021 部门整体绩效自评表, 15 indicators without 一级/二级 under a 绩效指标 corner: two pages",
        CHONGQING_LONG,
        {},
        2,
    ),
    "forms_a_page_same_heading.docx": (
        "two short 财政部 forms, a page each, no 附件 line: the same title at the same height on both pages",
        _forms_a_page_same_heading(),
        {},
        2,
    ),
    "mof_centred_rows_whole.docx": (
        "财政部 2020 form, 24 indicators, every cell centred both ways, rows that may not break over pages",
        WATER,
        {"centred": True, "cant_split": True},
        3,
    ),
    "sichuan_centred.docx": (
        "四川 2023 form with 21 indicators, cells centred both ways, rows whole on a page",
        SICHUAN_LONG,
        {"centred": True, "cant_split": True},
        3,
    ),
    "hunan_department_long.docx": (
        "湖南 部门整体支出绩效自评表, 按收入/支出性质分, 18 indicators, long reasons: two pages",
        ARCHIVES,
        {},
        2,
    ),
    "hunan_department.docx": ("湖南 部门整体支出绩效自评表 (one page), Word", HUNAN_DEPARTMENT, {}, 1),
    "jiangxi.docx": ("江西 2017: 分值 before targets, '30分' units, 评分标准; Word", JIANGXI, {}, 1),
    "sichuan_long.docx": (
        "四川 2023 form with 21 indicators and long 未完成原因分析: two pages and more",
        SICHUAN_LONG,
        {},
        2,
    ),
    "two_forms_page_each.docx": (
        "two 财政部 forms of one unit, each on a page of its own",
        _two_forms_page_each(),
        {},
        2,
    ),
}


def render_paged(
    blocks: Any,
    *,
    landscape: bool = False,
    repeat_header: str | None = None,
    header_rows: int = 1,
    centred: bool = False,
    cant_split: bool = False,
    head_and_foot: str | None = None,
) -> bytes:
    """``render_docx``, then: page breaks where :data:`PAGE_BREAK` stands, A4 landscape, the first row of
    each table starting with ``repeat_header`` (``header_rows`` rows) marked as header rows Word repeats on
    every page, every
    cell's text centred both ways (as many bureaus' templates set it), rows that may not break over pages,
    and ``head_and_foot``: a running head, and a foot ``第 N 页，共 M 页`` of page fields."""
    document = docx.Document(io.BytesIO(render_docx(blocks)))
    if head_and_foot:
        section = document.sections[0]
        section.header.paragraphs[0].text = head_and_foot
        foot = section.footer.paragraphs[0]
        for text in ("第 ", "PAGE", " 页，共 ", "NUMPAGES", " 页"):
            if text.isupper():
                field = OxmlElement("w:fldSimple")
                field.set(qn("w:instr"), text)
                run = OxmlElement("w:r")
                run_text = OxmlElement("w:t")
                run_text.text = "1"
                run.append(run_text)
                field.append(run)
                foot._p.append(field)
            else:
                foot.add_run(text)
    for table in document.tables:
        for tr in table._tbl.tr_lst:
            if cant_split:
                tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for tc in tr.tc_lst if centred else ():
                v_align = OxmlElement("w:vAlign")
                v_align.set(qn("w:val"), "center")
                tc.get_or_add_tcPr().append(v_align)
                for p in tc.iter(qn("w:p")):
                    jc = OxmlElement("w:jc")
                    jc.set(qn("w:val"), "center")
                    p.get_or_add_pPr().append(jc)
    for para in document.paragraphs:
        if para.text == PAGE_BREAK:
            for run in para.runs:
                run.text = ""
            para.runs[0].add_break(WD_BREAK.PAGE)
    if landscape:
        for section in document.sections:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
    for table in document.tables:
        if repeat_header and table.rows[0].cells[0].text == repeat_header:
            for row in table.rows[:header_rows]:
                tr_pr = row._tr.get_or_add_trPr()
                tr_pr.append(OxmlElement("w:tblHeader"))
                tr_pr[-1].set(qn("w:val"), "true")
    buf = io.BytesIO()
    document.save(buf)
    out = io.BytesIO()  # fixed member dates: rerunning gives the same bytes
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data
                )
            dst.writestr(
                zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


def drawn_word_forms(per_template: int = 2) -> dict[str, tuple[bytes, list[dict[str, Any]]]]:
    """Forms drawn at random over the shape samples' templates (``shape_forms.draw_form``: column orders,
    with and without 年初预算数, 部门整体 forms with each breakdown spelling, target tables) as Word files,
    portrait and landscape in turn, with their truths: name → (docx bytes, truths). Not written to
    ``samples/``: tests make them in a temporary folder, for the PDF and .doc twins of many more layouts."""
    import random

    from shape_forms import TEMPLATES, draw_form

    out: dict[str, tuple[bytes, list[dict[str, Any]]]] = {}
    for t, tpl in enumerate(TEMPLATES):
        styles = (None, "full", "noheader", "before") if tpl.kind == "department" else (None,)
        for style in styles:
            for seed in range(per_template):
                rng = random.Random(1000 * t + 17 * seed + len(style or ""))
                drawn = draw_form(rng, tpl, rng.choice([2021, 2022, 2023]), breakdown=style)
                name = f"drawn_{t}_{style or 'plain'}_{seed}.docx"
                blocks = _blocks_of(drawn.items)
                out[name] = (render_paged(blocks, landscape=seed % 2 == 1), [drawn.truth])
    return out


def _blocks_of(items: list[tuple[str, Any]]) -> Blocks:
    """Paragraphs and logical rows (``shape_forms``) → blocks: runs of rows a table, a short row's last
    cell spanning the rest of the grid (as Word forms do)."""
    blocks: Blocks = []
    rows: list[list[str]] = []
    for kind, body in [*items, ("p", None)]:
        if kind == "row":
            rows.append(body)
            continue
        if rows:
            width = max(len(r) for r in rows)
            blocks.append([[*r[:-1], C(r[-1], cols=width - len(r) + 1)] for r in rows])
            rows = []
        if body is not None:
            blocks.append(str(body))
    return blocks


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (quirk, built, options, pages) in SAMPLES.items():
        stem = name.rsplit(".", 1)[0]
        truth = {
            "sample": name,
            "family": "paged",
            "quirk": quirk,
            "made_by": "scripts/make_paged_samples.py",
            "min_pdf_pages": pages,
            "forms": built[1],
        }
        (OUT / f"{stem}.truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        (OUT / name).write_bytes(render_paged(built[0], **options))
    print(f"wrote {len(SAMPLES)} samples to {OUT}")


if __name__ == "__main__":
    main()
