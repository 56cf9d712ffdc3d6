"""The anomaly rule catalogue: every ``anomalies.rule`` id, its severity, Chinese name and what it checks.

The repair catalogue (``normalize.amount_repairs.REPAIR_DESCRIPTIONS``) names what was changed; this one
names what was checked. Reviewers read the Chinese; the English id stays in its own column.
"""

from __future__ import annotations

from dataclasses import dataclass

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True, slots=True)
class Rule:
    rule_id: str
    severity: str  # error | warning | info (the usual one; a check may report another)
    name_zh: str
    description: str


# rule id | usual severity | Chinese name | what it checks
_TABLE = """
value.invalid | error | 数值无法识别 | A cell meant to hold a number could not be read as one.
value.ambiguous | error | 数值有多种读法 | A figure admits several readings and nothing settles one.
value.glued_neighbour | error | 数字疑与相邻空格粘连 | A figure may hold its blank neighbour's; no one cut.
value.ambiguous_resolved | info | 多种读法已由勾稽关系确定 | Settled by an identity of the document.
value.decimal_comma | info | 千分位逗号疑为小数点 | 100,017 fails an identity that 100.017 keeps.
value.repaired | info | 数值经修复后读取 | A cell was read after named text repairs (stray separators …).
unit.mislabeled | warning | 金额单位疑似写错 | The written unit (元/万元) disagrees with the figures.
unit.uncertain | error | 金额单位无法确定 | Unit evidence is missing or split; the cell is left unread.
unit.inferred | info | 未写单位已依证据确定 | No unit was written; digits and the report settled it.
unit.conflicting | warning | 金额单位前后矛盾 | Two different money units are declared on one form.
score.total | warning | 总分与各项得分之和不符 | 总分 differs from the sum of the indicators' 得分.
weight.total | warning | 分值合计不为100 | The indicators' 分值 do not add up to the form's total.
total.unplaced | warning | 总分行数字无法确定列 | A lone 总分 figure that is neither 分值 nor 得分 for sure.
weight.group | warning | 分组分值与明细不符 | A group's 分值 differs from the sum of its members.
indicator.score_exceeds_weight | warning | 得分超过分值 | An indicator scored more than its 分值.
indicator.missed_full_score | warning | 未达指标值却得满分 | Actual value misses the target, yet full marks.
target.ambiguous | warning | 指标值有多种读法 | A count with three decimals (1.200人): unread.
indicator.unplaced_cells | warning | 指标行单元格无法对应到列 | Cells of an indicator row no column can own.
indicator.missed_no_reason | warning | 未达指标值且未说明偏差原因 | A missed target with no 偏差原因分析.
funds.rate_full_score | warning | 执行率未达100%却得满分 | 预算执行率 below 100% scored the full 分值.
funds.execution_rate | warning | 执行率与执行数/预算数不符 | 执行率 ≠ 全年执行数 / 全年预算数.
funds.score | warning | 预算执行得分与执行率不符 | 得分 ≠ 分值 × 执行率 where the form scores so.
funds.lines_sum | warning | 资金来源合计不符 | 年度资金总额 ≠ 当年财政拨款 + 上年结转 + 其他资金.
funds.breakdown_columns | warning | 收支性质分项分列填写未取值 | A breakdown in money columns: no amount read.
funds.basic_sum | warning | 基本支出与项目支出合计不符 | 基本支出 + 项目支出 ≠ the total.
funds.breakdown_sum | warning | 收支性质分项合计不符 | A 按收入/支出性质分 breakdown ≠ its total.
cross.project_executed | warning | 部门项目支出与项目表合计不符 | 项目支出 ≠ the sum of project forms.
funds.score_on_sub_line | warning | 分值得分写在资金分项行 | Sub-line 分值/得分, the total's blank: unread.
funds.glued_figures | warning | 资金数字粘连无法拆分 | A money line's figures run together; no single split.
funds.unplaced_figures | warning | 资金数字无法对应到列 | A money line's figures that no column can own.
funds.unread_line | warning | 资金行不在词表中 | A money line no contract line fits (非财政拨款): a residual.
funds.header_unread | warning | 资金表头子列无法确定 | A money header's sub-labels name no column: unread.
funds.duplicate_line | warning | 资金行重复出现 | A money line seen twice in a form: the second unread.
document.year_span | warning | 年度为区间 | The form's year is a span (2021-2023年度): year null.
document.note | info | 读取说明 | Something the reader noticed about the file itself.
"""
_RULES = tuple(Rule(*(part.strip() for part in line.split(" | "))) for line in _TABLE.strip().splitlines())

RULES: dict[str, Rule] = {r.rule_id: r for r in _RULES}


def rule_name_zh(rule_id: str) -> str:
    """The Chinese name of a rule, or the id itself when the catalogue lacks it.

    >>> rule_name_zh("score.total")
    '总分与各项得分之和不符'
    """
    rule = RULES.get(rule_id)
    return rule.name_zh if rule else rule_id


def severity_zh(severity: str) -> str:
    """The Chinese word for a severity, or the value itself when it is not one of ours.

    >>> severity_zh("error"), severity_zh("warning"), severity_zh("info")
    ('错误', '警告', '提示')
    """
    return SEVERITY_ZH.get(severity, severity)
