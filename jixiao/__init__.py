"""jixiao (绩效): archived budget performance self-evaluation submissions → clean, typed, traceable tables.

For one-off scripts, :func:`read` takes a file, a folder, a glob, a ``.zip``, bytes or a binary file
object and gives the contract's tables as pandas DataFrames (see ``jixiao.schemas.TABLES``):

>>> import jixiao
>>> tables = jixiao.read("samples/lukou_xunchaban_2023.txt")
>>> tables["documents"][["source_path", "status"]].to_dict("records")
[{'source_path': 'samples/lukou_xunchaban_2023.txt', 'status': 'ok'}]
>>> funds = tables["funds"]
>>> str(funds["budget_initial_yuan"].dtype)     # money: exact decimals, never floats
'decimal128(18, 2)[pyarrow]'
>>> funds["budget_initial_yuan"].sum()
Decimal('...')

``process_bytes`` returns the typed rows (``normalize.records.DocumentResult``) without pandas.
"""

from __future__ import annotations

import os

# Only what every use needs is imported here: the `jixiao` command's entry point (jixiao.start) comes
# after this file, and it installs the signal handling that turns an early Ctrl-C into one line.
from jixiao.extract.errors import DecodeError, FormatError, JixiaoError, LimitError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, BinaryIO

    import pandas as pd

    from jixiao.normalize.records import DocumentResult
    from jixiao.pipeline import process_bytes

    Source = str | os.PathLike[str] | bytes | bytearray | memoryview | BinaryIO

__version__ = "0.1.0"
__all__ = [
    "DecodeError",
    "FormatError",
    "JixiaoError",
    "LimitError",
    "process_bytes",
    "read",
    "read_bytes",
    "read_file",
]


def read(source: Source, *, name: str | None = None, follow_links: bool = False) -> dict[str, pd.DataFrame]:
    """Read submissions into the contract's tables, one DataFrame per table (empty ones too).

    ``source``: a path to a file, a folder (read recursively), a glob (``"arch/**/*.docx"``), a
    ``.zip``; or the bytes of one file, or a binary file object (``open(p, "rb")``, an upload).
    ``name`` is the ``source_path`` recorded for bytes and file objects (default: the object's
    ``name``, else ``<bytes>``); a name ending in ``.zip`` reads the bytes as an archive.

    Files are read as ``jixiao extract`` reads them: every file found has a ``documents`` row
    (``failed`` with its error, ``skipped`` with the reason, a copy with ``duplicate_of``). Money
    columns are ``pd.ArrowDtype(pa.decimal128(18, 2))``: ``sum``, ``round`` and comparisons are
    exact. Raises ``FileNotFoundError`` when a path matches nothing.

    >>> import io, jixiao
    >>> data = open("samples/lukou_xunchaban_2023.txt", "rb").read()
    >>> jixiao.read(io.BytesIO(data), name="自评.txt")["documents"]["source_path"].tolist()
    ['自评.txt']
    >>> docs = jixiao.read("samples/templates/*.txt")["documents"]
    >>> (len(docs) > 1, set(docs["status"]) <= {"ok", "partial"})
    (True, True)
    """
    from pathlib import Path

    if isinstance(source, bytes | bytearray | memoryview):
        return _read_data(bytes(source), name or "<bytes>", follow_links)
    if hasattr(source, "read"):
        data = source.read()
        if not isinstance(data, bytes):
            raise TypeError("give a binary file object (open the file with 'rb')")
        own = getattr(source, "name", None)
        return _read_data(data, name or (Path(own).name if isinstance(own, str) else "<bytes>"), follow_links)
    if not isinstance(source, str | os.PathLike):
        raise TypeError(f"cannot read a {type(source).__name__}: give a path, bytes or a binary file object")
    return _frames(_read_paths(os.fspath(source), follow_links))


read_file = read  # the first name of the API, kept


def read_bytes(data: bytes, source_path: str = "<bytes>") -> dict[str, pd.DataFrame]:
    """The contract's tables for one file's bytes (see :func:`read`)."""
    return read(data, name=source_path)


def _read_data(data: bytes, name: str, follow_links: bool) -> dict[str, pd.DataFrame]:
    import tempfile
    from pathlib import Path

    if name.lower().endswith(".zip"):
        with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
            path = Path(tmp, Path(name).name)
            path.write_bytes(data)
            return _frames(_read_paths(str(path), follow_links, shown_as=name))
    from jixiao.pipeline import process_bytes

    return _frames([process_bytes(data, name)])


def _read_paths(pattern: str, follow_links: bool, shown_as: str | None = None) -> list[DocumentResult]:
    """Every document under ``pattern``; ``shown_as`` names the one archive ``pattern`` is (its
    members are then shown as ``shown_as!/…``, wherever the archive was written)."""
    import hashlib
    from dataclasses import replace

    from jixiao.inputs import (
        close_archives,
        find_inputs,
        read_item,
        skipped_row,
        source_format_of,
        unread_doc_id,
    )
    from jixiao.normalize.records import DocumentResult, failed_result
    from jixiao.pipeline import process_bytes
    from jixiao.worker import duplicate_result

    found = find_inputs([pattern], follow_links=follow_links)
    if found.missing:
        raise FileNotFoundError(f"{pattern}: no such file, folder or glob match")
    if shown_as is not None:

        def shown(path: str) -> str:
            return shown_as + path[path.index("!/") :] if "!/" in path else shown_as

        found.items = [replace(i, source_path=shown(i.source_path)) for i in found.items]
        found.skipped = [replace(s, source_path=shown(s.source_path)) for s in found.skipped]
    results = [DocumentResult(documents=(skipped_row(s),)) for s in found.skipped]
    first: dict[str, Any] = {}
    try:
        for item in found.items:
            try:
                data = read_item(item)
            except OSError as exc:
                fmt, unread = source_format_of(item.source_path), unread_doc_id(item.source_path)
                results.append(failed_result(unread, item.source_path, fmt, str(exc)))
                continue
            doc_id = hashlib.sha256(data).hexdigest()
            if doc_id in first:  # the batch's rule: the first copy (by path) is read, others point to it
                results.append(duplicate_result(doc_id, item.source_path, first[doc_id]))
                continue
            result = process_bytes(data, item.source_path)
            first[doc_id] = result.document
            results.append(result)
    finally:
        close_archives()
    return results


def _frames(results: list[DocumentResult]) -> dict[str, pd.DataFrame]:
    """Tables with money as exact Arrow decimals (Decimal objects in an object column are text to
    pandas: ``describe`` skipped them, ``round`` failed on empty cells)."""
    import pandas as pd
    import pyarrow as pa

    from jixiao.emit.frames import result_frames
    from jixiao.emit.panel import link_frames
    from jixiao.schemas import TABLES

    frames = link_frames(result_frames(results))  # with unit/project ids, as a batch run gives them
    money = pd.ArrowDtype(pa.decimal128(18, 2))
    for table, frame in frames.items():
        for col in TABLES[table].columns:
            if col.type == "money":
                values = pa.array(frame[col.name].tolist(), type=money.pyarrow_dtype)
                frame[col.name] = pd.Series(pd.arrays.ArrowExtensionArray(values), index=frame.index)
    return frames


def __getattr__(name: str) -> Any:
    # the pipeline is imported when first used: the command's parent process never needs it
    if name == "process_bytes":
        from jixiao.pipeline import process_bytes

        return process_bytes
    raise AttributeError(f"module 'jixiao' has no attribute {name!r}")
