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


def _c(name: str, type_: str, title: str, nullable: bool = True, description: str = "") -> Column:
    return Column(name, type_, title, nullable, description)


_FORM_FK = (("form_id", "forms", "form_id"),)
_DOC_FK = (("doc_id", "documents", "doc_id"),)

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "documents",
            "文件",
            (
                _c("doc_id", "string", "文件编号", False, "sha256 (hex) of the file's bytes"),
                _c("source_path", "string", "来源路径", False, "path relative to the input root"),
                _c("source_format", "string", "文件格式", False),
                _c("encoding", "string", "文本编码"),
                _c("status", "string", "状态", False, "ok | partial | failed | skipped (see error)"),
                _c("error", "string", "错误"),
                _c("form_count", "int", "表格数", False),
                _c("report_count", "int", "报告数", False),
                _c("coverage_pct", "float", "覆盖率(%)", False),
                _c("duplicate_of", "string", "重复于", description="source_path of the first copy"),
            ),
            primary_key=("doc_id", "source_path"),
            sort_key=("doc_id", "source_path"),
        ),
        TableSpec(
            "forms",
            "自评表",
            (
                _c("form_id", "string", "表编号", False),
                _c("doc_id", "string", "文件编号", False),
                _c("form_type", "string", "表类型", False, "department | project | target"),
                _c("attachment", "string", "附件"),
                _c("title", "string", "标题"),
                _c("fill_unit", "string", "填报单位"),
                _c("year", "int", "年度"),
                _c("department", "string", "预算部门名称"),
                _c("project", "string", "项目支出名称"),
                _c("competent_department", "string", "主管部门"),
                _c("implementing_unit", "string", "实施单位"),
                _c("goal_expected", "string", "预期目标"),
                _c("goal_actual", "string", "实际完成情况"),
                _c("total_weight", "float", "总分分值"),
                _c("total_score", "float", "总分得分"),
                _c("computed_score", "float", "计算得分"),
                _c("location", "string", "位置"),
            ),
            primary_key=("form_id",),
            sort_key=("doc_id", "form_id"),
            foreign_keys=_DOC_FK,
        ),
        TableSpec(
            "funds",
            "资金",
            (
                _c("form_id", "string", "表编号", False),
                _c("line", "string", "资金项", False),
                _c("label", "string", "标签"),
                _c("budget_initial_yuan", "money", "年初预算数(元)"),
                _c("budget_full_year_yuan", "money", "全年预算数(元)"),
                _c("executed_yuan", "money", "全年执行数(元)"),
                _c("weight", "float", "分值"),
                _c("execution_rate_pct", "float", "执行率(%)"),
                _c("score", "float", "得分"),
            ),
            primary_key=("form_id", "line"),
            sort_key=("form_id", "line"),
            foreign_keys=_FORM_FK,
        ),
        TableSpec(
            "fund_breakdown",
            "资金构成",
            (
                _c("form_id", "string", "表编号", False),
                _c("basis", "string", "分类", False, "income | expenditure"),
                _c("line", "string", "项目", False),
                _c("label", "string", "标签"),
                _c("amount_yuan", "money", "金额(元)"),
            ),
            primary_key=("form_id", "basis", "line"),
            sort_key=("form_id", "basis", "line"),
            foreign_keys=_FORM_FK,
        ),
        TableSpec(
            "indicators",
            "绩效指标",
            (
                _c("form_id", "string", "表编号", False),
                _c("seq", "int", "序号", False),
                _c("level1", "string", "一级指标"),
                _c("level1_weight", "float", "一级指标分值"),
                _c("level2", "string", "二级指标"),
                _c("level3", "string", "三级指标"),
                _c("target_raw", "string", "年度指标值"),
                _c("target_op", "string", "目标运算符"),
                _c("target_value", "float", "目标值"),
                _c("target_unit", "string", "目标单位"),
                _c("actual_raw", "string", "实际完成值"),
                _c("actual_op", "string", "完成值运算符"),
                _c("actual_value", "float", "完成值"),
                _c("actual_unit", "string", "完成值单位"),
                _c("weight", "float", "分值"),
                _c("score", "float", "得分"),
                _c("deviation_reason", "string", "偏差原因分析及改进措施"),
                _c("location", "string", "位置"),
                _c(
                    "target_met",
                    "bool",
                    "是否达标",
                    description="actual meets target; null: not compared",
                ),
                _c("target_comparison", "string", "达标比较", description="comparison used: 98.5 >= 95"),
            ),
            primary_key=("form_id", "seq"),
            sort_key=("form_id", "seq"),
            foreign_keys=_FORM_FK,
        ),
        TableSpec(
            "report_sections",
            "自评报告",
            (
                _c("doc_id", "string", "文件编号", False),
                _c("attachment", "string", "附件"),
                _c("report_title", "string", "报告标题"),
                _c("seq", "int", "序号", False),
                _c("numbering", "string", "编号"),
                _c("level", "int", "层级", False),
                _c("heading", "string", "标题"),
                _c("text", "string", "正文"),
                _c("location", "string", "位置"),
            ),
            primary_key=("doc_id", "attachment", "seq"),
            sort_key=("doc_id", "attachment", "seq"),
            foreign_keys=_DOC_FK,
        ),
        TableSpec(
            "values",
            "取值明细",
            (
                _c("form_id", "string", "表编号", False),
                _c("table", "string", "所属表", False),
                _c("row_key", "string", "行键", False),
                _c("field", "string", "字段", False),
                _c("raw", "string", "原文"),
                _c("value", "string", "取值"),
                _c("unit_written", "string", "书写单位"),
                _c("status", "string", "状态", False),
                _c("repairs", "string", "修复说明"),
                _c("location", "string", "位置"),
            ),
            primary_key=("form_id", "table", "row_key", "field"),
            sort_key=("form_id", "table", "row_key", "field"),
            foreign_keys=_FORM_FK,
        ),
        TableSpec(
            "anomalies",
            "异常",
            (
                _c("doc_id", "string", "文件编号", False),
                _c("form_id", "string", "表编号"),
                _c("rule", "string", "规则", False),
                _c("severity", "string", "严重程度", False, "error | warning | info"),
                _c("message", "string", "说明", False),
                _c("expected", "string", "应为"),
                _c("observed", "string", "实为"),
                _c("location", "string", "位置"),
            ),
            primary_key=(),
            sort_key=("doc_id", "form_id", "rule", "location", "message"),
            foreign_keys=_DOC_FK,
        ),
        TableSpec(
            "facts",
            "报告中的金额",
            (
                _c("doc_id", "string", "文件编号", False),
                _c("attachment", "string", "附件"),
                _c("seq", "int", "序号", False),
                _c("subject", "string", "事项"),
                _c("raw", "string", "原文", False),
                _c("amount_yuan", "money", "金额(元)"),
                _c("unit_written", "string", "书写单位"),
                _c("status", "string", "状态", False),
                _c("sentence", "string", "所在句子"),
                _c("location", "string", "位置"),
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
                _c("doc_id", "string", "文件编号", False),
                _c("seq", "int", "序号", False),
                _c("context", "string", "上下文", description="attachment or form the text sat in"),
                _c("text", "string", "文本", False),
                _c("location", "string", "位置"),
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
    _c("unit_id", "string", "单位编号", description="units.unit_id: the same unit in every year and run"),
    _c("project_id", "string", "项目编号", description="projects.project_id (project forms)"),
    _c(
        "region_code", "string", "行政区划代码", description="6-digit code of the unit's province/city/county"
    ),
    _c("year", "int", "年度", description="the form's year"),
)


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
                _c("unit_id", "string", "单位编号", False, "U + 12 hex: stable across years, runs and order"),
                _c("name", "string", "单位名称", False, "the department form's name of the latest year"),
                _c("short_name", "string", "简称"),
                _c("region_code", "string", "行政区划代码"),
                _c("province", "string", "省"),
                _c("city", "string", "市"),
                _c("county", "string", "区县"),
                _c("first_year", "int", "首年"),
                _c("last_year", "int", "末年"),
                _c("name_count", "int", "名称写法数", False),
            ),
            primary_key=("unit_id",),
            sort_key=("unit_id",),
            description="One row per unit, linked across names and years (see links)",
        ),
        TableSpec(
            "projects",
            "项目",
            (
                _c("project_id", "string", "项目编号", False, "P + 12 hex: stable across years and runs"),
                _c("unit_id", "string", "单位编号", False),
                _c("name", "string", "项目名称", False, "without budget-code or year prefix"),
                _c("project_code", "string", "项目编码", description="budget-code prefix, latest seen"),
                _c("first_year", "int", "首年"),
                _c("last_year", "int", "末年"),
            ),
            primary_key=("project_id",),
            sort_key=("unit_id", "project_id"),
            foreign_keys=(("unit_id", "units", "unit_id"),),
        ),
        TableSpec(
            "links",
            "名称关联",
            (
                _c("kind", "string", "类别", False, "unit | project"),
                _c("name", "string", "名称", False, "as normalised"),
                _c("scope", "string", "范围", description="region code (unit) or unit_id (project)"),
                _c("target_id", "string", "关联编号", False),
                _c("target_name", "string", "关联名称"),
                _c(
                    "method",
                    "string",
                    "方法",
                    False,
                    "name | abbreviation | fuzzy | projects_overlap | override | seed",
                ),
                _c("score", "float", "相似度"),
                _c(
                    "status",
                    "string",
                    "状态",
                    False,
                    "merged | candidate (below the threshold: never merged)",
                ),
                _c("evidence", "string", "依据"),
            ),
            primary_key=(),
            sort_key=("kind", "status", "target_id", "name", "scope", "method", "evidence"),
            description="How each name was linked to its id, with the evidence; candidates are not merges",
        ),
    )
)
