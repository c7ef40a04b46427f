"""Which files to lint: paths -> (display path, real path) in a stable order."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator


def _match_any(rel: str, patterns: Iterable[str]) -> bool:
    """gitignore-ish: a pattern without '/' matches any path component or the
    file name; one with '/' matches the path relative to the search root."""
    parts = PurePosixPath(rel).parts
    for pat in patterns:
        pat = pat.rstrip("/")
        if "/" in pat:
            if fnmatch.fnmatchcase(rel, pat) or fnmatch.fnmatchcase(rel, pat + "/*"):
                return True
        elif any(fnmatch.fnmatchcase(p, pat) for p in parts):
            return True
    return False


def is_excluded(rel: str, exclude: list) -> bool:
    return _match_any(rel, exclude)


def discover(paths: Iterable[str], include: list, exclude: list,
             force_exclude: bool = False) -> Iterator[tuple[str, Path]]:
    """Yield (display path, path) for every file to lint.

    Explicit files are always linted (pre-commit passes them one by one)
    unless ``force_exclude`` is set, as with ruff's ``--force-exclude``.
    Directories are walked in sorted order; excluded folders are not entered.
    """
    seen = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                rel_root = os.path.relpath(root, p)
                dirs[:] = sorted(d for d in dirs
                                 if not is_excluded(_rel(rel_root, d), exclude))
                for name in sorted(files):
                    rel = _rel(rel_root, name)
                    if not _match_any(name, include) or is_excluded(rel, exclude):
                        continue
                    full = Path(root) / name
                    key = os.path.normcase(os.path.abspath(full))
                    if key not in seen:
                        seen.add(key)
                        yield str(full), full
        else:
            if force_exclude and is_excluded(p.as_posix().lstrip("./"), exclude):
                continue
            key = os.path.normcase(os.path.abspath(p))
            if key not in seen:
                seen.add(key)
                yield str(p), p


def _rel(root: str, name: str) -> str:
    return name if root in (".", "") else f"{root}/{name}".replace(os.sep, "/")
