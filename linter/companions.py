"""Companion tables of the newer layout: ``_data/<figid>-genes.tsv`` and friends.

A record at ``<repo>/_figures/<figid>.md`` has its tables at
``<repo>/_data/<figid>-{genes,chemicals,diseases}.tsv``. Tables are read lazily
(most rules never ask) and once per record.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

KINDS = ("genes", "chemicals", "diseases")


@dataclass
class Table:
    path: str
    header: list
    rows: list          # list of dicts, column -> cell text
    lines: list         # file line (1-based) of each row
    problem: Optional[str] = None  # why the table could not be read, if it could not
    #: number of cells each row really had (rows are padded/truncated to the
    #: header in ``rows``; a ragged row is only visible here)
    widths: list = field(default_factory=list)

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


def read_table(path: Path, display: str) -> Table:
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return Table(display, [], [], [], problem=f"cannot read table: {exc}")
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


class Companions:
    """The companion tables of one record, looked up on demand.

    Made for every record, asked ``applicable``/``get`` many times by the
    rules: the paths are worked out once, on first use.
    """

    def __init__(self, record_path: Optional[Path], figid: str, display_path: str):
        self.record_path = record_path
        self.figid = figid
        self._display_path = display_path
        self._display_root = _UNSET
        self._data_dir = _UNSET
        self._cache: dict = {}

    def _dir(self) -> Optional[Path]:
        d = self._data_dir
        if d is _UNSET:
            d = self._data_dir = None if self.record_path is None else data_dir_for(self.record_path)
        return d

    @property
    def applicable(self) -> bool:
        """True when the record lives in a figure repository's ``_figures`` folder."""
        return self._dir() is not None

    def path(self, kind: str) -> Optional[Path]:
        d = self._dir()
        return None if d is None else d / f"{self.figid}-{kind}.tsv"

    def display(self, kind: str) -> str:
        root = self._display_root
        if root is _UNSET:
            root = None
            if self.record_path is not None:
                # Show table paths the way the record path was shown (relative stays relative).
                disp = Path(self._display_path)
                if disp.parent.name == "_figures":
                    root = disp.parent.parent / "_data"
            self._display_root = root
        name = f"{self.figid}-{kind}.tsv"
        return str(root / name) if root is not None else name

    def get(self, kind: str) -> Optional[Table]:
        if kind not in self._cache:
            p = self.path(kind)
            self._cache[kind] = read_table(p, self.display(kind)) if p is not None and p.is_file() else None
        return self._cache[kind]
