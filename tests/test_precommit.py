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
import re
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
    assert "--force-exclude" in hook["args"]
    assert hook["require_serial"] is True


@pytest.mark.parametrize("path, linted", [
    ("_figures/PMC1__x.md", True),
    ("_data/PMC1__x-genes.tsv", True),
    ("_data/PMC1__x-chemicals.tsv", True),
    ("_data/PMC1__x-diseases.tsv", True),
    ("_data/navigation.tsv", False),      # not a companion table
    ("_data/PMC1__x-genes.csv", False),
    ("notes.md", False),
    ("docs/_figures/PMC1__x.md", False),
])
def test_hook_selects_records_and_their_tables(path, linted):
    """pre-commit's own selection: the ``files`` pattern and the identify tags
    (``types_or``: a file needs one of them) of the hook definition."""
    import re

    from identify import identify  # pre-commit's own file classifier
    hook = hook_definition()
    tags = identify.tags_from_filename(path)
    wanted = set(hook.get("types_or") or ()) or tags
    chosen = (re.search(hook["files"], path) is not None and bool(wanted & tags)
              and set(hook.get("types") or ()) <= tags)
    assert chosen is linted


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



# -- companion tables in the hook ------------------------------------------------
# A figure repository adopting pfocr-lint: a clean record with its three
# tables, a legacy record (real, from the test corpus) whose findings are
# accepted in a committed baseline, and a gate that fails on warnings.

CLEAN_FIGID = CLEAN_NAME[:-3]
LEGACY_FIGID = "PMC10003241__ijms-24-04893-g003"
CORPUS = FIXTURES / "corpus"
GENES_HEADER = ("organism_id\torganism_name\torganism_group\tword\tmatch\tncbigene_symbol\tncbigene_id\t"
                "source\tcount_direct\tcount_synonym\tcount_match\n")
CLEAN_TABLES = {
    "genes": GENES_HEADER
    + "9606\tHomo sapiens\tPrimates\tTP53\tTP53\tTP53\t7157\tncbigene_symbol\t1\t0\t1\n"
    + "9606\tHomo sapiens\tPrimates\tMDM2\tMDM2\tMDM2\t4193\tncbigene_symbol\t1\t0\t1\n",
    "chemicals": "word\tmesh\tmatch\tname\tchebi\nCisplatin\tmesh:D002945\tCisplatin\tCisplatin\tCHEBI:27899\n",
    "diseases": "word\tmesh\tmatch\tname\tdoid\n"
                "breast cancer\tmesh:D001943\tbreast cancer\tBreast Neoplasms\tDOID:1612\n",
}
# A finding line of the text report: path:line:col: CODE [severity] message
FINDING = re.compile(r"^(\S+):(\d+):(\d+): ([A-Z]+[0-9]+) \[(\w+)\]", re.M)


def _findings(output: str) -> list:
    return [(m.group(1), int(m.group(2)), m.group(4)) for m in FINDING.finditer(output)]


def _commit(repo: Path, env: dict, *files: str):
    """``git add`` the files and ``git commit``: the installed pre-commit hook runs."""
    subprocess.run(["git", "add", *files], cwd=repo, env=env, check=True, capture_output=True)
    return subprocess.run(["git", "commit", "-q", "-m", "change"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def adopted_repo(tmp_path):
    """The figure repository after adoption: baseline written and committed,
    the hook installed, and a full run passing."""
    if PFOCR_LINT is None:
        pytest.skip("pfocr-lint is not installed as a command")
    repo = tmp_path / "adopted"
    (repo / "_figures").mkdir(parents=True)
    (repo / "_data").mkdir()
    (repo / "_figures" / CLEAN_NAME).write_text(CLEAN, encoding="utf-8")
    for kind, text in CLEAN_TABLES.items():
        (repo / "_data" / f"{CLEAN_FIGID}-{kind}.tsv").write_text(text, encoding="utf-8")
    shutil.copy(CORPUS / "_figures" / f"{LEGACY_FIGID}.md", repo / "_figures")
    for table in (CORPUS / "_data").glob(f"{LEGACY_FIGID}-*.tsv"):
        shutil.copy(table, repo / "_data")
    (repo / "pyproject.toml").write_text(
        '[tool.pfocr-lint]\nfail-on = "warning"\nbaseline = "pfocr-lint-baseline.txt"\n')
    hook = dict(hook_definition())
    hook["language"] = "system"
    hook["entry"] = PFOCR_LINT
    hook.pop("minimum_pre_commit_version", None)
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}, sort_keys=False))
    env = _env(tmp_path)
    subprocess.run([PFOCR_LINT, "_figures", "--write-baseline", "pfocr-lint-baseline.txt"],
                   cwd=repo, env=env, check=True, capture_output=True)
    _git(repo, "init", "-q")
    _git(repo, "config", "user.name", "t")
    _git(repo, "config", "user.email", "t@example.org")
    res = _run(repo, env, "install")
    assert res.returncode == 0, res.stdout + res.stderr
    res = _commit(repo, env, ".")
    assert res.returncode == 0, res.stdout + res.stderr
    res = _run(repo, env, "run", "--all-files")
    assert res.returncode == 0, res.stdout + res.stderr
    return repo, env


def _cut_short(genes: Path) -> None:
    """The MDM2 row (line 3) loses its last three cells, as a hand edit in a
    spreadsheet may leave it: TB004, an error, and nothing else."""
    text = genes.read_text(encoding="utf-8")
    assert "\t4193\tncbigene_symbol\t1\t0\t1\n" in text
    genes.write_text(text.replace("\t4193\tncbigene_symbol\t1\t0\t1\n", "\t4193\tncbigene_symbol\n", 1),
                     encoding="utf-8")


def test_a_commit_that_breaks_only_a_table_fails(adopted_repo):
    repo, env = adopted_repo
    genes = repo / "_data" / f"{CLEAN_FIGID}-genes.tsv"
    _cut_short(genes)
    res = _commit(repo, env, genes.relative_to(repo).as_posix())
    out = res.stdout + res.stderr
    assert res.returncode != 0, out
    assert "Failed" in out
    assert _findings(out) == [(f"_data/{CLEAN_FIGID}-genes.tsv", 3, "TB004")]
    assert "1 file checked" in out
    assert "IO007" not in out


def test_a_commit_of_a_record_and_two_tables_reports_each_finding_once(adopted_repo):
    repo, env = adopted_repo
    record = repo / "_figures" / CLEAN_NAME
    genes = repo / "_data" / f"{CLEAN_FIGID}-genes.tsv"
    chemicals = repo / "_data" / f"{CLEAN_FIGID}-chemicals.tsv"
    # a doubled space in the title (NA005), a row cut short, a header misspelt
    assert "figtitle: TP53 and" in CLEAN
    record.write_text(CLEAN.replace("figtitle: TP53 and", "figtitle: TP53  and", 1), encoding="utf-8")
    _cut_short(genes)
    chemicals.write_text(chemicals.read_text(encoding="utf-8").replace("word\t", "words\t", 1),
                         encoding="utf-8")
    res = _commit(repo, env, *(p.relative_to(repo).as_posix() for p in (record, genes, chemicals)))
    out = res.stdout + res.stderr
    assert res.returncode != 0, out
    # each finding once, though pre-commit named three files of the one record
    assert sorted(_findings(out)) == [
        (f"_data/{CLEAN_FIGID}-chemicals.tsv", 1, "TB004"),
        (f"_data/{CLEAN_FIGID}-genes.tsv", 3, "TB004"),
        (f"_figures/{CLEAN_NAME}", 3, "NA005"),
    ], out
    assert "1 file checked" in out


def test_a_commit_of_a_table_without_its_record_is_rp002(adopted_repo):
    repo, env = adopted_repo
    orphan = repo / "_data" / "PMC1__gone-genes.tsv"
    orphan.write_text(CLEAN_TABLES["genes"], encoding="utf-8")
    res = _commit(repo, env, "_data/PMC1__gone-genes.tsv")
    out = res.stdout + res.stderr
    assert res.returncode != 0, out                     # a warning, and the gate fails on warnings
    assert _findings(out) == [("_data/PMC1__gone-genes.tsv", 1, "RP002")]
    assert "no _figures/PMC1__gone.md" in out and "IO007" not in out


def test_a_commit_that_adds_a_withdrawn_symbol_fails_with_that_finding(adopted_repo):
    """The legacy record's own findings are in the baseline; only what the
    commit wrote is reported."""
    repo, env = adopted_repo
    record = repo / "_figures" / f"{LEGACY_FIGID}.md"
    text = record.read_text(encoding="utf-8")
    assert "  - LRP6\n" in text
    record.write_text(text.replace("  - LRP6\n", "  - LRP6\n  - CTAA1\n", 1), encoding="utf-8")
    line = text[:text.index("  - LRP6\n")].count("\n") + 2
    res = _commit(repo, env, f"_figures/{LEGACY_FIGID}.md")
    out = res.stdout + res.stderr
    assert res.returncode != 0, out
    found = _findings(out)
    # CTAA1 is withdrawn (HG002); as a keyword no table accounts for it (KW002):
    # both on the one line the commit added, and none of the baselined findings
    assert {(p, ln) for p, ln, _ in found} == {(f"_figures/{LEGACY_FIGID}.md", line)}
    assert sorted(c for _, _, c in found) == ["HG002", "KW002"]
    assert "CTAA1" in out
