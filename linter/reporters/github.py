"""GitHub Actions workflow commands: one annotation per finding.

``::error file=F,line=L,col=C,endLine=L,endColumn=E,title=CODE name::message``;
warnings become ``::warning``, info ``::notice``. The end is given where the
finding knows it (a scalar value's end): ``endColumn`` is the column just
after the value, as ruff writes it. Escaping follows the Actions runner
(``toolkit/packages/core/src/command.ts``): in the message ``%``, CR and LF;
in property values also ``:`` and ``,``.

GitHub shows only the first few annotations of each kind per step in the
pull-request diff; the SARIF upload (docs/ci.md) carries all of them. When
``GITHUB_STEP_SUMMARY`` is set the Markdown summary is appended to the job
summary as well.
"""

from __future__ import annotations

import io
import os
import re

from pfocr_lint.printable import printable
from pfocr_lint.reporters._common import relative_posix, summary_line
from pfocr_lint.reporters.base import Reporter

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
_BREAKS = re.compile("([\r\n])")


def escape_data(text: str) -> str:
    # Control characters (an ESC sequence from a record) never reach the
    # runner's log: printable() writes them as visible escapes; CR and LF
    # are the runner's own escapes (they are how the suggestion gets its line).
    text = "".join(part if part in ("\r", "\n") else printable(part) for part in _BREAKS.split(text))
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _position(f) -> list:
    """``line``, ``col``, ``endLine``, ``endColumn`` as the runner accepts
    them (ActionCommandManager.ValidateLinesAndColumns): columns only for a
    span on one line; a span over several lines gives lines only."""
    if not f.line:
        return []
    line = int(f.line)
    end_line = int(f.end_line) if f.end_line else None
    if end_line is not None and end_line > line:
        return [f"line={line}", f"endLine={end_line}"]
    props = [f"line={line}"]
    if f.column:
        props.append(f"col={int(f.column)}")
        if end_line == line and f.end_column and int(f.end_column) > int(f.column):
            props += [f"endLine={line}", f"endColumn={int(f.end_column)}"]
    return props


class GithubReporter(Reporter):
    def start(self) -> None:
        self._summary = None
        target = os.environ.get("GITHUB_STEP_SUMMARY")
        if target:
            from pfocr_lint.reporters.markdown import MarkdownReporter
            self._summary_path = target
            self._buffer = io.StringIO()
            self._summary = MarkdownReporter(self._buffer, self.run)
            self._summary.start()

    def add(self, path: str, findings: list) -> None:
        write = self.out.write
        for f in findings:
            props = [f"file={escape_property(relative_posix(f.path))}"]
            props.extend(_position(f))
            props.append(f"title={escape_property(f'{f.code} {f.name}')}")
            message = f.message
            if f.suggestion:
                message += f"\n{f.suggestion}"
            write(f"::{COMMANDS.get(str(f.severity), 'warning')} {','.join(props)}::{escape_data(message)}\n")
        if self._summary is not None:
            self._summary.add(path, findings)

    def finish(self, summary) -> None:
        for w in self.run.warnings:
            self.out.write(f"::warning title=pfocr-lint::{escape_data(w)}\n")
        self.out.write(f"pfocr-lint: {summary_line(summary, self.run.report_level)}.\n")
        if self._summary is not None:
            self._summary.finish(summary)
            try:
                with open(self._summary_path, "a", encoding="utf-8") as fh:
                    fh.write(self._buffer.getvalue())
            except OSError as exc:
                self.out.write(f"::warning title=pfocr-lint::{escape_data(f'cannot write the job summary: {exc}')}\n")
