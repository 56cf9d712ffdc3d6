"""Page numbers as documents print them: one definition for text cells, PDF pages and Word's footers."""

from __future__ import annotations

import regex

_N = "[0-9]+"
_OF = rf"(?:[,，/|]?共{_N}[页頁])"  # …共12页
# A number that says it is a page's wherever it stands: 第3页, 第3页共12页, 共12页第3页, -3-, Page 3 of 12.
_ANNOUNCED = (
    rf"第{_N}[页頁]{_OF}?|共{_N}[页頁][,，/|]?第{_N}[页頁]|(?i:page){_N}(?:(?i:of){_N})?|[-—－–]+{_N}[-—－–]+"
)
_MARK = regex.compile(rf"^(?:{_ANNOUNCED})$")
# At a page's head or foot a bare 3, (3), 3/12 or 3页 can be nothing else.
_BARE = rf"(?:{_ANNOUNCED}|第?{_N}[页頁]?(?:{_OF}|/{_N})?)"
# (its brackets closed: （30 at a page's foot is an annotation cut by the page's end, 效益指标 / （30 / 分）)
_AT_EDGE = regex.compile(rf"^(?:[-—－–]*{_BARE}[-—－–]*|[(（]{_BARE}[)）])$")


def is_page_number(text: str) -> bool:
    """A page's number as printed at its head or foot (a PDF page's first or last lines, a Word header or
    footer), where a bare figure is one too.

    >>> [is_page_number(t) for t in ("- 3 -", "第 3 页 共 12 页", "3/12", "(3)", "3", "附件2", "98.5")]
    [True, True, True, True, True, False, False]
    >>> is_page_number("（30")  # 效益指标 / （30 at a page's foot, 分） atop the next
    False
    """
    return bool(_AT_EDGE.match("".join(text.split())))


def is_page_mark(text: str) -> bool:
    """A page's number that says so wherever it stands (between two rows of a table, say).

    >>> [is_page_mark(t) for t in ("第 7 页 共 8 页", "- 6 -", "Page 2 of 5", "3/12", "3", "第7批")]
    [True, True, True, False, False, False]
    """
    return bool(_MARK.match("".join(text.split())))
