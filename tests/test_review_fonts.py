"""The review pages' Chinese is drawn with real glyphs, not "tofu" boxes (a missing CJK font).

Without a CJK font every Chinese character is the same empty box, so two different strings of the
same length render to identical pixels. Each string is drawn with the review pages' own stylesheet
(``emit.review_html.shell``) in headless Chromium; the screenshots must differ from each other and
from a page with no text. Skips (saying how to install) when Chromium is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from jixiao.emit.review_html import esc, shell

CHROMIUM = shutil.which("chromium")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="headless chromium not installed: apt-get install -y chromium fonts-noto-cjk",
    ),
]


def _shot(tmp_path: Path, text: str) -> bytes:
    page = tmp_path / f"p{abs(hash(text))}.html"
    body = f'<h1 style="font-size:64px;margin:20px">{esc(text)}</h1>'
    page.write_text(shell("字体", "", body), encoding="utf-8")
    png = tmp_path / f"{page.stem}.png"
    profile = tempfile.mkdtemp(prefix="jixiao-chromium-")
    try:
        assert CHROMIUM is not None
        args = [f"--user-data-dir={profile}", f"--screenshot={png}", "--window-size=600,200"]
        subprocess.run(
            [CHROMIUM, *FLAGS, *args, "--hide-scrollbars", page.as_uri()],
            capture_output=True,
            timeout=120,
            check=True,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return png.read_bytes()


def test_chinese_is_drawn_with_glyphs_not_boxes(tmp_path: Path) -> None:
    first, second, empty = (_shot(tmp_path, t) for t in ("绩效自评", "预算执行", ""))
    assert first != empty and second != empty  # something is drawn
    assert first != second, "every character is the same box: install a CJK font (fonts-noto-cjk)"
