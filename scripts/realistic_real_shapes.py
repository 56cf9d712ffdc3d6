"""Shapes seen on real published pages that the other renderers do not make (``make_realistic_samples``).

- **Label late** (a 云南 2022 决算 page copied as pipe rows): the page's merged cells broke every row across
  lines, so each row's first cell — its label — ends the line before it (``… | 得分 | 年度资金总额 |``
  above ``| 56.40 | 58.00 | …``). The lines are not the rows; the cells in order still are the form.
"""

from __future__ import annotations

from collections.abc import Callable

from realistic_forms import ANHUI, SICHUAN_A, Built
from realistic_forms_dept import HUNAN_DEPARTMENT
from realistic_forms_more import JIANGXI, YUAN_PROJECT
from realistic_forms_provinces import GUIZHOU, YUNNAN
from realistic_render import _one_line, web_rows
from template_dsl import Blocks


def render_pipe_label_late(blocks: Blocks) -> str:
    """Pipe cells as a browser copies them (covered cells gone), each row's first cell on the line above."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out.append(block + " |")
            continue
        line: list[str] = []
        for cells in web_rows(block):
            if not cells:
                continue
            out.append("| " + " | ".join([*line, _one_line(cells[0])]) + " |")
            line = [_one_line(c) for c in cells[1:]]
        if line:
            out.append("| " + " | ".join(line) + " |")
    return "\n".join(out) + "\n"


def _late(built: Built) -> bytes:
    return render_pipe_label_late(built[0]).encode("utf-8")


_LATE = "pipe rows broken by the page's merged cells: each row's label ends the line above it"
# name → (what it is, the built forms, bytes), as ``make_realistic_samples.SAMPLES``
REAL_SHAPE_SAMPLES: dict[str, tuple[str, Built, Callable[[Built], bytes]]] = {
    "yunnan_2018_label_late.txt": (f"云南 2018 form, {_LATE}", YUNNAN, _late),
    "anhui_label_late.txt": (f"财政部 2020 county form, {_LATE}", ANHUI, _late),
    "sichuan_label_late.txt": (f"四川 2023, {_LATE}", SICHUAN_A, _late),
    "yuan_label_late.txt": (f"元 form (预算数/执行数/执行率 only), {_LATE}", YUAN_PROJECT, _late),
    "guizhou_2019_label_late.txt": (f"贵州 2019 form, {_LATE}", GUIZHOU, _late),
    "hunan_department_label_late.txt": (f"湖南 部门整体支出绩效自评表, {_LATE}", HUNAN_DEPARTMENT, _late),
    "jiangxi_label_late.txt": (f"江西 2017 (分值 before targets), {_LATE}", JIANGXI, _late),
}


def render_preview(blocks: Blocks, name: str, chunk: int = 230) -> str:
    """A document site's text preview: every cell run into the next with no delimiter (empty cells gone),
    cut into chunks numbered ``1、`` ``2、`` … wherever the count falls (inside a figure too), after the
    site's line naming the shared file."""
    glued = "".join(
        (block if isinstance(block, str) else "".join(_one_line(c) for row in web_rows(block) for c in row))
        for block in blocks
    )
    parts = [glued[i : i + chunk] for i in range(0, len(glued), chunk)]
    head = f"《{name}.docx》由会员分享,可在线阅读,更多相关《{name}.docx(2页珍藏版)》请在文库上搜索。"
    return "\n".join([head, *(f"{n}、{part}" for n, part in enumerate(parts, start=1))]) + "\n"


__all__ = ["REAL_SHAPE_SAMPLES", "render_pipe_label_late", "render_preview"]
