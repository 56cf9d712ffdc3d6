"""The ``jixiao`` command: exit codes, summary line, help text."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sample_paths import LUKOU_TXT, ROOT

from jixiao.cli import main

SUMMARY = re.compile(r"[0-9]+ documents, [0-9]+ forms, [0-9]+ anomalies, [0-9]+ failed in [0-9.]+ s\n")


def _inputs(tmp_path: Path, *, bad: bool = False) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(LUKOU_TXT, src / "a.txt")
    if bad:
        (src / "broken.docx").write_bytes(b"PK\x03\x04 not a word file")
    return src


def test_ok_run_prints_summary_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["extract", str(_inputs(tmp_path)), "-o", str(tmp_path / "out"), "--jobs", "1", "--quiet"])
    out = capsys.readouterr().out
    assert code == 0 and SUMMARY.fullmatch(out) and out.startswith("1 documents, ")
    assert (tmp_path / "out" / "documents.csv").exists() and (tmp_path / "out" / "documents.parquet").exists()


def test_some_failed_exits_1_with_output_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["extract", str(_inputs(tmp_path, bad=True)), "-o", str(tmp_path / "out"), "--quiet"])
    assert code == 1 and ", 1 failed in " in capsys.readouterr().out
    assert "broken.docx" in (tmp_path / "out" / "documents.csv").read_text("utf-8-sig")


def test_no_inputs_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path / "nothing*.docx"), "-o", str(tmp_path / "out")]) == 2
    assert "no supported input files" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["extract", "x", "-o", "o", "--format", "pdf"], id="unknown-format"),
        pytest.param(["extract", "x", "-o", "o", "--jobs", "0"], id="zero-jobs"),
        pytest.param(["extract", "x"], id="no-out"),
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2


def test_unwritable_output_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "out").write_text("a file where the folder should be")
    assert main(["extract", str(_inputs(tmp_path)), "-o", str(tmp_path / "out"), "--quiet"]) == 3
    assert "cannot write" in capsys.readouterr().err


def test_python_m_jixiao_help_documents_exit_codes() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jixiao", "extract", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert "3  the output could not be written" in done.stdout and "--incremental" in done.stdout


SHADOWS = ("extract", "normalize", "emit", "schemas")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_modules_named_like_our_stages_in_the_working_folder_do_not_shadow_them(
    tmp_path: Path, jobs: str
) -> None:
    # an ETL folder with its own extract.py, a web app with schemas.py: jixiao must not import them
    for name in SHADOWS:
        (tmp_path / f"{name}.py").write_text(f"raise RuntimeError('the user\\'s {name}.py was imported')\n")
    shutil.copy(LUKOU_TXT, tmp_path / "s.txt")
    cli = [sys.executable, "-m", "jixiao", "extract", "s.txt", "-o", "out", "--jobs", jobs, "--quiet"]
    done = subprocess.run(cli, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 documents, 2 forms")
    script = "import jixiao\nprint(len(jixiao.read_file('s.txt')['funds']))\n"
    (tmp_path / "script.py").write_text(script)
    run = subprocess.run(
        [sys.executable, "script.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0 and int(run.stdout) > 0, run.stderr


def test_the_wheel_holds_one_import_name(tmp_path: Path) -> None:
    src = tmp_path / "src"  # built from a copy: setuptools leaves build/ and *.egg-info beside the sources
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("jixiao", *SHADOWS):
        shutil.copytree(ROOT / folder, src / folder, ignore=skip)
    for file in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / file, src / file)
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    import zipfile

    (wheel,) = tmp_path.glob("jixiao-*.whl")
    tops = {n.split("/")[0] for n in zipfile.ZipFile(wheel).namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"jixiao"}
    names = zipfile.ZipFile(wheel).namelist()
    assert "jixiao/extract/forms.py" in names and "jixiao/schemas/tables.py" in names
