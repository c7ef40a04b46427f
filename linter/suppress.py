"""Inline suppressions in a record's front matter (YAML comments).

    caption: ...        # pfocr-lint: disable=AB001
    # pfocr-lint: disable-file=HG003,organisms-disjoint

``disable=`` silences the named rules on that line, ``disable-file=`` in the
whole file. Rules may be named by code, code prefix, name or alias, so renaming
a rule never breaks a suppression (the sqlfluff way). ``disable`` with no list
silences every rule on the line.
"""

from __future__ import annotations

import re

_MARK = "pfocr-lint:"
_RE = re.compile(r"#\s*pfocr-lint:\s*(disable-file|disable)\b(?:\s*=\s*([\w\-, ]+))?")


class Suppressions:
    __slots__ = ("by_line", "file_wide")

    def __init__(self, by_line: dict, file_wide: list):
        self.by_line = by_line
        self.file_wide = file_wide

    def __bool__(self):
        return bool(self.by_line or self.file_wide)

    def covers(self, finding, rule_cls) -> bool:
        from pfocr_lint.registry import _matches

        sels = list(self.file_wide) + list(self.by_line.get(finding.line, ()))
        for sel in sels:
            if sel == "*":
                if finding.line in self.by_line:
                    return True
                continue
            if rule_cls is not None and _matches(rule_cls, sel):
                return True
            if rule_cls is None and finding.code.startswith(sel.upper()):
                return True
        return False


def parse(text: str) -> Suppressions | None:
    """Find suppression comments; cheap when there are none (one substring test)."""
    if _MARK not in text:
        return None
    by_line: dict = {}
    file_wide: list = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if _MARK not in line:
            continue
        for kind, names in _RE.findall(line):
            sels = [n.strip() for n in names.split(",") if n.strip()] or ["*"]
            if kind == "disable-file":
                file_wide.extend(s for s in sels if s != "*")
            else:
                by_line.setdefault(lineno, []).extend(sels)
    return Suppressions(by_line, file_wide) or None
