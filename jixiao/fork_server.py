"""Imported by the fork server before anything else (``pool_context.PRELOAD``); nowhere else.

When a run is interrupted while the fork server is starting a worker, the start fails before any code
of ours runs, and the fork server reported it with ``sys.excepthook`` on the terminal the run shares,
so Ctrl-C or SIGTERM printed a traceback after the run's one-line message:

* the starting worker reads EOF where its ``Process`` object should come (the parent left before
  sending it), or finds its pool's locks already removed (the parent unlinked them, or the resource
  tracker did once the parent left) while it unpickles them — both in ``spawn._main``, before the
  worker's own code runs (that code reports its own errors);
* the fork server itself loses the parent in the middle of a request (``recvfds`` reads EOF).

Those failures alone are silenced here: the worker was wanted by a run that has stopped (were the run
going on, pebble would still see the worker die and say so). Anything else is reported as before.
"""

from __future__ import annotations

import sys
from types import TracebackType

# (exceptions, function, file) of the failures that mean "the run that asked has stopped"
_RUN_STOPPED: tuple[tuple[tuple[type[BaseException], ...], str, str], ...] = (
    ((EOFError, FileNotFoundError), "_main", "spawn.py"),  # a worker's data or pool locks are gone
    ((EOFError,), "recvfds", "reduction.py"),  # the parent gone while sending a request
)


def _run_stopped(exc: BaseException, tb: TracebackType | None) -> bool:
    while tb is not None:
        code = tb.tb_frame.f_code
        for kind, name, file in _RUN_STOPPED:
            if isinstance(exc, kind) and code.co_name == name and code.co_filename.endswith(file):
                return True
        tb = tb.tb_next
    return False


def _quiet_hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if not _run_stopped(exc, tb):
        _default_hook(kind, exc, tb)


_default_hook = sys.excepthook
sys.excepthook = _quiet_hook
