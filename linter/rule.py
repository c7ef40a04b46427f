"""What a rule is.

A rule is a class in a module of the ``rules`` package (or of a rule pack
registered under the ``pfocr_lint.rules`` entry-point group) that subclasses
:class:`Rule` and sets ``code``. Its docstring is its documentation, written in
sections (the ruff and WikiPathwaysCurator style)::

    One line: what the rule checks.

    What it does:
        ...
    Why this matters:
        ...
    Why this shows up:
        ... (what in the PFOCR pipeline produces it)
    Example:
        ```yaml
        organisms: Homo sapiens
        ```
    Curation action:
        ...
    Fix safety:
        ... (or "Not fixable automatically.")

A ```yaml block in *Example* is a fragment of a record that triggers the rule;
a ```yaml good block, one that does not. The test suite lints both on top of a
clean record, so every documented example is a test.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Optional

from pfocr_lint.findings import Finding, Fix, Severity, format_field

SECTION_TITLES = (
    "What it does",
    "Why this matters",
    "Why this shows up",
    "Example",
    "Curation action",
    "Fix safety",
    "Options",
)
_SECTION_RE = re.compile(r"^(%s):\s*$" % "|".join(re.escape(t) for t in SECTION_TITLES), re.M)
_EXAMPLE_RE = re.compile(r"```yaml( good)?\n(.*?)```", re.S)


@dataclass(frozen=True)
class Option:
    """A rule option, validated generically by the engine (the yamllint way)."""

    default: Any
    help: str
    type: type = str
    choices: Optional[tuple] = None

    def validate(self, name: str, value: Any) -> Any:
        expected = self.type
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if expected is list:
            if not isinstance(value, list):
                raise ValueError(f"option {name!r} must be a list, got {value!r}")
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ValueError(f"option {name!r} must be of type {expected.__name__}, got {value!r}")
        if self.choices is not None and value not in self.choices:
            raise ValueError(f"option {name!r} must be one of {', '.join(map(str, self.choices))}, got {value!r}")
        return value


class Rule:
    """Base class of every rule. Subclasses set the class attributes below."""

    code: str = ""                 # stable, never reused: "OR001"
    name: str = ""                 # readable, kebab-case: "organisms-not-a-list"
    aliases: tuple[str, ...] = ()  # former names, so renames never break suppressions
    severity: Severity = Severity.WARNING
    options: dict[str, Option] = {}
    #: "record" rules see one record at a time; "project" rules collect a
    #: small fact per record (in the worker) and judge them all at the end.
    scope: str = "record"
    #: Which optional knowledge the rule needs, e.g. ("hgnc",): the engine
    #: loads it lazily, once, and only when such a rule is selected;
    #: ``ctx.knowledge(name)`` answers None for a name no selected rule needs.
    needs: tuple[str, ...] = ()
    #: Whether the rule's findings can carry a fix (``--fix``): read by
    #: ``pfocr-lint rules``, SARIF and docs/rules.md. The "Fix safety" section
    #: says how safe it is, in words; a test keeps the two in agreement.
    fixable: bool = False

    def __init__(self, severity: Optional[Severity] = None, options: Optional[dict] = None):
        self.effective_severity = severity or self.severity
        opts = {k: o.default for k, o in self.options.items()}
        opts.update(options or {})
        self.opts = opts

    # -- to be implemented ------------------------------------------------
    def check(self, record, ctx) -> Iterable[Finding]:
        """Yield findings for one record (scope "record")."""
        return ()

    def collect(self, record, ctx) -> Any:
        """Return a small picklable fact about the record (scope "project")."""
        return None

    def finish(self, facts: list, ctx) -> Iterable[Finding]:
        """Judge all facts at the end of the run (scope "project")."""
        return ()

    # -- helpers for rule authors -----------------------------------------
    def finding(self, record, field: Iterable = (), message: str = "", *,
                suggestion: Optional[str] = None, value: Any = None,
                fix: Optional[Fix] = None, path: Optional[str] = None,
                line: Optional[int] = None, column: Optional[int] = None) -> Finding:
        """A finding at the key or list item named by ``field`` (a tuple of parts)."""
        parts = tuple(field)
        end = None
        if line is None:
            line, col = record.locate(parts) if record is not None else (1, 1)
            if column is None and record is not None:
                # from the key (or list item) to the end of its value
                end = record.end_of(parts)
            column = column or col
        return Finding(
            path=path or record.path,
            line=line,
            column=column or 1,
            code=self.code,
            name=self.name,
            severity=self.effective_severity,
            message=message,
            # one plain key (a table column) is most findings' field: no formatting
            field=(parts[0] if len(parts) == 1 and type(parts[0]) is str else format_field(parts)) if parts else None,
            value=None if value is None else _show(value),
            suggestion=suggestion,
            fix=fix,
            end_line=end[0] if end else None,
            end_column=end[1] if end else None,
        )

    # -- documentation ----------------------------------------------------
    @classmethod
    def doc(cls) -> "RuleDoc":
        return RuleDoc.from_docstring(cls.__doc__ or "")

    @classmethod
    def all_names(cls) -> tuple[str, ...]:
        return (cls.code, cls.name) + tuple(cls.aliases)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    return repr(value) if not isinstance(value, (list, dict)) else str(value)


@dataclass(frozen=True)
class RuleDoc:
    summary: str
    sections: dict

    @classmethod
    def from_docstring(cls, doc: str) -> "RuleDoc":
        doc = textwrap.dedent(doc).strip("\n")
        # the first line is not indented like the rest: dedent the tail only
        head, _, tail = doc.partition("\n")
        text = head.strip() + "\n" + textwrap.dedent(tail)
        parts = _SECTION_RE.split(text)
        summary = parts[0].strip()
        sections = {}
        for title, body in zip(parts[1::2], parts[2::2]):
            sections[title] = textwrap.dedent(body).strip()
        return cls(summary, sections)

    def examples(self) -> Iterator[tuple[bool, str]]:
        """(is_bad, yaml fragment) for each ```yaml block in *Example*."""
        for good, body in _EXAMPLE_RE.findall(self.sections.get("Example", "")):
            yield (not good, body)
