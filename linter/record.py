"""A parsed record: plain data plus where every key and list item came from."""

from __future__ import annotations

import os
from bisect import bisect_right
from pathlib import Path
from typing import Any, Iterable, Optional

from pfocr_lint.findings import format_field

_MISSING = object()


class Record:
    """One PFOCR figure record.

    ``data`` holds plain Python values (dict, list, str, int, float, bool,
    None) exactly as they would be written back as JSON. ``positions`` maps
    ``id(container)`` to, for a dict, ``{key: (line, col, start, end)}`` and,
    for a list, ``[(line, col, start, end), ...]``: line and column of the key
    (or list item) in the *file* (1-based) and the character span of the value
    in ``text``.
    """

    __slots__ = (
        "path", "file_path", "text", "data", "positions", "fm_offset",
        "fm_end", "cache", "companions", "_line_starts",
    )

    def __init__(self, path: str, file_path, text: str, data: dict,
                 positions: dict, fm_offset: int, fm_end: int):
        self.path = path
        self.file_path = file_path
        self.text = text
        self.data = data
        self.positions = positions
        self.fm_offset = fm_offset
        self.fm_end = fm_end
        self.cache: dict = {}  # per-record memo shared by rules of one family
        self.companions = None  # set by the engine: linter.companions.Companions
        self._line_starts = None  # offsets where lines begin, built on first need

    # -- values -----------------------------------------------------------
    def get(self, parts: Iterable, default: Any = None) -> Any:
        cur: Any = self.data
        for p in parts:
            try:
                cur = cur[p]
            except (KeyError, IndexError, TypeError):
                return default
        return cur

    def has(self, parts: Iterable) -> bool:
        return self.get(parts, _MISSING) is not _MISSING

    # -- positions --------------------------------------------------------
    def _entry(self, parts):
        """The position tuple of the deepest existing prefix of ``parts``."""
        cur: Any = self.data
        entry = None
        for p in parts:
            table = self.positions.get(id(cur))
            if table is None:
                break
            try:
                entry = table[p]
                cur = cur[p]
            except (KeyError, IndexError, TypeError):
                break
        return entry

    def locate(self, parts: Iterable = ()) -> tuple[int, int]:
        """(line, column), 1-based, of the key or list item named by ``parts``.

        Falls back to the nearest existing ancestor, and to the first line of
        the front matter for the record itself (a missing required key).
        """
        entry = self._entry(tuple(parts))
        if entry is None:
            return self.first_line(), 1
        return entry[0], entry[1]

    def span(self, parts: Iterable) -> Optional[tuple[int, int]]:
        """Character span of the value at ``parts`` in ``text``, if it exists."""
        parts = tuple(parts)
        if not parts or not self.has(parts):
            return None
        entry = self._entry(parts)
        return (entry[2], entry[3]) if entry else None

    def end_of(self, parts: Iterable) -> Optional[tuple[int, int]]:
        """(line, column) just after the scalar value at ``parts`` (the column
        of the character following it, 1-based, as SARIF's ``endColumn``), or
        None: for a list or mapping (a block collection's end mark lies at the
        next key, past comments) and for a value that does not exist."""
        parts = tuple(parts)
        if not parts or isinstance(self.get(parts, ()), (dict, list, tuple)):
            return None   # () stands for "missing": get() never returns a tuple
        span = self.span(parts)
        if span is None:
            return None
        end = span[1]
        starts = self._line_starts
        if starts is None:
            starts = self._line_starts = _line_starts(self.text)
        i = bisect_right(starts, end) - 1
        return i + 1, end - starts[i] + 1

    def first_line(self) -> int:
        return 1

    @staticmethod
    def field_name(parts: Iterable) -> str:
        return format_field(parts)

    @property
    def stem(self) -> str:
        """The file name without ``.md``: what figid must equal in a figure repository."""
        name = os.path.basename(self.path)   # not pathlib: asked for every record
        return name[:-3] if name.endswith(".md") else name

    def line_of_offset(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1


def _line_starts(text: str) -> list:
    """Offsets in ``text`` where each line begins (line 1 at index 0)."""
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts
