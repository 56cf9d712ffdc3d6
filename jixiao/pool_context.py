"""How worker processes are made: a fork server, started as early as the command allows.

Workers are forked from a lean server process that has imported only the pipeline (not pandas or
pyarrow), so they start fast and stay small; where there is no fork server (Windows, macOS
spawn-only builds) they are spawned. The server takes ~0.2 s to import the pipeline: the CLI calls
:func:`start_early` before it imports the writer, so on a machine with two or more cores that import
runs while the parent imports pyarrow and lists and hashes the inputs, not after. This module imports
nothing of ours.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
from collections.abc import Iterator
from typing import Any

# fork_server first: a hook. The pipeline and the text reader (the worker imports them on its first
# file, ~0.12 s with the normaliser's libraries) are imported once here, not in every worker.
PRELOAD = [
    "jixiao.fork_server",
    "jixiao.worker",
    "jixiao.pipeline",
    "jixiao.extract.text_source",
    "jixiao.extract.docx_source",
]


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


@contextlib.contextmanager
def main_not_rerun() -> Iterator[None]:
    """Start processes without having them re-run the ``__main__`` script.

    A spawned or fork-server child imports the parent's main script first (so that functions defined
    there can be unpickled). Our workers need nothing from it, and a one-off script that calls the
    batch runner at its top level, without ``if __name__ == "__main__":``, would run again in every
    worker, fail there, and every file would be recorded as a crash. Without ``__file__`` and
    ``__spec__`` on the main module, multiprocessing does not pass it on.
    """
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if main is None or (spec is not None and spec.name.split(".")[-1] == "__main__"):
        yield  # interactive, or a package's __main__ (multiprocessing skips those itself)
        return
    saved: dict[str, Any] = {k: main.__dict__[k] for k in ("__spec__", "__file__") if k in main.__dict__}
    main.__spec__ = None  # a script run with -m would be re-imported by its module name
    main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        main.__dict__.update(saved)
