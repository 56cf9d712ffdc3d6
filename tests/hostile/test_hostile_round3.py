"""Third round of the hostile families (issue 18): new variants, each built here.

Each test names what it found failing before its fix (or, for a check's shape, what it holds).
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from jixiao.extract import ooxml
from jixiao.extract.errors import FormatError
from jixiao.extract.xlsx_source import read_xlsx_layout

ROOT = Path(__file__).resolve().parents[2]
XLSX_SAMPLE = ROOT / "samples" / "templates" / "label_variants_a_xlsx.xlsx"


def _rezip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, blob in parts.items():
            zf.writestr(name, blob)
    return buf.getvalue()


def _sample_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(XLSX_SAMPLE) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


# --- the workbook pre-check: one pass, one DTD check ------------------------------------------------


def test_the_workbook_check_inflates_each_member_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """It inflated each member up to three times (DTD scan, XML sniff, merge count)."""
    inflated: Counter[str] = Counter()
    real = ooxml._inflate

    def counting(raw: bytes | memoryview, declared: int, name: str) -> bytes:
        inflated[name] += 1
        return real(raw, declared, name)

    monkeypatch.setattr(ooxml, "_inflate", counting)
    parts = {**_sample_parts(), "xl/media/image1.bin": b"\x89PNG" + bytes(range(256)) * 40}
    from jixiao.extract.xlsx_source import _check_package

    _check_package(_rezip(parts))
    assert set(inflated) == set(parts) and set(inflated.values()) == {1}


@pytest.mark.parametrize(
    "dtd",
    [
        pytest.param(b'<!DOCTYPE x [<!ENTITY a "b">]>', id="doctype"),
        pytest.param(b'<!ENTITY a "b">', id="entity-alone"),
        pytest.param('<!DOCTYPE x [<!ENTITY a "b">]>'.encode("utf-16-le"), id="utf16"),
    ],
)
@pytest.mark.parametrize("part", ["xl/styles.xml", "xl/media/image1.bin", "docProps/custom.dat"])
def test_a_dtd_in_any_workbook_member_is_refused_by_the_one_check(dtd: bytes, part: str) -> None:
    parts = _sample_parts()
    parts[part] = b" " * 70_000 + dtd + parts.get(part, b"<x/>")  # past any fixed head
    with pytest.raises(FormatError, match="contains a DTD"):
        read_xlsx_layout(_rezip(parts))
