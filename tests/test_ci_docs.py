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
from pathlib import Path

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


# -- the adoption: baseline committed, result cache kept, new findings fail ------------

def _block(lang: str, starts: str) -> str:
    for body in re.findall(r"```" + lang + r"\n(.*?)```", DOC, re.S):
        if body.startswith(starts) or starts in body.splitlines()[0:3]:
            return body
    raise AssertionError(f"no {lang} block starting {starts!r} in docs/ci.md")


def test_the_result_cache_is_restored_before_and_saved_after_the_lint():
    names = [s.get("uses", "").split("@")[0] or s.get("id") for s in steps()]
    restore = names.index("actions/cache/restore")
    lint = next(i for i, s in enumerate(steps()) if s.get("id") == "lint")
    save = names.index("actions/cache/save")
    assert restore < lint < save
    r, s = steps()[restore]["with"], steps()[save]
    # saved also when the lint failed (actions/cache alone saves only on success)
    assert "cancelled()" in s["if"]
    assert s["with"]["path"] == r["path"] and s["with"]["key"] == r["key"]
    assert r["restore-keys"] and r["key"].startswith(r["restore-keys"])
    config = tomllib_loads(_block("toml", "# .pfocr-lint.toml"))
    assert config["cache-dir"] == r["path"]


def tomllib_loads(text: str) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib.loads(text)


def test_adopting_it_on_a_scratch_repository(tmp_path):
    """The documented adoption, as written, on a copy of the test corpus:
    three commands and the lint passes; then the workflow's lint command
    passes from the cache; a new withdrawn symbol fails it with that finding."""
    from tests.helpers import FIXTURES

    repo = tmp_path / "figures"
    shutil.copytree(FIXTURES / "corpus", repo)
    for seed in SEEDS.glob("*.md"):
        shutil.copy(seed, repo / "_figures" / seed.name)
    (repo / ".pfocr-lint.toml").write_text(_block("toml", "# .pfocr-lint.toml"), encoding="utf-8")
    (repo / ".gitignore").write_text(".pfocr-lint-cache/\nreports/\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if k not in ("GITHUB_STEP_SUMMARY", "CI", "PFOCR_LINT_NO_CACHE", "PFOCR_LINT_CACHE_DIR")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "_figures", "_data", ".gitignore"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "records"], cwd=repo, check=True, env=env)

    commands = [ln for ln in _block("sh", "pfocr-lint _figures/ --write-baseline").splitlines() if ln.strip()]
    assert len(commands) == 3
    for i, cmd in enumerate(commands):
        res = subprocess.run(cmd, shell=True, cwd=repo, env=env, capture_output=True, text=True)
        assert res.returncode == 0, (cmd, res.stdout[-2000:], res.stderr[-2000:])
    assert (repo / "pfocr-baseline.json").is_file()
    assert (repo / ".pfocr-lint-cache" / "results.sqlite").is_file()

    lint = next(s for s in steps() if s.get("id") == "lint")
    command = shlex.split(lint["run"])
    gha = {**env, "GITHUB_ACTIONS": "true"}
    res = subprocess.run(command, cwd=repo, env=gha, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    sarif = json.loads((repo / "reports" / "pfocr-lint.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"] == []

    # a commit that adds a withdrawn symbol: the gate fails with that finding
    rec = repo / "_figures" / "PMC6676106__CAS-110-2421-g006.md"
    text = rec.read_text(encoding="utf-8")
    assert "  - CYR61\n" in text
    rec.write_text(text.replace("  - CYR61\n", "  - CYR61\n  - CTAA1\n", 1), encoding="utf-8")
    res = subprocess.run(command, cwd=repo, env=gha, capture_output=True, text=True)
    assert res.returncode == 1
    annotations = [ln for ln in res.stdout.splitlines() if ln.startswith("::")]
    assert annotations and all("CTAA1" in ln for ln in annotations), annotations
    assert any("HG002" in ln for ln in annotations)
    sarif = json.loads((repo / "reports" / "pfocr-lint.sarif").read_text(encoding="utf-8"))
    assert 1 <= len(sarif["runs"][0]["results"]) <= 2
