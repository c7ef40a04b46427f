"""``--statistics``: one row per rule that reported something, most frequent
first (as ruff's ``--statistics``): count, code, name, how many of those
findings ``--fix`` can fix (and how many more only ``--unsafe-fixes``),
severity.

Not a ``--format``: the run adds it beside the reports. Alone (no
``--format`` on the command line) it replaces the listing on stdout; when a
report is written to stdout, the table goes to stderr so that report stays
valid JSON/SARIF/XML.
"""

from __future__ import annotations

from pfocr_lint.reporters._common import rule_for, rule_map
from pfocr_lint.reporters.base import Reporter

COLUMNS = ("count", "code", "name", "fixable", "severity")


class StatisticsReporter(Reporter):
    def start(self) -> None:
        self._rows: dict = {}   # code -> [count, safe fixes, unsafe fixes, severity]

    def add(self, path: str, findings: list) -> None:
        rows = self._rows
        for f in findings:
            row = rows.get(f.code)
            if row is None:
                row = rows[f.code] = [0, 0, 0, f.severity]
            row[0] += 1
            if f.fix is not None:
                row[1 if f.fix.safety == "safe" else 2] += 1
            if f.severity > row[3]:   # a rule's severity is one per run, but be safe
                row[3] = f.severity

    def table(self) -> list:
        """The rows, most frequent first, as (count, code, name, fixable, severity);
        fixable is ``3``, ``2 unsafe`` or ``3 + 2 unsafe``."""
        known = rule_map(self.run)
        out = []
        for code, (n, safe, unsafe, sev) in sorted(self._rows.items(), key=lambda kv: (-kv[1][0], kv[0])):
            cls = rule_for(code, known)
            fixable = str(safe) if not unsafe else (f"{unsafe} unsafe" if not safe else f"{safe} + {unsafe} unsafe")
            out.append((n, code, cls.name if cls is not None else "", fixable, str(sev)))
        return out

    def finish(self, summary) -> None:
        rows = self.table()
        if not rows:
            self.out.write("no findings\n")
            return
        cells = [COLUMNS] + [tuple(str(c) for c in r) for r in rows]
        widths = [max(len(r[i]) for r in cells) for i in range(len(COLUMNS))]
        numeric = {0}   # right-aligned, as numbers are
        for r in cells:
            self.out.write("  ".join(c.rjust(w) if i in numeric else c.ljust(w)
                                     for i, (c, w) in enumerate(zip(r, widths))).rstrip() + "\n")
