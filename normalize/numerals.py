"""Character-level helpers shared by the number parsers: width folding, blanks, Chinese numerals.

Chinese numerals go through ``cn2an`` (a project dependency); we only add what it lacks:
financial capitals it does not know (``貳``, ``參``, ``陸`` …), a leading place word with an implied
``一`` (``百万`` → ``一百万``), and decimals written with ``点`` (``一点五亿``), which we read ourselves
so that ``cn2an`` never hands us a float.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.schemas.labels import NOTHING_MARKS

# Full-width ASCII block (U+FF01..U+FF5E) → ASCII; ideographic space is whitespace, handled apart.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# The same without digits and number separators: ％ ＞ （ ） fold silently (NFKC-equivalent symbols);
# a full-width digit, ．or ，is recorded as the repair ``fullwidth_digits``.
_FULLWIDTH_SYMBOLS = {k: v for k, v in _FULLWIDTH.items() if not chr(v).isdigit() and chr(v) not in ".,"}

# Invisible characters Word and web exports leave inside cells.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

# Financial capitals (大写) and traditional forms → the simple digits cn2an reads.
_CAPITALS = str.maketrans(
    {
        "壹": "一",
        "貳": "二",
        "贰": "二",
        "兩": "二",
        "两": "二",
        "叁": "三",
        "參": "三",
        "叄": "三",
        "肆": "四",
        "伍": "五",
        "陆": "六",
        "陸": "六",
        "柒": "七",
        "捌": "八",
        "玖": "九",
        "拾": "十",
        "佰": "百",
        "仟": "千",
        "萬": "万",
        "億": "亿",
        "〇": "零",
        "○": "零",
    }
)

CN_DIGITS = "零〇○一二两三四五六七八九壹贰貳兩叁參叄肆伍陆陸柒捌玖"
CN_PLACES = "十拾百佰千仟万萬亿億廿"
CN_NUMERAL_CHARS = CN_DIGITS + CN_PLACES

_CN_DIGIT_VALUE = {ch: i for i, ch in enumerate("零一二三四五六七八九")}

CN_NUMERAL_RE = re.compile(
    rf"""
    ^[{CN_NUMERAL_CHARS}]+      # integer part: digits and place words
    (?:点[{CN_DIGITS}]+)?       # optional decimals read digit by digit (一点五)
    (?:[万萬亿億]+)?$           # optional multiplier after decimals (一点五亿)
    """,
    re.VERBOSE,
)

_POINT_RE = re.compile(
    r"""
    ^(?P<int>[^点]*)            # integer part (may be empty: 点五 is not allowed, caught below)
    点
    (?P<frac>[^点万萬亿億]+)    # decimal digits
    (?P<mult>[万萬亿億]*)$      # trailing multipliers (万, 亿, 万亿)
    """,
    re.VERBOSE,
)

NULL_RE = re.compile(
    rf"""
    ^(?: [{NOTHING_MARKS}]+      # dashes, slashes, ellipses typed for "nothing"
       | 无 | 空 | 暂无 | 不适用
       | (?i:n/?a|null|none|nil)
    )$
    """,
    re.VERBOSE,
)

COSMETIC_SPACE_RE = re.compile(
    r"""
    \s+(?=[^0-9.,\s])       # whitespace before a unit, sign or word
    | (?<=[^0-9.,\s])\s+    # whitespace after one
    """,
    re.VERBOSE,
)

_MULTIPLIER = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8}


def fold_width(text: str) -> str:
    """Fold full-width ASCII (``３２１．０１``, ``１，０００``, ``％``) to ASCII.

    >>> fold_width("３２１．０１％")
    '321.01%'
    """
    return text.translate(_FULLWIDTH)


def fold_symbols(text: str) -> str:
    """Fold full-width symbols (``％``, ``＞``, ``（）``) but not digits or ``．，``.

    >>> fold_symbols("≥１００％")
    '≥１００%'
    """
    return text.translate(_FULLWIDTH_SYMBOLS)


def drop_invisible(text: str) -> str:
    """Remove zero-width spaces, BOMs and soft hyphens."""
    return text.translate(_INVISIBLE)


def parse_chinese_numeral(text: str) -> Decimal | None:
    """Read a Chinese numeral (simple or financial capitals); None if it is not one or reads two ways.

    >>> parse_chinese_numeral("六十三万"), parse_chinese_numeral("壹佰贰拾叁万肆仟伍佰陆拾柒")
    (Decimal('630000'), Decimal('1234567'))
    >>> parse_chinese_numeral("一点五亿"), parse_chinese_numeral("百万"), parse_chinese_numeral("万")
    (Decimal('150000000.0'), Decimal('1000000'), None)
    """
    readings = chinese_numeral_readings(text)
    return readings[0] if len(readings) == 1 else None


def chinese_numeral_readings(text: str) -> tuple[Decimal, ...]:
    """Every reading of a Chinese numeral: none if it is not one, two where a place is left unsaid.

    >>> chinese_numeral_readings("八十一亿一千")  # 八十一亿零一千, or 八十一亿一千万 said short
    (Decimal('8100001000'), Decimal('8110000000'))
    """
    if not text or not CN_NUMERAL_RE.match(text):
        return ()
    simple = text.translate(_CAPITALS)
    point = _POINT_RE.match(simple)
    if point is None:
        return _integer(simple)
    whole = _integer(point["int"]) if point["int"] else ()
    frac = point["frac"]
    if len(whole) != 1 or any(ch not in _CN_DIGIT_VALUE for ch in frac):
        return ()
    value = whole[0] + Decimal("0." + "".join(str(_CN_DIGIT_VALUE[ch]) for ch in frac))
    for ch in point["mult"]:
        value *= _MULTIPLIER[ch]
    return (value,)


def _integer(simple: str) -> tuple[Decimal, ...]:
    """cn2an on a simplified integer numeral; a leading place word gets its implied 一."""
    if simple[:1] in "百千万亿" and len(simple) > 1:  # a lone 万 is a unit label, not 10000
        simple = "一" + simple
    if simple and all(ch in _CN_DIGIT_VALUE for ch in simple) and len(simple) > 1 and simple[0] == "零":
        return ()  # 零五 is a code, not a number
    try:
        import cn2an  # deferred: ~80 ms to import, and most cells hold no Chinese numeral

        got = cn2an.cn2an(simple, "normal")
    except (ValueError, KeyError, IndexError, TypeError):
        return _without_zero_after_yi(simple)
    if isinstance(got, bool) or not isinstance(got, int):
        return ()  # cn2an returned a float: never trust binary floating point for money
    return (Decimal(got),)


_WAN = 10**4
_YI = 10**8


def _without_zero_after_yi(simple: str) -> tuple[Decimal, ...]:
    """``八十一亿一千``: cn2an refuses it, and it reads two ways (cn2an's own an2cn writes 8100001000 as
    捌拾壹亿壹仟元, leaving out the 零 after 亿; said aloud it is 八十一亿一千万 with the 万 left unsaid).

    The part after the last 亿 must itself be a numeral with a place word below 亿 (``一千``, not a bare
    ``一``: 一亿一 is colloquial); the short-said reading only when that part is in the thousands.
    """
    high, sep, low = simple.rpartition("亿")
    if not sep or not high or not any(ch in "十百千万" for ch in low):
        return ()
    top, rest = _integer(high), _integer(low)
    if len(top) != 1 or len(rest) != 1 or rest[0] >= _YI:
        return ()
    base = top[0] * _YI
    unsaid = (base + rest[0] * _WAN,) if 1000 <= rest[0] < _WAN else ()
    return (base + rest[0], *unsaid)
