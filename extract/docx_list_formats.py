"""One Word list number written in its ``w:numFmt``: ``3`` → ``三``, ``③``, ``c``, ``iii``, ``丙`` ….

What ECMA-376 17.18.59 (ST_NumberFormat) names, written the way Word writes it; a number past what
a format can write (the 21st ① …, a letter repeated more than ``MAX_REPEAT`` times) is None or a
decimal, as Word does. Counting which number a paragraph shows is ``extract.docx_numbering``'s job.
"""

from __future__ import annotations

from collections.abc import Callable

MAX_REPEAT = 10  # letters repeat (27 → AA); beyond 10 repeats (or 10,000 in roman) write decimal

_CN_SMALL = "〇一二三四五六七八九"  # chineseCounting digits (positional from 100 on)
_CN_THOUSAND = ("零一二三四五六七八九", ("", "十", "百", "千"), "万")
_CN_LEGAL = ("零壹贰叁肆伍陆柒捌玖", ("", "拾", "佰", "仟"), "万")
_ROMAN: tuple[tuple[int, str], ...] = tuple(
    zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ["M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"],
        strict=True,
    )
)
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _in_set(first: int, size: int) -> Callable[[int], str]:
    """A format that has ``size`` consecutive code points; past the set Word writes decimals."""
    return lambda n: chr(first + n - 1) if 1 <= n <= size else str(n)


def _from(chars: str) -> Callable[[int], str]:
    return lambda n: chars[n - 1] if 1 <= n <= len(chars) else str(n)


def _chinese_counting(n: int) -> str:
    """一 … 十 … 九十九, then digit by digit (一〇〇), as ECMA-376 17.18.59 describes."""
    if n < 10:
        return _CN_SMALL[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_SMALL[tens]) + "十" + (_CN_SMALL[ones] if ones else "")
    return "".join(_CN_SMALL[int(d)] for d in str(n))


def _chinese_grouped(n: int, table: tuple[str, tuple[str, ...], str], short_ten: bool) -> str | None:
    """Counting with 十百千万 and 零 for gaps (一百零一, 一万零一十); None from 10⁸ on."""
    digits, units, myriad = table
    if n == 0:
        return digits[0]
    if n >= 10**8:
        return None

    def group(g: int) -> str:
        out, gap = "", False
        for power in (3, 2, 1, 0):
            d = g // 10**power % 10
            if d == 0:
                gap = bool(out)
                continue
            out += (digits[0] if gap else "") + digits[d] + units[power]
            gap = False
        return out

    high, low = divmod(n, 10_000)
    out = group(high) + myriad if high else ""
    if low:
        out += (digits[0] if high and low < 1000 else "") + group(low)
    # Word's 一、二、三 lists write 十、十一 (not 一十); the legal form keeps 壹拾.
    return out[1:] if short_ten and 10 <= n < 20 else out


def _letters(n: int, first: str) -> str | None:
    if n < 1:
        return str(n)
    repeats = (n - 1) // 26 + 1  # 27 → AA, 53 → AAA: one letter repeated, not base 26
    return chr(ord(first) + (n - 1) % 26) * repeats if repeats <= MAX_REPEAT else None


def _roman(n: int) -> str | None:
    if n < 1:
        return str(n)
    if n // 1000 > MAX_REPEAT:
        return None
    out = ""
    for value, glyph in _ROMAN:
        count, n = divmod(n, value)
        out += glyph * count
    return out


LIST_FORMATS: dict[str, Callable[[int], str | None]] = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(_FULLWIDTH),
    "decimalFullWidth2": lambda n: str(n).translate(_FULLWIDTH),
    "decimalEnclosedCircle": _in_set(0x2460, 20),  # ① … ⑳
    "decimalEnclosedCircleChinese": _in_set(0x2460, 20),
    "decimalEnclosedParen": _in_set(0x2474, 20),  # ⑴ … ⒇
    "decimalEnclosedFullstop": _in_set(0x2488, 20),  # ⒈ … ⒛
    "ideographEnclosedCircle": _in_set(0x3280, 10),  # ㊀ … ㊉
    "chineseCounting": _chinese_counting,
    "chineseCountingThousand": lambda n: _chinese_grouped(n, _CN_THOUSAND, short_ten=True),
    "chineseLegalSimplified": lambda n: _chinese_grouped(n, _CN_LEGAL, short_ten=False),
    "ideographDigital": lambda n: "".join(_CN_SMALL[int(d)] for d in str(n)),
    "ideographTraditional": _from("甲乙丙丁戊己庚辛壬癸"),  # the ten heavenly stems
    "ideographZodiac": _from("子丑寅卯辰巳午未申酉戌亥"),  # the twelve earthly branches
    "upperLetter": lambda n: _letters(n, "A"),
    "lowerLetter": lambda n: _letters(n, "a"),
    "upperRoman": _roman,
    "lowerRoman": lambda n: None if (r := _roman(n)) is None else r.lower(),
    "bullet": lambda n: "",  # the bullet glyph is decoration; its paragraphs get no label at all
    "none": lambda n: "",
}


def format_list_number(value: int, fmt: str) -> str | None:
    """One list number in a ``w:numFmt``; None for a format we do not know or a number too long.

    >>> [format_list_number(n, "chineseCountingThousand") for n in (1, 10, 11, 20, 101, 110)]
    ['一', '十', '十一', '二十', '一百零一', '一百一十']
    >>> [format_list_number(n, f) for n, f in ((3, "decimalEnclosedCircle"), (28, "lowerLetter"))]
    ['③', 'bb']
    >>> format_list_number(2, "hebrew2") is None
    True
    """
    render = LIST_FORMATS.get(fmt)
    return None if render is None else render(value)
