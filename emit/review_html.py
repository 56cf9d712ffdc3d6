"""Shared pieces of the review pages: escaping, the page shell, CSS, labels and file names.

Pages are self-contained: inline CSS and SVG only, no fonts or images fetched, and a
Content-Security-Policy that forbids any network access, so they open the same from ``file://``.
Document pages run no script; the index runs one inline script (sorting and filtering), allowed by
its SHA-256 hash in the policy and by nothing else. Every piece of submission text goes through
:func:`esc` (``html.escape`` with quotes). A print stylesheet lays a form out on A4 landscape.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

from jixiao.emit.safety import XML_FORBIDDEN_RE, xml_text
from jixiao.schemas.rules import SEVERITY_ZH

SEVERITIES = ("error", "warning", "info")
SEVERITY_LABEL = SEVERITY_ZH  # the rule catalogue's words
STATUS_LABEL = {
    "ok": "正常",
    "repaired": "已修复",
    "approximate": "近似值",
    "ambiguous": "有歧义",
    "invalid": "无法解析",
    "empty": "空",
    "partial": "部分读取",
    "failed": "读取失败",
    "skipped": "未读取",  # a file found and not read (documents.error says why)
}
FLAGGED_STATUSES = ("repaired", "approximate", "ambiguous", "invalid")  # values worth a highlight
_SAFE_NAME = re.compile(r"[0-9A-Za-z_-]{1,100}")  # doc ids are sha256 hex; anything else is hashed

FONT_STACK = '"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif'
# NOTE: no url() anywhere: the CSP below would block it and file:// pages must not reach out.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

# Print: one column, nothing scrolls or sticks, and a form's cells may wrap anywhere, so the widest
# form (执行数/分值/执行率/得分 at its right edge) fits the width of A4 landscape.
PRINT_CSS = """
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { background:#fff; font-size:9pt; }
  header.top { background:none; color:#000; padding:0 0 4px; }
  header.top a, .legend, .details, .filters { display:none; }
  .wrap { display:block; padding:0; }
  main.doc { border:none; padding:0; overflow:visible; }
  aside.panel { position:static; max-height:none; overflow:visible; border:none; padding:0;
    break-before:page; }
  table.form { width:100%; font-size:8pt; }
  table.form td { min-width:0; padding:1px 2px; overflow-wrap:anywhere; word-break:break-all; }
  table.form tr { break-inside:avoid; }
  .note { font-size:7pt; }
  table.list th { position:static; }
}
"""

CSS = f"""
:root {{ --err:#c92a2a; --warn:#e8590c; --info:#1971c2; --rep:#ffec99; --bad:#ffc9c9; --line:#ced4da; }}
* {{ box-sizing: border-box; }}
body {{ margin:0; font-family:{FONT_STACK}; font-size:14px; line-height:1.5; color:#212529;
  background:#f8f9fa; }}
a {{ color:#1c5fb0; }}
header.top {{ padding:10px 20px; background:#243b53; color:#fff; }}
header.top a {{ color:#d0ebff; }}
header.top h1 {{ font-size:18px; margin:0 0 2px; }}
header.top .meta {{ font-size:12px; opacity:.85; word-break:break-all; }}
.wrap {{ display:grid; grid-template-columns:minmax(0,1fr) 380px; gap:16px; padding:12px 16px; }}
main.doc {{ background:#fff; border:1px solid var(--line); padding:16px 20px; min-width:0; overflow-x:auto; }}
aside.panel {{ position:sticky; top:0; align-self:start; max-height:100vh; overflow-y:auto;
  background:#fff; border:1px solid var(--line); padding:10px 12px; font-size:13px; }}
aside.panel h2 {{ font-size:14px; margin:12px 0 6px; border-bottom:1px solid var(--line); }}
p.para {{ margin:4px 0; white-space:normal; }}
table.form {{ border-collapse:collapse; margin:10px 0 18px; width:100%; table-layout:auto; }}
table.form td {{ border:1px solid #868e96; padding:3px 5px; vertical-align:top; min-width:2.5em; }}
table.form td.gap {{ border-style:dotted; background:#f1f3f5; }}
.v-ok {{ background:#f4fce3; }}
.v-repaired, .v-approximate {{ background:var(--rep); }}
.v-ambiguous, .v-invalid {{ background:var(--bad); }}
.anom-error {{ outline:2px solid var(--err); outline-offset:-2px; }}
.anom-warning {{ outline:2px solid var(--warn); outline-offset:-2px; }}
.anom-info {{ outline:1px dashed var(--info); outline-offset:-2px; }}
a.cell-link {{ color:inherit; text-decoration:none; display:block; }}
.note {{ display:block; margin-top:3px; padding:1px 4px; font-size:12px; border-left:3px solid;
  background:#fff; }}
.note.sev-error {{ border-color:var(--err); color:var(--err); }}
.note.sev-warning {{ border-color:var(--warn); color:#a0410a; }}
.note.sev-info {{ border-color:var(--info); color:var(--info); }}
mark.fact {{ background:#d3f9d8; border-bottom:2px solid #2b8a3e; padding:0 1px; }}
mark.fact.anom {{ background:#ffe3e3; border-bottom-color:var(--err); }}
mark.fact.st-approximate, mark.fact.st-ambiguous {{ border-bottom-style:dashed; }}
.form-banner {{ margin:18px 0 4px; padding:4px 8px; background:#e7f5ff; border-left:4px solid var(--info);
  font-weight:bold; }}
.badge {{ display:inline-block; min-width:1.6em; padding:0 6px; border-radius:9px; font-size:12px;
  text-align:center; color:#fff; background:#868e96; }}
.badge.sev-error, .badge.st-failed {{ background:var(--err); }}
.badge.sev-warning, .badge.st-partial {{ background:var(--warn); }}
.badge.sev-info {{ background:var(--info); }}
.badge.st-ok {{ background:#2b8a3e; }}
.badge.zero {{ background:#dee2e6; color:#495057; }}
ul.items {{ list-style:none; padding:0; margin:0; }}
ul.items li {{ padding:4px 0 4px 6px; border-bottom:1px solid #f1f3f5; border-left:3px solid transparent; }}
ul.items li.sev-error {{ border-left-color:var(--err); }}
ul.items li.sev-warning {{ border-left-color:var(--warn); }}
ul.items li.sev-info {{ border-left-color:var(--info); }}
.rule {{ font-family:monospace; font-size:12px; color:#495057; }}
.loc {{ font-family:monospace; font-size:12px; }}
.raw {{ font-family:monospace; background:#f1f3f5; padding:0 3px; white-space:pre-wrap; }}
.details .detail {{ display:none; }}
.details .detail:target {{ display:block; background:#fff9db; border:1px solid #fab005; padding:6px; }}
.details:has(.detail:target) .hint {{ display:none; }}
.hint {{ color:#868e96; }}
table.kv {{ border-collapse:collapse; width:100%; margin:4px 0; }}
table.kv th {{ text-align:left; font-weight:normal; color:#495057; width:5.5em; vertical-align:top; }}
table.kv td, table.kv th {{ border-bottom:1px solid #f1f3f5; padding:1px 3px; word-break:break-all; }}
table.list {{ border-collapse:collapse; width:100%; background:#fff; }}
table.list th, table.list td {{ border:1px solid var(--line); padding:4px 6px; text-align:left; }}
table.list th {{ background:#e9ecef; position:sticky; top:0; }}
table.list td.num {{ text-align:right; font-variant-numeric:tabular-nums; }}
section.index {{ padding:12px 20px; }}
.charts {{ display:flex; flex-wrap:wrap; gap:24px; margin:8px 0 16px; }}
.charts figure {{ margin:0; background:#fff; border:1px solid var(--line); padding:6px 10px; }}
.charts figcaption {{ font-size:13px; font-weight:bold; }}
.legend {{ font-size:12px; margin:0 0 8px; color:#495057; }}
.legend span {{ display:inline-block; margin-right:10px; padding:0 5px; border:1px solid #adb5bd; }}
.rule-zh {{ font-weight:bold; }}
.filters {{ display:flex; flex-wrap:wrap; gap:12px; margin:0 0 8px; font-size:13px; }}
table.list th.sortable {{ cursor:pointer; }}
table.list th.sortable::after {{ content:" ⇅"; color:#adb5bd; }}
table.list th[aria-sort="ascending"]::after {{ content:" ▲"; color:#495057; }}
table.list th[aria-sort="descending"]::after {{ content:" ▼"; color:#495057; }}
{PRINT_CSS}"""


# text that neither html.escape nor xml_text would change
_PLAIN_RE = re.compile("[^&<>\"'" + XML_FORBIDDEN_RE.pattern[1:-1] + "]*")


def esc(text: object) -> str:
    """Text safe in element content and in quoted attributes (characters XML forbids spelled out).

    >>> esc('<td title="x">=HYPERLINK("a")</td>')
    '&lt;td title=&quot;x&quot;&gt;=HYPERLINK(&quot;a&quot;)&lt;/td&gt;'
    """
    text = text if type(text) is str else str(text)
    if _PLAIN_RE.fullmatch(text):  # most text needs nothing: one scan instead of six
        return text
    return html.escape(xml_text(text), quote=True)


def esc_lines(text: str) -> str:
    """Escaped text with its line breaks kept as ``<br>``."""
    return "<br>".join(esc(line) for line in text.split("\n"))


def page_name(doc_id: str) -> str:
    """The file stem of a document's page (and layout file): the doc id when it is filename-safe.

    >>> page_name("a8e44bc6"), page_name("../x")[:8]
    ('a8e44bc6', 'h-d6b96a')
    """
    if _SAFE_NAME.fullmatch(doc_id):
        return doc_id
    return "h-" + hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:32]


def script_hash(script: str) -> str:
    """The CSP source that allows exactly this inline script and no other."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def shell(title: str, header: str, body: str, script: str = "") -> str:
    """A whole HTML page: ``header`` and ``body`` are already-escaped HTML fragments; ``script`` (our
    own, never submission text) runs at the end of the body, allowed by its hash."""
    csp = CSP + (f"; script-src {script_hash(script)}" if script else "")
    tail = f"<script>{script}</script>\n" if script else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header class="top">{header}</header>\n{body}\n{tail}</body>\n</html>\n'
    )


# a document's badge: its reading status, unless an anomaly is worse (never a green 正常 beside errors)
_BADGE_RANK = ("failed", "error", "partial", "warning")
_BADGE = {
    "failed": ("st-failed", "读取失败"),
    "error": ("sev-error", "有错误"),
    "partial": ("st-partial", "部分读取"),
    "warning": ("sev-warning", "有警告"),
}


def document_badge(status: str, counts: dict[str, int]) -> tuple[str, str, str]:
    """(key, CSS class, Chinese label) of a document by its worst trait: failed, errors, partial,
    warnings, else its status.

    >>> document_badge("ok", {"error": 2}), document_badge("ok", {"info": 1})[2]
    (('error', 'sev-error', '有错误'), '正常')
    """
    traits = {status} | {s for s, n in counts.items() if n}
    for key in _BADGE_RANK:
        if key in traits:
            return (key, *_BADGE[key])
    return (status, f"st-{status}", STATUS_LABEL.get(status, status))


def badge_html(status: str, counts: dict[str, int]) -> str:
    key, cls, label = document_badge(status, counts)
    return f'<span class="badge {esc(cls)}" data-badge="{esc(key)}">{esc(label)}</span>'


def severity_badges(counts: dict[str, int]) -> str:
    """Three little count badges (错误/警告/提示); zeros greyed out."""
    out = []
    for sev in SEVERITIES:
        n = counts.get(sev, 0)
        cls = f"sev-{sev}" if n else "zero"
        out.append(f'<span class="badge {cls}" title="{SEVERITY_LABEL[sev]}">{n}</span>')
    return " ".join(out)
