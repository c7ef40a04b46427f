"""Helpers several formats share: rule documentation, paths as URIs, counts.

Kept free of heavy imports: every format imports this module.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from urllib.parse import quote

#: The project page named in SARIF ``tool.driver.informationUri``. PFOCR
#: itself, until pfocr-lint has a home page of its own.
INFORMATION_URI = "https://pfocr.wikipathways.org/"

SEVERITIES = ("error", "warning", "info")


def rule_map(run) -> dict:
    """code -> rule class for the selected rules, in code order."""
    return {cls.code: cls for cls in sorted(run.rules, key=lambda c: c.code)}


def rule_for(code: str, known: dict):
    """The rule class for ``code``: selected ones first, else the registry
    (IO099, "a rule crashed", is reported even when not selected)."""
    cls = known.get(code)
    if cls is None:
        from pfocr_lint import registry
        try:
            cls = registry.find_rule(code)
        except Exception:  # a broken rule pack must not break the report
            cls = None
    return cls


def rule_doc(cls) -> dict:
    """The parts of a rule's documentation that reports show."""
    try:
        doc = cls.doc()
        sections, summary = doc.sections, doc.summary
    except Exception:
        sections, summary = {}, ""
    return {
        "code": cls.code,
        "name": cls.name,
        "severity": str(cls.severity),
        "summary": summary or cls.name,
        "what": sections.get("What it does", ""),
        "why": sections.get("Why this matters", ""),
        "cause": sections.get("Why this shows up", ""),
        "action": sections.get("Curation action", ""),
        "fix": sections.get("Fix safety", ""),
        "aliases": list(getattr(cls, "aliases", ()) or ()),
    }


def help_markdown(d: dict) -> str:
    """A rule's help as Markdown: what, why, curation action, fix safety."""
    parts = [f"**{d['code']} {d['name']}**: {d['summary']}"]
    for title, key in (("What it does", "what"), ("Why this matters", "why"),
                       ("Why this shows up", "cause"), ("Curation action", "action"),
                       ("Fix safety", "fix")):
        if d.get(key):
            parts.append(f"### {title}\n\n{d[key]}")
    return "\n\n".join(parts)


def help_text(d: dict) -> str:
    parts = [f"{d['code']} {d['name']}: {d['summary']}"]
    for title, key in (("Why this matters", "why"), ("Curation action", "action"), ("Fix safety", "fix")):
        if d.get(key):
            parts.append(f"{title}: {d[key]}")
    return "\n\n".join(parts)


def relative_posix(path: str, base: str | None = None) -> str:
    """``path`` relative to ``base`` (the working directory) with forward slashes.

    Paths outside ``base`` stay absolute; pseudo-paths such as ``<stdin>``
    are returned unchanged.
    """
    if not path or path.startswith("<"):
        return path
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path(base or os.getcwd()))
        except ValueError:
            return p.as_posix()
    text = p.as_posix()
    return text[2:] if text.startswith("./") else text


def path_uri(path: str) -> tuple[str, bool]:
    """(URI reference, is_relative) for a finding's path, percent-encoded."""
    rel = relative_posix(path)
    if PurePosixPath(rel).is_absolute():
        return "file://" + quote(rel), False
    return quote(rel, safe="/"), True


def severity_counts(by_severity: dict) -> str:
    """``{"error": 1, "warning": 3}`` -> ``1 error, 3 warnings`` ('' for none)."""
    return ", ".join(f"{n} {sev}{'s' if n != 1 and sev != 'info' else ''}"
                     for sev, n in by_severity.items() if n)


def not_reported(summary, level: str) -> str:
    """``, 65 not reported (below --report-level error: 49 warnings, 16 info)``,
    or '' when --report-level left nothing out."""
    below = summary.below_report_level
    n = sum(below.values()) if below else 0
    if not n:
        return ""
    return f", {n} not reported (below --report-level {level}: {severity_counts(below)})"


def summary_line(summary, level: str = "info") -> str:
    s = summary
    found = severity_counts(s.by_severity) or "no findings"
    files = f"{s.files_checked} file{'s' if s.files_checked != 1 else ''} checked"
    return f"{files}: {found}{not_reported(s, level)}"
