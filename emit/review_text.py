"""What a review page says about a value, an anomaly or a report amount, as plain text (callers escape).

The same words serve the redrawn source (a cell's ``title`` to hover, ``emit.review_doc``) and the side
panel (``emit.review_page``), so a value reads alike in both.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from jixiao.emit.review_html import SEVERITY_LABEL, STATUS_LABEL
from jixiao.extract.layout import Location
from jixiao.schemas import TABLES
from jixiao.schemas.rules import rule_name_zh

Record = Mapping[str, Any]


def repair_text(repairs: Sequence[str]) -> str:
    """Repair slugs with their explanations (when the normaliser describes them)."""
    if not repairs:
        return ""
    from jixiao.normalize.amount_repairs import REPAIR_DESCRIPTIONS

    parts = []
    for slug in repairs:
        note = REPAIR_DESCRIPTIONS.get(slug)
        parts.append(f"{slug}（{note}）" if note else slug)
    return "；".join(parts)


def location_text(loc: Location | None) -> str:
    """A location as the tables write it ("" for none)."""
    return "" if loc is None else str(loc)


@functools.cache  # a page asks for the same few columns many times
def field_title(table: str, column: str) -> str:
    """The column's title in the contract (``schemas.TABLES``); the column's name when the table lacks it."""
    spec = TABLES.get(table)
    if spec is not None and column in spec.names:
        return spec.column(column).title
    return column


def value_title(v: Record) -> str:
    """A value's field, raw text, value, status and repairs, one per line (a cell's hover text)."""
    lines = [
        f"{field_title(v['table'], v['field'])}（{v['table']} · {v['row_key']} · {v['field']}）",
        f"原文：{v['raw'] if v['raw'] is not None else ''}",
        f"取值：{v['value'] if v['value'] is not None else '—'}"
        + (f"（书写单位 {v['unit_written']}）" if v.get("unit_written") else ""),
        f"状态：{STATUS_LABEL.get(v['status'], v['status'])}",
    ]
    if v.get("repairs"):
        lines.append(f"修复：{repair_text(v['repairs'])}")
    return "\n".join(lines)


def anomaly_text(a: Record) -> str:
    """The message with what was expected and what was found."""
    text = str(a["message"])
    if a.get("expected") is not None or a.get("observed") is not None:
        text += f"（应为 {a.get('expected') or '—'}，实为 {a.get('observed') or '—'}）"
    return text


def anomaly_line(a: Record) -> str:
    """ "警告 金额单位疑似写错（unit.mislabeled）：…": severity and rule in Chinese, the id beside."""
    sev = SEVERITY_LABEL.get(a["severity"], a["severity"])
    return f"{sev} {rule_label(a['rule'])}：{anomaly_text(a)}"


def rule_label(rule_id: str) -> str:
    """The rule's Chinese name with its id, or the id alone when the catalogue lacks it."""
    name = rule_name_zh(rule_id)
    return f"{name}（{rule_id}）" if name != rule_id else rule_id


def fact_title(f: Record, anomalies: Sequence[Record]) -> str:
    """A report amount's subject, raw text, amount and status, then the anomalies about it (hover text)."""
    lines = [
        f"报告中的金额：{f.get('subject') or ''}",
        f"原文：{f['raw']}",
        f"金额：{f['amount_yuan'] if f.get('amount_yuan') is not None else '—'} 元"
        + (f"（书写单位 {f['unit_written']}）" if f.get("unit_written") else ""),
        f"状态：{STATUS_LABEL.get(f['status'], f['status'])}",
    ]
    lines += [anomaly_line(a) for a in anomalies]
    return "\n".join(lines)


def facts_flagged(facts: Sequence[Record], anomalies: Sequence[Record]) -> list[bool]:
    """For each fact, whether :func:`fact_anomalies` finds any anomaly of ``anomalies`` about it: one
    search in all messages at once per fact instead of one per message (a long report has many of both).
    """
    if not anomalies:
        return [False] * len(facts)
    observed = {a.get("observed") for a in anomalies}
    messages = "\n".join(a.get("message") or "" for a in anomalies)
    out = []
    for f in facts:
        raw = f["raw"]
        if "\n" in raw:  # could span two messages in the joined text: each message on its own
            out.append(bool(fact_anomalies(f, anomalies)))
        else:
            out.append(raw in messages or raw in observed)
    return out


def fact_anomalies(fact: Record, anomalies: Iterable[Record]) -> list[Record]:
    # An anomaly at the fact's paragraph concerns this fact when it quotes the fact's raw text.
    raw = fact["raw"]
    return [a for a in anomalies if raw in (a.get("message") or "") or raw == a.get("observed")]
