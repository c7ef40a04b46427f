"""Opening a reference snapshot (the HGNC/MGI/RGD genes, MeSH): one way for all.

Each kind has a snapshot shipped in the package and may have one the user
built with ``pfocr-lint data update``; the user's wins when it opens. A
snapshot is a read-only SQLite file with a ``meta`` table whose
``schema_version`` must be the one this pfocr-lint reads.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

# (path, mtime, pid) -> the open snapshot, shared by the runs of one process.
# Per process: a SQLite connection must not be used across fork(); per mtime:
# 'data update' replaces the file under a long-lived process (tests, servers).
_OPEN: dict = {}


def open_preferred(user: Path, shipped: Path, make, error: type, name: str, update_command: str,
                   warn=None):
    """The user's snapshot if it exists and opens, else the shipped one:
    ``make(path, where)`` opens one and raises ``error`` when it cannot;
    ``warn`` hears why a user snapshot was passed over."""
    if user.is_file():
        try:
            return _open(user, f"user snapshot from '{update_command}'", make)
        except error as exc:
            if warn:
                warn(f"{name}: ignoring {exc}; using the shipped snapshot")
    return _open(shipped, "shipped snapshot", make)


def _open(path: Path, where: str, make):
    key = (str(path), path.stat().st_mtime_ns, os.getpid())
    snap = _OPEN.get(key)
    if snap is None:
        snap = _OPEN[key] = make(path, where)
    return snap


def connect(path: Path, what: str, schema_version: str, update_command: str, error: type):
    """(connection, meta) of the snapshot file at ``path``, opened read-only
    and immutable (nothing writes it while a run reads it: SQLite then takes
    no locks); ``error`` when it is missing, not a snapshot, or of another
    schema. ``what`` names the kind in messages ("gene", "MeSH")."""
    if not path.is_file():
        raise error(f"{path}: no such snapshot")
    try:
        con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True,
                              check_same_thread=False)
        meta = dict(con.execute("SELECT key, value FROM meta"))
    except sqlite3.Error as exc:
        raise error(f"{path}: not a pfocr-lint {what} snapshot ({exc})") from None
    if meta.get("schema_version") != schema_version:
        con.close()
        raise error(f"{path}: {what} snapshot schema {meta.get('schema_version')!r}, "
                    f"this pfocr-lint reads {schema_version!r}: run '{update_command}'")
    return con, meta
