"""The sample's Word twin converted by LibreOffice itself (to .pdf, .doc, …) at test time.

A plain module (not a conftest) so that the PDF and office tests share one conversion. Tests that use
it skip with the reason when LibreOffice is missing (``make test`` installs it where it can).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from jixiao.extract.office_convert import find_soffice
from sample_paths import LUKOU_DOCX

NO_OFFICE = "LibreOffice (soffice) not installed: `make system-deps` as root installs it"


def soffice_or_skip() -> str:
    soffice = find_soffice()
    if soffice is None:
        pytest.skip(NO_OFFICE)
    return soffice


def convert_with_soffice(source: Path, target_ext: str, out_dir: Path) -> Path:
    """``soffice --headless --convert-to`` one file into ``out_dir`` (a private profile there too)."""
    soffice = soffice_or_skip()
    profile = out_dir / "profile"
    args = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    args += ["--convert-to", target_ext, "--outdir", str(out_dir), str(source)]
    subprocess.run(args, capture_output=True, timeout=180, check=False)
    shutil.rmtree(profile, ignore_errors=True)
    made = out_dir / f"{source.stem}.{target_ext}"
    if not made.is_file():
        pytest.fail(f"LibreOffice did not convert {source.name} to .{target_ext}")
    return made


def lukou_twin(target_ext: str, tmp_root: Path) -> Path:
    """The sample's Word twin as .pdf/.doc/… made by LibreOffice, cached for the session."""
    out_dir = tmp_root / f"lukou-{target_ext}"
    made = out_dir / f"{LUKOU_DOCX.stem}.{target_ext}"
    if made.is_file():
        return made
    out_dir.mkdir(parents=True, exist_ok=True)
    return convert_with_soffice(LUKOU_DOCX, target_ext, out_dir)
