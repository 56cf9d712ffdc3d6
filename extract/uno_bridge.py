"""Run by LibreOffice's own Python (it has ``uno``): one office, many files. (jixiao imports only
:func:`own_limits`, for the plain ``soffice`` it starts without a bridge.)

``python uno_bridge.py SOFFICE PROFILE_URL PIPE_NAME`` starts a headless ``soffice`` listening on a
named pipe, connects to it, then reads requests from stdin, one JSON object a line
(``{"in": path, "out": path, "filter": export filter, "import": import filter or ""}``), and answers
each with one line (``{"ok": true}`` or ``{"error": "..."}``). Closing stdin ends the office and the
bridge. Keeping the office running is what makes a .doc cost ~0.1 s instead of the seconds a fresh
``soffice --convert-to`` takes.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from typing import Any

_RESTART = 81  # soffice.bin's exit code for "start me again" (its wrapper script does it; we call the binary)


def _props(**values: object) -> tuple[Any, ...]:
    from com.sun.star.beans import PropertyValue

    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _die_with_parent() -> None:
    import ctypes
    import signal

    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: no office outlives its bridge


def _connect(soffice: str, profile_url: str, pipe: str) -> tuple[Any, Any]:
    import uno

    args = [soffice, "--headless", "--invisible", "--nologo", "--norestore"]
    args += ["--nolockcheck", f"-env:UserInstallation={profile_url}", f"--accept=pipe,name={pipe};urp;"]

    def launch() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )

    office = launch()
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if office.poll() == _RESTART:  # a new profile was made: the office asks to be started again
                office = launch()
            elif office.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("LibreOffice did not start") from None
            time.sleep(0.05)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    return office, desktop


def _convert(desktop: Any, request: dict[str, str]) -> None:
    import uno

    source = uno.systemPathToFileUrl(request["in"])
    props: dict[str, object] = {"Hidden": True, "ReadOnly": True}
    if request.get("import"):  # named, so that a damaged file fails instead of opening as plain text
        props["FilterName"] = request["import"]
    doc = desktop.loadComponentFromURL(source, "_blank", 0, _props(**props))
    if doc is None:
        raise RuntimeError("LibreOffice could not open the file (damaged, encrypted or not an office file)")
    try:
        doc.storeToURL(uno.systemPathToFileUrl(request["out"]), _props(FilterName=request["filter"]))
    finally:
        doc.close(True)


def own_limits() -> None:
    """Lift the worker's address-space cap where allowed (it is for jixiao's Python, not LibreOffice,
    which maps ~1 GB); on Linux, die with the worker even if it is killed mid-conversion."""
    try:
        import resource

        unlimited = resource.RLIM_INFINITY
        try:
            resource.setrlimit(resource.RLIMIT_AS, (unlimited, unlimited))
        except (ValueError, OSError):
            hard = resource.getrlimit(resource.RLIMIT_AS)[1]
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass
    if sys.platform.startswith("linux"):
        _die_with_parent()


def main() -> None:
    own_limits()
    soffice, profile_url, pipe = sys.argv[1:4]
    try:
        office, desktop = _connect(soffice, profile_url, pipe)
    except Exception as exc:
        print(json.dumps({"error": f"start: {exc}"}), flush=True)
        return
    print(json.dumps({"ready": True}), flush=True)
    try:
        for line in sys.stdin:
            try:
                _convert(desktop, json.loads(line))
                answer: dict[str, object] = {"ok": True}
            except Exception as exc:
                message = getattr(exc, "Message", "") or str(exc) or type(exc).__name__
                answer = {"error": " ".join(message.split())[:300]}
            print(json.dumps(answer), flush=True)
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        try:
            office.wait(timeout=10)
        except Exception:
            office.kill()


if __name__ == "__main__":
    main()
