"""Contract v1 (``shared/spec/tables.md``) as data: every table, column, type and Chinese title.

Types: ``string``, ``int``, ``float``, ``money`` (exact Decimal in 元, 2 places; Parquet
``decimal128(18,2)``), ``bool``. ``nullable`` columns may be empty (null), never 0 for "missing".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

CONTRACT_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # string | int | float | money | bool
    title: str  # Chinese title for workbooks, pages and datapackage.json
    nullable: bool = True
    description: str = ""


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    title: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    sort_key: tuple[str, ...]  # rows are written in this order, so reruns are byte-identical
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, table, column)
    description: str = ""

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")


_FORM_FK = (("form_id", "forms", "form_id"),)
_DOC_FK = (("doc_id", "documents", "doc_id"),)

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "documents",
            "文件",
            (
                Column("doc_id", "string", "文件编号", False, "sha256 (hex) of the file's bytes"),
                Column("source_path", "string", "来源路径", False, "path relative to the input root"),
                Column("source_format", "string", "文件格式", False),
                Column("encoding", "string", "文本编码"),
                Column("status", "string", "状态", False, "ok | partial | failed | skipped (see error)"),
                Column("error", "string", "错误"),
                Column("form_count", "int", "表格数", False),
                Column("report_count", "int", "报告数", False),
                Column("coverage_pct", "float", "覆盖率(%)", False),
                Column("duplicate_of", "string", "重复于", description="source_path of the first copy"),
            ),
            primary_key=("doc_id", "source_path"),
            sort_key=("doc_id", "source_path"),
        ),
        TableSpec(
            "forms",
            "自评表",
            (
                Column("form_id", "string", "表编号", False),
                Column("doc_id", "string", "文件编号", False),
                Column("form_type", "string", "表类型", False, "department | project | target"),
                Column("attachment", "string", "附件"),
                Column("title", "string", "标题"),
                Column("fill_unit", "string", "填报单位"),
                Column("year", "int", "年度"),
                Column("department", "string", "预算部门名称"),
                Column("project", "string", "项目支出名称"),
                Column("competent_department", "string", "主管部门"),
                Column("implementing_unit", "string", "实施单位"),
                Column("goal_expected", "string", "预期目标"),
                Column("goal_actual", "string", "实际完成情况"),
                Column("total_weight", "float", "总分分值"),
                Column("total_score", "float", "总分得分"),
                Column("computed_score", "float", "计算得分"),
                Column("location", "string", "位置"),
            ),
            primary_key=("form_id",),
            sort_key=("doc_id", "form_id"),
            foreign_keys=_DOC_FK,
        ),
        TableSpec(
            "funds",
            "资金",
            (
                Column("form_id", "string", "表编号", False),
                Column("line", "string", "资金项", False),
                Column("label", "string", "标签"),
                Column("budget_initial_yuan", "money", "年初预算数(元)"),
                Column("budget_full_year_yuan", "money", "全年预算数(元)"),
                Column("executed_yuan", "money", "全年执行数(元)"),
                Column("weight", "float", "分值"),
                Column("execution_rate_pct", "float", "执行率(%)"),
                Column("score", "float", "得分"),
            ),
            primary_key=("form_id", "line"),
            sort_key=("form_id", "line"),
            foreign_keys=_FORM_FK,
        ),
        TableSpec(
            "fund_breakdown",
            "资金构成",
            (
                Column("form_id", "string", "表编号", False),
                Column("basis", "string", "分类", False, "income | expenditure"),
                Column("line", "string", "项目", False),
                Column("label", "string", "标签"),
                Column("amount_yuan", "money", "金额(元)"),
            ),
            primary_key=("form_id", "basis", "line"),
            sort_key=("form_id", "basis", "line"),
            foreign_keys=_FORM_FK,
        ),
        TableSpec(
            "indicators",
            "绩效指标",
            (
                Column("form_id", "string", "表编号", False),
                Column("seq", "int", "序号", False),
                Column("level1", "string", "一级指标"),
                Column("level1_weight", "float", "一级指标分值"),
                Column("level2", "string", "二级指标"),
                Column("level3", "string", "三级指标"),
                Column("target_raw", "string", "年度指标值"),
                Column("target_op", "string", "目标运算符"),
                Column("target_value", "float", "目标值"),
                Column("target_unit", "string", "目标单位"),
                Column("actual_raw", "string", "实际完成值"),
                Column("actual_op", "string", "完成值运算符"),
                Column("actual_value", "float", "完成值"),
                Column("actual_unit", "string", "完成值单位"),
                Column("weight", "float", "分值"),
                Column("score", "float", "得分"),
                Column("deviation_reason", "string", "偏差原因分析及改进措施"),
                Column("location", "string", "位置"),
                Column(
                    "target_met",
                    "bool",
                    "是否达标",
                    description="actual meets target; null: not compared",
                ),
                Column("target_comparison", "string", "达标比较", description="comparison used: 98.5 >= 95"),
            ),
            primary_key=("form_id", "seq"),
            sort_key=("form_id", "seq"),
            foreign_keys=_FORM_FK,
        ),
        TableSpec(
            "report_sections",
            "自评报告",
            (
                Column("doc_id", "string", "文件编号", False),
                Column("attachment", "string", "附件"),
                Column("report_title", "string", "报告标题"),
                Column("seq", "int", "序号", False),
                Column("numbering", "string", "编号"),
                Column("level", "int", "层级", False),
                Column("heading", "string", "标题"),
                Column("text", "string", "正文"),
                Column("location", "string", "位置"),
            ),
            primary_key=("doc_id", "attachment", "seq"),
            sort_key=("doc_id", "attachment", "seq"),
            foreign_keys=_DOC_FK,
        ),
        TableSpec(
            "values",
            "取值明细",
            (
                Column("form_id", "string", "表编号", False),
                Column("table", "string", "所属表", False),
                Column("row_key", "string", "行键", False),
                Column("field", "string", "字段", False),
                Column("raw", "string", "原文"),
                Column("value", "string", "取值"),
                Column("unit_written", "string", "书写单位"),
                Column("status", "string", "状态", False),
                Column("repairs", "string", "修复说明"),
                Column("location", "string", "位置"),
            ),
            primary_key=("form_id", "table", "row_key", "field"),
            sort_key=("form_id", "table", "row_key", "field"),
            foreign_keys=_FORM_FK,
        ),
        TableSpec(
            "anomalies",
            "异常",
            (
                Column("doc_id", "string", "文件编号", False),
                Column("form_id", "string", "表编号"),
                Column("rule", "string", "规则", False),
                Column("severity", "string", "严重程度", False, "error | warning | info"),
                Column("message", "string", "说明", False),
                Column("expected", "string", "应为"),
                Column("observed", "string", "实为"),
                Column("location", "string", "位置"),
            ),
            primary_key=(),
            sort_key=("doc_id", "form_id", "rule", "location", "message"),
            foreign_keys=_DOC_FK,
        ),
        TableSpec(
            "facts",
            "报告中的金额",
            (
                Column("doc_id", "string", "文件编号", False),
                Column("attachment", "string", "附件"),
                Column("seq", "int", "序号", False),
                Column("subject", "string", "事项"),
                Column("raw", "string", "原文", False),
                Column("amount_yuan", "money", "金额(元)"),
                Column("unit_written", "string", "书写单位"),
                Column("status", "string", "状态", False),
                Column("sentence", "string", "所在句子"),
                Column("location", "string", "位置"),
            ),
            primary_key=("doc_id", "attachment", "seq"),
            sort_key=("doc_id", "attachment", "seq"),
            foreign_keys=_DOC_FK,
            description="Money amounts stated in the narrative reports, with their subject",
        ),
        TableSpec(
            "residuals",
            "未归位文本",
            (
                Column("doc_id", "string", "文件编号", False),
                Column("seq", "int", "序号", False),
                Column("context", "string", "上下文", description="attachment or form the text sat in"),
                Column("text", "string", "文本", False),
                Column("location", "string", "位置"),
            ),
            primary_key=("doc_id", "seq"),
            sort_key=("doc_id", "seq"),
            foreign_keys=_DOC_FK,
            description="Source text the segmenter could not place in a field; kept, never dropped",
        ),
    )
}

# --- Panel: unit / project / region / year on the fact tables, and the dimension tables -----------------
# Filled at close over all documents (jixiao.emit.panel.link_staged), never per document: ids depend on
# every document of the run. Kept in this one block. NOTE: keep in sync with normalize.entities.
PANEL_FACT_TABLES = ("forms", "funds", "indicators", "anomalies")
PANEL_DIMENSION_TABLES = ("units", "projects", "links")
_PANEL_COLUMNS = (
    Column("unit_id", "string", "单位编号", description="units.unit_id: the same unit in every year and run"),
    Column("project_id", "string", "项目编号", description="projects.project_id (project forms)"),
    Column(
        "region_code", "string", "行政区划代码", description="6-digit code of the unit's province/city/county"
    ),
    Column("year", "int", "年度", description="the form's year"),
)
PANEL_COLUMNS = tuple(c.name for c in _PANEL_COLUMNS)


for _name in PANEL_FACT_TABLES:
    _spec = TABLES[_name]
    _extra = tuple(c for c in _PANEL_COLUMNS if c.name not in _spec.names)
    TABLES[_name] = replace(_spec, columns=_spec.columns + _extra)

TABLES.update(
    (t.name, t)
    for t in (
        TableSpec(
            "units",
            "单位",
            (
                Column(
                    "unit_id", "string", "单位编号", False, "U + 12 hex: stable across years, runs and order"
                ),
                Column("name", "string", "单位名称", False, "the department form's name of the latest year"),
                Column("short_name", "string", "简称"),
                Column("region_code", "string", "行政区划代码"),
                Column("province", "string", "省"),
                Column("city", "string", "市"),
                Column("county", "string", "区县"),
                Column("first_year", "int", "首年"),
                Column("last_year", "int", "末年"),
                Column("name_count", "int", "名称写法数", False),
            ),
            primary_key=("unit_id",),
            sort_key=("unit_id",),
            description="One row per unit, linked across names and years (see links)",
        ),
        TableSpec(
            "projects",
            "项目",
            (
                Column("project_id", "string", "项目编号", False, "P + 12 hex: stable across years and runs"),
                Column("unit_id", "string", "单位编号", False),
                Column("name", "string", "项目名称", False, "without budget-code or year prefix"),
                Column("project_code", "string", "项目编码", description="budget-code prefix, latest seen"),
                Column("first_year", "int", "首年"),
                Column("last_year", "int", "末年"),
            ),
            primary_key=("project_id",),
            sort_key=("unit_id", "project_id"),
            foreign_keys=(("unit_id", "units", "unit_id"),),
        ),
        TableSpec(
            "links",
            "名称关联",
            (
                Column("kind", "string", "类别", False, "unit | project"),
                Column("name", "string", "名称", False, "as normalised"),
                Column("scope", "string", "范围", description="region code (unit) or unit_id (project)"),
                Column("target_id", "string", "关联编号", False),
                Column("target_name", "string", "关联名称"),
                Column(
                    "method",
                    "string",
                    "方法",
                    False,
                    "name | abbreviation | fuzzy | projects_overlap | override | seed",
                ),
                Column("score", "float", "相似度"),
                Column(
                    "status",
                    "string",
                    "状态",
                    False,
                    "merged | candidate (below the threshold: never merged)",
                ),
                Column("evidence", "string", "依据"),
            ),
            primary_key=(),
            sort_key=("kind", "status", "target_id", "name", "scope", "method", "evidence"),
            description="How each name was linked to its id, with the evidence; candidates are not merges",
        ),
    )
)
