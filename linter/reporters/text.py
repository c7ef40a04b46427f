"""``path:line:col: CODE [severity] message`` per finding, then a summary line."""

from __future__ import annotations

from pfocr_lint.printable import printable
from pfocr_lint.reporters._common import not_reported
from pfocr_lint.reporters.base import Reporter

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


class TextReporter(Reporter):
    def add(self, path: str, findings: list) -> None:
        c = self.color
        write = self.out.write
        for f in findings:
            sev = str(f.severity)
            loc = f"{printable(f.path)}:{f.line}:{f.column}:"
            if c:
                loc = _BOLD + loc + _RESET
                sev_txt = f"{_COLORS[sev]}[{sev}]{_RESET}"
                code = _BOLD + f.code + _RESET
            else:
                sev_txt, code = f"[{sev}]", f.code
            line = f"{loc} {code} {sev_txt} {printable(f.message)}"
            if f.suggestion:
                line += f"\n    {_DIM if c else ''}-> {printable(f.suggestion)}{_RESET if c else ''}"
            write(line + "\n")

    def finish(self, summary) -> None:
        s = summary
        parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in s.by_severity.items() if n]
        found = ", ".join(parts) if parts else "no findings"
        files = f"{s.files_checked} file{'s' if s.files_checked != 1 else ''} checked"
        fixed = f", {s.fixed} fixed" if s.fixed else ""
        if s.baselined is not None:
            fixed += f", {s.baselined} in the baseline"
            if s.stale:
                fixed += (f", {s.stale} stale baseline entr{'y' if s.stale == 1 else 'ies'} "
                          "(fixed since; --write-baseline prunes them)")
        fixed += not_reported(s, self.run.report_level)
        for w in self.run.warnings:
            self.out.write(f"warning: {printable(w)}\n")
        sources = printable("; ".join(f"{k}: {v}" for k, v in sorted(self.run.sources.items())))
        self.out.write(f"{files}: {found}{fixed}." + (f" ({sources})" if sources else "") + "\n")
