"""The command line: exit codes, selection, formats, configuration, stdin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pfocr_lint import __version__
from pfocr_lint.cli import main
from tests.helpers import FIXTURES, REPO, SEEDS

SEED_STRING_ORGANISMS = SEEDS / "PMC6676106__CAS-110-2421-g006.md"


def run(capsys, *argv):
    rc = main(["--isolated", *argv] if argv and argv[0] not in ("rules", "explain", "--version") else list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_version(capsys):
    rc, out, _ = run(capsys, "--version")
    assert rc == 0 and __version__ in out


def test_python_dash_m_works():
    res = subprocess.run([sys.executable, "-m", "pfocr_lint", "--version"], capture_output=True, text=True)
    assert res.returncode == 0 and "pfocr-lint" in res.stdout


def test_text_format_shape(capsys):
    rc, out, _ = run(capsys, str(SEED_STRING_ORGANISMS), "--select", "OR001")
    first = out.splitlines()[0]
    assert first.startswith(f"{SEED_STRING_ORGANISMS}:20:1: OR001 [warning] ")
    assert out.splitlines()[1].strip().startswith("->")
    assert out.rstrip().endswith("1 file checked: 1 warning.")
    assert rc == 0  # a warning does not reach the default --fail-on error


@pytest.mark.parametrize("fail_on,expected", [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on(capsys, fail_on, expected):
    rc, _, _ = run(capsys, str(SEED_STRING_ORGANISMS), "--select", "OR001", "--fail-on", fail_on)
    assert rc == expected


def test_exit_one_on_error(capsys, tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("---\n[oops\n---\n")
    rc, out, _ = run(capsys, str(bad))
    assert rc == 1 and "IO009" in out
    rc, _, _ = run(capsys, str(bad), "--exit-zero")
    assert rc == 0


@pytest.mark.parametrize("argv,needle", [
    (["--select", "NOPE999", "x"], "no rule matches 'NOPE999'"),
    (["--format", "yaml", "x"], "unknown format 'yaml'"),
    (["--bogus-flag", "x"], ""),
    ([], "no paths given"),
    (["--jobs", "0", "x"], "--jobs must be at least 1"),
])
def test_usage_errors_exit_2(capsys, argv, needle):
    rc, _, err = run(capsys, *argv)
    assert rc == 2
    assert needle in err


@pytest.mark.parametrize("argv,needle", [
    (["--selct", "HG", "x"], "unrecognized arguments: --selct (did you mean --select?)"),
    (["check", "--fail-onn=warning", "x"], "(did you mean --fail-on?)"),
    (["symbols", "--specis", "mouse", "TP53"], "(did you mean --species?)"),
    (["--select", "HG01", "x"], "no rule matches 'HG01' (did you mean HG001"),
    (["--ignore", "organism-too-many", "x"], "(did you mean organisms-too-many?)"),
    (["explain", "AB01"], "no rule has the code or name 'AB01' (did you mean AB001?)"),
])
def test_a_typo_gets_the_close_flag_or_rule(capsys, argv, needle):
    rc, _, err = run(capsys, *argv)
    assert rc == 2 and needle in err


def test_a_typo_in_a_rules_table_gets_the_close_rule(capsys, tmp_path):
    (tmp_path / "lint.toml").write_text('[rules.OR08]\nlimit = 5\n')
    rc = main(["--config", str(tmp_path / "lint.toml"), str(SEEDS)])
    err = capsys.readouterr().err
    assert rc == 2 and "[rules.OR08]: no rule has that code or name (did you mean OR008?)" in err


def test_json_contract(capsys):
    rc, out, _ = run(capsys, str(SEEDS), "--format", "json", "--select", "OR001")
    doc = json.loads(out)
    assert doc["version"] == 1
    assert doc["tool"] == {"name": "pfocr-lint", "version": __version__}
    f = doc["findings"][0]
    for key in ("path", "line", "column", "code", "name", "severity", "message", "field", "suggestion"):
        assert key in f
    assert f["field"] == "organisms" and f["code"] == "OR001" and f["name"] == "organisms-not-a-list"
    s = doc["summary"]
    assert s["files_checked"] == 5
    assert s["by_code"] == {"OR001": 1} and s["by_severity"]["warning"] == 1


def test_select_by_name_alias_and_prefix_and_ignore(capsys):
    for sel in ("OR001", "organisms-not-a-list", "organisms-string", "OR", "or001"):
        rc, out, _ = run(capsys, str(SEED_STRING_ORGANISMS), "--select", sel, "--format", "json")
        assert [f["code"] for f in json.loads(out)["findings"]] == ["OR001"], sel
    rc, out, _ = run(capsys, str(SEED_STRING_ORGANISMS), "--select", "OR", "--ignore", "organisms-string",
                     "--format", "json")
    assert "OR001" not in [f["code"] for f in json.loads(out)["findings"]]
    # the most specific selector wins: ignore a family, select one rule back
    rc, out, _ = run(capsys, str(SEED_STRING_ORGANISMS), "--ignore", "OR", "--select", "OR001",
                     "--format", "json")
    assert "OR001" in [f["code"] for f in json.loads(out)["findings"]]


def test_rules_and_explain(capsys):
    rc, out, _ = run(capsys, "rules")
    assert rc == 0 and "OR001" in out and "IO013" in out
    rc, out, _ = run(capsys, "rules", "--format", "json")
    rows = json.loads(out)
    assert {"code", "name", "severity", "fixable", "summary", "sections"} <= set(rows[0])
    rc, out, _ = run(capsys, "explain", "organisms-string")
    assert rc == 0 and out.startswith("OR001 organisms-not-a-list [warning]")
    for section in ("What it does:", "Why this matters:", "Curation action:", "Fix safety:"):
        assert section in out
    rc, _, err = run(capsys, "explain", "XX999")
    assert rc == 2 and "XX999" in err


def test_stdin_with_filename(capsys, monkeypatch):
    import io

    raw = SEED_STRING_ORGANISMS.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    rc, out, _ = run(capsys, "-", "--stdin-filename", "_figures/X.md", "--select", "OR001")
    assert out.startswith("_figures/X.md:20:1: OR001")


def test_directory_recursion_include_exclude(capsys, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    rec = SEED_STRING_ORGANISMS.read_text()
    (tmp_path / "a" / "b" / "one.md").write_text(rec)
    (tmp_path / "a" / "two.markdown").write_text(rec)
    (tmp_path / "README.md").write_text("# not a record\n")
    (tmp_path / "skip").mkdir()
    (tmp_path / "skip" / "three.md").write_text(rec)
    rc, out, _ = run(capsys, str(tmp_path), "--select", "OR001", "--extend-exclude", "skip", "--format", "json")
    paths = sorted(Path(f["path"]).name for f in json.loads(out)["findings"])
    assert paths == ["one.md"]  # README.md excluded by default, skip/ excluded, *.markdown not included
    rc, out, _ = run(capsys, str(tmp_path), "--select", "OR001", "--include", "*.md,*.markdown",
                     "--extend-exclude", "skip", "--format", "json")
    assert sorted(Path(f["path"]).name for f in json.loads(out)["findings"]) == ["one.md", "two.markdown"]
    # explicit file names are linted even when excluded ... unless --force-exclude
    explicit = str(tmp_path / "skip" / "three.md")
    rc, out, _ = run(capsys, explicit, "--select", "OR001", "--extend-exclude", "skip")
    assert "OR001" in out
    os.chdir(tmp_path)
    try:
        rc, out, _ = run(capsys, "skip/three.md", "--select", "OR001", "--extend-exclude", "skip", "--force-exclude")
    finally:
        os.chdir(REPO)
    assert "OR001" not in out


# -- configuration ----------------------------------------------------------

def _cfg_run(capsys, cwd: Path, *argv):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        rc = main(list(argv))
    finally:
        os.chdir(old)
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_config_found_upward_in_pyproject(capsys, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.pfocr-lint]\nignore = ["OR001"]\n')
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    rec = sub / "r.md"
    rec.write_bytes(SEED_STRING_ORGANISMS.read_bytes())
    rc, out, _ = _cfg_run(capsys, sub, "r.md", "--select", "OR", "--format", "json")
    # --select on the command line does not undo the file's ignore of a more specific code
    assert json.loads(out)["findings"] == []


def test_dot_config_file_and_flags_win(capsys, tmp_path):
    (tmp_path / ".pfocr-lint.toml").write_text('fail-on = "warning"\n[rules.OR001]\nseverity = "error"\n')
    rec = tmp_path / "r.md"
    rec.write_bytes(SEED_STRING_ORGANISMS.read_bytes())
    rc, out, _ = _cfg_run(capsys, tmp_path, "r.md", "--select", "OR001")
    assert rc == 1 and "[error]" in out  # severity override from the config
    rc, out, _ = _cfg_run(capsys, tmp_path, "r.md", "--select", "OR001", "--fail-on", "never")
    assert rc == 0  # the flag wins over the file


@pytest.mark.parametrize("toml,needle", [
    ('selekt = ["OR"]\n', "unknown configuration key 'selekt'"),
    ('fail-on = "sometimes"\n', "'fail-on' must be one of"),
    ('[rules.OR001]\nseverity = "fatal"\n', "unknown severity 'fatal'"),
    ('[rules.OR001]\nmax = 3\n', "unknown option 'max' for OR001"),
    ('[rules.NOPE]\nseverity = "info"\n', "[rules.NOPE]: no rule has that code or name"),
    ('select = 3\n', "'select' must be a list of strings"),
    ('this is not toml', "cannot read configuration"),
])
def test_config_errors_exit_2(capsys, tmp_path, toml, needle):
    (tmp_path / ".pfocr-lint.toml").write_text(toml)
    (tmp_path / "r.md").write_bytes(SEED_STRING_ORGANISMS.read_bytes())
    rc, _, err = _cfg_run(capsys, tmp_path, "r.md")
    assert rc == 2, err
    assert needle in err
    assert "Traceback" not in err


def test_per_file_ignores(capsys, tmp_path):
    (tmp_path / ".pfocr-lint.toml").write_text('[per-file-ignores]\n"legacy/*" = ["OR001"]\n')
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "r.md").write_bytes(SEED_STRING_ORGANISMS.read_bytes())
    (tmp_path / "r.md").write_bytes(SEED_STRING_ORGANISMS.read_bytes())
    rc, out, _ = _cfg_run(capsys, tmp_path, ".", "--select", "OR001", "--format", "json")
    assert [Path(f["path"]).as_posix() for f in json.loads(out)["findings"]] == ["r.md"]


def test_rule_option_validated_generically(capsys, tmp_path):
    from pfocr_lint import registry

    with_opts = [c for c in registry.all_rules() if c.options]
    if not with_opts:
        pytest.skip("no rule declares options yet")
    cls = with_opts[0]
    name, opt = next(iter(cls.options.items()))
    bad = '"not a number"' if opt.type in (int, float) else "12345"
    (tmp_path / ".pfocr-lint.toml").write_text(f"[rules.{cls.code}]\n{name.replace('_', '-')} = {bad}\n")
    (tmp_path / "r.md").write_bytes(SEED_STRING_ORGANISMS.read_bytes())
    rc, _, err = _cfg_run(capsys, tmp_path, "r.md")
    assert rc == 2 and "must be" in err


def test_inline_suppressions(capsys, tmp_path):
    text = SEED_STRING_ORGANISMS.read_text()
    rec = tmp_path / "r.md"
    rec.write_text(text.replace("organisms: Homo sapiens\n", "organisms: Homo sapiens  # pfocr-lint: disable=organisms-string\n"))
    rc, out, _ = run(capsys, str(rec), "--select", "OR001", "--format", "json")
    assert json.loads(out)["findings"] == []  # silenced by an alias of OR001 on its line
    rec.write_text(text.replace("organisms: Homo sapiens\n", "organisms: Homo sapiens  # pfocr-lint: disable=NA001\n"))
    rc, out, _ = run(capsys, str(rec), "--select", "OR001", "--format", "json")
    assert len(json.loads(out)["findings"]) == 1  # another rule's suppression does not apply
    rec.write_text(text.replace("figid:", "# pfocr-lint: disable-file=OR\nfigid:", 1))
    rc, out, _ = run(capsys, str(rec), "--select", "OR001", "--format", "json")
    assert json.loads(out)["findings"] == []
