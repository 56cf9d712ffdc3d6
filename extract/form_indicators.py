"""Indicator rows (三级指标) → ``RawIndicator``: merged level cells inherited, names and targets tidied.

* 一级/二级指标 are merged down their rows; a row that leaves them blank inherits the last ones seen.
* ``指标1：巡护里程`` → ``巡护里程``: the ``指标N`` prefix numbers the row, it is not part of the name.
* Targets split over 指标性质 | 指标值 | 度量单位 (``≥`` | ``95`` | ``%``) are joined into one target text
  ``≥95%``, located at the 指标值 cell; the parts stay in ``extra`` (``nature``, ``unit``) for review.
  A 指标性质 of ``定量``/``定性`` is a kind, not an operator, and is not joined.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import regex
from jixiao.extract.form_header import ColumnHeader
from jixiao.extract.form_ledger import Ledger
from jixiao.extract.labels import POINTS, clean_label, strip_annotations
from jixiao.extract.layout import Cell, Row
from jixiao.extract.records import RawIndicator, RawText
from jixiao.schemas.labels import LEVEL2_PARENT, NOTHING_MARKS

_NAME_PREFIX = regex.compile(
    r"""^[\s\u3000]*
    指\s*标\s*[0-9０-９一二三四五六七八九十]{1,3}   # 指标1, 指标１, 指标十二
    \s*[:：、.．]\s*                                # its separator
    """,
    regex.VERBOSE,
)
_OPERATOR_NATURE = regex.compile(
    r"""^(?: [≥≤=<>≧≦]{1,2}                     # symbols (full-width ＞＜＝ are folded by NFKC)
          | 不?(?:低于|高于|大于|小于|少于|多于|超过) | 大于等于 | 小于等于 | 等于 )$""",
    regex.VERBOSE,
)
_PLACEHOLDER = regex.compile(rf"^[{NOTHING_MARKS}]*$")  # "/" or "—" typed for "nothing"
_STARTS_WITH_DIGIT = regex.compile(r"^[0-9.]")
_ENDS_WITH_DIGIT = regex.compile(r"[0-9]$")
_CORE_KEYS = frozenset(("level1", "level2", "level3", "target", "actual", "weight", "score", "deviation"))
_VALUE_KEYS = frozenset(("level3", "target", "actual", "weight", "score"))


@dataclass(slots=True)
class IndicatorState:
    """What the indicator rows of one form have built so far."""

    indicators: list[RawIndicator] = field(default_factory=list)
    last_level1: tuple[RawText | None, RawText | None] = (None, None)
    last_level2: RawText | None = None


def is_blank(cell: Cell) -> bool:
    """A cell with no label text (spaces, punctuation and annotations only)."""
    return not clean_label(cell.text)


def raw_text(cell: Cell) -> RawText:
    """A cell's text exactly as read, with where it was."""
    return RawText(cell.text, cell.location)


def split_level1(cell: Cell) -> tuple[RawText, RawText | None]:
    """``产出指标⏎（50分）`` → the label and its ``（50分）`` weight annotation."""
    m = POINTS.search(cell.text)
    if not m:
        return raw_text(cell), None
    label = (cell.text[: m.start()] + cell.text[m.end() :]).strip()
    return RawText(label, cell.location), RawText(m.group(0), cell.location)


def strip_name_prefix(cell: Cell) -> RawText:
    """An indicator name without its ``指标N：`` numbering.

    >>> from jixiao.extract.layout import Location
    >>> strip_name_prefix(Cell("指标1：巡护里程", Location(line=3))).text
    '巡护里程'
    >>> strip_name_prefix(Cell("指标解释清晰度", Location(line=3))).text
    '指标解释清晰度'
    """
    m = _NAME_PREFIX.match(cell.text)
    if not m or not cell.text[m.end() :].strip():
        return raw_text(cell)
    return RawText(cell.text[m.end() :], cell.location)


def join_target(value: Cell, nature: Cell | None, unit: Cell | None) -> RawText:
    """A target split over 指标性质 | 指标值 | 度量单位, as the one text a single-column form would hold.

    >>> from jixiao.extract.layout import Location
    >>> loc = Location(line=1)
    >>> join_target(Cell("95", loc), Cell("≥", loc), Cell("%", loc)).text
    '≥95%'
    >>> join_target(Cell("有效减轻", loc), Cell("定性", loc), Cell("", loc)).text
    '有效减轻'
    >>> join_target(Cell("/", loc), Cell("≥", loc), Cell("%", loc)).text
    '/'
    """
    if nature is None and unit is None:
        return raw_text(value)  # a single target column: nothing to join
    text = value.text.strip(" \u3000")
    if _PLACEHOLDER.match(text):
        return raw_text(value)
    prefix = nature.text.strip(" \u3000") if nature is not None else ""
    folded = unicodedata.normalize("NFKC", text)
    operator = _OPERATOR_NATURE.match(unicodedata.normalize("NFKC", prefix))
    if not operator or not _STARTS_WITH_DIGIT.match(folded):
        prefix = ""
    # the unit as written (``個`` stays traditional: matching folds characters, the raw text does not)
    suffix = "".join(unicodedata.normalize("NFKC", unit.text).split()) if unit is not None else ""
    if _PLACEHOLDER.match(suffix) or not _ENDS_WITH_DIGIT.search(folded):
        suffix = ""
    if not prefix and not suffix:
        return raw_text(value)
    return RawText(prefix + text + suffix, value.location)


def read_indicator(row: Row, header: ColumnHeader, st: IndicatorState, ledger: Ledger) -> bool:
    """Record one indicator row (or a group label row). True when the row held anything."""
    values = {k: c for k, c in header.align(row).items() if clean_label(c.text)}  # (not is_blank)
    if not values:
        return False
    ledger.place_many(values.values())
    raw = {k: RawText(c.text, c.location) for k, c in values.items()}  # (each one's raw_text)
    if "level1" in values:
        st.last_level1 = split_level1(values["level1"])
        st.last_level2 = None
    if "level2" in values:
        st.last_level2 = raw["level2"]
        if "level1" not in values and _other_group(st.last_level1[0], values["level2"]):
            # A PDF centres the 一级指标 in its merged cell, below this row: the group above is not ours.
            st.last_level1 = (None, None)
    if not (_VALUE_KEYS & values.keys()):
        return True  # a group label row with no indicator of its own
    level1, level1_weight = st.last_level1
    target = values.get("target")
    st.indicators.append(
        RawIndicator(
            level1=level1,
            level1_weight=level1_weight,
            level2=st.last_level2,
            level3=strip_name_prefix(values["level3"]) if "level3" in values else None,
            target=join_target(target, values.get("nature"), values.get("unit")) if target else None,
            actual=raw.get("actual"),
            weight=raw.get("weight"),
            score=raw.get("score"),
            deviation=raw.get("deviation"),
            extra={k: raw[k] for k in sorted(raw.keys() - _CORE_KEYS)},
            location=row.location,
        )
    )
    return True


def _other_group(level1: RawText | None, level2: Cell) -> bool:
    """Whether an inherited 一级指标 is not the one this 二级指标 always belongs to."""
    parent = LEVEL2_PARENT.get(clean_label(level2.text))
    if level1 is None or parent is None:
        return False
    return strip_annotations(clean_label(level1.text)) != parent
