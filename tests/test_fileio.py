"""linter.fileio.read_file reads what open(path, 'rb').read() reads, and fails as open fails."""

from __future__ import annotations

import os

import pytest

from pfocr_lint.fileio import read_file


@pytest.mark.parametrize("size", [0, 1, 4096, 65535, 65536, 65537, 300_000])
def test_reads_every_byte(tmp_path, size):
    p = tmp_path / "f.bin"
    data = os.urandom(size)
    p.write_bytes(data)
    assert read_file(p) == (size, data)
    assert read_file(str(p), max_bytes=size) == (size, data)


def test_over_the_limit_is_not_read(tmp_path):
    p = tmp_path / "big.md"
    p.write_bytes(b"x" * 1001)
    assert read_file(p, max_bytes=1000) == (1001, None)


def test_reads_past_the_size_the_file_had_when_opened(tmp_path, monkeypatch):
    # a file that grows between fstat and read (a writer appending) is read to its end
    p = tmp_path / "grows.md"
    p.write_bytes(b"a" * 10)
    real_fstat = os.fstat

    def stale_fstat(fd):
        st = real_fstat(fd)
        with open(p, "ab") as fh:
            fh.write(b"b" * 100_000)
        return st

    monkeypatch.setattr(os, "fstat", stale_fstat)
    size, data = read_file(p)
    assert size == 10 and data == b"a" * 10 + b"b" * 100_000


def _error(fn, path) -> OSError:
    try:
        fn(path)
    except OSError as exc:
        return exc
    raise AssertionError(f"no error reading {path}")


def test_errors_name_the_file_as_open_does(tmp_path):
    missing = tmp_path / "missing.md"
    got, want = _error(read_file, missing), _error(lambda p: open(p, "rb").read(), missing)
    assert type(got) is type(want) is FileNotFoundError and str(got) == str(want)
    # a directory: open refuses it, os.read's EISDIR names no file: read_file adds it
    got, want = _error(read_file, tmp_path), _error(lambda p: open(p, "rb").read(), tmp_path)
    assert type(got) is type(want) is IsADirectoryError and str(got) == str(want)
