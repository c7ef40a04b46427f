"""A compact Markdown summary for a pull-request comment or a job summary.

Counts by severity, the rules that fire most, and the first findings in a
table (capped: a comment is read, not scrolled) followed by "and N more".
Only the first ``MAX_ROWS`` findings are kept, so memory stays flat.
"""

from __future__ import annotations

import re

from pfocr_lint.reporters._common import not_reported, relative_posix, rule_for, rule_map
from pfocr_lint.reporters.base import Reporter
from pfocr_lint.printable import printable

MAX_ROWS = 50
TOP_RULES = 10
_ICONS = {"error": "\u274c", "warning": "\u26a0\ufe0f", "info": "\u2139\ufe0f"}
_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def cell(text, limit: int = 200) -> str:
    """Table-cell-safe text: one line, Markdown and HTML neutralised."""
    if text is None:
        return ""
    text = " ".join(printable(str(text)).split())
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def doc_cell(text: str, limit: int = 160) -> str:
    """A rule's own (trusted) summary: keep its ``code`` spans, stay in the cell."""
    text = " ".join(text.split()).replace("``", "`")
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


class MarkdownReporter(Reporter):
    def start(self) -> None:
        self._rows: list = []
        self._total = 0
        self._files: set = set()

    def add(self, path: str, findings: list) -> None:
        for f in findings:
            self._total += 1
            if len(self._rows) < MAX_ROWS:
                self._rows.append(f)

    def finish(self, summary) -> None:
        s = summary
        w = self.out.write
        total = sum(s.by_severity.values())
        w("## pfocr-lint\n\n")
        if not total:
            w(f"\u2705 {s.files_checked} file{'s' if s.files_checked != 1 else ''} checked: no findings.\n")
        else:
            w(f"**{total}** finding{'s' if total != 1 else ''} in **{s.files_with_findings}** of "
              f"{s.files_checked} file{'s' if s.files_checked != 1 else ''} checked.\n\n")
            w("| severity | findings |\n| --- | ---: |\n")
            for sev in ("error", "warning", "info"):
                w(f"| {_ICONS[sev]} {sev} | {s.by_severity.get(sev, 0)} |\n")
            known = rule_map(self.run)
            top = sorted(s.by_code.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_RULES]
            w("\n**Top rules**\n\n| rule | name | findings | what it checks |\n| --- | --- | ---: | --- |\n")
            for code, n in top:
                cls = rule_for(code, known)
                summary_text = ""
                if cls is not None:
                    try:
                        summary_text = cls.doc().summary
                    except Exception:
                        summary_text = ""
                w(f"| `{code}` | {cell(cls.name if cls else '')} | {n} | {doc_cell(summary_text)} |\n")
            if len(s.by_code) > TOP_RULES:
                w(f"\n\u2026 and {len(s.by_code) - TOP_RULES} more rules.\n")
            shown = len(self._rows)
            w(f"\n<details><summary>Findings ({'first ' + str(shown) + ' of ' if shown < self._total else ''}"
              f"{self._total})</summary>\n\n")
            w("| file | line | rule | severity | message | suggestion |\n| --- | ---: | --- | --- | --- | --- |\n")
            for f in self._rows:
                w(f"| {cell(relative_posix(f.path), 120)} | {f.line} | `{f.code}` | {f.severity} "
                  f"| {cell(f.message)} | {cell(f.suggestion)} |\n")
            if self._total > shown:
                w(f"\n\u2026 and {self._total - shown} more finding{'s' if self._total - shown != 1 else ''} "
                  "(see the full report).\n")
            w("\n</details>\n")
        hidden = not_reported(s, self.run.report_level)
        if hidden:
            w(f"\n{hidden[2:]}.\n")   # "65 not reported (below --report-level error: ...)"
        if self.run.sources:
            w("\n" + "; ".join(f"{cell(k)}: {cell(v)}" for k, v in sorted(self.run.sources.items())) + "\n")
        for warning in self.run.warnings:
            w(f"\n> **Warning:** {cell(warning, 500)}\n")
