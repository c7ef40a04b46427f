"""Rule discovery (built-in and entry points), crashing rules, parallel runs, fixes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from pfocr_lint import registry
from pfocr_lint.config import Config
from pfocr_lint.engine import Linter, iter_results
from pfocr_lint.findings import Edit, Finding, Fix, Severity
from pfocr_lint.fixer import Fixer
from pfocr_lint.rule import Rule
from tests.helpers import REPO, SEEDS

SEED_STRING_ORGANISMS = SEEDS / "PMC6676106__CAS-110-2421-g006.md"


def test_builtin_rules_are_discovered_not_named():
    codes = {c.code for c in registry.all_rules()}
    assert "OR001" in codes and "IO013" in codes
    engine_src = "".join((REPO / "linter" / name).read_text() for name in ("engine.py", "registry.py", "cli.py", "commands.py"))
    assert "OR001" not in engine_src and "rules.organisms" not in engine_src


def test_codes_and_names_unique_and_well_formed():
    import re

    seen = set()
    for cls in registry.all_rules():
        assert re.fullmatch(r"[A-Z]{2}\d{3}", cls.code), cls.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cls.name), cls.name
        for n in cls.all_names():
            assert n not in seen, f"{n} used twice"
            seen.add(n)
        assert isinstance(cls.severity, Severity)


PACK = '''
from pfocr_lint.findings import Severity
from pfocr_lint.rule import Rule


class TitleShout(Rule):
    """Figure titles in capitals.

    What it does:
        Reports a figtitle written in capitals.
    Why this matters:
        It shouts.
    Example:
        ```yaml
        figtitle: LOUD
        ```
    Curation action:
        Write it in sentence case.
    Fix safety:
        Not fixable automatically.
    """

    code, name, severity = "ZZ001", "title-shout", Severity.ERROR

    def check(self, record, ctx):
        title = record.data.get("figtitle")
        if isinstance(title, str) and title.isupper():
            yield self.finding(record, ("figtitle",), f"figtitle {title!r} is in capitals",
                               suggestion="Write it in sentence case.")


class Crashes(Rule):
    """Always crashes.

    What it does:
        Raises.
    Why this matters:
        It tests the engine.
    Curation action:
        None.
    Fix safety:
        Not fixable automatically.
    """

    code, name, severity = "ZZ002", "always-crashes", Severity.WARNING

    def check(self, record, ctx):
        raise ValueError("boom")
'''


def _install_pack(tmp_path: Path) -> dict:
    """A tiny rule pack, installed the way pip installs one: a module plus a
    dist-info folder whose entry_points.txt names it in pfocr_lint.rules."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "zz_rules.py").write_text(textwrap.dedent(PACK))
    dist = site / "zz_rules-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: zz-rules\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[pfocr_lint.rules]\nzz = zz_rules\n")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def test_entry_point_rule_pack(tmp_path):
    env = _install_pack(tmp_path)
    rec = tmp_path / "r.md"
    rec.write_text("---\nfigid: PMC1__a\nfigtitle: LOUD TITLE\n---\n")
    listing = subprocess.run([sys.executable, "-m", "pfocr_lint", "rules"], env=env, capture_output=True, text=True)
    assert "ZZ001" in listing.stdout and "title-shout" in listing.stdout
    res = subprocess.run([sys.executable, "-m", "pfocr_lint", "--isolated", str(rec), "--select", "ZZ",
                          "--format", "json"], env=env, capture_output=True, text=True)
    doc = json.loads(res.stdout)
    codes = sorted(f["code"] for f in doc["findings"])
    # the crashing rule becomes an IO099 finding; the other rule still ran
    assert codes == ["IO099", "ZZ001"], res.stderr
    crash = [f for f in doc["findings"] if f["code"] == "IO099"][0]
    assert "ZZ002" in crash["message"] and "boom" in crash["message"]
    assert "Traceback" not in res.stdout + res.stderr
    assert res.returncode == 1


def test_broken_rule_pack_is_a_usage_error(tmp_path):
    env = _install_pack(tmp_path)
    (tmp_path / "site" / "zz_rules.py").write_text("raise ImportError('missing dependency')\n")
    res = subprocess.run([sys.executable, "-m", "pfocr_lint", "--isolated", str(SEED_STRING_ORGANISMS)],
                         env=env, capture_output=True, text=True)
    assert res.returncode == 2
    assert "rule pack 'zz'" in res.stderr and "Traceback" not in res.stderr


def _all_findings(paths, jobs):
    cfg = Config()
    linter = Linter(cfg, registry.select(None, None))
    from pfocr_lint.discover import discover

    files = list(discover([str(p) for p in paths], cfg.include, cfg.exclude))
    return [f.as_dict() for r in iter_results(linter, files, jobs=jobs, chunk_size=2) for f in r.findings]


def test_parallel_results_identical_to_serial():
    serial = _all_findings([SEEDS, REPO / "tests" / "fixtures"], jobs=1)
    parallel = _all_findings([SEEDS, REPO / "tests" / "fixtures"], jobs=2)
    assert serial == parallel and serial


# -- fixes -------------------------------------------------------------------

def test_fix_writes_atomically_and_rechecks(tmp_path):
    from pfocr_lint.cli import main

    rec = tmp_path / "r.md"
    rec.write_bytes(SEED_STRING_ORGANISMS.read_bytes())
    rec.chmod(0o640)
    before_inode = rec.stat().st_ino
    assert main(["--isolated", str(rec), "--select", "OR001", "--fix"]) == 0
    text = rec.read_text()
    assert "organisms:\n- Homo sapiens\n" in text
    assert oct(rec.stat().st_mode & 0o777) == "0o640"
    assert rec.stat().st_ino != before_inode  # replaced by rename, not rewritten in place
    assert not list(tmp_path.glob(".*.tmp"))
    # nothing else changed
    orig = SEED_STRING_ORGANISMS.read_text().replace("organisms: Homo sapiens\n", "organisms:\n- Homo sapiens\n")
    assert text == orig


def test_fix_preserves_crlf_and_bom_unless_their_rules_fire(tmp_path):
    from pfocr_lint.cli import main

    rec = tmp_path / "r.md"
    rec.write_bytes(b"\xef\xbb\xbf" + SEED_STRING_ORGANISMS.read_bytes().replace(b"\n", b"\r\n"))
    main(["--isolated", str(rec), "--select", "OR001", "--fix"])
    raw = rec.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"organisms:\r\n- Homo sapiens\r\n" in raw
    main(["--isolated", str(rec), "--select", "OR001,IO004,IO006", "--fix"])
    raw = rec.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw


class _LyingRule(Rule):
    """A rule whose fix would change more than it promises.

    What it does:
        Tests the fixer.
    Why this matters:
        Fixes must never lose data.
    Curation action:
        None.
    Fix safety:
        Safe (it claims).
    """

    code, name = "ZZ900", "lying-fix"


def test_fix_refused_when_the_result_differs(tmp_path):
    rec = tmp_path / "r.md"
    original = SEED_STRING_ORGANISMS.read_bytes()
    rec.write_bytes(original)
    from pfocr_lint.parse import read_and_parse

    record, _ = read_and_parse(str(rec), rec)
    start, end = record.span(("pmcid",))
    # promises to change organisms, actually rewrites pmcid
    fix = Fix("lie", (Edit(start, end, "PMC999"),), "safe", ((("organisms",), ["Homo sapiens"]),))
    finding = Finding(str(rec), 1, 1, "ZZ900", "lying-fix", Severity.WARNING, "m", fix=fix)
    from pfocr_lint.engine import FileResult

    fixer = Fixer()
    remaining = fixer.apply(FileResult(str(rec), [finding], {}, record.text), None)
    refusal = [f for f in remaining if f.code == "IO014"]
    assert [f for f in remaining if f.code != "IO014"] == [finding]
    assert len(refusal) == 1 and "fixes not applied" in refusal[0].message
    assert "ZZ900" in refusal[0].message  # names the fix that would not read back
    assert rec.read_bytes() == original
    assert fixer.fixed == 0


def test_fix_reports_only_what_remains_after_fixing(tmp_path, capsys):
    """A fix that resolves several findings at once (delete all repeats of a
    keyword) must not leave the other findings of its group in the report:
    the fixer re-lints the written file."""
    from pfocr_lint.cli import main
    from tests.helpers import clean_record, dump_record

    data = clean_record("newer")
    data["schema-jsonld"]["keywords"] = ["TP53", "MDM2", "TP53", "TP53", "Cisplatin", "breast cancer"]
    rec = tmp_path / f"{data['figid']}.md"
    rec.write_text(dump_record(data))
    main(["--isolated", str(rec), "--select", "KW004", "--format", "json"])
    before = json.loads(capsys.readouterr().out)["findings"]
    assert [f["code"] for f in before] and all(f["code"] == "KW004" for f in before)
    main(["--isolated", str(rec), "--select", "KW004", "--fix", "--format", "json"])
    after = json.loads(capsys.readouterr().out)
    assert after["findings"] == [] and after["summary"]["fixed"] >= 1
    assert "- TP53\n  - MDM2\n  - Cisplatin\n" in rec.read_text()


def test_a_run_collects_cycles_less_often_and_restores_the_gc_threshold():
    import gc

    before = gc.get_threshold()
    linter = Linter(Config(), registry.select(None, None))
    files = [(str(p), p) for p in sorted(SEEDS.glob("*.md"))]
    during = []
    results = []
    for result in iter_results(linter, files, jobs=1):
        during.append(gc.get_threshold())
        results.append(result)
    assert len(results) == len(files) and all(r.findings for r in results)
    assert all(t[0] >= 20_000 for t in during)
    assert gc.get_threshold() == before
