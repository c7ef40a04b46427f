"""Companion tables of the newer layout: ``_data/<figid>-genes.tsv`` and friends.

A record at ``<repo>/_figures/<figid>.md`` has its tables at
``<repo>/_data/<figid>-{genes,chemicals,diseases}.tsv``. Tables are read lazily
(most rules never ask) and once per record.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pfocr_lint.fileio import content_hash, read_file

KINDS = ("genes", "chemicals", "diseases")


@dataclass
class Table:
    path: str
    header: list
    rows: list          # list of dicts, column -> cell text
    lines: list         # file line (1-based) of each row
    problem: Optional[str] = None  # why the table could not be read, if it could not
    #: what to do about ``problem`` when it is not the usual one (regenerate the table)
    advice: Optional[str] = None
    #: number of cells each row really had (rows are padded/truncated to the
    #: header in ``rows``; a ragged row is only visible here)
    widths: list = field(default_factory=list)
    #: a content hash of the file's bytes (the result cache checks it); None
    #: when the file could not be read whole
    digest: Optional[bytes] = None

    def column(self, name: str) -> list:
        return [r.get(name) for r in self.rows]


def data_dir_for(record_path: Path) -> Optional[Path]:
    """``<repo>/_data`` for a record in ``<repo>/_figures``; None elsewhere."""
    parent = record_path.parent
    if parent.name != "_figures":
        return None
    return parent.parent / "_data"


def table_path(record_path: Path, figid: str, kind: str) -> Optional[Path]:
    data_dir = data_dir_for(record_path)
    return None if data_dir is None else data_dir / f"{figid}-{kind}.tsv"


_TABLE_NAME = re.compile(
    r"^(?P<root>.*?)(?:^|/)_data/(?P<figid>[^/]+)-(?:%s)\.tsv$" % "|".join(KINDS))


def record_for_table(path: str) -> Optional[str]:
    """The record a companion table belongs to, by the layout alone:
    ``<repo>/_data/<figid>-genes.tsv`` -> ``<repo>/_figures/<figid>.md``
    (with forward slashes); None for a path that is not a companion table."""
    if not path.endswith(".tsv"):
        return None
    m = _TABLE_NAME.match(path.replace("\\", "/"))
    if m is None:
        return None
    root = m.group("root")
    return (root + "/" if root else "") + "_figures/" + m.group("figid") + ".md"


_TOO_BIG = ("PFOCR tables have at most a few hundred rows: check that this is the figure's own table "
            "(a re-run may have appended to it) and regenerate it, or raise '{limit}' to check it as it is")


def read_table(path, display: str, max_bytes: Optional[int] = None, max_rows: Optional[int] = None) -> Table:
    """The table at ``path``; one over ``max_bytes`` (``max-file-size``, as
    for records) or with more than ``max_rows`` rows (``max-table-rows``) is
    not read, only reported, like an unreadable one.

    The row bound is what keeps a table's cost bounded: the rules' cost is per
    row (a finding or a reference look-up each), and 5 MB of short rows is
    over 100,000 of them. A table over it is not checked at all rather than in
    part, because rules read a table as a whole (keywords against its words,
    chemical words against gene words) and its first rows alone would make
    them report what the rest of the table holds."""
    try:
        size, raw = read_file(path, max_bytes)
        if raw is None:
            return Table(display, [], [], [], problem=f"table is {size:,} bytes, over the "
                                                      f"{max_bytes:,}-byte limit (max-file-size); not read",
                         advice=_TOO_BIG.format(limit="max-file-size"))
        hashed = content_hash(raw)
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        return Table(display, [], [], [], problem=f"cannot read table: {exc}")
    except UnicodeDecodeError as exc:
        return Table(display, [], [], [], problem=f"cannot read table: {exc}", digest=hashed)
    if max_rows is not None:
        rows = _count_rows(text, max_rows)
        if rows > max_rows:
            return Table(display, [], [], [], problem=f"table has {rows:,} rows, over the {max_rows:,}-row "
                                                      f"limit (max-table-rows); not checked",
                         advice=_TOO_BIG.format(limit="max-table-rows"), digest=hashed)
    if text and "\r" not in text and "\0" not in text and len(text) < _FIELD_LIMIT:
        table = _split_table(text, display)
    else:
        table = _csv_table(text, display)
    table.digest = hashed
    return table


_LINE = re.compile(r"[^\r\n]+")


def _count_rows(text: str, limit: int) -> int:
    """The table's data rows as the readers count them (non-blank lines after
    the header; a line ends at LF, CR or CRLF), or any number not over
    ``limit`` when the table cannot have more (most tables: one count of the
    line ends settles it)."""
    if text.count("\n") + text.count("\r") <= limit:
        return 0
    lines = sum(1 for _ in _LINE.finditer(text))
    return lines - 1 if text[:1] not in ("\r", "\n") else lines


# csv's default field size limit: a longer text may hold a field csv rejects,
# so only shorter ones take the fast path (which could not tell).
_FIELD_LIMIT = csv.field_size_limit()


def _split_table(text: str, display: str) -> Table:
    """What ``_csv_table`` reads, for the usual table (LF line ends, no NUL).

    With QUOTE_NONE the csv module only splits lines at line ends and cells
    at tabs; with no CR in the text a line end is LF and ``str.split`` does
    the same thing several times faster. Blank lines are skipped and line
    numbers still count them, as ``reader.line_num`` does.
    """
    lines = text.split("\n")
    first = lines[0]
    header = first.split("\t") if first else []
    width = len(header)
    rows, row_lines, widths = [], [], []
    for number, line in enumerate(lines[1:], 2):
        if not line:
            continue
        cells = line.split("\t")
        n = len(cells)
        if n != width:
            cells = cells + [""] * (width - n)
        rows.append(dict(zip(header, cells)))
        row_lines.append(number)
        widths.append(n)
    return Table(display, header, rows, row_lines, widths=widths)


def _csv_table(text: str, display: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    try:
        header = next(reader)
    except StopIteration:
        return Table(display, [], [], [], problem="table is empty (no header row)")
    except csv.Error as exc:
        return Table(display, [], [], [], problem=f"cannot parse table: {exc}")
    rows, lines, widths = [], [], []
    try:
        for cells in reader:
            if not cells or cells == [""]:
                continue
            rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)))))
            lines.append(reader.line_num)
            widths.append(len(cells))
    except csv.Error as exc:
        return Table(display, header, rows, lines, problem=f"cannot parse table: {exc}", widths=widths)
    return Table(display, header, rows, lines, widths=widths)


_UNSET = object()


def _plain_name(figid: str) -> bool:
    """A file name of its own: no folder part, no '..', nothing that is not text."""
    return (bool(figid) and "/" not in figid and "\\" not in figid and "\0" not in figid
            and figid not in (".", "..") and not (len(figid) > 1 and figid[1] == ":"))
is_file = os.path.isfile  # module-level, so benchmarks/profile_rules.py can time it


# Record folder -> its ``_data`` folder (or None), and display folder -> the
# display root of its tables: worked out with pathlib once per folder, not per
# record (pathlib's parsing was most of the cost of finding a record's tables).
_DATA_DIRS: dict = {}
_DISPLAY_ROOTS: dict = {}


def _memo(table: dict, key: str, make):
    try:
        return table[key]
    except KeyError:
        if len(table) > 10_000:
            table.clear()
        value = table[key] = make()
        return value


def _data_dir_str(folder: str) -> Optional[str]:
    d = data_dir_for(Path(folder) / "x.md")
    return None if d is None else str(d)


def _display_root(folder: str) -> Optional[str]:
    # Show table paths the way the record path was shown (relative stays relative).
    disp = Path(folder) / "x.md"
    return str(disp.parent.parent / "_data") if disp.parent.name == "_figures" else None


class Companions:
    """The companion tables of one record, looked up on demand.

    Made for every record, asked ``applicable``/``get`` many times by the
    rules: the paths are worked out once, on first use.
    """

    __slots__ = ("record_path", "figid", "_display_path", "_data_dir", "_cache", "max_bytes", "max_rows")

    def __init__(self, record_path: Optional[Path], figid: str, display_path: str,
                 max_bytes: Optional[int] = None, max_rows: Optional[int] = None):
        self.record_path = record_path
        if not _plain_name(figid):
            # figid is untrusted text: '../../etc/x' or an absolute path would
            # read (and print the cells of) a table anywhere on disk. Tables
            # are only looked up in the repository's _data folder, by the
            # record's own file name then.
            name = os.path.basename(display_path)
            figid = name[:-3] if name.endswith(".md") else name
        self.figid = figid
        self.max_bytes = max_bytes
        self.max_rows = max_rows
        self._display_path = display_path
        self._data_dir = _UNSET
        self._cache: dict = {}

    def _dir(self) -> Optional[str]:
        d = self._data_dir
        if d is _UNSET:
            if self.record_path is None:
                d = None
            else:
                folder = os.path.dirname(os.fspath(self.record_path))
                d = _memo(_DATA_DIRS, folder, lambda: _data_dir_str(folder))
            self._data_dir = d
        return d

    @property
    def applicable(self) -> bool:
        """True when the record lives in a figure repository's ``_figures`` folder."""
        return self._dir() is not None

    def path(self, kind: str) -> Optional[str]:
        d = self._dir()
        return None if d is None else os.path.join(d, f"{self.figid}-{kind}.tsv")

    def display(self, kind: str) -> str:
        name = f"{self.figid}-{kind}.tsv"
        if self.record_path is None:
            return name
        folder = os.path.dirname(self._display_path)
        root = _memo(_DISPLAY_ROOTS, folder, lambda: _display_root(folder))
        return os.path.join(root, name) if root is not None else name

    def inputs(self) -> Optional[tuple]:
        """((path, content hash or None when absent), ...) of every table
        looked up so far: what the record's findings depend on besides the
        record. None when a table could not be read whole (nothing to hash)."""
        out = []
        for kind, table in self._cache.items():
            p = self.path(kind)
            if p is None:
                continue
            if table is None:
                out.append((p, None))
            elif table.digest is None:
                return None
            else:
                out.append((p, table.digest))
        return tuple(out)

    def get(self, kind: str) -> Optional[Table]:
        cache = self._cache
        if kind not in cache:
            p = self.path(kind)
            cache[kind] = (read_table(p, self.display(kind), self.max_bytes, self.max_rows)
                           if p is not None and is_file(p) else None)
        return cache[kind]
