"""Write samples/shapes/: the same kinds of forms in every text shape the real documents arrive in.

Shapes (issue 14): A pipe rows, B one cell per line, C one cell per paragraph, D rows (or a whole form)
flattened onto one line, E ``pdftotext -layout`` columns with wrapped cells, F figures glued together.
Each sample draws its forms at random (seeded: same bytes every run) from ``shape_forms.py``'s templates and
adds defects seen in real documents (traditional characters, page chrome, two header fields on one line,
the unit on its own line or in the row label, a 年度资金总额 row of zeros, tables of contents, titles the
vocabulary lacks, the 按收入性质分 / 按支出性质分 breakdown in three provinces' spellings and places). Its
truth (``NAME.truth.json``, the format of ``samples/templates/``) is written from the values drawn.

Run: ``.venv/bin/python scripts/make_shape_samples.py``; ``big_text`` draws ~1 MB of one shape for the bench.
"""

from __future__ import annotations

import json
import random
import sys
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from shape_forms import TEMPLATES, Drawn, Item, draw_form

OUT = Path(__file__).resolve().parent.parent / "samples" / "shapes"
CHROME = ["首页 > 信息公开 > 财政资金", "- 绩效自评报告", "发布时间：2023-05-18  浏览次数：126"]
TOC = [
    "目  录",
    "附件1 部门整体支出绩效自评表……………………1",
    "附件2 项目支出绩效自评表……………………3",
    "附件3 项目支出绩效自评报告……………………5",
]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# ---------- shapes ------------------------------------------------------------------------------------


def render_pipe(items: list[Item], rng: random.Random) -> list[str]:
    pad = rng.random() < 0.5
    framed = rng.random() < 0.5
    out = []
    for kind, body in items:
        if kind != "row":
            out.append(body + (" | |||||||" if pad else ""))
            continue
        cells = [c.replace("\n", "") for c in body]
        line = " | ".join(cells) + " |"
        out.append(("| " + line) if framed else line)
    return out


def render_lines(items: list[Item], rng: random.Random) -> list[str]:
    """One cell per line; with ``wrap``, an indicator's name and 偏差原因 are cut over two lines, as a
    web page's narrow column leaves them when copied."""
    bar = " |" if rng.random() < 0.5 else ""
    wrap = rng.random() < 0.5
    out = []
    for kind, body in items:
        cells = [body] if kind != "row" else [c for c in body if c]
        if wrap and kind == "row" and len(body) >= 7 and body[2] and not body[2][0].isdigit():
            cells = [part for c in cells for part in _halves(c, long=c in (body[2], body[-1]))]
        for cell in cells:
            out.extend(part + bar for part in cell.split("\n"))
    return out


def _halves(cell: str, *, long: bool) -> list[str]:
    if not long or len(cell) < 4:
        return [cell]
    return [cell[: len(cell) // 2], cell[len(cell) // 2 :]]


def render_paragraphs(items: list[Item], rng: random.Random) -> list[str]:
    out = []
    for kind, body in items:
        cells = [body] if kind != "row" else [c for c in body if c]
        for cell in cells:
            out.extend([*cell.split("\n"), ""])
    return out


def render_flat(items: list[Item], rng: random.Random) -> list[str]:
    rows = [body if k != "row" else " ".join(c.replace("\n", "") for c in body if c) for k, body in items]
    if rng.random() >= 0.4:
        return rows
    # The whole form on one line (a web page's table copied): a page number still stands on its own line.
    out = [""]
    for (kind, _), row in zip(items, rows, strict=True):
        if kind == "page":
            out += [row, ""]
        else:
            out[-1] = f"{out[-1]} {row}" if out[-1] else row
    return [line for line in out if line]


def render_glued(items: list[Item], rng: random.Random, fund_rows: list[int]) -> list[str]:
    out = []
    for n, (kind, body) in enumerate(items):
        if n in fund_rows and any(body[1:]):
            out.append(body[0] + "：" + "".join(body[1:]))
        elif kind != "row":
            out.append(body)
        else:
            out.append(" ".join(c.replace("\n", "") for c in body if c))
    return out


def _wrap(text: str, cap: int) -> list[str]:
    """A cell's text as a PDF lays it out in a column ``cap`` wide: numbers break after a separator."""
    lines: list[str] = []
    for part in text.split("\n"):
        while _width(part) > cap:
            if part[0].isdigit():
                cut = max((i + 1 for i, ch in enumerate(part[:cap]) if ch in ",."), default=0)
                cut = cut or (part.index("%") if "%" in part else len(part))
            else:
                cut, w = 0, 0
                while cut < len(part) and w + _width(part[cut]) <= cap:
                    w += _width(part[cut])
                    cut += 1
            lines.append(part[:cut])
            part = part[cut:]
        if part:
            lines.append(part)
    return lines


def render_layout(items: list[Item], rng: random.Random, *, narrow: bool = False) -> list[str]:
    """pdftotext -layout: each row's cells at fixed column positions, wrapped cells on the lines below.

    ``narrow``: the breakdown's two columns as narrow as a real form's, so its cells wrap.
    """
    out: list[str] = []
    caps = [16, 12, 14, 9, 9, 6, 6, 20]
    for kind, body in items:
        if kind != "row":
            out.append(" " * rng.randint(0, 20) + body)
            continue
        wide = len(body) <= 4
        cols = [(40 if wide and i else caps[min(i, 7)]) for i in range(len(body))]
        if narrow and len(body) == 3 and not body[0] and any("：" in c for c in body):
            cols = [16, 18, 18]
        if len(body) == 7 and body[0] and "%" in body[5]:
            cols[5] = 5  # a narrow rate column: "99.99" above "%"
        cells = [_wrap(c, cap) for c, cap in zip(body, cols, strict=True)]
        height = max((len(c) for c in cells), default=1)
        for k in range(height):
            line = ""
            for cell, cap in zip(cells, cols, strict=True):
                piece = cell[k] if k < len(cell) else ""
                line += piece + " " * (cap - _width(piece) + 2)
            out.append(line.rstrip())
    return out


SHAPES: dict[str, Callable[..., list[str]]] = {
    "A": render_pipe,
    "B": render_lines,
    "C": render_paragraphs,
    "D": render_flat,
    "E": render_layout,
}

# ---------- defects -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _s2t() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("s2t").convert  # type: ignore[no-any-return]


def _to_traditional(value: Any) -> Any:
    conv = _s2t()
    if isinstance(value, str):
        return conv(value)
    if isinstance(value, list):
        return [_to_traditional(v) for v in value]
    if isinstance(value, dict):
        return {
            k: (v if k in ("form_type", "target_op", "family", "sample") else _to_traditional(v))
            for k, v in value.items()
        }
    return value


def _unit_on_own_line(d: Drawn) -> None:
    at = next(
        n for n, (k, b) in enumerate(d.items) if k == "row" and "年度资金总额" in "".join(d.items[n + 1][1])
    )
    corner = d.items[at][1][0].replace("\n", "")
    d.items[at] = ("row", ["", *d.items[at][1][1:]])
    d.items.insert(at, ("p", corner.replace("（", " (").replace("）", ")")))
    d.fund_rows[:] = [n + 1 if n >= at else n for n in d.fund_rows]


def _unit_in_label(d: Drawn, unit: str) -> None:
    head = d.fund_rows[0] - 1
    d.items[head] = ("row", ["项目资金", *d.items[head][1][1:]])
    first = d.fund_rows[0]
    d.items[first] = ("row", [d.items[first][1][0] + f"（{unit}）", *d.items[first][1][1:]])


def _fields_on_one_line(d: Drawn) -> None:
    fill = "某县财政局"
    d.items.insert(2, ("p", f"填报单位：{fill}  填报日期：2023.5.18"))
    d.fund_rows[:] = [n + 1 for n in d.fund_rows]
    d.truth["fill_unit"] = fill


def _drop_placeholders(d: Drawn, *, glued: bool) -> None:
    """Sub-lines leave 分值/得分 empty instead of writing "—"; glued, their figures cannot be split."""
    for n in d.fund_rows[1:]:
        cells = ["" if c == "—" else c for c in d.items[n][1]]
        d.items[n] = ("row", cells)
        if glued and any(cells[1:]):
            key = list(d.truth["funds"])[d.fund_rows.index(n)]
            d.truth["funds"][key] = dict.fromkeys(d.truth["funds"][key])


def _title_unknown(d: Drawn) -> None:
    """A title the vocabulary does not hold (``项目自评表``)."""
    d.items[0] = ("p", "项目自评表")
    d.truth["title"] = "项目自评表"


def _fields_pair(d: Drawn) -> None:
    """The project's header fields on one line, parted by ideographic spaces."""
    rows = [n for n, (k, b) in enumerate(d.items[:6]) if k == "row" and b[0] in ("项目名称", "主管部门")]
    cells = [c for n in rows for c in d.items[n][1]]
    line = "\u3000".join(f"{cells[k]}：{cells[k + 1]}" for k in range(0, len(cells), 2))
    for n in reversed(rows):
        del d.items[n]
    d.items.insert(rows[0], ("p", line))
    d.fund_rows[:] = [n - len(rows) + 1 for n in d.fund_rows]


def _unit_top(d: Drawn, unit: str) -> None:
    """The unit on a line of its own under the year line, none in the money block's corner."""
    head = d.fund_rows[0] - 1
    corner = d.items[head][1][0]
    d.items[head] = ("row", [corner.split("\n")[0], *d.items[head][1][1:]])
    d.items.insert(2, ("p", "金额单位：" + unit if unit == "元" else "（单位：万元）"))
    d.fund_rows[:] = [n + 1 for n in d.fund_rows]


def _page_footer(d: Drawn, page: int) -> None:
    """A page's footer printed between two indicator rows (a PDF or Word page break inside the form)."""
    last = max(n for n, (k, b) in enumerate(d.items) if k == "row" and len(b) >= 4 and b[0] != "一级指标")
    d.items.insert(last, ("page", f"第 {page} 页 共 {page + 1} 页" if page % 2 else f"- {page} -"))


def _year_unit(d: Drawn, unit: str) -> None:
    """The year and the unit share the line under the title; the money block's corner has no unit."""
    head = d.fund_rows[0] - 1
    d.items[head] = ("row", [d.items[head][1][0].split("\n")[0], *d.items[head][1][1:]])
    d.items[1] = ("p", d.items[1][1] + "　　　　　　单位：" + unit)


def _unit_below(d: Drawn, unit: str) -> None:
    """The unit on a line of its own under the money block's header row (a PDF's centred corner cell)."""
    head = d.fund_rows[0] - 1
    d.items[head] = ("row", [d.items[head][1][0].split("\n")[0], *d.items[head][1][1:]])
    d.items.insert(head + 1, ("p", f"单位：{unit}"))
    d.fund_rows[:] = [n + 1 for n in d.fund_rows]


def _thousands(d: Drawn) -> None:
    """Money written with thousands separators (``1,234,567.89``), as 元 columns often are."""
    for n in d.fund_rows:
        d.items[n] = (
            "row",
            [
                f"{float(c):,.2f}" if c and c[0].isdigit() and "%" not in c and "." in c else c
                for c in d.items[n][1]
            ],
        )


# ---------- samples -----------------------------------------------------------------------------------

PLAN = [  # (template index, defects)
    (0, ("chrome", "two_forms")),
    (1, ("traditional",)),
    (2, ("unit_line", "fields_line")),
    (3, ("cover", "thousands")),
    (4, ("zeros_total", "unit_label")),
    (5, ("toc",)),
    (1, ("no_placeholders",)),
    (0, ("lookalike",)),
    (3, ("breakdown_full", "narrow")),
    (4, ("breakdown_noheader",)),
    (3, ("breakdown_before", "traditional", "narrow")),
    (0, ("title_unknown", "fields_pair", "unit_top", "chrome2")),
    (2, ("fields_pair", "unit_top")),
    (4, ("zeros_total", "chrome2", "unit_top")),
    (1, ("traditional", "zeros_total", "page_footer")),
    (0, ("year_unit", "page_footer")),
    (5, ("chrome2", "fields_pair")),
    (2, ("unit_below", "page_footer")),
]
CHROME2 = ["当前位置：首页 > 政务公开 > 预决算公开", "【字体：大 中 小】  打印本页  关闭窗口", ""]
REPORT = [
    "项目支出绩效自评报告",
    "一、项目基本情况",
    "本项目全年预算数为58.00万元，全年执行数为57.13万元，执行率98.50%。",
    "二、绩效目标完成情况",
    "按一级指标、二级指标逐项自评，各项指标均已完成，总分为96分。",
]


def build(shape: str, n: int, rng: random.Random) -> tuple[list[str], list[dict[str, Any]], str]:
    tpl_index, defects = PLAN[n % len(PLAN)]
    tpl = TEMPLATES[tpl_index]
    year = rng.choice([2019, 2021, 2022, 2023])
    style = next((d.removeprefix("breakdown_") for d in defects if d.startswith("breakdown_")), None)
    forms = [draw_form(rng, tpl, year, zeros_total="zeros_total" in defects, breakdown=style)]
    if "two_forms" in defects:
        forms.append(draw_form(rng, tpl, year))
    if "lookalike" in defects:  # a table of contents and a report that names the forms' words: no form
        text = "\n".join([*TOC, "", *REPORT]) + "\n"
        return text.splitlines(), [], f"shape {shape}: look-alike (table of contents, report prose); no form"
    lines: list[str] = []
    if "chrome" in defects:
        lines += CHROME
    if "toc" in defects:
        lines += [*TOC, ""]
    if "chrome2" in defects:
        lines += CHROME2
    if "cover" in defects:
        lines += [tpl.title, "编制日期：2023年3月", ""]
    for d in forms:
        if "unit_line" in defects:
            _unit_on_own_line(d)
        if "unit_label" in defects:
            _unit_in_label(d, tpl.unit)
        if "fields_line" in defects:
            _fields_on_one_line(d)
        if "title_unknown" in defects:
            _title_unknown(d)
        if "fields_pair" in defects:
            _fields_pair(d)
        if "unit_top" in defects:
            _unit_top(d, tpl.unit)
        if "page_footer" in defects:
            _page_footer(d, rng.randint(1, 9))
        if "year_unit" in defects:
            _year_unit(d, tpl.unit)
        if "unit_below" in defects:
            _unit_below(d, tpl.unit)
        if "no_placeholders" in defects:
            _drop_placeholders(d, glued=shape == "F")
        if "thousands" in defects and shape in "AE":
            _thousands(d)
        if shape == "F":
            body = render_glued(d.items, rng, d.fund_rows)
        elif shape == "E":
            body = render_layout(d.items, rng, narrow="narrow" in defects)
        else:
            body = SHAPES[shape](d.items, rng)
        lines += [*body, ""]
    truths = [d.truth for d in forms]
    text = "\n".join(lines) + "\n"
    if "traditional" in defects:
        text, truths = _to_traditional(text), _to_traditional(truths)
    quirk = f"shape {shape}: {tpl.name} {tpl.kind} form; defects: {', '.join(defects) or 'none'}"
    return text.splitlines(), truths, quirk


def big_text(shape: str, target_bytes: int = 1_000_000, seed: str = "big") -> bytes:
    """A ~``target_bytes`` text of one shape: fresh forms drawn until the size is reached (for the bench)."""
    rng = random.Random(f"{seed}-{shape}")
    parts: list[str] = []
    size, n = 0, 0
    while size < target_bytes:
        lines, _, _ = build(shape, n, rng)
        part = "\n".join(lines) + "\n\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
        n += 1
    return "".join(parts).encode("utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for shape in "ABCDEF":
        rng = random.Random(f"shapes-{shape}")
        for n in range(len(PLAN)):
            lines, truths, quirk = build(shape, n, rng)
            name = f"shape_{shape.lower()}_{n + 1}"
            (OUT / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
            truth = {
                "sample": f"{name}.txt",
                "family": f"shape_{shape}",
                "quirk": quirk,
                "made_by": "scripts/make_shape_samples.py",
                "forms": truths,
            }
            (OUT / f"{name}.truth.json").write_text(
                json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
    print(f"wrote {6 * len(PLAN)} samples to {OUT}")


if __name__ == "__main__":
    main()
