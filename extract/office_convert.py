"""Legacy office files (.doc, .wps, .rtf → .docx; .xls, .et → .xlsx) converted by LibreOffice, then read.

One LibreOffice a worker process, started on the first such file and kept: a fresh ``soffice
--convert-to`` costs about a second of start-up per file, a running one ~0.1 s. It is driven through
``extract/uno_bridge.py``, run by LibreOffice's own Python (Debian: ``python3-uno``); where that is
missing, each file gets a plain ``soffice --headless --convert-to`` call (slower, same result). Each
process has a private LibreOffice profile (two offices sharing one would wait on each other's lock);
files go through a private temporary folder that is always removed. A conversion is bounded by
:data:`CONVERT_SECONDS`; past it the office is killed and the next file starts a fresh one.

``JIXIAO_SOFFICE`` names the ``soffice`` program to use (another install, Windows, macOS).
The converted bytes are read by the usual reader; the document keeps the original bytes' ``doc_id``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing.util
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import uuid
from dataclasses import replace
from pathlib import Path
from typing import IO

from jixiao.extract.errors import FormatError, LimitError
from jixiao.extract.layout import Layout
from jixiao.extract.limits import MAX_OFFICE_BYTES
from jixiao.extract.uno_bridge import own_limits

SOFFICE_ENV = "JIXIAO_SOFFICE"
CONVERT_SECONDS = 40.0  # below the batch's per-file limit (60 s), so the file fails with a reason
START_SECONDS = 60.0
# format → (target extension, LibreOffice export filter, import filter). The import filter is named so
# that a damaged file fails instead of being opened as plain text; .wps is left to detection (Kingsoft
# WPS and Microsoft Works both use the extension).
TARGETS = {
    "doc": ("docx", "MS Word 2007 XML", "MS Word 97"),
    "wps": ("docx", "MS Word 2007 XML", ""),
    "rtf": ("docx", "MS Word 2007 XML", "Rich Text Format"),
    "xls": ("xlsx", "Calc MS Excel 2007 XML", "MS Excel 97"),
    "et": ("xlsx", "Calc MS Excel 2007 XML", "MS Excel 97"),
}
INSTALL_HINT = (
    "reading .{fmt} needs LibreOffice: install it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui "
    "libreoffice-calc-nogui python3-uno; Windows/macOS: libreoffice.org) or set JIXIAO_SOFFICE to its "
    "soffice program"
)
_KNOWN_PLACES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """The soffice program: ``JIXIAO_SOFFICE``, else on PATH, else a usual install place; None if none."""
    named = os.environ.get(SOFFICE_ENV)
    if named:
        return named if Path(named).is_file() else None
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((p for p in _KNOWN_PLACES if Path(p).is_file()), None)


def _uno_python(soffice: str) -> str | None:
    """A Python that can ``import uno``: LibreOffice's bundled one, else the system's (python3-uno)."""
    program = Path(os.path.realpath(soffice)).parent
    candidates = [program / "python", program / "python.exe", Path("/usr/bin/python3")]
    for candidate in candidates:
        if not candidate.is_file():
            continue
        try:
            probe = subprocess.run(
                [str(candidate), "-c", "import uno"], capture_output=True, timeout=20, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return str(candidate)
    return None


def _office_binary(soffice: str) -> str:
    """``soffice.bin`` beside a Unix ``soffice`` wrapper script: killing it then kills the office itself."""
    real = Path(os.path.realpath(soffice))
    binary = real.with_name("soffice.bin")
    return str(binary) if binary.is_file() else str(real)


def _child_setup() -> None:  # pragma: no cover - runs in the child between fork and exec
    """For a plain ``soffice`` run (no bridge): the same set-up the bridge does for itself."""
    os.setsid()  # its own process group: a timeout kills the office with everything it started
    own_limits()


class _Office:
    """This process's LibreOffice: a bridge process talking UNO to one running soffice."""

    def __init__(self, soffice: str) -> None:
        self.soffice = soffice
        self.python = _uno_python(soffice)
        _remove_stale_profiles()
        self.profile = Path(tempfile.mkdtemp(prefix=f"{_PROFILE_PREFIX}{os.getpid()}-"))
        self.bridge: subprocess.Popen[str] | None = None
        self.answers: queue.Queue[str] = queue.Queue()
        self.pipe = ""

    def _start(self) -> subprocess.Popen[str]:
        assert self.python is not None
        script = Path(__file__).with_name("uno_bridge.py")
        self.pipe = f"jixiao-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        args = [self.python, str(script), _office_binary(self.soffice), self.profile.as_uri(), self.pipe]
        bridge = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=os.name == "posix",  # its own group: a timeout kills the office with it
        )
        self.answers = _pump(bridge)
        try:
            answer = _answer(self.answers, START_SECONDS)
        except (LimitError, FormatError):
            _kill(bridge)
            raise
        if not answer.get("ready"):
            _kill(bridge)
            raise FormatError(f"LibreOffice did not start: {answer.get('error', 'no answer')}")
        return bridge

    def convert(self, source: Path, target: Path, export_filter: str, import_filter: str) -> None:
        if self.python is None:
            return self._convert_once(source, target, import_filter)
        if self.bridge is None or self.bridge.poll() is not None:
            self.bridge = self._start()
        assert self.bridge.stdin is not None
        request = {"in": str(source), "out": str(target), "filter": export_filter, "import": import_filter}
        try:
            self.bridge.stdin.write(json.dumps(request) + "\n")
            self.bridge.stdin.flush()
            answer = _answer(self.answers, CONVERT_SECONDS)
        except (OSError, FormatError):
            self.close()  # a hung or dead office: the next file starts a fresh one
            raise
        if "error" in answer:
            raise FormatError(f"LibreOffice could not convert the file: {answer['error']}")
        return None

    def _convert_once(self, source: Path, target: Path, import_filter: str) -> None:
        """No UNO Python: one ``soffice --convert-to`` run for this file (about a second of start-up)."""
        args = [self.soffice, "--headless", "--norestore", f"-env:UserInstallation={self.profile.as_uri()}"]
        if import_filter:
            args.append(f"--infilter={import_filter}")
        args += ["--convert-to", target.suffix.lstrip("."), "--outdir", str(target.parent), str(source)]
        unix = os.name == "posix"
        proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_child_setup if unix else None,
        )
        try:
            proc.wait(timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise LimitError(f"LibreOffice took over {CONVERT_SECONDS:.0f} s converting the file") from None
        produced = target.parent / (source.stem + target.suffix)
        if produced.is_file() and produced != target:
            produced.rename(target)

    def close(self, *, graceful: bool = False) -> None:
        """Stop the office: asked to quit (``graceful``), killed if it does not within seconds."""
        bridge, self.bridge = self.bridge, None
        if bridge is None:
            return
        if graceful and bridge.stdin is not None:
            with contextlib.suppress(OSError):
                bridge.stdin.close()  # the bridge then closes the office properly
            with contextlib.suppress(subprocess.TimeoutExpired):
                bridge.wait(timeout=10)
        _kill(bridge)
        # A killed office leaves its two pipes (ours, and its single-instance one named for the profile).
        for name in (self.pipe, f"SingleOfficeIPC_{_md5_hex(self.profile.as_uri())}"):
            for leftover in Path("/tmp").glob(f"OSL_PIPE_*_{name}"):
                leftover.unlink(missing_ok=True)

    def remove_profile(self) -> None:
        self.close(graceful=True)
        shutil.rmtree(self.profile, ignore_errors=True)


def _md5_hex(text: str) -> str:
    """LibreOffice's hash for pipe names: MD5 of the UTF-16 text, each byte in hex without padding."""
    return "".join(f"{b:x}" for b in hashlib.md5(text.encode("utf-16-le")).digest())


def _pump(bridge: subprocess.Popen[str]) -> queue.Queue[str]:
    """The bridge's answer lines, read by a thread (a timed read that works on every OS); "" at its end."""
    stdout: IO[str] | None = bridge.stdout
    assert stdout is not None
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stdout:
            lines.put(line)
        lines.put("")

    threading.Thread(target=pump, name="office-answers", daemon=True).start()
    return lines


def _answer(lines: queue.Queue[str], seconds: float) -> dict[str, object]:
    try:
        line = lines.get(timeout=seconds)
    except queue.Empty:
        raise LimitError(f"LibreOffice took over {seconds:.0f} s converting the file") from None
    if not line:
        raise FormatError("LibreOffice stopped while converting the file (it crashed on it)")
    answer: dict[str, object] = json.loads(line)
    return answer


def _kill(proc: subprocess.Popen[str] | subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None and os.name != "posix":
        return
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


_PROFILE_PREFIX = "jixiao-office-profile-"


def _remove_stale_profiles() -> None:
    """Profiles left by processes that were killed (a timeout, a crash) before they could clean up."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_PROFILE_PREFIX}*-*"):
        try:
            pid = int(folder.name[len(_PROFILE_PREFIX) :].split("-")[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (ValueError, OSError):
            continue


_OFFICE: dict[int, _Office] = {}  # pid → this process's office (a forked child starts its own)


def _office() -> _Office:
    soffice = find_soffice()
    office = _OFFICE.get(os.getpid())
    if office is None or office.soffice != soffice:
        if soffice is None:
            raise FormatError("LibreOffice not found")
        office = _Office(soffice)
        _OFFICE.clear()  # a parent's entry copied by fork is not ours to use (nor to kill)
        _OFFICE[os.getpid()] = office
        # Run at exit by the main process and by multiprocessing workers alike (which skip atexit).
        multiprocessing.util.Finalize(None, office.remove_profile, exitpriority=10)
    return office


def convert_bytes(data: bytes, fmt: str) -> bytes:
    """The bytes of a .doc/.wps/.rtf/.xls/.et file converted to .docx or .xlsx by LibreOffice.

    Raises ``FormatError`` with a one-line message (how to install LibreOffice when it is missing).
    """
    if fmt not in TARGETS:
        raise FormatError(f"no office conversion for {fmt!r}")
    if len(data) > MAX_OFFICE_BYTES:
        raise LimitError(f"{fmt} file of {len(data):,} bytes exceeds the {MAX_OFFICE_BYTES:,} byte bound")
    if find_soffice() is None:
        raise FormatError(INSTALL_HINT.format(fmt=fmt))
    extension, export_filter, import_filter = TARGETS[fmt]
    work = Path(tempfile.mkdtemp(prefix="jixiao-office-"))
    try:
        source = work / f"input.{fmt}"
        target = work / f"input.{extension}"
        source.write_bytes(data)
        _office().convert(source, target, export_filter, import_filter)
        if not target.is_file() or target.stat().st_size == 0:
            raise FormatError(f"LibreOffice could not convert the .{fmt} file (damaged or encrypted?)")
        return target.read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def read_office_layout(data: bytes, fmt: str) -> Layout:
    """Convert with LibreOffice, then read with the .docx or .xlsx reader; the layout keeps its format."""
    converted = convert_bytes(data, fmt)
    if TARGETS[fmt][0] == "docx":
        from jixiao.extract.docx_source import read_docx_layout

        layout = read_docx_layout(converted)
    else:
        from jixiao.extract.xlsx_source import read_xlsx_layout

        layout = read_xlsx_layout(converted)
    return replace(layout, source_format=fmt)  # no note: a faithful conversion loses nothing to report
