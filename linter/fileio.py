"""Reading a whole file's bytes with as few system calls as Python allows."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from contextlib import contextmanager
from hashlib import blake2b as _blake2b
from pathlib import Path
from typing import Optional

# O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer,
# and a FIFO named *.md in a figure folder would hang the whole run. It
# changes nothing for a regular file.
_O_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def read_file(path, max_bytes: Optional[int] = None):
    """(size, bytes) of the file at ``path``; bytes is None when the file is
    over ``max_bytes``. Raises OSError as ``open`` would, and for anything
    but a regular file (a FIFO, a device such as /dev/zero, which would never
    end, a socket).

    Plain descriptors instead of ``open(path, "rb").read()``: the buffered
    file object costs an isatty ioctl, a second fstat and an lseek per file,
    and this runs for every record and every companion table.
    """
    fd = os.open(path, _O_READ)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
            raise OSError(errno.EINVAL, "not a regular file (a pipe, device or socket)", os.fspath(path))
        size = st.st_size
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
        if exc.filename is not None:
            raise
        # os.read's errors name no file; open's do
        raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None
    finally:
        os.close(fd)
    return size, chunks[0] if len(chunks) == 1 else b"".join(chunks)


def content_hash(data: bytes) -> bytes:
    """A file's identity by content (the result cache keys records and
    tables by it): 128 bits of BLAKE2b, fast and with no practical collisions."""
    return _blake2b(data, digest_size=16).digest()


@contextmanager
def replaced_atomically(path, prefix: Optional[str] = None, suffix: str = ".tmp"):
    """Yield the name of a new temporary file beside ``path``: when the block
    ends without an exception, the file replaces ``path`` in one rename (a
    reader sees the old file or the new one, never half of one); when it
    raises, the temporary file is removed. Snapshots, baselines and fixed
    records are all written this way."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=prefix or f".{path.name}.", suffix=suffix, dir=str(path.parent))
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
