"""The ``jixiao`` command's entry point (the console script and ``python -m jixiao``).

Ctrl-C and SIGTERM are handled before anything heavy is imported: the command line, pyarrow and the
batch runner load after this, so an interrupt at any moment the command's own code runs gives the
one-line message and exit 130 (SIGINT) or 143 (SIGTERM), never a traceback. This module imports
nothing heavy: from the console script's first line to the handler takes ~2 ms (``jixiao`` and this).

Only the interpreter's own start is outside our reach, and no code of ours can close it: CPython puts
its KeyboardInterrupt handler on SIGINT while it initialises, before any Python file runs, and then
runs code that is not ours — its import bootstrap, ``site`` and every ``.pth`` file of the environment
(an editable install's finder alone takes ~40 ms), then the console script pip wrote. A Ctrl-C there
is raised in that code with nothing of ours on the stack. Running earlier would take a ``.pth`` or
``sitecustomize`` (changing every Python program of the environment) or a launcher that is not Python
and blocks the signals before it starts the interpreter (a shell can only ignore them, which would
lose a SIGTERM rather than defer it).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + the signal's number, as shells report it


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C, so the staged output is removed on the way out."""


def on_term(signum: int, frame: object) -> None:
    raise Terminated()


def interrupted_line(exc: BaseException, published: bool = False) -> str:
    how = "interrupted" if isinstance(exc, KeyboardInterrupt) else "terminated"
    if published:
        return f"jixiao: {how} after the output was written"
    return f"jixiao: {how}; nothing was published, the previous output is unchanged"


def main() -> int:
    """Run the command; an interrupt leaves at once with its exit code (see the module docstring)."""
    with contextlib.suppress(ValueError):  # not the main thread (an embedding program): leave them
        signal.signal(signal.SIGTERM, on_term)
    try:
        from jixiao.cli import main as command

        code = command()
    except (KeyboardInterrupt, Terminated) as exc:  # before the command's own handling began
        code = EXIT_INTERRUPTED if isinstance(exc, KeyboardInterrupt) else EXIT_TERMINATED
        with contextlib.suppress(OSError, KeyboardInterrupt, Terminated):
            sys.stderr.write(interrupted_line(exc) + "\n")
    if code in (EXIT_INTERRUPTED, EXIT_TERMINATED):
        # A Ctrl-C that lands while exec'd source runs (dataclasses make their methods so) is flagged
        # by CPython as unhandled even when caught, and it then re-sends SIGINT at exit (exit -2, not
        # 130). Our clean-up is done: leave with the code we mean.
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    return code
