"""The documentation that is generated from code stays in step with it."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import REPO


def test_rules_doc_is_current():
    res = subprocess.run([sys.executable, "scripts/gen_rules_doc.py", "--check"], cwd=REPO,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_readme_names_every_rule_family():
    from pfocr_lint import registry

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    prefixes = {c.code[:2] for c in registry.all_rules()}
    missing = [p for p in sorted(prefixes) if f"| {p} |" not in readme]
    assert not missing, f"README's family table lacks {missing}"
