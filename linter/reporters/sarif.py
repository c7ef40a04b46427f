"""SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.

Streamed like the JSON report: the rule table is known before the first file
(it is the selection), results are written as they arrive, and the
invocation (run warnings, success) is written last, so memory stays flat.
Each rule's ``helpUri`` comes from docs_url; a report larger than GitHub code
scanning accepts is written all the same, and the run says so on stderr
(sarif_limits).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

from pfocr_lint.reporters._common import (INFORMATION_URI, help_markdown, help_text, path_uri,
                                      rule_doc, rule_for, rule_map)
from pfocr_lint.reporters.base import Reporter
from pfocr_lint.reporters.docs_url import docs_base, rule_help_uri
from pfocr_lint.reporters.sarif_limits import GzipMeter, advice, over_limits

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _fix(fix, artifact: dict) -> dict:
    """A SARIF fix object: the edits as character-offset replacements."""
    safety = "safe: applied by --fix" if fix.safety == "safe" else "unsafe: applied only by --unsafe-fixes"
    return {
        "description": {"text": f"{fix.description} ({safety})"},
        "artifactChanges": [{
            "artifactLocation": dict(artifact),
            "replacements": [{"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                              "insertedContent": {"text": e.replacement}} for e in fix.edits],
        }],
    }


class SarifReporter(Reporter):
    #: the run's record metadata says whether fix offsets (into the text as
    #: linted: no BOM, LF line ends) address the file on disk too; not for a
    #: file with a BOM or CR line ends (IO004/IO006 say so), whose fixes then
    #: stay in properties only
    wants_records = True
    #: partialFingerprints: code scanning tracks a result across commits by it
    wants_fingerprints = True

    def start(self) -> None:
        # measures the report as it is written: GitHub's upload limits (sarif_limits)
        name = getattr(self.out, "name", None)
        self._target = name if isinstance(name, str) and not name.startswith("<") else "-"
        self.out = self._meter = GzipMeter(self.out)
        self._severities = {"error": 0, "warning": 0, "info": 0}
        self._docs = docs_base(self.run.docs_url)
        self._meta = None
        self._known = rule_map(self.run)
        # IO014 ("fix not applied") and IO099 ("a rule crashed") are reported
        # even when not selected: give them a descriptor too, so every result
        # has a ruleIndex.
        for code in ("IO014", "IO099"):
            cls = rule_for(code, self._known)
            if cls is not None and cls.code not in self._known:
                self._known[cls.code] = cls
        self._index = {code: i for i, code in enumerate(self._known)}
        rules = [self._descriptor(cls, self._docs) for cls in self._known.values()]
        driver = {
            "name": "pfocr-lint",
            "version": self.run.version,
            "semanticVersion": self.run.version,
            "informationUri": INFORMATION_URI,
            "rules": rules,
        }
        head = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
        }
        self._first = True
        self.out.write(_dumps(head)[:-1] + ', "runs": [{"tool": {"driver": %s}, ' % _dumps(driver))
        self.out.write('"columnKind": "unicodeCodePoints", "originalUriBaseIds": %s, "results": ['
                       % _dumps({"SRCROOT": {"uri": Path(os.getcwd()).as_uri().rstrip("/") + "/"}}))

    @staticmethod
    def _descriptor(cls, docs: Optional[str] = None) -> dict:
        d = rule_doc(cls)
        desc = {
            "id": cls.code,
            "name": cls.name,
            "shortDescription": {"text": d["summary"]},
            "fullDescription": {"text": d["what"] or d["summary"]},
            "help": {"text": help_text(d), "markdown": help_markdown(d)},
            "defaultConfiguration": {"level": LEVELS.get(d["severity"], "warning")},
            "properties": {
                "tags": ["pfocr", "curation", cls.code.rstrip("0123456789").lower() or "rule"],
                "precision": "high",
                "fixable": bool(getattr(cls, "fixable", False)),
            },
        }
        uri = rule_help_uri(docs, cls)
        if uri:
            desc["helpUri"] = uri
        if d["aliases"]:
            desc["deprecatedNames"] = list(d["aliases"])
        return desc

    def record(self, meta) -> None:
        self._meta = meta

    def add(self, path: str, findings: list) -> None:
        meta, self._meta = self._meta, None
        offsets_hold = meta is not None and meta.path == path and meta.text_is_file
        for f in findings:
            # fixes edit the record's text: only a finding located in the
            # record itself (not in a companion table) can carry them
            holds = offsets_hold and f.path == path
            result = self._result(f, holds)
            self._severities[str(f.severity)] += 1
            self.out.write(("\n" if self._first else ",\n") + _dumps(result))
            self._first = False

    def _result(self, f, offsets_hold: bool = False) -> dict:
        uri, relative = path_uri(f.path)
        artifact = {"uri": uri}
        if relative:
            artifact["uriBaseId"] = "SRCROOT"
        text = f.message
        if f.suggestion:
            text += f" Suggestion: {f.suggestion}"
        sev = str(f.severity)
        region = {"startLine": max(1, int(f.line or 1)), "startColumn": max(1, int(f.column or 1))}
        if f.end_line is not None and f.end_column is not None and (
                (f.end_line, f.end_column) > (region["startLine"], region["startColumn"])):
            region["endLine"], region["endColumn"] = int(f.end_line), int(f.end_column)
        res = {
            "ruleId": f.code,
            "level": LEVELS.get(sev, "warning"),
            "message": {"text": text},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifact,
                "region": region,
            }}],
        }
        if f.code in self._index:
            res["ruleIndex"] = self._index[f.code]
        if f.fingerprint is not None:
            res["partialFingerprints"] = {"pfocrLint/v1": f.fingerprint}
        props = {"severity": sev}
        for key in ("field", "value", "suggestion"):
            v = getattr(f, key)
            if v is not None:
                props[key] = v
        if f.fix is not None:
            props["fix"] = {"description": f.fix.description, "safety": f.fix.safety}
            if offsets_hold:
                res["fixes"] = [_fix(f.fix, artifact)]
        res["properties"] = props
        return res

    def finish(self, summary) -> None:
        notes = [{"level": "warning", "message": {"text": w}} for w in self.run.warnings]
        invocation = {"executionSuccessful": True}
        if notes:
            invocation["toolExecutionNotifications"] = notes
        props = {"summary": summary.as_dict(), "sources": dict(self.run.sources)}
        self.out.write("\n], \"invocations\": [%s], \"properties\": %s}]}\n"
                       % (_dumps(invocation), _dumps(props)))
        gzip_bytes = self._meter.gzip_bytes()
        problems = over_limits(sum(self._severities.values()), gzip_bytes)
        if problems:
            # on stderr: the report itself must stay what was asked for
            print(advice(problems, self._target, self._severities, gzip_bytes, self.run.report_level,
                         summary.baselined is not None), file=sys.stderr)
