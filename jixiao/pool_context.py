"""How worker processes are made: a fork server, started as early as the command allows.

Workers are forked from a lean server process that has imported only the pipeline (not pandas or
pyarrow), so they start fast and stay small; where there is no fork server (Windows, macOS
spawn-only builds) they are spawned. The server takes ~0.2 s to import the pipeline: the CLI calls
:func:`start_early` before it imports the writer, so on a machine with two or more cores that import
runs while the parent imports pyarrow and lists and hashes the inputs, not after. This module imports
nothing of ours.
"""

from __future__ import annotations

import multiprocessing
from typing import Any

PRELOAD = ["jixiao.worker", "extract.docx_source"]


def context() -> Any:
    """The multiprocessing context the worker pool uses."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def start_early() -> None:
    """Start the fork server now (it imports the pipeline in the background); a no-op without one."""
    if context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()
