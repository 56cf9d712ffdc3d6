"""A document's whole review page: header, the redrawn source (``review_doc``) and the side panel.

The panel holds the details of every marked cell (shown when its link is the page's ``:target``), the
anomalies sorted by severity, the repaired values and the report amounts, each linking to its place.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.emit.review_doc import DocData, Marks, index_layout, place_marks, render_layout
from jixiao.emit.review_html import (
    FLAGGED_STATUSES,
    SEVERITIES,
    SEVERITY_LABEL,
    STATUS_LABEL,
    badge_html,
    esc,
    esc_lines,
    severity_badges,
    shell,
)
from jixiao.emit.review_text import (
    Record,
    anomaly_line,
    anomaly_text,
    facts_flagged,
    field_title,
    location_text,
    repair_text,
)
from jixiao.emit.sheet_content import doc_traits
from jixiao.schemas.rules import rule_name_zh

_SEV_RANK = {s: i for i, s in enumerate(SEVERITIES)}
LEGEND = (
    '<p class="legend">图例：<span class="v-ok">读取正常</span><span class="v-repaired">已修复</span>'
    '<span class="v-ambiguous">存疑/无法解析</span><span class="anom-error">错误</span>'
    '<span class="anom-warning">警告</span><mark class="fact">报告中核对的金额</mark>'
    "（悬停看原文，点击看详情）</p>"
)


def _kv(rows: Sequence[tuple[str, str]]) -> str:
    # the keys are this module's own labels (nothing to escape), the values already HTML
    body = "".join([f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows])
    return f'<table class="kv">{body}</table>'


def _raw(text: object) -> str:
    return f'<span class="raw">{esc(text)}</span>' if text not in (None, "") else "—"


def _value_detail(v: Record) -> str:
    return _kv(
        [
            ("字段", esc(f"{field_title(v['table'], v['field'])}（{v['table']} · {v['row_key']}）")),
            ("原文", _raw(v["raw"])),
            ("取值", _raw(v["value"])),
            ("书写单位", esc(v.get("unit_written") or "—")),
            ("状态", esc(STATUS_LABEL.get(v["status"], v["status"]))),
            ("修复", esc(repair_text(v["repairs"]) or "—")),
        ]
    )


def _fact_detail(f: Record) -> str:
    return _kv(
        [
            ("报告金额", esc(f.get("subject") or "—")),
            ("原文", _raw(f["raw"])),
            ("金额(元)", _raw(f.get("amount_yuan"))),
            ("书写单位", esc(f.get("unit_written") or "—")),
            ("状态", esc(STATUS_LABEL.get(f["status"], f["status"]))),
        ]
    )


def _anomaly_item(a: Record, elem_id: str | None) -> str:
    where = esc(location_text(a.get("location")) or "（无位置）")
    link = f'<a class="loc" href="#{elem_id}">{where}</a>' if elem_id else f'<span class="loc">{where}</span>'
    sev = esc(a["severity"])
    loc = esc(location_text(a.get("location")))
    return (
        f'<li class="sev-{sev}" data-rule="{esc(a["rule"])}" data-loc="{loc}">'
        f'<span class="badge sev-{sev}">{esc(SEVERITY_LABEL.get(a["severity"], a["severity"]))}</span> '
        f'<span class="rule-zh">{esc(rule_name_zh(a["rule"]))}</span> '
        f'<span class="rule">{esc(a["rule"])}</span> {link}<br>{esc(anomaly_text(a))}</li>'
    )


def _details(marks: Marks, texts: dict[str, str]) -> str:
    out = [
        '<div class="details" id="details"><h2>详情</h2>',
        '<p class="hint">点击带颜色的单元格或带下划线的金额，这里显示原文、取值与修复说明。</p>',
    ]
    ids = sorted(set(marks.values) | set(marks.anomalies) | set(marks.facts), key=_natural)
    for elem_id in ids:
        parts = [f'<section class="detail" id="d-{elem_id}">']
        parts.append(f'<div class="loc">{esc(texts.get(elem_id, ""))}</div>')
        parts += [_value_detail(v) for v in marks.values.get(elem_id, [])]
        parts += [_fact_detail(f) for f in marks.facts.get(elem_id, [])]
        parts += [
            f'<p class="note sev-{esc(a["severity"])}">⚠ {esc(anomaly_line(a))}</p>'
            for a in marks.anomalies.get(elem_id, [])
        ]
        parts.append("</section>")
        out.append("".join(parts))
    out.append("</div>")
    return "".join(out)


def _natural(elem_id: str) -> tuple[int, ...]:
    # "t12r3c4" → (12, 3, 4): page order rather than string order
    digits, nums = "", []
    for ch in elem_id:
        if ch.isdigit():
            digits += ch
        elif digits:
            nums.append(int(digits))
            digits = ""
    if digits:
        nums.append(int(digits))
    return tuple(nums)


def _panel(data: DocData, marks: Marks, where: dict[int, str], texts: dict[str, str]) -> str:
    anomalies = sorted(data.anomalies, key=lambda a: _SEV_RANK.get(a["severity"], 9))
    out = ['<aside class="panel">', _details(marks, texts)]
    out.append(f'<h2>异常（{len(anomalies)}）</h2><ul class="items" id="anomaly-list">')
    out += [_anomaly_item(a, where.get(id(a))) for a in anomalies]
    out.append("</ul>")
    flagged = [v for v in data.values if v["status"] in FLAGGED_STATUSES]
    out.append(f'<h2>修复或存疑的取值（{len(flagged)}）</h2><ul class="items" id="value-list">')
    for v in flagged:
        elem = where.get(id(v))
        loc = esc(location_text(v.get("location")))
        link = f'<a class="loc" href="#d-{elem}">{loc}</a>' if elem else f'<span class="loc">{loc}</span>'
        out.append(
            f'<li data-loc="{loc}" data-status="{esc(v["status"])}">{link} '
            f"{esc(field_title(v['table'], v['field']))}：{_raw(v['raw'])} → {_raw(v['value'])}"
            f"<br><small>{esc(repair_text(v['repairs']) or STATUS_LABEL.get(v['status'], ''))}"
            "</small></li>"
        )
    out.append("</ul>")
    out.append(f'<h2>报告中核对的金额（{len(data.facts)}）</h2><ul class="items" id="fact-list">')
    for f, concerned in zip(data.facts, facts_flagged(data.facts, data.anomalies), strict=True):
        elem = where.get(id(f))
        loc = esc(location_text(f.get("location")))
        link = f'<a class="loc" href="#d-{elem}">{loc}</a>' if elem else f'<span class="loc">{loc}</span>'
        flag = " ⚠" if concerned else ""
        out.append(
            f'<li data-loc="{loc}">{link} {esc(f.get("subject") or "")}：{_raw(f["raw"])}'
            f" → {esc(f.get('amount_yuan') if f.get('amount_yuan') is not None else '—')} 元{flag}</li>"
        )
    out.append("</ul>")
    if marks.unplaced:
        out.append(f'<h2>未定位（{len(marks.unplaced)}）</h2><ul class="items" id="unplaced-list">')
        for kind, rec in marks.unplaced:
            loc = esc(location_text(rec.get("location")))
            out.append(f'<li><span class="rule">{esc(kind)}</span> {loc}</li>')
        out.append("</ul>")
    out.append("</aside>")
    return "".join(out)


def _names(data: DocData) -> str:
    """单位 · 项目 · 年度 of the document's forms, so a page names what it is about (not only a hash)."""
    traits = doc_traits(data.forms, ())
    projects = sorted({f["project"] for f in data.forms if f.get("project")})
    bits = [("单位", traits.unit), ("项目", "、".join(projects)), ("年度", traits.year)]
    text = " · ".join(f"{k} {v}" for k, v in bits if v)
    return f'<br><span class="names">{esc(text)}</span>' if text else ""


def _header(data: DocData) -> str:
    first = data.documents[0]
    paths = "；".join(d["source_path"] for d in data.documents)
    counts = {s: sum(1 for a in data.anomalies if a["severity"] == s) for s in SEVERITIES}
    return (
        '<div><a href="index.html">← 全部文件</a></div>'
        f"<h1>{esc(paths)}</h1>"
        f'<div class="meta">{badge_html(first["status"], counts)} '
        f"格式 {esc(first['source_format'])} · 表格 {first['form_count']} · "
        f"报告 {first.get('report_count', 0)}"
        f" · 覆盖率 {first['coverage_pct']:g}% · 异常 {severity_badges(counts)}"
        + _names(data)
        + f"<br>文件编号 {esc(data.doc_id)}"
        + (f"<br>错误：{esc(first['error'])}" if first.get("error") else "")
        + "</div>"
    )


def _without_layout(data: DocData) -> str:
    """When no layout was kept (a failed file, or a run without layouts): the report text as read."""
    out = ['<p class="hint">没有保存该文件的版式，无法按原样重绘；下面是读到的报告正文。</p>']
    for s in data.sections:
        heading = f"{s.get('numbering') or ''}{s.get('heading') or ''}"
        loc = esc(location_text(s.get("location")))
        out.append(f'<p class="para" data-loc="{loc}"><b>{esc(heading)}</b></p>')
        if s.get("text"):
            out.append(f'<p class="para">{esc_lines(s["text"])}</p>')
    return "\n".join(out)


def render_doc_page(data: DocData) -> str:
    """The complete HTML of one document's review page."""
    marks = Marks()
    texts: dict[str, str] = {}
    where: dict[int, str] = {}
    if data.layout is not None:
        index, owner = index_layout(data.layout)
        marks = place_marks(data, index, owner)
        marks.crops = data.crops
        for group in (marks.values, marks.anomalies, marks.facts):
            for elem_id, recs in group.items():
                for rec in recs:
                    where[id(rec)] = elem_id
                    texts.setdefault(elem_id, location_text(rec.get("location")))
        main = LEGEND + render_layout(data.layout, marks)
    else:
        main = _without_layout(data)
    body = f'<div class="wrap"><main class="doc">{main}</main>{_panel(data, marks, where, texts)}</div>'
    title = f"审阅 · {data.documents[0]['source_path']}"
    return shell(title, _header(data), body)
