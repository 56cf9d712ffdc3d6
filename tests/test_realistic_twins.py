"""PDF and .doc twins of the Word samples of ``samples/realistic/`` (LibreOffice converts them at test
time): no wrong value, and at least 95 % of the fields the truth holds. Skipped where LibreOffice is missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.templates import Check, check_sample

ROOT = Path(__file__).resolve().parent.parent / "samples" / "realistic"

_WORD = sorted(p.name for p in ROOT.glob("*.docx"))


@pytest.fixture(scope="module")
def office_twins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every realistic .docx saved as .pdf and as .doc by LibreOffice, in one run per format."""
    import shutil
    import subprocess

    from office_twins import soffice_or_skip

    soffice = soffice_or_skip()
    out = tmp_path_factory.mktemp("realistic_twins")
    for ext in ("pdf", "doc"):
        profile = out / f"profile_{ext}"
        args = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
        args += ["--convert-to", ext, "--outdir", str(out), *(str(ROOT / n) for n in _WORD)]
        subprocess.run(args, capture_output=True, timeout=600, check=False)
        shutil.rmtree(profile, ignore_errors=True)
    return out


@pytest.mark.parametrize(
    ("name", "ext"),
    [pytest.param(n, ext, id=f"{n}-{ext}") for n in _WORD for ext in ("pdf", "doc")],
)
def test_office_twin_gives_no_wrong_value(office_twins: Path, name: str, ext: str) -> None:
    twin = office_twins / f"{Path(name).stem}.{ext}"
    if not twin.is_file():
        pytest.fail(f"LibreOffice did not convert {name} to .{ext}")
    truth = json.loads((ROOT / f"{Path(name).stem}.truth.json").read_text(encoding="utf-8"))
    checks = check_sample(twin, truth)

    def same(c: Check) -> bool:  # a PDF shows no line breaks at wraps (as bench.pdf_twins compares)
        if isinstance(c.expected, str) and isinstance(c.got, str):
            return "".join(c.expected.split()) == "".join(c.got.split())
        return c.exact

    assert [c for c in checks if not same(c) and c.got is not None] == []
    assert sum(same(c) for c in checks) >= 0.95 * len(checks)
