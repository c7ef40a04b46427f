"""The reporter interface and the facts about a run that every format shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, TextIO


@dataclass
class RunInfo:
    """What a report says about the run besides findings.

    One object for the whole run, shared by every reporter: the run notes
    (``sources``, ``warnings``) are filled in once, before the reporters
    finish, not copied into each of them.
    """

    version: str
    rules: list                                  # selected rule classes (for SARIF/HTML docs)
    sources: dict = field(default_factory=dict)  # knowledge name -> description (HGNC snapshot...)
    warnings: list = field(default_factory=list)
    fail_on: str = "error"
    report_level: str = "info"                   # the lowest severity the reports show
    docs_url: Optional[str] = None               # where docs/ is published (SARIF helpUri)
    color: bool = False                          # default for reporters not told otherwise


class Reporter:
    #: True when the format needs every finding before it can write (HTML):
    #: the CLI then keeps them; streaming formats see them once and forget.
    needs_all = False
    #: True when the format lists files without findings too (JUnit, HTML):
    #: the CLI then calls add(path, []) for every clean file.
    wants_clean_files = False
    #: True when the format shows what a record is (title, caption...): the
    #: run then calls record(meta) before add() for each record it linted.
    wants_records = False
    #: True when the format shows each finding's fingerprint (JSON, SARIF):
    #: the run then computes them (a baseline needs them anyway).
    wants_fingerprints = False

    def __init__(self, out: TextIO, run: RunInfo, color: Optional[bool] = None):
        self.out = out
        self.run = run
        self.color = run.color if color is None else color

    def start(self) -> None:
        pass

    def record(self, meta) -> None:
        """What the run knows of the record whose findings come next
        (a :class:`pfocr_lint.meta.RecordMeta`)."""

    def add(self, path: str, findings: list) -> None:
        raise NotImplementedError

    def finish(self, summary) -> None:
        pass
