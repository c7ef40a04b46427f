"""One row per finding, for spreadsheets: ``tsv`` and ``csv``.

Columns: file, line, column, code, name, severity, field, value, message,
suggestion. Record values are untrusted, and both formats guard against two
things:

- A terminal or viewer running the text: ESC and the other C0 controls, DEL,
  the C1 controls (0x9b is an ESC [) and the bidi controls (which would show
  a cell's text in another order than it has) are written as ``\\xNN`` /
  ``\\uNNNN``, as the text report writes them.
- A spreadsheet running the text as a formula ("CSV injection"): a text cell
  starting with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading ``'``
  (OWASP's advice), except a plain number (``-1``, ``+2.5e3``) and a lone
  ``-`` or ``+`` (the "no value" mark of gene tables): neither can call
  anything, and a lint report must show them as they are.

TSV has no quoting, so a tab, newline, carriage return or backslash inside a
cell is written as ``\\t``, ``\\n``, ``\\r``, ``\\\\`` (the "linear TSV"
convention PostgreSQL and pandas read), which makes the escaping reversible
(:func:`unescape_tsv`). CSV is written by the csv module (RFC 4180), whose
quoting carries tabs and line breaks as they are; its backslashes are left
alone (no CSV reader would undo a doubling), so the CSV is for reading and
the JSON report is the exact text.
"""

from __future__ import annotations

import csv
import re

from pfocr_lint.reporters._common import relative_posix
from pfocr_lint.reporters.base import Reporter

COLUMNS = ("file", "line", "column", "code", "name", "severity", "field", "value", "message", "suggestion")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_COLUMNS = {"field", "value", "message", "suggestion", "file"}


# What every spreadsheet reads as a number. Not float(): it also takes "-inf",
# "+nan", "-1_000" and surrounding whitespace, which a spreadsheet would
# evaluate as a formula (=-inf is #NAME?).
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def defuse(text: str) -> str:
    """Keep a spreadsheet from evaluating untrusted text; numbers stay numbers."""
    if text and text.startswith(_FORMULA_START) and text not in ("-", "+") and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def row(f) -> list:
    values = {
        "file": relative_posix(f.path), "line": f.line, "column": f.column, "code": f.code,
        "name": f.name, "severity": str(f.severity), "field": f.field or "",
        "value": f.value if f.value is not None else "", "message": f.message,
        "suggestion": f.suggestion or "",
    }
    return [defuse(str(values[c])) if c in _TEXT_COLUMNS else str(values[c]) for c in COLUMNS]


# The C0 controls but tab and line breaks (which each format carries its own way), DEL, the C1 controls
# (0x9b is an ESC [) and the bidi controls (which would show a cell's text in another order than it has).
_OTHER_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape_tsv(text: str) -> str:
    text = (text.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))
    return escape_controls(text)


def escape_controls(text: str) -> str:
    """ESC and the other controls as \\xNN (as PostgreSQL's text format writes
    them), bidi controls as \\uNNNN: `cat report.tsv` (or .csv) must not run a
    record's escape sequences. Tab, CR and LF are left to the caller."""
    return _OTHER_CONTROLS.sub(_escape_control, text)


def _escape_control(m) -> str:
    o = ord(m.group())
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def unescape_tsv(text: str) -> str:
    """The inverse of :func:`escape_tsv` (for readers and tests)."""
    out, i = [], 0
    table = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
    while i < len(text):
        ch = text[i]
        if ch == "\\" and text[i + 1:i + 2] == "x" and re.fullmatch("[0-9a-f]{2}", text[i + 2:i + 4]):
            out.append(chr(int(text[i + 2:i + 4], 16)))
            i += 4
        elif ch == "\\" and text[i + 1:i + 2] == "u" and re.fullmatch("[0-9a-f]{4}", text[i + 2:i + 6]):
            out.append(chr(int(text[i + 2:i + 6], 16)))
            i += 6
        elif ch == "\\" and i + 1 < len(text) and text[i + 1] in table:
            out.append(table[text[i + 1]])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


class TsvReporter(Reporter):
    def start(self) -> None:
        self.out.write("\t".join(COLUMNS) + "\n")

    def add(self, path: str, findings: list) -> None:
        for f in findings:
            self.out.write("\t".join(escape_tsv(c) for c in row(f)) + "\n")


class CsvReporter(Reporter):
    def start(self) -> None:
        self._writer = csv.writer(self.out, lineterminator="\r\n")
        self._writer.writerow(COLUMNS)

    def add(self, path: str, findings: list) -> None:
        for f in findings:
            self._writer.writerow([escape_controls(c) for c in row(f)])
