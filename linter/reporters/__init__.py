"""Output formats. Each reporter streams: start(run) -> add(path, findings)* -> finish(summary).

Formats are looked up by name in FORMATS ("name" -> "module:Class") and
imported only when asked for, so a one-file text run never imports Jinja2.
"""

from __future__ import annotations

import importlib

FORMATS = {
    "text": "linter.reporters.text:TextReporter",
    "json": "linter.reporters.json_report:JsonReporter",
    "sarif": "linter.reporters.sarif:SarifReporter",
    "github": "linter.reporters.github:GithubReporter",
    "junit": "linter.reporters.junit:JunitReporter",
    "tsv": "linter.reporters.table:TsvReporter",
    "csv": "linter.reporters.table:CsvReporter",
    "markdown": "linter.reporters.markdown:MarkdownReporter",
    "html": "linter.reporters.html:HtmlReporter",
}


def reporter_class(name: str):
    target = FORMATS[name]
    module_name, cls = target.split(":")
    return getattr(importlib.import_module(module_name), cls)
