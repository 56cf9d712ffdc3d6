"""Where on a redrawn page a ``location`` string points: location text → HTML element id.

Tables' ``location`` columns hold ``str(Location)`` of the cell or paragraph a value came from
("line 241", "lines 7-9", "table 2 row 3 col 4", "table 1 row 2 col 1 para 2", "para 18").
Exact matches win (a cell before its row before its table); otherwise a line-based location goes to
the smallest element containing its first line, and a Word location drops its last ``para N`` /
``col N`` / ``row N`` until something matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.extract.layout import Location

# priority of element kinds when several share a location: the most specific wins
CELL, PARAGRAPH, ROW, TABLE = 0, 0, 1, 2

_LINES = re.compile(
    r"""^(?:(?P<part>.*)\x20)?      # optional container part / sheet name
        lines?\x20(?P<first>[0-9]+) # 'line 7' or 'lines 7-9'
        (?:-(?P<last>[0-9]+))?$""",
    re.VERBOSE,
)
_LAST_PAIR = re.compile(r"\x20(?:para|col|row)\x20[0-9]+$")  # the most specific trailing 'para N'


@dataclass
class LocationIndex:
    """Built while walking a layout; asked for the element of each value, anomaly and fact."""

    _exact: dict[str, tuple[int, str]] = field(default_factory=dict)
    _by_line: dict[tuple[str, int], tuple[int, int, str]] = field(default_factory=dict)

    def add(self, loc: Location, elem_id: str, priority: int) -> None:
        """Register an element (cell, paragraph, row, table) under its location."""
        key = str(loc)
        if key and (key not in self._exact or priority < self._exact[key][0]):
            self._exact[key] = (priority, elem_id)
        if loc.line is not None:
            last = loc.line_end if loc.line_end is not None else loc.line
            span = last - loc.line
            part = loc.part or ""
            for line in range(loc.line, last + 1):
                best = self._by_line.get((part, line))
                if best is None or (priority, span) < best[:2]:
                    self._by_line[(part, line)] = (priority, span, elem_id)

    def resolve(self, location: str | None) -> str | None:
        """The element id a location string points at, or None when it is not on the page."""
        if not location:
            return None
        hit = self._exact.get(location)
        if hit is not None:
            return hit[1]
        m = _LINES.match(location)
        if m:
            found = self._by_line.get((m.group("part") or "", int(m.group("first"))))
            return found[2] if found else None
        shorter = location
        while _LAST_PAIR.search(shorter):
            shorter = _LAST_PAIR.sub("", shorter)
            hit = self._exact.get(shorter)
            if hit is not None:
                return hit[1]
        return None
