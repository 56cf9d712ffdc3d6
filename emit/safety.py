"""Formula neutralising for spreadsheet-bound text (CSV, and any workbook writer that wants it).

A CSV cell that begins with ``=``, ``+``, ``-``, ``@``, a TAB or a CR is run as a formula by Excel/WPS
when the file is opened ("CSV injection"). Such text gets a single leading ``'`` in CSV output; the
Parquet files keep the exact text, so the original is never lost. Text that starts with quotes and then
a trigger (``'=x``) also gets one more ``'``, so :func:`restore_formula` (strip one ``'`` from a cell of
the form ``'…'<trigger>…``) gives back exactly the text we were given.
"""

from __future__ import annotations

# Full-width forms too: WPS (and Excel with some input methods) fold ＝＋－＠ to ASCII when evaluating.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


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
