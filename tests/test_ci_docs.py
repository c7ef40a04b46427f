"""docs/ci.md stays true: its workflow parses, and its lint command, run as
written on a figure folder, annotates, writes the SARIF and HTML the later
steps upload, and fails on an error."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import yaml

from tests.helpers import REPO, SEEDS

DOC = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")


def workflow() -> dict:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC, re.S)
    return yaml.safe_load(blocks[0])


def steps() -> list:
    return workflow()["jobs"]["lint"]["steps"]


def test_workflow_uploads_sarif_and_keeps_the_html_report():
    wf = workflow()
    assert wf["permissions"]["security-events"] == "write"
    by_uses = {s.get("uses", "").split("@")[0]: s for s in steps()}
    sarif = by_uses["github/codeql-action/upload-sarif"]
    artifact = by_uses["actions/upload-artifact"]
    lint = next(s for s in steps() if s.get("id") == "lint")
    command = shlex.split(lint["run"])
    assert command[:2] == ["pfocr-lint", "check"]
    assert "github" in command
    outputs = {a.split("=", 1)[0]: a.split("=", 1)[1] for a in command if "=" in a}
    assert outputs["sarif"] == sarif["with"]["sarif_file"]
    assert outputs["html"].startswith(artifact["with"]["path"])
    # the reports are uploaded even when the lint step failed the job
    assert "cancelled()" in sarif["if"] and "cancelled()" in artifact["if"]
    assert "--exit-zero" not in command and "never" not in command


def test_the_documented_command_works(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "_figures")
    (tmp_path / "_figures" / "PMC1__broken.md").write_text("---\nfigid: [oops\n---\n", encoding="utf-8")
    lint = next(s for s in steps() if s.get("id") == "lint")
    command = shlex.split(lint["run"])
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "CI")}
    env.update(GITHUB_ACTIONS="true")
    res = subprocess.run([sys.executable, "-m", "pfocr_lint", *command[1:]], cwd=tmp_path,
                         capture_output=True, text=True, env=env)
    assert res.returncode == 1, res.stderr          # the error fails the job
    assert "::error file=_figures/PMC1__broken.md,line=" in res.stdout
    sarif = json.loads((tmp_path / "reports" / "pfocr-lint.sarif").read_text(encoding="utf-8"))
    doc = json.loads((tmp_path / "reports" / "pfocr-lint.json").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == doc["summary"]["findings"]
    html = (tmp_path / "reports" / "pfocr-lint.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "pfocr-lint report" in html


def test_documented_pre_commit_hook_id_exists():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    config = yaml.safe_load(re.findall(r"```yaml\n(repos:.*?)```", DOC, re.S)[0])
    assert config["repos"][0]["hooks"][0]["id"] in {h["id"] for h in hooks}
