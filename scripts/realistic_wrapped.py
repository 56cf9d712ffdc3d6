"""Forms whose header cells wrap onto a second line, as a PDF's text without ``-layout`` writes them.

A narrow column breaks ``全年执行数`` into ``全年执行`` / ``数`` and ``偏差原因分析及改进措施`` into
``偏差原因`` / ``分析及改进措施``: a row a line puts the rests on the line below, in column order; one
cell a line puts them after the header's cells. Only the header rows wrap (figures and names fit their
columns here). The forms and their truth are those of ``scripts/realistic_forms*.py``.
"""

from __future__ import annotations

from realistic_render import items, web_rows
from template_dsl import Blocks

# The column names a header row holds (a row with three of them or more is a header row).
HEADER_WORDS = frozenset(
    (
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标内容",
        "年度指标值",
        "指标值",
        "实际完成值",
        "完成值",
        "偏差原因分析及改进措施",
        "偏差原因分析",
    )
)


def _wrapped_rows(blocks: Blocks, width: int) -> list[tuple[list[str], list[str]]]:
    """Each line's cells, and the rests of its header cells cut at ``width`` characters (in order)."""
    out: list[tuple[list[str], list[str]]] = []
    for kind, body in items(blocks, web_rows):
        cells = [body] if kind == "p" else [c.replace("\n", "") for c in body if c]
        if kind == "row" and sum(c in HEADER_WORDS for c in cells) >= 3:
            heads = [c[:width] if c in HEADER_WORDS else c for c in cells]
            rests = [c[width:] for c in cells if c in HEADER_WORDS and len(c) > width]
            out.append((heads, rests))
        else:
            out.append((cells, []))
    return out


def render_rows(blocks: Blocks) -> str:
    """A row a line, cells parted by a space (a PDF's text without ``-layout``, nothing wrapped)."""
    return render_rows_wrapped(blocks, 99)


def render_rows_wrapped(blocks: Blocks, width: int = 4) -> str:
    """A row a line, cells parted by a space; a header's wrapped rests on the line below."""
    lines: list[str] = []
    for cells, rests in _wrapped_rows(blocks, width):
        lines.append(" ".join(cells))
        if rests:
            lines.append(" ".join(rests))
    return "\n".join(lines) + "\n"


def render_cells_wrapped(blocks: Blocks, width: int = 4) -> str:
    """One cell a line (empty cells dropped); a header's wrapped rests after its cells."""
    lines: list[str] = []
    for cells, rests in _wrapped_rows(blocks, width):
        lines += [*cells, *rests]
    return "\n".join(lines) + "\n"
