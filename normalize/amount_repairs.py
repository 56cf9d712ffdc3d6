"""Named, replayable repairs of a written number: each ``repair_*`` is ``str -> str``.

A repair returns its input unchanged when it does not apply, so a parser runs them in order and records
the slug of every one that changed the text (ftfy's fix-and-explain). ``replay(text, slugs)`` re-applies
a recorded list. ``REPAIR_DESCRIPTIONS`` gives each slug a short Chinese/English note for the
``values.repairs`` column.

NOTE: keep ``REPAIR_DESCRIPTIONS`` in sync with ``REPAIRS`` and with the value-level slugs used in
``normalize/amounts.py`` (``sub_cent_rounded``) — ``tests/test_amounts.py`` checks every slug is described.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from jixiao.normalize.numerals import COSMETIC_SPACE_RE, NULL_RE, drop_invisible, fold_symbols, fold_width

REPAIR_DESCRIPTIONS: dict[str, str] = {
    "fullwidth_digits": "全角数字或符号转半角 / full-width digits or punctuation folded to ASCII",
    "invisible_characters": "删除不可见字符 / zero-width characters removed",
    "trailing_punctuation": "删除末尾标点 / trailing punctuation removed",
    "footnote_marker": "删除数字后的上标注码 / a superscript note mark after the figure removed",
    "parenthesized_negative": "括号表示负数 / accounting parentheses read as negative",
    "triangle_negative": "△表示负数 / △ read as a minus sign",
    "inner_whitespace": "删除数字内空格或换行 / spaces or line breaks inside the number removed",
    "ideographic_full_stop": "句号“。”当作小数点 / 。 read as a decimal point",
    "scientific_notation": "科学计数法展开 / scientific notation expanded",
    "doubled_separator": "重复的小数点或逗号合并 / doubled point or comma collapsed",
    "european_grouping": "欧式千分位（. 分组，, 小数） / European grouping (. groups, , decimals) read",
    "stray_separators": "删除位置错误的千分位逗号 / commas in impossible group positions removed",
    "trailing_decimal_point": "删除末尾小数点 / trailing decimal point removed",
    "sub_cent_rounded": "不足一分：取分位下限，上限另存 / not whole cents: floor kept, ceiling in upper",
    # Reading-level slugs: they name one reading among several (see normalize/amount_readings.py) and are
    # recorded only when every reading agrees on the value; the candidates replay them.
    "decimal_comma": "逗号当作小数点 / a comma read as the decimal point",
    "doubled_digit_point": "误加小数点并重复一位数字（2.2→2） / a stray point that doubled a digit",
    "extra_decimal_points": "删除多余的小数点 / extra decimal points dropped",
    "glued_copy": "同一数字重复粘连，取其一 / the cell's text run into a copy of itself",
    "stray_token_dropped": "空格隔开的另一数字不计入（一种读法） / a figure set apart by a space left out",
    # Reconciliation-level slugs (normalize/reconcile.py and the modules it runs): a reading chosen or a
    # unit corrected on the evidence of the document itself; each also has its own ``anomalies`` row.
    "candidate_chosen_by_evidence": "依勾稽关系确定读法 / the one reading an identity of the form confirms",
    "rate_reading_chosen_by_execution": "执行率读法依执行数÷预算数确定 / rate reading chosen by execution",
    "unit_mislabeled_yuan_in_wan_column": "万元栏误填元 / 元 figure in a 万元 column, re-read",
    "unit_mislabeled_wan_in_yuan_column": "元栏误填万元 / 万元 figure in a 元 column, re-read",
    "unit_header_corrected_by_evidence": "表头单位与证据不符 / header unit corrected on evidence",
    "unit_inferred_from_evidence": "未写单位，依数字与报告确定 / unwritten unit settled by digits and report",
    "block_score_from_sub_line": "资金块合并单元格的分值/得分印在分项行，归入年度资金总额 / the block's "
    "merged 分值/得分 printed on a sub-line, moved to the total line",
    "figure_split_into_next_cell": "数字连带右侧空格的数字，依勾稽关系拆分 / a figure run into its blank "
    "neighbour cell, split where the identities admit one cut",
}

_TRAILING_PUNCT_RE = re.compile(
    r"""
    [。，,；;：:、！!？?]+$    # sentence punctuation left after the value
    """,
    re.VERBOSE,
)

_INNER_SPACE_RE = re.compile(
    r"""
    (?<=[0-9.,])    # after a digit or separator
    \s+             # any whitespace, incl. U+3000 and line breaks
    (?=[0-9.,])     # before a digit or separator
    """,
    re.VERBOSE,
)

_IDEOGRAPHIC_STOP_RE = re.compile(
    r"""
    (?<=[0-9])   # between digits only: a 。 ending a sentence is punctuation, not a point
    。
    (?=[0-9])
    """,
    re.VERBOSE,
)

_SCIENTIFIC_RE = re.compile(
    r"""
    ^[0-9]+(?:\.[0-9]*)?     # mantissa, as spreadsheets print it (3.21E+06)
    [eE][+-]?[0-9]{1,3}$     # exponent
    """,
    re.VERBOSE,
)

_DOUBLED_SEPARATOR_RE = re.compile(
    r"""
    ([.,])\1+    # the same separator typed twice or more (1..5, 1,,000)
    """,
    re.VERBOSE,
)

_EUROPEAN_RE = re.compile(
    r"""
    ^[0-9]{1,3}
    (?:
        (?:\.[0-9]{3}){2,}(?:,[0-9]+)?   # 1.234.567 or 1.234.567,89: two or more dot groups
      | (?:\.[0-9]{3})+,[0-9]+           # 1.234,56: dot groups then a decimal comma
    )$
    """,
    re.VERBOSE,
)

_VALID_GROUPING_RE = re.compile(
    r"""
    ^[0-9]{1,3}(?:,[0-9]{3})+   # 1,234,567
    (?:\.[0-9]*)?$              # decimals carry no commas
    """,
    re.VERBOSE,
)

_MAX_EXPONENT = 20  # beyond this a spreadsheet value is not money; leave it for the parser to reject


def repair_fullwidth_digits(text: str) -> str:
    """``３２１．０１`` → ``321.01``; ``１，０００`` → ``1,000``."""
    return fold_width(text)


def repair_invisible_characters(text: str) -> str:
    """Drop zero-width spaces, BOMs and soft hyphens."""
    return drop_invisible(text)


def repair_trailing_punctuation(text: str) -> str:
    """``80万元。`` → ``80万元``."""
    return _TRAILING_PUNCT_RE.sub("", text)


_FOOTNOTE_RE = re.compile(r"(?<=[0-9%元])[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+$")


def repair_footnote_marker(text: str) -> str:
    """``348.57¹`` → ``348.57``: a superscript digit is a note's mark (``<sup>``, Word's raised run), never a
    digit of the figure.
    """
    return _FOOTNOTE_RE.sub("", text)


def repair_parenthesized_negative(text: str) -> str:
    """``(5.2)`` → ``-5.2`` (accounting style); ``(5.2)万元`` → ``-5.2万元``."""
    if text.startswith("(") and ")" in text and text.count("(") == 1 == text.count(")"):
        inner, _, rest = text[1:].partition(")")
        if inner and not inner.startswith("-") and (not rest or not rest[0].isdigit()):
            return "-" + inner + rest
    return text


def repair_triangle_negative(text: str) -> str:
    """``△5.2`` → ``-5.2`` (the △/▲ minus of Chinese financial statements)."""
    if text[:1] in "△▲" and len(text) > 1:
        return "-" + text[1:]
    return text


def repair_inner_whitespace(text: str) -> str:
    """``3,21.0,\\n13328`` → ``3,21.0,13328``: whitespace between digits or separators (a space between
    two digits only where it parts thousands groups: ``amount_readings.read_digits`` decides)."""
    return _INNER_SPACE_RE.sub("", text)


def repair_ideographic_full_stop(text: str) -> str:
    """``321。01`` → ``321.01``."""
    return _IDEOGRAPHIC_STOP_RE.sub(".", text)


def repair_scientific_notation(text: str) -> str:
    """``3.21013328E+06`` → ``3210133.28`` (exact, no float)."""
    if not _SCIENTIFIC_RE.match(text):
        return text
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    if abs(value.adjusted()) > _MAX_EXPONENT:
        return text
    return format(value, "f")


def repair_doubled_separator(text: str) -> str:
    """``1..5`` → ``1.5``; ``1,,000`` → ``1,000``."""
    return _DOUBLED_SEPARATOR_RE.sub(r"\1", text)


def repair_european_grouping(text: str) -> str:
    """``1.234.567,89`` → ``1234567.89``; ``1.234,5`` → ``1234.5``. A lone ``1.234`` is left alone."""
    if not _EUROPEAN_RE.match(text):
        return text
    return text.replace(".", "").replace(",", ".")


def repair_stray_separators(text: str) -> str:
    """With one ``.``, commas not in 3-digit groups are stray: ``3,21.0,13328`` → ``321.013328``.

    Without a ``.`` a bad comma may be a decimal comma, so that case is left to the readings (ambiguous).
    """
    if text.count(".") != 1 or "," not in text or _VALID_GROUPING_RE.match(text):
        return text
    return text.replace(",", "")


def repair_trailing_decimal_point(text: str) -> str:
    """``80.`` → ``80``."""
    if text.endswith(".") and text[:-1].replace(",", "").isdigit():
        return text[:-1]
    return text


REPAIRS: dict[str, Callable[[str], str]] = {
    "fullwidth_digits": repair_fullwidth_digits,
    "invisible_characters": repair_invisible_characters,
    "trailing_punctuation": repair_trailing_punctuation,
    "footnote_marker": repair_footnote_marker,
    "parenthesized_negative": repair_parenthesized_negative,
    "triangle_negative": repair_triangle_negative,
    "inner_whitespace": repair_inner_whitespace,
    "ideographic_full_stop": repair_ideographic_full_stop,
    "scientific_notation": repair_scientific_notation,
    "doubled_separator": repair_doubled_separator,
    "european_grouping": repair_european_grouping,
    "stray_separators": repair_stray_separators,
    "trailing_decimal_point": repair_trailing_decimal_point,
}

# Repairs of the digits themselves, in the order the readers apply them.
NUMBER_REPAIRS: tuple[str, ...] = (
    "inner_whitespace",
    "ideographic_full_stop",
    "scientific_notation",
    "doubled_separator",
    "european_grouping",
    "stray_separators",
    "trailing_decimal_point",
)


def apply_repairs(text: str, slugs: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """Run the named repairs in order; return the text and the slugs that changed it."""
    applied: list[str] = []
    for slug in slugs:
        fixed = REPAIRS[slug](text)
        if fixed != text:
            applied.append(slug)
            text = fixed
    return text, tuple(applied)


def replay(text: str, slugs: tuple[str, ...]) -> str:
    """Re-apply recorded text repairs (value-level slugs such as ``sub_cent_rounded`` are skipped).

    >>> replay("３,２１.０,１３３２８", ("fullwidth_digits", "stray_separators"))
    '321.013328'
    """
    for slug in slugs:
        if slug in REPAIRS:
            text = REPAIRS[slug](text)
    return text


def clean_cell(raw: str) -> tuple[str, tuple[str, ...]]:
    """Strip, fold width, drop invisibles, trailing punctuation and cosmetic spaces; return text and slugs.

    Text ``""`` with no slugs is a blank or a nothing-mark (``—``, ``无``); ``""`` with slugs was only
    punctuation (a lone ``,``): a score reads that as blank, money as no figure.
    """
    if _PLAIN_DIGITS_RE.fullmatch(raw):
        return raw, ()  # plain digits (most score and rate cells): nothing below changes them
    return _clean_any(raw)


_PLAIN_DIGITS_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _clean_any(raw: str) -> tuple[str, tuple[str, ...]]:
    """``clean_cell`` the long way: every step run."""
    text, slugs = apply_repairs(fold_symbols(raw.strip()), ("invisible_characters", "fullwidth_digits"))
    text = text.strip()
    if not text or NULL_RE.match(text):
        return "", ()
    text, more = apply_repairs(text, ("trailing_punctuation", "footnote_marker", "ideographic_full_stop"))
    return COSMETIC_SPACE_RE.sub("", text), slugs + more
