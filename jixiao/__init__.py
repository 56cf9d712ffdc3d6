"""jixiao (绩效): archived budget performance self-evaluation submissions → clean, typed, traceable tables.

For one-off scripts::

    import jixiao
    tables = jixiao.read_file("samples/lukou_xunchaban_2023.txt")
    tables["funds"]            # a pandas DataFrame per contract table (see schemas.TABLES)

``read_bytes`` does the same for bytes already in memory; ``process_bytes`` returns the typed rows
(``normalize.records.DocumentResult``) without pandas.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.extract.errors import DecodeError, FormatError, JixiaoError, LimitError

if TYPE_CHECKING:
    import pandas as pd

    from jixiao.pipeline import process_bytes

__version__ = "0.1.0"
__all__ = [
    "DecodeError",
    "FormatError",
    "JixiaoError",
    "LimitError",
    "process_bytes",
    "read_bytes",
    "read_file",
]


def read_bytes(data: bytes, source_path: str = "<bytes>") -> dict[str, pd.DataFrame]:
    """The contract's tables for one file's bytes, as DataFrames keyed by table name.

    A file that cannot be read still gives a ``documents`` row with ``status == "failed"`` and its
    ``error``; the other tables are then empty (with their columns).
    """
    from jixiao.emit.frames import result_frames
    from jixiao.emit.panel import link_frames
    from jixiao.pipeline import process_bytes

    return link_frames(result_frames([process_bytes(data, source_path)]))  # with unit/project ids


def __getattr__(name: str) -> Any:
    # the pipeline is imported when first used: the command's parent process never needs it
    if name == "process_bytes":
        from jixiao.pipeline import process_bytes

        return process_bytes
    raise AttributeError(f"module 'jixiao' has no attribute {name!r}")


def read_file(path: str | PathLike[str]) -> dict[str, pd.DataFrame]:
    """Read one submission file (.txt, .docx, …) into the contract's tables as pandas DataFrames.

    Raises ``FileNotFoundError``/``OSError`` only when the file itself cannot be opened; bad content is
    reported in ``tables["documents"]`` and ``tables["anomalies"]``.
    """
    p = Path(path)
    return read_bytes(p.read_bytes(), p.name)
