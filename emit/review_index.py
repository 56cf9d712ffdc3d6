"""The run's front page ``review/index.html``: totals, two small histograms, and every document.

Documents are listed worst first (failed, partial, then by error and warning counts) so that a glance
shows where to look. The charts are inline SVG: execution rates (资金总额 执行率) and total scores
(总分 得分) of every form, in bands that matter to a reviewer (anything above 100 is itself suspicious).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Mapping, Sequence
from typing import IO, Any

from jixiao.emit.review_html import SEVERITIES, STATUS_LABEL, esc, page_name, severity_badges, shell

_ROWS = "\x00rows\x00"  # where the document lines go (escaped text can never contain a NUL)
BANDS: tuple[tuple[str, float, float], ...] = (  # label, low (inclusive), high (exclusive)
    ("<60", float("-inf"), 60),
    ("60–80", 60, 80),
    ("80–90", 80, 90),
    ("90–95", 90, 95),
    ("95–100", 95, 100.000001),  # 100 itself is the usual, healthy value: it belongs here
    (">100", 100.000001, float("inf")),
)
_STATUS_RANK = {"failed": 0, "partial": 1, "ok": 2}
_LABEL = 'text-anchor="middle" font-size="11"'


def band_counts(values: Sequence[float]) -> list[int]:
    """How many values fall in each of :data:`BANDS`.

    >>> band_counts([99.99, 100.0, 100.5, 59, 85])
    [1, 0, 1, 0, 2, 1]
    """
    counts = [0] * len(BANDS)
    for v in values:
        for i, (_, low, high) in enumerate(BANDS):
            if low <= v < high:
                counts[i] += 1
                break
    return counts


def histogram_svg(title: str, values: Sequence[float], color: str, chart_id: str) -> str:
    """A small bar chart (inline SVG) of ``values`` over :data:`BANDS`, with counts on the bars."""
    return _histogram(title, band_counts(values), len(values), color, chart_id)


def _histogram(title: str, counts: Sequence[int], n_values: int, color: str, chart_id: str) -> str:
    width, height, pad, bar_w = 300, 150, 22, 40
    top = max(counts) or 1
    bars = []
    for i, ((label, _, _), n) in enumerate(zip(BANDS, counts, strict=True)):
        x = 8 + i * (bar_w + 8)
        h = round((height - 2 * pad) * n / top)
        y = height - pad - h
        bars.append(
            f'<g class="bar" data-band="{esc(label)}" data-count="{n}">'
            f"<title>{esc(title)} {esc(label)}：{n}</title>"
            f'<rect x="{x}" y="{y}" width="{bar_w}" height="{h}" fill="{color}"></rect>'
            f'<text x="{x + bar_w / 2}" y="{y - 3}" {_LABEL}>{n}</text>'
            f'<text x="{x + bar_w / 2}" y="{height - 6}" {_LABEL}>{esc(label)}</text>'
            "</g>"
        )
    return (
        f"<figure><figcaption>{esc(title)}（{n_values} 个）</figcaption>"
        f'<svg id="{chart_id}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}">'
        f'<line x1="4" y1="{height - pad}" x2="{width - 4}" y2="{height - pad}" stroke="#868e96"></line>'
        f"{''.join(bars)}</svg></figure>"
    )


def _doc_row(doc: Mapping[str, Any], counts: Mapping[str, int], has_page: bool) -> str:
    status = doc["status"]
    path = esc(doc["source_path"])
    name = f'<a href="{esc(page_name(doc["doc_id"]))}.html">{path}</a>' if has_page else path
    dup = f"<br><small>重复于 {esc(doc['duplicate_of'])}</small>" if doc.get("duplicate_of") else ""
    err = esc(doc.get("error") or "")
    return (
        f'<tr data-doc="{esc(doc["doc_id"])}" data-status="{esc(status)}">'
        f"<td>{name}{dup}</td>"
        f'<td><span class="badge st-{esc(status)}">{esc(STATUS_LABEL.get(status, status))}</span></td>'
        f'<td class="num">{doc["form_count"]}</td><td class="num">{doc.get("report_count", 0)}</td>'
        f'<td class="num">{doc["coverage_pct"]:.1f}%</td>'
        + "".join(f'<td class="num sev-{s}" data-sev="{s}">{counts.get(s, 0)}</td>' for s in SEVERITIES)
        + f"<td>{err}</td></tr>"
    )


class IndexBuilder:
    """The index page built as documents stream past: one short line kept per documents row.

    Add every documents row with :meth:`add_document` (its document's anomaly counts by severity, and
    whether it has a page), each document's counts once with :meth:`add_counts`, and every execution
    rate and total score; :meth:`render` then sorts the lines (worst first) and draws the page.
    """

    def __init__(self) -> None:
        # Each line's HTML waits in a temporary file; only its sort key and place stay in memory
        # (~150 bytes a document instead of ~1.2 KB): the index of a 100,000-file run stays small.
        self._lines: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  (goes with the builder)
        self.keys: list[tuple[tuple[Any, ...], int, int]] = []  # sort key, offset, length
        self.totals = dict.fromkeys(SEVERITIES, 0)
        self.by_status: dict[str, int] = {}
        self.forms = 0
        self.rates = [0] * len(BANDS)
        self.scores = [0] * len(BANDS)
        self.rate_n = self.score_n = 0

    def add_document(self, doc: Mapping[str, Any], counts: Mapping[str, int], has_page: bool) -> None:
        key = (
            _STATUS_RANK.get(doc["status"], 3),
            -counts.get("error", 0),
            -counts.get("warning", 0),
            doc["source_path"],
        )
        line = _doc_row(doc, counts, has_page).encode()
        self.keys.append((key, self._lines.tell(), len(line)))
        self._lines.write(line)
        self.by_status[doc["status"]] = self.by_status.get(doc["status"], 0) + 1
        if not doc.get("duplicate_of"):
            self.forms += int(doc["form_count"])

    def add_counts(self, counts: Mapping[str, int]) -> None:
        for s in SEVERITIES:
            self.totals[s] += counts.get(s, 0)

    def add_values(self, rates: Sequence[float], scores: Sequence[float]) -> None:
        for i, n in enumerate(band_counts(rates)):
            self.rates[i] += n
        for i, n in enumerate(band_counts(scores)):
            self.scores[i] += n
        self.rate_n += len(rates)
        self.score_n += len(scores)

    def close(self) -> None:
        """Drop the temporary file of lines (the builder renders nothing after this)."""
        self._lines.close()

    def render(self) -> str:
        """The index page (see :meth:`render_to`)."""
        out = io.StringIO()
        self.render_to(out)
        return out.getvalue()

    def render_to(self, fh: IO[str]) -> None:
        """Write the index page to ``fh``, the lines read back from the temporary file in order."""
        status_text = "，".join(f"{STATUS_LABEL.get(k, k)} {v}" for k, v in sorted(self.by_status.items()))
        self.keys.sort()  # equal keys keep their arrival order: offsets grow with it
        header = (
            "<h1>绩效自评数据 · 审阅</h1>"
            f'<div class="meta">文件 {len(self.keys)}（{esc(status_text)}） · 自评表 {self.forms} · '
            f"异常 {severity_badges(self.totals)} · "
            '<a href="units/index.html">单位逐年对照</a></div>'  # NOTE: emit.review_units.UNITS_INDEX
        )
        body = (
            '<section class="index"><div class="charts">'
            + _histogram("执行率(%)", self.rates, self.rate_n, "#1971c2", "chart-execution")
            + _histogram("总分得分", self.scores, self.score_n, "#2b8a3e", "chart-score")
            + '</div><table class="list" id="documents"><thead><tr><th>文件</th><th>状态</th>'
            "<th>表格数</th><th>报告数</th><th>覆盖率</th><th>错误</th><th>警告</th><th>提示</th>"
            f"<th>说明</th></tr></thead><tbody>{_ROWS}</tbody></table></section>"
        )
        before, after = shell("绩效自评数据 · 审阅", header, body).split(_ROWS)
        fh.write(before)
        for _, offset, length in self.keys:
            self._lines.seek(offset)
            fh.write(self._lines.read(length).decode())
        fh.write(after)


def render_index(
    documents: Sequence[Mapping[str, Any]],
    anomaly_counts: Mapping[str, Mapping[str, int]],
    execution_rates: Sequence[float],
    scores: Sequence[float],
    pages: set[str],
) -> str:
    """The index page. ``anomaly_counts``: doc_id → severity → count; ``pages``: doc ids with a page."""
    index = IndexBuilder()
    for d in documents:
        index.add_document(d, anomaly_counts.get(d["doc_id"], {}), d["doc_id"] in pages)
    for counts in anomaly_counts.values():
        index.add_counts(counts)
    index.add_values(execution_rates, scores)
    return index.render()
