"""Where on a redrawn page a ``Location`` points: location → HTML element id.

Exact matches win (a cell before its row before its table); otherwise a line-based location goes to
the smallest element containing its first line, and a Word location drops its ``para``, then ``col``,
then ``row`` until something matches. Locations are compared as ``Location`` compares them (every field
but the PDF ``box``), by the tuple of those fields: cheaper to hash than the dataclass, and a page
registers ~6 elements per distinct location.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from jixiao.extract.layout import Location

# priority of element kinds when several share a location: the most specific wins
CELL, PARAGRAPH, ROW, TABLE = 0, 0, 1, 2
_IDENTITY = tuple(f.name for f in fields(Location) if f.compare)  # what == compares
_identity = attrgetter(*_IDENTITY)
_LINE, _LINE_END, _PART = _IDENTITY.index("line"), _IDENTITY.index("line_end"), _IDENTITY.index("part")
# most specific first, as they trail in the text form
_DROP_ORDER = tuple(_IDENTITY.index(name) for name in ("para", "col", "row"))
_NOWHERE = _identity(Location())
Key = tuple[Any, ...]


def _key(loc: Location) -> Key:
    key: Key = _identity(loc)
    if key[_LINE_END] is not None and key[_LINE_END] == key[_LINE]:
        # "line 7" written with line_end=7 and without it is one place
        key = (*key[:_LINE_END], None, *key[_LINE_END + 1 :])
    return key


@dataclass
class LocationIndex:
    """Built while walking a layout; asked for the element of each value, anomaly and fact."""

    _exact: dict[Key, tuple[int, str]] = field(default_factory=dict)
    _by_line: dict[tuple[str, int], tuple[int, int, str]] = field(default_factory=dict)

    def add(self, loc: Location, elem_id: str, priority: int) -> None:
        """Register an element (cell, paragraph, row, table) under its location."""
        key = _key(loc)
        if key != _NOWHERE:
            hit = self._exact.get(key)
            if hit is None or priority < hit[0]:
                self._exact[key] = (priority, elem_id)
        first = key[_LINE]
        if first is not None:
            last = loc.line_end if loc.line_end is not None else first
            span = last - first
            part = key[_PART] or ""
            by_line = self._by_line
            for line in range(first, last + 1):
                best = by_line.get((part, line))
                if best is None or (priority, span) < best[:2]:
                    by_line[(part, line)] = (priority, span, elem_id)

    def resolve(self, location: Location | None) -> str | None:
        """The element id a location points at, or None when it is not on the page."""
        if location is None:
            return None
        key = _key(location)
        hit = self._exact.get(key)
        if hit is not None:
            return hit[1]
        if key[_LINE] is not None:
            found = self._by_line.get((key[_PART] or "", key[_LINE]))
            return found[2] if found else None
        for at in _DROP_ORDER:
            if key[at] is None:
                continue
            key = (*key[:at], None, *key[at + 1 :])
            hit = self._exact.get(key)
            if hit is not None:
                return hit[1]
        return None
