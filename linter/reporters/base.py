"""The reporter interface and the facts about a run that every format shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class RunInfo:
    """What a report says about the run besides findings."""

    version: str
    rules: list                                  # selected rule classes (for SARIF/HTML docs)
    sources: dict = field(default_factory=dict)  # knowledge name -> description (HGNC snapshot...)
    warnings: list = field(default_factory=list)
    fail_on: str = "error"
    color: bool = False


class Reporter:
    #: True when the format needs every finding before it can write (HTML):
    #: the CLI then keeps them; streaming formats see them once and forget.
    needs_all = False
    #: True when the format lists files without findings too (JUnit, HTML):
    #: the CLI then calls add(path, []) for every clean file.
    wants_clean_files = False

    def __init__(self, out: TextIO, run: RunInfo):
        self.out = out
        self.run = run

    def start(self) -> None:
        pass

    def add(self, path: str, findings: list) -> None:
        raise NotImplementedError

    def finish(self, summary) -> None:
        pass
