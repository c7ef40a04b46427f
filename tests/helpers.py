"""Shared test helpers: lint text or files through the real engine."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from pfocr_lint import registry
from pfocr_lint.config import Config
from pfocr_lint.engine import Linter, iter_results
from pfocr_lint.discover import discover

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
SEEDS = REPO / "seeds"


def clean_record(layout: str = "newer") -> dict:
    text = (FIXTURES / "clean" / f"{layout}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def dump_record(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=80) + "---\n"


def merge_fragment(fragment_yaml: str) -> dict:
    """A documented example fragment on top of a clean record.

    Top-level keys of the fragment replace the base's; ``_base: older`` picks
    the older-layout base; ``_remove: [key, ...]`` drops keys from the base.
    """
    frag = yaml.safe_load(fragment_yaml) or {}
    base = clean_record(frag.pop("_base", "newer"))
    for key in frag.pop("_remove", []) or []:
        base.pop(key, None)
    data = copy.deepcopy(base)
    data.update(frag)
    return data


def lint_paths(paths, select=None, ignore=None, config=None, **cfg):
    config = config or Config(**cfg)
    classes = registry.select(select, ignore)
    linter = Linter(config, classes)
    files = list(discover([str(p) for p in paths], config.include, config.exclude))
    findings = []
    facts: dict = {}
    for res in iter_results(linter, files, jobs=1):
        findings.extend(res.findings)
        for code, fact in res.facts.items():
            facts.setdefault(code, []).append(fact)
    findings.extend(linter.finish(facts))
    return findings


def lint_text(tmp_path: Path, text: str, name: str = None, select=None, **cfg):
    """Write ``text`` as ``<figid>.md`` in ``tmp_path`` and lint it."""
    if name is None:
        data = yaml.safe_load(text.split("---\n")[1]) if text.startswith("---\n") else None
        figid = data.get("figid") if isinstance(data, dict) else None
        name = f"{figid}.md" if isinstance(figid, str) and "/" not in figid else "record.md"
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return lint_paths([path], select=select, **cfg)


def codes(findings) -> list:
    return [f.code for f in findings]
