"""Which files to lint: paths -> (display path, real path) in a stable order."""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator, Optional

from pfocr_lint.companions import record_for_table


def _match_any(rel: str, patterns: Iterable[str]) -> bool:
    """gitignore-ish: a pattern without '/' matches any path component or the
    file name; one with '/' matches the path relative to the search root."""
    return _Matcher.of(tuple(patterns))(rel)


def is_excluded(rel: str, exclude: list) -> bool:
    return _match_any(rel, exclude)


class _Matcher:
    """The patterns of :func:`_match_any`, compiled once (fnmatch's own
    translation, so the meaning is fnmatchcase's): discovery tests every
    file of a 100,000-record tree against them."""

    _cache: dict = {}

    def __init__(self, patterns: tuple):
        whole, part = [], []
        for pat in patterns:
            pat = pat.rstrip("/")
            if "/" in pat:
                whole += [pat, pat + "/*"]
            else:
                part.append(pat)
        # one alternation per kind: a path component is tried against all
        # the default excludes in one regex call, not thirteen
        self.whole = [_compile(*whole)] if whole else []   # on the relative path
        self.part = [_compile(*part)] if part else []      # on each path component

    @classmethod
    def of(cls, patterns: tuple) -> "_Matcher":
        m = cls._cache.get(patterns)
        if m is None:
            if len(cls._cache) > 64:
                cls._cache.clear()
            m = cls._cache[patterns] = cls(patterns)
        return m

    def __call__(self, rel: str) -> bool:
        for match in self.whole:
            if match(rel) is not None:
                return True
        if self.part:
            for p in _parts(rel):
                for match in self.part:
                    if match(p) is not None:
                        return True
        return False


def _compile(*pats: str):
    return re.compile("|".join(fnmatch.translate(p) for p in pats)).match


def _parts(rel: str):
    """``PurePosixPath(rel).parts``, without building a path object for the
    plain 'a/b/c.md' shape that discovery produces."""
    if (rel and not rel.startswith(("/", "./")) and not rel.endswith("/") and "//" not in rel
            and "/./" not in rel and rel != "." and not rel.endswith("/.")):
        return rel.split("/")
    return PurePosixPath(rel).parts


def discover(paths: Iterable[str], include: list, exclude: list,
             force_exclude: bool = False,
             loose_tables: Optional[list] = None) -> Iterator[tuple[str, str]]:
    """Yield (display path, path) for every file to lint.

    Explicit files are always linted (pre-commit passes them one by one)
    unless ``force_exclude`` is set, as with ruff's ``--force-exclude``.
    Directories are walked in sorted order; excluded folders are not entered.
    Paths are strings: a path object per file cost more than reading the
    file's name did.

    A companion table (``_data/<figid>-genes.tsv``) stands for its record
    (``_figures/<figid>.md``) when that exists: the record is linted with all
    its tables, once however many of its files are named. A companion table
    whose record does not exist is no record to lint: with ``loose_tables``
    (a list) it is appended there, once, for the repository rules to report;
    without, it is yielded like any other file.
    """
    seen = set()
    included, excluded = _Matcher.of(tuple(include)), _Matcher.of(tuple(exclude))
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                rel_root = os.path.relpath(root, p)
                dirs[:] = sorted(d for d in dirs if not excluded(_rel(rel_root, d)))
                # per folder, not per file: what str(Path(root) / name) and
                # abspath() would work out again for every file in it
                shown_root = str(Path(root))
                abs_root = os.path.abspath(root)
                for name in sorted(files):
                    rel = _rel(rel_root, name)
                    if not included(name) or excluded(rel):
                        continue
                    shown = name if shown_root == "." else os.path.join(shown_root, name)
                    key = os.path.normcase(os.path.join(abs_root, name))
                    if name.endswith(".tsv"):
                        is_table, record = _record_of(shown)
                        if record is not None:
                            key = os.path.normcase(os.path.abspath(record))
                            if key not in seen:
                                seen.add(key)
                                yield record, record
                            continue
                        if is_table and loose_tables is not None:
                            if key not in seen:
                                seen.add(key)
                                loose_tables.append(shown)
                            continue
                    if key not in seen:
                        seen.add(key)
                        yield shown, shown
        else:
            if force_exclude and is_excluded(p.as_posix().lstrip("./"), exclude):
                continue
            is_table, record = _record_of(str(p))
            if record is not None:
                # the record is what gets linted: an excluded record stays
                # excluded, whichever of its files is named
                if force_exclude and is_excluded(record.lstrip("./"), exclude):
                    continue
                p = Path(record)
            key = os.path.normcase(os.path.abspath(p))
            if key in seen:
                continue
            seen.add(key)
            if is_table and record is None and loose_tables is not None:
                loose_tables.append(str(p))
                continue
            yield str(p), p


def _record_of(path: str) -> tuple[bool, Optional[str]]:
    """(whether ``path`` is named like a companion table, the record file it
    stands for if that exists)."""
    record = record_for_table(path)
    if record is None:
        return False, None
    if os.sep != "/":
        record = record.replace("/", os.sep)
    return True, (record if os.path.isfile(record) else None)


def _rel(root: str, name: str) -> str:
    return name if root in (".", "") else f"{root}/{name}".replace(os.sep, "/")


class FileList:
    """Discovered files kept as their display strings.

    A path object costs ~600 bytes: 60 MB for 100,000 records, held for the
    whole run. A file whose path is its display string is kept once, and
    iterating yields ``(display, display)`` for it.
    """

    __slots__ = ("_items",)

    def __init__(self, pairs: Iterable[tuple[str, object]]):
        self._items = [d if (p is not None and (p is d or str(p) == d)) else (d, p) for d, p in pairs]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[tuple[str, object]]:
        for item in self._items:
            yield (item, item) if item.__class__ is str else item

    def __getitem__(self, i: int) -> tuple[str, object]:
        item = self._items[i]
        return (item, item) if item.__class__ is str else item

