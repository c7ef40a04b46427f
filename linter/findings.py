"""The finding: what every check produces and every reporter consumes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field as dc_field
from typing import Optional


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= threshold`` answers "does it fail the run"."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[str(text).strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r}; expected one of: error, warning, info"
            ) from None

    def __str__(self) -> str:  # "error", not "Severity.ERROR"
        # by value, not self.name.lower(): enum's name property is slow, and
        # every report and the summary ask each finding's severity
        return _SEVERITY_NAMES[self._value_]


_SEVERITY_NAMES = {1: "info", 2: "warning", 3: "error"}


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` of a file with ``replacement`` (character offsets)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    """A proposed change to the record file.

    ``safety`` follows ruff: a *safe* fix keeps the record's meaning and is
    applied by ``--fix``; an *unsafe* one changes data a curator should look at
    and is only applied with ``--unsafe-fixes``.

    ``expect`` is the field path and the value it must hold after the fix; the
    fixer re-parses the file and refuses any fix whose result differs from the
    original in anything but that (``--fix`` never loses data).
    """

    description: str
    edits: tuple[Edit, ...]
    safety: str = "safe"
    expect: tuple = ()  # ((field_parts, new_value), ...)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str
    field: Optional[str] = None
    value: Optional[str] = None
    suggestion: Optional[str] = None
    fix: Optional[Fix] = dc_field(default=None, compare=False)
    #: what a baseline knows the finding by (record, file, code, field,
    #: value; never a line): set by the run when a baseline or a report
    #: (JSON ``fingerprint``, SARIF ``partialFingerprints``) wants it
    fingerprint: Optional[str] = dc_field(default=None, compare=False)
    #: where the offending text ends (1-based line; column of the character
    #: just after it, as in SARIF), when the rule knows the span: set for a
    #: finding on a scalar value, whose end the parser marks. Derived from
    #: the position, so not part of a finding's identity.
    end_line: Optional[int] = dc_field(default=None, compare=False)
    end_column: Optional[int] = dc_field(default=None, compare=False)

    def with_fingerprint(self, fingerprint: str) -> "Finding":
        """A copy carrying ``fingerprint`` (what ``dataclasses.replace`` does,
        without re-running ``__init__``: a run gives every finding one)."""
        new = object.__new__(Finding)
        new.__dict__.update(self.__dict__, fingerprint=fingerprint)
        return new

    @staticmethod
    def restore(values: dict) -> "Finding":
        """A finding rebuilt from the result cache (linter/cache.py) from the
        dict of its fields (the severity as its number), which becomes its
        instance dict, as unpickling does: a warm run rebuilds every finding,
        and ``__init__`` sets each field through a frozen ``__setattr__``."""
        new = object.__new__(Finding)
        values["severity"] = _SEVERITY_OF[values["severity"]]
        object.__setattr__(new, "__dict__", values)
        return new

    def sort_key(self):
        return (self.path, self.line, self.column, self.code, self.field or "", self.message)

    def as_dict(self) -> dict:
        d = {"path": self.path, "line": self.line, "column": self.column}
        if self.end_line is not None:
            d["end_line"] = self.end_line
            d["end_column"] = self.end_column
        d.update(code=self.code, name=self.name, severity=str(self.severity), message=self.message,
                 field=self.field)
        if self.value is not None:
            d["value"] = self.value
        if self.suggestion is not None:
            d["suggestion"] = self.suggestion
        if self.fix is not None:
            d["fix"] = {"description": self.fix.description, "safety": self.fix.safety}
        if self.fingerprint is not None:
            d["fingerprint"] = self.fingerprint
        return d


_SEVERITY_OF = {int(s): s for s in Severity}


def format_field(parts) -> str:
    """``("genes", 3, "hgnc_symbol")`` -> ``genes[3].hgnc_symbol``."""
    out = []
    for p in parts:
        if isinstance(p, int):
            out.append(f"[{p}]")
        elif out:
            out.append("." + str(p))
        else:
            out.append(str(p))
    return "".join(out)
