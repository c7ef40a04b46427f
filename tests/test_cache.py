"""The result cache (linter/cache.py): never wrong, then fast.

Every test compares what a run with the cache reports against what a run
without it reports, byte for byte, after the change under test; the hit and
miss counts (from an in-process Run) show the cache was really used.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pfocr_lint import cache as cache_mod
from pfocr_lint import registry
from pfocr_lint.config import Config, rule_settings
from pfocr_lint.run import Output, Run
from tests.helpers import FIXTURES, SEEDS

FORMATS = ("json", "sarif", "github", "junit", "tsv", "csv", "markdown", "html", "text")


@pytest.fixture
def repo(tmp_path):
    """A figure repository: the test corpus (records and tables) and the seeds."""
    root = tmp_path / "figures"
    shutil.copytree(FIXTURES / "corpus", root)
    for seed in SEEDS.glob("*.md"):
        shutil.copy(seed, root / "_figures" / seed.name)
    return root


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != cache_mod.ENV_NO_CACHE}
    env.update(extra)
    return env


def _cli(args: list, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pfocr_lint", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def _reports(tmp: Path, repo: Path, tag: str, extra: list, env: dict) -> dict:
    """Every format's report of one run over ``repo``: name -> text."""
    out = tmp / tag
    out.mkdir()
    args = ["check", "_figures", "--isolated", "--exit-zero", "--no-progress", *extra]
    for fmt in FORMATS[:-1]:
        args += ["--format", f"{fmt}={out / fmt}"]
    args += ["--format", "text"]
    res = _cli(args, repo, env)
    assert res.returncode == 0, res.stderr
    got = {fmt: (out / fmt).read_text(encoding="utf-8") for fmt in FORMATS[:-1]}
    got["text"] = res.stdout
    got["html"] = _unstamped(got["html"])
    return got


def _unstamped(html: str) -> str:
    """The HTML report without what is new in every report by design: its
    Content-Security-Policy nonce and the minute it was generated."""
    html = re.sub(r"nonce-[\w-]+|nonce=\"[\w-]+\"", "NONCE", html)
    return re.sub(r"generated \d{4}-\d\d-\d\d \d\d:\d\d UTC", "generated WHEN", html)


def _same(a: dict, b: dict) -> None:
    import difflib

    for fmt in FORMATS:
        if a[fmt] != b[fmt]:
            diff = difflib.unified_diff(a[fmt].splitlines(), b[fmt].splitlines(), lineterm="", n=1)
            raise AssertionError(f"{fmt} report differs:\n" + "\n".join(list(diff)[:40]))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_warm_run_reports_what_a_cold_run_does_in_every_format(tmp_path, repo, jobs):
    env = _env(PFOCR_LINT_CACHE_DIR=str(tmp_path / "cache"))
    cold = _reports(tmp_path, repo, "cold", ["--jobs", jobs], env)
    assert (tmp_path / "cache" / "results" / cache_mod.DB_NAME).is_file()
    warm = _reports(tmp_path, repo, "warm", ["--jobs", jobs], env)
    none = _reports(tmp_path, repo, "none", ["--jobs", jobs, "--no-cache"], env)
    _same(cold, warm)
    _same(cold, none)
    assert '"findings": [' in cold["json"] and cold["json"].count('"code"') > 50


# -- in-process runs: hits and misses --------------------------------------------------

def _run(repo: Path, cache_dir, *, config=None, fmt="json", out=None, fix=False):
    config = config or Config()
    classes = registry.select(config.select, config.ignore, config.extend_select)
    out = out or (repo.parent / f"report.{fmt}")
    run = Run(config, classes, rule_settings(config, classes), outputs=[Output(fmt, str(out))],
              progress=False, cache_dir=cache_dir, fix=fix)
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        run.execute(["_figures"])
    finally:
        os.chdir(cwd)
    return run, Path(out).read_text(encoding="utf-8")


def _counts(run) -> tuple:
    return (run.cache.hits, run.cache.misses)


def test_only_what_changed_is_linted_again(tmp_path, repo):
    cache = tmp_path / "cache"
    n = len(list((repo / "_figures").glob("*.md")))
    run, cold = _run(repo, cache)
    assert _counts(run) == (0, n)
    run, warm = _run(repo, cache)
    assert _counts(run) == (n, 0) and warm == cold

    # a record's bytes change: that record alone
    rec = repo / "_figures" / "PMC100003__mb2410470011.md"
    text = rec.read_text(encoding="utf-8")
    assert "figlink: /pmc/" in text
    rec.write_text(text.replace("figlink: /pmc/", "figlink: pmc/", 1), encoding="utf-8")
    run, after = _run(repo, cache)
    assert _counts(run) == (n - 1, 1)
    assert after == _run(repo, None)[1] and after != warm

    # its companion table changes: that record again
    table = repo / "_data" / "PMC100003__mb2410470011-genes.tsv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text("".join(lines[:-1]), encoding="utf-8")
    run, after = _run(repo, cache)
    assert _counts(run) == (n - 1, 1)
    assert after == _run(repo, None)[1]

    # a table appears where the lint looked for one and found none
    absent = repo / "_data" / "PMC100003__mb2410470011-diseases.tsv"
    assert not absent.exists()
    absent.write_text("word\tmesh\tmatch\tname\tdoid\nCOVID\tmesh:D000000\tNA\tNA\tNA\n\tragged\n",
                      encoding="utf-8")
    run, after = _run(repo, cache)
    assert _counts(run) == (n - 1, 1)
    assert after == _run(repo, None)[1]
    assert "PMC100003__mb2410470011-diseases.tsv" in after


def test_a_configuration_change_is_a_new_run(tmp_path, repo):
    cache = tmp_path / "cache"
    n = len(list((repo / "_figures").glob("*.md")))
    _, default = _run(repo, cache)
    changed = Config(rules={"NA001": {"severity": "error"}})
    run, report = _run(repo, cache, config=changed)
    assert _counts(run) == (0, n)
    assert report == _run(repo, None, config=changed)[1]
    assert report.count('"severity": "error"') > default.count('"severity": "error"')
    # settings that cannot change a finding keep the cache: jobs, fail-on, and
    # what the reports show (report-level filters after the cache)
    run, _ = _run(repo, cache, config=Config(jobs=1, fail_on="warning"))
    assert _counts(run) == (n, 0)
    shown = Config(report_level="error")
    run, report = _run(repo, cache, config=shown)
    assert _counts(run) == (n, 0)
    assert report == _run(repo, None, config=shown)[1]
    assert report.count('"severity": "warning"') == 0 < default.count('"severity": "warning"')


def test_a_snapshot_update_is_a_new_run(tmp_path, repo, monkeypatch):
    cache = tmp_path / "cache"
    data = tmp_path / "data"
    monkeypatch.setenv("PFOCR_LINT_DATA_DIR", str(data))
    n = len(list((repo / "_figures").glob("*.md")))
    _run(repo, cache)
    run, _ = _run(repo, cache)
    assert _counts(run) == (n, 0)
    # 'pfocr-lint data update' writes a snapshot into the user data folder
    data.mkdir()
    (data / "genes.sqlite").write_bytes(b"not a snapshot: the run warns and uses the shipped one")
    run, report = _run(repo, cache)
    assert _counts(run) == (0, n)
    assert report == _run(repo, None)[1]


def test_repository_rules_still_see_every_record(tmp_path, repo):
    cache = tmp_path / "cache"
    src = repo / "_figures" / "PMC100003__mb2410470011.md"
    shutil.copy(src, repo / "_figures" / "copy-of-PMC100003.md")
    _, cold = _run(repo, cache)
    run, warm = _run(repo, cache)
    assert run.cache.misses == 0
    assert warm == cold
    assert warm.count('"code": "RP001"') == 2


def test_entries_serve_every_format(tmp_path, repo):
    """Entries keep the record metadata the HTML and SARIF reports show
    (title, caption, whether fix offsets address the file), whatever format
    the run that wrote them asked for: a text run's entries serve the next
    HTML report, and that report is the one a cold run writes."""
    cache = tmp_path / "cache"
    n = len(list((repo / "_figures").glob("*.md")))
    _run(repo, cache, fmt="text")
    for fmt in ("html", "sarif"):
        run, report = _run(repo, cache, fmt=fmt)
        assert _counts(run) == (n, 0)
        assert _unstamped(report) == _unstamped(_run(repo, None, fmt=fmt)[1])
    html = _run(repo, cache, fmt="html")[1]
    assert "Summary of the signaling pathway that connects neuropeptides" in html  # a record's caption


def test_fix_still_fixes_a_cached_record(tmp_path, repo):
    cache = tmp_path / "cache"
    rec = repo / "_figures" / "PMC7321691__OTT-13-6037-g0001.md"
    before = rec.read_text(encoding="utf-8")
    assert "figlink: pmc/articles" in before
    _run(repo, cache)
    run, _ = _run(repo, cache, fix=True)
    after = rec.read_text(encoding="utf-8")
    assert "figlink: /pmc/articles" in after          # ID003's safe fix was applied
    assert run.fixer.fixed >= 1
    # the fixed record is new content: linted, and then served from the cache
    _, report = _run(repo, cache)
    assert report == _run(repo, None)[1]
    assert "figlink 'pmc/articles/PMC7321691" not in report


def test_online_hgnc_is_never_cached(tmp_path, repo):
    run, _ = _run(repo, tmp_path / "cache", config=Config(hgnc="off"))
    assert run.cache is not None
    config = Config(hgnc="online", hgnc_rest_url="http://127.0.0.1:9")
    classes = registry.select(["SC"], None)
    run = Run(config, classes, {}, outputs=[], progress=False, cache_dir=tmp_path / "cache")
    assert run.cache_dir is None


# -- faults: the cache is skipped, never wrong -------------------------------------------

def test_a_damaged_cache_file_is_replaced(tmp_path, repo):
    cache = tmp_path / "cache"
    _, cold = _run(repo, cache)
    db = cache / cache_mod.DB_NAME
    for extra in ("-wal", "-shm"):
        Path(str(db) + extra).unlink(missing_ok=True)
    db.write_bytes(b"\0garbage, not SQLite" * 100)
    run, report = _run(repo, cache)
    assert report == cold
    assert run.cache is not None and run.cache.misses > 0
    run, _ = _run(repo, cache)
    assert run.cache.misses == 0


def test_an_unwritable_cache_folder_is_skipped(tmp_path, repo):
    if os.geteuid() == 0:
        blocker = tmp_path / "file-not-folder"
        blocker.write_text("x")
        folder = blocker / "cache"        # cannot be made: a file is in the way
    else:  # pragma: no cover
        folder = tmp_path / "ro"
        folder.mkdir(mode=0o500)
    env = _env()
    res = _cli(["check", "_figures", "--isolated", "--exit-zero", "--format", "json",
                "--cache-dir", str(folder)], repo, env)
    assert res.returncode == 0
    assert "result cache" in res.stderr and "linting without it" in res.stderr
    none = _cli(["check", "_figures", "--isolated", "--exit-zero", "--format", "json", "--no-cache"],
                repo, env)
    assert res.stdout == none.stdout


class _Boom:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


def test_a_tampered_entry_cannot_run_code(tmp_path, repo):
    cache = tmp_path / "cache"
    _, cold = _run(repo, cache)
    db = sqlite3.connect(cache / cache_mod.DB_NAME)
    db.execute("UPDATE entries SET entry = ?", (pickle.dumps(_Boom()),))
    db.commit()
    db.close()
    run, report = _run(repo, cache)
    assert not (repo / "pwned").exists()
    assert report == cold
    assert run.cache.hits == 0      # every entry was refused and its record linted


def test_concurrent_runs_share_a_cache(tmp_path, repo):
    env = _env(PFOCR_LINT_CACHE_DIR=str(tmp_path / "cache"))
    args = [sys.executable, "-m", "pfocr_lint", "check", "_figures", "--isolated", "--exit-zero",
            "--format", "json"]
    procs = [subprocess.Popen(args + ["--jobs", j], cwd=repo, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for j in ("1", "2", "1")]
    outs = [p.communicate(timeout=600) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    none = _cli(["check", "_figures", "--isolated", "--exit-zero", "--format", "json", "--no-cache"],
                repo, env)
    assert all(o == none.stdout for o, _ in outs)
    assert not any("result cache" in e for _, e in outs)
    warm = _cli(["check", "_figures", "--isolated", "--exit-zero", "--format", "json"], repo, env)
    assert warm.stdout == none.stdout


def test_no_cache_writes_nothing(tmp_path, repo):
    for extra, env in (([ "--no-cache"], _env()), ([], _env(PFOCR_LINT_NO_CACHE="1"))):
        folder = tmp_path / f"cache{len(extra)}"
        res = _cli(["check", "_figures", "--isolated", "--exit-zero", "--cache-dir", str(folder), *extra],
                   repo, env)
        assert res.returncode == 0, res.stderr
        assert not folder.exists()


def test_unused_entries_are_pruned(tmp_path, repo):
    cache = tmp_path / "cache"
    n = len(list((repo / "_figures").glob("*.md")))
    _run(repo, cache)
    db = sqlite3.connect(cache / cache_mod.DB_NAME)
    today = int(time.time() // 86400)
    db.execute("UPDATE inputs SET used = ?", (today - cache_mod.PRUNE_AFTER_DAYS - 5,))
    db.commit()
    rec = repo / "_figures" / "PMC100003__mb2410470011.md"
    rec.write_text(rec.read_text(encoding="utf-8") + "\nedited\n", encoding="utf-8")
    _run(repo, cache)    # n - 1 hits (touched: used today), 1 miss written, then pruning
    left = db.execute("SELECT count(*) FROM inputs").fetchone()[0]
    stale = db.execute("SELECT count(*) FROM inputs WHERE used < ?", (today - 1,)).fetchone()[0]
    entries = db.execute("SELECT count(*) FROM entries").fetchone()[0]
    db.close()
    assert stale == 0
    # the edited record's old version was used by nobody: pruned with its entry
    assert left == entries == n


def test_cache_info_and_clean(tmp_path, repo):
    folder = tmp_path / "c"
    env = _env()
    _cli(["check", "_figures", "--isolated", "--exit-zero", "--cache-dir", str(folder)], repo, env)
    info = _cli(["cache", "info", "--isolated", "--cache-dir", str(folder)], repo, env)
    n = len(list((repo / "_figures").glob("*.md")))
    assert info.returncode == 0 and f"{n} entries" in info.stdout and str(folder) in info.stdout
    clean = _cli(["cache", "clean", "--isolated", "--cache-dir", str(folder)], repo, env)
    assert clean.returncode == 0 and "removed" in clean.stdout
    assert not (folder / cache_mod.DB_NAME).exists()
    info = _cli(["cache", "info", "--isolated", "--cache-dir", str(folder)], repo, env)
    assert "empty" in info.stdout


# -- the run key: what the tool itself is --------------------------------------------

def _key() -> bytes:
    from pfocr_lint import __version__

    return cache_mod.run_key(Config(), registry.all_rules(), {}, version=__version__)


def test_an_edited_rule_is_a_new_run(tmp_path, monkeypatch):
    """In a source tree (an editable install), the rule modules are part of
    the key: rules/ is a folder of its own there, beside linter/. (A copy of
    it is edited, so that no other test sees the key change.)"""
    from pfocr_lint import rules

    copy = tmp_path / "rules"
    shutil.copytree(rules.__path__[0], copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(rules, "__path__", [str(copy)])
    before = _key()
    assert _key() == before
    (copy / "doi.py").write_text((copy / "doi.py").read_text(encoding="utf-8") + "\n# edited\n",
                                 encoding="utf-8")
    assert _key() != before


def test_an_installed_wheel_is_known_by_its_record(tmp_path):
    """Installed from a wheel (CI installs afresh every run, so every file
    has a new mtime), the key comes from pip's RECORD: new mtimes keep the
    cache, a changed file hash in RECORD does not."""
    site = tmp_path / "site"
    pkg = site / "pfocr_lint"
    pkg.mkdir(parents=True)
    (pkg / "engine.py").write_text("x = 1\n")
    info = site / "pfocr_lint-9.9.dist-info"
    info.mkdir()
    (info / "RECORD").write_text("pfocr_lint/engine.py,sha256=AAAA,6\n")
    first = cache_mod._installed_identity(pkg, "9.9")
    os.utime(pkg / "engine.py", ns=(1, 1))
    assert cache_mod._installed_identity(pkg, "9.9") == first
    (info / "RECORD").write_text("pfocr_lint/engine.py,sha256=BBBB,6\n")
    assert cache_mod._installed_identity(pkg, "9.9") != first
