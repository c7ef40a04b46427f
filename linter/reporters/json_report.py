"""The JSON contract: ``{"version", "tool", "sources", "findings": [...], "summary"}``.

Streamed: findings are written as they arrive, so memory stays flat on
100,000 records. Keys and their meaning are documented in docs/json-format.md.
"""

from __future__ import annotations

import json

from pfocr_lint.reporters.base import Reporter

SCHEMA_VERSION = 1
# json.dumps(..., ensure_ascii=False) builds a new encoder on every call; a
# report can hold hundreds of thousands of findings.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


class JsonReporter(Reporter):
    wants_fingerprints = True   # each finding's "fingerprint" (see linter/baseline.py)

    def start(self) -> None:
        self._first = True
        self.out.write('{"version": %d, "tool": {"name": "pfocr-lint", "version": %s}, "findings": ['
                       % (SCHEMA_VERSION, json.dumps(self.run.version)))

    def add(self, path: str, findings: list) -> None:
        if not findings:
            return
        items = ",\n  ".join([_ENCODE(f.as_dict()) for f in findings])
        self.out.write(("\n  " if self._first else ",\n  ") + items)
        self._first = False

    def finish(self, summary) -> None:
        self.out.write("\n], ")
        self.out.write('"sources": %s, "warnings": %s, "summary": %s}\n' % (
            json.dumps(self.run.sources, ensure_ascii=False, sort_keys=True),
            json.dumps(self.run.warnings, ensure_ascii=False),
            json.dumps(summary.as_dict())))
