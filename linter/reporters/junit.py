"""JUnit XML: a ``<testsuite>`` per file, a ``<testcase>`` per finding.

Like ESLint's and ruff's JUnit output, an error or warning is a test case
holding a ``<failure>`` (its ``type`` is the severity). An info finding is a
note, not a failed test: it is a passing test case that carries the finding
in ``<system-out>`` (JUnit's place for what a passing test printed, shown by
Jenkins, GitLab and Azure next to the test), never ``<skipped>``, which
dashboards count as a test not run. A file without findings is a suite with
one passing test case, so CI dashboards count clean records too. The root's totals come first in the file but are known only at
the end: suites are spooled to a temporary file (memory stays flat) and
copied after the header.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from xml.sax.saxutils import escape, quoteattr

from pfocr_lint.reporters._common import relative_posix
from pfocr_lint.reporters.base import Reporter

# Characters XML 1.0 cannot carry at all: they would make the report unreadable.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text) -> str:
    return _INVALID_XML.sub("\ufffd", "" if text is None else str(text))


def attr(text) -> str:
    return quoteattr(clean(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


class JunitReporter(Reporter):
    wants_clean_files = True

    def start(self) -> None:
        self._body = tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8")
        self._tests = 0
        self._failures = 0
        self._suites = 0
        self._named: set = set()

    def add(self, path: str, findings: list) -> None:
        rel = relative_posix(path)
        classname = "pfocr-lint." + rel.replace(".", "_").replace("/", ".")
        # Repository checks (RP rules) report at the end of the run, about
        # files that may already have a suite: theirs gets a name of its own,
        # since dashboards key suites by name.
        suite = rel if rel not in self._named else f"{rel} (repository checks)"
        self._named.add(rel)
        w = self._body.write
        n = max(1, len(findings))
        failures = sum(1 for f in findings if str(f.severity) != "info")
        w(f'  <testsuite name={attr(suite)} tests="{n}" failures="{failures}" errors="0" '
          f'skipped="0" time="0" file={attr(rel)}>\n')
        if not findings:
            w(f'    <testcase classname={attr(classname)} name="pfocr-lint" file={attr(rel)} time="0"/>\n')
        for f in findings:
            name = f"{f.code} {f.name} (line {f.line}, column {f.column})"
            body = f"{relative_posix(f.path)}:{f.line}:{f.column}: {f.code} [{f.severity}] {f.message}"
            if f.field:
                body += f"\nfield: {f.field}"
            if f.value is not None:
                body += f"\nvalue: {f.value}"
            if f.suggestion:
                body += f"\nsuggestion: {f.suggestion}"
            # a record's finding may point into its companion table: name that file
            if str(f.severity) == "info":
                inner = f'      <system-out>{escape(clean(body))}</system-out>\n'
            else:
                inner = (f'      <failure message={attr(f.message)} type={attr(str(f.severity))}>'
                         f'{escape(clean(body))}</failure>\n')
            w(f'    <testcase classname={attr(classname)} name={attr(name)} file={attr(relative_posix(f.path))} '
              f'line="{int(f.line or 1)}" time="0">\n{inner}    </testcase>\n')
        w("  </testsuite>\n")
        self._tests += n
        self._failures += failures
        self._suites += 1

    def finish(self, summary) -> None:
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(f'<testsuites name="pfocr-lint" tests="{self._tests}" failures="{self._failures}" '
                       f'errors="0" skipped="0" time="0">\n')
        self._body.seek(0)
        shutil.copyfileobj(self._body, self.out)
        self._body.close()
        self.out.write("</testsuites>\n")
