"""Accuracy cases for money parsing: (raw, declared unit, truth in 元 or None, family).

Truth is what a careful human reads from the cell and its column alone. ``None`` means no single number
may be reported: the cell is blank, not money, or admits several readings that only context can settle.
Where context settles it (the sample's ``79.98852.24``), the truth is the contextual value and a parser
that leaves the cell unread *abstains*. A figure that is not whole cents (``79.9885224万元``) has its exact
value as truth: a bound that holds it (jixiao's ``approximate`` floor and ceiling) is correct, a figure
rounded to the cent and presented as exact is wrong.

``DOC_CASES`` are whole documents (tiny forms in the sample's TAB grammar, or the sample with a quirk
planted) for the reconciliation: the adversarial families of issue 19 — a coincidence in the same row or
in another form, swapped columns, sub-cent evidence, one-sibling unit votes, a mislabeled header confirmed
by the report, a unit line that was not attached — with the truth of each money cell of 年度资金总额.

NOTE: ``2410248.04万元`` is a clerk's slip for 元, but the text says 万元: the parser must read what is
written (truth = 24102480400.00) and the reconciliation flags the implausible figure. It is here so that
the table shows every library agrees on the literal reading.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

D = Decimal

# (raw, declared unit, truth 元, family)
CASES: list[tuple[str, str | None, Decimal | None, str]] = [
    # --- the sample (lukou_xunchaban_2023) ---
    ("3,20.6,71591", "万元", D("3206715.91"), "sample"),
    ("3,21.0,13328", "万元", D("3210133.28"), "sample"),
    ("3,21.0,08126", "万元", D("3210081.26"), "sample"),
    ("321.013328", "万元", D("3210133.28"), "sample"),
    ("241.024804", "万元", D("2410248.04"), "sample"),
    ("79.988524", "万元", D("799885.24"), "sample"),
    ("79.98852.24", "万元", D("799885.24"), "sample"),
    ("\u300080", "万元", D("800000.00"), "sample"),
    ("", "万元", None, "sample"),
    ("\u3000", "万元", None, "sample"),
    ("2410248.04万元", None, D("24102480400.00"), "sample"),
    # --- plain and well-grouped --------------------------------------------------------------------------
    ("80", None, D("80.00"), "plain"),
    ("80", "万元", D("800000.00"), "plain"),
    ("0", "万元", D("0.00"), "plain"),
    ("0.5", "万元", D("5000.00"), "plain"),
    ("12.34", None, D("12.34"), "plain"),
    ("1234567.89", None, D("1234567.89"), "plain"),
    ("1,234,567.89", None, D("1234567.89"), "plain"),
    ("1,000", None, D("1000.00"), "plain"),
    ("1,000", "万元", D("10000000.00"), "plain"),
    ("12,345.678901", "万元", D("123456789.01"), "plain"),
    ("0.01", None, D("0.01"), "plain"),
    ("100.000000", "万元", D("1000000.00"), "plain"),
    ("3.5", "千元", D("3500.00"), "plain"),
    ("0.25", "亿元", D("25000000.00"), "plain"),
    ("007", None, D("7.00"), "plain"),
    ("\n\t80.5\u3000\n", "万元", D("805000.00"), "plain"),
    ("\u3000\n\u3000100", "万元", D("1000000.00"), "plain"),
    # --- separators in the wrong places ---
    ("1,2345.67", None, D("12345.67"), "separators"),
    ("12,34.56", None, D("1234.56"), "separators"),
    ("1,23,456.78", None, D("123456.78"), "separators"),
    ("3,21.0,13", "万元", D("3210130.00"), "separators"),
    ("12,345,67", None, None, "separators"),
    ("1234,56", None, None, "separators"),
    ("1,5", "万元", None, "separators"),
    ("1,2345", None, None, "separators"),
    ("1,,000", None, D("1000.00"), "separators"),
    ("1..5", "万元", D("15000.00"), "separators"),
    ("80.", "万元", D("800000.00"), "separators"),
    (".5", "万元", D("5000.00"), "separators"),
    ("1,000,", None, D("1000.00"), "separators"),
    ("1,234.5,6", None, D("1234.56"), "separators"),
    # --- several decimal points ---
    ("12.345.67", None, None, "points"),
    ("1.2.3", None, None, "points"),
    ("12.34.56", "万元", None, "points"),
    ("3.3.5", None, None, "points"),
    ("100.00.00", None, None, "points"),
    ("1.2.3.4.5.6", None, None, "points"),
    # --- spaces and line breaks inside ---
    ("1 234 567.89", None, D("1234567.89"), "whitespace"),
    ("3,21.0,\n13328", "万元", D("3210133.28"), "whitespace"),
    ("321.01\n3328", "万元", D("3210133.28"), "whitespace"),
    ("12 345", None, D("12345.00"), "whitespace"),
    ("80 万元", None, D("800000.00"), "whitespace"),
    ("80\n万元", None, D("800000.00"), "whitespace"),
    ("1\u3000000", None, D("1000.00"), "whitespace"),
    ("\u200b80", None, D("80.00"), "whitespace"),
    # --- full-width and 。 ---------------------------------------------------------------------------------
    ("３２１．０１", None, D("321.01"), "fullwidth"),
    ("１，０００", None, D("1000.00"), "fullwidth"),
    ("１２３４５６７．８９", None, D("1234567.89"), "fullwidth"),
    ("８０万元", None, D("800000.00"), "fullwidth"),
    ("３,２１.０,１３３２８", "万元", D("3210133.28"), "fullwidth"),
    ("321。01", None, D("321.01"), "fullwidth"),
    ("80万元。", None, D("800000.00"), "fullwidth"),
    ("１．５亿元", None, D("150000000.00"), "fullwidth"),
    ("（５．２）", None, D("-5.20"), "fullwidth"),
    ("￥１００", None, D("100.00"), "fullwidth"),
    # --- European grouping ---
    ("1.234.567,89", None, D("1234567.89"), "european"),
    ("1.234,56", None, D("1234.56"), "european"),
    ("12.345.678", None, D("12345678.00"), "european"),
    ("1.234,5", "万元", None, "european"),  # European 1234.5万, or 1.2345万 with a stray comma
    ("1.234", None, None, "european"),
    # --- scientific notation ---
    ("3.21013328E+06", None, D("3210133.28"), "scientific"),
    ("1.5E+08", None, D("150000000.00"), "scientific"),
    ("1.5e3", None, D("1500.00"), "scientific"),
    ("2.41024804E+02", "万元", D("2410248.04"), "scientific"),
    ("8E+05", None, D("800000.00"), "scientific"),
    # --- units written and declared ---
    ("80元", "万元", D("80.00"), "units"),
    ("80万元", "元", D("800000.00"), "units"),
    ("80万", None, D("800000.00"), "units"),
    ("80万元整", None, D("800000.00"), "units"),
    ("1.5亿元", None, D("150000000.00"), "units"),
    ("1.5亿", None, D("150000000.00"), "units"),
    ("12千元", None, D("12000.00"), "units"),
    ("3千万元", None, D("30000000.00"), "units"),
    ("1亿2000万元", None, D("120000000.00"), "units"),
    ("321.013328万元", None, D("3210133.28"), "units"),
    ("3210133.28元", "万元", D("3210133.28"), "units"),
    ("¥1,000.00", None, D("1000.00"), "units"),
    ("￥80", None, D("80.00"), "units"),
    ("人民币80万元", None, D("800000.00"), "units"),
    ("RMB 1,000", None, D("1000.00"), "units"),
    ("5元8角", None, D("5.80"), "units"),
    ("12.5万元", None, D("125000.00"), "units"),
    ("0.8万元", None, D("8000.00"), "units"),
    ("3万5", None, None, "units"),
    ("3万5元", None, D("30005.00"), "units"),
    ("2000万1亿", None, None, "units"),
    # --- Chinese numerals and financial capitals ---
    ("六十三万元", None, D("630000.00"), "chinese"),
    ("两万元", None, D("20000.00"), "chinese"),
    ("十万元", None, D("100000.00"), "chinese"),
    ("一百二十万元", None, D("1200000.00"), "chinese"),
    ("三千五百元", None, D("3500.00"), "chinese"),
    ("一点五亿元", None, D("150000000.00"), "chinese"),
    ("五十万", None, D("500000.00"), "chinese"),
    ("一千零五元", None, D("1005.00"), "chinese"),
    ("六十三", "万元", D("630000.00"), "chinese"),
    ("壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分", None, D("1234567.89"), "chinese"),
    ("人民币叁仟伍佰元整", None, D("3500.00"), "chinese"),
    ("壹万元整", None, D("10000.00"), "chinese"),
    ("叁佰元零伍分", None, D("300.05"), "chinese"),
    ("伍角", None, D("0.50"), "chinese"),
    ("貳仟元", None, D("2000.00"), "chinese"),
    ("玖拾万元", None, D("900000.00"), "chinese"),
    ("壹亿贰仟万元", None, D("120000000.00"), "chinese"),
    ("拾万元整", None, D("100000.00"), "chinese"),
    # --- approximations (truth: the written figure, the lower bound) ---
    ("63万余元", None, D("630000.00"), "approximate"),
    ("100余万元", None, D("1000000.00"), "approximate"),
    ("30多万元", None, D("300000.00"), "approximate"),
    ("约1.5亿元", None, D("150000000.00"), "approximate"),
    ("近50万元", None, D("500000.00"), "approximate"),
    ("逾百万元", None, D("1000000.00"), "approximate"),
    ("超过200万元", None, D("2000000.00"), "approximate"),
    ("1.5万元左右", None, D("15000.00"), "approximate"),
    ("约人民币1.5亿元", None, D("150000000.00"), "approximate"),
    ("50-60万元", None, D("500000.00"), "approximate"),
    ("50至60万元", None, D("500000.00"), "approximate"),
    ("十余万元", None, D("100000.00"), "approximate"),
    ("将近30万元", None, D("300000.00"), "approximate"),
    ("大约80万元", None, D("800000.00"), "approximate"),
    ("约80", "万元", D("800000.00"), "approximate"),
    # --- negatives ---
    ("-5.2", None, D("-5.20"), "negative"),
    ("−5.2", None, D("-5.20"), "negative"),
    ("-5.2", "万元", D("-52000.00"), "negative"),
    ("(5.2)", None, D("-5.20"), "negative"),
    ("（5.2）", "万元", D("-52000.00"), "negative"),
    ("△5.2", None, D("-5.20"), "negative"),
    ("△1,000", None, D("-1000.00"), "negative"),
    ("负5万元", None, D("-50000.00"), "negative"),
    ("-1,234.56", None, D("-1234.56"), "negative"),
    ("(1,000)", None, D("-1000.00"), "negative"),
    # --- null markers ---
    ("—", None, None, "null"),
    ("——", "万元", None, "null"),
    ("-", None, None, "null"),
    ("－", None, None, "null"),
    ("--", None, None, "null"),
    ("/", None, None, "null"),
    ("／", None, None, "null"),
    ("无", None, None, "null"),
    (" \n\t\u3000 ", None, None, "null"),
    ("N/A", None, None, "null"),
    ("…", None, None, "null"),
    # --- not money ---
    ("详见附表", "万元", None, "not-money"),
    ("2023年度", "万元", None, "not-money"),
    ("2023年", "万元", None, "not-money"),
    ("100%", "万元", None, "not-money"),
    ("99.99%", "万元", None, "not-money"),
    ("10分", "万元", None, "not-money"),
    ("其中：基本支出：241.024804", "万元", None, "not-money"),
    ("万元", None, None, "not-money"),
    ("元", None, None, "not-money"),
    ("abc", None, None, "not-money"),
    ("第3季度", None, None, "not-money"),
    ("12个", None, None, "not-money"),
    ("≥95%", None, None, "not-money"),
    ("见说明", None, None, "not-money"),
    ("1.5亿元元", None, None, "not-money"),
    ("9" * 30, None, None, "not-money"),
    ("60-50万元", None, None, "not-money"),
    # --- not whole cents ---
    # No whole-cents value exists: reporting one without a flag is rounding silently.
    ("79.9885224万元", None, D("799885.224"), "sub-cent"),
    ("12.3456789", "万元", D("123456.789"), "sub-cent"),
    ("1.2345", None, D("1.2345"), "sub-cent"),
    ("0.001", None, D("0.001"), "sub-cent"),
]


# --- whole documents: reconciliation traps ------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the one builder of tiny forms (tests/form_text.py)
from form_text import (  # noqa: E402
    LUKOU_FIGURES_IN_YUAN,
    edit_sample,
    other_form,
    project_form,
    project_report,
)

_SAMPLE = (ROOT / "samples" / "lukou_xunchaban_2023.txt").read_text(encoding="utf-8")
Triple = tuple[Decimal | None, Decimal | None, Decimal | None]

# (id, family, text, truth of 年初预算数 / 全年预算数 / 全年执行数 of the first form's 年度资金总额; None: the
# document cannot say which reading is meant, so the only right answer is to leave it unread)
DOC_CASES: list[tuple[str, str, str, Triple]] = [
    (
        "rate-settles-10.0.0",
        "same-row",
        project_form(money=("100", "100", "10.0.0", "10", "10%", "1"), total=("100", "89")),
        (D("1000000.00"), D("1000000.00"), D("100000.00")),
    ),
    (
        "budget-alone-is-a-coincidence",
        "same-row",
        project_form(money=("100", "100", "10.0.0", "", "", "")),
        (D("1000000.00"), D("1000000.00"), None),
    ),
    (
        "budget-and-initial-coincide",
        "same-row",
        project_form(money=("12.34.56", "1234.56", "12.34.56", "", "", "")),
        (None, D("12345600.00"), None),
    ),
    (
        "other-form-budget-rate-decides",
        "other-form",
        project_form(money=("12.5", "12.5", "12.34.56", "10", "98.76%", "9.88")) + other_form("1234.56"),
        (D("125000.00"), D("125000.00"), D("123456.00")),
    ),
    (
        "other-form-budget-alone",
        "other-form",
        project_form(money=("12.5", "12.5", "12.34.56", "", "", "")) + other_form("1234.56"),
        (D("125000.00"), D("125000.00"), None),
    ),
    (
        "other-form-same-raw-text",
        "other-form",
        project_form(money=("12.5", "12.5", "12.34.56", "", "", "")) + other_form("12.3456"),
        (D("125000.00"), D("125000.00"), None),
    ),
    (
        "round-report-figures-coincide",
        "other-form",
        project_form(money=("80", "80", "79.99", "10", "98.75%", "9.88"))
        + project_report("按每人80元标准发放补助，共计79.99元的误餐费。"),
        (D("800000.00"), D("800000.00"), D("799900.00")),
    ),
    (
        "wan-80-yuan-800000",
        "one-sibling-unit",
        project_form(money=("80", "800000", "799885.24", "10", "99.99%", "10")),
        (D("800000.00"), None, None),
    ),
    (
        "swapped-800000-80",
        "swapped-columns",
        project_form(money=("800000", "80", "799885.24", "10", "99.99%", "10")),
        (None, D("800000.00"), D("799885.24")),
    ),
    (
        "swapped-executed-first",
        "swapped-columns",
        project_form(money=("80", "799885.24", "800000", "10", "", "")),
        (D("800000.00"), None, None),
    ),
    (
        "two-siblings-agree",
        "one-sibling-unit",
        project_form(money=("253.7695", "2537695", "253.7695", "10", "100%", "10")),
        (D("2537695.00"), D("2537695.00"), D("2537695.00")),
    ),
    (
        "one-each-way",
        "one-sibling-unit",
        project_form(money=("2537695", "253.7695", "2537695", "10", "100%", "10")),
        (None, D("2537695.00"), D("2537695.00")),
    ),
    (
        "executed-in-yuan-beside-two-wan",
        "one-sibling-unit",
        project_form(money=("80", "80", "799885.24", "10", "99.99%", "10")),
        (D("800000.00"), D("800000.00"), D("799885.24")),
    ),
    (
        "sub-cent-part",
        "sub-cent-evidence",
        project_form(
            money=("80", "79.98852.24", "79.98852.24", "10", "", ""),
            current_year=("80", "79.9885224", "79.9885224", "", "", ""),
        ),
        (D("800000.00"), None, None),
    ),
    (
        "exact-part",
        "block-identity",
        project_form(
            money=("80", "79.98852.24", "79.98852.24", "10", "100%", "10"),
            current_year=("80", "79.988524", "79.988524", "", "", ""),
        ),
        (D("800000.00"), D("799885.24"), D("799885.24")),
    ),
    (
        "unit-line-missing",
        "missing-unit",
        project_form(unit="", money=("80", "80", "79", "10", "98.75%", "9.88")),
        (None, None, None),
    ),
    (
        "unit-line-missing-digits-say-wan",
        "missing-unit",
        project_form(unit="", money=("80.000000", "79.988524", "79.988524", "10", "100%", "10")),
        (D("800000.00"), D("799885.24"), D("799885.24")),
    ),
    (
        "unit-line-missing-one-cell-needs-wan",
        "missing-unit",
        project_form(unit="", money=("80", "79.988524", "79.98", "10", "", "")),
        (D("800000.00"), D("799885.24"), D("799800.00")),
    ),
    (
        "department-header-wan-figures-yuan",
        "mislabeled-header",
        edit_sample(_SAMPLE, LUKOU_FIGURES_IN_YUAN),
        (D("3206715.91"), D("3210133.28"), D("3210081.26")),
    ),
    (
        "department-header-wan-no-project-form",
        "mislabeled-header",
        edit_sample(_SAMPLE[: _SAMPLE.index("附件3")], LUKOU_FIGURES_IN_YUAN),
        (D("3206715.91"), D("3210133.28"), D("3210081.26")),
    ),
    (
        "one-cell-slipped-not-the-header",
        "mislabeled-header",
        edit_sample(_SAMPLE, (("241.024804", "2410248.04"), ("2410248.04万元", "2410248.04元"))),
        (D("3206715.91"), D("3210133.28"), D("3210081.26")),
    ),
    (
        "project-wan-header-report-states-yuan",
        "mislabeled-header",
        project_form(money=("800000", "799885.24", "799833.22", "10", "99.99%", "10"))
        + project_report("本项目全年预算799885.24元，全年支出799833.22元。"),
        (D("800000.00"), D("799885.24"), D("799833.22")),
    ),
    (
        "project-yuan-header-digits-need-wan",
        "mislabeled-header",
        project_form(unit="元", money=("80", "79.988524", "79.983322", "10", "99.99%", "10")),
        (D("800000.00"), D("799885.24"), D("799833.22")),
    ),
    (
        "the-sample",
        "sample",
        _SAMPLE,
        (D("3206715.91"), D("3210133.28"), D("3210081.26")),
    ),
]
