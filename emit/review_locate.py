"""Where on a redrawn page a ``Location`` points: location → HTML element id.

Exact matches win (a cell before its row before its table); otherwise a line-based location goes to
the smallest element containing its first line, and a Word location drops its ``para``, then ``col``,
then ``row`` until something matches. Everything is compared as typed ``Location`` values.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from jixiao.extract.layout import Location

# priority of element kinds when several share a location: the most specific wins
CELL, PARAGRAPH, ROW, TABLE = 0, 0, 1, 2
_DROP_ORDER = ("para", "col", "row")  # most specific first, as they trail in the text form
_NOWHERE = Location()


def _canonical(loc: Location) -> Location:
    # "line 7" written with line_end=7 and without it is one place
    return replace(loc, line_end=None) if loc.line_end is not None and loc.line_end == loc.line else loc


@dataclass
class LocationIndex:
    """Built while walking a layout; asked for the element of each value, anomaly and fact."""

    _exact: dict[Location, tuple[int, str]] = field(default_factory=dict)
    _by_line: dict[tuple[str, int], tuple[int, int, str]] = field(default_factory=dict)

    def add(self, loc: Location, elem_id: str, priority: int) -> None:
        """Register an element (cell, paragraph, row, table) under its location."""
        key = _canonical(loc)
        if key != _NOWHERE and (key not in self._exact or priority < self._exact[key][0]):
            self._exact[key] = (priority, elem_id)
        if loc.line is not None:
            last = loc.line_end if loc.line_end is not None else loc.line
            span = last - loc.line
            part = loc.part or ""
            for line in range(loc.line, last + 1):
                best = self._by_line.get((part, line))
                if best is None or (priority, span) < best[:2]:
                    self._by_line[(part, line)] = (priority, span, elem_id)

    def resolve(self, location: Location | None) -> str | None:
        """The element id a location points at, or None when it is not on the page."""
        if location is None:
            return None
        key = _canonical(location)
        hit = self._exact.get(key)
        if hit is not None:
            return hit[1]
        if key.line is not None:
            found = self._by_line.get((key.part or "", key.line))
            return found[2] if found else None
        for name in _DROP_ORDER:
            if getattr(key, name) is None:
                continue
            key = replace(key, **{name: None})
            hit = self._exact.get(key)
            if hit is not None:
                return hit[1]
        return None
