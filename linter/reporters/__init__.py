"""Output formats. Each reporter streams: start(run) -> add(path, findings)* -> finish(summary).

Formats are looked up by name in FORMATS ("name" -> "module:Class") and
imported only when asked for, so a one-file text run never imports Jinja2.
"""

from __future__ import annotations

import importlib

FORMATS = {
    "text": "pfocr_lint.reporters.text:TextReporter",
    "json": "pfocr_lint.reporters.json_report:JsonReporter",
    "sarif": "pfocr_lint.reporters.sarif:SarifReporter",
    "github": "pfocr_lint.reporters.github:GithubReporter",
    "junit": "pfocr_lint.reporters.junit:JunitReporter",
    "tsv": "pfocr_lint.reporters.table:TsvReporter",
    "csv": "pfocr_lint.reporters.table:CsvReporter",
    "markdown": "pfocr_lint.reporters.markdown:MarkdownReporter",
    "html": "pfocr_lint.reporters.html:HtmlReporter",
}


def reporter_class(name: str):
    target = FORMATS[name]
    module_name, cls = target.split(":")
    return getattr(importlib.import_module(module_name), cls)
