"""The run's front page ``review/index.html``: totals, two small histograms, and every document.

Documents are listed worst first (failed, partial, then by error and warning counts) so that a glance
shows where to look. The charts are inline SVG: execution rates (资金总额 执行率) and total scores
(总分 得分) of every form, in bands that matter to a reviewer (anything above 100 is itself suspicious).

The list can be filtered by status, unit (单位), year and rule, and sorted by any column, in the page
itself (one small inline script, :data:`INDEX_SCRIPT`; no server). The filters also read the address's
query or fragment (``index.html?rule=unit.mislabeled&year=2023``, ``#status=error``), so a filtered
view can be shared as a link.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from typing import IO, Any

from jixiao.emit.review_html import (
    SEVERITIES,
    STATUS_LABEL,
    badge_html,
    document_badge,
    esc,
    page_name,
    severity_badges,
    shell,
)
from jixiao.emit.review_units import RATE_COLOR, SCORE_COLOR, UNITS_INDEX
from jixiao.emit.sheet_content import DocTraits
from jixiao.schemas.rules import rule_name_zh

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
_FILTERS = (("status", "状态"), ("unit", "单位"), ("year", "年度"), ("rule", "规则"))
_BADGE_ORDER = ("failed", "error", "partial", "warning", "ok")

# NOTE: plain ES5 so any browser runs it; it only reads data-* attributes our Python wrote.
INDEX_SCRIPT = """(function () {
  var table = document.getElementById("documents"), body = table.tBodies[0];
  var keys = ["status", "unit", "year", "rule"];
  var params = new URLSearchParams(location.hash.slice(1) || location.search.slice(1));
  function pick(k) { return document.getElementById("f-" + k); }
  function matches(tr, want) {
    var d = tr.dataset;
    // 状态 filters by the badge (worst trait); a partial or failed read also by its own status
    var status = !want.status || d.badge === want.status ||
      (want.status !== "ok" && d.status === want.status);
    return status &&
      (!want.unit || d.unit === want.unit) && (!want.year || d.year === want.year) &&
      (!want.rule || (" " + d.rules + " ").indexOf(" " + want.rule + " ") >= 0);
  }
  function apply() {
    var want = {}, shown = 0;
    keys.forEach(function (k) { want[k] = pick(k).value; });
    Array.prototype.forEach.call(body.rows, function (tr) {
      tr.hidden = !matches(tr, want);
      if (!tr.hidden) { shown += 1; }
    });
    document.getElementById("shown").textContent = String(shown);
  }
  function sortBy(th, asc) {
    var col = th.cellIndex, num = th.dataset.type === "num";
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    function key(tr) {
      var c = tr.cells[col];
      return c.dataset.sort !== undefined ? c.dataset.sort : c.textContent;
    }
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var d = num ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "zh");
      return asc ? d : -d;
    });
    rows.forEach(function (tr) { body.appendChild(tr); });
  }
  keys.forEach(function (k) {
    var value = params.get(k);
    if (value !== null) { pick(k).value = value; }
    pick(k).addEventListener("change", apply);
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    if (!th.classList.contains("sortable")) { return; }
    th.addEventListener("click", function () { sortBy(th, th.getAttribute("aria-sort") !== "ascending"); });
    if (params.get("sort") === th.dataset.key) { sortBy(th, params.get("order") !== "desc"); }
  });
  apply();
})();
"""


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


def _doc_row(doc: Mapping[str, Any], counts: Mapping[str, int], has_page: bool, traits: DocTraits) -> str:
    status = doc["status"]
    badge = document_badge(status, dict(counts))[0]
    path = esc(doc["source_path"])
    name = f'<a href="{esc(page_name(doc["doc_id"]))}.html">{path}</a>' if has_page else path
    dup = f"<br><small>重复于 {esc(doc['duplicate_of'])}</small>" if doc.get("duplicate_of") else ""
    err = esc(doc.get("error") or "")
    unit = esc(traits.unit or "")
    year = "" if traits.year is None else str(traits.year)
    rules = "、".join(esc(rule_name_zh(r)) for r in traits.rules)
    return (
        f'<tr data-doc="{esc(doc["doc_id"])}" data-status="{esc(status)}" data-badge="{esc(badge)}" '
        f'data-unit="{unit}" data-year="{year}" data-rules="{esc(" ".join(traits.rules))}">'
        f"<td>{name}{dup}</td><td>{unit}</td>"
        f'<td class="num">{year}</td>'
        f'<td data-sort="{_BADGE_ORDER.index(badge) if badge in _BADGE_ORDER else 9}">'
        f"{badge_html(status, dict(counts))}</td>"
        f'<td class="num">{doc["form_count"]}</td><td class="num">{doc.get("report_count", 0)}</td>'
        f'<td class="num" data-sort="{doc["coverage_pct"]}">{doc["coverage_pct"]:.1f}%</td>'
        + "".join(f'<td class="num sev-{s}" data-sev="{s}">{counts.get(s, 0)}</td>' for s in SEVERITIES)
        + f"<td>{rules}</td><td>{err}</td></tr>"
    )


# (key, title, numeric?) of the list's columns, in order  NOTE: keep in sync with _doc_row
_COLUMNS = (
    ("file", "文件", False),
    ("unit", "单位", False),
    ("year", "年度", True),
    ("status", "状态", True),
    ("forms", "表格数", True),
    ("reports", "报告数", True),
    ("coverage", "覆盖率", True),
    ("error", "错误", True),
    ("warning", "警告", True),
    ("info", "提示", True),
    ("rules", "规则", False),
    ("note", "说明", False),
)


def _head() -> str:
    cells = "".join(
        f'<th class="sortable" data-key="{key}"' + (' data-type="num"' if num else "") + f">{title}</th>"
        for key, title, num in _COLUMNS
    )
    return f"<thead><tr>{cells}</tr></thead>"


def _select(key: str, title: str, options: Sequence[tuple[str, str]]) -> str:
    opts = "".join(f'<option value="{esc(v)}">{esc(label)}</option>' for v, label in options)
    return f'<label>{title} <select id="f-{key}"><option value="">全部</option>{opts}</select></label>'


class IndexBuilder:
    """The index page built as documents stream past: one short line kept per documents row.

    Add every documents row with :meth:`add_document` (its document's anomaly counts by severity, and
    whether it has a page), each document's counts once with :meth:`add_counts`, and every execution
    rate and total score; :meth:`render_to` then sorts the lines (worst first) and draws the page.
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
        self.badges: set[str] = set()
        self.units: set[str] = set()
        self.years: set[int] = set()
        self.rules: set[str] = set()

    def add_document(
        self,
        doc: Mapping[str, Any],
        counts: Mapping[str, int],
        has_page: bool,
        traits: DocTraits | None = None,
    ) -> None:
        traits = traits if traits is not None else DocTraits()
        key = (
            _STATUS_RANK.get(doc["status"], 3),
            -counts.get("error", 0),
            -counts.get("warning", 0),
            doc["source_path"],
        )
        line = _doc_row(doc, counts, has_page, traits).encode()
        self.badges.add(document_badge(doc["status"], dict(counts))[0])
        if doc["status"] != "ok":  # a partial or failed read is also found by its own status
            self.badges.add(doc["status"])
        self.units.update([traits.unit] if traits.unit else [])
        self.years.update([traits.year] if traits.year is not None else [])
        self.rules.update(traits.rules)
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

    def _filters(self) -> str:
        labels = {"error": "有错误", "warning": "有警告", **STATUS_LABEL}
        order = {k: i for i, k in enumerate(_BADGE_ORDER)}
        statuses = sorted(self.badges, key=lambda k: (order.get(k, 9), k))
        options = {
            "status": [(k, labels.get(k, k)) for k in statuses],
            "unit": [(u, u) for u in sorted(self.units)],
            "year": [(str(y), str(y)) for y in sorted(self.years)],
            "rule": [(r, f"{rule_name_zh(r)}（{r}）") for r in sorted(self.rules)],
        }
        selects = "".join(_select(key, title, options[key]) for key, title in _FILTERS)
        return (
            f'<div class="filters">{selects}<span>显示 <b id="shown">{len(self.keys)}</b> 个文件</span></div>'
        )

    def close(self) -> None:
        """Drop the temporary file of lines (the builder renders nothing after this)."""
        self._lines.close()

    def render_to(self, fh: IO[str]) -> None:
        """Write the index page to ``fh``, the lines read back from the temporary file in order."""
        status_text = "，".join(f"{STATUS_LABEL.get(k, k)} {v}" for k, v in sorted(self.by_status.items()))
        self.keys.sort()  # equal keys keep their arrival order: offsets grow with it
        header = (
            "<h1>绩效自评数据 · 审阅</h1>"
            f'<div class="meta">文件 {len(self.keys)}（{esc(status_text)}） · 自评表 {self.forms} · '
            f"异常 {severity_badges(self.totals)} · "
            f'<a href="{UNITS_INDEX}">单位逐年对照</a></div>'
        )
        body = (
            '<section class="index"><div class="charts">'
            + _histogram("执行率(%)", self.rates, self.rate_n, RATE_COLOR, "chart-execution")
            + _histogram("总分得分", self.scores, self.score_n, SCORE_COLOR, "chart-score")
            + "</div>"
            + self._filters()
            + f'<table class="list" id="documents">{_head()}<tbody>{_ROWS}</tbody></table></section>'
        )
        before, after = shell("绩效自评数据 · 审阅", header, body, INDEX_SCRIPT).split(_ROWS)
        fh.write(before)
        for _, offset, length in self.keys:
            self._lines.seek(offset)
            fh.write(self._lines.read(length).decode())
        fh.write(after)
