"""``make system-deps`` (run by ``make test``): Debian packages installed only where asked and allowed.

A fake ``apt-get`` first on PATH records what it is asked; a package name that cannot exist stands for a
missing package, so nothing real is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sample_paths import ROOT

MISSING = "jixiao-test-no-such-package"


def _make(tmp_path: Path, **env: str) -> tuple[str, list[str]]:
    if shutil.which("make") is None:
        pytest.skip("make not installed")
    log = tmp_path / "apt.log"
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    (fake / "apt-get").chmod(0o755)
    full_env = {k: v for k, v in os.environ.items() if k != "JIXIAO_NO_APT"}
    full_env.update(PATH=f"{fake}{os.pathsep}{os.environ['PATH']}", **env)
    proc = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "system-deps", f"SYSTEM_PACKAGES={MISSING} fonts-noto-cjk"],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, log.read_text().splitlines() if log.exists() else []


def test_no_apt_opt_out(tmp_path: Path) -> None:
    out, calls = _make(tmp_path, JIXIAO_NO_APT="1")
    assert calls == []
    assert f"JIXIAO_NO_APT set: not installing {MISSING}" in out


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="installs only as root")
def test_missing_packages_installed_after_an_update(tmp_path: Path) -> None:
    out, calls = _make(tmp_path)
    assert calls[0] == "update -qq"
    assert calls[1].startswith("install -y -qq --no-install-recommends")
    assert MISSING in calls[1].split()
    assert f"installing Debian packages: {MISSING}" in out
