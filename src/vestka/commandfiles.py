"""What `vestka` commands share when they read a text file and print JSON lines."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import CommandError


def read_utf8(path: str) -> str:
    """A UTF-8 text file (a BOM is allowed), or stdin for "-". A file that cannot be read
    or is not UTF-8 stops the command with a message naming the file and line."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as stream:
                data = stream.read()
    except OSError as error:
        raise CommandError(f"{path}: cannot read ({error.strerror}).") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CommandError(
            f"{path}, line {line}: not UTF-8 text (byte {error.start}); save it as UTF-8."
        ) from None


def json_line(value: Any) -> str:
    """One JSON line, with Cyrillic written as itself."""
    return json.dumps(value, ensure_ascii=False)
