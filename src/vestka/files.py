"""Files written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def file_write_whole(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Write ``data`` under a temporary name beside ``path`` (readable by its owner only,
    as mkstemp makes it), then rename it into place: a reader sees the whole file or
    none. ``durable`` syncs the file and the folder, so the file survives a power cut.

    Raises FileNotFoundError when the temporary file was deleted before the rename (by
    whoever tidies the folder); nothing is left behind on any error."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, part = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(part, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(part)
        raise
    if durable:
        with contextlib.suppress(OSError):
            folder = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
