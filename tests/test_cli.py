"""The ``jixiao`` command: exit codes, summary line, help text."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sample_paths import LUKOU_TXT, ROOT

from jixiao.cli import main

SUMMARY = re.compile(
    r"[0-9]+ documents \([0-9]+ ok, [0-9]+ partial, [0-9]+ failed, [0-9]+ skipped, [0-9]+ duplicate\), "
    r"[0-9]+ forms, [0-9]+ anomalies in [0-9.]+ s\n"
)


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
    assert code == 0 and SUMMARY.fullmatch(out) and out.startswith("1 documents (1 ok, ")
    assert (tmp_path / "out" / "documents.csv").exists() and (tmp_path / "out" / "documents.parquet").exists()


def test_some_failed_exits_1_with_output_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["extract", str(_inputs(tmp_path, bad=True)), "-o", str(tmp_path / "out"), "--quiet"])
    out, err = capsys.readouterr()
    assert code == 1 and "(1 ok, 0 partial, 1 failed, " in out
    assert "broken.docx" in (tmp_path / "out" / "documents.csv").read_text("utf-8-sig")
    assert err == ""  # --quiet: the summary only


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
    assert "3    the output could not be written" in done.stdout and "--incremental" in done.stdout
    assert "130  interrupted" in done.stdout and "143 terminated" in done.stdout


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
    assert done.stdout.startswith("1 documents (1 ok, 0 partial, 0 failed, 0 skipped, 0 duplicate), 2 forms")
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
    assert "jixiao/py.typed" in names  # PEP 561 marker: type checkers read our hints


# --- the first hour: what the terminal says, what the exit code says ------------------------------


def _docs(out: Path) -> list[tuple[str, str, str]]:
    import pandas as pd

    docs = pd.read_parquet(out / "documents.parquet")
    return sorted(zip(docs.source_path, docs.status, docs.error.fillna(""), strict=True))


def test_failed_files_are_listed_on_stderr_up_to_ten_and_all_with_verbose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _inputs(tmp_path)
    for i in range(12):
        (src / f"broken{i:02}.docx").write_bytes(b"PK\x03\x04 not a word file %d" % i)
    assert main(["extract", str(src), "-o", str(tmp_path / "out"), "--jobs", "1"]) == 1
    out, err = capsys.readouterr()
    assert "(1 ok, 0 partial, 12 failed, 0 skipped, 0 duplicate)" in out
    lines = err.splitlines()
    assert len(lines) == 11 and lines[-1].startswith("  … and 2 more (jixiao extract -v")
    assert all(re.fullmatch(r"  in/broken[0-9]{2}\.docx: .+", line) for line in lines[:10])
    assert main(["extract", str(src), "-o", str(tmp_path / "out"), "--jobs", "1", "-v"]) == 1
    listed = [line for line in capsys.readouterr().err.splitlines() if "broken" in line]
    assert len(listed) == 12


def test_unsupported_files_get_skipped_rows_and_an_ofd_makes_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _inputs(tmp_path)
    (src / "notes.json").write_text("{}")
    code = main(["extract", str(src), "-o", str(tmp_path / "out"), "--quiet"])
    assert code == 0  # a .json beside the submissions is no submission: a row, not a failure
    assert "(1 ok, 0 partial, 0 failed, 1 skipped, 0 duplicate)" in capsys.readouterr().out
    (src / "report.ofd").write_bytes(b"PK\x03\x04")  # formats archives hold that jixiao does not read
    (src / "old.odt").write_bytes(b"PK\x03\x04")
    assert main(["extract", str(src), "-o", str(tmp_path / "out")]) == 1
    out, err = capsys.readouterr()
    assert "(1 ok, 0 partial, 0 failed, 3 skipped, 0 duplicate)" in out
    assert "in/report.ofd: skipped: unsupported format .ofd" in err and "notes.json" not in err
    docs = {path: (status, error) for path, status, error in _docs(tmp_path / "out")}
    assert docs["in/old.odt"][0] == docs["in/notes.json"][0] == "skipped"
    assert docs["in/notes.json"][1] == "not a submission format (.json)"


def test_nothing_readable_is_a_usage_error_that_names_the_skips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`jixiao extract 'samples/templates/*.truth.json'` used to print "23 documents" and exit 0."""
    code = main(["extract", str(ROOT / "samples" / "templates" / "*.truth.json"), "-o", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and "skipped, e.g. " in err and "not a submission format (.json)" in err


def test_version() -> None:
    from jixiao import __version__

    done = subprocess.run(
        [sys.executable, "-m", "jixiao", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.strip() == f"jixiao {__version__}"


def test_output_inside_the_input_folder_is_never_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cd arch && jixiao extract . -o out` three times gave 1 → 4 → 7 documents."""
    arch = _inputs(tmp_path)
    monkeypatch.chdir(arch)
    runs = []
    for _ in range(3):
        assert main(["extract", ".", "-o", "out", "--jobs", "1", "--quiet"]) == 0
        runs.append(_docs(arch / "out"))
    assert runs[0] == runs[1] == runs[2] == [("a.txt", "ok", "")]
    # an earlier output written elsewhere in the folder: its tables, workbook and pages are not read
    # either, while a submission the user put beside them is
    shutil.copy(LUKOU_TXT, arch / "out" / "user_copy.txt")
    assert main(["extract", ".", "-o", "out2", "--jobs", "1", "--quiet"]) == 0
    got = _docs(arch / "out2")
    assert [(p, s) for p, s, _ in got] == [("a.txt", "ok"), ("out/user_copy.txt", "ok")]


def test_skipped_rows_are_stable_across_incremental_runs(tmp_path: Path) -> None:
    src = _inputs(tmp_path)
    (src / "report.ofd").write_bytes(b"PK\x03\x04")
    args = ["extract", str(src), "-o", str(tmp_path / "out"), "--quiet", "--incremental"]
    assert main(args) == 1
    first = _docs(tmp_path / "out")
    assert main(args) == 1
    assert _docs(tmp_path / "out") == first and len(first) == 2


def _enospc(*_: object, **__: object) -> None:
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from jixiao.emit import csv_out

    monkeypatch.setattr(csv_out.CsvAppender, "append_text", _enospc)
    monkeypatch.setattr(csv_out.CsvAppender, "append", _enospc)
    code = main(["extract", str(_inputs(tmp_path)), "-o", str(tmp_path / "out"), "--quiet", "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 3 and err.count("\n") == 1 and "No space left on device" in err
    assert not list((tmp_path / "out").glob(".jixiao/tmp-*"))


def test_a_full_tmpdir_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import tempfile

    monkeypatch.setenv("JIXIAO_SPILL_ENTRIES", "0")  # the plan goes to temporary files
    monkeypatch.setattr(tempfile, "TemporaryFile", _enospc)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", _enospc)
    monkeypatch.setattr(tempfile, "mkstemp", _enospc)
    code = main(["extract", str(_inputs(tmp_path)), "-o", str(tmp_path / "out"), "--quiet", "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 3 and err.count("\n") == 1 and "No space left on device" in err


def test_a_truncated_previous_output_is_one_line_and_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = _inputs(tmp_path), tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "--quiet", "--jobs", "1"]) == 0
    docs = out / "documents.parquet"
    docs.write_bytes(docs.read_bytes()[: docs.stat().st_size // 2])
    capsys.readouterr()
    code = main(["extract", str(src), "-o", str(out), "--quiet", "--jobs", "1", "--incremental"])
    err = capsys.readouterr().err
    assert code == 3 and err.count("\n") == 1 and "--incremental" in err and "Traceback" not in err


def test_a_staging_folder_whose_pid_was_reused_does_not_block(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = out / ".jixiao" / f"tmp-{other.pid}"
        stale.mkdir(parents=True)
        old = stale.stat().st_mtime - 3600  # written an hour before that process started
        os.utime(stale, (old, old))
        assert main(["extract", str(_inputs(tmp_path)), "-o", str(out), "--quiet", "--jobs", "1"]) == 0
        assert not stale.exists()
    finally:
        other.kill()
        other.wait()


def _cli(args: list[str], **kw: object) -> subprocess.Popen[str]:
    env = {**os.environ, "JIXIAO_TEST_FAULTS": "1", "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "jixiao", "extract", *args]
    return subprocess.Popen(cmd, env=env, text=True, stderr=subprocess.PIPE, **kw)  # type: ignore[call-overload]


def _workers(pid: int) -> list[int]:
    """Processes two generations below ``pid`` (its fork server's children: the workers), from /proc."""
    parent_of = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            parent_of[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    children = {p for p, pp in parent_of.items() if pp == pid}
    return [p for p, pp in parent_of.items() if pp in children]


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_mid_run_is_one_line_cleans_staging_and_keeps_the_old_output(
    tmp_path: Path, sig: int, code: int
) -> None:
    src, out = _inputs(tmp_path), tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "--quiet", "--jobs", "1", "--format", "csv"]) == 0
    before = (out / "documents.csv").read_bytes()
    hang = LUKOU_TXT.read_bytes() + "\n附注".encode()  # other bytes than a.txt: read, not a duplicate
    (src / "x__hang__.txt").write_bytes(hang)  # its worker never finishes (test hook)
    proc = _cli([str(src), "-o", str(out), "--quiet", "--jobs", "1"], stdout=subprocess.PIPE)
    # mid-run: the output is being staged and a worker (the fork server's child) has been started;
    # a condition, not a sleep, so a loaded machine only makes the wait longer
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (list(out.glob(".jixiao/tmp-*")) and _workers(proc.pid)):
        time.sleep(0.05)
    assert proc.poll() is None and _workers(proc.pid)  # still running: the hanging file holds it
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not list(out.glob(".jixiao/tmp-*"))
    assert (out / "documents.csv").read_bytes() == before


def test_a_closed_stdout_is_no_traceback(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `jixiao extract … | head -0`
    proc = _cli([str(_inputs(tmp_path)), "-o", str(tmp_path / "out"), "--quiet"], stdout=write_end)
    os.close(write_end)
    _, err = proc.communicate(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert proc.returncode == 0 and (tmp_path / "out" / "documents.csv").exists()


def test_an_argument_matching_nothing_is_said_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _inputs(tmp_path)
    typo = str(tmp_path / "inn" / "*.txt")
    assert main(["extract", str(src), typo, "-o", str(tmp_path / "out"), "--quiet"]) == 1
    assert f"nothing matched {typo!r}" in capsys.readouterr().err


def test_a_narrower_run_leaves_no_stale_formats_and_keeps_the_users_files(tmp_path: Path) -> None:
    """After a full run, `--format csv` into the same folder left Parquet, workbook and pages beside it."""
    src, out = _inputs(tmp_path), tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "--quiet", "--jobs", "1"]) == 0
    assert {"jixiao.xlsx", "review", "documents.parquet", "documents.csv"} <= {p.name for p in out.iterdir()}
    (out / "my_notes.txt").write_text("the auditor's own file")
    assert main(["extract", str(src), "-o", str(out), "--quiet", "--jobs", "1", "--format", "csv"]) == 0
    names = {p.name for p in out.iterdir()}
    assert "documents.csv" in names and "my_notes.txt" in names
    assert not names & {"jixiao.xlsx", "review", "documents.parquet", "forms.parquet"}


def test_every_name_an_output_holds_is_known_as_jixiaos_own(tmp_path: Path) -> None:
    from jixiao.schemas.outputs import own_output_names

    src, out = _inputs(tmp_path), tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "--quiet", "--jobs", "1"]) == 0
    assert {p.name for p in out.iterdir()} <= own_output_names()


def test_a_first_run_into_a_folder_removes_nothing_of_the_users(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "datapackage.json").write_text('{"name": "the user\'s own"}')  # a name jixiao also writes
    assert main(["extract", str(_inputs(tmp_path)), "-o", str(out), "-q", "--format", "parquet"]) == 0
    assert (out / "datapackage.json").read_text() == '{"name": "the user\'s own"}'


def test_a_full_disk_while_the_writer_is_set_up_leaves_no_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """pyarrow failed opening its files inside OutputWriter.__init__: no `with` block had begun yet."""
    from jixiao.emit import writer

    monkeypatch.setattr(writer, "ParquetAppender", _enospc)
    out = tmp_path / "out"
    code = main(["extract", str(_inputs(tmp_path)), "-o", str(out), "--quiet", "--jobs", "1"])
    assert code == 3 and "No space left on device" in capsys.readouterr().err
    assert not list(out.glob(".jixiao/tmp-*"))
