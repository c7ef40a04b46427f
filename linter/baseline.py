"""A baseline: the findings a repository has accepted, so that a run reports only new ones.

A legacy repository of 90,000 records has warnings in almost every record;
without a baseline ``--fail-on warning`` blocks every edit. ``--write-baseline
FILE`` records today's findings; ``--baseline FILE`` (or ``baseline = "FILE"``
in the configuration) leaves out every finding recorded there.

An entry is keyed by a fingerprint that survives edits elsewhere in the file:
the record (its figid, else its path), the file of the record it is in (the
record itself, or a companion table's name), the rule code, the field path
without list positions (``keywords[]``, not ``keywords[49]``: a keyword
inserted above would move it) and the offending value; never a line number. The same finding twice in a record
is one entry with a count. A finding that was fixed leaves its entry *stale*:
stale entries of the records a run saw are counted in the summary, and
``--write-baseline`` again prunes them.

The file is JSON with one entry a line, sorted, so a review shows exactly
which findings were accepted or fixed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Optional

from pfocr_lint.fileio import replaced_atomically
from pfocr_lint.errors import UsageError

VERSION = 1


def record_key(figid, path: str) -> str:
    """What names a record in a fingerprint: its figid, else its path (with
    forward slashes, relative to the working folder)."""
    if isinstance(figid, str) and figid.strip():
        return figid.strip()
    from pfocr_lint.reporters._common import relative_posix

    return relative_posix(path)


def fingerprint(parts: tuple) -> str:
    """(record, file, code, field, value) -> 16 hex digits."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def parts_of(finding, key: str, record_path: Optional[str]) -> tuple:
    """The fingerprint's parts for ``finding`` of the record named ``key``
    (linted from ``record_path``): a finding in a companion table is told
    apart by the table's file name."""
    where = "" if record_path is None or finding.path == record_path else os.path.basename(finding.path)
    return (key, where, finding.code, field_key(finding.field), finding.value or "")


_POSITION = re.compile(r"\[[0-9]+\]")


def field_key(field: Optional[str]) -> str:
    """The field path as a fingerprint has it: list positions left out, as
    line numbers are (the value tells the items apart; two findings on equal
    items are one entry with a count of 2)."""
    return _POSITION.sub("[]", field) if field else ""


def fingerprinted(findings: list, figid, record_path: str) -> list:
    """The findings of the record linted from ``record_path``, each with its fingerprint."""
    key = record_key(figid, record_path)
    return [f.with_fingerprint(fingerprint(parts_of(f, key, record_path))) for f in findings]


class Baseline:
    """The entries of a baseline file: fingerprint -> [parts, count]."""

    def __init__(self, entries: Optional[dict] = None, path: Optional[str] = None):
        self.entries = entries or {}
        self.path = path
        self._left: dict = {}     # fingerprint -> how many more findings it still covers

    @classmethod
    def load(cls, path) -> "Baseline":
        try:
            doc = json.loads(Path(path).read_text(encoding="utf-8"))
            if not isinstance(doc, dict) or doc.get("version") != VERSION:
                raise ValueError(f"not a version-{VERSION} pfocr-lint baseline")
            entries = {}
            for e in doc["entries"]:
                parts = (e["record"], e.get("file", ""), e["code"], e.get("field") or "", e.get("value") or "")
                if not all(isinstance(p, str) for p in parts):
                    raise ValueError(f"malformed entry {e!r}")
                # a file written before positions were left out still applies
                parts = parts[:3] + (field_key(parts[3]),) + parts[4:]
                count = e.get("count", 1)
                if not isinstance(count, int) or count < 1:
                    raise ValueError(f"malformed count in {e!r}")
                fp = fingerprint(parts)
                if fp in entries:
                    entries[fp][1] += count
                else:
                    entries[fp] = [parts, count]
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"baseline {path}: cannot read it: {exc}") from None
        return cls(entries, str(path))

    def covers(self, fp: str) -> bool:
        """Is the finding with this fingerprint accepted? Each entry covers
        as many findings as its count."""
        left = self._left.get(fp)
        if left is None:
            entry = self.entries.get(fp)
            if entry is None:
                return False
            left = entry[1]
        if left <= 0:
            return False
        self._left[fp] = left - 1
        return True

    def stale(self, seen_records: set) -> int:
        """Entries (counting each finding) of records the run saw that no
        finding used: what was fixed since the baseline was written."""
        n = 0
        for fp, (parts, count) in self.entries.items():
            if parts[0] in seen_records:
                n += self._left.get(fp, count)
        return n

    def add(self, parts: tuple) -> None:
        fp = fingerprint(parts)
        entry = self.entries.get(fp)
        if entry is None:
            self.entries[fp] = [parts, 1]
        else:
            entry[1] += 1

    def merge_unseen(self, old: "Baseline", seen_records: set) -> None:
        """Keep ``old``'s entries of records this run did not lint (a run of a
        few files must not drop the rest of the repository's baseline)."""
        for fp, (parts, count) in old.entries.items():
            if parts[0] not in seen_records and fp not in self.entries:
                self.entries[fp] = [parts, count]

    def write(self, path) -> int:
        """Write atomically; -> the number of entries."""
        rows = sorted((parts, count) for parts, count in self.entries.values())
        lines = []
        for (record, where, code, field, value), count in rows:
            e = {"record": record, "file": where, "code": code, "field": field, "value": value,
                 "count": count, "fingerprint": fingerprint((record, where, code, field, value))}
            lines.append(json.dumps(e, ensure_ascii=False, sort_keys=False))
        text = ('{"version": %d, "tool": "pfocr-lint", "entries": [\n' % VERSION
                + ",\n".join(lines) + ("\n" if lines else "") + "]}\n")
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with replaced_atomically(target) as tmp:
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        return len(rows)
