"""The pre-commit hook, run by the real pre-commit in a temporary figure repository.

Two ways, both real:
- a ``repo: local`` hook built from this checkout's .pre-commit-hooks.yaml
  (same files/types/args/require_serial) with ``language: system`` pointing
  at the installed pfocr-lint: fast, needs no network;
- ``pre-commit try-repo`` on this checkout, which installs the hook the way a
  user's pre-commit does (clone + pip install); skipped when pip cannot reach
  an index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import FIXTURES, REPO

PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
PFOCR_LINT = shutil.which("pfocr-lint", path=str(Path(sys.executable).parent)) or shutil.which("pfocr-lint")

pytestmark = pytest.mark.skipif(
    PRE_COMMIT is None or shutil.which("git") is None, reason="pre-commit or git is not installed")

CLEAN = (FIXTURES / "clean" / "newer.md").read_text(encoding="utf-8")
CLEAN_NAME = "PMC11987792__cancers-17-01167-g005.md"
# An unclosed flow list: a YAML syntax error (IO009, an error) in the front matter.
BROKEN = CLEAN.replace("organisms:\n- Homo sapiens", "organisms: [Homo sapiens", 1)


def hook_definition() -> dict:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "pfocr-lint"]
    return hook


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


@pytest.fixture
def figure_repo(tmp_path):
    repo = tmp_path / "figures"
    (repo / "_figures").mkdir(parents=True)
    (repo / "_figures" / CLEAN_NAME).write_text(CLEAN, encoding="utf-8")
    (repo / "_figures" / "PMC1__broken.md").write_text(BROKEN, encoding="utf-8")
    (repo / "_figures" / "skip-PMC2__broken.md").write_text(BROKEN, encoding="utf-8")
    (repo / "notes.md").write_text(BROKEN, encoding="utf-8")   # not a record: outside _figures/
    # The figure repository's own exclude setting, which --force-exclude must honour
    # even though pre-commit names the file explicitly.
    (repo / "pyproject.toml").write_text('[tool.pfocr-lint]\nextend-exclude = ["_figures/skip-*"]\n')
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "figures")
    return repo


def _env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env["PRE_COMMIT_COLOR"] = "never"
    return env


# pre-commit try-repo copies the repository and pip-installs it (31 MB of
# snapshots) into a fresh environment: on a busy 2-CPU machine that alone took
# over 120 s, so each call gets 600 s; a hang still fails the test.
def _run(repo: Path, env: dict, *args: str, timeout: int = 600):
    return subprocess.run([PRE_COMMIT, *args], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture
def local_hook(figure_repo):
    """A .pre-commit-config.yaml using this checkout's hook definition as a local hook."""
    if PFOCR_LINT is None:
        pytest.skip("pfocr-lint is not installed as a command")
    hook = dict(hook_definition())
    hook["language"] = "system"
    hook["entry"] = PFOCR_LINT
    hook.pop("minimum_pre_commit_version", None)
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (figure_repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return figure_repo


def test_hook_definition_matches_the_contract():
    hook = hook_definition()
    assert hook["entry"] == "pfocr-lint" and hook["language"] == "python"
    assert hook["files"] == r"^_figures/.*\.md$"
    assert "--force-exclude" in hook["args"]
    assert hook["require_serial"] is True
    from identify import identify  # pre-commit's own file classifier
    assert set(hook["types"]) <= identify.tags_from_filename("_figures/PMC1__x.md")


def test_local_hook_passes_on_a_clean_record(local_hook, tmp_path):
    res = _run(local_hook, _env(tmp_path), "run", "pfocr-lint", "--files", f"_figures/{CLEAN_NAME}")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Passed" in res.stdout


def test_local_hook_fails_on_a_broken_record(local_hook, tmp_path):
    res = _run(local_hook, _env(tmp_path), "run", "pfocr-lint", "--files",
               f"_figures/{CLEAN_NAME}", "_figures/PMC1__broken.md")
    assert res.returncode == 1
    assert "Failed" in res.stdout
    assert "_figures/PMC1__broken.md" in res.stdout and "IO009" in res.stdout
    # pre-commit is not a terminal: no progress bar, no colour codes
    assert "\r" not in res.stdout and "\x1b[" not in res.stdout


def test_local_hook_honours_the_projects_excludes(local_hook, tmp_path):
    env = _env(tmp_path)
    res = _run(local_hook, env, "run", "pfocr-lint", "--files", "_figures/skip-PMC2__broken.md")
    assert res.returncode == 0, res.stdout
    res = _run(local_hook, env, "run", "pfocr-lint", "--files", "notes.md")
    assert res.returncode == 0 and "no files to check" in res.stdout


def test_local_hook_on_all_files(local_hook, tmp_path):
    res = _run(local_hook, _env(tmp_path), "run", "pfocr-lint", "--all-files")
    assert res.returncode == 1
    assert "PMC1__broken.md" in res.stdout
    assert "skip-PMC2__broken.md" not in res.stdout and "notes.md" not in res.stdout


@pytest.mark.skipif(not (REPO / ".git").exists(), reason="not a git checkout: try-repo needs one")
def test_try_repo_installs_and_runs_the_hook(figure_repo, tmp_path):
    """What a user gets: pre-commit clones this checkout and pip-installs it."""
    env = _env(tmp_path)
    res = _run(figure_repo, env, "try-repo", str(REPO), "pfocr-lint",
               "--files", f"_figures/{CLEAN_NAME}", timeout=600)
    log = res.stdout + res.stderr
    if res.returncode != 0 and any(s in log for s in (
            "Could not find a version", "NewConnectionError", "Temporary failure in name resolution",
            "No matching distribution", "Network is unreachable")):
        pytest.skip("pre-commit could not pip-install the hook here (no package index)")
    assert res.returncode == 0, log
    assert "Passed" in res.stdout
    res = _run(figure_repo, env, "try-repo", str(REPO), "pfocr-lint",
               "--files", "_figures/PMC1__broken.md", "_figures/skip-PMC2__broken.md")
    assert res.returncode == 1, res.stdout
    assert "IO009" in res.stdout and "skip-PMC2__broken.md" not in res.stdout
