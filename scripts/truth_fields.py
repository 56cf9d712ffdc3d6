"""The fields a sample's truth file holds (contract column names): written by the sample scripts, judged by
``bench/templates.py``. One list, so a field added to the truth is also compared.

The order is the key order of the truth files (a form's ``funds`` and ``indicators`` follow its fields).
"""

from __future__ import annotations

FORM_FIELDS = (
    "attachment",
    "title",
    "year",
    "fill_unit",
    "department",
    "project",
    "competent_department",
    "implementing_unit",
    "goal_expected",
    "goal_actual",
    "total_weight",
    "total_score",
    "form_type",
)
FUND_FIELDS = (
    "budget_initial_yuan",
    "budget_full_year_yuan",
    "executed_yuan",
    "weight",
    "execution_rate_pct",
    "score",
)
BREAKDOWN_FIELDS = ("label", "amount_yuan")  # judged where a truth form has "breakdown" (basis.line → fields)
INDICATOR_FIELDS = (
    "level1",
    "level1_weight",
    "level2",
    "level3",
    "target_raw",
    "target_op",
    "target_value",
    "target_unit",
    "actual_raw",
    "weight",
    "score",
    "deviation_reason",
)
