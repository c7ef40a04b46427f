"""The one verdict type of the gene judgement, and how a rule reports it.

Every gene analysis (``_symbolcheck``: symbols and nomenclature; ``_mapping``:
caption and symbol clashes; ``_judge``: species, word meaning, meant gene)
returns :class:`Issue` objects; a rule keeps those of its code and turns each
into a finding with :func:`finding_for`, which places it on the table row or
on the record's list item and attaches the safe rewrite when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class Issue:
    code: str
    message: str
    suggestion: str
    value: str
    parts: tuple = ()           # field in the record, or () for a table row
    path: Optional[str] = None  # table path for table rows
    line: Optional[int] = None  # table line for table rows
    new_value: Optional[str] = None   # the rewrite of ``value`` a fix would write
    safety: str = "unsafe"


def finding_for(rule, record, issue: Issue, table_field=None):
    """The rule's finding for ``issue``: on its table line, or on its record field
    (with a fix that writes ``new_value`` there, when the issue has one)."""
    if issue.path is not None:
        field = (table_field,) if table_field else issue.parts
        return rule.finding(None, field, issue.message, suggestion=issue.suggestion,
                            value=issue.value, path=issue.path, line=issue.line)
    fix = None
    if issue.new_value and issue.parts:
        from pfocr_lint.rules._util import replace_value_fix, yaml_scalar

        fix = replace_value_fix(record, issue.parts, yaml_scalar(issue.new_value), issue.new_value,
                                f"replace {issue.value} with {issue.new_value}", safety=issue.safety)
    return rule.finding(record, issue.parts, issue.message, suggestion=issue.suggestion,
                        value=issue.value, fix=fix)
