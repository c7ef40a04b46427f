"""CI outputs that fit (issue 14, part 4): --report-level, end positions in
annotations, SARIF helpUri and GitHub's upload limits, info findings in
JUnit, --statistics as a table."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
import yaml

from pfocr_lint.cli import main
from pfocr_lint.config import Config
from pfocr_lint.reporters.docs_url import base_from_direct_url, docs_base, rule_help_uri
from pfocr_lint.reporters.sarif_limits import (MAX_GZIP_BYTES, MAX_RESULTS, GzipMeter, advice,
                                               over_limits)
from tests.curation_trees import CLEAN_TABLES, GENES_HEADER, gene, make_repo
from tests.helpers import REPO, SEEDS, clean_record

SCHEMA = REPO / "tests" / "fixtures" / "sarif-schema-2.1.0.json"


def run(capsys, *argv):
    rc = main(["check", "--isolated", *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def run_json(capsys, tmp_path, *argv):
    target = tmp_path / "out.json"
    rc, out, err = run(capsys, *argv, "--format", f"json={target}")
    return rc, json.loads(target.read_text(encoding="utf-8")), out, err


# -- end positions -----------------------------------------------------------------

def test_findings_on_a_value_end_where_the_value_ends(capsys, tmp_path):
    _, doc, _, _ = run_json(capsys, tmp_path, "--exit-zero", str(SEEDS))
    with_end = [f for f in doc["findings"] if "end_line" in f]
    assert with_end, "findings on scalar values carry their end"
    inside = 0
    for f in with_end:
        lines = Path(f["path"]).read_text(encoding="utf-8").split("\n")
        assert (f["end_line"], f["end_column"]) > (f["line"], f["column"])
        # the end is just after the value: the character before it is the value's last
        last = lines[f["end_line"] - 1][:f["end_column"] - 1]
        assert last and not last[-1].isspace(), f
        value = _value_at(f)
        if f["end_line"] == f["line"] and isinstance(value, str) and value:
            # key (or list item) to the value's end: the value is inside
            assert value in lines[f["line"] - 1][f["column"] - 1:f["end_column"] - 1], f
            inside += 1
    assert inside >= 10
    # publisher_name: 'Multidisciplinary Digital Publishing Institute  (MDPI)', 70 characters on line 29
    (na005,) = [f for f in doc["findings"] if f["code"] == "NA005"]
    assert (na005["line"], na005["column"], na005["end_line"], na005["end_column"]) == (29, 1, 29, 71)
    # a finding about a list (organisms: [NA]) has no end: a block list ends at the next key
    assert all("end_line" not in f for f in doc["findings"] if f["code"] == "OR002")


def _value_at(f):
    """The value at a finding's field (``a.b[3].c``) in its file's front matter."""
    if not f["field"] or not f["path"].endswith(".md"):
        return None
    cur = yaml.safe_load(Path(f["path"]).read_text(encoding="utf-8").split("---\n")[1])
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", f["field"]):
        try:
            cur = cur[int(index)] if index else cur[name]
        except (KeyError, IndexError, TypeError):
            return None
    return cur


def _record_with_long_description(tmp_path) -> Path:
    data = clean_record("newer")
    data["caption"] += " It also shows the longer text that the description lacks."
    path = tmp_path / "rec.md"
    path.write_text("---\n" + yaml.safe_dump(data, sort_keys=False, width=80) + "---\n", encoding="utf-8")
    return path


def test_github_annotations_carry_the_end(capsys, tmp_path):
    rc, out, _ = run(capsys, "--exit-zero", "--format", "github", str(SEEDS / "PMC11987792__cancers-17-01167-g005.md"))
    assert ",line=29,col=1,endLine=29,endColumn=71,title=NA005 " in out
    # a span over two lines: lines only (the runner drops columns there)
    rec = _record_with_long_description(tmp_path)
    rc, out, _ = run(capsys, "--exit-zero", "--select", "ID008", "--format", "github", str(rec))
    lines = rec.read_text(encoding="utf-8").split("\n")
    start = next(i for i, ln in enumerate(lines, 1) if ln.strip().startswith("description:"))
    assert lines[start].startswith("    ")   # the value continues on the next line
    assert f",line={start},endLine={start + 1},title=ID008 " in out


def test_sarif_regions_carry_the_end(capsys, tmp_path):
    rec = _record_with_long_description(tmp_path)
    target = tmp_path / "r.sarif"
    run(capsys, "--exit-zero", "--select", "ID008", "--format", f"sarif={target}", str(rec))
    (res,) = json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"]
    region = res["locations"][0]["physicalLocation"]["region"]
    assert region["endLine"] == region["startLine"] + 1 and region["endColumn"] > 1


# -- --report-level ------------------------------------------------------------------

def test_report_level_filters_every_report_but_not_the_exit_code(capsys, tmp_path):
    _, full, _, _ = run_json(capsys, tmp_path, "--exit-zero", str(SEEDS))
    sev = full["summary"]["by_severity"]
    assert sev["error"] and sev["warning"] and sev["info"]
    formats = {fmt: tmp_path / f"r.{fmt}" for fmt in ("json", "sarif", "junit", "github", "tsv", "markdown", "html")}
    rc, out, err = run(capsys, "--report-level", "error", "--fail-on", "warning", str(SEEDS),
                       *[a for fmt, p in formats.items() for a in ("--format", f"{fmt}={p}")],
                       "--format", "text")
    doc = json.loads(formats["json"].read_text(encoding="utf-8"))
    assert {f["severity"] for f in doc["findings"]} == {"error"}
    assert doc["summary"]["findings"] == sev["error"]
    assert doc["summary"]["below_report_level"] == {"error": 0, "warning": sev["warning"], "info": sev["info"]}
    sarif = json.loads(formats["sarif"].read_text(encoding="utf-8"))
    assert {r["level"] for r in sarif["runs"][0]["results"]} == {"error"}
    junit = ET.fromstring(formats["junit"].read_text(encoding="utf-8"))
    assert len(junit.findall("./testsuite/testcase/failure")) == sev["error"]
    assert not junit.findall("./testsuite/testcase/system-out")
    assert formats["github"].read_text(encoding="utf-8").count("::warning file=") == 0
    assert len(formats["tsv"].read_text(encoding="utf-8").splitlines()) == 1 + sev["error"]
    assert f"{sev['warning'] + sev['info']} not reported (below --report-level error" \
        in formats["markdown"].read_text(encoding="utf-8")
    html = formats["html"].read_text(encoding="utf-8")
    assert f'<p class="muted" id="not-reported">{sev["warning"] + sev["info"]} not reported' in html
    assert "[warning]" not in out and "[info]" not in out
    assert (f"{sev['warning'] + sev['info']} not reported (below --report-level error: "
            f"{sev['warning']} warnings, {sev['info']} info)") in out
    # the hidden warnings still reach --fail-on warning, and stderr says so
    assert rc == 1
    assert (f"{sev['warning']} findings below --report-level error ({sev['warning']} warnings) "
            "reached --fail-on warning; --report-level warning reports them") in err


def test_hidden_findings_alone_failing_the_run_are_named(capsys):
    # NA005 and GR001 are info: at --report-level warning the report is empty
    rc, out, err = run(capsys, "--select", "NA005,GR001", "--report-level", "warning", "--fail-on", "info",
                       str(SEEDS))
    assert rc == 1
    assert "[info]" not in out and "5 files checked: no findings, 11 not reported" in out
    assert "11 findings below --report-level warning (11 info) reached --fail-on info and fail this run, " \
           "though no reported finding does" in err
    # at the default --fail-on error nothing hidden matters: no note
    rc, _, err = run(capsys, "--select", "NA005,GR001", "--report-level", "warning", str(SEEDS))
    assert rc == 0 and err == ""


def test_report_level_from_the_configuration(capsys, tmp_path):
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text('[tool.pfocr-lint]\nreport-level = "error"\n', encoding="utf-8")
    rc = main(["check", "--config", str(cfg), "--exit-zero", str(SEEDS)])
    out = capsys.readouterr().out
    assert rc == 0 and "[error]" in out and "[warning]" not in out
    # the flag wins over the file
    main(["check", "--config", str(cfg), "--exit-zero", "--report-level", "info", str(SEEDS)])
    assert "[info]" in capsys.readouterr().out
    cfg.write_text('[tool.pfocr-lint]\nreport-level = "never"\n', encoding="utf-8")
    assert main(["check", "--config", str(cfg), str(SEEDS)]) == 2
    assert "'report-level' must be one of error, warning, info; got 'never'" in capsys.readouterr().err


def test_a_baseline_records_findings_below_the_report_level_too(capsys, tmp_path):
    _, full, _, _ = run_json(capsys, tmp_path, "--exit-zero", str(SEEDS))
    base = tmp_path / "b.json"
    _, _, err = run(capsys, "--exit-zero", "--report-level", "error", "--write-baseline", str(base), str(SEEDS))
    assert f"({full['summary']['findings']} findings) to {base}" in err
    rc, doc, _, _ = run_json(capsys, tmp_path, "--baseline", str(base), "--report-level", "info",
                             "--fail-on", "info", str(SEEDS))
    assert rc == 0 and doc["summary"]["findings"] == 0
    assert doc["summary"]["baselined"] == full["summary"]["findings"]


# -- SARIF helpUri --------------------------------------------------------------------

def test_help_uri_points_at_each_rules_section_in_docs(capsys, tmp_path):
    from jsonschema import Draft4Validator

    cfg = tmp_path / ".pfocr-lint.toml"
    cfg.write_text('docs-url = "https://github.com/OWNER/pfocr-lint/blob/v0.1.0/docs"\n', encoding="utf-8")
    target = tmp_path / "r.sarif"
    assert main(["check", "--config", str(cfg), "--exit-zero", "--format", f"sarif={target}", str(SEEDS)]) == 0
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert not list(Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).iter_errors(doc))
    headings = set(re.findall(r"^## ([A-Z]+\d+)$", (REPO / "docs" / "rules.md").read_text(encoding="utf-8"), re.M))
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) > 80
    for r in rules:
        assert r["helpUri"] == f"https://github.com/OWNER/pfocr-lint/blob/v0.1.0/docs/rules.md#{r['id'].lower()}"
        assert r["id"] in headings   # GitHub's anchor of '## AB001' is #ab001


def test_help_uri_from_a_pip_install_of_a_github_repository():
    commit = "0123456789abcdef0123456789abcdef01234567"
    vcs = {"url": "https://github.com/OWNER/pfocr-lint.git",
           "vcs_info": {"vcs": "git", "commit_id": commit, "requested_revision": "v0.1.0"}}
    assert base_from_direct_url(vcs) == f"https://github.com/OWNER/pfocr-lint/blob/{commit}/docs/"
    assert base_from_direct_url(dict(vcs, url="https://gitlab.com/OWNER/pfocr-lint")) is None
    assert base_from_direct_url(dict(vcs, url="git@github.com:OWNER/pfocr-lint")) is None
    assert base_from_direct_url({"url": "file:///work/pfocr-lint", "dir_info": {"editable": True}}) is None
    assert base_from_direct_url(None) is None
    # configured wins, with or without the trailing slash
    assert docs_base("https://example.org/docs") == "https://example.org/docs/"

    class PackRule:   # a rule pack's rule is not in docs/rules.md
        __module__ = "pfocr_lint_extra.rules"
        code = "XX001"
        help_uri = "https://example.org/xx001"
    assert rule_help_uri("https://example.org/docs/", PackRule) == "https://example.org/xx001"
    PackRule.help_uri = None
    assert rule_help_uri("https://example.org/docs/", PackRule) is None


def test_docs_url_must_be_a_web_address(capsys, tmp_path):
    cfg = tmp_path / ".pfocr-lint.toml"
    cfg.write_text('docs-url = "docs/rules.md"\n', encoding="utf-8")
    assert main(["check", "--config", str(cfg), str(SEEDS)]) == 2
    assert "'docs-url' must be an http(s) address" in capsys.readouterr().err


# -- SARIF upload limits ------------------------------------------------------------------

def test_the_meter_measures_what_gzip_makes_of_the_report():
    text = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    sink = []

    class Sink:
        def write(self, s):
            sink.append(s)
            return len(s)

    meter = GzipMeter(Sink())
    for i in range(0, len(text), 1000):   # written in pieces, as a reporter does
        meter.write(text[i:i + 1000])
    data = text.encode("utf-8")
    assert "".join(sink) == text and meter.raw_bytes == len(data)
    assert meter.gzip_bytes() == len(gzip.compress(data, compresslevel=6, mtime=0))


def test_the_limits_and_the_remedies():
    assert over_limits(MAX_RESULTS, MAX_GZIP_BYTES) == []
    (count,) = over_limits(MAX_RESULTS + 1, 100)
    assert "25,001 results" in count
    (size,) = over_limits(10, MAX_GZIP_BYTES + 1)
    assert "10.0 MB gzip-compressed" in size
    # 40,000 info findings on top of 20,000 warnings: --report-level warning fits
    msg = advice([count], "lint.sarif", {"error": 100, "warning": 20_000, "info": 40_000}, 3_000_000, "info", False)
    assert "the SARIF report lint.sarif has 25,001 results" in msg and "--baseline pfocr-baseline.json" in msg
    assert "--report-level warning" in msg and "(100 errors, 20,000 warnings, 40,000 info)" in msg
    # too many warnings for 'warning': 'error' is the level that fits
    msg = advice([count], "-", {"error": 100, "warning": 30_000, "info": 0}, 3_000_000, "info", True)
    assert "--report-level error" in msg and "--write-baseline" not in msg   # a baseline is in use already
    # even the errors alone are too many: say so instead
    msg = advice([count], "-", {"error": 30_000, "warning": 1, "info": 0}, 3_000_000, "warning", True)
    assert "--report-level error would still leave 30,000 errors" in msg


def test_a_sarif_report_over_the_limit_is_written_and_the_run_says_so(tmp_path, monkeypatch, capsys):
    """25,001 real findings (TB003: genes tables whose rows lack symbol and
    id, within max-table-rows, over ten records) in one SARIF report; then
    the same repository under a baseline fits."""
    per_table = Config().max_table_rows - 1
    left = MAX_RESULTS + 1
    for i in range(-(-left // per_table)):
        n = min(per_table, left)
        left -= n
        data = clean_record("newer")
        data["figid"] = f"PMC{1000 + i}__fig-{i}"
        rows = [gene(f"W{j}", "NA", "NA", "NA") for j in range(n)]
        make_repo(tmp_path, data, tables=dict(CLEAN_TABLES, genes=(GENES_HEADER, rows)))
    monkeypatch.chdir(tmp_path)
    args = ["check", "--isolated", "--select", "TB003", "--exit-zero", "-j", "1"]
    assert main([*args, "--format", "sarif=big.sarif", "_figures"]) == 0
    err = capsys.readouterr().err
    assert "the SARIF report big.sarif has 25,001 results (code scanning accepts at most 25,000 per run)" in err
    assert "--write-baseline pfocr-baseline.json" in err and "--report-level error" in err
    results = json.loads(Path("big.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert len(results) == MAX_RESULTS + 1   # written all the same

    assert main([*args, "--write-baseline", "pfocr-baseline.json", "_figures"]) == 0
    capsys.readouterr()
    assert main([*args, "--baseline", "pfocr-baseline.json", "--format", "sarif=small.sarif", "_figures"]) == 0
    assert "code scanning" not in capsys.readouterr().err
    assert json.loads(Path("small.sarif").read_text(encoding="utf-8"))["runs"][0]["results"] == []


# -- JUnit ------------------------------------------------------------------------------------

def test_junit_info_findings_pass(capsys, tmp_path):
    target = tmp_path / "r.xml"
    rc, _, _ = run(capsys, "--select", "NA005,GR001", "--fail-on", "info", "--format", f"junit={target}", str(SEEDS))
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    cases = root.findall("./testsuite/testcase")
    notes = root.findall("./testsuite/testcase/system-out")
    assert rc == 1 and len(notes) == 11   # --fail-on decides the exit code, not the JUnit report
    assert root.get("failures") == "0" and root.get("skipped") == "0" and int(root.get("tests")) == len(cases)
    assert all(s.get("failures") == "0" for s in root.findall("testsuite"))
    assert all(n.text.split(": ", 2)[1].split()[1] == "[info]" for n in notes)


# -- --statistics -----------------------------------------------------------------------------

def test_statistics_alone_prints_only_the_table(capsys, tmp_path):
    _, full, _, _ = run_json(capsys, tmp_path, "--exit-zero", str(SEEDS))
    rc, out, err = run(capsys, "--statistics", str(SEEDS))
    assert rc == 1   # the exit code is the run's, as without --statistics
    lines = out.splitlines()
    assert lines[0].split() == ["count", "code", "name", "fixable", "severity"]
    rows = {}
    for line in lines[1:]:
        m = re.match(r"^\s*(\d+)  (\S+)\s+(\S+)\s+(\d+(?: \+ \d+ unsafe)?|\d+ unsafe)\s+(error|warning|info)$", line)
        assert m, line
        rows[m.group(2)] = (int(m.group(1)), m.group(3), m.group(4), m.group(5))
    assert {code: r[0] for code, r in rows.items()} == full["summary"]["by_code"]
    counts = [r[0] for r in rows.values()]
    assert counts == sorted(counts, reverse=True)
    fixes = Counter((f["code"], f["fix"]["safety"]) for f in full["findings"] if "fix" in f)
    assert rows["ID003"] == (fixes["ID003", "safe"], "figlink-malformed", str(fixes["ID003", "safe"]), "error")
    assert rows["NA001"][2] == f"{fixes['NA001', 'unsafe']} unsafe"
    assert rows["SP002"][2] == "0"
    assert ".md:" not in out and "files checked" not in out and err == ""


def test_statistics_beside_reports(capsys, tmp_path):
    # a report on stdout stays valid: the table goes to stderr
    rc, out, err = run(capsys, "--statistics", "--exit-zero", "--format", "json", str(SEEDS))
    assert json.loads(out)["summary"]["findings"] > 0
    assert err.splitlines()[0].split() == ["count", "code", "name", "fixable", "severity"]
    # reports in files: the table on stdout, the reports written as asked
    rc, out, err = run(capsys, "--statistics", "--exit-zero", "--format", f"json={tmp_path / 'r.json'}",
                       "--format", "text", str(SEEDS))
    assert "files checked" in out and out.count("count  code") == 0 and "count  code" in err
    rc, out, err = run(capsys, "--statistics", "--exit-zero", "--format", f"json={tmp_path / 'r.json'}", str(SEEDS))
    assert out.splitlines()[0].split()[:2] == ["count", "code"] and err == ""
    # nothing found: says so
    rc, out, _ = run(capsys, "--statistics", "--select", "RP001", str(SEEDS))
    assert rc == 0 and out == "no findings\n"
