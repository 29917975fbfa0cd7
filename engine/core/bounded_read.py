"""The one way a file the user names is read: a regular file only, its size checked before a byte is read, and
never more than the limit read even if it grows meanwhile; standard input read up to the limit, no further.

`ncaudit check /dev/zero`, `--config /dev/zero` or `yes | ncaudit check -` read until the machine ran out of
memory, a named pipe blocked for ever and a 2 GB sparse `.json` was read whole. Each door words the refusal
in its own terms (a report's names its NCAUDIT_* limit; a configuration's, a standard's names the file)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

# a configuration (rules YAML) or a standards file (XML); the largest bundled standard is 60 KB
SOURCE_MAX_BYTES = 16 * 1024 * 1024


class NotAFile(ValueError):
    """The path names something other than a regular file: a named pipe, a device, a folder, a socket."""


class TooLarge(ValueError):
    """Over the limit: `size` is the file's size when known before reading (None for a stream)."""

    def __init__(self, size: int | None, limit: int) -> None:
        self.size, self.limit = size, limit
        shown = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
        super().__init__(f"{shown}, over the limit of {limit:,}")


_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of_file(mode: int) -> str:
    """`a named pipe`, `a character device` ... for a stat mode that is not a regular file's."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_bytes_bounded(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file `path`, at most `limit`. Raises NotAFile (a pipe, a device, a folder:
    opened without waiting for a writer, refused before reading), TooLarge (by its size, before reading; or
    by what it held when read) or OSError (missing, no permission)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)  # O_NONBLOCK: opening a named pipe does not wait for a writer
    try:
        info = os.fstat(fd)  # the file opened, not whatever the name points to a moment later
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile(f"not a regular file ({kind_of_file(info.st_mode)})")
        if info.st_size > limit:
            raise TooLarge(info.st_size, limit)
        with os.fdopen(fd, "rb", closefd=True) as f:
            fd = -1
            data = f.read(limit + 1)  # a file that grows while it is read (or claims 0 bytes, as /proc does)
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise TooLarge(None, limit)
    return data


def read_stream_bounded(stream: BinaryIO, limit: int) -> bytes:
    """At most `limit` bytes of a stream (standard input, a pipe); TooLarge past them, after `limit + 1` read."""
    try:
        info: os.stat_result | None = os.fstat(stream.fileno())
    except (OSError, AttributeError, ValueError):  # no file descriptor (a test's BytesIO)
        info = None
    if info is not None and stat.S_ISREG(info.st_mode) and info.st_size > limit:  # `< big.json`: by its size
        raise TooLarge(info.st_size, limit)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(None, limit)
    return data
