"""Text made safe for where it goes: formula neutralising (CSV, workbooks), XML-forbidden characters
(workbook and review pages).

XML 1.0 forbids C0 controls other than TAB, LF and CR, the noncharacters U+FFFE and U+FFFF, and lone
surrogates; one of them in one cell made a whole sheet ill-formed, and Excel and openpyxl refused the
workbook. :func:`xml_text` spells each one out (``\\x0b``, ``\\uffff``) where text becomes workbook
XML or a review page — visibly, so a reader sees something was there; CSV and Parquet keep the exact
text, and the text reader records a note on the document (``extract.decode``).

A CSV cell that begins with ``=``, ``+``, ``-``, ``@``, a TAB or a CR is run as a formula by Excel/WPS
when the file is opened ("CSV injection"). Such text gets a single leading ``'`` in CSV output; the
Parquet files keep the exact text, so the original is never lost. Text that starts with quotes and then
a trigger (``'=x``) also gets one more ``'``, so :func:`restore_formula` (strip one ``'`` from a cell of
the form ``'…'<trigger>…``) gives back exactly the text we were given.
"""

from __future__ import annotations

import re

from jixiao.extract.decode import XML_FORBIDDEN_CHARS

# What XML 1.0 cannot hold: extract.decode's set (noted on the document), NUL, \x0b and \x0c
XML_FORBIDDEN_RE = re.compile(f"[\x00\x0b\x0c{XML_FORBIDDEN_CHARS}]")


def _spelled(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def xml_text(text: str) -> str:
    r"""``text`` with every character XML 1.0 forbids spelled out; other text unchanged.

    >>> xml_text("a\x0bb\uffffc")
    'a\\x0bb\\uffffc'
    >>> xml_text("附件1\t表")
    '附件1\t表'
    >>> xml_text("lone \ud800 surrogate")
    'lone \\ud800 surrogate'
    """
    return XML_FORBIDDEN_RE.sub(_spelled, text) if XML_FORBIDDEN_RE.search(text) else text


# Full-width forms too: WPS (and Excel with some input methods) fold ＝＋－＠ to ASCII when evaluating.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# the first characters of text neutralise_formula may change (a trigger, or the quotes before one)
FORMULA_FIRST = frozenset(("'", *FORMULA_TRIGGERS))


def _starts_with_trigger_after_quotes(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_TRIGGERS)


def neutralise_formula(text: str) -> str:
    """Prefix ``'`` when a spreadsheet would read ``text`` as a formula.

    >>> neutralise_formula("=SUM(A1:A9)")
    "'=SUM(A1:A9)"
    >>> neutralise_formula("-5.2")
    "'-5.2"
    >>> neutralise_formula("＝SUM(A1)")
    "'＝SUM(A1)"
    >>> neutralise_formula("年度资金总额")
    '年度资金总额'
    """
    return "'" + text if _starts_with_trigger_after_quotes(text) else text


def restore_formula(text: str) -> str:
    """Undo :func:`neutralise_formula` (for readers of our CSV that want the exact text).

    >>> [restore_formula(neutralise_formula(t)) for t in ("@x", "'quoted", "'=x", "''-1")]
    ['@x', "'quoted", "'=x", "''-1"]
    """
    if text.startswith("'") and _starts_with_trigger_after_quotes(text):
        return text[1:]
    return text
