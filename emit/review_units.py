"""Per-unit review pages: ``review/units/<unit>.html`` with the years side by side, and their index.

Each page shows one unit (``units``) over the years of its department forms: 执行率 and 总分得分 as
written, 全年预算数 and 全年执行数 of the 年度资金总额 line, the number of project forms and of
anomalies, with a small inline SVG of execution rate and score over time. A year whose department forms
disagree on a value shows ``不一致`` instead of a pick. The main index links here
(:data:`UNITS_INDEX`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.emit.frames import Columns
from jixiao.emit.review_html import esc, page_name, shell

UNITS_DIR = "units"
UNITS_INDEX = f"{UNITS_DIR}/index.html"  # the index header links here
_DISAGREE = object()  # forms of one year gave different values
RATE_COLOR, SCORE_COLOR = "#1971c2", "#2b8a3e"  # the index's charts draw in these too


@dataclass(slots=True)
class _Year:
    rate: Any = None
    score: Any = None
    budget: Any = None
    executed: Any = None
    projects: set[str] = field(default_factory=set)
    anomalies: int = 0


def _merge(old: Any, new: Any) -> Any:
    if new is None or old is _DISAGREE:
        return old
    return new if old is None or old == new else _DISAGREE


def _rows(
    pieces: Callable[[str], Iterator[Columns]], table: str, names: Iterable[str]
) -> Iterator[tuple[Any, ...]]:
    wanted = tuple(names)
    for cols in pieces(table):
        yield from zip(*(cols[n] for n in wanted), strict=True)


def collect(
    pieces: Callable[[str], Iterator[Columns]],
) -> tuple[list[dict[str, Any]], dict[str, dict[int, _Year]]]:
    """Units (as rows) and, per unit and year, what its page shows."""
    units = [
        dict(zip(cols, values, strict=True))
        for cols in pieces("units")
        for values in zip(*cols.values(), strict=True)
    ]
    years: dict[str, dict[int, _Year]] = defaultdict(lambda: defaultdict(_Year))
    if not units:  # an output written before units existed: its tables have no unit_id either
        return units, years
    dept_forms: dict[str, tuple[str, int]] = {}
    for form_id, form_type, unit_id, project_id, year, score in _rows(
        pieces, "forms", ("form_id", "form_type", "unit_id", "project_id", "year", "total_score")
    ):
        if unit_id is None or year is None:
            continue
        cell = years[unit_id][year]
        if form_type == "department":
            dept_forms[form_id] = (unit_id, year)
            cell.score = _merge(cell.score, score)
        elif project_id is not None:
            cell.projects.add(project_id)
    for form_id, line, rate, budget, executed in _rows(
        pieces, "funds", ("form_id", "line", "execution_rate_pct", "budget_full_year_yuan", "executed_yuan")
    ):
        if line == "total" and form_id in dept_forms:
            unit_id, year = dept_forms[form_id]
            cell = years[unit_id][year]
            cell.rate, cell.budget = _merge(cell.rate, rate), _merge(cell.budget, budget)
            cell.executed = _merge(cell.executed, executed)
    for unit_id, year in _rows(pieces, "anomalies", ("unit_id", "year")):
        if unit_id is not None and year is not None:
            years[unit_id][year].anomalies += 1
    return units, years


def _cell(value: Any) -> str:
    if value is _DISAGREE:
        return '<td title="该年度的表格数值不一致">不一致</td>'
    if value is None:
        return "<td></td>"
    if isinstance(value, Decimal):
        return f'<td class="num">{value:,.2f}</td>'
    if isinstance(value, float):
        return f'<td class="num">{value:g}</td>'
    return f'<td class="num">{esc(str(value))}</td>'


def trend_svg(years: list[int], rates: list[Any], scores: list[Any]) -> str:
    """Execution rate and score over the years as two small lines (inline SVG; gaps where unknown).

    >>> svg = trend_svg([2021, 2022], [99.5, 100.0], [98.0, None])
    >>> svg.count("<circle"), "2022" in svg
    (3, True)
    """
    width, height, pad = 360, 160, 28
    known = [float(v) for v in (*rates, *scores) if isinstance(v, int | float)]
    top = max([100.0, *known])
    step = (width - 2 * pad) / max(len(years) - 1, 1)

    def point(i: int, v: float) -> tuple[float, float]:
        return round(pad + i * step, 1), round(height - pad - (height - 2 * pad) * v / top, 1)

    parts = [
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#adb5bd"/>',
        f'<text x="{pad - 4}" y="{height - pad + 4}" text-anchor="end" font-size="10">0</text>',
        f'<text x="{pad - 4}" y="{pad + 4}" text-anchor="end" font-size="10">{top:g}</text>',
    ]
    for i, year in enumerate(years):
        x = point(i, 0)[0]
        parts.append(f'<text x="{x}" y="{height - 8}" text-anchor="middle" font-size="11">{year}</text>')
    for label, values, color in (("执行率(%)", rates, RATE_COLOR), ("总分得分", scores, SCORE_COLOR)):
        pts = [(i, float(v)) for i, v in enumerate(values) if isinstance(v, int | float)]
        if len(pts) > 1:
            line = " ".join(f"{x},{y}" for x, y in (point(i, v) for i, v in pts))
            parts.append(f'<polyline points="{line}" fill="none" stroke="{color}" stroke-width="2"/>')
        for i, v in pts:
            x, y = point(i, v)
            tip = f"<title>{years[i]} {label}：{v:g}</title>"
            parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{color}">{tip}</circle>')
    legend = (
        f'<text x="{pad}" y="14" font-size="11" fill="{RATE_COLOR}">— 执行率(%)</text>'
        f'<text x="{pad + 90}" y="14" font-size="11" fill="{SCORE_COLOR}">— 总分得分</text>'
    )
    return (
        f'<svg class="trend" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="执行率与总分得分逐年变化">{legend}{"".join(parts)}</svg>'
    )


def unit_page(unit: dict[str, Any], by_year: dict[int, _Year]) -> str:
    """One unit's page: its years side by side and the trend chart."""
    years = sorted(by_year)
    cells = [by_year[y] for y in years]
    region = " ".join(esc(unit[k]) for k in ("province", "city", "county") if unit.get(k))
    header = (
        f"<h1>{esc(unit['name'])}</h1>"
        f'<div class="meta">{esc(unit["unit_id"])} · {region} {esc(unit.get("region_code") or "")}'
        f' · 简称 {esc(unit.get("short_name") or "—")} · <a href="index.html">全部单位</a>'
        f' · <a href="../index.html">文件列表</a></div>'
    )
    head = "".join(f"<th>{y}</th>" for y in years)
    rows = [
        ("执行率(%)", [c.rate for c in cells]),
        ("总分得分", [c.score for c in cells]),
        ("全年预算数(元)", [c.budget for c in cells]),
        ("全年执行数(元)", [c.executed for c in cells]),
        ("项目数", [len(c.projects) for c in cells]),
        ("异常数", [c.anomalies for c in cells]),
    ]
    body_rows = "".join(
        f"<tr><th>{label}</th>{''.join(_cell(v) for v in values)}</tr>" for label, values in rows
    )
    body = (
        '<main class="doc">'
        + trend_svg(years, rows[0][1], rows[1][1])
        + f'<table class="list" id="years"><thead><tr><th></th>{head}</tr></thead>'
        + f"<tbody>{body_rows}</tbody></table></main>"
    )
    return shell(f"{unit['name']} · 逐年", header, body)


def write_unit_pages(review_dir: Path, pieces: Callable[[str], Iterator[Columns]]) -> int:
    """``review/units/*.html`` from the tables; the number of unit pages."""
    units, years = collect(pieces)
    dest = review_dir / UNITS_DIR
    dest.mkdir(parents=True, exist_ok=True)
    lines = []
    for unit in sorted(units, key=lambda u: (u.get("region_code") or "", u["name"], u["unit_id"])):
        name = page_name(unit["unit_id"])
        (dest / f"{name}.html").write_text(unit_page(unit, years.get(unit["unit_id"], {})), encoding="utf-8")
        span = f"{unit.get('first_year') or ''}–{unit.get('last_year') or ''}"
        place = unit.get("county") or unit.get("city") or ""
        lines.append(
            f'<tr><td><a href="{name}.html">{esc(unit["name"])}</a></td><td>{esc(place)}</td>'
            f"<td>{esc(unit.get('region_code') or '')}</td><td>{span}</td></tr>"
        )
    back = '<a href="../index.html">文件列表</a>'
    header = f'<h1>单位 · 逐年</h1><div class="meta">{len(units)} 个单位 · {back}</div>'
    body = (
        '<section class="index"><table class="list" id="units"><thead><tr><th>单位</th><th>区县</th>'
        f"<th>区划代码</th><th>年度</th></tr></thead><tbody>{''.join(lines)}</tbody></table></section>"
    )
    (dest / "index.html").write_text(shell("单位 · 逐年", header, body), encoding="utf-8")
    return len(units)
