"""Reading a whole file's bytes with as few system calls as Python allows."""

from __future__ import annotations

import os
from typing import Optional

_O_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def read_file(path, max_bytes: Optional[int] = None):
    """(size, bytes) of the file at ``path``; bytes is None when the file is
    over ``max_bytes``. Raises OSError as ``open`` would.

    Plain descriptors instead of ``open(path, "rb").read()``: the buffered
    file object costs an isatty ioctl, a second fstat and an lseek per file,
    and this runs for every record and every companion table.
    """
    fd = os.open(path, _O_READ)
    try:
        size = os.fstat(fd).st_size
        if max_bytes is not None and size > max_bytes:
            return size, None
        chunks = []
        want = size + 1     # the whole file in the first read, as a rule
        while True:         # to the end of the file, whatever its size said
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            want = 65536
    except OSError as exc:
        # os.read's errors (a directory: EISDIR) name no file; open's do
        raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None
    finally:
        os.close(fd)
    return size, chunks[0] if len(chunks) == 1 else b"".join(chunks)
